"""Segmentation rules on tables built here (not recorded): each test builds the one
situation it checks, from straight-line legs between real airports' coordinates."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from tracker import airports
from tracker.geo import bearing_deg
from tracker.flights import segment as flights
from tracker.adsb.schema import canonical, empty

T0 = pd.Timestamp("2024-08-01T10:00:00Z")
UTC = dt.timezone.utc


def leg(start_s, end_s, lat0, lon0, lat1, lon1, alt0, alt1, gs, ground=False, step=10, icao24="abc123",
        callsign="TEST1"):
    """Points every `step` seconds along a straight line, altitude linear."""
    n = int((end_s - start_s) // step) + 1
    f = np.linspace(0, 1, n)
    return pd.DataFrame({
        "time": T0 + pd.to_timedelta(np.linspace(start_s, end_s, n), unit="s"),
        "icao24": icao24, "callsign": callsign,
        "lat": lat0 + (lat1 - lat0) * f, "lon": lon0 + (lon1 - lon0) * f,
        "alt_ft": np.nan if ground else alt0 + (alt1 - alt0) * f,
        "gs_kt": gs, "track_deg": bearing_deg(lat0, lon0, lat1, lon1),
        "on_ground": ground, "source": "built-in-test",
    })


def table(*legs):
    return canonical(pd.concat(legs, ignore_index=True))


EDDB = airports.get("EDDB")  # Berlin Brandenburg
EPWA = airports.get("EPWA")  # Warsaw Chopin


def out_and_back():
    """Parked at EDDB, flies to EPWA (~520 km), parks, flies back."""
    b, w = EDDB, EPWA
    return [
        leg(0, 600, b.lat, b.lon, b.lat + 0.002, b.lon, 0, 0, 5, ground=True),
        leg(610, 4210, b.lat + 0.003, b.lon, w.lat, w.lon - 0.01, 200, 300, 300),
        leg(4220, 7820, w.lat, w.lon, w.lat, w.lon + 0.002, 0, 0, 5, ground=True),
        leg(7830, 11430, w.lat, w.lon + 0.01, b.lat, b.lon + 0.003, 300, 200, 300),
        leg(11440, 12000, b.lat, b.lon, b.lat, b.lon + 0.002, 0, 0, 5, ground=True),
    ]


def test_empty_table_gives_empty_result():
    result = flights.detect(empty())
    assert result.flights == [] and result.stays == []


def test_seen_round_trip_gives_two_flights_and_three_stays():
    result = flights.detect(table(*out_and_back()))
    assert [(f.origin.icao, f.destination.icao) for f in result.flights] == [("EDDB", "EPWA"), ("EPWA", "EDDB")]
    assert [s.airport.icao for s in result.stays] == ["EDDB", "EPWA", "EDDB"]
    warsaw = result.stays[1]
    assert not warsaw.inferred and warsaw.dwell_hours.contains(1.0)
    assert warsaw.arriving_flight == result.flights[0].id and warsaw.departing_flight == result.flights[1].id
    assert result.flights[0].id == "abc123-20240801T1010Z"
    assert result.flights[0].takeoff.width <= dt.timedelta(seconds=11)


def test_on_ground_unknown_is_inferred_from_speed_and_altitude():
    legs = out_and_back()
    for part in legs:
        part["on_ground"] = pd.NA
    result = flights.detect(table(*legs))
    assert len(result.flights) == 2 and len(result.stays) == 3


def test_cruise_coverage_gap_is_a_gap_not_a_landing():
    b, w = EDDB, EPWA
    full = leg(0, 3600, b.lat, b.lon, w.lat, w.lon, 35000, 35000, 290)
    holed = full[(full["time"] < T0 + pd.Timedelta(minutes=20)) | (full["time"] > T0 + pd.Timedelta(minutes=45))]
    result = flights.detect(table(holed))
    assert len(result.flights) == 1
    (gap,) = result.flights[0].gaps
    assert 24 < gap.minutes < 26


def test_long_silence_near_an_airport_ends_the_flight_with_an_inferred_stay():
    w = EPWA
    arriving = leg(0, 600, w.lat - 0.5, w.lon - 0.5, w.lat - 0.1, w.lon - 0.1, 12000, 5000, 250)
    leaving = leg(6 * 3600, 6 * 3600 + 600, w.lat + 0.1, w.lon + 0.1, w.lat + 0.5, w.lon + 0.5, 5000, 15000, 280)
    result = flights.detect(table(arriving, leaving))
    assert len(result.flights) == 2
    first, second = result.flights
    assert first.destination.icao == "EPWA" and second.origin.icao == "EPWA"
    (stay,) = result.stays
    assert stay.inferred and stay.airport.icao == "EPWA"
    last_seen, next_seen = first.last_seen, second.first_seen
    assert last_seen < stay.arrival.earliest < stay.arrival.latest < stay.departure.earliest
    assert stay.departure.latest < next_seen
    seen_apart = (next_seen - last_seen).total_seconds() / 3600  # 5 h 50 min
    assert 4.5 < stay.dwell_hours.min < stay.dwell_hours.max < seen_apart


def test_reappearing_on_the_ground_elsewhere_ends_the_flight_there():
    b, w = EDDB, EPWA
    flying = leg(0, 1200, b.lat, b.lon + 0.5, b.lat, b.lon + 2.0, 30000, 30000, 420)
    parked = leg(3 * 3600, 3 * 3600 + 600, w.lat, w.lon, w.lat, w.lon + 0.001, 0, 0, 3, ground=True)
    result = flights.detect(table(flying, parked))
    (f,) = result.flights
    assert f.destination.icao == "EPWA"
    assert f.landing.latest <= parked["time"].iloc[0].to_pydatetime()
    assert f.landing.earliest > f.last_seen
    # ~370 km still to fly at the 420 kt it was doing (29 min): it could be down 31 minutes later
    could_be_down = f.last_seen + dt.timedelta(minutes=31)
    assert f.landing.contains(could_be_down)


def test_last_seen_at_cruise_far_from_airports_lands_nowhere_known():
    f = flights.detect(table(leg(0, 1800, 55.0, -20.0, 56.0, -12.0, 37000, 37000, 480))).flights[0]
    assert f.destination is None and f.origin is None
    assert f.landing.latest is None and f.landing.earliest >= f.last_seen
    assert f.takeoff.earliest is None and f.takeoff.latest <= f.first_seen


def test_airfield_in_no_database_is_reported_by_coordinates():
    # a stay on the ground in the middle of the Sahara, 200 km from any listed airport
    parked = leg(0, 1800, 23.5, 12.5, 23.5005, 12.5, 0, 0, 2, ground=True)
    (stay,) = flights.detect(table(parked)).stays
    assert stay.airport.icao is None
    assert (stay.airport.lat, stay.airport.lon) == pytest.approx((23.5, 12.5), abs=1e-3)


def test_position_jump_is_filtered_and_counted_not_a_new_flight():
    b, w = EDDB, EPWA
    track = leg(0, 3600, b.lat, b.lon + 1, w.lat, w.lon - 1, 35000, 35000, 290)
    track.loc[100, ["lat", "lon"]] = [35.0, 30.0]  # one spoofed fix 2,000 km away
    track.loc[200:203, ["lat"]] = track.loc[200:203, "lat"] + 3.0  # four spoofed fixes in a row
    result = flights.detect(table(track))
    assert len(result.flights) == 1
    assert result.faults["position jump over 1000 kt"] == 5
    assert result.flights[0].points == len(track) - 5


def test_altitude_spike_is_blanked_and_counted():
    track = leg(0, 1200, 52.0, 14.0, 52.0, 17.0, 35000, 35000, 420)
    track.loc[50, "alt_ft"] = 3000
    result = flights.detect(table(track))
    assert result.faults["altitude spike"] == 1 and len(result.flights) == 1
    assert result.flights[0].destination is None  # the spike did not fake a low arrival


def test_clock_fault_same_instant_two_places_is_counted():
    track = leg(0, 1200, 52.0, 14.0, 52.0, 17.0, 35000, 35000, 420)
    clash = track.iloc[[40]].copy()
    clash["lat"] += 0.5
    result = flights.detect(table(track, clash))
    assert result.faults["clock: same time, other position"] == 1
    assert len(result.flights) == 1


def test_flight_ids_are_unique_and_readable_per_aircraft():
    legs = out_and_back()
    other = [part.assign(icao24="def456") for part in out_and_back()]
    result = flights.detect(table(*legs, *other))
    ids = [f.id for f in result.flights]
    assert len(ids) == len(set(ids)) == 4
    assert all(i.split("-")[0] in ("abc123", "def456") and i.endswith("Z") for i in ids)


def test_stays_belong_to_one_aircraft():
    legs = out_and_back()
    other = [part.assign(icao24="def456") for part in out_and_back()]
    result = flights.detect(table(*legs, *other))
    by_id = {f.id: f for f in result.flights}
    for s in result.stays:
        for fid in (s.arriving_flight, s.departing_flight):
            assert fid is None or by_id[fid].icao24 == s.icao24


def test_flight_table_prints_callsigns_as_written_not_as_markup():
    from rich.console import Console

    from tracker.output import report

    legs = [part.assign(callsign="[bold]X1[/]") for part in out_and_back()]
    console = Console(record=True, width=300)
    report.print_flights(console, flights.detect(table(*legs)), [])
    assert "[bold]X1[/]" in console.export_text()


@pytest.mark.parametrize("hours,km,alt0,alt1,gs,expected", [
    (3.0, 2500, 37000, 37000, 480, False),  # oceanic silence: 3 h is just the flying time
    (8.4, 15, 8450, 11275, 300, True),  # N899DN near Spokane: lost low, back low 8 h later
    (0.5, 20, 35000, 35000, 450, False),  # too short to descend, land, turn round and climb
    (13.0, 9000, 39000, 39000, 520, True),  # many hours later: ends the flight whatever the distance
])
def test_could_have_landed(hours, km, alt0, alt1, gs, expected):
    got = flights.could_have_landed(np.array([hours * 3600]), np.array([km]), np.array([alt0]),
                                    np.array([alt1]), np.array([gs]), np.array([gs]))
    assert bool(got[0]) is expected


def test_rules_are_parameters_not_module_constants():
    """A caller's `FlightRules` changes what `detect` reports; the defaults are untouched."""
    b, w = EDDB, EPWA
    full = leg(0, 3600, b.lat, b.lon, w.lat, w.lon, 35000, 35000, 290)
    holed = full[(full["time"] < T0 + pd.Timedelta(minutes=20)) | (full["time"] > T0 + pd.Timedelta(minutes=45))]
    assert len(flights.detect(table(holed)).flights[0].gaps) == 1
    assert flights.detect(table(holed), rules=flights.FlightRules(gap_s=3600)).flights[0].gaps == []
    track = leg(0, 3600, b.lat, b.lon + 1, w.lat, w.lon - 1, 35000, 35000, 290)
    track.loc[100, ["lat", "lon"]] = [52.6, 19.0]  # ~100 km off the line: over 1,000 kt, under 100,000
    assert flights.detect(table(track)).faults == {"position jump over 1000 kt": 1}
    assert flights.detect(table(track), rules=flights.FlightRules(max_speed_kt=100_000)).faults == {}
    with pytest.raises(AttributeError):
        flights.RULES.gap_s = 1.0  # frozen: one caller cannot change another's defaults
    # oceanic silence of 3 h is not a landing by default, but is when the rules say a stop takes no time
    args = [np.array([x]) for x in (3 * 3600, 2500, 37000, 37000, 480, 480)]
    assert not flights.could_have_landed(*args)[0]
    assert flights.could_have_landed(*args, rules=flights.FlightRules(many_hours=2.0))[0]
