"""Claims joined to routes: by id, by distance, and counted."""

from __future__ import annotations

import geopandas as gpd
from shapely.geometry import LineString, Point

from geo.join import claim_counts, claims_by_feature, claims_near_routes


def _features():
    return gpd.GeoDataFrame(
        {
            "id": ["line_a", "port_b"],
            "name": ["Line A", "Port B"],
            "kind": ["railway", "port"],
        },
        geometry=[LineString([(45.0, 41.0), (47.0, 41.0)]), Point(50.0, 40.0)],
        crs="EPSG:4326",
    )


def _claims():
    return gpd.GeoDataFrame(
        {
            "id": ["near", "far", "named", "national"],
            "source_id": ["s1", "s1", "s2", "s2"],
            "topic": ["transport", "energy", "transport", "diplomacy"],
            "feature_ids": [[], [], ["line_a", "port_b"], []],
            # 0.3 degrees of latitude is about 33 km; 2 degrees about 220 km.
            "anchor": ["city", "city", "city", "country"],
        },
        geometry=[Point(46.0, 41.3), Point(46.0, 43.0), Point(46.0, 41.1), Point(46.0, 41.2)],
        crs="EPSG:4326",
    )


def test_claims_by_feature_has_a_row_per_named_feature():
    rows = claims_by_feature(_claims(), _features())
    assert sorted(zip(rows["claim_id"], rows["feature_id"], strict=True)) == [
        ("named", "line_a"),
        ("named", "port_b"),
    ]
    assert set(rows["feature_name"]) == {"Line A", "Port B"}


def test_only_claims_placed_at_a_town_within_the_distance_are_near():
    near = claims_near_routes(_claims(), _features(), max_km=50)
    assert list(near["claim_id"]) == ["near"]  # "named" names it, "national" is a country point
    assert 30 < near.iloc[0]["distance_km"] < 36
    assert claims_near_routes(_claims(), _features(), max_km=10).empty


def test_counts_per_feature_source_and_topic():
    counts = claim_counts(_claims(), _features())
    assert counts["feature"].to_dict() == {"line_a": 1, "port_b": 1}
    assert counts["source"].to_dict() == {"s1": 2, "s2": 2}
    assert counts["topic"]["transport"] == 2
