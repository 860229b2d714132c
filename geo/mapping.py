"""The Folium map, shared by the app and the HTML export.

One public function, :func:`build_map`, draws routes (a layer per route system), ports and
terminals, claims (a clustered layer per topic) and a country base layer, with a legend,
cited popups and fullscreen, measure and scale controls. All article text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

import folium
import geopandas as gpd
import shapely
from branca.element import Element, MacroElement, Template
from folium import plugins

from geo.assets import asset_url
from geo.filters import route_systems, short_name, system_names
from geo.join import claims_by_feature
from geo.sources import Source

MODE_COLOURS = {
    "crude_oil": "#8c2d04",
    "natural_gas": "#e6550d",
    "rail": "#2166ac",
    "ferry": "#01857a",
    "sea": "#35978f",
    "road": "#8c6d31",
    "cable": "#762a83",
}
STATUS_DASH = {
    "operating": None,
    "construction": "10 6",
    "proposed": "2 7",
    "shelved": "2 7",
    "idle": "6 4 2 4",
    "mothballed": "6 4 2 4",
    "cancelled": "1 9",
    "retired": "1 9",
}
STATUS_OPACITY = {"operating": 0.9, "construction": 0.85}
TOPIC_COLOURS = {
    "transport": "#2166ac",
    "energy": "#b35806",
    "security": "#4d4d4d",
    "diplomacy": "#5e3c99",
    "economy": "#1b7837",
    "digital": "#c51b7d",
}
POINT_COLOURS = {"port": "#08306b", "terminal": "#8c2d04"}
COUNTRY_STYLE = {"fillColor": "#f3efe6", "color": "#8a8a8a", "weight": 0.7, "fillOpacity": 1.0}
SEA_COLOUR = "#d7e6f2"
DEFAULT_CENTRE = (41.5, 47.0)
DEFAULT_ZOOM = 5
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"
POSITRON_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
POSITRON_ATTRIBUTION = "&copy; OpenStreetMap contributors &copy; CARTO"
NE_ATTRIBUTION = "Boundaries: Natural Earth (public domain)"


def line_colour(mode: str | None, commodity: str | None) -> str:
    """Colour of a route by its mode (pipelines by commodity)."""
    if mode == "pipeline":
        return MODE_COLOURS["natural_gas" if commodity == "natural_gas" else "crude_oil"]
    return MODE_COLOURS.get(mode or "", "#555555")


def line_style(feature: dict) -> dict:
    """Leaflet path style for a route: colour by mode, dashes and opacity by status."""
    status = feature.get("status")
    mode = feature.get("mode")
    return {
        "color": line_colour(mode, feature.get("commodity")),
        "weight": 2.5 if mode in ("sea", "ferry", "cable") else 3.5,
        "opacity": STATUS_OPACITY.get(status, 0.65),
        "dashArray": STATUS_DASH.get(status),
    }


def _e(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _km(value) -> str:
    return "unknown" if value is None else f"{value:,.0f} km"


class SourceIndex:
    """Numbers every cited source once, so popups and the export's list agree."""

    def __init__(self):
        self.entries: dict[tuple[str, str], int] = {}

    def number(self, title: str, url: str) -> int:
        key = (url or "", title or "")
        if key not in self.entries:
            self.entries[key] = len(self.entries) + 1
        return self.entries[key]

    def items(self) -> list[tuple[int, str, str]]:
        return [(n, title, url) for (url, title), n in self.entries.items()]


def _link(url: str | None, text: str) -> str:
    if not url:
        return _e(text)
    return f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{_e(text)}</a>'


def _published(feature: dict, index: SourceIndex) -> str:
    value = feature.get("published_length_km")
    if not value:
        return "not published"
    source = feature.get("published_length_source") or {}
    cite = f" [{index.number(source['title'], source['url'])}]" if source.get("url") else ""
    return f"{_km(value)}{cite}"


