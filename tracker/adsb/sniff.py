"""Recognise a track file's format from its first bytes (gzip opened transparently).

The name is only a tie-breaker: investigators rename files, and a `.json` can be any of
five formats. Each rule looks for the keys or header that only that format has.
"""
from __future__ import annotations

import gzip
import io
import re
import zlib
from pathlib import Path
from typing import BinaryIO

from tracker.errors import FormatError, InputError

HEAD_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"

_COLUMN_DICT = re.compile(r'^\{\s*"[^"]+"\s*:\s*\{\s*"0"\s*:')  # pandas to_json(orient="columns")


class CorruptInput(OSError):
    """The bytes stop making sense (a gzip cut short, a bad CRC, broken deflate data).

    An OSError, so every reader's existing "cannot read / partial read" path takes it and
    names the file; never EOFError or zlib.error, which reached the user as "aborted" (exit 130)."""


class _SafeGzip(io.RawIOBase):
    """A gzip stream whose every failure is a `CorruptInput` saying what went wrong."""

    def __init__(self, raw: BinaryIO):
        self._raw = raw
        self._gz = gzip.GzipFile(fileobj=raw)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if (offset, whence) == (0, io.SEEK_SET):  # rewinding (the text readers peek, then start over)
            self._raw.seek(0)
            self._gz = gzip.GzipFile(fileobj=self._raw)
            return 0
        return self._guard(self._gz.seek, offset, whence)

    def tell(self) -> int:
        return self._gz.tell()

    def readinto(self, buffer) -> int:
        return self._guard(self._gz.readinto, buffer)

    @staticmethod
    def _guard(call, *args):
        try:
            return call(*args)
        except EOFError:
            raise CorruptInput("gzip stream ends early (truncated file)") from None
        except zlib.error as exc:
            raise CorruptInput(f"gzip data is corrupt ({exc})") from None
        except gzip.BadGzipFile as exc:
            raise CorruptInput(f"gzip data is corrupt ({exc})") from None

    def close(self) -> None:
        try:
            self._gz.close()
        finally:
            self._raw.close()
            super().close()


def open_binary(path: str | Path) -> BinaryIO:
    """The file's bytes, gunzipped if it is gzip (whatever its name says)."""
    raw = open(path, "rb")
    magic = raw.read(2)
    raw.seek(0)
    return io.BufferedReader(_SafeGzip(raw), 1 << 20) if magic == GZIP_MAGIC else raw


class Utf8Repair(io.RawIOBase):
    """Bytes that are valid UTF-8 whatever the file holds: invalid sequences become U+FFFD.

    pyarrow's CSV reader rejects a whole file over one bad byte (and its bad-row callback
    raises while decoding the row); repaired here, the row is read and `replaced` tells the
    caller to look for U+FFFD and count those rows. Valid blocks pass through unchanged."""

    def __init__(self, raw: BinaryIO, block: int = 1 << 20):
        self._raw, self._block, self._pending, self._out = raw, block, b"", b""
        self.replaced = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        """Bytes read straight into `buffer` and checked there (valid text, the usual case, is not
        copied); bytes that need repair are repaired as a piece and served from that."""
        if self._out:
            return self._serve(buffer)
        with memoryview(buffer) as whole, whole.cast("B") as view:
            while True:
                held = len(self._pending)
                if len(view) <= held + 4:  # too small to read into: a piece at a time
                    return self._readinto_pieces(view)
                view[:held] = self._pending
                n = self._raw.readinto(view[held:]) or 0  # type: ignore[attr-defined]  # (files and gzip have it)
                if not n:  # the end: what is held is an incomplete sequence, repaired
                    self._pending = b""
                    return self._checked(view, held) if held else 0
                cut = _char_boundary(view[:held + n])
                self._pending = bytes(view[cut:held + n])
                if cut:
                    return self._checked(view, cut)

    def _checked(self, view, n: int) -> int:
        """`view[:n]` as read if it is UTF-8, else its repair (served from `_out`)."""
        import numpy as np  # (loaded by then: only the CSV readers come here)

        if int(np.frombuffer(view, dtype=np.uint8, count=n).max(initial=0)) >= 0x80:  # not all ASCII
            data = bytes(view[:n])
            fixed = self._fix(data)
            if fixed is not data:
                self._out = fixed
                return self._serve(view)
        return n

    def _serve(self, buffer) -> int:
        n = min(len(buffer), len(self._out))
        buffer[:n] = self._out[:n]
        self._out = self._out[n:]
        return n

    def _readinto_pieces(self, buffer) -> int:
        while not self._out:
            data = self._raw.read(self._block)
            if not data:
                if not self._pending:
                    return 0
                data, self._pending = self._pending, b""
                self._out = self._fix(data)
                break
            data = self._pending + data
            cut = _char_boundary(data)
            data, self._pending = data[:cut], data[cut:]
            self._out = self._fix(data)
        return self._serve(buffer)

    def _fix(self, data: bytes) -> bytes:
        try:
            data.decode("utf-8")
            return data
        except UnicodeDecodeError:
            self.replaced = True
            return data.decode("utf-8", errors="replace").encode("utf-8")

    def close(self) -> None:
        self._raw.close()
        super().close()


