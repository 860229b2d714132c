"""Propose claims for an article never seen before: sentences that name mapped features or
places, with their offsets, linked features, places, quantities and a topic."""

from __future__ import annotations

import re

from geo.catalog import Catalog
from geo.gazetteer import AliasMatcher, Gazetteer
from geo.quantities import parse_quantities
from geo.sentences import split_sentences
from geo.topics import classify_topic

# A claim quotes one sentence; a span longer than this is a table, a list run together or
# junk, not a sentence, and is not proposed (the longest curated quote is under 500).
MAX_QUOTE_CHARS = 2000
# "the corridor", "this pipeline": a reference back to the last feature of that kind named.
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|its)\s+(corridor|route|pipeline|railway|line|port|cable)\b", re.I
)
_REFERENCE_KINDS = {
    "corridor": ("corridor",),
    "route": ("corridor", "sea_route", "railway"),
    "pipeline": ("pipeline",),
    "railway": ("railway",),
    "line": ("railway", "pipeline"),
    "port": ("port",),
    "cable": ("cable",),
}


def _kind_of(feature_id: str, catalog: Catalog) -> str | None:
    return catalog.get(feature_id)["kind"] if feature_id in catalog.ids() else None


def propose_claims(
    text: str, matcher: AliasMatcher, gazetteer: Gazetteer, catalog: Catalog
) -> list[dict]:
    """Claims an analyst would likely keep, one per sentence that names a feature or place.

    Parameters
    ----------
    text : str
        The article, exactly as stored (offsets index into it).
    matcher : AliasMatcher
        Feature aliases from ``data/aliases.json``.
    gazetteer : Gazetteer
        Offline place lookup.
    catalog : Catalog
        Known features, for kinds and for dropping aliases of unknown ids.

    Returns
    -------
    list of dict
        ``quote``, ``start``, ``end``, ``feature_ids``, ``places``, ``topic``, ``quantities``
        (offsets into ``text``), and ``links`` saying why each feature was linked. At most
        one per sentence, none for a span over ``MAX_QUOTE_CHARS``; the work is linear in
        the length of ``text``.
    """
    known = catalog.ids()
    recent: dict[str, str] = {}  # kind -> last feature of that kind named so far
    proposals = []
    for start, end in split_sentences(text):
        if end - start > MAX_QUOTE_CHARS:
            continue
        sentence = text[start:end]
        feature_ids: list[str] = []
        links = []
        for mention in matcher.find(sentence):
            if mention.key in known and mention.key not in feature_ids:
                feature_ids.append(mention.key)
                links.append(f"{mention.key}: named as {mention.text!r}")
        for match in _BACK_REFERENCE.finditer(sentence):
            for kind in _REFERENCE_KINDS[match.group(1).lower()]:
                target = recent.get(kind)
                if target and target not in feature_ids:
                    feature_ids.append(target)
                    links.append(f"{target}: {match.group(0)!r} refers back to it")
                    break
        for feature_id in feature_ids:
            kind = _kind_of(feature_id, catalog)
            if kind:
                recent[kind] = feature_id
        places = list(dict.fromkeys(m.key for m in gazetteer.find(sentence)))
        if not feature_ids and not places:
            continue
        quantities = [
            {**q, "start": q["start"] + start, "end": q["end"] + start}
            for q in parse_quantities(sentence)
        ]
        kinds = [k for k in (_kind_of(f, catalog) for f in feature_ids) if k]
        proposals.append(
            {
                "quote": sentence,
                "start": start,
                "end": end,
                "feature_ids": feature_ids,
                "places": places,
                "topic": classify_topic(sentence, kinds),
                "quantities": quantities,
                "links": links,
            }
        )
    return proposals
