"""Decoded Mode S messages, one JSON object a line (jet1090 / rs1090 output).

Each message carries only what its kind decodes: airborne positions (DF17 BDS 0,5: latitude,
longitude, barometric altitude), surface positions (BDS 0,6: latitude, longitude, groundspeed,
track — on the ground), airborne velocity (BDS 0,9: groundspeed, track, vertical_rate),
identification (BDS 0,8 and Comm-B BDS 2,0: callsign), and altitude/squawk replies.
The table has one row per position message; velocity is joined per aircraft from the
latest BDS 0,9 message at most `VELOCITY_TOLERANCE` before it, the callsign from the
latest identification at most `CALLSIGN_TOLERANCE` before it (else the next one within
that tolerance). Joins are `merge_asof` by icao24: vectorised, no loop per message.

Counting: every line is a row read. Messages without a position are counted under
"message without position" — they are not errors; their content reaches the table only
through the joins above. Lines that are not JSON are "unparsable line".

Streaming: lines are read in blocks of `BLOCK_BYTES`, parsed by pyarrow with a fixed
schema (unknown keys ignored); a block pyarrow rejects is re-parsed line by line to name
the bad lines. Velocity joins carry each aircraft's last velocity into the next block.
"""
from __future__ import annotations

import io
from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.json as pajson

from tracker.adsb import sniff, table
from tracker.adsb.jsonstream import LONG_SAFE, fix_surrogates
from tracker.model import ReadReport

FORMAT = sniff.MODES_JSONL
BLOCK_BYTES = 32 << 20
VELOCITY_TOLERANCE = pd.Timedelta(seconds=10)
CALLSIGN_TOLERANCE = pd.Timedelta(minutes=30)

SCHEMA = pa.schema([
    ("timestamp", pa.float64()), ("icao24", pa.string()), ("df", pa.string()), ("bds", pa.string()),
    ("latitude", pa.float64()), ("longitude", pa.float64()), ("altitude", pa.float64()),
    ("groundspeed", pa.float64()), ("track", pa.float64()), ("vertical_rate", pa.float64()),
    ("callsign", pa.string()),
])
_PARSE = pajson.ParseOptions(explicit_schema=SCHEMA, unexpected_field_behavior="ignore")


def read(path: Path, report: ReadReport, select=None) -> Iterator[pd.DataFrame]:
    positions: list[pd.DataFrame] = []
    callsigns: list[pd.DataFrame] = []
    last_velocity = _empty_velocity()
    for block, first_line in _blocks(path, report):
        frame = _parse(block, first_line, report)
        if select is not None:  # messages of aircraft no question wants, dropped by address (joins are per aircraft)
            frame = _selected(frame, select, report)
        frame["time"] = table.epoch(frame["timestamp"], "s")
        frame["icao24"] = frame["icao24"].str.lower()
        has_position = frame["latitude"].notna() | frame["longitude"].notna()
        others = frame.loc[~has_position]
        report.rows_read += len(others)
        report.reject("message without position", len(others), others[table.LINE].to_numpy()[:5])

        velocity = others.loc[(others["bds"] == "09").fillna(False),
                              ["time", "icao24", "groundspeed", "track", "vertical_rate"]].dropna(subset=["time", "icao24"])
        velocity = pd.concat([last_velocity, velocity], ignore_index=True)
        ident = others.loc[others["callsign"].notna(), ["time", "icao24", "callsign"]].dropna(subset=["time", "icao24"])
        callsigns.append(ident)
        moving = frame.loc[has_position]
        positions.append(table.check(_with_velocity(moving, velocity), report))
        last_velocity = velocity.sort_values("time", kind="stable").groupby("icao24").tail(1)
    if positions:
        done = pd.concat(positions, ignore_index=True)
        idents = pd.concat(callsigns, ignore_index=True)
        yield _with_callsign(done, idents)


def _selected(frame: pd.DataFrame, select, report: ReadReport) -> pd.DataFrame:
    from tracker.archive import selection

    cols = selection.Columns(icao24="icao24", callsign="callsign")  # a callsign names the aircraft of later messages
    may = selection.icao_may_be(frame["icao24"], select, cols)
    if may.all():
        return frame
    selection.outside(report, int((~may).sum()))
    return frame.loc[may].reset_index(drop=True)


def _blocks(path: Path, report: ReadReport) -> Iterator[tuple[bytes, int]]:
    """Whole lines, about BLOCK_BYTES at a time, with the number of the block's first line."""
    line = 1
    try:
        with sniff.open_binary(path) as stream:
            rest = b""
            while True:
                data = stream.read(BLOCK_BYTES)
                if not data:
                    break
                data = rest + data
                cut = data.rfind(b"\n") + 1
                if cut == 0:
                    rest = data
                    continue
                block, rest = data[:cut], data[cut:]
                yield block, line
                line += block.count(b"\n")
            if rest.strip():  # a last line without its newline: a cut-off file if it does not parse
                before = report.rejected_by_reason.get("unparsable line", 0)
                yield rest + b"\n", line
                if report.rejected_by_reason.get("unparsable line", 0) > before:
                    report.partial, report.error = True, f"file ends inside line {line} (truncated?)"
    except (OSError, EOFError) as exc:  # a gzip cut short: what came before is kept
        report.partial, report.error = True, f"file ends early after line {line - 1} ({exc})"


