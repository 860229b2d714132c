"""Builders of hand-made test records, imported by test modules as ``from builders import ...``.

Not in ``conftest.py``: two conftest modules exist (``tests/`` and ``tests/browser/``) and
``from conftest import ...`` gets whichever was imported last, so collecting the whole suite
(browser tests first) broke the modules that imported from it.
"""

from __future__ import annotations

from pathlib import Path

TEST_SOURCE_ID = "sp_go_around_russia"


def claim_record(quote_of, root: Path, claim_id: str = "zz_test-01", **fields) -> dict:
    """A valid hand-made claim quoting a unique line of the test source, ``fields`` overriding."""
    quote, start, end = quote_of(root, TEST_SOURCE_ID)
    claim = {
        "id": claim_id,
        "source_id": TEST_SOURCE_ID,
        "quote": quote,
        "start": start,
        "end": end,
        "topic": "transport",
        "feature_ids": ["btc_pipeline"],
        "places": [],
        "origin": "curated",
        "flags": [],
    }
    claim.update(fields)
    return claim