def feature_popup_html(
    feature: dict, index: SourceIndex, names: dict[str, str], claim_counts: dict | None = None
) -> str:
    """Popup of a route, port or terminal: its facts, claim count and numbered source links."""
    counts = claim_counts or {}
    said = counts.get(feature["id"], 0)
    parent = feature.get("corridor")
    if parent:
        said_text = f"{said} about this leg, {counts.get(parent, 0)} about the corridor"
    else:
        said_text = f"{said}"
    rows = [
        ("Kind", feature.get("kind")),
        ("Mode", feature.get("mode")),
        ("Status", feature.get("status")),
        ("Length (geodesic)", _km(feature.get("length_km")) if feature.get("length_km") else None),
        ("Published length", _published(feature, index)),
        ("Countries", ", ".join(feature.get("countries") or []) or None),
        (
            "Bypasses Russia",
            None
            if feature.get("bypasses_russia") is None
            else ("yes" if feature["bypasses_russia"] else "no"),
        ),
        ("Capacity", feature.get("capacity") or "unknown"),
        ("Operator", feature.get("operator")),
        ("Corridor", names.get(feature.get("corridor"), feature.get("corridor"))),
        ("Geometry", feature.get("accuracy")),
        ("Claims in view", said_text),
    ]
    cells = "".join(
        f"<tr><th>{_e(label)}</th><td>{_e(value)}</td></tr>" for label, value in rows if value
    )
    sources = "".join(
        f"<li>[{index.number(s['title'], s['url'])}] {_link(s['url'], s['title'])}</li>"
        for s in feature.get("sources") or []
    )
    notes = f'<p class="atlas-notes">{_e(feature["notes"])}</p>' if feature.get("notes") else ""
    return (
        f'<div class="atlas-popup" data-feature-id="{_e(feature["id"])}">'
        f"<h4>{_e(feature['name'])}</h4><table>{cells}</table>{notes}"
        f'<p class="atlas-src-head">Sources</p><ol class="atlas-sources">{sources}</ol></div>'
    )


def claim_popup_html(
    claim: dict, source: Source | None, index: SourceIndex, names: dict[str, str]
) -> str:
    """Popup of a claim: the quote, its article with a link, features, places and flags."""
    number = index.number(source.label, source.url) if source else None
    cite = (
        f"[{number}] {_link(source.url, source.label)}"
        f"<br><span class='atlas-meta'>{_e(source.publisher or 'publisher unknown')} · "
        f"{_e(source.date or 'date unknown')}</span>"
        if source
        else _e(claim["source_id"])
    )
    features = ", ".join(_e(names.get(f, f)) for f in claim.get("feature_ids") or [])
    places = ", ".join(_e(p) for p in claim.get("places") or [])
    flags = "".join(f"<li>{_e(flag)}</li>" for flag in claim.get("flags") or [])
    flag_html = f'<div class="atlas-flags"><b>Flags</b><ul>{flags}</ul></div>' if flags else ""
    return (
        f'<div class="atlas-popup atlas-claim" data-claim-id="{_e(claim["id"])}">'
        f"<blockquote>{_e(claim['quote'])}</blockquote>"
        f'<p class="atlas-cite">{cite}</p>'
        f"<p><b>Topic</b> {_e(claim['topic'])} · <b>{_e(claim.get('origin') or 'curated')}</b></p>"
        + (f"<p><b>Concerns</b> {features}</p>" if features else "")
        + (f"<p><b>Places</b> {places}</p>" if places else "")
        + flag_html
        + "</div>"
    )


# Simplified boundaries by the frame they came from: the app rebuilds its base map on every
# rerun, and simplifying 65 countries each time cost ~150 ms. Holding the frame keeps its id
# from being reused.
_SIMPLIFIED: dict[int, tuple[gpd.GeoDataFrame, str]] = {}


def _country_geojson(countries: gpd.GeoDataFrame) -> str:
    hit = _SIMPLIFIED.get(id(countries))
    if hit is not None and hit[0] is countries:
        return hit[1]
    simple = countries[["iso3", "name", "geometry"]].copy()
    # 0.02 degrees (about 2 km) is below what the map shows at zoom 4-8; a 0.001 degree grid
    # keeps three decimals. Together they cut the base layer to a fraction of its size.
    simple["geometry"] = shapely.set_precision(
        simple.geometry.simplify(0.02, preserve_topology=True).values, 0.001
    )
    text = simple[~simple.geometry.is_empty].to_json()
    _SIMPLIFIED[id(countries)] = (countries, text)
    return text


