"""dump1090-fa / readsb / tar1090 `aircraft.json` snapshots (README-json.md of each).

One snapshot: {"now": epoch s, "messages": n, "aircraft": [{"hex", "flight", "alt_baro"
(ft or "ground"), "alt_geom", "gs" kt, "track", "baro_rate" ft/min, "lat", "lon",
"seen_pos" (s before `now` the position was received), "r", "t" (tar1090 database)…}]}.
Older dump1090 (mutability) names them "altitude", "speed", "vert_rate".
A position's time is `now - seen_pos`, rounded to 0.1 s (the precision of `seen_pos`), so
the same position seen again in the next snapshot is an exact duplicate and is counted so.
A folder of snapshots is one recording: `tracker.adsb.read` gives it one report.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pandas as pd

from tracker.adsb import sniff, table
from tracker.adsb.jsonstream import load_document
from tracker.model import ReadReport

FORMAT = sniff.DUMP1090_JSON
OLD_NAMES = {"altitude": "alt_baro", "speed": "gs", "vert_rate": "baro_rate"}


def read(path: Path, report: ReadReport, select=None) -> Iterator[pd.DataFrame]:
    doc, problem = load_document(path)
    if problem:
        _fail(report, path, problem)
        return
    aircraft = doc.get("aircraft") if isinstance(doc, dict) else None
    if not isinstance(aircraft, list):
        _fail(report, path, "aircraft.json without an `aircraft` list")
        return
    good = [i for i, a in enumerate(aircraft) if isinstance(a, dict)]
    table.reject_unparsable(report, [i + 1 for i, a in enumerate(aircraft) if not isinstance(a, dict)], "aircraft entry is not an object")
    if select is not None:  # entries of aircraft no question wants are dropped before any frame is built
        from tracker.archive import selection

        cols = selection.Columns.find(["hex", "flight", "r"], icao24="hex", callsign="flight", registration="r")
        may = selection.icao_may_be([aircraft[i].get("hex") for i in good], select, cols)
        selection.outside(report, int((~may).sum()))
        good = [i for i, m in zip(good, may) if m]
    frame = pd.DataFrame.from_records([aircraft[i] for i in good]).rename(columns=lambda c: OLD_NAMES.get(c, c))
    col = lambda name: table.numbers(frame[name]) if name in frame else pd.Series(float("nan"), index=frame.index)  # noqa: E731
    text = lambda name: frame[name].map(table.scalar_text) if name in frame else None  # noqa: E731
    now = table.numbers([doc.get("now")]).iloc[0]
    altitude = frame["alt_baro"] if "alt_baro" in frame else pd.Series(None, index=frame.index, dtype=object)
    ground = (altitude == "ground")
    rate = col("baro_rate").fillna(col("geom_rate"))
    yield table.check(pd.DataFrame({
        "time": table.epoch(((now - col("seen_pos")) * 10).round() / 10, "s"),
        "icao24": text("hex"), "callsign": text("flight"),
        "registration": text("r"), "typecode": text("t"),
        "lat": col("lat"), "lon": col("lon"),
        "alt_ft": table.numbers(altitude.where(~ground)),
        "gs_kt": col("gs"), "track_deg": col("track"), "vrate_fpm": rate,
        "on_ground": pd.array(ground.where(altitude.notna()), dtype="boolean"),
        table.LINE: [i + 1 for i in good],
    }, index=frame.index), report)


def _fail(report: ReadReport, path: Path, reason: str) -> None:
    """In a folder of snapshots one bad file does not spoil the recording: it is named in the error."""
    note = f"{Path(path).name}: {reason}"
    report.error = note if not report.error else f"{report.error}; {note}"
    report.partial = True
