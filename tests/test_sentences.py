"""Sentence and clause spans on hand-written article-like text."""

from __future__ import annotations

from geo.sentences import clauses, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


def test_spans_are_stripped_offsets_into_the_text():
    text = "  The ferry left Aktau.   It reached Baku at dawn.  "
    assert split_sentences(text) == [(2, 23), (26, 50)]
    assert text[26:50] == "It reached Baku at dawn."


def test_titles_and_latin_shorthands_do_not_end_sentences():
    text = (
        "Dr. Omarova met Mr. Karimov in St. Petersburg. They discussed grain, e.g. wheat, "
        "and metals, i.e. copper. Exports rose approx. 12 per cent, cf. last year."
    )
    assert sentences(text) == [
        "Dr. Omarova met Mr. Karimov in St. Petersburg.",
        "They discussed grain, e.g. wheat, and metals, i.e. copper.",
        "Exports rose approx. 12 per cent, cf. last year.",
    ]


def test_e_g_before_a_capitalised_name_is_not_a_boundary():
    text = "Several ports, e.g. Aktau and Kuryk, were upgraded. Work continues."
    assert sentences(text) == [
        "Several ports, e.g. Aktau and Kuryk, were upgraded.",
        "Work continues.",
    ]


def test_month_and_number_abbreviations_before_digits():
    text = "The tender No. 7 closed on Feb. 14 and the next on Sept. 3. Bids were opened later."
    assert sentences(text) == [
        "The tender No. 7 closed on Feb. 14 and the next on Sept. 3.",
        "Bids were opened later.",
    ]


def test_acronyms_end_a_sentence_only_before_a_sentence_opener():
    text = (
        "The U.S. Treasury welcomed the deal. The cable will reach the U.K. The cost is "
        "unknown. U.S. officials declined to comment."
    )
    assert sentences(text) == [
        "The U.S. Treasury welcomed the deal.",
        "The cable will reach the U.K.",
        "The cost is unknown.",
        "U.S. officials declined to comment.",
    ]


def test_company_suffixes_and_initials():
    text = (
        "Caspian Shipping B.V. signed the charter with Tengiz Logistics Inc. on Monday. "
        "Its director, A. K. Nurlanov, said Orion Ltd. Kazakhstan would follow. "
        "The deal was signed by Steppe Rail Inc. The talks took a year."
    )
    assert sentences(text) == [
        "Caspian Shipping B.V. signed the charter with Tengiz Logistics Inc. on Monday.",
        "Its director, A. K. Nurlanov, said Orion Ltd. Kazakhstan would follow.",
        "The deal was signed by Steppe Rail Inc.",
        "The talks took a year.",
    ]


def test_decimals_thousands_and_money_do_not_split():
    text = (
        "Shipments reached 1.057 million tons in 2023. The 1,768 km line cost $1.5 bn. "
        "Tariffs fell to 0.5 per cent."
    )
    assert sentences(text) == [
        "Shipments reached 1.057 million tons in 2023.",
        "The 1,768 km line cost $1.5 bn.",
        "Tariffs fell to 0.5 per cent.",
    ]


def test_ellipses():
    text = "The talks stalled... Then Baku agreed. The reasons… remain unclear. Wait…"
    assert sentences(text) == [
        "The talks stalled...",
        "Then Baku agreed.",
        "The reasons… remain unclear.",
        "Wait…",
    ]


def test_closing_quotes_stay_with_their_sentence():
    text = (
        'He said: "The route is ready." Officials agreed. '
        "“Is it ready?” she asked. The minister replied: “Not yet.” "
        "The paper called it «a turning point.» Critics were silent."
    )
    assert sentences(text) == [
        'He said: "The route is ready."',
        "Officials agreed.",
        "“Is it ready?” she asked.",
        "The minister replied: “Not yet.”",
        "The paper called it «a turning point.»",
        "Critics were silent.",
    ]


def test_question_and_exclamation_marks():
    text = "Will the corridor pay off? Nobody knows! But traffic keeps growing."
    assert sentences(text) == [
        "Will the corridor pay off?",
        "Nobody knows!",
        "But traffic keeps growing.",
    ]


