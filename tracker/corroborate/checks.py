"""One function per claim field: the claim's value against the matched aircraft, flight or stay.

`CHECKERS` maps a field to its checker, as pyModeS maps message kinds to decoders: adding a
field is one function here and one test. Every checker returns a `Check` with numbers
(seconds, hours, km, ICAO codes) and the tolerance applied; its words come from
`tracker.output.fmt`.

Safety rules kept here (issue 14): a weak reading — a family-level type, a fuzzy or
transliterated place, a country, a date not pinned to either end, a stay bounded by a hole
in the recording — may support a field but never contradicts it.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tracker import airports
from tracker.geo import geodesic_km
from tracker.adsb.aircraft import registration_key
from tracker.corroborate import families, states
from tracker.model import (
    AirportRef,
    Check,
    Outcome,
    Claim,
    Flight,
    GroundStay,
    HoursRange,
    Place,
    TimeWindow,
)
from tracker.output import fmt

# --------------------------------------------------------------------------- tolerances (written into every check)

#: Why an observation just outside the claimed interval, but within the tolerance, decides nothing.
NEAR_MISS = ("outside the claimed interval but within the tolerance: not borne out (the text's own "
             "slack is not widened to support it) and not refuted")
TIME_TOLERANCE = dt.timedelta(minutes=30)  # ADS-B takeoff/landing timing and "morning"-type edges
#: How far a recorded wheel time may lie from an exact reported time and still bear it out, as
#: (before it, after it). A reported departure is the takeoff or the earlier gate time (taxiing
#: takes up to ~30 min), so the takeoff may come up to TIME_TOLERANCE after it but only
#: CLOCK_SLACK (rounding, detection) before; a reported arrival is the landing or the later gate
#: time, so the landing may come up to TIME_TOLERANCE before it. Beyond these, and short of the
#: TIME_TOLERANCE that contradicts, a time is inconclusive.
CLOCK_SLACK = dt.timedelta(minutes=5)
SUPPORT = {"departure": (CLOCK_SLACK, TIME_TOLERANCE), "arrival": (TIME_TOLERANCE, CLOCK_SLACK)}
DWELL_TOLERANCE_H = 1.0  # on top of the text's own interval ("about 36 hours" is already 30.6–41.4 h)
SAME_PLACE_KM = 60.0  # an airfield this close to a claimed city's airports serves the same city
SAME_FIELD_KM = 5.0  # two codes this close are one field (a civil and a military side: EBBR and EBMB)
SEEN_AT_KM = 15.0  # a track that ends (or starts) farther than this from the airport it points at did not show it there
TOO_CLOSE_KM = 2.0  # two airports nearer each other than this to the track: cannot tell which

FIELDS: tuple[str, ...] = (
    "registration", "callsign", "aircraft_type", "nationality", "military", "origin", "destination",
    "departure", "arrival", "movement", "dwell",
)
FLIGHT_FIELDS = frozenset({"callsign", "origin", "destination", "departure", "arrival", "movement"})


def norm_code(value: str | None) -> str | None:
    """Callsigns and type designators: trimmed, upper case."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip().upper()
    return text or None


def claimed_type(claim: Claim) -> tuple[str | None, bool]:
    """(designator, family-level?): "a Boeing 737" names a family, "737-800" a variant."""
    if claim.type_family:
        return norm_code(claim.type_family), True
    return norm_code(claim.aircraft_type), False


def stated(claim: Claim) -> list[str]:
    """The fields the claim states, in the fixed order of FIELDS."""
    values = {
        "registration": claim.registration, "callsign": claim.callsign,
        "aircraft_type": claimed_type(claim)[0], "nationality": claim.nationality,
        "military": claim.military or None,  # "not military" is never said: only a stated True is checked
        "origin": claim.origin, "destination": claim.destination, "departure": claim.departure,
        "arrival": claim.arrival, "movement": claim.movement, "dwell": claim.dwell_hours,
    }
    return [name for name in FIELDS if values[name] is not None]


# --------------------------------------------------------------------------- what a checker sees

@dataclass
class Subject:
    """The aircraft a claim was matched to, as far as the recordings (and database) tell."""

    icao24: str | None
    named: str  # `icao24 4b1805` or `no icao24: THY9BP in export.csv`
    registrations: set[str]
    written: dict[str, str]
    typecodes: set[str]
    military: bool | None  # from the aircraft database's flags; None when no database says
    military_basis: str = "aircraft database flag"
    from_callsign: set[str] = field(default_factory=set)  # registrations seen only as the broadcast callsign
    military_weak: bool = False  # military only by the callsign's operator designator (`CALLSIGN_OPERATOR`)

    def shown(self) -> str:
        return ", ".join(sorted(self.written.get(r, r) for r in self.registrations))


@dataclass
class Evidence:
    claim: Claim
    aircraft: Subject
    flight: Flight | None
    stay: GroundStay | None
    track: pd.DataFrame | None  # the aircraft's rows, sorted by time
    stay_basis: str | None = None  # how the stay was chosen; without a stay, why there is none
    stay_outcome: Outcome = "no-data"  # the dwell's outcome when there is no stay to compare with


