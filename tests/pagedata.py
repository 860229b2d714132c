"""Read the data layers back out of a rendered page, as the page's script receives them."""

from __future__ import annotations

import json
import re

from geo.claim_layer import expand_claims

LAYER_CALL = re.compile(r"AtlasMap\.(routes|points|ports|claims|countries)\(\s*")


def embedded_layers(page: str) -> list[tuple[str, dict]]:
    """``(kind, FeatureCollection)`` of every ``AtlasMap.<kind>(data, options)`` call."""
    decoder = json.JSONDecoder()
    found = []
    for match in LAYER_CALL.finditer(page):
        data, _ = decoder.raw_decode(page, match.end())
        found.append((match.group(1), data))
    return found


def embedded_properties(page: str, kind: str) -> list[dict]:
    """Properties of every feature drawn by layers of one kind.

    The claims layer is a compact table; its rows are expanded as the page's script does,
    into each claim's id, topic, flag state, tooltip and popup.
    """
    found = []
    for layer_kind, data in embedded_layers(page):
        if layer_kind != kind:
            continue
        if kind == "claims":
            found.extend(expand_claims(data))
        else:
            found.extend(feature["properties"] for feature in data["features"])
    return found


def feature_ids(page: str) -> set[str]:
    """Ids of the routes, ports and terminals drawn."""
    return {
        props["id"]
        for kind in ("routes", "points", "ports")
        for props in embedded_properties(page, kind)
        if "id" in props
    }


def claim_ids(page: str) -> set[str]:
    """Ids of the claims drawn."""
    return {props["id"] for props in embedded_properties(page, "claims")}
