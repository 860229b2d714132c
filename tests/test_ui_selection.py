"""The selected route or port: a map click, the list and the search box all set one value."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo import ui_selection as selection
from geo.layout import REPO_ROOT

CPC = "Caspian Pipeline Consortium (CPC) Tengiz–Novorossiysk pipeline"


def _click(name: str, lat: float = 46.0, lng: float = 48.0) -> dict:
    return {"last_object_clicked_tooltip": name, "last_object_clicked": {"lat": lat, "lng": lng}}


def test_a_click_selects_its_feature_without_zooming(repo_atlas):
    session: dict = {}
    selection.start(session, None, url_has_view=False)
    selection.take_click(repo_atlas, session, _click(CPC))
    assert session[selection.SELECTED] == "cpc_pipeline"
    assert selection.zoom_target(repo_atlas, session, lambda g: ("moved", g)) is None


def test_a_click_survives_a_rerun_that_carries_the_lists_old_value(repo_atlas):
    # The popup's autoPan sends a second map value while the click's run is going; the rerun
    # it starts carries the browser's list value, still empty.
    session: dict = {}
    selection.start(session, None, url_has_view=False)
    selection.take_click(repo_atlas, session, _click(CPC))
    session[selection.LIST_KEY] = None
    selection.take_click(repo_atlas, session, _click(CPC))
    assert session[selection.SELECTED] == "cpc_pipeline"


def test_clicking_the_same_line_again_reselects_it_but_a_repeated_value_does_not(repo_atlas):
    session: dict = {}
    selection.start(session, None, url_has_view=False)
    selection.take_click(repo_atlas, session, _click(CPC))
    session[selection.SELECTED] = "btc_pipeline"  # chosen in the list afterwards
    selection.take_click(repo_atlas, session, _click(CPC))  # the map's value, unchanged
    assert session[selection.SELECTED] == "btc_pipeline"
    selection.take_click(repo_atlas, session, _click(CPC, 45.5, 47.1))  # a new click
    assert session[selection.SELECTED] == "cpc_pipeline"


def test_unknown_or_hostile_tooltips_select_nothing(repo_atlas):
    session: dict = {}
    selection.start(session, None, url_has_view=False)
    for tip in ("", "<img src=x onerror=alert(1)>", "Nowhere pipeline", None):
        selection.take_click(repo_atlas, session, _click(tip))
    assert session[selection.SELECTED] is None


def test_a_selection_from_the_list_or_the_url_zooms_to_the_feature(repo_atlas):
    session: dict = {}
    selection.start(session, "btc_pipeline", url_has_view=False)
    target = selection.zoom_target(repo_atlas, session, lambda g: g.bounds)
    # BTC runs from Sangachal on the Caspian (about 49.5°E) to Ceyhan (about 35.9°E).
    assert target is not None and target[0] < 36.5 and target[2] > 49.0
    assert selection.zoom_target(repo_atlas, session, lambda g: g.bounds) is None  # once


@pytest.mark.parametrize("route", ["btc_pipeline", None])
def test_the_list_mirrors_the_selection_and_shows_a_prompt_when_empty(route):
    at = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
    if route:
        at.query_params["route"] = route
    at.run()
    assert not at.exception
    picker = at.selectbox(key=selection.LIST_KEY)
    assert picker.value == route
    assert picker.placeholder == selection.PROMPT
    if route is None:
        picker.set_value("scp_pipeline").run()
        assert at.session_state[selection.SELECTED] == "scp_pipeline"
        assert at.query_params["route"] == "scp_pipeline"
