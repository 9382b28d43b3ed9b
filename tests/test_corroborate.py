"""Corroboration on hand-built Flight/GroundStay records: every outcome, every field, the one rule."""
from __future__ import annotations

import dataclasses

import pytest

from support.corroborate_world import (
    ICAO24, MOSCOW, NORTH_KOREA, PYONGYANG, REG, RUSSIA, W, august, claim, flight, seed000, stay, table_for,
)
from tracker.adsb.aircraft import registration_key
from tracker.corroborate import (
    claim_outcome, compare_hours, compare_window, corroborate, place_outcome, TIME_TOLERANCE,
)
from tracker.corroborate.checks import (
    place_result,
)
from tracker.model import AirportRef, Check, FlightsResult, HoursRange, Place
from tracker.adsb import schema


def run(claims, result=None, table=None):
    result = result if result is not None else august()
    table = table if table is not None else table_for(result)
    return {v.claim_id: v for v in corroborate(claims, result, table)}


def check(verdict, name) -> Check:
    (found,) = [c for c in verdict.checks if c.field == name]
    return found


# --------------------------------------------------------------------------- the rule

@pytest.mark.parametrize("outcomes, expected", [
    (["supported", "supported"], "supported"),
    (["supported", "contradicted", "no-data"], "contradicted"),
    (["supported", "inconclusive"], "inconclusive"),
    (["supported", "no-data"], "inconclusive"),
    (["no-data", "no-data"], "no-data"),
    (["inconclusive", "no-data"], "inconclusive"),
    ([], "inconclusive"),
])
def test_one_rule_from_field_outcomes(outcomes, expected):
    assert claim_outcome([Check("f", o, None, None) for o in outcomes]) == expected


# --------------------------------------------------------------------------- as reported

def test_seed000_shaped_trip_is_supported_field_by_field():
    verdicts = run(seed000())
    assert {k: v.outcome for k, v in verdicts.items()} == {"000-1": "supported", "000-2": "supported", "000-3": "supported"}
    assert [c.field for c in verdicts["000-2"].checks] == ["callsign", "origin", "destination", "departure"]
    assert all(c.outcome == "supported" for v in verdicts.values() for c in v.checks)
    arrival = check(verdicts["000-1"], "arrival")
    assert "2023-08-01T00:25:00Z" in arrival.observed and "ZKPY" in arrival.observed
    assert "Pyongyang time 01 Aug 00:00–02 Aug 00:00" in arrival.claimed  # the claimed window shown locally
    assert arrival.tolerance == "inside the claimed interval; ±30 min to refute"  # a whole day: not widened
    # the stay claim names no aircraft but inherits the trip's: the callsign's aircraft, its ZKPY stay
    assert verdicts["000-3"].stay.airport.icao == "ZKPY"
    assert "36.6–36.8 h" in check(verdicts["000-3"], "dwell").observed
    assert "callsign RFF7203" in verdicts["000-3"].candidates[0]


def test_reasoning_names_claimed_and_observed():
    v = run([claim("a", arrival=W("2023-07-31T20:00Z", "2023-08-01T03:00Z"), destination=PYONGYANG, callsign="RFF7203")])["a"]
    reason = check(v, "arrival").reason
    assert reason.startswith("claimed 2023-07-31T20:00:00Z–2023-08-01T03:00:00Z")
    assert "observed landing 2023-08-01T00:25:00Z at ZKPY (1.2 km)" in reason


# --------------------------------------------------------------------------- times

def test_arrival_outside_the_claimed_day_is_contradicted_with_the_delta():
    v = run([claim("a", callsign="RFF7203", arrival=W("2023-08-01T15:00Z", "2023-08-02T15:00Z"))])["a"]
    c = check(v, "arrival")
    assert (c.outcome, v.outcome) == ("contradicted", "contradicted")
    assert c.delta == "14 h 35 min before the claimed earliest"  # landing 00:25Z, claimed from 15:00Z


def test_time_tolerance_supports_an_exact_time_but_does_not_widen_a_claim_s_own_slack():
    """The recorded takeoff is 16:20Z. A reported departure is the takeoff or the earlier gate
    time, so a takeoff up to 30 min after an exact minute bears it out, one more than 5 min before
    it does not (it decides nothing until 30 min, then refutes); a claim that already spans more
    than that ("between 16:40 and 18:00") is not widened again."""
    def departure(lo: str, hi: str):
        return check(run([claim("a", callsign="RFF7203", departure=W(lo, hi))])["a"], "departure")

    c = departure("2023-07-31T16:00Z", "2023-07-31T16:01Z")  # taxied 20 min after the gate time
    assert c.outcome == "supported" and c.delta_s == 19 * 60 and "after the claimed latest" in c.delta
    assert c.tolerance == "−5/+30 min; ±30 min to refute"
    c = departure("2023-07-31T16:23Z", "2023-07-31T16:24Z")  # 3 min before: clock rounding
    assert c.outcome == "supported"
    c = departure("2023-07-31T16:40Z", "2023-07-31T16:41Z")  # took off 20 min before the time given
    assert c.outcome == "inconclusive" and c.delta_s == -1200 and "not borne out" in c.reason
    c = departure("2023-07-31T16:40Z", "2023-07-31T18:00Z")
    assert c.outcome == "inconclusive" and c.delta_s == -1200 and "not borne out" in c.reason
    assert c.tolerance == "inside the claimed interval; ±30 min to refute"
    assert departure("2023-07-31T17:00Z", "2023-07-31T18:00Z").outcome == "contradicted"


