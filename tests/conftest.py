"""Shared fixtures: small roots laid out like the repository, and the loaded repo atlas.

``mini_root`` is a copy of the repository's real data (countries, aliases, places, sources and
their articles, features and claims); tests break one thing in it and compare ``corridors
check`` against the problems the untouched copy already has (``mini_baseline``), because the
curated data may carry problems of its own while curators work on it.

``clean_root`` is a tiny hand-made root with no problem at all, for ``check`` exiting 0.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import settings

from geo.cli import cli
from geo.layout import REPO_ROOT, Layout
from geo.sources import read_text

# Derived data (geo.cache) goes to the repository's gitignored .cache/, not the user's cache:
# entries are keyed by input hashes, so one run's entries serve the next (and xdist workers).
os.environ.setdefault("CORRIDORS_CACHE_DIR", str(REPO_ROOT / ".cache" / "tests"))

BROWSER_TESTS = Path(__file__).parent / "browser"

# Property tests check what the escaping functions return, not how fast: no per-example
# deadline, which a loaded machine (parallel workers, a browser) would break at random.
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")


def pytest_collection_modifyitems(config, items):
    """Browser tests share one app server and one chromium: under pytest-xdist (``-n 2
    --dist loadgroup``, see pyproject) they all run in the same worker."""
    for item in items:
        if BROWSER_TESTS in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


SUMMARY = re.compile(r"(\d+) features, (\d+) claims, (\d+) sources; (\d+) problems")

# A source every test root keeps, and the line of its article the hand-made claims quote.
TEST_SOURCE_ID = "sp_go_around_russia"


@dataclass
class CheckResult:
    """What ``corridors check --root`` printed."""

    exit_code: int
    lines: list[str]
    features: int
    claims: int
    sources: int
    problems: int
    output: str


def run_check(root: Path) -> CheckResult:
    """Run ``corridors check --root ROOT`` through click's runner and parse what it says."""
    result = CliRunner().invoke(cli, ["check", "--root", str(root)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    summary = SUMMARY.search(result.stderr)
    assert summary, f"no summary line in stderr: {result.stderr!r}"
    features, claims, sources, problems = (int(v) for v in summary.groups())
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return CheckResult(result.exit_code, lines, features, claims, sources, problems, result.output)


def _copy_repo_data(dest: Path) -> None:
    (dest / "data").mkdir(parents=True)
    (dest / "seeds").mkdir()
    for name in ("countries.json", "aliases.json", "places.json", "source_hosts.json"):
        shutil.copyfile(REPO_ROOT / "data" / name, dest / "data" / name)
    shutil.copyfile(REPO_ROOT / "seeds" / "sources.json", dest / "seeds" / "sources.json")
    for article in (REPO_ROOT / "seeds").glob("*.txt"):
        shutil.copyfile(article, dest / "seeds" / article.name)
    shutil.copytree(REPO_ROOT / "data" / "features", dest / "data" / "features")
    shutil.copytree(REPO_ROOT / "data" / "claims", dest / "data" / "claims")


@pytest.fixture(scope="session")
def mini_template(tmp_path_factory) -> Path:
    """One copy of the repo's data per session; ``mini_root`` copies it again per test."""
    root = tmp_path_factory.mktemp("mini_template") / "root"
    _copy_repo_data(root)
    return root


@pytest.fixture
def mini_root(tmp_path, mini_template) -> Path:
    """A root laid out like the repository, holding copies of its real data."""
    root = tmp_path / "root"
    shutil.copytree(mini_template, root)
    return root


@pytest.fixture(scope="session")
def mini_baseline(mini_template) -> CheckResult:
    """What ``check`` says about the untouched copy of the data."""
    return run_check(mini_template)


@pytest.fixture(scope="session")
def check():
    """``check(root)`` runs ``corridors check --root root`` and returns a CheckResult."""
    return run_check


@pytest.fixture(scope="session")
def repo_atlas():
    """The repository's data, loaded once per session."""
    from geo.atlas import load_atlas

    return load_atlas()


@pytest.fixture(scope="session")
def exported_data(tmp_path_factory) -> Path:
    """``corridors export-data --out DIR`` of the repository, run once per session."""
    out = tmp_path_factory.mktemp("export") / "contract"
    result = CliRunner().invoke(cli, ["export-data", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def source_record(source_id: str = TEST_SOURCE_ID) -> dict:
    records = json.loads((REPO_ROOT / "seeds" / "sources.json").read_text(encoding="utf-8"))
    return next(r for r in records if r["id"] == source_id)


def quotable_line(root: Path, source_id: str = TEST_SOURCE_ID) -> tuple[str, int, int]:
    """A line of a source's article that occurs once in it, with its offsets."""
    text = read_text(root / source_record(source_id)["file"])
    for match in re.finditer(r"[^\n]{40,}", text):
        line = match.group(0).strip()
        if text.count(line) == 1:
            start = text.index(line)
            return line, start, start + len(line)
    raise AssertionError(f"no quotable line in {source_id}")


@pytest.fixture(scope="session")
def quote_of():
    """``quote_of(root, source_id)`` gives a unique line of that article and its offsets."""
    return quotable_line


def line_feature(fid: str, coords, **props) -> dict:
    """A valid hand-made pipeline Feature, with ``props`` overriding its properties."""
    properties = {
        "id": fid,
        "name": fid.replace("_", " ").title(),
        "kind": "pipeline",
        "mode": "pipeline",
        "commodity": "crude_oil",
        "status": "operating",
        "published_length_km": None,
        "published_length_source": None,
        "capacity": None,
        "operator": None,
        "opened": None,
        "accuracy": "schematic",
        "corridor": None,
        "sources": [{"title": "Test source", "url": "https://example.org/route", "kind": "press"}],
        "geometry_source": {"kind": "waypoints", "note": "hand-made for a test"},
        "straight_reason": "hand-made test line through a few towns",
        "notes": "hand-made for a test",
    }
    properties.update(props)
    geometry = None if coords is None else {"type": "LineString", "coordinates": coords}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def point_feature(fid: str, lon: float, lat: float, **props) -> dict:
    """A valid hand-made port Feature, with ``props`` overriding its properties."""
    feature = line_feature(fid, None, kind="port", mode=None, commodity="multimodal", **props)
    feature["geometry"] = {"type": "Point", "coordinates": [lon, lat]}
    return feature


@pytest.fixture(scope="session")
def make_line():
    return line_feature


@pytest.fixture(scope="session")
def make_point():
    return point_feature


def write_features(root: Path, name: str, features: list[dict]) -> Path:
    """Write ``data/features/NAME`` as a FeatureCollection of ``features``."""
    path = root / "data" / "features" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = {"type": "FeatureCollection", "features": features}
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def add_features():
    """``add_features(root, file_name, [feature, ...])`` writes one feature file."""
    return write_features


# A route Baku → Shamakhi → Gakh → Lagodekhi → Tbilisi: Azerbaijan, then Georgia.
CLEAN_PIPELINE = [
    [49.87, 40.41],
    [48.64, 40.63],
    [46.93, 41.42],
    [46.28, 41.83],
    [44.79, 41.72],
]


@pytest.fixture
def clean_root(tmp_path) -> Path:
    """A hand-made root with no problem: one source, two features, one claim."""
    root = tmp_path / "clean"
    (root / "data" / "claims").mkdir(parents=True)
    (root / "seeds").mkdir()
    for name in ("countries.json", "source_hosts.json"):
        shutil.copyfile(REPO_ROOT / "data" / name, root / "data" / name)
    record = source_record()
    shutil.copyfile(REPO_ROOT / record["file"], root / record["file"])
    (root / "seeds" / "sources.json").write_text(json.dumps([record]), encoding="utf-8")
    (root / "data" / "places.json").write_text("[]", encoding="utf-8")
    (root / "data" / "aliases.json").write_text(
        json.dumps({"clean_test_pipeline": ["Clean test pipeline"]}), encoding="utf-8"
    )
    write_features(
        root,
        "clean.geojson",
        [
            line_feature("clean_test_pipeline", CLEAN_PIPELINE),
            point_feature("clean_test_port", 49.40817, 39.95281),
        ],
    )
    quote, start, end = quotable_line(root)
    claim = {
        "id": "clean-01",
        "source_id": record["id"],
        "quote": quote,
        "start": start,
        "end": end,
        "topic": "energy",
        "feature_ids": ["clean_test_pipeline"],
        "places": [],
        "origin": "curated",
        "flags": [],
    }
    (root / "data" / "claims" / f"{record['id']}.json").write_text(
        json.dumps([claim]), encoding="utf-8"
    )
    return root


@pytest.fixture
def clean_layout(clean_root) -> Layout:
    return Layout(clean_root)


@pytest.fixture(scope="session")
def hostile_root(tmp_path_factory) -> Path:
    """A root whose article, metadata and data files carry the hostile corpus (tests/hostile.py)."""
    from hostile import build_hostile_root

    return build_hostile_root(tmp_path_factory.mktemp("hostile") / "root")
