"""References, port towns and legs: the rules added when the fourth held-out batch was tuned
on (tests/eval/README.md), each checked on text written for the test."""

from __future__ import annotations

import json
import shutil

import pytest

from geo.atlas import load_atlas
from geo.extract import propose_claims
from geo.gazetteer import AliasMatcher, load_aliases
from geo.layout import REPO_ROOT, Layout


@pytest.fixture(scope="module")
def propose():
    atlas = load_atlas()
    matcher = AliasMatcher(atlas.aliases)

    def run(text: str) -> list[dict]:
        return propose_claims(text, matcher, atlas.gazetteer, atlas.catalog)

    return run


def _linked(propose, text: str, opening: str) -> list[str]:
    """Feature ids of the proposal whose quote starts with ``opening`` ([] if none)."""
    found = [p for p in propose(text) if p["quote"].startswith(opening)]
    return found[0]["feature_ids"] if found else []


# -- a pipeline's terminal ---------------------------------------------------------------------


def test_the_marine_terminal_after_a_pipeline_is_where_it_ends(propose):
    text = (
        "Kazakhstan sends most of its crude through the CPC to the Black Sea. "
        "The consortium's marine terminal near Novorossiysk loads a million barrels a day."
    )
    linked = _linked(propose, text, "The consortium")
    assert linked == ["cpc_marine_terminal"]  # near Novorossiysk: not the town's port


@pytest.mark.parametrize(
    ("text", "terminal"),
    [
        ("The BTC runs 1,768 km from Sangachal to Ceyhan.", "ceyhan_terminal"),
        ("The Baku–Supsa pipeline carries oil to Supsa.", "supsa_terminal"),
    ],
)
def test_the_town_a_named_pipeline_ends_at_is_its_end_terminal(propose, text, terminal):
    assert terminal in _linked(propose, text, "The")
    # Without the pipeline, the town is only a town.
    assert terminal not in _linked(propose, "Ceyhan and Supsa are small towns.", "Ceyhan")


def test_a_bare_terminal_after_a_pipeline_starting_at_a_terminal_is_ambiguous(propose):
    text = "Flows through the BTC pipeline resumed on Monday. The terminal reported delays."
    assert _linked(propose, text, "The terminal") == []
    text = "Flows through the BTC pipeline resumed on Monday. The marine terminal reported delays."
    assert _linked(propose, text, "The marine") == ["ceyhan_terminal"]


def test_a_terminal_of_a_named_port_is_not_the_pipelines(propose):
    text = (
        "Нефтепровод КТК соединяет Тенгиз с Чёрным морем. В порту Новороссийск, где находится "
        "нефтеналивной терминал «Шесхарис», погрузка была ограничена."
    )
    assert _linked(propose, text, "В порту") == ["novorossiysk_port"]


def test_a_terminal_town_with_a_terminal_word_is_the_terminal(propose):
    text = "The line runs from the Sangachal terminal near Baku to the marine terminal at Ceyhan."
    linked = _linked(propose, text, "The line")
    assert {"sangachal_terminal", "ceyhan_terminal"} <= set(linked)
    assert "alat_port" not in linked


# -- pronouns and paragraphs -------------------------------------------------------------------


def test_it_after_a_sentence_naming_several_is_its_subject(propose):
    text = (
        "The terminal at Yuzhnaya Ozereyevka handles crude that arrives through the CPC "
        "pipeline. It loads tankers at single point moorings offshore."
    )
    assert _linked(propose, text, "It loads") == ["cpc_marine_terminal"]


def test_pronoun_objects_refer_to_the_feature_before(propose):
    text = (
        "The Baku–Novorossiysk oil pipeline now carries only a trickle of oil. Last year SOCAR "
        "pumped under a million tonnes through it."
    )
    assert _linked(propose, text, "Last year") == ["baku_novorossiysk_pipeline"]


