"""Real recorded Flightradar24 samples (fixtures/samples/fr24, see its README for source and
licence) against short articles written for these tests (tests/articles_fr24): the facts
stated rightly are supported, the facts stated wrongly are contradicted, and what the
recording does not show stays no-data or inconclusive."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import FIXTURES, ROOT
from tracker import adsb, airports
from tracker.claims import articles
from tracker.claims import extractor as claims
from tracker.flights import segment as flights
from tracker.corroborate import combine, corroborate
from tracker.model import Claim, HoursRange, Place, TimeWindow

ARTICLES = ROOT / "tests" / "articles_fr24"
UTC = dt.timezone.utc


@pytest.fixture(scope="module")
def recorded():
    table, reports = adsb.read([str(p) for p in sorted((FIXTURES / "samples" / "fr24").glob("*.json"))])
    return flights.detect(table), table


def local_day(day: str, icao: str) -> TimeWindow:
    """A calendar day in the airport's own zone, as a reader of the article would take it."""
    from zoneinfo import ZoneInfo
    zone = ZoneInfo(airports.get(icao).tz)
    start = dt.datetime.fromisoformat(day).replace(tzinfo=zone)
    return TimeWindow(start, start + dt.timedelta(days=1))


def local_hours(day: str, icao: str, first: int, last: int) -> TimeWindow:
    from zoneinfo import ZoneInfo
    zone = ZoneInfo(airports.get(icao).tz)
    start = dt.datetime.fromisoformat(day).replace(tzinfo=zone)
    return TimeWindow(start + dt.timedelta(hours=first), start + dt.timedelta(hours=last))


def city(name: str, icao: str) -> Place:
    return Place(name, [icao], airports.get(icao).country)


def c(cid: str, trip: str, **fields) -> Claim:
    return Claim(id=cid, article=cid.split("#")[0], span=(0, 1), quote=cid, trip=trip, **fields)


# What a careful reader takes from each sentence of tests/articles_fr24 (times in the places' zones).
THY_RIGHT = [c("thy9bp_right#1", "a", callsign="THY9BP", aircraft_type="B738", registration="TC-JVF",
               origin=city("Istanbul", "LTFM"), departure=local_day("2024-09-17", "LTFM"),
               destination=city("Oslo", "ENGM"), arrival=local_day("2024-09-17", "ENGM"))]
THY_WRONG = [c("thy9bp_wrong#1", "b", callsign="THY9BP", destination=city("Stockholm", "ESSA"),
               arrival=local_day("2024-09-17", "ESSA")),
             c("thy9bp_wrong#2", "b", aircraft_type="A320", registration="TC-JVF", origin=city("Istanbul", "LTFM"),
               departure=local_day("2024-09-16", "LTFM"))]
EDW_RIGHT = [c("edw24_right#1", "c", callsign="EDW24", aircraft_type="A343", registration="HB-JMF",
               origin=city("Zurich", "LSZH"), departure=local_day("2024-04-06", "LSZH"),
               destination=city("Cancun", "MMUN"), arrival=local_hours("2024-04-06", "MMUN", 12, 18))]
EDW_WRONG = [c("edw24_wrong#1", "d", callsign="EDW24", origin=city("Zurich", "LSZH"), departure=local_day("2024-04-05", "LSZH"),
               destination=city("Cancun", "MMUN"), arrival=local_hours("2024-04-06", "MMUN", 5, 12)),
             c("edw24_wrong#2", "d", registration="HB-JMA", destination=city("Cancun", "MMUN"),
               dwell_hours=HoursRange(2.4, 3.6))]


def verdicts(recorded, claims_):
    result, table = recorded
    return {v.claim_id: v for v in corroborate(claims_, result, table)}


def fields(v) -> dict[str, str]:
    return {ch.field: ch.outcome for ch in v.checks}


def test_rightly_stated_facts_are_supported_field_by_field(recorded):
    got = verdicts(recorded, THY_RIGHT + EDW_RIGHT)
    for v in got.values():
        assert v.outcome == "supported", (v.claim_id, v.reason)
        assert set(fields(v)) == {"callsign", "aircraft_type", "registration", "origin", "departure", "destination", "arrival"}
    arrival = next(ch for ch in got["edw24_right#1"].checks if ch.field == "arrival")
    assert "Cancun time 06 Apr 12:00–06 Apr 18:00" in arrival.claimed and "MMUN" in arrival.observed
    assert arrival.observed.startswith("landing 2024-04-06T21:40")  # FR24 recorded landing 21:41:31Z


