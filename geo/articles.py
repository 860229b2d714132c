"""Add an article: store it in seeds/ with its metadata and its extracted claims in data/.

All or nothing: every file is written to a temporary name first and moved into place only
when all are ready, so a refusal or a crash leaves the root as it was.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from geo.atlas import load_atlas
from geo.extract import propose_claims
from geo.gazetteer import AliasMatcher
from geo.layout import Layout

DATE_PATTERN = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
URL_PATTERN = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


class ArticleRefused(ValueError):
    """The article was not added; the message says why."""


@dataclass(frozen=True)
class Added:
    """What add-article wrote."""

    source_id: str
    article: Path
    claims_file: Path
    n_claims: int


def decode_article(path: Path) -> str:
    """Read a new article strictly: refuse empty, binary or non-UTF-8 files."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ArticleRefused(f"{path}: cannot be read: {exc.strerror}") from exc
    if not raw.strip():
        raise ArticleRefused(f"{path}: the file is empty")
    if b"\x00" in raw:
        raise ArticleRefused(f"{path}: looks binary (contains NUL bytes), not an article text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleRefused(
            f"{path}: not UTF-8 (byte {exc.start}: {exc.reason}); convert it to UTF-8 first"
        ) from exc
    if not text.strip():
        raise ArticleRefused(f"{path}: the file has no text")
    return text


def slug(title: str) -> str:
    """A snake_case id from a title, ASCII only."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "_".join(words[:8]) or "article"


def _write_tmp(path: Path, content: bytes) -> Path:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(content)
    return tmp


def add_article(
    path: Path,
    *,
    title: str,
    publisher: str,
    url: str,
    date: str,
    author: str | None = None,
    language: str = "en",
    perspective: str | None = None,
    layout: Layout | None = None,
) -> Added:
    """Store an article, its metadata and its extracted claims.

    Parameters
    ----------
    path : Path
        The article as UTF-8 text.
    title, publisher, url, date : str
        Metadata as the article states it; ``date`` is ISO (YYYY, YYYY-MM or YYYY-MM-DD).
    author, language, perspective : str, optional
        More metadata; unknown ones are recorded as unknown.
    layout : Layout, optional
        The root to add to; the repository by default.

    Returns
    -------
    Added
        The new source id, the files written and the number of claims.

    Raises
    ------
    ArticleRefused
        On an empty, binary or undecodable file, a duplicate article or url, or bad metadata.
    """
    layout = layout or Layout()
    text = decode_article(path)
    raw = Path(path).read_bytes()
    if not title.strip() or not publisher.strip():
        raise ArticleRefused("--title and --publisher must not be empty")
    if not URL_PATTERN.match(url):
        raise ArticleRefused(f"--url {url!r} is not an http(s) url")
    if not DATE_PATTERN.match(date):
        raise ArticleRefused(f"--date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    records = json.loads(layout.sources_file.read_text(encoding="utf-8"))
    digest = hashlib.sha256(raw).hexdigest()
    for record in records:
        if record.get("sha256") == digest:
            raise ArticleRefused(f"{path}: the same text is already stored as {record['id']}")
        if record.get("url") == url:
            raise ArticleRefused(f"--url is already used by source {record['id']}")
    base = slug(title)
    taken = {r.get("id") for r in records}
    source_id = base
    n = 2
    while source_id in taken or (layout.seeds / f"{source_id}.txt").exists():
        source_id, n = f"{base}_{n}", n + 1

    atlas = load_atlas(layout)
    proposals = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    claims = [
        {
            "id": f"{source_id}-{i:02d}",
            "source_id": source_id,
            "quote": p["quote"],
            "start": p["start"],
            "end": p["end"],
            "topic": p["topic"],
            "feature_ids": p["feature_ids"],
            "places": p["places"],
            "origin": "extracted",
            "flags": [],
            "quantities": p["quantities"],
            "note": "; ".join(p["links"]) or None,
        }
        for i, p in enumerate(proposals, start=1)
    ]
    unknown = "unknown: not given when the article was added"
    record = {
        "id": source_id,
        "file": f"seeds/{source_id}.txt",
        "sha256": digest,
        "title": title.strip(),
        "publisher": publisher.strip(),
        "author": author.strip() if author else None,
        "url": url,
        "date": date,
        "language": language,
        "perspective": perspective,
        "provenance": {
            "title": "stated",
            "publisher": "stated",
            "url": "stated",
            "date": "stated",
            "author": "stated" if author else "unknown",
            "perspective": "stated" if perspective else "unknown",
        },
        "notes": [
            n
            for n in (
                None if author else f"author {unknown}",
                None if perspective else f"perspective {unknown}",
            )
            if n
        ],
    }
    article = layout.seeds / f"{source_id}.txt"
    claims_file = layout.claims_dir / f"{source_id}.json"
    layout.claims_dir.mkdir(parents=True, exist_ok=True)
    contents = [
        (article, raw),
        (claims_file, _json_bytes(claims)),
        (layout.sources_file, _json_bytes([*records, record])),
    ]
    staged: list[tuple[Path, Path]] = []
    try:
        for final, content in contents:
            staged.append((_write_tmp(final, content), final))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise ArticleRefused(f"could not write {exc.filename}: {exc.strerror}") from exc
    for tmp, final in staged:  # sources.json last: the article is listed only once stored
        tmp.replace(final)
    return Added(source_id, article, claims_file, len(claims))


def _json_bytes(doc) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
