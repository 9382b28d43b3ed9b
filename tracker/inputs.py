"""Turn the paths a user typed into the files to read, or a clear error."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from tracker.errors import TrackerError


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def expand(sources: Iterable[str], suffixes: tuple[str, ...] | None = None, what: str = "input") -> list[str]:
    """Files named, plus the files inside folders named (sorted); URLs pass through.

    A missing path, or a folder with nothing readable in it, is an error that names it.
    """
    found: list[str] = []
    for source in sources:
        if is_url(source):
            found.append(source)
            continue
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+://", source):
            raise TrackerError("only http(s) URLs and local files are read", source)
        path = Path(source)
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not p.name.startswith(".")
                and (suffixes is None or "".join(p.suffixes).lower().endswith(suffixes))
            )
            if not inside:
                kinds = f" ({', '.join(suffixes)})" if suffixes else ""
                raise TrackerError(f"folder holds no {what}{kinds}", path)
            found.extend(str(p) for p in inside)
        elif path.is_file():
            found.append(str(path))
        else:
            raise TrackerError("no such file or folder", path)
    if not found:
        raise TrackerError(f"no {what} given")
    return found