Checker = Callable[[Evidence], Check]


# --------------------------------------------------------------------------- identity

def check_registration(ev: Evidence) -> Check:
    claimed = ev.claim.registration
    if not ev.aircraft.registrations:
        return _unregistered("registration", claimed, ev.aircraft, "registration")
    outcome: Outcome = "supported" if registration_key(claimed) in ev.aircraft.registrations else "contradicted"
    if outcome == "contradicted" and states.of_registration(claimed) is None:
        # a military serial ("09-0016", "54+08", "608") has no civil prefix, and registers write
        # it in several forms ("0016", "9-0016", "HUAF608"): a different form is no contradiction
        return Check("registration", "inconclusive", claimed, ev.aircraft.shown(), tolerance="exact (hyphens ignored)",
                     reason=f"{ev.aircraft.named} is registered {ev.aircraft.shown()}; {claimed!r} is a serial without "
                            "a civil nationality prefix, whose written form varies between registers", weak=True)
    if ev.aircraft.registrations <= ev.aircraft.from_callsign:
        # the registration only as the callsign it broadcast (no database entry): good evidence for, but
        # a transponder set up by hand proves no other registration wrong
        basis = "registration read from the broadcast callsign"
        return Check("registration", "supported" if outcome == "supported" else "inconclusive", claimed,
                     ev.aircraft.shown(), tolerance="exact (hyphens ignored)", weak=True, basis=basis,
                     reason=f"{ev.aircraft.named} broadcast the callsign {ev.aircraft.shown().replace('-', '')}, "
                            f"its registration {ev.aircraft.shown()} as aircraft without a flight number do"
                            + ("" if outcome == "supported" else "; not contradicted: the callsign alone shows it"))
    return Check("registration", outcome, claimed, ev.aircraft.shown(), tolerance="exact (hyphens ignored)",
                 reason=f"{ev.aircraft.named} is registered {ev.aircraft.shown()}")


def check_callsign(ev: Evidence) -> Check:
    claimed = ev.claim.callsign
    if ev.flight is None:
        return _no_flight("callsign", claimed, ev)
    seen = _callsigns_during(ev.track, ev.flight) or ({c} if (c := norm_code(ev.flight.callsign)) else set())
    if not seen:
        return Check("callsign", "inconclusive", claimed, None, reason=f"flight {ev.flight.id} broadcast no callsign")
    outcome: Outcome = "supported" if norm_code(claimed) in seen else "contradicted"
    reason = f"callsign(s) broadcast on flight {ev.flight.id}"
    if "callsign" in ev.claim.derived:  # made from an IATA flight number, not written as a callsign
        basis = "callsign made from a flight number"
        if outcome == "contradicted":
            return Check("callsign", "inconclusive", claimed, ", ".join(sorted(seen)), tolerance="exact",
                         reason=f"{reason}; not contradicted: the {basis}, and airlines often fly under other callsigns",
                         weak=True, basis=basis)
        return Check("callsign", outcome, claimed, ", ".join(sorted(seen)), tolerance="exact", reason=reason,
                     weak=True, basis=basis)
    return Check("callsign", outcome, claimed, ", ".join(sorted(seen)), tolerance="exact", reason=reason)


def check_aircraft_type(ev: Evidence) -> Check:
    """Exact designator, or any variant of a family the text named ("a Boeing 737": B731…B39M).

    Conservative: another variant of the same family is inconclusive (texts and databases
    often disagree on variants); only a type of another known family contradicts, and only
    when the claim's type was read as an exact designator or a family the table knows."""
    want, family_level = claimed_type(ev.claim)
    claimed = f"{want} family" if family_level else want
    have = ev.aircraft.typecodes
    if not have:
        return _unregistered("aircraft_type", claimed, ev.aircraft, "type")
    observed = ", ".join(sorted(have))
    if not family_level and want in have:
        return Check("aircraft_type", "supported", claimed, observed, tolerance="exact ICAO designator",
                     reason=f"{ev.aircraft.named} is a {observed}")
    fam_want = families.family(want)
    fam_have = {families.family(t) for t in have}
    if fam_want and fam_want in fam_have:
        if family_level:
            return Check("aircraft_type", "supported", claimed, observed, tolerance="family match",
                         reason=f"{ev.aircraft.named} is a {observed}, of the {fam_want} family the text names",
                         weak=True, basis="family match")
        return Check("aircraft_type", "inconclusive", claimed, observed, tolerance="exact ICAO designator",
                     reason=f"{ev.aircraft.named} is a {observed}: the same family ({fam_want}), another variant")
    if fam_want is None or None in fam_have:
        return Check("aircraft_type", "inconclusive", claimed, observed, tolerance="exact ICAO designator",
                     reason=f"{ev.aircraft.named} is a {observed}; the type family of "
                            f"{want if fam_want is None else observed} is not in the family table")
    return Check("aircraft_type", "contradicted", claimed, observed,
                 tolerance="family match" if family_level else "exact ICAO designator",
                 reason=f"{ev.aircraft.named} is a {observed}, of another family ({', '.join(sorted(str(x) for x in fam_have))})")


