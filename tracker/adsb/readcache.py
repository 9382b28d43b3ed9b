"""A cache of read track files: the parsed and checked rows of one file, and its read report.

Parsing a large recording is most of what `tracker flights` does on it (284,505 rows of traffic
JSON: ≈0.7 s of a 1.5 s process), and investigators run several commands on the same file. So a
read of one file stores its table (before the aircraft database is applied: that is cheap and
its data may change) as an Arrow IPC file, with the read report in the file's metadata, under
`<cache folder>/tracks/` (the folder of `tracker.cache`: `$TRACKER_CACHE_DIR`, else
`$XDG_CACHE_HOME/tracker`, else `~/.cache/tracker`). The next read of the same bytes under the
same conditions takes the rows from there, and every output and message is the same.

The key is a SHA-256 hash of the file's bytes (not its name, size or time: a file rewritten in
place with the same size and time is read again), `FORMAT_VERSION`, tracker's version and code
(`tracker.cache`), and everything else the rows depend on: the format, the clock the
"timestamp in the future" rule uses (`--now` or the file's modification time), the selection
when the reader applies one, and the kind of report. Hashing costs ≈0.5 s per GB (SHA-256 runs
on the CPU's SHA instructions, about twice blake2b's speed here), so the hash of a file is
remembered by its identity (path, device, inode, size, modification and change times; the
change time moves on every write and cannot be set back) once the file has been unchanged for
`ReadCacheParams.settled_s` — a file written within that time could change again within the
same clock tick, so it is hashed again (git's "racy" rule). An entry that cannot be read, or was
written by another version, is ignored and replaced (never an error); entries are written to a
temporary file and renamed, so concurrent runs never see half an entry; the oldest entries go
when the folder passes `ReadCacheParams.max_bytes`.

Off: `--no-cache` on the commands, `TRACKER_READ_CACHE=off` (the test suite's default), or
`TRACKER_CACHE_DIR=off` (every cache). Only a read of one file is served or stored (a folder of
several files is combined across files, where repeats between files are counted); Parquet is
not cached (`tracker.adsb.UNCACHED`), and no entry larger than the folder's limit is written.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tracker import cache
from tracker.model import ReadReport

#: Bump when what an entry holds, or how it is laid out, changes.
FORMAT_VERSION = 1
SUFFIX = ".arrow"


@dataclass(frozen=True)
class ReadCacheParams:
    """max_bytes: the tracks folder is trimmed to this size after each write, oldest-used entries
    first (default 2 GiB; 284,505 rows take 23 MB), and a larger entry is not written.
    min_file_bytes: smaller files are not cached — reading them costs less than the bookkeeping
    (default 1 MB). settled_s: a file's hash is remembered by its identity only once it has been
    unchanged this long (default 2 s: a write within the same clock tick leaves the times as
    they were). max_remembered: how many such hashes are kept (newest first; default 4096)."""

    max_bytes: int = 2 << 30
    min_file_bytes: int = 1_000_000
    settled_s: float = 2.0
    max_remembered: int = 4096


PARAMS = ReadCacheParams()


def folder() -> Path | None:
    """Where entries live, or None when the read cache is off."""
    if os.environ.get("TRACKER_READ_CACHE", "").lower() in ("off", "0", "no", "false"):
        return None
    base = cache.cache_dir()
    return None if base is None else base / "tracks"


def content_hash(path: str | Path) -> bytes:
    """SHA-256 of the file's bytes: remembered for a settled file (see the module's note),
    else read in 1 MB blocks."""
    st = os.stat(path)
    memo = _remembered(path, st)
    if memo is not None:
        try:
            digest = bytes.fromhex(memo.read_text(encoding="ascii"))
            if len(digest) == hashlib.sha256().digest_size:
                return digest
        except (OSError, ValueError):  # none yet, or unreadable: hash the bytes
            pass
    h = hashlib.sha256()
    block = bytearray(1 << 20)
    view = memoryview(block)
    with open(path, "rb", buffering=0) as fh:
        while size := fh.readinto(block):
            h.update(view[:size])
    digest = h.digest()
    if memo is not None and time.time() - max(st.st_mtime, st.st_ctime) > PARAMS.settled_s:
        _remember(memo, digest)
    return digest


def _remembered(path: str | Path, st: os.stat_result) -> Path | None:
    """Where the hash of the file with this identity is remembered (None: the cache is off)."""
    base = folder()
    if base is None:
        return None
    identity = [os.path.realpath(path), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]
    return base / "hashes" / hashlib.sha256(json.dumps(identity).encode()).hexdigest()[:40]


def _remember(memo: Path, digest: bytes) -> None:
    """Write the hash (atomically), keep the newest `max_remembered`; failing only loses it."""
    try:
        cache.write_atomically(memo, lambda fh: fh.write(digest.hex().encode("ascii")))
        kept = sorted(memo.parent.iterdir(), key=lambda p: p.stat().st_mtime_ns, reverse=True)
        for old in kept[PARAMS.max_remembered:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def key(path: str | Path, fmt: str, report: ReadReport, select=None) -> str:
    """The entry's name for this file's bytes read under these conditions."""
    h = hashlib.blake2b(cache._code_hash(), digest_size=20)
    h.update(content_hash(path))
    conditions = [FORMAT_VERSION, fmt, type(report).__name__, report.reference_time, report.reference_from,
                  selection_token(select)]
    h.update(json.dumps(conditions).encode())
    return h.hexdigest()


def selection_token(select) -> Any:
    """A `Selection` as plain, ordered values (a frozenset's order changes between processes)."""
    if select is None:
        return None
    out = []
    for want in select.wants:
        item = {}
        for f in dataclasses.fields(want):
            value = getattr(want, f.name)
            item[f.name] = sorted(map(str, value)) if isinstance(value, frozenset) else (
                value.isoformat() if value is not None else None)
        out.append(item)
    return out


# --------------------------------------------------------------------------- storing

def _column(series: pd.Series):
    """(kind, Arrow array) for one column, or None when its type is not one this cache rebuilds."""
    import pyarrow as pa

    dtype, array = str(series.dtype), series.array
    if dtype == "datetime64[ns, UTC]":
        return "time", pa.array(array.asi8, type=pa.int64())
    if dtype == "float64":
        return "float64", pa.array(series.to_numpy())
    if dtype == "string" and isinstance(array, pd.arrays.ArrowStringArray):
        data = pa.array(array)  # pandas' own Arrow storage, chunks joined
        if data.type != pa.large_string():
            return None
        return "string", data.dictionary_encode()
    if dtype == "boolean":
        return "boolean", pa.array(array._data, mask=array._mask)
    if dtype == "Int64":
        return "Int64", pa.array(array._data, mask=array._mask)
    return None


def store(entry_key: str, frame: pd.DataFrame, report: ReadReport, params: ReadCacheParams | None = None) -> bool:
    """Write `frame` (one file's combined rows; `source` is left out: it is the report's file
    name) and `report` under `entry_key`. False when nothing was written (cache off, a column of
    another type, a folder that cannot be written): a read never fails for its cache."""
    base = folder()
    if base is None:
        return False
    try:
        table = _table(frame, report)
        limit = (params or PARAMS).max_bytes
        if table is None or table.nbytes > limit:  # an entry the trim would remove at once
            return False
        _write(base, entry_key, table)
        trim(base, limit)
    except Exception:  # noqa: BLE001 — a full disk, a read-only folder, a value JSON cannot hold
        return False
    return True


def _table(frame: pd.DataFrame, report: ReadReport):
    """The entry as one Arrow table, the report and column kinds in its metadata (None: a column
    of a type this cache does not rebuild exactly)."""
    import pyarrow as pa

    names, kinds, arrays = [], [], []
    for name in frame.columns:
        if name == "source":
            continue
        found = _column(frame[name])
        if found is None:
            return None
        names.append(name)
        kinds.append(found[0])
        arrays.append(found[1])
    meta = {"version": FORMAT_VERSION, "columns": list(frame.columns), "kinds": dict(zip(names, kinds)),
            "report": dataclasses.asdict(report), "rows": len(frame)}
    return pa.Table.from_arrays(arrays, names=names).replace_schema_metadata({"tracker": json.dumps(meta)})


def _write(base: Path, entry_key: str, table) -> None:
    """Into a temporary file, then renamed over the entry: a reader sees all of it or none."""
    import pyarrow.ipc as ipc

    def put(fh) -> None:
        with ipc.new_file(fh, table.schema) as writer:
            writer.write_table(table)  # uncompressed: mapped, not decompressed (lz4 cost 8 ms a read for ⅓ the size)

    cache.write_atomically(base / f"{entry_key}{SUFFIX}", put)


def trim(base: Path, max_bytes: int) -> None:
    """Remove the least recently used entries until the folder holds at most `max_bytes`."""
    entries = []
    for path in base.glob(f"*{SUFFIX}"):
        try:
            st = path.stat()
        except OSError:  # removed by another run meanwhile
            continue
        entries.append((st.st_mtime_ns, st.st_size, path))
    total = sum(size for _, size, _ in entries)
    for _, size, path in sorted(entries, key=lambda e: e[0]):
        if total <= max_bytes:
            break
        path.unlink(missing_ok=True)
        total -= size


# --------------------------------------------------------------------------- loading

def load(entry_key: str, file: str, report: ReadReport) -> pd.DataFrame | None:
    """The stored frame for `entry_key` with `file` as its `source`, and `report` filled in as
    the read left it; None when there is no usable entry (missing, truncated, corrupt, another
    version: the caller reads the file and writes a new one)."""
    base = folder()
    if base is None:
        return None
    path = base / f"{entry_key}{SUFFIX}"
    try:
        import pyarrow as pa
        import pyarrow.ipc as ipc

        with pa.memory_map(str(path)) as source:
            table = ipc.open_file(source).read_all()
        meta = json.loads(table.schema.metadata[b"tracker"])
        if meta.get("version") != FORMAT_VERSION or meta["rows"] != table.num_rows:
            return None
        frame = _frame(table, meta, file)
        state = meta["report"]
        if set(state) != {f.name for f in dataclasses.fields(report)}:
            return None
    except Exception:  # noqa: BLE001 — any unreadable entry is a miss, never an error
        return None
    for name, value in state.items():
        if name != "file":
            setattr(report, name, value)
    try:
        os.utime(path)  # recently used: trimmed last
    except OSError:
        pass
    return frame


def _frame(table, meta: dict, file: str) -> pd.DataFrame:
    import pyarrow as pa

    from tracker.adsb.table import _spread_names, _times

    n = table.num_rows
    out: dict[str, object] = {}
    for name in meta["columns"]:
        if name == "source":  # one Arrow chunk, as a read builds it (a take across chunks is slow)
            out[name] = _spread_names(np.zeros(n, dtype="int32"), pd.Index([file], dtype=object))
            continue
        kind, column = meta["kinds"][name], table.column(name).combine_chunks()
        if kind == "time":
            out[name] = _times(column.to_numpy())
        elif kind == "float64":
            out[name] = np.array(column.to_numpy(), copy=True)  # writable, as a read gives it
        elif kind == "string":
            out[name] = pd.arrays.ArrowStringArray(pa.chunked_array([column.cast(pa.large_string())]))
        elif kind in ("boolean", "Int64"):
            mask = np.asarray(column.is_null())
            values = column.fill_null(False if kind == "boolean" else 0).to_numpy(zero_copy_only=False)
            out[name] = (pd.arrays.BooleanArray(values, mask) if kind == "boolean"
                         else pd.arrays.IntegerArray(values.astype("int64"), mask))
        else:
            raise ValueError(kind)
    return pd.DataFrame(out, columns=meta["columns"], copy=False)