def _country_layer(countries: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(
        name="Countries (base, no tiles needed)", overlay=True, control=True, show=True
    )
    folium.GeoJson(
        _country_geojson(countries),
        name="countries",
        style_function=lambda _: COUNTRY_STYLE,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        interactive=True,
    ).add_to(group)
    return group


def _feature_geojson(row: dict) -> dict:
    return {
        "type": "Feature",
        "geometry": row["geometry"].__geo_interface__,
        # Escaped: the tooltip plugin writes property values as HTML.
        "properties": {"id": row["id"], "name": _e(row["name"])},
    }


def _route_layers(features, index, names, counts) -> list[folium.FeatureGroup]:
    layers = []
    systems = route_systems(features)
    lines = features[~features["kind"].isin(["port", "terminal", "corridor"])]
    for system_id, system_name in system_names(features).items():
        legs = lines[[systems[fid] == system_id for fid in lines["id"]]]
        if legs.empty:
            continue
        group = folium.FeatureGroup(name=f"Route · {short_name(system_name)}", show=True)
        for row in legs.to_dict("records"):
            style = line_style(row)
            folium.GeoJson(
                _feature_geojson(row),
                style_function=lambda _, s=style: s,
                highlight_function=lambda _, s=style: {**s, "weight": s["weight"] + 3},
                # A GeoJson tooltip (a function of the feature) is what st_folium reads back
                # as the clicked object's name; GeoJsonTooltip escapes the value.
                tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
                popup=folium.Popup(
                    feature_popup_html(row, index, names, counts), max_width=380, max_height=320
                ),
            ).add_to(group)
        layers.append(group)
    return layers


def _point_layer(features, index, names, counts) -> folium.FeatureGroup | None:
    points = features[features["kind"].isin(["port", "terminal"])]
    if points.empty:
        return None
    group = folium.FeatureGroup(name="Ports and terminals", show=True)
    for row in points.to_dict("records"):
        folium.CircleMarker(
            location=(row["geometry"].y, row["geometry"].x),
            radius=6,
            color="#ffffff",
            weight=1.5,
            fill=True,
            fill_color=POINT_COLOURS.get(row["kind"], "#333333"),
            fill_opacity=0.95,
            tooltip=folium.Tooltip(_e(row["name"])),
            popup=folium.Popup(
                feature_popup_html(row, index, names, counts), max_width=380, max_height=320
            ),
        ).add_to(group)
    return group


def _waypoint_layer(features) -> folium.FeatureGroup | None:
    """The named places each line was drawn through, so a reader can judge its accuracy.

    One GeoJSON layer rather than a marker per point: it keeps the page small.
    """
    points = []
    for row in features.to_dict("records"):
        for point in row.get("waypoints") or []:
            try:
                lon, lat = float(point["lon"]), float(point["lat"])
            except (KeyError, TypeError, ValueError):
                continue
            label = _e(f"{point.get('name', '?')} · {row['name']}")
            points.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                    "properties": {"label": label},
                }
            )
    if not points:
        return None
    group = folium.FeatureGroup(name="Waypoints (how lines were drawn)", show=False)
    folium.GeoJson(
        {"type": "FeatureCollection", "features": points},
        marker=folium.CircleMarker(
            radius=3, color="#444444", weight=1, fill=True, fill_color="#ffffff", fill_opacity=1.0
        ),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
    ).add_to(group)
    return group


def _claim_icon(topic: str, flagged: bool) -> folium.DivIcon:
    css = "atlas-claim-dot flagged" if flagged else "atlas-claim-dot"
    mark = "!" if flagged else ""
    return folium.DivIcon(
        html=f'<div class="{css}" style="background:{TOPIC_COLOURS.get(topic, "#333")}">'
        f"{mark}</div>",
        icon_size=(16, 16),
        icon_anchor=(8, 8),
        class_name="atlas-claim-icon",
    )


