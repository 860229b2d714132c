"""Legs named by their stations, towns on the routes, places off the map, and the other
rules added when the second held-out batch was tuned on (English and Russian)."""

from __future__ import annotations

import pytest

from geo.atlas import load_atlas
from geo.extract import propose_claims
from geo.gazetteer import AliasMatcher, station_names


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def propose(atlas):
    matcher = AliasMatcher(atlas.aliases)

    def run(text: str) -> list[dict]:
        return propose_claims(text, matcher, atlas.gazetteer, atlas.catalog)

    return run


def _one(propose, text: str) -> dict:
    (proposal,) = propose(text)
    return proposal


# -- legs named by their two ends joined by a dash -------------------------------------------


@pytest.mark.parametrize(
    ("text", "leg"),
    [
        ("Forwarders say rail wagons mostly sail on the Kuryk–Alat ferry.", "mc_ferry_kuryk_alat"),
        ("Most expect the Alat - Kuryk ferry to stay busy.", "mc_ferry_kuryk_alat"),
        ("The busiest service is the Poti–Constanța link.", "mc_sea_poti_constanta"),
        ("Паромы на линии Курык — Алят пересекают Каспий за сутки.", "mc_ferry_kuryk_alat"),
        ("Линия Поти — Констанца остаётся основной.", "mc_sea_poti_constanta"),
        ("Основная нагрузка приходится на линию Достык — Актогай.", "mc_rail_dostyk_aktogay"),
    ],
)
def test_a_leg_named_by_its_ends_links_the_leg_only(propose, text, leg):
    proposal = _one(propose, text)
    assert proposal["feature_ids"] == [leg]
    assert proposal["links"][0].startswith(f"{leg}: leg named by its ends")
    # The towns are the route's name: neither ports nor places (as in Baku-Tbilisi-Ceyhan).
    assert proposal["places"] == [] or set(proposal["places"]) <= {"Caspian Sea"}


def test_two_towns_joined_by_a_dash_that_end_no_leg_link_nothing(propose):
    proposal = _one(propose, "Wagons cross at the Boyuk Kesik–Gardabani border crossing.")
    assert not [f for f in proposal["feature_ids"] if f.startswith("mc_")]
    assert {"Boyuk Kesik", "Gardabani"} <= set(proposal["places"])


# -- travel between the two ends ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "legs"),
    [
        (
            "Ro-ro and rail ferries sail from Aktau and from Kuryk to Alat, south of Baku.",
            {"mc_ferry_aktau_alat", "mc_ferry_kuryk_alat"},
        ),
        (
            "Ferries from Turkmenbashi reach Alat in about twelve hours.",
            {"mc_ferry_turkmenbashi_alat"},
        ),
        ("From Poti, feeder services sail to Constanța in Romania.", {"mc_sea_poti_constanta"}),
        ("Even the ferry route to Alat from Türkmenbaşy is slow.", {"mc_ferry_turkmenbashi_alat"}),
        (
            "Через Каспий грузы перевозят паромами из портов Актау и Курык в Алят.",
            {"mc_ferry_aktau_alat", "mc_ferry_kuryk_alat"},
        ),
        ("Паромы между Курыком и Алятом ходят нерегулярно.", {"mc_ferry_kuryk_alat"}),
        (
            "Из портов Поти и Батуми контейнеры отправляются морем в румынскую Констанцу.",
            {"mc_sea_poti_constanta", "mc_sea_batumi_constanta"},
        ),
    ],
)
def test_travel_between_the_ends_links_the_leg_and_keeps_the_ports(propose, text, legs):
    proposal = _one(propose, text)
    assert legs <= set(proposal["feature_ids"])
    for leg in legs:
        why = next(link for link in proposal["links"] if link.startswith(leg))
        assert "travel between its ends" in why
    # Described travel is not a route's name: the ports stay linked.
    assert any(f.endswith("_port") for f in proposal["feature_ids"])


@pytest.mark.parametrize(
    "text",
    [
        "Ferries from Kuryk also reach Alat faster than those from Aktau.",
        "Паромы из Курыка доходят до Алята быстрее, чем из Актау.",
    ],
)
def test_those_from_another_port_is_the_same_travel_from_it(propose, text):
    proposal = _one(propose, text)
    assert {"mc_ferry_kuryk_alat", "mc_ferry_aktau_alat"} <= set(proposal["feature_ids"])
    why = next(link for link in proposal["links"] if link.startswith("mc_ferry_aktau_alat"))
    assert "ellipsis" in why
    # Without the ellipsis, a port named after the travel is no start of it.
    other = _one(propose, "Ferries from Kuryk reach Alat, and Aktau handles grain.")
    assert "mc_ferry_aktau_alat" not in other["feature_ids"]