def _char_boundary(data: bytes | memoryview) -> int:
    """Where to cut `data` so no UTF-8 sequence is split (the tail waits for the next block)."""
    n = len(data)
    for back in range(1, min(4, n) + 1):
        byte = data[n - back]
        if byte < 0x80:
            return n
        if byte >= 0xC0:
            need = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return n - back if back < need else n
    return n


def open_text(path: str | Path) -> io.TextIOWrapper:
    return io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", errors="replace", newline="")


def head(path: str | Path, size: int = HEAD_BYTES) -> bytes:
    """The first `size` bytes; a gzip that breaks after some bytes still gives those (its reader
    then reports the break as a partial read, keeping the rows before it)."""
    got = bytearray()
    try:
        with open_binary(path) as stream:
            while len(got) < size:
                piece = stream.read(min(8192, size - len(got)))
                if not piece:
                    break
                got += piece
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile and CorruptInput are OSErrors
        if not got:
            raise InputError(f"cannot read: {exc}", path) from None
    return bytes(got)


# The format names, written once: each reader's FORMAT is one of these.
READSB_TRACE = "readsb-trace"
FR24_JSON = "fr24-json"
FR24_CSV = "fr24-csv"
DUMP1090_JSON = "dump1090-json"
MODES_JSONL = "modes-jsonl"
OPENSKY_CSV = "opensky-csv"
OPENSKY_PARQUET = "opensky-parquet"
OPENSKY_STATES = "opensky-states-json"
OPENSKY_TRACKS = "opensky-tracks-json"
TRAFFIC_JSON = "traffic-json"


def detect(path: str | Path) -> str:
    """Format name for `path`, or FormatError naming the file when no reader knows it."""
    data = head(path)
    if data.startswith(PARQUET_MAGIC):
        return OPENSKY_PARQUET
    text = data.decode("utf-8-sig", errors="replace").lstrip()
    fmt = _detect_text(text)
    if fmt is None:
        shown = text[:40].replace("\n", " ")
        raise FormatError(f"not a known ADS-B track format (starts with {shown!r})", path)
    return fmt


def _detect_text(text: str) -> str | None:
    if not text:
        return None
    first_line = text.split("\n", 1)[0]
    if text[0] == "{":
        if _is_jsonl(text):
            return MODES_JSONL
        if '"trace"' in text and '"icao"' in text:
            return READSB_TRACE
        if '"result"' in text and '"response"' in text and re.search(r'"(flight|track|identification)"', text):
            return FR24_JSON
        if '"aircraft"' in text and '"now"' in text:
            return DUMP1090_JSON
        if '"states"' in text and '"time"' in text:
            return OPENSKY_STATES
        if '"path"' in text and '"icao24"' in text:
            return OPENSKY_TRACKS
        if _COLUMN_DICT.match(text) and '"icao24"' in text or re.search(r'^\{\s*"(timestamp|icao24|latitude)"\s*:\s*\{', text):
            return TRAFFIC_JSON
        return None
    if text[0] == "<":  # XML: a KML document (FR24 "Download KML", gx:Track exports)
        return "kml-track" if re.search(r"<(?:\w+:)?kml[\s>]", text) else None
    if text[0] == "[":
        if '"icao24"' in text and ('"timestamp"' in text or '"latitude"' in text):
            return TRAFFIC_JSON
        return None
    header = [c.strip().strip('"').lower() for c in first_line.rstrip("\r").split(",")]
    if {"timestamp", "utc", "callsign", "position"} <= set(header):
        return FR24_CSV
    if {"time", "icao24", "lat", "lon"} <= set(header):
        return OPENSKY_CSV
    return None


def _is_jsonl(text: str) -> bool:
    """A complete one-line object with Mode S keys: a decoded Mode S message stream (jet1090/rs1090)."""
    first = text.split("\n", 1)[0].strip()
    return (first.startswith("{") and first.endswith("}") and '"icao24"' in first
            and ('"df"' in first or '"frame"' in first))
