"""traffic JSON record arrays read column-wise (numpy, else DuckDB), for files that prove plain.

The record route (`jsonstream.array_batches` → dicts → `DataFrame.from_records`) spends ~1 s of
CPU on the 284,505-row quickstart file building Python objects. Here the records become per-key
JSON text, which pyarrow types: first by cutting the file's bytes at commas in numpy
(`_split_values`: gunzip 0.07 s with ISA-L, the cut 0.25 s, no import — for files written as pandas and
traffic write them: one key order, no escapes, no whitespace), else by DuckDB (`_duckdb_values`:
0.06 s import, 0.38 s, any key order). Either is used only when the whole file proves to be a
plain record array, so every value, dtype, batch and bad-row count is what the record route gives:

- laid out compactly (`[{…},{…}]`, nothing between records: the file's size is exactly the
  records' sizes plus brackets and commas), so where the record route cuts its 8 MB text
  chunks — and so its 100,000-record batches, which decide the time unit and the order of
  reject reasons — is computed, not guessed;
- every element an object with exactly the first record's keys, each key known to this
  reader, none twice (DuckDB's strict JSON→STRUCT cast refuses any other; the cut checks every
  key's exact text in its place);
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
#: record route spends on ~6 MB of JSON (the cut has no such cost, but small files are quick by
#: records and the threshold keeps one route for them).
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
    import pyarrow as pa
    import pyarrow.compute as pc

    found = _split_values(path, keys, compression, pa, pc)
    if found is None:
        found = _duckdb_values(path, keys, size, compression, pc)
    if found is None:
        return None
    data, chars = found
    ends = np.cumsum(chars.astype(np.int64) + 1)  # index of each record's comma / "]"
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


def _duckdb_values(path, keys: list[str], size: int, compression: str, pc):
    """({key: JSON text of each record's value}, characters per record) from DuckDB, which
    also proves every element an object with exactly these keys; None if not compact."""
    import duckdb

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
    return {key: data[key] for key in keys}, data["_chars"].to_numpy()


_NULL = int.from_bytes(b"null", "little")
#: For a value of 0…12 bytes, the words of a string view that keep its bytes and zero the rest.
_INLINE_MASKS = np.frombuffer(b"".join(bytes([0xFF] * k + [0] * (12 - k)) for k in range(13)), "V12")


_PAD = 32  # zero bytes after the text: gathers of up to 24 bytes may run past the last value
_BLOCK = 1 << 20  # bytes per step of the scan for commas and dots
_ROWS = 1 << 14  # records per step of the cut
_DIGIT = np.zeros(256, bool)
_DIGIT[0x30:0x3A] = True


def _bytes(path, compression: str) -> bytearray | None:
    """The file's (gunzipped) bytes followed by `_PAD` zero bytes, or None (too large, not one
    whole gzip member: then the record route says what is wrong)."""
    try:
        from isal import isal_zlib as zlib  # ISA-L: the same bytes ~1.8x faster (0.07 s here, not 0.13)
    except ImportError:  # pragma: no cover - a declared dependency; zlib does the same, slower
        import zlib  # type: ignore[no-redef]

    with open(path, "rb") as raw:
        if compression != "gzip":
            plain = os.fstat(raw.fileno()).st_size
            if plain > MAX_PLAIN:
                return None
            out = bytearray(plain + _PAD)
            return out if raw.readinto(memoryview(out)[:plain]) == plain and not raw.read(1) else None
        size = _size(path)[0]
        if size is None or size > MAX_PLAIN:
            return None
        out = bytearray(size + _PAD)
        view, pos = memoryview(out), 0
        unzip = zlib.decompressobj(31)  # checks the member's CRC-32 and length
        while chunk := raw.read(1 << 18):
            piece = unzip.decompress(chunk, size + 1 - pos)
            if pos + len(piece) > size or unzip.unconsumed_tail:
                return None
            view[pos:pos + len(piece)] = piece
            pos += len(piece)
            if unzip.eof:
                break
        return out if pos == size and unzip.eof and not unzip.unused_data and not raw.read(1) else None


def _split_values(path, keys: list[str], compression: str, pa, pc):
    """({key: JSON text of each record's value, null for null}, characters per record) by
    cutting the bytes at commas in numpy, when the file is exactly `[` + records joined by `,`
    + `]` and every record is `{"k1":v1,…,"kn":vn}` with the first record's keys in its order
    and each value one scalar without a comma; None otherwise (DuckDB or records then).

    Why the cut is the JSON parse: with no backslash in the file, no value can hold a quote, so
    a comma inside a string would leave a piece starting with the string's closing quote, which
    no key prefix matches; every piece is checked to start with its key's exact prefix, and
    every value to be a number (below), a string with exactly its two quotes, true, false or
    null (the typing refuses anything else). Raw control bytes (which json refuses in strings,
    and whitespace between tokens) and invalid UTF-8 step aside. pyarrow's cast, which types
    the numbers, also takes "+5", ".5", "01", "5.", "5.e3", "inf" and "nan": a number must
    start with "-" or a digit, "-" be followed by a digit, a leading 0 by no digit, and every
    "." in the file by a digit (a string with such a dot sends the file to DuckDB).

    Values are Arrow string views into the file's bytes (≤ 12 bytes copied per value). The
    work goes in blocks of bytes, then of records, so that temporaries stay small: fresh
    memory costs more here (page faults) than the arithmetic."""
    padded = _bytes(path, compression)
    if padded is None:
        return None
    n_bytes, width = len(padded) - _PAD, len(keys)
    text = np.frombuffer(padded, np.uint8)[:n_bytes]
    if n_bytes < 4 or text[0] != 0x5B or text[1] != 0x7B or text[-2] != 0x7D or text[-1] != 0x5D:  # [{ … }]
        return None
    if n_bytes >= 1 << 31 or padded.find(b"\\", 0, n_bytes) >= 0:  # views hold 32-bit offsets
        return None
    found, is_ascii = [], True
    for at in range(0, n_bytes, _BLOCK):
        block = text[at:at + _BLOCK]
        if block.min() < 0x20:
            return None
        is_ascii = is_ascii and block.max() < 0x80
        found.append(np.flatnonzero(block == 0x2C).astype(np.int32) + at)
        if not _DIGIT[text[np.flatnonzero(block == 0x2E) + (at + 1)]].all():  # text ends with "]"
            return None
    commas = np.concatenate(found)
    del found
    pieces = len(commas) + 1
    if pieces % width:
        return None
    n = pieces // width
    prefixes = [(("{" if j == 0 else "") + json.dumps(k) + ":").encode() for j, k in enumerate(keys)]
    if max(len(p) for p in prefixes) > 24:
        return None
    expected = np.zeros((width, 24), np.uint8)
    mask = np.zeros((width, 24), np.uint8)
    for j, prefix in enumerate(prefixes):
        expected[j, :len(prefix)] = np.frombuffer(prefix, np.uint8)
        mask[j, :len(prefix)] = 0xFF
    want, care = expected.view(np.uint64).ravel(), mask.view(np.uint64).ravel()
    skip = np.array([len(p) for p in prefixes], np.int32)
    numbers = np.array([k in NUMBER_KEYS for k in keys])
    texts = np.array([k in TEXT_KEYS for k in keys])
    heads24 = np.ndarray((len(padded) - 24,), dtype="V24", buffer=padded, strides=(1,))
    heads12 = np.ndarray((len(padded) - 12,), dtype="V12", buffer=padded, strides=(1,))
    views = np.empty((width, n, 4), np.uint32)  # per key: length, 12 bytes inline or prefix+buffer+offset
    known = np.empty((width, n), bool)
    opens = np.empty(n, np.int32)   # each record's "{"
    closes = np.empty(n, np.int32)  # … and its "}"
    for r0 in range(0, n, _ROWS):
        r1 = min(n, r0 + _ROWS)
        rows, p0, p1 = r1 - r0, r0 * width, r1 * width
        cut = np.empty(p1 - p0, np.int32)
        if p0 == 0:
            cut[0], cut[1:] = 1, commas[:p1 - 1] + 1
        else:
            cut[:] = commas[p0 - 1:p1 - 1] + 1
        stop = np.empty(p1 - p0, np.int32)
        stop[:len(commas) - p0 if p1 == pieces else None] = commas[p0:p1]
        if p1 == pieces:
            stop[-1] = n_bytes - 1
        heads = heads24[cut].view(np.uint64).reshape(rows, width * 3)
        np.bitwise_xor(heads, want, out=heads)
        np.bitwise_and(heads, care, out=heads)
        if heads.any():  # a piece that does not start with its key's prefix
            return None
        starts, ends = cut.reshape(rows, width), stop.reshape(rows, width)
        opens[r0:r1] = starts[:, 0]
        starts += skip
        if not (text[ends[:, -1] - 1] == 0x7D).all():  # every record closes with "}" right there
            return None
        ends[:, -1] -= 1
        closes[r0:r1] = ends[:, -1]
        lengths = ends - starts
        if lengths.min() < 1:
            return None
        words = heads12[starts.ravel()].view(np.uint32).reshape(rows, width, 3)
        np.bitwise_and(words, _INLINE_MASKS[np.minimum(lengths, 12).astype(np.uint8).ravel()]
                       .view(np.uint32).reshape(rows, width, 3), out=words)
        first = words[:, :, 0]  # the first 4 bytes of every value (kept for long ones too)
        present = ~((lengths == 4) & (first == _NULL))
        b0, b1, b2 = first & 0xFF, (first >> 8) & 0xFF, (first >> 16) & 0xFF
        minus = b0 == 0x2D
        bad = ~(_DIGIT[b0] | minus) | (minus & ~_DIGIT[b1]) | ((b0 == 0x30) & _DIGIT[b1]) \
            | (minus & (b1 == 0x30) & _DIGIT[b2])
        if (bad & present & numbers).any():
            return None
        quoted = present & texts
        if not ((b0 == 0x22) | ~quoted).all() or not ((text[ends - 1] == 0x22) | ~quoted).all() \
                or not ((lengths >= 2) | ~quoted).all():
            return None
        long = lengths > 12
        words[:, :, 1][long] = 0
        words[:, :, 2][long] = starts[long]
        part = views[:, r0:r1]
        part[:, :, 0] = lengths.T
        part[:, :, 1:] = words.transpose(1, 0, 2)
        known[:, r0:r1] = present.T
    del commas
    buffer = pa.py_buffer(padded)
    if not is_ascii:
        pa.Array.from_buffers(pa.large_binary(), 1, [None, pa.py_buffer(np.array([0, n_bytes], np.int64)), buffer]) \
            .cast(pa.large_string())  # raises on invalid UTF-8: the caller steps aside
    out = {}
    for j, key in enumerate(keys):
        column = pa.Array.from_buffers(pa.string_view(), n, [pa.py_buffer(np.packbits(known[j], bitorder="little")),
                                                              pa.py_buffer(views[j]), buffer])
        if key in NUMBER_KEYS:
            out[key] = column  # the cast to numbers reads views
            continue
        out[key] = column = column.cast(pa.string())
        if key in TEXT_KEYS and pc.all(pc.equal(pc.count_substring(column, '"'), 2)).as_py() is False:
            return None  # a quote inside a string (it opens and closes with one)
    chars = (closes.astype(np.int64) + 1 - opens).astype(np.int64)
    if not is_ascii:  # characters, not bytes: leave out UTF-8 continuation bytes
        follow = np.flatnonzero((text & 0xC0) == 0x80)
        chars -= np.searchsorted(follow, closes.astype(np.int64) + 1) - np.searchsorted(follow, opens)
    return out, chars


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

