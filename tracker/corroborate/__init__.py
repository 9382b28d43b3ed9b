"""Claims against flights and ground stays: one verdict per claim, one check per stated field.

`match` decides which aircraft, flight and stay a claim is about; `checks` compares each
stated field (a table field → checker); this module applies the one rule (`combine`) and
the verdict-safety limits of issue 14:

- a claim that names its aircraft (registration, callsign) is about that aircraft: when no
  recording holds it, every field is `no-data` ("no recording of N123XY");
- a claim introduced as another aircraft ("a similar jet") inherits no identity and is never
  judged on an aircraft its article's other trips identify;
- whatever the extractor saw in the sentence and could not read (`Claim.unread`) caps the
  verdict at `inconclusive`, and the reason names those words.

Absence of data is `no-data`, never `contradicted`; a field the data did not observe is never
`supported`.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from tracker.adsb.aircraft import registration_key
from tracker.adsb.schema import track_keys
from tracker.corroborate.checks import (
    CHECKERS,
    FIELDS,
    FLIGHT_FIELDS,
    TIME_TOLERANCE,
    Evidence,
    claimed_text,
    compare_hours,
    compare_window,
    norm_code,
    place_outcome,
    stated,
)
from tracker.corroborate.match import (
    Aircraft,
    Candidate,
    Trip,
    aircraft_index,
    by_track,
    flights_in_frames,
    group_trips,
    no_aircraft_reason,
    pick_stay,
    present,
    rank_aircraft,
    rank_flights,
    split_two_aircraft,
)
from tracker.flights.segment import FlightRules
from tracker.model import Check, Claim, FlightsResult, GroundStay, Outcome, Verdict
from tracker.output import fmt

__all__ = [
    "FIELDS",
    "TIME_TOLERANCE",
    "claim_outcome",
    "combine",
    "compare_hours",
    "compare_window",
    "corroborate",
    "place_outcome",
]


def claim_outcome(checks: list[Check]) -> Outcome:
    """THE rule: contradicted if any field is contradicted; supported only if every field is
    supported; no-data if no field found data; inconclusive otherwise (and when nothing is checkable)."""
    return combine(c.outcome for c in checks)


def combine(outcomes_: Iterable[str]) -> Outcome:
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


def corroborate(claims: list[Claim], result: FlightsResult, table: pd.DataFrame) -> list[Verdict]:
    """One verdict per claim, in the claims' order."""
    index = aircraft_index(result, table)
    flights_by, stays_by = by_track(result.flights), by_track(result.stays)
    tracks = ({str(k): g for k, g in table.sort_values("time", kind="stable").groupby(track_keys(table), sort=False)}
              if table is not None and not table.empty else {})
    verdicts: dict[int, Verdict] = {}  # by object identity: two articles may reuse a claim id
    trips = [part for trip in group_trips(claims) for part in split_two_aircraft(trip, index, flights_by)]
    matched: list[tuple[Trip, list[Aircraft], list[Candidate]]] = []
    for trip, in_frame_by in zip(trips, flights_in_frames(result.flights, [t.frame for t in trips])):
        aircraft, ranked = rank_aircraft(trip, index, in_frame_by)
        aircraft = [a for a in aircraft if present(a, trip.frame, flights_by, stays_by, tracks.get(a.key))]
        matched.append((trip, aircraft, ranked))
    # the aircraft an article's named trips are about: "another" aircraft in that article is not one of them
    named_by_article: dict[str, set[str]] = {}
    for trip, aircraft, _ in matched:
        if trip.strong_identity and aircraft:
            named_by_article.setdefault(trip.claims[0].article, set()).update(a.key for a in aircraft)
    for trip, aircraft, ranked in matched:
        if trip.other and not trip.strong_identity:
            taken = named_by_article.get(trip.claims[0].article, set())
            aircraft = [a for a in aircraft if a.key not in taken]
        established: dict[str, set[str]] = {}  # flight id → places a plain (unhedged) claim of the trip showed
        for claim in trip.claims:
            v = _verdict(claim, trip, aircraft, ranked, flights_by, stays_by, tracks, index, established)
            verdicts[id(claim)] = v
            if v.flight is not None and not claim.hedged:
                established.setdefault(v.flight.id, set()).update(
                    c.field for c in v.checks if c.field in ("origin", "destination") and c.outcome == "supported"
                    and not c.weak)
    return [verdicts[id(c)] for c in claims]


