"""The Folium map's structure, asserted on its rendered HTML (the habit of geopandas' explore)."""

from __future__ import annotations

import json
import re

import pytest
from pagedata import embedded_properties

from geo.boundaries import load_countries
from geo.claim_layer import claim_layer_data, expand_claims
from geo.filters import View, apply_view, short_name, system_names
from geo.map_style import line_style, system_colours
from geo.mapping import build_map
from geo.popups import SourceIndex, claim_popup
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
    assert js("Claims") in page
    drawn_topics = {p["topic"] for p in embedded_properties(page, "claims")}
    assert drawn_topics == set(repo_atlas.claims.dropna(subset=["geometry"])["topic"])
    assert js("Ports and terminals") in page and js("Countries (base, no tiles needed)") in page
    assert "L.control.layers" in page and "AtlasMap.claims(" in page


def _popups(page: str) -> dict[str, dict]:
    return {
        p["popup"]["id"]: p["popup"]
        for kind in ("routes", "points", "ports", "claims")
        for p in embedded_properties(page, kind)
        if "popup" in p  # waypoints have a tooltip only
    }


def test_every_feature_popup_cites_its_sources(rendered, repo_atlas):
    page, index = rendered
    numbers = {url: n for n, _, url in index.items()}
    popups = _popups(page)
    for feature in repo_atlas.features.itertuples():
        if feature.kind == "corridor":  # drawn as its legs; its sources are in the list
            assert all(s["url"] in numbers for s in feature.sources)
            continue
        cited = {(c["n"], c["title"], c["url"]) for c in popups[feature.id]["sources"]}
        for source in feature.sources:
            n = index.entries[(source["url"], source["title"])]
            assert (n, source["title"], source["url"]) in cited


def test_claim_popups_carry_their_article_link_and_flags(rendered, repo_atlas):
    page, index = rendered
    numbers = {url: n for n, _, url in index.items()}
    flagged = repo_atlas.claims[[bool(f) for f in repo_atlas.claims["flags"]]].iloc[0]
    source = repo_atlas.sources[flagged["source_id"]]
    popup = _popups(page)[flagged["id"]]
    assert popup["cite"]["n"] == numbers[source.url] and popup["cite"]["url"] == source.url
    assert popup["quote"] == flagged["quote"]
    assert any(f.startswith("Place put in the wrong country: ") for f in popup["flags"])
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
    assert {p["topic"] for p in embedded_properties(btc_only, "claims")} == {"energy"}
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
    # No markup anywhere: the name travels as JSON data and the layer control escapes it.
    assert "<img" not in page
    assert "Route · &lt;img src=x onerror=alert(1)&gt;" in json.loads(
        re.search(r'"(Route (?:[^"\\]|\\.)*img(?:[^"\\]|\\.)*)"', page).group(0)
    )
    tips = {p["tip"] for p in embedded_properties(page, "routes")}
    assert "<img src=x onerror=alert(1)>" in tips


def test_legend_explains_route_systems_statuses_and_flags(rendered, repo_atlas):
    page, _ = rendered
    start = page.index("div.innerHTML = ") + len("div.innerHTML = ")
    legend, _ = json.JSONDecoder().raw_decode(page, start)
    for label in (
        "Baku–Tbilisi–Ceyhan",
        "oil pipeline",
        "gas pipeline",
        "railway",
        "ferry",
        "under construction",
        "proposed / shelved",
        "flagged claim",
    ):
        assert label in legend
    assert 'stroke-dasharray="10 6"' in legend


def test_each_route_system_has_its_own_colour_within_its_family(repo_atlas):
    colours = system_colours(repo_atlas.features)
    oil = {colour for (system, family), colour in colours.items() if family == "crude_oil"}
    oil_systems = [system for system, family in colours if family == "crude_oil"]
    assert len(oil_systems) >= 4 and len(oil) == len(oil_systems)
    # The pipelines that share BTC's corridor stay visible: BTC is drawn as a wider band.
    btc = line_style({"id": "btc_pipeline", "mode": "pipeline", "status": "operating"}, "#000")
    scp = line_style({"id": "scp_pipeline", "mode": "pipeline", "status": "operating"}, "#000")
    assert btc["weight"] > scp["weight"] + 3


def test_the_claims_table_expands_to_the_popups_claim_popup_gives(repo_atlas):
    names = dict(zip(repo_atlas.features["id"], repo_atlas.features["name"], strict=True))
    claims = repo_atlas.claims[repo_atlas.claims.geometry.notna()]
    index, reference = SourceIndex(), SourceIndex()
    data = claim_layer_data(claims, repo_atlas.sources, index, names)
    expanded = {p["id"]: p for p in expand_claims(data)}
    assert len(expanded) == len(claims)
    for claim in claims.to_dict("records"):
        popup = claim_popup(claim, repo_atlas.sources.get(claim["source_id"]), reference, names)
        assert expanded[claim["id"]]["popup"] == popup
    # Shared text is written once: one citation per article, one entry per feature name.
    assert len(data["sources"]) == claims["source_id"].nunique()
    assert len(data["names"]) == len(set().union(*claims["feature_ids"]))


def test_a_claim_without_a_known_source_cites_its_source_id(repo_atlas):
    claims = repo_atlas.claims[repo_atlas.claims.geometry.notna()].iloc[:1]
    data = claim_layer_data(claims, {}, SourceIndex(), {})
    assert expand_claims(data)[0]["popup"]["cite"] == {"title": claims.iloc[0]["source_id"]}
