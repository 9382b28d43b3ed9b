"""The one error type a user sees: it names the file and the reason, never a traceback."""
from __future__ import annotations


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
        return f"{where}: {self.reason}" if where else self.reason
