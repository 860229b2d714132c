"""Folium elements of the atlas map, each a small class with its template.

Data layers carry their GeoJSON as :func:`geo.safe_text.script_json` inside a fixed template;
``geo/static/atlas-map.js`` draws them and builds their popups from DOM text nodes. No text
from the data is ever part of a template's source or of a JS expression.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement, Template
from folium.elements import JSCSSMixin

from geo.safe_text import script_json

LAYER_KINDS = ("routes", "points", "ports", "claims", "countries")


class AtlasLayer(JSCSSMixin, MacroElement):
    """One Leaflet layer drawn by ``AtlasMap.<kind>`` from embedded GeoJSON.

    Parameters
    ----------
    kind : {"routes", "points", "claims", "countries"}
        Which drawing function of ``atlas-map.js`` makes the layer.
    data : dict
        A GeoJSON FeatureCollection; properties hold display text as plain strings.
    options : dict
        Options for the drawing function (styles, popup and cluster options).
    """

    _template = Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = AtlasMap.{{ this.kind }}(
    {{ this.data_json }}, {{ this.options_json }}
).addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, kind: str, data: dict, options: dict | None = None):
        super().__init__()
        if kind not in LAYER_KINDS:
            raise ValueError(f"unknown layer kind {kind!r}")
        self._name = f"Atlas{kind.title()}"
        self.kind = kind
        self.data = data
        self.options = options or {}
        self.data_json = script_json(data)
        self.options_json = script_json(self.options)

    def render(self, **kwargs) -> None:
        """Add the layer's script to the page as text, without compiling it again.

        ``MacroElement.render`` wraps each macro's output in a new ``Element``, which compiles
        it as a Jinja template: at 10,000 claims that second compile lexed megabytes of JSON
        and took longer than everything else. The data is inert for Jinja either way
        (:func:`geo.safe_text.script_json`); here it is simply never parsed. The ``script``
        macro stays, since streamlit-folium calls it directly for the app's layers.
        """
        figure = self.get_root()
        assert isinstance(figure, Figure), "AtlasLayer must be inside a Figure"
        script = str(self._template.module.script(self, kwargs))
        # Jinja drops a template's final newline; dropping it here keeps the page as before.
        script = script[:-1] if script.endswith("\n") else script
        figure.script.add_child(ScriptBlock(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class HtmlBlock(Element):
    """A block of page HTML made by trusted code from escaped parts.

    Its text is template data, inserted once and never compiled: callers escape what they
    put in it (:func:`html.escape`), this class keeps Jinja out of it.
    """

    _template = Template("{{ this.html_text }}")

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "HtmlBlock"
        self.html_text = html_text


class ScriptBlock(Element):
    """Script text made by trusted code (a fixed call around :func:`script_json` data).

    Like :class:`HtmlBlock`, its text is inserted as template data and never compiled.
    """

    _template = Template("{{ this.script_text }}")

    def __init__(self, script_text: str):
        super().__init__()
        self._name = "ScriptBlock"
        self.script_text = script_text


class AfterMap(MacroElement):
    """Appends an :class:`HtmlBlock` to the page body after the map's own div.

    Folium adds the map's div to the page when the map renders; a child rendered after it can
    place the report's source list below the map without editing the rendered page.
    """

    _template = Template("")

    def __init__(self, block: HtmlBlock):
        super().__init__()
        self._name = "AfterMap"
        self.block = block

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        assert isinstance(figure, Figure), "AfterMap must be inside a Figure"
        figure.html.add_child(self.block, name=self.get_name())


def stable_ids(root: Element, prefix: str = "atlas") -> None:
    """Give every element in a tree an id from its position, so a page renders the same bytes.

    Folium names each element after a random uuid; a report exported twice should diff
    cleanly, so ids are renumbered depth first before the page is rendered.
    """
    counter = 0

    def walk(element: Element) -> None:
        nonlocal counter
        for child in list(element._children.values()):
            counter += 1
            child._id = f"{prefix}{counter:05d}"
            walk(child)

    root._id = f"{prefix}root"
    walk(root)