def test_an_exact_arrival_is_borne_out_by_a_landing_before_it_not_after():
    """A reported arrival is the landing or the later gate time: the landing may come up to 30
    min before it, only 5 min after. The recorded landing is 2023-08-01T00:25Z."""
    def arrival(lo: str, hi: str):
        return check(run([claim("a", callsign="RFF7203", arrival=W(lo, hi))])["a"], "arrival").outcome

    assert arrival("2023-08-01T00:45Z", "2023-08-01T00:46Z") == "supported"  # at the gate 20 min later
    assert arrival("2023-08-01T00:05Z", "2023-08-01T00:06Z") == "inconclusive"  # landed 19 min after the time given
    assert arrival("2023-08-01T00:22Z", "2023-08-01T00:23Z") == "supported"
    assert arrival("2023-07-31T23:50Z", "2023-07-31T23:51Z") == "contradicted"


def test_landing_widened_across_a_gap_that_straddles_the_claim_is_inconclusive():
    result = august()
    out = result.flights[0]
    result.flights[0] = dataclasses.replace(out, landing=W("2023-07-31T23:30Z", "2023-08-01T05:00Z"))
    v = run([claim("a", callsign="RFF7203", arrival=W("2023-07-31T20:00Z", "2023-08-01T03:00Z"))], result)["a"]
    c = check(v, "arrival")
    assert c.outcome == "inconclusive" and v.outcome == "inconclusive"
    assert "widened across a coverage gap" in c.reason


def test_compare_window_with_open_ends():
    assert compare_window(W("2023-08-01T00:00Z", "2023-08-01T12:00Z"), W("2023-08-01T01:00Z"), TIME_TOLERANCE)[0] == "supported"
    from tracker.model import TimeWindow
    open_start = TimeWindow(None, W("2023-07-31T10:00Z").latest)  # took off before the track began
    assert compare_window(W("2023-08-01T00:00Z", "2023-08-01T12:00Z"), open_start, TIME_TOLERANCE)[0] == "contradicted"
    assert compare_window(W("2023-07-31T00:00Z", "2023-08-01T12:00Z"), open_start, TIME_TOLERANCE)[0] == "inconclusive"


# --------------------------------------------------------------------------- places

def test_destination_city_contradicted_when_landing_elsewhere_but_country_still_checked():
    result = august(dest="UHWW")
    v = run([claim("a", callsign="RFF7203", destination=PYONGYANG), claim("b", callsign="RFF7203", destination=RUSSIA)], result)
    a, b = check(v["a"], "destination"), check(v["b"], "destination")
    assert a.outcome == "contradicted" and "UHWW" in a.observed and "km from the nearest claimed airport ZKPY" in a.delta
    assert b.outcome == "supported" and "country RU" in b.observed


def test_country_claim_is_weak_evidence_never_contradicted_by_another_country():
    v = run([claim("a", callsign="RFF7203", destination=NORTH_KOREA)], august(dest="UHWW"))["a"]
    c = check(v, "destination")
    assert c.outcome == "inconclusive" and c.basis == "country only" and "not contradicted" in c.reason
    assert c.tolerance == "any airport in KP" and c.observed_icao == "UHWW"
    supported = check(run([claim("b", callsign="RFF7203", destination=NORTH_KOREA)])["b"], "destination")
    assert supported.outcome == "supported" and supported.weak and supported.basis == "country only"


def test_airfield_near_a_claimed_city_counts_within_60_km():
    res = place_result(MOSCOW, AirportRef("UUBW", 0.5))  # Zhukovsky, not in airportsdata's Moscow
    assert res.outcome == "supported" and res.nearest == "UUBB" and round(res.distance_km) == 9  # Bykovo
    assert place_outcome(MOSCOW, AirportRef("UUWW", 0.5)) == "supported"
    assert place_outcome(MOSCOW, AirportRef("UHWW", 0.5)) == "contradicted"


def test_a_field_without_airline_service_is_not_the_airline_airport_beside_it():
    """v14: "хор прилетел в аэропорт Франказаль" (LFBF, an air base) was supported by a landing at
    Toulouse-Blagnac 10 km away: the 60 km tolerance is for a city's airports, and the one field named
    is not the airline airport next to it (weak as the name's match is, it is no support)."""
    francazal = Place("Франказаль", ["LFBF"], "FR", match="transliterated", score=0.85)
    assert place_result(francazal, AirportRef("LFBO", 0.5)).outcome == "contradicted"
    assert place_outcome(francazal, AirportRef("LFBO", 0.5)) == "inconclusive"  # a weak match never contradicts
    assert place_outcome(Place("Le Bourget", ["LFPB"], "FR"), AirportRef("LFPG", 0.5)) == "contradicted"
    assert place_outcome(Place("Le Bourget", ["LFPB"], "FR"), AirportRef("LFPB", 0.5)) == "supported"
    assert place_outcome(MOSCOW, AirportRef("UUBW", 0.5)) == "supported"  # a city keeps its 60 km


