"""Propose claims for an article never seen before: sentences that name mapped features or
places, with their offsets, linked features, places, quantities and a topic.

A feature is linked for one of three reasons, each written into the proposal's ``links`` so
that a curator can accept or reject it:

- an alias of it is named (``data/aliases.json``, matched by :mod:`geo.names`);
- its town is named in a sentence about shipping or naming a corridor with a sea leg ("by
  tanker from Aktau to Baku", "the ports of Poti and Batumi", «паромы из Туркменбаши в
  Алят», "the Middle Corridor runs through Aktau"): the town of a port or terminal is read
  from its aliases ("port of Aktau", "порт Актау") and resolved through the gazetteer;
- a back-reference ("the pipeline", "this corridor", «трубопровод», or a sentence opening with
  "It"/«Он») to the last feature of that kind named at most ``BACK_REFERENCE_SENTENCES``
  sentences earlier in the same paragraph block, or at the end of the previous block when the
  reference opens its sentence ("The line, opened in 2017, runs ...").

A leg of a corridor that has no alias of its own (the Kuryk–Alat ferry, the Almaty–Beyneu
railway) is linked when the sentence names it by its two ends joined by a dash, describes
travel between its ends, or names two or more of its stations (:mod:`geo.legs`); in a route
named by its ends ("the Kuryk–Alat ferry") those towns are neither places nor ports.

A town in a wire dateline ("BAKU, Azerbaijan — ...") is a place but never stands for its port.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

from pyproj import Geod
from shapely.geometry import Point

from geo.catalog import Catalog
from geo.gazetteer import DASH_CLASS, PROPER_NAMES, AliasMatcher, Gazetteer, Mention, Place
from geo.legs import Leg, build_legs, find_legs, station_key
from geo.names import NameIndex
from geo.quantities import parse_quantities
from geo.sentences import split_sentences
from geo.topics import classify_topic

# A claim quotes one sentence; a span longer than this is a table, a list run together or
# junk, not a sentence, and is not proposed (the longest curated quote is under 500).
MAX_QUOTE_CHARS = 2000
# A back-reference reaches this many sentences back, no further.
BACK_REFERENCE_SENTENCES = 2
# References do not reach across a blank line (a new paragraph) in prose whose paragraphs
# hold several sentences; where most paragraphs are one sentence (wire copy, Russian news),
# a blank line is layout, not a change of subject, and references reach across it.
RESET_AT_PARAGRAPH = True
ONE_SENTENCE_PARAGRAPHS = 0.6  # the share of one-sentence paragraphs that makes it layout
PORT_KINDS = frozenset({"port", "terminal"})
# "the corridor", "this pipeline", "the consortium's pipeline": a reference back to the last
# feature of that kind named.
_BACK_REFERENCE = re.compile(
    r"\b(?:the|this|that|its)\s+(?:[\w-]+['’]s\s+)?(?:[A-Z][\w-]+\s+){0,2}"
    # "the marine terminal", "the double-track, electrified line": lower-case words between
    # ("that such a pipeline", "the new line" name another one)
    r"(?:(?!(?:a|an|such|another|other|new|second|any|each|every)\b)[a-z0-9][\w,-]*,?\s+){0,2}"
    r"(corridor|route|pipeline|pipe|railway|line|port|seaport|harbou?r|terminal|cable|"
    r"consortium|system)\b",
    re.I,
)
# The same in Russian, any case: «трубопровод», «по этому маршруту», «линия».
_RU_BACK_REFERENCE = re.compile(
    r"(?<![\w-])(трубопровод|нефтепровод|газопровод|консорциум|маршрут|коридор|труб|"
    r"железн\w+\s+дорог|дорог|порт|терминал|лини)"
    # «терминал «Шесхарис»», «порт «Кавказ»»: a kind word before a quoted name names a new one.
    r"(?:[а-яё]{0,3})(?![\w-])(?!\s*[«„\"])",
    re.I,
)
_RU_KINDS = {
    "трубопровод": "pipeline",
    "нефтепровод": "pipeline",
    "газопровод": "pipeline",
    "труб": "pipeline",  # «по трубе», «держит трубу»
    "консорциум": "consortium",
    "маршрут": "route",
    "коридор": "corridor",
    "порт": "port",
    "терминал": "terminal",
    # «дорога» alone, after a railway is named: «Дорога проходит через Физули».
    "дорог": "railway",
    "лини": "line",  # «линия», «линии»: a railway, a pipeline or a ferry line
}
_RU_MASCULINE = frozenset(
    {"трубопровод", "нефтепровод", "газопровод", "маршрут", "коридор", "порт", "терминал"}
)
_RU_PLURAL = frozenset({"ы", "ов", "ам", "ами", "ах"})
# A capitalised qualifier with a hyphen or a second capital ("East-West", "Soviet-era",
# "Borzhakty-Ersai") names a different route; demonyms ("the Georgian line") do not.
_NAMED_QUALIFIER = re.compile(r"\s[A-Z][\w]*-[\w-]+\s")
_RU_PLURAL_BEFORE = re.compile(
    r"(?<![\w-])(?:эти|этих|этими|все|всех|обе|оба|обеих|обоих|две|два|три|четыре)\s+$", re.I
)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# A sentence whose subject is a pronoun standing for the last feature named.
_PRONOUN_OPENING = re.compile(
    # "It", "Its", «По нему», also after a short opening phrase ("At the border it feeds").
    r"(?:(?:At|On|In|From|Since|For|By|Along)(?:\s+[\w'’-]+){1,3},?\s+(?=it\b|its\b)"
    # "Eight years on, its weak point ...": any short phrase closed by a comma
    r"|[A-Z][\w'’-]*(?:\s+[\w'’-]+){0,3},\s+(?=it\b|its\b)"
    r"|(?:There|Then|Now|Today|Later|Since\s+then),?\s+(?=it\b))?"
    r"(?:It|Its|it|its|Он|Она|Его|Её|Ее|(?:По|Через|На)\s+(?:нему|него|ней|неё|нее))(?![\w-])"
)
# "pumped ... through it", "Kazakh crude reaches it": the pronoun as an object, for the
# feature the sentence before was about.
_PRONOUN_OBJECT = re.compile(
    r"\b(?:through|via|into|along|reach(?:es|ed)?|joins?|feeds?)\s+it\b"
    r"|(?<![\w-])(?:по|через)\s+(?:нему|него|ней|неё|нее)(?![\w-])"
    r"|(?<![\w-])(?:её|ее)(?![\w-])",
    re.I,
)
# "both ports", «оба порта»: the last two ports named (the first word and the noun stand for
# one each, so that "from both ports to Alat" names both ferry legs).
_BOTH_PORTS = re.compile(
    r"\b(both|the\s+two)\s+(ports)\b|(?<![\w-])(оба|обоих|двух)\s+(порт[а-яё]*)(?![\w-])", re.I
)
# What a sentence is about: a name or reference that opens it, after at most "The".
_SUBJECT_LEAD = re.compile(
    r"[\W_]*(?:the\s+)?(?:(?:terminal|port|line|railway|pipeline)\s+(?:at|of|in)\s+)?$", re.I
)
_REFERENCE_KINDS = {
    "corridor": ("corridor",),
    "route": ("corridor", "sea_route", "railway"),
    "pipeline": ("pipeline",),
    "railway": ("railway",),
    # A ferry service is a "line" too («регулярной линии» after the Kuryk–Alat ferry).
    "line": ("railway", "pipeline", "cable", "sea_route"),
    "port": ("port",),
    "seaport": ("port",),
    "harbour": ("port",),
    "harbor": ("port",),
    # "the terminal", «терминал», "the consortium's marine terminal": the last terminal named.
    "terminal": ("terminal",),
    "cable": ("cable",),
    "pipe": ("pipeline",),
    # "The system is three pipelines" after the Southern Gas Corridor, "the system" after a line
    "system": ("corridor", "pipeline"),
    # "the consortium", «консорциум»: the last pipeline named, if a consortium runs it.
    "consortium": ("pipeline",),
}
_CONSORTIUM = re.compile(r"consortium|консорциум", re.I)
# "Its port", "the city's seaport": the port of the town named before.
_TOWNS_PORT = re.compile(r"(?:its|the\s+(?:city|town)['’]s)\s+(?:sea)?port|harbou?r", re.I)
# "the marine terminal", «морским терминалом»: a pipeline's export end, not where it starts.
_MARINE = re.compile(r"\b(?:marine|export|sea|loading)\s+$|(?<![\w-])морск[а-яё]*\s+$", re.I)
# Words that make a sentence about shipping, so that a port town named in it stands for its
# port: "tanker", "ferries", "shipped", "berths", «паромы», «танкерами», «перевалка».
_SHIPPING = re.compile(
    r"\b(?:ports?|seaports?|harbou?rs?|ferr(?:y|ies)|tankers?|vessels?|ships?|shipped|"
    r"shipments?|shipping|sail(?:s|ed|ings?)?|berths?|barges?|feeders?|container\s+(?:hub|terminal)s?|"
    r"ro-ro|by\s+sea|cargoes)\b"
    # "where crude from the pipeline is loaded": crude or oil loaded is loaded onto tankers
    r"|\b(?:crude|oil)\b[^.;]{0,60}?\bload(?:s|ed|ing)?\b"
    r"|(?<![\w-])(?:порт|паром|танкер|судн|суда|причал|перевал|перегруж|отгруз|отгруж|морск\w*\s+порт)"
    r"[а-яё]*",
    re.I,
)
_SHIPPING_UNLESS_RAIL = re.compile(r"\bboxes\b|\bload(?:s|ed|ing)?\s+(?:at|in)\b", re.I)
# "terminals", «терминал»: a sentence about a port town's terminals is about its port, unless
# the terminal is one of the mapped ones ("the Sangachal terminal near Baku").
_TERMINAL_WORD = re.compile(r"\bterminals?\b|(?<![\w-])терминал[а-яё]*", re.I)
# A town named as where something else is ("the terminal near Novorossiysk", «под Баку»).
_NEAR = re.compile(
    r"(?:\b(?:near|outside|(?:north|south|east|west)\s+of)"
    r"|(?<![\w-])(?:под|к\s+(?:северу|югу|востоку|западу)\s+от))\s+$",
    re.I,
)
# Words that make a sentence about rail ("wagons", "the state railway", «вагоны»).
_RAIL_WORDS = re.compile(
    r"\b(?:rail\w*|trains?|wagons?|main\s+line|tracks?)\b"
    r"|(?<![\w-])(?:поезд|вагон|железн|магистрал)[а-яё]*",
    re.I,
)
# Phrases that name a port's town in an alias: "port of Aktau", "Aktau port", "порт Актау".
_TOWN_IN_ALIAS = (
    re.compile(r"^(?:new\s+)?port\s+of\s+(.+)$", re.I),
    re.compile(r"^(.+?)\s+(?:sea\s+)?(?:port|seaport|terminal|harbou?r)$", re.I),
    re.compile(r"^(?:морской\s+)?порт\s+(.+)$", re.I),
)


def _kind_of(feature_id: str, catalog: Catalog) -> str | None:
    return catalog.kind(feature_id)


def _port_towns(
    aliases: dict[str, list[str]], gazetteer: Gazetteer, catalog: Catalog
) -> dict[str, str]:
    """``{canonical place name: port or terminal id}`` read from the ports' aliases."""
    towns: dict[str, str] = {}
    for feature_id, names in aliases.items():
        if _kind_of(feature_id, catalog) not in PORT_KINDS:
            continue
        for alias in names:
            for pattern in _TOWN_IN_ALIAS:
                match = pattern.match(alias.strip())
                place = gazetteer.resolve(match.group(1)) if match else None
                if place is None or place.kind == "country":
                    continue
                if _km(place, catalog.get(feature_id)["geometry"]) <= MAX_TOWN_KM:
                    towns.setdefault(place.name, feature_id)
    return towns


