"""Speed and size of Corridor Atlas against its targets and a plain baseline, in one run.

    .venv/bin/python bench/run.py            # everything (100,000 claims included)
    .venv/bin/python bench/run.py --quick    # no 100,000-claim corpus, fewer repeats

Prints a table and writes ``bench/results.md`` (with the machine it ran on). Every figure
stands beside its target and a baseline measured in the same run, interleaved with ours:

- geopandas' ``GeoDataFrame.explore()`` of the same routes and claims in one folium map, with
  the same popup fields (load = reading the exported GeoJSON; export = explore + save);
- "before": this repository at the commit the issue was measured on (``--before REV``),
  unpacked with ``git archive`` into a temporary folder and run the same way.

Machines differ and this one is shared, so ratios measured side by side are what to compare.
Speed is measured here, never in timed tests.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The browser tests' helpers (idle wait, route point) measure the app the way the tests do.
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "tests" / "browser")]

from browser_helpers import MAP_FRAME, open_app, route_point, wait_app_idle  # noqa: E402
from corpus import make_articles, make_root  # noqa: E402

from geo.app_server import start_app, stop_app  # noqa: E402
from geo.render import CHROMIUM as RENDER_CHROMIUM  # noqa: E402
from geo.render import CHROMIUM_ARGS  # noqa: E402

CHROMIUM = str(RENDER_CHROMIUM)
BEFORE_REV = "823ce43"  # main when issue 11 was measured
PACKAGES = (
    "folium",
    "branca",
    "geopandas",
    "shapely",
    "pandas",
    "pyogrio",
    "pyarrow",
    "pyproj",
    "streamlit",
    "streamlit-folium",
    "playwright",
    "dask",
    "jinja2",
)


@dataclass
class Row:
    """One line of the results table."""

    section: str
    measure: str
    ours: float | None
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    target: float | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ours is None or not self.baseline:
            return None
        return self.ours / self.baseline

    @property
    def met(self) -> str:
        if self.target is None or self.ours is None:
            return ""
        return "yes" if self.ours <= self.target else "**no**"


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)

    def add(self, *args, **kwargs) -> Row:
        row = Row(*args, **kwargs)
        self.rows.append(row)
        _print_row(row)
        return row


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.3f} s" if value < 10 else f"{value:.1f} s"
    if unit == "MB":
        return f"{value:.2f} MB"
    if unit == "/s":
        return f"{value:.1f}/s"
    if unit == "MB/s":
        return f"{value:.2f} MB/s"
    return f"{value:g} {unit}"


def _print_row(row: Row) -> None:
    ratio = f"×{row.ratio:.2f}" if row.ratio is not None else ""
    target = f"≤ {_fmt(row.target, row.unit)}" if row.target is not None else ""
    if row.target is not None and row.unit in ("/s", "MB/s"):
        target = f"≥ {_fmt(row.target, row.unit)}"
    print(
        f"{row.section[:14]:<14} {row.measure[:44]:<44} {_fmt(row.ours, row.unit):>12} "
        f"{_fmt(row.baseline, row.unit):>12} {ratio:>7} {target:>12} {row.note}",
        flush=True,
    )


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


# --- processes ---------------------------------------------------------------------------------


def _env(code_root: Path, cache: Path, **extra: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(code_root)
    env["CORRIDORS_CACHE_DIR"] = str(cache)
    env.update(extra)
    return env


def _peak_rss_mb(pid: int) -> float | None:
    """The process's resident-set high-water mark (VmHWM; exec starts a new one)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
    except (OSError, ValueError):
        return None
    return None


