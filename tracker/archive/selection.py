"""Which rows a question needs: identity and time windows, pushed down to every source.

A `Selection` is a list of `Want`s, one per trip of claims (or one per `history` question).
Each want keeps the rows of its time window whose aircraft fits its identity:

- strong identity (icao24, registration or callsign stated): the aircraft carrying any of
  them inside the window — all of that aircraft's rows in the window, not only the rows with
  the callsign (a callsign names the aircraft; the flight may carry another one too);
- a type only: aircraft of that type or of its family ("a Boeing 737" fits a B738), or of no
  known type (the corroborate stage lets an unknown type fit a type-only trip, so the
  selection keeps those too). Only the tar scan applies this (in Python, with the same
  `families.family` the matcher uses); the SQL engines read the whole window for such a
  trip rather than approximate the family rule in SQL;
- nothing: every aircraft in the window.

This mirrors the candidate rule of `tracker.corroborate.match.rank_aircraft`; the tests
compare verdicts from a selection with verdicts from the whole table.
The window is the trip's own search frame (claimed times ± the corroborate stage's search
slack and the longest dwell) widened by `SelectionParams.extra_slack` on both sides.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from tracker.adsb.aircraft import registration_key
from tracker.model import ReadReport


@dataclass(frozen=True)
class SelectionParams:
    """extra_slack: added on both sides of each trip's search frame, so a flight that starts
    just outside the frame is still read whole (default 1 day)."""

    extra_slack: dt.timedelta = dt.timedelta(days=1)


@dataclass(frozen=True)
class Want:
    icao24: frozenset[str] = frozenset()
    registrations: frozenset[str] = frozenset()  # registration keys (RA86559)
    callsigns: frozenset[str] = frozenset()  # trimmed, upper case
    typecodes: frozenset[str] = frozenset()
    families: frozenset[str] = frozenset()  # type families of `typecodes` (tracker.corroborate.families)
    since: dt.datetime | None = None
    until: dt.datetime | None = None

    @property
    def strong(self) -> bool:
        return bool(self.icao24 or self.registrations or self.callsigns)


@dataclass
class Selection:
    wants: list[Want] = field(default_factory=list)

    @property
    def icao24_only(self) -> bool:
        """Every want names its aircraft by icao24 alone: a tar member is chosen by its path."""
        return bool(self.wants) and all(w.icao24 and not w.callsigns and not w.registrations for w in self.wants)

    def icao24s(self) -> set[str]:
        return {i for w in self.wants for i in w.icao24}

    def bounds(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """The hull of all windows (None when any want is unbounded on that side)."""
        lo = [w.since for w in self.wants if w.since is not None]
        hi = [w.until for w in self.wants if w.until is not None]
        bounded_lo = bool(lo) and len(lo) == len(self.wants)
        bounded_hi = bool(hi) and len(hi) == len(self.wants)
        return (min(lo) if bounded_lo else None), (max(hi) if bounded_hi else None)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def want(icao24=(), registrations=(), callsigns=(), typecodes=(), since=None, until=None) -> Want:
    """A want from values as users write them (RA-86559, rff7203, 15F1A7)."""
    return Want(
        icao24=frozenset(str(i).strip().lower() for i in icao24 if i),
        registrations=frozenset(k for r in registrations if (k := registration_key(r))),
        callsigns=frozenset(str(c).strip().upper() for c in callsigns if c and str(c).strip()),
        typecodes=frozenset(str(t).strip().upper() for t in typecodes if t and str(t).strip()),
        since=_utc(since), until=_utc(until),
    )


def from_claims(claims, params: SelectionParams = SelectionParams()) -> Selection:
    """One want per trip, with the identity and the search frame the corroborate stage uses."""
    from tracker.corroborate import match

    wants = []
    for trip in match.group_trips(list(claims)):
        since = until = None
        if trip.frame is not None:
            since = trip.frame.earliest - params.extra_slack if trip.frame.earliest else None
            until = trip.frame.latest + params.extra_slack if trip.frame.latest else None
        strong = bool(trip.registrations or trip.callsigns)
        # a registration may be on the air as the callsign ("VPCAL"): the rows carrying it are wanted too
        wants.append(Want(registrations=frozenset(trip.registrations),
                          callsigns=frozenset(trip.callsigns | trip.registrations),
                          typecodes=frozenset() if strong else frozenset(trip.typecodes),
                          families=frozenset() if strong else frozenset(trip.families),
                          since=since, until=until))
    return Selection(wants)


def resolve(selection: Selection, db: pd.DataFrame) -> Selection:
    """Registrations → icao24 through the aircraft database (and US N-numbers by rule), so a
    source can choose by address; the registrations stay for sources that hold them too."""
    from tracker.adsb import aircraft

    out = []
    for w in selection.wants:
        found = set(w.icao24)
        for reg in w.registrations:
            found |= aircraft.icao24_for_registration(reg, db)
        out.append(Want(frozenset(found), w.registrations, w.callsigns, w.typecodes, w.families, w.since, w.until))
    return Selection(out)


# --------------------------------------------------------------------------- single files
#
# A single file is read in two steps: the format's reader drops, at the source, rows that
# certainly fall outside the selection (`arrow_keep` on each Arrow batch, `parquet_groups`
# on row-group statistics, per aircraft for JSON formats) — always a superset of what is
# wanted, never a guess — and `tracker.adsb.read` then applies `mask` to the canonical table,
# the exact rule (the same as `tracker.archive.engines.expression`). Rows dropped either way
# are counted as "outside the selection", not as rejected.

_CONTROL_ARROW = r"[\x{00}-\x{1f}\x{7f}-\x{9f}\x{fffd}]"  # tracker.adsb.table.CONTROL, in RE2 syntax
_SLACK_S = 1.0  # seconds either side of a window in the source-level test (rounding of epoch floats)


def mask(frame: pd.DataFrame, selection: Selection):
    """The rows of a canonical table that `selection` wants (numpy bool array) — the exact rule.

    A row without icao24 (a Flightradar24 CSV export) is its track's (`schema.track_keys`):
    a callsign names that track as an icao24 names an aircraft."""
    from tracker.adsb import schema

    keep = np.zeros(len(frame), dtype=bool)
    if not len(frame):
        return keep
    key = schema.track_keys(frame) if frame["icao24"].isna().any() else frame["icao24"].astype("string")
    time = frame["time"]
    calls = regs = None
    for w in selection.wants:
        inside = np.ones(len(frame), dtype=bool)
        if w.since is not None:
            inside &= (time >= pd.Timestamp(w.since)).to_numpy(dtype=bool, na_value=False)
        if w.until is not None:
            inside &= (time <= pd.Timestamp(w.until)).to_numpy(dtype=bool, na_value=False)
        if w.strong:
            ident = key.isin(list(w.icao24)).to_numpy(dtype=bool, na_value=False)
            named = np.zeros(len(frame), dtype=bool)
            if w.callsigns:
                calls = frame["callsign"].astype("string").str.strip().str.upper() if calls is None else calls
                named |= calls.isin(list(w.callsigns)).to_numpy(dtype=bool, na_value=False)
            if w.registrations:
                regs = (frame["registration"].astype("string").str.upper().str.replace(r"[^0-9A-Z]", "", regex=True)
                        if regs is None else regs)
                named |= regs.isin(list(w.registrations)).to_numpy(dtype=bool, na_value=False)
            if named.any():
                carriers = key[inside & named].dropna().unique()
                ident = ident | key.isin(list(carriers)).to_numpy(dtype=bool, na_value=False)
            inside = inside & ident
        keep |= inside
    return keep


@dataclass(frozen=True)
class Columns:
    """Where a format keeps what a selection tests: the file's own column names (None: absent).
    `times` are tried in turn (OpenSky: the position's `lastposupdate`, else `time`)."""

    icao24: str | None = None
    callsign: str | None = None
    registration: str | None = None
    times: tuple[str, ...] = ()

    @classmethod
    def find(cls, names, icao24="icao24", callsign="callsign", registration: str | None = "registration",
             times=("time",)) -> "Columns":
        """The columns of a file whose header names them in any case (registration None: the
        format's reader does not take one from the rows)."""
        lower = {str(n).strip().lower(): n for n in names}
        return cls(lower.get(icao24), lower.get(callsign), lower.get(registration) if registration else None,
                   tuple(lower[t] for t in times if t in lower))


def _identity_at_source(w: Want, cols: Columns) -> bool:
    """Can rows of `w` be chosen by icao24 alone at the source? Not when a callsign (or a
    registration the file itself carries) names the aircraft: every row of the carrier is
    wanted, also rows read before the one that names it (see `carriers`)."""
    return w.strong and not w.callsigns and not (w.registrations and cols.registration)


def _seconds(array):
    """Epoch numbers in whatever unit each value's size says (as `table.auto_epoch` tells a
    file's unit) → float seconds. A value can be a plausible time in one unit only, so the
    per-value reading never rules out a row the whole-batch reading would keep."""
    import pyarrow.compute as pc

    x = pc.cast(array, "float64")
    size = pc.abs(x)
    div = pc.if_else(pc.greater(size, 1e17), 1e9,
                     pc.if_else(pc.greater(size, 1e14), 1e6, pc.if_else(pc.greater(size, 1e11), 1e3, 1.0)))
    return pc.divide(x, div)


def _time_ok(batch, w: Want, cols: Columns):
    """Rows that may fall in `w`'s window (True where a time cannot be tested here)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if (w.since is None and w.until is None) or not cols.times:
        return None
    lo = w.since.timestamp() - _SLACK_S if w.since is not None else None
    hi = w.until.timestamp() + _SLACK_S if w.until is not None else None
    ok = None
    for name in cols.times:
        col = batch.column(name)
        if pa.types.is_timestamp(col.type):
            sec = pc.divide(pc.cast(pc.cast(col, pa.timestamp("us", tz=col.type.tz)), pa.int64()), 1e6)
        elif pa.types.is_integer(col.type) or pa.types.is_floating(col.type):
            sec = _seconds(col)
        else:
            return None  # text times (ISO 8601): tested on the canonical table only
        inside = pc.is_valid(sec)
        if lo is not None:
            inside = pc.and_kleene(inside, pc.greater_equal(sec, lo))
        if hi is not None:
            inside = pc.and_kleene(inside, pc.less_equal(sec, hi))
        this = pc.or_(pc.fill_null(inside, False), pc.invert(pc.is_valid(sec)))  # no time here: maybe the other column's
        ok = this if ok is None else pc.or_(ok, this)
    return ok


def _icao_ok(batch, ids, cols: Columns):
    """Rows whose icao24 may be one of `ids`: the lower-cased text contains it (a superset of
    `strip().lower() == id`, which the canonical table applies exactly)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if cols.icao24 is None or not ids:
        return pa.array([False] * batch.num_rows) if batch.num_rows else pa.array([], pa.bool_())
    text = pc.utf8_lower(pc.cast(batch.column(cols.icao24), pa.string()))
    ok = None
    for i in sorted(ids):
        hit = pc.fill_null(pc.match_substring(text, i), False)
        ok = hit if ok is None else pc.or_(ok, hit)
    return ok


def arrow_keep(batch, selection: Selection, cols: Columns, carriers: dict[int, set[str]] | None = None):
    """A boolean Arrow mask of the batch rows that may be wanted (a superset; `mask` is exact).

    `carriers`: per want (its index), icao24s found to carry its callsign or registration in
    a first pass (`carriers`); without them such a want is tested by its window alone."""
    import pyarrow as pa
    import pyarrow.compute as pc

    n = batch.num_rows
    keep = None
    for k, w in enumerate(selection.wants):
        ok = _time_ok(batch, w, cols)
        ids = set(w.icao24) | (carriers or {}).get(k, set())
        if _identity_at_source(w, cols) or (w.strong and carriers is not None and k in carriers):
            ident = _icao_ok(batch, ids, cols)
            ok = ident if ok is None else pc.and_(ok, ident)
        if ok is None:
            return pa.array(np.ones(n, dtype=bool))  # this want takes every row
        keep = ok if keep is None else pc.or_(keep, ok)
    return keep if keep is not None else pa.array(np.zeros(n, dtype=bool))


def carriers(batches, selection: Selection, cols: Columns) -> dict[int, set[str]]:
    """First pass for wants named by callsign or registration: per want, the icao24s (lower
    case, trimmed) of rows that may carry a wanted name inside the window. Only those aircraft's
    rows are then read (a superset: `mask` confirms on the canonical table)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out: dict[int, set[str]] = {k: set() for k, w in enumerate(selection.wants)
                                if w.strong and not _identity_at_source(w, cols)}
    if not out or cols.icao24 is None:
        return out
    for batch in batches:
        icao = pc.utf8_lower(pc.utf8_trim_whitespace(pc.cast(batch.column(cols.icao24), pa.string())))
        for k in out:
            w = selection.wants[k]
            named = None
            if w.callsigns and cols.callsign:
                call = pc.cast(batch.column(cols.callsign), pa.string())
                call = pc.utf8_upper(pc.utf8_trim_whitespace(pc.replace_substring_regex(call, _CONTROL_ARROW, "")))
                named = pc.fill_null(pc.is_in(call, pa.array(sorted(w.callsigns))), False)
            if w.registrations and cols.registration:
                reg = pc.utf8_upper(pc.cast(batch.column(cols.registration), pa.string()))
                reg = pc.replace_substring_regex(reg, "[^0-9A-Z]", "")
                hit = pc.fill_null(pc.is_in(reg, pa.array(sorted(w.registrations))), False)
                named = hit if named is None else pc.or_(named, hit)
            if named is None:
                continue
            ok = _time_ok(batch, w, cols)
            if ok is not None:
                named = pc.and_(named, ok)
            found = pc.unique(pc.filter(icao, named)).to_pylist()
            out[k] |= {f for f in found if f}
    return out


def _stat_seconds(value) -> float | None:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).timestamp()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        size = abs(value)
        return value / (1e9 if size > 1e17 else 1e6 if size > 1e14 else 1e3 if size > 1e11 else 1.0)
    return None


def _same_unit(a, b) -> bool:
    if isinstance(a, dt.datetime) or isinstance(b, dt.datetime):
        return True
    cls = lambda v: 0 if abs(v) > 1e17 else 1 if abs(v) > 1e14 else 2 if abs(v) > 1e11 else 3  # noqa: E731
    return cls(a) == cls(b)


def parquet_groups(metadata, selection: Selection, cols: Columns, carriers: dict[int, set[str]] | None = None) -> list[int]:
    """The row groups of a Parquet file that may hold wanted rows, from their statistics
    (min/max of icao24 and of the time columns). A group whose statistics are missing, or
    whose icao24 values may hold spaces or other letters, is kept."""
    names = metadata.schema.names
    where = {name: names.index(name) for name in (cols.icao24, *cols.times) if name is not None and name in names}
    keep = []
    for g in range(metadata.num_row_groups):
        group = metadata.row_group(g)

        def stats(name, group=group):
            if name not in where:
                return None
            s = group.column(where[name]).statistics
            return s if s is not None and s.has_min_max else None

        def window_ok(w: Want) -> bool:
            if (w.since is None and w.until is None) or not cols.times:
                return True
            for name in cols.times:
                s = stats(name)
                if s is None or (s.null_count or 0) > 0 or not _same_unit(s.min, s.max):
                    return True
                lo, hi = _stat_seconds(s.min), _stat_seconds(s.max)
                if lo is None or hi is None:
                    return True
                if (w.until is None or lo <= w.until.timestamp() + _SLACK_S) and (
                        w.since is None or hi >= w.since.timestamp() - _SLACK_S):
                    return True
            return False

        def ident_ok(w: Want, k: int) -> bool:
            by_icao = _identity_at_source(w, cols) or (w.strong and carriers is not None and k in carriers)
            if not by_icao:
                return True
            s = stats(cols.icao24)
            if s is None or not isinstance(s.min, str) or s.min < "!" or s.max >= "\x7f":
                return True  # values may start with a space or a non-ASCII letter: cannot tell
            ids = set(w.icao24) | (carriers or {}).get(k, set())
            # every spelling of an id (any case, trailing spaces) sorts between these two
            return any(not (s.max < i.upper() or s.min > i.lower() + "\x7f") for i in ids)

        if any(window_ok(w) and ident_ok(w, k) for k, w in enumerate(selection.wants)):
            keep.append(g)
    return keep


def outside(report: ReadReport, n: int) -> None:
    """Count `n` rows a selection left out (a report is a SelectedReport whenever a selection is given)."""
    cast(SelectedReport, report).rows_outside_selection += n


@dataclass
class SelectedReport(ReadReport):
    """A file read through a selection: `rows_outside_selection` rows were not wanted — not
    faults, so not rejected, and not in `rows_read` (which counts the rows examined)."""

    rows_outside_selection: int = 0

    def note(self) -> str:
        return f"rows outside the selection: {self.rows_outside_selection:,}"


def batch_filter(selection: Selection, report, **find):
    """For `tracker.adsb.csvstream.batches`: batch → Arrow mask of the rows that may be wanted
    (columns found by name in the first batch, `Columns.find(**find)`)."""
    found: list[Columns] = []

    def keep(batch):
        if not found:
            found.append(Columns.find(batch.schema.names, **find))
        return arrow_keep(batch, selection, found[0])

    return keep


def parquet_batches(parquet, selection: Selection, report, batch_size: int, used: set[str], **find):
    """(Arrow batch, 1-based row numbers) of the rows of a Parquet file that may be wanted:
    row groups chosen by statistics (`parquet_groups`), only the `used` columns (lower-case
    names) read, each batch masked by `arrow_keep`; callsign/registration wants first find
    their carriers from the identity columns alone. Rows not read are counted in
    `report.rows_outside_selection`."""
    names = parquet.schema_arrow.names
    cols = Columns.find(names, **find)
    meta = parquet.metadata
    sizes = np.array([meta.row_group(g).num_rows for g in range(meta.num_row_groups)], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)])
    found = None
    if any(w.strong and not _identity_at_source(w, cols) for w in selection.wants) and cols.icao24:
        first = parquet_groups(meta, selection, cols)  # by window only, for these wants
        idents = [c for c in (cols.icao24, cols.callsign, cols.registration, *cols.times) if c]
        found = carriers(parquet.iter_batches(batch_size=batch_size, row_groups=first, columns=idents)
                         if first else [], selection, cols)
    groups = parquet_groups(meta, selection, cols, found)
    report.rows_outside_selection += int(sizes.sum() - sizes[groups].sum())
    if not groups:
        return
    read_starts = np.concatenate([[0], np.cumsum(sizes[groups])])
    offset = starts[groups] - read_starts[:-1]  # file row = position in what is read + this
    columns = [n for n in names if str(n).strip().lower() in used]
    pos = 0
    for batch in parquet.iter_batches(batch_size=batch_size, row_groups=groups, columns=columns):
        n = batch.num_rows
        here = np.arange(pos, pos + n, dtype=np.int64)
        pos += n
        rows = here + offset[np.searchsorted(read_starts, here, side="right") - 1] + 1
        keep = arrow_keep(batch, selection, cols, found)
        wanted = np.asarray(keep.to_numpy(zero_copy_only=False), dtype=bool)
        if not wanted.all():
            report.rows_outside_selection += int((~wanted).sum())
            batch, rows = batch.filter(keep), rows[wanted]
        yield batch, rows


def icao_may_be(values, selection: Selection, cols: Columns) -> np.ndarray:
    """Per value (an aircraft's address as a file writes it): may any want take it? True for
    every value when some want is not chosen by address at the source."""
    values = pd.Series(values, dtype=object)
    if any(not _identity_at_source(w, cols) for w in selection.wants):
        return np.ones(len(values), dtype=bool)
    import re

    ids = sorted(selection.icao24s())
    if not ids:
        return np.zeros(len(values), dtype=bool)
    text = values.where(values.map(lambda v: isinstance(v, str)), "").astype("string").str.lower()
    return text.str.contains("|".join(map(re.escape, ids)), regex=True).to_numpy(dtype=bool, na_value=False)


def _regkey(value) -> str | None:
    return registration_key(value) if isinstance(value, str) else None


def aircraft_may_be(icao24, registration, selection: Selection) -> bool:
    """One aircraft's file (a readsb trace): may any want take its rows?"""
    icao = icao24.strip().lower() if isinstance(icao24, str) else ""
    reg = _regkey(registration)
    return any(not w.strong or w.callsigns or icao in w.icao24 or (reg is not None and reg in w.registrations)
               for w in selection.wants)
