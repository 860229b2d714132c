"""Streamlit building blocks for app.py: cached loading, filters in the URL, panels."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.atlas import Atlas, load_atlas
from geo.boundaries import load_countries
from geo.claims import TOPICS
from geo.export import claims_csv, claims_geojson, features_geojson
from geo.filters import View, route_systems, rows_where, short_name
from geo.layout import REPO_ROOT, Layout
from geo.mapping import build_base_map, build_layers, map_credits
from geo.popups import flag_text
from geo.report import export_html
from geo.safe_text import markdown_text, safe_url
from geo.sources import article_text

LIST_PARAMS = ("systems", "topics", "sources", "status", "countries")


@st.cache_resource(show_spinner="Loading corridors and claims…")
def _load(root: str) -> Atlas:
    return load_atlas(Layout(Path(root)))


def cached_atlas() -> Atlas:
    """Load the data once per server process: the repository's, or ``$CORRIDORS_ROOT``."""
    return _load(os.environ.get("CORRIDORS_ROOT", str(REPO_ROOT)))


def _split(value: str | None, allowed: list[str]) -> list[str] | None:
    if value is None:
        return None
    chosen = [v for v in value.split(",") if v in allowed]
    return chosen


def view_from_query(params, atlas: Atlas, systems: dict[str, str]) -> dict:
    """Read filters, the selected route and the tile switch from the URL.

    Unknown values in the URL are dropped rather than failing, so an old link still opens.
    """
    options = filter_options(atlas, systems)
    state = {key: _split(params.get(key), options[key]) for key in LIST_PARAMS}
    state["q"] = params.get("q", "")
    route = params.get("route") or None
    state["selected"] = route if route in set(atlas.features["id"]) else None
    state["tiles"] = params.get("tiles") == "1"
    return state


def filter_options(atlas: Atlas, systems: dict[str, str]) -> dict[str, list[str]]:
    """Every value each filter can take."""
    features = atlas.features
    return {
        "systems": list(systems),
        "topics": [t for t in TOPICS if t in set(atlas.claims["topic"])] or list(TOPICS),
        "sources": list(atlas.sources),
        "status": sorted(set(features["status"])),
        "countries": sorted({c for cs in features["countries"] for c in (cs or [])}),
    }


def source_label(atlas: Atlas, source_id: str) -> str:
    """Publisher first: the word analysts scan for in a list of sources."""
    source = atlas.sources.get(source_id)
    if source is None:
        return source_id
    return f"{source.publisher or 'unknown publisher'}: {source.label}"


def sidebar_filters(atlas: Atlas, systems: dict[str, str], state: dict) -> View:
    """Draw the filter widgets and return the View they describe."""
    options = filter_options(atlas, systems)
    labels = {
        "systems": ("Route systems", lambda s: short_name(systems.get(s, s))),
        "topics": ("Claim topics", str),
        "sources": ("Sources", lambda s: source_label(atlas, s)),
        "status": ("Status", str),
        "countries": ("Countries crossed", str),
    }
    chosen = {}
    for key, (label, fmt) in labels.items():
        default = state[key] if state[key] is not None else options[key]
        picked = st.multiselect(label, options[key], default=default, format_func=fmt, key=key)
        # Everything picked means no restriction, so new data shows up in old links.
        chosen[key] = None if set(picked) == set(options[key]) else tuple(picked)
    text = st.text_input("Search quotes", value=state["q"], key="q", placeholder="e.g. tons")
    return View(
        systems=chosen["systems"],
        topics=chosen["topics"],
        sources=chosen["sources"],
        statuses=chosen["status"],
        countries=chosen["countries"],
        text=text,
    )


def write_query(params, view: View, selected: str | None, tiles: bool) -> None:
    """Mirror the view into the URL so a link reproduces it."""
    values = {
        "systems": view.systems,
        "topics": view.topics,
        "sources": view.sources,
        "status": view.statuses,
        "countries": view.countries,
    }
    for key, value in values.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = ",".join(value)
    if view.text.strip():
        params["q"] = view.text.strip()
    else:
        params.pop("q", None)
    if tiles:
        params["tiles"] = "1"
    else:
        params.pop("tiles", None)
    if selected:
        params["route"] = selected