def _km(place: Place, point: Point) -> float:
    """Geodesic distance in km from a gazetteer place to a feature's point."""
    return _GEOD.inv(place.lon, place.lat, point.x, point.y)[2] / 1000


def _short_railways(catalog: Catalog, gazetteer: Gazetteer) -> dict[str, frozenset[str]]:
    """``{railway id: places}`` for railways under ``SHORT_RAILWAY_KM``: the regions its name
    names ("Syunik (Meghri) section") and the towns of its name and waypoints that lie
    within ``SHORT_RAILWAY_NEAR_KM`` of the line (Meghri, Agarak; not Horadiz or Julfa)."""
    out: dict[str, frozenset[str]] = {}
    for feature_id in catalog.ids():
        feature = catalog.get(feature_id)
        length = feature.get("length_km")
        geom = feature.get("geometry")
        if feature.get("kind") != "railway" or not length or length > SHORT_RAILWAY_KM:
            continue
        words = re.findall(r"[^\W\d_][\w'’-]*", str(feature.get("name") or ""))
        words += [str(w.get("name") or "") for w in feature.get("waypoints") or []]
        places = set()
        for word in words:
            place = gazetteer.resolve(re.sub(r"\s*\(.*", "", word))
            if place is None or place.kind == "country":
                continue
            near = _km_to_line(place, geom) <= SHORT_RAILWAY_NEAR_KM
            if near or place.kind in ("region", "province"):
                places.add(place.name)
        if places:
            out[feature_id] = frozenset(places)
    return out


