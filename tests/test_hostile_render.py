"""Hostile text in every field renders as text: no tag, handler, link or template comes of it.

The browser half (tests/browser/test_hostile_in_browser.py) opens the same pages in Chromium.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

import geopandas as gpd
import pytest
from click.testing import CliRunner
from hostile import JINJA_CANARIES, PAYLOADS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from pagedata import embedded_properties

from geo.cli import cli
from geo.layout import REPO_ROOT
from geo.mapping import build_map
from geo.popups import SourceIndex, claim_popup
from geo.safe_text import html_text, markdown_text, readable_url, safe_url, script_json
from geo.sources import Source

DANGEROUS_TAGS = {"img", "svg", "iframe", "object", "embed", "form", "base", "input", "button", "b"}


class PageShape(HTMLParser):
    """Tags, event-handler attributes and link targets of a page (script bodies are opaque)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.handlers: list[tuple[str, str]] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append((tag, name))
            if name in ("href", "src") and value:
                self.hrefs.append(value)


def shape(page: str) -> PageShape:
    parser = PageShape()
    parser.feed(page)
    return parser


def export(root, tmp_path, *options) -> str:
    out = tmp_path / "map.html"
    result = CliRunner().invoke(
        cli, ["export-html", "--out", str(out), "--root", str(root), *options]
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


@pytest.fixture(
    scope="module", params=[["--linked"], ["--self-contained"]], ids=["linked", "inline"]
)
def hostile_page(request, hostile_root, tmp_path_factory):
    return export(hostile_root, tmp_path_factory.mktemp("hostile"), *request.param)


def test_no_template_is_evaluated_and_no_markup_escapes(hostile_page, request, tmp_path):
    for canary in JINJA_CANARIES:
        assert canary not in hostile_page
    page = shape(hostile_page)
    options = ["--self-contained"] if "inline" in request.node.callspec.id else ["--linked"]
    clean = shape(export(REPO_ROOT, tmp_path, *options))
    # The legend draws its own <svg> samples; no payload adds a tag of these kinds.
    for tag in DANGEROUS_TAGS:
        assert page.tags.count(tag) == clean.tags.count(tag), tag
    assert set(page.tags) <= set(clean.tags)
    assert not page.handlers
    assert all(h.startswith(("https://", "http://", "data:image", "data:font")) for h in page.hrefs)


def test_the_scripts_are_the_ones_a_clean_page_has(hostile_page, request, tmp_path):
    options = ["--self-contained"] if "inline" in request.node.callspec.id else ["--linked"]
    clean = export(REPO_ROOT, tmp_path, *options)
    # A payload that opened a <script> (or closed one early) would change the count.
    assert shape(hostile_page).tags.count("script") == shape(clean).tags.count("script")


def test_payloads_reach_the_page_verbatim_as_data(hostile_page):
    quotes = [p["popup"]["quote"] for p in embedded_properties(hostile_page, "claims")]
    for payload in (PAYLOADS[0], PAYLOADS[8], PAYLOADS[12], PAYLOADS[13]):
        assert any(payload in quote for quote in quotes), payload
    routes = embedded_properties(hostile_page, "routes")
    btc = next(p for p in routes if p["id"] == "btc_pipeline")
    assert PAYLOADS[8] in btc["tip"] and PAYLOADS[12] in btc["popup"]["title"]
    assert any(
        PAYLOADS[12] in f
        for p in embedded_properties(hostile_page, "claims")
        for f in p["popup"]["flags"]
    )


def test_check_names_what_it_questions_and_serves_the_rest(hostile_root):
    result = CliRunner().invoke(cli, ["check", "--root", str(hostile_root)])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "features" in result.stderr and "claims" in result.stderr


# --- the escaping functions, property-tested ----------------------------------------------------

TEXT = st.text(st.characters(codec="utf-8"), max_size=200) | st.sampled_from(PAYLOADS)


@given(TEXT)
@settings(max_examples=300)
def test_script_json_round_trips_and_is_inert(text):
    encoded = script_json({"quote": text, "list": [text, {"k": text}]})
    assert json.loads(encoded) == {"quote": text, "list": [text, {"k": text}]}
    for token in ("<", ">", "&", "'", "`", "${", "{{", "{%", "{#", "\u2028"):
        assert token not in encoded
    # Compiled as a Jinja template (what folium does to macro output), it stays itself.
    assert Environment().from_string(encoded).render() == encoded


@given(TEXT)
@settings(max_examples=200)
def test_html_text_is_inert_for_html_jinja_and_template_literals(text):
    escaped = html_text(text)
    assert not set("<>\"'`{}$") & set(escaped)
    # Jinja only normalises line ends; nothing else in the text is read as a template.
    rendered = Environment(keep_trailing_newline=True).from_string(escaped).render()
    assert rendered == escaped.replace("\r\n", "\n").replace("\r", "\n")


@given(TEXT)
@settings(max_examples=200)
def test_markdown_text_leaves_no_markdown_syntax(text):
    escaped = markdown_text(text)
    for token in ("](", "![", "<", "**"):
        assert token not in escaped.replace("\\" + token[0], "")
    assert "\n" not in escaped


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.org/a", True),
        ("http://example.org", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<script>", False),
        ("https://example.org/a\n", False),
        (" https://example.org", False),
        ("https:///nohost", False),
        ("//example.org", False),
        (None, False),
    ],
)
def test_safe_url_keeps_only_http_links(url, kept):
    assert (safe_url(url) is not None) is kept


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        # Percent-escaped Cyrillic is shown as the letters a reader would type.
        ("https://ru.wikipedia.org/wiki/%D0%A3%D0%B4%D0%B6%D0%B0%D1%80", "https://ru.wikipedia.org/wiki/Уджар"),
        # ASCII escapes keep their meaning: shown as they are.
        ("https://x.org/a%2Fb%20c", "https://x.org/a%2Fb%20c"),
        # A right-to-left override would make the shown address lie about the link.
        ("https://x.org/a%E2%80%AEgpj.exe", "https://x.org/a%E2%80%AEgpj.exe"),
        # Not UTF-8: left escaped.
        ("https://x.org/%FF%FE", "https://x.org/%FF%FE"),
    ],
)  # fmt: skip
def test_readable_url_decodes_letters_only(url, shown):
    assert readable_url(url) == shown