@pytest.mark.parametrize(
    "text",
    [
        # A tanker of crude is not the ferry line.
        "Танкеры с казахстанской нефтью идут из Актау в Баку.",
        "Cargoes of Kazakh crude are loaded onto tankers at Aktau and shipped to Baku.",
        # Two ends named, but not as travel between them.
        "The Romanian port signed agreements with Aktau and Baku on ferry services.",
        # "to" opens travel only when the other end follows "from".
        "Feeder calls to Constanța use it as an alternative to Poti.",
    ],
)
def test_ends_named_without_travel_between_them_link_no_leg(propose, text):
    proposal = _one(propose, text)
    assert not [f for f in proposal["feature_ids"] if f.startswith("mc_")]


# -- two or more stations of a railway leg ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "legs"),
    [
        (
            "Beyond Almaty, the longest leg runs west through Shu, Arys, Kyzylorda and Shalkar "
            "to Beyneu.",
            {"mc_rail_almaty_beyneu"},
        ),
        (
            "One branch runs through Say-Utes and Shetpe to Mangyshlak and the port of Aktau, "
            "while the other continues south from Mangyshlak to the ferry complex at Kuryk.",
            {"mc_rail_beyneu_aktau", "mc_rail_beyneu_kuryk"},
        ),
        (
            "От Алматы поезда идут на запад через Шу, Арысь и Кызылорду до Бейнеу.",
            {"mc_rail_almaty_beyneu"},
        ),
        (
            "В Грузии магистраль от Гардабани через Тбилиси и Самтредиа ведёт к порту Поти.",
            {"mc_rail_gardabani_poti"},
        ),
    ],
)
def test_two_stations_of_a_railway_leg_link_it(propose, text, legs):
    proposal = _one(propose, text)
    assert legs == {f for f in proposal["feature_ids"] if f.startswith("mc_rail")}
    for leg in legs:
        # Named stations, or (when two of them are its ends) travel between its ends.
        why = next(link for link in proposal["links"] if link.startswith(f"{leg}: "))
        assert "of its stations" in why or "travel between its ends" in why


def test_stations_that_fit_another_leg_better_link_only_that_one(propose):
    # Beyneu, Shetpe and Mangyshlak are on both branches; Kuryk only on one.
    proposal = _one(
        propose,
        "Паромный комплекс Курык начал работу в 2016 году; к нему ведёт железная дорога от "
        "Бейнеу через Шетпе и Мангышлак.",
    )
    legs = {f for f in proposal["feature_ids"] if f.startswith("mc_rail")}
    assert legs == {"mc_rail_beyneu_kuryk"}


def test_two_towns_of_a_railway_leg_outside_a_rail_sentence_link_nothing(propose):
    proposal = _one(propose, "Officials from Tbilisi visited Poti on Monday.")
    assert "mc_rail_gardabani_poti" not in proposal["feature_ids"]


def test_a_feature_with_aliases_of_its_own_is_not_linked_by_its_stations(propose):
    # Alat, Ganja and Gardabani are BTK stations too; BTK is named by its aliases.
    proposal = _one(
        propose,
        "Wagons run along the Azerbaijani main line from Alat via Hajigabul, Yevlakh and Ganja "
        "to Gardabani.",
    )
    assert "mc_rail_alat_boyuk_kesik" in proposal["feature_ids"]
    assert "btk_railway" not in proposal["feature_ids"]


# -- towns on the routes, namesakes, the region, Russian names -------------------------------


def test_station_names_read_waypoint_and_leg_labels():
    assert station_names("Culfa (Julfa)") == ["Culfa", "Julfa"]
    assert station_names("Mangyshlak station (Mangistau)") == ["Mangyshlak", "Mangistau"]
    assert station_names("Port of Constanța") == ["Constanța"]
    assert station_names("Caspian ferry Aktau") == ["Aktau"]
    assert station_names("Alat (Baku International Sea Trade Port)") == ["Alat"]
    assert station_names("Tengiz field") == []
    assert station_names("CPC Marine Terminal") == []


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Trains run from Beyneu.", "Beyneu"),
        ("Поезда идут от Бейнеу.", "Beyneu"),
        ("The line reaches Shetpe.", "Shetpe"),
        ("Дорога проходит через Шетпе.", "Shetpe"),
        ("The crossing is at Gardabani.", "Gardabani"),
        ("Дорога идёт к Гардабани.", "Gardabani"),
        ("The second gateway is Altynkol.", "Altynkol"),
        ("Wagons reach Boyuk Kesik.", "Boyuk Kesik"),
        ("Trains will run towards Julfa.", "Culfa"),
        ("Участок должен выйти к Джульфе.", "Culfa"),
        ("The line starts at Ordubad.", "Ordubad"),
        ("Дорога тянется от Ордубада.", "Ordubad"),
        ("It continues to Sharur and Sadarak.", "Şərur"),
        ("It runs along the Araz near Meghri.", "Meghri"),
        ("Дорога вдоль Аракса у Мегри.", "Meghri"),
    ],
)
def test_towns_on_the_routes_are_places(atlas, text, place):
    found = {m.key for m in atlas.gazetteer.find(text)}
    assert place in found