def check_nationality(ev: Evidence) -> Check:
    """The state of the registration prefix and of the ICAO 24-bit address block. Aircraft are
    often registered abroad (VP-B airliners of Russian airlines): contradicted only when both
    say the same other state and the claim calls the aircraft military (state aircraft carry
    their state's marks); otherwise a mismatch is inconclusive."""
    want = (ev.claim.nationality or "").upper()
    by_reg = {s for r in ev.aircraft.registrations if (s := states.of_registration(ev.aircraft.written.get(r, r)))}
    by_hex = states.of_icao24(ev.aircraft.icao24) if ev.aircraft.icao24 else None
    seen = sorted(by_reg | ({by_hex} if by_hex else set[str]()))
    observed = (f"registration {', '.join(sorted(by_reg)) or '?'}; address block {by_hex or '?'}")
    tolerance = "registration prefix or ICAO 24-bit address block of the state"
    if not seen:
        return Check("nationality", "inconclusive", want, observed, tolerance=tolerance,
                     reason=f"{ev.aircraft.named}: neither the registration prefix nor the address block names a state")
    if want in seen:
        return Check("nationality", "supported", want, observed, tolerance=tolerance,
                     reason=f"{ev.aircraft.named}: {observed}")
    if ev.claim.military and by_hex and by_reg == {by_hex}:
        return Check("nationality", "contradicted", want, observed, tolerance=tolerance,
                     reason=f"{ev.aircraft.named}: a state aircraft of {by_hex} by both its registration and its address")
    return Check("nationality", "inconclusive", want, observed, tolerance=tolerance,
                 reason=f"{ev.aircraft.named}: {observed}; an aircraft may be registered in another state than its operator's")


#: The basis of a military flag read from the operator of the callsign's designator (`match._military_from_callsign`):
#: weak evidence, so the check says it rests on it.
CALLSIGN_OPERATOR = "callsign operator"


def check_military(ev: Evidence) -> Check:
    """tar1090-db dbFlags bit 1 where the user gave that database; otherwise nothing says."""
    if ev.aircraft.military is None:
        return Check("military", "inconclusive", "military", None,
                     reason=f"{ev.aircraft.named}: no aircraft database with military flags was given (tar1090-db dbFlags)")
    if ev.aircraft.military:
        by_callsign = ev.aircraft.military_weak
        return Check("military", "supported", "military", "military",
                     tolerance=CALLSIGN_OPERATOR if by_callsign else "aircraft database",
                     reason=f"{ev.aircraft.named}: military by the {ev.aircraft.military_basis}",
                     weak=by_callsign, basis=CALLSIGN_OPERATOR if by_callsign else None)
    return Check("military", "inconclusive", "military", "not flagged military", tolerance="aircraft database",
                 reason=f"{ev.aircraft.named}: not flagged military in the aircraft database (a missing flag is no proof)")


def _unregistered(name: str, claimed: str | None, aircraft: Subject, what: str) -> Check:
    """Registration or type unknown: with an icao24 the database simply lacks it (inconclusive);
    without one (an FR24 CSV export) nothing in the data could show it (no-data, never supported)."""
    if aircraft.icao24 is None:
        return Check(name, "no-data", claimed, None,
                     reason=f"{aircraft.named}: the file has no transponder address or registration, so its {what} "
                            "cannot be looked up; only the callsign identifies it")
    return Check(name, "inconclusive", claimed, None, reason=f"{aircraft.icao24}: no {what} in the files or the aircraft database")


def _callsigns_during(track: pd.DataFrame | None, flight: Flight) -> set[str]:
    """Callsigns the aircraft broadcast between its first and last point of this flight (vectorised)."""
    if track is None or track.empty or flight.first_seen is None or flight.last_seen is None:
        return set()
    times = track["time"]  # sorted within each aircraft: two binary searches
    lo = times.searchsorted(pd.Timestamp(flight.first_seen), side="left")
    hi = times.searchsorted(pd.Timestamp(flight.last_seen), side="right")
    values = track["callsign"].iloc[lo:hi].dropna().str.strip().str.upper()
    return {v for v in values.unique() if v}


# --------------------------------------------------------------------------- places

@dataclass(frozen=True)
class PlaceResult:
    outcome: Outcome
    observed_icao: str | None
    distance_km: float | None  # observed airport → nearest claimed airport
    nearest: str | None
    observed: str
    note: str | None = None


