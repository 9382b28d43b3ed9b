"""Flights and stays on real recorded samples (fixtures/samples, provenance in its README).

Ground truth: the Flightradar24 files carry their own origin, destination and landing
time; the readsb trace of N899DN is checked against what its points plainly show
(legs through Minneapolis, a long silence near Spokane).
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from tracker import adsb
from tracker.flights import segment as flights
from tracker.model import TimeWindow

from conftest import FIXTURES

SAMPLES = FIXTURES / "samples"
UTC = dt.timezone.utc


def _read(*names: str):
    table, _ = adsb.read([str(SAMPLES / n) for n in names])
    return table


@pytest.fixture(scope="module")
def readsb_result():
    return flights.detect(_read("readsb/trace_full_ac671b.json"))


@pytest.fixture(scope="module")
def quickstart():
    table = _read("collections/quickstart.json.gz")
    return table, flights.detect(table)


# --------------------------------------------------------------------------- Flightradar24 ground truth

@pytest.mark.parametrize("name", ["372355e5.json", "34a8254b.json"])
def test_fr24_airports_and_landing_time_match_the_recorded_truth(name):
    raw = json.loads((SAMPLES / "fr24" / name).read_text())["result"]["response"]["data"]["flight"]
    truth_origin = raw["airport"]["origin"]["code"]["icao"]
    truth_dest = raw["airport"]["destination"]["code"]["icao"]
    truth_landed = dt.datetime.fromtimestamp(raw["status"]["generic"]["eventTime"]["utc"], UTC)

    result = flights.detect(_read(f"fr24/{name}"))
    assert len(result.flights) == 1
    f = result.flights[0]
    assert (f.origin.icao, f.destination.icao) == (truth_origin, truth_dest)
    assert f.origin.distance_km < 3 and f.destination.distance_km < 3
    assert f.landing.bounded and f.landing.width < dt.timedelta(minutes=1)  # the touchdown was seen
    slack = dt.timedelta(minutes=3)
    assert f.landing.earliest - slack <= truth_landed <= f.landing.latest + slack
    assert f.takeoff.bounded and f.takeoff.latest <= f.first_seen + dt.timedelta(seconds=1)
    # parked before and after: two stays seen on the ground, tied to the flight
    assert [s.airport.icao for s in result.stays] == [truth_origin, truth_dest]
    assert result.stays[0].departing_flight == f.id and result.stays[1].arriving_flight == f.id
    assert not any(s.inferred for s in result.stays)


# --------------------------------------------------------------------------- readsb N899DN

def test_readsb_legs_through_minneapolis(readsb_result):
    legs = [(f.origin.icao if f.origin else None, f.destination.icao if f.destination else None)
            for f in readsb_result.flights]
    # first seen at cruise over Belize (origin not seen), then MSP → Spokane, Spokane → MSP, MSP → DEN
    assert legs == [(None, "KMSP"), ("KMSP", "KGEG"), ("KGEG", "KMSP"), ("KMSP", "KDEN")]
    assert [f.callsign for f in readsb_result.flights] == ["DAL1812", "DAL2418", "DAL1615", "DAL2927"]
    ids = [f.id for f in readsb_result.flights]
    assert ids[0] == "ac671b-20250204T2113Z" and len(set(ids)) == 4
    assert all(f.registration == "N899DN" for f in readsb_result.flights)


def test_readsb_two_seen_stays_at_minneapolis_and_inferred_stay_at_spokane(readsb_result):
    stays = readsb_result.stays
    between = [s for s in stays if s.arriving_flight and s.departing_flight]
    assert [(s.airport.icao, s.inferred) for s in between] == [("KMSP", False), ("KGEG", True), ("KMSP", False)]
    msp1, geg, msp2 = between
    # seen on the ground: dwell known to the minute
    # touchdown ~01:12:25 → lift-off ~03:43:50, and ~17:00:18 → ~18:14:36, read off the trace
    for s, hours in ((msp1, 2 + 31.4 / 60), (msp2, 1 + 14.3 / 60)):
        assert s.dwell_hours.max - s.dwell_hours.min < 0.01
        assert s.dwell_hours.min == pytest.approx(hours, abs=0.01)
    # Spokane: last seen 06:24 descending through 8,450 ft, next seen 14:47 climbing
    # through 11,275 ft — landing and takeoff not recorded, so wide windows
    assert geg.arrival.width > dt.timedelta(minutes=20) and geg.departure.width > dt.timedelta(minutes=20)
    assert geg.arrival.earliest > dt.datetime(2025, 2, 5, 6, 23, 59, tzinfo=UTC)
    assert geg.departure.latest < dt.datetime(2025, 2, 5, 14, 47, 4, tzinfo=UTC)
    assert 6.5 < geg.dwell_hours.min < geg.dwell_hours.max < 8.4
    assert geg.airport.runner_up is not None  # Felts Field / strips nearby: the doubt is shown


def test_readsb_coverage_gaps_inside_a_flight_are_gaps_not_new_flights(readsb_result):
    first = readsb_result.flights[0]  # 48-minute hole over the Gulf of Mexico at FL320–340
    assert any(g.minutes > 45 for g in first.gaps)
    assert all(g.start < g.end for f in readsb_result.flights for g in f.gaps)


# --------------------------------------------------------------------------- collections, noise

def test_quickstart_tracks_leaving_coverage_at_cruise_get_no_destination(quickstart):
    table, result = quickstart
    assert 200 <= len(result.flights) <= 260  # traffic counts 238 flights in this collection
    open_ended = [f for f in result.flights if f.destination is None]
    assert len(open_ended) > len(result.flights) / 2
    for f in open_ended:
        last = table[(table["icao24"] == f.icao24) & (table["time"] == f.last_seen)].iloc[0]
        assert f.landing.latest is None or f.landing.latest > f.last_seen
        assert not (last["alt_ft"] < 3000 and last["gs_kt"] < 150)  # not a seen arrival left unnamed
    named = {f.destination.icao for f in result.flights if f.destination}
    assert named <= {"LFPG", "LFPO", "LFPB", "LFPV", "LFOB", "LFPN", "LFOX"}  # Paris area fields only


def test_quickstart_has_no_phantom_flights_while_taxiing(quickstart):
    _, result = quickstart
    for f in result.flights:
        assert f.last_seen - f.first_seen > dt.timedelta(minutes=2), f.id
        assert not (f.origin and f.destination and f.origin.icao == f.destination.icao
                    and f.last_seen - f.first_seen < dt.timedelta(minutes=10)), f.id


@pytest.mark.parametrize("name,origin,dest", [
    ("noisy/noisy_ground.json.gz", "LSZH", None),
    ("noisy/noisy_takeoff.json.gz", "LSZH", None),
    ("noisy/noisy_landing.json.gz", None, "LSZH"),
    ("noisy/noisy_spoofing.json.gz", "LTFM", None),
    ("noisy/noisy_time_issue.json.gz", "LPPR", None),
    # the tanker's last real fix is at 700 ft, 6 km from its base Istres, before stale repeats
    ("military/inflight_refuelling.json.gz", "LFMI", "LFMI"),
])
def test_noisy_samples_give_one_flight_and_no_phantom_airports(name, origin, dest):
    result = flights.detect(_read(name))
    assert len(result.flights) == 1
    f = result.flights[0]
    if origin:
        assert f.origin and f.origin.icao == origin
    if dest:
        assert f.destination and f.destination.icao == dest
    else:
        assert f.destination is None


def test_altitude_spikes_in_noisy_samples_are_counted():
    result = flights.detect(_read("noisy/noisy_takeoff.json.gz"))
    assert result.faults.get("altitude spike", 0) > 0


# --------------------------------------------------------------------------- cut the ends off real tracks

def _cut_after_descending_below(table, alt_ft):
    """Drop everything after the aircraft's final descent first passes below `alt_ft`."""
    last_high = table.index[(table["alt_ft"] > alt_ft)].max()
    return table.loc[:last_high + 1]


