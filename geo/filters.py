"""What the user chose to see: one View, applied the same way by the app and the export."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.atlas import Atlas

FrameT = TypeVar("FrameT", bound=pd.DataFrame)


@dataclass(frozen=True)
class View:
    """A selection of routes and claims. ``None`` means no restriction.

    Parameters
    ----------
    systems : tuple of str, optional
        Route-system ids (a corridor's id, or a stand-alone feature's id) or any feature ids.
    topics, sources, statuses, countries : tuple of str, optional
        Claim topics, source ids, feature statuses, ISO3 codes.
    text : str
        Case-insensitive search over claim quotes.
    flagged : bool
        Only claims that carry a flag.
    """

    systems: tuple[str, ...] | None = None
    topics: tuple[str, ...] | None = None
    sources: tuple[str, ...] | None = None
    statuses: tuple[str, ...] | None = None
    countries: tuple[str, ...] | None = None
    text: str = ""
    flagged: bool = False


def route_systems(features: gpd.GeoDataFrame) -> dict[str, str]:
    """Map each feature id to its route system: its corridor, else itself."""
    return {
        fid: (parent if isinstance(parent, str) and parent else fid)
        for fid, parent in zip(features["id"], features["corridor"], strict=True)
    }


def rows_where(frame: FrameT, mask: list[bool]) -> FrameT:
    """Rows of ``frame`` where ``mask`` is true.

    ``frame[[...]]`` with an empty list selects no *columns*, so a filter that keeps nothing
    used to lose the columns too; a boolean array always selects rows.
    """
    return frame[np.asarray(mask, dtype=bool)]


def short_name(name: str) -> str:
    """A layer label: the name before any parenthesis or slash ("Middle Corridor / TITR")."""
    for mark in (" (", " / "):
        if mark in name:
            name = name.split(mark)[0]
    return name.strip()


def system_names(features: gpd.GeoDataFrame) -> dict[str, str]:
    """Route-system ids (lines only) and their display names, in a stable order."""
    names = dict(zip(features["id"], features["name"], strict=True))
    systems = route_systems(features)
    lines = features[~features["kind"].isin(["port", "terminal"])]
    ids = sorted({systems[fid] for fid in lines["id"]}, key=lambda s: names.get(s, s))
    return {sid: names.get(sid, sid) for sid in ids}


# A port or terminal within this distance (degrees, about 25 km) of a chosen route is one the
# route serves, so it stays on a map narrowed to that route.
PORT_NEAR_ROUTE_DEG = 0.25


def filter_features(features: gpd.GeoDataFrame, view: View) -> gpd.GeoDataFrame:
    """Features the view keeps.

    Narrowed to some routes, the map keeps the ports and terminals those routes reach or
    that are named among the chosen ids; status and country filters apply to ports too.
    """
    keep = features
    if view.systems is not None:
        systems = route_systems(features)
        chosen = set(view.systems)
        picked = [fid in chosen or systems[fid] in chosen for fid in features["id"]]
        points = features["kind"].isin(["port", "terminal"]).to_numpy()
        routes = features[np.asarray(picked, dtype=bool) & ~points]
        reach = routes.geometry.dropna().union_all() if not routes.empty else None
        near = [
            bool(is_point and reach is not None and geom.distance(reach) <= PORT_NEAR_ROUTE_DEG)
            for is_point, geom in zip(points, features.geometry, strict=True)
        ]
        keep = rows_where(keep, [a or b for a, b in zip(picked, near, strict=True)])
    if view.statuses is not None:
        keep = keep[keep["status"].isin(view.statuses)]
    if view.countries is not None:
        wanted = set(view.countries)
        keep = rows_where(keep, [bool(wanted & set(c or [])) for c in keep["countries"]])
    return keep


def filter_claims(
    claims: gpd.GeoDataFrame, visible_ids: set[str], view: View, restricted: bool
) -> gpd.GeoDataFrame:
    """Claims the view keeps.

    A claim about features stays while at least one of them is visible; a claim about places
    only stays unless the view restricts routes.
    """
    keep = claims
    if view.topics is not None:
        keep = keep[keep["topic"].isin(view.topics)]
    if view.sources is not None:
        keep = keep[keep["source_id"].isin(view.sources)]
    if view.flagged:
        keep = rows_where(keep, [bool(flags) for flags in keep["flags"]])
    if view.text.strip():
        needle = view.text.strip().casefold()
        keep = rows_where(keep, [needle in quote.casefold() for quote in keep["quote"]])
    if restricted:
        keep = rows_where(keep, [bool(set(fids) & visible_ids) for fids in keep["feature_ids"]])
    return keep


def apply_view(atlas: Atlas, view: View) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Features and claims of ``atlas`` that ``view`` keeps."""
    features = filter_features(atlas.features, view)
    restricted = any(v is not None for v in (view.systems, view.statuses, view.countries))
    claims = filter_claims(atlas.claims, set(features["id"]), view, restricted)
    return features, claims
