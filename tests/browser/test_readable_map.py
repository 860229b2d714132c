"""The map as an analyst reads it (issue 9), in Chromium: ports above claims, labels, flags,
keyboard, a phone screen, and the app keeping the popup and view a click opened."""

from __future__ import annotations

import pytest
from browser_helpers import map_frame, open_app, set_view, wait_app_idle

from geo.atlas import load_atlas
from geo.filters import View
from geo.report import export_html

MAP = "window[document.querySelector('.folium-map').id]"


@pytest.fixture(scope="module")
def report_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("readable") / "atlas.html"
    path.write_text(export_html(load_atlas(), View(), self_contained=True), encoding="utf-8")
    return path


def _open(page, path):
    page.route("http://**/*", lambda route: route.abort())
    page.route("https://**/*", lambda route: route.abort())
    page.goto(path.as_uri())
    page.wait_for_selector("path.leaflet-interactive", timeout=15000)


def test_aktau_port_is_drawn_above_claims_and_labelled_at_zoom_7(page, report_file, artifacts):
    _open(page, report_file)
    set_view(page, MAP, [43.6, 51.2], 7)
    page.wait_for_timeout(800)
    page.screenshot(path=str(artifacts / "aktau-zoom7.png"))
    hit = page.evaluate(f"""() => {{
        const map = {MAP};
        let found = null;
        map.eachLayer(l => {{
          if (l.feature && l.feature.properties.id === 'aktau_port' && l.getLatLng) {{
            const p = map.latLngToContainerPoint(l.getLatLng());
            const box = map.getContainer().getBoundingClientRect();
            const top = document.elementFromPoint(box.x + p.x, box.y + p.y);
            found = top && top.closest('.atlas-port-icon') ? 'port' : (top && top.className);
          }}
        }});
        return found;
    }}""")
    assert hit == "port"
    labels = page.locator(".atlas-label-port:visible", has_text="Aktau")
    assert labels.count() >= 1


def test_a_popup_opened_near_the_top_edge_does_not_move_the_map(page, report_file, artifacts):
    _open(page, report_file)
    # The CPC line's highest visible point: a Leaflet popup there would pan the map to fit.
    point = page.evaluate(f"""() => {{
        const map = {MAP};
        const box = map.getContainer().getBoundingClientRect();
        let best = null;
        map.eachLayer(l => {{
          if (!l.feature || l.feature.properties.id !== 'cpc_pipeline' || !l.getLatLngs) return;
          for (const ll of l.getLatLngs().flat(2)) {{
            const c = map.latLngToContainerPoint(ll);
            const top = document.elementFromPoint(box.x + c.x, box.y + c.y);
            if (top === l._path && c.y > 20 && (!best || c.y < best[1] - box.y)) {{
              best = [box.x + c.x, box.y + c.y];
            }}
          }}
        }});
        return best;
    }}""")
    assert point, "no uncovered point of the CPC line on the first screen"
    before = page.evaluate(f"() => {MAP}.getCenter()")
    page.mouse.click(*point)
    page.wait_for_timeout(800)
    popup = page.locator(".leaflet-popup-content .atlas-popup")
    assert popup.count() == 1 and "Caspian Pipeline Consortium" in popup.inner_text()
    assert page.evaluate(f"() => {MAP}.getCenter()") == before
    box, frame = page.locator(".leaflet-popup").bounding_box(), page.locator(".folium-map")
    frame_box = frame.bounding_box()
    assert (
        box["y"] >= frame_box["y"]
        and box["y"] + box["height"] <= frame_box["y"] + frame_box["height"]
    ), "the popup is cut off by the map's edge"
    page.screenshot(path=str(artifacts / "popup-near-top.png"))


def test_route_names_are_written_on_the_map(page, report_file):
    _open(page, report_file)
    names = page.locator(".atlas-label-route:visible").all_inner_texts()
    assert "Baku–Tbilisi–Ceyhan" in names and "Middle Corridor" in names
    # Minor systems are named only from zoom 7, so the overview stays legible.
    assert "Zangezur corridor" not in names
    set_view(page, MAP, [39.2, 46.2], 8)
    page.wait_for_timeout(500)
    assert "Zangezur corridor" in page.locator(".atlas-label-route:visible").all_inner_texts()


def test_the_flagged_claim_says_what_is_wrong_in_words(page, report_file, artifacts):
    _open(page, report_file)
    text = page.evaluate(f"""() => {{
        const map = {MAP};
        let shown = null;
        const visit = (l) => {{
          if (shown) return;
          if (l.getLayers) l.getLayers().forEach(visit);
          const p = l.feature && l.feature.properties;
          if (p && p.flagged && l.getPopup) {{
            map.setView(l.getLatLng(), 8);
            const popup = l.getPopup().setLatLng(l.getLatLng());
            map.openPopup(popup);
            shown = popup.getElement().innerText;
          }}
        }};
        map.eachLayer(visit);
        return shown;
    }}""")
    page.wait_for_timeout(400)
    page.screenshot(path=str(artifacts / "flagged-claim.png"))
    assert text and "Place put in the wrong country" in text and "Atyrau" in text
    assert "place_country_mismatch" not in text


def test_keyboard_tab_reaches_map_features_not_country_shapes(page, report_file):
    _open(page, report_file)
    focusable_countries = page.evaluate(
        "() => [...document.querySelectorAll('.leaflet-overlay-pane path')]"
        ".filter(p => !p.classList.contains('leaflet-interactive')).length"
    )
    assert focusable_countries > 20  # the country shapes are drawn, as a backdrop
    page.locator(".folium-map").focus()
    for _ in range(12):
        page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => document.activeElement.className.baseVal || document.activeElement.className"
    )
    assert "leaflet-interactive" in focused or "leaflet-marker-icon" in focused or "a" in focused