def test_a_waypoint_takes_its_name_over_from_a_far_namesake(atlas):
    julfa = atlas.gazetteer.resolve("Julfa")
    assert julfa.name == "Culfa"  # not Ras al-Khaimah, whose GeoNames alternates include it
    assert 45 < julfa.lon < 46 and 38.5 < julfa.lat < 39.5
    assert "wikipedia" in (julfa.source_url or "")


def test_places_outside_the_mapped_region_are_not_places(atlas):
    found = {m.key for m in atlas.gazetteer.find("Talks in Washington, Brussels and Beijing.")}
    assert found == set()
    ru = {m.key for m in atlas.gazetteer.find("Переговоры в Вашингтоне и Пекине.")}
    assert ru == set()
    # Countries reaching into the region are places wherever their label point is.
    assert {"China", "Italy"} <= {m.key for m in atlas.gazetteer.find("From China to Italy.")}


@pytest.mark.parametrize(
    ("text", "places"),
    [
        (
            "Помимо Италии, газ получают Греция, Болгария, Румыния, Венгрия и Сербия.",
            {"Italy", "Greece", "Bulgaria", "Romania", "Hungary", "Serbia"},
        ),
        (
            "Газ идёт через Грецию, Албанию и Адриатическое море в Италию.",
            {"Greece", "Albania", "Italy", "Adriatic Sea"},
        ),
        ("Он выходит к побережью Чёрного моря.", {"Black Sea"}),
        ("The pipeline runs under the Adriatic Sea to Italy.", {"Adriatic Sea", "Italy"}),
    ],
)
def test_countries_and_seas_in_russian_inflection_are_places(atlas, text, places):
    assert places <= {m.key for m in atlas.gazetteer.find(text)}


def test_adriatic_inside_the_pipelines_name_is_no_place(propose):
    proposal = _one(propose, "The Trans Adriatic Pipeline delivered gas.")
    assert "Adriatic Sea" not in proposal["places"]


# -- the CPC marine terminal -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The terminal at Yuzhnaya Ozereyevka handles the bulk of exports.", "Yuzhnaya Ozereyevka"),
        # a single point mooring alone is any terminal's (Supsa has one too)
        ("Tankers load at the CPC single point mooring offshore.", None),
        ("Нефть поступает на морской терминал КТК под Новороссийском.", "Novorossiysk"),
        (
            "Отгрузка ведётся через выносные причальные устройства в районе Южной Озереевки.",
            "Yuzhnaya Ozereyevka",  # its Russian names are a places.json record of their own
        ),
    ],
)
def test_the_cpc_marine_terminal_is_named_by_its_own_aliases(propose, text, place):
    proposal = _one(propose, text)
    assert "cpc_marine_terminal" in proposal["feature_ids"]
    if place:
        assert place in proposal["places"]


def test_a_russian_line_refers_back_to_the_ferry_line_named_before(propose):
    proposals = propose(
        "Паромы ходят между портом Курык и портом Алят. "
        "Речь идёт о регулярной линии для перевозки вагонов."
    )
    second = proposals[-1]
    assert second["feature_ids"] == ["mc_ferry_kuryk_alat"]
    assert "'линии' refers back to it" in second["links"][0]
    # A line named in the sentence itself is not a reference to an earlier one.
    (named,) = propose("Паромы на линии Курык — Алят пересекают Каспий менее чем за сутки.")
    assert named["feature_ids"] == ["mc_ferry_kuryk_alat"]


def test_russian_loading_makes_a_port_town_its_port(propose):
    proposal = _one(propose, "Кроме того, из Батуми по-прежнему отгружаются нефтепродукты.")
    assert "batumi_port" in proposal["feature_ids"]


# -- a railway with aliases named by a run of its stations joined by dashes ------------------


