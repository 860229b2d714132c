"""How the map looks: colours per route system within its mode's family, dashes by status,
display offsets for lines laid in one corridor, the legend and the page's CSS.

Nothing here reads article text; names that reach the legend are escaped with
:func:`geo.safe_text.html_text`.
"""

from __future__ import annotations

from collections.abc import Iterable

import geopandas as gpd

from geo.filters import route_systems, short_name, system_names
from geo.safe_text import html_text

# A route system shorter than this has its name written only from zoom 7, so the overview
# keeps the main corridors legible.
MINOR_SYSTEM_KM = 800

# Each mode has a family of colours; each route system of that mode takes the next one, so
# the four oil pipelines stay one family (warm) and are still told apart.
FAMILY_PALETTES = {
    "crude_oil": ["#7f2704", "#c2185b", "#d7301f", "#8c6d31", "#a50f15"],
    "natural_gas": ["#f39c12", "#fdae61", "#e6550d"],
    "rail": ["#1f5fa8", "#6a51a3", "#4292c6"],
    "ferry": ["#01857a", "#66c2a4"],
    "sea": ["#35978f", "#80cdc1"],
    "road": ["#8c6d31", "#bf812d"],
    "cable": ["#762a83", "#c2a5cf"],
}
FAMILY_LABELS = {
    "crude_oil": "oil pipeline",
    "natural_gas": "gas pipeline",
    "rail": "railway",
    "ferry": "ferry",
    "sea": "sea route",
    "road": "road",
    "cable": "fibre-optic cable",
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
POINT_COLOURS = {"port": "#08306b", "terminal": "#7f2704"}
COUNTRY_STYLE = {"fillColor": "#f3efe6", "color": "#8a8a8a", "weight": 0.7, "fillOpacity": 1.0}
SEA_COLOUR = "#d7e6f2"
# BTC is laid in one corridor with SCP (and TANAP near Erzurum), whose line is drawn after
# it: BTC is drawn as a wide band (a "cased" line) and SCP runs inside it, so both stay visible
# and clickable at every zoom without moving either geometry.
CASED_WEIGHT = {"btc_pipeline": 9.0}


def line_family(mode: str | None, commodity: str | None) -> str:
    """The colour family of a line: pipelines by commodity, others by mode."""
    if mode == "pipeline":
        return "natural_gas" if commodity == "natural_gas" else "crude_oil"
    return mode if mode in FAMILY_PALETTES else "road"


def system_colours(features: gpd.GeoDataFrame) -> dict[tuple[str, str], str]:
    """Colour of every (route system, family) pair drawn, stable for a given catalog."""
    systems = route_systems(features)
    lines = features[~features["kind"].isin(["port", "terminal", "corridor"])]
    length: dict[tuple[str, str], float] = {}
    for fid, mode, commodity, km in zip(
        lines["id"], lines["mode"], lines["commodity"], lines["length_km"], strict=True
    ):
        pair = (systems[fid], line_family(mode, commodity))
        length[pair] = length.get(pair, 0.0) + (km if km == km and km else 0.0)
    # The longest system of a family takes its first, strongest colour; ties by id.
    pairs = sorted(length, key=lambda pair: (-length[pair], pair))
    colours: dict[tuple[str, str], str] = {}
    used: dict[str, int] = {}
    for system, family in pairs:
        palette = FAMILY_PALETTES[family]
        colours[(system, family)] = palette[used.get(family, 0) % len(palette)]
        used[family] = used.get(family, 0) + 1
    return colours


def line_style(feature: dict, colour: str) -> dict:
    """Leaflet path style for a route: its system's colour, dashes and opacity by status."""
    status = feature.get("status")
    mode = feature.get("mode")
    weight = 2.5 if mode in ("sea", "ferry", "cable") else 3.5
    style = {
        "color": colour,
        "weight": CASED_WEIGHT.get(feature.get("id"), weight),
        "opacity": STATUS_OPACITY.get(status, 0.65),
        "dashArray": STATUS_DASH.get(status),
    }
    return {key: value for key, value in style.items() if value is not None}


def legend_entries(features: gpd.GeoDataFrame) -> list[tuple[str, str, str]]:
    """``(system name, family label, colour)`` for every route system and mode drawn."""
    names = system_names(features)
    entries = [
        (short_name(names.get(system, system)), FAMILY_LABELS[family], colour)
        for (system, family), colour in system_colours(features).items()
    ]
    return sorted(entries)


def legend_html(
    entries: Iterable[tuple[str, str, str]], topics: Iterable[str], open_: bool = True
) -> str:
    """The legend's HTML: route systems by colour, status dashes, claim topics, flags, points."""
    statuses = [
        ("operating", None),
        ("under construction", STATUS_DASH["construction"]),
        ("proposed / shelved", STATUS_DASH["proposed"]),
        ("idle / mothballed", STATUS_DASH["idle"]),
    ]
    parts = [f"<details{' open' if open_ else ''}><summary>Legend</summary><b>Routes</b>"]
    parts += [
        f'<div><span class="sw" style="border-top:4px solid {colour}"></span>'
        f"{html_text(name)} <small>{html_text(family)}</small></div>"
        for name, family, colour in entries
    ]
    parts.append("<b>Status</b>")
    for label, dash in statuses:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            '<div><svg width="34" height="8"><line x1="0" y1="4" x2="34" y2="4" '
            f'stroke="#333" stroke-width="3"{dash_attr}/></svg>{html_text(label)}</div>'
        )
    parts.append("<b>Claims</b>")
    parts += [
        f'<div><span class="dot" style="background:{TOPIC_COLOURS.get(t, "#333")}"></span>'
        f"{html_text(t)}</div>"
        for t in topics
    ]
    parts.append('<div><span class="dot flagged">!</span>flagged claim</div>')
    parts.append(
        f'<div><span class="sq" style="background:{POINT_COLOURS["port"]}"></span>port '
        f'<span class="sq" style="background:{POINT_COLOURS["terminal"]}"></span>terminal'
        "</div>"
    )
    parts.append("</details>")
    return "".join(parts)


