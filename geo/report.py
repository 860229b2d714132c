"""One HTML file for a report: title, the map of the current view, and its numbered sources."""

from __future__ import annotations

import html
from datetime import date

from geo.assets import inline_assets
from geo.atlas import Atlas
from geo.boundaries import load_countries, read_metadata
from geo.filters import View, apply_view
from geo.mapping import build_map

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


def export_html(
    atlas: Atlas,
    view: View | None = None,
    *,
    title: str | None = None,
    self_contained: bool = False,
    tiles: bool | None = None,
    location: tuple[float, float] | None = None,
    zoom: int | None = None,
) -> str:
    """Render the view as one HTML page.

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

    Returns
    -------
    str
        The HTML document.
    """
    view = view or View()
    features, claims = apply_view(atlas, view)
    countries = load_countries(atlas.layout.countries_file)
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
    page = m.get_root().render()
    heading = html.escape(title or DEFAULT_TITLE)
    meta = read_metadata(atlas.layout.countries_file)
    head = (
        f'<header class="atlas-report-head"><h1>{heading}</h1>'
        f"<p>{html.escape(_view_summary(view, len(features), len(claims)))}"
        f" · exported {date.today().isoformat()}</p></header>"
    )
    items = "".join(
        f'<li id="src-{n}">[{n}] '
        + (
            f'<a href="{html.escape(url)}" rel="noopener noreferrer">{html.escape(t)}</a>'
            if url
            else html.escape(t)
        )
        + (f" <small>{html.escape(url)}</small>" if url else "")
        + "</li>"
        for n, t, url in index.items()
    )
    footer = (
        '<section class="atlas-report-sources"><h2>Sources cited on this map</h2>'
        f"<ol>{items}</ol><p>{html.escape(meta['attribution'])} Geometry lengths are geodesic "
        "(WGS84); each feature's popup says how its line was drawn.</p></section>"
    )
    page = page.replace("<title>", f"<title>{heading}", 1) if "<title>" in page else page
    page = page.replace("</head>", f"<title>{heading}</title>{PAGE_STYLE}</head>", 1)
    page = page.replace("<body>", f"<body>{head}", 1)
    page = page.replace("</body>", f"{footer}</body>", 1)
    if self_contained:
        page = inline_assets(page)
    return page
