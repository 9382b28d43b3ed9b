import datetime as dt

import pytest

from tracker.model import (
    AirportRef, Check, Claim, Flight, FlightsResult, Gap, GroundStay, HoursRange, Place, ReadReport,
    TimeWindow, Verdict, from_json, iso, to_json,
)

UTC = dt.timezone.utc
T0 = dt.datetime(2023, 8, 1, 2, 30, tzinfo=UTC)


def test_iso_is_utc_with_z_whatever_the_input_zone():
    pyongyang = dt.timezone(dt.timedelta(hours=9))
    assert iso(dt.datetime(2023, 8, 1, 11, 30, tzinfo=pyongyang)) == "2023-08-01T02:30:00Z"


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        TimeWindow(dt.datetime(2023, 8, 1), None)


def test_window_rejects_reversed_bounds_and_answers_containment():
    with pytest.raises(ValueError):
        TimeWindow(T0, T0 - dt.timedelta(hours=1))
    w = TimeWindow(T0, T0 + dt.timedelta(hours=7))
    assert w.contains(T0 + dt.timedelta(hours=3))
    assert not w.contains(T0 + dt.timedelta(hours=8))
    assert TimeWindow(None, T0).contains(T0 - dt.timedelta(days=400))
    assert w.overlaps(TimeWindow(T0 + dt.timedelta(hours=6), None))
    assert not w.overlaps(TimeWindow(T0 + dt.timedelta(hours=8), None))


def _claim() -> Claim:
    return Claim(
        id="000#2", article="000", span=(120, 260), quote="Рейс RFF7203 вилетів з Москви 31 липня",
        language="uk", callsign="RFF7203", registration="RA-86559", aircraft_type="IL62",
        origin=Place("з Москви", ["UUWW", "UUEE"]), destination=Place("Північній Кореї", ["ZKPY"]),
        departure=TimeWindow(T0 - dt.timedelta(hours=3), T0 + dt.timedelta(hours=21)), arrival=None,
        dwell_hours=HoursRange(30.6, 41.4), attributed_to=["Flightradar24"], hedged=False, trip="000/t1",
    )


def test_claim_json_has_the_contract_keys_and_round_trips():
    claim = _claim()
    data = to_json(claim)
    for key in ("id", "span", "quote", "callsign", "registration", "aircraft_type", "origin", "destination",
                "departure", "arrival", "dwell_hours", "attributed_to", "hedged", "trip"):
        assert key in data
    assert data["span"] == [120, 260]
    assert data["departure"] == {"earliest": "2023-07-31T23:30:00Z", "latest": "2023-08-01T23:30:00Z"}
    assert data["arrival"] is None
    assert data["origin"] == {"text": "з Москви", "airports": ["UUWW", "UUEE"], "country": None,
                              "match": "exact", "score": 1.0, "also": [], "airport": False}
    assert data["dwell_hours"] == {"min": 30.6, "max": 41.4}
    assert from_json(Claim, data) == claim


def test_flight_stay_verdict_and_report_round_trip():
    flight = Flight(
        id="f1", icao24="150d33", registration="RA-86559", callsign="RFF7203", typecode="IL62",
        origin=AirportRef("UUWW", 1.2, runner_up="UUDD", runner_up_km=20.5), destination=AirportRef("ZKPY", 0.8),
        takeoff=TimeWindow.at(T0), landing=TimeWindow(T0 + dt.timedelta(hours=8), T0 + dt.timedelta(hours=8, minutes=1)),
        points=900, gaps=[Gap(T0 + dt.timedelta(hours=2), T0 + dt.timedelta(hours=3))],
    )
    stay = GroundStay(icao24="150d33", registration="RA-86559", airport=AirportRef("ZKPY", 0.8),
                      arrival=flight.landing, departure=TimeWindow.at(T0 + dt.timedelta(hours=44)),
                      dwell_hours=HoursRange(35.9, 36.0))
    verdict = Verdict(claim_id="000#2", article="000", quote="q", outcome="supported",
                      checks=[Check("dwell", "supported", "30.6–41.4 h", "35.9–36.0 h")], flight=flight, stay=stay)
    report = ReadReport(file="a.json", format="readsb", rows_read=10, rows_kept=8)
    report.reject("bad coordinates", 2, [3, 7])
    for cls, obj in ((Flight, flight), (GroundStay, stay), (Verdict, verdict), (ReadReport, report),
                     (FlightsResult, FlightsResult([flight], [stay], {"speed": 3}))):
        assert from_json(cls, to_json(obj)) == obj
    assert to_json(flight)["origin"]["icao"] == "UUWW"
    assert to_json(flight)["takeoff"] == {"earliest": "2023-08-01T02:30:00Z", "latest": "2023-08-01T02:30:00Z"}
    assert report.rows_read == report.rows_kept + report.rows_rejected
    assert report.first_bad_lines == {"bad coordinates": [3, 7]}
