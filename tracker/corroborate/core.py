"""Claims against flights and ground stays: one verdict per claim, one check per stated field.

The pipeline, top-down:
1. group claims by trip (`Claim.trip`); a trip's identity (registration, callsign, type) and
   places are the union of what its claims state, so "the Il-62M stayed 36 hours" is matched
   to the aircraft that flew "RFF7203" in the same trip;
2. rank aircraft against the trip's identity (`_rank_aircraft`), keeping the reasons;
3. for each claim, rank that aircraft's flights and stays by time overlap and route;
4. check each field the claim states (`_check_field`), with the tolerance written down;
   when several aircraft fit equally, a field keeps its outcome only where they all agree;
5. the claim's outcome follows from its checks by one rule (`claim_outcome`).

Absence of data is `no-data`, never `contradicted`; a field the data did not observe is never
`supported`.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pandas as pd

from tracker import airports
from tracker.geo import geodesic_km
from tracker.adsb.aircraft import registration_key
from tracker.adsb.schema import track_keys
from tracker.model import (
    AirportRef, Check, Claim, Flight, FlightsResult, GroundStay, HoursRange, Place, TimeWindow, Verdict,
    describe_track, iso,
)

# --------------------------------------------------------------------------- tolerances (written into every check)

TIME_TOLERANCE = dt.timedelta(minutes=30)  # ADS-B takeoff/landing timing and "morning"-type edges
DWELL_TOLERANCE_H = 1.0  # on top of the text's own interval ("about 36 hours" is already 30.6–41.4 h)
SAME_PLACE_KM = 60.0  # an airfield this close to a claimed city's airports serves the same city
SEARCH_SLACK = dt.timedelta(hours=24)  # a flight this far outside the claimed times is not a candidate

FIELDS: tuple[str, ...] = (
    "registration", "callsign", "aircraft_type", "origin", "destination", "departure", "arrival", "dwell",
)

def claim_outcome(checks: list[Check]) -> str:
    """THE rule: contradicted if any field is contradicted; supported only if every field is
    supported; no-data if no field found data; inconclusive otherwise (and when nothing is checkable)."""
    return combine(c.outcome for c in checks)


def combine(outcomes_: Iterable[str]) -> str:
    """The same rule over any outcomes: a claim's fields, or an article's claims."""
    outcomes = set(outcomes_)
    if not outcomes:
        return "inconclusive"
    if "contradicted" in outcomes:
        return "contradicted"
    if outcomes == {"supported"}:
        return "supported"
    if outcomes == {"no-data"}:
        return "no-data"
    return "inconclusive"


# --------------------------------------------------------------------------- identity

def norm_code(value: str | None) -> str | None:
    """Callsigns and type designators: trimmed, upper case."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value).strip().upper()
    return text or None


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
    for f in result.flights:
        a = index.setdefault(f.track, Aircraft(f.track))
        for attr, value, norm in (("registrations", f.registration, registration_key),
                                  ("callsigns", f.callsign, norm_code), ("typecodes", f.typecode, norm_code)):
            if norm(value):
                getattr(a, attr).add(norm(value))
                if attr == "registrations":
                    a.written.setdefault(norm(value), str(value).strip().upper())
    for s in result.stays:
        a = index.setdefault(s.track, Aircraft(s.track))
        if registration_key(s.registration):
            a.registrations.add(registration_key(s.registration))
    return index


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

    @property
    def strong_identity(self) -> bool:
        return bool(self.registrations or self.callsigns)


def _claim_windows(claim: Claim) -> list[TimeWindow]:
    return [w for w in (claim.departure, claim.arrival) if w is not None]


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
        typecodes={t for c in claims if (t := norm_code(c.aircraft_type))},
        places=[p for c in claims for p in (c.origin, c.destination) if p is not None],
        frame=frame,
        named=sorted({x.strip() for c in claims for x in (c.registration, c.callsign) if x}),
    )


