"""traffic JSON record arrays read column-wise in C (DuckDB), for files that prove to be plain.

The record route (`jsonstream.array_batches` → dicts → `DataFrame.from_records`) spends ~1 s of
CPU on the 284,505-row quickstart file building Python objects; DuckDB splits the same records
into per-key JSON text in ~0.4 s and pyarrow types the values. It is used only when the whole
file proves to be a plain record array, so every value, dtype, batch and bad-row count is what
the record route gives:

- laid out compactly (`[{…},{…}]`, nothing between records: the file's size is exactly the
  records' sizes plus brackets and commas), so where the record route cuts its 8 MB text
  chunks — and so its 100,000-record batches, which decide the time unit and the order of
  reject reasons — is computed, not guessed;
- every element an object with exactly the first record's keys, each key known to this
  reader, none twice (DuckDB's strict JSON→STRUCT cast refuses any other);
- every value a scalar of one kind per key: plain numbers (finite, under 1e18, no -0) for
  positions, speeds and times; strings without escapes or braces for identities;
  true/false for `onground`; null anywhere.

Anything else — or any error, or a file too large to hold — returns None and the caller reads
by records, unchanged. `tests/test_traffic_columnar.py` compares both routes on hostile files.
"""
from __future__ import annotations

import json
import os
import struct
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.adsb import jsonstream, sniff

NUMBER_KEYS = ("altitude", "groundspeed", "latitude", "longitude", "timestamp", "track", "vertical_rate")
TEXT_KEYS = ("icao24", "callsign", "registration", "typecode", "squawk")
BOOL_KEYS = ("onground",)
KNOWN_KEYS = frozenset(NUMBER_KEYS + TEXT_KEYS + BOOL_KEYS)
DROPPED = ("squawk",)  # read (its values must parse the same) but not kept by `traffic_json.raw`

#: Larger files go by records (which stream in bounded memory): a compressed size this small
#: cannot wrap gzip's 32-bit size field at any plausible ratio, and the whole file's JSON text
#: is held while it is checked.
MAX_COMPRESSED = 96 << 20
MAX_PLAIN = 1 << 30
#: Smaller files go by records too: starting DuckDB costs ~75 ms (import and connection), what the
#: record route spends on ~6 MB of JSON.
MIN_PLAIN = 8 << 20
_INT_LIMIT = 1e18  # integers beyond int64 are read differently by json/orjson/pandas: not plain


def plain_batches(path: str | Path, head: str, batch: int = 100_000) -> list[tuple[pd.DataFrame, int]] | None:
    """[(frame as `DataFrame.from_records` would give it, first record number)] per record-route
    batch, or None when the file is not provably plain (then nothing has been reported)."""
    keys = _first_keys(head)
    if keys is None:
        return None
    try:
        size, compression = _size(path)
        if size is None or size < MIN_PLAIN:
            return None
        return _read(path, keys, size, compression, batch)
    except Exception:  # noqa: BLE001 - any failure only means "not provably plain": read by records
        return None


def _first_keys(head: str) -> list[str] | None:
    """The first record's keys in order, if the head shows a compact array starting with an object."""
    if not head.startswith("[{"):
        return None
    try:
        first, _ = json.JSONDecoder().raw_decode(head, 1)
    except (ValueError, RecursionError):
        return None
    keys = list(first) if isinstance(first, dict) else []
    return keys if keys and set(keys) <= KNOWN_KEYS else None


def _size(path: str | Path) -> tuple[int | None, str]:
    """(decompressed size in bytes, DuckDB compression name); None when too large to hold."""
    stat = os.stat(path)
    with open(path, "rb") as raw:
        magic = raw.read(2)
        if magic != sniff.GZIP_MAGIC:
            return (stat.st_size if stat.st_size <= MAX_PLAIN else None), "none"
        if stat.st_size > MAX_COMPRESSED or stat.st_size < 18:
            return None, "gzip"
        raw.seek(-4, os.SEEK_END)
        return struct.unpack("<I", raw.read(4))[0], "gzip"


