"""Corridor Atlas, the Streamlit app: `./run.sh app`. UI only; data logic lives in geo/."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo import ui
from geo.filters import apply_view, system_names

st.set_page_config(page_title="Corridor Atlas", page_icon="🗺️", layout="wide")

atlas = ui.cached_atlas()
systems = system_names(atlas.features)
state = ui.view_from_query(st.query_params, atlas, systems)

with st.sidebar:
    st.header("Corridor Atlas")
    view = ui.sidebar_filters(atlas, systems, state)
    show_tiles = st.toggle(
        "Tile background (needs internet)",
        value=state["tiles"],
        key="tiles",
        help="The country base layer needs no network.",
    )
    show_waypoints = st.toggle(
        "Waypoints the lines were drawn through",
        value=False,
        key="waypoints",
        help="Named stations, pumping stations and crossings behind each line's geometry.",
    )

ui.write_query(st.query_params, view, state["selected"], show_tiles)
features, claims = apply_view(atlas, view)

st.title("Corridor Atlas")
st.caption(
    "Transport and energy corridors around the Caspian, and what the articles say about them. "
    "Every line says how it was drawn; every claim is a verbatim sentence of its source."
)
ui.skipped_banner(atlas)

map_col, panel_col = st.columns([2, 1], gap="medium")
with map_col:
    base, layers, control = ui.map_parts(atlas, features, claims, show_tiles, show_waypoints)
    result = st_folium(
        base,
        key="atlas_map",
        height=640,
        use_container_width=True,
        feature_group_to_add=layers,
        layer_control=control,
        returned_objects=["last_object_clicked_tooltip", "center", "zoom"],
    )
    ui.download_buttons(atlas, view, features, claims, result)

with panel_col:
    selected = ui.route_picker(atlas, features, state["selected"], result)
    st.query_params["route"] = selected or ""
    ui.route_panel(atlas, selected, view)

ui.claims_table(atlas, claims)
ui.charts(claims)
