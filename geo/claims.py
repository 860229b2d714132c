"""Claims: verbatim sentences of the articles, verified against their text and the catalog.

A claim that cannot be trusted (its quote is not at its offsets, its source or a feature id is
unknown) is reported ``file:record: reason`` and left out; everything valid is served.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
from shapely.geometry import Point
from shapely.ops import linemerge

from geo.catalog import Catalog
from geo.gazetteer import Gazetteer
from geo.layout import Layout
from geo.problems import Problem, read_json
from geo.sources import Source, article_text

TOPICS = ("transport", "energy", "security", "diplomacy", "economy", "digital")
ORIGINS = ("curated", "extracted")
REQUIRED = ("id", "source_id", "quote", "start", "end", "topic", "feature_ids", "places")

CLAIM_COLUMNS = [
    "id",
    "source_id",
    "quote",
    "start",
    "end",
    "topic",
    "feature_ids",
    "places",
    "flags",
    "origin",
]


@dataclass
class ClaimSet:
    """Verified claims as a GeoDataFrame (Point anchors, or None) and the problems found."""

    claims: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)


def _offset_problem(record: dict, text: str) -> str | None:
    quote, start, end = record["quote"], record["start"], record["end"]
    if not isinstance(quote, str) or not quote.strip():
        return "quote is empty"
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)):
        return "start and end must be integers"
    if not 0 <= start <= end <= len(text):
        return f"offsets {start}:{end} are outside the article (0:{len(text)})"
    if text[start:end] == quote:
        return None
    elsewhere = text.find(quote)
    if elsewhere >= 0:
        return f"quote is not at offsets {start}:{end} but at {elsewhere}:{elsewhere + len(quote)}"
    return f"quote is not verbatim in the article (offsets {start}:{end})"


def read_claim_file(path: Path, layout: Layout) -> tuple[list[dict], list[Problem]]:
    """Read one claims file: a JSON list of records."""
    rel = layout.rel(path)
    records, problem = read_json(path, rel)
    if problem:
        return [], [problem]
    if not isinstance(records, list):
        return [], [Problem(rel, "-", "must be a JSON list of claim records")]
    good, problems = [], []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            problems.append(Problem(rel, f"#{index}", "claim is not an object"))
            continue
        good.append(record)
    return good, problems


BROAD_PLACE_KINDS = ("country", "region", "sea")


def normalise_flags(flags: object) -> tuple[list[str], list[str]]:
    """Stored flags as ``code: message`` strings, and reasons for the entries that are not.

    A flag may be a string or a ``{code, message}`` object (the form data/README.md gives);
    anything else (a number, a list, an object without a code) is dropped and reported.

    Parameters
    ----------
    flags : object
        The record's ``flags`` value; None means no flags.

    Returns
    -------
    tuple of list of str
        The flags kept, and the reasons for those dropped.
    """
    if flags is None:
        return [], []
    if not isinstance(flags, list):
        return [], [f"flags must be a list of strings or {{code, message}}, not {flags!r}; dropped"]
    kept, reasons = [], []
    for index, flag in enumerate(flags):
        if isinstance(flag, str) and flag.strip():
            kept.append(flag)
        elif (
            isinstance(flag, dict)
            and isinstance(flag.get("code"), str)
            and flag["code"].strip()
            and isinstance(flag.get("message", ""), str)
        ):
            message = flag.get("message", "")
            kept.append(f"{flag['code']}: {message}" if message else flag["code"])
        else:
            reasons.append(
                f"flags[{index}] is not a string or {{code, message}}: {flag!r}; dropped"
            )
    return kept, reasons


def anchor_point(
    record: dict, catalog: Catalog, gazetteer: Gazetteer
) -> tuple[Point | None, str | None]:
    """Where a claim sits on the map, and what put it there.

    The most specific thing the claim names wins: a town or site, then a port or terminal,
    then a country, region or sea (at its representative point), then the middle of a route.

    Returns
    -------
    tuple
        The Point (or None) and the anchor's kind: a place kind (``city``, ``country``...),
        ``feature`` for a port or terminal, ``route`` for a route's midpoint.
    """
    places = [p for p in (gazetteer.resolve(n) for n in record.get("places", [])) if p]
    features = [catalog.get(f) for f in record.get("feature_ids", []) if f in catalog.ids()]
    features = [f for f in features if f["geometry"] is not None]
    for place in places:
        if place.kind not in BROAD_PLACE_KINDS:
            return Point(place.lon, place.lat), place.kind
    for feature in features:
        if feature["geometry"].geom_type == "Point":
            return feature["geometry"], "feature"
    if places:
        return Point(places[0].lon, places[0].lat), places[0].kind
    for feature in features:
        geometry = feature["geometry"]
        if geometry.geom_type == "MultiLineString":
            merged = linemerge(geometry)
            geometry = max(getattr(merged, "geoms", [merged]), key=lambda g: g.length)
        return geometry.interpolate(0.5, normalized=True), "route"
    return None, None


def verify_claim(
    record: dict,
    sources: dict[str, Source],
    texts: dict[str, str],
    feature_ids: set[str],
    gazetteer: Gazetteer,
) -> tuple[list[str], list[str]]:
    """Check one claim record.

    Returns
    -------
    tuple of list of str
        Reasons to leave the claim out, and reasons to keep it but report it.
    """
    missing = [key for key in REQUIRED if key not in record]
    if missing:
        return [f"missing fields: {', '.join(missing)}"], []
    fatal, warnings = [], []
    if not isinstance(record["source_id"], str) or record["source_id"] not in sources:
        return [f"source {record['source_id']!r} is not in seeds/sources.json"], []
    problem = _offset_problem(record, texts[record["source_id"]])
    if problem:
        fatal.append(problem)
    if record["topic"] not in TOPICS:
        fatal.append(f"topic {record['topic']!r} is not one of {', '.join(TOPICS)}")
    if record.get("origin", "curated") not in ORIGINS:
        fatal.append(f"origin {record.get('origin')!r} is not one of {', '.join(ORIGINS)}")
    if not isinstance(record["feature_ids"], list) or not isinstance(record["places"], list):
        fatal.append("feature_ids and places must be lists")
        return fatal, warnings
    unknown = [
        fid for fid in record["feature_ids"] if not isinstance(fid, str) or fid not in feature_ids
    ]
    if unknown:
        fatal.append(f"unknown feature ids: {', '.join(map(str, unknown))}")
    for name in record["places"]:
        if not isinstance(name, str) or gazetteer.resolve(name) is None:
            warnings.append(f"place {name!r} cannot be located (add it to data/places.json)")
    return fatal, warnings


def load_claims(
    layout: Layout,
    catalog: Catalog,
    sources: dict[str, Source],
    gazetteer: Gazetteer,
) -> ClaimSet:
    """Load and verify every claims file under ``data/claims``.

    Parameters
    ----------
    layout : Layout
        Where ``data/`` and ``seeds/`` live.
    catalog : Catalog
        The valid features; claims naming other ids are left out.
    sources : dict
        Valid sources by id, from :func:`geo.sources.load_sources`.
    gazetteer : Gazetteer
        Resolves claim places to coordinates.

    Returns
    -------
    ClaimSet
        Claims with their anchor Point (or None) and stored flags, plus the problems found.
    """
    texts = {sid: article_text(layout, source) for sid, source in sources.items()}
    feature_ids = catalog.ids()
    problems: list[Problem] = []
    rows, seen = [], {}
    files = sorted(p for p in layout.claims_dir.glob("*.json") if not p.name.startswith("."))
    if not layout.claims_dir.is_dir():
        problems.append(Problem(layout.rel(layout.claims_dir), "-", "missing: no claims folder"))
    elif not files:
        problems.append(Problem(layout.rel(layout.claims_dir), "-", "no claims files (*.json)"))
    for path in files:
        records, file_problems = read_claim_file(path, layout)
        problems.extend(file_problems)
        rel = layout.rel(path)
        for index, record in enumerate(records):
            name = str(record.get("id") or f"#{index}")
            fatal, warnings = verify_claim(record, sources, texts, feature_ids, gazetteer)
            if "id" in record and not isinstance(record["id"], str):
                fatal.append(f"id must be a string, not {record.get('id')!r}")
            if name in seen:
                fatal.append(f"duplicate claim id, first in {seen[name]}")
            if fatal:
                problems.extend(Problem(rel, name, reason) for reason in fatal)
                continue
            flags, flag_problems = normalise_flags(record.get("flags"))
            warnings += flag_problems
            problems.extend(Problem(rel, name, reason, skipped=False) for reason in warnings)
            seen[name] = rel
            row = {column: record.get(column) for column in CLAIM_COLUMNS}
            row["flags"] = flags
            row["origin"] = record.get("origin", "curated")
            row["note"] = record.get("note") if isinstance(record.get("note"), str) else None
            row["file"] = rel
            row["geometry"], row["anchor"] = anchor_point(record, catalog, gazetteer)
            rows.append(row)
    frame = gpd.GeoDataFrame(
        rows,
        columns=CLAIM_COLUMNS + ["note", "anchor", "file", "geometry"],
        geometry="geometry",
        crs="EPSG:4326",
    )
    return ClaimSet(frame, problems)
