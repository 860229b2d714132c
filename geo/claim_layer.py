"""The claims layer's data: one compact table the page's script turns into markers and popups.

A claim's popup says what :func:`geo.popups.claim_popup` says (quote, numbered article link,
topic and origin, features, places, flags in words), but the page does not carry a popup per
claim: each claim is one row of plain values, and text many claims share (an article's
citation, feature names, places, topics) is written once in a table the rows point into by
number. ``geo/static/atlas-map.js`` (``AtlasMap.claims``) builds the popup with DOM text when
it opens. At 10,000 claims this cut the layer from ~840 to ~300 bytes a claim.

Every string still goes through :func:`geo.safe_text.script_json` with the layer, so the
rules of ``SECURITY.md`` hold unchanged; :func:`expand_claims` is the same expansion in
Python, for tests and for anyone reading a page's data.
"""

from __future__ import annotations

import geopandas as gpd
import shapely

from geo.popups import SourceIndex, flag_text
from geo.safe_text import safe_url
from geo.sources import Source

# Positions of a claim row; the page reads them from this list, not from fixed numbers.
FIELDS = ("id", "lon", "lat", "quote", "source", "topic", "origin", "features", "places", "flags")
# Anchors are places, not surveyed points: 1e-4 degrees (~11 m) is finer than any zoom shows.
COORD_DIGITS = 4
TIP_LENGTH = 90


class _Table:
    """Distinct values in order of first use, each known by its position."""

    def __init__(self):
        self.values: list = []
        self._positions: dict = {}

    def at(self, key, make=None) -> int:
        """The position of ``key``; on first sight its value (``make()``, or the key) is added."""
        try:
            return self._positions[key]
        except KeyError:
            position = self._positions[key] = len(self.values)
            self.values.append(key if make is None else make())
            return position


def _cite(source: Source | None, source_id: str, index: SourceIndex) -> dict:
    if source is None:
        return {"title": str(source_id)}
    url = safe_url(source.url)
    return {
        "n": index.number(source.label, url, "article"),
        "title": source.label,
        "url": url,
        "meta": f"{source.publisher or 'publisher unknown'} · {source.date or 'date unknown'}",
    }


def claim_layer_data(
    placed: gpd.GeoDataFrame,
    sources: dict[str, Source],
    index: SourceIndex,
    names: dict[str, str],
) -> dict:
    """The claims layer's data: shared tables and one row per claim.

    Parameters
    ----------
    placed : geopandas.GeoDataFrame
        Claims with a Point anchor.
    sources : dict
        Sources by id; a claim whose source is unknown cites its source id as text.
    index : SourceIndex
        Numbers the articles the claims cite.
    names : dict
        Feature names by id.

    Returns
    -------
    dict
        ``{"fields", "rows", "sources", "names", "places", "topics", "origins"}``: ``rows``
        are lists in ``fields`` order whose ``source``, ``topic``, ``origin``, ``features``
        and ``places`` are positions in the tables of those names.
    """
    cites, features, places, topics, origins = (_Table() for _ in range(5))
    # Tables of the few distinct sources and features first, so the loop is dict lookups.
    source_ids = placed["source_id"].tolist()
    source_at = {
        sid: cites.at(sid, lambda sid=sid: _cite(sources.get(sid), sid, index))
        for sid in dict.fromkeys(source_ids)
    }
    feature_ids = placed["feature_ids"].tolist()
    feature_at = {
        fid: features.at(fid, lambda fid=fid: names.get(fid, fid))
        for ids in feature_ids
        for fid in ids or []
    }
    xy = shapely.get_coordinates(placed.geometry.values).round(COORD_DIGITS).tolist()
    columns = zip(
        placed["id"].tolist(),
        placed["quote"].tolist(),
        source_ids,
        placed["topic"].tolist(),
        placed["origin"].tolist() if "origin" in placed else [None] * len(placed),
        feature_ids,
        placed["places"].tolist(),
        placed["flags"].tolist(),
        xy,
        strict=True,
    )
    rows = []
    for claim_id, quote, source_id, topic, origin, ids, place_names, flags, xy_pair in columns:
        rows.append(
            [
                str(claim_id),
                xy_pair[0],
                xy_pair[1],
                str(quote),
                source_at[source_id],
                topics.at(str(topic)),
                origins.at(str(origin or "curated")),
                [feature_at[f] for f in ids or []],
                [places.at(str(p)) for p in place_names or []],
                [flag_text(f) for f in flags] if flags else [],
            ]
        )
    return {
        "fields": list(FIELDS),
        "rows": rows,
        "sources": cites.values,
        "names": features.values,
        "places": places.values,
        "topics": topics.values,
        "origins": origins.values,
    }


def claim_tip(quote: str, flagged: bool) -> str:
    """A claim's tooltip: its quote, cut to 90 characters, after a warning sign if flagged."""
    short = quote if len(quote) <= TIP_LENGTH else quote[: TIP_LENGTH - 3] + "…"
    return ("⚠ " if flagged else "") + short


def expand_claims(data: dict) -> list[dict]:
    """Each claim's properties as the page's script builds them: id, topic, flags, popup.

    Parameters
    ----------
    data : dict
        What :func:`claim_layer_data` returned (or a page embeds).

    Returns
    -------
    list of dict
        ``{"id", "topic", "flagged", "tip", "popup"}`` per row; ``popup`` is the spec
        :func:`geo.popups.claim_popup` gives for the same claim.
    """
    at = {name: position for position, name in enumerate(data["fields"])}
    expanded = []
    for row in data["rows"]:
        topic = data["topics"][row[at["topic"]]]
        concerns = ", ".join(data["names"][i] for i in row[at["features"]])
        where = ", ".join(data["places"][i] for i in row[at["places"]])
        rows = [
            ("Topic", f"{topic} · {data['origins'][row[at['origin']]]}"),
            ("Concerns", concerns),
            ("Places", where),
        ]
        flags = row[at["flags"]]
        expanded.append(
            {
                "id": row[at["id"]],
                "topic": topic,
                "flagged": bool(flags),
                "tip": claim_tip(row[at["quote"]], bool(flags)),
                "popup": {
                    "type": "claim",
                    "id": row[at["id"]],
                    "quote": row[at["quote"]],
                    "cite": data["sources"][row[at["source"]]],
                    "rows": [[label, value] for label, value in rows if value],
                    "flags": list(flags),
                },
            }
        )
    return expanded