@pytest.mark.parametrize("alt_ft", [9000, 6000, 3000])
def test_landing_window_widens_and_still_contains_truth_when_the_end_is_cut(alt_ft):
    raw = json.loads((SAMPLES / "fr24/372355e5.json").read_text())["result"]["response"]["data"]["flight"]
    truth = dt.datetime.fromtimestamp(raw["status"]["generic"]["eventTime"]["utc"], UTC)
    table = _read("fr24/372355e5.json").reset_index(drop=True)
    full = flights.detect(table).flights[0]
    cut = flights.detect(_cut_after_descending_below(table, alt_ft)).flights[0]
    assert cut.destination.icao == "ENGM"
    assert cut.landing.width > full.landing.width
    slack = dt.timedelta(seconds=30)
    assert cut.landing.earliest - slack <= truth <= cut.landing.latest + slack
    assert TimeWindow(full.landing.earliest, full.landing.latest).overlaps(cut.landing)


@pytest.mark.parametrize("alt_ft", [12000, 9000])  # Denver lies at 5,434 ft
def test_readsb_denver_landing_cut_short_still_names_denver(alt_ft):
    table = _read("readsb/trace_full_ac671b.json").reset_index(drop=True)
    full = flights.detect(table).flights[-1]
    cut = flights.detect(_cut_after_descending_below(table, alt_ft)).flights[-1]
    assert cut.destination.icao == "KDEN"
    assert cut.landing.width > full.landing.width
    assert cut.landing.contains(full.landing.earliest) and cut.landing.contains(full.landing.latest)


