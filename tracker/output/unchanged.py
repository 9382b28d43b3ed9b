"""Skip regenerating maps whose inputs and files have not changed.

The maps are byte-deterministic: the same flights, stays, verdicts and track table, with the
same tracker code, assets and folium, give the same bytes. So `write_maps` here fingerprints
those inputs and, when a record in tracker's cache folder says the pages for this target
were made from the same fingerprint and every page still has the bytes it was written with,
returns the pages without importing folium or rendering anything. Any difference (an input,
a page edited or deleted, another page added or changed beside them — the overview lists an
earlier run's pages as stale —, another tracker version) renders as before. With the cache folder
switched off (`TRACKER_CACHE_DIR=off`) every call renders.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path

import pandas as pd

from tracker import airports, cache
from tracker.paths import asset as assets


def _fingerprint(target: Path, result, table: pd.DataFrame, verdicts) -> str | None:
    """A hash of everything a page's bytes depend on, or None when the inputs cannot be hashed."""
    from importlib.metadata import version

    h = hashlib.blake2b(cache._code_hash(), digest_size=20)
    try:
        h.update(target.name.encode())
        # repr, not pickle: equal records give equal text whether they were just computed or
        # came back from the claims cache (pickle's bytes follow object identity, too)
        h.update(repr((result, verdicts)).encode())
        h.update(pickle.dumps((list(table.columns), [str(t) for t in table.dtypes], len(table)), protocol=5))
        h.update(pd.util.hash_pandas_object(table, index=True).to_numpy().tobytes())
        for dist in ("folium", "branca", "jinja2"):
            h.update(f"{dist}={version(dist)}".encode())
        for path in airports.data_files():  # airport names, cities and zones shown on the pages
            h.update(cache._file_hash(str(path)))
        h.update(_zone_rules().encode())
        for path in sorted(assets().rglob("*")):
            if path.is_file():
                h.update(cache._file_hash(str(path)))
    except Exception:  # noqa: BLE001 — unhashable inputs (exotic objects in a caller's table): just render
        return None
    return h.hexdigest()


def _zone_rules() -> str:
    """Which time-zone rules local times on the pages come from: the system's zone database
    (zoneinfo's first choice) and the tzdata package (its fallback)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        package = version("tzdata")
    except PackageNotFoundError:
        package = ""
    system = Path("/usr/share/zoneinfo/tzdata.zi")
    return f"{package}|{cache._file_hash(str(system)).hex() if system.is_file() else ''}"


def _record_path(target: Path) -> Path | None:
    folder = cache.cache_dir()
    if folder is None:
        return None
    name = hashlib.blake2b(str(target.resolve()).encode(), digest_size=12).hexdigest()
    return folder / "maps" / f"{name}.json"


def _digest(path: Path) -> str | None:
    try:
        return hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()
    except OSError:
        return None


def _others(target: Path, pages: list[str]) -> list[list]:
    """Every other page in the folder (name, size, mtime): the overview lists earlier runs' pages
    as stale, so any page added, changed or removed beside ours means drawing again."""
    found = []
    for page in sorted(target.parent.glob("*.html")):
        if page.name in pages:
            continue
        try:
            stat = page.stat()
        except OSError:
            continue
        found.append([page.name, stat.st_size, stat.st_mtime_ns])
    return found


def _unchanged(target: Path, record_path: Path, fingerprint: str) -> list[Path] | None:
    """The pages recorded for this fingerprint, when every one still holds its recorded bytes."""
    try:
        record = json.loads(record_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("fingerprint") != fingerprint:
        return None
    pages = record.get("pages")
    if not isinstance(pages, list) or not pages:
        return None
    out = []
    for entry in pages:
        if not (isinstance(entry, list) and len(entry) == 2):
            return None
        path = target.with_name(str(entry[0]))
        if path.name != entry[0] or _digest(path) != entry[1]:
            return None
        out.append(path)
    if record.get("others") != _others(target, [p.name for p in out]):
        return None
    return out


def write_maps(target: Path, result, table: pd.DataFrame, verdicts=None) -> tuple[list[Path], bool]:
    """`tracker.output.maps.write_maps`, skipped when nothing changed; (pages, rendered?)."""
    target = Path(target)
    record_path = _record_path(target)
    fingerprint = _fingerprint(target, result, table, verdicts) if record_path is not None else None
    if record_path is not None and fingerprint is not None and target.parent.is_dir() and not target.is_dir():
        pages = _unchanged(target, record_path, fingerprint)
        if pages is not None:
            return pages, False
    from tracker.output import maps

    written = maps.write_maps(target, result, table, verdicts=verdicts)
    if record_path is not None and fingerprint is not None:
        try:
            record_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = record_path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({"fingerprint": fingerprint,
                                       "pages": [[p.name, _digest(p)] for p in written],
                                       "others": _others(target, [p.name for p in written])}), encoding="utf-8")
            os.replace(tmp, record_path)
        except OSError:
            pass
    return written, True
