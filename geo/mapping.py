"""The Folium map, shared by the app and the HTML export.

One public function, :func:`build_map`, draws routes (a layer per route system), ports and
terminals, claims (one clustered layer, coloured by topic) and a country base layer, with a
legend, cited popups and fullscreen, measure and scale controls.

Untrusted text (articles, their metadata, data files) never enters a template or a script as
code: layers carry it as JSON data (:mod:`geo.map_elements`) and ``atlas-map.js`` shows it as
DOM text; layer names are escaped with :func:`geo.safe_text.html_text`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

import folium
import geopandas as gpd
import numpy as np
import shapely
import shapely.geometry
from branca.element import Element, MacroElement, Template

from geo.assets import InlineAsset, asset_url
from geo.cache import cached
from geo.catalog import CREDITS, data_credits
from geo.claim_layer import claim_layer_data
from geo.filters import route_systems, rows_where, short_name, system_names
from geo.map_controls import Fullscreen, MeasureControl
from geo.map_elements import AtlasLayer
from geo.map_style import (
    COUNTRY_STYLE,
    MINOR_SYSTEM_KM,
    POINT_COLOURS,
    TOPIC_COLOURS,
    legend_entries,
    legend_html,
    line_family,
    line_style,
    page_style,
    system_colours,
)
from geo.popups import SourceIndex, feature_popup
from geo.safe_text import html_text, safe_url, script_json
from geo.sources import Source

__all__ = ["SourceIndex", "build_base_map", "build_layers", "build_map"]

DEFAULT_CENTRE = (41.5, 47.0)
DEFAULT_ZOOM = 5
OSM_ATTRIBUTION = "&copy; OpenStreetMap contributors"
POSITRON_URL = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png"
POSITRON_ATTRIBUTION = "&copy; OpenStreetMap contributors &copy; CARTO"
NE_ATTRIBUTION = "Boundaries: Natural Earth (public domain)"
ROUTE_POPUP = {"maxWidth": 380, "maxHeight": 320}
CLAIM_POPUP = {"maxWidth": 420, "maxHeight": 320}
CLUSTER_OPTIONS = {"maxClusterRadius": 40, "spiderfyOnMaxZoom": True, "showCoverageOnHover": False}
WAYPOINT_MARKER = {
    "radius": 3,
    "color": "#444444",
    "weight": 1,
    "fillColor": "#ffffff",
    "fillOpacity": 1.0,
}


# Simplified boundaries by the frame they came from: the app rebuilds its base map on every
# rerun. Holding the frame keeps its id from being reused.
_SIMPLIFIED: dict[int, tuple[gpd.GeoDataFrame, dict]] = {}
# 0.02 degrees (about 2 km) is below what the map shows at zoom 4-8; vertices are then kept
# in thousandths of a degree.
COUNTRY_TOLERANCE_DEG = 0.02
COUNTRY_SCALE = 1000


def _steps(ring) -> list[int]:
    """A ring as integer steps from the previous vertex, in 1/COUNTRY_SCALE degree."""
    grid = np.rint(shapely.get_coordinates(ring) * COUNTRY_SCALE).astype(np.int64)
    grid[1:] -= grid[:-1].copy()
    return grid.ravel().tolist()


def _encode_countries(countries: gpd.GeoDataFrame) -> dict:
    features = []
    simple = shapely.set_precision(
        countries.geometry.simplify(COUNTRY_TOLERANCE_DEG, preserve_topology=True).values,
        1 / COUNTRY_SCALE,
    )
    for iso3, name, geometry in zip(countries["iso3"], countries["name"], simple, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        # Clipping can leave collections; only their polygons are drawn.
        parts = shapely.get_parts(shapely.get_parts(geometry))
        polygons = [
            [_steps(p.exterior), *(_steps(r) for r in p.interiors)]
            for p in parts
            if isinstance(p, shapely.Polygon) and not p.is_empty
        ]
        if polygons:
            features.append({"properties": {"iso3": iso3, "name": name}, "polygons": polygons})
    return {"scale": COUNTRY_SCALE, "features": features}


def _country_geojson(countries: gpd.GeoDataFrame) -> dict:
    """The base layer's data: simplified shapes, each ring as integer steps between vertices.

    Decimal GeoJSON coordinates were 228 KB of a 1.2 MB report; steps of a thousandth of a
    degree are 2-3 digits each. ``AtlasMap.countries`` turns them back into GeoJSON. The
    result is kept on disk by the shapes' hash (simplifying took ~0.13 s a process).
    """
    hit = _SIMPLIFIED.get(id(countries))
    if hit is not None and hit[0] is countries:
        return hit[1]
    digest = hashlib.sha256(b"".join(shapely.to_wkb(countries.geometry.values)))
    digest.update(repr((list(countries["iso3"]), list(countries["name"]))).encode())
    key = f"{digest.hexdigest()}:{COUNTRY_TOLERANCE_DEG}:{COUNTRY_SCALE}"
    doc = cached("country-display", key, lambda: _encode_countries(countries))
    _SIMPLIFIED[id(countries)] = (countries, doc)
    return doc


def _collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


# Display simplification of route lines, in degrees (~100 m): below a pixel up to zoom 10,
# and it cuts traced lines of thousands of vertices to what a reader can see. Vertices are
# then kept at 1e-4 degrees (~11 m), finer than the simplification.
DISPLAY_TOLERANCE_DEG = 0.001
DISPLAY_GRID_DEG = 0.0001


def _geometry(geometry, tolerance: float = 0.0) -> dict:
    if tolerance:
        geometry = shapely.set_precision(geometry.simplify(tolerance), DISPLAY_GRID_DEG)
    return shapely.geometry.mapping(geometry)


def _country_layer(countries: gpd.GeoDataFrame) -> folium.FeatureGroup:
    group = folium.FeatureGroup(
        name=html_text("Countries (base, no tiles needed)"), overlay=True, control=True, show=True
    )
    # Not interactive: the shapes are a backdrop, so clicks and keyboard focus go to routes.
    AtlasLayer("countries", _country_geojson(countries), {"style": COUNTRY_STYLE}).add_to(group)
    return group


def _label_point(legs: gpd.GeoDataFrame) -> list[float]:
    """Where a system's name is written: halfway along its longest leg."""
    longest = max(legs.geometry, key=lambda g: g.length)
    point = longest.interpolate(0.5, normalized=True)
    return [round(point.y, 5), round(point.x, 5)]