def group_trips(claims: list[Claim]) -> list[Trip]:
    groups: dict[tuple[str, str], list[Claim]] = {}
    for n, claim in enumerate(claims):  # a trip belongs to one article; a claim without one is its own trip
        groups.setdefault((claim.article, claim.trip or f"#{n}"), []).append(claim)
    return [build_trip(f"{article}/{key}", members) for (article, key), members in groups.items()]


# --------------------------------------------------------------------------- places

def _nearest_claimed(icao: str, claimed: tuple[str, ...]) -> str | None:
    """The claimed airport nearest the observed one: haversine over the whole list at once
    ("Russia" is hundreds of airports), geodesic only for the one reported."""
    here = airports.get(icao)
    known = [c for c in claimed if airports.get(c) is not None]
    if here is None or not known:
        return None
    pos = airports.get_many(known)
    return known[int(airports.haversine_km(here.lat, here.lon, pos["lat"], pos["lon"]).argmin())]


@functools.lru_cache(maxsize=65536)
def _airport_distance_km(a: str, b: str) -> float | None:
    pa, pb = airports.get(a), airports.get(b)
    if pa is None or pb is None:
        return None
    return geodesic_km(pa.lat, pa.lon, pb.lat, pb.lon)


def place_outcome(place: Place, ref: AirportRef | None) -> tuple[str, str, str | None]:
    """(outcome, observed text, delta) for an observed airport against a claimed place."""
    return _place_outcome(tuple(place.airports), place.country, ref)


@functools.lru_cache(maxsize=65536)
def _place_outcome(claimed: tuple[str, ...], country: str | None, ref: AirportRef | None) -> tuple[str, str, str | None]:
    """Memoised on (claimed airports, country, observed airport): ranking asks the same question often."""
    place = Place("", list(claimed), country)
    if ref is None or ref.icao is None:
        where = f"track ends at ({ref.lat:.3f}, {ref.lon:.3f}) away from any airport" if ref and ref.lat is not None \
            else "no airport observed (the track starts or ends in the air)"
        return "inconclusive", where, None
    observed = ref.icao + (f" ({ref.distance_km:.1f} km)" if ref.distance_km is not None else "")
    if ref.runner_up and place.airports and (ref.icao in place.airports) != (ref.runner_up in place.airports):
        if ref.runner_up_km is not None and ref.distance_km is not None and ref.runner_up_km - ref.distance_km < 2.0:
            return "inconclusive", f"{observed} or {ref.runner_up} ({ref.runner_up_km:.1f} km): too close to tell", None
    if place.airports:
        if ref.icao in place.airports:
            return "supported", observed, "0 km (a claimed airport)"
        closest = _nearest_claimed(ref.icao, claimed)
        if closest:
            d = _airport_distance_km(ref.icao, closest)
            if d <= SAME_PLACE_KM:
                return "supported", observed, f"{d:.0f} km from {closest}"
            return "contradicted", observed, f"{d:.0f} km from the nearest claimed airport {closest}"
        return "inconclusive", observed, "claimed airports unknown to the airport database"
    if place.country:
        info = airports.get(ref.icao)
        if info is None:
            return "inconclusive", observed, "observed airport not in the airport database"
        return ("supported" if info.country == place.country else "contradicted"), f"{observed}, country {info.country}", None
    return "inconclusive", observed, "the claimed place names no airport or country"


def _place_text(place: Place) -> str:
    bits = [place.text]
    if place.airports:
        bits.append("= " + ", ".join(place.airports[:8]) + ("…" if len(place.airports) > 8 else ""))
    elif place.country:
        bits.append(f"= country {place.country}")
    return " ".join(bits)


def _place_matches(place: Place | None, ref: AirportRef | None) -> bool:
    return place is not None and ref is not None and place_outcome(place, ref)[0] == "supported"


# --------------------------------------------------------------------------- intervals

