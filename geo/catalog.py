"""The curated feature catalog: load, validate and compute lengths, countries and flags.

Each ``data/features/*.geojson`` file is read record by record, so one broken record is
reported (``file:record: reason``) and left out while every valid one is served.
"""

from __future__ import annotations

import math
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, box, shape
from shapely.ops import unary_union

from geo.boundaries import load_countries, metadata_problem, read_metadata
from geo.geodesy import WGS84, countries_crossed, geodesic_length_km
from geo.layout import Layout
from geo.problems import Problem, read_json
from geo.values import url_problem

KINDS = ("pipeline", "railway", "road", "sea_route", "cable", "port", "terminal", "corridor")
LINE_KINDS = ("pipeline", "railway", "road", "sea_route", "cable")
POINT_KINDS = ("port", "terminal")
MODES = ("rail", "ferry", "sea", "road", "pipeline", "cable")
STATUSES = (
    "proposed",
    "construction",
    "operating",
    "shelved",
    "cancelled",
    "idle",
    "mothballed",
    "retired",
)
ACCURACIES = ("traced", "waypoints", "schematic")
# Worst first: a corridor is only as accurate as its least accurate leg.
ACCURACY_RANK = {"schematic": 0, "waypoints": 1, "traced": 2}
ID_PATTERN = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
LENGTH_TOLERANCE = 0.03
# A straight stretch longer than this over land is not a route unless the feature says why
# (``straight_reason``); sea legs are exempt.
MAX_STRAIGHT_LAND_KM = 25.0
# How each feature's geometry was obtained (``geometry_source.kind``).
GEOMETRY_SOURCE_KINDS = ("osm", "gem", "searoute", "waypoints", "published", "composite", "legs")
# What must come with a geometry taken from a repository.
REPOSITORY_KEYS = ("repo", "path", "commit", "licence")
# Credits a map or an export must carry for features drawn from these kinds of data.
CREDITS = {
    "osm": "© OpenStreetMap contributors (ODbL 1.0): openstreetmap.org/copyright",
    "gem": "Global Energy Monitor, Global Oil/Gas Infrastructure Trackers (CC BY 4.0)",
    "searoute": "Sea routes: searoute (Apache-2.0), Eurostat MARNET network",
}
# What kind of publisher a source is (``sources[i].kind``).
SOURCE_KINDS = (
    "operator",
    "government",
    "tracker",
    "encyclopedia",
    "press",
    "dataset",
    "report",
    "web",
)
# Sea legs may cross land only where they leave and reach their ports.
SEA_LEG_PORT_ALLOWANCE_KM = 8.0
SEA_LEG_LAND_SHARE = 0.03
# A waypoint "on" its line lies within this many degrees of it (~30 km); used to tell a line
# drawn [lat, lon] from its named waypoints.
WAYPOINT_NEAR_DEG = 0.3

REQUIRED_PROPERTIES = ("id", "name", "kind", "status", "accuracy", "sources")

CONTRACT_COLUMNS = [
    "id",
    "name",
    "kind",
    "commodity",
    "status",
    "length_km",
    "published_length_km",
    "countries",
    "bypasses_russia",
    "accuracy",
    "corridor",
    "sources",
]
EXTRA_COLUMNS = [
    "length_gap_reason",
    "straight_reason",
    "geometry_source",
    "mode",
    "capacity",
    "operator",
    "opened",
    "published_length_source",
    "waypoints",
    "notes",
    "file",
]