def skipped_banner(atlas: Atlas) -> None:
    """Warn, without failing, when some records were invalid; list them on demand."""
    if not atlas.problems:
        return
    skipped = atlas.skipped
    st.warning(
        f"{len(skipped)} invalid record(s) were skipped and {len(atlas.problems) - len(skipped)} "
        "more have warnings; everything valid is shown. Run `corridors check` for details.",
        icon="⚠️",
    )
    with st.expander("What was skipped or questioned"):
        st.code("\n".join(str(p) for p in sorted(atlas.problems)), language=None)


def map_parts(
    atlas: Atlas,
    features: gpd.GeoDataFrame,
    claims: gpd.GeoDataFrame,
    tiles: bool,
    waypoints: bool = False,
) -> tuple[folium.Map, list[folium.FeatureGroup], folium.LayerControl]:
    """The base map (unchanged by filters, so the view keeps its place) and data layers."""
    base = build_base_map(
        load_countries(atlas.layout.countries_file),
        asset_mode="local",
        tiles=True,
        show_tiles=tiles,
        legend_open=False,
        credits=map_credits(atlas.features),
        legend_features=atlas.features,
    )
    # st_folium adds every layer it is given as visible, so an off-by-default layer is only
    # passed when the user asks for it.
    layers, _ = build_layers(
        features, claims, atlas.sources, all_features=atlas.features, waypoints=waypoints
    )
    # Collapsed: the app has the sidebar filters, so the map keeps its room.
    return base, layers, folium.LayerControl(collapsed=True, position="topright")


