"""The feature catalog: computed fields, one broken record per kind of problem, the real data."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from shapely.geometry import LineString, Point

from geo.catalog import load_catalog
from geo.geodesy import geodesic_length_km
from geo.layout import Layout

BROKEN = "data/features/zz_broken.geojson"

# Baku → Shamakhi → Gakh → Lagodekhi → Tbilisi → Akhaltsikhe → Vale/Posof → Ardahan → Erzurum.
AZE_GEO_TUR = [
    [49.87, 40.41],
    [48.64, 40.63],
    [46.93, 41.42],
    [46.28, 41.83],
    [44.79, 41.72],
    [42.98, 41.64],
    [42.80, 41.52],
    [42.70, 41.11],
    [41.27, 39.90],
]
# Baku → Khachmaz → Derbent → Makhachkala: Azerbaijan, then Russia.
AZE_RUS = [[49.87, 40.41], [48.80, 41.46], [48.29, 42.06], [47.50, 42.98]]
# One degree of latitude along the 60°E meridian, in Kazakhstan, drawn with three vertices.
MERIDIAN = [[60.0, 45.0], [60.0, 45.5], [60.0, 46.0]]
# Meridian arc on WGS84 from 45°N to 46°N (standard geodesic tables: 111.15 km).
MERIDIAN_KM = 111.15


@pytest.fixture
def computed(clean_root, add_features, make_line, make_point):
    add_features(
        clean_root,
        "computed.geojson",
        [
            make_line("aze_geo_tur_line", AZE_GEO_TUR),
            make_line("aze_rus_line", AZE_RUS),
            make_line("meridian_line", MERIDIAN),
            make_point("alat_test_port", 49.40817, 39.95281),
        ],
    )
    catalog = load_catalog(Layout(clean_root))
    assert catalog.problems == []
    return catalog


def test_line_across_aze_geo_tur_lists_countries_in_route_order(computed):
    feature = computed.get("aze_geo_tur_line")
    assert list(feature["countries"]) == ["AZE", "GEO", "TUR"]
    assert feature["bypasses_russia"] is True


def test_countries_follow_the_direction_the_line_is_drawn(clean_root, add_features, make_line):
    add_features(clean_root, "reverse.geojson", [make_line("reverse_line", AZE_GEO_TUR[::-1])])
    feature = load_catalog(Layout(clean_root)).get("reverse_line")
    assert list(feature["countries"]) == ["TUR", "GEO", "AZE"]


def test_line_through_russia_does_not_bypass_it(computed):
    feature = computed.get("aze_rus_line")
    assert list(feature["countries"]) == ["AZE", "RUS"]
    assert feature["bypasses_russia"] is False


def test_one_degree_along_a_meridian_is_about_111_km(computed):
    length = computed.get("meridian_line")["length_km"]
    assert length == pytest.approx(MERIDIAN_KM, rel=0.005)
    # The same in geo.geodesy directly, unrounded.
    assert geodesic_length_km(LineString(MERIDIAN)) == pytest.approx(MERIDIAN_KM, rel=0.005)


def test_a_port_gets_its_country_but_no_length_or_bypass(computed):
    port = computed.get("alat_test_port")
    assert list(port["countries"]) == ["AZE"]
    # Missing values in the frame: no length and no bypass verdict for a point.
    assert pd.isna(port["length_km"])
    assert port["bypasses_russia"] is None or pd.isna(port["bypasses_russia"])


# --- one broken record per kind of problem -----------------------------------------------------

SIBLING = "zz_sibling_port"


def _sibling(make_point):
    return make_point(SIBLING, 49.40817, 39.95281)


def _assert_problem(result, prefix: str, phrase: str) -> None:
    hits = [line for line in result.lines if line.startswith(prefix) and phrase in line]
    assert hits, f"no line starting {prefix!r} with {phrase!r} in:\n" + "\n".join(result.lines)


def _broken_cases(make_line, make_point):
    """(feature, record shown by check, key phrase, kept) for each kind of record problem."""
    missing_status = make_point("zz_no_status", 49.0, 40.0)
    del missing_status["properties"]["status"]
    return {
        "missing_required": (missing_status, "zz_no_status", "missing required properties: status"),
        "bad_id": (make_point("Zz-Port", 49.0, 40.0), "Zz-Port", "'Zz-Port' is not snake_case"),
        "unknown_kind": (
            make_line("zz_canal", MERIDIAN, kind="canal"),
            "zz_canal",
            "kind 'canal' is not one of",
        ),
        "unknown_status": (
            make_line("zz_dream", MERIDIAN, status="dreaming"),
            "zz_dream",
            "status 'dreaming' is not one of",
        ),
        "unknown_accuracy": (
            make_line("zz_guess", MERIDIAN, accuracy="guessed"),
            "zz_guess",
            "accuracy 'guessed' is not one of",
        ),
        # Almaty as [lat, lon]: latitude 76.95 is far north of the region.
        "swapped_lon_lat": (
            make_point("zz_almaty_swapped", 43.25, 76.95),
            "zz_almaty_swapped",
            "geometry leaves the mapped region",
        ),
        "null_geometry": (
            make_line("zz_no_geometry", None),
            "zz_no_geometry",
            "geometry is null",
        ),
        "computed_by_hand": (
            make_point("zz_hand_countries", 49.0, 40.0, countries=["AZE"]),
            "zz_hand_countries",
            "computed properties must not be written by hand: countries",
        ),
        "source_without_url": (
            make_point(
                "zz_no_url",
                49.0,
                40.0,
                sources=[{"title": "A page with no address", "kind": "web"}],
            ),
            "zz_no_url",
            "sources[0] needs a title and a url",
        ),
        # Kept but reported: the map still draws these.
        "straight_segment": (
            make_line(
                "zz_straight",
                [[60.0, 45.0], [61.5, 45.0]],
                kind="railway",
                mode="rail",
                straight_reason=None,
            ),
            "zz_straight",
            "straight 118 km stretch over land from 60.000,45.000 to 61.500,45.000",
        ),
        # Many vertices, but one 40 km straight between two of them, in Kazakhstan.
        "straight_stretch_among_vertices": (
            make_line(
                "zz_one_long_stretch",
                [[60.0, 45.0], [60.0, 45.1], [60.0, 45.2], [60.5, 45.2], [60.5, 45.3]],
                kind="railway",
                mode="rail",
                straight_reason=None,
            ),
            "zz_one_long_stretch",
            "straight 39 km stretch over land",
        ),
        "no_geometry_source": (
            make_line("zz_untold", MERIDIAN, geometry_source=None),
            "zz_untold",
            "geometry_source is missing",
        ),
        "unknown_geometry_source": (
            make_line("zz_guessed_line", MERIDIAN, geometry_source={"kind": "guess"}),
            "zz_guessed_line",
            "geometry_source kind 'guess' is not one of",
        ),
        "gem_source_without_commit": (
            make_line(
                "zz_gem_no_commit",
                MERIDIAN,
                geometry_source={
                    "kind": "gem",
                    "project_id": "P0000",
                    "repo": "GlobalEnergyMonitor/GOIT-GGIT-pipeline-routes",
                    "path": "data/individual-routes/liquid-pipelines/P0000.geojson",
                    "licence": "CC BY 4.0",
                },
            ),
            "zz_gem_no_commit",
            "geometry_source (gem) needs commit",
        ),
        "mirror_source": (
            make_point(
                "zz_mirrored",
                49.0,
                40.0,
                sources=[
                    {
                        "title": "Baku (Wikipedia, as copied by a mirror)",
                        "url": "http://piglix.com/piglix/Baku",
                        "kind": "encyclopedia",
                    }
                ],
            ),
            "zz_mirrored",
            "sources[0] is on piglix.com, a Wikipedia mirror or content farm",
        ),
        "mirror_subdomain_source": (
            make_point(
                "zz_mirrored_sub",
                49.0,
                40.0,
                sources=[
                    {
                        "title": "Ujar (Wikipedia translation mirror)",
                        "url": "https://es.wiki7.org/wiki/Ujar",
                        "kind": "encyclopedia",
                    }
                ],
            ),
            "zz_mirrored_sub",
            "is on wiki7.org",
        ),
        "source_without_kind": (
            make_point(
                "zz_kindless",
                49.0,
                40.0,
                sources=[{"title": "A page", "url": "https://example.org/page"}],
            ),
            "zz_kindless",
            "sources[0].kind None is not one of",
        ),
        # Across the Caucasus from the Caspian to the Black Sea.
        "sea_leg_over_land": (
            make_line(
                "zz_sea_over_land",
                [[50.0, 41.0], [47.0, 42.0], [45.0, 42.5], [43.0, 42.5], [41.0, 42.5]],
                kind="sea_route",
                mode="sea",
                commodity="containers_and_freight",
            ),
            "zz_sea_over_land",
            "sea leg crosses",
        ),
        "length_off_published": (
            make_line(
                "zz_too_short",
                MERIDIAN,
                published_length_km=139,
                published_length_source={"title": "T", "url": "https://example.org/len"},
            ),
            "zz_too_short",
            "geodesic length 111 km is 20% off the published 139 km",
        ),
        "unknown_corridor": (
            make_line("zz_orphan_leg", MERIDIAN, corridor="atlantis_corridor"),
            "zz_orphan_leg",
            "corridor 'atlantis_corridor' is unknown",
        ),
    }


KEPT = {
    "straight_segment",
    "straight_stretch_among_vertices",
    "sea_leg_over_land",
    "length_off_published",
    "unknown_corridor",
}
CASES = [
    "missing_required",
    "bad_id",
    "unknown_kind",
    "unknown_status",
    "unknown_accuracy",
    "swapped_lon_lat",
    "null_geometry",
    "computed_by_hand",
    "source_without_url",
    "straight_segment",
    "straight_stretch_among_vertices",
    "no_geometry_source",
    "unknown_geometry_source",
    "gem_source_without_commit",
    "mirror_source",
    "mirror_subdomain_source",
    "source_without_kind",
    "sea_leg_over_land",
    "length_off_published",
    "unknown_corridor",
]


@pytest.mark.parametrize("case", CASES)
def test_broken_record_is_reported_and_the_rest_still_loads(
    case, mini_root, mini_baseline, check, add_features, make_line, make_point
):
    feature, record, phrase = _broken_cases(make_line, make_point)[case][:3]
    add_features(mini_root, "zz_broken.geojson", [_sibling(make_point), feature])
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{BROKEN}:{record}: ", phrase)
    kept = 1 if case in KEPT else 0
    # Every real feature, plus the valid sibling in the same file, is still served.
    assert result.features == mini_baseline.features + 1 + kept
    assert result.claims == mini_baseline.claims


def test_baseline_has_none_of_the_broken_records(mini_baseline):
    """The broken-record tests compare against this copy; it must not already say the same."""
    assert not [line for line in mini_baseline.lines if "zz_" in line]


def test_invalid_json_file_is_reported_and_the_rest_still_loads(mini_root, mini_baseline, check):
    (mini_root / BROKEN).write_text('{"type": "FeatureCollection", "features": [', "utf-8")
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{BROKEN}:-: ", "not valid JSON")
    assert result.features == mini_baseline.features
    assert result.claims == mini_baseline.claims


def test_file_that_is_not_a_feature_collection_is_reported(
    mini_root, mini_baseline, check, make_point
):
    (mini_root / BROKEN).write_text(json.dumps(make_point("zz_lonely", 49.0, 40.0)), "utf-8")
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{BROKEN}:-: ", "not a GeoJSON FeatureCollection")
    assert result.features == mini_baseline.features


def test_duplicate_id_across_two_files_keeps_the_first(
    mini_root, mini_baseline, check, add_features, make_point
):
    add_features(mini_root, "zz_a.geojson", [make_point("zz_twice", 49.0, 40.0)])
    add_features(mini_root, "zz_b.geojson", [make_point("zz_twice", 50.0, 40.5)])
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(
        result,
        "data/features/zz_b.geojson:zz_twice: ",
        "duplicate id, first defined in data/features/zz_a.geojson",
    )
    assert not [line for line in result.lines if line.startswith("data/features/zz_a.geojson")]
    assert result.features == mini_baseline.features + 1


# --- the repository's real data ----------------------------------------------------------------

REQUIRED_IDS = [
    "middle_corridor",
    "btc_pipeline",
    "aktau_port",
    "baku_novorossiysk_pipeline",
    "zangezur_corridor",
    "cpc_pipeline",
    "baku_supsa_pipeline",
    "btk_railway",
    "southern_gas_corridor",
    "trans_caspian_fibre",
    "kuryk_port",
    "alat_port",
    "poti_port",
    "batumi_port",
    "novorossiysk_port",
    "ceyhan_terminal",
    "sangachal_terminal",
    "turkmenbashi_port",
    "constanta_port",
    "odesa_port",
]


def test_repo_has_every_feature_the_contract_requires(repo_atlas):
    missing = sorted(set(REQUIRED_IDS) - set(repo_atlas.features["id"]))
    assert missing == []


def test_repo_lines_are_traced_through_vertices_or_short(repo_atlas):
    lines = repo_atlas.features[
        repo_atlas.features.geometry.geom_type.isin(["LineString", "MultiLineString"])
    ]
    assert len(lines) > 10
    offenders = []
    for fid, geometry in zip(lines["id"], lines.geometry, strict=True):
        for part in getattr(geometry, "geoms", [geometry]):
            if len(part.coords) <= 2 and geodesic_length_km(part) >= 50:
                offenders.append(f"{fid}: {geodesic_length_km(part):.0f} km straight")
    assert offenders == []


def test_btc_crosses_exactly_azerbaijan_georgia_turkey(repo_atlas):
    assert list(repo_atlas.catalog.get("btc_pipeline")["countries"]) == ["AZE", "GEO", "TUR"]


@pytest.mark.parametrize("fid", ["cpc_pipeline", "baku_novorossiysk_pipeline"])
def test_routes_through_russia_do_not_bypass_it(repo_atlas, fid):
    feature = repo_atlas.catalog.get(fid)
    assert "RUS" in feature["countries"]
    assert feature["bypasses_russia"] is False


@pytest.mark.parametrize("fid", ["btc_pipeline", "middle_corridor"])
def test_routes_around_russia_bypass_it(repo_atlas, fid):
    feature = repo_atlas.catalog.get(fid)
    assert "RUS" not in feature["countries"]
    assert feature["bypasses_russia"] is True


def test_id_that_is_a_list_is_reported_not_a_crash(
    mini_root, mini_baseline, check, add_features, make_point
):
    broken = make_point("zz_placeholder", 49.0, 40.0)
    broken["properties"]["id"] = ["zz_list_id"]
    add_features(mini_root, "zz_broken.geojson", [_sibling(make_point), broken])
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"{BROKEN}:['zz_list_id']: ", "is not snake_case")
    assert result.features == mini_baseline.features + 1


# --- straight stretches, geometry sources, mirrors and credits (issue 8) ------------------------

# Kazakhstan: 60°E to 60.5°E along 45.2°N is a 39 km straight over land.
LONG_STRAIGHT = [[60.0, 45.0], [60.0, 45.2], [60.5, 45.2]]


def test_straight_land_stretch_with_a_reason_is_not_a_problem(clean_root, add_features, make_line):
    reason = "the track runs straight across the steppe here (test)"
    add_features(
        clean_root,
        "straight.geojson",
        [make_line("explained_line", LONG_STRAIGHT, kind="railway", straight_reason=reason)],
    )
    catalog = load_catalog(Layout(clean_root))
    assert catalog.problems == []
    assert catalog.get("explained_line")["straight_reason"] == reason


def test_straight_land_stretch_without_a_reason_is_kept_and_reported(
    clean_root, add_features, make_line
):
    add_features(
        clean_root,
        "straight.geojson",
        [make_line("bare_line", LONG_STRAIGHT, kind="railway", straight_reason=None)],
    )
    catalog = load_catalog(Layout(clean_root))
    assert [(p.record, p.skipped) for p in catalog.problems] == [("bare_line", False)]
    assert "straight 39 km stretch over land" in catalog.problems[0].reason
    assert "bare_line" in catalog.ids()


def test_long_straight_sea_leg_is_exempt(clean_root, add_features, make_line):
    # Open Caspian water between Aktau's offing and Absheron's: no land under it.
    add_features(
        clean_root,
        "sea.geojson",
        [
            make_line(
                "open_water_leg",
                [[50.8, 43.5], [50.8, 41.5], [50.8, 40.4]],
                kind="sea_route",
                mode="ferry",
                straight_reason=None,
            )
        ],
    )
    assert load_catalog(Layout(clean_root)).problems == []


def test_feature_cited_only_to_encyclopedias_gets_a_warning_not_a_problem(
    clean_root, add_features, make_line
):
    only_wikipedia = [
        {
            "title": "T — Wikipedia (en)",
            "url": "https://en.wikipedia.org/wiki/T",
            "kind": "encyclopedia",
        }
    ]
    add_features(
        clean_root, "wiki.geojson", [make_line("wiki_line", MERIDIAN, sources=only_wikipedia)]
    )
    catalog = load_catalog(Layout(clean_root))
    assert catalog.problems == []
    warnings = [n for n in catalog.notices if n.record == "wiki_line"]
    assert len(warnings) == 1 and "every source is an encyclopedia" in warnings[0].reason


def test_place_cited_to_a_mirror_is_refused(mini_root, check):
    path = mini_root / "data" / "places.json"
    places = json.loads(path.read_text(encoding="utf-8"))
    places[0]["sources"] = [{"title": "Copy", "url": "https://sagapedia.com/en/Caspian_Sea"}]
    path.write_text(json.dumps(places), encoding="utf-8")
    result = check(mini_root)
    assert result.exit_code == 1
    _assert_problem(result, f"data/places.json:{places[0]['name']}: ", "sagapedia.com")


def test_repo_data_cites_no_mirror_host():
    from geo.catalog import load_mirror_hosts, mirror_host
    from geo.layout import REPO_ROOT

    layout = Layout(REPO_ROOT)
    hosts, problems = load_mirror_hosts(layout)
    assert problems == [] and "piglix.com" in hosts and "sagapedia.com" in hosts
    offenders = []
    for path in sorted(layout.data.rglob("*.*json")):
        if path.name == "source_hosts.json":
            continue
        for url in _urls(json.loads(path.read_text(encoding="utf-8"))):
            if mirror_host(url, hosts):
                offenders.append(f"{path.name}: {url}")
    assert offenders == []


def _urls(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "url" and isinstance(value, str):
                yield value
            else:
                yield from _urls(value)
    elif isinstance(node, list):
        for item in node:
            yield from _urls(item)


def test_data_credits_follow_the_geometry_sources():
    from geo.catalog import data_credits

    osm = {"kind": "osm", "repo": "r", "path": "p", "commit": "c", "licence": "ODbL-1.0"}
    gem = {"kind": "gem", "repo": "r", "path": "p", "commit": "c", "licence": "CC BY 4.0"}
    assert data_credits([{"geometry_source": {"kind": "waypoints"}}]) == []
    credits = data_credits(
        [
            {"geometry_source": {"kind": "composite", "parts": [{"kind": "waypoints"}, gem]}},
            {"geometry_source": osm},
            {"geometry_source": osm},
        ]
    )
    assert len(credits) == 2
    assert "OpenStreetMap contributors" in credits[0] and "ODbL" in credits[0]
    assert "Global Energy Monitor" in credits[1] and "CC BY 4.0" in credits[1]


def test_repo_credits_name_openstreetmap_gem_and_searoute(repo_atlas):
    from geo.catalog import data_credits

    text = " | ".join(data_credits(repo_atlas.catalog.features))
    for needle in ("OpenStreetMap", "ODbL", "Global Energy Monitor", "CC BY 4.0", "searoute"):
        assert needle in text


TRACED = [
    ("btc_pipeline", 1768),
    ("scp_pipeline", 691),
    ("cpc_pipeline", 1511),
    ("tanap_pipeline", 1850),
    ("tap_pipeline", 878),
    ("mc_rail_dostyk_aktogay", 304),
]


@pytest.mark.parametrize(("fid", "published"), TRACED)
def test_repo_traced_lines_are_within_3_percent_of_their_published_length(
    repo_atlas, fid, published
):
    feature = repo_atlas.catalog.get(fid)
    assert feature["accuracy"] == "traced"
    assert feature["published_length_km"] == published
    assert abs(feature["length_km"] - published) / published <= 0.03
    assert feature["geometry_source"]["kind"] in ("osm", "gem", "composite")


def test_repo_every_feature_says_how_its_geometry_was_made(repo_atlas):
    frame = repo_atlas.catalog.features
    missing = [
        fid for fid, src in zip(frame["id"], frame["geometry_source"], strict=True) if not src
    ]
    assert missing == []


def test_repo_cpc_line_ends_at_the_cpc_marine_terminal(repo_atlas):
    terminal = repo_atlas.catalog.get("cpc_marine_terminal")["geometry"]
    line = repo_atlas.catalog.get("cpc_pipeline")["geometry"]
    assert terminal.distance(Point(line.coords[-1])) < 1e-4
    assert list(repo_atlas.catalog.get("cpc_marine_terminal")["countries"]) == ["RUS"]


def test_a_sea_leg_wholly_at_sea_belongs_to_the_countries_of_its_ports():
    import geopandas as gpd
    from shapely.geometry import LineString, box

    from geo.geodesy import countries_crossed

    countries = gpd.GeoDataFrame(
        {"iso3": ["AAA", "BBB"]}, geometry=[box(0, 0, 1, 1), box(3, 0, 4, 1)], crs="EPSG:4326"
    )
    # Ends 0.01 degrees offshore of each country: no kilometre of the line is on land.
    leg = LineString([(1.01, 0.5), (2.0, 0.5), (2.99, 0.5)])
    assert countries_crossed(leg, countries) == ["AAA", "BBB"]
    assert countries_crossed(LineString([(0.2, 0.5), (2.99, 0.5)]), countries) == ["AAA"]
