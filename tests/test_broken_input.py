"""Broken and hostile input in data files: one ``file:record: reason`` line each, never a
traceback, and everything valid is still served."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from builders import claim_record
from click.testing import CliRunner

from geo.atlas import load_atlas
from geo.cli import cli
from geo.layout import Layout
from geo.problems import Problem
from geo.sources import load_sources
from geo.values import date_problem, url_problem

SOURCE_ID = "sp_go_around_russia"
SOURCES = "seeds/sources.json"
CLAIMS = "data/claims/zz_test.json"
BROKEN = "data/features/zz_broken.geojson"
PIPELINES = "data/features/pipelines.geojson"


def _hits(result, prefix: str, phrase: str) -> list[str]:
    return [line for line in result.lines if line.startswith(prefix) and phrase in line]


def _assert_problem(result, prefix: str, phrase: str) -> None:
    assert _hits(result, prefix, phrase), (
        f"no line starting {prefix!r} with {phrase!r} in:\n" + "\n".join(result.lines)
    )


def _no_traceback(result) -> None:
    assert "Traceback" not in result.output


def _edit_json(path: Path, edit) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(edit(doc) or doc, ensure_ascii=False, indent=1), "utf-8")


def _edit_source(root: Path, **fields) -> None:
    def edit(records):
        next(r for r in records if r["id"] == SOURCE_ID).update(fields)

    _edit_json(root / SOURCES, edit)


def _edit_feature(root: Path, fid: str, edit) -> None:
    def apply(doc):
        edit(next(f for f in doc["features"] if f["properties"]["id"] == fid))

    _edit_json(root / PIPELINES, apply)


def _claim(root: Path, quote_of, **fields) -> dict:
    return claim_record(quote_of, root, **fields)


# --- values -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a",
        "http://example.org",
        "https://www.bp.com/en_az/x.html?q=1#f",
        "HTTPS://EXAMPLE.ORG/",
    ],
)
def test_good_urls_pass(url):
    assert url_problem(url) is None


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("javascript:alert(1)", "not http(s)"),
        ("JaVaScRiPt:alert(document.domain)", "not http(s)"),
        ("data:text/html,<script>alert(1)</script>", "not http(s)"),
        ("file:///etc/passwd", "not http(s)"),
        ("https://example.org/a\n", "whitespace or a control character"),
        ("https://exa mple.org/", "whitespace or a control character"),
        ("https://example.org/\u202egnp.exe", "whitespace or a control character"),
        ("https://", "no host"),
        ("https:///path", "no host"),
        ("//example.org/a", "not http(s)"),
        ("https://[::1/", "malformed"),
        ("", "non-empty string"),
        (None, "non-empty string"),
        (42, "non-empty string"),
    ],
)
def test_bad_urls_are_refused_with_a_reason(url, phrase):
    reason = url_problem(url)
    assert reason and phrase in reason


@pytest.mark.parametrize("date", ["2025", "2025-02", "2024-02-29", "2025-12-31"])
def test_real_dates_pass(date):
    assert date_problem(date) is None


@pytest.mark.parametrize(
    ("date", "phrase"),
    [
        ("2025-02-30", "not on the calendar"),
        ("2023-02-29", "not on the calendar"),
        ("2025-13", "no month 13"),
        ("2025-00-10", "no month 00"),
        ("2025-1-5", "not YYYY"),
        ("21 Oct 2025", "not YYYY"),
        ("2025-10-21\n", "not YYYY"),
    ],
)
def test_impossible_dates_are_refused(date, phrase):
    reason = date_problem(date)
    assert reason and phrase in reason


def test_a_problem_is_always_one_line():
    line = str(Problem("data/x.json", "evil\nid", "reason\r\nwith\u2028breaks"))
    assert "\n" not in line and "\r" not in line and "\u2028" not in line
    assert line == "data/x.json:evil\\nid: reason\\r\\nwith\\u2028breaks"


# --- the root itself --------------------------------------------------------------------------


def _invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("command", [["check"], ["export-data", "--out", "OUT"]])
def test_root_that_is_a_file_is_one_line_error(tmp_path, command):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    args = [str(tmp_path / "out") if a == "OUT" else a for a in command]
    result = _invoke(*args, "--root", a_file)
    assert result.exit_code == 2
    _no_traceback(result)
    assert "is not a folder" in result.output


def test_empty_root_is_one_line_error(tmp_path):
    result = _invoke("check", "--root", tmp_path)
    assert result.exit_code == 2
    _no_traceback(result)
    assert "has neither data/ nor seeds/" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder whatever its mode")
def test_unreadable_root_is_one_line_error(tmp_path):
    root = tmp_path / "locked"
    (root / "data").mkdir(parents=True)
    root.chmod(0)
    try:
        result = _invoke("check", "--root", root)
    finally:
        root.chmod(0o755)
    assert result.exit_code == 2
    assert "cannot be read" in result.output


def test_root_with_empty_data_folders_reports_each_missing_file(tmp_path, check):
    (tmp_path / "data").mkdir()
    (tmp_path / "seeds").mkdir()
    result = check(tmp_path)
    assert result.exit_code == 1
    for prefix, phrase in [
        ("data/countries.json:-: ", "missing"),
        ("data/features:-: ", "no .geojson files"),
        ("data/claims:-: ", "missing: no claims folder"),
        ("seeds/sources.json:-: ", "missing: no article metadata"),
    ]:
        _assert_problem(result, prefix, phrase)
    assert (result.features, result.claims, result.sources) == (0, 0, 0)


def test_missing_claims_folder_is_a_problem_not_silence(mini_root, mini_baseline, check):
    for path in (mini_root / "data" / "claims").iterdir():
        path.unlink()
    (mini_root / "data" / "claims").rmdir()
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, "data/claims:-: ", "missing: no claims folder")
    assert result.claims == 0
    assert result.features == mini_baseline.features


# --- countries.json ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "phrase"),
    [
        (None, "missing"),
        ("{not json", "not valid JSON"),
        ('{"region_bbox": [92, 28, 8, 58]}', "region_bbox"),
        ('{"region_bbox": "everywhere"}', "region_bbox"),
        ("[]", "must be a JSON object"),
    ],
)
def test_broken_countries_file_is_reported_and_the_rest_still_loads(
    mini_root, mini_baseline, check, content, phrase
):
    path = mini_root / "data" / "countries.json"
    if content is None:
        path.unlink()
    else:
        path.write_text(content, "utf-8")
    result = check(mini_root)
    assert result.exit_code == 1
    _no_traceback(result)
    _assert_problem(result, "data/countries.json:-: ", phrase)
    assert "using the default region box" in result.output
    assert result.features == mini_baseline.features
    assert result.claims == mini_baseline.claims


# --- files that cannot be read ----------------------------------------------------------------


@pytest.mark.parametrize(
    "rel", ["data/claims/zz_dir.json", "data/features/zz_dir.geojson", "data/places.json"]
)
def test_folder_where_a_file_is_expected_is_reported(mini_root, mini_baseline, check, rel):
    path = mini_root / rel
    if path.exists():
        path.unlink()
    path.mkdir()
    result = check(mini_root)
    assert result.exit_code == 1
    _no_traceback(result)
    _assert_problem(result, f"{rel}:-: ", "cannot be read")


def test_article_that_is_a_folder_drops_only_that_source(mini_root, mini_baseline):
    record = next(
        r for r in json.loads((mini_root / SOURCES).read_text("utf-8")) if r["id"] == SOURCE_ID
    )
    article = mini_root / record["file"]
    article.unlink()
    article.mkdir()
    sources, problems = load_sources(Layout(mini_root))
    assert SOURCE_ID not in sources
    assert len(sources) == mini_baseline.sources - 1
    assert [str(p) for p in problems] == [
        f"{SOURCES}:{SOURCE_ID}: article file {record['file']} does not exist"
    ]


# --- seeds/sources.json -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "file",
    ["../../../etc/hostname", "/etc/hostname", "seeds/../data/countries.json", "data/aliases.json"],
)
def test_article_path_outside_seeds_is_refused(mini_root, mini_baseline, file):
    _edit_source(mini_root, file=file, sha256=None)
    sources, problems = load_sources(Layout(mini_root))
    assert SOURCE_ID not in sources
    assert len(sources) == mini_baseline.sources - 1
    assert [str(p) for p in problems] == [
        f"{SOURCES}:{SOURCE_ID}: article file {file!r} is outside seeds/; refused"
    ]


def test_article_symlink_leading_out_of_seeds_is_refused(mini_root):
    link = mini_root / "seeds" / "zz_link.txt"
    link.symlink_to(mini_root / "data" / "aliases.json")
    _edit_source(mini_root, file="seeds/zz_link.txt", sha256=None)
    sources, problems = load_sources(Layout(mini_root))
    assert SOURCE_ID not in sources
    assert "is outside seeds/; refused" in str(problems[0])


@pytest.mark.parametrize(
    ("url", "phrase"),
    [
        ("javascript:alert(document.domain)", "is not http(s)"),
        ("data:text/html;base64,PHNjcmlwdD4=", "is not http(s)"),
        ("https://example.org/article\n", "whitespace or a control character"),
    ],
)
def test_source_url_that_is_not_a_web_link_is_dropped_and_reported(mini_root, url, phrase):
    _edit_source(mini_root, url=url)
    sources, problems = load_sources(Layout(mini_root))
    assert sources[SOURCE_ID].url is None
    assert sources[SOURCE_ID].title  # the article and its other metadata are still served
    (problem,) = problems
    assert str(problem).startswith(f"{SOURCES}:{SOURCE_ID}: url ")
    assert phrase in problem.reason and "url dropped" in problem.reason
    assert problem.skipped is False


def test_impossible_source_date_is_dropped_and_reported(mini_root):
    _edit_source(mini_root, date="2025-02-30")
    sources, problems = load_sources(Layout(mini_root))
    assert sources[SOURCE_ID].date is None
    assert "not on the calendar" in problems[0].reason


@pytest.mark.parametrize(
    ("fields", "phrase"),
    [
        ({"title": 5}, "metadata fields must be text or null: title"),
        ({"publisher": ["a"]}, "metadata fields must be text or null: publisher"),
        ({"id": 7}, "needs an id and a file"),
        ({"file": None}, "needs an id and a file"),
    ],
)
def test_source_metadata_of_the_wrong_type_is_reported(mini_root, mini_baseline, fields, phrase):
    _edit_source(mini_root, **fields)
    sources, problems = load_sources(Layout(mini_root))
    assert len(sources) == mini_baseline.sources - 1
    assert any(phrase in p.reason for p in problems), problems


def test_missing_metadata_field_is_reported(mini_root, mini_baseline):
    def drop_author(records):
        del next(r for r in records if r["id"] == SOURCE_ID)["author"]

    _edit_json(mini_root / SOURCES, drop_author)
    sources, problems = load_sources(Layout(mini_root))
    assert len(sources) == mini_baseline.sources - 1
    assert [str(p) for p in problems] == [
        f"{SOURCES}:{SOURCE_ID}: metadata fields absent (write null if unknown): author"
    ]


def test_duplicate_source_id_keeps_the_first(mini_root, mini_baseline):
    def duplicate(records):
        records.append(dict(next(r for r in records if r["id"] == SOURCE_ID)))

    _edit_json(mini_root / SOURCES, duplicate)
    sources, problems = load_sources(Layout(mini_root))
    assert len(sources) == mini_baseline.sources
    assert [str(p) for p in problems] == [f"{SOURCES}:{SOURCE_ID}: duplicate source id"]


# --- features ---------------------------------------------------------------------------------


def _swap_coordinates(feature: dict) -> None:
    feature["geometry"]["coordinates"] = [
        [lat, lon] for lon, lat in feature["geometry"]["coordinates"]
    ]


def test_btc_drawn_lat_lon_is_caught(mini_root, check):
    """Swapped, BTC stays inside the region box and would 'cross' Russia, Ukraine and Syria."""
    _edit_feature(mini_root, "btc_pipeline", _swap_coordinates)
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{PIPELINES}:btc_pipeline: ", "lon/lat swapped")
    atlas_ids = set(load_atlas(Layout(mini_root)).features["id"])
    assert "btc_pipeline" not in atlas_ids and "cpc_pipeline" in atlas_ids


def _line(make_line, fid, coords, geometry=None, **props):
    feature = make_line(fid, coords, **props)
    if geometry is not None:
        feature["geometry"] = geometry
    return feature


GOOD_LINE = [[49.87, 40.41], [48.64, 40.63], [46.93, 41.42]]


@pytest.mark.parametrize(
    ("geometry", "props", "phrase"),
    [
        ({"type": "LineString", "coordinates": "nope"}, {}, "geometry is not valid GeoJSON"),
        ({"type": "LineString", "coordinates": [[1]]}, {}, "geometry is not valid GeoJSON"),
        ({"type": "Hexagon", "coordinates": []}, {}, "geometry is not valid GeoJSON"),
        ({"type": "LineString", "coordinates": []}, {}, "geometry is empty"),
        (
            {"type": "Polygon", "coordinates": [[[49, 40], [50, 40], [50, 41], [49, 40]]]},
            {},
            "a pipeline must be a LineString or MultiLineString, not a Polygon",
        ),
        (
            {"type": "Point", "coordinates": [49.0, 40.0]},
            {"kind": "corridor"},
            "a corridor must be a LineString or MultiLineString, not a Point",
        ),
        (
            {
                "type": "LineString",
                "coordinates": [[49.0, 40.0], [49.5, 40.5], [49.5, 40.0], [49.0, 40.5]],
            },
            {},
            "line intersects itself",
        ),
        (
            {"type": "LineString", "coordinates": [[49.0, 40.0], [49.0, 40.0]]},
            {},
            "geometry is not valid",
        ),
        (
            {"type": "LineString", "coordinates": [[49.0, 40.0], [249.0, 40.0]]},
            {},
            "coordinates out of range",
        ),
        (
            {"type": "LineString", "coordinates": [[49.0, 40.0], [49.0, 95.0]]},
            {},
            "coordinates out of range",
        ),
        (
            {"type": "LineString", "coordinates": [[49.0, 40.0], [49.1, float("nan")]]},
            {},
            "coordinates must be finite",
        ),
        (
            {"type": "LineString", "coordinates": [[40.41, 49.87], [40.63, 48.64], [41.42, 46.93]]},
            {
                "waypoints": [
                    {"name": n, "lon": x, "lat": y}
                    for n, (x, y) in zip("abc", GOOD_LINE, strict=True)
                ]
            },
            "lon/lat swapped: only 0 of its 3 waypoints lie on the line",
        ),
        (
            {"type": "LineString", "coordinates": [[-5.0, 42.0], [-5.0, 43.0]]},
            {},
            "geometry leaves the mapped region",
        ),
    ],
)
def test_broken_geometry_is_reported_and_the_rest_still_loads(
    mini_root, mini_baseline, check, add_features, make_line, make_point, geometry, props, phrase
):
    sibling = make_point("zz_sibling_port", 49.40817, 39.95281)
    broken = _line(make_line, "zz_bad_geometry", GOOD_LINE, geometry, **props)
    add_features(mini_root, "zz_broken.geojson", [sibling, broken])
    result = check(mini_root)
    assert result.exit_code == 1
    _no_traceback(result)
    _assert_problem(result, f"{BROKEN}:zz_bad_geometry: ", phrase)
    assert result.features == mini_baseline.features + 1


def test_point_outside_the_region_but_inside_once_swapped_says_swapped(
    mini_root, check, add_features, make_point
):
    add_features(mini_root, "zz_broken.geojson", [make_point("zz_aktau_swapped", 43.65, 51.17)])
    _edit_json(
        mini_root / BROKEN,
        lambda doc: doc["features"][0]["geometry"].update(coordinates=[43.65, 81.17]),
    )
    result = check(mini_root)
    _assert_problem(result, f"{BROKEN}:zz_aktau_swapped: ", "geometry leaves the mapped region")


@pytest.mark.parametrize(
    ("field", "value", "phrase"),
    [
        ("sources", [{"title": "x", "url": "javascript:alert(1)"}], "sources[0]: url"),
        ("sources", [{"title": "x", "url": "https://example.org/a\n"}], "control character"),
        (
            "published_length_source",
            {"title": "x", "url": "data:text/html,<b>x</b>"},
            "published_length_source: url",
        ),
        ("published_length_source", "https://example.org/", "must be {title, url}"),
    ],
)
def test_feature_with_a_hostile_url_is_left_out(
    mini_root, mini_baseline, check, add_features, make_line, field, value, phrase
):
    props = {field: value}
    if field == "published_length_source":
        props["published_length_km"] = 300
    add_features(mini_root, "zz_broken.geojson", [make_line("zz_url", GOOD_LINE, **props)])
    result = check(mini_root)
    _assert_problem(result, f"{BROKEN}:zz_url: ", phrase)
    assert result.features == mini_baseline.features


def test_place_with_a_javascript_source_url_is_left_out(mini_root, mini_baseline, check):
    def add(places):
        places.append(
            {
                "name": "Zz Hostile Town",
                "lon": 50.0,
                "lat": 40.0,
                "country": "AZE",
                "kind": "city",
                "sources": [{"title": "x", "url": "javascript:alert(1)"}],
            }
        )

    _edit_json(mini_root / "data" / "places.json", add)
    result = check(mini_root)
    _assert_problem(result, "data/places.json:Zz Hostile Town: ", "place source: url")


# --- claims -----------------------------------------------------------------------------------


def _write_claims(root: Path, claims) -> None:
    (root / CLAIMS).write_text(json.dumps(claims, ensure_ascii=False), "utf-8")


def test_flags_as_code_message_objects_are_read(mini_root, quote_of):
    flags = [{"code": "checked", "message": "against the operator's map"}, "plain: string"]
    _write_claims(mini_root, [_claim(mini_root, quote_of, flags=flags)])
    atlas = load_atlas(Layout(mini_root))
    assert not [p for p in atlas.problems if p.file == CLAIMS]
    claim = atlas.claims[atlas.claims["id"] == "zz_test-01"].iloc[0]
    assert claim["flags"][:2] == ["checked: against the operator's map", "plain: string"]


@pytest.mark.parametrize(
    ("flags", "phrase"),
    [
        (3, "flags must be a list"),
        ("a flag", "flags must be a list"),
        ([7], "flags[0] is not a string or {code, message}: 7; dropped"),
        ([{"message": "no code"}], "flags[0] is not a string"),
    ],
)
def test_flags_of_the_wrong_shape_are_reported_and_the_claim_kept(
    mini_root, mini_baseline, check, quote_of, flags, phrase
):
    _write_claims(mini_root, [_claim(mini_root, quote_of, flags=flags)])
    result = check(mini_root)
    assert result.exit_code == 1
    _no_traceback(result)
    _assert_problem(result, f"{CLAIMS}:zz_test-01: ", phrase)
    assert result.claims == mini_baseline.claims + 1


def test_claim_id_that_is_not_a_string_is_reported(mini_root, mini_baseline, check, quote_of):
    _write_claims(mini_root, [_claim(mini_root, quote_of, id=12)])
    result = check(mini_root)
    _assert_problem(result, f"{CLAIMS}:12: ", "id must be a string")
    assert result.claims == mini_baseline.claims


def test_stale_hidden_temp_files_are_ignored(mini_root, mini_baseline, check):
    (mini_root / "data" / "claims" / ".zz.json.add-article.tmp").write_text('[{"trunc', "utf-8")
    (mini_root / "data" / "claims" / ".zz_hidden.json").write_text("{", "utf-8")
    result = check(mini_root)
    assert result.lines == mini_baseline.lines
    assert result.claims == mini_baseline.claims


@pytest.mark.parametrize(
    ("props", "phrase"),
    [
        ({"corridor": ["middle_corridor"]}, "must be text or null: corridor"),
        ({"name": 12}, "must be text or null: name"),
        ({"sources": [{"title": {"a": 1}, "url": "https://example.org/"}]}, "title must be text"),
    ],
)
def test_feature_text_of_the_wrong_type_is_reported_not_a_crash(
    mini_root, mini_baseline, check, add_features, make_line, props, phrase
):
    add_features(mini_root, "zz_broken.geojson", [make_line("zz_typed", GOOD_LINE, **props)])
    result = check(mini_root)
    assert result.exit_code == 1
    _no_traceback(result)
    _assert_problem(result, f"{BROKEN}:zz_typed: ", phrase)
    assert result.features == mini_baseline.features


def test_source_provenance_and_notes_of_the_wrong_type_are_ignored(mini_root):
    _edit_source(mini_root, provenance="stated", notes="one note")
    sources, problems = load_sources(Layout(mini_root))
    assert sources[SOURCE_ID].provenance == {} and sources[SOURCE_ID].notes == ()
    assert problems == []