def _other_airline_airport(icao: str, claimed: tuple[str, ...]) -> bool:
    """The claimed airports are all airline airports (large, or medium with scheduled service) and the
    observed one is an airport of its own (scheduled, or with an IATA code): two airports of one city
    ("landed at Orly", seen at CDG or Le Bourget), not a field that serves the place named."""
    info = airports.get(icao)
    own = airports.airport_kind(icao) == "scheduled" or bool(info is not None and getattr(info, "iata", None))
    return own and all(airports.airport_kind(c) == "scheduled" for c in claimed)


def _city_parts(icao: str) -> set[str]:
    a = airports.get(icao)
    return {p.strip().lower() for p in (a.city if a is not None else "").split("/") if p.strip()}


def _another_of_its_city(icao: str, claimed: tuple[str, ...]) -> bool:
    """The observed airport shares its city with a claimed one it is not ("Toulouse/Francazal" named,
    "Toulouse/Blagnac" seen; Le Bourget named, CDG seen): a city's name gives all its airports, so a
    claim naming fewer named an airport, and another one of the city is not it."""
    mine = _city_parts(icao)
    return bool(mine) and icao not in claimed and any(mine & _city_parts(c) for c in claimed)


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


def place_result(place: Place, ref: AirportRef | None) -> PlaceResult:
    """An observed airport against a claimed place (before the weak-match rule)."""
    bounded = place.match if place.match in ("country", "region") and place.country is not None else None
    return _place_result(tuple(place.airports), place.country, ref, bounded, place.airport)


@functools.lru_cache(maxsize=65536)
def _place_result(claimed: tuple[str, ...], country: str | None, ref: AirportRef | None,
                  bounded: str | None = None, named_airport: bool = False) -> PlaceResult:
    """Memoised on (claimed airports, country, observed airport): ranking asks the same question often.

    `bounded` ("country" or "region"): the place is a country or a region of one, so the 60 km
    tolerance for a city's airports does not carry across the border (Zurich is 39 km from a
    German airfield, yet no landing in Germany); inside a named country any airport fits.
    `named_airport`: the words name an airport, not a city, so that tolerance does not apply at all:
    another field beyond `SAME_FIELD_KM` is not the one named (inconclusive, not contradicted: which
    field a track ends at is inferred, and a named field's satellite strips are unknown to us).
    """
    if ref is None or ref.icao is None:
        where = (f"track ends at ({ref.lat:.3f}, {ref.lon:.3f}) away from any airport" if ref and ref.lat is not None
                 else "no airport observed (the track starts or ends in the air)")
        return PlaceResult("inconclusive", None, None, None, where)
    observed = fmt.airport_km(ref.icao, ref.distance_km)
    if (ref.runner_up and claimed and (ref.icao in claimed) != (ref.runner_up in claimed)
            and ref.runner_up_km is not None and ref.distance_km is not None
            and ref.runner_up_km - ref.distance_km < TOO_CLOSE_KM):
        return PlaceResult("inconclusive", ref.icao, None, None,
                           f"{observed} or {ref.runner_up} ({ref.runner_up_km:.1f} km): too close to tell")
    if claimed:
        if ref.icao in claimed:
            return PlaceResult("supported", ref.icao, 0.0, ref.icao, observed)
        info = airports.get(ref.icao) if bounded else None
        if info is not None and info.country == country and bounded == "country":
            return PlaceResult("supported", ref.icao, None, None, f"{observed}, country {info.country}")
        closest = _nearest_claimed(ref.icao, claimed)
        d = _airport_distance_km(ref.icao, closest) if closest else None
        if info is not None and info.country != country:  # across the border: near it proves nothing either way
            far = d is not None and d > SAME_PLACE_KM
            return PlaceResult("contradicted" if far else "inconclusive", ref.icao,
                               None if d is None else round(d, 1), closest, f"{observed}, country {info.country}",
                               None if far else f"{ref.icao} lies in {info.country}, near {country} but across the border")
        if closest:
            other = None
            if d is not None and SAME_FIELD_KM < d <= SAME_PLACE_KM:
                other = ("airline airport" if _other_airline_airport(ref.icao, claimed)
                         else "airport of its city" if _another_of_its_city(ref.icao, claimed) else None)
            if other and d is not None:
                # "landed at Orly", seen at CDG: a claimed city's list holds all its airline airports, so
                # another one near it is another airport than the one named, not the same place
                return PlaceResult("contradicted", ref.icao, round(d, 1), closest, observed,
                                   f"{ref.icao} is another {other} than the {', '.join(claimed)} named")
            if d is not None and named_airport and SAME_FIELD_KM < d <= SAME_PLACE_KM:
                return PlaceResult("inconclusive", ref.icao, round(d, 1), closest, observed,
                                   f"{ref.icao} is {d:.0f} km from the {', '.join(claimed)} named; the tolerance for a "
                                   "city's fields does not apply to an airport named")
            if d is not None:
                return PlaceResult("supported" if d <= SAME_PLACE_KM else "contradicted", ref.icao, round(d, 1), closest,
                                   observed)
        return PlaceResult("inconclusive", ref.icao, None, None, observed, "claimed airports unknown to the airport database")
    if country:
        info = airports.get(ref.icao)
        if info is None:
            return PlaceResult("inconclusive", ref.icao, None, None, observed, "observed airport not in the airport database")
        return PlaceResult("supported" if info.country == country else "contradicted", ref.icao, None, None,
                           f"{observed}, country {info.country}")
    return PlaceResult("inconclusive", ref.icao, None, None, observed, "the claimed place names no airport or country")