def test_a_russian_feminine_object_pronoun_refers_to_the_feature_before(propose):
    text = (
        "Нефтепровод Баку — Новороссийск почти простаивает. Почему Баку не закрывает ее "
        "окончательно?"
    )
    assert _linked(propose, text, "Почему") == ["baku_novorossiysk_pipeline"]
    # Two sentences back is too far for a pronoun.
    far = text.replace("Почему", "Рынок ждёт. Почему")
    assert "baku_novorossiysk_pipeline" not in _linked(propose, far, "Почему")


def test_one_sentence_paragraphs_are_layout_so_references_cross_them(propose):
    text = (
        "КТК приостановил отгрузки.\n\nТрубопровод КТК соединяет Тенгиз с побережьем.\n\n"
        "По нему экспортируется около 80% казахстанской нефти.\n\nРынок ждёт решений."
    )
    assert _linked(propose, text, "По нему") == ["cpc_pipeline"]


def test_in_prose_a_reference_inside_a_new_paragraph_does_not_reach_back(propose):
    text = (
        "Analysts met in Astana. They discussed the BTC pipeline at length.\n\n"
        "Georgia wants more transit, and officials expect the pipeline to stay busy. "
        "Nobody disagreed."
    )
    assert _linked(propose, text, "Georgia") == []


def test_an_opening_subject_refers_back_even_when_another_port_is_named(propose):
    text = (
        "From Poti, feeder services sail to Constanța in Romania. The Romanian port signed "
        "cooperation agreements with Aktau."
    )
    assert "constanta_port" in _linked(propose, text, "The Romanian")


def test_russian_plural_kind_words_refer_back_to_nothing(propose):
    text = (
        "Порты Поти и Батуми наращивают перевалку. Доля маршрута в контейнерообороте "
        "грузинских портов растёт."
    )
    assert _linked(propose, text, "Доля") == []


# -- port towns ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "port"),
    [
        ("Tankers carry Kazakh crude from Aktau to Baku.", True),
        ("Морские порты Туркменбаши и Баку конкурируют за транзит.", True),
        ("Baku still ships a small amount of its oil north by pipeline.", False),
        ("Для Баку это не замена Среднему коридору, а его дополнение.", False),
    ],
)
def test_baku_is_its_port_only_where_ships_go_to_or_from_it(propose, text, port):
    assert ("alat_port" in propose(text)[0]["feature_ids"]) is port


@pytest.mark.parametrize(
    ("text", "port"),
    [
        ("В Констанце контейнеры переваливаются на железную дорогу.", "constanta_port"),
        ("Операторы терминалов в Поти рассчитывают на новые сервисы.", "poti_port"),
        ("Констанца остаётся крупнейшим зерновым портом Румынии.", "constanta_port"),
    ],
)
def test_terminals_and_transhipment_make_a_town_its_port(propose, text, port):
    assert propose(text)[0]["feature_ids"] == [port]


def test_names_that_contain_an_alias_link_nothing(propose):
    assert propose("Traders watch the CPC Blend differential closely.") == []
    assert _linked(propose, "The real artery remains the CPC.", "The real") == ["cpc_pipeline"]


# -- legs ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "legs"),
    [
        (
            "No vessel has left Kuryk or Aktau for Alat since Monday.",
            {"mc_ferry_kuryk_alat", "mc_ferry_aktau_alat"},
        ),
        ("Поти связан регулярными линиями с Констанцей.", {"mc_sea_poti_constanta"}),
        ("The sea leg between Aktau and Alat is the costliest.", {"mc_ferry_aktau_alat"}),
        (
            "Ferries connect Alat with Aktau and Kuryk.",
            {"mc_ferry_kuryk_alat", "mc_ferry_aktau_alat"},
        ),
        ("Часть составов идёт по Турксибу до Алматы.", {"mc_rail_aktogay_almaty"}),
        ("Trains run on the railway from Aktogay to Almaty.", {"mc_rail_aktogay_almaty"}),
    ],
)
def test_travel_and_links_between_ends_name_the_leg(propose, text, legs):
    assert legs <= set(propose(text)[0]["feature_ids"])