def test_wrong_destination_and_type_are_contradicted(recorded):
    got = verdicts(recorded, THY_WRONG)
    one, two = got["thy9bp_wrong#1"], got["thy9bp_wrong#2"]
    assert fields(one) == {"callsign": "supported", "destination": "contradicted", "arrival": "supported"}
    dest = next(ch for ch in one.checks if ch.field == "destination")
    assert "ENGM" in dest.observed and "km from the nearest claimed airport ESSA" in dest.delta
    # the type-only sentence is matched through its trip (callsign THY9BP in the sentence before)
    assert fields(two)["aircraft_type"] == "contradicted" and fields(two)["registration"] == "supported"
    # took off 17 Sep 11:02 Istanbul time; the claimed 16 Sep lies wholly outside the recording (one
    # flight on the 17th), and a daily flight number repeats: the recording says nothing of the 16th
    dep = next(ch for ch in two.checks if ch.field == "departure")
    assert dep.outcome == "inconclusive" and "lies outside it" in dep.reason
    assert one.outcome == two.outcome == "contradicted"  # still: the type and the destination


def test_wrong_day_part_and_registration_are_contradicted_missing_stay_is_not(recorded):
    got = verdicts(recorded, EDW_WRONG)
    one, two = got["edw24_wrong#1"], got["edw24_wrong#2"]
    assert fields(one) == {"callsign": "supported", "origin": "supported", "destination": "supported",
                           "departure": "contradicted", "arrival": "contradicted"}
    arrival = next(ch for ch in one.checks if ch.field == "arrival")
    assert arrival.delta.endswith("after the claimed latest")
    # the sentence names HB-JMA, which no recording holds: it is about that aircraft, so nothing is
    # judged on the recorded HB-JMF in its place (issue 14, shape 9)
    assert set(fields(two).values()) == {"no-data"} and "no recording of HB-JMA" in two.reason
    assert combine(v.outcome for v in got.values()) == "contradicted"


def test_claims_about_an_aircraft_not_recorded_are_no_data(recorded):
    other = [c("x#1", "x", callsign="AFL1234", destination=city("Oslo", "ENGM"), arrival=local_day("2024-09-17", "ENGM"))]
    v = verdicts(recorded, other)["x#1"]
    assert v.outcome == "no-data" and "no recording of AFL1234" in v.reason


def test_articles_through_the_claims_extractor(recorded):
    """The same articles as text, through the real extractor: whatever it finds is checked honestly."""
    docs = articles.load([str(p) for p in sorted(ARTICLES.glob("*.txt"))])
    found = [cl for d in docs for cl in claims.extract(d)]
    assert {cl.article for cl in found} == {"edw24_right", "edw24_wrong", "thy9bp_right", "thy9bp_wrong"}
    got = corroborate(found, *recorded)
    by = {}
    for v in got:
        by.setdefault(v.article, []).append(v)
    assert combine(v.outcome for v in by["edw24_right"]) == "supported"
    assert combine(v.outcome for v in by["thy9bp_right"]) == "supported"
    assert combine(v.outcome for v in by["thy9bp_wrong"]) == "contradicted"  # the A320 sentence
    assert combine(v.outcome for v in by["edw24_wrong"]) == "contradicted"
    # the extractor now reads every field the careful reader does (places, variant types, registrations):
    # each sentence is judged field by field exactly as its hand-built twin above
    from_text = {v.claim_id: fields(v) for v in got}
    by_hand = {v.claim_id: fields(v) for v in corroborate(THY_RIGHT + THY_WRONG + EDW_RIGHT + EDW_WRONG, *recorded)}
    assert from_text == by_hand
    stockholm = next(ch for ch in by["thy9bp_wrong"][0].checks if ch.field == "destination")
    assert stockholm.outcome == "contradicted" and "ESSA" in stockholm.claimed and "ENGM" in stockholm.observed
    # every check on a fact the recordings hold is decided, none rests on absent data
    assert all(ch.outcome != "no-data" for v in got for ch in v.checks
               if ch.field != "dwell" and "no recording of" not in (v.reason or ""))
