"""``corridors export-data``: the data contract's four files, read back as a user would.

The GeoPackage and GeoParquet files are read back in ``test_export_formats.py``.
"""

from __future__ import annotations

import csv
import json
import re

import pyogrio
import pytest
from click.testing import CliRunner

from geo.cli import cli
from geo.layout import REPO_ROOT
from geo.sources import read_text

FEATURE_PROPERTIES = [
    "id",
    "name",
    "kind",
    "commodity",
    "status",
    "length_km",
    "published_length_km",
    "countries",
    "bypasses_russia",
    "accuracy",
    "corridor",
    "sources",
]
CLAIM_PROPERTIES = [
    "id",
    "source_id",
    "quote",
    "start",
    "end",
    "topic",
    "feature_ids",
    "places",
    "origin",
    "flags",
]
SOURCE_COLUMNS = ["id", "file", "title", "publisher", "url", "date"]
ISO3 = re.compile(r"^[A-Z]{3}$")


@pytest.fixture(scope="module")
def exported(exported_data):
    return exported_data


@pytest.fixture(scope="module")
def features(exported):
    return json.loads((exported / "features.geojson").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def claims(exported):
    return json.loads((exported / "claims.geojson").read_text(encoding="utf-8"))


def _csv(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_four_files_are_written_and_listed(exported):
    result = CliRunner().invoke(cli, ["export-data", "--out", str(exported / "again")])
    assert result.exit_code == 0
    listed = {line.rsplit("/", 1)[-1] for line in result.stdout.splitlines() if line.strip()}
    contract = {"features.geojson", "claims.geojson", "claims.csv", "sources.csv"}
    assert listed == contract | {"atlas.gpkg", "features.parquet", "claims.parquet"}
    for name in listed:
        assert (exported / "again" / name).stat().st_size > 0


def test_features_are_a_feature_collection_with_the_contract_properties(features):
    assert features["type"] == "FeatureCollection"
    assert len(features["features"]) >= 20
    for feature in features["features"]:
        missing = [p for p in FEATURE_PROPERTIES if p not in feature["properties"]]
        assert missing == [], feature["properties"].get("id")


def test_feature_ids_are_unique_snake_case(features):
    ids = [f["properties"]["id"] for f in features["features"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", fid) for fid in ids)


def test_feature_countries_are_lists_of_iso3_codes(features):
    for feature in features["features"]:
        props = feature["properties"]
        assert isinstance(props["countries"], list), props["id"]
        assert props["countries"], f"{props['id']} crosses no country"
        assert all(ISO3.match(code) for code in props["countries"]), props["countries"]


def test_feature_geometry_and_computed_fields_agree(features):
    for feature in features["features"]:
        props, geometry = feature["properties"], feature["geometry"]
        assert geometry is not None, props["id"]
        if geometry["type"] == "Point":
            assert props["length_km"] is None
            assert props["bypasses_russia"] is None
        else:
            assert props["length_km"] > 0, props["id"]
            assert props["bypasses_russia"] is ("RUS" not in props["countries"]), props["id"]
        assert props["sources"] and all(s["url"].startswith("http") for s in props["sources"])


def test_features_read_back_with_pyogrio(exported, features):
    frame = pyogrio.read_dataframe(exported / "features.geojson")
    assert len(frame) == len(features["features"])
    assert set(FEATURE_PROPERTIES) <= set(frame.columns)
    assert frame["id"].is_unique
    assert str(frame.crs).upper().endswith("4326")
    assert set(frame.geometry.geom_type) <= {"Point", "LineString", "MultiLineString"}
    btc = frame[frame["id"] == "btc_pipeline"].iloc[0]
    assert list(btc["countries"]) == ["AZE", "GEO", "TUR"]


def test_claims_have_the_contract_properties_and_unique_ids(claims):
    assert claims["type"] == "FeatureCollection"
    assert len(claims["features"]) > 50
    for claim in claims["features"]:
        missing = [p for p in CLAIM_PROPERTIES if p not in claim["properties"]]
        assert missing == [], claim["properties"].get("id")
        geometry = claim["geometry"]
        assert geometry is None or geometry["type"] == "Point"
    ids = [c["properties"]["id"] for c in claims["features"]]
    assert len(ids) == len(set(ids))


def test_claims_refer_only_to_exported_features(claims, features):
    feature_ids = {f["properties"]["id"] for f in features["features"]}
    unknown = {
        fid for c in claims["features"] for fid in c["properties"]["feature_ids"]
    } - feature_ids
    assert unknown == set()


def test_claims_read_back_with_pyogrio(exported, claims):
    frame = pyogrio.read_dataframe(exported / "claims.geojson")
    assert len(frame) == len(claims["features"])
    assert set(CLAIM_PROPERTIES) <= set(frame.columns)
    assert frame["id"].is_unique


def test_exported_quotes_are_at_their_offsets_in_the_listed_articles(exported, claims):
    files = {row["id"]: row["file"] for row in _csv(exported / "sources.csv")}
    texts = {sid: read_text(REPO_ROOT / path) for sid, path in files.items()}
    wrong = []
    for claim in claims["features"]:
        props = claim["properties"]
        text = texts[props["source_id"]]
        if text[props["start"] : props["end"]] != props["quote"]:
            wrong.append(props["id"])
    assert wrong == []


def test_claims_csv_has_the_same_ids_as_claims_geojson(exported, claims):
    rows = _csv(exported / "claims.csv")
    assert [r["id"] for r in rows] == [c["properties"]["id"] for c in claims["features"]]
    by_id = {c["properties"]["id"]: c["properties"] for c in claims["features"]}
    for row in rows:
        assert row["quote"] == by_id[row["id"]]["quote"]
        assert int(row["start"]) == by_id[row["id"]]["start"]


def test_sources_csv_has_the_contract_columns_and_every_cited_source(exported, claims):
    with open(exported / "sources.csv", encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert set(SOURCE_COLUMNS) <= set(header)
    rows = _csv(exported / "sources.csv")
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    assert {c["properties"]["source_id"] for c in claims["features"]} <= set(ids)
    for row in rows:
        assert (REPO_ROOT / row["file"]).is_file(), row["file"]
        assert row["url"].startswith("http"), row["id"]