def _not_this_aircraft(checks: list[Check], aircraft: Aircraft) -> list[Check]:
    """A claim that names no registration or callsign of its own takes its aircraft from its
    trip's other sentences or from route and time; a type other than the one it states means
    that aircraft may not be the one it speaks of, not that it is wrong: "a Tu-204 also flew
    to Pyongyang" is neither contradicted by the Il-62 that did nor supported by its times and
    places — every field of the claim is then inconclusive."""
    if not any(c.field == "aircraft_type" and c.outcome == "contradicted" for c in checks):
        return checks
    typed = next(c for c in checks if c.field == "aircraft_type")
    why = (f"the sentence names no registration or callsign, so {aircraft.label()} was taken from its trip or "
           f"its route and time; it is a {typed.observed}, not the {typed.claimed} the sentence names: "
           "another type means another aircraft, so its record is no evidence for or against this claim")
    return [dataclasses.replace(c, outcome="inconclusive", weak=True, reason=(
                f"{c.reason}; {why}" if c.reason else why))
            if c.outcome in ("supported", "contradicted") else c for c in checks]


def _unrecorded(claim: Claim, index: dict[str, Aircraft]) -> str | None:
    """The identifiers this claim itself names, when no recording holds any of them. (One that
    is recorded identifies the aircraft; the others are then checked against it.)"""
    reg, call = registration_key(claim.registration), norm_code(claim.callsign)
    if not reg and not call:
        return None
    if reg and any(reg in a.registrations for a in index.values()):
        return None
    if call and any(call in a.callsigns for a in index.values()):
        return None
    return " / ".join(x.strip() for x in (claim.registration, claim.callsign) if x)


def _verdict(claim: Claim, trip: Trip, aircraft: list[Aircraft], ranked: list[Candidate],
             flights_by: dict, stays_by: dict, tracks: dict[str, pd.DataFrame], index: dict[str, Aircraft],
             established: dict[str, set[str]] | None = None) -> Verdict:
    base: dict[str, Any] = {"claim_id": claim.id, "article": claim.article, "quote": claim.quote, "candidates": [str(c) for c in ranked]}
    fields = stated(claim)
    if not fields:
        return Verdict(outcome="inconclusive", checks=[], reason="nothing checkable: the claim states no aircraft, "
                       "place, time or duration", **base)
    if trip.torn:
        checks = [Check(name, "inconclusive", claimed_text(claim, name), None, reason=trip.torn) for name in fields]
        return Verdict(outcome="inconclusive", checks=checks, reason=trip.torn, **base)
    missing = _unrecorded(claim, index)
    if missing:
        why = f"no recording of {missing.strip()}: the claim names that aircraft, so no other is judged in its place"
        checks = [Check(name, "no-data", claimed_text(claim, name), None, reason=why) for name in fields]
        return Verdict(outcome="no-data", checks=checks, reason=why, **{**base, "candidates": []})
    if not aircraft:
        vague = not trip.strong_identity and not trip.places and trip.frame is None
        outcome: Outcome = "inconclusive" if vague else "no-data"
        why = ("the trip names no registration, callsign, place or time that could single out an aircraft"
               if vague else no_aircraft_reason(trip, index))
        if trip.other and not trip.strong_identity:
            why += "; the claim introduces another aircraft, so the article's named aircraft is not considered"
        checks = [Check(name, outcome, claimed_text(claim, name), None, reason=why) for name in fields]
        return Verdict(outcome=outcome, checks=checks, reason=why, **base)

    per_candidate, picks, labels, considered = [], [], [], []
    needs_flight = any(n in FLIGHT_FIELDS for n in fields)
    for a in aircraft:
        ranked_flights = rank_flights(claim, trip, flights_by.get(a.key, []), established)
        if needs_flight:
            considered += [f"flight {f.id}: score {sc:g} ({'; '.join(why) or 'in the time frame'})"
                           for sc, f, why in ranked_flights[:3]]
        best = [f for sc, f, _ in ranked_flights if sc == ranked_flights[0][0]] if ranked_flights and needs_flight else [None]
        for flight in best:  # flights of one aircraft that fit equally are weighed like rival aircraft
            stay: GroundStay | None = None
            basis: str | None = None
            none_outcome: Outcome = "no-data"
            if "dwell" in fields:
                stay, basis, none_outcome = pick_stay(claim, trip, stays_by.get(a.key, []), flights_by.get(a.key, []), flight)
            ev = Evidence(claim, a.subject(), flight, stay, tracks.get(a.key), stay_basis=basis, stay_outcome=none_outcome)
            checks_ = [CHECKERS[n](ev) for n in fields]
            if not (claim.registration or claim.callsign):  # its aircraft is the trip's, or the route's
                checks_ = _not_this_aircraft(checks_, a)
            per_candidate.append(_unrecorded_flight(claim, a, checks_, tracks.get(a.key)))
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
    weak = [c for c in checks if c.outcome == "supported" and c.weak and c.basis]
    if weak and outcome == "supported":
        reason += "; resting on weak evidence: " + "; ".join(f"{c.field} ({c.basis})" for c in weak)
    outcome, checks, reason = _limit(claim, trip, outcome, checks, reason)
    if claim.hedged:
        reason += "; the article hedges this claim (the data are judged the same way)"
    return Verdict(outcome=outcome, checks=checks, flight=flight, stay=stay, reason=reason, **base)


