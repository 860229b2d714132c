"""The ``corridors`` command line, driven through click's runner as a user would type it."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from pagedata import claim_ids, embedded_properties, feature_ids

from geo.cli import cli
from geo.layout import REPO_ROOT

LAYER_NAME = re.compile(r'"((?:Route (?:·|\\u00b7)|Claims)(?:[^"\\]|\\.)*)"\s*:')


def invoke(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def layers(page: str) -> set[str]:
    """Names of the route and claim layers in the layer control."""
    return {json.loads(f'"{name}"') for name in LAYER_NAME.findall(page)}


def route_layers(page: str) -> set[str]:
    return {name for name in layers(page) if name.startswith("Route")}


def export_html(tmp_path, *options, name="map.html") -> str:
    out = tmp_path / name
    result = invoke("export-html", "--out", out, *options)
    assert result.exit_code == 0, result.output
    assert str(out) in result.stdout
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def full_page(tmp_path_factory):
    return export_html(tmp_path_factory.mktemp("full"))


# --- check ------------------------------------------------------------------------------------


def test_check_exits_0_on_a_clean_root(clean_root):
    result = invoke("check", "--root", clean_root)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ""
    assert "2 features, 1 claims, 1 sources; 0 problems" in result.stderr


def test_check_exits_1_and_names_the_file_when_one_is_broken(clean_root):
    (clean_root / "data" / "features" / "broken.geojson").write_text("{nope", "utf-8")
    result = invoke("check", "--root", clean_root)
    assert result.exit_code == 1
    assert result.stdout.startswith("data/features/broken.geojson:-: not valid JSON")
    assert "2 features, 1 claims, 1 sources; 1 problems" in result.stderr


def test_check_on_mini_root_with_a_broken_claims_file_exits_1(mini_root, mini_baseline):
    (mini_root / "data" / "claims" / "zz.json").write_text("not json", "utf-8")
    result = invoke("check", "--root", mini_root)
    assert result.exit_code == 1
    assert any(
        line.startswith("data/claims/zz.json:-: not valid JSON")
        for line in result.stdout.splitlines()
    )
    assert len(result.stdout.splitlines()) == len(mini_baseline.lines) + 1


def test_root_option_reads_that_root_not_the_repository(clean_root, repo_atlas):
    result = invoke("check", "--root", clean_root)
    assert "2 features," in result.stderr
    assert f"{len(repo_atlas.features)} features," not in result.stderr


def test_root_that_does_not_exist_is_refused(tmp_path):
    result = invoke("check", "--root", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_check_help_describes_the_output():
    result = invoke("check", "--help")
    assert result.exit_code == 0
    assert "file:record: reason" in result.output
    assert "--root" in result.output


# --- export-data ------------------------------------------------------------------------------


def test_export_data_with_root_writes_that_roots_records(clean_root, tmp_path):
    out = tmp_path / "contract"
    result = invoke("export-data", "--out", out, "--root", clean_root)
    assert result.exit_code == 0, result.output
    features = json.loads((out / "features.geojson").read_text("utf-8"))
    assert sorted(f["properties"]["id"] for f in features["features"]) == [
        "clean_test_pipeline",
        "clean_test_port",
    ]
    claims = json.loads((out / "claims.geojson").read_text("utf-8"))
    assert [c["properties"]["id"] for c in claims["features"]] == ["clean-01"]


def test_export_data_reports_skipped_records_and_exports_the_rest(clean_root, tmp_path):
    claims_file = next((clean_root / "data" / "claims").glob("*.json"))
    records = json.loads(claims_file.read_text("utf-8"))
    records.append({**records[0], "id": "clean-02", "topic": "weather"})
    claims_file.write_text(json.dumps(records), "utf-8")
    out = tmp_path / "contract"
    result = invoke("export-data", "--out", out, "--root", clean_root)
    assert result.exit_code == 0
    assert "skipped data/claims/" in result.stderr
    assert "clean-02: topic 'weather'" in result.stderr
    claims = json.loads((out / "claims.geojson").read_text("utf-8"))
    assert [c["properties"]["id"] for c in claims["features"]] == ["clean-01"]


def test_export_data_requires_out():
    result = invoke("export-data")
    assert result.exit_code == 2
    assert "--out" in result.output


# --- export-html ------------------------------------------------------------------------------


def test_export_html_is_self_contained_by_default(full_page):
    assert "<script src=" not in full_page
    assert '<link rel="stylesheet" href=' not in full_page
    assert "L.map" in full_page and "AtlasMap" in full_page


def test_export_html_linked_links_its_assets(tmp_path, full_page):
    page = export_html(tmp_path, "--linked")
    assert "<script src=" in page
    assert '<link rel="stylesheet" href=' in page
    assert "Tiles · OpenStreetMap" in layers_and_tiles(page)
    assert route_layers(page) == route_layers(full_page)


def layers_and_tiles(page: str) -> str:
    return page.replace("\\u00b7", "·")


def test_export_html_self_contained_makes_no_request(tmp_path, full_page):
    page = export_html(tmp_path, "--self-contained")
    assert "<script src=" not in page
    assert '<link rel="stylesheet" href=' not in page
    # Leaflet itself is inlined, and the same layers are drawn as in the default page.
    assert "L.map" in page and "leaflet" in page.lower()
    assert route_layers(page) == route_layers(full_page)
    assert "Tiles · OpenStreetMap" not in layers_and_tiles(page)


def test_export_html_self_contained_can_still_offer_tiles(tmp_path):
    page = export_html(tmp_path, "--self-contained", "--tiles")
    assert "Tiles · OpenStreetMap" in layers_and_tiles(page)
    assert "<script src=" not in page


def test_export_html_no_tiles(tmp_path):
    page = export_html(tmp_path, "--linked", "--no-tiles")
    assert "Tiles · OpenStreetMap" not in layers_and_tiles(page)
    assert "<script src=" in page


def test_features_option_draws_only_that_route(tmp_path, full_page, repo_atlas):
    page = export_html(tmp_path, "--features", "btc_pipeline")
    btc_name = repo_atlas.catalog.get("btc_pipeline")["name"]
    drawn = route_layers(page)
    assert len(drawn) == 1
    (layer,) = drawn
    assert layer.startswith("Route") and btc_name.startswith(layer.split("· ", 1)[1])
    others = route_layers(full_page) - drawn
    assert len(others) >= 4
    for name in others:
        assert name not in layers_and_tiles(page)
    line_ids = feature_ids(page) - set(
        repo_atlas.features.loc[repo_atlas.features["kind"].isin(["port", "terminal"]), "id"]
    )
    assert line_ids == {"btc_pipeline"}


def test_features_option_keeps_only_claims_about_what_is_drawn(tmp_path, full_page, repo_atlas):
    page = export_html(tmp_path, "--features", "btc_pipeline")
    shown = claim_ids(page)
    features = repo_atlas.features
    ports = set(features.loc[features["kind"].isin(["port", "terminal"]), "id"])
    about = dict(zip(repo_atlas.claims["id"], repo_atlas.claims["feature_ids"], strict=True))
    # Ports and terminals stay on the map, so claims about them stay too; nothing else does.
    assert shown
    assert any("btc_pipeline" in about[cid] for cid in shown)
    assert all(set(about[cid]) & ({"btc_pipeline"} | ports) for cid in shown)
    hidden = {
        cid for cid in claim_ids(full_page) if not set(about[cid]) & ({"btc_pipeline"} | ports)
    }
    assert hidden and not hidden & shown


def test_topics_option_keeps_only_those_claims(tmp_path, full_page, repo_atlas):
    page = export_html(tmp_path, "--topics", "energy")
    # One clustered claim layer, coloured by topic; the filter decides what is in it.
    assert {name for name in layers(page) if name.startswith("Claims")} == {"Claims"}
    assert len({p["topic"] for p in embedded_properties(full_page, "claims")}) > 1
    assert {p["topic"] for p in embedded_properties(page, "claims")} == {"energy"}
    shown = claim_ids(page)
    topics = dict(zip(repo_atlas.claims["id"], repo_atlas.claims["topic"], strict=True))
    assert shown and {topics[cid] for cid in shown} == {"energy"}
    # Routes are not filtered by topic.
    assert route_layers(page) == route_layers(full_page)


def test_sources_option_keeps_only_that_articles_claims(tmp_path, full_page, repo_atlas):
    source_id = "astana_times_partnership"
    page = export_html(tmp_path, "--sources", source_id)
    shown = claim_ids(page)
    by_source = dict(zip(repo_atlas.claims["id"], repo_atlas.claims["source_id"], strict=True))
    assert shown and {by_source[cid] for cid in shown} == {source_id}
    assert len(shown) < len(claim_ids(full_page))
    publisher = repo_atlas.sources[source_id].publisher
    assert f"sources: {publisher}" in page  # named, not by internal id


def test_status_countries_and_search_options_narrow_the_map(tmp_path, repo_atlas):
    page = export_html(tmp_path, "--status", "proposed", name="status.html")
    statuses = dict(zip(repo_atlas.features["id"], repo_atlas.features["status"], strict=True))
    drawn = feature_ids(page)
    assert drawn and {statuses[fid] for fid in drawn} == {"proposed"}

    page = export_html(tmp_path, "--countries", "RUS", name="rus.html")
    countries = dict(zip(repo_atlas.features["id"], repo_atlas.features["countries"], strict=True))
    drawn = feature_ids(page)
    assert "cpc_pipeline" in drawn and "btc_pipeline" not in drawn
    assert all("RUS" in countries[fid] for fid in drawn)

    page = export_html(tmp_path, "--search", "pipeline", name="search.html")
    quotes = dict(zip(repo_atlas.claims["id"], repo_atlas.claims["quote"], strict=True))
    shown = claim_ids(page)
    assert shown and all("pipeline" in quotes[cid].lower() for cid in shown)


def test_title_is_escaped(tmp_path):
    page = export_html(tmp_path, "--title", "<b>x</b> & co")
    assert "<b>x</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt; &amp; co" in page
    assert "<h1>&lt;b&gt;x&lt;/b&gt; &amp; co</h1>" in page


def test_default_title(full_page):
    assert "<h1>Corridor Atlas" in full_page


def test_unknown_feature_fails_with_a_clear_message(tmp_path):
    out = tmp_path / "map.html"
    result = invoke("export-html", "--out", out, "--features", "btc_pipeline,nope")
    assert result.exit_code == 2
    assert "--features" in result.output
    assert "unknown: nope" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [("--topics", "weather"), ("--sources", "nope_source")],
)
def test_unknown_topic_or_source_fails_with_a_clear_message(tmp_path, option, value):
    result = invoke("export-html", "--out", tmp_path / "map.html", option, value)
    assert result.exit_code == 2
    assert option in result.output and f"unknown: {value}" in result.output


def test_export_html_with_root_draws_that_roots_features(tmp_path, clean_root):
    page = export_html(tmp_path, "--root", clean_root)
    assert feature_ids(page) == {"clean_test_pipeline", "clean_test_port"}
    assert claim_ids(page) == {"clean-01"}


# --- assets and the module entry point ---------------------------------------------------------


def test_assets_copies_leaflet_for_offline_maps(tmp_path):
    if not (REPO_ROOT / "node_modules" / "leaflet").is_dir():
        pytest.skip("node_modules not installed (npm ci)")
    result = invoke("assets", "--out", tmp_path / "static")
    assert result.exit_code == 0, result.output
    leaflet = tmp_path / "static" / "leaflet" / "dist" / "leaflet.js"
    assert leaflet.is_file() and leaflet.stat().st_size > 10_000
    assert str(leaflet) in result.stdout


def test_python_m_geo_help():
    result = subprocess.run(
        [sys.executable, "-m", "geo", "--help"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for command in ("check", "export-data", "export-html", "assets"):
        assert command in result.stdout


def test_python_m_geo_rejects_an_unknown_command():
    result = subprocess.run(
        [sys.executable, "-m", "geo", "frobnicate"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "frobnicate" in result.stderr


def test_the_bundled_data_passes_check():
    """The repository's own data, as shipped: no problem, only explained length notices."""
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""
    assert "0 problems" in result.stderr


def test_a_filter_that_keeps_nothing_still_writes_the_map(tmp_path):
    page = export_html(tmp_path, "--search", "no quote says this", "--status", "zzz")
    assert claim_ids(page) == set() and feature_ids(page) == set()
    assert "0 features · 0 claims" in page and "search: “no quote says this”" in page


def test_two_exports_of_the_same_inputs_are_byte_identical(tmp_path, full_page):
    again = export_html(tmp_path, name="again.html")
    assert again == full_page
