"""Recognise a track file's format from its first bytes (gzip opened transparently).

The name is only a tie-breaker: investigators rename files, and a `.json` can be any of
five formats. Each rule looks for the keys or header that only that format has.
"""
from __future__ import annotations

import gzip
import io
import re
from pathlib import Path
from typing import BinaryIO

from tracker.errors import FormatError, InputError

HEAD_BYTES = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"

_COLUMN_DICT = re.compile(r'^\{\s*"[^"]+"\s*:\s*\{\s*"0"\s*:')  # pandas to_json(orient="columns")


def open_binary(path: str | Path) -> BinaryIO:
    """The file's bytes, gunzipped if it is gzip (whatever its name says)."""
    raw = open(path, "rb")
    magic = raw.read(2)
    raw.seek(0)
    return gzip.open(raw) if magic == GZIP_MAGIC else raw


def open_text(path: str | Path) -> io.TextIOWrapper:
    return io.TextIOWrapper(open_binary(path), encoding="utf-8-sig", errors="replace", newline="")


def head(path: str | Path, size: int = HEAD_BYTES) -> bytes:
    try:
        with open_binary(path) as stream:
            return stream.read(size)
    except (OSError, EOFError) as exc:  # gzip.BadGzipFile is an OSError
        raise InputError(f"cannot read: {exc}", path) from None


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
