"""Checks of untrusted values met in data files and on the command line: urls, dates, paths.

Each check returns ``None`` when the value is fine, else a short reason for a
``file:record: reason`` line or a refusal message.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

URL_SCHEMES = ("http", "https")
DATE_PATTERN = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# Characters no url may hold: whitespace, C0/C1 controls, bidi and zero-width marks.
_BAD_URL_CHARS = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def url_problem(url: object) -> str | None:
    """Why ``url`` is not a safe link, or None when it is.

    Only ``http`` and ``https`` urls with a host are accepted, and none holding whitespace,
    control characters or invisible marks (so ``javascript:``, ``data:``, ``file:`` and a url
    ending in a newline are all refused).

    Parameters
    ----------
    url : object
        The value found in the data or given on the command line.

    Returns
    -------
    str or None
        The reason, or None when the url is fine.
    """
    if not isinstance(url, str) or not url:
        return f"url must be a non-empty string, not {url!r}"
    bad = _BAD_URL_CHARS.search(url)
    if bad:
        return f"url {url!r} contains whitespace or a control character ({bad.group(0)!r})"
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018  (raises ValueError on a malformed port)
    except ValueError as exc:
        return f"url {url!r} is malformed: {exc}"
    if parts.scheme.lower() not in URL_SCHEMES:
        return f"url {url!r} is not http(s)"
    if not host or "." not in host.strip("."):
        return f"url {url!r} has no host name"
    return None


def date_problem(date: object) -> str | None:
    """Why ``date`` is not an ISO date ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` on the calendar.

    Parameters
    ----------
    date : object
        The value to check.

    Returns
    -------
    str or None
        The reason (``2025-02-30`` is refused: February has no 30th), or None.
    """
    match = DATE_PATTERN.fullmatch(date) if isinstance(date, str) else None
    if not match:
        return f"date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = match.groups()
    if month and not 1 <= int(month) <= 12:
        return f"date {date!r} has no month {month}"
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError as exc:
            return f"date {date!r} is not on the calendar ({exc})"
    return None


def inside(path: Path, folder: Path) -> bool:
    """True when ``path`` resolves (symlinks followed) to a place inside ``folder``."""
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except (ValueError, OSError, RuntimeError):
        return False
    return True