def _claim_layers(claims, sources, index, names, asset_mode, base_url) -> list:
    layers = []
    placed = claims[claims.geometry.notna()]
    for topic in sorted(placed["topic"].unique()):
        group = folium.FeatureGroup(name=f"Claims · {topic}", show=True)
        cluster = plugins.MarkerCluster(
            options={
                "maxClusterRadius": 40,
                "spiderfyOnMaxZoom": True,
                "showCoverageOnHover": False,
            }
        )
        _localise(cluster, asset_mode, base_url)
        for row in placed[placed["topic"] == topic].to_dict("records"):
            flagged = bool(row.get("flags"))
            quote = row["quote"]
            short = quote if len(quote) <= 90 else quote[:87] + "…"
            folium.Marker(
                location=(row["geometry"].y, row["geometry"].x),
                icon=_claim_icon(topic, flagged),
                tooltip=folium.Tooltip(_e(("⚠ " if flagged else "") + short)),
                popup=folium.Popup(
                    claim_popup_html(row, sources.get(row["source_id"]), index, names),
                    max_width=420,
                    max_height=320,
                ),
            ).add_to(cluster)
        cluster.add_to(group)
        layers.append(group)
    return layers


def _localise(element, asset_mode: str, base_url: str) -> None:
    """Point an element's JS/CSS at the chosen asset source instead of folium's CDN."""
    for attr in ("default_js", "default_css"):
        entries = getattr(element, attr, [])
        localised = [(name, asset_url(name, asset_mode, base_url)) for name, _ in entries]
        setattr(element, attr, localised)


LEGEND_TEMPLATE = """
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "atlas-legend");
    div.id = "atlas-legend";
    div.innerHTML = {{ this.html_text|tojson }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
"""

STYLE = """
<style>
.leaflet-container.leaflet-container { background: %(sea)s; font-family: system-ui, sans-serif; }
.atlas-legend { background: #fff;
  padding: 8px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 12px;
  line-height: 1.45; max-height: 60vh; overflow-y: auto; }
.atlas-legend b { display: block; margin-top: 4px; }
.atlas-legend summary { cursor: pointer; font-weight: 600; }
.atlas-legend .sw { display: inline-block; width: 28px; margin: 0 6px 3px 0; }
.atlas-legend svg { margin-right: 6px; vertical-align: middle; }
.atlas-legend .dot, .atlas-claim-dot { display: inline-block; width: 12px; height: 12px;
  border-radius: 50%%; border: 2px solid #fff; box-shadow: 0 0 0 1px rgba(0,0,0,.35);
  margin-right: 6px; vertical-align: middle; color: #fff; font: bold 10px/12px sans-serif;
  text-align: center; }
.atlas-claim-dot { width: 12px; height: 12px; }
.atlas-claim-dot.flagged, .atlas-legend .dot.flagged { background: #d7191c !important;
  box-shadow: 0 0 0 3px rgba(215,25,28,.35); }
.atlas-claim-icon { background: transparent; border: 0; }
.leaflet-control-layers { font-size: 12px; line-height: 1.3; }
.leaflet-control-layers label { margin: 0; }
.atlas-popup h4 { margin: 0 0 6px; font-size: 14px; }
.atlas-popup table { border-collapse: collapse; font-size: 12px; }
.atlas-popup th { text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600; }
.atlas-popup blockquote { margin: 0 0 6px; padding-left: 8px; border-left: 3px solid #888;
  font-style: italic; }
.atlas-popup .atlas-meta { color: #666; font-size: 11px; }
.atlas-popup .atlas-notes { color: #555; font-size: 11px; }
.atlas-popup .atlas-src-head { margin: 6px 0 2px; font-weight: 600; }
.atlas-popup ol { padding-left: 4px; margin: 0; list-style: none; font-size: 12px; }
.atlas-flags { background: #fde0dd; padding: 4px 6px; border-radius: 4px; font-size: 12px; }
.atlas-flags ul { margin: 2px 0 0 14px; padding: 0; }
</style>
"""


