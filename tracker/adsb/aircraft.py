"""Aircraft database: icao24 → registration, typecode, operator.

The bundled `tracker/data/aircraft.csv` (icao24,registration,typecode,operator) holds the
aircraft of the bundled samples (sources in `tracker/data/aircraft.README.md`); a user can add an OpenSky `aircraftDatabase.csv`
(header: icao24, registration, …, typecode, …, operator, …) or a tar1090-db
`aircraft.csv.gz` (no header, `;`-separated: icao;registration;type;flags;description;…).
Later databases win over earlier ones; identity recorded in a track file wins over all.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.adsb import sniff
from tracker.errors import FormatError
from tracker.paths import data as package_data

COLUMNS = ["icao24", "registration", "typecode", "operator"]


def bundled_db() -> Path:
    """The package's own database, found through the package (never the working directory)."""
    return package_data("aircraft.csv")


def load(paths=(), include_bundled: bool = True) -> pd.DataFrame:
    """One table indexed by icao24 (lower-case hex); later sources override earlier ones."""
    sources = ([bundled_db()] if include_bundled else []) + [Path(p) for p in paths]
    frames = [_read_one(p) for p in sources]
    db = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    db = db.astype("string")
    db["icao24"] = db["icao24"].str.strip().str.lower()
    db = db[db["icao24"].str.fullmatch(r"[0-9a-f]{6}").fillna(False)]
    for col in COLUMNS[1:]:
        db[col] = db[col].str.strip().replace("", pd.NA)
    return db.drop_duplicates("icao24", keep="last").set_index("icao24")[COLUMNS[1:]]


def _read_one(path: Path) -> pd.DataFrame:
    first = sniff.head(path, 4096).decode("utf-8-sig", errors="replace").split("\n", 1)[0]
    header = [c.strip().strip("'\"").lower() for c in first.replace(";", ",").split(",")]
    try:
        with sniff.open_binary(path) as stream:
            if "icao24" in header:  # bundled CSV or OpenSky aircraftDatabase.csv
                frame = pd.read_csv(stream, dtype="string", quotechar=first[0] if first[:1] in "'\"" else '"',
                                    usecols=lambda c: c.strip("'\"").lower() in COLUMNS, on_bad_lines="skip")
                frame.columns = [c.strip("'\"").lower() for c in frame.columns]
            elif ";" in first:  # tar1090-db: icao;registration;type;flags;description;year;ownop
                frame = pd.read_csv(stream, sep=";", header=None, dtype="string", on_bad_lines="skip",
                                    usecols=range(3), names=["icao24", "registration", "typecode"])
            else:
                raise FormatError("not an aircraft database (expected an icao24 header or tar1090-db rows)", path)
    except (OSError, EOFError, ValueError, pd.errors.ParserError) as exc:
        raise FormatError(f"unreadable aircraft database ({exc})", path) from None
    for col in COLUMNS:
        if col not in frame:
            frame[col] = pd.NA
    return frame[COLUMNS]


def enrich(table: pd.DataFrame, db: pd.DataFrame) -> pd.DataFrame:
    """Fill registration and typecode where the file left them empty (the file wins).

    Changes `table` in place (the readers' own fresh table: no copy of millions of rows).
    """
    if table.empty or db.empty:
        return table
    codes, uniques = pd.factorize(table["icao24"])  # look each aircraft up once, not each row
    found = db.reindex(pd.Index(uniques, dtype="string"))
    for col in ("registration", "typecode"):
        missing = table[col].isna().to_numpy()
        if not missing.any():
            continue
        values = np.append(found[col].to_numpy(dtype=object), None)  # code -1 (no icao24) → None
        table[col] = table[col].fillna(pd.Series(values[codes], index=table.index, dtype="string"))
    _type_by_registration(table, db)
    return table


def _type_by_registration(table: pd.DataFrame, db: pd.DataFrame) -> None:
    """Rows without an icao24 (an FR24 CSV export) are looked up only by a registration the file
    states, and only for the type: a callsign does not name an aircraft, and an icao24 is not
    invented for a track that never broadcast one."""
    bare = (table["icao24"].isna() & table["registration"].notna() & table["typecode"].isna()).to_numpy()
    if not bare.any():
        return
    known = db.dropna(subset=["registration", "typecode"])
    types = pd.Series(known["typecode"].to_numpy(), index=_plain(known["registration"]))
    types = types[~types.index.duplicated(keep="last")]  # later databases win, as by icao24
    found = _plain(table.loc[bare, "registration"]).map(types)
    table.loc[bare, "typecode"] = pd.array(found.to_numpy(dtype=object), dtype="string")


NOT_IN_REGISTRATION = r"[^0-9A-Z]"  # hyphens and spacing are not part of a registration's identity


def registration_key(value: str | None) -> str | None:
    """RA-86559, ra86559, RA 86559 → RA86559: the form registrations are compared in."""
    if not value:
        return None
    return re.sub(NOT_IN_REGISTRATION, "", str(value).upper()) or None


def _plain(registrations: pd.Series) -> pd.Index:
    """`registration_key` over a column: TC-JVF, tc jvf → TCJVF."""
    return pd.Index(registrations.astype("string").str.upper().str.replace(NOT_IN_REGISTRATION, "", regex=True))
