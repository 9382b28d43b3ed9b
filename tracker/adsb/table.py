"""Shared last step of every reader: raw rows in canonical names → checked canonical rows.

Readers only rename and convert units; what counts as a bad row (and how it is counted in
the read report) lives here, once, so every format rejects by the same rules.
"""
from __future__ import annotations

import re
from collections.abc import Callable

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
    if isinstance(values, pd.DataFrame):  # a duplicated column: ambiguous, so unknown
        return pd.Series(float("nan"), index=values.index)
    series = values if isinstance(values, pd.Series) else pd.Series(values, index=index, dtype=object)
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
    # Tested once per distinct value (a few hundred callsigns in 300,000 rows), not per row: all of
    # them joined by a space (not a control character) and searched once.
    if not _CONTROL_RE.search(" ".join(v for v in text.unique().tolist() if isinstance(v, str))):
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
    no_position, bad_coords = _position_masks(lat.to_numpy(dtype=float, na_value=np.nan),
                                              lon.to_numpy(dtype=float, na_value=np.nan))

    rejected = _reject_first(report, lines, n, no_position, bad_time, bad_icao, bad_coords)
    keep = ~rejected
    if rejected.any():
        frame = raw.loc[keep].assign(time=time[keep], icao24=icao[keep], lat=lat[keep], lon=lon[keep])
    else:  # nothing rejected (the usual case): selecting every row would copy every column
        frame = raw.assign(time=time, icao24=icao, lat=lat, lon=lon)
    for name in ("callsign", "registration", "typecode"):
        if name in frame:
            frame[name] = clean_text(frame[name]).str.strip().replace("", pd.NA)
    return _with_lines(schema.canonical(frame), lines[keep])