_LEG_FIELDS = ("callsign", "origin", "destination", "departure", "arrival")
_PLACE_FIELDS = ("origin", "destination")
#: What a denial ("never landed in Tashkent on Monday") denies; the aircraft it names is still asserted.
_EVENT_FIELDS = ("origin", "destination", "departure", "arrival", "movement", "dwell")


def _hole_around(track: pd.DataFrame | None, start: Any, end: Any) -> tuple[Any, Any] | None:
    """The hole in an aircraft's recording that holds the whole claimed time, if it is one:
    no row inside [start, end], and the rows on either side `FlightRules.ground_hole_h` or
    more apart (the same bound that makes a stay across it "bounded", not "seen")."""
    if track is None or track.empty or start is None or end is None:
        return None
    times = np.sort(track["time"].dt.tz_convert(None).to_numpy().astype("datetime64[s]"))
    lo = np.searchsorted(times, np.datetime64(pd.Timestamp(start).tz_convert(None), "s"), "left")
    hi = np.searchsorted(times, np.datetime64(pd.Timestamp(end).tz_convert(None), "s"), "right")
    if hi > lo or lo == 0 or hi >= len(times):
        return None  # rows inside the window, or the window reaches past either end (handled apart)
    before, after = pd.Timestamp(times[lo - 1], tz="UTC"), pd.Timestamp(times[hi], tz="UTC")
    if (after - before).total_seconds() < FlightRules().ground_hole_h * 3600:
        return None
    return before.to_pydatetime(), after.to_pydatetime()


