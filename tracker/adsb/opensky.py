"""OpenSky Network: historical state vectors (CSV, Parquet) and REST API JSON.

Historical database (Impala `state_vectors_data4`, and the CSV/Parquet exports of it):
time, icao24, lat, lon, velocity (m/s), heading (deg), vertrate (m/s), callsign, onground,
alert, spi, squawk, baroaltitude (m), geoaltitude (m), lastposupdate, lastcontact (epoch s).
A state vector is written every 10 s (or each second) whether or not a new position came
in: when `lastposupdate` is present, a row repeating an earlier row's position update is
rejected as "stale position (repeated)", and the row's time is `lastposupdate` — the
moment the position was measured — not the time the vector was written.

REST API (openskynetwork.github.io/opensky-api/rest.html):
`/states/all` → {"time", "states": [[icao24, callsign, origin_country, time_position,
last_contact, longitude, latitude, baro_altitude m, on_ground, velocity m/s, true_track,
vertical_rate m/s, sensors, geo_altitude m, squawk, spi, position_source, (category)]]};
`/tracks/all` → {"icao24", "callsign", "startTime", "endTime",
"path": [[time, latitude, longitude, baro_altitude m, true_track, on_ground]]}.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa

from tracker.adsb import csvstream, schema, sniff, table
from tracker.adsb.jsonstream import fixed_rows, load_document
from tracker.errors import one_line
from tracker.model import ReadReport

FORMAT_CSV = sniff.OPENSKY_CSV
FORMAT_PARQUET = sniff.OPENSKY_PARQUET
FORMAT_STATES = sniff.OPENSKY_STATES
FORMAT_TRACKS = sniff.OPENSKY_TRACKS

PARQUET_BATCH = 1_000_000
#: Freed heap the reading loop leaves with glibc between batches (`table.give_back`): the next
#: batch's temporaries reuse it instead of faulting fresh pages in.
BATCH_SLACK = 64 << 20
_TEXT = {"icao24": pa.string(), "callsign": pa.string(), "squawk": pa.string()}
#: The same columns dictionary-encoded by the CSV parser itself, on the parsing threads: a block holds
#: a few thousand distinct icao24s and callsigns, so the text rules run per distinct value
#: (`table.arrow_text`) and no string array is built per row.
_DICT = {name: pa.dictionary(pa.int32(), pa.string()) for name in _TEXT}


def _bool(series: pd.Series) -> pd.Series:
    """true/false/1/0/True/False/empty → nullable boolean; anything else unknown."""
    return table.booleans(series)


def _history(frame: pd.DataFrame, lines, previous: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """Historical-DB columns → canonical raw rows, the stale-repeat mask, and the last update per aircraft."""
    frame = frame.rename(columns=str.lower)
    num = lambda name: table.numbers(frame[name]) if name in frame else pd.Series(float("nan"), index=frame.index)  # noqa: E731
    written = (table.auto_epoch(frame["time"]) if "time" in frame
               else pd.Series(pd.NaT, index=frame.index, dtype=schema.DTYPES["time"]))  # fills `measured` below
    measured = (table.auto_epoch(frame["lastposupdate"]) if "lastposupdate" in frame
                else pd.Series(pd.NaT, index=frame.index, dtype=written.dtype))
    icao = frame["icao24"].astype("string").str.strip().str.lower() if "icao24" in frame else pd.Series(pd.NA, index=frame.index, dtype="string")
    stale = pd.Series(False, index=frame.index)
    last = pd.DataFrame({"icao24": icao, "lastposupdate": measured})
    if "lastposupdate" in frame:
        seen = pd.concat([previous, last], ignore_index=True) if previous is not None else last
        repeat = seen.duplicated(["icao24", "lastposupdate"], keep="first") & seen["lastposupdate"].notna()
        stale = pd.Series(repeat.to_numpy()[len(seen) - len(last):], index=frame.index)
    raw = pd.DataFrame({
        "time": measured.fillna(written),
        "icao24": icao, "callsign": frame.get("callsign"),
        "lat": num("lat"), "lon": num("lon"),
        "alt_ft": num("baroaltitude") * table.FT_PER_M,
        "gs_kt": num("velocity") * table.KT_PER_MS,
        "track_deg": num("heading"),
        "vrate_fpm": num("vertrate") * table.FPM_PER_MS,
        "on_ground": _bool(frame["onground"]) if "onground" in frame else pd.NA,
        table.LINE: lines,
    })
    tail = last.dropna().drop_duplicates(["icao24", "lastposupdate"], keep="last")
    return raw, stale, tail


def _emit(raw: pd.DataFrame, stale: pd.Series, report: ReadReport) -> pd.DataFrame:
    if stale.any():
        report.rows_read += int(stale.sum())
        report.reject("stale position (repeated)", int(stale.sum()), raw.loc[stale, table.LINE].to_numpy()[:5])
    return table.check(raw.loc[~stale], report)


#: What `_history` takes from a historical-DB file (lower-case names): all a selected Parquet read loads.
_USED = {"time", "lastposupdate", "icao24", "callsign", "lat", "lon", "baroaltitude", "velocity", "heading",
         "vertrate", "onground"}
#: Where a selection finds identity and time in these files (the row's time: lastposupdate, else time).
_FIND = {"registration": None, "times": ("lastposupdate", "time")}


def read_csv(path: Path, report: ReadReport, select=None) -> Iterator[table.Columns]:
    """Arrow batches cleaned and checked in pyarrow.compute / numpy (`_history_arrow`): the rows,
    values and rejects of `_history` + `_emit`, without a pandas frame per batch. A selection's
    mask drops unwanted rows of each block first (`csvstream.batches(keep=…)`)."""
    previous = None
    keep = None
    if select is not None:
        from tracker.archive import selection

        keep = selection.batch_filter(select, report, **_FIND)
    # (a selection's filter reads the text columns as strings)
    for batch, lines in csvstream.batches(path, report, _TEXT if keep is not None else _DICT, keep=keep, arrow=True):
        with np.errstate(over="ignore", invalid="ignore"):  # 1e300 m → inf ft, as pandas computes it quietly
            chunk, previous = _history_arrow(batch, lines, previous, report)
        del batch
        table.give_back(keep=BATCH_SLACK)
        yield chunk


def _history_arrow(batch: pa.RecordBatch, lines: np.ndarray, previous, report: ReadReport):
    """`_history` + `_emit` on an Arrow batch. `previous` is the last batch's (icao24, position
    time) pairs, as `_history`'s tail: a repeat is looked for in this batch and the one before."""
    columns = {name.lower(): column for name, column in zip(batch.schema.names, batch.columns)}
    n = batch.num_rows
    lines = np.asarray(lines, dtype="int64")
    nan = np.full(n, np.nan)
    num = lambda name: table.arrow_numbers(columns[name]) if name in columns else nan  # noqa: E731
    written = table.arrow_epoch(columns["time"]) if "time" in columns else np.full(n, table.NAT, dtype="int64")
    measured = table.arrow_epoch(columns["lastposupdate"]) if "lastposupdate" in columns else None
    if "icao24" in columns:
        codes, values = table.arrow_text(columns["icao24"])
        values = values.str.strip().str.lower()
    else:
        codes, values = np.full(n, -1, dtype="int32"), pd.Series([], dtype="string")
    stale = np.zeros(n, dtype=bool)
    tail = None
    if measured is not None:
        stale, tail = _stale(codes, values, measured, previous)
    time = written if measured is None else np.where(measured == table.NAT, written, measured)
    callsign = table.arrow_text(columns["callsign"]) if "callsign" in columns else (
        np.full(n, -1, dtype="int32"), pd.Series([], dtype="string"))
    if "onground" in columns:
        on_ground, on_ground_na = table.arrow_booleans(columns["onground"])
    else:
        on_ground, on_ground_na = np.zeros(n, dtype=bool), np.ones(n, dtype=bool)
    if stale.any():
        report.rows_read += int(stale.sum())
        report.reject("stale position (repeated)", int(stale.sum()), lines[stale][:5])
    fresh = table.selector(~stale)
    others = {"callsign": (fresh(callsign[0]), callsign[1]),
              "alt_ft": fresh(num("baroaltitude")) * table.FT_PER_M, "gs_kt": fresh(num("velocity")) * table.KT_PER_MS,
              "track_deg": fresh(num("heading")), "vrate_fpm": fresh(num("vertrate")) * table.FPM_PER_MS,
              "on_ground": fresh(on_ground), "on_ground_na": fresh(on_ground_na)}
    chunk = table.check_columns(fresh(time), fresh(codes), values, fresh(num("lat")), fresh(num("lon")),
                                fresh(lines), report, others)
    return chunk, tail


