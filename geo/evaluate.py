"""Measure what ``ingest`` proposes against hand-made labels.

The labelled set is the curated claims of the seed articles (``data/claims/``) plus the
articles written for evaluation in ``tests/eval/`` (``labels.json`` names each one's file,
half, language and labelled sentences). Proposals and labels are compared per stretch of
text: every labelled span and every proposed span that overlap form one unit, and within a
unit the feature ids (and the place names) proposed are compared with those labelled. A
proposal on a sentence nobody labelled counts all its links as false.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from geo.layout import REPO_ROOT, Layout

EVAL_DIR = REPO_ROOT / "tests" / "eval"
SETS = ("tuning", "heldout", "russian", "all")
# What ``half`` may say in labels.json. A held-out batch is added as entries with half
# "heldout" (and its files in articles/); once it has been tuned on it is moved to "tuning".
HALVES = ("tuning", "heldout")


@dataclass(frozen=True)
class Label:
    """One labelled sentence: its span, the features and the places it names."""

    start: int
    end: int
    feature_ids: frozenset[str]
    places: frozenset[str]


@dataclass(frozen=True)
class LabelledArticle:
    """An article text with its labels, its half (tuning or heldout) and its language."""

    id: str
    text: str
    half: str
    language: str
    labels: tuple[Label, ...]


@dataclass
class Score:
    """Counts of true, false and missed links, with what was missed or false."""

    true: int = 0
    false: int = 0
    missed: int = 0
    misses: list[str] = field(default_factory=list)
    false_links: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """True links over proposed links (1.0 when nothing was proposed)."""
        proposed = self.true + self.false
        return self.true / proposed if proposed else 1.0

    @property
    def recall(self) -> float:
        """True links over labelled links (1.0 when nothing was labelled)."""
        labelled = self.true + self.missed
        return self.true / labelled if labelled else 1.0

    def add(self, other: Score) -> None:
        """Add another score's counts and lists into this one."""
        self.true += other.true
        self.false += other.false
        self.missed += other.missed
        self.misses.extend(other.misses)
        self.false_links.extend(other.false_links)


@dataclass
class ArticleResult:
    """Feature-link and place scores of one article."""

    id: str
    features: Score
    places: Score