def _unrecorded_flight(claim: Claim, a: Aircraft, checks: list[Check], track: pd.DataFrame | None = None) -> list[Check]:
    """A contradiction on a flight's route, time or callsign holds only if no unrecorded flight
    of the aircraft could be the one the claim means; and a claimed time wholly outside the
    aircraft's recording supports no route either (the flight compared is another one).

    - The claimed time lies wholly outside the aircraft's recording ("last week RFF7011 landed
      in Pyongyang", recorded only this week): the recording says nothing about that time, even
      when the claim's callsign matches a recorded flight — callsigns repeat from trip to trip.
    - The claimed time falls in a hole of the recording (no row for `ground_hole_h` or more
      around it): the aircraft may have flown then unseen.
    - The claimed time runs past the end (or starts before the beginning) of the recording: a
      later (earlier) flight would not be seen ("later that day it flew on to Nice", and the
      recording stops with the aircraft parked in Toulouse) — unless the claim's own callsign
      singles out the recorded flight.
    """
    windows = [w for w in (claim.departure, claim.arrival, claim.movement) if w is not None]
    if not windows:
        return checks
    start = min((w.earliest for w in windows if w.earliest), default=None)
    end = max((w.latest for w in windows if w.latest), default=None)
    outside = ((end is not None and a.first_seen is not None and end < a.first_seen)
               or (start is not None and a.last_seen is not None and start > a.last_seen))
    covers = (f"the recording of {a.who()} covers {fmt.second(a.first_seen)} to {fmt.second(a.last_seen)}; "
              "the claimed time lies outside it")
    if outside:  # "Last week TC-JVF also flew to Oslo", recorded only this week: the flight compared is another
        elsewhere = f"{covers}, so the flight compared is not the one claimed"
        checks = [c if not (c.outcome == "supported" and c.field in _PLACE_FIELDS) else
                  Check(**{**c.__dict__, "outcome": "inconclusive", "reason": f"{c.reason}; not supported: {elsewhere}"})
                  for c in checks]
    if not any(c.outcome == "contradicted" and c.field in _LEG_FIELDS for c in checks):
        return checks
    hole = None if outside else _hole_around(track, start, end)
    if outside:
        why = covers
    elif hole is not None:
        why = (f"no recording of {a.who()} between {fmt.second(hole[0])} and {fmt.second(hole[1])}, "
               "which holds the claimed time: a flight then would not be seen")
    else:
        if any(c.field == "callsign" and c.outcome == "supported" for c in checks):
            return checks  # the claim's own flight number singles out this flight
        after = a.last_seen is not None and end is not None and end > a.last_seen
        before = a.first_seen is not None and start is not None and start < a.first_seen
        if after:
            why = f"the recording of {a.who()} ends at {fmt.second(a.last_seen)}, inside the claimed time: a later flight would not be seen"
        elif before:
            why = (f"the recording of {a.who()} starts at {fmt.second(a.first_seen)}, inside the claimed time: "
                   "an earlier flight would not be seen")
        else:
            return checks
    return [c if not (c.outcome == "contradicted" and c.field in _LEG_FIELDS) else
            Check(**{**c.__dict__, "outcome": "inconclusive", "reason": f"{c.reason}; not contradicted: {why}"})
            for c in checks]


def _limit(claim: Claim, trip: Trip, outcome: Outcome, checks: list[Check], reason: str) -> tuple[Outcome, list[Check], str]:
    """What the reading cannot carry: unread words and an unnamed "other" aircraft cap the verdict."""
    caps = []
    if claim.unread:
        caps.append("not read in the sentence: " + "; ".join(repr(u) for u in claim.unread))
    if trip.other and not trip.strong_identity:
        caps.append("the claim introduces another aircraft and names nothing the recordings can match it by")
    if claim.negated:
        caps.append("the sentence denies the movement (\"never landed\"): the checks judge the event it denies")
    if claim.negated:  # a field row "supported" under a denial would read as the denial's support
        checks = [c if not (c.outcome == "supported" and c.field in _EVENT_FIELDS) else
                  Check(**{**c.__dict__, "outcome": "inconclusive",
                           "reason": f"{c.reason + '; ' if c.reason else ''}seen as the words give it, but the sentence denies it"})
                  for c in checks]
    if not caps or outcome not in ("supported", "contradicted"):
        return outcome, checks, reason + ("; " + "; ".join(caps) if caps else "")
    limited = [c if c.outcome != "contradicted" else
               Check(**{**c.__dict__, "outcome": "inconclusive", "reason": f"{c.reason}; not contradicted: {caps[0]}"})
               for c in checks]
    return "inconclusive", limited, f"{reason}; at most inconclusive: " + "; ".join(caps)


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
                            claimed_airports=first.claimed_airports,
                            reason=f"{len(labels)} candidates fit and disagree: {detail}"))
    return merged