def _stale(codes: np.ndarray, values: pd.Series, measured: np.ndarray, previous):
    """Rows whose (icao24, position time) appeared before in this batch or the last one, and this
    batch's pairs for the next (distinct icao24 texts, codes into them, times). A missing icao24
    is a value of its own within the batch, as in `duplicated`; the tail keeps only pairs with
    both (as `_history`'s `dropna`)."""
    value_codes, uniques = pd.factorize(values)  # cleaning may merge values ("4B1901 ", "4b1901")
    null = len(uniques)
    key = np.append(value_codes, null).astype("int64")[codes]
    known = measured != table.NAT
    every_time = bool(known.all())  # (the usual batch: no copies)
    keys, times = (key, measured) if every_time else (key[known], measured[known])
    n_tail = 0
    if previous is not None:
        old_values, old_keys, old_times = previous
        mapped = np.append(_positions(old_values, uniques), -1)[old_keys]
        present = mapped >= 0  # an icao24 not in this batch cannot be repeated here, nor a time before its first
        if len(times):
            present &= old_times >= times.min()
        n_tail = int(present.sum())
        keys, times = np.concatenate([mapped[present], keys]), np.concatenate([old_times[present], times])
    repeat = _repeats(keys, times, null + 1)[n_tail:]
    if every_time:
        stale = repeat
    else:
        stale = np.zeros(len(codes), dtype=bool)
        stale[known] = repeat
    pairs = known & (key != null)
    tail = (np.asarray(uniques.to_numpy(dtype=object), dtype=object),
            *((key, measured) if pairs.all() else (key[pairs], measured[pairs])))
    return stale, tail


