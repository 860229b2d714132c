"""Many names found at once in a text, whatever their spelling, dashes or Russian case.

Text and names are read as tokens (runs of letters or digits; every dash is a token ``-``),
each folded to a key: Latin-script words lose case and diacritics through ``anyascii``
("Constanța", "Constanţa" and "Constanta" are one key; so are "Ələt" and "Elet"), Cyrillic
words lose case and a Russian noun or adjective ending ("Казахстана", "Казахстаном" ->
"казахстан"; "Среднего коридора" -> "средн коридор"). All names go into one Aho-Corasick
automaton (``pyahocorasick``) over the keys, so finding them costs one pass over the text
however many names there are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
from anyascii import anyascii

_TOKEN = re.compile(r"[^\W_]+|[-\u2010-\u2015\u2212]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Russian case and adjective endings, longest first; a stem keeps at least 3 letters. Not
# "-ов"/"-ев": in names it is the stem («Ростов», «Ростова», «Ростове»), and stripping it made
# «Рост» (growth) the city.
_ENDINGS = tuple(
    sorted(
        [
            "ами",
            "ями",
            "ого",
            "его",
            "ому",
            "ему",
            "ыми",
            "ими",
            "ым",
            "им",
            "ых",
            "их",
            "ой",
            "ей",
            "ом",
            "ем",
            "ам",
            "ям",
            "ах",
            "ях",
            "ую",
            "юю",
            "ая",
            "яя",
            "ое",
            "ее",
            "ые",
            "ие",
            "ый",
            "ий",
            "ью",
            "а",
            "я",
            "у",
            "ю",
            "е",
            "ы",
            "и",
            "о",
            "ь",
            "й",
        ],
        key=len,
        reverse=True,
    )
)
MIN_STEM = 3
# Endings of a Russian adjective in the nominative ("Южная", "Новый", "Белая"): in a name of
# two or more words such a word declines («Южной», «Нового») whatever its stem's length.
_ADJECTIVE_ENDINGS = ("ая", "яя", "ый", "ий", "ой", "ое", "ее", "ые", "ие")
_VOWELS = frozenset("аеиоуыэюяйь")
_IYA_NOUN = re.compile(r"[^аеиоуыэюя]и(?:я|и|ю|ей|ям|ях|ями)$")
# All-capital names this short (TAP, BTC, КТК) match only in capitals.
STRICT_MAX_LEN = 5


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """The key of one token: dashes are ``-``, Cyrillic is stemmed, Latin is ASCII-folded."""
    if len(word) == 1 and not word.isalnum():
        return "-"
    lower = word.casefold()
    if _CYRILLIC.search(lower):
        lower = lower.replace("ё", "е")
        for ending in _ENDINGS:
            if lower.endswith(ending) and len(lower) - len(ending) >= MIN_STEM:
                lower = lower[: -len(ending)]
                break
        # Nouns in -ия keep their «и» in every case («Грузия», «Грузии», «Грузию», «Грузией»
        # -> "грузи"), so that «Грузы», «Груз» (cargo) are not Georgia.
        if _IYA_NOUN.search(word.casefold()) and lower.endswith("и"):
            return lower
        # "Китай" -> "кита", "Китая" -> "кит": a vowel left at the end of a stem goes too.
        if lower[-1:] in _VOWELS and len(lower) > MIN_STEM:
            lower = lower[:-1]
        return lower
    return anyascii(lower).lower().replace(" ", "")


def tokens(text: str) -> list[tuple[str, int, int]]:
    """``(key, start, end)`` of every token of ``text``, offsets into ``text``."""
    return [(fold(m.group(0)), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=16)
def _prepared(text: str) -> tuple[list[tuple[str, int, int]], str, dict[int, int]]:
    """Tokens, the folded text the automaton reads, and token number by folded offset.

    Cached for the last few texts: ingest looks up the same sentence in three indexes
    (feature aliases, curated places and countries, cities), and tokenising it is most of
    the cost of a lookup. Callers must not mutate the result.
    """
    toks = tokens(text)
    folded = "".join(f"{key} " for key, _, _ in toks)
    index_at: dict[int, int] = {}
    pos = 0
    for i, (key, _, _) in enumerate(toks):
        index_at[pos] = i
        pos += len(key) + 1
    return toks, folded, index_at


def name_key(name: str) -> str:
    """The automaton key of a whole name: its token keys, each followed by a space."""
    return "".join(f"{key} " for key, _, _ in tokens(name))


@dataclass(frozen=True)
class Hit:
    """A name found in a text: the value it was registered with and where it stands."""

    value: object
    name: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Entry:
    value: object
    name: str
    n_tokens: int
    key_len: int
    strict: bool
    capitals: tuple[bool, ...]  # tokens that must start with a capital in the text
    whole: tuple[str, ...]  # short Cyrillic words the text must begin with ("Баку", "Поти")
    any_capitals: bool  # any(capitals), precomputed: most hits are checked only for this
    any_whole: bool  # any(whole)


class NameIndex:
    """An automaton of names, each registered with a value (a feature id, a place).

    Parameters
    ----------
    names : iterable of tuple
        ``(name, value)``. When two names fold to the same key, the first registered wins.
    proper : frozenset of str, optional
        Names that match only with the capitals they are written with ("Northern Route",
        where "the northern route" is any route north).
    """

    def __init__(self, names: Iterable[tuple[str, object]], proper: frozenset[str] = frozenset()):
        self._automaton = ahocorasick.Automaton()
        for name, value in names:
            key = name_key(name)
            if not key or key in self._automaton:
                continue
            parts = _TOKEN.findall(name)
            single = len(parts) == 1
            # The short-word guard is for capitalised names ("Баку" is not the word "бак");
            # a common word inside a name ("море" of «Чёрное море») inflects freely:
            # «Чёрного моря», «Каспийском море»; so does an adjective before another word
            # ("Южная" of «Южная Озереевка»: «в Южной Озереевке»), the next word names it.
            words = sum(1 for p in parts if p != "-" and p.isalnum())
            whole = tuple(
                p.casefold()
                if _CYRILLIC.search(p)
                and len(fold(p)) <= MIN_STEM
                and p[:1].isupper()
                and not (words > 1 and p.casefold().endswith(_ADJECTIVE_ENDINGS))
                else ""
                for p in parts
            )
            capitals = tuple(
                p[:1].isupper() and (single or name in proper or bool(_CYRILLIC.search(p)))
                for p in parts
            )
            entry = _Entry(
                value=value,
                name=name,
                n_tokens=len(parts),
                key_len=len(key),
                whole=whole,
                strict=name.strip().isupper() and len(name.strip()) <= STRICT_MAX_LEN,
                capitals=capitals,
                any_capitals=any(capitals),
                any_whole=any(whole),
            )
            self._automaton.add_word(key, entry)
        self._empty = len(self._automaton) == 0
        if not self._empty:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._automaton)

    def find(self, text: str) -> list[Hit]:
        """Every name in ``text``, longest first where they overlap, in text order.

        A one-word name written with a capital ("Alat", "Kuryk") and a capitalised Cyrillic
        word of any name ("Средний коридор", "порт Актау") match only where the text has a
        capital on that word, so the common word "бак" is not "Баку"; longer Latin names
        match in any case ("port of Baku"); short all-capital names match only in capitals.
        """
        if self._empty:
            return []
        toks, folded, index_at = _prepared(text)
        candidates = []
        for end_pos, entry in self._automaton.iter(folded):
            start_pos = end_pos - entry.key_len + 1
            first = index_at.get(start_pos)
            if first is None:
                continue  # the match starts inside a token
            span = toks[first : first + entry.n_tokens]
            # Capitals first, from the token's first character: most automaton hits are
            # lowercase words that are also town names, and this rejects them cheaply.
            if entry.any_capitals and any(
                cap and not text[s].isupper()
                for cap, (_, s, _) in zip(entry.capitals, span, strict=True)
            ):
                continue
            if entry.strict and not all(
                text[s:e].isupper() or text[s:e] == "-" for _, s, e in span
            ):
                continue
            if entry.any_whole and any(
                short and not text[s:e].casefold().startswith(short)
                for short, (_, s, e) in zip(entry.whole, span, strict=True)
            ):
                continue
            candidates.append((first, first + entry.n_tokens, entry))
        candidates.sort(key=lambda c: (c[0] - c[1], c[0]))
        taken = bytearray(len(toks))
        hits = []
        for first, last, entry in candidates:
            if any(taken[first:last]):
                continue
            taken[first:last] = b"\x01" * (last - first)
            start, end = toks[first][1], toks[last - 1][2]
            hits.append(Hit(entry.value, entry.name, start, end, text[start:end]))
        return sorted(hits, key=lambda h: h.start)