@dataclass
class Catalog:
    """Valid features with computed fields, and the problems met while loading them."""

    features: gpd.GeoDataFrame
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    def ids(self) -> set[str]:
        """Ids of every feature that loaded."""
        return set(self._index()[0])

    def get(self, feature_id: str) -> dict:
        """Properties and geometry of one feature as a dict (a fresh copy each call)."""
        rows = self._index()[1]
        if feature_id not in rows:
            raise KeyError(feature_id)
        return dict(rows[feature_id])

    def kind(self, feature_id: str) -> str | None:
        """The ``kind`` of one feature, or None for an unknown id (no copy: ingest asks per
        mention)."""
        row = self._index()[1].get(feature_id)
        return row["kind"] if row is not None else None

    def __contains__(self, feature_id: object) -> bool:
        return feature_id in self._index()[1]

    def _index(self) -> tuple[frozenset[str], dict[str, dict]]:
        """Ids and rows by id, built once per ``features`` frame (rebuilt if it is replaced).

        A lookup used to build a boolean mask over the frame per call; flags and ingest
        look features up per claim and per sentence.
        """
        cached = self.__dict__.get("_by_id")
        if cached is not None and cached[0] is self.features and cached[1] == len(self.features):
            return cached[2], cached[3]
        rows: dict[str, dict] = {}
        for row in self.features.to_dict("records"):
            rows.setdefault(row["id"], row)  # the first row wins, as the mask's iloc[0] did
        ids = frozenset(rows)
        self.__dict__["_by_id"] = (self.features, len(self.features), ids, rows)
        return ids, rows

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        state.pop("_by_id", None)
        return state


def load_mirror_hosts(layout: Layout) -> tuple[frozenset[str], list[Problem]]:
    """Hosts of Wikipedia mirrors and content farms that no source may cite.

    Read from ``data/source_hosts.json`` (``{"mirrors": [host, ...]}``); a host covers its
    subdomains too.
    """
    path = layout.data / "source_hosts.json"
    rel = layout.rel(path)
    doc, problem = read_json(path, rel)
    if problem:
        return frozenset(), [problem]
    if doc is None:
        return frozenset(), []
    hosts = doc.get("mirrors") if isinstance(doc, dict) else None
    if not isinstance(hosts, list) or not all(isinstance(h, str) and h for h in hosts):
        return frozenset(), [Problem(rel, "-", "needs a 'mirrors' list of host names")]
    return frozenset(h.lower().strip(".") for h in hosts), []


def mirror_host(url: str, hosts: frozenset[str]) -> str | None:
    """The listed mirror host ``url`` is on (itself or a parent domain), or None."""
    host = (urlsplit(str(url)).hostname or "").lower()
    parts = host.split(".")
    for i in range(len(parts) - 1):
        candidate = ".".join(parts[i:])
        if candidate in hosts:
            return candidate
    return None


def _source_problems(sources, mirrors: frozenset[str] = frozenset()) -> str | None:
    if not isinstance(sources, list) or not sources:
        return "sources must be a non-empty list of {title, url}"
    for i, src in enumerate(sources):
        if not isinstance(src, dict) or not src.get("title") or not src.get("url"):
            return f"sources[{i}] needs a title and a url"
        if not isinstance(src["title"], str):
            return f"sources[{i}].title must be text"
        reason = url_problem(src["url"])
        if reason:
            return f"sources[{i}]: {reason}"
        if src.get("kind") not in SOURCE_KINDS:
            return f"sources[{i}].kind {src.get('kind')!r} is not one of {', '.join(SOURCE_KINDS)}"
        host = mirror_host(src["url"], mirrors)
        if host:
            return (
                f"sources[{i}] is on {host}, a Wikipedia mirror or content farm listed in "
                "data/source_hosts.json: cite the original article or the publisher"
            )
    return None


def _published_source_problem(value) -> str | None:
    if not isinstance(value, dict) or not value.get("title") or not value.get("url"):
        return "published_length_source must be {title, url}"
    reason = url_problem(value["url"])
    return f"published_length_source: {reason}" if reason else None


def _geometry_source_problem(props: dict) -> str | None:
    source = props.get("geometry_source")
    if not isinstance(source, dict):
        return "geometry_source is missing: say how the geometry was obtained"
    parts = source.get("parts") if source.get("kind") == "composite" else [source]
    if not isinstance(parts, list) or not parts:
        return "geometry_source of kind composite needs a non-empty parts list"
    for part in parts:
        kind = part.get("kind") if isinstance(part, dict) else None
        if kind not in GEOMETRY_SOURCE_KINDS or (kind == "composite" and part is not source):
            return (
                f"geometry_source kind {kind!r} is not one of "
                f"{', '.join(k for k in GEOMETRY_SOURCE_KINDS)}"
            )
        if kind in ("osm", "gem"):
            missing = [key for key in REPOSITORY_KEYS if not part.get(key)]
            if missing:
                return f"geometry_source ({kind}) needs {', '.join(missing)}"
    return None


