"""Flags a fact-checker relies on: wrong country, numbers against the geodata and each other."""

from __future__ import annotations

import geopandas as gpd
import pytest

from geo.flags import (
    NUMBER_VS_GEODATA,
    NUMBER_VS_SOURCE,
    PLACE_COUNTRY_MISMATCH,
    UNRESOLVED_PLACE,
    country_mismatch_flags,
    cross_source_flags,
    geodata_number_flags,
    unresolved_place_flags,
)
from geo.gazetteer import AliasMatcher


@pytest.fixture(scope="module")
def parts(repo_atlas):
    return repo_atlas.gazetteer, AliasMatcher(repo_atlas.aliases), repo_atlas.catalog


def test_a_place_put_in_the_wrong_country_is_flagged(parts):
    gazetteer, matcher, catalog = parts
    flags = country_mismatch_flags(
        "Trucks reach Atyrau Port (Azerbaijan) daily.", gazetteer, matcher, catalog
    )
    assert len(flags) == 1 and flags[0].startswith(PLACE_COUNTRY_MISMATCH)
    assert "Atyrau" in flags[0] and "KAZ" in flags[0]


def test_a_mapped_feature_put_in_the_wrong_country_is_flagged(parts):
    gazetteer, matcher, catalog = parts
    flags = country_mismatch_flags(
        "The port of Poti (Armenia) was busy.", gazetteer, matcher, catalog
    )
    assert flags and "GEO" in flags[0]


def test_the_right_country_raises_nothing(parts):
    gazetteer, matcher, catalog = parts
    assert (
        country_mismatch_flags("Aktau Port (Kazakhstan) grew.", gazetteer, matcher, catalog) == []
    )


def test_a_length_against_the_published_length(parts):
    _, _, catalog = parts
    wrong = geodata_number_flags(
        "The 2,400 km BTC pipeline runs to Ceyhan.", ["btc_pipeline"], catalog
    )
    assert len(wrong) == 1 and wrong[0].startswith(NUMBER_VS_GEODATA) and "1768" in wrong[0]
    right = geodata_number_flags(
        "The 1,768 km BTC pipeline runs to Ceyhan.", ["btc_pipeline"], catalog
    )
    assert right == []
    # With two routes named, the figure's subject is ambiguous: no flag.
    assert (
        geodata_number_flags("The 2,400 km line", ["btc_pipeline", "cpc_pipeline"], catalog) == []
    )


def test_a_russian_figure_is_compared_with_the_geodata(parts):
    _, _, catalog = parts
    wrong = geodata_number_flags(
        "Протяжённость нефтепровода БТД — 2400 км.", ["btc_pipeline"], catalog
    )
    assert len(wrong) == 1 and wrong[0].startswith(NUMBER_VS_GEODATA) and "1768" in wrong[0]
    assert geodata_number_flags("Длина БТД — 1 768 км.", ["btc_pipeline"], catalog) == []
    # Capacity: a Russian figure meets the same published figures as its English wording.
    for russian, english in (
        ("Мощность БТД — 1,2 млн баррелей в сутки.", "BTC carries 1.2 million barrels per day."),
        ("Мощность БТД — 3 млн баррелей нефти в сутки.", "BTC carries 3 million bbl/d."),
    ):
        ru_flags = geodata_number_flags(russian, ["btc_pipeline"], catalog)
        en_flags = geodata_number_flags(english, ["btc_pipeline"], catalog)
        assert [f.split("; ")[1] for f in ru_flags] == [f.split("; ")[1] for f in en_flags]
    assert geodata_number_flags(
        "Мощность БТД — 3 млн баррелей нефти в сутки.", ["btc_pipeline"], catalog
    )


def _claims(rows):
    return gpd.GeoDataFrame(rows, columns=["id", "source_id", "quote", "feature_ids"])


def test_two_sources_disagreeing_on_the_same_figure_are_both_flagged():
    claims = _claims(
        [
            [
                "a-1",
                "a",
                "In 2023 the BTC pipeline carried 1.5 million tons of Kazakh oil.",
                ["btc_pipeline"],
            ],
            ["b-1", "b", "Kazakh oil via BTC reached 1.05 million tons in 2023.", ["btc_pipeline"]],
            ["c-1", "c", "In 2024 the BTC pipeline carried 1.5 million tons.", ["btc_pipeline"]],
        ]
    )
    flags = cross_source_flags(claims)
    assert set(flags) == {"a-1", "b-1"}  # c-1 is about another year
    assert flags["a-1"][0].startswith(NUMBER_VS_SOURCE) and "b-1" in flags["a-1"][0]


def test_a_russian_and_an_english_source_compare_like_with_like():
    claims = _claims(
        [
            ["a-1", "a", "In 2023 the BTC pipeline carried 1.5 million tons.", ["btc_pipeline"]],
            ["b-1", "b", "В 2023 году по БТД прокачано 1,5 млн тонн.", ["btc_pipeline"]],
            ["c-1", "c", "В 2023 году по БТД прокачано 2,1 млн т.", ["btc_pipeline"]],
        ]
    )
    flags = cross_source_flags(claims)
    assert set(flags) == {"a-1", "b-1", "c-1"}
    assert all("c-1" in flag for flag in flags["a-1"] + flags["b-1"])


def test_same_figure_from_two_sources_is_not_flagged():
    claims = _claims(
        [
            ["a-1", "a", "In 2023 the BTC pipeline carried 1.5 million tons.", ["btc_pipeline"]],
            ["b-1", "b", "BTC moved 1.5 million tonnes of Kazakh crude in 2023.", ["btc_pipeline"]],
        ]
    )
    assert cross_source_flags(claims) == {}


def test_unresolved_places_are_flagged_in_words(parts):
    gazetteer, _, _ = parts
    flags = unresolved_place_flags(["Baku", "Atlantis-on-Caspian"], gazetteer)
    assert flags == [
        f"{UNRESOLVED_PLACE}: 'Atlantis-on-Caspian' cannot be located, so the "
        "claim is not placed there"
    ]


def test_the_curated_atyrau_claim_carries_its_flag(repo_atlas):
    flagged = repo_atlas.claims[[bool(f) for f in repo_atlas.claims["flags"]]]
    atyrau = flagged[flagged["quote"].str.contains("Atyrau Port")]
    assert len(atyrau) == 1
    assert atyrau.iloc[0]["flags"][0].startswith(PLACE_COUNTRY_MISMATCH)
