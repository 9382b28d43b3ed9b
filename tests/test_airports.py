"""Nearest suitable airport: spatial index, suitability, runner-up, coordinates fallback."""
from __future__ import annotations

import numpy as np
import pytest
from geopy.distance import great_circle

from tracker import airports
from tracker.geo import haversine_km


def test_on_the_apron_is_that_airport_without_doubt():
    ref = airports.nearest(44.8804, -93.2099, radius_km=8)  # N899DN parked at Minneapolis
    assert ref.icao == "KMSP" and ref.distance_km < 2
    assert ref.runner_up is None


def test_between_taipei_airports_the_runner_up_is_named():
    # Halfway between Songshan (RCSS) and Taoyuan (RCTP), 30 km apart: the data cannot tell.
    ref = airports.nearest(25.073, 121.39, radius_km=100)
    assert {ref.icao, ref.runner_up} == {"RCSS", "RCTP"}
    assert abs(ref.distance_km - ref.runner_up_km) < 3


def test_moscow_centre_is_ambiguous_between_its_airports():
    ref = airports.nearest(55.7558, 37.6173, radius_km=100)
    moscow = set(airports.in_city("Moscow", "RU"))
    assert len(moscow) == 8
    assert ref.icao in moscow and ref.runner_up in moscow


def test_scheduled_airport_beats_closer_general_aviation_field():
    # Where N899DN was last seen descending west of Spokane: Felts Field (KSFF, no
    # scheduled service) and a private strip are nearer than Spokane International.
    ref = airports.nearest(47.4569, -117.1059, radius_km=100)
    assert ref.icao == "KGEG"
    assert airports.airport_kind("KSFF") == "medium_airport"
    assert airports.airport_kind("KGEG") == "scheduled"


def test_closed_field_is_skipped_when_a_working_airport_is_in_range():
    woodford = airports.get("EGCD")  # Manchester Woodford, closed
    assert airports.airport_kind("EGCD") == "closed"
    ref = airports.nearest(woodford.lat, woodford.lon, radius_km=15)
    assert ref.icao == "EGCC"


def test_heliport_is_used_only_when_nothing_else_fits():
    heli = airports.get("BGSG")  # Sermiligaaq Heliport, Greenland: nothing else for 100 km
    assert airports.airport_kind("BGSG") == "heliport"
    assert airports.nearest(heli.lat, heli.lon, radius_km=20).icao == "BGSG"


def test_open_ocean_has_no_airport():
    assert airports.nearest(0.0, -30.0, radius_km=100) is None


def test_candidates_are_vectorised_and_nan_safe():
    lat = np.array([44.8804, np.nan, 0.0, 39.8617])
    lon = np.array([-93.2099, 10.0, -30.0, -104.6732])
    best = airports.best(airports.candidates(lat, lon, 10), len(lat))
    assert list(best["icao"].fillna("-")) == ["KMSP", "-", "-", "KDEN"]


@pytest.mark.parametrize("a,b", [((48.7233, 2.3794), (49.0097, 2.5479)), ((0, 0), (0, 180)), ((60, 10), (-33, 151))])
def test_haversine_km_matches_geopy_great_circle(a, b):
    assert haversine_km(*a, *b) == pytest.approx(great_circle(a, b).km, rel=1e-4)