def test_phone_screen_keeps_the_map_free(browser, report_file, artifacts):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    _open(page, report_file)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "mobile.png"))
    layers = page.locator(".leaflet-control-layers")
    assert not layers.evaluate("e => e.classList.contains('leaflet-control-layers-expanded')")
    legend = page.locator("#atlas-legend").bounding_box()
    map_box = page.locator(".folium-map").bounding_box()
    assert legend["width"] * legend["height"] < 0.35 * map_box["width"] * map_box["height"]
    context.close()


def test_a_shared_link_opens_the_same_view_and_selection(page, app_url, artifacts):
    frame = open_app(page, app_url, "?route=cpc_pipeline&lat=45.2000&lon=44.5000&z=7")
    zoom, lat, lon = frame.evaluate(
        "() => [map.getZoom(), map.getCenter().lat, map.getCenter().lng]"
    )
    page.screenshot(path=str(artifacts / "app-shared-link.png"))
    assert zoom == 7 and abs(lat - 45.2) < 0.2 and abs(lon - 44.5) < 0.2
    selected = frame.evaluate(
        "() => { let w = 0; map.eachLayer(l => { if (l.feature && "
        "l.feature.properties.id === 'cpc_pipeline') w = l.options.weight; }); return w; }"
    )
    assert selected >= 7  # the selected route is drawn highlighted
    assert page.get_by_role("heading", name="Caspian Pipeline Consortium").count() >= 1


def test_the_search_box_zooms_to_a_place(page, app_url):
    open_app(page, app_url)
    box = page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first
    box.click()
    page.keyboard.type("Aktau Sea")
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => /z=(8|9|10|11)/.test(location.search)", timeout=30000, polling=250
    )
    frame = map_frame(page)
    lat, lon = frame.evaluate("() => [map.getCenter().lat, map.getCenter().lng]")
    assert abs(lat - 43.6) < 0.6 and abs(lon - 51.2) < 0.6


def test_a_port_says_no_nan_km_and_is_not_called_a_route(page, app_url, artifacts):
    open_app(page, app_url, "?route=aktau_port")
    panel = page.locator("[data-testid='stMain']").inner_text()
    page.screenshot(path=str(artifacts / "app-port-selected.png"))
    assert "nan" not in panel.lower()
    assert "near this port" in panel or "claims in" in panel
    assert "this route" not in panel


def test_the_sidebar_alone_decides_what_is_drawn(page, app_url):
    frame = open_app(page, app_url)
    frame.locator(".leaflet-control-layers").hover()
    listed = frame.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    # Tiles and waypoints can be switched in the map; routes and claims only in the sidebar,
    # so a filter change never undoes a choice made in the map.
    assert not [name for name in listed if "Route ·" in name or name.strip() == "Claims"]


def test_claims_in_view_counts_what_the_map_shows(page, app_url):
    frame = open_app(page, app_url)

    def shown() -> int:
        heading = page.get_by_text("Claims in view (").first.inner_text()
        return int(heading.split("(")[1].split(" ")[0])

    everything = shown()
    set_view(frame, "map", [43.65, 51.17], 10)  # Aktau only
    page.wait_for_function("() => location.search.includes('z=10')", timeout=30000, polling=250)
    wait_app_idle(page)
    assert 0 < shown() < everything


def test_route_panel_shows_each_paragraph_once_with_its_quotes_marked(page, app_url, artifacts):
    open_app(page, app_url, "?route=btc_pipeline")
    page.locator(".atlas-para mark").first.wait_for(timeout=30000)
    paragraphs = page.locator(".atlas-para").all_inner_texts()
    page.screenshot(path=str(artifacts / "app-btc-panel.png"), full_page=True)
    assert len(paragraphs) == len(set(paragraphs))
    marks = page.locator(".atlas-para").evaluate_all(
        "ps => ps.map(p => p.querySelectorAll('mark').length)"
    )
    assert max(marks) > 1  # a paragraph with several quotes shows them all, once
    assert page.get_by_text("[1]").count() >= 1  # sources numbered as on the map


def test_the_claims_table_names_routes_and_sources(page, app_url):
    open_app(page, app_url)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30000)
    text = grid.evaluate("e => e.innerText + ' ' + e.getAttribute('aria-label')")
    cells = page.locator("[data-testid='stDataFrame'] table").first
    content = cells.evaluate("t => t.innerText") if cells.count() else text
    assert "btc_pipeline" not in content and "astana_times_partnership" not in content
    assert "Baku–Tbilisi–Ceyhan" in content or "The Astana Times" in content


def test_a_narrowed_report_is_framed_and_prints_without_controls(page, tmp_path, artifacts):
    from geo.atlas import load_atlas as load

    path = tmp_path / "btc.html"
    path.write_text(
        export_html(load(), View(systems=("btc_pipeline",)), self_contained=True),
        encoding="utf-8",
    )
    _open(page, path)
    zoom, west, east = page.evaluate(
        f"() => [{MAP}.getZoom(), {MAP}.getBounds().getWest(), {MAP}.getBounds().getEast()]"
    )
    assert zoom >= 5 and west > 25 and east < 60  # framed to BTC, not the whole region
    assert page.locator(".atlas-port-icon").count() <= 4  # only the ports BTC reaches
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts / "report-print-media.png"), full_page=True)
    assert not page.locator(".leaflet-control-zoom").is_visible()
    assert not page.locator("#atlas-legend").is_visible()
    assert page.locator(".atlas-report-legend").is_visible()