# --- random text in every field of a small map ---------------------------------------------------


@pytest.fixture(scope="module")
def small_map_inputs(repo_atlas):
    features = repo_atlas.features[repo_atlas.features["id"].isin(["btc_pipeline", "aktau_port"])]
    claims = repo_atlas.claims[repo_atlas.claims.geometry.notna()].iloc[:2]
    countries = gpd.GeoDataFrame(
        {"iso3": ["AZE"], "name": ["Azerbaijan"]},
        geometry=[features.geometry.iloc[0].buffer(0.5)],
        crs="EPSG:4326",
    )
    return features, claims, countries


def _page_for(text: str, inputs) -> str:
    features, claims, countries = inputs
    features = features.copy()
    for column in ("name", "notes", "capacity", "operator"):
        features[column] = text
    features["sources"] = [[{"title": text, "url": "https://example.org"}]] * len(features)
    claims = claims.copy()
    claims["quote"] = text
    claims["places"] = [[text]] * len(claims)
    claims["flags"] = [[text]] * len(claims)
    source = Source(
        id=claims["source_id"].iloc[0],
        file="x.txt",
        title=text,
        publisher=text,
        author=text,
        url="https://example.org",
        date=text,
        language="en",
        perspective=text,
    )
    sources = {sid: source for sid in claims["source_id"]}
    m, _ = build_map(features, claims, sources, countries, tiles=False)
    return m.get_root().render()


@given(text=TEXT)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_random_text_in_every_field_never_changes_the_page_structure(text, small_map_inputs):
    baseline = shape(_page_for("plain words", small_map_inputs))
    page_text = _page_for(text, small_map_inputs)
    page = shape(page_text)
    assert page.tags == baseline.tags
    assert page.handlers == baseline.handlers
    claims = embedded_properties(page_text, "claims")
    assert claims and all(p["popup"]["quote"] == text for p in claims)


def test_claim_popup_keeps_only_http_links():
    source = Source(
        id="s",
        file="x",
        title="t",
        publisher=None,
        author=None,
        url="javascript:alert(1)",
        date=None,
        language=None,
        perspective=None,
    )
    claim = {"id": "c", "source_id": "s", "quote": "q", "topic": "energy", "feature_ids": []}
    assert claim_popup(claim, source, SourceIndex(), {})["cite"]["url"] is None
