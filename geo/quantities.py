"""Quantities stated in article sentences: masses, oil and gas flows, money, lengths, years.

:func:`parse_quantities` returns one dict per quantity with the value normalised to a single
unit per kind, so figures from different articles and from the geodata can be compared with
:func:`same_quantity`. Offsets index the string passed in, unchanged.

Kinds and their normalised units:

=============  =========  ==========================================================
kind           unit       examples
=============  =========  ==========================================================
mass           ``t``      "1.057 million tons", "10 Mt", "200 thousand tonnes", "5 mtpa"
oil_flow       ``bbl/d``  "1.2 million barrels per day", "600,000 bpd", "1.2 mb/d"
oil_volume     ``bbl``    "7 million barrels" (a stock or an annual volume, no "per day")
gas_volume     ``m3``     "10 bcm", "16 billion cubic metres", "49.3 mmscm/d"
money          ISO code   "$300 million", "US$1.5 bn", "€50m", "2 billion tenge"
length         ``km``     "1,768 km", "826-kilometre", "500 miles", "300 metres"
percentage     ``%``      "30%", "30 per cent", "30 percent"
power          ``MW``     "4 GW", "500 megawatts"
electricity    ``kWh``    "5 TWh", "1.2 billion kWh"
containers     ``TEU``    "100,000 TEU"
year           ``year``   "2023", both ends of "2022–2026"
=============  =========  ==========================================================

Every dict has the keys ``kind``, ``value`` (float), ``unit``, ``text`` (verbatim
``text[start:end]``), ``start``, ``end``, ``rate`` and ``qualifier``:

* ``rate`` is ``"year"``, ``"day"`` or ``"month"`` when the figure is a flow ("per year",
  "a year", "/yr", "annually", "per annum", "p.a.", "tpa", "mtpa", "bcma", "bcm/y"), always
  ``"day"`` for ``oil_flow``, else ``None``. The rate phrase is part of ``text``, including a
  short "of ..." gap ("10 million tons of oil per year").
* ``qualifier`` is ``"at_most"`` ("up to", "less than", "under"), ``"at_least"`` ("more
  than", "over", "at least") or ``"about"`` ("about", "nearly", "approximately", "some"),
  read from the words just before the figure and not part of ``text``; else ``None``.

A range ("10-12 million tons", "$1-2 billion", "from 5 to 7 bcm") gives two quantities with
the unit of the whole range: the low end's span is its number alone ("10"), the high end's
span runs from its number to the unit ("12 million tons"). Bare numbers without a unit
("20 companies") are not reported; a 4-digit year inside another quantity ("2,000 km",
"2000 km") is not reported as a year.

Russian figures (in text with Cyrillic letters) give the same kinds and units: «10 млн тонн в
год», «1,5 млн т», «1,5 тыс. тонн», «1,2 млн баррелей в сутки», «600 тыс. барр./сут», «80 млрд
кубометров», «16 млрд куб. м», «1 768 км», «443 километров», «300 млн долларов», «$1,5 млрд»,
«2,5 млрд евро», «30 процентов». The comma is the decimal mark there and spaces group
thousands; ranges are «10–12 млн тонн» and «от 10 до 12 млн т»; qualifiers «около»,
«порядка», «примерно» (about), «до», «не более» (at most), «более», «свыше», «не менее» (at
least). So :func:`same_quantity` and the flags in :mod:`geo.flags` compare a Russian figure
with an English one or with the geodata directly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

# --- numbers ---------------------------------------------------------------------------------

# "1,768", "1 768" (normal, no-break or thin space), "1.057", "10". Grouped forms are tried
# first so "1,768" is not read as "1"; the look-behind stops a match inside "1.057".
_NUM = (
    r"(?<![\w.,])(?:\d{{1,3}}(?:(?:,|[ \u00a0\u2009\u202f])\d{{3}})+(?:\.\d+)?(?!\d)"
    r"|\d+(?:\.\d+)?)"
)


def _num(name: str) -> str:
    return f"(?P<{name}>{_NUM.format()})"


_SCALES = {
    "thousand": 10**3,
    "k": 10**3,
    "million": 10**6,
    "mln": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "billion": 10**9,
    "bln": 10**9,
    "bn": 10**9,
    "b": 10**9,
    "trillion": 10**12,
    "trln": 10**12,
    "trn": 10**12,
    "tn": 10**12,
}
# "m", "k", "b", "tn" are multipliers only after a currency ("$50m"); elsewhere they are units.
_SCALE_WORDS = r"thousand|million|mln|mn|billion|bln|bn|trillion|trln|trn"
_MONEY_SCALE_WORDS = _SCALE_WORDS + r"|tn|m|k|b"


def _scale(name: str, words: str = _SCALE_WORDS) -> str:
    return rf"(?:\s*(?P<{name}>(?i:{words}))\b)?"


# A low end and a separator before the figure: "10-12", "1.5–2", "from 5 to 7".
_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+to\s+)"


def _range(words: str = _SCALE_WORDS) -> str:
    return rf"(?:{_num('lo')}{_scale('lo_scale', words)}{_RANGE_SEP})?"


# --- rates -----------------------------------------------------------------------------------

_PERIOD = {
    "year": "year",
    "annum": "year",
    "yr": "year",
    "y": "year",
    "a": "year",
    "annually": "year",
    "yearly": "year",
    "day": "day",
    "d": "day",
    "daily": "day",
    "month": "month",
    "mo": "month",
    "monthly": "month",
}
_RATE = (
    r"(?P<rate>"
    # "of (Kazakh) oil per year": a short gap of words, only kept when a rate follows.
    r"(?:\s+of(?:\s+[^\W\d_][\w’'-]*){1,3}?)?"
    r"(?:\s*/\s*(?P<p1>year|yr|y|annum|a|day|d|month|mo)\b"
    r"|\s+(?:per|a|an|each|every)\s+(?P<p2>year|annum|yr|day|month)\b"
    r"|\s+(?P<p3>annually|yearly|daily|monthly)\b"
    r"|\s+(?P<p4>p\.\s?a)\.?)"
    r"(?!\s+(?:ago|earlier|later|before|after)\b)"
    r")?"
)

# --- units -----------------------------------------------------------------------------------

# Each unit alternative maps its (lowercased) spelling to (multiplier, built-in rate).
_MASS_UNITS = {
    "tonnes": (1, None),
    "tonne": (1, None),
    "tons": (1, None),
    "ton": (1, None),
    "t": (1, None),
    "kt": (10**3, None),
    "mt": (10**6, None),
    "mmt": (10**6, None),
    "tpa": (1, "year"),
    "mtpa": (10**6, "year"),
    "mmtpa": (10**6, "year"),
}
_MASS_UNIT = (
    r"(?P<unit>(?i:(?:metric\s+)?(?:tonnes?|tons?))\b|t\b|kt\b|(?i:mmtpa|mtpa|mmt|mt)\b"
    r"|(?i:tpa)\b)"
)
_OIL_FLOW_UNIT = (
    r"(?P<unit>(?i:barrels?|bbls?)(?:\s+of\s+(?:crude\s+)?oil)?"
    r"(?:\s+(?:per|a|each)\s+day|\s*/\s*d(?:ay)?\b|\s+daily\b)"
    r"|(?i:mmb/d|mb/d|kb/d|bbl/d|b/d)(?![\w/])|(?i:mmbpd|mbpd|kbpd|bopd|bpd|mbd|kbd)\b)"
)
_OIL_VOLUME_UNIT = r"(?P<unit>(?i:barrels?|mmbbls?|bbls?)\b)"
_GAS_UNIT = (
    r"(?P<unit>(?i:cubic\s+met(?:re|er)s?|cubic\s+feet|cu\.?\s?m|cu\.?\s?ft)\b|m3\b|m³"
    r"|(?i:bcma|bcm|bscm|mmscmd|mmscm|mmcm|mcm|tcm|scm|cbm|tcf|bcf|mmcf)\b)"
)
_CUBIC_FOOT = Decimal("0.028316846592")


def _gas_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    s = re.sub(r"\s+", " ", spelling.lower())
    if "feet" in s or "ft" in s:
        return _CUBIC_FOOT, None
    table: dict[str, tuple[Decimal | int, str | None]] = {
        "bcma": (10**9, "year"),
        "bcm": (10**9, None),
        "bscm": (10**9, None),
        "mmscmd": (10**6, "day"),
        "mmscm": (10**6, None),
        "mmcm": (10**6, None),
        "mcm": (10**6, None),
        "tcm": (10**12, None),
        "tcf": (10**12 * _CUBIC_FOOT, None),
        "bcf": (10**9 * _CUBIC_FOOT, None),
        "mmcf": (10**6 * _CUBIC_FOOT, None),
    }
    return table.get(s, (1, None))


_LENGTH_UNIT = (
    r"\s*-?\s*(?P<unit>(?i:km|kms|kilomet(?:re|er)s?|nautical\s+miles?|miles?|met(?:re|er)s?)"
    r"(?![²\w]|\s*/\s*h\b|\s+(?:per|an|a)\s+hour\b))"
)


# Kilometres per unit, by how the unit's word starts; kilometres when none matches.
_KM_PER = {"nautical": Decimal("1.852"), "mile": Decimal("1.609344"), "met": Decimal("0.001")}
_RU_KM_PER = {"морск": Decimal("1.852"), "мил": Decimal("1.609344"), "метр": Decimal("0.001")}


def _km_factor(spelling: str, table: dict[str, Decimal]) -> tuple[Decimal | int, str | None]:
    word = spelling.casefold()
    return next((factor for start, factor in table.items() if word.startswith(start)), 1), None


def _length_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    return _km_factor(spelling, _KM_PER)


_PERCENT_UNIT = r"\s*(?P<unit>%|(?i:per\s?cent|percent|pct)\b)"
_POWER_UNIT = r"\s*-?\s*(?P<unit>[kMGT]W\b|(?i:kilowatts?|megawatts?|gigawatts?|terawatts?)\b)"
_ENERGY_UNIT = r"\s*(?P<unit>[kMGT]Wh\b|(?i:kilowatt|megawatt|gigawatt|terawatt)[-\s]hours?\b)"
_PREFIX_POWER = {"k": Decimal("0.001"), "m": 1, "g": 10**3, "t": 10**6}
_PREFIX_ENERGY = {"k": 1, "m": 10**3, "g": 10**6, "t": 10**9}
_TEU_UNIT = r"\s*(?P<unit>TEUs?\b|(?i:twenty-foot\s+equivalent\s+units?)\b)"

# --- money -----------------------------------------------------------------------------------

_CURRENCY_SYMBOLS = {
    "$": "USD",
    "us$": "USD",
    "u.s.$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₽": "RUB",
    "₸": "KZT",
    "₼": "AZN",
}
_CURRENCY_WORDS = {
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "gbp": "GBP",
    "pounds sterling": "GBP",
    "rouble": "RUB",
    "roubles": "RUB",
    "ruble": "RUB",
    "rubles": "RUB",
    "rub": "RUB",
    "tenge": "KZT",
    "kzt": "KZT",
    "manat": "AZN",
    "manats": "AZN",
    "azn": "AZN",
    "yuan": "CNY",
    "renminbi": "CNY",
    "cny": "CNY",
    "rmb": "CNY",
}
_CURRENCY_WORD = (
    r"(?:(?:US|U\.S\.|American)\s+)?(?i:dollars?|euros?|pounds\s+sterling|roubles?|rubles?"
    r"|tenge|manats?|yuan|renminbi)\b|(?:USD|EUR|GBP|RUB|KZT|AZN|CNY|RMB)\b"
)
_MONEY_PREFIX = (
    r"(?P<cur>(?:US|U\.S\.)\s?\$|\$|€|£|₽|₸|₼|(?<![\w])(?:USD|EUR|GBP|RUB|KZT|AZN|CNY|RMB)\s?)"
    r"\s?"
    + _range(_MONEY_SCALE_WORDS)
    + _num("num")
    + _scale("scale", _MONEY_SCALE_WORDS)
    + rf"(?:\s+(?P<cur_word>{_CURRENCY_WORD}))?"
)
_MONEY_SUFFIX = (
    _range(_MONEY_SCALE_WORDS)
    + _num("num")
    + _scale("scale", _MONEY_SCALE_WORDS)
    + rf"\s*(?P<cur_word>{_CURRENCY_WORD})"
)


def _currency(match: re.Match[str]) -> str:
    word = match.groupdict().get("cur_word")
    if word:
        key = re.sub(r"^(?:us|u\.s\.|american)\s+", "", re.sub(r"\s+", " ", word.lower()))
        code = _CURRENCY_WORDS.get(key) or _ru_currency(key)
        if code is None:
            raise KeyError(word)
        return code
    symbol = re.sub(r"\s+", "", match.group("cur").lower())
    return _CURRENCY_SYMBOLS.get(symbol) or _CURRENCY_WORDS[symbol]


# --- qualifiers ------------------------------------------------------------------------------

_QUALIFIER = re.compile(
    r"\b(?P<q>up\s+to|as\s+(?:much|many|high)\s+as|no\s+more\s+than|not\s+more\s+than"
    r"|less\s+than|fewer\s+than|under|below|more\s+than|over|above|at\s+least|exceeding"
    r"|in\s+excess\s+of|about|around|approximately|approx\.|roughly|some|nearly|almost"
    r"|close\s+to|an\s+estimated|estimated)\s*$",
    re.IGNORECASE,
)
_AT_MOST = ("up", "as", "no", "not", "less", "fewer", "under", "below")
_AT_LEAST = ("more", "over", "above", "at", "exceeding", "in")
# «до» is "up to" ("мощностью до 10 млн тонн"); in "от 10 до 12" it is a range's separator and
# the high end takes the range's qualifier instead (see :func:`_from_match`).
_RU_QUALIFIER = re.compile(
    r"(?<![\w])(?P<q>не\s+более(?:\s+чем)?|не\s+больше|не\s+свыше|не\s+выше|до|менее|меньше"
    r"|максимум|не\s+менее|не\s+меньше|по\s+меньшей\s+мере|как\s+минимум|минимум|более\s+чем"
    r"|более|больше|свыше|выше|около|порядка|примерно|приблизительно|почти|ориентировочно"
    r"|почти\s+на|около\s+на)\s*$",
    re.IGNORECASE,
)
_RU_AT_MOST = ("не более", "не больше", "не свыше", "не выше", "до", "менее", "меньше", "максимум")
_RU_AT_LEAST = (
    "не менее",
    "не меньше",
    "по меньшей мере",
    "как минимум",
    "минимум",
    "более",
    "больше",
    "свыше",
    "выше",
)


def _qualifier(text: str, start: int) -> str | None:
    match = _QUALIFIER.search(text, max(0, start - 24), start)
    if not match:
        ru = _RU_QUALIFIER.search(text, max(0, start - 24), start)
        if not ru:
            return None
        phrase = " ".join(ru.group("q").casefold().split())
        if phrase.startswith(_RU_AT_MOST):
            return "at_most"
        if phrase.startswith(_RU_AT_LEAST):
            return "at_least"
        return "about"
    first = match.group("q").split()[0].lower()
    if first in _AT_MOST:
        return "at_most"
    if first in _AT_LEAST:
        return "at_least"
    return "about"


# --- Russian ---------------------------------------------------------------------------------
_DIGIT = re.compile(r"\d")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Russian figures use a decimal comma ("1,5 млн") and group thousands with spaces ("1 768 км");
# scale words are abbreviated with or without a stop ("тыс. тонн", "млн т", "млрд куб. м").
# The patterns below read them into the same kinds and units as the English ones, so a
# Russian figure compares with an English one and with the geodata (:mod:`geo.flags`).

_RU_NUM = r"(?<![\w.,])(?:\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?!\d)|\d+)(?:[.,]\d+)?(?![\d])"
_RU_SCALE_WORDS = (
    r"тыс|тысяч[аиу]?|млн|миллион(?:ов|а)?|млрд|миллиард(?:ов|а)?|трлн|триллион(?:ов|а)?"
)
# A stop after the abbreviation ("тыс. тонн") belongs to it only when a unit follows, which
# the unit part of each pattern makes sure of.
_RU_SCALE_THEN_UNIT = r"(?:\s*(?P<{name}>(?i:" + _RU_SCALE_WORDS + r"))\.?(?![\w]))?"
_RU_SCALE_LAST = r"(?:\s*(?P<{name}>(?i:" + _RU_SCALE_WORDS + r"))(?![\w]))?"


def _ru_scale(name: str, last: bool = False) -> str:
    return (_RU_SCALE_LAST if last else _RU_SCALE_THEN_UNIT).format(name=name)


# "10–12 млн тонн", "от 10 до 12 млн тонн", "с 5 до 7 млрд кубометров". A bare "X до Y"
# is not read as a range: "до" alone is "up to".
_RU_RANGE = (
    r"(?:(?:(?<![\w])(?i:от|с)\s+)?(?P<lo>" + _RU_NUM + r")"
    r"(?:\s*(?P<lo_scale>(?i:" + _RU_SCALE_WORDS + r"))\.?(?![\w]))?"
    r"(?:\s*[-–—]\s*|(?<=\d)\s+до\s+|(?<=\.)\s+до\s+|(?<=[а-я])\s+до\s+))?"
)
# A flow: "в год", "в сутки", "/год", "т/сут", "ежегодно"; with up to three words between the
# unit and the period ("млн тонн казахстанской нефти в год"), kept only when a period follows.
_RU_RATE = (
    r"(?P<rate>"
    r"(?:\s+(?![вВ]\s)[а-яёА-ЯЁ][\w-]*){0,3}?"
    r"(?:\s*/\s*(?P<r1>год|г|сут(?:ки)?|день|мес)\.?(?![\w])"
    r"|\s+в\s+(?P<r2>год|сутки|день|месяц)(?![\w])"
    r"|\s+(?P<r3>ежегодно|ежедневно|ежесуточно|ежемесячно)(?![\w]))"
    r")?"
)
_RU_PERIOD = {
    "год": "year",
    "г": "year",
    "ежегодно": "year",
    "сут": "day",
    "сутки": "day",
    "день": "day",
    "ежедневно": "day",
    "ежесуточно": "day",
    "мес": "month",
    "месяц": "month",
    "ежемесячно": "month",
}
_RU_MASS_UNIT = r"\s*(?P<unit>(?i:тонн(?:ы|а|у|ой|ами|ах)?(?![\w])|т(?![\w])))"
_RU_OIL_FLOW_UNIT = (
    r"\s*(?P<unit>(?i:баррел(?:ей|я|ь|и))(?:\s+(?:сырой\s+)?нефти)?\s+(?:в|за)\s+(?:сутки|день)"
    r"(?![\w])|(?i:барр?\.?\s*/\s*(?:сут|день|д)\.?(?![\w])|б/с(?![\w])))"
)
_RU_OIL_VOLUME_UNIT = r"\s*(?P<unit>(?i:баррел(?:ей|я|ь|и)|барр\.)(?![\w]))"
_RU_GAS_UNIT = (
    r"\s*(?P<unit>(?i:кубометр(?:ов|а|ы)?(?![\w])|кубическ(?:их|ий|ого)\s+метр(?:ов|а)?(?![\w])"
    r"|куб\.\s?м(?:етр(?:ов|а)?)?(?![\w])\.?|м3(?![\w])|м³))"
)
_RU_LENGTH_UNIT = (
    r"\s*-?\s*(?P<unit>(?i:км|километр(?:ов|а|ы)?|морск(?:их|ие|ая)\s+мил(?:ь|и|я)|мил(?:ь|и|я)"
    r"|метр(?:ов|а|ы)?)(?![\w²]|\s*/\s*ч|\s+в\s+час))"
)
_RU_PERCENT_UNIT = r"\s*(?P<unit>(?i:процент(?:ов|а)?)(?![\w]))"
_RU_CURRENCY_WORD = (
    r"(?i:доллар(?:ов|а|ы)?(?:\s+США)?(?![\w])|долл\.|евро(?![\w])|рубл(?:ей|я|ь)(?![\w])"
    r"|руб\.|тенге(?![\w])|манат(?:ов|а)?(?![\w])|юан(?:ей|я|ь|и)(?![\w])"
    r"|фунт(?:ов|а)?\s+стерлингов(?![\w]))|\$|€|£|₽|₸|₼"
)
_RU_MONEY_PREFIX = (
    r"(?P<cur>\$|€|£|₽|₸|₼)\s?"
    + _RU_RANGE
    + rf"(?P<num>{_RU_NUM})"
    + r"(?:\s*(?P<scale>(?i:"
    + _RU_SCALE_WORDS
    + r"))(?![\w]))"
)
_RU_MONEY_SUFFIX = (
    _RU_RANGE
    + rf"(?P<num>{_RU_NUM})"
    + _ru_scale("scale")
    + rf"\s*(?P<cur_word>{_RU_CURRENCY_WORD})"
)


def _ru_currency(word: str) -> str | None:
    w = word.casefold()
    for stem, code in (
        ("дол", "USD"),
        ("евро", "EUR"),
        ("руб", "RUB"),
        ("тенге", "KZT"),
        ("манат", "AZN"),
        ("юан", "CNY"),
        ("фунт", "GBP"),
    ):
        if w.startswith(stem):
            return code
    return _CURRENCY_SYMBOLS.get(w)


def _ru_scale_value(word: str) -> int:
    w = word.casefold().rstrip(".")
    for stem, value in (
        ("тыс", 10**3),
        ("млн", 10**6),
        ("миллион", 10**6),
        ("млрд", 10**9),
        ("миллиард", 10**9),
        ("трлн", 10**12),
        ("триллион", 10**12),
    ):
        if w.startswith(stem):
            return value
    raise KeyError(word)


def _ru_number(raw: str, scaled: bool) -> Decimal:
    """A Russian figure: spaces group thousands, the comma is the decimal mark.

    "1,768 км" with no scale word is read the English way (1768), since a Russian writer
    does not give a length to the metre in kilometres; "1,057 млн" is 1.057 million.
    """
    raw = re.sub(r"[\s\u00a0\u2009\u202f]", "", raw)
    if not scaled and re.fullmatch(r"\d{1,3}(?:,\d{3})+", raw):
        return Decimal(raw.replace(",", ""))
    return Decimal(raw.replace(",", "."))


def _ru_unit_pattern(unit: str) -> re.Pattern[str]:
    return re.compile(_RU_RANGE + rf"(?P<num>{_RU_NUM})" + _ru_scale("scale") + unit + _RU_RATE)


def _ru_mass_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    return 1, None


def _ru_oil_flow_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    return 1, "day"


def _ru_gas_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    return 1, None


def _ru_length_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    return _km_factor(spelling, _RU_KM_PER)


# --- patterns --------------------------------------------------------------------------------

UnitFn = Callable[[str], tuple[Decimal | int, str | None]]
# Reads a matched figure: (raw digits, whether a scale word follows) -> value.
NumberFn = Callable[[str, bool], Decimal]


def _table(table: dict[str, tuple[int, str | None]]) -> UnitFn:
    def lookup(spelling: str) -> tuple[Decimal | int, str | None]:
        key = re.sub(r"^metric\s+", "", re.sub(r"\s+", " ", spelling.lower()))
        return table.get(key, (1, None))

    return lookup


def _oil_flow_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    s = spelling.lower()
    if s.startswith("mm") or s in ("mb/d", "mbpd", "mbd"):
        return 10**6, "day"
    if s.startswith("k"):
        return 10**3, "day"
    return 1, "day"


def _oil_volume_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    return (10**6 if spelling.lower().startswith("mm") else 1), None


def _power_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    return _PREFIX_POWER[spelling[0].lower()], None


def _energy_unit(spelling: str) -> tuple[Decimal | int, str | None]:
    return _PREFIX_ENERGY[spelling[0].lower()], None


def _unit_pattern(unit: str, words: str = _SCALE_WORDS) -> re.Pattern[str]:
    return re.compile(_range(words) + _num("num") + _scale("scale", words) + unit + _RATE)


def _en_number(raw: str, scaled: bool) -> Decimal:
    return _number(raw)


# (kind, normalised unit or None for money, pattern, unit function, number reader). Longer
# matches win over shorter overlapping ones, so the order only breaks ties between equally
# long matches. The Russian patterns give the same kinds and units as the English ones.
_PATTERNS: list[tuple[str, str | None, re.Pattern[str], UnitFn | None, NumberFn]] = [
    ("oil_flow", "bbl/d", _unit_pattern(r"\s*" + _OIL_FLOW_UNIT), _oil_flow_unit, _en_number),
    ("gas_volume", "m3", _unit_pattern(r"\s*" + _GAS_UNIT), _gas_unit, _en_number),
    ("mass", "t", _unit_pattern(r"\s*" + _MASS_UNIT), _table(_MASS_UNITS), _en_number),
    ("oil_volume", "bbl", _unit_pattern(r"\s*" + _OIL_VOLUME_UNIT), _oil_volume_unit, _en_number),
    ("money", None, re.compile(_MONEY_PREFIX + _RATE), None, _en_number),
    ("money", None, re.compile(_MONEY_SUFFIX + _RATE), None, _en_number),
    ("length", "km", _unit_pattern(_LENGTH_UNIT), _length_unit, _en_number),
    ("percentage", "%", _unit_pattern(_PERCENT_UNIT), lambda _: (1, None), _en_number),
    ("power", "MW", _unit_pattern(_POWER_UNIT), _power_unit, _en_number),
    ("electricity", "kWh", _unit_pattern(_ENERGY_UNIT), _energy_unit, _en_number),
    ("containers", "TEU", _unit_pattern(_TEU_UNIT), lambda _: (1, None), _en_number),
]
# Tried only on text with Cyrillic letters: every one needs a Russian word, except "300 $",
# which in English text is not how a sum is written.
_RU_PATTERNS: list[tuple[str, str | None, re.Pattern[str], UnitFn | None, NumberFn]] = [
    ("oil_flow", "bbl/d", _ru_unit_pattern(_RU_OIL_FLOW_UNIT), _ru_oil_flow_unit, _ru_number),
    ("gas_volume", "m3", _ru_unit_pattern(_RU_GAS_UNIT), _ru_gas_unit, _ru_number),
    ("mass", "t", _ru_unit_pattern(_RU_MASS_UNIT), _ru_mass_unit, _ru_number),
    ("oil_volume", "bbl", _ru_unit_pattern(_RU_OIL_VOLUME_UNIT), _ru_mass_unit, _ru_number),
    ("money", None, re.compile(_RU_MONEY_PREFIX + _RU_RATE), None, _ru_number),
    ("money", None, re.compile(_RU_MONEY_SUFFIX + _RU_RATE), None, _ru_number),
    ("length", "km", _ru_unit_pattern(_RU_LENGTH_UNIT), _ru_length_unit, _ru_number),
    ("percentage", "%", _ru_unit_pattern(_RU_PERCENT_UNIT), lambda _: (1, None), _ru_number),
]

_YEAR = re.compile(r"(?<![\w.,$€£₽₸₼])(?P<num>(?:19|20)\d{2})(?![\w%]|[.,]\d)")
# "over 2000 trucks", "some 1950 wagons": a count, not a year.
# «более 2000 вагонов», «около 1950 фур» too; not «до», which is "by" before a year.
_NOT_YEAR_BEFORE = re.compile(
    r"(?<![\w])(?:more\s+than|over|nearly|almost|up\s+to|at\s+least|some|approximately"
    r"|более|свыше|почти|порядка|около|примерно)\s*$",
    re.IGNORECASE,
)


def _number(raw: str) -> Decimal:
    return Decimal(re.sub(r"[,\s\u00a0\u2009\u202f]", "", raw))


def _rate(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if not groups.get("rate"):
        return None
    for name in ("p1", "p2", "p3"):
        if groups.get(name):
            return _PERIOD[groups[name].lower()]
    for name in ("r1", "r2", "r3"):
        if groups.get(name):
            return _RU_PERIOD[groups[name].casefold()]
    return "year"  # "p.a."


def _scale_value(word: str) -> int:
    key = word.lower()
    return _SCALES[key] if key in _SCALES else _ru_scale_value(key)


def _looks_like_year(raw: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}", raw))


def _from_match(
    text: str,
    match: re.Match[str],
    kind: str,
    unit: str | None,
    unit_fn: UnitFn | None,
    number_fn: NumberFn = _en_number,
) -> list[dict]:
    groups = match.groupdict()
    if unit is None:
        unit, (unit_mult, built_in_rate) = _currency(match), (1, None)
    else:
        assert unit_fn is not None
        unit_mult, built_in_rate = unit_fn(groups["unit"])
    rate = _rate(match) or built_in_rate
    scale = _scale_value(groups["scale"]) if groups.get("scale") else 1
    high = number_fn(groups["num"], bool(groups.get("scale")))
    start, end = match.start(), match.end()
    out: list[dict] = []
    lo_raw = groups.get("lo")
    if lo_raw is not None:
        lo_scale = _scale_value(groups["lo_scale"]) if groups.get("lo_scale") else scale
        low = number_fn(lo_raw, bool(groups.get("lo_scale") or groups.get("scale")))
        # "2023-25 million": a year and a figure, not a range; "5-2": not a range either.
        is_range = low * lo_scale <= high * scale and (
            not _looks_like_year(lo_raw) or _looks_like_year(groups["num"])
        )
        high_start = match.start("num")
        if groups.get("cur") and not is_range:
            high_start = match.start("cur")
        if is_range:
            lo_start = match.start("cur") if groups.get("cur") else match.start("lo")
            lo_end = match.end("lo_scale") if groups.get("lo_scale") else match.end("lo")
            # Both ends take what stands before the range ("около 10–12"), not the separator
            # before the high end ("от 10 до 12": «до» there is not "up to").
            qualifier = _qualifier(text, min(lo_start, match.start()))
            low_q = _quantity(text, kind, low * lo_scale * unit_mult, unit, lo_start, lo_end, rate)
            high_q = _quantity(text, kind, high * scale * unit_mult, unit, high_start, end, rate)
            return [{**low_q, "qualifier": qualifier}, {**high_q, "qualifier": qualifier}]
        start = high_start
    out.append(_quantity(text, kind, high * scale * unit_mult, unit, start, end, rate))
    return out


def _quantity(
    text: str,
    kind: str,
    value: Decimal | int,
    unit: str,
    start: int,
    end: int,
    rate: str | None,
) -> dict:
    return {
        "kind": kind,
        "value": float(value),
        "unit": unit,
        "text": text[start:end],
        "start": start,
        "end": end,
        "rate": rate,
        "qualifier": _qualifier(text, start),
    }


def parse_quantities(text: str) -> list[dict]:
    """Find every quantity with a unit, and every year, in a sentence.

    Parameters
    ----------
    text : str
        A sentence or any span of text; offsets in the result index this string.

    Returns
    -------
    list of dict
        In text order, each ``{"kind", "value", "unit", "text", "start", "end", "rate",
        "qualifier"}`` as described in the module docstring, with
        ``text[start:end] == quantity["text"]``. Overlapping readings are resolved in favour
        of the longest match, so a number is reported once ("$300 million" is one money
        quantity; "2,000 km" is a length and no year).

    Examples
    --------
    >>> q = parse_quantities("up to 10 million tons per year")[0]
    >>> q["kind"], q["value"], q["unit"], q["rate"], q["qualifier"]
    ('mass', 10000000.0, 't', 'year', 'at_most')
    """
    if not _DIGIT.search(text):
        return []  # every quantity and every year has a digit: most sentences have none
    candidates: list[tuple[int, int, int, list[dict]]] = []
    patterns = _PATTERNS + _RU_PATTERNS if _CYRILLIC.search(text) else _PATTERNS
    for order, (kind, unit, pattern, unit_fn, number_fn) in enumerate(patterns):
        for match in pattern.finditer(text):
            quantities = _from_match(text, match, kind, unit, unit_fn, number_fn)
            span_start = min(q["start"] for q in quantities)
            candidates.append((span_start, match.end(), order, quantities))
    # Longest first, then pattern order: "10 bcm of gas per year" beats "10 bcm".
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[2], c[0]))
    taken: list[tuple[int, int]] = []
    found: list[dict] = []
    for start, end, _, quantities in candidates:
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        found.extend(quantities)
    for match in _YEAR.finditer(text):
        start, end = match.span()
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        if _NOT_YEAR_BEFORE.search(text, max(0, start - 24), start):
            continue
        found.append(
            {
                "kind": "year",
                "value": float(match.group("num")),
                "unit": "year",
                "text": match.group(0),
                "start": start,
                "end": end,
                "rate": None,
                "qualifier": None,
            }
        )
    found.sort(key=lambda q: (q["start"], q["end"]))
    return found


def same_quantity(a: dict, b: dict, tolerance: float = 0.05) -> bool:
    """Whether two parsed quantities state the same figure.

    Parameters
    ----------
    a, b : dict
        Quantities as returned by :func:`parse_quantities` (only ``kind``, ``unit``,
        ``value`` and optionally ``rate`` are read).
    tolerance : float, default 0.05
        Largest accepted relative difference, against the larger magnitude.

    Returns
    -------
    bool
        ``True`` when kind and unit agree, rates do not contradict (a missing rate matches
        any, since articles often drop "per year"), and the values agree within
        ``tolerance``. Years must be equal exactly: 2023 and 2024 are within 5%.
    """
    if a["kind"] != b["kind"] or a["unit"] != b["unit"]:
        return False
    if a["kind"] == "year":
        return int(a["value"]) == int(b["value"])
    rate_a, rate_b = a.get("rate"), b.get("rate")
    if rate_a and rate_b and rate_a != rate_b:
        return False
    value_a, value_b = float(a["value"]), float(b["value"])
    if value_a == value_b:
        return True
    return abs(value_a - value_b) <= tolerance * max(abs(value_a), abs(value_b))