def place_outcome(place: Place, ref: AirportRef | None) -> str:
    """The outcome alone, with the weak-match rule applied (for ranking and tests)."""
    return _weakened(place, place_result(place, ref).outcome, ref)[0]


def _weakened(place: Place, outcome: Outcome, ref: AirportRef | None = None) -> tuple[Outcome, str | None]:
    """A weak match (fuzzy, transliterated) or a country alone may support, never contradict; nor
    may a name that also names the observed airport ("Бали" read as Bally, India, seen at Bali)."""
    basis = (f"{place.match} place match" if place.weak else "country only" if not place.airports and place.country else None)
    if outcome == "supported" and place.weak and place.airports and ref is not None and ref.icao not in place.airports:
        # two loosenings stacked: a name read loosely ("Ле Бурже" by its sound) and a landing at another
        # airport within the tolerance for a city's fields (Villacoublay, 25 km): too loose to support
        return "inconclusive", f"{place.match} place match, and {ref.icao} is not one of its airports"
    if outcome == "contradicted" and ref is not None and ref.icao in place.also:
        return "inconclusive", f"name that also names {ref.icao}"
    if basis and outcome == "contradicted":
        return "inconclusive", basis
    return outcome, basis


def place_matches(place: Place | None, ref: AirportRef | None) -> bool:
    return place is not None and ref is not None and place_result(place, ref).outcome == "supported"


def _check_place(name: str, ev: Evidence) -> Check:
    place: Place = getattr(ev.claim, name)
    claimed = fmt.place(place)
    if ev.flight is None:
        return _no_flight(name, claimed, ev, airports_=place.airports)
    ref = ev.flight.origin if name == "origin" else ev.flight.destination
    res = place_result(place, ref)
    outcome, basis = _weakened(place, res.outcome, ref)
    if ref is not None and ref.icao and ref.distance_km is not None and ref.distance_km > SEEN_AT_KM \
            and outcome in ("supported", "contradicted"):
        # "departed Minneapolis for Spokane", the rows ending 37 km out at 8,450 ft: where it was heading is
        # inferred, not seen — weak evidence, which may support the place (and says so), never contradict it
        verb = "starts" if name == "origin" else "ends"
        inferred = (f"{'takeoff' if name == 'origin' else 'landing'} inferred: the track {verb} "
                    f"{ref.distance_km:.0f} km from {ref.icao}")
        res = dataclasses.replace(res, note=(f"{res.note}; " if res.note else "") + inferred)
        outcome, basis = ("supported", basis or inferred) if outcome == "supported" else ("inconclusive", inferred)
    tolerance = (f"any airport in {place.country}" if place.match == "country" and place.country
                 else f"a claimed airport, or within {SAME_PLACE_KM:g} km of one" if place.airports
                 else f"any airport in {place.country}" if place.country else None)
    verb = "took off from" if name == "origin" else "landed at"
    reason = f"flight {ev.flight.id} {verb} {res.observed}"
    if res.note:
        reason += f"; {res.note}"
    if basis and res.outcome == "contradicted":
        reason += f"; not contradicted: the claimed place is a {basis}"
    elif basis and res.outcome == "supported" and outcome == "inconclusive":
        reason += f"; not supported: {basis}"
    check = Check(name, outcome, claimed, res.observed, tolerance=tolerance, reason=reason,
                  claimed_airports=list(place.airports), observed_icao=res.observed_icao, distance_km=res.distance_km,
                  nearest_claimed=res.nearest, tolerance_km=SAME_PLACE_KM if place.airports else None,
                  weak=basis is not None, basis=basis)
    check.delta = fmt.delta(check)
    return check


def check_origin(ev: Evidence) -> Check:
    return _check_place("origin", ev)


def check_destination(ev: Evidence) -> Check:
    return _check_place("destination", ev)


# --------------------------------------------------------------------------- times