def _compare(c_lo, c_hi, o_lo, o_hi, tolerance):
    """One interval rule for times and durations alike: ("supported", None) when the observed
    interval lies inside the claimed one widened by the tolerance; ("contradicted", (side, gap))
    when they are disjoint; ("inconclusive", None) when they overlap only in part."""
    lo = c_lo - tolerance if c_lo is not None else None
    hi = c_hi + tolerance if c_hi is not None else None
    if (lo is None or (o_lo is not None and o_lo >= lo)) and (hi is None or (o_hi is not None and o_hi <= hi)):
        return "supported", None
    if o_hi is not None and lo is not None and o_hi < lo:
        return "contradicted", ("below", c_lo - o_hi)
    if o_lo is not None and hi is not None and o_lo > hi:
        return "contradicted", ("above", o_lo - c_hi)
    return "inconclusive", None


def compare_window(claimed: TimeWindow, observed: TimeWindow, tolerance: dt.timedelta) -> tuple[str, str]:
    outcome, off = _compare(claimed.earliest, claimed.latest, observed.earliest, observed.latest, tolerance)
    if off is None:
        return outcome, ("inside the claimed interval" if outcome == "supported" else "the observed interval straddles the claimed one")
    side, gap = off
    return outcome, f"{_hours(gap)} {'before the claimed earliest' if side == 'below' else 'after the claimed latest'}"


def compare_hours(claimed: HoursRange, observed: HoursRange, tolerance: float) -> tuple[str, str]:
    outcome, off = _compare(claimed.min, claimed.max, observed.min, observed.max, tolerance)
    if off is None:
        return outcome, ("inside the claimed range" if outcome == "supported" else "the observed range straddles the claimed one")
    side, gap = off
    return outcome, f"{gap:.1f} h {'shorter than the claimed minimum' if side == 'below' else 'longer than the claimed maximum'}"


