"""KML tracks: Flightradar24's KML download (one timed Placemark per point) and gx:Track (our own
export, FlightAware's) read into the canonical table, with every point's line kept."""
from __future__ import annotations

import pytest
from conftest import FIXTURES, run_cli
from support.fr24_export import playback, write_kml_export
from support.maps_sample import sample

from tracker import adsb
from tracker.adsb import sniff
from tracker.flights import segment
from tracker.output.export import write_kml

PLAYBACK = FIXTURES / "samples" / "fr24" / "372355e5.json"


@pytest.fixture
def fr24_kml(tmp_path):
    return write_kml_export(PLAYBACK, tmp_path / "THY9BP.kml")


def test_fr24_kml_reads_the_same_points_as_the_playback(fr24_kml):
    assert sniff.detect(fr24_kml) == "kml-track"
    table, reports = adsb.read([str(fr24_kml)])
    track = playback(PLAYBACK)["track"]
    assert reports[0].rows_read == len(track) and reports[0].rows_kept == len(track) and not reports[0].error
    assert table["icao24"].isna().all() and set(table["callsign"]) == {"THY9BP"}
    first = track[0]
    row = table.iloc[0]
    assert row["time"].timestamp() == first["timestamp"]
    assert (row["lat"], row["lon"]) == pytest.approx((first["latitude"], first["longitude"]))
    assert row["alt_ft"] == first["altitude"]["feet"] and row["gs_kt"] == first["speed"]["kts"]  # from the description
    lines = fr24_kml.read_text(encoding="utf-8").splitlines()
    assert all("<when>" in lines[n - 1] for n in table["line"].head(20))  # each row names its line


def test_fr24_kml_gives_the_flight_the_playback_gives(fr24_kml):
    from_kml = segment.detect(adsb.read([str(fr24_kml)])[0]).flights
    from_json = segment.detect(adsb.read([str(PLAYBACK)])[0]).flights
    assert len(from_kml) == len(from_json) == 1
    a, b = from_kml[0], from_json[0]
    assert (a.origin.icao, a.destination.icao) == (b.origin.icao, b.destination.icao)
    assert a.takeoff == b.takeoff and a.landing == b.landing


def test_our_gx_track_export_reads_back(tmp_path):
    result, table, _ = sample()
    path = write_kml(tmp_path / "out.kml", result, table)
    back, reports = adsb.read([str(path)])
    assert reports[0].format == "kml-track" and reports[0].rows_kept == sum(f.points for f in result.flights) > 0
    assert back["time"].min() == table["time"].min()


def test_broken_kml_is_a_partial_read_and_entities_are_not_expanded(tmp_path, fr24_kml):
    text = fr24_kml.read_text(encoding="utf-8")
    cut = tmp_path / "cut.kml"
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    table, reports = adsb.read([str(cut), str(fr24_kml)])
    report = reports[0]
    assert report.partial and "line" in report.error and 0 < report.rows_kept < len(playback(PLAYBACK)["track"])
    bomb = tmp_path / "bomb.kml"
    bomb.write_text('<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
                    "<name>&c;</name><Placemark><TimeStamp><when>2024-01-01T00:00:00Z</when></TimeStamp>"
                    "<Point><coordinates>10,50,0</coordinates></Point></Placemark></Document></kml>", encoding="utf-8")
    table, reports = adsb.read([str(bomb)])
    assert reports[0].rows_kept == 1
    run = run_cli("read", str(bomb))
    assert run.returncode == 0 and "Traceback" not in run.stderr
    empty = tmp_path / "empty.kml"
    empty.write_text('<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>', encoding="utf-8")
    table, reports = adsb.read([str(empty)])
    assert table.empty and reports[0].rows_read == 0 and reports[0].format == "kml-track"
    run = run_cli("read", str(empty))
    assert run.returncode in (0, 2) and "Traceback" not in run.stderr