def _positions(values: np.ndarray, uniques) -> np.ndarray:
    """`pd.Index(uniques).get_indexer(values)` for distinct texts (-1: not among them), hashed in
    Arrow (the pandas index of Arrow strings took ~2 ms a batch)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        found = pc.index_in(pa.array(values, type=pa.large_string()),
                            value_set=pa.array(uniques.to_numpy(dtype=object), type=pa.large_string()))
    except (pa.ArrowException, TypeError, ValueError):  # not plain text: as pandas does it
        return pd.Index(uniques).get_indexer(values)
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype("int64", copy=False)


def _repeats(keys: np.ndarray, times: np.ndarray, n_keys: int) -> np.ndarray:
    """`duplicated(keep="first")` of (key, time) pairs: one int64 per pair when they fit in one."""
    if not len(keys):
        return np.zeros(0, dtype=bool)
    if len(times) > 1 and (times[1:] >= times[:-1]).all():
        # in time order (as files are written): a repeat shares its time with the rows just before it,
        # so only runs of one time are looked at — most batches have few or none
        same = times[1:] == times[:-1]
        if not same.any():
            return np.zeros(len(keys), dtype=bool)
        runs = np.zeros(len(keys), dtype=bool)
        runs[1:] |= same
        runs[:-1] |= same
        rows = np.flatnonzero(runs)
        repeat = np.zeros(len(keys), dtype=bool)
        repeat[rows] = _hashed_repeats(keys[rows], times[rows], n_keys)
        return repeat
    return _hashed_repeats(keys, times, n_keys)


def _hashed_repeats(keys: np.ndarray, times: np.ndarray, n_keys: int) -> np.ndarray:
    low, high = int(times.min()), int(times.max())
    if (high - low + 1) * n_keys < 2**62:
        return pd.Series((times - low) * n_keys + keys).duplicated(keep="first").to_numpy()
    return pd.DataFrame({"k": keys, "t": times}).duplicated(keep="first").to_numpy()


def read_parquet(path: Path, report: ReadReport, select=None) -> Iterator[pd.DataFrame]:
    try:
        import pyarrow.parquet as pq  # not at import: `flights` on JSON never opens Parquet (10 ms)

        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, OSError, UnicodeDecodeError) as exc:
        report.error = f"not a readable Parquet file ({one_line(exc, 300)})"
        return
    previous, row = None, 1
    if select is not None:  # row groups by statistics, only the columns used, rows masked in Arrow
        from tracker.archive import selection

        names = [str(n).lower() for n in parquet.schema_arrow.names]
        if len(set(names)) < len(names):
            report.error = "a column appears more than once (ignoring case); cannot tell which holds the data"
            return
        chosen = selection.parquet_batches(parquet, select, report, PARQUET_BATCH, _USED, **_FIND)
        found: list = []
        batches, numbers = _numbered(chosen, found), found
    else:
        batches, numbers = parquet.iter_batches(batch_size=PARQUET_BATCH), None
    while True:
        try:
            batch = next(batches, None)
            # the file's own schema metadata (pandas' JSON) is dropped: it is not needed and may be corrupt
            frame = None if batch is None else batch.replace_schema_metadata(None).to_pandas()
        except (pa.ArrowException, OSError, UnicodeDecodeError, ValueError) as exc:
            report.partial, report.error = True, f"Parquet unreadable after row {row - 1} ({one_line(exc, 300)})"
            return
        if frame is None:
            return
        if len(set(c.lower() for c in frame.columns)) < len(frame.columns):
            report.error = "a column appears more than once (ignoring case); cannot tell which holds the data"
            return
        # times may be epoch numbers or datetimes (pyopensky/traffic)
        lines = numbers.pop() if numbers is not None else range(row, row + len(frame))
        raw, stale, previous = _history(frame, lines, previous)
        row += len(frame)
        yield _emit(raw, stale, report)


def _numbered(chosen, numbers: list):
    """(batch, rows) pairs → batches, each one's row numbers left in `numbers` for the loop."""
    for batch, rows in chosen:
        numbers.append(rows)
        yield batch