@pytest.mark.parametrize(
    ("text", "railway", "not_places"),
    [
        (
            "Турция строит линию Карс — Ыгдыр — Аралык — Дилуджу длиной около 224 км.",
            "kars_dilucu_railway",
            {"Kars", "Iğdır"},
        ),
        (
            "Подрядчики ремонтируют участок Ордубад — Джульфа — Нахичевань.",
            "ordubad_julfa_nakhchivan_railway",
            {"Ordubad", "Culfa", "Naxçıvan"},
        ),
        (
            "Contractors are rebuilding the Ordubad – Culfa – Nakhchivan section.",
            "ordubad_julfa_nakhchivan_railway",
            {"Ordubad", "Culfa", "Naxçıvan"},
        ),
    ],
)
def test_a_run_of_stations_joined_by_dashes_names_their_railway(propose, text, railway, not_places):
    proposal = _one(propose, text)
    assert proposal["feature_ids"] == [railway]
    # The towns are the railway's name, not places (as in Baku-Tbilisi-Ceyhan).
    assert not not_places & set(proposal["places"])


def test_a_run_of_stations_of_no_one_railway_names_none(propose):
    # Baku and Tbilisi are no stations of the Kars–Dilucu railway.
    # The towns are a route's name, so not places either: nothing is proposed.
    proposals = propose("Делегация проехала маршрутом Тбилиси — Ереван — Карс.")
    assert not any("kars_dilucu_railway" in p["feature_ids"] for p in proposals)


# -- false links of the third batch: fields, rail sentences, Russian datelines ---------------


@pytest.mark.parametrize(
    "text",
    [
        "Chevron pumps more crude from the Tengiz field. The terminal is closed by a storm.",
        "Шеврон наращивает добычу на месторождении Тенгиз. Терминал закрыт из-за шторма.",
    ],
)
def test_the_terminal_never_refers_back_to_an_oil_field(propose, text):
    # tengiz_field has kind "terminal" for lack of a field kind; it is no terminal.
    assert all("tengiz_field" not in p["feature_ids"] for p in propose(text)[1:])


@pytest.mark.parametrize(
    "text",
    [
        "The Azerbaijani state railway said wagons would continue west from Alat through "
        "Hajigabul and Ganja to Boyuk Kesik.",
        "Азербайджанская железная дорога сообщила, что вагоны пойдут из Алята через Гянджу.",
    ],
)
def test_a_port_town_alias_in_a_rail_sentence_is_the_town(propose, text):
    proposal = _one(propose, text)
    assert "alat_port" not in proposal["feature_ids"]
    assert "Alat" in proposal["places"]
    assert "mc_rail_alat_boyuk_kesik" in proposal["feature_ids"]


def test_a_port_town_alias_in_a_shipping_sentence_is_still_the_port(propose):
    proposal = _one(propose, "Ferries carry rail wagons from Aktau to Alat.")
    assert "alat_port" in proposal["feature_ids"]


@pytest.mark.parametrize(
    "text",
    [
        "НОВОРОССИЙСК, 14 января Каспийский трубопроводный консорциум приостановил отгрузку "
        "нефти на морском терминале под Новороссийском из-за шторма.",
        "NOVOROSSIYSK, Russia — Tankers waited off the terminal near Novorossiysk on Monday.",
    ],
)
def test_a_dateline_town_named_again_in_its_sentence_is_not_its_port(propose, text):
    proposal = _one(propose, text)
    assert "novorossiysk_port" not in proposal["feature_ids"]
    assert "Novorossiysk" in proposal["places"]


@pytest.mark.parametrize(
    ("text", "ports"),
    [
        (
            "Cargoes from Supsa and from Batumi in Georgia pay much smaller additions.",
            {"supsa_terminal", "batumi_port"},
        ),
        (
            "At Ceyhan, where crude from the Baku-Tbilisi-Ceyhan pipeline is loaded, no "
            "addition applies.",
            {"ceyhan_terminal"},
        ),
        ("В Джейхане, где отгружается нефть, надбавки нет.", {"ceyhan_terminal"}),
    ],
)
def test_port_towns_where_cargoes_sail_or_crude_is_loaded_are_their_ports(propose, text, ports):
    assert ports <= set(_one(propose, text)["feature_ids"])


def test_wagons_loaded_at_a_port_town_by_rail_are_no_shipping(propose):
    proposal = _one(propose, "Wagons are loaded at Batumi station for the rail run to Tbilisi.")
    assert "batumi_port" not in proposal["feature_ids"]