def download_buttons(
    atlas: Atlas, view: View, features: gpd.GeoDataFrame, claims: gpd.GeoDataFrame, result
) -> None:
    """HTML of the current view (self-contained) and the filtered data as GeoJSON and CSV."""
    centre = (result or {}).get("center")
    zoom = (result or {}).get("zoom")
    location = (centre["lat"], centre["lng"]) if centre else None
    cols = st.columns(3)
    cols[0].download_button(
        "Map as HTML (offline)",
        data=lambda: export_html(
            atlas, view, self_contained=True, tiles=True, location=location, zoom=zoom
        ),
        file_name="corridor-atlas.html",
        mime="text/html",
        icon="🗺️",
        on_click="ignore",
    )
    geojson = {
        "type": "FeatureCollection",
        "features": features_geojson(features)["features"] + claims_geojson(claims)["features"],
    }
    cols[1].download_button(
        "Data as GeoJSON",
        data=json.dumps(geojson, ensure_ascii=False),
        file_name="corridor-atlas.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )
    cols[2].download_button(
        "Claims as CSV",
        data=claims_csv(claims),
        file_name="corridor-atlas-claims.csv",
        mime="text/csv",
        on_click="ignore",
    )


def route_picker(
    atlas: Atlas, features: gpd.GeoDataFrame, selected: str | None, result
) -> str | None:
    """The selected route: clicked on the map, or picked from the list."""
    names = dict(zip(atlas.features["id"], atlas.features["name"], strict=True))
    by_name = {name: fid for fid, name in names.items()}
    tooltip = html.unescape(str((result or {}).get("last_object_clicked_tooltip") or "")).strip()
    clicked = by_name.get(tooltip)
    if clicked and clicked != st.session_state.get("_last_clicked"):
        st.session_state["_last_clicked"] = clicked
        st.session_state["route_select"] = clicked
        selected = clicked
    choices = [None] + sorted(atlas.features["id"], key=lambda f: names[f])
    if st.session_state.get("route_select") not in choices:
        st.session_state["route_select"] = selected
    if "route_select" not in st.session_state:
        st.session_state["route_select"] = selected
    return st.selectbox(
        "Route, port or terminal",
        choices,
        format_func=lambda f: "— click a route on the map or pick one —" if f is None else names[f],
        key="route_select",
    )


def highlighted_paragraph(text: str, start: int, end: int) -> str:
    """The paragraph around ``text[start:end]``, escaped, with the quote in ``<mark>``."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", end)
    para_end = len(text) if para_end < 0 else para_end
    return (
        html.escape(text[para_start:start])
        + "<mark>"
        + html.escape(text[start:end])
        + "</mark>"
        + html.escape(text[end:para_end])
    )


def claims_about(atlas: Atlas, feature_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Claims naming a feature (or any leg of a corridor), and claims placed near it."""
    systems = route_systems(atlas.features)
    family = {fid for fid, sys in systems.items() if sys == feature_id} | {feature_id}
    parent = systems.get(feature_id)
    if parent and parent != feature_id:
        family.add(parent)
    direct = rows_where(atlas.claims, [bool(set(f) & family) for f in atlas.claims["feature_ids"]])
    near_ids = set(atlas.near[atlas.near["feature_id"].isin(family)]["claim_id"])
    near = atlas.claims[atlas.claims["id"].isin(near_ids - set(direct["id"]))]
    return direct, near


def route_panel(atlas: Atlas, feature_id: str | None, view: View) -> None:
    """Every claim about the selected route, grouped by source, each in its paragraph."""
    if not feature_id:
        st.info(
            "Select a route on the map (click it) or in the list to read what each source says."
        )
        return
    feature = atlas.catalog.get(feature_id)
    st.subheader(markdown_text(feature["name"]))
    facts = [
        f"{feature['kind']} · {feature['status']}",
        f"{feature['length_km']:,.0f} km geodesic" if feature.get("length_km") else None,
        f"published {feature['published_length_km']:,.0f} km"
        if feature.get("published_length_km")
        else None,
        ", ".join(feature.get("countries") or []) or None,
        "bypasses Russia" if feature.get("bypasses_russia") else None,
        f"geometry: {feature['accuracy']}",
    ]
    st.markdown(markdown_text(" · ".join(f for f in facts if f)))
    direct, near = claims_about(atlas, feature_id)
    if direct.empty and near.empty:
        st.write("No claim in the sources is about this feature yet.")
        return
    for label, frame in (("About this route", direct), ("Placed nearby", near)):
        if frame.empty:
            continue
        st.markdown(f"##### {label} ({len(frame)})")
        for source_id, group in frame.groupby("source_id", sort=False):
            source = atlas.sources[source_id]
            text = article_text(atlas.layout, source)
            url = safe_url(source.url)
            # Article metadata is untrusted: escaped for Markdown, the link only when http(s).
            title = markdown_text(source.label)
            link = f"[{title}](<{url.replace('>', '%3E')}>)" if url else title
            with st.expander(f"{title} — {len(group)} claim(s)", expanded=True):
                st.markdown(
                    f"{link} · {markdown_text(source.publisher or 'publisher unknown')} · "
                    f"{markdown_text(source.date or 'date unknown')}"
                )
                for claim in group.itertuples():
                    st.html(
                        '<div class="atlas-para">'
                        + highlighted_paragraph(text, claim.start, claim.end)
                        + "</div>"
                    )
                    for flag in claim.flags:
                        st.caption(f"⚠️ {markdown_text(flag_text(flag))}")


def claims_table(atlas: Atlas, claims: gpd.GeoDataFrame) -> None:
    """All claims in view, with their sources linked."""
    st.markdown(f"#### Claims in view ({len(claims)})")
    if claims.empty:
        st.write("No claim matches the filters.")
        return
    table = pd.DataFrame(
        {
            "quote": claims["quote"],
            "topic": claims["topic"],
            "features": [", ".join(f) for f in claims["feature_ids"]],
            "places": [", ".join(p) for p in claims["places"]],
            "flags": [len(f) for f in claims["flags"]],
            "source": [atlas.sources[s].label for s in claims["source_id"]],
            "link": [safe_url(atlas.sources[s].url) for s in claims["source_id"]],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "link": st.column_config.LinkColumn("link", display_text="open"),
            "quote": st.column_config.TextColumn("quote", width="large"),
            "flags": st.column_config.NumberColumn("flags", help="Flags raised on the claim"),
        },
    )


def charts(claims: gpd.GeoDataFrame) -> None:
    """Claims per source and per topic."""
    if claims.empty:
        return
    left, right = st.columns(2)
    left.markdown("##### Claims per source")
    left.bar_chart(claims.groupby("source_id").size().rename("claims"), horizontal=True)
    right.markdown("##### Claims per topic")
    right.bar_chart(claims.groupby("topic").size().rename("claims"), horizontal=True)
