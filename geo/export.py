"""The data contract: features.geojson, claims.geojson, claims.csv and sources.csv."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
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


def _records(frame: gpd.GeoDataFrame, columns: list[str]) -> list[dict]:
    """The frame's rows as dicts of ``columns`` plus ``geometry`` (no per-row Series)."""
    wanted = [c for c in dict.fromkeys([*columns, frame.geometry.name]) if c in frame.columns]
    records = frame[wanted].to_dict("records") if len(frame) else []
    name = frame.geometry.name
    for record in records:
        record["geometry"] = record.pop(name) if name != "geometry" else record["geometry"]
    return records


def _collection(frame: gpd.GeoDataFrame, columns: list[str]) -> dict:
    features = []
    for row in _records(frame, columns):
        geometry = row["geometry"]
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
    for row in _records(claims, CLAIM_COLUMNS + extras):
        point = row["geometry"]
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


# Formats export_data can write: the contract's four files, and the analysts' formats.
FORMATS = ("geojson", "csv", "gpkg", "parquet")
GPKG_NAME = "atlas.gpkg"
GPKG_LAYERS = ("features", "claims", "sources")
PARQUET_NAMES = {"features": "features.parquet", "claims": "claims.parquet"}


def _json_text(value) -> str | None:
    value = _plain(value)
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, default=_plain)


def _table(frame: gpd.GeoDataFrame, columns: list[str], *, lists: bool) -> gpd.GeoDataFrame:
    """The columns as typed table columns: text, numbers, booleans, and lists of text.

    Lists of strings stay lists when ``lists`` (Parquet has list columns) and become JSON text
    otherwise (a GeoPackage has none); objects such as ``sources`` are always JSON text.
    """

    out = {}
    for column in columns:
        values = [_plain(v) for v in frame[column]] if column in frame.columns else []
        if column not in frame.columns:
            values = [None] * len(frame)
        present = [v for v in values if v is not None]
        if present and all(isinstance(v, bool) for v in present):
            out[column] = pd.array(values, dtype="boolean")
        elif present and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in present
        ):
            out[column] = pd.array(
                [math.nan if v is None else float(v) for v in values], dtype="float64"
            )
            if all(isinstance(v, int) for v in present):
                out[column] = pd.array(values, dtype="Int64")
        elif present and all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in present
        ):
            out[column] = values if lists else [_json_text(v) for v in values]
        elif present and all(isinstance(v, str) for v in present):
            out[column] = pd.array(values, dtype="object")
        else:
            out[column] = [_json_text(v) if v is not None else None for v in values]
    geometry = [None if g is None or g.is_empty else g for g in frame.geometry]
    return gpd.GeoDataFrame(out, geometry=geometry, crs="EPSG:4326")


def feature_table(features: gpd.GeoDataFrame, *, lists: bool = True) -> gpd.GeoDataFrame:
    """Features with the contract's columns as a typed table, for GeoPackage and GeoParquet.

    Parameters
    ----------
    features : geopandas.GeoDataFrame
        The catalog's features.
    lists : bool
        Keep list columns (``countries``, ``legs``) as lists; JSON text when False.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature, columns ``CONTRACT_COLUMNS + FEATURE_EXTRAS`` (``sources`` and
        other objects as JSON text), EPSG:4326.
    """
    return _table(features, CONTRACT_COLUMNS + FEATURE_EXTRAS, lists=lists)


def claim_table(claims: gpd.GeoDataFrame, *, lists: bool = True) -> gpd.GeoDataFrame:
    """Claims with the contract's columns as a typed table (anchors as Points or null).

    Parameters
    ----------
    claims : geopandas.GeoDataFrame
        The atlas's claims.
    lists : bool
        Keep list columns (``feature_ids``, ``places``, ``flags``...) as lists; JSON text
        when False.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per claim, columns ``CLAIM_COLUMNS`` and the extras present, EPSG:4326.
    """
    extras = [c for c in CLAIM_EXTRAS if c in claims.columns]
    return _table(claims, CLAIM_COLUMNS + extras, lists=lists)


def source_table(atlas: Atlas) -> pd.DataFrame:
    """Sources as a table with the contract's columns (``SOURCE_COLUMNS``), verbatim.

    Parameters
    ----------
    atlas : Atlas
        Loaded data.

    Returns
    -------
    pandas.DataFrame
        One row per source, text columns only (no geometry).
    """
    rows = [{c: _plain(getattr(s, c)) for c in SOURCE_COLUMNS} for s in atlas.sources.values()]
    return pd.DataFrame(rows, columns=SOURCE_COLUMNS).astype(object)


def write_geopackage(atlas: Atlas, path: Path) -> Path:
    """Write one GeoPackage with layers ``features``, ``claims`` and ``sources`` (GDAL).

    Parameters
    ----------
    atlas : Atlas
        Loaded data.
    path : Path
        The ``.gpkg`` file; replaced if it exists (written beside it first).

    Returns
    -------
    Path
        ``path``.
    """
    import pyogrio

    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp.gpkg")
    tmp.unlink(missing_ok=True)
    try:
        pyogrio.write_dataframe(
            feature_table(atlas.features, lists=False), tmp, layer="features", driver="GPKG"
        )
        pyogrio.write_dataframe(
            claim_table(atlas.claims, lists=False),
            tmp,
            layer="claims",
            driver="GPKG",
            geometry_type="Point",
            append=True,
        )
        pyogrio.write_dataframe(
            source_table(atlas), tmp, layer="sources", driver="GPKG", append=True
        )
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def write_geoparquet(frame: gpd.GeoDataFrame, path: Path) -> Path:
    """Write a GeoParquet file (geometry as WKB, GeoParquet ``geo`` metadata) via pyarrow.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        What to write, e.g. :func:`feature_table` or :func:`claim_table`.
    path : Path
        The ``.parquet`` file; replaced atomically.

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.tmp")
    frame.to_parquet(tmp, index=False, compression="zstd", write_covering_bbox=False)
    tmp.replace(path)
    return path


def export_data(
    atlas: Atlas, out: Path, formats: tuple[str, ...] | list[str] = FORMATS
) -> list[Path]:
    """Write the data contract's four files, a GeoPackage and GeoParquet files into ``out``.

    Parameters
    ----------
    atlas : Atlas
        Loaded data; only valid records are written.
    out : Path
        Folder to write into; created if missing.
    formats : sequence of {"geojson", "csv", "gpkg", "parquet"}
        What to write: ``features.geojson`` and ``claims.geojson``; ``claims.csv`` and
        ``sources.csv``; ``atlas.gpkg`` (layers features, claims, sources); and
        ``features.parquet`` and ``claims.parquet``. All by default.

    Returns
    -------
    list of Path
        The files written.
    """
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise ValueError(f"unknown formats: {', '.join(unknown)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if "geojson" in formats:
        write_json(out / "features.geojson", features_geojson(atlas.features))
        write_json(out / "claims.geojson", claims_geojson(atlas.claims))
        written += [out / "features.geojson", out / "claims.geojson"]
    if "csv" in formats:
        (out / "claims.csv").write_text(claims_csv(atlas.claims), encoding="utf-8")
        (out / "sources.csv").write_text(sources_csv(atlas), encoding="utf-8")
        written += [out / "claims.csv", out / "sources.csv"]
    if "gpkg" in formats:
        written.append(write_geopackage(atlas, out / GPKG_NAME))
    if "parquet" in formats:
        written.append(
            write_geoparquet(feature_table(atlas.features), out / PARQUET_NAMES["features"])
        )
        written.append(write_geoparquet(claim_table(atlas.claims), out / PARQUET_NAMES["claims"]))
    return written
