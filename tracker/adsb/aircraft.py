"""Aircraft database: icao24 → registration, typecode, operator, and tar1090-db's flags.

The bundled `tracker/data/aircraft.csv` (icao24,registration,typecode,operator) holds the
aircraft of the bundled samples (sources in `tracker/data/aircraft.README.md`); a user can add an OpenSky `aircraftDatabase.csv`
(header: icao24, registration, …, typecode, …, operator, …) or a tar1090-db
`aircraft.csv.gz` (no header, `;`-separated: icao;registration;type;flags;description;year;owner).
Later databases win over earlier ones; identity recorded in a track file wins over all.

tar1090-db's `flags` is a string of 0/1 characters, one per readsb `dbFlags` bit
(readsb aircraft.c): position 0 military (bit 1), 1 interesting (2), 2 PIA (4), 3 LADD (8).
They become nullable boolean columns `military`, `interesting`, `pia`, `ladd`: NA where the
source says nothing (the bundled CSV and OpenSky's database carry no such flags), never False.

A large database is read once into an indexed Parquet cache in the user's cache folder, keyed by
the source's size and modification time. US registrations (N-numbers) map to icao24 by
the FAA's allocation rule (`n_number_to_icao24`), with no database at all.
"""
from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.adsb import sniff
from tracker.errors import FormatError, InputError
from tracker.paths import data as package_data

COLUMNS = ["icao24", "registration", "typecode", "operator"]
FLAG_COLUMNS = ["military", "interesting", "pia", "ladd"]  # dbFlags bits 1, 2, 4, 8
EXTRA_COLUMNS = ["description", "year"]
ALL_COLUMNS = COLUMNS + EXTRA_COLUMNS + FLAG_COLUMNS


def bundled_db() -> Path:
    """The package's own database, found through the package (never the working directory)."""
    return package_data("aircraft.csv")


def load(paths=(), include_bundled: bool = True) -> pd.DataFrame:
    """One table indexed by icao24 (lower-case hex); later sources override earlier ones."""
    sources = ([bundled_db()] if include_bundled else []) + [Path(p) for p in paths]
    frames = [_cached(p) for p in sources]
    if not frames:
        return _tidy(pd.DataFrame(columns=ALL_COLUMNS))
    if len(frames) == 1:
        return frames[0]
    return _merge(frames)


def _merge(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Later databases win, but only where they say something: a flag unknown in a later
    source does not erase one an earlier source knew."""
    db = pd.concat([f.reset_index() for f in frames], ignore_index=True)
    last = db.groupby("icao24", sort=False).last()  # last non-null value per column
    return last[ALL_COLUMNS[1:]]


def _tidy(db: pd.DataFrame) -> pd.DataFrame:
    for col in ALL_COLUMNS:
        if col not in db:
            db[col] = pd.NA
    flags = db[FLAG_COLUMNS].astype("boolean")
    db = db[COLUMNS + EXTRA_COLUMNS].astype("string")
    db["icao24"] = db["icao24"].str.strip().str.lower()
    good = db["icao24"].str.fullmatch(r"[0-9a-f]{6}").fillna(False).to_numpy(dtype=bool)
    db, flags = db[good], flags[good]
    for col in COLUMNS[1:] + EXTRA_COLUMNS:
        db[col] = db[col].str.strip().replace("", pd.NA)
    db = pd.concat([db, flags], axis=1)
    return db.drop_duplicates("icao24", keep="last").set_index("icao24")[ALL_COLUMNS[1:]]


CACHE_SUFFIX = ".tracker-cache.parquet"
CACHE_MIN_BYTES = 1 << 20  # small files are faster to read than to cache


def cache_path(path: Path) -> Path:
    """The Parquet cache of a database file, in the user's cache folder ($XDG_CACHE_HOME/tracker)."""
    import hashlib

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tracker"
    return root / (hashlib.sha256(str(Path(path).resolve()).encode()).hexdigest()[:24] + CACHE_SUFFIX)


def _cached(path: Path) -> pd.DataFrame:
    """The tidy table of one source, from its Parquet cache when that is as new as the source.

    The cache is sorted by icao24 (an index for `lookup` to read by row-group statistics) and
    records the source's size and mtime, so an edited source is re-read, never served stale."""
    try:
        stat = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None
    if stat.st_size < CACHE_MIN_BYTES:
        return _small(str(path), stat.st_size, stat.st_mtime_ns).copy()
    cache = cache_path(path)
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    import pyarrow.parquet as pq

    if cache.exists():
        try:
            meta = pq.read_schema(cache).metadata or {}
            if meta.get(b"tracker-source") == stamp.encode():
                return _from_parquet(pq.read_table(cache))
        except (OSError, ValueError):
            pass  # a broken cache is rebuilt
    db = _tidy(_read_one(path)).sort_index()
    try:
        import pyarrow as pa

        tab = pa.Table.from_pandas(db.reset_index(), preserve_index=False)
        tab = tab.replace_schema_metadata({**(tab.schema.metadata or {}), b"tracker-source": stamp.encode()})
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + f".{os.getpid()}.tmp")
        pq.write_table(tab, tmp, compression="zstd", row_group_size=64_000)
        os.replace(tmp, cache)
    except OSError:
        pass  # no cache is slower, not wrong
    return db


