"""Which pages write_maps writes (per trip, per aircraft, unmatched data), without a browser."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from support.maps_sample import antimeridian_sample, sample
from tracker.errors import TrackerError
from tracker.output.maps import write_maps
from tracker.model import FlightsResult


def _merged():
    result, table, verdicts = sample()
    other, other_table = antimeridian_sample()

    both = FlightsResult(flights=result.flights + other.flights, stays=result.stays)
    return both, pd.concat([table, other_table], ignore_index=True), verdicts


def test_one_page_per_aircraft_without_verdicts(tmp_path):
    result, table, _ = _merged()
    written = write_maps(tmp_path / "maps" / "index.html", result, table)
    names = [p.name for p in written]
    assert names == ["ra-86559-1524a6.html", "abc123-abc123.html", "index.html"]  # by icao24
    overview = written[-1].read_text(encoding="utf-8")
    assert all(name in overview for name in names[:-1])


def test_trips_for_claims_and_the_rest_still_shown(tmp_path):
    result, table, verdicts = _merged()
    written = write_maps(tmp_path / "index.html", result, table, verdicts)
    names = [p.name for p in written]
    assert names[0] == "ra-86559-2024-07-31.html"  # the matched trip
    assert "abc123-abc123-not-matched-to-any-claim.html" in names  # data no claim is about
    trip = written[0].read_text(encoding="utf-8")
    assert "RA-86559" in trip and "Kamchatsky" not in trip


def test_trips_far_apart_get_their_own_pages(tmp_path):
    result, table, verdicts = sample()
    shifted = dataclasses.replace(result.flights[1], id="later", first_seen=result.flights[1].first_seen.replace(month=10),
                                  last_seen=result.flights[1].last_seen.replace(month=10),
                                  takeoff=dataclasses.replace(result.flights[1].takeoff,
                                                              earliest=result.flights[1].takeoff.earliest.replace(month=10),
                                                              latest=result.flights[1].takeoff.latest.replace(month=10)))
    verdicts = [verdicts[0], verdicts[1], dataclasses.replace(verdicts[2], claim_id="c10", flight=shifted)]
    written = write_maps(tmp_path / "index.html", FlightsResult(result.flights + [shifted], result.stays), table, verdicts)
    assert [p.name for p in written][:2] == ["ra-86559-2024-07-31.html", "ra-86559-2024-10-02.html"]


def test_a_folder_as_target_is_a_clear_error(tmp_path):
    result, table, verdicts = sample()
    with pytest.raises(TrackerError, match="folder"):
        write_maps(tmp_path, result, table, verdicts)


def test_nothing_to_draw_still_writes_an_overview(tmp_path):
    from tracker.adsb.schema import empty

    written = write_maps(tmp_path / "index.html", FlightsResult(), empty(), verdicts=[])
    assert [p.name for p in written] == ["index.html"]
    assert "no flights or stays in the data" in written[0].read_text(encoding="utf-8")


def test_a_flight_without_positions_is_still_placed_at_its_airports(tmp_path):
    from tracker.adsb.schema import empty

    result, _, _ = sample()
    html = write_maps(tmp_path / "index.html", result, empty())[0].read_text(encoding="utf-8")
    assert html.count('"className": "takeoff"') == 2 and html.count('"className": "landing"') == 2
    assert '"className": "flight-path"' not in html  # no positions, no path drawn from guesses


def test_same_data_gives_the_same_bytes(tmp_path):
    """folium's random element ids are renumbered, so regenerated maps do not churn in git."""
    result, table, verdicts = sample()
    first = write_maps(tmp_path / "a" / "index.html", result, table, verdicts=verdicts)
    second = write_maps(tmp_path / "b" / "index.html", result, table, verdicts=verdicts)
    assert [p.name for p in first] == [p.name for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
    assert "_00000000000000000000000000000001" in first[-1].read_text(encoding="utf-8")
