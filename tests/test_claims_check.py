"""Claims: each kind of broken claim is reported by ``check`` and left out or kept as it should."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from builders import claim_record

from geo.atlas import load_atlas
from geo.layout import REPO_ROOT, Layout
from geo.popups import SourceIndex, claim_popup
from geo.safe_text import script_json
from geo.sources import read_text

SOURCE_ID = "sp_go_around_russia"
CLAIMS = "data/claims/zz_test.json"
HOSTILE = "<script>alert(1)</script>"


def _claim(quote_of, root: Path, claim_id: str = "zz_test-01", **fields) -> dict:
    return claim_record(quote_of, root, claim_id, **fields)


def _write(root: Path, claims) -> None:
    (root / CLAIMS).write_text(json.dumps(claims, ensure_ascii=False, indent=1), "utf-8")


def _assert_problem(result, prefix: str, phrase: str) -> None:
    hits = [line for line in result.lines if line.startswith(prefix) and phrase in line]
    assert hits, f"no line starting {prefix!r} with {phrase!r} in:\n" + "\n".join(result.lines)


def test_a_valid_claim_loads_without_a_problem(mini_root, mini_baseline, check, quote_of):
    """The reference the broken cases below differ from by one field."""
    _write(mini_root, [_claim(quote_of, mini_root)])
    result = check(mini_root)
    assert not [line for line in result.lines if line.startswith(CLAIMS)]
    assert result.claims == mini_baseline.claims + 1


def test_quote_not_at_its_offsets_names_both_offsets(mini_root, mini_baseline, check, quote_of):
    good = _claim(quote_of, mini_root)
    start, end = good["start"], good["end"]
    _write(mini_root, [{**good, "start": start + 3, "end": end + 3}])
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(
        result,
        f"{CLAIMS}:zz_test-01: ",
        f"quote is not at offsets {start + 3}:{end + 3} but at {start}:{end}",
    )
    assert result.claims == mini_baseline.claims


def test_quote_not_in_the_article_at_all(mini_root, mini_baseline, check, quote_of):
    good = _claim(quote_of, mini_root)
    invented = "The caravan of forty camels carried fibre optic cable across the Ustyurt."
    _write(mini_root, [{**good, "quote": invented, "end": good["start"] + len(invented)}])
    result = check(mini_root)
    _assert_problem(result, f"{CLAIMS}:zz_test-01: ", "quote is not verbatim in the article")
    assert result.claims == mini_baseline.claims


def test_unknown_feature_id(mini_root, mini_baseline, check, quote_of):
    _write(mini_root, [_claim(quote_of, mini_root, feature_ids=["btc_pipeline", "nope_line"])])
    result = check(mini_root)
    _assert_problem(result, f"{CLAIMS}:zz_test-01: ", "unknown feature ids: nope_line")
    assert result.claims == mini_baseline.claims


def test_unknown_source_id(mini_root, mini_baseline, check, quote_of):
    _write(mini_root, [_claim(quote_of, mini_root, source_id="nope_source")])
    result = check(mini_root)
    _assert_problem(
        result, f"{CLAIMS}:zz_test-01: ", "source 'nope_source' is not in seeds/sources.json"
    )
    assert result.claims == mini_baseline.claims


def test_place_that_cannot_be_located_is_kept_and_reported(
    mini_root, mini_baseline, check, quote_of
):
    _write(mini_root, [_claim(quote_of, mini_root, places=["Qzxv Nowhereville"])])
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{CLAIMS}:zz_test-01: ", "place 'Qzxv Nowhereville' cannot be located")
    assert result.claims == mini_baseline.claims + 1


def test_bad_topic(mini_root, mini_baseline, check, quote_of):
    _write(mini_root, [_claim(quote_of, mini_root, topic="weather")])
    result = check(mini_root)
    _assert_problem(result, f"{CLAIMS}:zz_test-01: ", "topic 'weather' is not one of")
    assert result.claims == mini_baseline.claims


def test_duplicate_claim_id_keeps_the_first(mini_root, mini_baseline, check, quote_of):
    first = _claim(quote_of, mini_root, claim_id="zz_twice")
    _write(mini_root, [first, {**first, "topic": "energy"}])
    result = check(mini_root)
    _assert_problem(result, f"{CLAIMS}:zz_twice: ", f"duplicate claim id, first in {CLAIMS}")
    assert result.claims == mini_baseline.claims + 1


def test_claims_file_that_is_not_json(mini_root, mini_baseline, check):
    (mini_root / CLAIMS).write_text('[{"id": "zz_test-01", "quote": "unterminated', "utf-8")
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{CLAIMS}:-: ", "not valid JSON")
    assert result.claims == mini_baseline.claims
    assert result.features == mini_baseline.features


def _append_to_article(root: Path, addition: str) -> tuple[int, int]:
    """Append text to the test source's article and re-record its sha256."""
    sources_file = root / "seeds" / "sources.json"
    records = json.loads(sources_file.read_text(encoding="utf-8"))
    record = next(r for r in records if r["id"] == SOURCE_ID)
    article = root / record["file"]
    text = read_text(article)
    start = len(text)
    with open(article, "a", encoding="utf-8", newline="") as handle:
        handle.write(addition)
    record["sha256"] = hashlib.sha256(article.read_bytes()).hexdigest()
    sources_file.write_text(json.dumps(records, ensure_ascii=False, indent=1), "utf-8")
    return start, start + len(addition)


