"""The canonical track table: one set of column names and units for every reader.

time UTC; alt_ft barometric feet; gs_kt knots; track_deg degrees true;
vrate_fpm feet/minute; on_ground nullable boolean; source = the file it came from;
line = where in that file (line of a text file, entry of a JSON list, 1-based), so a
verdict can cite the very rows it rests on.
military = the aircraft database's military flag (NA when no database says).
One aircraft is one `track_keys` value: its icao24, or file + callsign where the file has none.
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
    "line": "Int64",
    "military": "boolean",  # aircraft database flag (tar1090-db dbFlags bit 1); NA when unknown
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


def track_keys(table: pd.DataFrame) -> pd.Series:
    """The key each row is segmented by: its icao24, or `<source>#<callsign>` for rows without one.

    A file with no transponder address (a Flightradar24 CSV export is one aircraft's flight)
    is its own aircraft per callsign: never merged with another file or a real icao24 ('#' is
    not hex). A row without a callsign takes its file's only callsign; if the file's address-less
    rows carry several, it belongs to none of them (NA: counted as a fault by `clean`). A file
    whose rows carry no callsign at all is one track (`<source>#`)."""
    key = table["icao24"].astype("string")
    bare = key.isna().to_numpy()
    if not bare.any():
        return key
    src = table.loc[bare, "source"].astype("string").fillna("")
    call = table.loc[bare, "callsign"].astype("string").str.strip().replace("", pd.NA)
    per_file = call.groupby(src).agg(["nunique", "first"])
    sole = src.map(per_file["first"].where(per_file["nunique"] == 1))
    none_in_file = src.map(per_file["nunique"]).eq(0)
    call = call.fillna(sole)
    key = key.copy()
    key.loc[bare] = (src + "#" + call.fillna("")).where(call.notna() | none_in_file)
    return key
