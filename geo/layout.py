"""Where things live under a root laid out like the repository."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Layout:
    """Paths of the data and seeds under one root folder.

    Parameters
    ----------
    root : Path
        A folder holding ``data/`` and ``seeds/``; the repository by default.
    """

    root: Path = REPO_ROOT

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def features_dir(self) -> Path:
        return self.data / "features"

    @property
    def claims_dir(self) -> Path:
        return self.data / "claims"

    @property
    def places_file(self) -> Path:
        return self.data / "places.json"

    @property
    def aliases_file(self) -> Path:
        return self.data / "aliases.json"

    @property
    def countries_file(self) -> Path:
        return self.data / "countries.json"

    @property
    def sources_file(self) -> Path:
        return self.seeds / "sources.json"

    def rel(self, path: Path) -> str:
        """Return ``path`` relative to the root, for messages and the data contract."""
        try:
            return Path(path).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)