def geometry_source_kinds(source) -> list[str]:
    """The kinds of data a ``geometry_source`` draws on, composite parts included."""
    if not isinstance(source, dict):
        return []
    if source.get("kind") == "composite":
        return [k for part in source.get("parts") or [] for k in geometry_source_kinds(part)]
    return [source["kind"]] if source.get("kind") else []


def data_credits(features) -> list[str]:
    """Credit lines the map and the export must show for these features' geometry.

    Parameters
    ----------
    features : GeoDataFrame or iterable of dict
        Features with a ``geometry_source`` property (a catalog's ``features`` frame works).

    Returns
    -------
    list of str
        One line per data licence in use (OpenStreetMap's ODbL, GEM's CC BY 4.0, searoute),
        in a stable order, each once; empty when every geometry is hand-made.
    """
    if hasattr(features, "to_dict") and hasattr(features, "columns"):
        records = features.to_dict("records") if "geometry_source" in features.columns else []
    else:
        records = list(features)
    used = {kind for r in records for kind in geometry_source_kinds(r.get("geometry_source"))}
    return [line for kind, line in CREDITS.items() if kind in used]


def _property_problems(props: dict, mirrors: frozenset[str] = frozenset()) -> list[str]:
    reasons = []
    missing = [key for key in REQUIRED_PROPERTIES if props.get(key) in (None, "", [])]
    if missing:
        reasons.append(f"missing required properties: {', '.join(missing)}")
    fid = props.get("id")
    if fid is not None and not (isinstance(fid, str) and ID_PATTERN.match(fid)):
        reasons.append(f"id {fid!r} is not snake_case")
    text_fields = ("name", "corridor", "commodity", "capacity", "operator", "notes")
    wrong = [k for k in text_fields if not isinstance(props.get(k), (str, type(None)))]
    if wrong:
        reasons.append(f"must be text or null: {', '.join(wrong)}")
    checks = (("kind", KINDS), ("status", STATUSES), ("accuracy", ACCURACIES))
    for key, allowed in checks:
        if props.get(key) is not None and props[key] not in allowed:
            reasons.append(f"{key} {props[key]!r} is not one of {', '.join(allowed)}")
    if props.get("mode") is not None and props["mode"] not in MODES:
        reasons.append(f"mode {props['mode']!r} is not one of {', '.join(MODES)}")
    published = props.get("published_length_km")
    if published is not None and (
        isinstance(published, bool)
        or not isinstance(published, (int, float))
        or not math.isfinite(published)
        or published <= 0
    ):
        reasons.append(f"published_length_km must be a positive number or null: {published!r}")
    if published is not None and not props.get("published_length_source"):
        reasons.append("published_length_km has no published_length_source")
    elif props.get("published_length_source") is not None:
        problem = _published_source_problem(props["published_length_source"])
        if problem:
            reasons.append(problem)
    if props.get("sources") not in (None, "", []):
        problem = _source_problems(props.get("sources"), mirrors)
        if problem:
            reasons.append(problem)
    source = props.get("published_length_source")
    if published is not None and isinstance(source, dict):
        host = mirror_host(source.get("url", ""), mirrors)
        if host:
            reasons.append(f"published_length_source is on {host}, a listed mirror")
    problem = _geometry_source_problem(props)
    if problem:
        reasons.append(problem)
    computed = [k for k in ("length_km", "countries", "bypasses_russia") if k in props]
    if computed:
        reasons.append(f"computed properties must not be written by hand: {', '.join(computed)}")
    return reasons


ALLOWED_TYPES = {
    **{kind: ("Point",) for kind in POINT_KINDS},
    **{kind: ("LineString", "MultiLineString") for kind in LINE_KINDS},
    "corridor": ("LineString", "MultiLineString"),
}


