"""Put the real alignments into data/features (issue 8), reproducibly.

Reads the reference lines gathered in ``../shared/alignments/`` (OpenStreetMap via
larswalters/grondstoffen-atlas, Global Energy Monitor route files, searoute) and the GEM route
files of GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes (a local clone given as ``--gem``), cuts
them to each leg's extent, simplifies them (0.001 degrees) and rounds them to 5 decimals, and
records in each feature where its geometry comes from (``geometry_source``).

    python scripts/apply_alignments.py --shared ../shared/alignments \
        --gem /path/to/GOIT-GGIT-pipeline-routes

Run it again after a port moves: legs that end at a port are re-anchored on the port point.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
from pathlib import Path

from shapely.geometry import LineString, Point, shape
from shapely.ops import linemerge, substring

ROOT = Path(__file__).resolve().parent.parent
FEATURES = ROOT / "data" / "features"
SIMPLIFY_DEG = 0.0005

GRONDSTOFFEN = "larswalters/grondstoffen-atlas"
GEM_REPO = "GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes"
GEM_COMMIT = "6bfab45c1759ae3b4d6fd9f1a1171ebbf0002086"
OSM_LICENCE = "ODbL-1.0"
GEM_LICENCE = "CC BY 4.0"
OSM_NOTE = (
    "OpenStreetMap geometry extracted by the intermediate repository, which keeps no way ids "
    "and has no licence file of its own; the data remains © OpenStreetMap contributors, ODbL 1.0"
)
SHARED = "../shared/alignments/caspian_corridors_real_alignments.geojson"


def osm(path: str, commit: str, note: str = "") -> dict:
    return {
        "kind": "osm",
        "ways": None,
        "via": f"{GRONDSTOFFEN}/{path}@{commit}",
        "repo": GRONDSTOFFEN,
        "path": path,
        "commit": commit,
        "licence": OSM_LICENCE,
        "attribution": "© OpenStreetMap contributors",
        "note": " ".join(x for x in (OSM_NOTE + ".", note) if x),
    }


def gem(project_id: str, folder: str, note: str = "") -> dict:
    source = {
        "kind": "gem",
        "project_id": project_id,
        "repo": GEM_REPO,
        "path": f"data/individual-routes/{folder}/{project_id}.geojson",
        "commit": GEM_COMMIT,
        "licence": GEM_LICENCE,
        "attribution": "Global Energy Monitor, Global Oil/Gas Infrastructure Trackers",
    }
    if note:
        source["note"] = note
    return source


BTC_OSM = osm(
    "v2/data/stroomroute-olie-sangachal-ceyhan.json",
    "04a97b1b6ff567afea223b9501d8e3cef1d0f63a",
    "Leg 2 (the BTC main line, 2,911 points).",
)
CPC_OSM = osm(
    "v2/data/stroomroute-olie-tengiz-novorossiysk.json",
    "98af54801d21e12d0e9c572ec8d31eea5b1bda55",
    "Legs 1 and 3; leg 2 is a 105 km straight where OSM has no pipeline mapped (Stavropol).",
)
KZ_OSM_A = osm(
    "v2/data/stroomroute-uranium-kharasan-alashankou.json",
    "e6fdf7c86495d99d75fafe46b0cdfe5df35af740",
    "Legs Taraz-Almaty-2, Almaty-2-Aktogay, Aktogay-Dostyk.",
)
KZ_OSM_B = osm(
    "v2/data/stroomroute-uranium-inkai-poti.json",
    "c88468cedd76359021da09d0125b291bb8a821a1",
    "Leg Zhanatas-Aktau from Taraz on.",
)
CAUC_OSM = osm(
    "v2/data/stroomroute-uranium-inkai-poti.json",
    "c88468cedd76359021da09d0125b291bb8a821a1",
    "Legs Alyat-Tbilisi and Tbilisi-Poti.",
)
# OpenStreetMap railway=station nodes of Kazakhstan, as extracted through the Overpass API by
# njfinney/Asia_Railway_Calculator (its railway file for Kazakhstan is not in the stored snapshot).
KZ_STATIONS_REPO = "njfinney/Asia_Railway_Calculator"
KZ_STATIONS_PATH = "data/stations/kazakhstan.json"
KZ_STATIONS_COMMIT = "ea7a2e27d11ae5bfe916e2fdb54ff4b384a8f8b3"
KZ_STATIONS_NOTE = (
    "OpenStreetMap railway=station nodes extracted through the Overpass API by the intermediate "
    "repository's data-extractor/extract.js (commit 'Update railway data 2026-02-26'); it keeps "
    "the node ids and has no licence file of its own; the data remains © OpenStreetMap "
    "contributors, ODbL 1.0."
)
# name -> (OSM node id, lon, lat) in that file
KZ_STATIONS = {
    "Borzhakty": (4072423867, 51.59633, 43.34381),
    "Ersai": (7066119030, 51.58324, 43.19527),
    "Kuryk port": (11910129790, 51.44161, 43.16477),
}


# The same extract's station file for its 'turkey' box (35.81-42.11 N, 25.66-44.82 E), which
# also holds the Georgian stations south of 42.11 N; its railway file is not in the snapshot.
TR_STATIONS_PATH = "data/stations/turkey.json"
# name -> (OSM node id, lon, lat) in that file: the BTK's stations from Marabda to Kars
TR_STATIONS = {
    "Marabda": (10781805793, 44.80319, 41.5464),
    "Tetritskaro": (7996564301, 44.49528, 41.53181),
    "Kartsakhi": (13249471534, 43.3078, 41.21653),
    "Canbazlar": (13249471514, 43.30117, 41.13016),
    "Canbaz": (13249471379, 43.30473, 40.96718),
    "Güvercin": (13249471308, 43.25462, 40.82891),
    "Porsuklu": (5201470368, 43.19824, 40.7786),
    "Kars": (2005962642, 43.10685, 40.60494),
}


def osm_stations(names: list[str], note: str, path: str = KZ_STATIONS_PATH) -> dict:
    table = TR_STATIONS if path == TR_STATIONS_PATH else KZ_STATIONS
    return {
        "kind": "osm",
        "ways": None,
        "nodes": [table[name][0] for name in names],
        "via": f"{KZ_STATIONS_REPO}/{path}@{KZ_STATIONS_COMMIT}",
        "repo": KZ_STATIONS_REPO,
        "path": path,
        "commit": KZ_STATIONS_COMMIT,
        "licence": OSM_LICENCE,
        "attribution": "© OpenStreetMap contributors",
        "note": f"{KZ_STATIONS_NOTE} {note}",
    }


SEAROUTE = {
    "kind": "searoute",
    "package": "searoute 1.6.0 (PyPI)",
    "licence": "Apache-2.0 (package); sea graph Eurostat MARNET",
    "note": "Shortest path on searoute's marine network between the two ports.",
}


# Where legs are cut from the long lines: the station coordinates the legs used as waypoints
# before (their sources stay in each leg's notes), projected onto the line.
CUT_POINTS = {
    "Dostyk": (82.4863, 45.2526),
    "Aktogay": (79.667, 46.95),
    "Almaty-1": (76.94889, 43.34111),
    "Beyneu": (55.2, 45.31667),
    "Mangyshlak": (51.32237, 43.69088),
    "Boyuk Kesik": (45.1894, 41.3883),
    "Gardabani": (45.1, 41.45),
}


def waypoints_source(reason: str) -> dict:
    return {"kind": "waypoints", "note": reason}


def composite(*parts: dict) -> dict:
    flat = [q for p in parts for q in (p["parts"] if p["kind"] == "composite" else [p])]
    return {"kind": "composite", "parts": flat}


UPDATES: dict[str, dict] = {}


def load_shared(path: Path) -> dict[str, LineString]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    keys = ["btc", "scp", "cpc", "tanap", "tap", "supsa", "bn", "kz", "azge", "ge", "caspian"]
    return {k: shape(f["geometry"]) for k, f in zip(keys, doc["features"], strict=True)}


def load_gem(clone: Path, folder: str, project_id: str) -> LineString:
    rel = f"data/individual-routes/{folder}/{project_id}.geojson"
    text = subprocess.check_output(["git", "-C", str(clone), "show", f"{GEM_COMMIT}:{rel}"])
    doc = json.loads(text)
    parts = []
    for feature in doc["features"]:
        geometry = shape(feature["geometry"])
        parts.extend(getattr(geometry, "geoms", [geometry]))
    merged = linemerge(parts)
    if merged.geom_type != "LineString":
        raise SystemExit(f"{project_id}: {len(merged.geoms)} parts do not join end to end")
    return merged


def cut(line: LineString, start: tuple | None, end: tuple | None) -> LineString:
    a = line.project(Point(start)) if start else 0.0
    b = line.project(Point(end)) if end else line.length
    if b <= a:
        raise SystemExit(f"cut {start}->{end}: end projects before start ({a:.3f} >= {b:.3f})")
    return substring(line, a, b)


def tidy(coords: list, tolerance: float = SIMPLIFY_DEG) -> list:
    line = LineString(coords).simplify(tolerance, preserve_topology=False)
    out = []
    for x, y in line.coords:
        point = [round(x, 5), round(y, 5)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def join(*pieces) -> list:
    coords: list = []
    for piece in pieces:
        points = list(piece.coords) if hasattr(piece, "coords") else [tuple(p) for p in piece]
        if coords and tuple(coords[-1]) == tuple(points[0]):
            points = points[1:]
        coords.extend(points)
    return coords


def waypoint(props: dict, name: str) -> tuple:
    for w in props.get("waypoints") or []:
        if w["name"] == name:
            return (w["lon"], w["lat"])
    raise SystemExit(f"{props['id']}: no waypoint {name!r}")


def build(shared: Path, gem_clone: Path) -> None:
    lines = load_shared(shared)
    lines["supsa"] = load_gem(gem_clone, "liquid-pipelines", "P0643")
    lines["bn"] = load_gem(gem_clone, "liquid-pipelines", "P0645")
    docs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in FEATURES.glob("*.geojson")}
    feats = {f["properties"]["id"]: f for d in docs.values() for f in d["features"]}

    def port(fid: str) -> tuple:
        return tuple(feats[fid]["geometry"]["coordinates"])

    def props(fid: str) -> dict:
        return feats[fid]["properties"]

    def put(fid: str, coords: list, source: dict, accuracy: str, tolerance=SIMPLIFY_DEG) -> None:
        feats[fid]["geometry"] = {"type": "LineString", "coordinates": tidy(coords, tolerance)}
        props(fid)["geometry_source"] = source
        props(fid)["accuracy"] = accuracy
        for key, value in UPDATES.get(fid, {}).items():
            if value is None:
                props(fid).pop(key, None)
            else:
                props(fid)[key] = value
        if accuracy == "traced":
            props(fid).pop("waypoints", None)

    UPDATES.update(json.loads((Path(__file__).parent / "alignment_notes.json").read_text("utf-8")))
    # --- pipelines -------------------------------------------------------------------------
    btc_source = composite(
        BTC_OSM,
        gem("P0644", "liquid-pipelines", "Last 62 km into Ceyhan, where OSM has no pipeline."),
    )
    put("btc_pipeline", join(lines["btc"]), btc_source, "traced")
    put(
        "scp_pipeline",
        join(lines["scp"]),
        dict(
            BTC_OSM,
            note=BTC_OSM["note"]
            + " SCP is laid in the BTC corridor from Sangachal to the Georgia-Turkey border; "
            "this is the BTC line cut at the border (a corridor proxy, not SCP-tagged ways).",
        ),
        "traced",
    )
    put("cpc_pipeline", join(lines["cpc"]), CPC_OSM, "traced")
    tanap_source = composite(
        gem(
            "P0763",
            "gas-pipelines",
            "91 parts joined end to end; one 21.5 km gap near Eskişehir bridged straight.",
        ),
        dict(
            BTC_OSM,
            note=BTC_OSM["note"] + " 94-102 km of the BTC corridor near Erzurum, "
            "where the GEM file has a straight gap (TANAP runs in that corridor).",
        ),
    )
    # TANAP is already 2.9% short of its published length: simplify it less.
    put("tanap_pipeline", join(lines["tanap"]), tanap_source, "traced", tolerance=0.0001)
    put(
        "tap_pipeline",
        join(lines["tap"]),
        gem("P0724", "gas-pipelines", "36 parts joined end to end; offshore part indicative."),
        "traced",
    )
    put("baku_supsa_pipeline", join(lines["supsa"]), gem("P0643", "liquid-pipelines"), "traced")
    put(
        "baku_novorossiysk_pipeline",
        join(lines["bn"]),
        gem("P0645", "liquid-pipelines", "Coarse: vertices up to 54 km apart."),
        "schematic",
    )

    # --- Kazakh rail -------------------------------------------------------------------------
    kz = lines["kz"]
    kz_source = composite(KZ_OSM_A, KZ_OSM_B)
    dostyk, aktogay, almaty, beyneu, mangyshlak = (
        CUT_POINTS[name] for name in ("Dostyk", "Aktogay", "Almaty-1", "Beyneu", "Mangyshlak")
    )
    put("mc_rail_dostyk_aktogay", join(cut(kz, dostyk, aktogay)), kz_source, "traced")
    put("mc_rail_aktogay_almaty", join(cut(kz, aktogay, almaty)), kz_source, "traced")
    put("mc_rail_almaty_beyneu", join(cut(kz, almaty, beyneu)), kz_source, "traced")
    put(
        "mc_rail_beyneu_aktau",
        join(cut(kz, beyneu, None), [port("aktau_port")]),
        kz_source,
        "traced",
    )
    # Mangyshlak station, then the OSM station points of the Mangyshlak-Uzen line and the port
    # branch; the last one is the kuryk_port point (the port's railway station).
    kuryk_tail = [KZ_STATIONS[name][1:] for name in ("Borzhakty", "Ersai")] + [port("kuryk_port")]
    put(
        "mc_rail_beyneu_kuryk",
        join(cut(kz, beyneu, mangyshlak), [mangyshlak], kuryk_tail),
        composite(
            kz_source,
            osm_stations(
                ["Borzhakty", "Ersai", "Kuryk port"],
                "Station points of the Mangyshlak-Uzen line and the Kuryk port branch: "
                "«Боржакты» 4072423867, «Ерсай» 7066119030, «Құрық порты» 11910129790.",
            ),
            waypoints_source(
                "Mangyshlak-Borzhakty-Ersai-Kuryk port: straight between Mangyshlak station and "
                "the OpenStreetMap station points; no OSM line of the Mangyshlak-Uzen line or the "
                "port branch was reachable (the same extract's Kazakh railway file is not in the "
                "stored snapshot)."
            ),
        ),
        "waypoints",
    )

    # --- Caucasus rail ---------------------------------------------------------------------
    azge, ge = lines["azge"], lines["ge"]
    boyuk_kesik, gardabani = CUT_POINTS["Boyuk Kesik"], CUT_POINTS["Gardabani"]
    put(
        "mc_rail_alat_boyuk_kesik",
        join([port("alat_port")], cut(azge, None, boyuk_kesik)),
        CAUC_OSM,
        "traced",
    )
    put(
        "mc_rail_gardabani_poti",
        join(cut(azge, gardabani, None), ge, [port("poti_port")]),
        CAUC_OSM,
        "traced",
    )
    btk = props("btk_railway")
    names = [w["name"] for w in btk["waypoints"]]
    head = [(w["lon"], w["lat"]) for w in btk["waypoints"][: names.index("Sangachal") + 1]]
    # From Marabda on: the waypoints (OSM station nodes, Tsalka and Ninotsminda towns, the
    # Akhalkalaki station coordinate of German Wikipedia), in order along the line.
    tail = [(w["lon"], w["lat"]) for w in btk["waypoints"][names.index("Marabda station") :]]
    put(
        "btk_railway",
        join(head, azge, tail),
        composite(
            waypoints_source("Baku-Alyat: sourced stations (OSM line not reachable)."),
            CAUC_OSM,
            osm_stations(
                list(TR_STATIONS),
                "Station points of the Marabda-Akhalkalaki-Kars line: «მარაბდა» 10781805793, "
                "«თეთრიწყარო» 7996564301, «კარწახი» 13249471534, Canbazlar 13249471514, Canbaz "
                "13249471379, Güvercin 13249471308, Porsuklu 5201470368 (railway=halt), Kars "
                "2005962642.",
                TR_STATIONS_PATH,
            ),
            waypoints_source(
                "Tbilisi-Marabda-Tetritskaro-Tsalka-Ninotsminda-Akhalkalaki station-Kartsakhi-"
                "Kars: straight between the OpenStreetMap station points, the Tsalka and "
                "Ninotsminda town coordinates and the Akhalkalaki station coordinate of German "
                "Wikipedia; no OSM or GEM line reachable (the extract's railway file for this "
                "box is not in the stored snapshot)."
            ),
        ),
        "waypoints",
    )

    # --- Caspian ferry on the searoute line --------------------------------------------------
    put(
        "mc_ferry_aktau_alat",
        join([port("aktau_port")], lines["caspian"], [port("alat_port")]),
        SEAROUTE,
        "schematic",
    )

    for name, doc in docs.items():
        (FEATURES / name).write_text(dump(doc), encoding="utf-8")


PAIR = re.compile(r"\[\s*(-?[0-9.eE+-]+),\s*(-?[0-9.eE+-]+)\s*\]")


def dump(doc: dict) -> str:
    """Indented JSON with each [lon, lat] pair on one line, so the files stay small."""
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    return PAIR.sub(lambda m: f"[{m.group(1)}, {m.group(2)}]", text) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT / SHARED)
    parser.add_argument("--gem", type=Path, required=True, help="a git clone of " + GEM_REPO)
    args = parser.parse_args()
    build(args.shared, args.gem)


if __name__ == "__main__":
    main()
