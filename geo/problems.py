"""Problems found in data: one ``file:record: reason`` line each."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """A problem with one record of one file.

    Parameters
    ----------
    file : str
        Path of the file relative to the root it was loaded from.
    record : str
        The record's id, or ``-`` where the whole file is at fault.
    reason : str
        What is wrong, in words a curator can act on.
    skipped : bool
        True when the record was left out of what the app serves.
    """

    file: str
    record: str
    reason: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{one_line(self.file)}:{one_line(self.record)}: {one_line(self.reason)}"


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: object) -> str:
    """``text`` as one printable line: newlines and other control characters escaped."""
    return _CONTROL.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), str(text))


class DataError(Exception):
    """Raised where a command cannot go on because of bad input."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_json(path: Path, rel: str, missing: str | None = None) -> tuple[object, Problem | None]:
    """Parse a UTF-8 JSON data file; a broken or missing one becomes a whole-file Problem.

    Parameters
    ----------
    path : Path
        The file.
    rel : str
        Its path relative to the root, for the message.
    missing : str, optional
        Reason to report when the file does not exist; ``None`` when that is fine.

    Returns
    -------
    tuple
        The parsed document (None when unreadable or absent) and the problem, if any.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle), None
    except FileNotFoundError:
        return None, (Problem(rel, "-", missing) if missing else None)
    except UnicodeDecodeError as exc:
        return None, Problem(rel, "-", f"not UTF-8 text: {exc}")
    except json.JSONDecodeError as exc:
        return None, Problem(rel, "-", f"not valid JSON: {exc.msg} at line {exc.lineno}")
    except ValueError as exc:  # json raises it for numbers too long to convert, for one
        return None, Problem(rel, "-", f"not valid JSON: {exc}")
    except RecursionError:
        return None, Problem(rel, "-", "not valid JSON: nested too deeply")
    except OSError as exc:
        return None, Problem(rel, "-", f"cannot be read: {exc.strerror or exc}")