def _hours(delta: dt.timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def _second(moment: dt.datetime | None) -> str:
    return iso(moment.replace(microsecond=0)) if moment else "…"


def _window_text(window: TimeWindow) -> str:
    """To the second: sub-second digits in a report are noise, not precision."""
    if window.bounded and window.width <= dt.timedelta(minutes=1):
        return _second(window.earliest)
    return f"{_second(window.earliest)}–{_second(window.latest)}"


def _local(window: TimeWindow, place: Place | None) -> str:
    """The claimed window again in the place's local time (what the text most likely meant)."""
    zone = _place_zone(place)
    if zone is None or not window.bounded:
        return ""
    tz = ZoneInfo(zone)
    a, b = window.earliest.astimezone(tz), window.latest.astimezone(tz)
    return f" ({zone.split('/')[-1]} time {a:%d %b %H:%M}–{b:%d %b %H:%M})"


def _place_zone(place: Place | None) -> str | None:
    if place is None:
        return None
    return _zone(tuple(place.airports), place.country)


@functools.lru_cache(maxsize=4096)
def _zone(claimed: tuple[str, ...], country: str | None) -> str | None:
    """The one IANA zone of the claimed airports (or the country), or None when they span several."""
    zones = {a.tz for code in claimed if (a := airports.get(code))}
    if not zones and country:
        zones = {a.tz for code in airports.in_country(country) if (a := airports.get(code))}
    return zones.pop() if len(zones) == 1 else None


# --------------------------------------------------------------------------- ranking

@dataclass
class Candidate:
    label: str
    score: float
    reasons: list[str]

    def __str__(self) -> str:
        return f"{self.label}: score {self.score:g} ({'; '.join(self.reasons) or 'no evidence'})"


def _rank_aircraft(trip: Trip, index: dict[str, Aircraft], in_frame_by: dict[str, list[Flight]]) -> tuple[list[Aircraft], list[Candidate]]:
    """Aircraft that fit the trip's identity, best first. With a registration or callsign stated,
    only aircraft carrying one of them qualify; otherwise type plus route and time must fit."""
    ranked: list[tuple[Candidate, Aircraft]] = []
    # with a registration or callsign any aircraft may carry it; otherwise only those flying in the frame can fit
    pool = index.values() if trip.strong_identity else [index[k] for k in in_frame_by if k in index]
    for a in pool:
        score, reasons, excluded = 0.0, [], []
        for wanted, have, weight, name in ((trip.registrations, a.registrations, 4, "registration"),
                                           (trip.callsigns, a.callsigns, 3, "callsign"),
                                           (trip.typecodes, a.typecodes, 1, "type")):
            if wanted and have & wanted:
                score += weight
                reasons.append(f"{name} {', '.join(sorted(a.written.get(x, x) for x in have & wanted))}")
            elif wanted and have:
                excluded.append(f"{name} {', '.join(sorted(a.written.get(x, x) for x in have))}")
        strong = score >= 3  # registration or callsign matched
        if trip.strong_identity and not strong:
            continue
        in_frame = in_frame_by.get(a.key, [])
        touching = [f for f in in_frame if any(_place_matches(p, r) for p in trip.places for r in (f.origin, f.destination))]
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


def _by_track(records: Iterable) -> dict[str, list]:
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
            picked = range(len(flights))
        else:
            lo = pd.Timestamp(frame.earliest).as_unit("ns").value if frame.earliest else starts.min(initial=0)
            hi = pd.Timestamp(frame.latest).as_unit("ns").value if frame.latest else ends.max(initial=0)
            picked = (ends >= lo) & (starts <= hi)
            picked = picked.nonzero()[0]
        out.append(_by_track(flights[i] for i in picked))
    return out


def _near(window: TimeWindow | None, claimed: TimeWindow | None, slack: dt.timedelta = SEARCH_SLACK) -> bool:
    """The windows overlap once the claimed one is widened by `slack` on both sides."""
    if window is None or claimed is None:
        return False
    wide = TimeWindow(claimed.earliest - slack if claimed.earliest else None,
                      claimed.latest + slack if claimed.latest else None)
    return window.overlaps(wide)


def _rank_flights(claim: Claim, trip: Trip, flights: list[Flight]) -> list[tuple[float, Flight, list[str]]]:
    ranked = []
    for f in flights:
        if not _flight_in(f, trip.frame):
            continue
        score, why = 0.0, []
        for claimed, observed, name in ((claim.departure, f.takeoff, "takeoff"), (claim.arrival, f.landing, "landing")):
            if _near(observed, claimed, TIME_TOLERANCE):  # the same tolerance the check applies
                score, why = score + 3, why + [f"{name} overlaps the claimed time"]
            elif _near(observed, claimed):
                score, why = score + 1, why + [f"{name} within a day of the claimed time"]
        for place, ref, name in ((claim.origin, f.origin, "origin"), (claim.destination, f.destination, "destination")):
            if _place_matches(place, ref):
                score, why = score + 2, why + [f"{name} {ref.icao} fits {place.text}"]
        if norm_code(claim.callsign) and norm_code(claim.callsign) == norm_code(f.callsign):
            score, why = score + 2, why + [f"callsign {f.callsign}"]
        if score == 0 and (claim.departure or claim.arrival or claim.origin or claim.destination):
            continue  # states time or route and this flight fits neither
        ranked.append((score, f, why))
    ranked.sort(key=lambda t: (-t[0], t[1].takeoff.earliest or dt.datetime.max.replace(tzinfo=dt.timezone.utc)))
    return ranked


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
                     key=lambda f: _flight_span(f)[0] or dt.datetime.min.replace(tzinfo=dt.timezone.utc))
    homes = _homes(trip)
    pairs = [(a, b) for a, b in zip(ordered, ordered[1:])
             if (a.destination is None or a.destination.icao is None) and (b.origin is None or b.origin.icao is None)
             and a.landing.earliest and b.takeoff.latest and not any(_place_matches(p, a.destination) for p in homes)]
    if flight is not None:
        pairs = [(a, b) for a, b in pairs if flight in (a, b)]
    if len(pairs) != 1:
        return None
    a, b = pairs[0]
    low = max(0.0, ((b.takeoff.earliest or b.takeoff.latest) - (a.landing.latest or a.landing.earliest)).total_seconds() / 3600)
    high = (b.takeoff.latest - a.landing.earliest).total_seconds() / 3600
    return GroundStay(icao24=a.icao24, track=a.track, registration=a.registration, airport=None, arrival=a.landing,
                      departure=b.takeoff, dwell_hours=HoursRange(round(low, 3), round(high, 3)), inferred=True,
                      arriving_flight=a.id, departing_flight=b.id)


