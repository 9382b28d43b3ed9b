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


def read(path: Path, report: ReadReport, select=None) -> Iterator[pd.DataFrame]:
    doc, report.error = load_document(path)
    if report.error:
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("trace"), list):
        report.error = "readsb trace without a `trace` list"
        return
    if select is not None:  # one aircraft per file: skipped whole when no question can want it
        from tracker.archive import selection

        if not selection.aircraft_may_be(doc.get("icao"), doc.get("r"), select):
            selection.outside(report, len(doc["trace"]))
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
    base = table.numbers([doc.get("timestamp")]).iloc[0]
    offset = table.numbers(cols[0])
    altitude = pd.Series(cols[3], dtype=object)
    raw_flags = table.numbers(cols[6], finite=False)
    flags_ok = (raw_flags.isna() | ((raw_flags >= 0) & (raw_flags < 1 << 16) & (raw_flags % 1 == 0))).to_numpy()
    flags = raw_flags.where(flags_ok).fillna(0).astype("int64")
    alt_ft = table.numbers(altitude.where(altitude != "ground"))
    alt_ft = alt_ft.where((flags & FLAG_ALT_GEOMETRIC) == 0)
    details = pd.Series(cols[8], dtype=object)
    callsign = details.map(lambda d: table.scalar_text(d.get("flight")) if isinstance(d, dict) else None).astype("string").str.strip()
    out = pd.DataFrame({
        "time": table.epoch(base + offset, "s"),
        "icao24": table.scalar_text(doc.get("icao")) or "",
        "lat": table.numbers(cols[1]),
        "lon": table.numbers(cols[2]),
        "alt_ft": alt_ft,
        "gs_kt": table.numbers(cols[4]),
        "track_deg": table.numbers(cols[5]),
        "vrate_fpm": table.numbers(cols[7]),
        "on_ground": pd.array((altitude == "ground").to_numpy(), dtype="boolean"),
        "callsign": _per_leg(callsign.replace("", pd.NA), flags),
        "registration": table.scalar_text(doc.get("r")),
        "typecode": table.scalar_text(doc.get("t")),
        table.LINE: np.asarray(good, dtype="int64"),
    })
    out.loc[altitude.isna().to_numpy(), "on_ground"] = pd.NA
    # flags that are not a small non-negative integer (inf, 1e300, "x"): the row is malformed
    bad_flags = ~flags_ok
    if bad_flags.any():
        malformed = sorted(malformed + out.loc[bad_flags, table.LINE].tolist())
        out = out.loc[~bad_flags]
    return out, malformed


def _per_leg(callsign: pd.Series, flags: pd.Series) -> pd.Series:
    """A callsign holds for its leg: carried forward, and back to the leg's first rows."""
    leg = ((flags & FLAG_NEW_LEG) > 0).cumsum()
    return callsign.groupby(leg.to_numpy()).transform(lambda s: s.ffill().bfill())