def test_a_weak_name_is_no_support_for_another_airport_within_the_citys_tolerance():
    """v12 (on the French-sound reading): "CTM1283 приземлився в аеропорту Ле Бурже" (false: it landed at
    Villacoublay, 25 km away) was supported: the name read loosely, the landing taken within the 60 km meant
    for a city's fields. Two loosenings stacked support nothing; the airport itself still does."""
    heard = Place("Ле Бурже", ["LFPB"], "FR", match="transliterated", score=0.8)
    assert place_result(heard, AirportRef("LFPV", 0.5)).outcome == "supported"  # the rule before weakening
    assert place_outcome(heard, AirportRef("LFPV", 0.5)) == "inconclusive"
    assert place_outcome(heard, AirportRef("LFPB", 0.5)) == "supported"
    # read exactly, the words still name an airport, not a city: another field 25 km away is not it, and the
    # track's end could be misplaced, so it is not contradicted either; a city keeps its 60 km
    named = place_result(Place("Le Bourget", ["LFPB"], "FR", airport=True), AirportRef("LFPV", 0.5))
    assert named.outcome == "inconclusive" and "airport named" in (named.note or "")
    assert place_outcome(Place("Le Bourget", ["LFPB"], "FR", airport=True), AirportRef("LFPB", 0.5)) == "supported"
    assert place_outcome(Place("Paris", ["LFPB", "LFPG", "LFPO"], "FR"), AirportRef("LFPV", 0.5)) == "supported"


def test_an_airport_named_is_marked_as_such_by_every_route_that_reads_one():
    from tracker.claims import places
    from tracker.claims.lang import get

    ru = get("ru")
    assert places.place("vnukovo", "Внуково").airport  # the alias table's airport
    assert not places.lookup(["москва"], "Москва").airport  # a city
    heard = places.lookup(["ле бурже"], "Ле Бурже", places.latin_spellings("ле бурже", ru), fuzzy=True)
    assert heard.airports == ["LFPB"] and heard.airport and heard.weak  # by its French sound, next to a movement
    assert places.lookup(["ле бурже"], "Ле Бурже", places.latin_spellings("ле бурже", ru)) is None  # not elsewhere


def test_a_country_is_bounded_by_its_border_not_by_60_km_around_its_airports():
    germany = Place("Germany", ["EDNY", "EDSI"], "DE", match="country")
    zurich = place_result(germany, AirportRef("LSZH", 1.0))  # 39 km from Binningen (DE), but in Switzerland
    assert zurich.outcome == "inconclusive" and "across the border" in (zurich.note or "")
    assert place_outcome(germany, AirportRef("EDDM", 1.0)) == "supported"  # Munich: in Germany, not listed
    assert place_outcome(germany, AirportRef("UUWW", 1.0)) == "contradicted"  # Moscow: far outside
    swiss_city = Place("Schaffhausen", ["EDSI"], "CH")  # a city keeps its 60 km tolerance, border or not
    assert place_outcome(swiss_city, AirportRef("LSZH", 1.0)) == "supported"


def test_unknown_airport_and_near_tie_are_inconclusive_never_supported():
    assert place_outcome(PYONGYANG, None) == "inconclusive"
    assert place_outcome(PYONGYANG, AirportRef(None, None, lat=39.0, lon=125.0)) == "inconclusive"
    tie = AirportRef("ZKPY", 3.0, runner_up="ZKSD", runner_up_km=3.5)
    assert place_outcome(Place("Sondok", ["ZKSD"], "KP"), tie) == "inconclusive"


# --------------------------------------------------------------------------- dwell

def test_nine_hour_stay_contradicts_36_hours():
    result = august(back_off="2023-08-01T09:25Z")
    v = run(seed000(), result)
    c = check(v["000-3"], "dwell")
    assert c.outcome == "contradicted" and c.delta.endswith("h shorter than the claimed minimum")
    assert v["000-3"].outcome == "contradicted"


def test_stay_inferred_across_a_gap_that_straddles_the_claim_is_inconclusive():
    result = august()
    result.stays[0] = stay(W("2023-08-01T00:25Z", "2023-08-01T10:00Z"), W("2023-08-02T13:10Z"), inferred=True)
    c = check(run(seed000(), result)["000-3"], "dwell")
    assert c.outcome == "inconclusive" and "inferred across a gap" in c.reason


