"""A report page as PDF or PNG, printed by headless Chromium (Debian's ``chromium``).

Playwright drives the browser the tests already use; no browser is downloaded. The page is
laid out at A4-landscape width so the map is framed as it will print.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CHROMIUM = Path(os.environ.get("CORRIDORS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# A4 landscape at 96 dpi, less the print margins: the width the map is framed for.
PAGE_VIEWPORT = {"width": 1050, "height": 760}


class RenderError(RuntimeError):
    """The page could not be printed; the message says why."""


def render_report(html_text: str, *, pdf: Path | None = None, png: Path | None = None) -> None:
    """Print a report page to PDF and/or PNG.

    Parameters
    ----------
    html_text : str
        A self-contained report page (from :func:`geo.report.export_html`).
    pdf, png : Path, optional
        Files to write: an A4-landscape PDF with backgrounds, a full-page screenshot.

    Raises
    ------
    RenderError
        When Chromium is missing or the map did not draw.
    """
    if pdf is None and png is None:
        return
    if not CHROMIUM.exists():
        raise RenderError(f"{CHROMIUM} is missing: install Debian's chromium (./run.sh does)")
    # Playwright's sync API refuses a thread that runs an asyncio loop (Streamlit's, a test
    # runner's), so the browser is driven from a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(_print, html_text, pdf, png).result()


def _print(html_text: str, pdf: Path | None, png: Path | None) -> None:
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                page = browser.new_page(viewport=PAGE_VIEWPORT)
                # The page is self-contained: any request would be for tiles, refused here.
                page.route("http://**/*", lambda route: route.abort())
                page.route("https://**/*", lambda route: route.abort())
                page.set_content(html_text, wait_until="load")
                page.wait_for_selector("path.leaflet-interactive", timeout=15000)
                page.wait_for_timeout(400)  # let markers and clusters settle
                if png is not None:
                    page.screenshot(path=str(png), full_page=True)
                if pdf is not None:
                    page.emulate_media(media="print")
                    page.pdf(path=str(pdf), format="A4", landscape=True, print_background=True)
            finally:
                browser.close()
    except Error as exc:
        raise RenderError(f"Chromium could not print the page: {exc.message}") from exc
