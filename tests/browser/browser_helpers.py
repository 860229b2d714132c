"""Helpers the browser tests share."""

from __future__ import annotations

import time

MAP_FRAME = "iframe[title*='st_folium']"
SCRIPT_STATE = (
    "() => (document.querySelector('[data-testid=stApp]') || {}).dataset?.testScriptState"
)


def wait_app_idle(page, quiet_ms: int = 700, timeout_s: float = 60) -> None:
    """Wait until the app's script has stopped running and stayed stopped for ``quiet_ms``.

    The map reports its view 250 ms (debounced) after it moves, which starts another run, so
    one "not running" sample is not enough; a quiet spell longer than that debounce is.
    """
    deadline = time.monotonic() + timeout_s
    quiet_since = None
    while time.monotonic() < deadline:
        if page.evaluate(SCRIPT_STATE) == "notRunning":
            quiet_since = quiet_since or time.monotonic()
            if (time.monotonic() - quiet_since) * 1000 >= quiet_ms:
                return
        else:
            quiet_since = None
        page.wait_for_timeout(100)
    raise AssertionError(f"the app was still running after {timeout_s} s")


def open_app(page, url: str, query: str = ""):
    """Open the app, wait for its map and its first reruns to settle; returns the map frame."""
    page.bring_to_front()  # a page left in the background gets no frames, so no reruns
    page.goto(f"{url}/{query}")
    # Attached, not visible: a view zoomed to one port may show no line at all.
    page.frame_locator(MAP_FRAME).locator("path.leaflet-interactive").first.wait_for(
        timeout=60000, state="attached"
    )
    # The map reports its view once drawn; that rerun writes it into the URL.
    page.wait_for_function("() => location.search.includes('z=')", timeout=30000, polling=250)
    wait_app_idle(page)
    return map_frame(page)


def map_frame(page):
    """The frame the app's map is drawn in."""
    return next(f for f in page.frames if "st_folium" in f.url)


def click_once(page, x: float, y: float, url_part: str, *, tap: bool = False) -> None:
    """Click (or tap) a point of the app's map once; the URL must then show ``url_part``.

    One click, as a user gives: a click the app loses must fail the test, not be retried.
    """
    if tap:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.click(x, y)
    page.wait_for_function(
        f"() => location.search.includes({url_part!r})", timeout=30000, polling=250
    )


# A point mid-segment of a route (away from markers at vertices) where the route's own path is
# the topmost element inside the visible map, in the map frame's coordinates.
UNCOVERED_POINT = """(id) => {
    const box = map.getContainer().getBoundingClientRect();
    let found = null;
    map.eachLayer(layer => {
        if (found || !layer.feature || layer.feature.properties.id !== id
            || !layer.getLatLngs) return;
        const lls = layer.getLatLngs().flat(2);
        for (let i = 1; i < lls.length; i++) {
            const a = map.latLngToContainerPoint(lls[i - 1]);
            const b = map.latLngToContainerPoint(lls[i]);
            const x = box.x + (a.x + b.x) / 2, y = box.y + (a.y + b.y) / 2;
            if (x > box.x && y > box.y && x < box.x + box.width && y < box.y + box.height
                && document.elementFromPoint(x, y) === layer._path) {
                found = [x, y]; break;
            }
        }
    });
    return found;
}"""


def route_point(page, feature_id: str) -> tuple[float, float]:
    """Page coordinates of an uncovered point of a route on the app's map."""
    frame = next(f for f in page.frames if "st_folium" in f.url)
    point = frame.evaluate(UNCOVERED_POINT, feature_id)
    assert point, f"no visible, uncovered point of {feature_id} on the map"
    offset = page.locator("iframe[title*='st_folium']").bounding_box()
    return offset["x"] + point[0], offset["y"] + point[1]


def set_view(page_or_frame, map_expression: str, centre: list[float], zoom: int) -> None:
    """Move a Leaflet map, returning nothing to Python.

    ``map.setView`` returns the map itself, and Playwright would serialise that whole object
    graph back to the test: seconds per call, which once looked like a slow map.
    """
    page_or_frame.evaluate(f"([c, z]) => {{ {map_expression}.setView(c, z); }}", [centre, zoom])
