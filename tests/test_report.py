"""The report page: framed to its features, filters in words, claims and sources listed apart."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner
from pagedata import embedded_properties, feature_ids

from geo.cli import cli
from geo.filters import View, apply_view
from geo.report import export_html


@pytest.fixture(scope="module")
def btc_report(repo_atlas):
    return export_html(
        repo_atlas,
        View(systems=("btc_pipeline",)),
        title="BTC briefing",
        subtitle="For the Q4 energy note",
    )


def test_a_narrowed_report_keeps_only_the_ports_its_route_reaches(btc_report, repo_atlas):
    drawn = feature_ids(btc_report)
    assert {"btc_pipeline", "ceyhan_terminal", "sangachal_terminal"} <= drawn
    assert not {"poti_port", "odesa_port", "constanta_port", "aktau_port"} & drawn


def test_a_narrowed_report_is_framed_to_its_features(btc_report, repo_atlas):
    bounds = re.search(r"\.fitBounds\(\s*(\[\[.*?\]\])", btc_report, re.S)
    assert bounds, "no fitBounds in the page"
    (south, west), (north, east) = json.loads(bounds.group(1))
    line = repo_atlas.catalog.get("btc_pipeline")["geometry"].bounds
    assert west <= line[0] and east >= line[2] and south <= line[1] and north >= line[3]
    assert east - west < 15  # not the whole region


def test_the_subtitle_names_the_filters_in_words(btc_report):
    assert "For the Q4 energy note" in btc_report
    assert "routes: Baku–Tbilisi–Ceyhan" in btc_report
    assert "routes: btc_pipeline" not in btc_report


def test_claims_on_the_map_are_listed_with_their_source_numbers(btc_report, repo_atlas):
    _, claims = apply_view(repo_atlas, View(systems=("btc_pipeline",)))
    placed = claims[claims.geometry.notna()]
    assert f"Claims shown on this map ({len(placed)})" in btc_report
    drawn = {p["id"] for p in embedded_properties(btc_report, "claims")}
    assert drawn == set(placed["id"])
    listed = re.findall(r'<tr><td class="n">\[(\d+)\]</td>', btc_report)
    assert len(listed) == len(placed)


def test_articles_come_first_and_references_apart(btc_report):
    articles = btc_report.index("<h2>Articles</h2>")
    references = btc_report.index("<h2>References for routes and places</h2>")
    assert articles < references
    numbers = [int(n) for n in re.findall(r'<li id="src-(\d+)">', btc_report)]
    assert numbers == sorted(numbers) and numbers[0] == 1


def test_print_layout_hides_controls_and_shows_the_legend_below(btc_report):
    print_css = btc_report[btc_report.index("@media print") :]
    for control in (".leaflet-control-zoom", ".leaflet-control-layers", "#atlas-legend"):
        assert control in print_css[: print_css.index("</style>")]
    assert 'class="atlas-report-legend"' in btc_report


def test_bounds_option_frames_the_map(tmp_path):
    out = tmp_path / "map.html"
    result = CliRunner().invoke(cli, ["export-html", "--out", str(out), "--bounds", "38,40,44,52"])
    assert result.exit_code == 0, result.output
    assert re.search(r"fitBounds\(\s*\[\[38\.0,\s*40\.0\],\s*\[44\.0,\s*52\.0\]\]", out.read_text())


@pytest.mark.parametrize("value", ["1,2,3", "44,40,38,52", "a,b,c,d"])
def test_bad_bounds_are_refused(tmp_path, value):
    result = CliRunner().invoke(
        cli, ["export-html", "--out", str(tmp_path / "m.html"), "--bounds", value]
    )
    assert result.exit_code == 2 and "--bounds" in result.output