def test_both_ports_are_the_last_two_ports_and_ends_of_travel(propose):
    text = (
        "From Beyneu, wagons continue by rail to the ports of Aktau and Kuryk. Ferries then "
        "cross the Caspian Sea from both ports to Alat."
    )
    linked = set(_linked(propose, text, "Ferries"))
    assert {"aktau_port", "kuryk_port", "mc_ferry_aktau_alat", "mc_ferry_kuryk_alat"} <= linked


def test_both_ports_reach_the_last_two_sentences_across_a_paragraph(propose):
    text = (
        "Kazakhstan's ports are growing. A container hub is being built in the port of Aktau, "
        "and its first terminal opens this year.\n\nAt Kuryk, a new terminal is under "
        "construction. Ferries from both ports sail to Alat.\n\nNews from both ports is good."
    )
    linked = set(_linked(propose, text, "Ferries"))
    assert {"aktau_port", "kuryk_port", "mc_ferry_aktau_alat", "mc_ferry_kuryk_alat"} <= linked
    # Three sentences after Aktau was named, "both ports" is too far to be sure of.
    assert "aktau_port" not in _linked(propose, text, "News")


def test_a_proper_name_alias_matches_only_with_its_capitals(propose):
    linked = _linked(propose, "Baku keeps the Northern Route open.", "Baku")
    assert linked == ["baku_novorossiysk_pipeline"]
    assert _linked(propose, "Rates beat the northern route through Russia.", "Rates") == []


def test_a_proper_name_that_is_no_alias_is_reported(tmp_path):
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    aliases_file = tmp_path / "data" / "aliases.json"
    doc = json.loads(aliases_file.read_text(encoding="utf-8"))
    doc["proper_names"].append("Eastern Route")
    aliases_file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    _, problems = load_aliases(Layout(tmp_path))
    assert [p.record for p in problems] == ["proper_names"]
    assert "'Eastern Route' is no feature's alias" in problems[0].reason


def test_its_port_is_the_port_of_the_town_named_before(propose):
    text = (
        "Poti receives most of its cargo by rail. Batumi is served by a branch that leaves "
        "the main line at Samtredia. Its port handles oil products as well as containers."
    )
    assert "batumi_port" in _linked(propose, text, "Its port")
    assert "poti_port" not in _linked(propose, text, "Its port")


def test_the_consortiums_pipeline_reaches_back_across_paragraphs(propose):
    text = (
        "Loadings at the Caspian Pipeline Consortium's marine terminal resumed. Tankers "
        "waited offshore.\n\nThe terminal handles Kazakh crude, which arrives through the "
        "consortium's pipeline from Tengiz. Analysts expect more. Traders agree. Prices "
        "fell. The consortium did not comment."
    )
    assert "cpc_pipeline" in _linked(propose, text, "The terminal handles")
    assert _linked(propose, text, "The consortium did") == []


def test_a_hyphenated_name_before_a_kind_word_names_another_route(propose):
    text = (
        "The Middle Corridor carries more boxes every year. Azerbaijan sits on the East-West "
        "energy corridor as well."
    )
    assert _linked(propose, text, "Azerbaijan") == []


@pytest.mark.parametrize(
    ("text", "not_places", "places"),
    [
        ("Trains now run on the Tbilisi–Makhinjauri line again.", {"Tbilisi"}, set()),
        ("Судно вышло на линию Черноморск — Батуми в понедельник.", {"Batumi"}, set()),
        (
            "Обсуждается железная дорога Китай — Киргизия — Узбекистан.",
            set(),
            {"China", "Kyrgyzstan", "Uzbekistan"},
        ),
    ],
)
def test_towns_in_a_route_named_by_its_ends_are_not_places(propose, text, not_places, places):
    found = {p for proposal in propose(text) for p in proposal["places"]}
    assert not found & not_places
    assert places <= found


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        ("Trains would have to cross 42 km of Armenian territory in Syunik province.", True),
        ("Самый сложный участок — около 40 км по Сюнику на юге Армении.", True),
        ("Officials from Syunik province met journalists in Yerevan.", False),
    ],
)
def test_a_rail_sentence_at_a_short_railways_places_names_it(propose, text, linked):
    found = {f for p in propose(text) for f in p["feature_ids"]}
    assert ("syunik_meghri_section" in found) is linked


