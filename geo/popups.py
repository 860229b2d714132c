"""What each popup says, as plain data.

The page's script (``geo/static/atlas-map.js``) turns these dicts into DOM nodes with
``textContent``, so no text from an article or a data file is ever parsed as HTML or code.
A spec is ``{"title", "quote", "cite", "rows", "notes", "flags", "sources", "id", "type"}``;
absent parts are omitted.
"""

from __future__ import annotations

import math

from geo.safe_text import safe_url
from geo.sources import Source


class SourceIndex:
    """Numbers every cited source once, in order of first use, so popups and the report agree.

    Articles (the sources of claims) and references (the sources of features' geometry and
    facts) share one numbering; the report lists them apart.
    """

    def __init__(self):
        self.entries: dict[tuple[str, str], int] = {}
        self.kinds: dict[int, str] = {}

    def number(self, title: str | None, url: str | None, kind: str = "reference") -> int:
        """The number of a source, given the next free one on first sight."""
        key = (url or "", title or "")
        if key not in self.entries:
            self.entries[key] = len(self.entries) + 1
            self.kinds[self.entries[key]] = kind
        return self.entries[key]

    def items(self, kind: str | None = None) -> list[tuple[int, str, str]]:
        """``(number, title, url)`` in numbering order, of one kind or all."""
        return [
            (n, title, url)
            for (url, title), n in self.entries.items()
            if kind is None or self.kinds[n] == kind
        ]


def _present(value) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and math.isnan(value):
        return False
    return value != "" and value != []


def km(value) -> str | None:
    """A length for people: ``1,768 km``; None where unknown."""
    return f"{float(value):,.0f} km" if _present(value) else None


def counted(n: int, noun: str) -> str:
    """``n`` and the noun in the number it takes: "1 claim", "38 claims"."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {noun}s"


def _cite(index: SourceIndex, source: dict | None) -> dict | None:
    if not isinstance(source, dict) or not (source.get("title") or source.get("url")):
        return None
    title = str(source.get("title") or source.get("url"))
    url = safe_url(source.get("url"))
    return {"n": index.number(title, url), "title": title, "url": url}


def feature_popup(
    feature: dict, index: SourceIndex, names: dict[str, str], claim_counts: dict | None = None
) -> dict:
    """Popup of a route, port or terminal: its facts, claim count and numbered sources.

    Parameters
    ----------
    feature : dict
        One catalog row.
    index : SourceIndex
        Numbers the sources it cites.
    names : dict
        Feature names by id, to name the parent corridor.
    claim_counts : dict, optional
        Claims per feature id.

    Returns
    -------
    dict
        The popup spec.
    """
    counts = claim_counts or {}
    said = counts.get(feature["id"], 0)
    parent = feature.get("corridor") if _present(feature.get("corridor")) else None
    is_point = feature.get("kind") in ("port", "terminal")
    if parent:
        said_text = f"{said} about this leg, {counts.get(parent, 0)} about the corridor"
    else:
        said_text = str(said)
    published = None
    if _present(feature.get("published_length_km")):
        cite = _cite(index, feature.get("published_length_source"))
        published = km(feature["published_length_km"]) + (f" [{cite['n']}]" if cite else "")
    elif not is_point:
        published = "not published"
    bypasses = feature.get("bypasses_russia")
    rows = [
        ("Kind", feature.get("kind")),
        ("Mode", feature.get("mode")),
        ("Status", feature.get("status")),
        ("Length (geodesic)", None if is_point else km(feature.get("length_km")) or "unknown"),
        ("Published length", published),
        ("Countries", ", ".join(feature.get("countries") or []) or None),
        (
            "Bypasses Russia",
            None if is_point or bypasses is None else ("yes" if bypasses else "no"),
        ),
        ("Capacity", feature.get("capacity") or (None if is_point else "unknown")),
        ("Operator", feature.get("operator")),
        ("Corridor", names.get(parent, parent) if parent else None),
        ("Geometry", feature.get("accuracy")),
        ("Claims", said_text),
    ]
    spec = {
        "type": "feature",
        "id": str(feature["id"]),
        "title": str(feature.get("name") or feature["id"]),
        "rows": [[label, str(value)] for label, value in rows if _present(value)],
        "sources": [c for c in (_cite(index, s) for s in feature.get("sources") or []) if c],
    }
    if _present(feature.get("notes")):
        spec["notes"] = str(feature["notes"])
    return spec


FLAG_HEADINGS = {
    "place_country_mismatch": "Place put in the wrong country",
    "number_disagrees_with_geodata": "Figure differs from the geodata",
    "number_disagrees_with_other_source": "Figure differs from another source",
    "unresolved_place": "Place not found in the gazetteer",
}


def flag_text(flag) -> str:
    """A flag in words: ``code: message`` strings and ``{code, message}`` records alike,
    the code turned into a heading a reader understands."""
    if isinstance(flag, dict):
        code, message = str(flag.get("code") or ""), str(flag.get("message") or "")
    else:
        code, _, message = str(flag).partition(": ")
        if not message:
            code, message = "", code
    heading = FLAG_HEADINGS.get(code, code.replace("_", " ").capitalize())
    return f"{heading}: {message}" if heading and message else heading or message


def claim_popup(
    claim: dict, source: Source | None, index: SourceIndex, names: dict[str, str]
) -> dict:
    """Popup of a claim: the quote, its article with a link, features, places and flags.

    Parameters
    ----------
    claim : dict
        One claim row.
    source : Source or None
        Its article's metadata.
    index : SourceIndex
        Numbers the article.
    names : dict
        Feature names by id.

    Returns
    -------
    dict
        The popup spec.
    """
    if source is not None:
        url = safe_url(source.url)
        cite = {
            "n": index.number(source.label, url, "article"),
            "title": source.label,
            "url": url,
            "meta": f"{source.publisher or 'publisher unknown'} · {source.date or 'date unknown'}",
        }
    else:
        cite = {"title": str(claim["source_id"])}
    features = ", ".join(names.get(f, f) for f in claim.get("feature_ids") or [])
    places = ", ".join(str(p) for p in claim.get("places") or [])
    rows = [
        ("Topic", f"{claim['topic']} · {claim.get('origin') or 'curated'}"),
        ("Concerns", features),
        ("Places", places),
    ]
    return {
        "type": "claim",
        "id": str(claim["id"]),
        "quote": str(claim["quote"]),
        "cite": cite,
        "rows": [[label, value] for label, value in rows if value],
        "flags": [flag_text(f) for f in claim.get("flags") or []],
    }