STYLE = """
<style>
.leaflet-container.leaflet-container { background: %(sea)s; font-family: system-ui, sans-serif; }
.atlas-legend { background: #fff;
  padding: 8px 10px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.3); font-size: 12px;
  line-height: 1.45; max-height: 60vh; overflow-y: auto; max-width: 260px; }
.atlas-legend b { display: block; margin-top: 4px; }
.atlas-legend small { color: #666; }
.atlas-legend summary { cursor: pointer; font-weight: 600; }
.atlas-legend .sw { display: inline-block; width: 24px; margin: 0 6px 3px 0; }
.atlas-legend svg { margin-right: 6px; vertical-align: middle; }
.atlas-legend .dot, .atlas-claim-dot { display: inline-block; width: 12px; height: 12px;
  border-radius: 50%%; border: 2px solid #fff; box-shadow: 0 0 0 1px rgba(0,0,0,.35);
  margin-right: 6px; vertical-align: middle; color: #fff; font: bold 10px/12px sans-serif;
  text-align: center; }
.atlas-legend .sq, .atlas-port-dot { display: inline-block; width: 11px; height: 11px;
  border: 2px solid #fff; box-shadow: 0 0 0 1px rgba(0,0,0,.5); margin-right: 4px;
  vertical-align: middle; transform: rotate(45deg); }
.atlas-port-icon { background: transparent; border: 0; }
.atlas-claim-dot { width: 12px; height: 12px; }
.atlas-claim-dot.flagged, .atlas-legend .dot.flagged { background: #d7191c !important;
  box-shadow: 0 0 0 3px rgba(215,25,28,.35); }
.atlas-claim-icon { background: transparent; border: 0; }
.leaflet-control-layers { font-size: 12px; line-height: 1.3; }
.leaflet-top.leaflet-right { z-index: 1001; }
.leaflet-control-layers label { margin: 0; }
.leaflet-interactive:focus { outline: none; }
.leaflet-control-attribution.leaflet-control-attribution { font-size: 10px; max-width: 55vw;
  line-height: 1.3; }
.leaflet-tooltip.atlas-label { background: rgba(255,255,255,.78); border: 0; box-shadow: none;
  padding: 0 3px; font: 600 11px/1.3 system-ui, sans-serif; color: #222; white-space: nowrap; }
.leaflet-tooltip.atlas-label::before { display: none; }
.leaflet-tooltip.atlas-label-route { font-size: 12px; color: var(--atlas-colour, #222); }
.atlas-zoom-low .atlas-label-port, .atlas-zoom-low .atlas-label-minor { display: none; }
/* A popup never grows wider than a phone's map: it opens beside or below the point instead
   of panning, so it must fit in the map's width. */
.leaflet-popup-content { max-width: calc(100vw - 72px); }
.atlas-popup h4 { margin: 0 0 6px; font-size: 14px; }
.atlas-popup table { border-collapse: collapse; font-size: 12px; }
.atlas-popup th { text-align: left; padding: 1px 8px 1px 0; color: #555; font-weight: 600;
  white-space: nowrap; vertical-align: top; }
.atlas-popup blockquote { margin: 0 0 6px; padding-left: 8px; border-left: 3px solid #888;
  font-style: italic; }
.atlas-popup .atlas-meta { color: #666; font-size: 11px; }
.atlas-popup .atlas-notes { color: #555; font-size: 11px; }
.atlas-popup .atlas-src-head { margin: 6px 0 2px; font-weight: 600; }
.atlas-popup ol { padding-left: 4px; margin: 0; list-style: none; font-size: 12px; }
.atlas-flags { background: #fde0dd; padding: 4px 6px; border-radius: 4px; font-size: 12px; }
.atlas-flags ul { margin: 2px 0 0 14px; padding: 0; }
@media (max-width: 600px) {
  .atlas-legend { max-height: 40vh; max-width: 180px; font-size: 11px; }
}
</style>
"""


def page_style() -> str:
    """The map's CSS."""
    return STYLE % {"sea": SEA_COLOUR}