@functools.lru_cache(maxsize=16)
def _small(path: str, size: int, mtime_ns: int) -> pd.DataFrame:
    """A small database (the bundled one): tidied once per process (every read loads the
    databases, and `read`/`flights` read through two layers), and across runs from tracker's
    cache, keyed by the file's bytes — tidying four rows in pandas costs ~12 ms, unpickling ~1."""
    from tracker import cache

    return cache.load_or_build("aircraft-small", lambda: _tidy(_read_one(Path(path))), [path])


def _from_parquet(tab) -> pd.DataFrame:
    db = tab.to_pandas()
    for col in COLUMNS + EXTRA_COLUMNS:
        db[col] = db[col].astype("string")
    for col in FLAG_COLUMNS:
        db[col] = db[col].astype("boolean")
    return db.set_index("icao24")[ALL_COLUMNS[1:]]


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
                                    quoting=3, names=TAR1090_NAMES, usecols=range(len(TAR1090_NAMES)))
                frame = _tar1090_flags(frame)
            else:
                raise FormatError("not an aircraft database (expected an icao24 header or tar1090-db rows)", path)
    except (OSError, EOFError, ValueError, pd.errors.ParserError) as exc:
        raise FormatError(f"unreadable aircraft database ({exc})", path) from None
    for col in ALL_COLUMNS:
        if col not in frame:
            frame[col] = pd.NA
    return frame[ALL_COLUMNS]


TAR1090_NAMES = ["icao24", "registration", "typecode", "flags", "description", "year", "operator"]


def _tar1090_flags(frame: pd.DataFrame) -> pd.DataFrame:
    """`flags` "10" → military True, interesting False, pia/ladd False (readsb reads a position the
    string omits as unset); a missing or non-0/1 flags field → NA for all four."""
    flags = frame["flags"].astype("string").str.strip()
    valid = flags.str.fullmatch(r"[01]{1,4}").fillna(False)
    for i, col in enumerate(FLAG_COLUMNS):
        bit = flags.str.slice(i, i + 1)
        value = pd.array(bit.eq("1").to_numpy(dtype=bool, na_value=False), dtype="boolean")
        value[~valid.to_numpy(dtype=bool)] = pd.NA  # a position the field omits is unset, as readsb reads it
        frame[col] = value
    return frame.drop(columns="flags")

def enrich(table: pd.DataFrame, db: pd.DataFrame) -> pd.DataFrame:
    """Fill registration and typecode where the file left them empty (the file wins).

    Changes `table` in place (the readers' own fresh table: no copy of millions of rows). Each
    aircraft is looked up once (a join on factorized icao24 codes); a column the databases know
    nothing about for these aircraft is left as it is, and the rest is spread to the rows by one
    Arrow `take`, never through an array of Python objects per row.
    """
    if table.empty or db.empty:
        return table
    from tracker.adsb.table import text_codes

    codes, uniques = text_codes(table["icao24"])  # look each aircraft up once, not each row
    found = db.reindex(pd.Index(uniques, dtype="string"))
    rows = None
    for col in ("registration", "typecode"):
        known = found[col].notna().to_numpy()
        if not known.any() or not table[col].isna().to_numpy().any():
            continue
        import pyarrow as pa

        rows = pa.array(codes, mask=codes < 0) if rows is None else rows  # code -1 (no icao24) → NA
        values = pa.array(found[col].to_numpy(dtype=object, na_value=None), type=pa.large_string()).take(rows)
        spread = pd.Series(pd.arrays.ArrowStringArray(pa.chunked_array([values])), index=table.index)
        table[col] = table[col].fillna(spread)
    if "military" in table and "military" in found:  # the file's own flag (readsb dbFlags) wins
        flags = found["military"].astype("boolean")
        if flags.notna().any() and table["military"].isna().any():
            known = np.append(flags.notna().to_numpy(), False)[codes]
            value = np.append(flags.to_numpy(dtype=bool, na_value=False), False)[codes]
            table["military"] = table["military"].astype("boolean").fillna(
                pd.Series(pd.arrays.BooleanArray(value, ~known), index=table.index))
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


