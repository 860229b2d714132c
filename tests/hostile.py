"""A hostile corpus: payloads that would run code if any text reached HTML, JS or Jinja as code.

Every payload that could run script sets ``window.__pwned`` or opens a dialog; every Jinja
payload would print a canary word (``JINJA_RAN``, ``ABCX``) that its literal text does not
contain. :func:`build_hostile_root` writes a root laid out like the repository whose article
(added through ``add_article``), metadata, features, places, claims and aliases carry them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from geo.layout import REPO_ROOT, Layout

PAYLOADS = [
    "<script>window.__pwned='script';alert('script')</script>",
    "<img src=x onerror=\"window.__pwned='img';alert('img')\">",
    "<svg onload=alert('svg')></svg>",
    "\"'><img src=x onerror=alert('attr')>",
    "</script><script>window.__pwned='close'</script>",
    "<!-- <script>alert('comment')</script> -->",
    "javascript:alert('url')",
    "data:text/html,<script>alert('data')</script>",
    "{{lipsum.__globals__.os.popen('echo JINJA_'+'RAN').read()}}",
    "{{ 'abc'|upper }}X",
    "{% raw %}unclosed",
    "{# comment",
    "${window.__pwned='literal'}",
    "`;window.__pwned='backtick';`",
    "']});window.__pwned='json';//",
    "\u2028\u2029line separators",
    "\u202eRTL override\u202c and zero\u200bwidth\ufeff",
    "[click](javascript:alert('md')) ![img](http://127.0.0.1:9/x.png) **bold**",
    "x" * 3000,
]
# Words that appear only if a Jinja payload was evaluated.
JINJA_CANARIES = ["JINJA_RAN", "ABCX"]

ARTICLE_PATH = "hostile_article.txt"
HOSTILE_TITLE = "Title <script>alert('title')</script> {{ 'abc'|upper }}X ${alert(1)} `"
HOSTILE_PUBLISHER = "![pub](http://127.0.0.1:9/p.png) <b onmouseover=alert(1)>Press</b>"
HOSTILE_URL = "https://example.org/a?q=%22%3E%3Cscript%3E&b=${alert(1)}"


def hostile_article() -> str:
    """An article with one sentence per payload, each about a mapped pipeline."""
    lines = [
        f"The Baku-Tbilisi-Ceyhan pipeline report says {payload} about Ceyhan."
        for payload in PAYLOADS
    ]
    lines.append("The pipeline's `main` line carries Azeri oil from Baku to Ceyhan.")
    return "\n\n".join(lines) + "\n"


def _edit_json(path: Path, edit) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")


def _poison_features(doc: dict) -> None:
    for feature in doc["features"]:
        props = feature["properties"]
        if props["id"] in ("btc_pipeline", "baku_supsa_pipeline"):
            props["name"] = f"{props['name']} {PAYLOADS[1]} {PAYLOADS[8]} {PAYLOADS[12]}"
            props["notes"] = " ".join(PAYLOADS[:16])
            props["capacity"] = PAYLOADS[13]
            props["operator"] = PAYLOADS[0]
            props["sources"] = [
                {"title": PAYLOADS[3], "url": "https://example.org/source", "kind": "press"},
                *props["sources"],
            ]


def _poison_points(doc: dict) -> None:
    for feature in doc["features"]:
        props = feature["properties"]
        if props["id"] == "ceyhan_terminal":
            props["name"] = f"Ceyhan {PAYLOADS[1]} {PAYLOADS[9]}"
            props["notes"] = PAYLOADS[4]


def _poison_claims(doc: list) -> None:
    for claim in doc[:3]:
        claim["places"] = [*claim.get("places", []), PAYLOADS[1]]
        claim["flags"] = [PAYLOADS[0], PAYLOADS[12]]


def _poison_sources(doc: list) -> None:
    for record in doc[:2]:
        record["title"] = f"{record['title']} {PAYLOADS[0]} {PAYLOADS[9]}"
        record["publisher"] = HOSTILE_PUBLISHER


def build_hostile_root(dest: Path) -> Path:
    """Write a hostile root at ``dest`` and add the hostile article to it.

    Parameters
    ----------
    dest : Path
        A folder that does not exist yet.

    Returns
    -------
    Path
        ``dest``, now holding data/ and seeds/.
    """
    from geo.articles import add_article

    shutil.copytree(REPO_ROOT / "data", dest / "data")
    shutil.copytree(REPO_ROOT / "seeds", dest / "seeds")
    features = dest / "data" / "features"
    _edit_json(features / "pipelines.geojson", _poison_features)
    _edit_json(features / "ports_terminals.geojson", _poison_points)
    _edit_json(dest / "data" / "claims" / "sp_go_around_russia.json", _poison_claims)
    _edit_json(dest / "seeds" / "sources.json", _poison_sources)
    _edit_json(
        dest / "data" / "aliases.json",
        lambda doc: doc["btc_pipeline"].append("${alert('alias')}"),
    )
    article = dest / ARTICLE_PATH
    article.write_text(hostile_article(), encoding="utf-8")
    add_article(
        article,
        title=HOSTILE_TITLE,
        publisher=HOSTILE_PUBLISHER,
        url=HOSTILE_URL,
        date="2025-10-21",
        author=PAYLOADS[2],
        perspective=PAYLOADS[12],
        layout=Layout(dest),
    )
    return dest
