"""The canonical track table: one set of column names and units for every reader.

time UTC; alt_ft barometric feet; gs_kt knots; track_deg degrees true;
vrate_fpm feet/minute; on_ground nullable boolean; source = the file it came from.
"""
from __future__ import annotations

import pandas as pd

DTYPES: dict[str, str] = {
    "time": "datetime64[ns, UTC]",
    "icao24": "string",
    "callsign": "string",
    "registration": "string",
    "typecode": "string",
    "lat": "float64",
    "lon": "float64",
    "alt_ft": "float64",
    "gs_kt": "float64",
    "track_deg": "float64",
    "vrate_fpm": "float64",
    "on_ground": "boolean",
    "source": "string",
}
COLUMNS: list[str] = list(DTYPES)


def empty() -> pd.DataFrame:
    return canonical(pd.DataFrame(columns=COLUMNS))


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Missing columns become nulls, dtypes become the canonical ones, column order fixed."""
    frame = frame.copy()
    for name, dtype in DTYPES.items():
        if name not in frame.columns:
            frame[name] = pd.Series(pd.NA if dtype in ("string", "boolean") else float("nan"),
                                    index=frame.index, dtype=dtype if dtype != DTYPES["time"] else "object")
        if name == "time":
            frame[name] = pd.to_datetime(frame[name], utc=True).astype(dtype)
        else:
            frame[name] = frame[name].astype(dtype)
    return frame[COLUMNS]