def _rows(items, width: int, report: ReadReport, what: str) -> tuple[pd.DataFrame, list[int]]:
    rows, lines, bad = fixed_rows(items, width)
    table.reject_unparsable(report, bad, f"malformed {what}")
    return pd.DataFrame(rows, columns=range(width)), lines


def _document(path: Path, report: ReadReport, what: str) -> dict | None:
    doc, problem = load_document(path)
    if not isinstance(doc, dict):
        report.error = problem or f"{what} is not a JSON object"
        return None
    return doc


def read_states(path: Path, report: ReadReport) -> Iterator[pd.DataFrame]:
    doc = _document(path, report, "OpenSky states JSON")
    if doc is None:
        return
    states, lines = _rows(doc.get("states"), 17, report, "state vector")
    num = lambda i: table.numbers(states[i])  # noqa: E731
    yield table.check(pd.DataFrame({
        "time": table.epoch(num(3), "s"), "icao24": states[0].map(table.scalar_text),
        "callsign": states[1].map(table.scalar_text),
        "lon": num(5), "lat": num(6), "alt_ft": num(7) * table.FT_PER_M,
        "on_ground": _bool(states[8]), "gs_kt": num(9) * table.KT_PER_MS, "track_deg": num(10),
        "vrate_fpm": num(11) * table.FPM_PER_MS, table.LINE: lines,
    }), report)


def read_tracks(path: Path, report: ReadReport) -> Iterator[pd.DataFrame]:
    doc = _document(path, report, "OpenSky track JSON")
    if doc is None:
        return
    path_rows, lines = _rows(doc.get("path"), 6, report, "track point")
    num = lambda i: table.numbers(path_rows[i])  # noqa: E731
    yield table.check(pd.DataFrame({
        "time": table.epoch(num(0), "s"), "icao24": table.scalar_text(doc.get("icao24")),
        "callsign": table.scalar_text(doc.get("callsign")),
        "lat": num(1), "lon": num(2), "alt_ft": num(3) * table.FT_PER_M, "track_deg": num(4),
        "on_ground": _bool(path_rows[5]), table.LINE: lines,
    }), report)