def _read(path, keys: list[str], size: int, compression: str, batch: int):
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    fields = ", ".join(f'"{k}" JSON' for k in keys)
    con = duckdb.connect(config={"threads": 1})
    try:
        data = con.sql(
            f"SELECT unnest(json::STRUCT({fields})), starts_with(json::VARCHAR, '{{') AS _object, "
            f"length(json::VARCHAR) AS _chars, strlen(json::VARCHAR) AS _bytes "
            f"FROM read_json_objects($path, format='array', compression=$compression)",
            params={"path": str(path), "compression": compression}).to_arrow_table()
    finally:
        con.close()
    n = data.num_rows
    if n == 0 or not pc.all(data["_object"]).as_py():
        return None
    if 2 + pc.sum(data["_bytes"]).as_py() + n - 1 != size:  # not compact (or not all of it read)
        return None
    ends = np.cumsum(data["_chars"].to_numpy().astype(np.int64) + 1)  # index of each record's comma / "]"
    sizes = record_batches(ends - 1, int(ends[-1]) + 1, batch)
    if sizes is None:
        return None
    columns: dict[str, object] = {}
    for key in keys:
        values = data[key]
        if key in NUMBER_KEYS:
            columns[key] = _numbers(values, pa, pc)
        elif key in TEXT_KEYS:
            columns[key] = _texts(values, pc, strip=key not in DROPPED)
        else:
            columns[key] = _booleans(values, pc)
        if columns[key] is None:
            return None
    out, start = [], 0
    for count in sizes:
        frame = pd.DataFrame({key: _piece(columns[key], start, count) for key in keys if key not in DROPPED},
                             index=pd.RangeIndex(count))
        out.append((frame, start + 1))
        start += count
    return out


def record_batches(closes: np.ndarray, length: int, batch: int) -> list[int] | None:
    """Sizes of the batches `jsonstream.array_batches` yields for a compact array of `length`
    characters whose records end (their `}`) at `closes`: it reads `TEXT_CHUNK` characters at a
    time and parses up to the last `}` followed by a comma; None if it would leave its fast path."""
    chunk = jsonstream.TEXT_CHUNK
    n = len(closes)
    sizes: list[int] = []
    pending = 0
    done = 0          # records parsed so far
    start = 1         # first character not yet parsed (after "[" or a record's comma)
    read = min(chunk, length)
    while True:
        more = min(chunk, length - read)
        read += more
        if more == 0:  # end of text: the rest is parsed and handed out as one last batch
            pending += n - done
            if pending:
                sizes.append(pending)
            return sizes
        # last record whose closing brace and following comma are both within [start, read)
        # (the last record is followed by "]", never a comma)
        last = int(np.searchsorted(closes[:-1], read - 1, side="left")) - 1
        if last >= done and closes[last] >= start:
            pending += last + 1 - done
            done = last + 1
            start = int(closes[last]) + 2
            while pending >= batch:
                sizes.append(batch)
                pending -= batch
        elif read - start >= 4 * chunk:  # one record longer than the chunks: the slow path
            return None


def _numbers(values, pa, pc) -> np.ndarray | None:
    """JSON number text → float64 (null → NaN), as Python's float() of json's value; None if any
    value is not a plain number (a string, true/false, NaN, an integer beyond int64, -0)."""
    floats = pc.cast(values, pa.float64())  # raises on anything that is not a number
    out = floats.to_numpy(zero_copy_only=False)
    known = out[~np.isnan(out)] if floats.null_count else out
    if len(known) and (not np.isfinite(known).all() or (np.abs(known) >= _INT_LIMIT).any()
                       or np.signbit(known[known == 0]).any()):
        return None
    if len(known) != len(out) - floats.null_count:  # a NaN that was not a null
        return None
    return out


def _texts(values, pc, strip: bool = True):
    """JSON string text → the string (pyarrow), or None if any value is not a plain string."""
    known = values.drop_null()
    if len(known) and not (pc.all(pc.starts_with(known, '"')).as_py()
                           and not pc.any(pc.match_substring(known, "\\")).as_py()
                           and not pc.any(pc.match_substring(known, "}")).as_py()):
        return None
    return pc.utf8_slice_codeunits(values, 1, -1) if strip else values


def _booleans(values, pc):
    """JSON true/false → (values, missing) for a pandas BooleanArray, or None."""
    true = pc.equal(values, "true")
    if pc.all(pc.or_(true, pc.equal(values, "false"))).as_py() is False:  # nulls are skipped
        return None
    missing = values.is_null().to_numpy(zero_copy_only=False)
    return true.fill_null(False).to_numpy(zero_copy_only=False), missing


def _piece(column, start: int, count: int):
    """One batch of a column, typed as `DataFrame.from_records` would type it for `raw`."""
    if isinstance(column, np.ndarray):
        return column[start:start + count]
    if isinstance(column, tuple):
        values, missing = column
        return pd.arrays.BooleanArray(values[start:start + count].copy(), missing[start:start + count].copy())
    return column.slice(start, count).to_pandas()

