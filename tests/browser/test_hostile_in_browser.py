"""The hostile corpus in Chromium: every popup and tooltip opened, nothing runs, the map draws.

Pages are the exported file (self-contained, and linked with the CDN answered from the
installed npm packages) and the app served on the hostile root.
"""

from __future__ import annotations

import re

import pytest
from browser_helpers import map_frame, open_app, wait_app_idle
from click.testing import CliRunner
from hostile import JINJA_CANARIES, PAYLOADS

from geo.assets import NODE_MODULES
from geo.cli import cli

CDN = re.compile(r"https://cdn\.jsdelivr\.net/npm/([^@/]+(?:/[^@/]+)?)@[^/]+/(.+)")

# Opens every popup and tooltip the map has, clustered markers included, through Leaflet's
# own code paths, and returns the text each showed.
OPEN_EVERYTHING = """() => {
  const map = window.map || window[document.querySelector('.folium-map').id];
  const seen = new Set();
  const shown = [];
  const where = (layer) => layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter();
  const visit = (layer) => {
    if (seen.has(L.stamp(layer))) return;
    seen.add(L.stamp(layer));
    if (layer.getLayers) layer.getLayers().forEach(visit);
    if (layer.getPopup && layer.getPopup()) {
      const popup = layer.getPopup();
      popup.setLatLng(where(layer));
      map.openPopup(popup);
      shown.push(popup.getElement().innerText);
      map.closePopup(popup);
    }
    if (layer.getTooltip && layer.getTooltip()) {
      const tip = L.tooltip({permanent: true}).setLatLng(where(layer))
        .setContent(layer.getTooltip().getContent()).addTo(map);
      shown.push(tip.getElement().innerText);
      tip.remove();
    }
  };
  map.eachLayer(visit);
  return shown;
}"""

WHAT_RAN = """() => ({
  pwned: window.__pwned || (window.parent && window.parent.__pwned) || null,
  handlers: document.querySelectorAll('[onerror],[onload],[onmouseover],[onclick]').length,
  badLinks: [...document.querySelectorAll('a[href]')]
    .map(a => a.getAttribute('href')).filter(h => !/^(https?:|#)/i.test(h)),
  paths: document.querySelectorAll('path.leaflet-interactive, path').length,
})"""


def _serve_cdn_from_node_modules(page, outside: list[str]) -> None:
    def answer(route):
        match = CDN.match(route.request.url)
        path = NODE_MODULES / match.group(1) / match.group(2) if match else None
        if path is not None and path.is_file():
            route.fulfill(path=str(path))
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("http://**/*", answer)
    page.route("https://**/*", answer)


def _watch(page) -> list[str]:
    events: list[str] = []
    page.on("dialog", lambda d: (events.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: events.append(f"page error: {e}"))
    return events


@pytest.fixture(scope="module", params=["--self-contained", "--linked"])
def hostile_export(request, hostile_root, tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-export") / "map.html"
    result = CliRunner().invoke(
        cli,
        [
            "export-html",
            "--out",
            str(out),
            "--root",
            str(hostile_root),
            "--no-tiles",
            request.param,
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_hostile_export_runs_nothing_and_draws(page, hostile_export, artifacts):
    events = _watch(page)
    outside: list[str] = []
    _serve_cdn_from_node_modules(page, outside)
    page.goto(hostile_export.as_uri())
    page.wait_for_selector("path.leaflet-interactive", timeout=15000)
    shown = page.evaluate(OPEN_EVERYTHING)
    page.screenshot(path=str(artifacts / f"hostile-{hostile_export.parent.name}.png"))
    ran = page.evaluate(WHAT_RAN)
    assert events == []
    assert ran["pwned"] is None and ran["handlers"] == 0 and ran["badLinks"] == []
    assert ran["paths"] > 30  # the map still draws
    text = "\n".join(shown)
    assert len(shown) > 100
    # Payloads are shown as the literal text they are, templates unevaluated.
    for payload in ("{{ 'abc'|upper }}X", "${window.__pwned='literal'}", "<script>"):
        assert payload in text
    for canary in JINJA_CANARIES:
        assert canary not in text
    assert outside == []


def test_hostile_app_runs_nothing_in_page_or_map(page, hostile_app_url, artifacts):
    events = _watch(page)
    open_app(page, hostile_app_url, "?route=btc_pipeline")
    page.get_by_text("Baku-Tbilisi-Ceyhan pipeline report says", exact=False).first.wait_for(
        timeout=30000
    )
    frame = map_frame(page)
    shown = frame.evaluate(OPEN_EVERYTHING)
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts / "hostile-app.png"), full_page=True)
    assert events == []
    assert frame.evaluate(WHAT_RAN)["pwned"] is None
    ran = page.evaluate(WHAT_RAN)
    assert ran["pwned"] is None and ran["handlers"] == 0
    assert "{{ 'abc'|upper }}X" in "\n".join(shown)
    body = page.locator("section.main, [data-testid='stMain']").first.inner_text()
    assert PAYLOADS[9] in body  # the quote shown as text in its paragraph
    # Markdown in the publisher stays text: no image fetched, no link made of it.
    assert page.locator("[data-testid='stMain'] img").count() == 0
    assert "![pub]" in body


def test_hostile_url_parameters_are_dropped_not_run(page, hostile_app_url, artifacts):
    events = _watch(page)
    page.goto(
        f"{hostile_app_url}/?systems=zzz&sources=x&topics=%60&status=%3Cb%3E"
        "&q=%7B%7B7*7%7D%7D%24%7Balert(1)%7D&route=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
    )
    page.locator("[data-testid='stSidebar']").wait_for(timeout=60000)
    wait_app_idle(page)
    page.screenshot(path=str(artifacts / "hostile-app-params.png"), full_page=True)
    assert events == []
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.evaluate(WHAT_RAN)["handlers"] == 0