def _route_layers(
    features, index, names, counts, selected=None, control=True
) -> list[folium.FeatureGroup]:
    layers = []
    systems = route_systems(features)
    colours = system_colours(features)
    lines = features[~features["kind"].isin(["port", "terminal", "corridor"])]
    for system_id, system_name in system_names(features).items():
        legs = rows_where(lines, [systems[fid] == system_id for fid in lines["id"]])
        if legs.empty:
            continue
        label = short_name(system_name)
        group = folium.FeatureGroup(name=html_text(f"Route · {label}"), show=True, control=control)
        data = []
        for row in legs.to_dict("records"):
            colour = colours[(system_id, line_family(row.get("mode"), row.get("commodity")))]
            style = line_style(row, colour)
            if row["id"] == selected or system_id == selected:
                style = {**style, "weight": style["weight"] + 4, "opacity": 1.0}
            data.append(
                {
                    "type": "Feature",
                    "geometry": _geometry(row["geometry"], DISPLAY_TOLERANCE_DEG),
                    "properties": {
                        "id": row["id"],
                        "tip": row["name"],
                        "style": style,
                        "selected": row["id"] == selected or system_id == selected,
                        "popup": feature_popup(row, index, names, counts),
                    },
                }
            )
        first = colours[
            (system_id, line_family(legs.iloc[0].get("mode"), legs.iloc[0].get("commodity")))
        ]
        minor = bool(legs["length_km"].fillna(0).sum() < MINOR_SYSTEM_KM)
        options = {
            "popup": ROUTE_POPUP,
            "label": {"text": label, "at": _label_point(legs), "colour": first, "minor": minor},
        }
        AtlasLayer("routes", _collection(data), options).add_to(group)
        layers.append(group)
    return layers


def _point_layer(
    features, index, names, counts, selected=None, control=True
) -> folium.FeatureGroup | None:
    points = features[features["kind"].isin(["port", "terminal"])]
    if points.empty:
        return None
    group = folium.FeatureGroup(name=html_text("Ports and terminals"), show=True, control=control)
    data = [
        {
            "type": "Feature",
            "geometry": _geometry(row["geometry"]),
            "properties": {
                "id": row["id"],
                "tip": row["name"],
                "label": short_name(row["name"]),
                "colour": POINT_COLOURS.get(row["kind"], "#333333"),
                "selected": row["id"] == selected,
                "popup": feature_popup(row, index, names, counts),
            },
        }
        for row in points.to_dict("records")
    ]
    AtlasLayer("ports", _collection(data), {"popup": ROUTE_POPUP}).add_to(group)
    return group


