"""Sentence and clause spans for news articles, as offsets into the unmodified text.

Offsets are Python ``str`` indices into the text exactly as read (``newline=""``), so a span
can be quoted verbatim: ``text[start:end]`` is the sentence with surrounding whitespace
stripped. Nothing is normalised or rewritten.

Paragraph rule: a blank line always ends a sentence; a single newline ends one too unless the
next line starts with a lowercase letter (a hard-wrapped line continuing the sentence). This
makes headings, bylines and list items (``- item``, ``• item``, ``1. item``) sentences of
their own even without final punctuation. List markers stay inside the span.
"""

from __future__ import annotations

import re

# Abbreviations after which a full stop never ends the sentence: titles before a name
# ("Dr. Aliyev", "St. Petersburg") and Latin or editorial shorthands ("e.g.", "approx.").
# Case-sensitive for titles, so a sentence ending in lowercase "st." or "gen." is not held.
_TITLES = frozenset(
    {
        "Mr",
        "Mrs",
        "Ms",
        "Mmes",
        "Messrs",
        "Dr",
        "Prof",
        "St",
        "Mt",
        "Ft",
        "Gen",
        "Col",
        "Lt",
        "Maj",
        "Capt",
        "Cmdr",
        "Adm",
        "Sgt",
        "Cpl",
        "Rev",
        "Sen",
        "Rep",
        "Gov",
        "Pres",
        "Hon",
        "Amb",
        "Supt",
        "Insp",
        "Sr",
        "Jr",
    }
)
_SHORTHANDS = frozenset(
    {
        "e.g",
        "i.e",
        "cf",
        "vs",
        "viz",
        "approx",
        "appr",
        "ca",
        "incl",
        "esp",
        "resp",
        "al",
        "var",
        "abt",
        "est",
    }
)
# Held only before a number: "No. 5", "Jan. 12", "Fig. 3", "pp. 10-12". Before a capital they
# may end the sentence ("He said no. Then...", "...in Jan. The...").
_BEFORE_NUMBER = frozenset(
    {
        "No",
        "no",
        "Nos",
        "nos",
        "Nr",
        "Art",
        "art",
        "Fig",
        "fig",
        "Vol",
        "vol",
        "p",
        "pp",
        "Sec",
        "Ch",
        "Para",
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Sept",
        "Oct",
        "Nov",
        "Dec",
    }
)
# Company suffixes: end a sentence only before a typical sentence opener.
_COMPANY = frozenset(
    {
        "Inc",
        "Ltd",
        "Co",
        "Corp",
        "LLC",
        "LLP",
        "Plc",
        "plc",
        "PLC",
        "Bros",
        "Ltda",
        "Cie",
    }
)
# Words that typically open a sentence. After an acronym ("U.S.", "B.V."), an initial ("J.")
# or a company suffix the next word is usually a name ("the U.S. Treasury", "J. Smith"), so
# the full stop ends the sentence only when one of these follows.
_OPENERS = frozenset(
    {
        "A",
        "An",
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "It's",
        "They",
        "Their",
        "There",
        "He",
        "His",
        "She",
        "Her",
        "We",
        "Our",
        "I",
        "You",
        "In",
        "On",
        "At",
        "By",
        "For",
        "From",
        "With",
        "To",
        "As",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "But",
        "And",
        "Or",
        "So",
        "Yet",
        "However",
        "Meanwhile",
        "Moreover",
        "Furthermore",
        "Also",
        "Still",
        "According",
        "Both",
        "Such",
        "Some",
        "Many",
        "Most",
        "All",
        "Each",
        "Other",
        "Another",
        "Last",
        "Next",
        "Earlier",
        "Later",
        "Now",
        "Then",
        "Today",
        "Yesterday",
        "What",
        "Why",
        "How",
        "Who",
        "Where",
        "Which",
        "Although",
        "Though",
        "Despite",
        "Under",
        "Over",
        "No",
        "Not",
        "Only",
        "Here",
        "Thus",
        "Therefore",
        "Instead",
        "Nevertheless",
        "Nonetheless",
    }
)

# A terminator run (". ", "?!", "...", "…") with any closing quotes or brackets after it.
_TERMINATOR = re.compile(r"[.?!…]+[\"”’'»)\]]*")
_OPENING = "\"“‘'«([{"
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")  # "U.S", "B.V", "e.g" (before the stop)
_LIST_MARKER = re.compile(r"^(?:\d{1,3}|[A-Za-z]|[ivxlcdm]{1,5}|[IVXLCDM]{1,5})$")
_BULLET = re.compile(r"[-–—•*·▪●◦‣>]\s")
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_WORD = re.compile(r"[\w'’.-]*")


def _next_word(text: str, pos: int, end: int) -> str:
    """The word starting at ``pos`` (after whitespace and opening quotes), or ``""`` at end."""
    while pos < end and (text[pos].isspace() or text[pos] in _OPENING):
        pos += 1
    match = _WORD.match(text, pos, end)
    word = match.group(0) if match else ""
    return word.rstrip(".") or (text[pos] if pos < end else "")


def _opens_line(text: str, pos: int, block_start: int) -> bool:
    """Whether only spaces stand between ``pos`` and the start of its line (or block).

    Scans back over the spaces only, so a long line with many stops stays linear.
    """
    while pos > block_start and text[pos - 1] != "\n" and text[pos - 1].isspace():
        pos -= 1
    return pos == block_start or text[pos - 1] == "\n"


