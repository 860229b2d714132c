"""The data contract: features.geojson, claims.geojson, claims.csv and sources.csv."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import geopandas as gpd
from shapely.geometry import mapping

from geo.atlas import Atlas
from geo.catalog import CONTRACT_COLUMNS
from geo.claims import CLAIM_COLUMNS

FEATURE_EXTRAS = [
    "length_gap_reason",
    "mode",
    "capacity",
    "operator",
    "opened",
    "published_length_source",
    "legs",
    "notes",
]
SOURCE_COLUMNS = [
    "id",
    "file",
    "title",
    "publisher",
    "author",
    "url",
    "date",
    "language",
    "perspective",
]
LIST_SEPARATOR = " | "
# Beyond the contract: routes within geo.join.NEAR_ROUTE_KM of the claim's anchor that it does
# not name, and the curator's note on why links were made.
CLAIM_EXTRAS = ["near_feature_ids", "note"]


def _plain(value):
    """JSON-safe value: numpy scalars to Python, NaN to None."""
    if hasattr(value, "item") and not isinstance(value, (list, dict, str)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, tuple):
        return list(value)
    return value


def _collection(frame: gpd.GeoDataFrame, columns: list[str]) -> dict:
    features = []
    for _, row in frame.iterrows():
        geometry = row.geometry
        features.append(
            {
                "type": "Feature",
                "geometry": None if geometry is None or geometry.is_empty else mapping(geometry),
                "properties": {column: _plain(row[column]) for column in columns},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def features_geojson(features: gpd.GeoDataFrame) -> dict:
    """Features as an RFC 7946 FeatureCollection with the contract's properties."""
    return _collection(features, CONTRACT_COLUMNS + FEATURE_EXTRAS)


def claims_geojson(claims: gpd.GeoDataFrame) -> dict:
    """Claims as a FeatureCollection of anchor Points (null geometry where unplaced)."""
    return _collection(claims, CLAIM_COLUMNS + [c for c in CLAIM_EXTRAS if c in claims.columns])


FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """A CSV cell a spreadsheet will show as text, never run as a formula.

    Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
    single quote, as the OWASP guidance on CSV injection recommends.

    Parameters
    ----------
    text : str
        The cell's text.

    Returns
    -------
    str
        ``text``, prefixed with ``'`` when a spreadsheet would read it as a formula.
    """
    return f"'{text}" if text.startswith(FORMULA_TRIGGERS) else text


def _cell(value) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, (bool, int, float)):
        return str(value)  # numbers the code computed, never text from the data
    if isinstance(value, list):
        return neutralise(LIST_SEPARATOR.join(str(v) for v in value))
    return neutralise(str(value))


def claims_csv(claims: gpd.GeoDataFrame) -> str:
    """Claims as CSV; list columns joined with `` | ``, anchors as lon/lat columns.

    Text cells that a spreadsheet would run as a formula are neutralised (see
    :func:`neutralise`); the GeoJSON exports keep every value verbatim.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    extras = [c for c in CLAIM_EXTRAS if c in claims.columns]
    writer.writerow(CLAIM_COLUMNS + extras + ["lon", "lat"])
    for _, row in claims.iterrows():
        point = row.geometry
        placed = point is not None and not point.is_empty
        writer.writerow(
            [_cell(row[c]) for c in CLAIM_COLUMNS + extras]
            + ([f"{point.x:.5f}", f"{point.y:.5f}"] if placed else ["", ""])
        )
    return buffer.getvalue()


def sources_csv(atlas: Atlas, source_ids: set[str] | None = None) -> str:
    """Sources as CSV with the contract's columns; formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(SOURCE_COLUMNS)
    for source in atlas.sources.values():
        if source_ids is not None and source.id not in source_ids:
            continue
        writer.writerow([_cell(getattr(source, c)) for c in SOURCE_COLUMNS])
    return buffer.getvalue()


def write_json(path: Path, doc: dict) -> None:
    """Write JSON as UTF-8 through a temporary file, so a reader never sees half a file."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def export_data(atlas: Atlas, out: Path) -> list[Path]:
    """Write the data contract's four files into ``out``.

    Parameters
    ----------
    atlas : Atlas
        Loaded data; only valid records are written.
    out : Path
        Folder to write into; created if missing.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = [
        out / "features.geojson",
        out / "claims.geojson",
        out / "claims.csv",
        out / "sources.csv",
    ]
    write_json(written[0], features_geojson(atlas.features))
    write_json(written[1], claims_geojson(atlas.claims))
    written[2].write_text(claims_csv(atlas.claims), encoding="utf-8")
    written[3].write_text(sources_csv(atlas), encoding="utf-8")
    return written
