"""One HTML file for a report: title, subtitle, the map framed to its features, its legend,
the claims it shows and the sources it cites (articles first, references apart).

The page is assembled from branca elements; every text from the data is escaped with
:func:`html.escape` for the HTML it lands in and never reaches a template as code.
"""

from __future__ import annotations

import html
from datetime import date

import geopandas as gpd

from geo.atlas import Atlas
from geo.boundaries import load_countries, read_metadata
from geo.filters import View, apply_view, short_name, system_names
from geo.map_elements import AfterMap, HtmlBlock, stable_ids
from geo.map_style import TOPIC_COLOURS, legend_entries, legend_html
from geo.mapping import build_map, map_credits
from geo.popups import SourceIndex, flag_text
from geo.safe_text import readable_url, safe_url
from geo.sources import Source

DEFAULT_TITLE = "Corridor Atlas: Caspian transport and energy corridors"
CLAIMS_PART_ROWS = 100

PAGE_STYLE = """
<style>
html, body { height: auto; }
body { margin: 0; font-family: system-ui, sans-serif; color: #222; }
.atlas-report-head { padding: 10px 16px 6px; border-bottom: 1px solid #ddd; }
.atlas-report-head h1 { font-size: 20px; margin: 0 0 2px; }
.atlas-report-head p { margin: 0; color: #555; font-size: 13px; }
.atlas-report-head .atlas-subtitle { color: #222; font-size: 14px; margin-bottom: 2px; }
.folium-map { height: 72vh !important; position: relative !important; }
.atlas-report-body { padding: 8px 16px 24px; font-size: 13px; }
.atlas-report-body h2 { font-size: 15px; margin: 12px 0 6px; }
.atlas-report-body ol { padding-left: 0; list-style: none; margin: 0; }
.atlas-report-body li { margin: 2px 0; overflow-wrap: anywhere; }
.atlas-report-legend { display: none; }
.atlas-report-legend .atlas-legend { box-shadow: none; max-height: none; max-width: none;
  columns: 3; padding: 0; }
.atlas-report-legend details > summary { display: none; }
/* The claims list is cut into parts the browser lays out only when they scroll into view:
   one 10,000-row table took longer to lay out than the map took to draw. Fixed columns keep
   the parts aligned as one table. */
.atlas-claims-part { content-visibility: auto; contain-intrinsic-size: auto 3000px; }
.atlas-claims { table-layout: fixed; width: 100%; border-spacing: 0; }
.atlas-claims td { padding: 3px 8px 3px 0; vertical-align: top; overflow-wrap: anywhere; }
.atlas-claims .n { white-space: nowrap; color: #555; width: 4em; }
.atlas-claims .t { width: 7em; }
.atlas-claims .flag { color: #a50f15; }
.atlas-credit { color: #555; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  .folium-map { height: 150mm !important; break-inside: avoid; }
  .leaflet-control-zoom, .leaflet-control-layers, .leaflet-control-fullscreen,
  .leaflet-control-measure, .leaflet-control-scale, #atlas-legend { display: none !important; }
  .atlas-report-legend { display: block; break-inside: avoid; }
  .atlas-report-body a { color: #222; text-decoration: none; }
  .atlas-claims tr { break-inside: avoid; }
}
</style>
"""


def view_summary(atlas: Atlas, view: View, n_features: int, n_claims: int) -> str:
    """The filters of a view in words, with names, not ids."""
    names = {
        **system_names(atlas.features),
        **dict(zip(atlas.features["id"], atlas.features["name"], strict=True)),
    }
    parts = [f"{n_features} features", f"{n_claims} claims"]

    def source_name(source_id: str) -> str:
        source = atlas.sources.get(source_id)
        return (
            f"{source.publisher}: {source.label}"
            if source and source.publisher
            else (source.label if source else source_id)
        )

    for label, values, name in (
        ("routes", view.systems, lambda v: short_name(names.get(v, v))),
        ("topics", view.topics, str),
        ("sources", view.sources, source_name),
        ("status", view.statuses, str),
        ("countries crossed", view.countries, str),
    ):
        if values is not None:
            parts.append(f"{label}: {', '.join(name(v) for v in values) or 'none'}")
    if view.text.strip():
        parts.append(f"search: “{view.text.strip()}”")
    return " · ".join(parts)


def _source_items(index: SourceIndex, kind: str) -> str:
    items = []
    for n, title, url in index.items(kind):
        link = safe_url(url)
        text = html.escape(title or url or "")
        if link:
            text = (
                f'<a href="{html.escape(link)}" rel="noopener noreferrer">{text}</a>'
                f" <small>{html.escape(readable_url(link))}</small>"
            )
        items.append(f'<li id="src-{n}">[{n}] {text}</li>')
    return "".join(items)