def _parse(block: bytes, first_line: int, report: ReadReport) -> pd.DataFrame:
    """Fast path: pyarrow parses the whole block; on failure, line by line naming bad lines."""
    block = fix_surrogates(block)  # whole lines: no escape is cut
    try:
        block.decode("utf-8")
    except UnicodeDecodeError:  # bytes that are not UTF-8 become U+FFFD (its icao24 or callsign then fails the checks)
        block = block.decode("utf-8", "replace").encode("utf-8")
    lines = np.arange(first_line, first_line + block.count(b"\n"), dtype="int64")
    blank = np.array([not s.strip() for s in block.split(b"\n")[:-1]]) if b"\n\n" in block or b"\n \n" in block else None
    try:
        frame = pajson.read_json(io.BytesIO(block), parse_options=_PARSE).to_pandas()
        if blank is not None:
            lines = lines[~blank]
        if len(frame) != len(lines):  # a blank line of other whitespace: the slow path numbers lines itself
            raise pa.ArrowInvalid("row count differs from line count")
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        records, good, bad = [], [], []
        for number, text in zip(lines, block.split(b"\n")):
            if not text.strip():
                continue
            try:
                value = LONG_SAFE.decode(text.decode("utf-8", "replace"))  # json.loads(bytes) would pass surrogates
            except (ValueError, RecursionError):
                value = None
            if isinstance(value, dict):
                records.append({k: value.get(k) for k in SCHEMA.names})
                good.append(number)
            else:
                bad.append(int(number))
        table.reject_unparsable(report, bad)
        frame = pd.DataFrame.from_records(records, columns=SCHEMA.names)
        for name in ("timestamp", "latitude", "longitude", "altitude", "groundspeed", "track", "vertical_rate"):
            frame[name] = table.numbers(frame[name])
        for name in ("icao24", "df", "bds", "callsign"):
            frame[name] = frame[name].astype("string")
        lines = np.asarray(good, dtype="int64")
    frame[table.LINE] = lines
    return frame


def _empty_velocity() -> pd.DataFrame:
    return pd.DataFrame({"time": pd.Series(dtype=table.schema.DTYPES["time"]), "icao24": pd.Series(dtype="string"),
                         "groundspeed": pd.Series(dtype="float64"), "track": pd.Series(dtype="float64"),
                         "vertical_rate": pd.Series(dtype="float64")})


def _with_velocity(moving: pd.DataFrame, velocity: pd.DataFrame) -> pd.DataFrame:
    """Position rows in canonical names, velocity joined from the latest BDS 0,9 before each."""
    surface = (moving["bds"] == "06").fillna(False).to_numpy()
    out = pd.DataFrame({
        "time": moving["time"], "icao24": moving["icao24"].astype("string"),
        "lat": moving["latitude"], "lon": moving["longitude"],
        "alt_ft": moving["altitude"].where(~surface),
        "gs_kt": moving["groundspeed"], "track_deg": moving["track"],
        "on_ground": pd.array(surface, dtype="boolean"), table.LINE: moving[table.LINE],
    })
    joinable = out["time"].notna() & out["icao24"].notna()
    if joinable.any() and len(velocity):
        left = out.loc[joinable].reset_index().sort_values("time", kind="stable")
        joined = pd.merge_asof(left, velocity.astype({"icao24": "string"}).sort_values("time", kind="stable"),
                               on="time", by="icao24", direction="backward", tolerance=VELOCITY_TOLERANCE)
        joined = joined.set_index("index")
        airborne = ~out.loc[joined.index, "on_ground"].fillna(False)
        idx = joined.index[airborne.to_numpy()]  # surface positions keep their own speed, have no rate
        out.loc[idx, "vrate_fpm"] = joined.loc[idx, "vertical_rate"]
        out.loc[idx, "gs_kt"] = joined.loc[idx, "groundspeed"]
        out.loc[idx, "track_deg"] = joined.loc[idx, "track"]
    return out


def _with_callsign(positions: pd.DataFrame, idents: pd.DataFrame) -> pd.DataFrame:
    """Callsign from the latest identification before each position, else the next one."""
    if positions.empty or idents.empty:
        return positions
    idents = idents.astype({"icao24": "string", "callsign": "string"})
    idents["callsign"] = table.clean_text(idents["callsign"]).str.strip().replace("", pd.NA)
    idents = idents.dropna(subset=["callsign"]).sort_values("time", kind="stable")
    left = positions.drop(columns="callsign").reset_index().sort_values("time", kind="stable")
    kw = dict(on="time", by="icao24", tolerance=CALLSIGN_TOLERANCE)
    before = pd.merge_asof(left, idents, direction="backward", **kw).set_index("index")["callsign"]
    after = pd.merge_asof(left, idents, direction="forward", **kw).set_index("index")["callsign"]
    out = positions.copy()
    out["callsign"] = before.fillna(after).reindex(out.index).astype("string")
    return out
