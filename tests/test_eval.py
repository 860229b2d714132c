"""The labelled articles (tests/eval/) keep ingest at its targets; eval reads a new held-out
batch with no code change and says so plainly when there is none."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from geo.cli import cli
from geo.evaluate import EVAL_DIR, atlas_runner, evaluate, load_eval_set

# What `corridors eval` measured (README), less 0.02 of noise: ingest may get better, never
# worse. The issue's target is 0.90 for every figure. Tuning is every article rules were
# tuned on (the seeds and batches 1-6: features P 0.97 R 0.93, places P 0.95 R 0.95);
# Russian is every Russian article (features P 0.98 R 0.94, places P 0.98 R 0.98). Held-out
# is the batch not yet read for any rule (none while a fresh one is pending: skipped).
FLOORS = {
    "tuning": {"features P": 0.95, "features R": 0.92, "places P": 0.95, "places R": 0.93},
    "russian": {"features P": 0.96, "features R": 0.93, "places P": 0.97, "places R": 0.96},
    "heldout": {"features P": 0.92, "features R": 0.81, "places P": 0.94, "places R": 0.95},
}


@pytest.fixture(scope="session")
def runner():
    return atlas_runner()


@pytest.mark.parametrize("which", sorted(FLOORS))
def test_ingest_keeps_its_measured_quality(runner, which):
    propose, canonical = runner
    articles = load_eval_set(which)
    if not articles:
        pytest.skip(f"no {which} articles yet (a fresh held-out batch is pending)")
    _, total = evaluate(articles, propose, canonical)
    floor = FLOORS[which]
    assert total.features.recall >= floor["features R"], total.features.misses
    assert total.features.precision >= floor["features P"], total.features.false_links
    assert total.places.recall >= floor["places R"], total.places.misses
    assert total.places.precision >= floor["places P"]


def test_every_labelled_quote_is_verbatim_and_russian_is_there():
    articles = load_eval_set("all")
    assert {a.half for a in articles} <= {"tuning", "heldout"}
    assert sum(a.language == "ru" for a in articles) >= 5
    assert {a.id for a in load_eval_set("russian")} == {
        a.id for a in articles if a.language == "ru"
    }
    for article in articles:
        for label in article.labels:
            assert 0 <= label.start < label.end <= len(article.text)


def test_proposals_say_why_each_feature_was_linked(runner):
    propose, _ = runner
    text = (
        "Cargo moved by tanker from Aktau to Baku. The Georgian Black Sea ports of Poti and "
        "Batumi were busy. Нефть идёт по нефтепроводу Баку — Тбилиси — Джейхан. Также по "
        "трубопроводу транспортируется казахстанская нефть."
    )
    proposals = propose(text)
    linked = {f for p in proposals for f in p["feature_ids"]}
    assert {"aktau_port", "alat_port", "poti_port", "batumi_port", "btc_pipeline"} <= linked
    for proposal in proposals:
        assert len(proposal["links"]) == len(proposal["feature_ids"])
        assert text[proposal["start"] : proposal["end"]] == proposal["quote"]
    assert any("refers back" in link for p in proposals for link in p["links"])


@pytest.mark.parametrize(
    ("batch", "size"), [("heldout-3", 10), ("heldout-4", 8), ("heldout-5", 7), ("heldout-6", 7)]
)
def test_batches_read_for_rules_are_filed_as_tuning(batch, size):
    """Batches 3 to 6 were measured once blind and then tuned on (tests/eval/README.md)."""
    doc = json.loads((EVAL_DIR / "labels.json").read_text(encoding="utf-8"))
    articles = [v for v in doc["articles"].values() if v.get("batch") == batch]
    assert len(articles) == size
    assert {v["half"] for v in articles} == {"tuning"}


def test_the_first_held_out_batch_is_filed_as_tuning():
    # It was tuned on in the session that wrote it, so it no longer measures unseen text.
    doc = json.loads((EVAL_DIR / "labels.json").read_text(encoding="utf-8"))
    first = {k: v for k, v in doc["articles"].items() if v.get("batch") == "heldout-1"}
    assert len(first) == 8
    assert {v["half"] for v in first.values()} == {"tuning"}


def _copy_eval_dir(tmp_path):
    target = tmp_path / "eval"
    shutil.copytree(EVAL_DIR, target)
    return target


def test_a_new_held_out_batch_is_read_with_no_code_change(tmp_path):
    eval_dir = _copy_eval_dir(tmp_path)
    text = "Tankers loaded crude at the port of Aktau. Farmers talked about the weather.\n"
    (eval_dir / "articles" / "new_batch_one.txt").write_text(text, encoding="utf-8")
    doc = json.loads((eval_dir / "labels.json").read_text(encoding="utf-8"))
    doc["articles"]["new_batch_one"] = {
        "file": "articles/new_batch_one.txt",
        "half": "heldout",
        "language": "en",
        "style": "wire news",
        "claims": [
            {
                "quote": "Tankers loaded crude at the port of Aktau.",
                "feature_ids": ["aktau_port"],
                "places": ["Aktau"],
            }
        ],
    }
    (eval_dir / "labels.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = {a.id for a in load_eval_set("heldout")}
    heldout = load_eval_set("heldout", eval_dir=eval_dir)
    assert {a.id for a in heldout} == before | {"new_batch_one"}
    assert "new_batch_one" in {a.id for a in load_eval_set("all", eval_dir=eval_dir)}
    assert "new_batch_one" not in {a.id for a in load_eval_set("tuning", eval_dir=eval_dir)}


def test_a_half_that_is_neither_tuning_nor_heldout_is_refused(tmp_path):
    eval_dir = _copy_eval_dir(tmp_path)
    doc = json.loads((eval_dir / "labels.json").read_text(encoding="utf-8"))
    next(iter(doc["articles"].values()))["half"] = "held-out"
    (eval_dir / "labels.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="half 'held-out'"):
        load_eval_set("all", eval_dir=eval_dir)


def test_eval_of_an_empty_held_out_set_says_so(monkeypatch):
    import geo.evaluate

    monkeypatch.setattr(geo.evaluate, "load_eval_set", lambda which, layout=None: [])
    result = CliRunner().invoke(cli, ["eval", "--set", "heldout"])
    assert result.exit_code == 0, result.output
    assert "0 articles" in result.output
    assert "no held-out batch yet" in result.output