def _claims_table(claims: gpd.GeoDataFrame, sources: dict[str, Source], index) -> str:
    """The claims drawn on the map: quote, source number, flags in words."""
    placed = claims[claims.geometry.notna()].sort_values(["source_id", "start"])
    numbers: dict[str, str] = {}  # an article's "[n]", looked up once, not once per claim
    for source_id in dict.fromkeys(placed["source_id"]):
        source = sources.get(source_id)
        numbers[source_id] = (
            f"[{index.number(source.label, safe_url(source.url), 'article')}]" if source else ""
        )
    rows = []
    for source_id, quote, topic, claim_flags in zip(
        placed["source_id"].tolist(),
        placed["quote"].tolist(),
        placed["topic"].tolist(),
        placed["flags"].tolist(),
        strict=True,
    ):
        flags = "".join(
            f'<div class="flag">⚠ {html.escape(flag_text(f))}</div>' for f in claim_flags or []
        )
        rows.append(
            f'<tr><td class="n">{numbers[source_id]}</td>'
            f"<td>“{html.escape(quote)}”{flags}</td>"
            f'<td class="n t">{html.escape(topic)}</td></tr>'
        )
    if not rows:
        return "<p>No claim is shown on this map.</p>"
    return "".join(
        f'<div class="atlas-claims-part"><table class="atlas-claims">'
        f"{''.join(rows[start : start + CLAIMS_PART_ROWS])}</table></div>"
        for start in range(0, len(rows), CLAIMS_PART_ROWS)
    )


def _body(atlas, features, claims, index, attribution: str, credits: str) -> str:
    legend = legend_html(legend_entries(features), TOPIC_COLOURS, open_=True)
    articles = _source_items(index, "article")
    references = _source_items(index, "reference")
    return (
        '<section class="atlas-report-body">'
        f'<div class="atlas-report-legend"><div class="atlas-legend">{legend}</div></div>'
        f'<p class="atlas-credit">{html.escape(credits)}</p>'
        f"<h2>Claims shown on this map ({len(claims[claims.geometry.notna()])})</h2>"
        f"{_claims_table(claims, atlas.sources, index)}"
        + (f"<h2>Articles</h2><ol>{articles}</ol>" if articles else "")
        + (f"<h2>References for routes and places</h2><ol>{references}</ol>" if references else "")
        + f"<p>{html.escape(attribution)} Geometry lengths are geodesic (WGS84); each "
        "feature's popup says how its line was drawn.</p></section>"
    )


def _frame(features: gpd.GeoDataFrame) -> list[list[float]] | None:
    drawn = features[features["kind"] != "corridor"].geometry.dropna()
    if drawn.empty:
        return None
    west, south, east, north = drawn.total_bounds
    return [[float(south), float(west)], [float(north), float(east)]]


def export_html(
    atlas: Atlas,
    view: View | None = None,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    self_contained: bool = False,
    tiles: bool | None = None,
    location: tuple[float, float] | None = None,
    zoom: int | None = None,
    bounds: tuple[float, float, float, float] | None = None,
    exported: date | None = None,
) -> str:
    """Render the view as one report page.

    Parameters
    ----------
    atlas : Atlas
        Loaded data.
    view : View, optional
        Filters; everything by default.
    title, subtitle : str, optional
        Page heading (a default naming the atlas otherwise) and a line under it.
    self_contained : bool
        Inline every JS and CSS file and turn no tile layer on, so the page makes no network
        request at all.
    tiles : bool, optional
        Offer tile layers. Defaults to True for a linked page and False for a self-contained
        one; when offered in a self-contained page they stay off until the reader picks one.
    location, zoom : optional
        Initial centre and zoom (the app passes the user's current view).
    bounds : tuple, optional
        ``(south, west, north, east)`` to frame; by default a narrowed view is framed to its
        features, and the whole region is shown otherwise.
    exported : date, optional
        The export date printed under the heading; today by default.

    Returns
    -------
    str
        The HTML document; the same inputs give the same bytes.
    """
    view = view or View()
    features, claims = apply_view(atlas, view)
    countries = load_countries(atlas.layout.countries_file)
    meta = read_metadata(atlas.layout.countries_file)
    offer_tiles = (not self_contained) if tiles is None else tiles
    m, index = build_map(
        features,
        claims,
        atlas.sources,
        countries,
        all_features=atlas.features,
        asset_mode="inline" if self_contained else "cdn",
        tiles=offer_tiles,
        show_tiles=offer_tiles and not self_contained,
        location=location,
        zoom=zoom,
    )
    restricted = any(v is not None for v in (view.systems, view.statuses, view.countries))
    frame = [[bounds[0], bounds[1]], [bounds[2], bounds[3]]] if bounds else None
    if frame is None and restricted and location is None:
        frame = _frame(features)
    if frame is not None:
        m.fit_bounds(frame, padding=(24, 24))
    heading = html.escape(title or DEFAULT_TITLE)
    figure = m.get_root()
    figure.header.add_child(HtmlBlock(f"<title>{heading}</title>{PAGE_STYLE}"), name="title")
    day = (exported or date.today()).isoformat()
    sub = f'<p class="atlas-subtitle">{html.escape(subtitle)}</p>' if subtitle else ""
    # Added to the page body before the map renders its div, so it comes first.
    figure.html.add_child(
        HtmlBlock(
            f'<header class="atlas-report-head"><h1>{heading}</h1>{sub}'
            f"<p>{html.escape(view_summary(atlas, view, len(features), len(claims)))}"
            f" · exported {day}</p></header>"
        ),
        name="report_head",
    )
    body = _body(
        atlas, features, claims, index, meta["attribution"], map_credits(features, short=False)
    )
    AfterMap(HtmlBlock(body)).add_to(m)
    stable_ids(figure)
    return figure.render()
