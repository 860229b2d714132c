"""Topic classification of hand-written claim sentences."""

from __future__ import annotations

import pytest

from geo.topics import TIE_ORDER, TOPICS, classify_topic, topic_scores


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("The new pipeline will pump crude oil from the offshore field to the refinery.", "energy"),
        ("Tankers loaded 3 million barrels of petroleum at the terminal.", "energy"),
        ("LNG and electricity exports to Europe are planned.", "energy"),
        (
            "The railway and the ferry link will carry containers and cargo to the port.",
            "transport",
        ),
        (
            "Customs procedures at the border crossing were simplified for transit freight.",
            "transport",
        ),
        ("Troops held joint naval drills and the army tested new weapons.", "security"),
        ("The CSTO discussed the ceasefire and military exercises.", "security"),
        ("A fibre-optic cable under the sea will carry internet traffic and data.", "digital"),
        ("The telecommunications operators signed up for the digital hub.", "digital"),
        ("Investment in the fund grew as GDP and trade rose on the market.", "economy"),
        ("The companies signed contracts worth $55 million.", "economy"),
        (
            "The president paid a state visit and held talks at the summit with the minister.",
            "diplomacy",
        ),
        (
            "The embassy said the treaty and the declaration were diplomatic milestones.",
            "diplomacy",
        ),
    ],
)
def test_clear_sentences(sentence, topic):
    assert classify_topic(sentence) == topic


def test_result_is_always_a_known_topic():
    for sentence in ("", "Hello.", "Oil and rail and troops and data and GDP and treaty."):
        assert classify_topic(sentence) in TOPICS


def test_no_evidence_falls_back_to_diplomacy():
    assert classify_topic("The weather in the region was mild this spring.") == "diplomacy"
    assert classify_topic("") == "diplomacy"


def test_keywords_match_whole_words_only():
    # "report", "support", "export" contain "port"; "boil" and "soil" contain "oil".
    assert topic_scores("The report said support for soil and boiling water grew.") == {
        topic: 0.0 for topic in TOPICS
    }


def test_keywords_are_case_insensitive_but_acronyms_are_not():
    assert classify_topic("PIPELINE WORK RESUMED") == "energy"
    assert topic_scores("It was fine.")["digital"] == 0.0
    assert topic_scores("The IT sector grew.")["digital"] > 0.0


def test_phrase_counts_once_for_its_own_topic():
    scores = topic_scores("Energy security is a priority.")
    assert scores["security"] == 0.0
    assert scores["energy"] > 0.0
    scores = topic_scores("Information security is a priority.")
    assert scores["security"] == 0.0
    assert classify_topic("Information security is a priority.") == "digital"


def test_more_evidence_wins():
    sentence = "The president signed an agreement on oil, gas, the pipeline and the refinery."
    assert classify_topic(sentence) == "energy"
    sentence = "The presidents held talks at the summit and signed a treaty on the railway."
    assert classify_topic(sentence) == "diplomacy"


@pytest.mark.parametrize(
    ("kinds", "topic"),
    [
        (["pipeline"], "energy"),
        (["railway"], "transport"),
        (["port"], "transport"),
        (["sea_route"], "transport"),
        (["cable"], "digital"),
    ],
)
def test_feature_kinds_decide_an_otherwise_neutral_sentence(kinds, topic):
    sentence = "The project was discussed again on Monday."
    assert classify_topic(sentence) == "diplomacy"
    assert classify_topic(sentence, kinds) == topic


def test_feature_kinds_add_to_text_evidence():
    sentence = "The leaders discussed the route."  # transport 1 vs diplomacy 0.5
    assert classify_topic(sentence) == "transport"
    assert classify_topic(sentence, ["pipeline"]) == "energy"
    # Unknown kinds are ignored, repeated kinds count once.
    assert topic_scores(sentence, ["pipeline", "pipeline", "unknown"])["energy"] == 2.0


def test_ties_follow_the_documented_order():
    assert TIE_ORDER == ("energy", "transport", "digital", "security", "economy", "diplomacy")
    scores = topic_scores("The railway and the pipeline.")
    assert scores["energy"] == scores["transport"] > 0
    assert classify_topic("The railway and the pipeline.") == "energy"
    scores = topic_scores("Ports and troops.")
    assert scores["transport"] == scores["security"] > 0
    assert classify_topic("Ports and troops.") == "transport"


# --- the literal-prefix gate gives what running every keyword regex gives ------------------


def _evidence_ungated(sentence: str) -> list[tuple[int, int, str, float]]:
    from geo import topics

    found = [
        (m.start(), m.end(), topic, weight)
        for pattern, topic, weight, _ in topics._PATTERNS
        for m in pattern.finditer(sentence)
    ]
    found.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
    taken = bytearray(len(sentence))
    kept = []
    for hit in found:
        if not any(taken[hit[0] : hit[1]]):
            taken[hit[0] : hit[1]] = b"\x01" * (hit[1] - hit[0])
            kept.append(hit)
    return sorted(kept)


def test_gated_evidence_equals_every_regex_on_the_corpus():
    from geo import topics
    from geo.evaluate import load_eval_set
    from geo.sentences import split_sentences

    for article in load_eval_set("all"):
        for start, end in split_sentences(article.text):
            sentence = article.text[start:end]
            assert topics._evidence(sentence) == _evidence_ungated(sentence), sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "HYDROCARBONS and Ferries, HARBOURS, Fibre-optic cables, RAILROADS",
        "PİPELİNE and ıt and ſhipping, \u212aazMunayGas",  # case folds onto ASCII letters
        "Oil-fields, gasfields; DEFENSE; 5G; IT; it; EU; un-; Trans-Caspian",
        "$300m for the Baku-Tbilisi-Ceyhan line",
    ],
)
def test_gated_evidence_equals_every_regex_on_odd_text(sentence):
    from geo import topics

    assert topics._evidence(sentence) == _evidence_ungated(sentence)


def test_only_four_non_ascii_characters_fold_onto_ascii_letters():
    import re
    import string

    from geo import topics

    letter = re.compile(f"[{string.ascii_lowercase}]", re.IGNORECASE)
    folding = {chr(i) for i in range(0x80, 0x110000) if letter.fullmatch(chr(i))}
    assert folding == {"\u0130", "\u0131", "\u017f", "\u212a"}
    assert all(len(ch.translate(topics._ASCII_FOLD)) == 1 for ch in folding)


def test_every_keyword_pattern_has_literal_prefixes():
    from geo import topics

    # Only the money pattern (a symbol, not a word) runs on every sentence.
    assert [p for p in topics._PATTERNS if p[3] is None] == [topics._PATTERNS[-1]]
    assert topics.literal_prefixes(r"harbou?rs?|ferr(?:y|ies)") == {"harbo", "ferr"}
    assert topics.literal_prefixes(r"(?:US)?[$€]") is None