def _compare(c_lo: Any, c_hi: Any, o_lo: Any, o_hi: Any, tolerance: Any,
             support: tuple[Any, Any] | None = None) -> tuple[Outcome, Any]:
    """One interval rule for times and durations alike.

    ("contradicted", gap) when the observed interval is disjoint from the claimed one widened by
    the tolerance (gap < 0: observed before/shorter). ("supported", gap) when it lies inside
    `_support_span` of the claimed one: an exact time supports observations within the tolerance
    (ADS-B wheel times against reported gate times), but a claim that already carries its slack
    ("about 23:00" is 22:30–23:30, "in the morning" 05–12, "about 36 hours" ±15 %) is not widened
    again — "about 23:00" is not borne out by 22:09; `support` = (before, after) replaces the
    tolerance on each side of an exact time (`SUPPORT`). ("inconclusive", gap) in between, and
    ("inconclusive", None) when the two overlap only in part. The gap is measured from the
    claimed interval itself: 0 only when the observation is inside it."""
    lo = c_lo - tolerance if c_lo is not None else None
    hi = c_hi + tolerance if c_hi is not None else None
    gap: Any = 0
    if o_hi is not None and c_lo is not None and o_hi < c_lo:
        gap = -(c_lo - o_hi)
    elif o_lo is not None and c_hi is not None and o_lo > c_hi:
        gap = o_lo - c_hi
    if o_hi is not None and lo is not None and o_hi < lo or o_lo is not None and hi is not None and o_lo > hi:
        return "contradicted", gap
    s_lo, s_hi = _support_span(c_lo, c_hi, *(support or (tolerance, tolerance)))
    if (s_lo is None or (o_lo is not None and o_lo >= s_lo)) and (s_hi is None or (o_hi is not None and o_hi <= s_hi)):
        return "supported", gap
    return "inconclusive", (gap if gap != 0 else None)  # inside the claimed interval is inside the span: supported


def _support_span(c_lo: Any, c_hi: Any, before: Any, after: Any) -> tuple[Any, Any]:
    """The claimed interval widened only as far as to span `before` and `after` its middle; an
    interval open at one end is not widened."""
    if c_lo is None or c_hi is None:
        return c_lo, c_hi
    mid = c_lo + (c_hi - c_lo) / 2
    return min(c_lo, mid - before), max(c_hi, mid + after)


def _widens(c_lo: Any, c_hi: Any, before: Any, after: Any) -> bool:
    """Does the tolerance widen this claimed interval for support (an exact time), or is the
    claim's own slack already wider?"""
    return _support_span(c_lo, c_hi, before, after) != (c_lo, c_hi)


def compare_window(claimed: TimeWindow, observed: TimeWindow, tolerance: dt.timedelta,
                   support: tuple[dt.timedelta, dt.timedelta] | None = None) -> tuple[Outcome, float | None]:
    """(outcome, delta in seconds: 0 inside, < 0 before the claimed earliest, > 0 after the latest)."""
    outcome, gap = _compare(claimed.earliest, claimed.latest, observed.earliest, observed.latest, tolerance, support)
    return outcome, (None if gap is None else 0 if gap == 0 else gap.total_seconds())


def compare_hours(claimed: HoursRange, observed: HoursRange, tolerance: float) -> tuple[Outcome, float | None]:
    """(outcome, delta in hours: 0 inside, < 0 shorter than the minimum, > 0 longer than the maximum)."""
    outcome, gap = _compare(claimed.min, claimed.max, observed.min, observed.max, tolerance)
    return outcome, (None if gap is None else round(gap, 3))


def _claimed_window_text(window: TimeWindow, place: Place | None) -> str:
    return f"{fmt.window(window)}{fmt.local(window, _place_zone(place))}"


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


def core(window: TimeWindow, spread_h: float) -> TimeWindow | None:
    """The part of a window read in zones `spread_h` hours apart that holds in every one of them
    (its ends each moved in by the spread), or None when no part does."""
    if window.earliest is None or window.latest is None:
        return None
    shift = dt.timedelta(hours=spread_h)
    lo, hi = window.earliest + shift, window.latest - shift
    return TimeWindow(lo, hi) if lo <= hi else None


def _in_core(window: TimeWindow, spread_h: float, observed: TimeWindow, name: str) -> bool:
    held = core(window, spread_h)
    return held is not None and compare_window(held, observed, TIME_TOLERANCE, SUPPORT[name])[0] == "supported"


def _spread_reason(spread_h: float) -> str:
    return (f"the sentence does not pin the place, so its local time was read in zones {spread_h:g} h apart; "
            "the observation fits that time in some of them only, which supports nothing")