def _rank_stays(claim: Claim, trip: Trip, stays: list[GroundStay], flight: Flight | None) -> list[tuple[float, GroundStay]]:
    ranked = []
    places = [p for p in (claim.destination, claim.origin) if p is not None] + _trip_destinations(trip)
    homes = _homes(trip)
    for s in stays:
        if trip.frame is not None and not _stay_span(s).overlaps(trip.frame):
            continue
        if any(_place_matches(p, s.airport) for p in homes):
            continue  # the place the trip set out from is not where it stayed
        score = 0.0
        if any(_place_matches(p, s.airport) for p in places):
            score += 2
        if s.dwell_hours.min is not None and s.dwell_hours.max is not None:
            score += 1  # both ends seen: a stay, not the start or end of a recording
        if s.arriving_flight is not None:
            score += 0.5  # texts speak of stays after an arrival, not before the first takeoff seen
        if flight is not None and flight.id in (s.arriving_flight, s.departing_flight):
            score += 1
        if claim.arrival is not None and s.arrival.overlaps(claim.arrival):
            score += 1
        ranked.append((score, s))
    ranked.sort(key=lambda t: (-t[0], t[1].arrival.earliest or dt.datetime.min.replace(tzinfo=dt.timezone.utc)))
    return ranked


# --------------------------------------------------------------------------- field checks

def _stated(claim: Claim) -> list[str]:
    values = {
        "registration": claim.registration, "callsign": claim.callsign, "aircraft_type": claim.aircraft_type,
        "origin": claim.origin, "destination": claim.destination, "departure": claim.departure,
        "arrival": claim.arrival, "dwell": claim.dwell_hours,
    }
    return [name for name in FIELDS if values[name] is not None]


_FLIGHT_FIELDS = {"callsign", "origin", "destination", "departure", "arrival"}


def _claimed_text(claim: Claim, name: str) -> str:
    if name == "registration":
        return claim.registration
    if name == "callsign":
        return claim.callsign
    if name == "aircraft_type":
        return claim.aircraft_type
    if name in ("origin", "destination"):
        return _place_text(getattr(claim, name))
    if name == "departure":
        return f"{_window_text(claim.departure)}{_local(claim.departure, claim.origin)}"
    if name == "arrival":
        return f"{_window_text(claim.arrival)}{_local(claim.arrival, claim.destination)}"
    return str(claim.dwell_hours)


