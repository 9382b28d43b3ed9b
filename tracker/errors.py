"""The errors a user or a library caller sees: each names the file (or URL) and the reason.

    TrackerError          any unusable input; the CLI prints it on one line and exits 2
    ├── InputError        a path that does not exist, an empty folder, a bad option value
    ├── FormatError       a file that is not in any format tracker reads, or unreadable as one
    └── NetworkError      a URL or service that cannot be reached or refuses (articles, OpenSky)

Catch `TrackerError` for all of them; never a traceback for bad input.
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE_RUN = re.compile(r"\n\s*")


def one_line(text: object, limit: int = 500) -> str:
    """Text fit for one terminal line: newlines folded, control characters shown as escapes
    (an ESC from a file name or a library's message must not reach the terminal), cut to `limit`."""
    line = _SPACE_RUN.sub(" ", str(text)[: 2 * limit])
    line = _CONTROL.sub(lambda m: repr(m.group())[1:-1], line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


class TrackerError(Exception):
    """Unreadable or unusable input; the CLI prints it on one line and exits 2."""

    def __init__(self, reason: str, path: object | None = None, line: int | None = None):
        self.reason = reason
        self.path = None if path is None else str(path)
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line is not None:
            where += f":{self.line}"
        return one_line(f"{where}: {self.reason}" if where else self.reason, limit=2000)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r})"


class InputError(TrackerError):
    """A path that does not exist, a folder with nothing to read, an option out of range."""


class FormatError(TrackerError):
    """A file in no format tracker reads, or one too damaged to read as its format."""


class NetworkError(TrackerError):
    """A URL or web service that cannot be reached, times out, or refuses the request."""
