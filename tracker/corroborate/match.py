"""Which aircraft, flight and ground stay a claim is about.

1. group claims by trip (`Claim.trip`); a trip's identity (registration, callsign, type) and
   places are the union of what its claims state, so "the Il-62M stayed 36 hours" is matched
   to the aircraft that flew "RFF7203" in the same trip;
2. rank aircraft against the trip's identity (`rank_aircraft`), keeping the reasons; a
   nationality or type family the aircraft's marks rule out excludes it when the trip names
   no registration or callsign;
3. for each claim, rank that aircraft's flights (`rank_flights`) and stays (`pick_stay`).

A dwell is compared only with a stay at a place the claim (or its trip) resolves to, or one
its own times pin down: never with some other airport's stay.
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tracker.adsb import aircraft
from tracker.adsb.aircraft import registration_key
from tracker.adsb.schema import track_keys
from tracker.corroborate import families, states
from tracker.corroborate.checks import (
    CALLSIGN_OPERATOR,
    TIME_TOLERANCE,
    Subject,
    claimed_type,
    norm_code,
    place_matches,
    place_outcome,
)
from tracker.model import (
    Claim,
    Flight,
    FlightsResult,
    GroundStay,
    HoursRange,
    Outcome,
    Place,
    TimeWindow,
    describe_track,
)
from tracker.output import fmt

SEARCH_SLACK = dt.timedelta(hours=24)  # a flight this far outside the claimed times is not a candidate
MILITARY_FLAG = 1  # tar1090-db dbFlags bit: military (2 interesting, 4 PIA, 8 LADD)

@dataclass
class Aircraft:
    """What the recordings (and the aircraft database behind the readers) say about one aircraft.

    `key` is its track key (`tracker.flights.segment.track_keys`): the icao24, or `<file>#<callsign>` for
    a file without transponder addresses, whose identity is its callsign alone."""

    key: str
    registrations: set[str] = field(default_factory=set)
    callsigns: set[str] = field(default_factory=set)
    typecodes: set[str] = field(default_factory=set)
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    written: dict[str, str] = field(default_factory=dict)  # normalised registration → as the data writes it
    military: bool | None = None  # aircraft database flag; None when no database with flags was read
    military_basis: str = "tar1090-db military flag"
    military_weak: bool = False  # the flag was read from the callsign's operator, not a database
    from_callsign: set[str] = field(default_factory=set)  # registrations known only as the broadcast callsign

    @property
    def icao24(self) -> str | None:
        return None if "#" in self.key else self.key

    def who(self) -> str:
        """The icao24, or what the file says instead (`no icao24: THY9BP in export.csv`)."""
        return self.icao24 or describe_track(self.key)

    def named(self) -> str:
        """`icao24 4b1805`, or `no icao24: THY9BP in export.csv`."""
        return describe_track(self.key)

    def shown(self) -> str:
        return ", ".join(sorted(self.written.get(r, r) for r in self.registrations))

    def label(self) -> str:
        parts = [self.who(), *sorted(self.written.get(r, r) for r in self.registrations), *sorted(self.typecodes)]
        return " ".join(parts)

    def subject(self) -> Subject:
        """What a checker needs to know of it."""
        return Subject(self.icao24, self.named(), set(self.registrations), dict(self.written), set(self.typecodes),
                       self.military, self.military_basis, set(self.from_callsign), self.military_weak)

    def states(self) -> set[str]:
        """The states its marks name: registration prefix and address block."""
        found = {s for r in self.registrations if (s := states.of_registration(self.written.get(r, r)))}
        if self.icao24 and (s := states.of_icao24(self.icao24)):
            found.add(s)
        return found


def aircraft_index(result: FlightsResult, table: pd.DataFrame) -> dict[str, Aircraft]:
    """One `Aircraft` per track key from the table (vectorised groupby) and the flights."""
    index: dict[str, Aircraft] = {}
    if table is not None and not table.empty:
        table = table.assign(track=track_keys(table))
        grouped = table.groupby("track", sort=True)
        spans = grouped["time"].agg(["min", "max"])
        for column, attr, norm in (("registration", "registrations", registration_key),
                                   ("callsign", "callsigns", norm_code), ("typecode", "typecodes", norm_code)):
            values = table[["track", column]].dropna().drop_duplicates()
            for key, value in zip(values["track"], values[column]):
                normed = norm(value)
                if normed:
                    a = index.setdefault(str(key), Aircraft(str(key)))
                    getattr(a, attr).add(normed)
                    if attr == "registrations":
                        a.written.setdefault(normed, str(value).strip().upper())
        for key, row in spans.iterrows():
            a = index.setdefault(str(key), Aircraft(str(key)))
            a.first_seen, a.last_seen = row["min"].to_pydatetime(warn=False), row["max"].to_pydatetime(warn=False)
        for key, flag in _military_flags(table).items():
            index.setdefault(key, Aircraft(key)).military = flag
    _military_from_database(index)
    for f in result.flights:
        a = index.setdefault(str(f.track), Aircraft(str(f.track)))
        for attr, value, norm in (("registrations", f.registration, registration_key),
                                  ("callsigns", f.callsign, norm_code), ("typecodes", f.typecode, norm_code)):
            normed = norm(value)
            if normed:
                getattr(a, attr).add(normed)
                if attr == "registrations":
                    a.written.setdefault(normed, str(value).strip().upper())
    for s in result.stays:
        a = index.setdefault(str(s.track), Aircraft(str(s.track)))
        if reg := registration_key(s.registration):
            a.registrations.add(reg)
    for a in index.values():  # "VPCAL": a business jet with no flight number broadcasts its registration
        if not a.registrations:
            for written in filter(None, map(states.registration_in_callsign, sorted(a.callsigns))):
                key = registration_key(written)
                if key:
                    a.registrations.add(key)
                    a.written.setdefault(key, written)
                    a.from_callsign.add(key)
    _military_from_callsign(index)
    return index


_CALLSIGN_OPERATOR = re.compile(r"([A-Z]{3})[0-9][0-9A-Z]*")


def _military_from_callsign(index: dict[str, Aircraft]) -> None:
    """Where nothing else said, the operator its callsigns' designator belongs to may ("FAF4011": Force
    Aerienne Francaise, FRENCH AIR FORCE): evidence for military when every callsign it broadcast has a
    military operator's designator (weak: designators are reassigned and the table is OpenFlights'),
    never against it."""
    from tracker.claims.identity import operators  # the operator table lives with the callsign readers

    for a in index.values():
        if a.military is not None or not a.callsigns:
            continue
        found = [_CALLSIGN_OPERATOR.fullmatch(c) for c in a.callsigns]
        if not all(found):
            continue  # a callsign with no designator ("VPCAL", "SWISS") says nothing of an operator
        named = {m.group(1): operators().get(m.group(1)) for m in found if m}
        if all(n is not None and MILITARY_OPERATOR.search(n) for n in named.values()):
            a.military, a.military_weak = True, True
            a.military_basis = f"{CALLSIGN_OPERATOR} " + "; ".join(f"{code} ({n})" for code, n in sorted(named.items()))


def _military_flags(table: pd.DataFrame) -> dict[str, bool]:
    """Per track, the military flag from a `military` column or tar1090-db `db_flags` (bit 1),
    when the reader kept one; tracks with no value stay unknown."""
    if "military" in table.columns:
        col = table["military"].astype("boolean")
    elif "db_flags" in table.columns:
        flags = pd.to_numeric(table["db_flags"], errors="coerce")
        col = (flags // MILITARY_FLAG % 2 == 1).astype("boolean").where(flags.notna())
    else:
        return {}
    known = table.assign(_flag=col)[["track", "_flag"]].dropna().drop_duplicates("track")
    return {str(k): bool(v) for k, v in zip(known["track"], known["_flag"])}


MILITARY_OPERATOR = re.compile(r"\b(?:air ?force|navy|naval|army|militar\w*|militair\w*|force a[eé]rienne|luftwaffe|"
                               r"aerospace forces|ministry of defen[cs]e|"
                               r"marine corps|coast guard)\b", re.IGNORECASE)


def _military_from_database(index: dict[str, Aircraft]) -> None:
    """Where no flag was read, the aircraft database's operator may still say it ("Russian Air
    Force"): evidence for military, never against it (an operator name that says nothing
    proves nothing)."""
    unknown = [a for a in index.values() if a.military is None and a.icao24]
    if not unknown:
        return
    db = aircraft.load()
    for a in unknown:
        if a.icao24 not in db.index:
            continue
        flag = db.at[a.icao24, "military"] if "military" in db.columns else None  # tar1090-db dbFlags bit 1
        if isinstance(flag, (bool, np.bool_)):  # NA: the database says nothing
            a.military = bool(flag)
            continue
        operator = db.at[a.icao24, "operator"] if "operator" in db.columns else None
        if isinstance(operator, str) and MILITARY_OPERATOR.search(operator):
            a.military = True
            a.military_basis = f"operator {operator!r} in the aircraft database"


# --------------------------------------------------------------------------- trips

@dataclass
class Trip:
    """What all claims of one trip say together: identity, places, and the time they span."""

    key: str
    claims: list[Claim]
    registrations: set[str]
    callsigns: set[str]
    typecodes: set[str]
    places: list[Place]
    frame: TimeWindow | None
    named: list[str] = field(default_factory=list)  # registrations and callsigns as the text writes them
    nationalities: set[str] = field(default_factory=set)
    families: set[str] = field(default_factory=set)  # type families, for matching (variants are the check's job)
    other: bool = False  # introduced as another aircraft ("a similar jet"): inherits no identity
    torn: str | None = None  # why this claim's trip was split: its sentences named two recorded aircraft

    @property
    def strong_identity(self) -> bool:
        return bool(self.registrations or self.callsigns)


def _claim_windows(claim: Claim) -> list[TimeWindow]:
    return [w for w in (claim.departure, claim.arrival, claim.movement) if w is not None]


def build_trip(key: str, claims: list[Claim]) -> Trip:
    moments = [t for c in claims for w in _claim_windows(c) for t in (w.earliest, w.latest) if t is not None]
    longest = max((c.dwell_hours.max or 0.0 for c in claims if c.dwell_hours), default=0.0)
    frame = None
    if moments:
        frame = TimeWindow(min(moments) - SEARCH_SLACK - dt.timedelta(hours=longest),
                           max(moments) + SEARCH_SLACK + dt.timedelta(hours=longest))
    return Trip(
        key=key,
        claims=claims,
        registrations={r for c in claims if (r := registration_key(c.registration))},
        callsigns={s for c in claims if (s := norm_code(c.callsign))},
        typecodes={t for c in claims if (t := claimed_type(c)[0])},
        places=[p for c in claims for p in (c.origin, c.destination) if p is not None],
        frame=frame,
        named=sorted({x.strip() for c in claims for x in (c.registration, c.callsign) if x}),
        nationalities={c.nationality.upper() for c in claims if c.nationality},
        families={families.family(t) or t for c in claims if (t := claimed_type(c)[0])},
        other=any(getattr(c, "other_aircraft", False) for c in claims),
    )


def split_two_aircraft(trip: Trip, index: dict[str, Aircraft], flights_by: dict[str, list[Flight]]) -> list[Trip]:
    """A trip whose registrations and callsigns belong to two different aircraft flying in its frame
    ("VP-CAL left at 3:50", "A US military jet using the callsign DUKE58 …"): the article spoke of two
    aircraft. Each claim naming one keeps its own; a claim naming neither, or naming both in one
    sentence ("HUAF408 departed at 15:52, followed by T7-DSD"), is torn: which one it speaks of is open."""
    if not (trip.registrations and trip.callsigns):
        return [trip]
    flying = {k for k, fs in flights_by.items() if any(_flight_in(f, trip.frame) for f in fs)}

    def apart(regs: set[str], calls: set[str]) -> bool:
        by_reg = {a.key for a in index.values() if a.registrations & regs and a.key in flying}
        by_call = {a.key for a in index.values() if a.callsigns & calls and a.key in flying}
        return bool(by_reg) and bool(by_call) and not by_reg & by_call

    if not apart(trip.registrations, trip.callsigns):
        return [trip]
    names = ", ".join(trip.named)
    groups: list[list[Claim]] = []  # claims by the aircraft they name; an unnamed one with the one named last
    torn: list[Claim] = []
    last: list[Claim] | None = None
    both: list[Claim] = []
    for claim in trip.claims:
        reg, call = registration_key(claim.registration), norm_code(claim.callsign)
        own = {x for x in (reg, call) if x}
        if reg and call and apart({reg}, {call}):
            both.append(claim)  # "HUAF408 departed at 15:52, followed by T7-DSD": two aircraft in one claim
            continue
        if not own:
            if last is None:
                torn.append(claim)
            else:
                last.append(claim)
            continue
        last = next((g for g in groups if any(own & _claim_names(c) for c in g)), None)
        if last is None:
            last = []
            groups.append(last)
        last.append(claim)
    out = [build_trip(f"{trip.key}/{n}", g) for n, g in enumerate(groups, 1)]
    for claim in both:
        part = build_trip(f"{trip.key}/{len(out) + 1}", [claim])
        part.torn = (f"the sentence names {', '.join(part.named)}, which the recordings show are two aircraft: "
                     "which of them each part of it speaks of is open")
        out.append(part)
    for n, claim in enumerate(torn, len(out) + 1):
        part = build_trip(f"{trip.key}/{n}", [claim])
        part.torn = (f"its trip names {names}, which the recordings show are two aircraft, and no sentence before "
                     "this one named either: which one it speaks of is open")
        out.append(part)
    return out


def _claim_names(c: Claim) -> set[str]:
    return {x for x in (registration_key(c.registration), norm_code(c.callsign)) if x}


def group_trips(claims: list[Claim]) -> list[Trip]:
    groups: dict[tuple[str, str], list[Claim]] = {}
    for n, claim in enumerate(claims):  # a trip belongs to one article; a claim without one is its own trip
        groups.setdefault((claim.article, claim.trip or f"#{n}"), []).append(claim)
    return [build_trip(f"{article}/{key}", members) for (article, key), members in groups.items()]


# --------------------------------------------------------------------------- places

@dataclass
class Candidate:
    label: str
    score: float
    reasons: list[str]

    def __str__(self) -> str:
        return f"{self.label}: score {self.score:g} ({'; '.join(self.reasons) or 'no evidence'})"


def rank_aircraft(trip: Trip, index: dict[str, Aircraft], in_frame_by: dict[str, list[Flight]]) -> tuple[list[Aircraft], list[Candidate]]:
    """Aircraft that fit the trip's identity, best first. With a registration or callsign stated,
    only aircraft carrying one of them qualify; otherwise type plus route and time must fit."""
    ranked: list[tuple[Candidate, Aircraft]] = []
    # with a registration or callsign any aircraft may carry it; otherwise only those flying in the frame can fit
    pool = index.values() if trip.strong_identity else [index[k] for k in in_frame_by if k in index]
    for a in pool:
        score, reasons, excluded = 0.0, [], []
        # a type matches by family: "a Boeing 737" fits a B738 (the check then says how well)
        have_types = {t for t in a.typecodes if t in trip.typecodes or (families.family(t) or t) in trip.families}
        for wanted, have, hit, weight, name in ((trip.registrations, a.registrations, None, 4, "registration"),
                                                (trip.callsigns, a.callsigns, None, 3, "callsign"),
                                                (trip.typecodes, a.typecodes, have_types, 1, "type")):
            hit = have & wanted if hit is None else hit
            if wanted and hit:
                score += weight
                reasons.append(f"{name} {', '.join(sorted(a.written.get(x, x) for x in hit))}")
            elif wanted and have:
                excluded.append(f"{name} {', '.join(sorted(a.written.get(x, x) for x in have))}")
        marks = a.states() if trip.nationalities else set()
        if marks and not marks & trip.nationalities:
            excluded.append(f"marks of {', '.join(sorted(marks))}, not {', '.join(sorted(trip.nationalities))}")
        strong = score >= 3  # registration or callsign matched
        if trip.strong_identity and not strong:
            continue
        in_frame = in_frame_by.get(a.key, [])
        touching = [f for f in in_frame if any(place_matches(p, r) for p in trip.places for r in (f.origin, f.destination))]
        if in_frame:
            score += 0.5
            reasons.append(f"{len(in_frame)} flight(s) in the trip's time frame")
        if touching:
            score += 1
            reasons.append(f"{len(touching)} touching a claimed place")
        if trip.strong_identity:
            qualifies = strong
        else:
            qualifies = not excluded and bool(touching)  # an unknown type fits, but ranks below a matching one
        if qualifies:
            ranked.append((Candidate(a.label(), score, reasons + [f"but {x}" for x in excluded]), a))
    ranked.sort(key=lambda pair: (-pair[0].score, pair[1].key))
    if not ranked:
        return [], []
    top = ranked[0][0].score
    return [a for c, a in ranked if c.score == top], [c for c, _ in ranked]


def by_track(records: Iterable) -> dict[str, list]:
    """Flights or stays by track key (icao24, or file#callsign without one)."""
    out: dict[str, list] = {}
    for r in records:
        out.setdefault(r.track, []).append(r)
    return out


def _flight_span(f: Flight) -> tuple[dt.datetime | None, dt.datetime | None]:
    return (f.takeoff.earliest or f.first_seen or f.landing.earliest, f.landing.latest or f.last_seen or f.takeoff.latest)


def _flight_in(f: Flight, frame: TimeWindow | None) -> bool:
    if frame is None:
        return True
    start, end = _flight_span(f)
    return not ((end is not None and frame.earliest is not None and end < frame.earliest)
                or (start is not None and frame.latest is not None and start > frame.latest))


def flights_in_frames(flights: list[Flight], frames: list[TimeWindow | None]) -> list[dict[str, list[Flight]]]:
    """For each frame, the flights overlapping it by aircraft: one vectorised comparison per frame
    instead of a Python test per flight."""
    never = pd.Timestamp.max.tz_localize("UTC")
    spans = [_flight_span(f) for f in flights]
    # pandas 3 infers microseconds from datetime objects: fix the unit before comparing integers
    starts = pd.DatetimeIndex([s or pd.Timestamp.min.tz_localize("UTC") for s, _ in spans]).as_unit("ns").asi8
    ends = pd.DatetimeIndex([e or never for _, e in spans]).as_unit("ns").asi8
    out = []
    for frame in frames:
        if frame is None:
            out.append(by_track(flights))
            continue
        lo = pd.Timestamp(frame.earliest).as_unit("ns").value if frame.earliest else starts.min(initial=0)
        hi = pd.Timestamp(frame.latest).as_unit("ns").value if frame.latest else ends.max(initial=0)
        picked = ((ends >= lo) & (starts <= hi)).nonzero()[0]
        out.append(by_track(flights[i] for i in picked))
    return out


def _near(window: TimeWindow | None, claimed: TimeWindow | None, slack: dt.timedelta = SEARCH_SLACK) -> bool:
    """The windows overlap once the claimed one is widened by `slack` on both sides."""
    if window is None or claimed is None:
        return False
    wide = TimeWindow(claimed.earliest - slack if claimed.earliest else None,
                      claimed.latest + slack if claimed.latest else None)
    return window.overlaps(wide)


def rank_flights(claim: Claim, trip: Trip, flights: list[Flight],
                 established: dict[str, set[str]] | None = None) -> list[tuple[float, Flight, list[str]]]:
    """Flights of one aircraft that fit the claim, best first. `established`: flight id → the
    fields ("origin", "destination") another claim of the trip was supported on; a claim naming
    another place there is about another leg, not this flight ("later that day it flew on to Nice")."""
    ranked = []
    for f in flights:
        if not _flight_in(f, trip.frame):
            continue
        if established and _another_leg(claim, f, established.get(f.id, set())):
            continue
        score, why = 0.0, list[str]()
        for claimed, observed, name in ((claim.departure, f.takeoff, "takeoff"), (claim.arrival, f.landing, "landing")):
            if _near(observed, claimed, TIME_TOLERANCE):  # the same tolerance the check applies
                score, why = score + 3, why + [f"{name} overlaps the claimed time"]
            elif _near(observed, claimed):
                score, why = score + 1, why + [f"{name} within a day of the claimed time"]
        for place, ref, name in ((claim.origin, f.origin, "origin"), (claim.destination, f.destination, "destination")):
            if place is not None and ref is not None and place_matches(place, ref):
                score, why = score + 2, why + [f"{name} {ref.icao} fits {place.text}"]
        if claim.movement is not None:
            start, end = _flight_span(f)
            if start and end and _near(TimeWindow(start, max(start, end)), claim.movement, TIME_TOLERANCE):
                score, why = score + 3, why + ["under way within the claimed time"]
            elif start and end and _near(TimeWindow(start, max(start, end)), claim.movement):
                score, why = score + 1, why + ["within a day of the claimed time"]
        if norm_code(claim.callsign) and norm_code(claim.callsign) == norm_code(f.callsign):
            score, why = score + 2, why + [f"callsign {f.callsign}"]
        if score == 0 and (claim.departure or claim.arrival or claim.movement or claim.origin or claim.destination):
            continue  # states time or route and this flight fits neither
        ranked.append((score, f, why))
    ranked.sort(key=lambda t: (-t[0], t[1].takeoff.earliest or dt.datetime.max.replace(tzinfo=dt.UTC)))
    return ranked


def _another_leg(claim: Claim, f: Flight, fields: set[str]) -> bool:
    for name in fields:
        place = getattr(claim, name)
        ref = f.origin if name == "origin" else f.destination
        if place is not None and not place.weak and place.airports and ref is not None and ref.icao \
                and place_outcome(place, ref) == "contradicted":
            return True
    return False


def _trip_destinations(trip: Trip) -> list[Place]:
    return [c.destination for c in trip.claims if c.destination is not None]


def _stay_span(s: GroundStay) -> TimeWindow:
    """What was observed of a stay: an open end (the recording stops) does not stretch it."""
    start = s.arrival.earliest or s.arrival.latest or s.departure.earliest
    end = s.departure.latest or s.departure.earliest or s.arrival.latest
    return TimeWindow(start, end)


def _homes(trip: Trip) -> list[Place]:
    """Where the trip set out from: origins of its claims that state no stay ("left Moscow")."""
    return [c.origin for c in trip.claims if c.origin is not None and c.dwell_hours is None]


def gap_stay(trip: Trip, flights: list[Flight], flight: Flight | None) -> GroundStay | None:
    """When no stay was recorded, the time between two consecutive flights whose landing and
    next takeoff were both unobserved (no coverage there) bounds the dwell: from nothing up to
    the whole gap. Only one such pair in the trip's frame (or next to the matched flight) counts."""
    ordered = sorted((f for f in flights if _flight_in(f, trip.frame)),
                     key=lambda f: _flight_span(f)[0] or dt.datetime.min.replace(tzinfo=dt.UTC))
    homes = _homes(trip)
    pairs = [(a, b) for a, b in itertools.pairwise(ordered)
             if (a.destination is None or a.destination.icao is None) and (b.origin is None or b.origin.icao is None)
             and a.landing.earliest and b.takeoff.latest and not any(place_matches(p, a.destination) for p in homes)]
    if flight is not None:
        pairs = [(a, b) for a, b in pairs if flight in (a, b)]
    if len(pairs) != 1:
        return None
    a, b = pairs[0]
    assert a.landing.earliest is not None and b.takeoff.latest is not None  # the pairs are chosen so
    low = max(0.0, ((b.takeoff.earliest or b.takeoff.latest) - (a.landing.latest or a.landing.earliest)).total_seconds() / 3600)
    high = (b.takeoff.latest - a.landing.earliest).total_seconds() / 3600
    return GroundStay(icao24=a.icao24, track=a.track, registration=a.registration, airport=None, arrival=a.landing,
                      departure=b.takeoff, dwell_hours=HoursRange(round(low, 3), round(high, 3)), inferred=True,
                      arriving_flight=a.id, departing_flight=b.id)


def _same_place(p: Place, q: Place) -> bool:
    """Could both name one place ("Pyongyang" and "North Korea" can; "Pyongyang" and "Vladivostok" cannot)?"""
    if p.country and q.country and p.country != q.country:
        return False
    if p.airports and q.airports:
        return bool(set(p.airports) & set(q.airports))
    return True


def _resolved(place: Place | None) -> bool:
    return place is not None and bool(place.airports or place.country)


def pick_stay(claim: Claim, trip: Trip, stays: list[GroundStay], flights: list[Flight],
              flight: Flight | None) -> tuple[GroundStay | None, str | None, Outcome]:
    """The stay a dwell claim is about: (stay, how it was chosen, outcome when there is none).

    Only a stay at the place the claim names (its destination, else its origin), or — when it
    names none — at a place its trip resolves to, or one its own times pin down. A place named
    but not resolved leaves nothing to compare with: never some other airport's stay."""
    own = getattr(claim, claim.dwell_at) if claim.dwell_at else (claim.destination or claim.origin)
    if claim.dwell_at == "origin" and own is None:  # "After a stay of eight hours, the jet left for Minneapolis"
        before = [s for s in stays if flight is not None and s.departing_flight == flight.id]
        if before:
            return before[0], "the stay that ended with the flight the claim speaks of (no place named)", "no-data"
        return None, ("the stay is the one before the flight the claim speaks of, and no such flight or stay "
                      "was recorded"), "inconclusive"
    in_frame = [s for s in stays if trip.frame is None or _stay_span(s).overlaps(trip.frame)]
    if own is not None and not _resolved(own):
        return None, f"the place {own.text!r} is not resolved to an airport or country: no stay to compare with", "inconclusive"
    basis = None
    if own is not None:
        places = [own]
    else:
        homes = _homes(trip)
        # a hedged alternative ("may instead have landed in Vladivostok") is no place to inherit
        places = [c.destination for c in trip.claims if c is not claim and not c.hedged and _resolved(c.destination)]
        in_frame = [s for s in in_frame if not any(place_matches(p, s.airport) for p in homes)]
        if any(not _same_place(p, q) for p in places for q in places):
            named = ", ".join(dict.fromkeys(p.text for p in places))
            return None, (f"the claim names no place and its trip names several ({named}): which stay it means "
                          "is not known"), "inconclusive"
        if places:
            basis = f"the claim names no place; its trip's destination {', '.join(dict.fromkeys(p.text for p in places))}"
    if places:
        at = [s for s in in_frame if any(place_matches(p, s.airport) for p in places)]
        if not at:
            gap = gap_stay(trip, flights, flight)
            if gap is not None:
                return gap, basis, "no-data"
            where = ", ".join(dict.fromkeys(p.text for p in places))
            return None, f"no ground stay at {where} recorded in the trip's time frame", "no-data"
    else:
        at = [s for s in in_frame if (claim.arrival is not None and s.arrival.overlaps(claim.arrival))
              or (claim.departure is not None and s.departure.overlaps(claim.departure))]
        if not at:
            return None, ("the claim names no place and no time that pins a stay down: nothing to compare "
                          "the dwell with"), "inconclusive"
        basis = "the stay its own times pin down (no place named)"
    return _rank_stays(claim, at, flight)[0][1], basis, "no-data"


def _rank_stays(claim: Claim, stays: list[GroundStay], flight: Flight | None) -> list[tuple[float, GroundStay]]:
    ranked = []
    for s in stays:
        score = 0.0
        if s.dwell_hours.min is not None and s.dwell_hours.max is not None:
            score += 1  # both ends seen: a stay, not the start or end of a recording
        if s.arriving_flight is not None:
            score += 0.5  # texts speak of stays after an arrival, not before the first takeoff seen
        if flight is not None and flight.id in (s.arriving_flight, s.departing_flight):
            score += 1
        if claim.arrival is not None and s.arrival.overlaps(claim.arrival):
            score += 1
        if claim.departure is not None and s.departure.overlaps(claim.departure):
            score += 1
        ranked.append((score, s))
    ranked.sort(key=lambda t: (-t[0], t[1].arrival.earliest or dt.datetime.min.replace(tzinfo=dt.UTC)))
    return ranked


# --------------------------------------------------------------------------- field checks

def present(a: Aircraft, frame: TimeWindow | None, flights_by: dict, stays_by: dict, track: pd.DataFrame | None) -> bool:
    """Recorded at all during the trip's time frame: otherwise every field is no-data, even identity."""
    if frame is None:
        return True
    if any(_flight_in(f, frame) for f in flights_by.get(a.key, [])):
        return True
    if any(_stay_span(s).overlaps(frame) for s in stays_by.get(a.key, [])):
        return True
    if track is None or track.empty:
        return False
    return bool(((track["time"] >= frame.earliest) & (track["time"] <= frame.latest)).any())


def no_aircraft_reason(trip: Trip, index: dict[str, Aircraft]) -> str:
    wanted = trip.named or sorted(trip.typecodes) or ["any aircraft"]
    frame = f" between {fmt.window(trip.frame)}" if trip.frame else ""
    if not index:
        return "the recordings hold no aircraft at all"
    seen = [a for a in index.values() if a.registrations & trip.registrations or a.callsigns & trip.callsigns]
    if seen:
        spans = "; ".join(f"{a.who()} recorded {fmt.second(a.first_seen)}–{fmt.second(a.last_seen)}" for a in seen)
        return f"{'/'.join(wanted)} is in the recordings but not{frame} ({spans})"
    return f"nothing recorded for {'/'.join(wanted)}{frame}" + (
        " on the claimed route" if not trip.strong_identity else "")