def _is_boundary(text: str, match: re.Match[str], block_start: int, block_end: int) -> bool:
    """Whether the terminator run ``match`` (followed by whitespace or the end) ends a sentence."""
    after = _next_word(text, match.end(), block_end)
    if not after:
        return True
    first = after[0]
    # A lowercase continuation is the strongest signal against a boundary in news prose:
    # 'Why?" he asked', "e.g. rail", "approx. ten", "U.S. officials".
    if first.islower():
        return False
    run = match.group(0).rstrip("\"”’'»)]")
    if "?" in run or "!" in run:
        return True
    if run != ".":
        # An ellipsis ends the sentence only before a capital or a quote, not before a number.
        return not first.isdigit()
    # A single full stop: look at the word it closes.
    word_start = match.start()
    while word_start > block_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start : match.start()].lstrip(_OPENING)
    if not word:
        return True
    if word in _TITLES or word.lower() in _SHORTHANDS:
        return False
    if word in _BEFORE_NUMBER and first.isdigit():
        return False
    if _LIST_MARKER.match(word) and _opens_line(text, word_start, block_start):
        return False  # "1. Rail" or "a. Ports" opening a line is a list marker
    if _ACRONYM.match(word) or (len(word) == 1 and word.isupper()) or word in _COMPANY:
        return after in _OPENERS
    return True


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph-level spans: lines joined only where the next line starts in lowercase."""
    blocks: list[tuple[int, int]] = []
    current: tuple[int, int] | None = None
    pos = 0
    for line in _LINE.finditer(text):
        if line.start() == len(text) and line.group(0) == "":
            break
        start, end = line.start(), line.end()
        pos = end
        body = line.group(0).strip()
        if not body:
            if current:
                blocks.append(current)
            current = None
            continue
        continues = body[0].islower() and not _BULLET.match(body)
        if current and continues:
            current = (current[0], end)
        else:
            if current:
                blocks.append(current)
            current = (start, end)
        if pos >= len(text):
            break
    if current:
        blocks.append(current)
    return blocks


def _stripped(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split an article into sentence spans.

    Parameters
    ----------
    text : str
        The article text as read from disk (``newline=""``), not modified.

    Returns
    -------
    list of tuple of int
        ``(start, end)`` offsets in text order; ``text[start:end]`` is one sentence with
        surrounding whitespace stripped, closing quotes or brackets after the final stop
        included. Headings and list items on their own line are sentences of their own.

    Notes
    -----
    A full stop does not end a sentence after a title ("Dr.", "St."), a Latin shorthand
    ("e.g.", "approx."), "No."/month abbreviations before a number, inside a number
    ("1.057"), or before a lowercase word. After an acronym ("U.S.", "B.V."), a single initial
    ("J.") or a company suffix ("Inc.") it ends the sentence only before a typical sentence
    opener ("The", "It", "However", ...).
    """
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        sentence_start = block_start
        for match in _TERMINATOR.finditer(text, block_start, block_end):
            if match.end() < block_end and not text[match.end()].isspace():
                continue  # "1.057", "Caliber.Az", "U.S.-led": no space, no boundary
            if _is_boundary(text, match, block_start, block_end):
                span = _stripped(text, sentence_start, match.end())
                if span:
                    spans.append(span)
                sentence_start = match.end()
        span = _stripped(text, sentence_start, block_end)
        if span:
            spans.append(span)
    return spans


MIN_CLAUSE_CHARS = 25
_CLAUSE_BREAK = re.compile(r";|\s[—–]\s")


def _links_names(text: str, brk: re.Match[str], start: int, end: int) -> bool:
    """Whether a dash joins two names ("Azerbaijan – Kazakhstan", "Winds - 2025")."""
    if brk.group(0) == ";":
        return False
    before = text[start : brk.start()].split()
    after = text[brk.end() : end].split()
    return bool(
        before
        and after
        and before[-1][0].isupper()
        and (after[0][0].isupper() or after[0][0].isdigit())
    )


def clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split one sentence span at semicolons and spaced em/en dashes into clause spans.

    Parameters
    ----------
    text : str
        The full text the span indexes.
    start, end : int
        The sentence span, e.g. one item of :func:`split_sentences`.

    Returns
    -------
    list of tuple of int
        Stripped ``(start, end)`` spans inside ``[start, end)``, in order, covering the
        sentence except the separators. A split is made only where both the clause before it
        and the rest of the sentence after it are at least ``MIN_CLAUSE_CHARS`` long, so
        every returned clause has that length unless the sentence itself is shorter (then it
        is returned whole). Separators are not part of any clause.

    Notes
    -----
    A dash between a capitalised word and a capitalised word or number links names
    ("Azerbaijan – Kazakhstan partnership") and is never split. A dash that has a partner of
    the same kind later in the sentence, with no semicolon in between, brackets an aside
    ("Central Asia — Kazakhstan, Uzbekistan — both on ...") and is never split.
    """
    breaks = list(_CLAUSE_BREAK.finditer(text, start, end))
    aside: set[int] = set()
    for i, first in enumerate(breaks):
        dash = first.group(0).strip()
        if dash == ";" or first.start() in aside:
            continue
        for second in breaks[i + 1 :]:
            other = second.group(0).strip()
            if other == ";":
                break
            if other == dash:
                aside.update((first.start(), second.start()))
                break
    result: list[tuple[int, int]] = []
    clause_start = start
    for brk in breaks:
        if brk.start() in aside or _links_names(text, brk, start, end):
            continue
        left = _stripped(text, clause_start, brk.start())
        right = _stripped(text, brk.end(), end)
        if (
            left
            and right
            and left[1] - left[0] >= MIN_CLAUSE_CHARS
            and right[1] - right[0] >= MIN_CLAUSE_CHARS
        ):
            result.append(left)
            clause_start = brk.end()
    last = _stripped(text, clause_start, end)
    if last:
        result.append(last)
    return result
