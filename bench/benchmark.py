"""Speed and size figures for Corridor Atlas: `.venv/bin/python bench/benchmark.py`.

Prints figures only; nothing here asserts a threshold (timed tests are flaky by nature).
"""

from __future__ import annotations

import time
from statistics import median

from geo.atlas import load_atlas
from geo.boundaries import load_countries
from geo.filters import View
from geo.mapping import build_layers
from geo.report import export_html


def timed(label: str, func, repeat: int = 3):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    print(f"{label:<44} median {median(times) * 1000:8.0f} ms  (n={repeat})")
    return result


def main() -> None:
    atlas = timed("load_atlas (validate, compute, join)", load_atlas, repeat=3)
    print(f"{'':<44} {len(atlas.features)} features, {len(atlas.claims)} claims")
    countries = load_countries(atlas.layout.countries_file)
    timed(
        "build data layers (app rerun)",
        lambda: build_layers(
            atlas.features, atlas.claims, atlas.sources, all_features=atlas.features
        ),
    )
    linked = timed("export_html (CDN assets)", lambda: export_html(atlas, View()))
    inline = timed(
        "export_html --self-contained", lambda: export_html(atlas, View(), self_contained=True)
    )
    btc = timed(
        "export_html --features btc_pipeline",
        lambda: export_html(
            atlas, View(systems=("btc_pipeline",), topics=("energy",)), self_contained=True
        ),
    )
    for label, page in (("linked", linked), ("self-contained", inline), ("btc+energy", btc)):
        print(f"size of {label + ' page':<36} {len(page.encode('utf-8')) / 1024:8.0f} KiB")
    print(f"{'country base layer shapes':<44} {len(countries)}")


if __name__ == "__main__":
    main()
