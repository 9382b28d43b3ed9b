"""Which recorded rows a verdict rests on: the points on either side of each takeoff and landing.

A time check compares a claimed interval with an observed takeoff or landing window; that
window is bounded by two recorded points (the last on the ground and the first in the air,
or across a coverage gap the last and first seen). `cite` names those points — file, line,
UTC time, altitude, ground flag — on every time check, so a reader can find them in the raw
file. It runs after corroboration and changes nothing but `Check.rows`.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from tracker.adsb.schema import track_keys
from tracker.model import Flight, GroundStay, RowRef, TimeWindow, Verdict, iso

#: Which events each time field was compared with (a dwell rests on the stay's landing and takeoff).
EVENTS_OF_FIELD: dict[str, tuple[str, ...]] = {
    "origin": ("takeoff",),  # where it took off: the points around the takeoff say where
    "destination": ("landing",),
    "departure": ("takeoff",),
    "arrival": ("landing",),
    "movement": ("takeoff", "landing"),
    "dwell": ("landing", "takeoff"),
}
MAX_INSIDE = 2  # points cited at each end inside a long window
_COLUMNS = ["time", "source", "line", "alt_ft", "on_ground", "lat", "lon"]


def tracks(table: pd.DataFrame | None) -> dict[str, pd.DataFrame]:
    """Each aircraft's rows (by track key, as `Flight.track`), sorted by time."""
    if table is None or table.empty:
        return {}
    frame = table[[c for c in _COLUMNS if c in table.columns]].assign(track=track_keys(table))
    frame = frame.dropna(subset=["track", "time"]).sort_values(["track", "time"], kind="stable")
    return {str(k): g.reset_index(drop=True) for k, g in frame.groupby("track", sort=False)}


def _ref(frame: pd.DataFrame, i: int, event: str, side: str) -> RowRef:
    row = frame.iloc[i]

    def value(name):
        v = row.get(name) if name in frame.columns else None
        return None if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) else v

    line, ground, alt = value("line"), value("on_ground"), value("alt_ft")
    lat, lon = value("lat"), value("lon")
    return RowRef(event=event, side=side, file=value("source"), line=None if line is None else int(line),
                  time=row["time"].to_pydatetime(), alt_ft=None if alt is None else round(float(alt), 1),
                  on_ground=None if ground is None else bool(ground),
                  lat=None if lat is None else float(lat), lon=None if lon is None else float(lon))


def rows_around(frame: pd.DataFrame | None, window: TimeWindow, event: str) -> list[RowRef]:
    """The last point at or before the window's start, the points inside it (a few at each end),
    and the first one at or after its end."""
    if frame is None or frame.empty or (window.earliest is None and window.latest is None):
        return []
    times = frame["time"]
    out: list[RowRef] = []
    before = -1
    if window.earliest is not None:
        before = int(times.searchsorted(pd.Timestamp(window.earliest), side="right")) - 1
        if before >= 0:
            out.append(_ref(frame, before, event, "before"))
    after = len(frame)
    if window.latest is not None:
        after = max(int(times.searchsorted(pd.Timestamp(window.latest), side="left")), before + 1)
    inside = list(range(before + 1, after))
    if len(inside) > 2 * MAX_INSIDE:  # a long window (across a gap): its first and last points
        inside = inside[:MAX_INSIDE] + inside[-MAX_INSIDE:]
    out += [_ref(frame, i, event, "inside") for i in inside]
    if window.latest is not None and after < len(frame):
        out.append(_ref(frame, after, event, "after"))
    return out


def _windows(field: str, flight: Flight | None, stay: GroundStay | None) -> list[tuple[str, str | None, TimeWindow]]:
    """(event, track key, window) for each event a time field was compared with."""
    out = []
    for event in EVENTS_OF_FIELD.get(field, ()):
        if field == "dwell":
            if stay is not None:
                out.append((event, stay.track, stay.arrival if event == "landing" else stay.departure))
        elif flight is not None:
            out.append((event, flight.track, flight.takeoff if event == "takeoff" else flight.landing))
    return out


def cite(verdicts: list[Verdict], table: pd.DataFrame | None, by_track: dict[str, pd.DataFrame] | None = None) -> list[Verdict]:
    """Fill `rows` on every takeoff, landing and stay check (origin, destination, departure, arrival,
    movement, dwell) that was compared with a flight or stay."""
    by_track = tracks(table) if by_track is None else by_track
    for verdict in verdicts:
        for check in verdict.checks:
            rows: list[RowRef] = []
            if check.outcome == "no-data":
                check.rows = []
                continue  # nothing was compared: no row to cite
            for event, key, window in _windows(check.field, verdict.flight, verdict.stay):
                rows += rows_around(by_track.get(key) if key else None, window, event)
            check.rows = rows
    return verdicts


def describe(row: RowRef) -> str:
    """`takeoff, before: trace.json line 812, 2023-07-31T16:31:13Z, 1,200 ft, on the ground`."""
    name = (row.file or "?").replace("\\", "/").rsplit("/", 1)[-1]
    unit = "line" if name.lower().removesuffix(".gz").endswith((".csv", ".kml", ".jsonl", ".txt", ".tsv")) else "entry"
    alt = "altitude unknown" if row.alt_ft is None else f"{row.alt_ft:,.0f} ft"
    ground = {True: "on the ground", False: "airborne", None: "ground flag unknown"}[row.on_ground]
    when = iso(row.time.replace(microsecond=0)) if row.time else "?"
    return f"{row.event}, {row.side}: {name} {unit} {row.line if row.line is not None else '?'}, {when}, {alt}, {ground}"