def _check_time(name: str, ev: Evidence) -> Check:
    claimed_window = ev.claim.departure if name == "departure" else ev.claim.arrival
    assert claimed_window is not None  # checked only when stated
    claimed = _claimed_window_text(claimed_window, ev.claim.origin if name == "departure" else ev.claim.destination)
    if ev.flight is None:
        return _no_flight(name, claimed, ev)
    observed_window = ev.flight.takeoff if name == "departure" else ev.flight.landing
    ref = ev.flight.origin if name == "departure" else ev.flight.destination
    event = "takeoff" if name == "departure" else "landing"
    if observed_window.earliest is None and observed_window.latest is None:
        return Check(name, "inconclusive", claimed, None, reason=f"{event} of flight {ev.flight.id} not observed")
    outcome, delta_s = compare_window(claimed_window, observed_window, TIME_TOLERANCE, SUPPORT[name])
    at = f" at {fmt.airport_km(ref.icao, ref.distance_km)}" if ref and ref.icao else ""
    widened = " (widened across a coverage gap)" if observed_window.width and observed_window.width > dt.timedelta(minutes=5) else ""
    observed = f"{event} {fmt.window(observed_window)}{at}"
    near = f"; {NEAR_MISS}" if outcome == "inconclusive" and delta_s else ""
    tolerance = _time_tolerance_text(name, claimed_window)
    check = Check(name, outcome, claimed, observed, tolerance=tolerance,
                  reason=f"claimed {claimed}; observed {observed}{widened}{near}", delta_s=delta_s,
                  tolerance_s=TIME_TOLERANCE.total_seconds(), observed_icao=ref.icao if ref else None)
    spread = ev.claim.zone_spread_h.get(name)
    if outcome == "supported" and spread and not _in_core(claimed_window, spread, observed_window, name):
        check.outcome, check.weak = "inconclusive", True
        check.reason = f"{check.reason}; {_spread_reason(spread)}"
    if name in ev.claim.derived:  # its day or its zone taken from other sentences of the article
        check.weak, check.basis = True, "day or zone taken from other sentences"
        if check.outcome == "contradicted":
            check.outcome = "inconclusive"
            check.reason = (f"{check.reason}; the sentence does not give the day or the place this time is read in, "
                            "and what other sentences suggest is a guess: a loosely bound time does not contradict")
    check.delta = fmt.delta(check)
    return check


