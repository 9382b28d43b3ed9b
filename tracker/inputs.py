"""Turn the paths a user typed into the files to read, or a clear error."""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Iterable, Union

from tracker.errors import InputError


#: What the Python API takes for "some inputs": one path or URL, a folder, or any iterable of them.
Sources = Union[str, os.PathLike, Iterable[Union[str, os.PathLike]]]


def as_list(sources: Sources) -> list[str]:
    """One path (str or Path) → [it]; an iterable of paths → a list. A str is never iterated
    character by character."""
    if isinstance(sources, (str, os.PathLike)):
        return [os.fspath(sources)]
    return [os.fspath(s) for s in sources]


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def expand(sources: Sources, suffixes: tuple[str, ...] | None = None, what: str = "input") -> list[str]:
    """Files named, plus the files inside folders named (sorted); URLs pass through.

    A missing path, or a folder with nothing readable in it, is an error that names it.
    """
    found: list[str] = []
    for source in as_list(sources):
        if is_url(source):
            found.append(source)
            continue
        if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]+://", source):
            raise InputError("only http(s) URLs and local files are read", source)
        path = Path(source)
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*")
                if p.is_file() and not p.name.startswith(".")
                and (suffixes is None or "".join(p.suffixes).lower().endswith(suffixes))
            )
            if not inside:
                kinds = f" ({', '.join(suffixes)})" if suffixes else ""
                raise InputError(f"folder holds no {what}{kinds}", path)
            found.extend(str(p) for p in inside)
        elif path.is_file():
            found.append(str(path))
        else:
            raise InputError("no such file or folder", path)
    if not found:
        raise InputError(f"no {what} given")
    return found
