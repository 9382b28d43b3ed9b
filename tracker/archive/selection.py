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

import pandas as pd

from tracker.adsb.aircraft import registration_key


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
        wants.append(Want(registrations=frozenset(trip.registrations), callsigns=frozenset(trip.callsigns),
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
