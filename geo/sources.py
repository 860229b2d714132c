"""The source articles in ``seeds/`` and their metadata (``seeds/sources.json``)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from geo.layout import Layout
from geo.problems import Problem, read_json

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
        reasons = []
        if not record.get("id") or not record.get("file"):
            reasons.append("needs an id and a file")
        if sid in sources:
            reasons.append("duplicate source id")
        missing = [f for f in METADATA_FIELDS if f not in record]
        if missing:
            reasons.append(f"metadata fields absent (write null if unknown): {', '.join(missing)}")
        path = layout.root / str(record.get("file", ""))
        if record.get("file") and not path.is_file():
            reasons.append(f"article file {record['file']} does not exist")
        elif record.get("file"):
            try:
                read_text(path)
            except UnicodeDecodeError as exc:
                reasons.append(f"article file is not UTF-8: {exc}")
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if record.get("sha256") and record["sha256"] != digest:
                reasons.append("article file changed since it was recorded (sha256 differs)")
        if reasons:
            problems.extend(Problem(rel, sid, reason) for reason in reasons)
            continue
        sources[sid] = Source(
            id=sid,
            file=record["file"],
            **{f: record.get(f) for f in METADATA_FIELDS},
            display_title=record.get("display_title"),
            sha256=record.get("sha256"),
            provenance=dict(record.get("provenance") or {}),
            notes=tuple(record.get("notes") or ()),
        )
    return sources, problems


def article_text(layout: Layout, source: Source) -> str:
    """Text of a source's article as stored in ``seeds/``."""
    return read_text(layout.root / source.file)