def test_a_claim_s_own_slack_is_not_widened_for_support():
    """"Около 23:00 по московскому времени" is 19:30–20:30Z; a landing at 19:09Z is within the
    tolerance of that window but outside it: not borne out, not refuted (v4's first pass had it
    supported). An exact minute keeps the whole tolerance; durations follow the same rule."""
    about = W("2019-10-05T19:30Z", "2019-10-05T20:30Z")
    assert compare_window(about, W("2019-10-05T19:09Z"), TIME_TOLERANCE) == ("inconclusive", -21 * 60)
    assert compare_window(about, W("2019-10-05T19:31Z"), TIME_TOLERANCE) == ("supported", 0)
    assert compare_window(about, W("2019-10-05T18:59Z"), TIME_TOLERANCE) == ("contradicted", -31 * 60)
    exact = W("2019-10-05T20:00Z", "2019-10-05T20:01Z")
    assert compare_window(exact, W("2019-10-05T19:35Z"), TIME_TOLERANCE) == ("supported", -25 * 60)
    assert compare_window(exact, W("2019-10-05T19:25Z"), TIME_TOLERANCE)[0] == "contradicted"
    forty = W("2019-10-05T20:00Z", "2019-10-05T20:40Z")  # narrower than the tolerance: widened to ±30 min of 20:20
    assert compare_window(forty, W("2019-10-05T19:51Z"), TIME_TOLERANCE) == ("supported", -9 * 60)
    assert compare_window(forty, W("2019-10-05T19:49Z"), TIME_TOLERANCE) == ("inconclusive", -11 * 60)
    assert compare_hours(HoursRange(30.6, 41.4), HoursRange(41.9, 41.9), 1.0) == ("inconclusive", 0.5)
    assert compare_hours(HoursRange(36, 36), HoursRange(36.8, 36.8), 1.0) == ("supported", 0.8)


def test_compare_hours_edges():
    assert compare_hours(HoursRange(36, 60), HoursRange(48.7, 48.8), 1.0)[0] == "supported"
    assert compare_hours(HoursRange(36, 60), HoursRange(61.5, 62), 1.0) == ("contradicted", 1.5)  # from the claimed edge
    assert compare_hours(HoursRange(36, 60), HoursRange(20, 30), 1.0) == ("contradicted", -6.0)
    assert compare_hours(HoursRange(36, 60), HoursRange(20, 50), 1.0)[0] == "inconclusive"


# --------------------------------------------------------------------------- identity

def test_registration_supported_hyphen_insensitive_and_shown_as_written():
    v = run([claim("a", registration="ra86559", destination=PYONGYANG)])["a"]
    c = check(v, "registration")
    assert c.outcome == "supported" and c.observed == "RA-86559"
    assert registration_key("RA-86559") == registration_key("ra 86559") == "RA86559"


def test_a_serial_without_a_civil_prefix_is_never_contradicted_by_another_written_form():
    """"tail number 86-559" against RA-86559: military serials are written in several forms."""
    v = run([claim("a", callsign="RFF7203", registration="86-559")])["a"]
    c = check(v, "registration")
    assert c.outcome == "inconclusive" and "serial without a civil nationality prefix" in c.reason
    v = run([claim("a", callsign="RFF7203", registration="RA-86560")])["a"]  # a civil registration still is
    assert check(v, "registration").outcome == "contradicted"


def test_type_contradicted_when_the_identified_aircraft_is_another_type():
    v = run([claim("a", callsign="RFF7203", aircraft_type="T154")])["a"]  # a Tu-154: another family than IL62
    assert check(v, "aircraft_type").outcome == "contradicted" and v.outcome == "contradicted"


def test_callsign_contradicted_when_registration_identifies_a_flight_flown_under_another():
    # the claimed window lies inside the recording (31 Jul 16:20Z – 2 Aug 21:30Z): no unseen flight fits it
    v = run([claim("a", registration="RA-86559", callsign="RFF9999", arrival=W("2023-07-31T17:00Z", "2023-08-01T15:00Z"))])["a"]
    assert check(v, "callsign").outcome == "contradicted"
    assert check(v, "registration").outcome == "supported"


def test_a_window_reaching_before_the_recording_does_not_contradict_the_callsign():
    """The recording starts at 16:20Z; a claimed arrival window from 15:00Z could hold a flight
    the recording never saw, so another callsign is not contradicted by the recorded one."""
    v = run([claim("a", registration="RA-86559", callsign="RFF9999", arrival=W("2023-07-31T15:00Z", "2023-08-01T15:00Z"))])["a"]
    cs = check(v, "callsign")
    assert cs.outcome == "inconclusive" and "an earlier flight would not be seen" in cs.reason


def test_a_type_only_claim_is_not_contradicted_by_the_aircraft_route_and_time_picked():
    """The flights carry no type, so the Il-62 is picked by place and time for "a Tu-154 landed in
    Pyongyang"; its database type says another aircraft, not a contradiction."""
    result = august()
    result.flights = [dataclasses.replace(f, typecode=None, callsign=None) for f in result.flights]
    v = run([claim("a", aircraft_type="T154", destination=PYONGYANG, arrival=W("2023-07-31T17:00Z",
                                                                               "2023-08-01T15:00Z"))], result)["a"]
    assert check(v, "aircraft_type").outcome == "inconclusive" and v.outcome != "contradicted"