def _fold(name: str) -> str:
    """Case and diacritics folded: "Constanța", "Constanţa" and "constanta" are one name."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def load_seed_labels(layout: Layout) -> list[LabelledArticle]:
    """The curated claims of the seed articles as labels (all in the tuning half).

    Parameters
    ----------
    layout : Layout
        The root whose ``seeds/sources.json`` and ``data/claims/*.json`` are read.

    Returns
    -------
    list of LabelledArticle
        One per seed that has curated claims.
    """
    sources = json.loads((layout.root / "seeds" / "sources.json").read_text(encoding="utf-8"))
    by_id = {s["id"]: s for s in sources}
    articles = []
    for path in sorted((layout.root / "data" / "claims").glob("*.json")):
        claims = [
            c
            for c in json.loads(path.read_text(encoding="utf-8"))
            if c.get("origin", "curated") == "curated"
        ]
        if not claims or claims[0]["source_id"] not in by_id:
            continue
        source = by_id[claims[0]["source_id"]]
        with open(layout.root / source["file"], encoding="utf-8", newline="") as handle:
            text = handle.read()
        labels = tuple(
            Label(c["start"], c["end"], frozenset(c["feature_ids"]), frozenset(c["places"]))
            for c in claims
        )
        articles.append(
            LabelledArticle(source["id"], text, "tuning", source.get("language", "en"), labels)
        )
    return articles


def load_written_labels(eval_dir: Path = EVAL_DIR) -> list[LabelledArticle]:
    """The articles written for evaluation, with their hand-made labels.

    Parameters
    ----------
    eval_dir : Path
        Folder holding ``labels.json`` and the article files it names.

    Returns
    -------
    list of LabelledArticle
        Labels located in the text by their verbatim quote.

    Raises
    ------
    ValueError
        When a labelled quote is not found verbatim in its article, or an entry's ``half``
        is not one of ``HALVES`` (a typo would silently drop it from every set but ``all``).
    """
    doc = json.loads((eval_dir / "labels.json").read_text(encoding="utf-8"))
    articles = []
    for article_id, entry in doc["articles"].items():
        if entry.get("half") not in HALVES:
            raise ValueError(
                f"{article_id}: half {entry.get('half')!r} is not one of {', '.join(HALVES)}"
            )
        with open(eval_dir / entry["file"], encoding="utf-8", newline="") as handle:
            text = handle.read()
        labels = []
        cursor = 0
        for claim in entry["claims"]:
            start = text.find(claim["quote"], cursor)
            if start < 0:
                start = text.find(claim["quote"])
            if start < 0:
                raise ValueError(f"{article_id}: quote not in text: {claim['quote'][:60]!r}")
            end = start + len(claim["quote"])
            cursor = end
            labels.append(
                Label(start, end, frozenset(claim["feature_ids"]), frozenset(claim["places"]))
            )
        articles.append(
            LabelledArticle(article_id, text, entry["half"], entry["language"], tuple(labels))
        )
    return articles


def load_eval_set(
    which: str = "all", layout: Layout | None = None, eval_dir: Path = EVAL_DIR
) -> list[LabelledArticle]:
    """The labelled articles of one set.

    Parameters
    ----------
    which : {"tuning", "heldout", "russian", "all"}
        ``tuning``: the seeds and the written articles of the tuning half; ``heldout``: the
        written articles kept out of tuning (empty between batches: a batch that has been
        tuned on is moved to the tuning half); ``russian``: the written articles in Russian
        (both halves); ``all``: everything.
    layout : Layout, optional
        Root of the seeds and curated claims (default the repository).
    eval_dir : Path
        Folder of the written articles and ``labels.json``.

    Returns
    -------
    list of LabelledArticle
    """
    if which not in SETS:
        raise ValueError(f"unknown set {which!r}: one of {', '.join(SETS)}")
    written = load_written_labels(eval_dir)
    if which == "heldout":
        return [a for a in written if a.half == "heldout"]
    if which == "russian":
        return [a for a in written if a.language == "ru"]
    seeds = load_seed_labels(layout or Layout(REPO_ROOT))
    if which == "tuning":
        return seeds + [a for a in written if a.half == "tuning"]
    return seeds + written


def empty_set_message(which: str, eval_dir: Path = EVAL_DIR) -> str:
    """What ``corridors eval`` says when a set has no labelled article.

    Parameters
    ----------
    which : str
        The set asked for.
    eval_dir : Path
        Folder of ``labels.json``, named in the message.

    Returns
    -------
    str
        One line saying the set is empty and how articles get into it.
    """
    if which == "heldout":
        return (
            f"set: heldout (0 articles): no held-out batch yet. A fresh batch is added as "
            f'entries with "half": "heldout" in {eval_dir / "labels.json"} and their files in '
            f"{eval_dir / 'articles'}; the previous batch was tuned on and is now tuning."
        )
    return f"set: {which} (0 articles): nothing labelled in this set."


def _units(labels: Iterable[Label], proposals: Iterable[dict]) -> list[tuple[list, list]]:
    """Group labels and proposals whose spans overlap into units (labels, proposals)."""
    spans = [(lab.start, lab.end, "label", lab) for lab in labels]
    spans += [(p["start"], p["end"], "proposal", p) for p in proposals]
    spans.sort(key=lambda s: (s[0], s[1]))
    units: list[tuple[list, list]] = []
    reach = -1
    for start, end, kind, item in spans:
        if not units or start >= reach:
            units.append(([], []))
            reach = end
        else:
            reach = max(reach, end)
        units[-1][0 if kind == "label" else 1].append(item)
    return units


def _compare(gold: set[str], found: set[str], where: str, score: Score, why: dict) -> None:
    score.true += len(gold & found)
    for item in sorted(gold - found):
        score.missed += 1
        score.misses.append(f"{where}: missed {item}")
    for item in sorted(found - gold):
        score.false += 1
        reason = f" ({why[item]})" if item in why else ""
        score.false_links.append(f"{where}: false {item}{reason}")


def score_article(
    article: LabelledArticle,
    proposals: list[dict],
    canonical: Callable[[str], str] | None = None,
) -> ArticleResult:
    """Compare one article's proposals with its labels.

    Parameters
    ----------
    article : LabelledArticle
        Text and labels.
    proposals : list of dict
        What :func:`geo.extract.propose_claims` returned for ``article.text``.
    canonical : callable, optional
        Place name to the gazetteer's name for it ("Nakhchivan" -> "Naxçıvan"), so that
        labels may use any common spelling; default the name itself.

    Returns
    -------
    ArticleResult
        Feature-link and place scores, each miss and false link named with the start of
        its sentence.
    """
    canon = canonical or (lambda name: name)

    def norm(name: str) -> str:
        return _fold(canon(name))

    features, places = Score(), Score()
    for labels, found in _units(article.labels, proposals):
        first = labels[0] if labels else None
        start = first.start if first else found[0]["start"]
        where = f"{article.id}@{start} {article.text[start : start + 60]!r}"
        gold_f = {f for lab in labels for f in lab.feature_ids}
        gold_p = {norm(p) for lab in labels for p in lab.places}
        why: dict[str, str] = {}
        for proposal in found:
            for link in proposal.get("links", []):
                key = link.split(":", 1)[0]
                why.setdefault(key, link)
        found_f = {f for p in found for f in p["feature_ids"]}
        found_p = {norm(p) for prop in found for p in prop["places"]}
        _compare(gold_f, found_f, where, features, why)
        _compare(gold_p, found_p, where, places, {})
    return ArticleResult(article.id, features, places)


def evaluate(
    articles: Iterable[LabelledArticle],
    propose: Callable[[str], list[dict]],
    canonical: Callable[[str], str] | None = None,
) -> tuple[list[ArticleResult], ArticleResult]:
    """Run ``propose`` over every article and score it.

    Parameters
    ----------
    articles : iterable of LabelledArticle
    propose : callable
        Text in, proposals out (dicts with ``start``, ``end``, ``feature_ids``, ``places``
        and optionally ``links``).
    canonical : callable, optional
        Place name to canonical name, as in :func:`score_article`.

    Returns
    -------
    tuple
        Per-article results and their total (id ``"total"``).
    """
    results = [score_article(a, propose(a.text), canonical) for a in articles]
    total = ArticleResult("total", Score(), Score())
    for result in results:
        total.features.add(result.features)
        total.places.add(result.places)
    return results, total


def _line(result: ArticleResult) -> str:
    f, p = result.features, result.places
    return (
        f"{result.id:<40} features P {f.precision:.2f} R {f.recall:.2f} "
        f"({f.true}/{f.true + f.false} proposed, {f.true}/{f.true + f.missed} labelled)  "
        f"places P {p.precision:.2f} R {p.recall:.2f}"
    )


def format_report(results: list[ArticleResult], total: ArticleResult, which: str) -> str:
    """A plain-text report: one line per article, the total, then every miss and false link.

    Parameters
    ----------
    results : list of ArticleResult
    total : ArticleResult
    which : str
        Name of the set, for the heading.

    Returns
    -------
    str
    """
    lines = [f"set: {which} ({len(results)} articles)"]
    lines += [_line(r) for r in results]
    lines.append(_line(total))
    for title, items in (
        ("feature misses", total.features.misses),
        ("false feature links", total.features.false_links),
        ("place misses", total.places.misses),
        ("false places", total.places.false_links),
    ):
        lines.append(f"{title} ({len(items)}):")
        lines += [f"  {item}" for item in items]
    return "\n".join(lines)


def atlas_runner(
    layout: Layout | None = None,
) -> tuple[Callable[[str], list[dict]], Callable[[str], str]]:
    """``propose_claims`` and place-name canonicalisation bound to one loaded root.

    Parameters
    ----------
    layout : Layout, optional
        The root to load (default the repository).

    Returns
    -------
    tuple of callable
        ``propose(text) -> proposals`` and ``canonical(place_name) -> name``; the indexes
        are built once, here.
    """
    from geo.atlas import load_atlas
    from geo.extract import propose_claims
    from geo.gazetteer import AliasMatcher

    atlas = load_atlas(layout or Layout(REPO_ROOT))
    matcher = AliasMatcher(atlas.aliases)
    gazetteer = atlas.gazetteer

    def propose(text: str) -> list[dict]:
        return propose_claims(text, matcher, gazetteer, atlas.catalog)

    def canonical(name: str) -> str:
        place = gazetteer.resolve(name)
        return place.name if place else name

    return propose, canonical