def _check_field(name: str, claim: Claim, aircraft: Aircraft, flight: Flight | None, stay: GroundStay | None,
                 track: pd.DataFrame | None) -> Check:
    claimed = _claimed_text(claim, name)
    if name == "registration":
        want = registration_key(claim.registration)
        if not aircraft.registrations:
            return _unregistered(name, claimed, aircraft, "registration")
        outcome = "supported" if want in aircraft.registrations else "contradicted"
        return Check(name, outcome, claimed, aircraft.shown(), tolerance="exact (hyphens ignored)",
                     reason=f"{aircraft.named()} is registered {aircraft.shown()}")
    if name == "aircraft_type":
        want = norm_code(claim.aircraft_type)
        if not aircraft.typecodes:
            return _unregistered(name, claimed, aircraft, "type")
        outcome = "supported" if want in aircraft.typecodes else "contradicted"
        return Check(name, outcome, claimed, ", ".join(sorted(aircraft.typecodes)), tolerance="exact ICAO designator",
                     reason=f"{aircraft.named()} is a {', '.join(sorted(aircraft.typecodes))}")
    if name == "dwell":
        if stay is None:
            return Check(name, "no-data", claimed, None, reason=f"no ground stay of {aircraft.who()} recorded in the trip's time frame")
        outcome, delta = compare_hours(claim.dwell_hours, stay.dwell_hours, DWELL_TOLERANCE_H)
        tolerance = f"±{DWELL_TOLERANCE_H:g} h"
        if stay.airport is None:  # only a coverage gap bounds it: it can rule a stay out, never show one
            return Check(name, "inconclusive" if outcome == "supported" else outcome, claimed,
                         f"at most {stay.dwell_hours.max:.1f} h (landing and takeoff unseen)", delta=delta, tolerance=tolerance,
                         reason=f"out of coverage between flights {stay.arriving_flight} and {stay.departing_flight} "
                                f"(last seen {iso(stay.arrival.earliest)}, seen again {iso(stay.departure.latest)}): the time on the "
                                "ground is at most the gap, and may be none")
        at = stay.airport.icao if stay.airport.icao else "an unidentified place"
        how = "inferred across a gap (no ground points)" if stay.inferred else "seen on the ground"
        return Check(name, outcome, claimed, f"{stay.dwell_hours} at {at}", delta=delta, tolerance=tolerance,
                     reason=f"on the ground at {at} from {_window_text(stay.arrival)} to {_window_text(stay.departure)}, {how}")
    if flight is None:
        return Check(name, "no-data", claimed, None, reason=f"no flight of {aircraft.who()} recorded near the claimed times")
    if name == "callsign":
        seen = _callsigns_during(track, flight) or ({norm_code(flight.callsign)} if norm_code(flight.callsign) else set())
        if not seen:
            return Check(name, "inconclusive", claimed, None, reason=f"flight {flight.id} broadcast no callsign")
        outcome = "supported" if norm_code(claim.callsign) in seen else "contradicted"
        return Check(name, outcome, claimed, ", ".join(sorted(seen)), tolerance="exact",
                     reason=f"callsign(s) broadcast on flight {flight.id}")
    if name in ("origin", "destination"):
        ref = flight.origin if name == "origin" else flight.destination
        outcome, observed, delta = place_outcome(getattr(claim, name), ref)
        place = getattr(claim, name)
        tolerance = (f"a claimed airport, or within {SAME_PLACE_KM:g} km of one" if place.airports
                     else f"any airport in {place.country}" if place.country else None)
        return Check(name, outcome, claimed, observed, delta=delta, tolerance=tolerance,
                     reason=f"flight {flight.id} {'took off from' if name == 'origin' else 'landed at'} {observed}")
    claimed_window = claim.departure if name == "departure" else claim.arrival
    observed_window = flight.takeoff if name == "departure" else flight.landing
    ref = flight.origin if name == "departure" else flight.destination
    event = "takeoff" if name == "departure" else "landing"
    if not observed_window.bounded and observed_window.earliest is None and observed_window.latest is None:
        return Check(name, "inconclusive", claimed, None, reason=f"{event} of flight {flight.id} not observed")
    outcome, delta = compare_window(claimed_window, observed_window, TIME_TOLERANCE)
    at = f" at {ref.icao}" + (f" ({ref.distance_km:.1f} km)" if ref.distance_km is not None else "") if ref and ref.icao else ""
    widened = " (widened across a coverage gap)" if observed_window.width and observed_window.width > dt.timedelta(minutes=5) else ""
    return Check(name, outcome, claimed, f"{event} {_window_text(observed_window)}{at}", delta=delta,
                 tolerance=f"±{int(TIME_TOLERANCE.total_seconds() // 60)} min",
                 reason=f"claimed {claimed}; observed {event} {_window_text(observed_window)}{at}{widened}")


