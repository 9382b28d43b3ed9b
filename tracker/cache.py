"""A versioned on-disk cache for reference indexes that are slow to build and never change
between runs (the airport table and its spatial index, the place tables).

Each entry is a pickle in the user cache folder (`$TRACKER_CACHE_DIR`, else
`$XDG_CACHE_HOME/tracker`, else `~/.cache/tracker`), named after the function and keyed by a
hash of tracker's version, tracker's own source code and every data file the builder reads.
Any change to any of them gives a new key, so a stale index is never read; entries of old keys
beyond the newest `KEEP` are removed when a new one is written (several checkouts or
versions can share one cache folder without evicting each other at every run). A cache folder that cannot be written costs speed only:
the index is built in memory as before. `TRACKER_CACHE_DIR=off` disables the cache.
"""
from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO, TypeVar

T = TypeVar("T")

PACKAGE_DIR = Path(__file__).resolve().parent
KEEP = 8  # entries kept per cached function


def cache_dir() -> Path | None:
    """Where entries live, or None when the cache is switched off."""
    env = os.environ.get("TRACKER_CACHE_DIR")
    if env:
        return None if env.lower() in ("off", "0", "none") else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "tracker"


@functools.cache
def _code_hash() -> bytes:
    """tracker's version, Python's and the bytes of every module of the package: a code change
    (even at an unchanged version number, as in a checkout) invalidates every entry."""
    from tracker import __version__

    h = hashlib.blake2b(digest_size=16)
    h.update(f"{__version__}|{sys.version_info[:2]}|{pickle.HIGHEST_PROTOCOL}".encode())
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        h.update(str(path.relative_to(PACKAGE_DIR)).encode())
        h.update(path.read_bytes())
    return h.digest()


@functools.cache
def _file_hash(path: str) -> bytes:
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).digest()


def key(name: str, sources: Iterable[Path | str], token: bytes = b"") -> str:
    h = hashlib.blake2b(_code_hash(), digest_size=12)
    h.update(name.encode())
    h.update(hashlib.blake2b(token, digest_size=16).digest())
    for src in sources:
        h.update(_file_hash(str(src)))
    return h.hexdigest()


def load_or_build(name: str, build: Callable[[], T], sources: Iterable[Path | str] = (), token: bytes = b"") -> T:
    """`build()`'s result, from the cache when an entry for this code, these data files and
    this `token` (the bytes of the inputs, for results that depend on more than files) exists."""
    folder = cache_dir()
    if folder is None:
        return build()
    try:
        path = folder / f"{name}-{key(name, sources, token)}.pickle"
    except OSError:  # a data file gone: let the builder report it
        return build()
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # noqa: BLE001, S110 — missing, truncated or unreadable entry: rebuild it
        pass
    value = build()
    _store(folder, name, path, value)
    return value


def write_atomically(path: Path, write: Callable[[BinaryIO], object], prefix: str = ".") -> None:
    """`write(fh)` into a temporary file beside `path`, then renamed over it: a reader sees all
    of the entry or none (another process may be reading or writing the same one). The temporary
    file goes if writing fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _store(folder: Path, name: str, path: Path, value) -> None:
    """Write atomically, keep the KEEP newest entries of `name`; a write that fails only loses the entry."""
    try:
        write_atomically(path, lambda fh: pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL), prefix=f".{name}-")
        entries = sorted(folder.glob(f"{name}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def persistent(*sources: Path | str | Callable[[], Iterable[Path | str]]):
    """Decorator: a zero-argument builder whose result is kept in memory and on disk.

    `sources` are the data files the builder reads (or a callable giving them, evaluated at
    first use, for files found at run time such as a dependency's data)."""
    def wrap(fn: Callable[[], T]) -> Callable[[], T]:
        name = f"{fn.__module__}.{fn.__qualname__}"

        @functools.cache
        def cached() -> T:
            paths: list[Path | str] = []
            for s in sources:
                paths.extend(s() if callable(s) else [s])
            return load_or_build(name, fn, paths)

        functools.update_wrapper(cached, fn)
        cached.build = fn  # type: ignore[attr-defined]  # the uncached builder, for tests
        return cached
    return wrap
