"""The source articles in ``seeds/`` and their metadata (``seeds/sources.json``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from geo.layout import Layout
from geo.problems import Problem, read_json
from geo.values import date_problem, inside, url_problem

METADATA_FIELDS = ("title", "publisher", "author", "url", "date", "language", "perspective")


@dataclass(frozen=True)
class Source:
    """One article and what is known about it."""

    id: str
    file: str
    title: str | None
    publisher: str | None
    author: str | None
    url: str | None
    date: str | None
    language: str | None
    perspective: str | None
    display_title: str | None = None
    sha256: str | None = None
    provenance: dict = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The title to show: the stated one, else the derived display title, else the id."""
        return self.title or self.display_title or self.id


def read_text(path: Path) -> str:
    """Read an article exactly as stored: UTF-8, no newline translation, so offsets hold."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def load_sources(layout: Layout | None = None) -> tuple[dict[str, Source], list[Problem]]:
    """Load the article metadata and check each article file is there and unchanged.

    Parameters
    ----------
    layout : Layout, optional
        Where ``seeds/`` lives; the repository by default.

    Returns
    -------
    tuple
        ``{source_id: Source}`` of the valid records, and the problems found.
    """
    layout = layout or Layout()
    rel = layout.rel(layout.sources_file)
    records, problem = read_json(layout.sources_file, rel, "missing: no article metadata")
    if problem:
        return {}, [problem]
    if not isinstance(records, list):
        return {}, [Problem(rel, "-", "must be a JSON list of source records")]
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            problems.append(Problem(rel, f"#{index}", "not an object"))
            continue
        sid = str(record.get("id") or f"#{index}")
        reasons = _record_problems(record, layout)
        if sid in sources:
            reasons.append("duplicate source id")
        if reasons:
            problems.extend(Problem(rel, sid, reason) for reason in reasons)
            continue
        metadata = {f: record.get(f) for f in METADATA_FIELDS}
        for name, reason in _metadata_warnings(metadata):
            problems.append(Problem(rel, sid, f"{reason}; {name} dropped", skipped=False))
            metadata[name] = None
        sources[sid] = Source(
            id=sid,
            file=record["file"],
            **metadata,
            display_title=_text_or_none(record.get("display_title")),
            sha256=record.get("sha256"),
            provenance=_mapping(record.get("provenance")),
            notes=tuple(n for n in _list(record.get("notes")) if isinstance(n, str)),
        )
    return sources, problems


def _mapping(value) -> dict:
    return dict(value) if isinstance(value, dict) else {}


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _text_or_none(value) -> str | None:
    return value if isinstance(value, str) else None


def _record_problems(record: dict, layout: Layout) -> list[str]:
    """Reasons to leave a source record out: no id or file, absent fields, a bad article."""
    reasons = []
    if not isinstance(record.get("id"), str) or not isinstance(record.get("file"), str):
        reasons.append("needs an id and a file (strings)")
    missing = [f for f in METADATA_FIELDS if f not in record]
    if missing:
        reasons.append(f"metadata fields absent (write null if unknown): {', '.join(missing)}")
    wrong = [f for f in METADATA_FIELDS if not isinstance(record.get(f), (str, type(None)))]
    if wrong:
        reasons.append(f"metadata fields must be text or null: {', '.join(wrong)}")
    if isinstance(record.get("file"), str):
        reason = _article_problem(record, layout)
        if reason:
            reasons.append(reason)
    return reasons


def _article_problem(record: dict, layout: Layout) -> str | None:
    """Why the article file of a record cannot be served, or None."""
    path = layout.root / record["file"]
    if Path(record["file"]).is_absolute() or not inside(path, layout.seeds):
        return f"article file {record['file']!r} is outside seeds/; refused"
    if not path.is_file():
        return f"article file {record['file']} does not exist"
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return f"article file {record['file']} cannot be read: {exc.strerror or exc}"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"article file is not UTF-8: {exc}"
    if record.get("sha256") and record["sha256"] != hashlib.sha256(raw).hexdigest():
        return "article file changed since it was recorded (sha256 differs)"
    return None


def _metadata_warnings(metadata: dict) -> list[tuple[str, str]]:
    """Metadata values that are wrong but not worth losing the article for."""
    warnings = []
    if metadata.get("url") is not None:
        reason = url_problem(metadata["url"])
        if reason:
            warnings.append(("url", reason))
    if metadata.get("date") is not None:
        reason = date_problem(metadata["date"])
        if reason:
            warnings.append(("date", reason))
    return warnings


def article_text(layout: Layout, source: Source) -> str:
    """Text of a source's article as stored in ``seeds/``."""
    return read_text(layout.root / source.file)