def _km_to_line(place: Place, line) -> float:
    """Geodesic km from a place to the nearest vertex of a line (dense enough here)."""
    coords = [c for part in getattr(line, "geoms", [line]) for c in part.coords]
    return min(_GEOD.inv(place.lon, place.lat, x, y)[2] for x, y in coords) / 1000


def _distant_towns(towns: dict[str, str], gazetteer: Gazetteer, catalog: Catalog) -> frozenset[str]:
    """Towns whose port lies far outside them (Baku, 59 km from its port at Alat): "Baku"
    is its port only as where ships go to or come from, not as a seat of government."""
    out = set()
    for town, feature_id in towns.items():
        place = gazetteer.resolve(town)
        if place and _km(place, catalog.get(feature_id)["geometry"]) > NEAR_PORT_KM:
            out.add(town)
    return frozenset(out)


def _sea_corridors(catalog: Catalog) -> frozenset[str]:
    """Sea routes, and corridors with a sea leg (the Middle Corridor's ferries): naming one
    makes a sentence about shipping. A land corridor (Zangezur) or a pipeline system (the
    Southern Gas Corridor) does not: "Baku calls it the Zangezur corridor" is about Baku,
    not its port."""
    ids = catalog.ids()
    sea = {f for f in ids if _kind_of(f, catalog) == "sea_route"}
    parents = {catalog.get(f).get("corridor") for f in sea}
    return frozenset(sea | {p for p in parents if p in ids})


# A port's town lies at most this far from it ("CPC terminal" is no town: the airport code
# CPC is in Argentina); beyond NEAR_PORT_KM the town is its port only in travel to or from it.
MAX_TOWN_KM = 100
NEAR_PORT_KM = 30
_GEOD = Geod(ellps="WGS84")
# "to Baku", "from Baku", «в Баку», «из Баку»: travel to or from a town.
_TRAVEL_BEFORE = re.compile(
    r"(?:\b(?:to|from|into|at|for)|(?<![\w-])(?:в|во|из|до|к))\s+(?:the\s+)?$", re.I
)
# A railway this short is named by a sentence about rail at one of its places ("trains would
# cross 42 km of Armenian territory in Syunik province": the Syunik section), and those are
# the regions named in its name and the towns within SHORT_RAILWAY_NEAR_KM of it.
SHORT_RAILWAY_KM = 60
SHORT_RAILWAY_NEAR_KM = 10
_SECTION_WORDS = re.compile(
    r"\b(?:section|stretch|segment)\b|(?<![\w-])(?:участ|отрез)[а-яё]*", re.I
)
# A terminal this close to a pipeline's end is where it ends (Supsa is 4 km off the drawn end).
END_TERMINAL_DEGREES = 0.1