def _time_tolerance_text(name: str, window: TimeWindow) -> str:
    """The tolerance as it applied: widened around a short claimed time, or the claim's own interval."""
    refute = f"±{int(TIME_TOLERANCE.total_seconds() // 60)} min"
    if not _widens(window.earliest, window.latest, *SUPPORT[name]):
        return f"inside the claimed interval; {refute} to refute"
    before, after = (int(x.total_seconds() // 60) for x in SUPPORT[name])
    return f"−{before}/+{after} min; {refute} to refute"


def check_departure(ev: Evidence) -> Check:
    return _check_time("departure", ev)


def check_arrival(ev: Evidence) -> Check:
    return _check_time("arrival", ev)


def _padded(window: TimeWindow) -> TimeWindow:
    """The window as far as it may be widened for support (`_support_span`)."""
    return TimeWindow(*_support_span(window.earliest, window.latest, TIME_TOLERANCE, TIME_TOLERANCE))


def _surely_within(f: Flight, wide: TimeWindow) -> bool:
    """Part of the flight certainly happened inside `wide`: its takeoff window or its landing
    window lies wholly in it, or the span it was certainly airborne (after the latest takeoff,
    before the earliest landing; first and last seen where those are unknown) overlaps it."""
    def inside(w: TimeWindow) -> bool:
        return (w.earliest is not None and w.latest is not None and (wide.earliest is None or w.earliest >= wide.earliest)
                and (wide.latest is None or w.latest <= wide.latest))
    if inside(f.takeoff) or inside(f.landing):
        return True
    lo = f.takeoff.latest or f.first_seen
    hi = f.landing.earliest or f.last_seen
    return lo is not None and hi is not None and lo <= hi and TimeWindow(lo, hi).overlaps(wide)


def check_movement(ev: Evidence) -> Check:
    """A date the sentence pins to neither end ("flew from Moscow to Pyongyang on 31 July"):
    supported when the takeoff, the landing or the time in the air overlaps it; never
    contradicted on its own, since the text does not say which moment it means."""
    window = ev.claim.movement
    assert window is not None  # checked only when stated
    claimed = _claimed_window_text(window, ev.claim.destination or ev.claim.origin)
    if ev.flight is None:
        return _no_flight("movement", claimed, ev)
    f = ev.flight
    start = f.takeoff.earliest or f.first_seen or f.takeoff.latest
    end = f.landing.latest or f.last_seen or f.landing.earliest
    wide = _padded(window)
    airborne = TimeWindow(start, end) if start and end and start <= end else None  # possibly under way
    # a takeoff or landing known only within a gap (dark coverage) may lie outside the claimed time:
    # "returned on Wednesday" is not borne out by a flight that may have left on Monday and was
    # first seen on Thursday
    unsure = airborne is not None and airborne.overlaps(wide) and not _surely_within(f, wide)
    observed = f"takeoff {fmt.window(f.takeoff)}, landing {fmt.window(f.landing)}"
    spread = ev.claim.zone_spread_h.get("movement")
    held = core(window, spread) if spread else window
    held_wide = held and _padded(held)
    if unsure:
        outcome: Outcome = "inconclusive"
        delta_s: float | None = None
        reason = (f"flight {f.id} may have been under way within the claimed time, but its takeoff or landing is "
                  "known only across a coverage gap: not borne out, and the text ties the time to neither end")
    elif airborne is not None and airborne.overlaps(wide) and not (held_wide and airborne.overlaps(held_wide)):
        outcome = "inconclusive"
        delta_s = None
        reason = f"flight {f.id} was under way within the claimed time; {_spread_reason(spread or 0)}"
    elif airborne is not None and airborne.overlaps(wide):
        outcome = "supported"
        delta_s = 0.0
        reason = f"flight {f.id} was under way within the claimed time (the text ties it to neither end)"
    else:
        outcome = "inconclusive"
        _, delta_s = compare_window(window, airborne or f.takeoff, TIME_TOLERANCE)
        reason = (f"flight {f.id} lies outside the claimed time; the text ties the time to neither takeoff nor "
                  "landing, so this alone does not contradict it")
    within = ("inside the claimed interval" if wide == window
              else f"within ±{int(TIME_TOLERANCE.total_seconds() // 60)} min of it")
    check = Check("movement", outcome, claimed, observed, delta_s=delta_s, reason=reason,
                  tolerance=f"takeoff, landing or time aloft {within}",
                  tolerance_s=TIME_TOLERANCE.total_seconds(), weak=True, basis="loose time binding")
    check.delta = fmt.delta(check)
    return check


# --------------------------------------------------------------------------- dwell

def check_dwell(ev: Evidence) -> Check:
    claimed = str(ev.claim.dwell_hours)
    stay = ev.stay
    assert ev.claim.dwell_hours is not None  # checked only when stated
    if stay is None:
        return Check("dwell", ev.stay_outcome, claimed, None,
                     reason=ev.stay_basis or f"no ground stay of {ev.aircraft.named} recorded in the trip's time frame")
    outcome, delta_h = compare_hours(ev.claim.dwell_hours, stay.dwell_hours, DWELL_TOLERANCE_H)
    claimed_h = ev.claim.dwell_hours
    tolerance = (f"±{DWELL_TOLERANCE_H:g} h" if _widens(claimed_h.min, claimed_h.max, DWELL_TOLERANCE_H, DWELL_TOLERANCE_H)
                 else f"inside the claimed range; ±{DWELL_TOLERANCE_H:g} h to refute")
    if stay.airport is None:  # only a coverage gap bounds it: the place is unknown, so it decides nothing
        most = "…" if stay.dwell_hours.max is None else f"{stay.dwell_hours.max:.1f}"
        check = Check("dwell", "inconclusive", claimed, f"at most {most} h (landing and takeoff unseen)",
                      delta_h=delta_h, tolerance=tolerance, tolerance_h=DWELL_TOLERANCE_H,
                      reason=f"out of coverage between flights {stay.arriving_flight} and {stay.departing_flight} "
                             f"(last seen {fmt.second(stay.arrival.earliest)}, seen again {fmt.second(stay.departure.latest)}): "
                             "where it was and for how long are not known")
        check.delta = fmt.delta(check)
        return check
    at = stay.airport.icao or "an unidentified place"
    how = fmt.stay_evidence(stay) if stay.unseen else (
        "inferred across a gap (no ground points)" if stay.inferred else "seen on the ground")
    weak = bool(stay.unseen)
    if weak and outcome == "supported":
        outcome = "inconclusive"  # a hole inside: the aircraft may have left and come back unseen
    reason = f"on the ground at {at} from {fmt.window(stay.arrival)} to {fmt.window(stay.departure)}, {how}"
    if outcome == "inconclusive" and delta_h:
        reason += f"; {NEAR_MISS}"
    if ev.stay_basis:
        reason += f"; {ev.stay_basis}"
    check = Check("dwell", outcome, claimed, f"{stay.dwell_hours} at {at}", delta_h=delta_h, tolerance=tolerance,
                  tolerance_h=DWELL_TOLERANCE_H, observed_icao=stay.airport.icao, reason=reason,
                  weak=weak, basis="bounded by a hole in the recording" if weak else None)
    check.delta = fmt.delta(check)
    return check


def _no_flight(name: str, claimed: str | None, ev: Evidence, airports_: Sequence[str] = ()) -> Check:
    return Check(name, "no-data", claimed, None, claimed_airports=list(airports_),
                 reason=f"no flight of {ev.aircraft.named} recorded near the claimed times")


CHECKERS: dict[str, Checker] = {
    "registration": check_registration,
    "callsign": check_callsign,
    "aircraft_type": check_aircraft_type,
    "nationality": check_nationality,
    "military": check_military,
    "origin": check_origin,
    "destination": check_destination,
    "departure": check_departure,
    "arrival": check_arrival,
    "movement": check_movement,
    "dwell": check_dwell,
}


def claimed_text(claim: Claim, name: str) -> str | None:
    """The claimed value in words, for checks made without a matched aircraft."""
    if name in ("origin", "destination"):
        return fmt.place(getattr(claim, name))
    if name in ("departure", "arrival", "movement"):
        window = getattr(claim, name)
        return _claimed_window_text(window, claim.origin if name == "departure" else claim.destination)
    if name == "dwell":
        return str(claim.dwell_hours)
    if name == "aircraft_type":
        want, family_level = claimed_type(claim)
        return f"{want} family" if family_level else want
    if name == "military":
        return "military"
    return getattr(claim, name)
