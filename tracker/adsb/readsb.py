"""readsb / ADS-B Exchange / tar1090 trace JSON (`trace_full_<hex>.json`, `trace_recent_<hex>.json`).

Document (readsb README-json.md, "trace" files): `icao`, `r` registration, `t` type,
`timestamp` (epoch s), and `trace` rows:
[0 seconds after timestamp, 1 lat, 2 lon, 3 altitude ft | "ground" | null, 4 gs kt,
 5 track deg, 6 flags, 7 vertical rate ft/min, 8 details object | null, 9 source type,
 10 geometric altitude ft, 11 geometric rate, 12 ias, 13 roll].
Flags: 1 stale position, 2 start of a new leg, 4 vertical rate is geometric,
8 altitude is geometric (then it is not the barometric altitude the table holds).
The callsign only comes in the details object (`flight`), so it is carried forward.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd

from tracker.adsb import sniff, table
from tracker.adsb.jsonstream import fixed_rows, load_document
from tracker.model import ReadReport

FORMAT = sniff.READSB_TRACE
FLAG_NEW_LEG = 2
FLAG_ALT_GEOMETRIC = 8


def read(path: Path, report: ReadReport) -> Iterator[pd.DataFrame]:
    doc, report.error = load_document(path)
    if report.error:
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("trace"), list):
        report.error = "readsb trace without a `trace` list"
        return
    rows, malformed = frame(doc)
    table.reject_unparsable(report, malformed, "malformed trace row")
    yield table.check(rows, report)


def frame(doc: dict) -> tuple[pd.DataFrame, list[int]]:
    """Trace rows → canonical names and units, plus the numbers of rows too short to read."""
    # 8 fields are the minimum (up to the vertical rate); details (8) and source (9) may be missing
    padded = [row + [None] * (10 - len(row)) if isinstance(row, list) and 8 <= len(row) < 10 else row
              for row in doc["trace"]]
    rows, good, malformed = fixed_rows(padded, 10)
    cols = list(zip(*rows)) or [()] * 10
    base = pd.to_numeric(pd.Series([doc.get("timestamp")]), errors="coerce").iloc[0]
    offset = pd.to_numeric(pd.Series(cols[0], dtype=object), errors="coerce")
    altitude = pd.Series(cols[3], dtype=object)
    flags = pd.to_numeric(pd.Series(cols[6], dtype=object), errors="coerce").fillna(0).astype("int64")
    alt_ft = pd.to_numeric(altitude.where(altitude != "ground"), errors="coerce")
    alt_ft = alt_ft.where((flags & FLAG_ALT_GEOMETRIC) == 0)
    details = pd.Series(cols[8], dtype=object)
    callsign = details.map(lambda d: d.get("flight") if isinstance(d, dict) else None).astype("string").str.strip()
    out = pd.DataFrame({
        "time": table.epoch(base + offset, "s"),
        "icao24": str(doc.get("icao", "")),
        "lat": pd.to_numeric(pd.Series(cols[1], dtype=object), errors="coerce"),
        "lon": pd.to_numeric(pd.Series(cols[2], dtype=object), errors="coerce"),
        "alt_ft": alt_ft,
        "gs_kt": pd.to_numeric(pd.Series(cols[4], dtype=object), errors="coerce"),
        "track_deg": pd.to_numeric(pd.Series(cols[5], dtype=object), errors="coerce"),
        "vrate_fpm": pd.to_numeric(pd.Series(cols[7], dtype=object), errors="coerce"),
        "on_ground": pd.array((altitude == "ground").to_numpy(), dtype="boolean"),
        "callsign": _per_leg(callsign.replace("", pd.NA), flags),
        "registration": doc.get("r"),
        "typecode": doc.get("t"),
        table.LINE: np.asarray(good, dtype="int64"),
    })
    out.loc[altitude.isna().to_numpy(), "on_ground"] = pd.NA
    return out, malformed


def _per_leg(callsign: pd.Series, flags: pd.Series) -> pd.Series:
    """A callsign holds for its leg: carried forward, and back to the leg's first rows."""
    leg = ((flags & FLAG_NEW_LEG) > 0).cumsum()
    return callsign.groupby(leg.to_numpy()).transform(lambda s: s.ffill().bfill())
