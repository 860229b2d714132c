"""One HTML file for a report: title, the map of the current view, and its numbered sources."""

from __future__ import annotations

import html
from datetime import date

from geo.atlas import Atlas
from geo.boundaries import load_countries, read_metadata
from geo.filters import View, apply_view
from geo.map_elements import AfterMap, HtmlBlock, stable_ids
from geo.mapping import build_map
from geo.safe_text import safe_url

DEFAULT_TITLE = "Corridor Atlas: Caspian transport and energy corridors"

PAGE_STYLE = """
<style>
html, body { height: auto; }
body { margin: 0; font-family: system-ui, sans-serif; color: #222; }
.atlas-report-head { padding: 10px 16px 6px; border-bottom: 1px solid #ddd; }
.atlas-report-head h1 { font-size: 20px; margin: 0 0 2px; }
.atlas-report-head p { margin: 0; color: #555; font-size: 13px; }
.folium-map { height: 78vh !important; position: relative !important; }
.atlas-report-sources { padding: 8px 16px 24px; font-size: 13px; }
.atlas-report-sources h2 { font-size: 15px; margin: 6px 0; }
.atlas-report-sources ol { padding-left: 0; list-style: none; }
.atlas-report-sources li { margin: 2px 0; }
</style>
"""


def _view_summary(view: View, n_features: int, n_claims: int) -> str:
    parts = [f"{n_features} features", f"{n_claims} claims"]
    for label, values in (
        ("routes", view.systems),
        ("topics", view.topics),
        ("sources", view.sources),
        ("status", view.statuses),
        ("countries", view.countries),
    ):
        if values is not None:
            parts.append(f"{label}: {', '.join(values) or 'none'}")
    if view.text.strip():
        parts.append(f"search: “{view.text.strip()}”")
    return " · ".join(parts)


def _sources_block(index, attribution: str) -> str:
    items = []
    for n, title, url in index.items():
        link = safe_url(url)
        text = html.escape(title or url or "")
        if link:
            text = (
                f'<a href="{html.escape(link)}" rel="noopener noreferrer">{text}</a>'
                f" <small>{html.escape(link)}</small>"
            )
        items.append(f'<li id="src-{n}">[{n}] {text}</li>')
    return (
        '<section class="atlas-report-sources"><h2>Sources cited on this map</h2>'
        f"<ol>{''.join(items)}</ol><p>{html.escape(attribution)} Geometry lengths are "
        "geodesic (WGS84); each feature's popup says how its line was drawn.</p></section>"
    )


def export_html(
    atlas: Atlas,
    view: View | None = None,
    *,
    title: str | None = None,
    self_contained: bool = False,
    tiles: bool | None = None,
    location: tuple[float, float] | None = None,
    zoom: int | None = None,
    exported: date | None = None,
) -> str:
    """Render the view as one HTML page: heading, the map, and the sources it cites.

    The page is assembled from branca elements; every text from the data is escaped for the
    place it lands in and never reaches a template as code. Element ids are numbered by
    position, so the same inputs give the same bytes.

    Parameters
    ----------
    atlas : Atlas
        Loaded data.
    view : View, optional
        Filters; everything by default.
    title : str, optional
        Page heading; a default naming the atlas otherwise.
    self_contained : bool
        Inline every JS and CSS file and turn no tile layer on, so the page makes no network
        request at all.
    tiles : bool, optional
        Offer tile layers. Defaults to True for a linked page and False for a self-contained
        one; when offered in a self-contained page they stay off until the reader picks one.
    location, zoom : optional
        Initial centre and zoom (the app passes the user's current view).
    exported : date, optional
        The export date printed under the heading; today by default.

    Returns
    -------
    str
        The HTML document.
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
    heading = html.escape(title or DEFAULT_TITLE)
    figure = m.get_root()
    figure.header.add_child(HtmlBlock(f"<title>{heading}</title>{PAGE_STYLE}"), name="title")
    day = (exported or date.today()).isoformat()
    # Added to the page body before the map renders its div, so it comes first.
    figure.html.add_child(
        HtmlBlock(
            f'<header class="atlas-report-head"><h1>{heading}</h1>'
            f"<p>{html.escape(_view_summary(view, len(features), len(claims)))}"
            f" · exported {day}</p></header>"
        ),
        name="report_head",
    )
    AfterMap(HtmlBlock(_sources_block(index, meta["attribution"]))).add_to(m)
    stable_ids(figure)
    return figure.render()
