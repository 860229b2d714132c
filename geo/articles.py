"""Add an article: store it in seeds/ with its metadata and its extracted claims in data/.

Nothing is lost, whatever happens:

- Refusals (bad file, bad metadata, a duplicate) happen before anything is written.
- Runs on one root are serialised by an exclusive ``flock`` on the root's ``seeds/`` folder
  (no lock file is left behind; the kernel drops the lock when a run dies), so two runs
  both keep their article; a run that cannot get the lock in time is refused.
- Every file is first written to a hidden ``.NAME.add-article.tmp``; a journal
  (``seeds/.add-article.journal``) then names the files about to be moved, and they are moved
  with ``os.replace``: the article, then ``seeds/sources.json`` (the commit point), then the
  claims file. A run killed at any moment leaves a root that ``check`` accepts: before the
  commit the new article is listed nowhere, after it the source is listed with its text. The
  next run (under the lock) finishes an interrupted commit or undoes it, and removes stale
  temporary files (:func:`recover`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.atlas import Atlas, load_atlas
from geo.extract import propose_claims
from geo.gazetteer import AliasMatcher
from geo.layout import Layout
from geo.values import date_problem, url_problem

# A long report is a few hundred KB of text; anything larger is refused, not ingested.
MAX_ARTICLE_BYTES = 500_000
LOCK_TIMEOUT_S = 60.0
TMP_SUFFIX = ".add-article.tmp"
JOURNAL_NAME = ".add-article.journal"
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class ArticleRefused(ValueError):
    """The article was not added; the message says why."""


@dataclass(frozen=True)
class Added:
    """What add-article wrote."""

    source_id: str
    article: Path
    claims_file: Path
    n_claims: int


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{n / 1000:.0f} KB"


def decode_article(path: Path, limit: int = MAX_ARTICLE_BYTES) -> str:
    """Read a new article strictly.

    Parameters
    ----------
    path : Path
        The article file.
    limit : int
        Largest size accepted, in bytes (``MAX_ARTICLE_BYTES`` by default).

    Returns
    -------
    str
        The text, exactly as stored (no newline translation).

    Raises
    ------
    ArticleRefused
        On a file that is not a regular file, is over ``limit``, empty, binary or not UTF-8.
    """
    path = Path(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ArticleRefused(f"{path}: not a regular file")
        if info.st_size > limit:
            raise ArticleRefused(_too_large(path, info.st_size, limit))
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        raise ArticleRefused(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    if len(raw) > limit:
        raise ArticleRefused(_too_large(path, len(raw), limit))
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


def _too_large(path: Path, size: int, limit: int) -> str:
    return (
        f"{path}: {_size(size)} is over the {_size(limit)} limit for one article "
        "(a long report is a few hundred KB); split it or trim what is not article text"
    )


def slug(title: str) -> str:
    """A snake_case id from a title, ASCII only."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    return "_".join(words[:8]) or "article"


def _checkpoint(step: str) -> None:
    """Called between the steps of a commit; tests replace it to kill the run there."""


def _metadata_problems(
    title: str, publisher: str, url: str, date: str, others: dict[str, str | None]
) -> list[str]:
    reasons = []
    if not title.strip() or not publisher.strip():
        reasons.append("--title and --publisher must not be empty")
    for option, value in {"--title": title, "--publisher": publisher, **others}.items():
        if value is not None and _CONTROL.search(value):
            reasons.append(f"{option} must be one line of text (it holds a control character)")
    reason = url_problem(url)
    if reason:
        reasons.append(f"--url: {reason}")
    reason = date_problem(date)
    if reason:
        reasons.append(f"--date: {reason}")
    return reasons