class Legend(MacroElement):
    """Legend of route colours, status dashes, claim topics and flags, as a Leaflet control."""

    _template = Template(LEGEND_TEMPLATE)

    def __init__(self, topics: Iterable[str], open_: bool = True):
        super().__init__()
        self._name = "Legend"
        modes = [
            ("Oil pipeline", MODE_COLOURS["crude_oil"]),
            ("Gas pipeline", MODE_COLOURS["natural_gas"]),
            ("Railway", MODE_COLOURS["rail"]),
            ("Ferry", MODE_COLOURS["ferry"]),
            ("Sea route", MODE_COLOURS["sea"]),
            ("Road", MODE_COLOURS["road"]),
            ("Fibre-optic cable", MODE_COLOURS["cable"]),
        ]
        statuses = [
            ("operating", None),
            ("under construction", STATUS_DASH["construction"]),
            ("proposed / shelved", STATUS_DASH["proposed"]),
            ("idle / mothballed", STATUS_DASH["idle"]),
        ]
        parts = [f"<details{' open' if open_ else ''}><summary>Legend</summary><b>Routes</b>"]
        parts += [
            f'<div><span class="sw" style="border-top:4px solid {c}"></span>{_e(label)}</div>'
            for label, c in modes
        ]
        parts.append("<b>Status</b>")
        for label, dash in statuses:
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                '<div><svg width="34" height="8"><line x1="0" y1="4" x2="34" y2="4" '
                f'stroke="#333" stroke-width="3"{dash_attr}/></svg>{_e(label)}</div>'
            )
        parts.append("<b>Claims</b>")
        parts += [
            f'<div><span class="dot" style="background:{TOPIC_COLOURS.get(t, "#333")}"></span>'
            f"{_e(t)}</div>"
            for t in topics
        ]
        parts.append('<div><span class="dot flagged">!</span>flagged claim</div>')
        parts.append(
            f'<div><span class="dot" style="background:{POINT_COLOURS["port"]}"></span>port '
            f'<span class="dot" style="background:{POINT_COLOURS["terminal"]}"></span>terminal'
            "</div>"
        )
        parts.append("</details>")
        self.html_text = "".join(parts)


class MapSetup(MacroElement):
    """Zoom range and the boundary attribution; runs before any data layer is added.

    With no tile layer the map has no maxZoom, which the cluster plugin refuses.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.setMaxZoom(18);
{{ this._parent.get_name() }}.setMinZoom(3);
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
{% endmacro %}
""")

    def __init__(self, text: str):
        super().__init__()
        self._name = "MapSetup"
        self.text = text


def build_base_map(
    countries: gpd.GeoDataFrame,
    *,
    asset_mode: str = "cdn",
    base_url: str = "/app/static",
    tiles: bool = True,
    show_tiles: bool = False,
    location: tuple[float, float] | None = None,
    zoom: int | None = None,
    legend_open: bool = True,
) -> folium.Map:
    """The map without data layers: country base, optional tiles, controls and legend.

    It does not depend on the data shown, so the app can keep it (and the user's zoom and
    centre) while filters swap the data layers.
    """
    m = folium.Map(
        location=location or DEFAULT_CENTRE,
        zoom_start=zoom or DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
    )
    # Only what the map uses: Leaflet, jQuery (folium's popups) and the cluster plugin, whose
    # files must be on the page before any claim layer is added to it.
    m.default_js = [("leaflet", ""), ("jquery", ""), ("markerclusterjs", "")]
    m.default_css = [
        ("leaflet_css", ""),
        ("markerclustercss", ""),
        ("markerclusterdefaultcss", ""),
    ]
    _localise(m, asset_mode, base_url)
    MapSetup(NE_ATTRIBUTION).add_to(m)
    m.get_root().header.add_child(Element(STYLE % {"sea": SEA_COLOUR}))
    _country_layer(countries).add_to(m)
    if tiles:
        folium.TileLayer(
            POSITRON_URL,
            attr=POSITRON_ATTRIBUTION,
            name="Tiles · CartoDB Positron",
            show=show_tiles,
            overlay=False,
        ).add_to(m)
        folium.TileLayer(
            "OpenStreetMap", name="Tiles · OpenStreetMap", show=False, overlay=False
        ).add_to(m)
    for control in (
        plugins.Fullscreen(position="topleft"),
        plugins.MeasureControl(
            position="topleft",
            primary_length_unit="kilometers",
            secondary_length_unit="miles",
            primary_area_unit="sqkilometers",
        ),
    ):
        _localise(control, asset_mode, base_url)
        control.add_to(m)
    Legend(TOPIC_COLOURS, open_=legend_open).add_to(m)
    return m