def test_another_type_on_an_aircraft_picked_by_route_and_time_is_another_aircraft():
    """"в среду в Пхеньян также прибыл Ту-214": the Il-62 taken from the trip is another aircraft,
    so neither its type nor its arrival is evidence either way (blind batch v9)."""
    from tracker.corroborate import _not_this_aircraft

    class Picked:
        def label(self):
            return "15f1a7 RA-86559 IL62"

    typed = Check("aircraft_type", "contradicted", "T204", "IL62", reason="15f1a7 is a IL62, of another family")
    arrival = Check("arrival", "contradicted", "2023-09-27", "2023-09-26", reason="a day early")
    place = Check("destination", "supported", "Пхеньян", "ZKPY")
    got = _not_this_aircraft([typed, arrival, place], Picked())
    assert [c.outcome for c in got] == ["inconclusive"] * 3 and all(c.weak for c in got)
    assert all("another type means another aircraft" in (c.reason or "") for c in got)
    # the same type, or none stated: the checks stand as they are
    same = dataclasses.replace(typed, outcome="supported")
    assert [c.outcome for c in _not_this_aircraft([same, arrival, place], Picked())] == ["supported", "contradicted", "supported"]
    assert [c.outcome for c in _not_this_aircraft([arrival], Picked())] == ["contradicted"]


def test_identity_not_in_the_data_is_inconclusive_not_supported():
    result = august()
    result.flights = [dataclasses.replace(f, registration=None, typecode=None, callsign=None) for f in result.flights]
    result.stays = [dataclasses.replace(s, registration=None) for s in result.stays]
    table = table_for(result)
    v = run([claim("a", registration="RA-86559", aircraft_type="IL62", destination=PYONGYANG, trip=None)], result, table)["a"]
    # nothing carries the registration, so no aircraft is identified: no-data, never contradicted
    assert v.outcome == "no-data" and "no recording of RA-86559" in v.reason
    v = run([claim("b", aircraft_type="IL62", destination=PYONGYANG, trip=None)], result, table)["b"]
    # route alone finds the only flight to ZKPY; its type was never observed
    assert check(v, "aircraft_type").outcome == "inconclusive" and check(v, "destination").outcome == "supported"
    assert v.outcome == "inconclusive"


# --------------------------------------------------------------------------- absence and nothing checkable

def test_absent_callsign_is_no_data_never_contradicted():
    v = run([claim("a", callsign="RFF0001", arrival=W("2023-07-31T15:00Z", "2023-08-01T15:00Z"), trip=None)])["a"]
    assert v.outcome == "no-data" and {c.outcome for c in v.checks} == {"no-data"}


def test_aircraft_recorded_only_on_other_dates_gives_no_data_even_for_identity():
    v = run(seed000(), table=table_for(august()))  # baseline sanity
    assert v["000-3"].outcome == "supported"
    june = FlightsResult(flights=[dataclasses.replace(f, takeoff=W("2023-06-03T16:20Z"), landing=W("2023-06-04T00:25Z"),
                                                      first_seen=W("2023-06-03T16:20Z").earliest,
                                                      last_seen=W("2023-06-04T00:25Z").earliest)
                                  for f in august().flights[:1]])
    v = run(seed000(), june)
    assert {x.outcome for x in v.values()} == {"no-data"}
    assert "is in the recordings but not between" in v["000-3"].reason


def test_empty_recordings_give_no_data():
    v = run(seed000(), FlightsResult(), schema.empty())
    assert {x.outcome for x in v.values()} == {"no-data"}
    assert v["000-1"].reason == "the recordings hold no aircraft at all"


def test_claim_with_nothing_checkable_is_never_supported():
    v = run([claim("a", quote="The flight took place a week after Shoigu's visit")])["a"]
    assert v.outcome == "inconclusive" and v.checks == [] and v.reason.startswith("nothing checkable")


def test_missing_flight_for_flight_fields_is_no_data_but_stay_is_checked():
    result = august()
    result.flights = [f for f in result.flights if f.id != "out"]
    table = table_for(august())
    v = run([claim("a", callsign="RFF7203", departure=W("2023-07-30T21:00Z", "2023-07-31T21:00Z"), origin=MOSCOW)], result, table)["a"]
    # the aircraft is identified (table has RFF7203) but only the return flight remains; it departs 2 Aug
    assert check(v, "departure").outcome in ("contradicted", "no-data")
    assert check(v, "origin").outcome != "supported"


# --------------------------------------------------------------------------- several candidates

def _with_decoy(land: str, back: str) -> FlightsResult:
    result = august()
    decoy_out = flight("d-out", W("2023-07-31T19:30Z"), W(land), "UUMU", "ZKPY", callsign="RFF7011",
                       icao24="15f2b3", registration="RA-86999")
    decoy_back = flight("d-back", W(back), W("2023-08-02T05:00Z"), "ZKPY", "UUMU", callsign="RFF7012",
                        icao24="15f2b3", registration="RA-86999")
    result.flights += [decoy_out, decoy_back]
    result.stays.append(stay(W(land), W(back), icao24="15f2b3", arriving="d-out", departing="d-back"))
    return result