def _waypoint_layer(features) -> folium.FeatureGroup | None:
    """The named places each line was drawn through, so a reader can judge its accuracy."""
    points = []
    for row in features.to_dict("records"):
        for point in row.get("waypoints") or []:
            try:
                lon, lat = float(point["lon"]), float(point["lat"])
            except (KeyError, TypeError, ValueError):
                continue
            points.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                    "properties": {
                        "tip": f"{point.get('name', '?')} · {row['name']}",
                        "marker": WAYPOINT_MARKER,
                    },
                }
            )
    if not points:
        return None
    group = folium.FeatureGroup(name=html_text("Waypoints (how lines were drawn)"), show=False)
    AtlasLayer("points", _collection(points)).add_to(group)
    return group


def _claim_layer(claims, sources, index, names, control=True) -> folium.FeatureGroup | None:
    """Every placed claim in one clustered layer, coloured by topic.

    The layer carries a compact table (:mod:`geo.claim_layer`), not a popup per claim: the
    page builds a claim's popup when it opens.
    """
    placed = claims[claims.geometry.notna() & ~claims.geometry.is_empty]
    if placed.empty:
        return None
    group = folium.FeatureGroup(name=html_text("Claims"), show=True, control=control)
    AtlasLayer(
        "claims",
        claim_layer_data(placed, sources, index, names),
        {"popup": CLAIM_POPUP, "cluster": CLUSTER_OPTIONS, "colours": TOPIC_COLOURS},
    ).add_to(group)
    return group


def _set_assets(element, asset_mode: str, base_url: str) -> None:
    """Point an element's JS/CSS at the chosen asset source instead of folium's CDN.

    Inline assets are written into the page once by :func:`build_base_map`, so elements
    then link nothing.
    """
    for attr in ("default_js", "default_css"):
        entries = getattr(element, attr, [])
        if asset_mode == "inline":
            localised = []
        else:
            localised = [
                (name, asset_url(name, asset_mode, base_url))
                for name, _ in entries
                if not (name == "atlas_map_js" and asset_mode == "cdn")
            ]
        setattr(element, attr, localised)


