"""traffic-style JSON state vectors (the `traffic` library's samples, OpenSky column names).

Units are already the canonical ones (altitude ft, groundspeed kt, vertical_rate ft/min);
`timestamp` is epoch milliseconds. Two layouts occur: a list of records
(`[{"timestamp": …, "icao24": …}, …]`, streamed in batches) and pandas' column-oriented
dict (`{"timestamp": {"0": …}, …}`, loaded whole: it cannot be streamed row-wise).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pandas as pd

from tracker.adsb import sniff, table
from tracker.adsb import traffic_columnar as columnar
from tracker.adsb.jsonstream import StreamError, array_batches, loads
from tracker.model import ReadReport

FORMAT = sniff.TRAFFIC_JSON
RENAME = {
    "latitude": "lat", "longitude": "lon", "altitude": "alt_ft", "groundspeed": "gs_kt",
    "track": "track_deg", "vertical_rate": "vrate_fpm", "onground": "on_ground",
}
BATCH = 100_000  # records per checked chunk (both routes: the time unit is decided per chunk)


def raw(frame: pd.DataFrame, first_record: int) -> pd.DataFrame:
    """Records → canonical names and types (no checks yet)."""
    out = frame.rename(columns=RENAME)
    out = out[[c for c in out.columns if c in table.schema.DTYPES or c == "timestamp"]]
    twice = out.columns[out.columns.duplicated()].unique()
    if len(twice):  # "latitude" and "lat" both given: ambiguous, so unknown (was a traceback)
        out = out.loc[:, ~out.columns.duplicated()].copy()
        for col in twice:
            out[col] = pd.Series(None, index=out.index, dtype=object)
    out = out.assign(time=table.auto_epoch(out["timestamp"]) if "timestamp" in out
                     else pd.Series(pd.NaT, index=out.index, dtype=table.schema.DTYPES["time"]))
    for col in ("alt_ft", "gs_kt", "track_deg", "vrate_fpm"):
        if col in out:
            out[col] = table.numbers(out[col])
    for col in ("lat", "lon"):
        if col in out:
            out[col] = table.numbers(out[col], finite=False)
    for col in ("icao24", "callsign", "registration", "typecode"):
        if col in out and out[col].dtype == object:
            out[col] = out[col].map(table.scalar_text)
    if "on_ground" in out:
        out["on_ground"] = table.booleans(out["on_ground"])
    out[table.LINE] = range(first_record, first_record + len(out))
    return out.drop(columns=["timestamp"], errors="ignore")


def read(path: Path, report: ReadReport) -> Iterator[pd.DataFrame]:
    with sniff.open_text(path) as stream:
        first = stream.read(1 << 16).lstrip()
        stream.seek(0)
        if first.startswith("{"):
            yield from _read_columns(stream, report, path)
            return
        plain = columnar.plain_batches(path, first, BATCH)
        if plain is not None:
            for frame, start in plain:
                yield table.check(raw(frame, start), report)
            return
        done = 0
        for batch in array_batches(stream, BATCH):
            if isinstance(batch, StreamError):
                table.reject_unparsable(report, [batch.record], "unparsable record")
                report.partial, report.error = True, f"line {batch.line}: {batch.message}; read stops there"
                return
            records = [r for r in batch if isinstance(r, dict)]
            if len(records) < len(batch):
                table.reject_unparsable(report, [done + 1 + i for i, r in enumerate(batch) if not isinstance(r, dict)],
                                        "record is not an object")
            frame = raw(pd.DataFrame.from_records(records), done + 1)
            if len(records) < len(batch):
                frame[table.LINE] = [done + 1 + i for i, r in enumerate(batch) if isinstance(r, dict)]
            done += len(batch)
            yield table.check(frame, report)


def _read_columns(stream, report: ReadReport, path: Path) -> Iterator[pd.DataFrame]:
    try:
        data = loads(stream.read())
    except json.JSONDecodeError as exc:
        report.error = f"not valid JSON at line {exc.lineno} ({exc.msg}); truncated?"
        return
    except RecursionError:
        report.error = "JSON nested too deeply to be a track file"
        return
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        report.error = "JSON object is not a column-oriented table ({column: {row: value}})"
        return
    frame = pd.DataFrame(data)
    try:
        frame.index = frame.index.astype(int)
        frame = frame.sort_index()
    except (TypeError, ValueError):
        pass
    yield table.check(raw(frame.reset_index(drop=True), 1), report)