def _range_problem(geometry) -> str | None:
    coords = shapely.get_coordinates(geometry)
    if not np.isfinite(coords).all():
        return "coordinates must be finite numbers"
    lon, lat = coords[:, 0], coords[:, 1]
    if (np.abs(lon) > 180).any() or (np.abs(lat) > 90).any():
        return "coordinates out of range (lon -180..180, lat -90..90)"
    return None


# About 5 km: a line that starts or ends at a port, terminal or station does so this closely.
ANCHOR_NEAR_DEG = 0.05


def _swap(geometry):
    return shapely.transform(geometry, lambda xy: xy[:, ::-1])


def _region_problem(geometry, region) -> str | None:
    if region.contains(geometry):
        return None
    where = f"geometry leaves the mapped region {tuple(region.bounds)}"
    if region.contains(_swap(geometry)):
        return f"{where} but lies inside it once swapped: lon/lat swapped (GeoJSON is [lon, lat])"
    return f"{where}: coordinates may be swapped (GeoJSON is [lon, lat])"


def _waypoint_problem(geometry, waypoints) -> str | None:
    """A line far from its own named waypoints, but on them once swapped, is drawn [lat, lon]."""
    points = []
    for waypoint in waypoints if isinstance(waypoints, list) else []:
        try:
            points.append(Point(float(waypoint["lon"]), float(waypoint["lat"])))
        except (KeyError, TypeError, ValueError):
            continue
    if len(points) < 2:
        return None
    swapped = _swap(geometry)
    on_line = sum(geometry.distance(p) <= WAYPOINT_NEAR_DEG for p in points)
    on_swapped = sum(swapped.distance(p) <= WAYPOINT_NEAR_DEG for p in points)
    if on_line < len(points) / 2 and on_swapped > max(on_line, len(points) / 2):
        return (
            f"lon/lat swapped: only {on_line} of its {len(points)} waypoints lie on the line, "
            f"{on_swapped} once its coordinates are swapped (GeoJSON is [lon, lat])"
        )
    return None


def _anchor_points(rows: list[dict]) -> list[Point]:
    """Ports, terminals and named waypoints: the places a line may start or end at."""
    anchors = [row["geometry"] for row in rows if isinstance(row["geometry"], Point)]
    for row in rows:
        for waypoint in row["props"].get("waypoints") or []:
            try:
                anchors.append(Point(float(waypoint["lon"]), float(waypoint["lat"])))
            except (KeyError, TypeError, ValueError):
                continue
    return anchors


def _line_ends(geometry) -> list[Point]:
    lines = list(geometry.geoms) if isinstance(geometry, MultiLineString) else [geometry]
    return [Point(line.coords[i]) for line in lines for i in (0, -1)]


def _drop_swapped_lines(rows: list[dict], problems: list[Problem]) -> list[dict]:
    """Leave out lines drawn [lat, lon] that the region box and waypoints did not catch.

    A traced line has no waypoints of its own, and swapped it can still sit inside the
    region (BTC then "crosses" Russia, Ukraine and Syria). Its ends are the tell: none lies
    at a mapped port, terminal or waypoint as drawn, and one does once swapped.
    """
    anchors = _anchor_points(rows)
    if not anchors:
        return rows
    tree = shapely.STRtree(anchors)

    def ends_at_anchor(geometry) -> int:
        ends = _line_ends(geometry)
        return sum(tree.query_nearest(end, max_distance=ANCHOR_NEAR_DEG).size > 0 for end in ends)

    kept = []
    for row in rows:
        geometry = row["geometry"]
        if isinstance(geometry, (LineString, MultiLineString)) and not geometry.is_empty:
            as_drawn = ends_at_anchor(geometry)
            swapped = ends_at_anchor(_swap(geometry))
            if as_drawn == 0 and swapped > 0:
                reason = (
                    f"lon/lat swapped: no end of the line is at a mapped port, terminal or "
                    f"waypoint, {swapped} once its coordinates are swapped (GeoJSON is [lon, lat])"
                )
                problems.append(Problem(row["file"], row["props"]["id"], reason))
                continue
        kept.append(row)
    return kept


