"""The Streamlit app through AppTest: widgets, filters, the URL and the warning banner."""

from __future__ import annotations

import json
import shutil

import pytest
from streamlit.testing.v1 import AppTest

from geo.layout import REPO_ROOT

APP = str(REPO_ROOT / "app.py")


def _claims_heading(at: AppTest) -> str:
    return next(m.value for m in at.markdown if "Claims in view" in m.value)


@pytest.fixture()
def app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120)


def test_app_runs_with_every_filter_and_no_exception(app):
    app.run()
    assert not app.exception
    labels = [m.label for m in app.multiselect]
    assert labels == ["Route systems", "Claim topics", "Sources", "Status", "Countries crossed"]
    assert app.text_input(key="q").label == "Search quotes"
    assert "Claims in view (" in _claims_heading(app)
    assert not app.warning  # the bundled data is valid


def test_query_params_set_the_view_and_widgets_write_them_back(app):
    app.query_params["topics"] = "energy"
    app.run()
    assert app.multiselect(key="topics").value == ["energy"]
    energy = _claims_heading(app)
    app.multiselect(key="topics").set_value(["security"]).run()
    assert app.query_params["topics"] == ["security"] or app.query_params["topics"] == "security"
    assert _claims_heading(app) != energy


def test_text_search_narrows_the_claims(app):
    app.run()
    everything = _claims_heading(app)
    app.text_input(key="q").set_value("tons").run()
    narrowed = _claims_heading(app)
    assert narrowed != everything
    assert int(narrowed.split("(")[1].split(" ")[0]) >= 1


def test_selecting_a_route_lists_its_claims_with_the_quote_marked(app):
    app.query_params["route"] = "btc_pipeline"
    app.run()
    assert not app.exception
    html = "".join(m.value for m in app.html)
    assert "<mark>" in html and "Baku-Tbilisi-Ceyhan" in html


def test_invalid_data_shows_a_banner_and_the_rest_still_serves(tmp_path, monkeypatch):
    root = tmp_path / "root"
    shutil.copytree(REPO_ROOT / "data", root / "data")
    shutil.copytree(REPO_ROOT / "seeds", root / "seeds")
    claims = root / "data" / "claims" / "sp_go_around_russia.json"
    records = json.loads(claims.read_text(encoding="utf-8"))
    records[0]["quote"] = "A sentence the article never wrote."
    claims.write_text(json.dumps(records), encoding="utf-8")
    monkeypatch.setenv("CORRIDORS_ROOT", str(root))
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    assert not at.exception
    assert at.warning and "1 invalid record skipped" in at.warning[0].value
    assert "Claims in view (" in _claims_heading(at)


def test_downloads_table_and_charts_are_offered(app):
    app.run()
    labels = [button.label for button in app.get("download_button")]
    assert labels == ["HTML (offline)", "PDF", "PNG", "Data as GeoJSON", "Claims as CSV"]
    table = app.dataframe[0].value
    assert {"quote", "topic", "routes and ports", "flags", "source", "link"} <= set(table.columns)
    assert table["link"].str.startswith("http").all()
    # Names, not internal ids.
    assert not table["routes and ports"].str.contains("btc_pipeline").any()
    assert table["routes and ports"].str.contains("Baku–Tbilisi–Ceyhan").any()
    assert table["flags"].str.contains("Place put in the wrong country").any()
    assert any("Claims per topic" in m.value for m in app.markdown)


def test_filtering_routes_narrows_the_claims_table(app):
    app.run()
    everything = len(app.dataframe[0].value)
    app.multiselect(key="systems").set_value(["btc_pipeline"]).run()
    assert app.query_params["systems"] in (["btc_pipeline"], "btc_pipeline")
    assert 0 < len(app.dataframe[0].value) < everything


def test_hostile_or_unknown_url_parameters_are_dropped(app):
    for key, value in {
        "systems": "zzz",
        "sources": "x",
        "topics": "`${alert(1)}`",
        "status": "<b>",
        "q": "{{7*7}}",
        "route": "<img src=x onerror=alert(1)>",
    }.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception
    assert any("No claim matches" in m.value for m in app.markdown)


def test_all_none_and_only_this_set_the_route_systems(app):
    app.query_params["route"] = "scp_pipeline"
    app.run()
    app.button(key="sys_none").click().run()
    assert app.multiselect(key="systems").value == []
    app.button(key="sys_only").click().run()
    assert app.multiselect(key="systems").value == ["southern_gas_corridor"]
    app.button(key="sys_all").click().run()
    assert len(app.multiselect(key="systems").value) >= 8


def test_flagged_only_keeps_the_flagged_claims(app):
    app.run()
    app.toggle(key="flagged").set_value(True).run()
    assert app.query_params["flagged"] in (["1"], "1")
    table = app.dataframe[0].value
    assert len(table) >= 1 and (table["flags"] != "").all()


def test_route_panel_shows_each_paragraph_once_with_all_its_quotes(app):
    app.query_params["route"] = "btc_pipeline"
    app.run()
    paragraphs = [h.value for h in app.html if "atlas-para" in h.value]
    assert len(paragraphs) == len(set(paragraphs))
    assert any(p.count("<mark>") > 1 for p in paragraphs)
