"""CSV exports neutralise cells a spreadsheet would run as formulas; JSON stays verbatim."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from click.testing import CliRunner

from geo.cli import cli
from geo.export import neutralise

FORMULA = '=HYPERLINK("https://evil.example/x","click")'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(text, expected):
    assert neutralise(text) == expected


@pytest.fixture
def hostile_export(clean_root, tmp_path):
    """Export a root whose source metadata and claim quote start like formulas."""
    sources_file = clean_root / "seeds" / "sources.json"
    records = json.loads(sources_file.read_text("utf-8"))
    record = records[0]
    article = clean_root / record["file"]
    quote = f"{FORMULA} says the Clean test pipeline is ready."
    with open(article, "a", encoding="utf-8", newline="") as handle:
        handle.write(f"\n{quote}")
    text = article.read_text("utf-8")
    start = text.index(quote)
    record.update(
        sha256=hashlib.sha256(article.read_bytes()).hexdigest(),
        title="=cmd|' /C calc'!A0",
        publisher="@evil",
        author="-1+2",
    )
    sources_file.write_text(json.dumps(records), "utf-8")
    claims_file = next((clean_root / "data" / "claims").glob("*.json"))
    claims = json.loads(claims_file.read_text("utf-8"))
    claims.append(
        {
            **claims[0],
            "id": "clean-02",
            "quote": quote,
            "start": start,
            "end": start + len(quote),
            "flags": ["+flag: starts with a plus"],
        }
    )
    claims_file.write_text(json.dumps(claims), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["export-data", "--out", str(out), "--root", str(clean_root)])
    assert result.exit_code == 0, result.output
    return out, quote


def _rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def test_sources_csv_neutralises_formula_cells(hostile_export):
    out, _ = hostile_export
    (row,) = _rows(out / "sources.csv")
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert row["publisher"] == "'@evil"
    assert row["author"] == "'-1+2"
    assert row["url"].startswith("https://")


def test_claims_csv_neutralises_formula_cells_but_not_numbers(hostile_export):
    out, quote = hostile_export
    row = next(r for r in _rows(out / "claims.csv") if r["id"] == "clean-02")
    assert row["quote"] == "'" + quote
    assert row["flags"].startswith("'+flag")
    assert row["start"].isdigit() and row["end"].isdigit()
    assert float(row["lon"]) and float(row["lat"])


def test_json_exports_keep_the_text_verbatim(hostile_export):
    out, quote = hostile_export
    claims = json.loads((out / "claims.geojson").read_text("utf-8"))
    props = next(f["properties"] for f in claims["features"] if f["properties"]["id"] == "clean-02")
    assert props["quote"] == quote
    assert props["flags"][0] == "+flag: starts with a plus"
