"""The held-out labelled articles (tests/eval/) keep ingest at its targets."""

from __future__ import annotations

import pytest

from geo.evaluate import atlas_runner, evaluate, load_eval_set

TARGET = 0.90


@pytest.fixture(scope="session")
def runner():
    return atlas_runner()


@pytest.mark.parametrize("which", ["heldout", "russian"])
def test_ingest_meets_the_targets(runner, which):
    propose, canonical = runner
    _, total = evaluate(load_eval_set(which), propose, canonical)
    assert total.features.recall >= TARGET, total.features.misses
    assert total.features.precision >= TARGET, total.features.false_links
    assert total.places.recall >= TARGET, total.places.misses


def test_every_labelled_quote_is_verbatim_and_halves_are_both_there():
    articles = load_eval_set("all")
    assert {a.half for a in articles} == {"tuning", "heldout"}
    assert sum(a.language == "ru" for a in articles) >= 5
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
