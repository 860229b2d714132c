"""Debian's chromium driven by Playwright, and the app served on a free local port."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.app_server import start_app, stop_app
from geo.layout import REPO_ROOT
from geo.render import CHROMIUM
from geo.render import CHROMIUM_ARGS as PRINTER_ARGS

ARTIFACTS = REPO_ROOT / "test-artifacts"
# The browser the report printer drives, with the same switches, plus two for test runs.
CHROMIUM_ARGS = [*PRINTER_ARGS, "--disable-quic", "--no-first-run"]


APP_FIXTURES = {"app_url", "hostile_app_url"}
APP_GROUPS = 2


def pytest_collection_modifyitems(items):
    # The hook sees every collected test; only the ones in this folder drive a browser.
    here = Path(__file__).parent
    app_tests = 0
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)
            # Tests of the app run in two groups (with --dist loadgroup), each group on one
            # worker with its own app server: they are the longest chain of the suite, and
            # mostly wait on the browser, so two chains finish sooner than one.
            if APP_FIXTURES & set(getattr(item, "fixturenames", ())):
                item.add_marker(pytest.mark.xdist_group(f"app-{app_tests % APP_GROUPS}"))
                app_tests += 1


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is not installed: ./run.sh test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    # A page left behind another gets no animation frames, so the app's reruns stall.
    page.bring_to_front()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def _serve_app(env: dict | None = None):
    """Start the Streamlit app on a free local port; yields its url, stops it after."""
    try:
        process, url = start_app(env)
    except RuntimeError as error:
        pytest.fail(str(error))
    yield url
    stop_app(process)


@pytest.fixture(scope="session")
def app_url():
    """The app on the bundled data."""
    yield from _serve_app()


@pytest.fixture(scope="session")
def hostile_app_url(hostile_root):
    """The app on the hostile corpus (tests/hostile.py)."""
    yield from _serve_app({"CORRIDORS_ROOT": str(hostile_root)})