@contextlib.contextmanager
def root_lock(layout: Layout, timeout: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold an exclusive lock on the root's ``seeds/`` folder while writing to the root.

    Parameters
    ----------
    layout : Layout
        The root.
    timeout : float
        Seconds to wait for another run to finish before refusing.

    Raises
    ------
    ArticleRefused
        When the root has no ``seeds/`` folder or another run holds the lock too long.
    """
    try:
        fd = os.open(layout.seeds, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise ArticleRefused(f"{layout.seeds}: cannot be opened: {exc.strerror}") from exc
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ArticleRefused(
                        f"another add-article is writing to {layout.root} (waited "
                        f"{timeout:g} s); try again when it has finished"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _read_records(layout: Layout) -> list[dict]:
    try:
        records = json.loads(layout.sources_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ArticleRefused(
            f"{layout.rel(layout.sources_file)} is missing: is --root the right folder?"
        ) from None
    except (OSError, ValueError) as exc:
        raise ArticleRefused(
            f"{layout.rel(layout.sources_file)} cannot be read ({exc}); run check and fix it first"
        ) from exc
    if not isinstance(records, list):
        raise ArticleRefused(f"{layout.rel(layout.sources_file)} is not a JSON list; fix it first")
    return records


def _tmp(path: Path) -> Path:
    return path.with_name(f".{path.name}{TMP_SUFFIX}")


def _write_tmp(path: Path, content: bytes) -> Path:
    tmp = _tmp(path)
    with open(tmp, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    return tmp


def _journal(layout: Layout) -> Path:
    return layout.seeds / JOURNAL_NAME


def recover(layout: Layout) -> list[str]:
    """Finish or undo an add-article that was killed, and remove stale temporary files.

    Call it holding :func:`root_lock`. A journal whose source is listed in
    ``seeds/sources.json`` was committed: its claims file is moved into place if it is still
    staged. Otherwise the run never committed: its article, if already moved into ``seeds/``
    and still byte for byte what the journal recorded, is removed.

    Parameters
    ----------
    layout : Layout
        The root.

    Returns
    -------
    list of str
        What was done, one sentence each (empty when there was nothing to do).
    """
    done = []
    journal_path = _journal(layout)
    try:
        journal = json.loads(journal_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal = None
    if isinstance(journal, dict) and isinstance(journal.get("source_id"), str):
        done.append(_settle(layout, journal))
    journal_path.unlink(missing_ok=True)
    for folder in (layout.seeds, layout.claims_dir):
        for stale in folder.glob(f".*{TMP_SUFFIX}") if folder.is_dir() else ():
            stale.unlink(missing_ok=True)
            done.append(f"removed the stale temporary file {layout.rel(stale)}")
    return done


def _settle(layout: Layout, journal: dict) -> str:
    source_id = journal["source_id"]
    article = layout.seeds / f"{source_id}.txt"
    claims_file = layout.claims_dir / f"{source_id}.json"
    try:
        listed = any(r.get("id") == source_id for r in _read_records(layout) if isinstance(r, dict))
    except ArticleRefused:
        listed = False
    if listed:
        staged = _tmp(claims_file)
        if staged.is_file() and not claims_file.exists():
            staged.replace(claims_file)
        return f"finished the interrupted add-article of {source_id}"
    if article.is_file() and hashlib.sha256(article.read_bytes()).hexdigest() == journal.get(
        "sha256"
    ):
        article.unlink()
    return f"undid the interrupted add-article of {source_id} (it was never listed)"


def _commit(layout: Layout, source_id: str, digest: str, contents: list[tuple[Path, bytes]]):
    """Stage every file, journal the move, then move: article, sources.json, claims."""
    staged: list[tuple[Path, Path]] = []
    try:
        for final, content in contents:
            staged.append((_write_tmp(final, content), final))
            _checkpoint(f"staged {final.name}")
        journal = {"source_id": source_id, "sha256": digest}
        _write_tmp(_journal(layout), _json_bytes(journal)).replace(_journal(layout))
        _checkpoint("journal written")
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise ArticleRefused(f"could not write {exc.filename}: {exc.strerror}") from exc
    for tmp, final in staged:
        tmp.replace(final)
        _checkpoint(f"moved {final.name}")
    _journal(layout).unlink()
    _checkpoint("done")


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
    atlas: Atlas | None = None,
    lock_timeout: float = LOCK_TIMEOUT_S,
) -> Added:
    """Store an article, its metadata and its extracted claims.

    Parameters
    ----------
    path : Path
        The article as UTF-8 text, at most ``MAX_ARTICLE_BYTES``.
    title, publisher, url, date : str
        Metadata as the article states it; ``url`` is http(s), ``date`` is an ISO calendar
        date (YYYY, YYYY-MM or YYYY-MM-DD).
    author, language, perspective : str, optional
        More metadata; unknown ones are recorded as unknown.
    layout : Layout, optional
        The root to add to; the repository by default.
    atlas : Atlas, optional
        The root's data, already loaded (to link claims); loaded when not given.
    lock_timeout : float
        Seconds to wait for another add-article on the same root.

    Returns
    -------
    Added
        The new source id, the files written and the number of claims.

    Raises
    ------
    ArticleRefused
        On an unusable file, bad metadata, a duplicate article or url, or a busy root. Nothing
        is written then.
    """
    layout = layout or Layout()
    others = {"--author": author, "--language": language, "--perspective": perspective}
    reasons = _metadata_problems(title, publisher, url, date, others)
    if reasons:
        raise ArticleRefused("; ".join(reasons))
    text = decode_article(path)
    raw = text.encode("utf-8")  # decoding was strict, so this is the file byte for byte
    digest = hashlib.sha256(raw).hexdigest()
    _read_records(layout)  # refuse a broken root before the slow part
    atlas = atlas or load_atlas(layout)
    proposals = propose_claims(text, AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)
    with root_lock(layout, lock_timeout):
        recover(layout)
        records = _read_records(layout)
        for record in records:
            if not isinstance(record, dict):
                continue
            if record.get("sha256") == digest:
                raise ArticleRefused(f"{path}: the same text is already stored as {record['id']}")
            if record.get("url") == url:
                raise ArticleRefused(f"--url is already used by source {record['id']}")
        source_id = _free_id(layout, slug(title), records)
        claims = _claims(source_id, proposals)
        record = _record(source_id, digest, title, publisher, url, date, author, language)
        record["perspective"] = perspective
        record["provenance"]["perspective"] = "stated" if perspective else "unknown"
        record["notes"] = _unknown_notes(author, perspective)
        article = layout.seeds / f"{source_id}.txt"
        claims_file = layout.claims_dir / f"{source_id}.json"
        try:
            layout.claims_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArticleRefused(f"cannot create {layout.claims_dir}: {exc.strerror}") from exc
        contents = [
            (article, raw),
            (layout.sources_file, _json_bytes([*records, record])),
            (claims_file, _json_bytes(claims)),
        ]
        _commit(layout, source_id, digest, contents)
    return Added(source_id, article, claims_file, len(claims))


def _free_id(layout: Layout, base: str, records: list[dict]) -> str:
    """``base``, or ``base_2``, ``base_3``... : an id no record, article or claims file has."""
    taken = {r.get("id") for r in records if isinstance(r, dict)}
    source_id, n = base, 2
    while (
        source_id in taken
        or (layout.seeds / f"{source_id}.txt").exists()
        or (layout.claims_dir / f"{source_id}.json").exists()
    ):
        source_id, n = f"{base}_{n}", n + 1
    return source_id


def _claims(source_id: str, proposals: list[dict]) -> list[dict]:
    return [
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


def _record(source_id, digest, title, publisher, url, date, author, language) -> dict:
    return {
        "id": source_id,
        "file": f"seeds/{source_id}.txt",
        "sha256": digest,
        "title": title.strip(),
        "publisher": publisher.strip(),
        "author": author.strip() if author else None,
        "url": url,
        "date": date,
        "language": language,
        "perspective": None,
        "provenance": {
            "title": "stated",
            "publisher": "stated",
            "url": "stated",
            "date": "stated",
            "author": "stated" if author else "unknown",
            "perspective": "unknown",
        },
        "notes": [],
    }


def _unknown_notes(author: str | None, perspective: str | None) -> list[str]:
    unknown = "unknown: not given when the article was added"
    return [
        note
        for note in (
            None if author else f"author {unknown}",
            None if perspective else f"perspective {unknown}",
        )
        if note
    ]


def _json_bytes(doc) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