def _unregistered(name: str, claimed: str, aircraft: Aircraft, what: str) -> Check:
    """Registration or type unknown: with an icao24 the database simply lacks it (inconclusive);
    without one (an FR24 CSV export) nothing in the data could show it (no-data, never supported)."""
    if aircraft.icao24 is None:
        return Check(name, "no-data", claimed, None,
                     reason=f"{aircraft.who()}: the file has no transponder address or registration, so its {what} "
                            "cannot be looked up; only the callsign identifies it")
    return Check(name, "inconclusive", claimed, None, reason=f"{aircraft.icao24}: no {what} in the files or the aircraft database")


def _callsigns_during(track: pd.DataFrame | None, flight: Flight) -> set[str]:
    """Callsigns the aircraft broadcast between its first and last point of this flight (vectorised)."""
    if track is None or track.empty or flight.first_seen is None or flight.last_seen is None:
        return set()
    times = track["time"]  # sorted within each aircraft (see corroborate): two binary searches
    lo = times.searchsorted(pd.Timestamp(flight.first_seen), side="left")
    hi = times.searchsorted(pd.Timestamp(flight.last_seen), side="right")
    values = track["callsign"].iloc[lo:hi].dropna().str.strip().str.upper()
    return {v for v in values.unique() if v}


def _merge_checks(per_candidate: list[list[Check]], labels: list[str]) -> list[Check]:
    """Several aircraft fit equally: a field keeps its outcome only where they all agree."""
    merged = []
    for i, first in enumerate(per_candidate[0]):
        outcomes = {checks[i].outcome for checks in per_candidate}
        if len(outcomes) == 1:
            merged.append(first)
            continue
        detail = "; ".join(f"{label}: {checks[i].outcome} ({checks[i].observed})" for label, checks in zip(labels, per_candidate))
        merged.append(Check(first.field, "inconclusive", first.claimed, None, tolerance=first.tolerance,
                            reason=f"{len(labels)} candidates fit and disagree: {detail}"))
    return merged


# --------------------------------------------------------------------------- the stage

def corroborate(claims: list[Claim], result: FlightsResult, table: pd.DataFrame) -> list[Verdict]:
    """One verdict per claim, in the claims' order."""
    index = aircraft_index(result, table)
    flights_by, stays_by = _by_track(result.flights), _by_track(result.stays)
    tracks = ({str(k): g for k, g in table.sort_values("time", kind="stable").groupby(track_keys(table), sort=False)}
              if table is not None and not table.empty else {})
    verdicts: dict[int, Verdict] = {}  # by object identity: two articles may reuse a claim id
    trips = group_trips(claims)
    for trip, in_frame_by in zip(trips, flights_in_frames(result.flights, [t.frame for t in trips])):
        aircraft, ranked = _rank_aircraft(trip, index, in_frame_by)
        aircraft = [a for a in aircraft if _present(a, trip.frame, flights_by, stays_by, tracks.get(a.key))]
        for claim in trip.claims:
            verdicts[id(claim)] = _verdict(claim, trip, aircraft, ranked, flights_by, stays_by, tracks, index)
    return [verdicts[id(c)] for c in claims]


