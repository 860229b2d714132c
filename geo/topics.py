"""Topic of a claim sentence from weighted keyword evidence.

One topic per sentence, from ``TOPICS``. Each keyword is a word-boundary regex with a weight:
3 for the infrastructure nouns that name the subject outright ("pipeline", "railway"), 2 for
clear domain terms, 1 or less for words that lean one way but often appear elsewhere
("agreement", "route", "data"). Phrases are matched before their words, and a stretch of text
counts once: "energy security" is energy evidence, not also security; "fibre-optic cable" is
digital, not also the bare "cable".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import ahocorasick

TOPICS = ("transport", "energy", "security", "diplomacy", "economy", "digital")
# Tie order, most specific first: the atlas is about corridors, so an even split between an
# infrastructure topic and a general one goes to the infrastructure. Diplomacy is last, and is
# also the answer when there is no evidence at all (most article sentences without a concrete
# subject are about relations between states).
TIE_ORDER = ("energy", "transport", "digital", "security", "economy", "diplomacy")
FALLBACK = "diplomacy"

# (regex, weight) per topic. Regexes are matched case-insensitively with word boundaries,
# except inside (?-i:...) for acronyms that are ordinary words in lowercase.
KEYWORDS: dict[str, tuple[tuple[str, float], ...]] = {
    "energy": (
        (r"oil|crude|petroleum|hydrocarbons?|natural\s+gas|gas|(?-i:LNG|LPG)", 2),
        (r"pipelines?|oil\s*fields?|gas\s*fields?|refiner(?:y|ies)|barrels?", 3),
        (r"energy\s+(?:security|corridor|sector|cooperation|resources?|exports?)", 3),
        (r"energy|electricity|power\s+(?:grid|plants?|lines?|stations?|cables?)", 2),
        (r"renewables?|renewable\s+energy|wind\s+(?:farms?|power)|solar|hydropower", 2),
        (r"tankers?|upstream|downstream|offshore\s+(?:fields?|deposits?)|deposits", 1.5),
        (r"petrochemicals?|gasoline|diesel|fuel|bcm|(?-i:OPEC|SOCAR|KazMunayGas|KMG|CPC)", 2),
        (r"(?-i:BTC|TANAP|TAP|SGC)|Southern\s+Gas\s+Corridor|Baku-Tbilisi-Ceyhan", 3),
    ),
    "transport": (
        (r"rail(?:way|road)?s?|ports?|seaports?|ferr(?:y|ies)|(?-i:TITR)", 3),
        (r"Middle\s+Corridor|Trans-Caspian\s+International\s+Transport\s+Route", 3),
        (r"transport(?:ation|ed|s)?|cargo(?:es)?|containers?|freight|logistics|(?-i:TEU)", 2),
        (r"highways?|roads?|trucks?|wagons?|locomotives?|shipping|harbou?rs?|airports?", 2),
        (r"transit|customs|corridors?|routes?|supply\s+chains?|shipments?|terminals?", 1),
        (r"ships?|vessels?|bulk\s+carriers?|trains?|connectivity|infrastructure", 1),
    ),
    "security": (
        (r"military|army|armed\s+forces|troops|soldiers|naval|navy|air\s+force", 3),
        (r"exercises?|drills|defen[cs]e|weapons?|ammunition|missiles?|drones?", 2),
        (r"(?-i:CSTO|NATO)|war|warring|ceasefire|peacekeep\w*|terroris[mt]s?|attacks?", 2),
        (r"security|conflict|threats?|border\s+guards?|intelligence|sovereignty|fleet", 1),
    ),
    "digital": (
        (r"fib(?:re|er)[-\s]optics?(?:\s+(?:cables?|lines?|networks?))?", 3),
        (r"internet|telecommunications?|telecom|broadband|digital|data\s+cent(?:re|er)s?", 3),
        (r"information\s+security|cyber\w*|(?-i:IT|5G)|satellites?", 2),
        (r"cables?|data|communications?|networks?", 1),
    ),
    "economy": (
        (r"investments?|invest(?:ed|ing|ors?|s)?|(?-i:GDP)|economy|economies", 2),
        (r"trade|funds?|contracts?|revenues?|profits?|tariffs?|budget|loans?|banks?", 1.5),
        (r"financ(?:e|ial|ing)|joint\s+ventures?|market\s+price|food\s+security", 2),
        (r"economic|markets?|exports?|imports?|prices?|companies|enterprises?|business\w*", 1),
        (r"industry|industrial|agricultur\w*|growth|sanctions", 1),
    ),
    "diplomacy": (
        (r"summits?|embass(?:y|ies)|ambassadors?|diplomatic|diplomacy|declarations?", 2),
        (r"treat(?:y|ies)|state\s+visit|visits?|foreign\s+polic(?:y|ies)|memorand(?:um|a)", 2),
        (r"talks|negotiations?|presidents?|ministers?|ministr(?:y|ies)|agreements?", 1),
        (r"partnerships?|bilateral|multilateral|alliance|(?-i:OTS|UN|EU)", 1),
        (r"relations|leaders?|signed|cooperation|integration", 0.5),
    ),
}
# Evidence from a symbol rather than a word: an amount of money is economy.
_MONEY = (r"(?:US)?[$€£₽₸₼]\s?\d", "economy", 1.5)

# Kinds, modes and commodities of linked features (data/README.md), with the weight each adds.
FEATURE_EVIDENCE: dict[str, tuple[str, float]] = {
    "pipeline": ("energy", 2),
    "crude_oil": ("energy", 2),
    "natural_gas": ("energy", 2),
    "power_line": ("energy", 2),
    "railway": ("transport", 2),
    "rail": ("transport", 2),
    "road": ("transport", 2),
    "port": ("transport", 2),
    "sea_route": ("transport", 2),
    "ferry": ("transport", 2),
    "sea": ("transport", 2),
    "containers_and_freight": ("transport", 2),
    "multimodal": ("transport", 2),
    "corridor": ("transport", 1),
    "cable": ("digital", 2),
    "data": ("digital", 2),
    "fibre": ("digital", 2),
    "fiber_optic": ("digital", 2),
}


def _split_top(regex: str) -> list[str]:
    """The alternatives of ``regex`` at its outermost level."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(regex[start:i])
            start = i + 1
        i += 1
    parts.append(regex[start:])
    return parts


