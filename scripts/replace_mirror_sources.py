"""One-off (issue 8): replace Wikipedia-mirror citations in data/ by the original article.

A mirror's url names the article it copies; this maps it to that article on
xx.wikipedia.org (the edition the mirror copies), keeps any description the old title
carried, drops document mirrors, and gives every source a ``kind``. Run from the repo root.
"""

import glob
import json
import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

sys.path.insert(0, "scripts")
from apply_alignments import dump

MIRRORS = json.loads(Path("data/source_hosts.json").read_text("utf-8"))["mirrors"]

LANG_OF = {  # mirror host -> the Wikipedia edition whose article it copies
    "perceptio": "ru",
    "wiki7.org": "ru",
    "ru.wikipedia-on-ipfs.org": "ru",
    "wiki-org.ru": "ru",
    "railroad.wikisort.org": "ru",
    "xn--h1ajim.xn--p1ai": "ru",
    "arc.ask3.ru": "ru",
    "mgwiki.top": "de",
    "wikial.top": "de",
    "wikibrief.org": "de",
    "dewiki.de": "de",
    "de.m.wiki.x.io": "de",
    "defzone.net": "de",
    "de.abcdef.wiki": "de",
    "de.wiki.li": "de",
    "wikide.org": "de",
    "wikiup.org": "de",
    "de-academic.com": "de",
    "marefa.org": "ar",
    "nina.az": "az",
    "depl.abcdef.wiki": "de",
    "it.abcdef.wiki": "it",
    "frwiki.wiki": "fr",
    "iiab.me": "fr",
    "thereaderwiki.com": "sco",
}

# Manual: where the article title is not in the url, or the mirror is not a plain copy.
MANUAL = {
    "https://arc.ask3.ru/arc/aa/fc/71/fc58689345ae4482e850510745530d71__translat.html": (
        "ru",
        "Железная дорога Баку — Тбилиси — Карс",
    ),
    "https://de-academic.com/dic.nsf/dewiki/1006040": ("de", "Naxçıvan (Stadt)"),
    "https://de-academic.com/dic.nsf/dewiki/1055608": ("de", "Ordubad (Stadt)"),
    "http://cryer.org.uk/Beyuk_Kesik": ("en", "Böyük Kəsik"),
    "https://it.qaz.wiki/wiki/Sangachal_Terminal": ("en", "Sangachal Terminal"),
    "https://pt.qwertyu.wiki/wiki/Sangachal_terminal": ("en", "Sangachal Terminal"),
    "https://nl.frwiki.wiki./wiki/Akhalkalaki": ("en", "Akhalkalaki"),
    "https://www.travelxj.cn:8443/e/action/ShowInfo/?classid=114&id=1470": ("en", "Astana"),
    "https://the-uncensored-wiki.com:20082/articles/p/o/r/Port_of_Constan%C5%A3a_2225.html": (
        "en",
        "Port of Constanța",
    ),
    "http://the-uncensored-wiki.com:20082/articles/p/o/r/Port_of_Constan%C5%A3a_2225.html": (
        "en",
        "Port of Constanța",
    ),
    "http://the-uncensored-wiki.com:20082/articles/s/a/r/Sary_Shagan_1c27.html": (
        "en",
        "Sary Shagan",
    ),
    "https://wiki.kidzsearch.com/wiki/G%C9%99nc%C9%99": ("en", "Ganja, Azerbaijan"),
    "https://liquisearch.com/karabakh": ("en", "Karabakh"),
    "http://maps.thefullwiki.org/South_Caucasus": ("en", "South Caucasus"),
    "https://wikisum.wiki/wiki/Central_Asian": ("en", "Central Asia"),
    "https://wikisum.wiki/wiki/Sary_Shagan": ("en", "Sary Shagan"),
    "https://world.wikisort.org/armenia/en/Armenia/Nrnadzor": ("en", "Nrnadzor"),
    "https://hessslslslsls.azureedge.net/wiki/Horadiz": ("en", "Horadiz"),
    "http://movatter.jp/mt/?dark=on&url=https%3A%2F%2Fwikipedia.org%2Fwiki%2FSharur": (
        "en",
        "Sharur",
    ),
    "https://www.wiki.az-az.nina.az/%C5%9Eahtaxt%C4%B1.html": ("az", "Şahtaxtı"),
}
DROP = {
    "docslib.org",
    "dokumen.tips",
}  # document mirrors: their facts are now in traced geometry or notes


