"""The one error type a user sees: it names the file and the reason, never a traceback."""
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