def _geometry_problems(props: dict, raw_geometry, region) -> tuple[list[str], object]:
    kind = props.get("kind")
    if raw_geometry is None:
        if kind == "corridor":
            return [], None
        return ["geometry is null (only a corridor parent may have none)"], None
    try:
        with warnings.catch_warnings():  # NaN coordinates warn; they are reported below
            warnings.simplefilter("ignore", RuntimeWarning)
            geometry = shape(raw_geometry)
    except Exception as exc:  # shapely raises several types for malformed GeoJSON
        return [f"geometry is not valid GeoJSON: {type(exc).__name__}: {exc}"], None
    if geometry.is_empty:
        return ["geometry is empty"], None
    allowed = ALLOWED_TYPES.get(kind)
    if allowed and geometry.geom_type not in allowed:
        return [f"a {kind} must be a {' or '.join(allowed)}, not a {geometry.geom_type}"], None
    problem = _range_problem(geometry)
    if problem:
        return [problem], None
    reasons = []
    if not geometry.is_valid:
        reasons.append(f"geometry is not valid: {shapely.is_valid_reason(geometry)}")
    elif geometry.geom_type == "LineString" and not geometry.is_simple:
        reasons.append("line intersects itself")
    problem = _region_problem(geometry, region)
    if problem:
        reasons.append(problem)
    elif geometry.geom_type != "Point":
        problem = _waypoint_problem(geometry, props.get("waypoints"))
        if problem:
            reasons.append(problem)
    return reasons, geometry


def _straight_land_problem(geometry, countries) -> str | None:
    """The first straight stretch longer than MAX_STRAIGHT_LAND_KM that runs over land."""
    land = None
    for line in getattr(geometry, "geoms", [geometry]):
        coords = list(line.coords)
        for a, b in zip(coords, coords[1:], strict=False):
            segment = LineString([a, b])
            km = geodesic_length_km(segment)
            if km <= MAX_STRAIGHT_LAND_KM:
                continue
            if land is None:
                hits = countries.geometry.iloc[countries.sindex.query(geometry)]
                land = unary_union(list(hits))
            over = segment.intersection(land)
            land_km = WGS84.geometry_length(over) / 1000.0 if not over.is_empty else 0.0
            if land_km > MAX_STRAIGHT_LAND_KM:
                return (
                    f"straight {km:.0f} km stretch over land from {a[0]:.3f},{a[1]:.3f} to "
                    f"{b[0]:.3f},{b[1]:.3f}: trace it, or say why in straight_reason"
                )
    return None


def encyclopedia_only_notice(props: dict) -> str | None:
    """A warning for a feature whose every source is an encyclopedia."""
    sources = props.get("sources") or []
    if sources and all(s.get("kind") == "encyclopedia" for s in sources):
        return "warning: every source is an encyclopedia; cite the operator, a government or GEM"
    return None


def _sea_leg_land_problem(geometry, countries) -> str | None:
    land = unary_union(list(countries.geometry.iloc[countries.sindex.query(geometry)]))
    if land.is_empty:
        return None
    ends = (
        [Point(geometry.coords[0]), Point(geometry.coords[-1])]
        if hasattr(geometry, "coords")
        else []
    )
    over_land = geometry.intersection(land)
    for end in ends:  # ~0.08 degrees is the port approach allowance
        over_land = over_land.difference(end.buffer(SEA_LEG_PORT_ALLOWANCE_KM / 100.0))
    land_km = WGS84.geometry_length(over_land) / 1000.0 if not over_land.is_empty else 0.0
    total_km = geodesic_length_km(geometry) or 0.0
    if total_km and land_km / total_km > SEA_LEG_LAND_SHARE:
        return f"sea leg crosses {land_km:.0f} km of land away from its ports"
    return None