def test_hostile_quote_loads_and_its_popup_escapes_it(mini_root, quote_of):
    quote = f'Officials said {HOSTILE} the pipeline & the <b>port</b> are "safe".'
    start, end = _append_to_article(mini_root, quote)
    _write(
        mini_root,
        [_claim(quote_of, mini_root, quote=quote, start=start, end=end, places=["Baku"])],
    )
    atlas = load_atlas(Layout(mini_root))
    assert not [p for p in atlas.problems if p.file == CLAIMS]
    assert not [p for p in atlas.problems if p.record == SOURCE_ID]
    rows = atlas.claims[atlas.claims["id"] == "zz_test-01"]
    assert len(rows) == 1
    claim = rows.iloc[0].to_dict()
    assert claim["quote"] == quote
    names = dict(zip(atlas.features["id"], atlas.features["name"], strict=True))
    popup = claim_popup(claim, atlas.sources[SOURCE_ID], SourceIndex(), names)
    # The popup carries the text as data, verbatim; the page embeds it with no markup left.
    assert popup["quote"] == quote
    embedded = script_json(popup)
    assert json.loads(embedded) == popup
    assert "<script>" not in embedded and "<b>" not in embedded


def test_changed_article_without_new_sha256_drops_the_source(mini_root, check, mini_baseline):
    """The hostile-text test re-records the sha256; without it the source is refused."""
    record = json.loads((mini_root / "seeds" / "sources.json").read_text("utf-8"))
    article = mini_root / next(r for r in record if r["id"] == SOURCE_ID)["file"]
    with open(article, "a", encoding="utf-8", newline="") as handle:
        handle.write("An extra sentence.")
    result = check(mini_root)
    _assert_problem(result, f"seeds/sources.json:{SOURCE_ID}: ", "sha256 differs")
    assert result.sources == mini_baseline.sources - 1


# --- the repository's curated claims -----------------------------------------------------------


def _repo_claims() -> list[tuple[str, dict]]:
    out = []
    for path in sorted((REPO_ROOT / "data" / "claims").glob("*.json")):
        for record in json.loads(path.read_text(encoding="utf-8")):
            if record.get("origin", "curated") == "curated":
                out.append((f"{path.name}:{record.get('id')}", record))
    return out


def test_repo_has_curated_claims_from_every_source():
    sources = json.loads((REPO_ROOT / "seeds" / "sources.json").read_text(encoding="utf-8"))
    covered = {record["source_id"] for _, record in _repo_claims()}
    assert {s["id"] for s in sources} <= covered


def test_every_curated_claim_quote_is_at_its_offsets():
    sources = json.loads((REPO_ROOT / "seeds" / "sources.json").read_text(encoding="utf-8"))
    texts = {s["id"]: read_text(REPO_ROOT / s["file"]) for s in sources}
    claims = _repo_claims()
    assert len(claims) > 50
    wrong = [
        f"{name}: text[{r['start']}:{r['end']}] != quote"
        for name, r in claims
        if texts[r["source_id"]][r["start"] : r["end"]] != r["quote"]
    ]
    assert wrong == []


# --- records of the wrong type must be reported, not crash the check ---------------------------


def test_source_id_that_is_a_list_is_reported_not_a_crash(
    mini_root, mini_baseline, check, quote_of
):
    _write(mini_root, [_claim(quote_of, mini_root, source_id=[SOURCE_ID])])
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{CLAIMS}:zz_test-01: ", "source")
    assert result.claims == mini_baseline.claims


def test_nested_feature_ids_are_reported_not_a_crash(mini_root, mini_baseline, check, quote_of):
    _write(mini_root, [_claim(quote_of, mini_root, feature_ids=[["btc_pipeline"]])])
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{CLAIMS}:zz_test-01: ", "feature")
    assert result.claims == mini_baseline.claims


def test_place_without_a_name_is_reported_not_a_crash(mini_root, mini_baseline, check):
    places_file = mini_root / "data" / "places.json"
    places = json.loads(places_file.read_text(encoding="utf-8"))
    places.append(
        {"lon": 50.0, "lat": 40.0, "sources": [{"title": "T", "url": "https://example.org/p"}]}
    )
    places_file.write_text(json.dumps(places), "utf-8")
    result = check(mini_root)
    assert result.exit_code == 1
    assert any(line.startswith("data/places.json:") for line in result.lines)
    assert result.claims == mini_baseline.claims