def _verdict(claim: Claim, trip: Trip, aircraft: list[Aircraft], ranked: list[Candidate],
             flights_by: dict, stays_by: dict, tracks: dict[str, pd.DataFrame], index: dict[str, Aircraft]) -> Verdict:
    base = dict(claim_id=claim.id, article=claim.article, quote=claim.quote, candidates=[str(c) for c in ranked])
    fields = _stated(claim)
    if not fields:
        return Verdict(outcome="inconclusive", checks=[], reason="nothing checkable: the claim states no aircraft, "
                       "place, time or duration", **base)
    if not aircraft:
        vague = not trip.strong_identity and not trip.places and trip.frame is None
        outcome = "inconclusive" if vague else "no-data"
        why = ("the trip names no registration, callsign, place or time that could single out an aircraft"
               if vague else _no_aircraft_reason(trip, index))
        checks = [Check(name, outcome, _claimed_text(claim, name), None, reason=why) for name in fields]
        return Verdict(outcome=outcome, checks=checks, reason=why, **base)

    per_candidate, picks, labels, considered = [], [], [], []
    needs_flight = any(n in _FLIGHT_FIELDS for n in fields)
    for a in aircraft:
        ranked_flights = _rank_flights(claim, trip, flights_by.get(a.key, []))
        if needs_flight:
            considered += [f"flight {f.id}: score {sc:g} ({'; '.join(why) or 'in the time frame'})"
                           for sc, f, why in ranked_flights[:3]]
        best = [f for sc, f, _ in ranked_flights if sc == ranked_flights[0][0]] if ranked_flights and needs_flight else [None]
        for flight in best:  # flights of one aircraft that fit equally are weighed like rival aircraft
            stays = _rank_stays(claim, trip, stays_by.get(a.key, []), flight)
            stay = None
            if "dwell" in fields:
                stay = stays[0][1] if stays else gap_stay(trip, flights_by.get(a.key, []), flight)
            per_candidate.append([_check_field(n, claim, a, flight, stay, tracks.get(a.key)) for n in fields])
            picks.append((a, flight, stay))
            labels.append(a.label() + (f" flight {flight.id}" if flight is not None and len(best) > 1 else ""))
    checks = per_candidate[0] if len(per_candidate) == 1 else _merge_checks(per_candidate, labels)
    base["candidates"] = base["candidates"] + considered
    # the rule on each candidate; rivals must agree on the claim's outcome, or it is inconclusive
    each = [claim_outcome(cs) for cs in per_candidate]
    outcome = each[0] if len(set(each)) == 1 else "inconclusive"
    a, flight, stay = picks[0]
    who = labels[0] if len(labels) == 1 else (
        f"{len(aircraft)} aircraft fit equally ({', '.join(x.label() for x in aircraft)})" if len(aircraft) > 1
        else f"{len(labels)} flights fit equally ({', '.join(labels)})")
    decided = [c for c in checks if c.outcome == outcome]
    if decided or len(per_candidate) == 1:
        reason = f"{who}; " + "; ".join(f"{c.field} {c.outcome}" for c in decided or checks)
    else:
        reason = f"{who}; " + "; ".join(
            f"{label}: {o} ({', '.join(c.field for c in cs if c.outcome == o)})"
            for label, o, cs in zip(labels, each, per_candidate))
    if claim.hedged:
        reason += "; the article hedges this claim (the data are judged the same way)"
    return Verdict(outcome=outcome, checks=checks, flight=flight, stay=stay, reason=reason, **base)


def _present(a: Aircraft, frame: TimeWindow | None, flights_by: dict, stays_by: dict, track: pd.DataFrame | None) -> bool:
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


def _no_aircraft_reason(trip: Trip, index: dict[str, Aircraft]) -> str:
    wanted = trip.named or sorted(trip.typecodes) or ["any aircraft"]
    frame = f" between {_window_text(trip.frame)}" if trip.frame else ""
    if not index:
        return "the recordings hold no aircraft at all"
    seen = [a for a in index.values() if a.registrations & trip.registrations or a.callsigns & trip.callsigns]
    if seen:
        spans = "; ".join(f"{a.who()} recorded {_second(a.first_seen)}–{_second(a.last_seen)}" for a in seen)
        return f"{'/'.join(wanted)} is in the recordings but not{frame} ({spans})"
    return f"nothing recorded for {'/'.join(wanted)}{frame}" + (
        " on the claimed route" if not trip.strong_identity else "")