def test_headings_without_punctuation_are_sentences():
    text = (
        "Caspian Ports Update\n"
        "The port of Aktau added a berth. Kuryk is next.\n"
        "\n"
        "New Ferry Line\n"
        "A ferry now sails weekly."
    )
    assert sentences(text) == [
        "Caspian Ports Update",
        "The port of Aktau added a berth.",
        "Kuryk is next.",
        "New Ferry Line",
        "A ferry now sails weekly.",
    ]


def test_list_items_are_sentences_and_numbered_markers_are_not_split():
    text = (
        "The plan has three parts:\n"
        "- a rail link to the coast\n"
        "• a new grain terminal\n"
        "1. Dredging the harbour\n"
        "2. A second ferry berth"
    )
    assert sentences(text) == [
        "The plan has three parts:",
        "- a rail link to the coast",
        "• a new grain terminal",
        "1. Dredging the harbour",
        "2. A second ferry berth",
    ]


def test_dashes_do_not_split_sentences():
    text = (
        "The line — long delayed — opened in 2023. It carries freight – mostly grain – "
        "to the coast.\n— A note from the editors"
    )
    assert sentences(text) == [
        "The line — long delayed — opened in 2023.",
        "It carries freight – mostly grain – to the coast.",
        "— A note from the editors",
    ]


def test_hard_wrapped_lowercase_continuation_joins_lines():
    text = "The railway links the steppe\nand the coast. It opened in May."
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "The railway links the steppe\nand the coast.",
        "It opened in May.",
    ]


def test_crlf_line_endings_are_not_inside_spans():
    text = "Port News\r\nThe quay was extended.\r\n"
    assert sentences(text) == ["Port News", "The quay was extended."]


def test_empty_and_blank_text():
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


def clause_texts(text: str) -> list[str]:
    return [text[s:e] for s, e in clauses(text, 0, len(text))]


def test_clauses_split_at_semicolon():
    text = "The railway carries grain to Baku; the pipeline carries crude to the Turkish coast."
    assert clause_texts(text) == [
        "The railway carries grain to Baku",
        "the pipeline carries crude to the Turkish coast.",
    ]


def test_clauses_split_at_spaced_em_and_en_dash():
    text = "The ferry line opened at Aktau in spring — it now carries two thousand trucks."
    assert clause_texts(text) == [
        "The ferry line opened at Aktau in spring",
        "it now carries two thousand trucks.",
    ]
    text = "The ferry line opened at Aktau in spring – it now carries two thousand trucks."
    assert len(clause_texts(text)) == 2


def test_clauses_keep_short_sides_together():
    text = "Trade rose; exports to Europe doubled over the last three years."
    assert clause_texts(text) == [text]
    text = "Exports to Europe doubled over the last three years; trade rose."
    assert clause_texts(text) == [text]


def test_clauses_do_not_split_paired_asides_or_linked_names():
    aside = (
        "Three states of the region — Kazakhstan, Turkmenistan and Uzbekistan — signed "
        "the transit accord in Baku last week."
    )
    assert clause_texts(aside) == [aside]
    names = (
        "This week the long-awaited Azerbaijan – Kazakhstan transport council met in Baku "
        "to plan new railway links."
    )
    assert clause_texts(names) == [names]


def test_clauses_offsets_are_absolute_and_inside_the_sentence():
    text = "Intro line. The port handles oil and grain cargo; the railway handles containers."
    start, end = split_sentences(text)[1]
    spans = clauses(text, start, end)
    assert spans == [(12, 48), (50, 81)]
    assert text[12:48] == "The port handles oil and grain cargo"
    assert text[50:81] == "the railway handles containers."
    assert all(start <= s < e <= end for s, e in spans)


def test_clauses_merge_a_short_leading_piece_into_the_next():
    text = (
        "Oil came first; then gas, then grain, and then containers; "
        "the railway now carries all of them."
    )
    assert clause_texts(text) == [
        "Oil came first; then gas, then grain, and then containers",
        "the railway now carries all of them.",
    ]
