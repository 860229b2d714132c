"""Everything the map needs, loaded once: seeds + data → validated frames → joined claims."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from geo.cache import cached, tree_digest
from geo.catalog import Catalog, load_catalog
from geo.gazetteer import Gazetteer
from geo.layout import Layout
from geo.problems import Problem
from geo.sources import Source, load_sources


@dataclass
class Atlas:
    """The loaded, validated and joined data of one root."""

    layout: Layout
    catalog: Catalog
    sources: dict[str, Source]
    claims: gpd.GeoDataFrame
    near: pd.DataFrame
    gazetteer: Gazetteer
    aliases: dict[str, list[str]]
    problems: list[Problem] = field(default_factory=list)

    @property
    def features(self) -> gpd.GeoDataFrame:
        return self.catalog.features

    @property
    def skipped(self) -> list[Problem]:
        """Problems that left a record out of what is served."""
        return [p for p in self.problems if p.skipped]


def atlas_key(layout: Layout) -> str | None:
    """The hash of every input of :func:`load_atlas` for this root (see :mod:`geo.cache`).

    Two roots with the same files share a key (a test's copy of the repository's data is
    served from the repository's entry); a file reached through a link out of the root adds
    its real path, since messages name it that way.

    Parameters
    ----------
    layout : Layout
        The root.

    Returns
    -------
    str or None
        Hex digest of the bytes and relative paths of every file under ``data/`` and
        ``seeds/``; None when some of it cannot be read.
    """
    try:
        real_root = Path(os.path.realpath(layout.root))
    except OSError:
        return None
    return tree_digest([layout.data, layout.seeds], inside=real_root)


def load_atlas(layout: Layout | None = None, *, use_cache: bool = True) -> Atlas:
    """Load features, sources, claims, aliases and places of a root and join them.

    The result is cached on disk keyed by the hash of every input file and of the code
    (:mod:`geo.cache`), so only the first load of a given state of a root does the work.

    Parameters
    ----------
    layout : Layout, optional
        The root to load; the repository by default.
    use_cache : bool
        Read and write the disk cache; False always loads afresh.

    Returns
    -------
    Atlas
        Valid records only; every record left out or questioned is in ``problems``.
    """
    layout = layout or Layout()
    if not use_cache:
        return _load_atlas(layout)
    atlas = cached("atlas", atlas_key(layout), lambda: _load_atlas(layout))
    atlas.layout = layout
    atlas.gazetteer.layout = layout
    return atlas


def _load_atlas(layout: Layout) -> Atlas:
    # Needed only when the disk cache misses; a cached load skips importing them.
    from geo.claims import load_claims
    from geo.flags import apply_flags
    from geo.gazetteer import RESERVED_KEYS, AliasMatcher, load_aliases
    from geo.join import claims_near_routes

    catalog = load_catalog(layout)
    sources, source_problems = load_sources(layout)
    aliases, alias_problems = load_aliases(layout)
    gazetteer = Gazetteer(layout)
    claim_set = load_claims(layout, catalog, sources, gazetteer)
    matcher = AliasMatcher(aliases)
    claims = apply_flags(claim_set.claims, catalog, gazetteer, matcher)
    unknown_alias_ids = sorted(set(aliases) - catalog.ids() - RESERVED_KEYS)
    alias_problems += [
        Problem(
            layout.rel(layout.aliases_file), fid, "aliases for an unknown feature id", skipped=False
        )
        for fid in unknown_alias_ids
    ]
    near = claims_near_routes(claims, catalog.features)
    nearby = near.groupby("claim_id")["feature_id"].apply(sorted).to_dict()
    claims["near_feature_ids"] = [nearby.get(cid, []) for cid in claims["id"]]
    problems = (
        catalog.problems
        + source_problems
        + alias_problems
        + gazetteer.problems
        + claim_set.problems
    )
    return Atlas(layout, catalog, sources, claims, near, gazetteer, aliases, problems)