def build_layers(
    features: gpd.GeoDataFrame,
    claims: gpd.GeoDataFrame,
    sources: dict[str, Source],
    *,
    all_features: gpd.GeoDataFrame | None = None,
    asset_mode: str = "cdn",
    base_url: str = "/app/static",
    waypoints: bool = True,
) -> tuple[list[folium.FeatureGroup], SourceIndex]:
    """Data layers: one per route system, ports and terminals, one per claim topic.

    Returns
    -------
    tuple
        The FeatureGroups in drawing order and the SourceIndex numbering every cited source.
    """
    everything = all_features if all_features is not None else features
    names = dict(zip(everything["id"], everything["name"], strict=True))
    index = SourceIndex()
    # Articles first, so the claims' citations get the small numbers readers look for.
    for source_id in dict.fromkeys(claims["source_id"]):
        if source_id in sources:
            index.number(sources[source_id].label, sources[source_id].url)
    counts = claims_by_feature(claims, everything).groupby("feature_id").size().to_dict()
    # A corridor is drawn as its legs; its own sources still belong in the list of citations.
    parents = set(features["corridor"].dropna())
    for parent in everything[everything["id"].isin(parents)].itertuples():
        for source in parent.sources or []:
            index.number(source["title"], source["url"])
    layers = _route_layers(features, index, names, counts)
    points = _point_layer(features, index, names, counts)
    if points is not None:
        layers.append(points)
    waypoint_layer = _waypoint_layer(features) if waypoints else None
    if waypoint_layer is not None:
        layers.append(waypoint_layer)
    layers += _claim_layers(claims, sources, index, names, asset_mode, base_url)
    return layers, index


def build_map(
    features: gpd.GeoDataFrame,
    claims: gpd.GeoDataFrame,
    sources: dict[str, Source],
    countries: gpd.GeoDataFrame,
    *,
    all_features: gpd.GeoDataFrame | None = None,
    asset_mode: str = "cdn",
    base_url: str = "/app/static",
    tiles: bool = True,
    show_tiles: bool = False,
    location: tuple[float, float] | None = None,
    zoom: int | None = None,
) -> tuple[folium.Map, SourceIndex]:
    """Build the layered corridor map.

    Parameters
    ----------
    features : geopandas.GeoDataFrame
        Features to draw, from :func:`geo.catalog.load_catalog` (possibly filtered).
    claims : geopandas.GeoDataFrame
        Claims to draw; those without an anchor point are not drawn.
    sources : dict
        Sources by id, for claim citations.
    countries : geopandas.GeoDataFrame
        Boundaries for the base layer.
    all_features : geopandas.GeoDataFrame, optional
        The whole catalog, so popups can name features filtered out of view.
    asset_mode : {"cdn", "local", "inline"}
        Where Leaflet and plugins load from; see :mod:`geo.assets`.
    base_url : str
        Where ``local`` assets are served.
    tiles : bool
        Offer OpenStreetMap and CartoDB Positron tile layers in the layer control.
    show_tiles : bool
        Turn the Positron layer on at start; otherwise only the country base shows.
    location, zoom : optional
        Initial view; the region by default.

    Returns
    -------
    tuple
        The folium Map and the SourceIndex numbering every source its popups cite.
    """
    m = build_base_map(
        countries,
        asset_mode=asset_mode,
        base_url=base_url,
        tiles=tiles,
        show_tiles=show_tiles,
        location=location,
        zoom=zoom,
    )
    layers, index = build_layers(
        features,
        claims,
        sources,
        all_features=all_features,
        asset_mode=asset_mode,
        base_url=base_url,
    )
    for layer in layers:
        layer.add_to(m)
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    return m, index