def run_process(args: list[str], env: dict, cwd: Path = REPO, timeout: float = 900):
    """Run a command; return (wall seconds, peak RSS MB, stdout text, exit code).

    The peak is polled from /proc (``ru_maxrss`` of a forked child starts at the parent's).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=out, stderr=err)
        deadline = start + timeout
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _peak_rss_mb(proc.pid) or 0.0)
            if time.perf_counter() > deadline:
                proc.kill()
                pid, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.005)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text = out.read().decode("utf-8", "replace")
        if proc.returncode:
            sys.stderr.write(err.read().decode("utf-8", "replace")[-2000:])
    return wall, peak, text, proc.returncode


def py(code: str, env: dict, timeout: float = 900):
    """Run Python code in a fresh interpreter (in the code's root, so its ``geo`` is the one
    imported); its last stdout line must be JSON."""
    cwd = Path(env["PYTHONPATH"])
    wall, rss, out, rc = run_process([sys.executable, "-c", code], env, cwd=cwd, timeout=timeout)
    lines = [line for line in out.splitlines() if line.strip()]
    data = json.loads(lines[-1]) if rc == 0 and lines else {}
    return wall, rss, data


LOAD_SCRIPT = """
import json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from geo.atlas import load_atlas
from geo.layout import Layout
t1 = time.perf_counter()
atlas = load_atlas(Layout(Path({root!r})))
t2 = time.perf_counter()
again = load_atlas(Layout(Path({root!r})))
t3 = time.perf_counter()
print(json.dumps({{"import": t1 - t0, "first": t2 - t1, "second": t3 - t2,
                  "claims": len(atlas.claims)}}))
"""


# --- the explore() baseline -------------------------------------------------------------------


def baseline_frames(contract_dir: Path):
    """Routes and placed claims read from the exported contract files, display-ready."""
    import geopandas as gpd

    features = gpd.read_file(contract_dir / "features.geojson")
    claims = gpd.read_file(contract_dir / "claims.geojson")
    return features, claims


def baseline_map(features, claims, sources: dict[str, str]):
    """geopandas' explore(): the routes, then the claims on the same folium map."""
    for column in ("countries", "sources", "feature_ids", "places", "flags"):
        for frame in (features, claims):
            if column in frame.columns:
                frame[column] = frame[column].map(
                    lambda v: " | ".join(map(str, v)) if isinstance(v, list) else v
                )
    routes = features[features.geometry.notna() & (features["kind"] != "corridor")]
    m = routes.explore(
        column="kind",
        tooltip="name",
        popup=["name", "kind", "status", "length_km", "countries"],
        tiles=None,
        legend=False,
    )
    placed = claims[claims.geometry.notna()].copy()
    placed["source"] = placed["source_id"].map(sources)
    placed.explore(
        m=m,
        column="topic",
        tooltip=False,
        popup=["quote", "source", "topic", "feature_ids", "places", "flags"],
        marker_kwds={"radius": 5},
        legend=False,
    )
    return m


def baseline_export(contract_dir: Path, out: Path) -> None:
    features, claims = baseline_frames(contract_dir)
    import csv

    with open(contract_dir / "sources.csv", encoding="utf-8") as handle:
        sources = {r["id"]: r["title"] for r in csv.DictReader(handle)}
    m = baseline_map(features, claims, sources)
    m.save(str(out))


# --- sections ---------------------------------------------------------------------------------


def machine_info() -> dict:
    import psutil

    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "-"
    try:
        chromium = subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        chromium = "not installed"
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    return {
        "cpu": platform.processor() or platform.machine(),
        "cores": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "chromium": chromium,
        "commit": commit,
        "packages": versions,
    }


