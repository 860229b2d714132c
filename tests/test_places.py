"""Names in places.json records without a coordinate, two-letter Cyrillic names and Russian
adjectives inside names of two words."""

from __future__ import annotations

import json

from geo.names import NameIndex


def test_an_adjective_in_a_name_of_two_words_declines():
    index = NameIndex([("Южная Озереевка", "town"), ("Баку", "city")])
    assert [h.value for h in index.find("Терминал в Южной Озереевке.")] == ["town"]
    # The short-word guard still holds for a one-word name: «бака» is not Baku.
    assert index.find("Бака с водой.") == []


def _add_places(root, *records) -> None:
    path = root / "data" / "places.json"
    places = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps([*places, *records], ensure_ascii=False), encoding="utf-8")


SOURCE = [{"title": "x", "url": "https://example.org/x", "kind": "web"}]


def test_check_reports_names_for_a_place_that_resolves_nowhere(mini_root, check):
    _add_places(mini_root, {"name": "Zz Nowhere", "aliases": ["Зз"], "sources": SOURCE})
    result = check(mini_root)
    assert any(
        line.startswith("data/places.json:Zz Nowhere: ") and "names no place" in line
        for line in result.lines
    ), result.output


def test_check_reports_an_alias_that_names_another_place(mini_root, check):
    _add_places(mini_root, {"name": "Shu", "aliases": ["Almaty"], "sources": SOURCE})
    result = check(mini_root)
    assert any(
        line.startswith("data/places.json:Shu: ") and "already names" in line
        for line in result.lines
    ), result.output


def test_check_reports_names_without_sources(mini_root, check):
    _add_places(mini_root, {"name": "Shu", "aliases": ["Шуу"]})
    result = check(mini_root)
    assert any(
        line.startswith("data/places.json:Shu: ") and "no sources" in line for line in result.lines
    ), result.output
