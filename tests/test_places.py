"""Places that corridor articles name and the gazetteer once missed: the towns, provinces and
border points added to data/places.json, and the Russian names added to places found
elsewhere (a GeoNames city, a route waypoint) by records without a coordinate."""

from __future__ import annotations

import json

import pytest

from geo.atlas import load_atlas
from geo.names import NameIndex


@pytest.fixture(scope="module")
def gazetteer():
    return load_atlas().gazetteer


def _found(gazetteer, text: str) -> set[str]:
    return {m.key for m in gazetteer.find(text)}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("A transit route through Syunik province near Meghri.", "Syunik"),
        ("Самый сложный участок — около 40 км по Сюнику на юге Армении.", "Syunik"),
        ("Власти Сюникской области возражают.", "Syunik"),
        ("A deep-water port at Anaklia has been put out to tender again.", "Anaklia"),
        ("Строительство глубоководного порта в Анаклии продолжается.", "Anaklia"),
        ("Trains from Alashankou cross at Dostyk.", "Alashankou"),
        ("Поезда из Алашанькоу идут на Достык.", "Alashankou"),
        ("The line runs through the Fuzuli, Jabrayil and Zangilan districts.", "Jabrayil"),
        ("The line runs through the Fuzuli, Jabrayil and Zangilan districts.", "Zangilan"),
        ("Дорога проходит через Физули, Джебраил и Зангилан.", "Jabrayil"),
        ("Дорога проходит до Зангилана.", "Zangilan"),
        ("From Aghband, trains are to continue towards Julfa.", "Ağbənd"),
        ("Из Агбенда поезда пойдут к Джульфе.", "Ağbənd"),
        ("The pipeline crosses Dagestan before reaching Novorossiysk.", "Dagestan"),
        ("Нефтепровод проходит по Дагестану.", "Dagestan"),
        ("TAP runs 878 km from Kipoi in Greece to Melendugno in Italy.", "Kipoi"),
        ("TAP runs 878 km from Kipoi in Greece to Melendugno in Italy.", "Melendugno"),
        ("TANAP reaches the Greek border at Ipsala.", "İpsala"),
        ("Он выходит к греческой границе в районе Ипсалы.", "İpsala"),
        ("Ports of the Mangystau Region are busy.", "Mangystau Region"),
        ("Власти Мангистауской области рассчитывают на инвесторов.", "Mangystau Region"),
        ("Средний коридор: от Алтынколя до Констанцы.", "Altynkol"),
        ("Поезда идут через Шу, Арысь и Кызылорду.", "Shu"),
        ("Дорога тянется от Ордубада до Садарака.", "Sədərək"),
        ("Вагоны следуют через Гянджу к станции Беюк-Кесик.", "Boyuk Kesik"),
        ("Вагоны следуют к станции Бёюк-Кесик.", "Boyuk Kesik"),
        ("Танкеры загружаются у терминала в Южной Озереевке.", "Yuzhnaya Ozereyevka"),
        ("Терминал в Южной Озерейке располагает тремя ВПУ.", "Yuzhnaya Ozereyevka"),
        ("Контейнеры идут через Хоргос.", "Qarasu"),  # as 'Khorgos' resolves in English
        ("Boxes cross at Altynkol opposite Khorgos.", "Qarasu"),
    ],
)
def test_places_named_in_english_and_russian_are_found(gazetteer, text, place):
    assert place in _found(gazetteer, text)


@pytest.mark.parametrize(
    "text",
    [
        "Шуя стоит на реке Тезе.",  # another town, not Shu
        "Он сказал «шу» и ушёл.",  # lower case
        "ШУМ на станции.",
    ],
)
def test_the_two_letter_shu_is_only_the_capitalised_word(gazetteer, text):
    assert "Shu" not in _found(gazetteer, text)