def _group_end(regex: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at ``open_at``."""
    depth, i = 0, open_at
    while i < len(regex):
        if regex[i] == "\\":
            i += 2
            continue
        if regex[i] == "(":
            depth += 1
        elif regex[i] == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unbalanced: {regex!r}")


def literal_prefixes(regex: str) -> frozenset[str] | None:
    """Lowercase strings one of which every match of ``regex`` starts with, or None.

    Read from the keyword syntax used in ``KEYWORDS`` (alternations, ``(?:...)`` and
    ``(?-i:...)`` groups, ``?`` and ``*`` after a letter): "hydrocarbons?" gives
    "hydrocarbon", "rail(?:way|road)?s?" gives "rail". ``None`` when some alternative can
    start with anything (then the pattern is always run).
    """
    found: set[str] = set()
    for alternative in _split_top(regex):
        prefix = ""
        i = 0
        while i < len(alternative):
            ch = alternative[i]
            if ch == "(" and not prefix:
                end = _group_end(alternative, i)
                optional = alternative[end + 1 : end + 2] in ("?", "*")
                inner = alternative[i + 1 : end]
                inner = re.sub(r"^\?(?:[-a-zA-Z]*:)", "", inner)
                sub = None if optional else literal_prefixes(inner)
                if sub is None:
                    return None
                found |= sub
                prefix = None
                break
            if ch.isalnum() or ch in " -":
                if alternative[i + 1 : i + 2] in ("?", "*", "{"):
                    break  # an optional last letter is not part of the prefix
                prefix += ch.lower()
                i += 1
                continue
            break
        if prefix is None:
            continue
        if not prefix:
            return None
        found.add(prefix)
    return frozenset(found)


def _compile() -> list[tuple[re.Pattern[str], str, float, frozenset[str] | None]]:
    compiled = [
        (re.compile(rf"\b(?:{regex})\b", re.IGNORECASE), topic, weight, literal_prefixes(regex))
        for topic, keywords in KEYWORDS.items()
        for regex, weight in keywords
    ]
    compiled.append((re.compile(_MONEY[0]), _MONEY[1], _MONEY[2], None))
    return compiled


_PATTERNS = _compile()


def _prefix_automaton() -> ahocorasick.Automaton:
    """Every literal prefix, with the numbers of the patterns it gates, in one automaton."""
    gates: dict[str, set[int]] = {}
    for number, (_, _, _, prefixes) in enumerate(_PATTERNS):
        for prefix in prefixes or ():
            gates.setdefault(prefix, set()).add(number)
    automaton = ahocorasick.Automaton()
    for prefix, numbers in gates.items():
        automaton.add_word(prefix, frozenset(numbers))
    automaton.make_automaton()
    return automaton


_GATES = _prefix_automaton()
_ALWAYS = frozenset(n for n, pattern in enumerate(_PATTERNS) if pattern[3] is None)
# The only non-ASCII characters that IGNORECASE matches to an ASCII letter: "İ" and "ı" to
# "i", long "ſ" to "s", the Kelvin sign to "k" (tests/test_topics.py checks the whole range).
_ASCII_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _evidence(sentence: str) -> list[tuple[int, int, str, float]]:
    """Keyword matches, longest first where they overlap, each stretch of text counted once.

    A pattern is run only when the lowercased sentence contains one of its literal
    prefixes: a necessary condition for a match, so the result is the same as running every
    pattern, at a fraction of the cost (most of 30 keyword regexes find nothing in a
    sentence, and scanning for nothing was most of ingest's time).
    """
    lowered = sentence.translate(_ASCII_FOLD).lower()
    run = set(_ALWAYS)
    for _, numbers in _GATES.iter(lowered):  # every prefix present, overlapping ones too
        run.update(numbers)
    found = [
        (match.start(), match.end(), topic, weight)
        for number in sorted(run)
        for pattern, topic, weight, _ in (_PATTERNS[number],)
        for match in pattern.finditer(sentence)
    ]
    found.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
    taken = bytearray(len(sentence))  # linear in the sentence, however many hits it has
    kept: list[tuple[int, int, str, float]] = []
    for hit in found:
        start, end = hit[0], hit[1]
        if not any(taken[start:end]):
            taken[start:end] = b"\x01" * (end - start)
            kept.append(hit)
    return sorted(kept)


def topic_scores(sentence: str, feature_kinds: Iterable[str] = ()) -> dict[str, float]:
    """Evidence per topic for a sentence.

    Parameters
    ----------
    sentence : str
        The claim text.
    feature_kinds : iterable of str, optional
        Kinds, modes or commodities of the features the claim is linked to; each distinct
        value in ``FEATURE_EVIDENCE`` adds its weight once, others are ignored.

    Returns
    -------
    dict
        ``{topic: score}`` for every topic in ``TOPICS`` (0.0 without evidence).
    """
    scores = dict.fromkeys(TOPICS, 0.0)
    for _, _, topic, weight in _evidence(sentence):
        scores[topic] += weight
    for kind in {str(k).lower() for k in feature_kinds}:
        if kind in FEATURE_EVIDENCE:
            topic, weight = FEATURE_EVIDENCE[kind]
            scores[topic] += weight
    return scores


def classify_topic(sentence: str, feature_kinds: Iterable[str] = ()) -> str:
    """The topic with the most keyword evidence in a sentence.

    Parameters
    ----------
    sentence : str
        The claim text.
    feature_kinds : iterable of str, optional
        Kinds (``"pipeline"``, ``"railway"``, ``"port"``, ``"sea_route"``, ``"cable"``, ...),
        modes or commodities of linked features, added as evidence: pipeline to energy,
        railway/road/port/sea_route to transport, cable to digital.

    Returns
    -------
    str
        One of ``TOPICS``. Ties go to the topic first in ``TIE_ORDER`` (energy, transport,
        digital, security, economy, diplomacy); with no evidence at all, ``FALLBACK``
        ("diplomacy").
    """
    scores = topic_scores(sentence, feature_kinds)
    best = max(scores.values())
    if best <= 0:
        return FALLBACK
    return next(topic for topic in TIE_ORDER if scores[topic] == best)
