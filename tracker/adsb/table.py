"""Shared last step of every reader: raw rows in canonical names → checked canonical rows.

Readers only rename and convert units; what counts as a bad row (and how it is counted in
the read report) lives here, once, so every format rejects by the same rules.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from tracker.adsb import schema
from tracker.geo import FPM_PER_MS, FT_PER_M, KT_PER_MS  # noqa: F401  (units: everything lands in ft, kt, ft/min)
from tracker.model import ReadReport


#: Earliest plausible ADS-B time (Mode S extended squitter trials began in the 1990s).
EARLIEST = pd.Timestamp("1995-01-01", tz="UTC")
#: A recording may come from a clock a little ahead; more than a day ahead is impossible.
FUTURE_SLACK = pd.Timedelta(days=1)

#: What a reader puts in `lat` when the file had a position there but it did not parse:
#: the row is then rejected as "bad coordinates", not as "no position".
UNPARSABLE = float("inf")

LINE = "_line"  # row/line number in the file, carried beside the rows until `combine` makes it `line`

#: Characters no identity text (callsign, registration, type, address) may hold: C0/C1 controls
#: and DEL reach terminals as escape sequences and make KML invalid XML; U+FFFD marks bytes
#: that were not UTF-8. Removed, not kept: "\x1b]0;…" in a callsign is never part of the callsign.
CONTROL = r"[\x00-\x1f\x7f-\x9f\ufffd]"
_CONTROL_RE = re.compile(CONTROL)
_FINITE_LIMIT = 1.7e308


def numbers(values, index=None, finite: bool = True) -> pd.Series:
    """Anything → float64, unparsable as NaN. Unlike `pd.to_numeric` alone it never raises:
    integers of thousands of digits (valid JSON) and objects in a number field become NaN."""
    series = values if isinstance(values, pd.Series) else pd.Series(values, index=index, dtype=object)
    if isinstance(series, pd.DataFrame):  # a duplicated column: ambiguous, so unknown
        return pd.Series(float("nan"), index=series.index)
    try:
        out = pd.to_numeric(series, errors="coerce")
    except (OverflowError, TypeError, ValueError):
        out = series.map(_number)
    out = out.astype("float64") if not pd.api.types.is_float_dtype(out) else out
    return out.where(out.abs() <= _FINITE_LIMIT) if finite else out  # ±inf is not a measurement


def _number(value) -> float:
    if isinstance(value, bool) or value is None:
        return float("nan")
    try:
        return float(value)
    except (OverflowError, TypeError, ValueError):
        return float("nan")


def booleans(values, index=None) -> pd.Series:
    """true/false/1/0/t/f (any case), JSON booleans → nullable boolean; anything else is unknown (NA),
    so a non-boolean `onground` costs the field, not the row."""
    series = values if isinstance(values, pd.Series) else pd.Series(values, index=index, dtype=object)
    if pd.api.types.is_bool_dtype(series):
        return series.astype("boolean")
    words = {"true": True, "false": False, "1": True, "0": False, "t": True, "f": False, "1.0": True, "0.0": False}
    text = series.map(lambda v: str(v).strip().lower() if isinstance(v, (str, bool, int, float, np.bool_)) else None)
    return text.map(words).astype("boolean")


def scalar_text(value) -> str | None:
    """A document-level text field (registration, type, address): text or a plain number as text;
    an object or list there is malformed and becomes unknown (None), never a column of dicts."""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) < 1e18:
        return str(value)
    return None


def clean_text(series: pd.Series) -> pd.Series:
    """Identity text without control characters (see `CONTROL`); vectorised."""
    text = series.astype("string")
    if not text.str.contains(_CONTROL_RE, regex=True).fillna(False).any():
        return text
    return text.str.replace(_CONTROL_RE, "", regex=True)


def epoch(values, unit: str = "s") -> pd.Series:
    """Epoch numbers → UTC datetimes; anything unparsable or out of range becomes NaT."""
    count = numbers(values)
    if unit == "s":  # float seconds → integer microseconds keeps sub-second precision exact enough
        count = (count * 1e6).round()
        unit = "us"
    limit = {"ns": 4e18, "us": 4e15, "ms": 4e12}[unit]  # beyond year 2096: garbage, not a time
    count = count.where(count.abs() < limit)
    return pd.to_datetime(count, unit=unit, utc=True, errors="coerce").astype(schema.DTYPES["time"])


def auto_epoch(values) -> pd.Series:
    """Times as files write them: epoch s / ms / µs / ns (told apart by size), ISO 8601 text,
    or datetimes (naive ones are UTC, as every format here records UTC)."""
    series = pd.Series(values)
    if pd.api.types.is_datetime64_any_dtype(series):
        aware = series.dt.tz_localize("UTC") if series.dt.tz is None else series.dt.tz_convert("UTC")
        return aware.astype(schema.DTYPES["time"])
    count = numbers(series)
    if count.notna().any() or series.isna().all():
        size = count.abs().median()
        unit = "ns" if size > 1e17 else "us" if size > 1e14 else "ms" if size > 1e11 else "s"
        return epoch(count, unit)
    try:
        return pd.to_datetime(series.astype("string"), utc=True, errors="coerce", format="ISO8601").astype(schema.DTYPES["time"])
    except (ValueError, TypeError, OverflowError):  # mixed objects pandas will not even try
        return pd.Series(pd.NaT, index=series.index, dtype=schema.DTYPES["time"])


def reference_time(report: ReadReport) -> pd.Timestamp:
    """What "in the future" is measured against: the report's `reference_time` (set by
    `tracker.adsb.read` from `--now` or the file itself, so a rerun gives the same rows), else
    this moment."""
    when = getattr(report, "reference_time", None)
    return pd.Timestamp(when) if when else pd.Timestamp.now(tz="UTC")


def reject_unparsable(report: ReadReport, lines: list[int], reason: str = "unparsable line") -> None:
    """Rows that never became a record still count as read, then as rejected."""
    report.rows_read += len(lines)
    report.reject(reason, len(lines), lines)


def check(raw: pd.DataFrame, report: ReadReport, address_required: bool = True) -> pd.DataFrame:
    """Count `raw` as read, reject bad rows by reason (first failing rule wins), return canonical rows.

    `raw` has canonical column names (any subset), `time` as UTC datetimes, and `_line`.
    The returned frame keeps `_line` so duplicates can still name their lines; `source` is
    filled in by `combine`, once, for the rows that are kept.
    `address_required=False` is for formats that carry no icao24 at all (FR24 CSV export):
    their rows keep an empty icao24 instead of all being rejected.
    """
    n = len(raw)
    report.rows_read += n
    if n == 0:
        return _with_lines(schema.empty(), [])
    lines = raw[LINE].to_numpy() if LINE in raw else pd.RangeIndex(1, n + 1).to_numpy()
    time = raw["time"] if "time" in raw else pd.Series(pd.NaT, index=raw.index, dtype=schema.DTYPES["time"])
    now = reference_time(report)
    bad_time = (time.isna() | (time < EARLIEST) | (time > now + FUTURE_SLACK)).to_numpy()

    icao = raw["icao24"].astype("string").str.strip().str.lower() if "icao24" in raw else pd.Series(pd.NA, index=raw.index, dtype="string")
    bad_icao = ~icao.str.fullmatch(r"~?[0-9a-f]{6}").fillna(not address_required).to_numpy(dtype=bool)

    lat = numbers(raw["lat"], finite=False) if "lat" in raw else pd.Series(float("nan"), index=raw.index)
    lon = numbers(raw["lon"], finite=False) if "lon" in raw else pd.Series(float("nan"), index=raw.index)
    no_position = (lat.isna() & lon.isna()).to_numpy()
    bad_coords = (~no_position & (lat.isna() | lon.isna() | (lat.abs() > 90) | (lon.abs() > 180)
                                  | ((lat == 0) & (lon == 0)))).to_numpy()

    rejected = np.zeros(n, dtype=bool)
    for reason, mask in (("no position", no_position), ("impossible timestamp", bad_time),
                         ("bad icao24", bad_icao), ("bad coordinates", bad_coords)):
        hit = mask & ~rejected
        if hit.any():
            report.reject(reason, int(hit.sum()), lines[hit][:5])
            rejected |= hit
    keep = ~rejected
    frame = raw.loc[keep].assign(time=time[keep], icao24=icao[keep], lat=lat[keep], lon=lon[keep])
    for name in ("callsign", "registration", "typecode"):
        if name in frame:
            frame[name] = clean_text(frame[name]).str.strip().replace("", pd.NA)
    return _with_lines(schema.canonical(frame), lines[keep])


def _with_lines(frame: pd.DataFrame, lines) -> pd.DataFrame:
    frame[LINE] = pd.array(lines, dtype="int64")
    return frame


def combine(parts: list[tuple[list[pd.DataFrame], ReadReport]]) -> pd.DataFrame:
    """Every file's checked chunks → one table sorted by icao24, time; exact repeats rejected.

    A repeat is a row with the same icao24 (callsign when there is none), time, lat and lon as an earlier row (file order,
    then row order): counted as "duplicates" in its own file's report, or as "duplicates
    (already in an earlier file)" when its twin came from an earlier file. One stable
    lexsort does both jobs — finding repeats (they end up adjacent) and the final order —
    so there is no hashing of string keys, no second sort, and one copy of the rows.
    The chunk lists are emptied as they are joined, so their memory goes back at once.
    """
    chunks = [chunk for frames, _ in parts for chunk in frames]
    part = np.repeat(np.arange(len(parts)), [sum(len(c) for c in frames) for frames, _ in parts])
    frame = pd.concat(chunks, ignore_index=True) if chunks else _with_lines(schema.empty(), [])
    del chunks
    for frames, _ in parts:
        frames.clear()
    codes, _ = pd.factorize(frame["icao24"], sort=True)
    bare = codes < 0
    if bare.any():  # no address (FR24 CSV): one aircraft per callsign, sorted last like NA in sort_values —
        # so two exports of different flights at the same instants and places are not each other's repeats
        calls, _ = pd.factorize(frame["callsign"].to_numpy(object)[bare], sort=True, use_na_sentinel=False)
        codes[bare] = codes.max(initial=-1) + 1 + calls
    time = frame["time"].array.asi8
    lat, lon = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    order = np.lexsort((lon, lat, time, codes))  # stable: ties keep file order, so the first stays
    codes, time, lat, lon, part = codes[order], time[order], lat[order], lon[order], part[order]
    repeat = np.zeros(len(order), dtype=bool)
    repeat[1:] = (codes[1:] == codes[:-1]) & (time[1:] == time[:-1]) & (lat[1:] == lat[:-1]) & (lon[1:] == lon[:-1])
    if repeat.any():
        twin = np.maximum.accumulate(np.where(repeat, 0, np.arange(len(order))))  # first row of each run
        earlier_file = part[twin] != part
        lines = frame[LINE].to_numpy()[order]
        for i, (_, report) in enumerate(parts):
            for reason, mask in (("duplicates", repeat & ~earlier_file),
                                 ("duplicates (already in an earlier file)", repeat & earlier_file)):
                hit = mask & (part == i)
                if hit.any():
                    report.reject(reason, int(hit.sum()), np.sort(lines[hit])[:5])
    kept = np.bincount(part[~repeat], minlength=len(parts))
    for (_, report), n in zip(parts, kept):
        report.rows_kept += int(n)
    frame["line"] = frame.pop(LINE).astype("Int64")  # kept as the canonical `line`: rows can be cited
    frame = frame.take(order[~repeat]).reset_index(drop=True)
    # the file name once per file, spread to its rows only now: not carried through every copy
    name_codes, names = pd.factorize(pd.Index([report.file for _, report in parts], dtype=object))
    if len(frame):
        codes = name_codes[part[~repeat]]
        frame["source"] = pd.Categorical.from_codes(codes, names).astype("string")
    return frame