def article_from(url):
    parts = urlsplit(url)
    q = parse_qs(parts.query)
    for key in ("arsae", "arg", "url"):
        if key in q:
            inner = q[key][0]
            h = urlsplit(inner).hostname or ""
            lang = (
                h.split(".")[0]
                if h.endswith("wikipedia.org") and h.split(".")[0] not in ("wikipedia", "m")
                else "en"
            )
            return lang, unquote(inner.rsplit("/wiki/", 1)[1])
    for key in ("title", "q", "word"):
        if key in q:
            return (q.get("lang", [None])[0]), q[key][0]
    path = unquote(parts.path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    last = re.sub(r"\.html?$", "", last)
    return None, last


def lang_for(host, url):
    for k, v in LANG_OF.items():
        if k in host:
            return v
    m = re.search(r"wikipedia_([a-z]{2,3})_", url)
    if m:
        return m.group(1)
    m = re.search(r"/wiki/(de|en|it|ru)/", url)
    if m:
        return m.group(1)
    return "en"


def host_of(url):
    return (urlsplit(url).hostname or "").lower()


def is_mirror(url):
    h = host_of(url)
    return any(h == m or h.endswith("." + m) for m in MIRRORS)


def wiki_url(lang, title):
    title = title.replace(" ", "_")
    safe = "_(),'-"
    return f"https://{lang}.wikipedia.org/wiki/{quote(title, safe=safe)}"


def fix(src):
    url = src["url"]
    h = host_of(url)
    if h == "en.m.wikipedia.org" or h == "sco.m.wikipedia.org":
        src["url"] = url.replace(".m.wikipedia.org", ".wikipedia.org")
        return src
    if re.match(r"https?://[a-z]+\.wikipedia\.org/", url) and (
        "?oldid" in url or "&oldid" in url or "?ns=" in url
    ):
        base = url.split("?")[0]
        src["url"] = base.replace("http://", "https://")
        return src
    if not is_mirror(url):
        return src
    if any(h.endswith(d) for d in DROP):
        return None
    if url in MANUAL:
        lang, title = MANUAL[url]
    else:
        qlang, title = article_from(url)
        lang = qlang or lang_for(h, url)
        title = re.sub(r"_[0-9a-f]{4}$", "", title)
    new = wiki_url(lang, title)
    old_title = src["title"]
    desc = ""
    m = re.search(r"\)\s*:\s*(.+)$|:\s+([^:]+)$", old_title)
    if m:
        desc = m.group(1) or m.group(2)
    m2 = re.search(r"\(([^()]*(?:mirror|kiwix|via|copy|translation|summary)[^()]*)\)", old_title)
    extra = ""
    if m2:
        bits = [
            b.strip()
            for b in m2.group(1).split(";")
            if not re.search(
                r"mirror|kiwix|via|copy|translation|summary|dump|piglix|wikisum|eudic|sagapedia|ipfs|wikisort|ask3|the-uncensored|TheFree|proxy|Sagapedia",
                b,
            )
        ]
        bits = [
            b
            for b in bits
            if b
            not in (
                "de",
                "en",
                "ru",
                "it",
                "sco",
                "pl",
                "fi",
                "da",
                "sv",
                "pt",
                "hu",
                "es",
                "nl",
                "fr",
                "ar",
                "az",
                "Wikipedia",
                "Wikipedia de",
                "Wikipedia ru",
                "Wikipedia ar",
                "Wikipedia it",
                "Wikipedia az",
            )
        ]
        extra = "; ".join(bits)
    label = title.replace("_", " ")
    new_title = f"{label} — Wikipedia ({lang})"
    tail = "; ".join(x for x in (extra, desc) if x)
    if tail:
        new_title += f": {tail}"
    return {
        **{k: v for k, v in src.items() if k not in ("url", "title")},
        "title": new_title,
        "url": new,
    }


OPERATOR = {
    "www.bp.com",
    "bp.com",
    "www.cpc.ru",
    "ady.az",
    "www.tap-ag.com",
    "tap-ag.com",
    "tap-ag.al",
    "www.gogc.ge",
    "kuryk.kz",
    "www.port.odessa.ua",
    "www.digitalsilkway.az",
    "index1520.com",
}
GOV = {"mincom.gov.az", "openknowledge.worldbank.org", "uic.org", "aircenter.az", "www.scoop.co.nz"}
TRACKER = {"www.gem.wiki"}
DATASET = {"www.geonames.org", "pypi.org", "www.naturalearthdata.com", "github.com"}
ENCY = {"georgianencyclopedia.ge", "ulagat.com", "www.egtre.info"}
REPORT = {
    "www.eisa.com.ge",
    "en.sudohodstvo.org",
    "seatrade.ru",
    "www.boutros.com.tr",
    "gac.com",
    "ports.marinelink.com",
    "www.limenproject.net",
    "iene.eu",
}
WEB = {
    "whereongoogleearth.net",
    "forum.tr.ru",
    "yablor.ru",
    "www.armorthemes.com",
    "www.ceca2018.ge",
    "myoceanhome.com",
    "obzorurokov.ru",
    "www.whereig.com",
    "editions.covecollective.org",
    "geosite.jankrogh.com",
    "live-avles.blogspot.com",
    "worldpopulationreview.com",
    "eurasia.travel",
    "www.orexca.com",
    "oceansky-logistics.com",
    "www.museo-virtuale.it",
    "haqqinda.az",
    "www.videoguide.ro",
}


def kind_of(url):
    h = host_of(url)
    if h.endswith("wikipedia.org"):
        return "encyclopedia"
    for group, k in (
        (OPERATOR, "operator"),
        (GOV, "government"),
        (TRACKER, "tracker"),
        (DATASET, "dataset"),
        (ENCY, "encyclopedia"),
        (REPORT, "report"),
        (WEB, "web"),
    ):
        if h in group:
            return k
    return "press"


def fix_list(sources):
    out, seen = [], set()
    for s in sources:
        s = fix(dict(s))
        if s is None:
            continue
        if s["url"] in seen:
            continue
        seen.add(s["url"])
        s["kind"] = (
            s.get("kind") if s.get("kind") and s.get("kind") != "mirror" else kind_of(s["url"])
        )
        if not s.get("kind"):
            s["kind"] = kind_of(s["url"])
        out.append(s)
    return out


def walk(o):
    if isinstance(o, dict):
        for k, v in list(o.items()):
            if k == "sources" and isinstance(v, list) and v and isinstance(v[0], dict):
                o[k] = fix_list(v)
            elif k == "published_length_source" and isinstance(v, dict):
                nv = fix(dict(v))
                if nv:
                    nv["kind"] = kind_of(nv["url"])
                o[k] = nv
            else:
                walk(v)
    elif isinstance(o, list):
        for x in o:
            walk(x)


if __name__ == "__main__":
    for f in sorted(glob.glob("data/features/*.geojson")):
        d = json.loads(Path(f).read_text("utf-8"))
        walk(d)
        Path(f).write_text(dump(d), "utf-8")
    for f in ["data/places.json"]:
        t = Path(f).read_text("utf-8")
        d = json.loads(t)
        walk(d)
        Path(f).write_text(
            json.dumps(
                d,
                ensure_ascii=False,
                indent=1 if t.startswith("[\n ") and not t.startswith("[\n  ") else 2,
            )
            + "\n",
            "utf-8",
        )