def test_callsign_singles_out_the_aircraft_among_two_of_the_same_type():
    v = run(seed000(), _with_decoy("2023-08-01T03:20Z", "2023-08-01T17:00Z"))
    assert {x.outcome for x in v.values()} == {"supported"}
    assert all(x.flight is None or x.flight.icao24 == ICAO24 for x in v.values())
    assert v["000-3"].stay.icao24 == ICAO24


def test_two_candidates_that_disagree_make_a_type_only_claim_inconclusive():
    claims = [claim("s1", article="001", trip="t2", aircraft_type="IL62", origin=MOSCOW, destination=PYONGYANG,
                    arrival=W("2023-07-31T20:00Z", "2023-08-01T03:00Z")),
              claim("s2", article="001", trip="t2", destination=RUSSIA, dwell_hours=HoursRange(36, 60),
                    departure=W("2023-08-02T03:00Z", "2023-08-02T15:00Z"))]
    v = run(claims, _with_decoy("2023-08-01T08:20Z", "2023-08-01T17:00Z"))
    assert v["s1"].outcome == "inconclusive" and v["s2"].outcome == "inconclusive"
    arrival = check(v["s1"], "arrival")
    assert arrival.outcome == "inconclusive" and arrival.reason.startswith("2 candidates fit and disagree")
    assert check(v["s1"], "aircraft_type").outcome == "supported"  # they agree on the type
    aircraft = [c for c in v["s1"].candidates if not c.startswith("flight ")]
    assert len(aircraft) == 2 and all("type IL62" in c for c in aircraft)
    assert any(c.startswith("flight d-out: score") for c in v["s1"].candidates)  # flights weighed are listed too


def test_two_candidates_that_agree_support_an_existential_claim():
    claims = [claim("s1", trip=None, aircraft_type="IL62", destination=PYONGYANG,
                    arrival=W("2023-07-31T15:00Z", "2023-08-01T15:00Z"))]
    v = run(claims, _with_decoy("2023-08-01T03:20Z", "2023-08-01T17:00Z"))["s1"]
    assert v.outcome == "supported" and "2 aircraft fit equally" in v.reason


def test_verdicts_keep_claim_order_and_json_shape():
    from tracker.output.report import verdicts_payload
    from tracker.model import to_json
    claims = list(reversed(seed000()))
    verdicts = corroborate(claims, august(), table_for(august()))
    assert [v.claim_id for v in verdicts] == ["000-3", "000-2", "000-1"]
    payload = to_json(verdicts_payload(verdicts))
    assert set(payload["verdicts"][0]) >= {"claim_id", "article", "quote", "outcome", "checks", "candidates", "reason"}


def test_hedged_claim_is_judged_on_the_data_and_says_it_was_hedged():
    hedged = [dataclasses.replace(c, hedged=True) if c.id == "000-1" else c for c in seed000()]
    v = run(hedged)["000-1"]
    assert v.outcome == "supported" and "hedges this claim" in v.reason
    assert "hedges" not in run(seed000())["000-1"].reason


def test_trips_do_not_cross_articles_and_claim_ids_may_repeat():
    # article 999 uses the same trip name and claim id but names no aircraft: it must not borrow RFF7203
    other = claim("000-3", article="999", aircraft_type="IL62", dwell_hours=HoursRange(30.6, 41.4))
    verdicts = corroborate(seed000() + [other], august(), table_for(august()))
    assert [v.article for v in verdicts] == ["000", "000", "000", "999"]
    lone = verdicts[-1]
    assert lone.outcome == "inconclusive"  # no place, no time: nothing singles out an aircraft
    assert lone.reason.startswith("the trip names no registration, callsign, place or time")
    assert verdicts[2].outcome == "supported"


def test_two_flights_of_one_aircraft_that_fit_equally_and_disagree_are_inconclusive():
    result = august()
    again = flight("again", W("2023-08-05T16:00Z"), W("2023-08-06T00:10Z"), "UUMU", "ZKPY")
    back2 = flight("back2", W("2023-08-06T09:10Z"), W("2023-08-06T17:30Z"), "ZKPY", "UUMU")
    result.flights += [again, back2]
    result.stays.append(stay(W("2023-08-06T00:10Z"), W("2023-08-06T09:10Z"), arriving="again", departing="back2"))
    claims = [claim("v", trip=None, callsign="RFF7203", destination=PYONGYANG, dwell_hours=HoursRange(30.6, 41.4))]
    v = run(claims, result)["v"]
    assert check(v, "destination").outcome == "supported"  # both flights landed at ZKPY
    dwell = check(v, "dwell")
    assert dwell.outcome == "inconclusive" and "disagree" in dwell.reason
    assert v.reason.startswith("2 flights fit equally")


