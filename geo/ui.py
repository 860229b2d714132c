"""Streamlit building blocks for app.py: cached loading, the view in the URL, filters, map.

The sidebar decides what is drawn (the map's layer list offers only tiles and waypoints), and
the URL holds the filters, the selected feature and the map's view, so a link reopens it.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import folium
import geopandas as gpd
import pandas as pd
import streamlit as st

from geo.assets import sync_own_assets
from geo.atlas import Atlas, load_atlas
from geo.boundaries import load_countries
from geo.claims import TOPICS
from geo.export import claims_csv, claims_geojson, features_geojson
from geo.filters import View, route_systems, short_name
from geo.layout import REPO_ROOT, Layout
from geo.mapping import build_base_map, build_layers, map_credits
from geo.popups import SourceIndex, counted, flag_text
from geo.report import export_html
from geo.safe_text import safe_url

LIST_PARAMS = ("systems", "topics", "sources", "status", "countries")
MAP_HEIGHT = 620


@st.cache_resource(show_spinner="Loading corridors and claims…")
def _load(root: str) -> Atlas:
    sync_own_assets(REPO_ROOT / "static")
    return load_atlas(Layout(Path(root)))


def cached_atlas() -> Atlas:
    """Load the data once per server process: the repository's, or ``$CORRIDORS_ROOT``."""
    return _load(os.environ.get("CORRIDORS_ROOT", str(REPO_ROOT)))


def _split(value: str | None, allowed: list[str]) -> list[str] | None:
    if value is None:
        return None
    return [v for v in value.split(",") if v in allowed]


def _number(value: str | None, low: float, high: float) -> float | None:
    try:
        number = float(value) if value is not None else None
    except ValueError:
        return None
    return number if number is not None and low <= number <= high else None


def view_from_query(params, atlas: Atlas, systems: dict[str, str]) -> dict:
    """Read filters, the selected feature, the map view and the switches from the URL.

    Unknown or malformed values are dropped rather than failing, so an old or hand-edited link
    still opens.
    """
    options = filter_options(atlas, systems)
    state = {key: _split(params.get(key), options[key]) for key in LIST_PARAMS}
    state["q"] = params.get("q", "")
    route = params.get("route") or None
    state["selected"] = route if route in set(atlas.features["id"]) else None
    state["tiles"] = params.get("tiles") == "1"
    state["flagged"] = params.get("flagged") == "1"
    lat, lon = _number(params.get("lat"), -90, 90), _number(params.get("lon"), -180, 180)
    zoom = _number(params.get("z"), 3, 18)
    state["centre"] = (lat, lon) if lat is not None and lon is not None else None
    state["zoom"] = int(zoom) if zoom is not None else None
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


def _set_systems(values: list[str]) -> None:
    st.session_state["systems"] = values


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
        if key not in st.session_state:
            st.session_state[key] = state[key] if state[key] is not None else options[key]
        if key == "systems":
            # "Only this" gets the widest column so its label is not cut in the sidebar.
            all_col, none_col, only_col = st.columns([1, 1.1, 1.5], gap="small")
            all_col.button(
                "All", on_click=_set_systems, args=(options[key],), key="sys_all", width="stretch"
            )
            none_col.button(
                "None", on_click=_set_systems, args=([],), key="sys_none", width="stretch"
            )
            system_of = route_systems(atlas.features).get(state["selected"] or "")
            only_col.button(
                "Only this",
                on_click=_set_systems,
                args=([system_of],),
                key="sys_only",
                width="stretch",
                disabled=system_of not in options[key],
                help="Show only the route system of the selected feature.",
            )
        picked = st.multiselect(label, options[key], format_func=fmt, key=key)
        # Everything picked means no restriction, so new data shows up in old links.
        chosen[key] = None if set(picked) == set(options[key]) else tuple(picked)
    text = st.text_input("Search quotes", value=state["q"], key="q", placeholder="e.g. tons")
    flagged = st.toggle(
        "Flagged claims only",
        value=state["flagged"],
        key="flagged",
        help="Claims whose text disagrees with the geodata or another source.",
    )
    return View(
        systems=chosen["systems"],
        topics=chosen["topics"],
        sources=chosen["sources"],
        statuses=chosen["status"],
        countries=chosen["countries"],
        text=text,
        flagged=flagged,
    )


