"""The disk cache of derived data (geo.cache): served only for the very same inputs and code."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from geo import cache
from geo.atlas import atlas_key, load_atlas
from geo.layout import Layout


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """An empty atlas cache; the gazetteer and boundary tables (inputs that these tests never
    change, ~5 s to build) are the suite's shared ones."""
    folder = tmp_path / "cache"
    shared = cache.cache_dir()
    for kind in ("geonames", "countries", "country-display"):
        (shared / kind).mkdir(parents=True, exist_ok=True)
        (folder / kind).parent.mkdir(parents=True, exist_ok=True)
        (folder / kind).symlink_to(shared / kind, target_is_directory=True)
    monkeypatch.setenv("CORRIDORS_CACHE_DIR", str(folder))
    monkeypatch.delenv("CORRIDORS_CACHE", raising=False)
    return folder


def _entries(folder):
    return sorted(p.name for p in (folder / "atlas").glob("*.pickle"))


def _summary(atlas):
    return (
        list(atlas.features["id"]),
        atlas.features["length_km"].astype(str).tolist(),
        list(atlas.claims["id"]),
        [list(f) for f in atlas.claims["flags"]],
        [list(f) for f in atlas.claims["near_feature_ids"]],
        sorted(str(p) for p in atlas.problems),
    )


def test_a_cached_load_equals_a_fresh_one(mini_root, cache_dir):
    layout = Layout(mini_root)
    first = load_atlas(layout)
    assert len(_entries(cache_dir)) == 1
    again = load_atlas(layout)
    fresh = load_atlas(layout, use_cache=False)
    assert _summary(again) == _summary(first) == _summary(fresh)
    assert again.layout == layout and again.gazetteer.layout == layout
    assert again is not first  # every load is its own copy, free to change


def test_an_edited_claim_is_never_served_stale(mini_root, cache_dir):
    layout = Layout(mini_root)
    before = load_atlas(layout)
    path = sorted((mini_root / "data" / "claims").glob("*.json"))[0]
    records = json.loads(path.read_text("utf-8"))
    gone = records[0]["id"]
    records[0]["topic"] = "weather"
    path.write_text(json.dumps(records), encoding="utf-8")
    after = load_atlas(layout)
    assert gone in set(before.claims["id"]) and gone not in set(after.claims["id"])
    assert any("topic 'weather'" in p.reason for p in after.problems)
    assert len(_entries(cache_dir)) == 2


def test_an_edited_feature_or_article_changes_the_key(mini_root):
    layout = Layout(mini_root)
    key = atlas_key(layout)
    feature_file = sorted((mini_root / "data" / "features").glob("*.geojson"))[0]
    feature_file.write_text(feature_file.read_text("utf-8") + "\n", encoding="utf-8")
    edited = atlas_key(layout)
    assert edited != key
    article = sorted((mini_root / "seeds").glob("*.txt"))[0]
    article.write_bytes(article.read_bytes().replace(b"the", b"teh", 1))
    assert atlas_key(layout) not in (key, edited)
    (mini_root / "data" / "claims" / "new.json").write_text("[]", encoding="utf-8")
    assert atlas_key(layout) != edited


def test_copies_with_the_same_files_share_an_entry(mini_template, tmp_path, cache_dir):
    copy = tmp_path / "copy"
    shutil.copytree(mini_template, copy)
    assert atlas_key(Layout(copy)) == atlas_key(Layout(mini_template))
    load_atlas(Layout(mini_template))
    served = load_atlas(Layout(copy))
    assert served.layout.root == copy
    assert len(_entries(cache_dir)) == 1


def test_a_file_linked_from_outside_the_root_adds_its_path(mini_root, tmp_path):
    layout = Layout(mini_root)
    key = atlas_key(layout)
    places = mini_root / "data" / "places.json"
    outside = tmp_path / "elsewhere.json"
    shutil.copyfile(places, outside)
    places.unlink()
    places.symlink_to(outside)
    assert atlas_key(layout) != key


def test_a_code_change_is_a_new_key(tmp_path, monkeypatch):
    package = tmp_path / "geo"
    shutil.copytree(cache.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "PACKAGE_DIR", package)
    cache.code_version.cache_clear()
    try:
        original = cache.code_version()
        flags = package / "flags.py"
        flags.write_text(flags.read_text("utf-8") + "\n# changed\n", encoding="utf-8")
        cache.code_version.cache_clear()
        assert cache.code_version() != original
    finally:
        cache.code_version.cache_clear()


def test_a_broken_entry_is_recomputed(mini_root, cache_dir):
    layout = Layout(mini_root)
    expected = _summary(load_atlas(layout))
    (entry,) = (cache_dir / "atlas").glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert _summary(load_atlas(layout)) == expected
    assert entry.read_bytes() != b"not a pickle"


def test_the_cache_can_be_turned_off(mini_root, cache_dir, monkeypatch):
    monkeypatch.setenv("CORRIDORS_CACHE", "0")
    assert not cache.enabled()
    load_atlas(Layout(mini_root))
    assert not (cache_dir / "atlas").exists()


def test_cached_returns_compute_when_the_key_is_unknown(cache_dir):
    calls = []
    for _ in range(2):
        cache.cached("kind", None, lambda: calls.append(1) or "value")
    assert calls == [1, 1]
    for _ in range(2):
        cache.cached("kind", "key", lambda: calls.append(2) or "value")
    assert calls == [1, 1, 2]


def test_a_folder_or_pipe_where_a_file_was_is_never_served_stale(mini_root):
    layout = Layout(mini_root)
    key = atlas_key(layout)
    folder = mini_root / "data" / "claims" / "zz_dir.json"
    folder.mkdir()
    assert atlas_key(layout) not in (None, key)
    folder.rmdir()
    assert atlas_key(layout) == key
    os.mkfifo(mini_root / "data" / "claims" / "zz_pipe.json")
    assert atlas_key(layout) is None  # never cached: the loader reports it afresh