def _end_terminals(catalog: Catalog) -> dict[str, tuple[str, bool]]:
    """``{pipeline id: (terminal at its end, the only terminal at its ends)}``: "the marine
    terminal" after the BTC is Ceyhan; "the terminal" after the CPC is its marine terminal,
    since a field (Tengiz) is no terminal, but after the BTC it could be Sangachal too."""
    frame = catalog.features
    terminals = frame[(frame["kind"] == "terminal") & ~frame["id"].str.endswith("_field")]
    out: dict[str, tuple[str, bool]] = {}
    for _, row in frame[frame["kind"] == "pipeline"].iterrows():
        geom = row.geometry
        if geom is None or geom.is_empty or terminals.empty:
            continue
        lines = list(getattr(geom, "geoms", [geom]))
        ends = []
        for point in (Point(lines[0].coords[0]), Point(lines[-1].coords[-1])):
            with warnings.catch_warnings():  # degrees are fine for "within a few km"
                warnings.simplefilter("ignore", UserWarning)
                distance = terminals.geometry.distance(point)
            near = distance.idxmin()
            close = distance[near] <= END_TERMINAL_DEGREES
            ends.append(terminals.loc[near, "id"] if close else None)
        if ends[1]:
            out[row["id"]] = (ends[1], ends[0] is None)
    return out


@dataclass(frozen=True)
class _Indexes:
    """What ingest derives from the aliases, gazetteer and catalog, built once per batch."""

    towns: dict[str, str]  # canonical town -> its port or terminal
    legs: list[Leg]
    sea_corridors: frozenset[str]
    end_terminals: dict[str, tuple[str, bool]]
    consortia: frozenset[str]  # pipelines run by a consortium (an alias says so)
    distant_towns: frozenset[str]  # towns far from their port (Baku)
    short_railways: dict[str, frozenset[str]]  # a short railway -> the places it lies at
    # Proper-name aliases in lower case ("the western route", «северного маршрута»): they name
    # their feature only once it has been named in the article.
    lowered_names: NameIndex


def _indexes(matcher: AliasMatcher, gazetteer: Gazetteer, catalog: Catalog) -> _Indexes:
    """:class:`_Indexes` for (matcher, gazetteer, catalog), kept on the matcher: resolving every
    port alias and leg station through the gazetteer costs milliseconds that were paid
    again for every article of a batch."""
    cache = matcher.__dict__.setdefault("_indexes_cache", [])
    for cached_gazetteer, cached_catalog, indexes in cache:
        if cached_gazetteer is gazetteer and cached_catalog is catalog:
            return indexes
    towns = _port_towns(matcher.aliases, gazetteer, catalog)
    indexes = _Indexes(
        towns,
        build_legs(catalog, gazetteer, towns, set(matcher.aliases)),
        _sea_corridors(catalog),
        _end_terminals(catalog),
        frozenset(
            f
            for f, names in matcher.aliases.items()
            if _kind_of(f, catalog) == "pipeline" and any(_CONSORTIUM.search(n) for n in names)
        ),
        _distant_towns(towns, gazetteer, catalog),
        _short_railways(catalog, gazetteer),
        NameIndex(
            (name.lower(), feature_id)
            for feature_id, names in matcher.aliases.items()
            if feature_id in catalog.ids()
            for name in names
            if name in set(matcher.aliases.get(PROPER_NAMES, ()))
        ),
    )
    cache.append((gazetteer, catalog, indexes))  # references kept, so identity stays valid
    return indexes


def _link_end_terminal(
    sentence: str,
    links: dict[str, str],
    last_pipeline: tuple[str, int] | None,
    number: int,
    indexes: _Indexes,
    catalog: Catalog,
    spans: list[tuple[int, int]],
) -> None:
    """Link the terminal a pipeline ends at for a "terminal" in a sentence that names no
    terminal: after a pipeline named in this sentence or at most two before; "the marine
    terminal" is the export end, "the terminal" only where the pipeline starts at none
    (the CPC starts at a field, the BTC at Sangachal)."""
    if any(_kind_of(f, catalog) in PORT_KINDS and not f.endswith("_field") for f in links):
        return  # a terminal named, or a port whose terminal it is («в порту ..., где терминал»)
    pipes = [f for f in links if _kind_of(f, catalog) == "pipeline"]
    if not pipes and last_pipeline and number - last_pipeline[1] <= BACK_REFERENCE_SENTENCES:
        pipes = [last_pipeline[0]]
    if not pipes:
        return
    for word in _TERMINAL_WORD.finditer(sentence):
        if any(s <= word.start() < e for s, e in spans):
            continue  # part of a name ("Sangachal terminal")
        if re.match(r"\s*[«„\"“]", sentence[word.end() :]):
            continue  # «терминал «Шесхарис»»: a kind word before a quoted name names another
        window = max(0, word.start() - 20)
        marine = _MARINE.search(sentence[window : word.start()])
        for pipe in pipes:
            end = indexes.end_terminals.get(pipe)
            if end and (end[1] or marine):
                said = sentence[window + marine.start() if marine else word.start() : word.end()]
                links.setdefault(end[0], f"{said.strip()!r} after the {pipe} is where it ends")
                return


