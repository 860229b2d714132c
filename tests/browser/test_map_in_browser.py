"""The map as a reader sees it, in a real browser: the exported file and the app."""

from __future__ import annotations

import pytest
from browser_helpers import MAP_FRAME, click_once, map_frame, open_app, route_point, wait_app_idle

from geo.atlas import load_atlas
from geo.filters import View
from geo.report import export_html


@pytest.fixture(scope="module")
def atlas():
    return load_atlas()


@pytest.fixture(scope="module")
def offline_file(atlas, tmp_path_factory):
    path = tmp_path_factory.mktemp("export") / "atlas.html"
    path.write_text(export_html(atlas, View(), self_contained=True, tiles=True), encoding="utf-8")
    return path


def _open_offline(page, path):
    """Open a file with every network request refused and recorded."""
    requests = []

    def refuse(route):
        requests.append(route.request.url)
        route.abort()

    page.route("http://**/*", refuse)
    page.route("https://**/*", refuse)
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive", timeout=15000)
    return requests


def _route_paths(page) -> int:
    return page.locator(".leaflet-overlay-pane path.leaflet-interactive").count()


def test_self_contained_export_renders_with_no_network_request(page, offline_file, artifacts):
    requests = _open_offline(page, offline_file)
    page.wait_for_timeout(1000)
    page.screenshot(path=str(artifacts / "export-offline.png"))
    assert requests == []
    assert _route_paths(page) > 20  # routes drawn from inlined Leaflet
    assert page.locator("#atlas-legend").is_visible()
    assert page.locator(".atlas-report-body li").count() > 10
    # The page is as wide as the window, on a desktop and on a phone: long source addresses
    # wrap (percent-escaped Wikipedia addresses once pushed it to 1,800 px), and they are
    # shown in the letters a reader types.
    for width in (1400, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") == width
    sources = page.locator(".atlas-report-body").inner_text()
    assert "ru.wikipedia.org/wiki/Уджар" in sources
    assert "%D0%" not in sources


def test_turning_a_route_layer_off_hides_its_paths(page, offline_file, artifacts):
    _open_offline(page, offline_file)
    before = _route_paths(page)
    page.locator(".leaflet-control-layers").hover()  # the list is collapsed until asked for
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Baku–Tbilisi–Ceyhan")
    label.locator("input").uncheck()
    page.wait_for_timeout(300)
    after = _route_paths(page)
    page.screenshot(path=str(artifacts / "export-btc-off.png"))
    assert after < before
    label.locator("input").check()
    page.wait_for_timeout(300)
    assert _route_paths(page) == before


def test_clicking_a_claim_opens_its_cited_popup(page, offline_file, artifacts):
    _open_offline(page, offline_file)
    # A claim marker that no cluster of another topic covers, clicked where a user would.
    index = page.evaluate("""() => {
        const icons = [...document.querySelectorAll('.atlas-claim-icon')];
        return icons.findIndex(icon => {
            const box = icon.getBoundingClientRect();
            const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return hit && icon.contains(hit);
        });
    }""")
    assert index >= 0, "every claim marker is hidden under a cluster"
    page.locator(".atlas-claim-icon").nth(index).click()
    popup = page.locator(".leaflet-popup-content .atlas-claim")
    popup.wait_for(timeout=5000)
    page.screenshot(path=str(artifacts / "export-claim-popup.png"))
    assert popup.locator("blockquote").inner_text().strip()
    link = popup.locator(".atlas-cite a")
    assert link.count() == 1 and link.get_attribute("href").startswith("http")


def test_app_map_renders_routes_from_local_assets(page, app_url, artifacts):
    outside = []
    page.on(
        "request",
        lambda r: (
            outside.append(r.url)
            if not r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
            else None
        ),
    )
    open_app(page, app_url)
    frame = page.frame_locator(MAP_FRAME)
    page.screenshot(path=str(artifacts / "app.png"))
    assert frame.locator(".leaflet-overlay-pane path.leaflet-interactive").count() > 20
    assert frame.locator(".atlas-claim-icon, .marker-cluster").count() > 0
    leaflet_from_cdn = [u for u in outside if "leaflet" in u or "jquery" in u]
    assert leaflet_from_cdn == []


def test_clicking_a_route_on_the_app_map_opens_its_claims(page, app_url, artifacts):
    open_app(page, app_url)
    x, y = route_point(page, "btc_pipeline")
    click_once(page, x, y, "route=btc_pipeline")
    heading = page.get_by_role("heading", name="Baku–Tbilisi–Ceyhan")
    heading.first.wait_for(timeout=30000)
    # Quotes are highlighted in their paragraphs (st.html blocks render after the heading).
    page.locator("mark").first.wait_for(timeout=30000)
    page.screenshot(path=str(artifacts / "app-route-selected.png"), full_page=True)
    # The selection is written to the URL, so the link opens the same route.
    page.wait_for_function(
        "() => location.search.includes('route=btc_pipeline')", timeout=15000, polling=250
    )


def test_filter_change_keeps_the_map_zoom_and_centre(page, app_url, artifacts):
    frame = open_app(page, app_url)
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_timeout(600)
    zoomed = frame.evaluate("() => [window.map.getZoom(), window.map.getCenter().lat]")
    before = frame.locator(".atlas-claim-icon, .marker-cluster").count()
    # Drop one claim topic in the sidebar: the app reruns and swaps the claim layers.
    page.locator("[data-testid='stSidebar'] button[aria-label='Remove diplomacy']").click()
    page.wait_for_function(
        "() => window.location.search.includes('topics=')", timeout=30000, polling=250
    )
    wait_app_idle(page)
    frame = map_frame(page)
    after = frame.evaluate("() => [window.map.getZoom(), window.map.getCenter().lat]")
    page.screenshot(path=str(artifacts / "app-after-filter.png"))
    assert after == zoomed
    assert frame.locator(".atlas-claim-icon, .marker-cluster").count() != before