@pytest.mark.parametrize("text", ["Грузы идут через Актау.", "Груз прибыл вовремя.", "Груза нет."])
def test_cargo_opening_a_russian_sentence_is_not_georgia(gazetteer, text):
    # «Грузия» keeps its «и» in every case, so «Грузы» (cargo) does not fold to its stem.
    assert [m.key for m in gazetteer.find(text) if m.key == "Georgia"] == []
    assert [m.key for m in gazetteer.find("Грузы идут в Грузию и из Грузии.")] == ["Georgia"] * 2


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # An adjective made from a town's name is not the town ...
        ("Каспийские паромы идут в Алят.", ["Alat"]),
        ("Черноморские порты ждут зерно.", []),
        ("Новороссийский порт закрыт.", []),
        # ... nor an adjective of another gender than an adjective-named town's.
        ("Железнодорожная линия открыта.", []),
        # «Рост» (growth) is not Rostov, whose «-ов» is its stem, not an ending.
        ("Рост транзита продолжился.", []),
        # The towns themselves, in any case, still are.
        ("Паромы стоят в Каспийске.", ["Kaspiysk"]),
        ("Грузы пришли из Ростова и из Китая до Актогая.", ["Rostov-on-Don", "China", "Aktogay"]),
    ],
)
def test_russian_adjectives_and_common_words_are_not_towns(gazetteer, text, found):
    assert [m.key for m in gazetteer.find(text)] == found


def test_mangistau_and_mangyshlak_alone_stay_the_station_town(gazetteer):
    found = _found(gazetteer, "Дорога идёт от Бейнеу через Шетпе и Мангышлак.")
    assert "Mangistau" in found and "Mangystau Region" not in found
    assert gazetteer.resolve("Mangyshlak").name == "Mangistau"


def test_names_without_a_coordinate_resolve_to_the_place_found_elsewhere(gazetteer):
    assert gazetteer.resolve("Алтынколь") == gazetteer.resolve("Altynkol")
    assert gazetteer.resolve("Шу") == gazetteer.resolve("Shu")
    assert gazetteer.resolve("Aghband") == gazetteer.resolve("Ağbənd")
    # The curated places carry their sourced point.
    ipsala = gazetteer.resolve("İpsala")
    assert (round(ipsala.lat, 3), round(ipsala.lon, 3)) == (40.922, 26.382)
    assert "wikipedia" in ipsala.source_url


def test_an_adjective_in_a_name_of_two_words_declines():
    index = NameIndex([("Южная Озереевка", "town"), ("Баку", "city")])
    assert [h.value for h in index.find("Терминал в Южной Озереевке.")] == ["town"]
    # The short-word guard still holds for a one-word name: «бака» is not Baku.
    assert index.find("Бака с водой.") == []


def test_a_province_in_a_legs_name_is_not_its_station():
    from geo.extract import propose_claims
    from geo.gazetteer import AliasMatcher

    atlas = load_atlas()
    text = "Beyond Meghri, the Soviet-era line through Ordubad and Julfa would need rebuilding."
    (proposal,) = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    assert "syunik_meghri_section" not in proposal["feature_ids"]


def _add_places(root, *records) -> None:
    path = root / "data" / "places.json"
    places = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps([*places, *records], ensure_ascii=False), encoding="utf-8")


SOURCE = [{"title": "x", "url": "https://example.org/x", "kind": "web"}]


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"name": "Zz Nowhere", "aliases": ["Зз"], "sources": SOURCE}, "names no place"),
        ({"name": "Shu", "aliases": ["Almaty"], "sources": SOURCE}, "already names"),
        ({"name": "Shu", "aliases": ["Шуу"]}, "no sources"),
    ],
)
def test_check_reports_a_names_only_record_it_cannot_use(mini_root, check, record, reason):
    _add_places(mini_root, record)
    result = check(mini_root)
    assert any(
        line.startswith(f"data/places.json:{record['name']}: ") and reason in line
        for line in result.lines
    ), result.output


@pytest.mark.parametrize(
    ("text", "sea"),
    [
        ("The BTC carries crude to the Mediterranean.", "Mediterranean Sea"),
        ("Нефть идет к Средиземному морю.", "Mediterranean Sea"),
        ("TAP runs near the Aegean Sea coast.", "Aegean Sea"),
        ("Grain leaves ports on the Sea of Azov.", "Sea of Azov"),
        ("Танкеры из Азовского моря идут в Черное море.", "Sea of Azov"),
    ],
)
def test_the_seas_around_the_corridors_are_places(gazetteer, text, sea):
    assert sea in [m.key for m in gazetteer.find(text)]
