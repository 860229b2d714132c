"""How ``ingest`` time grows with the article: `.venv/bin/python bench/ingest_scaling.py`.

Prints seconds per size for prose, for one run-on sentence full of names and for thousands of
short sentences on one line; each column should roughly double from one row to the next
(linear). Nothing here asserts a threshold.
"""

from __future__ import annotations

import time

from geo.atlas import load_atlas
from geo.extract import propose_claims
from geo.gazetteer import AliasMatcher
from geo.layout import REPO_ROOT

SIZES = (50_000, 100_000, 200_000, 400_000)


def main() -> None:
    atlas = load_atlas()
    matcher = AliasMatcher(atlas.aliases)
    prose = (REPO_ROOT / "seeds" / "sp_kazakhstan_azerbaijan_go_around_russia.txt").read_text(
        encoding="utf-8"
    )
    units = {
        "prose": prose,
        "run-on names": "the BTC pipeline and Aktau, ",
        "short sentences": "Ok. ",
    }
    print(f"{'bytes':>8} " + " ".join(f"{name:>16}" for name in units))
    for size in SIZES:
        cells = []
        for unit in units.values():
            text = (unit * (size // len(unit) + 1))[:size]
            start = time.perf_counter()
            propose_claims(text, matcher, atlas.gazetteer, atlas.catalog)
            cells.append(f"{time.perf_counter() - start:15.2f}s")
        print(f"{size:>8} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main()