def _read_feature_file(path: Path, layout: Layout) -> tuple[list[dict], list[Problem]]:
    rel = layout.rel(path)
    doc, problem = read_json(path, rel)
    if problem:
        return [], [problem]
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return [], [Problem(rel, "-", "not a GeoJSON FeatureCollection")]
    if not isinstance(doc.get("features"), list):
        return [], [Problem(rel, "-", "FeatureCollection has no features list")]
    records = []
    problems = []
    for index, feature in enumerate(doc["features"]):
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            problems.append(Problem(rel, f"#{index}", "not a Feature with properties"))
            continue
        records.append({"file": rel, "index": index, "feature": feature})
    return records, problems


def _published_length_problem(props: dict) -> str | None:
    published = props.get("published_length_km")
    computed = props.get("length_km")
    if not published or not computed:
        return None
    off = abs(computed - published) / published
    if off > LENGTH_TOLERANCE:
        return (
            f"geodesic length {computed:.0f} km is {off:.0%} off the published "
            f"{published:g} km (tolerance {LENGTH_TOLERANCE:.0%})"
        )
    return None


def length_gap_notice(props: dict) -> str | None:
    """A length gap the data explains (``length_gap_reason``) is a notice, not a problem."""
    problem = _published_length_problem(props)
    if problem and props.get("length_gap_reason"):
        return f"{problem}; explained: {props['length_gap_reason']}"
    return None


# Geometry checks and computed fields by (what, boundaries, geometry): pure functions of the
# two, recomputed only for a geometry not seen before in this process. A test suite or an app
# that reloads a root after editing one record then pays for that record only.
_GEOMETRY_MEMO: dict[tuple[str, int, bytes], object] = {}
_MEMO_FRAMES: dict[int, object] = {}  # holds each boundaries frame so its id is not reused
_MEMO_LIMIT = 20_000


def _memo(what: str, geometry, countries, compute):
    if geometry is None:
        return compute(geometry, countries)
    _MEMO_FRAMES.setdefault(id(countries), countries)
    key = (what, id(countries), shapely.to_wkb(geometry))
    if key not in _GEOMETRY_MEMO:
        if len(_GEOMETRY_MEMO) >= _MEMO_LIMIT:
            _GEOMETRY_MEMO.clear()
        _GEOMETRY_MEMO[key] = compute(geometry, countries)
    value = _GEOMETRY_MEMO[key]
    return list(value) if isinstance(value, list) else value


def _length_km(geometry, _countries) -> float | None:
    return geodesic_length_km(geometry)


def _compute(props: dict, geometry, countries) -> None:
    props["length_km"] = _memo("length", geometry, countries, _length_km)
    if props["length_km"] is not None:
        props["length_km"] = round(props["length_km"], 1)
    props["countries"] = _memo("countries", geometry, countries, countries_crossed)
    props["bypasses_russia"] = (
        None if isinstance(geometry, Point) or geometry is None else "RUS" not in props["countries"]
    )


def _build_corridors(rows: list[dict], countries, problems: list[Problem]) -> None:
    by_id = {row["props"]["id"]: row for row in rows}
    for row in rows:
        props = row["props"]
        parent = props.get("corridor")
        if parent is None:
            continue
        if parent not in by_id:
            problems.append(
                Problem(row["file"], props["id"], f"corridor {parent!r} is unknown", skipped=False)
            )
            props["corridor"] = None
        elif by_id[parent]["props"]["kind"] != "corridor":
            problems.append(
                Problem(
                    row["file"],
                    props["id"],
                    f"corridor {parent!r} is not a corridor feature",
                    skipped=False,
                )
            )
            props["corridor"] = None
    for row in rows:
        props = row["props"]
        if props["kind"] != "corridor":
            continue
        legs = [r for r in rows if r["props"].get("corridor") == props["id"] and r["geometry"]]
        if row["geometry"] is None:
            if not legs:
                problems.append(
                    Problem(row["file"], props["id"], "corridor has no geometry and no legs")
                )
                row["drop"] = True
                continue
            lines = []
            for leg in legs:
                lines.extend(getattr(leg["geometry"], "geoms", [leg["geometry"]]))
            row["geometry"] = MultiLineString(lines)
        _compute(props, row["geometry"], countries)
        if legs:
            props["length_km"] = round(sum(leg["props"]["length_km"] or 0 for leg in legs), 1)
            if props.get("accuracy") is None or all(leg["props"].get("accuracy") for leg in legs):
                worst = min((leg["props"]["accuracy"] for leg in legs), key=ACCURACY_RANK.get)
                props["accuracy"] = worst
        props["legs"] = [leg["props"]["id"] for leg in legs]


