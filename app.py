"""Corridor Atlas, the Streamlit app: `./run.sh app`. UI only; data logic lives in geo/."""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo import ui
from geo import ui_selection as selection
from geo.filters import apply_view, system_names
from geo.ui_panel import route_panel

st.set_page_config(page_title="Corridor Atlas", page_icon="🗺️", layout="wide")
st.html(
    "<style>.atlas-para{line-height:1.5;margin:4px 0 8px}.atlas-para mark{background:#fff2a8}"
    ".atlas-near{color:#666;font-size:12px;margin-top:-6px}</style>"
)

atlas = ui.cached_atlas()
systems = system_names(atlas.features)
state = ui.view_from_query(st.query_params, atlas, systems)
session = st.session_state
session.setdefault("_first_view", (state["centre"], state["zoom"]))
selection.start(session, state["selected"], url_has_view=bool(state["centre"]))
# A click on the map (reported by the last run) selects that route or port, keeping the view.
selection.take_click(atlas, session, session.get("atlas_map"))

with st.sidebar:
    st.header("Corridor Atlas")
    found = ui.find_box(atlas)
    view = ui.sidebar_filters(atlas, systems, {**state, "selected": session[selection.SELECTED]})
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

# Picking a feature in the list or the search box selects it and zooms to it.
if found and found[0] != session.get("_found"):
    session["_found"], session["_target"] = found
    selection.take_found(session, found[0])
session["_target"] = selection.zoom_target(atlas, session, ui.view_of) or session.get("_target")
selected = session[selection.SELECTED]

features, claims = apply_view(atlas, view)

st.title("Corridor Atlas")
st.caption(
    "Transport and energy corridors around the Caspian, and what the articles say about them. "
    "Every line says how it was drawn; every claim is a verbatim sentence of its source."
)
ui.skipped_banner(atlas)

map_col, panel_col = st.columns([2, 1], gap="medium")
with map_col:
    base, layers, control, index = ui.map_parts(
        atlas, features, claims, show_tiles, show_waypoints, selected
    )
    first_centre, first_zoom = session["_first_view"]
    if first_centre:
        base.location, base.options["zoom"] = list(first_centre), first_zoom
    target = session.get("_target")
    result = st_folium(
        base,
        key="atlas_map",
        height=ui.MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=layers,
        layer_control=control,
        center=target[0] if target else None,
        zoom=target[1] if target else None,
        returned_objects=[
            "last_object_clicked",
            "last_object_clicked_tooltip",
            "center",
            "zoom",
            "bounds",
        ],
    )
    ui.download_buttons(atlas, view, features, claims, result)

with panel_col:
    selected = selection.picker(atlas)
    route_panel(atlas, selected, index)

ui.write_query(st.query_params, view, selected, show_tiles, result)
ui.claims_table(atlas, claims, ui.claims_in_bounds(claims, result))
ui.charts(atlas, claims)
