"""Helpers the browser tests share."""

from __future__ import annotations


def click_until(page, x: float, y: float, url_part: str, *, tap: bool = False) -> None:
    """Click (or tap) a point of the app's map until the URL shows ``url_part``.

    A click that lands while the app is swapping its layers after a rerun is lost with the
    old layer, as it would be for a user, who clicks again; so does this, up to three times.
    """
    for _ in range(3):
        if tap:
            page.touchscreen.tap(x, y)
        else:
            page.mouse.click(x, y)
        try:
            page.wait_for_function(
                f"() => location.search.includes({url_part!r})", timeout=20000, polling=250
            )
            return
        except Exception:  # noqa: BLE001 - Playwright's TimeoutError; try once more
            page.wait_for_timeout(1000)
    raise AssertionError(f"the URL never showed {url_part} after three clicks")
