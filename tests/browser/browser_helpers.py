"""Helpers the browser tests share."""

from __future__ import annotations


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