def write_query(params, view: View, selected: str | None, tiles: bool, result=None) -> None:
    """Mirror the view, the selection and the map's centre and zoom into the URL."""
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
    switches = {
        "q": view.text.strip(),
        "tiles": "1" if tiles else "",
        "flagged": "1" if view.flagged else "",
    }
    switches["route"] = selected or ""
    centre, zoom = (result or {}).get("center"), (result or {}).get("zoom")
    if centre and zoom:
        switches.update(lat=f"{centre['lat']:.4f}", lon=f"{centre['lng']:.4f}", z=str(int(zoom)))
    for key, value in switches.items():
        if value:
            params[key] = value
        else:
            params.pop(key, None)


def skipped_banner(atlas: Atlas) -> None:
    """Warn, without failing, when some records were invalid; list them on demand."""
    if not atlas.problems:
        return
    skipped = atlas.skipped
    st.warning(
        f"{counted(len(skipped), 'invalid record')} skipped and "
        f"{counted(len(atlas.problems) - len(skipped), 'more warning')}; everything valid is "
        "shown. Run `corridors check` for details.",
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
    selected: str | None = None,
) -> tuple[folium.Map, list[folium.FeatureGroup], folium.LayerControl, SourceIndex]:
    """The base map (unchanged by filters, so the view keeps its place) and data layers.

    Data layers stay out of the layer list: the sidebar decides what is drawn, so a filter
    change never undoes a choice made in the map.
    """
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
    layers, index = build_layers(
        features,
        claims,
        atlas.sources,
        all_features=atlas.features,
        waypoints=waypoints,
        selected=selected,
        control=False,
    )
    return base, layers, folium.LayerControl(collapsed=True, position="topright"), index


def view_of(geometry) -> tuple[tuple[float, float], int]:
    """Centre and a zoom that shows ``geometry`` whole in the app's map."""
    west, south, east, north = geometry.bounds
    if geometry.geom_type == "Point":  # a port: its harbour and the lines that reach it
        return (south, west), 9
    span = max(east - west, (north - south) * 1.4, 0.02)
    zoom = int(max(4, min(11, math.floor(math.log2(360 / span * 700 / 256 / 1.3)))))
    return ((south + north) / 2, (west + east) / 2), zoom


def find_box(atlas: Atlas) -> tuple[str, tuple[tuple[float, float], int]] | None:
    """A search box over routes, ports and the places claims name; returns what to zoom to."""
    names = dict(zip(atlas.features["id"], atlas.features["name"], strict=True))
    places = sorted({p for ps in atlas.claims["places"] for p in ps})
    choices = [f"feature:{fid}" for fid in sorted(names, key=names.get)] + [
        f"place:{p}" for p in places
    ]
    picked = st.selectbox(
        "Find a route, port or place",
        choices,
        index=None,
        format_func=lambda c: names[c[8:]] if c.startswith("feature:") else f"{c[6:]} (place)",
        placeholder="Type a name to search",
        key="find",
    )
    if picked is None:
        return None
    if picked.startswith("feature:"):
        feature = atlas.catalog.get(picked[8:])
        geometry = feature["geometry"]
        if geometry is None:
            return None
        return picked, view_of(geometry)
    place = atlas.gazetteer.resolve(picked[6:])
    if place is None:
        return None
    return picked, ((place.lat, place.lon), 8)


