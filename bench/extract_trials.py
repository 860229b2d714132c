"""Library trials for ``ingest``: `.venv/bin/python bench/extract_trials.py [--only NAMES]`.

Each trial swaps one part of extraction for a library and measures, on the labelled sets
(`corridors eval`) and on the bench corpus, what it changes:

- sentence splitting: ``pysbd``, ``syntok`` and ``sentencex`` against ``geo/sentences.py``,
  each run inside the same paragraph blocks (blank lines and line starts still end a
  sentence, as ingest needs for headings and bylines) and on the whole text; English and
  Russian;
- fuzzy place names: ``rapidfuzz`` matching capitalised words the gazetteer does not know
  against its names (misspelt towns: "Aktua", "Poty").

For each it prints feature and place precision/recall per set, how many labelled quotes are
exactly one sentence (a label boundary the splitter found), and articles per second in one
process over 200 bench articles. It only measures; nothing here changes ingest. Needs the
``trials`` extra (``pip install .[trials]``: pysbd, syntok, sentencex, rapidfuzz).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import geo.extract  # noqa: E402
from geo import sentences  # noqa: E402
from geo.evaluate import atlas_runner, evaluate, load_eval_set  # noqa: E402

Spans = list[tuple[int, int]]
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _language(text: str) -> str:
    letters = [c for c in text[:4000] if c.isalpha()]
    cyr = sum(1 for c in letters if _CYRILLIC.match(c))
    return "ru" if letters and cyr / len(letters) > 0.3 else "en"


def _locate(text: str, pieces: list[str], offset: int = 0) -> Spans:
    """Offsets of sentence strings a library returned without them."""
    spans, cursor = [], offset
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at < 0:
            continue
        spans.append((at, at + len(piece)))
        cursor = at + len(piece)
    return spans


def pysbd_spans(text: str, start: int = 0, end: int | None = None) -> Spans:
    import pysbd

    end = len(text) if end is None else end
    seg = pysbd.Segmenter(language=_language(text), clean=False)
    return _locate(text, seg.segment(text[start:end]), start)


def syntok_spans(text: str, start: int = 0, end: int | None = None) -> Spans:
    from syntok import segmenter

    end = len(text) if end is None else end
    chunk = text[start:end]
    spans = []
    for paragraph in segmenter.analyze(chunk):
        for sentence in paragraph:
            first, last = sentence[0], sentence[-1]
            span = sentences._stripped(
                text, start + first.offset, start + last.offset + len(last.value)
            )
            if span:
                spans.append(span)
    return spans


def sentencex_spans(text: str, start: int = 0, end: int | None = None) -> Spans:
    from sentencex import get_sentence_boundaries

    end = len(text) if end is None else end
    spans = []
    for b in get_sentence_boundaries(_language(text), text[start:end]):
        span = sentences._stripped(text, start + b["start_index"], start + b["end_index"])
        if span and not b.get("is_paragraph_break"):
            spans.append(span)
    return spans


def in_blocks(library: Callable[..., Spans]) -> Callable[[str], Spans]:
    """The library run inside the paragraph blocks of :mod:`geo.sentences`."""

    def split(text: str) -> Spans:
        out: Spans = []
        for block_start, block_end in sentences._blocks(text):
            out += library(text, block_start, block_end)
        return out

    return split


SPLITTERS: dict[str, Callable[[str], Spans]] = {
    "geo.sentences (hand-written)": sentences.split_sentences,
    "pysbd in blocks": in_blocks(pysbd_spans),
    "pysbd whole text": pysbd_spans,
    "syntok in blocks": in_blocks(syntok_spans),
    "syntok whole text": syntok_spans,
    "sentencex in blocks": in_blocks(sentencex_spans),
    "sentencex whole text": sentencex_spans,
}


def label_boundaries(split: Callable[[str], Spans], articles) -> tuple[int, int]:
    """How many labelled quotes are exactly one sentence span of ``split``."""
    hit = total = 0
    for article in articles:
        spans = set(split(article.text))
        for label in article.labels:
            total += 1
            hit += (label.start, label.end) in spans
    return hit, total


def _fmt(total) -> str:
    """Feature and place P/R, with true/proposed/labelled counts (a 0.01 step is 2 links)."""
    f, p = total.features, total.places
    return (
        f"F {f.precision:.2f}/{f.recall:.2f} ({f.true}/{f.true + f.false}/{f.true + f.missed}) "
        f"P {p.precision:.2f}/{p.recall:.2f} ({p.true}/{p.true + p.false}/{p.true + p.missed})"
    )


def _bench_texts(n: int) -> list[str]:
    from corpus import make_articles

    folder = Path(tempfile.mkdtemp(prefix="trials-"))
    return [p.read_text(encoding="utf-8") for p in make_articles(folder, n)]


def run_sentence_trials(names: list[str], texts: list[str]) -> None:
    propose, canonical = atlas_runner()
    # With no held-out batch, "all" is "tuning"; the held-out set is never looked at here.
    sets = {s: load_eval_set(s) for s in ("tuning", "russian", "all")}
    english = [a for a in sets["all"] if a.language != "ru"]
    original = geo.extract.split_sentences
    print(f"{'splitter':<30} {'tuning':<46} {'russian':<46} labels en/ru  art/s")
    try:
        for name in names:
            split = SPLITTERS[name]
            geo.extract.split_sentences = split
            cells = []
            for which in ("tuning", "russian"):
                _, total = evaluate(sets[which], propose, canonical)
                cells.append(_fmt(total))
            en_hit, en_n = label_boundaries(split, english)
            ru_hit, ru_n = label_boundaries(split, sets["russian"])
            start = time.perf_counter()
            for text in texts:
                propose(text)
            rate = len(texts) / (time.perf_counter() - start)
            print(
                f"{name:<30} {cells[0]:<46} {cells[1]:<46} "
                f"{en_hit}/{en_n} {ru_hit}/{ru_n}  {rate:.0f}",
                flush=True,
            )
    finally:
        geo.extract.split_sentences = original


# --- fuzzy place names ---------------------------------------------------------------------------

_CAPITALISED = re.compile(r"(?<![\w-])[A-ZÀ-ÖØ-Þ][\w’'-]{4,}")
MIN_FUZZY_LEN = 5


def fuzzy_finder(gazetteer, cutoff: float, alternates: bool, fuzzy: bool):
    """``gazetteer.find`` plus places for capitalised words it did not match.

    ``alternates``: also look the word up among GeoNames' ASCII alternate names of the
    regional cities (exact, folded). ``fuzzy``: rapidfuzz ``ratio`` against every name the
    text index knows (curated, countries, regional cities), at ``cutoff``; a word that is a
    prefix of the name or the name of it ("Georgian", "Russian") is an adjective, not a typo.
    """
    from rapidfuzz import fuzz, process

    from geo import gazetteer as gz
    from geo.names import fold

    cities, _ = gz._geonames()
    table = gz._city_table()
    names: dict[str, object] = {}
    alt: dict[str, object] = {}
    for city in cities.values():
        if not gz._text_city(city):
            continue
        place = table.get(city["name"].casefold())
        if place is None or place.source_title != f"GeoNames {city['geonameid']}":
            continue
        names.setdefault(fold(city["name"]), place)
        for name in city["alternatenames"]:
            if name.isascii() and len(name) >= MIN_FUZZY_LEN and name[:1].isupper():
                alt.setdefault(fold(name), place)
    for key, place in gazetteer._curated.items():
        names.setdefault(fold(key), place)
    for place in gazetteer._countries.values():
        names.setdefault(fold(place.name), place)
    choices = list(names)
    original = gazetteer.find

    def find(text: str):
        found = original(text)
        covered = [(m.start, m.end) for m in found]
        extra = []
        for match in _CAPITALISED.finditer(text):
            start, end = match.span()
            if any(s < end and start < e for s, e in covered):
                continue
            word = fold(match.group(0))
            place = alt.get(word) if alternates else None
            if place is None and fuzzy:
                best = process.extractOne(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff)
                if best and not (best[0].startswith(word) or word.startswith(best[0])):
                    place = names[best[0]]
            if place is not None:
                extra.append(gz.Mention(place.name, start, end, match.group(0)))
        return sorted(found + extra, key=lambda m: m.start)

    return find


FUZZY = {
    "no fuzzy (as ingest is)": (None, False, False),
    "ASCII alternates, exact": (None, True, False),
    "rapidfuzz ratio >= 90": (90, False, True),
    "rapidfuzz ratio >= 85": (85, False, True),
    "alternates + rapidfuzz >= 90": (90, True, True),
}


def run_fuzzy_trials(texts: list[str]) -> None:
    from geo.atlas import load_atlas
    from geo.extract import propose_claims
    from geo.gazetteer import AliasMatcher

    atlas = load_atlas()
    matcher = AliasMatcher(atlas.aliases)
    gazetteer = atlas.gazetteer
    sets = {s: load_eval_set(s) for s in ("tuning", "russian")}

    def canonical(name: str) -> str:
        place = gazetteer.resolve(name)
        return place.name if place else name

    print(f"{'place names':<30} {'tuning':<46} {'russian':<46} art/s")
    for name, (cutoff, alternates, fuzzy) in FUZZY.items():
        gazetteer.__dict__.pop("find", None)  # each trial wraps the gazetteer's own find
        if alternates or fuzzy:
            gazetteer.find = fuzzy_finder(gazetteer, cutoff or 100, alternates, fuzzy)

        def propose(text: str) -> list[dict]:
            return propose_claims(text, matcher, gazetteer, atlas.catalog)

        cells = [_fmt(evaluate(sets[w], propose, canonical)[1]) for w in ("tuning", "russian")]
        start = time.perf_counter()
        for text in texts:
            propose(text)
        rate = len(texts) / (time.perf_counter() - start)
        print(f"{name:<30} {cells[0]:<46} {cells[1]:<46} {rate:.0f}", flush=True)
    gazetteer.__dict__.pop("find", None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(SPLITTERS), help="splitters, comma-separated")
    parser.add_argument("--articles", type=int, default=200, help="bench articles for speed")
    parser.add_argument("--trial", choices=["sentences", "fuzzy", "both"], default="both")
    args = parser.parse_args()
    names = [n for n in args.only.split(",") if n]
    texts = _bench_texts(args.articles)
    if args.trial in ("sentences", "both"):
        run_sentence_trials(names, texts)
    if args.trial in ("fuzzy", "both"):
        run_fuzzy_trials(texts)


if __name__ == "__main__":
    main()
