"""Clicking and tapping routes on the app's map (issue 9, points 1 and 12).

A click used to be lost now and then: the popup's autoPan sent a second map value while the
click's rerun was going, and that rerun carried the route list's old, empty value, which
overwrote the selection (see geo/ui_selection.py). Each test clicks once, as a user does.
"""

from __future__ import annotations

from browser_helpers import (
    MAP_FRAME,
    click_once,
    map_frame,
    open_app,
    route_point,
    wait_app_idle,
)


def test_a_click_in_the_app_selects_the_route_and_keeps_its_popup(page, app_url, artifacts):
    frame = open_app(page, app_url)
    centre = frame.evaluate("() => window.map.getCenter()")
    x, y = route_point(page, "cpc_pipeline")
    click_once(page, x, y, "route=cpc_pipeline")
    wait_app_idle(page)  # the app reruns and redraws its layers
    # The view stays where the reader had it: no autoPan, no zoom to the clicked route.
    assert frame.evaluate("() => window.map.getCenter()") == centre
    popup = frame.locator(".leaflet-popup-content .atlas-popup")
    assert popup.count() == 1 and "Caspian Pipeline Consortium" in popup.inner_text()
    page.screenshot(path=str(artifacts / "app-click-keeps-popup.png"))
    assert page.get_by_role("heading", name="Caspian Pipeline Consortium").count() >= 1


def test_on_a_phone_tapping_a_route_selects_it(browser, app_url, artifacts):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    open_app(page, app_url)
    iframe = page.locator(MAP_FRAME)
    iframe.scroll_into_view_if_needed()
    x, y = route_point(page, "cpc_pipeline")
    click_once(page, x, y, "route=cpc_pipeline", tap=True)
    wait_app_idle(page)
    # The popup fits the phone's map: nothing of it is cut off at either side.
    frame = map_frame(page)
    popup = frame.evaluate(
        "() => { const r = document.querySelector('.leaflet-popup').getBoundingClientRect();"
        " return [r.left, r.right, document.documentElement.clientWidth]; }"
    )
    page.screenshot(path=str(artifacts / "app-mobile-tap.png"))
    assert popup[0] >= 0 and popup[1] <= popup[2], popup
    context.close()
