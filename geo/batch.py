"""Ingest many articles: one pure function per article, run in one process, in local worker
processes, or on Dask.

:func:`ingest_article` is the whole job for one article: read it strictly, propose its claims.
It depends only on the article and on the root's data (aliases, places, features), which each
worker loads once (from the disk cache, :mod:`geo.cache`). So the same function runs

- in this process (:func:`ingest_paths` with ``jobs=1``),
- in ``jobs`` local processes (:func:`ingest_paths`, what ``corridors ingest DIR --jobs N``
  uses), and
- on a Dask bag (:func:`ingest_bag`), with any Dask scheduler: the local process pool or a
  ``distributed`` cluster of many machines reading a shared folder or object store.

Every path gives the same records in the same order (sorted by file name).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from geo.layout import Layout

if TYPE_CHECKING:
    import dask.bag

# What counts as an article in a folder: visible regular files with these suffixes.
ARTICLE_SUFFIXES = (".txt", ".md", ".text")


@dataclass(frozen=True)
class Ingested:
    """What ingesting one article gave: its proposals, or why it was refused."""

    file: str
    proposals: tuple[dict, ...] = ()
    error: str | None = None


@dataclass
class _Context:
    matcher: object
    gazetteer: object
    catalog: object


@lru_cache(maxsize=4)
def _context(root: str) -> _Context:
    """The root's aliases, places and features, loaded once per process."""
    from geo.atlas import load_atlas
    from geo.gazetteer import AliasMatcher

    atlas = load_atlas(Layout(Path(root)))
    return _Context(AliasMatcher(atlas.aliases), atlas.gazetteer, atlas.catalog)


def article_files(folder: Path) -> list[Path]:
    """The articles in ``folder`` (not recursive), sorted by name.

    Parameters
    ----------
    folder : Path
        A folder of article files.

    Returns
    -------
    list of Path
        Visible files whose suffix is one of ``ARTICLE_SUFFIXES``.
    """
    folder = Path(folder)
    return sorted(
        p
        for p in folder.iterdir()
        if not p.name.startswith(".") and p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()
    )


def ingest_article(
    path: str | os.PathLike, root: str | os.PathLike, name: str | None = None
) -> Ingested:
    """Propose the claims of one article: the pure per-article job.

    Parameters
    ----------
    path : path-like
        The article file (UTF-8 text; refused as ``corridors ingest`` refuses it).
    root : path-like
        The root whose aliases, places and features link the text.
    name : str, optional
        The name reported for the file; its base name by default.

    Returns
    -------
    Ingested
        The proposals (each as :func:`geo.extract.propose_claims` makes it), or the reason
        the article was refused.
    """
    from geo.articles import ArticleRefused, decode_article
    from geo.extract import propose_claims

    path = Path(path)
    name = name or path.name
    try:
        text = decode_article(path)
    except ArticleRefused as exc:
        return Ingested(name, error=str(exc))
    context = _context(str(Path(root).resolve()))
    proposals = propose_claims(text, context.matcher, context.gazetteer, context.catalog)
    return Ingested(name, tuple(proposals))


def _ingest_one(args: tuple[str, str]) -> Ingested:
    path, root = args
    return ingest_article(path, root)


# A short text that makes propose_claims build every lazy index it uses (feature aliases,
# curated places and countries, GeoNames cities, port towns) before workers are forked.
_WARM_UP_TEXT = "Tankers sail from the port of Aktau to Baku. The BTC pipeline runs to Ceyhan."


def _warm(root: str) -> None:
    """Load the root's data and build every index ``propose_claims`` builds on first use."""
    from geo.extract import propose_claims

    context = _context(root)
    propose_claims(_WARM_UP_TEXT, context.matcher, context.gazetteer, context.catalog)


def _fork_context() -> multiprocessing.context.BaseContext | None:
    """The "fork" start method where the platform has it (Linux), else the default.

    With fork, workers start with the parent's loaded data and built indexes; Python 3.14
    makes "forkserver" the default on Linux, which would rebuild them in every worker.
    """
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def ingest_paths(
    paths: Sequence[Path], root: str | os.PathLike, jobs: int = 1
) -> Iterator[Ingested]:
    """Ingest articles in order, in this process (``jobs=1``) or in ``jobs`` processes.

    Parameters
    ----------
    paths : sequence of Path
        Article files.
    root : path-like
        The root whose data links the text.
    jobs : int
        Worker processes; 1 runs here. Results come back in the order of ``paths``.

    Yields
    ------
    Ingested
        One per path, in order.
    """
    root = str(Path(root).resolve())
    work = [(str(p), root) for p in paths]
    if jobs <= 1 or len(work) <= 1:
        for item in work:
            yield _ingest_one(item)
        return
    # Loaded and indexed once here: forked workers inherit it all instead of rebuilding it
    # (the GeoNames city automaton alone took each worker ~0.5 s). With another start
    # method the initializer builds it in each worker.
    _warm(root)
    # Inherited objects go to the permanent generation: the workers' collector then never
    # walks (and so never copies, page by page) the parent's data.
    gc.freeze()
    # Few, large chunks: a chunk is one round trip of pickled paths and results.
    chunk = max(1, min(256, -(-len(work) // (jobs * 4))))
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=_fork_context(), initializer=_warm, initargs=(root,)
        ) as pool:
            yield from pool.map(_ingest_one, work, chunksize=chunk)
    finally:
        gc.unfreeze()


def _ingest_partition(paths: Iterable[str], root: str) -> list[Ingested]:
    return [ingest_article(p, root) for p in paths]


def ingest_bag(
    paths: Sequence[Path], root: str | os.PathLike, npartitions: int | None = None
) -> dask.bag.Bag:
    """A Dask bag of :class:`Ingested`, one per article, in the order of ``paths``.

    Parameters
    ----------
    paths : sequence of Path
        Article files every worker can read.
    root : path-like
        The root whose data links the text (each worker loads it once).
    npartitions : int, optional
        Partitions of the bag; by default about 100 articles each.

    Returns
    -------
    dask.bag.Bag
        Call ``.compute(scheduler=...)`` (``"processes"``, ``"threads"``, ``"sync"`` or a
        ``distributed`` client) to run it.
    """
    import dask.bag as db

    root = str(Path(root).resolve())
    items = [str(p) for p in paths]
    parts = npartitions or max(1, len(items) // 100)
    return db.from_sequence(items, npartitions=parts).map_partitions(_ingest_partition, root)


def records(results: Iterable[Ingested]) -> Iterator[dict]:
    """Proposals as flat records, each with the ``file`` it came from first.

    Parameters
    ----------
    results : iterable of Ingested
        What :func:`ingest_paths` or :func:`ingest_bag` gave.

    Yields
    ------
    dict
        ``{"file": name, **proposal}`` for every proposal.
    """
    for result in results:
        for proposal in result.proposals:
            yield {"file": result.file, **proposal}
