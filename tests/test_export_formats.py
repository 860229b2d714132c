"""``export-data``'s GeoPackage and GeoParquet files, read back through GDAL (pyogrio) and
pyarrow as QGIS, DuckDB or pandas would read them."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pyogrio
import pytest
from click.testing import CliRunner

from geo.catalog import CONTRACT_COLUMNS
from geo.claims import CLAIM_COLUMNS
from geo.cli import cli
from geo.export import FEATURE_EXTRAS, SOURCE_COLUMNS


@pytest.fixture(scope="module")
def contract(exported_data):
    features = json.loads((exported_data / "features.geojson").read_text("utf-8"))["features"]
    claims = json.loads((exported_data / "claims.geojson").read_text("utf-8"))["features"]
    return features, claims


def test_geopackage_has_three_layers_read_by_gdal(exported_data, contract):
    features, claims = contract
    path = exported_data / "atlas.gpkg"
    layers = {name: kind for name, kind in pyogrio.list_layers(path)}
    assert set(layers) == {"features", "claims", "sources"}
    assert layers["claims"] == "Point" and layers["sources"] is None
    info = pyogrio.read_info(path, layer="features")
    assert info["driver"] == "GPKG" and info["crs"] == "EPSG:4326"
    assert info["features"] == len(features)
    frame = pyogrio.read_dataframe(path, layer="features")
    assert list(frame.columns) == CONTRACT_COLUMNS + FEATURE_EXTRAS + ["geometry"]
    assert list(frame["id"]) == [f["properties"]["id"] for f in features]
    by_id = {f["properties"]["id"]: f["properties"] for f in features}
    for row in frame.itertuples():
        assert json.loads(row.countries) == by_id[row.id]["countries"]
        assert json.loads(row.sources) == by_id[row.id]["sources"]
    btc = frame.set_index("id").loc["btc_pipeline"]
    assert btc["length_km"] == pytest.approx(by_id["btc_pipeline"]["length_km"])
    assert btc.geometry.geom_type in ("LineString", "MultiLineString")


def test_geopackage_claims_and_sources_match_the_contract(exported_data, contract):
    _, claims = contract
    path = exported_data / "atlas.gpkg"
    frame = pyogrio.read_dataframe(path, layer="claims")
    assert len(frame) == len(claims)
    assert list(frame.columns)[: len(CLAIM_COLUMNS)] == CLAIM_COLUMNS
    assert list(frame["quote"]) == [c["properties"]["quote"] for c in claims]
    assert list(frame["start"]) == [c["properties"]["start"] for c in claims]
    placed = [c["geometry"] is not None for c in claims]
    assert list(frame.geometry.notna()) == placed
    sources = pyogrio.read_dataframe(path, layer="sources", read_geometry=False)
    assert list(sources.columns) == SOURCE_COLUMNS
    assert set(sources["id"]) == {c["properties"]["source_id"] for c in claims}


def test_geoparquet_files_carry_geo_metadata_and_list_columns(exported_data, contract):
    features, claims = contract
    for name, expected, columns in (
        ("features.parquet", features, CONTRACT_COLUMNS + FEATURE_EXTRAS),
        ("claims.parquet", claims, CLAIM_COLUMNS),
    ):
        path = exported_data / name
        if "Parquet" in pyogrio.list_drivers():  # GDAL built with Arrow reads it too
            assert pyogrio.read_info(path)["features"] == len(expected)
        table = pq.read_table(path)
        assert table.num_rows == len(expected)
        assert table.column_names[: len(columns)] == columns
        geo = json.loads(table.schema.metadata[b"geo"])
        assert geo["primary_column"] == "geometry"
        assert geo["columns"]["geometry"]["encoding"] == "WKB"
        assert geo["columns"]["geometry"]["crs"]["id"]["code"] == 4326
    claims_table = pq.read_table(exported_data / "claims.parquet").to_pylist()
    assert [r["feature_ids"] for r in claims_table] == [
        c["properties"]["feature_ids"] for c in claims
    ]
    import geopandas as gpd

    frame = gpd.read_parquet(exported_data / "features.parquet")
    assert frame.crs.to_epsg() == 4326
    assert list(frame["countries"].map(list)) == [f["properties"]["countries"] for f in features]


def test_formats_option_writes_only_what_is_asked(tmp_path):
    out = tmp_path / "gpkg-only"
    result = CliRunner().invoke(cli, ["export-data", "--out", str(out), "--formats", "gpkg"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["atlas.gpkg"]
    bad = CliRunner().invoke(cli, ["export-data", "--out", str(out), "--formats", "shp"])
    assert bad.exit_code == 2 and "shp" in bad.output