def download_buttons(
    atlas: Atlas, view: View, features: gpd.GeoDataFrame, claims: gpd.GeoDataFrame, result
) -> None:
    """The report (HTML, PDF, PNG) of the current view, and the filtered data (GeoJSON, CSV)."""
    centre = (result or {}).get("center")
    zoom = (result or {}).get("zoom")
    location = (centre["lat"], centre["lng"]) if centre else None
    with st.expander("Export a report of this view"):
        title = st.text_input("Title", key="report_title", placeholder="Corridor Atlas: …")
        subtitle = st.text_input("Subtitle", key="report_subtitle")
        frame = st.radio("Framing", ["the map as it is now", "the features shown"], horizontal=True)
        keep_view = frame == "the map as it is now"

        def page() -> str:
            return export_html(
                atlas,
                view,
                title=title or None,
                subtitle=subtitle or None,
                self_contained=True,
                tiles=True,
                location=location if keep_view else None,
                zoom=zoom if keep_view else None,
            )

        def printed(kind: str) -> bytes:
            import tempfile

            from geo.render import render_report

            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"report.{kind}"
                render_report(page(), **{kind: path})
                return path.read_bytes()

        downloads = [
            ("HTML (offline)", page, "html", "text/html"),
            ("PDF", lambda: printed("pdf"), "pdf", "application/pdf"),
            ("PNG", lambda: printed("png"), "png", "image/png"),
        ]
        # Each payload is built when its button is pressed, not on every rerun.
        for col, (label, data, suffix, mime) in zip(st.columns(3), downloads, strict=True):
            col.download_button(
                label,
                data=data,
                file_name=f"corridor-atlas.{suffix}",
                mime=mime,
                on_click="ignore",
            )

    # Built when the user clicks, not on every rerun of the script.
    def geojson() -> str:
        collection = {
            "type": "FeatureCollection",
            "features": features_geojson(features)["features"] + claims_geojson(claims)["features"],
        }
        return json.dumps(collection, ensure_ascii=False)

    cols = st.columns(2)
    cols[0].download_button(
        "Data as GeoJSON",
        data=geojson,
        file_name="corridor-atlas.geojson",
        mime="application/geo+json",
        on_click="ignore",
    )
    cols[1].download_button(
        "Claims as CSV",
        data=lambda: claims_csv(claims),
        file_name="corridor-atlas-claims.csv",
        mime="text/csv",
        on_click="ignore",
    )


def claims_in_bounds(claims: gpd.GeoDataFrame, result) -> gpd.GeoDataFrame:
    """Claims anchored inside the map's visible bounds (all placed ones before the map reports)."""
    placed = claims[claims.geometry.notna()]
    bounds = (result or {}).get("bounds") or {}
    south_west, north_east = bounds.get("_southWest"), bounds.get("_northEast")
    if not south_west or not north_east or south_west.get("lat") is None:
        return placed
    return placed.cx[south_west["lng"] : north_east["lng"], south_west["lat"] : north_east["lat"]]


def claims_table(atlas: Atlas, claims: gpd.GeoDataFrame, visible: gpd.GeoDataFrame) -> None:
    """The claims on the visible map, with feature and source names and flags in words."""
    names = dict(zip(atlas.features["id"], atlas.features["name"], strict=True))
    st.markdown(
        f"#### Claims in view ({len(visible)} on the map as shown, {len(claims)} match the filters)"
    )
    if claims.empty:
        st.write("No claim matches the filters.")
        return
    shown = visible if not visible.empty else claims
    table = pd.DataFrame(
        {
            "quote": shown["quote"],
            "topic": shown["topic"],
            "routes and ports": [
                ", ".join(short_name(names.get(f, f)) for f in fids)
                for fids in shown["feature_ids"]
            ],
            "places": [", ".join(p) for p in shown["places"]],
            "flags": ["; ".join(flag_text(f) for f in fl) for fl in shown["flags"]],
            "source": [source_label(atlas, s) for s in shown["source_id"]],
            "link": [safe_url(atlas.sources[s].url) for s in shown["source_id"]],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "link": st.column_config.LinkColumn("link", display_text="open"),
            "quote": st.column_config.TextColumn("quote", width="large"),
        },
    )


def charts(atlas: Atlas, claims: gpd.GeoDataFrame) -> None:
    """Claims per source (by publisher) and per topic."""
    if claims.empty:
        return
    left, right = st.columns(2)
    left.markdown("##### Claims per source")
    per_source = claims.groupby("source_id").size().rename("claims")
    per_source.index = [source_label(atlas, s)[:60] for s in per_source.index]
    left.bar_chart(per_source, horizontal=True)
    right.markdown("##### Claims per topic")
    right.bar_chart(claims.groupby("topic").size().rename("claims"), horizontal=True)
