"""The selected route or port: one value that the map, the list, the search box and the URL set.

Why it is not the list's own widget value: a map click reaches the script as the map
component's value, and the script then selects the clicked feature. If the popup's autoPan
moves the map, the frontend sends a second value while that run is still going; Streamlit
then reruns with the *browser's* widget values, so a selection written into the list's widget
key is overwritten by the list's old, empty value and the click is lost. A plain session key
(`SELECTED`) is never overwritten by the browser; the list only mirrors it.
"""

from __future__ import annotations

import html
from collections.abc import MutableMapping

import streamlit as st

from geo.atlas import Atlas

SELECTED = "_selected"
ZOOMED_FOR = "_zoomed_for"
LAST_CLICK = "_last_click"
LIST_KEY = "route_select"
PROMPT = "Click a line or port on the map, or pick it here"


def start(session: MutableMapping, from_url: str | None, url_has_view: bool) -> None:
    """Take the selection from the URL on a session's first run.

    Parameters
    ----------
    session : MutableMapping
        ``st.session_state``.
    from_url : str or None
        The ``route`` of the link the session opened with.
    url_has_view : bool
        Whether that link carries its own centre and zoom: then it opens on that view, not
        zoomed to the selected feature.
    """
    session.setdefault(SELECTED, from_url)
    session.setdefault(ZOOMED_FOR, from_url if url_has_view else None)


def click_of(atlas: Atlas, result) -> tuple[str, tuple] | None:
    """The feature a map click landed on, and a key telling that click from the previous one.

    The key holds the click's position too, so clicking the same line again (after choosing
    something else in the list) selects it again.
    """
    result = result or {}
    by_name = dict(zip(atlas.features["name"], atlas.features["id"], strict=True))
    tooltip = html.unescape(str(result.get("last_object_clicked_tooltip") or "")).strip()
    feature = by_name.get(tooltip)
    if feature is None:
        return None
    where = result.get("last_object_clicked") or {}
    return feature, (feature, where.get("lat"), where.get("lng"))


def take_click(atlas: Atlas, session: MutableMapping, result) -> None:
    """Select what the last map click landed on, once per click, keeping the map's view."""
    click = click_of(atlas, result)
    if click is None or click[1] == session.get(LAST_CLICK):
        return
    session[LAST_CLICK] = click[1]
    session[SELECTED] = session[ZOOMED_FOR] = click[0]


def take_found(session: MutableMapping, found: str | None) -> None:
    """Select a feature picked in the search box (the box zooms to it itself)."""
    if found and found.startswith("feature:"):
        session[SELECTED] = session[ZOOMED_FOR] = found.removeprefix("feature:")


def zoom_target(atlas: Atlas, session: MutableMapping, view_of) -> tuple | None:
    """The view to move to when the selection changed other than by a map click, else None."""
    selected = session.get(SELECTED)
    if not selected or selected == session.get(ZOOMED_FOR):
        return None
    session[ZOOMED_FOR] = selected
    geometry = atlas.catalog.get(selected)["geometry"]
    return view_of(geometry) if geometry is not None else None


def _from_list() -> None:
    st.session_state[SELECTED] = st.session_state.get(LIST_KEY)


def picker(atlas: Atlas) -> str | None:
    """The list of routes, ports and terminals (typing filters it); it mirrors the selection."""
    names = dict(zip(atlas.features["id"], atlas.features["name"], strict=True))
    session = st.session_state
    if session.get(SELECTED) not in names:
        session[SELECTED] = None
    if session.get(LIST_KEY) != session[SELECTED]:
        session[LIST_KEY] = session[SELECTED]
    st.selectbox(
        "Route, port or terminal",
        sorted(names, key=names.get),
        index=None,
        format_func=names.get,
        placeholder=PROMPT,
        key=LIST_KEY,
        on_change=_from_list,
    )
    return session[SELECTED]
