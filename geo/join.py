"""Claims joined to features: by id, by distance to a route, and counted for the map."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.geodesy import REGION_METRIC_CRS

# A claim placed within this distance of a route is listed as near that route.
NEAR_ROUTE_KM = 50.0


def claims_by_feature(claims: gpd.GeoDataFrame, features: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per (claim, feature it names), with the feature's name and kind."""
    exploded = claims.drop(columns="geometry").explode("feature_ids").dropna(subset=["feature_ids"])
    exploded = exploded.rename(columns={"feature_ids": "feature_id", "id": "claim_id"})
    named = features[["id", "name", "kind"]].rename(
        columns={"id": "feature_id", "name": "feature_name", "kind": "feature_kind"}
    )
    return exploded.merge(named, on="feature_id", how="inner")


def claims_near_routes(
    claims: gpd.GeoDataFrame, features: gpd.GeoDataFrame, max_km: float = NEAR_ROUTE_KM
) -> pd.DataFrame:
    """Claims whose anchor lies within ``max_km`` of a route they do not already name.

    Returns
    -------
    pandas.DataFrame
        Columns ``claim_id``, ``feature_id``, ``distance_km``.
    """
    placed = claims[claims.geometry.notna() & ~claims.geometry.is_empty]
    if "anchor" in placed.columns:
        # Only a claim placed at a town or site says something about the ground near a route;
        # a country's label point or a route's own midpoint does not.
        placed = placed[~placed["anchor"].isin(["country", "region", "sea", "route", "feature"])]
    routes = features[features.geometry.notna() & (features["kind"] != "corridor")]
    routes = routes[routes.geom_type.isin(["LineString", "MultiLineString"])]
    if placed.empty or routes.empty:
        return pd.DataFrame(columns=["claim_id", "feature_id", "distance_km"])
    left = placed[["id", "feature_ids", "geometry"]].to_crs(REGION_METRIC_CRS)
    right = (
        routes[["id", "geometry"]].rename(columns={"id": "feature_id"}).to_crs(REGION_METRIC_CRS)
    )
    # Points within max_km of a line, straight from the spatial index (buffering every route
    # by 50 km cost a third of a second and only approximated the distance).
    tree = shapely.STRtree(right.geometry.values)
    point_ix, line_ix = tree.query(
        left.geometry.values, predicate="dwithin", distance=max_km * 1000.0
    )
    if point_ix.size == 0:
        return pd.DataFrame(columns=["claim_id", "feature_id", "distance_km"])
    order = np.lexsort((line_ix, point_ix))
    point_ix, line_ix = point_ix[order], line_ix[order]
    distances = shapely.distance(left.geometry.values[point_ix], right.geometry.values[line_ix])
    joined = pd.DataFrame(
        {
            "id": left["id"].to_numpy()[point_ix],
            "feature_ids": left["feature_ids"].to_numpy()[point_ix],
            "feature_id": right["feature_id"].to_numpy()[line_ix],
            "distance_km": [round(float(d) / 1000.0, 1) for d in distances],
        },
        index=left.index[point_ix],
    )
    joined = joined[
        [
            fid not in named
            for fid, named in zip(joined["feature_id"], joined["feature_ids"], strict=True)
        ]
    ]
    return joined.rename(columns={"id": "claim_id"})[["claim_id", "feature_id", "distance_km"]]


def claim_counts(claims: gpd.GeoDataFrame, features: gpd.GeoDataFrame) -> dict[str, pd.Series]:
    """Claim counts per feature (named directly), per source and per topic."""
    direct = claims_by_feature(claims, features)
    return {
        "feature": direct.groupby("feature_id").size().sort_values(ascending=False),
        "source": claims.groupby("source_id").size().sort_values(ascending=False),
        "topic": claims.groupby("topic").size().sort_values(ascending=False),
    }
