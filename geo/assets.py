"""Leaflet and plugin files from the npm packages in ``node_modules`` (see package.json).

Three ways to point a map at them: the public CDN (``cdn``), files this machine serves
(``local``, e.g. Streamlit's ``/app/static``), or inlined into the HTML (``inline``) so an
exported file makes no network request at all. The atlas's own script
(``geo/static/atlas-map.js``) is one more asset; no CDN has it, so ``cdn`` pages inline it.
"""

from __future__ import annotations

import base64
import functools
import json
import mimetypes
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from branca.element import Element, Template

from geo.layout import REPO_ROOT

NODE_MODULES = REPO_ROOT / "node_modules"
PACKAGE_STATIC = Path(__file__).resolve().parent / "static"
OWN_PACKAGE = "corridor-atlas"


@dataclass(frozen=True)
class Asset:
    """One JS or CSS file of an npm package."""

    name: str
    package: str
    path: str
    extra_dir: str | None = None  # images the CSS refers to
    inline_path: str | None = None  # a minified build the package ships, for inline pages

    @property
    def is_css(self) -> bool:
        return self.path.endswith(".css")


_FILES = [
    # (folium's name for the file, npm package, path, folder of images its CSS uses)
    # Linked and served pages use ``path``; inline pages use a minified build where the
    # package ships one (_MINIFIED): leaflet-measure.js is 237 KB, its .min.js 106 KB.
    ("leaflet", "leaflet", "dist/leaflet.js", None),
    ("leaflet_css", "leaflet", "dist/leaflet.css", "dist/images"),
    ("jquery", "jquery", "dist/jquery.min.js", None),
    ("markerclusterjs", "leaflet.markercluster", "dist/leaflet.markercluster.js", None),
    ("markerclustercss", "leaflet.markercluster", "dist/MarkerCluster.css", None),
    ("markerclusterdefaultcss", "leaflet.markercluster", "dist/MarkerCluster.Default.css", None),
    ("Control.Fullscreen.js", "leaflet.fullscreen", "Control.FullScreen.js", None),
    ("Control.FullScreen.css", "leaflet.fullscreen", "Control.FullScreen.css", "."),
    ("leaflet_measure_js", "leaflet-measure", "dist/leaflet-measure.js", None),
    ("leaflet_measure_css", "leaflet-measure", "dist/leaflet-measure.css", "dist/images"),
    ("responsive_popup_js", "leaflet-responsive-popup", "leaflet.responsive.popup.js", None),
    ("responsive_popup_css", "leaflet-responsive-popup", "leaflet.responsive.popup.css", None),
    ("atlas_map_js", OWN_PACKAGE, "atlas-map.js", None),
]
_MINIFIED = {"leaflet_measure_js": "dist/leaflet-measure.min.js"}
ASSETS = {
    name: Asset(name, package, path, extra, _MINIFIED.get(name))
    for name, package, path, extra in _FILES
}


def package_versions(root: Path = REPO_ROOT) -> dict[str, str]:
    """Pinned npm versions from package.json."""
    return json.loads((root / "package.json").read_text(encoding="utf-8"))["dependencies"]


def asset_file(asset: Asset, node_modules: Path = NODE_MODULES) -> Path:
    """Where an asset is installed; raises with the fix when ``npm ci`` has not run."""
    if asset.package == OWN_PACKAGE:
        return PACKAGE_STATIC / asset.path
    path = node_modules / asset.package / asset.path
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: run `npm ci` (./run.sh does) to install the map assets"
        )
    return path


def asset_url(name: str, mode: str, base_url: str = "/app/static") -> str:
    """The URL a map element should load an asset from.

    Parameters
    ----------
    name : str
        A key of ``ASSETS``.
    mode : {"cdn", "local"}
        ``cdn``: jsDelivr at the pinned version; ``local``: ``base_url/package/path``.
        Inline assets have no url: see :func:`inline_element`.
    base_url : str
        Where ``local`` files are served.
    """
    asset = ASSETS[name]
    if mode == "cdn":
        version = package_versions()[asset.package]
        return f"https://cdn.jsdelivr.net/npm/{asset.package}@{version}/{asset.path}"
    if mode == "local":
        return f"{base_url.rstrip('/')}/{asset.package}/{asset.path}"
    raise ValueError(f"unknown asset mode {mode!r}")


def copy_assets(out: Path, node_modules: Path = NODE_MODULES) -> list[Path]:
    """Copy every asset (and the images its CSS uses) to ``out/package/path``."""
    written = []
    for asset in ASSETS.values():
        source = asset_file(asset, node_modules)
        target = Path(out) / asset.package / asset.path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
        if asset.extra_dir:
            extra = node_modules / asset.package / asset.extra_dir
            for image in extra.iterdir():
                if image.suffix in (".png", ".svg", ".gif"):
                    destination = Path(out) / asset.package / asset.extra_dir / image.name
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(image, destination)
    return written


def sync_own_assets(out: Path) -> None:
    """Refresh the atlas's own script in a served folder when it differs from the package's.

    The app serves ``./static``, copied by ``./run.sh``; a stale copy of ``atlas-map.js`` there
    would draw the map with old code.
    """
    for asset in ASSETS.values():
        if asset.package != OWN_PACKAGE:
            continue
        source = asset_file(asset)
        target = Path(out) / asset.package / asset.path
        if not target.is_file() or target.read_bytes() != source.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    css = path.read_text(encoding="utf-8")

    def embed(match: re.Match) -> str:
        ref = match.group(2)
        if ref.startswith(("data:", "http:", "https:", "#")):
            return match.group(0)
        target = (path.parent / ref.split("?")[0].split("#")[0]).resolve()
        return f"url({_data_uri(target)})" if target.is_file() else "none"

    return re.sub(r"url\((['\"]?)([^'\")]+)\1\)", embed, css)


@functools.cache
def asset_code(name: str, node_modules: Path = NODE_MODULES) -> str:
    """An asset's text, ready to sit inside ``<script>`` or ``<style>`` (read once)."""
    asset = ASSETS[name]
    path = asset_file(asset, node_modules)
    minified = node_modules / asset.package / asset.inline_path if asset.inline_path else None
    if minified is not None and minified.is_file():
        path = minified
    if asset.is_css:
        return _inline_css(path).replace("</style", "<\\/style")
    return path.read_text(encoding="utf-8").replace("</script", "<\\/script")


class InlineAsset(Element):
    """A JS or CSS file written into the page itself.

    The file's text is template *data*, inserted once by a fixed template, never compiled as
    a Jinja template, so nothing in it is evaluated.
    """

    _template = Template(
        "{% if this.is_css %}<style>{{ this.code }}</style>"
        "{% else %}<script>{{ this.code }}</script>{% endif %}"
    )

    def __init__(self, name: str, node_modules: Path = NODE_MODULES):
        super().__init__()
        self._name = "InlineAsset"
        self.is_css = ASSETS[name].is_css
        self.code = asset_code(name, node_modules)