def unpack_before(rev: str, dest: Path) -> Path | None:
    """The repository at ``rev`` (code and data), for the "before" figures."""
    dest.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "archive", rev], cwd=REPO, capture_output=True)
    if archive.returncode:
        return None
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    static = REPO / "geo" / "static"
    if static.is_dir() and not (dest / "geo" / "static").exists():
        shutil.copytree(static, dest / "geo" / "static")  # the untracked map script
    with contextlib.suppress(FileExistsError):
        (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


def bench_load_and_export(res: Results, corpora: dict, work: Path, before: Path | None, quick):
    """load_atlas, map build, render, sizes, CLI end to end: ours, explore() and before."""
    from geo.atlas import load_atlas
    from geo.boundaries import load_countries
    from geo.export import export_data
    from geo.layout import Layout
    from geo.mapping import build_map
    from geo.report import export_html

    cache = work / "cache"
    for label, root in corpora.items():
        big = label == "100k"
        repeat = 1 if big else (2 if quick else 3)
        section = f"{label} claims" if label != "bundled" else "bundled"
        # Cold: a fresh process with an empty cache (the first load ever of this state).
        cold_cache = work / f"cold-{label}"
        _, rss, cold = py(LOAD_SCRIPT.format(root=str(root)), _env(REPO, cold_cache))
        shutil.rmtree(cold_cache, ignore_errors=True)
        py(LOAD_SCRIPT.format(root=str(root)), _env(REPO, cache))  # fills the cache
        _, _, warm_proc = py(LOAD_SCRIPT.format(root=str(root)), _env(REPO, cache))
        n = cold.get("claims")
        res.add(section, f"load_atlas cold (empty cache), {n} claims", cold.get("first"), "s")
        res.add(section, "load_atlas, new process, cache on disk", warm_proc.get("first"), "s")
        before_warm = None
        if before is not None and label in ("bundled", "1k"):
            _, _, old = py(LOAD_SCRIPT.format(root=str(root)), _env(before, work / "before-c"))
            before_warm = old.get("second")
        # Warm, in this process: the disk cache (ours) vs reading the GeoJSON (explore()).
        os.environ["CORRIDORS_CACHE_DIR"] = str(cache)
        atlas = load_atlas(Layout(root))
        contract = work / f"contract-{label}"
        export_data(atlas, contract, ("geojson", "csv"))
        ours_t, base_t = [], []
        for _ in range(repeat if not big else 1):
            t = time.perf_counter()
            atlas = load_atlas(Layout(root))
            ours_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            frames = baseline_frames(contract)
            base_t.append(time.perf_counter() - t)
        target = 0.3 if label == "bundled" else None
        res.add(
            section,
            "load_atlas warm (in process)",
            median(ours_t),
            "s",
            median(base_t),
            "read_file",
            target,
        )
        if before_warm is not None:
            res.add(section, "load_atlas warm, before", before_warm, "s", note="(before)")
        # Map build and HTML render, interleaved with explore().
        countries = load_countries(atlas.layout.countries_file)
        sources = {s.id: s.label for s in atlas.sources.values()}
        build_o, build_b, render_o, render_b = [], [], [], []
        if label == "bundled":  # first calls import and compile what later ones reuse
            build_map(atlas.features, atlas.claims, atlas.sources, countries)[0].get_root().render()
            baseline_map(*(f.copy() for f in frames), sources).get_root().render()
        for _ in range(repeat):
            t = time.perf_counter()
            m, _ = build_map(
                atlas.features,
                atlas.claims,
                atlas.sources,
                countries,
                all_features=atlas.features,
                asset_mode="cdn",
            )
            build_o.append(time.perf_counter() - t)
            t = time.perf_counter()
            m.get_root().render()
            render_o.append(time.perf_counter() - t)
            features, claims = (frame.copy() for frame in frames)
            t = time.perf_counter()
            bm = baseline_map(features, claims, sources)
            build_b.append(time.perf_counter() - t)
            t = time.perf_counter()
            baseline_page = bm.get_root().render()
            render_b.append(time.perf_counter() - t)
        res.add(section, "map build", median(build_o), "s", median(build_b), "explore()")
        res.add(section, "HTML render", median(render_o), "s", median(render_b), "explore()")
        linked = export_html(atlas, self_contained=False)
        inline = export_html(atlas, self_contained=True)
        base_mb = len(baseline_page.encode()) / 1e6
        target_mb = 1.0 if label == "bundled" else None
        res.add(
            section, "file size, linked", len(linked.encode()) / 1e6, "MB", base_mb, "explore()"
        )
        res.add(
            section,
            "file size, self-contained",
            len(inline.encode()) / 1e6,
            "MB",
            base_mb,
            "explore() (CDN links)",
            target_mb,
        )
        pages = work / f"pages-{label}"
        pages.mkdir(exist_ok=True)
        (pages / "ours.html").write_text(inline, encoding="utf-8")
        (pages / "explore.html").write_text(baseline_page, encoding="utf-8")
        corpora_pages[label] = pages
        del linked, inline, baseline_page, m, bm
        # The CLI end to end, interleaved with an explore() script and the code before.
        e2e_o, e2e_b, e2e_old, rss_o, rss_b = [], [], [], [], []
        out = work / f"cli-{label}.html"
        for _ in range(repeat):
            wall, rss, _, rc = run_process(
                [
                    sys.executable,
                    "-m",
                    "geo",
                    "export-html",
                    "--out",
                    str(out),
                    "--root",
                    str(root),
                ],
                _env(REPO, cache),
            )
            if rc == 0:
                e2e_o.append(wall)
                rss_o.append(rss)
            wall, rss, _, rc = run_process(
                [
                    sys.executable,
                    str(Path(__file__)),
                    "--baseline-export",
                    str(contract),
                    str(work / "explore.html"),
                ],
                _env(REPO, cache),
            )
            if rc == 0:
                e2e_b.append(wall)
                rss_b.append(rss)
            if before is not None and label == "bundled":
                wall, _, _, rc = run_process(
                    [sys.executable, "-m", "geo", "export-html", "--out", str(out)],
                    _env(before, work / "before-c"),
                    cwd=before,
                )
                if rc == 0:
                    e2e_old.append(wall)
        target = {"bundled": 1.5, "10k": 3.0, "100k": 20.0}.get(label)
        res.add(
            section,
            "CLI export-html end to end (cache on disk)",
            median(e2e_o) if e2e_o else None,
            "s",
            median(e2e_b) if e2e_b else None,
            "explore() script",
            target,
        )
        if e2e_old:
            res.add(section, "CLI export-html end to end, before", median(e2e_old), "s")
        res.add(
            section,
            "CLI export-html peak memory",
            max(rss_o) if rss_o else None,
            "MB",
            max(rss_b) if rss_b else None,
            "explore() script",
            2048.0 if big else None,
        )
        if label != "bundled":
            del atlas


corpora_pages: dict[str, Path] = {}


def _route_offline(page) -> None:
    """Serve CDN files from node_modules and answer every other request with nothing."""
    nm = REPO / "node_modules"
    known = {
        "leaflet.js": nm / "leaflet/dist/leaflet.js",
        "leaflet.css": nm / "leaflet/dist/leaflet.css",
        "leaflet.markercluster.js": nm / "leaflet.markercluster/dist/leaflet.markercluster.js",
        "MarkerCluster.css": nm / "leaflet.markercluster/dist/MarkerCluster.css",
        "MarkerCluster.Default.css": nm / "leaflet.markercluster/dist/MarkerCluster.Default.css",
        "jquery.min.js": nm / "jquery/dist/jquery.min.js",
    }
    jquery = sorted(nm.glob("jquery/dist/jquery.min.js"))

    def handle(route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
            return
        name = url.split("?")[0].rsplit("/", 1)[-1]
        if name.startswith("jquery") and name.endswith(".js") and jquery:
            name = "jquery.min.js"
        path = known.get(name)
        if path is not None and path.is_file():
            kind = "text/css" if name.endswith(".css") else "application/javascript"
            route.fulfill(status=200, body=path.read_bytes(), content_type=kind)
        else:
            kind = "text/css" if name.endswith(".css") else "application/javascript"
            route.fulfill(status=200, body=b"", content_type=kind)

    page.route("**/*", handle)


IDLE_JS = """() => new Promise(resolve => requestAnimationFrame(() => requestAnimationFrame(
    () => resolve([performance.now(), document.querySelectorAll(
        '.leaflet-overlay-pane path, .leaflet-marker-icon, .marker-cluster').length]))))"""


def bench_browser(res: Results, quick: bool) -> None:
    """Open each export in headless Chromium: time to the map idle and the JS heap."""
    if not Path(CHROMIUM).exists():
        res.add("browser", "chromium missing", None, "s")
        return
    from playwright.sync_api import sync_playwright

    repeat = 2 if quick else 3
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for label in ("bundled", "10k", "100k"):
                pages = corpora_pages.get(label)
                if pages is None:
                    continue
                section = "browser " + label
                times: dict[str, list[float]] = {"ours": [], "explore": []}
                heap: dict[str, list[float]] = {"ours": [], "explore": []}
                # A 100,000-claim page is opened once each: explore()'s takes minutes.
                for _ in range(1 if label == "100k" else repeat):
                    for who in ("ours", "explore"):
                        context = browser.new_context(viewport={"width": 1400, "height": 900})
                        page = context.new_page()
                        _route_offline(page)
                        errors = []
                        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
                        page.set_default_timeout(600000)
                        page.goto(
                            (pages / f"{who}.html").as_uri(), wait_until="load", timeout=600000
                        )
                        idle, drawn = page.evaluate(IDLE_JS)
                        cdp = context.new_cdp_session(page)
                        cdp.send("Performance.enable")
                        cdp.send("HeapProfiler.collectGarbage")
                        metrics = {
                            m["name"]: m["value"]
                            for m in cdp.send("Performance.getMetrics")["metrics"]
                        }
                        if drawn and not errors:
                            times[who].append(idle / 1000.0)
                            heap[who].append(metrics.get("JSHeapUsedSize", 0) / 1e6)
                        else:
                            print(f"  {who} {label}: {drawn} drawn, errors {errors[:2]}")
                        context.close()
                target = {"10k": 2.0, "100k": 5.0}.get(label)
                res.add(
                    section,
                    "open to map idle",
                    median(times["ours"]) if times["ours"] else None,
                    "s",
                    median(times["explore"]) if times["explore"] else None,
                    "explore()",
                    target,
                )
                res.add(
                    section,
                    "JS heap after GC",
                    median(heap["ours"]) if heap["ours"] else None,
                    "MB",
                    median(heap["explore"]) if heap["explore"] else None,
                    "explore()",
                )
        finally:
            browser.close()


def _start_app(cache: Path):
    """The app as ``./run.sh app`` starts it, timed from the process start."""
    start = time.perf_counter()
    proc, url = start_app(_env(REPO, cache, CORRIDORS_ROOT=str(REPO)), timeout=120)
    return proc, url, start


MAP_LINE = "path.leaflet-interactive"


def _first_map(page, url: str, start: float) -> float:
    page.goto(url)
    page.frame_locator(MAP_FRAME).locator(MAP_LINE).first.wait_for(timeout=120000)
    return time.perf_counter() - start


SCRIPT_TIMER = """
import runpy, time
start = time.perf_counter()
try:
    runpy.run_path({app!r}, run_name="__main__")
finally:
    with open({log!r}, "a") as log:
        log.write(f"{{time.perf_counter() - start}}\\n")
"""


def _script_times(work: Path, quick: bool) -> list[float]:
    """The app script's own run time after a filter change (AppTest, no browser)."""
    from streamlit.testing.v1 import AppTest

    log = work / "script-times.txt"
    log.unlink(missing_ok=True)
    wrapper = work / "timed_app.py"
    wrapper.write_text(SCRIPT_TIMER.format(app=str(REPO / "app.py"), log=str(log)))
    app = AppTest.from_file(str(wrapper), default_timeout=120)
    app.run()
    topics = ["diplomacy", "security", "economy", "digital"][: 2 if quick else 4]
    for topic in topics:
        box = app.multiselect(key="topics")
        box.set_value([t for t in box.value if t != topic]).run()
    times = [float(line) for line in log.read_text().split()]
    return times[1:]  # the first run is the session's start, not a filter change


def bench_app(res: Results, work: Path, quick: bool) -> None:
    """The Streamlit app: start to first map line, filter change, map click to panel."""
    if not Path(CHROMIUM).exists():
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for label, cache in (
                ("cold start (empty cache) to first map line", work / "app-cold"),
                ("start (cache on disk) to first map line", work / "cache"),
            ):
                proc, url, start = _start_app(cache)
                try:
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    first = _first_map(page, url, start)
                    page.close()
                finally:
                    stop_app(proc)
                res.add("app", label, first, "s", target=3.0)
            proc, url, start = _start_app(work / "cache")
            try:
                opens = []
                for _ in range(2 if quick else 3):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    opens.append(_first_map(page, url, time.perf_counter()))
                    page.close()
                res.add(
                    "app",
                    "page opened (server running) to first map line",
                    median(opens),
                    "s",
                    target=3.0,
                    note="what a reader waits for once `./run.sh app` is up",
                )
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                open_app(page, url)
                changes = []
                topics = ["diplomacy", "security", "economy", "digital"]
                for topic in topics[: 2 if quick else 4]:
                    button = page.locator(
                        f"[data-testid='stSidebar'] button[aria-label='Remove {topic}']"
                    )
                    if not button.count():
                        continue
                    t = time.perf_counter()
                    button.first.click()
                    page.wait_for_function(
                        f"() => decodeURIComponent(location.search).includes('topics=') && "
                        f"!decodeURIComponent(location.search).match(/topics=[^&]*{topic}/)",
                        timeout=60000,
                    )
                    changes.append(time.perf_counter() - t)
                    wait_app_idle(page)
                res.add(
                    "app",
                    "filter change to the URL written (wall, browser)",
                    median(changes) if changes else None,
                    "s",
                    note="wall time incl. the browser round trip",
                )
                clicks = []
                for _ in range(2 if quick else 3):
                    open_app(page, url)
                    x, y = route_point(page, "btc_pipeline")
                    t = time.perf_counter()
                    page.mouse.click(x, y)
                    page.get_by_role("heading", name="Baku–Tbilisi–Ceyhan").first.wait_for(
                        timeout=60000
                    )
                    clicks.append(time.perf_counter() - t)
                res.add(
                    "app",
                    "map click to route panel",
                    median(clicks) if clicks else None,
                    "s",
                    target=1.0,
                )
                page.close()
            finally:
                stop_app(proc)
        finally:
            browser.close()
    scripts = _script_times(work, quick)
    res.add(
        "app",
        "filter change, script time (AppTest)",
        median(scripts) if scripts else None,
        "s",
        target=0.3,
    )


def bench_ingest(res: Results, work: Path, before: Path | None, quick: bool) -> None:
    """Ingestion over ~1,000 varied articles: in process, --jobs 1 and 2, Dask, one per file."""
    from geo.batch import _context, article_files, ingest_bag, ingest_paths

    folder = work / "articles"
    n = 300 if quick else 1000
    make_articles(folder, n)
    paths = article_files(folder)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    os.environ["CORRIDORS_CACHE_DIR"] = str(work / "cache")
    _context(str(REPO))
    t = time.perf_counter()
    results = list(ingest_paths(paths, REPO, jobs=1))
    single = time.perf_counter() - t
    claims = sum(len(r.proposals) for r in results)
    note = f"{n} articles, {megabytes:.2f} MB, {claims} proposals"
    # The plain baseline: one `corridors ingest FILE` process per article (as before).
    sample = paths[: 5 if quick else 10]
    walls = []
    for path in sample:
        wall, _, _, rc = run_process(
            [sys.executable, "-m", "geo", "ingest", str(path)], _env(REPO, work / "cache")
        )
        if rc == 0:
            walls.append(wall)
    per_file = len(walls) / sum(walls) if walls else None
    res.add(
        "ingest", "in process, 1 core", n / single, "/s", per_file, "process per file", 200.0, note
    )
    res.add("ingest", "in process, 1 core (MB/s)", megabytes / single, "MB/s")
    if before is not None:
        code = textwrap.dedent(f"""
            import json, sys, time
            from pathlib import Path
            from geo.atlas import load_atlas
            from geo.extract import propose_claims
            from geo.gazetteer import AliasMatcher
            atlas = load_atlas()
            matcher = AliasMatcher(atlas.aliases)
            paths = sorted(Path({str(folder)!r}).glob("*.txt"))[:100]
            texts = [p.read_text(encoding="utf-8") for p in paths]
            t = time.perf_counter()
            for text in texts:
                propose_claims(text, matcher, atlas.gazetteer, atlas.catalog)
            print(json.dumps({{"rate": len(texts) / (time.perf_counter() - t)}}))
        """)
        _, _, old = py(code, _env(before, work / "before-c"))
        res.add("ingest", "in process, 1 core, before", old.get("rate"), "/s", note="100 articles")
    for jobs in (1, 2):
        wall, _, _, rc = run_process(
            [sys.executable, "-m", "geo", "ingest", str(folder), "--jobs", str(jobs)],
            _env(REPO, work / "cache"),
        )
        res.add(
            "ingest",
            f"corridors ingest DIR --jobs {jobs} (end to end)",
            n / wall if rc == 0 else None,
            "/s",
            note=f"{megabytes / wall:.2f} MB/s",
        )
    import dask

    with dask.config.set({"multiprocessing.context": "fork"}):
        t = time.perf_counter()
        bag = ingest_bag(paths, REPO, npartitions=8)
        on_dask = bag.compute(scheduler="processes", num_workers=2)
        wall = time.perf_counter() - t
    same = "same output as 1 process" if on_dask == results else "**differs**"
    res.add("ingest", "Dask bag, 2 local processes", n / wall, "/s", note=same)


# --- report ------------------------------------------------------------------------------------


def write_markdown(res: Results, info: dict, path: Path, quick: bool, elapsed: float) -> None:
    lines = [
        "# Corridor Atlas: speed and size",
        "",
        f"Written by `bench/run.py{' --quick' if quick else ''}` in {elapsed / 60:.1f} min "
        f"on commit `{info['commit']}`. Ours is beside a baseline measured in the same run,",
        "interleaved: geopandas' `GeoDataFrame.explore()` of the same routes and claims (popups",
        "with the same fields), or, marked *before*, this repository at the commit issue 11 was",
        "measured on. The machine is shared with other test runs, so absolute times are noisy:",
        "compare the ratios. Targets are issue 11's.",
        "",
        "## Machine",
        "",
        f"- {info['cores']} cores ({info['cpu']}), {info['memory_gb']} GB memory, load average "
        f"at start {info['load_at_start']}",
        f"- Python {info['python']} on {info['platform']}; {info['chromium']}",
        "- " + ", ".join(f"{k} {v}" for k, v in info["packages"].items()),
        "",
        "## Figures",
        "",
        "| section | measure | ours | baseline | ours/baseline | target | met | note |",
        "| --- | --- | ---: | ---: | ---: | ---: | :---: | --- |",
    ]
    for row in res.rows:
        baseline = _fmt(row.baseline, row.unit)
        if row.baseline is not None and row.baseline_label:
            baseline += f" ({row.baseline_label})"
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        target = ""
        if row.target is not None:
            sign = "≥" if row.unit in ("/s", "MB/s") else "≤"
            target = f"{sign} {_fmt(row.target, row.unit)}"
        met = row.met
        if row.target is not None and row.unit in ("/s", "MB/s") and row.ours is not None:
            met = "yes" if row.ours >= row.target else "**no**"
        lines.append(
            f"| {row.section} | {row.measure} | {_fmt(row.ours, row.unit)} | {baseline} | "
            f"{ratio} | {target} | {met} | {row.note} |"
        )
    notes = path.with_name("notes.md")
    if notes.exists():
        lines += ["", notes.read_text(encoding="utf-8").strip()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip 100k claims; fewer repeats")
    parser.add_argument("--before", default=BEFORE_REV, help="git revision of 'before'")
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "results.md")
    parser.add_argument(
        "--only", default="load,browser,app,ingest", help="sections to run (comma-separated)"
    )
    parser.add_argument("--baseline-export", nargs=2, metavar=("CONTRACT", "OUT"), type=Path)
    args = parser.parse_args()
    if args.baseline_export:
        baseline_export(*args.baseline_export)
        return
    started = time.perf_counter()
    info = machine_info()
    print(json.dumps(info, indent=1))
    res = Results()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="atlas-bench-") as tmp:
        work = Path(tmp)
        before = unpack_before(args.before, work / "before") if args.before else None
        corpora = {"bundled": REPO}
        sizes = {"1k": 1_000, "10k": 10_000} | ({} if args.quick else {"100k": 100_000})
        if "load" in only:  # only that section reads them; building 100k claims takes minutes
            for label, n in sizes.items():
                corpora[label] = make_root(work / f"root-{label}", n)
        print(f"{'section':<14} {'measure':<44} {'ours':>12} {'baseline':>12} {'ratio':>7}")
        if "load" in only:
            bench_load_and_export(res, corpora, work, before, args.quick)
        if "browser" in only:
            bench_browser(res, args.quick)
        if "app" in only:
            bench_app(res, work, args.quick)
        if "ingest" in only:
            bench_ingest(res, work, before, args.quick)
    write_markdown(res, info, args.out, args.quick, time.perf_counter() - started)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