def test_rivals_that_all_contradict_make_the_claim_contradicted():
    result = august()
    result.flights.append(flight("again", W("2023-08-02T16:00Z"), W("2023-08-03T00:40Z"), "UUMU", "ZKPY"))
    # "landed in Pyongyang on the morning of 2 August (UTC)": it landed there on the 1st and on the 3rd
    v = run([claim("r", trip=None, registration="RA-86559", destination=PYONGYANG,
                   arrival=W("2023-08-02T00:00Z", "2023-08-02T12:00Z"))], result)["r"]
    assert v.reason.startswith("2 flights fit equally")
    assert v.outcome == "contradicted"
    assert check(v, "arrival").outcome == "contradicted"  # both rivals contradict it, so the field agrees too


def _dark_trip() -> FlightsResult:
    """The August trip with nothing received near Pyongyang: airports unknown, times widened."""
    gap = W("2023-08-01T00:01Z", "2023-08-02T13:26Z")
    out = flight("out", W("2023-07-31T16:20Z"), gap, "UUMU", None)
    back = flight("back", gap, W("2023-08-02T21:30Z"), None, "UUMU", callsign="RFF7204")
    return FlightsResult(flights=[out, back], stays=[])


def test_a_coverage_gap_bounds_the_dwell_but_never_supports_it():
    v = run(seed000(), _dark_trip())
    dwell = check(v["000-3"], "dwell")
    assert dwell.outcome == "inconclusive" and dwell.observed.startswith("at most 37.4 h")
    assert "landing and takeoff unseen" in dwell.observed and "not known" in dwell.reason
    assert check(v["000-1"], "destination").outcome == "inconclusive"
    assert check(v["000-1"], "arrival").outcome == "inconclusive"
    assert check(v["000-2"], "departure").outcome == "supported"  # what was seen still counts
    # even a claim the gap would fit ("up to two days") is not supported by not seeing the aircraft
    loose = run([claim("l", callsign="RFF7203", dwell_hours=HoursRange(0, 48))], _dark_trip())["l"]
    assert check(loose, "dwell").outcome == "inconclusive"


def test_a_coverage_gap_shorter_than_the_claimed_stay_never_contradicts_it():
    """Where the aircraft was during the gap is unknown: it may have stayed elsewhere (issue 14, shape 10)."""
    v = run([claim("s", callsign="RFF7203", destination=PYONGYANG, dwell_hours=HoursRange(60, 80))], _dark_trip())["s"]
    dwell = check(v, "dwell")
    assert dwell.outcome == "inconclusive" and round(dwell.delta_h, 1) == -22.6 and "not known" in dwell.reason


def test_stays_at_the_trip_origin_are_not_the_claimed_stay():
    result = _dark_trip()
    home = stay(W("2023-08-02T21:30Z"), W("2023-09-25T17:00Z"), airport="UUMU", arriving="back", departing=None)
    result.stays.append(home)
    dwell = check(run(seed000(), result)["000-3"], "dwell")
    assert "UUMU" not in (dwell.observed or "") and dwell.outcome == "inconclusive"


def test_a_movement_is_not_borne_out_by_a_flight_whose_end_is_known_only_across_a_gap():
    """v6: "RA-86559 returned to Moscow on Wednesday" was supported by a return flight that may
    have left on Tuesday and was first seen on Thursday. Only a part of the flight that surely
    lies in the claimed time bears a movement out; an end known only across the gap does not."""
    result = _dark_trip()  # "back": takeoff somewhere in 1 Aug 00:01Z – 2 Aug 13:26Z, landing 2 Aug 21:30Z
    def movement(lo: str, hi: str):
        v = run([claim("m", callsign="RFF7204", movement=W(lo, hi))], result)["m"]
        return check(v, "movement")

    inside_gap = movement("2023-08-01T00:00Z", "2023-08-01T23:59Z")  # a day the flight may or may not have flown
    assert inside_gap.outcome == "inconclusive" and "known only across a coverage gap" in inside_gap.reason
    seen = movement("2023-08-02T00:00Z", "2023-08-02T23:59Z")  # holds the seen landing and the surely airborne span
    assert seen.outcome == "supported"
    assert movement("2023-08-04T00:00Z", "2023-08-04T23:59Z").outcome != "contradicted"  # never contradicted


# --------------------------------------------------------------------------- two aircraft in one trip

def _two_jets() -> FlightsResult:
    """VP-CAL (known only by the registration it broadcast as callsign) and DUKE58 leave LFPB ten minutes apart."""
    cal = flight("cal", W("2021-10-07T13:50Z"), W("2021-10-07T15:00Z"), "LFPB", None, callsign="VPCAL",
                 icao24="4241bb", registration=None, typecode=None)
    duke = flight("duke", W("2021-10-07T14:45Z"), W("2021-10-07T16:00Z"), "LFPB", None, callsign="DUKE58",
                  icao24="ae04ab", registration=None, typecode=None)
    return FlightsResult(flights=[cal, duke], stays=[])


def test_a_registration_broadcast_as_the_callsign_identifies_the_aircraft_weakly():
    v = run([claim("a", registration="VP-CAL", departure=W("2021-10-07T13:45Z", "2021-10-07T14:00Z"))],
            _two_jets())["a"]
    reg = check(v, "registration")
    assert reg.outcome == "supported" and reg.weak and "broadcast the callsign VPCAL" in reg.reason
    assert check(v, "departure").outcome == "supported"