def lookup(db: pd.DataFrame, icao24) -> pd.DataFrame:
    """The database rows of some icao24s (lower-case hex), in the order asked; unknown ones are all NA."""
    wanted = pd.Index([str(i).strip().lower() for i in icao24], dtype="string")
    return db.reindex(wanted)


def icao24_for_registration(registration: str, db: pd.DataFrame) -> set[str]:
    """Every icao24 the databases give a registration (compared as `registration_key`), and for
    a US N-number also the address the FAA rule allocates to it."""
    key = registration_key(registration)
    if key is None:
        return set()
    found = set()
    if not db.empty:
        keys = _plain(db["registration"])
        same = pd.array(keys == key, dtype="boolean").fillna(False).to_numpy(dtype=bool)
        found = set(db.index[same])
    by_rule = n_number_to_icao24(key)
    if by_rule:
        found.add(by_rule)
    return found


# --------------------------------------------------------------------------- US N-numbers
# The FAA allocates icao24 A00001…ADF7C7 to N-numbers in order (N1, N1A, N1AA, N1AB, …, N1Z,
# N1ZZ, N10, N10A, …): up to five characters after the N, a first digit 1–9, at most two
# trailing letters (no I, no O), and a fifth character that is one digit or one letter.
_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # 24: no I, no O
_SUFFIX = 1 + len(_LETTERS) * (1 + len(_LETTERS))  # '', A, AA…AZ, B, …: 601
_BUCKET4 = 1 + len(_LETTERS) + 10  # after four digits: nothing, a letter, or a digit: 35
_BUCKET3 = 10 * _BUCKET4 + _SUFFIX  # 951
_BUCKET2 = 10 * _BUCKET3 + _SUFFIX  # 10111
_BUCKET1 = 10 * _BUCKET2 + _SUFFIX  # 101711
N_FIRST, N_LAST = 0xA00001, 0xADF7C7


def _suffix_offset(letters: str) -> int | None:
    if not letters:
        return 0
    if len(letters) > 2 or any(c not in _LETTERS for c in letters):
        return None
    offset = (len(_LETTERS) + 1) * _LETTERS.index(letters[0]) + 1
    return offset + (_LETTERS.index(letters[1]) + 1 if len(letters) == 2 else 0)


def n_number_to_icao24(registration: str | None) -> str | None:
    """N899DN → 'ac671b'; None for anything that is not a valid US N-number."""
    key = registration_key(registration)
    if not key or not key.startswith("N") or len(key) < 2 or len(key) > 6:
        return None
    rest = key[1:]
    if rest[0] not in "123456789":
        return None
    value = N_FIRST + (int(rest[0]) - 1) * _BUCKET1
    buckets = (_BUCKET2, _BUCKET3, _BUCKET4)
    for i in range(1, len(rest)):
        c = rest[i]
        if i == 4:  # the fifth character: one letter or one digit, and nothing after it
            if c in _LETTERS:
                return f"{value + 1 + _LETTERS.index(c):06x}"
            return f"{value + 1 + len(_LETTERS) + int(c):06x}" if c.isdigit() else None
        if c in _LETTERS:  # one or two letters end the registration
            offset = _suffix_offset(rest[i:])
            return None if offset is None else f"{value + offset:06x}"
        if not c.isdigit():
            return None
        value += _SUFFIX + int(c) * buckets[i - 1]
    return f"{value:06x}"


def icao24_to_n_number(icao24: str | None) -> str | None:
    """'ac671b' → N899DN; None outside the US block."""
    try:
        value = int(str(icao24), 16)
    except (TypeError, ValueError):
        return None
    if not N_FIRST <= value <= N_LAST:
        return None
    rest = value - N_FIRST
    out = "N" + str(rest // _BUCKET1 + 1)
    rest %= _BUCKET1
    for bucket in (_BUCKET2, _BUCKET3):
        if rest < _SUFFIX:
            return out + _suffix_letters(rest)
        rest -= _SUFFIX
        out += str(rest // bucket)
        rest %= bucket
    if rest < _SUFFIX:
        return out + _suffix_letters(rest)
    rest -= _SUFFIX
    out += str(rest // _BUCKET4)
    rest %= _BUCKET4
    if rest == 0:
        return out
    return out + (_LETTERS[rest - 1] if rest <= len(_LETTERS) else str(rest - 1 - len(_LETTERS)))


def _suffix_letters(offset: int) -> str:
    if offset == 0:
        return ""
    first, second = divmod(offset - 1, len(_LETTERS) + 1)
    return _LETTERS[first] + (_LETTERS[second - 1] if second else "")


def _plain(registrations: pd.Series) -> pd.Index:
    """`registration_key` over a column: TC-JVF, tc jvf → TCJVF."""
    return pd.Index(registrations.astype("string").str.upper().str.replace(NOT_IN_REGISTRATION, "", regex=True))
