"""The map's fullscreen and measure controls, as small folium elements.

folium ships both as plugins, but importing ``folium.plugins`` imports every plugin (about
0.45 s, a third of a report export's start-up). These do what folium's ``Fullscreen`` and
``MeasureControl`` do, with the same asset names, so :mod:`geo.assets` serves their files.
Their options are constants of this package, never data.
"""

from __future__ import annotations

from branca.element import MacroElement, Template
from folium.elements import JSCSSMixin

from geo.safe_text import script_json


class Fullscreen(JSCSSMixin, MacroElement):
    """A button that shows the map full screen (leaflet.fullscreen).

    Parameters
    ----------
    position : str
        Leaflet control corner.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
L.control.fullscreen({{ this.options_json }}).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")
    default_js = [("Control.Fullscreen.js", "")]
    default_css = [("Control.FullScreen.css", "")]

    def __init__(self, position: str = "topleft"):
        super().__init__()
        self._name = "Fullscreen"
        self.options_json = script_json(
            {
                "position": position,
                "title": "Full Screen",
                "titleCancel": "Exit Full Screen",
                "forceSeparateButton": False,
            }
        )


class MeasureControl(JSCSSMixin, MacroElement):
    """A control that measures distances and areas on the map (leaflet-measure).

    Parameters
    ----------
    position : str
        Leaflet control corner.
    primary_length_unit, secondary_length_unit, primary_area_unit : str
        leaflet-measure's unit names.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = new L.Control.Measure({{ this.options_json }});
{{ this._parent.get_name() }}.addControl({{ this.get_name() }});
// leaflet-measure with Leaflet >= 1.8 (ljagis/leaflet-measure#171, as folium does).
L.Control.Measure.include({
    _setCaptureMarkerIcon: function () {
        this._captureMarker.options.autoPanOnFocus = false;
        this._captureMarker.setIcon(L.divIcon({iconSize: this._map.getSize().multiplyBy(2)}));
    },
});
{% endmacro %}
""")
    default_js = [("leaflet_measure_js", "")]
    default_css = [("leaflet_measure_css", "")]

    def __init__(
        self,
        position: str = "topright",
        primary_length_unit: str = "kilometers",
        secondary_length_unit: str = "miles",
        primary_area_unit: str = "sqkilometers",
    ):
        super().__init__()
        self._name = "MeasureControl"
        self.options_json = script_json(
            {
                "position": position,
                "primaryLengthUnit": primary_length_unit,
                "secondaryLengthUnit": secondary_length_unit,
                "primaryAreaUnit": primary_area_unit,
                "secondaryAreaUnit": "acres",
            }
        )