def _link_port_towns(
    sentence: str,
    place_mentions: list[Mention],
    links: dict[str, str],
    indexes: _Indexes,
    catalog: Catalog,
) -> None:
    """Link the port or terminal of each town named in a sentence about shipping (or naming a
    corridor with a sea leg), or about terminals: "terminals in Poti" is its port unless a
    mapped terminal is named ("the Sangachal terminal near Baku"); "the marine terminal at
    Ceyhan" is Ceyhan's terminal in any case."""
    towns = indexes.towns
    if not any(p.key in towns for p in place_mentions):
        return  # most sentences name no port town: no need to read them for shipping
    shipping = (
        # "freight could move by rail from Baku ... the Middle Corridor": a corridor with a
        # sea leg makes a sentence about shipping only when it is not about rail
        (any(f in indexes.sea_corridors for f in links) and not _RAIL_WORDS.search(sentence))
        or _SHIPPING.search(sentence)
        # "boxes go via Novorossiysk", "loaded at Ceyhan" are shipping; by rail they are not
        or (_SHIPPING_UNLESS_RAIL.search(sentence) and not _RAIL_WORDS.search(sentence))
    )
    terminal_word = bool(_TERMINAL_WORD.search(sentence))
    terminal_named = any(_kind_of(f, catalog) == "terminal" for f in links)
    # The dateline's town is where the story was filed from, also when the sentence names
    # it again («НОВОРОССИЙСК, 14 января. ... на терминале под Новороссийском»: the wire
    # splits no sentence after the date, and the terminal is not the port).
    filed_from = {p.key for p in place_mentions if _is_dateline(sentence, p)}
    for place in place_mentions:
        feature = towns.get(place.key)
        if feature is None or place.key in filed_from:
            continue
        before = sentence[max(0, place.start - 20) : place.start]
        if _NEAR.search(before):
            continue  # "the terminal near Novorossiysk" is not its port
        if place.key in indexes.distant_towns and not (
            _TRAVEL_BEFORE.search(before)
            or _listed_after_port(sentence, place, place_mentions, towns)
        ):
            continue  # "Baku still ships ...", «Для Баку»: the government, not the port
        if shipping:
            why = "in a sentence about shipping or a corridor with a sea leg"
        elif terminal_word and (_kind_of(feature, catalog) == "terminal" or not terminal_named):
            why = "in a sentence about terminals"
        else:
            continue
        links.setdefault(feature, f"port town {place.text!r} (gazetteer: {place.key}) {why}")


def _paragraphs_are_layout(text: str, sentences: list[tuple[int, int]]) -> bool:
    """Whether most paragraphs of ``text`` are a single sentence (wire copy, Russian news)."""
    sizes: list[int] = []
    previous_end = 0
    for start, end in sentences:
        if not sizes or "\n\n" in text[previous_end:start]:
            sizes.append(0)
        sizes[-1] += 1
        previous_end = end
    return bool(sizes) and sum(n == 1 for n in sizes) / len(sizes) >= ONE_SENTENCE_PARAGRAPHS


def _listed_after_port(
    sentence: str, place: Mention, place_mentions: list[Mention], towns: dict[str, str]
) -> bool:
    """Whether ``place`` follows a port town in a list ("with Aktau and Baku", «порты
    Туркменбаши и Баку»)."""
    before = [p for p in place_mentions if p.end <= place.start]
    return (
        bool(before)
        and before[-1].key in towns
        and bool(
            re.fullmatch(r"\s*(?:,|and|or|и|или)\s*", sentence[before[-1].end : place.start], re.I)
        )
    )


def _subject(
    sentence: str, mentions: list[Mention], links: dict[str, str], subject_refs: list[str]
) -> str | None:
    """The feature a sentence is about: named or referred to at its opening ("The BTC line
    runs ...", "The terminal at Yuzhnaya Ozereyevka handles ..."), or None."""
    if subject_refs:
        return subject_refs[0]
    for mention in mentions:
        if mention.key in links and _SUBJECT_LEAD.fullmatch(sentence[: mention.start]):
            return mention.key
    return None


# A route named by its ends, mapped or not ("the Tbilisi–Makhinjauri line", «линия
# Черноморск — Батуми»): the towns in it are the route's name, not places or ports.
_NAME = r"[A-ZА-ЯЁ][\w'’]*(?:\s[A-ZА-ЯЁ][\w'’]*)?"
_RUN = rf"{_NAME}(?:\s*{DASH_CLASS}\s*{_NAME})+"
_ROUTE_AFTER = re.compile(
    rf"({_RUN})\s+(?:(?:rail|oil|gas|ferry|road|sea|container|freight)\s+)?"
    r"(?:line|railway|rail\s+link|pipeline|route|branch|link|ferry|corridor|service|section|"
    r"road|highway|connection|shuttle)s?\b"
)
_ROUTE_BEFORE = re.compile(
    r"(?<![\w-])(?:лини|железн\w*\s+дорог|трубопровод|нефтепровод|газопровод|маршрут|участ|"
    rf"ветк|магистрал|паромн\w*\s+лини|перегон)[а-яё]*\s+({_RUN})",
    re.I,
)


def _is_country(name: str, gazetteer: Gazetteer) -> bool:
    place = gazetteer.resolve(name)
    return place is not None and place.kind == "country"


