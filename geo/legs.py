"""Legs of a corridor named in a sentence by their stations, not by an alias.

A leg (``mc_rail_almaty_beyneu``, ``mc_ferry_kuryk_alat``, ``mc_sea_poti_constanta``) is a
railway or sea route whose ``corridor`` names its parent and that has no alias of its own:
text names it only through the towns it joins. Its stations are the towns in its name
("Almaty-1 – Shu – Arys – Kyzylorda – Saksaulskaya – Shalkar – Beyneu") and in its
waypoints, each resolved through the gazetteer, so that every spelling and Russian form the
gazetteer knows («Бейнеу», «Алятом») names it; a town that is a port's town stands for that
port, and the port's aliases for the town ("Port of Baku" and "Alat" are one station).

A sentence links a leg when it (the labelling rules of ``tests/eval/README.md``)

- names it by its two ends joined by a dash, in either order ("the Kuryk–Alat ferry",
  «линия Поти — Констанца»): the towns and ports in that name are then part of the route's
  name, neither places nor ports of their own (as with "Baku-Tbilisi-Ceyhan");
- describes travel between its two ends ("ferries sail from Aktau and from Kuryk to Alat",
  «паромы из Туркменбаши в Алят», "the ferry line between Kuryk and Alat") in a sentence
  about that mode: ferries, ships or containers for a sea leg (a tanker of crude is not the
  ferry line), trains, wagons or a line for a railway;
- names three or more names joined by dashes, two or more of them its stations and one its
  end, all stations of this railway and of no other («Карс — Ыгдыр — Аралык — Дилуджу»;
  names the gazetteer does not know join the run): this rule alone also names a railway
  with aliases of its own, and the towns are the railway's name;
- names two or more of its stations in a sentence about rail ("west through Shu, Arys and
  Kyzylorda to Beyneu"), unless the stations named fit another leg better (all of them and
  more are stations of it: "from Beyneu through Shetpe and Mangyshlak" to Kuryk is not also
  the Aktau branch).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from geo.catalog import Catalog
from geo.gazetteer import (
    DASHES,
    Gazetteer,
    Mention,
    leg_name_stations,
    station_names,
)

LEG_KINDS = frozenset({"railway", "sea_route"})
# Kinds of place that are never a leg's station, though a leg's name may hold one.
NOT_STATIONS = frozenset({"region", "country", "sea"})
# Travel between two ends: a word that opens it before the first end ...
_OPENS = re.compile(
    r"(?:\b(?:from|between|linking|links?|connect(?:s|ing)?|left|leaves?|leaving|via|"
    r"depart(?:s|ed|ing)?|(?P<to>to))\b"
    r"|(?<![\w-])(?:из|между|от|через|связ\w*|соедин\w*)(?![\w-]))"
    r"(?:\W+(?:the|both|ports?|of|оба|обоих|портов|порта|порт|портом)){0,3}\W*$",
    re.I,
)
# ... and a word between the two ends that joins them.
_JOINS = re.compile(
    r"\b(?:to|and|from|into|towards|for|with|reach(?:es|ed)?)\b"
    r"|(?<![\w-])(?:в|во|и|до|к|из|с)(?![\w-])",
    re.I,
)
# Two ends joined by a verb of linking between them, with no opening word before the first:
# "Poti is linked by regular services with Constanța", «Поти связан регулярными линиями с
# Констанцей».
_LINKED_IN_GAP = re.compile(
    r"^\W*(?:(?:is|are)\s+)?(?:linked|connected|joined)\b.{0,40}\b(?:with|to)\W*$"
    r"|^\W*(?:связан|соединен|соединён)[а-яё]*(?![\w-]).{0,40}(?<![\w-])(?:с|со)\W*$",
    re.I | re.S,
)
_TO_DESTINATION = re.compile(r"(?:\b(?:to|for)|(?<![\w-])(?:в|во|до))\W*$", re.I)
# The farthest apart the two ends may stand ("From Poti, feeder services sail to Constanța").
MAX_GAP_CHARS = 60
# How far before the first end its opening word may stand («из портов Актау и Курык в»).
MAX_OPENING_CHARS = 25
_DASH_ONLY = re.compile(rf"\s*[{re.escape(DASHES)}]\s*")
_SEA = re.compile(
    r"\b(?:ferr(?:y|ies)|ro-ro|feeders?|vessels?|ships?|shipping|shipped|sail(?:s|ed|ings?)?|"
    r"containers?|boxes|wagons?|cargo|services?|line|links?|legs?|crossings?|voyages?|by\s+sea)\b"
    r"|(?<![\w-])(?:паром|судн|суда|морем|контейнер|вагон|рейс|лини)[а-яё]*",
    re.I,
)
# "the whole journey via Poti to Constanța", «весь путь через Поти до Констанцы»: between two
# ports on different shores the way is by sea.
_JOURNEY = re.compile(r"\b(?:journey|trip)\b|(?<![\w-])(?:путь|пути)(?![\w-])", re.I)
# "than those from", "as do the ones from", «чем из», «чем паромы из»: the same travel from
# another start.
_ELLIPSIS = re.compile(
    r"\b(?:those|ones|that)\s+(?:from|leaving|out\s+of)\s+$"
    r"|(?<![\w-])чем\s+(?:[а-яё]+\s+)?(?:из|от)\s+$",
    re.I,
)
_TANKER = re.compile(r"\btankers?\b|(?<![\w-])танкер[а-яё]*", re.I)
_RAIL = re.compile(
    r"\b(?:rail\w*|trains?|wagons?|tracks?|lines?|branch(?:es)?|stations?|junctions?|"
    r"gauge|freight|legs?|through|via)\b"
    r"|(?<![\w-])(?:поезд|вагон|состав|магистрал|железн|ветк|лини|станци|через)[а-яё]*",
    re.I,
)


@dataclass(frozen=True)
class Leg:
    """A leg and the keys of its stations (a port's id for a port town, else the town)."""

    id: str
    kind: str
    stations: frozenset[str]
    ends: frozenset[str]
    # A railway with aliases of its own (the Kars–Dilucu railway): named by its stations only
    # in a run of them joined by dashes, never by travel or by stations scattered in a sentence.
    aliased: bool = False


def station_key(place: str, towns: dict[str, str]) -> str:
    """The key a town is a station under: its port's id when it is a port's town."""
    return towns.get(place, place)


def build_legs(
    catalog: Catalog, gazetteer: Gazetteer, towns: dict[str, str], aliased: set[str]
) -> list[Leg]:
    """Every leg of the catalog with its stations resolved through the gazetteer.

    Parameters
    ----------
    catalog : Catalog
        Features: a leg is a ``railway`` or ``sea_route`` with a parent ``corridor``.
    gazetteer : Gazetteer
        Resolves station names to places.
    towns : dict
        ``{place name: port id}`` (a port town is a station under its port's key).
    aliased : set of str
        Features with aliases of their own: named by those, not by their stations (the BTK
        railway shares its stations with three legs).

    Returns
    -------
    list of Leg
        Legs with at least two resolved stations.
    """
    legs = []
    for feature_id in sorted(catalog.ids()):
        feature = catalog.get(feature_id)
        if feature.get("kind") not in LEG_KINDS or not feature.get("corridor"):
            continue
        has_aliases = feature_id in aliased
        if has_aliases and feature["kind"] != "railway":
            continue
        from_name = leg_name_stations(str(feature.get("name") or ""))
        waypoints = [
            names[0]
            for w in feature.get("waypoints") or []
            if isinstance(w, dict) and (names := station_names(str(w.get("name") or "")))
        ]
        ends_raw = from_name if len(from_name) >= 2 else waypoints
        keys = {}
        for name in [*from_name, *waypoints]:
            place = gazetteer.resolve(name)
            # A station is a town: the province in "Syunik (Meghri) section" is no end of it.
            if place is not None and place.kind not in NOT_STATIONS:
                keys[name] = station_key(place.name, towns)
        ends = frozenset(keys[n] for n in (ends_raw[:1] + ends_raw[-1:]) if n in keys)
        stations = frozenset(keys.values())
        if len(stations) >= 2 and len(ends) == 2:
            legs.append(Leg(feature_id, feature["kind"], stations, ends, has_aliases))
    # An aliased railway is named by its stations only in a dash run when it shares a stretch
    # (two stations or more) with another leg, as the BTK does with the Azerbaijani and
    # Georgian main lines; one with aliases and a line of its own ("the Turksib" from Aktogay
    # to Almaty) is also named by travel and stations like any leg.
    return [
        replace(
            leg,
            aliased=leg.aliased
            and any(len(leg.stations & o.stations) >= 2 for o in legs if o.id != leg.id),
        )
        for leg in legs
    ]


# A capitalised name not resolved to a place, inside a run of names joined by dashes.
_UNKNOWN_STATION = re.compile(
    rf"[{re.escape(DASHES)}]\s*[A-ZА-ЯЁ][\w'’]*(?:\s+[A-ZА-ЯЁ][\w'’]*)?(?=\s*[{re.escape(DASHES)}]|\s|[,.;:)»]|$)"
)


def _run_end(sentence: str, end: int) -> int:
    """Where a run of dash-joined names ends, past names the gazetteer does not know."""
    while match := _UNKNOWN_STATION.match(sentence, end) or re.match(
        rf"\s+(?=[{re.escape(DASHES)}]\s)", sentence[end:]
    ):
        if match.re is not _UNKNOWN_STATION:
            if not _UNKNOWN_STATION.match(sentence, end + match.end()):
                break
            end += match.end()
            continue
        end = match.end()
    return end


def _dash_runs(
    sentence: str, ordered: list[tuple[Mention, str]]
) -> list[list[tuple[Mention, str]]]:
    """Station mentions in runs of names joined by dashes, three names or more counting the
    ones the gazetteer does not know."""
    runs: list[list[tuple[Mention, str]]] = []
    current: list[tuple[Mention, str]] = []
    for item in ordered:
        if current and re.fullmatch(
            rf"(?:\s*[{re.escape(DASHES)}]\s*[\w'’ ]*?)*\s*[{re.escape(DASHES)}]\s*",
            sentence[current[-1][0].end : item[0].start],
        ):
            current.append(item)
            continue
        if current:
            runs.append(current)
        current = [item]
    if current:
        runs.append(current)
    out = []
    for run in runs:
        start, end = run[0][0].start, _run_end(sentence, run[-1][0].end)
        if len(re.findall(rf"[{re.escape(DASHES)}]", sentence[start:end])) >= 2:
            out.append(run)
    return out


# Between two ends listed together after one opening word: "between Aktau, Kuryk and",
# «из портов Поти и Батуми», "from Aktau and from Kuryk".
_LISTED = re.compile(r"\s*(?:,|and|or|и|или)\s*(?:from\s+|из\s+)?", re.I)


def _openings(sentence: str, ordered: list[tuple[Mention, str]]) -> list[str | None]:
    """Per station mention, how travel opens before it: ``"from"`` (from, between, из ...),
    ``"to"`` ("the ferry route to Alat from Türkmenbaşy": the other end must follow
    "from"), or None. A station listed right after an opened one is opened the same way."""
    out: list[str | None] = []
    for i, (mention, _) in enumerate(ordered):
        window = sentence[max(0, mention.start - MAX_OPENING_CHARS) : mention.start]
        match = _OPENS.search(window)
        how = ("to" if match.group("to") else "from") if match else None
        if how is None and i and out[i - 1]:
            previous = ordered[i - 1][0]
            if _LISTED.fullmatch(sentence[previous.end : mention.start]):
                how = out[i - 1]
        out.append(how)
    return out


def _about(leg: Leg, sentence: str) -> bool:
    """Whether the sentence is about the leg's mode (sea legs: not only tankers)."""
    if leg.kind == "sea_route":
        return bool(_SEA.search(sentence) or _JOURNEY.search(sentence)) and not (
            _TANKER.search(sentence)
            and not re.search(r"ferr|паром|ro-ro|контейнер", sentence, re.I)
        )
    return bool(_RAIL.search(sentence))


def _in_order(stations: list[tuple[Mention, str]]) -> list[tuple[Mention, str]]:
    """Stations in text order, one per span (a port named by its alias is also a place)."""
    ordered = list(
        {(m.start, m.end): (m, k) for m, k in sorted(stations, key=lambda s: s[0].start)}.values()
    )
    ordered.sort(key=lambda s: (s[0].start, -s[0].end))
    return ordered


def find_legs(
    sentence: str,
    stations: list[tuple[Mention, str]],
    legs: list[Leg],
    referred: list[tuple[Mention, str]] | None = None,
) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """Legs a sentence names by their stations.

    Parameters
    ----------
    sentence : str
        One sentence.
    stations : list of tuple
        ``(mention, station key)`` of every place and port named in it.
    legs : list of Leg
    referred : list of tuple, optional
        Ports a phrase refers back to ("from both ports to Alat"): ends of travel only.

    Returns
    -------
    tuple
        ``{leg id: why}``, and the spans of routes named by their ends ("Kuryk–Alat"), whose
        towns and ports are part of the route's name.
    """
    found: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    if not legs or len(stations) + len(referred or ()) < 2:
        return found, spans
    ordered = _in_order(stations)
    keys = {key for _, key in ordered}
    # A leg without aliases wins a pair of ends it shares with a railway that has them.
    by_ends = {leg.ends: leg for leg in sorted(legs, key=lambda leg: not leg.aliased)}
    # 1. Two ends joined by a dash: "Kuryk–Alat", «Поти — Констанца».
    for (first, k1), (second, k2) in zip(ordered, ordered[1:], strict=False):
        leg = by_ends.get(frozenset((k1, k2)))
        if leg and k1 != k2 and _DASH_ONLY.fullmatch(sentence[first.end : second.start]):
            said = sentence[first.start : second.end]
            found.setdefault(leg.id, f"leg named by its ends {said!r}")
            spans.append((first.start, second.end))
    # 1b. A run of three or more names joined by dashes, ends or not («Карс — Ыгдыр — Аралык —
    # Дилуджу», «Ордубад — Джульфа — Нахичевань»): the stations the gazetteer resolves, in
    # English or any Russian form, must all be stations of one railway and include one of
    # its ends. Names it does not know (Аралык) still join the run.
    for run in _dash_runs(sentence, ordered):
        run_keys = {k for _, k in run}
        fits = [
            leg
            for leg in legs
            if leg.kind == "railway" and run_keys <= leg.stations and run_keys & leg.ends
        ]
        if len(run_keys) >= 2 and len(fits) == 1:
            start, end = run[0][0].start, _run_end(sentence, run[-1][0].end)
            found.setdefault(fits[0].id, f"railway named by its stations {sentence[start:end]!r}")
            spans.append((start, end))
    # Travel and scattered stations name only legs without aliases of their own.
    legs = [leg for leg in legs if not leg.aliased]
    by_ends = {leg.ends: leg for leg in legs}
    # 2. Travel between its ends: "from Aktau and from Kuryk to Alat", «из Туркменбаши в Алят».
    travel = _in_order(stations + list(referred or ())) if referred else ordered
    openings = _openings(sentence, travel)
    travelled: dict[tuple[str, int], tuple[str, str]] = {}  # (leg, end offset) -> (from, to)
    for i, (first, k1) in enumerate(travel):
        for second, k2 in travel[i + 1 :]:
            gap = sentence[first.end : second.start]
            if len(gap) > MAX_GAP_CHARS:
                break
            leg = by_ends.get(frozenset((k1, k2)))
            if leg is None or k1 == k2 or leg.id in found:
                continue
            if (
                leg.kind == "sea_route"
                and openings[i]
                and _TO_DESTINATION.search(gap)
                and _SEA.search(gap)
            ):
                # "to the ports of Aktau and Kuryk, where boxes are loaded onto ferries for Alat"
                joined = True
            elif not openings[i]:
                joined = _LINKED_IN_GAP.search(gap) or (
                    # «Курык и Туркменбаши тянут грузы в Алят»: a sea leg needs no opening
                    # word before its first port when a destination word leads to the other
                    leg.kind == "sea_route" and _TO_DESTINATION.search(gap)
                )
            elif openings[i] == "to":
                joined = re.search(r"\bfrom\b", gap, re.I)
            else:
                joined = _JOINS.search(gap)
            if not joined:
                continue
            if _about(leg, sentence):
                if openings[i] != "to":
                    travelled[(leg.id, second.end)] = (k1, k2)
                found[leg.id] = (
                    f"travel between its ends {first.text!r} and {second.text!r} "
                    f"in a sentence about {'shipping' if leg.kind == 'sea_route' else 'rail'}"
                )
    # 2b. Ellipsis: "Ferries from Kuryk reach Alat faster than those from Aktau", «чем из
    # Актау»: the travel named before, from another start to the same end.
    for first_id, (start_key, end_key) in list(travelled.items()):
        for mention, key in ordered:
            leg = by_ends.get(frozenset((key, end_key)))
            if leg is None or leg.id in found or key in (start_key, end_key):
                continue
            if mention.start > first_id[1] and _ELLIPSIS.search(
                sentence[max(0, mention.start - 30) : mention.start]
            ):
                found[leg.id] = f"the same travel from {mention.text!r} (ellipsis: {first_id[0]})"
    # 3. Two or more of a railway leg's stations, where no other leg fits them better.
    named = {leg.id: leg.stations & keys for leg in legs if leg.kind == "railway"}
    for leg in legs:
        hits = named.get(leg.id, frozenset())
        if len(hits) < 2 or leg.id in found or not _about(leg, sentence):
            continue
        if any(hits < other for other_id, other in named.items() if other_id != leg.id):
            continue  # all these stations and more are on another leg
        said = [m.text for m, k in ordered if k in hits]
        shown = ", ".join(repr(s) for s in dict.fromkeys(said))
        found[leg.id] = f"names {len(hits)} of its stations: {shown}"
    return found, spans