def load_catalog(layout: Layout | None = None) -> Catalog:
    """Load, validate and enrich every curated feature under ``layout``.

    Parameters
    ----------
    layout : Layout, optional
        Where ``data/`` lives; the repository by default.

    Returns
    -------
    Catalog
        ``features`` is a GeoDataFrame (EPSG:4326) with the data-contract columns, computed
        ``length_km``, ``countries`` and ``bypasses_russia``, plus ``legs`` for corridors.
        ``problems`` lists each record left out or questioned, with file, record and reason.
    """
    layout = layout or Layout()
    meta = read_metadata(layout.countries_file)
    region = box(*meta["region_bbox"])
    countries = load_countries(layout.countries_file)
    mirrors, problems = load_mirror_hosts(layout)
    reason = metadata_problem(layout.countries_file)
    if reason:
        problems.append(Problem(layout.rel(layout.countries_file), "-", reason, skipped=False))
    rows: list[dict] = []
    seen: dict[str, str] = {}
    files = sorted(p for p in layout.features_dir.glob("*.geojson") if not p.name.startswith("."))
    if not files:
        problems.append(Problem(layout.rel(layout.features_dir), "-", "no .geojson files"))
    for path in files:
        records, file_problems = _read_feature_file(path, layout)
        problems.extend(file_problems)
        for record in records:
            feature = record["feature"]
            props = dict(feature["properties"])
            name = str(props.get("id") or f"#{record['index']}")
            reasons = _property_problems(props, mirrors)
            geo_reasons, geometry = _geometry_problems(props, feature.get("geometry"), region)
            reasons.extend(geo_reasons)
            if isinstance(props.get("id"), str) and props["id"] in seen:
                reasons.append(f"duplicate id, first defined in {seen[props['id']]}")
            if reasons:
                problems.extend(Problem(record["file"], name, r) for r in reasons)
                continue
            seen[props["id"]] = record["file"]
            if props["kind"] in LINE_KINDS:
                at_sea = props.get("mode") in ("sea", "ferry") or props["kind"] == "sea_route"
                if not at_sea and not props.get("straight_reason"):
                    check = _memo("straight", geometry, countries, _straight_land_problem)
                    if check:
                        problems.append(Problem(record["file"], name, check, skipped=False))
                if at_sea:
                    check = _memo("sea_leg", geometry, countries, _sea_leg_land_problem)
                    if check:
                        problems.append(Problem(record["file"], name, check, skipped=False))
            if props["kind"] != "corridor":
                _compute(props, geometry, countries)
            rows.append({"file": record["file"], "props": props, "geometry": geometry})
    rows = _drop_swapped_lines(rows, problems)
    _build_corridors(rows, countries, problems)
    rows = [row for row in rows if not row.get("drop")]
    notices = []
    for row in rows:
        warning = encyclopedia_only_notice(row["props"])
        if warning:
            notices.append(Problem(row["file"], row["props"]["id"], warning, skipped=False))
        notice = length_gap_notice(row["props"])
        problem = _published_length_problem(row["props"])
        if notice:
            notices.append(Problem(row["file"], row["props"]["id"], notice, skipped=False))
        elif problem:
            problems.append(Problem(row["file"], row["props"]["id"], problem, skipped=False))
    return Catalog(_to_frame(rows), problems, notices)


def _to_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    columns = CONTRACT_COLUMNS + EXTRA_COLUMNS + ["legs"]
    records = []
    for row in rows:
        props = row["props"]
        record = {column: props.get(column) for column in columns}
        record["file"] = row["file"]
        record["legs"] = props.get("legs", [])
        record["geometry"] = row["geometry"]
        records.append(record)
    frame = gpd.GeoDataFrame(
        records, columns=columns + ["geometry"], geometry="geometry", crs="EPSG:4326"
    )
    return frame.reset_index(drop=True)