def _route_names(sentence: str) -> list[tuple[int, int]]:
    """Spans of routes named by their ends: two or more capitalised names joined by dashes
    before a route word ("the Tbilisi–Makhinjauri line") or after one («линия Поти —
    Констанца»)."""
    if not re.search(DASH_CLASS, sentence):
        return []
    spans = [m.span(1) for m in _ROUTE_AFTER.finditer(sentence)]
    return spans + [m.span(1) for m in _ROUTE_BEFORE.finditer(sentence)]


def _inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(s <= mention.start and mention.end <= e for s, e in spans)


def _places(
    places: list[Mention], features: list[Mention], catalog: Catalog, sentence: str
) -> list[Mention]:
    """Place mentions not inside a route's name ("Baku" in "Baku-Tbilisi-Ceyhan", "Caspian"
    in "Trans-Caspian"); the town in a port's name ("port of Aktau") and in a route described
    by it ("the railway through Meghri", «дорога через Мегри») stays a place."""
    routes = [m for m in features if _kind_of(m.key, catalog) not in PORT_KINDS]
    return [
        p
        for p in places
        # "the Sangachal terminal": the town names the terminal, as in a route's name
        if not _TERMINAL_AFTER.match(sentence, p.end)
        # "Trans-Caspian Gas Pipeline", "Caspian Pipeline Consortium": part of another name
        and not re.search(r"(?i)trans[-\u2010\u2011]$", sentence[max(0, p.start - 6) : p.start])
        and not (p.text == "Caspian" and re.match(r"\s+(?!Sea\b)[A-Z]", sentence[p.end :]))
        and not any(
            r.start <= p.start
            and p.end <= r.end
            and not _DESCRIBED_BY.search(sentence[r.start : p.start])
            for r in routes
        )
    ]


_TERMINAL_AFTER = re.compile(r"\s+(?:(?:oil|marine|sea|export|gas)\s+)?terminals?\b", re.I)
# A place a route's alias describes it by, not names it with ("railway through Meghri").
_DESCRIBED_BY = re.compile(
    r"\b(?:through|across|in|via|(?:bottom|floor|bed)\s+of(?:\s+the)?)\s+$"
    r"|(?<![\w-])(?:через|по|в|по\s+дну)\s+$",
    re.I,
)


def _is_dateline(sentence: str, place: Mention) -> bool:
    """Whether ``place`` is a wire story's dateline ("BAKU, Azerbaijan —", «БАКУ, 3 июня»):
    the town the story was filed from, not a port its sentence is about."""
    return place.start == 0 and place.text.isupper() and sentence[place.end : place.end + 1] == ","


def _back_references(sentence: str) -> list[tuple[str, str, bool, int]]:
    """``(kind word, text, opens the sentence, end)`` of each back-reference in a sentence,
    English or Russian."""
    found = [
        (m.group(1).lower(), m.group(0), _opens(sentence, m.start()), m.end())
        for m in _BACK_REFERENCE.finditer(sentence)
        # "the East-West energy corridor", "the Borzhakty-Ersai line": a name of another
        if not _NAMED_QUALIFIER.search(m.group(0))
    ]
    if not _CYRILLIC.search(sentence):
        return found  # the Russian words need Cyrillic letters; most sentences have none
    for match in _RU_BACK_REFERENCE.finditer(sentence):
        word = match.group(1).lower()
        kind = "railway" if word.startswith("железн") else _RU_KINDS.get(word)
        opening = _opens(sentence, match.start())
        if word.startswith("дорог") and not opening:
            continue  # «начала строить дорогу»: a bare «дорога» refers back only as subject
        if word in _RU_MASCULINE and match.group(0)[len(word) :].lower() in _RU_PLURAL:
            continue  # «порты», «маршрутов»: ports and routes in general, not the one named
        if _RU_PLURAL_BEFORE.search(sentence[max(0, match.start() - 12) : match.start()]):
            continue  # «эти трубы», «обе линии»: several, not the one named
        if kind:
            found.append((kind, match.group(0), opening, match.end()))
    return found


def _opens(sentence: str, start: int) -> bool:
    """Whether only opening quotes or brackets stand before ``start``."""
    return not sentence[:start].strip("\"“‘'«([ ")


def _leads(sentence: str, start: int) -> bool:
    """Whether ``start`` leads its sentence, after at most a preposition («По маршруту прошли»,
    "Along the line"): such a reference continues the paragraph before, though no subject."""
    return bool(_OPENING.fullmatch(sentence[:start]))


_OPENING = re.compile(
    r"[\"“‘'«(\[ ]*(?:(?:по|на|в|во|через|из|от|для|к|у|along|through|on|at|in|from|by|via)"
    r"\s+)?",
    re.I,
)