def test_cut_at_cruise_gives_no_landing_airport():
    table = _read("fr24/34a8254b.json").reset_index(drop=True)  # Zurich → Cancun
    cruise = table.index[table["alt_ft"] >= 30000].max()
    cut = flights.detect(table.loc[:cruise - 200]).flights[0]
    assert cut.destination is None and cut.landing.latest is None
    assert cut.origin.icao == "LSZH"


@pytest.mark.parametrize("alt_ft", [3000, 8000])
def test_takeoff_window_when_the_start_is_cut(alt_ft):
    table = _read("fr24/34a8254b.json").reset_index(drop=True)
    full = flights.detect(table).flights[0]
    first_high = table.index[table["alt_ft"] > alt_ft].min()
    cut = flights.detect(table.loc[first_high:]).flights[0]
    assert cut.origin.icao == "LSZH"
    assert cut.takeoff.width > full.takeoff.width
    assert cut.takeoff.contains(full.takeoff.earliest) and cut.takeoff.contains(full.takeoff.latest)


# --------------------------------------------------------------------------- the command

def test_cli_flights_json_shape(cli):
    run = cli("flights", "--json", str(SAMPLES / "readsb" / "trace_full_ac671b.json"))
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    assert set(payload) == {"flights", "stays", "faults", "read_report"}
    assert len(payload["flights"]) == 4 and len(payload["stays"]) == 4
    spokane = [s for s in payload["stays"] if s["inferred"]]
    assert [s["airport"]["icao"] for s in spokane] == ["KGEG"]
    assert spokane[0]["dwell_hours"]["min"] < spokane[0]["dwell_hours"]["max"]
    assert all(f["takeoff"]["latest"].endswith("Z") for f in payload["flights"])


def test_cli_flights_table_names_the_inferred_stay(cli):
    run = cli("flights", str(SAMPLES / "readsb" / "trace_full_ac671b.json"))
    assert run.returncode == 0, run.stderr
    assert "inferred across a gap" in run.stdout and "KGEG" in run.stdout


def test_unseen_stop_cut_from_a_real_seen_stay_contains_the_truth():
    """Blank N899DN's first Minneapolis stay and everything below 10,000 ft around it:
    the stay must come back as inferred at KMSP, its windows holding the seen ones."""
    table = _read("readsb/trace_full_ac671b.json").reset_index(drop=True)
    seen = flights.detect(table)
    truth = seen.stays[0]
    assert truth.airport.icao == "KMSP" and not truth.inferred
    around = (table["time"] > truth.arrival.earliest - dt.timedelta(minutes=25)) \
        & (table["time"] < truth.departure.latest + dt.timedelta(minutes=15))
    low = table["on_ground"].fillna(False) | (table["alt_ft"] < 10000)
    result = flights.detect(table[~(around & low)])
    (stay,) = [s for s in result.stays if s.inferred and s.airport.icao == "KMSP"]
    assert stay.arrival.contains(truth.arrival.earliest) and stay.arrival.contains(truth.arrival.latest)
    assert stay.departure.contains(truth.departure.earliest) and stay.departure.contains(truth.departure.latest)
    assert stay.dwell_hours.contains(truth.dwell_hours.min) and stay.dwell_hours.contains(truth.dwell_hours.max)
    assert len(result.flights) == len(seen.flights)


def test_aircraft_seen_only_on_the_ground_give_stays_without_flights():
    result = flights.detect(_read("onground/zurich_airport.json.gz"))
    flying = {f.icao24 for f in result.flights}
    parked = [s for s in result.stays if s.icao24 not in flying]
    assert parked, "the Zurich sample has aircraft that never take off"
    for s in parked:
        assert s.airport.icao == "LSZH" and not s.inferred
        assert s.arriving_flight is None and s.departing_flight is None
        assert s.arrival.earliest is None and s.departure.latest is None  # seen, not bounded
        assert s.dwell_hours.min > 0


def test_same_flight_from_two_recordings_is_one_flight():
    # TC-JVF's 17 Sep 2024 Istanbul departure is in both the FR24 file and the spoofing sample
    result = flights.detect(_read("fr24/372355e5.json", "noisy/noisy_spoofing.json.gz"))
    (f,) = result.flights
    assert (f.origin.icao, f.destination.icao) == ("LTFM", "ENGM")
    assert len(f.source) == 2
    assert result.faults["same time, other position in another file (first kept)"] > 0
