"""Geodesic measures on the WGS84 ellipsoid and the countries a geometry crosses."""

from __future__ import annotations

import geopandas as gpd
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

WGS84 = Geod(ellps="WGS84")

# A line must run this far inside a country before the country counts as crossed: lines that
# follow a border river would otherwise pick up the neighbour through 10m-scale slivers.
MIN_KM_IN_COUNTRY = 0.5
# A port on the shore may fall just offshore of the 1:10m coastline.
POINT_SNAP_DEGREES = 0.05

# An azimuthal equidistant projection centred on the Caspian: distances in metres from the
# region's centre are true, and distortion stays small across the mapped area.
REGION_METRIC_CRS = "+proj=aeqd +lat_0=42 +lon_0=50 +datum=WGS84 +units=m"


def geodesic_length_km(geometry: BaseGeometry | None) -> float | None:
    """Geodesic length in kilometres of a line on WGS84; ``None`` for points or no geometry."""
    if geometry is None or geometry.is_empty or isinstance(geometry, Point):
        return None
    if geometry.geom_type not in ("LineString", "MultiLineString"):
        return None
    return WGS84.geometry_length(geometry) / 1000.0


def _ordered_lines(geometry: BaseGeometry) -> list[LineString]:
    if isinstance(geometry, LineString):
        return [geometry]
    if isinstance(geometry, MultiLineString):
        return list(geometry.geoms)
    return []


def countries_crossed(geometry: BaseGeometry | None, countries: gpd.GeoDataFrame) -> list[str]:
    """ISO 3166-1 alpha-3 codes of the countries a geometry lies in, in route order.

    Parameters
    ----------
    geometry : shapely geometry or None
        A point or a (multi)line in WGS84.
    countries : geopandas.GeoDataFrame
        Boundaries with an ``iso3`` column, as from :func:`geo.boundaries.load_countries`.

    Returns
    -------
    list of str
        For lines: every country the line runs at least ``MIN_KM_IN_COUNTRY`` through, ordered
        by where the line first enters it; a line that runs that far through none (a sea leg
        between two ports in harbour water) gets the countries of its two end points. For
        points: the country containing the point, or the nearest one within
        ``POINT_SNAP_DEGREES`` for a port just off the coastline.
    """
    if geometry is None or geometry.is_empty:
        return []
    candidates = countries.iloc[countries.sindex.query(geometry, predicate="intersects")]
    if isinstance(geometry, Point):
        return _point_country(geometry, candidates, countries)
    found: dict[str, float] = {}
    offset = 0.0
    for line in _ordered_lines(geometry):
        for _, country in candidates.iterrows():
            inside = line.intersection(country.geometry)
            if inside.is_empty or WGS84.geometry_length(inside) / 1000.0 < MIN_KM_IN_COUNTRY:
                continue
            parts = _ordered_lines(inside) or [
                g for g in getattr(inside, "geoms", []) if isinstance(g, LineString)
            ]
            position = offset + min(line.project(Point(part.coords[0])) for part in parts)
            if country["iso3"] not in found or position < found[country["iso3"]]:
                found[country["iso3"]] = position
        offset += line.length
    if not found:
        # A sea leg wholly at sea (both ports in harbour water or less than MIN_KM_IN_COUNTRY
        # inland) belongs to the countries of the ports it joins.
        lines = _ordered_lines(geometry)
        ends: list[str] = []
        for point in (Point(lines[0].coords[0]), Point(lines[-1].coords[-1])) if lines else ():
            here = countries.iloc[countries.sindex.query(point, predicate="intersects")]
            ends += [code for code in _point_country(point, here, countries) if code not in ends]
        return ends
    return sorted(found, key=found.get)


def _point_country(point: Point, candidates, countries) -> list[str]:
    """The country containing a point, or the nearest within ``POINT_SNAP_DEGREES``."""
    if len(candidates):
        return [candidates.iloc[0]["iso3"]]
    near = countries.iloc[countries.sindex.query(point.buffer(POINT_SNAP_DEGREES))]
    if not len(near):
        return []
    # Degrees are fine for picking the nearest of a few shapes a few km away.
    nearest = min(range(len(near)), key=lambda i: near.geometry.iloc[i].distance(point))
    return [near.iloc[nearest]["iso3"]]