def propose_claims(
    text: str, matcher: AliasMatcher, gazetteer: Gazetteer, catalog: Catalog
) -> list[dict]:
    """Claims an analyst would likely keep, one per sentence that names a feature or place.

    Parameters
    ----------
    text : str
        The article, exactly as stored (offsets index into it); English or Russian.
    matcher : AliasMatcher
        Feature aliases from ``data/aliases.json``.
    gazetteer : Gazetteer
        Offline place lookup.
    catalog : Catalog
        Known features, for kinds and for dropping aliases of unknown ids.

    Returns
    -------
    list of dict
        ``quote``, ``start``, ``end``, ``feature_ids``, ``places``, ``topic``, ``quantities``
        (offsets into ``text``), and ``links`` saying why each feature was linked (the alias
        matched, the port town in a shipping sentence, or the back-reference and what it
        refers to). At most one per sentence, none for a span over ``MAX_QUOTE_CHARS``; the
        work is linear in the length of ``text`` (one automaton pass for all aliases and one
        for all place names).
    """
    known = catalog.ids()
    indexes = _indexes(matcher, gazetteer, catalog)
    towns, legs = indexes.towns, indexes.legs
    recent: dict[str, tuple[str, int]] = {}  # kind -> (last feature of that kind, sentence no.)
    # The previous paragraph's ``recent``: reached only by a reference that opens a sentence
    # ("The line, opened in 2017, runs...", «Консорциум модернизировал...»), the way a new
    # paragraph continues with the subject the last one ended on.
    carried: dict[str, tuple[str, int]] = {}
    # Features of the last linking sentence, its number and its subject (or None).
    last_named: tuple[list[str], int, str | None] | None = None
    named_before: set[str] = set()  # features named by an alias so far in the article
    last_consortium: str | None = None  # the last pipeline named that a consortium runs
    town_port: tuple[str, int] | None = None  # the port of the last port town named as a town
    recent_ports: list[tuple[str, int]] = []  # ports named so far, last last (for "both ports")
    carried_named = None  # the same for the previous paragraph: "It" opening one reaches it
    proposals = []
    previous_end = 0
    sentences = split_sentences(text)
    reset = RESET_AT_PARAGRAPH and not _paragraphs_are_layout(text, sentences)
    for number, (start, end) in enumerate(sentences):
        if reset and "\n\n" in text[previous_end:start]:
            # A new paragraph block: references reach across it only from a sentence's start.
            # "both ports" still counts the ports of the last two sentences, whatever the
            # paragraph ("... the port of Aktau. At Kuryk, ...\n\nFerries from both ports").
            carried, recent, town_port = recent, {}, None
            carried_named, last_named = last_named, None
        previous_end = end
        if end - start > MAX_QUOTE_CHARS:
            continue
        sentence = text[start:end]
        links: dict[str, str] = {}  # feature id -> why, in the order linked
        mentions = matcher.find(sentence)
        place_mentions = _places(gazetteer.find(sentence), mentions, catalog, sentence)
        # Legs named by their stations: places, and ports named by an alias ("Port of Baku").
        stations = [(p, station_key(p.key, towns)) for p in place_mentions]
        stations += [(m, m.key) for m in mentions if _kind_of(m.key, catalog) in PORT_KINDS]
        referred: list[tuple[Mention, str]] = []
        both = _BOTH_PORTS.search(sentence) if len(recent_ports) >= 2 else None
        pair = [f for f, n in recent_ports if number - n <= BACK_REFERENCE_SENTENCES][-2:]
        if both and len(pair) == 2 and not any(m.key in pair for m in mentions):
            words = [i for i in range(1, 5) if both.group(i)]
            for port, group in zip(pair, words, strict=True):
                referred.append((Mention(port, *both.span(group), both.group(group)), port))
                links.setdefault(port, f"{both.group(0)!r} refers back to it")
        leg_links, route_spans = find_legs(sentence, stations, legs, referred)
        named_routes = _route_names(sentence)
        if named_routes:
            # Towns in a route's name are not places; countries are («дорога Китай —
            # Киргизия — Узбекистан»).
            place_mentions = [
                p
                for p in place_mentions
                if not _inside(p, named_routes) or _is_country(p.key, gazetteer)
            ]
            route_spans += named_routes
        if route_spans:
            # "the Kuryk–Alat ferry": its towns are the route's name, not ports or places.
            mentions = [
                m
                for m in mentions
                if not (_kind_of(m.key, catalog) in PORT_KINDS and _inside(m, route_spans))
            ]
            place_mentions = [
                p for p in place_mentions if not _inside(p, route_spans) or _inside(p, named_routes)
            ]
        if _RAIL_WORDS.search(sentence) and not _SHIPPING.search(sentence):
            # "the state railway said wagons would continue west from Alat": a port's alias
            # that is only its town's name is the town in a sentence about rail, not shipping.
            bare_towns = {(p.start, p.end) for p in place_mentions if p.key in towns}
            mentions = [
                m
                for m in mentions
                if not (_kind_of(m.key, catalog) in PORT_KINDS and (m.start, m.end) in bare_towns)
            ]
        for mention in mentions:
            links.setdefault(mention.key, f"named as {mention.text!r} (alias)")
        for leg_id, why in leg_links.items():
            links.setdefault(leg_id, why)
        _link_port_towns(sentence, place_mentions, links, indexes, catalog)
        for hit in indexes.lowered_names.find(sentence) if named_before else ():
            if hit.value in named_before:
                links.setdefault(hit.value, f"{hit.text!r} after the article named it")
        named_kinds = {_kind_of(f, catalog) for f in links}
        subject_refs: list[str] = []  # features that a reference opening the sentence named
        named_at = [m.start for m in mentions] + [p.start for p in place_mentions]
        named_end = [m.end for m in mentions] + [p.end for p in place_mentions]
        for word, said, opening, said_end in _back_references(sentence):
            if word == "line" and named_kinds & set(_REFERENCE_KINDS[word]):
                continue  # «на линии Курык — Алят»: the line is the one named here
            # A subject that opens the sentence refers back even when another feature of its
            # kind is named later ("The Romanian port signed agreements with Aktau"), unless
            # the name follows it at once ("The port of Poti", "the line Kuryk–Alat").
            subject = opening and not any(
                at <= said_end + 6 and end > said_end - len(said)
                for at, end in zip(named_at, named_end, strict=True)
            )
            if (
                word == "pipeline"
                and _CONSORTIUM.search(said)
                and last_consortium
                and "pipeline" not in named_kinds
            ):
                # "the consortium's pipeline": one consortium runs a mapped pipeline, so the
                # reference reaches back across paragraphs ("the consortium" alone may be the
                # company: "The consortium did not comment").
                links.setdefault(last_consortium, f"{said!r} refers to the consortium's pipeline")
                if opening:
                    subject_refs.append(last_consortium)
                continue
            for kind in _REFERENCE_KINDS[word]:
                target = recent.get(kind)
                town_ref = kind == "port" and town_port and _TOWNS_PORT.match(said)
                if town_ref:
                    target = town_port  # "Batumi is served by a branch ... Its port handles"
                across = False
                leads = opening or _leads(sentence, said_end - len(said))
                if not target and leads and kind in carried:
                    target, across = carried[kind], True
                if (kind in named_kinds and not subject and not town_ref) or not target:
                    continue
                if word == "consortium" and target[0] not in indexes.consortia:
                    break  # «консорциум» after the Baku–Novorossiysk pipeline is no reference
                if number - target[1] <= BACK_REFERENCE_SENTENCES:
                    why = f"{said!r} refers back to it"
                    if across:
                        why = (
                            f"{said!r} opening a paragraph refers back to it (named at the "
                            "end of the one before)"
                        )
                    links.setdefault(target[0], why)
                    if opening:
                        subject_refs.append(target[0])
                break
        last_pipeline = recent.get("pipeline")
        if last_pipeline is None and _opens(sentence, 0):
            last_pipeline = carried.get("pipeline")
        spans = [(m.start, m.end) for m in mentions]
        _link_end_terminal(sentence, links, last_pipeline, number, indexes, catalog, spans)
        # "The BTC runs from Sangachal to Ceyhan": the town a linked pipeline ends at stands
        # for its end terminal, as a port town does for its port in a shipping sentence.
        ends = {indexes.end_terminals[f][0] for f in links if f in indexes.end_terminals}
        for place in place_mentions if ends else ():
            terminal = towns.get(place.key)
            if terminal in ends and not _NEAR.search(sentence[: place.start]):
                links.setdefault(terminal, f"{place.text!r}, where the pipeline named here ends")
        opening_pronoun = _PRONOUN_OPENING.match(sentence)
        pronoun = opening_pronoun or (last_named and _PRONOUN_OBJECT.search(sentence))
        before = last_named or (carried_named if opening_pronoun else None)
        if before and pronoun and number - before[1] == 1:
            ids, _, subject_id = before
            target = ids[0] if len(ids) == 1 else subject_id
            # A subject pronoun refers back even when the sentence names another feature of
            # the kind ("it feeds TANAP"); an object pronoun not ("... through it to TANAP").
            if target and (opening_pronoun or _kind_of(target, catalog) not in named_kinds):
                links.setdefault(target, f"{pronoun.group(0)!r} refers back to it")
        if indexes.short_railways and "railway" not in {_kind_of(f, catalog) for f in links}:
            at = {p.key: p.text for p in place_mentions}
            for railway, places in indexes.short_railways.items():
                named = [at[p] for p in places if p in at]
                if named and (_RAIL_WORDS.search(sentence) or _SECTION_WORDS.search(sentence)):
                    links.setdefault(railway, f"a sentence about rail at {named[0]!r}")
        feature_ids = [f for f in links if f in known]
        named_before.update(m.key for m in mentions)
        for feature_id in feature_ids:
            kind = _kind_of(feature_id, catalog)
            if kind == "terminal" and feature_id.endswith("_field"):
                # An oil or gas field (Tengiz) is recorded with kind "terminal" for lack of a
                # field kind; "the terminal" after it means a real terminal, never the field.
                continue
            if kind:
                recent[kind] = (feature_id, number)
            if kind == "port":
                recent_ports = [p for p in recent_ports if p[0] != feature_id]
                recent_ports.append((feature_id, number))
        last_consortium = next(
            (f for f in reversed(feature_ids) if f in indexes.consortia), last_consortium
        )
        for place in place_mentions:
            port = towns.get(place.key)
            if port and port not in feature_ids and _kind_of(port, catalog) == "port":
                town_port = (port, number)  # "Batumi is served by a branch ..."
        if feature_ids:
            # Its subject, or else the feature named last in it ("Gas ... enters the South
            # Caucasus Pipeline. At the border it feeds TANAP": it is the pipeline).
            subject = _subject(sentence, mentions, links, subject_refs)
            named_last = [m.key for m in mentions if m.key in feature_ids]
            last_named = (feature_ids, number, subject or (named_last[-1] if named_last else None))
        places = list(dict.fromkeys(m.key for m in place_mentions))
        if not feature_ids and not places:
            continue
        quantities = [
            {**q, "start": q["start"] + start, "end": q["end"] + start}
            for q in parse_quantities(sentence)
        ]
        kinds = [k for k in (_kind_of(f, catalog) for f in feature_ids) if k]
        proposals.append(
            {
                "quote": sentence,
                "start": start,
                "end": end,
                "feature_ids": feature_ids,
                "places": places,
                "topic": classify_topic(sentence, kinds),
                "quantities": quantities,
                "links": [f"{f}: {links[f]}" for f in feature_ids],
            }
        )
    return proposals
