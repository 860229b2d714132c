"""Flags for fact-checkers: where a claim disagrees with the geodata or with another source.

Each flag is a string ``code: explanation`` stored on the claim, so an export reader sees it
without this code.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

import pandas as pd

from geo.catalog import Catalog
from geo.gazetteer import AliasMatcher, Gazetteer
from geo.quantities import parse_quantities

PLACE_COUNTRY_MISMATCH = "place_country_mismatch"
NUMBER_VS_GEODATA = "number_disagrees_with_geodata"
NUMBER_VS_SOURCE = "number_disagrees_with_other_source"
UNRESOLVED_PLACE = "unresolved_place"

TOLERANCE = 0.05
# "Aktau Port (Kazakhstan)", "Atyrau port (Azerbaijan)", "Poti, Georgia".
_COUNTRY_AFTER = re.compile(
    r"^(?:\s+(?:sea\s+)?(?:port|terminal|harbou?r))?\s*(?:\(\s*([^()]{3,40}?)\s*\)|,\s*([A-Z][\w-]+))",
    re.IGNORECASE,
)


# Every text _COUNTRY_AFTER could capture, wherever it starts: the two branches scanned on
# their own. A country named in none of them means no mention can be followed by one.
_STATED_CANDIDATES = (
    re.compile(r"\(\s*([^()]{3,40}?)\s*\)", re.IGNORECASE),
    re.compile(r",\s*([A-Z][\w-]+)", re.IGNORECASE),
)


@lru_cache(maxsize=65536)
def _quantities(text: str) -> tuple[dict, ...]:
    """``parse_quantities(text)``, parsed once per distinct text (callers do not mutate)."""
    return tuple(parse_quantities(text))


def _states_a_country(quote: str, gazetteer: Gazetteer) -> bool:
    """Whether any "(Name)" or ", Name" in the quote names a country (a cheap pre-check)."""
    for pattern in _STATED_CANDIDATES:
        for match in pattern.finditer(quote):
            stated = gazetteer.resolve(match.group(1))
            if stated is not None and stated.kind == "country":
                return True
    return False


def _flag(code: str, message: str) -> str:
    return f"{code}: {message}"


def country_mismatch_flags(
    quote: str, gazetteer: Gazetteer, matcher: AliasMatcher, catalog: Catalog
) -> list[str]:
    """Flags where the quote puts a place or mapped feature in the wrong country."""
    if not _states_a_country(quote, gazetteer):
        return []  # no mention can be followed by a country: skip the name scans
    flags = []
    mentions = [(m, "place") for m in gazetteer.find(quote)]
    mentions += [(m, "feature") for m in matcher.find(quote)]
    for mention, what in mentions:
        match = _COUNTRY_AFTER.match(quote[mention.end :])
        if not match:
            continue
        stated_name = match.group(1) or match.group(2)
        stated = gazetteer.resolve(stated_name)
        if stated is None or stated.kind != "country":
            continue
        if what == "feature":
            if mention.key not in catalog:
                continue
            feature = catalog.get(mention.key)
            actual = list(feature["countries"] or [])
            label = feature["name"]
        else:
            place = gazetteer.resolve(mention.key)
            if place is None or place.kind == "country" or not place.country:
                continue
            actual, label = [place.country], place.name
        if actual and stated.country not in actual:
            flags.append(
                _flag(
                    PLACE_COUNTRY_MISMATCH,
                    f"the text puts {label} in {stated.name} ({stated.country}); the geodata has "
                    f"it in {', '.join(actual)}",
                )
            )
    return sorted(set(flags))


def _feature_figures(feature: dict) -> list[tuple[str, str, float, str]]:
    figures = []
    if feature.get("published_length_km"):
        figures.append(("length", "km", float(feature["published_length_km"]), "published length"))
    if feature.get("capacity"):
        for quantity in _quantities(str(feature["capacity"])):
            if quantity["kind"] in ("oil_flow", "gas_volume", "mass"):
                figures.append(
                    (quantity["kind"], quantity["unit"], quantity["value"], "published capacity")
                )
    return figures


def geodata_number_flags(quote: str, feature_ids: list[str], catalog: Catalog) -> list[str]:
    """Flags where a length or capacity in the quote disagrees with a linked feature's data.

    Only a claim linked to exactly one route is compared, since with several the figure's
    subject is ambiguous.
    """
    routes = [fid for fid in feature_ids if fid in catalog]
    if len(routes) != 1:
        return []
    feature = catalog.get(routes[0])
    flags = []
    for quantity in _quantities(quote):
        for kind, unit, value, what in _feature_figures(feature):
            if quantity["kind"] != kind or quantity["unit"] != unit:
                continue
            # Capacities are annual or daily rates; compare like with like only.
            if kind in ("mass", "gas_volume") and quantity.get("rate") is None:
                continue
            if abs(quantity["value"] - value) / value > TOLERANCE:
                flags.append(
                    _flag(
                        NUMBER_VS_GEODATA,
                        f"the text says {quantity['text']!r}; the {what} of {feature['name']} is "
                        f"{value:g} {unit}",
                    )
                )
    return flags


def _years(quote: str) -> frozenset[int]:
    return frozenset(int(q["value"]) for q in _quantities(quote) if q["kind"] == "year")


def cross_source_flags(claims: pd.DataFrame) -> dict[str, list[str]]:
    """Flags where two sources give different figures for the same feature, unit and year.

    Returns
    -------
    dict
        ``{claim_id: [flag, ...]}`` for the claims involved.
    """
    groups: dict[tuple, list[tuple[str, str, dict]]] = defaultdict(list)
    for claim in claims.itertuples():
        years = _years(claim.quote)
        if len(years) != 1:
            continue
        for quantity in _quantities(claim.quote):
            if quantity["kind"] in ("year", "percentage"):
                continue
            for feature_id in claim.feature_ids:
                key = (feature_id, quantity["kind"], quantity["unit"], quantity.get("rate"), years)
                groups[key].append((claim.id, claim.source_id, quantity))
    flags: dict[str, list[str]] = defaultdict(list)
    for (feature_id, _, _unit, _, years), items in groups.items():
        for claim_id, source_id, quantity in items:
            for other_id, other_source, other in items:
                if other_source == source_id:
                    continue
                if abs(quantity["value"] - other["value"]) / max(other["value"], 1e-9) > TOLERANCE:
                    flags[claim_id].append(
                        _flag(
                            NUMBER_VS_SOURCE,
                            f"{quantity['text']!r} for {feature_id} in {min(years)}; claim "
                            f"{other_id} ({other_source}) says {other['text']!r}",
                        )
                    )
    return flags


def unresolved_place_flags(places: list[str], gazetteer: Gazetteer) -> list[str]:
    """Flags for place names the offline gazetteer cannot locate."""
    return [
        _flag(UNRESOLVED_PLACE, f"{name!r} cannot be located, so the claim is not placed there")
        for name in places
        if gazetteer.resolve(name) is None
    ]


def apply_flags(
    claims: pd.DataFrame, catalog: Catalog, gazetteer: Gazetteer, matcher: AliasMatcher
) -> pd.DataFrame:
    """Return ``claims`` with computed flags added to any stored ones (no duplicates)."""
    claims = claims.copy()
    across = cross_source_flags(claims)
    merged = []
    for claim in claims.itertuples():
        flags = list(claim.flags or [])
        flags += country_mismatch_flags(claim.quote, gazetteer, matcher, catalog)
        flags += geodata_number_flags(claim.quote, list(claim.feature_ids), catalog)
        flags += across.get(claim.id, [])
        flags += unresolved_place_flags(list(claim.places), gazetteer)
        merged.append(list(dict.fromkeys(flags)))
    claims["flags"] = merged
    return claims