def test_a_trip_whose_names_are_two_recorded_aircraft_is_regrouped_by_the_name_each_sentence_gives():
    claims = [claim("cal", registration="VP-CAL", departure=W("2021-10-07T13:45Z", "2021-10-07T14:00Z")),
              claim("duke", callsign="DUKE58", departure=W("2021-10-07T13:40Z", "2021-10-07T13:55Z")),
              claim("it", departure=W("2021-10-07T14:40Z", "2021-10-07T14:50Z"))]  # "It left …" after DUKE58
    v = run(claims, _two_jets())
    assert check(v["cal"], "departure").outcome == "supported"
    # DUKE58 is judged on its own flight (recorded from its takeoff at 14:45, so 13:40–13:55 is not refuted),
    # not supported by VP-CAL's takeoff at 13:50 through the trip's merged names
    assert v["duke"].flight.id == "duke" and check(v["duke"], "departure").outcome == "inconclusive"
    assert v["it"].flight.id == "duke"
    first = run([claim("it", departure=W("2021-10-07T13:45Z", "2021-10-07T14:00Z"))] + claims[:2], _two_jets())["it"]
    assert first.outcome == "inconclusive" and "two aircraft" in first.reason  # no name before it: open


def test_one_sentence_naming_two_recorded_aircraft_is_inconclusive():
    both = claim("both", registration="VP-CAL", callsign="DUKE58", departure=W("2021-10-07T13:50Z", "2021-10-07T13:51Z"))
    v = run([both], _two_jets())["both"]
    assert v.outcome == "inconclusive" and {c.outcome for c in v.checks} == {"inconclusive"}
    assert "two aircraft" in v.reason


def test_a_claimed_time_outside_the_recording_supports_no_route():
    # "That morning RA-86559 had already flown to Pyongyang": recorded only from 31 July 16:20Z, so the
    # recorded flight to ZKPY (that evening) is another one — its airport supports nothing the claim says
    v = run([claim("early", registration=REG, destination=PYONGYANG,
                   movement=W("2023-07-31T02:00Z", "2023-07-31T09:00Z"))])["early"]
    dest = check(v, "destination")
    assert dest.outcome == "inconclusive" and "not supported" in dest.reason and "outside" in dest.reason
    assert v.outcome != "supported"
    inside = run([claim("on", registration=REG, destination=PYONGYANG,
                        movement=W("2023-07-31T12:00Z", "2023-08-01T12:00Z"))])["on"]
    assert check(inside, "destination").outcome == "supported"


@pytest.mark.parametrize("callsign, outcome", [("FAF4011", "supported"), ("CTM1283", "supported"), ("AFR181L", "inconclusive")])
def test_a_military_operator_s_callsign_supports_military_weakly(callsign, outcome):
    """v14: "Военный самолёт-заправщик с позывным FAF4011" was inconclusive on `military` with no flags
    database, so the whole claim was, though its route and time held. A callsign whose ICAO designator
    belongs to a military operator (OpenFlights: FAF Force Aerienne Francaise, CTM COTAM) supports it,
    weakly; an airline's says nothing either way."""
    out = flight("out", W("2020-06-30T20:00Z"), W("2020-06-30T23:00Z"), "LFMI", "LFMI", callsign=callsign,
                 icao24="3b7777", registration=None, typecode=None)
    world = FlightsResult(flights=[out])
    v = run([claim("a", callsign=callsign, military=True)], world)["a"]
    c = check(v, "military")
    assert c.outcome == outcome
    if outcome == "supported":
        assert c.weak and c.basis == "callsign operator" and callsign[:3] in c.reason and "resting on weak" in v.reason


def test_a_place_the_track_only_points_at_supports_weakly_and_never_contradicts():
    """v19: a track ending 37 km from Spokane at 8,450 ft gave a plain `supported` to "left MSP … on a late run to
    Spokane": where it was heading is inferred, not seen. Such a place may support (and says it rests on the
    inference) but never contradicts."""
    out = august().flights[0]
    far = FlightsResult(flights=[dataclasses.replace(out, destination=dataclasses.replace(out.destination, distance_km=37.0))],
                        stays=[])
    v = run([claim("a", callsign="RFF7203", destination=PYONGYANG)], far)["a"]
    d = check(v, "destination")
    assert d.outcome == "supported" and d.weak and "inferred" in (d.basis or "")
    assert "resting on weak evidence" in v.reason
    elsewhere = run([claim("b", callsign="RFF7203", destination=MOSCOW)], far)["b"]
    assert check(elsewhere, "destination").outcome == "inconclusive"  # ZKPY, not Moscow: but never seen there
    seen = run([claim("c", callsign="RFF7203", destination=MOSCOW)], FlightsResult(flights=[out], stays=[]))["c"]
    assert check(seen, "destination").outcome == "contradicted"  # seen landing at ZKPY: Moscow is refuted