def _position_masks(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(no position, impossible coordinates): half a position, off the globe, or exactly 0/0."""
    no_position = np.isnan(lat) & np.isnan(lon)
    with np.errstate(invalid="ignore"):
        bad_coords = ~no_position & (np.isnan(lat) | np.isnan(lon) | (np.abs(lat) > 90) | (np.abs(lon) > 180)
                                     | ((lat == 0) & (lon == 0)))
    return no_position, bad_coords


def _reject_first(report: ReadReport, lines, n: int, no_position, bad_time, bad_icao, bad_coords) -> np.ndarray:
    """Count each rejected row under the first rule it breaks, in one order for every reader route."""
    rejected = np.zeros(n, dtype=bool)
    for reason, mask in (("no position", no_position), ("impossible timestamp", bad_time),
                         ("bad icao24", bad_icao), ("bad coordinates", bad_coords)):
        hit = mask & ~rejected
        if hit.any():
            report.reject(reason, int(hit.sum()), lines[hit][:5])
            rejected |= hit
    return rejected


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
    if chunks and all(isinstance(chunk, Columns) for chunk in chunks):
        del chunks
        return _combine_columns(parts)
    if any(isinstance(chunk, Columns) for chunk in chunks):  # with other readers' frames: as frames
        for frames, _ in parts:
            frames[:] = [chunk.to_frame() if isinstance(chunk, Columns) else chunk for chunk in frames]
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
    # stable: ties keep file order, so the first stays
    order = (sort_order(codes, time, lat, lon) if not (np.isnan(lat).any() or np.isnan(lon).any())
             else np.lexsort((lon, lat, time, codes)))
    codes, time, lat, lon, part = codes[order], time[order], lat[order], lon[order], part[order]
    give_back()
    repeat = _count_repeats(codes, time, lat, lon, part, parts, lambda hit: frame[LINE].to_numpy()[order[hit]])
    kept = np.bincount(part[~repeat], minlength=len(parts))
    for (_, report), n in zip(parts, kept):
        report.rows_kept += int(n)
    frame["line"] = frame.pop(LINE).astype("Int64")  # kept as the canonical `line`: rows can be cited
    frame = frame.take(order[~repeat]).reset_index(drop=True)
    # the file name once per file, spread to its rows only now: not carried through every copy
    name_codes, names = pd.factorize(pd.Index([report.file for _, report in parts], dtype=object))
    if len(frame):
        codes = name_codes[part[~repeat]]
        frame["source"] = _spread_names(codes, names)
    return frame


def _count_repeats(codes: np.ndarray, time: np.ndarray, lat: np.ndarray, lon: np.ndarray, part: np.ndarray,
                   parts: list[tuple[list, ReadReport]], lines_of: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """Rows (in sorted order) that repeat the row before them, counted into their own file's
    report as "duplicates", or "duplicates (already in an earlier file)" when their run began in
    an earlier file. `lines_of(mask)` gives the source lines of the masked sorted rows, to cite
    the first five. Both combine routes share this one rule."""
    repeat = np.zeros(len(codes), dtype=bool)
    repeat[1:] = (codes[1:] == codes[:-1]) & (time[1:] == time[:-1]) & (lat[1:] == lat[:-1]) & (lon[1:] == lon[:-1])
    if not repeat.any():
        return repeat
    twin = np.maximum.accumulate(np.where(repeat, 0, np.arange(len(repeat))))  # first row of each run
    earlier_file = part[twin] != part
    del twin
    for i, (_, report) in enumerate(parts):
        for reason, mask in (("duplicates", repeat & ~earlier_file),
                             ("duplicates (already in an earlier file)", repeat & earlier_file)):
            hit = mask & (part == i)
            if hit.any():
                report.reject(reason, int(hit.sum()), np.sort(lines_of(hit))[:5])
    return repeat


def _spread_names(codes: np.ndarray, names: pd.Index) -> pd.Series | pd.api.extensions.ExtensionArray:
    """File names per row as a "string" column, built in Arrow (as a Categorical's `astype` it
    converts one Python object per row: 70 ms per 300,000 rows)."""
    import pyarrow as pa

    try:
        spread = pa.DictionaryArray.from_arrays(pa.array(codes, pa.int32()), pa.array(list(names), pa.large_string()))
        return pd.arrays.ArrowStringArray(spread.cast(pa.large_string()))  # as pandas builds it
    except (pa.ArrowException, UnicodeError):  # a name Arrow cannot hold (undecodable bytes)
        return pd.Categorical.from_codes(codes, names).astype("string")


# --------------------------------------------------------------------------- Arrow batches
# The same rules as `check` and `combine`, on whole Arrow batches and numpy arrays: a reader of a
# large columnar file (OpenSky CSV) hands over `Columns` instead of a DataFrame, text stays
# dictionary-encoded (a few thousand distinct icao24s and callsigns, not millions of strings), and
# pandas is made once, column by column, in `combine`. Anything the fast paths do not cover (a
# numeric column pyarrow read as text, ISO times) goes through the pandas functions above, so every
# file gives the rows, values and rejects it always gave.

NAT = np.iinfo("int64").min  # NaT as int64 nanoseconds (pandas' own)


def _malloc_trim():
    try:
        import ctypes

        libc = ctypes.CDLL("libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc: nothing to do
        return None, None
    try:
        class _Info(ctypes.Structure):
            _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd",
                                                            "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

        info = libc.mallinfo2
        info.restype = _Info
        info.argtypes = []
    except AttributeError:  # glibc before 2.33: trim every time
        info = None
    return trim, info


_TRIM, _INFO = _malloc_trim()


def give_back(keep: int = 0) -> None:
    """Return freed heap memory to the system (glibc `malloc_trim`; elsewhere nothing) — only when
    more than `keep` bytes are free.

    glibc keeps what a batch's temporary arrays freed (after the first 16 MB block is freed its
    mmap threshold rises, so later blocks come from the heap and stay): reading 3 M rows held
    ~300 MB more than the rows themselves. But memory given back is page-faulted in again by the
    next use, and on this VM a fault costs microseconds: trimming after every batch cost ~0.3 s
    of kernel time per 3 M rows. So the reading loop keeps up to a few batches' worth (`keep`);
    `combine` trims between its columns. `malloc_trim` costs ~1 ms, `mallinfo2` ~10 µs."""
    if _TRIM is None:
        return
    if keep and _INFO is not None and _INFO().fordblks <= keep:
        return
    _TRIM(0)

def _numeric(array) -> bool:
    import pyarrow as pa

    t = array.type
    return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_null(t)


def arrow_pandas(array, name: str = "x") -> pd.Series:
    """One Arrow column as `RecordBatch.to_pandas` makes it (the slow path's input)."""
    import pyarrow as pa

    return pa.RecordBatch.from_arrays([array], [name]).to_pandas()[name]


def arrow_numbers(array, finite: bool = True) -> np.ndarray:
    """`numbers` of an Arrow column as float64 numpy (NaN for null)."""
    if not _numeric(array):
        return numbers(arrow_pandas(array), finite=finite).to_numpy(dtype="float64", na_value=np.nan)
    out = array.to_numpy(zero_copy_only=False).astype("float64", copy=False) if array.null_count == 0 or len(array) == 0 \
        else np.asarray(array.cast("float64").fill_null(float("nan")).to_numpy(zero_copy_only=False), dtype="float64")
    if finite and not (len(out) and -_FINITE_LIMIT <= out.min() and out.max() <= _FINITE_LIMIT):  # (NaN: looked at)
        big = ~(np.abs(out) <= _FINITE_LIMIT) & ~np.isnan(out)
        if big.any():
            out = out.copy() if not out.flags.writeable else out
            out[big] = np.nan
    return out


def arrow_epoch(array) -> np.ndarray:
    """`auto_epoch` of an Arrow column as int64 nanoseconds (NAT where unknown).

    Fast for epoch seconds in a numeric column (the OpenSky exports); every other case — ms/µs/ns
    counts, ISO text, datetimes — is `auto_epoch` itself."""
    if _numeric(array):
        count = arrow_numbers(array)
        known = ~np.isnan(count)
        if known.any():
            magnitude = np.abs(count[known])
            size = float(magnitude.max())  # the median is no larger: seconds when the largest is
            if size > 1e11:
                size = float(np.median(magnitude))
            if size <= 1e11:  # seconds (auto_epoch's rule); other units take the pandas path
                micro = np.round(count * 1e6)
                good = np.abs(micro) < 4e15  # NaN compares False
                if good.all():
                    out = micro.astype("int64")
                    out *= 1000
                    return out
                out = np.full(len(count), NAT, dtype="int64")
                out[good] = micro[good].astype("int64") * 1000
                return out
        elif array.null_count == len(array):
            return np.full(len(array), NAT, dtype="int64")
    series = auto_epoch(arrow_pandas(array))
    return series.array.asi8.copy() if len(series) else np.empty(0, dtype="int64")


def arrow_booleans(array) -> tuple[np.ndarray, np.ndarray]:
    """`booleans` of an Arrow column as (values, NA mask)."""
    import pyarrow as pa

    if pa.types.is_boolean(array.type):
        values = array.fill_null(False).to_numpy(zero_copy_only=False)
        return np.asarray(values, dtype=bool), np.asarray(array.is_null().to_numpy(zero_copy_only=False), dtype=bool)
    flags = booleans(arrow_pandas(array))
    return flags.to_numpy(dtype=bool, na_value=False), flags.isna().to_numpy(dtype=bool)


def arrow_text(array) -> tuple[np.ndarray, pd.Series]:
    """A text column as (codes, distinct values as a pandas "string" Series): code -1 is null.
    Text rules (strip, lower, control characters) then run once per distinct value."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if pa.types.is_dictionary(array.type) and pa.types.is_string(array.type.value_type):  # encoded by the parser
        codes = array.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype("int32", copy=False)
        return codes, _string_series(array.dictionary)
    if not (pa.types.is_string(array.type) or pa.types.is_large_string(array.type)):
        if pa.types.is_null(array.type):
            return np.full(len(array), -1, dtype="int32"), pd.Series([], dtype="string")
        array = arrow_pandas(array).astype("string").array._pa_array.combine_chunks()  # type: ignore[attr-defined]  # as the pandas path reads it
    encoded = pc.dictionary_encode(array)
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype("int32", copy=False)
    return codes, _string_series(encoded.dictionary)


def _string_series(array) -> pd.Series:
    """An Arrow string array as a pandas "string" Series (what `arrow_pandas(array).astype("string")`
    gives, without the trip through a DataFrame: ~0.4 ms a call, twice a batch)."""
    import pyarrow as pa

    return pd.Series(pd.arrays.ArrowStringArray(array.cast(pa.large_string())))


def text_codes(text: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """`pd.factorize(text)`: codes (-1 for NA) and the distinct values as objects, in order of
    first appearance — hashing only the rows that differ from the row before (a table sorted by
    aircraft repeats its icao24 and callsign row after row: a few thousand texts, not millions)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(text.array, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):  # not plain text: pandas on every row
        codes, names = pd.factorize(text)
        return codes, np.asarray(names, dtype=object)
    if len(array) < 2:
        codes, names = pd.factorize(text)
        return codes, np.asarray(names, dtype=object)
    same = pc.equal(array[1:], array[:-1]).fill_null(False).to_numpy(zero_copy_only=False)
    starts = np.flatnonzero(np.concatenate([[True], ~same]))
    run_codes, names = pd.factorize(pd.Series(array.take(pa.array(starts)).to_pandas(), dtype=object))
    return np.repeat(run_codes, np.diff(np.append(starts, len(array)))), np.asarray(names, dtype=object)


def refactor(codes: np.ndarray, values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes into `values` (which may hold NA and repeats after cleaning) → codes into distinct
    non-null values (object array of str), -1 for NA."""
    new, uniques = pd.factorize(values, use_na_sentinel=True)
    new = np.append(new, -1).astype("int32")  # code -1 stays -1
    return new[codes], np.asarray(uniques, dtype=object)  # no NA among factorize's uniques


class Columns:
    """Checked canonical rows of one batch, as numpy arrays (what `check` returns, unconverted):
    `time` int64 ns; `icao24`/`callsign` int32 codes into `icao24_values`/`callsign_values`
    (-1 = NA); floats; `on_ground` values and NA mask; `line` int64."""

    FLOATS = ("lat", "lon", "alt_ft", "gs_kt", "track_deg", "vrate_fpm")
    time: np.ndarray
    icao24: np.ndarray
    icao24_values: np.ndarray
    callsign: np.ndarray
    callsign_values: np.ndarray
    on_ground: np.ndarray
    on_ground_na: np.ndarray
    line: np.ndarray
    lat: np.ndarray
    lon: np.ndarray

    def __init__(self, **arrays):
        self.__dict__.update(arrays)

    def __len__(self) -> int:
        return len(self.time)

    def to_frame(self) -> pd.DataFrame:
        """The DataFrame `check` returns for these rows (with `_line`)."""
        frame = pd.DataFrame({
            "time": pd.to_datetime(self.time.view("M8[ns]")).tz_localize("UTC"),
            "icao24": _strings(self.icao24, self.icao24_values),
            "callsign": _strings(self.callsign, self.callsign_values),
            **{name: getattr(self, name) for name in self.FLOATS},
            "on_ground": pd.arrays.BooleanArray(self.on_ground, self.on_ground_na),
        })
        return _with_lines(schema.canonical(frame), self.line)


def _small(lines: np.ndarray) -> np.ndarray:
    """Line numbers as int32 while they fit (half the memory of the rows held until `combine`)."""
    return lines.astype("int32") if not len(lines) or int(lines.max()) < 2**31 else lines.astype("int64")


def _strings(codes: np.ndarray, values: np.ndarray) -> pd.arrays.ArrowStringArray:
    """Codes into distinct values → a pandas "string" column, built by one Arrow take."""
    import pyarrow as pa

    dictionary = pa.array(values, type=pa.large_string(), from_pandas=True) if len(values) else pa.nulls(0, pa.large_string())
    taken = dictionary.take(pa.array(codes, mask=codes < 0)) if len(codes) else pa.array([], pa.large_string())
    return pd.arrays.ArrowStringArray(pa.chunked_array([taken], type=pa.large_string()))


def check_columns(time: np.ndarray, icao_codes: np.ndarray, icao_values: pd.Series, lat: np.ndarray, lon: np.ndarray,
                  lines: np.ndarray, report: ReadReport, others: dict) -> Columns:
    """`check` on arrays: the same rules, order of reasons and first lines; `others` holds the
    other columns (floats; `callsign` codes and values; `on_ground`, `on_ground_na`).

    `icao_values` are the column's distinct texts (`icao_codes` into them, -1 = null)."""
    n = len(time)
    report.rows_read += n
    now = reference_time(report).as_unit("ns")
    bad_time = (time == NAT) | (time < EARLIEST.as_unit("ns").value) | (time > (now + FUTURE_SLACK).value)
    icao = icao_values.str.strip().str.lower()
    good_value = icao.str.fullmatch(r"~?[0-9a-f]{6}").fillna(False).to_numpy(dtype=bool)
    bad_icao = ~np.append(good_value, False)[icao_codes]
    no_position, bad_coords = _position_masks(lat, lon)
    rejected = _reject_first(report, lines, n, no_position, bad_time, bad_icao, bad_coords)
    keep = selector(~rejected)
    icao_codes, icao_uniques = refactor(keep(icao_codes), icao)
    call_codes, call_values = others["callsign"]
    call = clean_text(call_values).str.strip().replace("", pd.NA)  # type: ignore[call-overload]
    call_codes, call_uniques = refactor(keep(call_codes), call)
    return Columns(time=keep(time), icao24=icao_codes, icao24_values=icao_uniques,
                   callsign=call_codes, callsign_values=call_uniques,
                   **{name: keep(others[name]) for name in Columns.FLOATS if name not in ("lat", "lon")},
                   lat=keep(lat), lon=keep(lon), on_ground=keep(others["on_ground"]),
                   on_ground_na=keep(others["on_ground_na"]), line=_small(keep(np.asarray(lines))))


def selector(mask: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """array → its rows where `mask` holds; the array itself when it holds everywhere (the usual
    batch: no copy per column)."""
    if mask.all():
        return lambda array: array
    return lambda array: array[mask]


def _combine_columns(parts: list[tuple[list, ReadReport]]) -> pd.DataFrame:
    """`combine` of `Columns` chunks: the same order, repeats and counts, and the same canonical
    frame, built column by column; each array is let go as soon as its sorted copy exists, so the
    rows are never held twice over.

    Each chunk is put in order first (its arrays fit in cache); the table's order is then those
    runs merged, so every later gather or placement moves runs of neighbouring rows. The columns
    the sort needs (aircraft, time, lat, lon) are joined; the others go from the chunks straight to
    their places. Fresh memory is what costs here (on this VM a page fault costs microseconds and
    combining 3 M rows faulted in ~700 MB), so no column is copied more often than it must be."""
    give_back()  # what the reading loop kept for its batches (fragments between the rows held)
    chunks = [chunk for frames, _ in parts for chunk in frames]
    part = np.repeat(np.arange(len(parts), dtype="int32"), [sum(len(c) for c in frames) for frames, _ in parts])
    for frames, _ in parts:
        frames.clear()
    icao_values = _distinct([c.icao24_values for c in chunks])  # sorted, as factorize(sort=True)
    chunk_codes = [np.searchsorted(icao_values, c.icao24_values).astype("int32")[c.icao24]
                   for c in chunks]  # `check_columns` keeps no row without an icao24
    for c in chunks:
        del c.icao24
    from concurrent.futures import ThreadPoolExecutor

    rest = ("alt_ft", "gs_kt", "track_deg", "vrate_fpm", "on_ground", "on_ground_na")
    # numpy's concatenate, take and argsort and Arrow's take run without the GIL: the callsign codes
    # are joined while the rows are sorted, and the columns put in order two at a time
    with ThreadPoolExecutor(2) as pool:
        # each chunk's rows joined in the final order of that chunk (the chunk's columns fit in cache):
        # the whole table's order is then runs of neighbouring rows, which the gathers below read ~6x
        # faster than rows spread over the file, and the sort has only the chunks' meeting points to
        # mend (`sorted_by`). Stable, so rows equal in every key keep file order: the same table.
        orders = list(pool.map(_chunk_order, chunks, chunk_codes))
        runs = [len(c) for c in chunks]
        codes = _join(chunk_codes, orders)
        del chunk_codes
        lat_joined = pool.submit(_gather, chunks, "lat", orders, False)
        lon_joined = pool.submit(_gather, chunks, "lon", orders, False)
        time = _gather(chunks, "time", orders, False)
        lat, lon = lat_joined.result(), lon_joined.result()
        del lat_joined, lon_joined  # (a future holds its result)
        call_values = _distinct([c.callsign_values for c in chunks])
        calls = pool.submit(lambda: [np.append(np.searchsorted(call_values, c.callsign_values), -1).astype("int32")[c.callsign]
                                     for c in chunks])
        line_joined = pool.submit(_gather, chunks, "line", orders)
        order, codes, time = sorted_by(codes, time, lat, lon, runs)  # stable: ties keep file order, so the first stays
        call_codes = calls.result()
        for c in chunks:
            del c.callsign
        give_back()
        lat_sorted, lon_sorted = pool.submit(lat.__getitem__, order), pool.submit(lon.__getitem__, order)
        part = part[order]
        lat, lon = lat_sorted.result(), lon_sorted.result()

        def lines_of(hit: np.ndarray, joined=line_joined) -> np.ndarray:
            return joined.result()[order[hit]]

        repeat = _count_repeats(codes, time, lat, lon, part, parts, lines_of)
        if repeat.any():
            keep = ~repeat
            order, codes, time, lat, lon, part = order[keep], codes[keep], time[keep], lat[keep], lon[keep], part[keep]
        for (_, report), k in zip(parts, np.bincount(part, minlength=len(parts))):
            report.rows_kept += int(k)
        n = len(order)

        # the other columns are not joined then gathered: each chunk's rows (in its own order) are
        # written where they go — in rising places, as the table's order keeps each chunk's order
        small = "int32" if sum(runs) < 2**31 else "int64"
        place = np.full(sum(runs), -1, dtype=small) if n < sum(runs) else np.empty(n, dtype=small)
        place[order] = np.arange(n, dtype=small)
        sorted_columns = {name: pool.submit(_put, [getattr(c, name) for c in chunks], orders, place, n) for name in rest}
        for name in rest:
            for c in chunks:
                delattr(c, name)
        callsign = pool.submit(_put_strings, call_codes, orders, place, n, call_values)
        del call_codes
        line = line_joined.result()[order].astype("int64")
        del line_joined, lines_of
        out: dict[str, object] = {"time": _times(time), "icao24": _strings(codes, icao_values)}
        del codes, time
        out["callsign"] = callsign.result()
        out["registration"] = out["typecode"] = _repeated(None, n)
        out["lat"], out["lon"] = lat, lon
        for name in rest[:4]:
            out[name] = sorted_columns.pop(name).result()
        out["on_ground"] = pd.arrays.BooleanArray(sorted_columns.pop("on_ground").result(),
                                                  sorted_columns.pop("on_ground_na").result())
        del place
    give_back()
    names = [report.file for _, report in parts]
    out["source"] = _repeated(names[0], n) if len(names) == 1 else _strings(part.astype("int32"), np.array(names, dtype=object))
    out["line"] = pd.arrays.IntegerArray(line, np.zeros(n, dtype=bool))
    out["military"] = pd.arrays.BooleanArray(np.zeros(n, dtype=bool), np.ones(n, dtype=bool))
    return pd.DataFrame(out, columns=schema.COLUMNS, copy=False)


def _chunk_order(chunk: Columns, codes: np.ndarray) -> np.ndarray | None:
    """One chunk's `sort_order` (its aircraft `codes`), None when its rows are in that order."""
    order = sort_order(codes, chunk.time, chunk.lat, chunk.lon)
    return None if (order[1:] > order[:-1]).all() else order.astype("int32")  # (a chunk is < 2**31 rows)


def _put(arrays: list[np.ndarray], orders: list[np.ndarray | None], place: np.ndarray, n: int) -> np.ndarray:
    """The `n` rows of the table from each chunk's array taken in its order: the row at joined
    position i goes to `place[i]` (-1: a repeat, dropped). The list is emptied as it goes."""
    out = np.empty(n, dtype=np.result_type(*arrays) if arrays else "float64")
    at = 0
    for i, order in enumerate(orders):
        values = arrays[i] if order is None else arrays[i][order]
        arrays[i] = None  # type: ignore[call-overload]  # (its memory goes now)
        where = place[at:at + len(values)]
        at += len(values)
        if n < len(place):
            kept = where >= 0
            where, values = where[kept], values[kept]
        out[where] = values
    give_back()  # (the chunks' arrays, freed in the heap between others)
    return out


def _put_strings(codes: list[np.ndarray], orders: list[np.ndarray | None], place: np.ndarray, n: int,
                 values: np.ndarray) -> pd.arrays.ArrowStringArray:
    """`_put` of the chunks' codes into `values`, as a "string" column."""
    return _strings(_put(codes, orders, place, n), values)


def _join(arrays: list[np.ndarray], orders: list[np.ndarray | None]) -> np.ndarray:
    """The arrays, each taken in its order (None: as it is), one after another in one array."""
    if not arrays:
        return np.empty(0)
    out = np.empty(sum(len(a) for a in arrays), dtype=np.result_type(*arrays))
    at = 0
    for array, order in zip(arrays, orders):
        piece = out[at:at + len(array)]
        if order is None:
            piece[:] = array
        elif array.dtype == out.dtype:
            np.take(array, order, out=piece)
        else:  # (line numbers: int32 in some chunks, int64 in others)
            piece[:] = array[order]
        at += len(array)
    return out


def _distinct(values: list[np.ndarray]) -> np.ndarray:
    """`np.unique` of the chunks' distinct texts (object arrays of str): hashed, then only the
    distinct ones sorted (each chunk repeats most of the others' thousands of texts)."""
    return np.sort(pd.unique(np.concatenate(values)).astype(object)) if values else np.empty(0, dtype=object)


def _times(ns: np.ndarray) -> pd.Series:
    """int64 nanoseconds → a datetime64[ns, UTC] column."""
    import pyarrow as pa

    return pa.array(ns, type=pa.timestamp("ns", tz="UTC")).to_pandas().array


def _gather(chunks: list, name: str, orders: list, trim: bool = True) -> np.ndarray:
    """One column of every chunk, each in its chunk's order, joined; the chunks' own arrays are let go."""
    joined = _join([getattr(c, name) for c in chunks], orders)
    for c in chunks:
        delattr(c, name)
    if trim:
        give_back()
    return joined


_PIECE = 1 << 16


def _repeated(value: str | None, n: int) -> pd.arrays.ArrowStringArray:
    """A "string" column holding one value (or NA) n times: one Arrow piece of 65,536 rows shared by
    every chunk, so a file name or an empty column costs kilobytes, not bytes per row."""
    import pyarrow as pa

    piece = pa.array([value] * min(n, _PIECE), type=pa.large_string())
    pieces = [piece] * (n // _PIECE) + ([piece.slice(0, n % _PIECE)] if n % _PIECE else [])
    return pd.arrays.ArrowStringArray(pa.chunked_array(pieces, type=pa.large_string()))


def sort_order(codes: np.ndarray, time: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """`np.lexsort((lon, lat, time, codes))` (stable; no NaN in lat/lon), fast on track data.

    A 4-key lexsort of floats takes seconds per million rows. Here: by aircraft in 16-bit radix passes
    (stable), then by time only the aircraft whose rows are not yet in time order (or, when most are,
    a stable time sort first), and only rows sharing aircraft and time are ordered by lat, lon."""
    return sorted_by(codes, time, lat, lon)[0]


def sorted_by(codes: np.ndarray, time: np.ndarray, lat: np.ndarray, lon: np.ndarray, runs: list[int] | None = None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`sort_order`, and `codes` and `time` in that order (computed on the way).

    Rows are put in aircraft order first (stable radix passes, so each aircraft's rows keep their
    order; or, when the rows are `runs` of these lengths each already sorted by aircraft, those runs
    merged); only aircraft whose rows then go back in time are sorted by time — none when the file
    is in time order, few when `combine` hands over chunks each already in this order."""
    order = _merge_runs(codes, runs) if runs is not None else None
    if order is None:
        order = _radix(codes)
    s_codes, s_time = codes[order], time[order]
    back = (s_time[1:] < s_time[:-1]) & (s_codes[1:] == s_codes[:-1])
    if back.any():
        late = np.flatnonzero(np.isin(s_codes, np.unique(s_codes[1:][back])))  # those aircraft's rows, all
        if len(late) > len(order) // 4:  # most of the file: one stable time sort, then by aircraft
            order = _radix(codes, np.argsort(time, kind="stable"))
            s_codes, s_time = codes[order], time[order]
        else:
            rows = order[late]
            by_time = _radix(s_codes[late], np.argsort(time[rows], kind="stable"))  # (aircraft stay in place)
            order[late] = rows[by_time]
            s_time[late] = time[order[late]]
    tie = np.zeros(len(order), dtype=bool)
    tie[1:] = (s_codes[1:] == s_codes[:-1]) & (s_time[1:] == s_time[:-1])
    if tie.any():
        tie[:-1] |= tie[1:]  # the first row of each run of ties too
        slots = np.flatnonzero(tie)
        group = np.cumsum(~np.concatenate([[False], (s_codes[slots[1:]] == s_codes[slots[:-1]])
                                           & (s_time[slots[1:]] == s_time[slots[:-1]])
                                           & (slots[1:] == slots[:-1] + 1)]))
        rows = order[slots]
        order[slots] = rows[np.lexsort((rows, lon[rows], lat[rows], group))]  # (codes and times stay)
    return order, s_codes, s_time


def _merge_runs(codes: np.ndarray, runs: list[int]) -> np.ndarray | None:
    """The stable sort by `codes` of rows in runs (of these lengths) each sorted by code: for each code,
    its rows of the first run, then of the second, ... — a few thousand slices found by binary search,
    not a sort of every row. None when a run is not in order or there are too many codes and runs."""
    n = len(codes)
    if not n or not runs:
        return None
    starts = np.cumsum([0, *runs[:-1]])
    step_down = np.flatnonzero(codes[1:] < codes[:-1]) + 1
    if not np.isin(step_down, starts).all():  # only where a run begins may the codes go down
        return None
    n_codes = int(codes.max()) + 1
    if len(runs) * (n_codes + 1) > n:  # more slices than rows: radix passes are cheaper
        return None
    every = np.arange(n_codes + 1)
    bounds = np.stack([np.searchsorted(codes[start:start + length], every) + start
                       for start, length in zip(starts, runs)])  # [run, code]: where the code begins
    begin = bounds[:, :-1].T.ravel()  # slices in (code, run) order
    length = (bounds[:, 1:] - bounds[:, :-1]).T.ravel()
    begin, length = begin[length > 0], length[length > 0]
    return np.repeat(begin - (np.cumsum(length) - length), length) + np.arange(n)


def _radix(codes: np.ndarray, order: np.ndarray | None = None) -> np.ndarray:
    """`order` (None: every row, in turn) stably sorted by `codes[order]` (non-negative), in 16-bit
    radix passes."""
    for shift in range(0, max(int(codes.max(initial=0)).bit_length(), 1), 16):
        digit = (((codes if order is None else codes[order]) >> shift) & 0xFFFF).astype("uint16")
        by_digit = np.argsort(digit, kind="stable")  # 16-bit keys sort by radix
        order = by_digit if order is None else order[by_digit]
    assert order is not None
    return order