@pytest.mark.parametrize(
    ("text", "legs"),
    [
        (
            "Паромы курсируют между Бакинским международным морским торговым портом в поселке "
            "Алят и портами Актау и Курык.",
            {"mc_ferry_aktau_alat", "mc_ferry_kuryk_alat"},
        ),
        ("Каспийские паромы: Курык и Туркменбаши тянут грузы в Алят", {"mc_ferry_kuryk_alat"}),
    ],
)
def test_russian_ferry_legs_by_inflected_port_names_and_destinations(propose, text, legs):
    assert legs <= set(propose(text)[0]["feature_ids"])


def test_freight_by_rail_from_baku_is_not_the_port(propose):
    text = "Freight could move by rail from Baku to Kars along the Middle Corridor."
    assert "alat_port" not in propose(text)[0]["feature_ids"]


def test_a_subject_pronoun_refers_back_even_when_its_kind_is_named(propose):
    text = (
        "Gas from Shah Deniz enters the South Caucasus Pipeline, which crosses Georgia. "
        "At the border it feeds TANAP, which runs across Türkiye."
    )
    assert {"scp_pipeline", "tanap_pipeline"} <= set(_linked(propose, text, "At the border"))


def test_a_lower_case_proper_name_names_its_feature_once_the_article_named_it(propose):
    text = (
        "The Baku–Supsa pipeline can restart. Together with BTC, the western route gives "
        "Azerbaijan three outlets."
    )
    assert "baku_supsa_pipeline" in _linked(propose, text, "Together")
    assert _linked(propose, "Together with BTC, the western route gives more.", "Together") == [
        "btc_pipeline"
    ]


@pytest.mark.parametrize(
    ("text", "opening", "feature"),
    [
        (
            "Нефтепровод Баку — Новороссийск редко попадает в заголовки. Баку держит трубу "
            "открытой.",
            "Баку держит",
            "baku_novorossiysk_pipeline",
        ),
        (
            "The Western Route Export Pipeline restarted. The 830-kilometre pipeline carries "
            "crude.",
            "The 830",
            "baku_supsa_pipeline",
        ),
        (
            "The Southern Gas Corridor was completed in 2020. The system is three pipelines.",
            "The system",
            "southern_gas_corridor",
        ),
    ],
)
def test_more_words_refer_back(propose, text, opening, feature):
    assert feature in _linked(propose, text, opening)


def test_a_russian_kind_word_after_a_plural_word_refers_to_nothing(propose):
    text = "Нефтепровод Баку — Супса работает. Вместе эти трубы образуют систему экспорта."
    assert _linked(propose, text, "Вместе") == []


def test_a_town_naming_its_terminal_is_no_place_but_at_a_terminal_it_is(propose):
    (named,) = propose("Crude reached the Sangachal terminal on Monday.")
    assert "Sangachal" not in named["places"]
    (at,) = propose("Tankers loaded at the marine terminal at Ceyhan.")
    assert "Ceyhan" in at["places"]


@pytest.mark.parametrize(
    ("text", "legs"),
    [
        (
            "Весь путь через Поти или Батуми до румынской Констанцы занимает 20 дней.",
            {"mc_sea_poti_constanta", "mc_sea_batumi_constanta"},
        ),
        (
            "Trains run on to the ports of Aktau and Kuryk, where containers are loaded onto "
            "ferries for Alat.",
            {"mc_ferry_aktau_alat", "mc_ferry_kuryk_alat"},
        ),
    ],
)
def test_a_journey_between_ports_on_two_shores_is_by_sea(propose, text, legs):
    assert legs <= set(propose(text)[0]["feature_ids"])


def test_a_cable_route_between_port_towns_is_no_ferry(propose):
    text = "Earlier designs envisaged a cable route from Aktau to Siyazan north of Baku."
    assert not {"mc_ferry_aktau_alat", "aktau_port"} & set(propose(text)[0]["feature_ids"])
