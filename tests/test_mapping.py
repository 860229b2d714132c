"""The Folium map's structure, asserted on its rendered HTML (the habit of geopandas' explore)."""

from __future__ import annotations

import html
import json
import re

import pytest

from geo.boundaries import load_countries
from geo.filters import View, apply_view, short_name, system_names
from geo.mapping import build_map
from geo.report import export_html


def js(text: str) -> str:
    """How folium writes a layer name into the page's script."""
    return json.dumps(text)


@pytest.fixture(scope="module")
def rendered(repo_atlas):
    countries = load_countries(repo_atlas.layout.countries_file)
    m, index = build_map(repo_atlas.features, repo_atlas.claims, repo_atlas.sources, countries)
    return m.get_root().render(), index


def test_a_layer_per_route_system_and_claim_topic(rendered, repo_atlas):
    page, _ = rendered
    for name in system_names(repo_atlas.features).values():
        assert js(f"Route · {short_name(name)}") in page
    for topic in set(repo_atlas.claims["topic"]):
        assert js(f"Claims · {topic}") in page
    assert js("Ports and terminals") in page and js("Countries (base, no tiles needed)") in page
    assert "L.control.layers" in page and "markerClusterGroup" in page


def test_every_feature_popup_cites_its_sources(rendered, repo_atlas):
    page, index = rendered
    numbers = {url: n for n, _, url in index.items()}
    for feature in repo_atlas.features.itertuples():
        if feature.kind == "corridor":  # drawn as its legs; its sources are in the list
            assert all(s["url"] in numbers for s in feature.sources)
            continue
        for source in feature.sources:
            n = numbers[source["url"]]
            assert f'[{n}] <a href="{html.escape(source["url"])}"' in page


def test_claim_popups_carry_their_article_link_and_flags(rendered, repo_atlas):
    page, index = rendered
    numbers = {url: n for n, _, url in index.items()}
    flagged = repo_atlas.claims[[bool(f) for f in repo_atlas.claims["flags"]]].iloc[0]
    source = repo_atlas.sources[flagged["source_id"]]
    assert f"[{numbers[source.url]}]" in page
    assert "atlas-flags" in page and "place_country_mismatch" in page
    # Articles are numbered first, so claim citations stay short.
    assert max(numbers[s.url] for s in repo_atlas.sources.values() if s.url) <= len(
        repo_atlas.sources
    )


def test_filters_change_what_is_drawn(repo_atlas):
    everything = export_html(repo_atlas, View())
    btc_only = export_html(repo_atlas, View(systems=("btc_pipeline",), topics=("energy",)))
    assert js("Route · Baku–Tbilisi–Ceyhan") in btc_only
    middle = js("Route · Middle Corridor")
    assert middle in everything and middle not in btc_only
    assert js("Claims · energy") in btc_only and js("Claims · security") not in btc_only
    features, claims = apply_view(repo_atlas, View(systems=("btc_pipeline",)))
    assert set(claims["id"]) < set(repo_atlas.claims["id"])
    visible = set(features["id"])
    assert "middle_corridor" not in visible and "btc_pipeline" in visible
    assert all(set(f) & visible for f in claims["feature_ids"])
    assert any("btc_pipeline" in f for f in claims["feature_ids"])


def test_hostile_feature_name_is_escaped_in_tooltip_and_popup(repo_atlas):
    features = repo_atlas.features.copy()
    features.loc[features["id"] == "btc_pipeline", "name"] = "<img src=x onerror=alert(1)>"
    countries = load_countries(repo_atlas.layout.countries_file)
    m, _ = build_map(features, repo_atlas.claims.iloc[:0], repo_atlas.sources, countries)
    page = m.get_root().render()
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_legend_explains_modes_statuses_and_flags(rendered):
    page, _ = rendered
    for label in (
        "Oil pipeline",
        "Gas pipeline",
        "Railway",
        "Ferry",
        "under construction",
        "proposed / shelved",
        "flagged claim",
    ):
        assert label in page
    assert re.search(r'stroke-dasharray=\\?"10 6', page)