class Legend(MacroElement):
    """Legend of route colours, status dashes, claim topics and flags, as a Leaflet control."""

    _template = Template("""
{% macro script(this, kwargs) %}
(function () {
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "atlas-legend");
    div.id = "atlas-legend";
    div.innerHTML = {{ this.html_json }};
    // On a phone the legend starts folded, so the map stays free to read and tap.
    var details = div.querySelector("details");
    if (details && window.innerWidth < 600) { details.open = false; }
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")

    def __init__(
        self,
        entries: Iterable[tuple[str, str, str]],
        topics: Iterable[str],
        open_: bool = True,
    ):
        super().__init__()
        self._name = "Legend"
        self.html_json = script_json(legend_html(entries, topics, open_))


class MapSetup(MacroElement):
    """Zoom range and the data credits; runs before any data layer is added.

    With no tile layer the map has no maxZoom, which the cluster plugin refuses. Credits are
    attribution text, added as DOM text so a data file's wording cannot become markup.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.setMaxZoom(18);
{{ this._parent.get_name() }}.setMinZoom(3);
{{ this._parent.get_name() }}.attributionControl.addAttribution(
    AtlasMap.escapeHtml({{ this.text_json }})
);
{% endmacro %}
""")

    def __init__(self, text: str):
        super().__init__()
        self._name = "MapSetup"
        self.text_json = script_json(text)


# Short credits for the map's corner; the report's credit line and data/README give them whole.
SHORT_CREDITS = {
    "osm": "© OpenStreetMap contributors (ODbL)",
    "gem": "Global Energy Monitor (CC BY 4.0)",
    "searoute": "searoute / Eurostat MARNET",
}


def map_credits(features: gpd.GeoDataFrame, short: bool = True) -> str:
    """Attribution: Natural Earth, then OSM, GEM and searoute where their lines are drawn."""
    lines = data_credits(features)
    if not short:
        return " · ".join([NE_ATTRIBUTION, *lines])
    used = [SHORT_CREDITS[kind] for kind, line in CREDITS.items() if line in lines]
    return " · ".join(["Natural Earth", *used])


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
    credits: str = NE_ATTRIBUTION,
    legend_features: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """The map without data layers: country base, optional tiles, controls and legend.

    It does not depend on the filters, so the app can keep it (and the user's zoom and
    centre) while filters swap the data layers. ``legend_features`` are the routes the legend
    lists (the whole catalog in the app, the drawn routes in an export).
    """
    m = folium.Map(
        location=location or DEFAULT_CENTRE,
        zoom_start=zoom or DEFAULT_ZOOM,
        tiles=None,
        control_scale=True,
    )
    # Only what the map uses: Leaflet, the cluster plugin, responsive popups (they open where
    # they fit instead of panning the map) and the atlas's layer script, whose files must be
    # on the page before any data layer is added to it.
    m.default_js = [
        ("leaflet", ""),
        ("markerclusterjs", ""),
        ("responsive_popup_js", ""),
        ("atlas_map_js", ""),
    ]
    m.default_css = [
        ("leaflet_css", ""),
        ("markerclustercss", ""),
        ("markerclusterdefaultcss", ""),
        ("responsive_popup_css", ""),
    ]
    controls = [
        Fullscreen(position="topleft"),
        MeasureControl(
            position="topleft",
            primary_length_unit="kilometers",
            secondary_length_unit="miles",
            primary_area_unit="sqkilometers",
        ),
    ]
    header = m.get_root().header
    if asset_mode in ("inline", "cdn"):
        # The atlas's script has no CDN; inline pages carry every file, linked ones just it.
        names = [n for el in (m, *controls) for n, _ in el.default_js + el.default_css]
        for name in names if asset_mode == "inline" else ["atlas_map_js"]:
            header.add_child(InlineAsset(name), name=f"inline_{name}")
    for element in (m, *controls):
        _set_assets(element, asset_mode, base_url)
    MapSetup(credits).add_to(m)
    header.add_child(Element(page_style()), name="atlas_style")
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
    for control in controls:
        control.add_to(m)
    entries = [] if legend_features is None else legend_entries(legend_features)
    Legend(entries, TOPIC_COLOURS, open_=legend_open).add_to(m)
    return m


def build_layers(
    features: gpd.GeoDataFrame,
    claims: gpd.GeoDataFrame,
    sources: dict[str, Source],
    *,
    all_features: gpd.GeoDataFrame | None = None,
    waypoints: bool = True,
    selected: str | None = None,
    control: bool = True,
) -> tuple[list[folium.FeatureGroup], SourceIndex]:
    """Data layers: one per route system, ports and terminals, waypoints, and claims.

    ``selected`` (a feature or route-system id) is drawn highlighted; ``control=False`` keeps
    the data layers out of the map's layer list (the app's sidebar decides what is drawn).

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
            source = sources[source_id]
            index.number(source.label, safe_url(source.url), "article")
    # Claims naming each feature, as claims_by_feature counts them, without exploding the
    # frame (1.3 s at 100,000 claims).
    known = set(everything["id"])
    counts = dict(
        Counter(fid for ids in claims["feature_ids"].tolist() for fid in ids or [] if fid in known)
    )
    # A corridor is drawn as its legs; its own sources still belong in the list of citations.
    parents = set(features["corridor"].dropna())
    for parent in everything[everything["id"].isin(parents)].itertuples():
        for source in parent.sources or []:
            index.number(source["title"], safe_url(source["url"]))
    layers = _route_layers(features, index, names, counts, selected, control)
    waypoint_layer = _waypoint_layer(features) if waypoints else None
    claim_layer = _claim_layer(claims, sources, index, names, control)
    # Claims first and ports last, so port symbols are drawn above claim dots.
    points = _point_layer(features, index, names, counts, selected, control)
    for layer in (waypoint_layer, claim_layer, points):
        if layer is not None:
            layers.append(layer)
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
    credits: str | None = None,
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
    credits : str, optional
        Attribution text for the data, shown in the map's corner; by default Natural Earth
        and the licences of the drawn geometry (:func:`map_credits`).

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
        credits=credits or map_credits(features),
        legend_features=features,
    )
    layers, index = build_layers(features, claims, sources, all_features=all_features)
    for layer in layers:
        layer.add_to(m)
    # Collapsed: the legend explains the layers, and an open list would cover the map.
    folium.LayerControl(collapsed=True, position="topright").add_to(m)
    return m, index
