"""Flights from a Flightradar24 CSV export, which carries no transponder address.

The export is built in each test (tmp_path) from the real recorded FR24 playback of THY9BP
Istanbul LTFM → Oslo ENGM (fixtures/samples/fr24/372355e5.json, see its README): the same
points, in the CSV layout FR24 writes (see tests/fr24_export.py). The landing time checked
against is FR24's own `status.generic.eventTime.utc` in that playback.
"""
from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from conftest import FIXTURES
from support.fr24_export import playback, write_export
from tracker import adsb
from tracker.flights import segment as flights
from tracker.adsb.schema import track_keys
from tracker.corroborate import corroborate
from tracker.model import Claim, Flight, FlightsResult, Place, TimeWindow, from_json, to_json

PLAYBACK = FIXTURES / "samples" / "fr24" / "372355e5.json"
UTC = dt.timezone.utc


def recorded_landing() -> dt.datetime:
    return dt.datetime.fromtimestamp(playback(PLAYBACK)["status"]["generic"]["eventTime"]["utc"], UTC)


@pytest.fixture
def export(tmp_path):
    return write_export(PLAYBACK, tmp_path / "THY9BP_export.csv")


def test_cli_flights_finds_the_whole_flight(cli, export):
    run = cli("flights", "--json", str(export))
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    (f,) = payload["flights"]
    assert f["origin"]["icao"] == "LTFM" and f["destination"]["icao"] == "ENGM"
    assert f["icao24"] is None and f["callsign"] == "THY9BP"
    assert f["track"] == f"{export}#THY9BP" and f["source"] == [str(export)]
    # the bundled aircraft database knows THY9BP's aircraft (4baac6, TC-JVF), but only by icao24:
    # a callsign is not an aircraft, so nothing is filled in
    assert f["registration"] is None and f["typecode"] is None
    landing = from_json(TimeWindow, f["landing"])
    slack = dt.timedelta(minutes=3)
    assert recorded_landing() - slack <= landing.earliest <= landing.latest <= recorded_landing() + slack
    assert f["points"] > 400 and f["id"].startswith("nohex-THY9BP-")
    assert {s["icao24"] for s in payload["stays"]} == {None}
    assert {s["airport"]["icao"] for s in payload["stays"]} == {"LTFM", "ENGM"}


def test_cli_flights_table_says_the_address_is_unknown(cli, export):
    run = cli("flights", str(export))
    assert run.returncode == 0, run.stderr
    assert "no icao24: THY9BP in THY9BP_export.csv" in " ".join(run.stdout.split())
    assert "None" not in run.stdout and "<NA>" not in run.stdout


def test_flight_without_address_round_trips_through_json(export):
    table, _ = adsb.read([str(export)])
    (f,) = flights.detect(table).flights
    assert from_json(Flight, json.loads(json.dumps(to_json(f)))) == f
    assert f.icao24 is None and f.track == f"{export}#THY9BP"


def _claim(**kw) -> Claim:
    base = dict(id="c1", article="a1", span=(0, 10), quote="THY9BP flew from Istanbul to Oslo on 17 September.")
    return Claim(**(base | kw))


def _checks(verdict) -> dict[str, str]:
    return {c.field: c.outcome for c in verdict.checks}


def test_corroborate_by_callsign_route_and_time(export):
    table, _ = adsb.read([str(export)])
    result = flights.detect(table)
    day = TimeWindow(dt.datetime(2024, 9, 17, tzinfo=UTC), dt.datetime(2024, 9, 18, tzinfo=UTC))
    arrive = TimeWindow(recorded_landing() - dt.timedelta(minutes=20), recorded_landing() + dt.timedelta(minutes=20))
    right = _claim(callsign="THY9BP", origin=Place("Istanbul", ["LTFM", "LTBA"]), destination=Place("Oslo", ["ENGM"]),
                   departure=day, arrival=arrive)
    wrong_place = _claim(id="c2", callsign="THY9BP", destination=Place("Bergen", ["ENBR"]), arrival=arrive)
    identity = _claim(id="c3", callsign="THY9BP", registration="TC-JVF", aircraft_type="B738", arrival=arrive)
    other_callsign = _claim(id="c4", callsign="THY1", arrival=arrive)
    v = dict(zip("abcd", corroborate([right, wrong_place, identity, other_callsign], result, table)))
    assert v["a"].outcome == "supported", v["a"].reason
    assert _checks(v["a"]) == dict.fromkeys(["callsign", "origin", "destination", "departure", "arrival"], "supported")
    assert v["a"].flight is not None and v["a"].flight.icao24 is None
    assert v["b"].outcome == "contradicted" and _checks(v["b"])["destination"] == "contradicted"
    # identity the file cannot show: no-data, never supported; the claim as a whole is not supported
    checks = _checks(v["c"])
    assert checks["registration"] == checks["aircraft_type"] == "no-data"
    assert checks["callsign"] == checks["arrival"] == "supported"
    assert v["c"].outcome == "inconclusive"
    reg = next(c for c in v["c"].checks if c.field == "registration")
    assert "no transponder address" in reg.reason and "THY9BP_export.csv" in reg.reason
    assert v["d"].outcome == "no-data"


def test_two_exports_are_two_tracks_never_merged(cli, tmp_path, export):
    """The worst case for merging: the second export is the same recorded points under another
    callsign, so the two overlap exactly in time and space."""
    other = write_export(PLAYBACK, tmp_path / "second.csv", callsign="TEST123")
    run = cli("flights", "--json", str(export), str(other))
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    by_callsign = {f["callsign"]: f for f in payload["flights"]}
    assert sorted(by_callsign) == ["TEST123", "THY9BP"]
    assert by_callsign["THY9BP"]["source"] == [str(export)] and by_callsign["TEST123"]["source"] == [str(other)]
    assert by_callsign["THY9BP"]["points"] == by_callsign["TEST123"]["points"]
    assert {f["destination"]["icao"] for f in payload["flights"]} == {"ENGM"}
    reports = {r["file"]: r for r in payload["read_report"]}
    assert reports[str(other)]["rows_kept"] == reports[str(export)]["rows_kept"] == len(playback(PLAYBACK)["track"])


def test_export_beside_the_recorded_address_stays_apart(export):
    """The FR24 playback (icao24 4baac6) and a CSV export of the same flight: the export is not
    attached to 4baac6 — nothing in it says it is that aircraft."""
    table, _ = adsb.read([str(PLAYBACK), str(export)])
    result = flights.detect(table)
    assert sorted((f.icao24 or "", f.callsign) for f in result.flights) == [("", "THY9BP"), ("4baac6", "THY9BP")]
    by_address = {f.icao24: f for f in result.flights}
    assert by_address["4baac6"].registration == "TC-JVF" and by_address[None].registration is None
    assert by_address[None].source == [str(export)]


def test_map_of_an_export(cli, tmp_path, export):
    out = tmp_path / "maps" / "index.html"
    run = cli("map", str(export), "--out", str(out), "--geojson", str(tmp_path / "m.geojson"), "--kml", str(tmp_path / "m.kml"))
    assert run.returncode == 0, run.stderr
    pages = sorted(p.name for p in out.parent.glob("*.html"))
    assert len(pages) == 2 and "index.html" in pages
    page = next(p for p in out.parent.glob("*.html") if p.name != "index.html")
    assert page.name.startswith("thy9bp-no-icao24")
    html = page.read_text(encoding="utf-8")
    assert "<title>THY9BP (no icao24: THY9BP in THY9BP_export.csv): 1 flight(s)" in html
    assert "no icao24 in the file" in html and "icao24 None" not in html
    features = json.loads((tmp_path / "m.geojson").read_text())["features"]
    assert any(f["properties"].get("kind") == "flight" and f["properties"]["icao24"] is None for f in features)
    kml = (tmp_path / "m.kml").read_text()
    assert "THY9BP LTFM → ENGM" in kml and "None" not in kml


def _rows(source: str, callsigns: list, times: list) -> pd.DataFrame:
    n = len(callsigns)
    return pd.DataFrame({"icao24": pd.array([pd.NA] * n, dtype="string"), "source": source,
                         "callsign": pd.array(callsigns, dtype="string"),
                         "time": pd.to_datetime(times, utc=True)})


def test_track_keys_within_and_across_files():
    t = "2024-09-17T10:00:00Z"
    table = pd.concat([
        _rows("one.csv", ["ABC1", None, "ABC1"], [t] * 3),  # a blank callsign takes the file's only one
        _rows("two.csv", ["ABC1", "XYZ2", None], [t] * 3),  # two callsigns: the blank row belongs to neither
        _rows("three.csv", [None, None], [t] * 2),  # no callsign at all: the file is one track
        pd.DataFrame({"icao24": pd.array(["4baac6"], dtype="string"), "source": "one.csv",
                      "callsign": pd.array(["ABC1"], dtype="string"), "time": pd.to_datetime([t], utc=True)}),
    ], ignore_index=True)
    keys = track_keys(table)
    assert list(keys[:3]) == ["one.csv#ABC1"] * 3
    assert list(keys[3:5]) == ["two.csv#ABC1", "two.csv#XYZ2"] and pd.isna(keys[5])
    assert list(keys[6:8]) == ["three.csv#", "three.csv#"]
    assert keys[8] == "4baac6"


def test_unassignable_and_timeless_rows_are_counted_faults(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction\n"
        '1726564956,2024-09-17T09:22:36Z,AAA1,"49.41,21.31",38000,464,340\n'
        '1726564966,2024-09-17T09:22:46Z,BBB2,"49.42,21.30",38000,464,340\n'
        '1726564976,2024-09-17T09:22:56Z,,"49.43,21.29",38000,464,340\n', encoding="utf-8")
    table, _ = adsb.read([str(path)])
    blank_time = table.iloc[[0]].assign(time=pd.Series([pd.NaT], dtype=table["time"].dtype, index=table.index[:1]))
    result = flights.detect(pd.concat([table, blank_time], ignore_index=True))
    assert result.faults["no icao24, and no callsign to tell its file's aircraft apart"] == 1
    assert result.faults["no time"] == 1
    assert sorted(f.callsign for f in result.flights) == ["AAA1", "BBB2"]
    assert isinstance(result, FlightsResult)


def test_aircraft_database_only_by_a_stated_registration():
    """Without an icao24 the database is consulted by registration (type only), never by callsign."""
    from tracker.adsb import aircraft

    t = pd.to_datetime(["2024-09-17T10:00:00Z"] * 3, utc=True)
    table = pd.DataFrame({"time": t, "icao24": pd.array([pd.NA] * 3, dtype="string"),
                          "callsign": pd.array(["THY9BP"] * 3, dtype="string"),
                          "registration": pd.array(["tc-jvf", None, "ZZ-NONE"], dtype="string"),
                          "typecode": pd.array([None] * 3, dtype="string")})
    out = aircraft.enrich(table, aircraft.load())
    assert out["typecode"].iloc[0] == "B738"
    assert out["typecode"].iloc[1:].isna().all() and out["icao24"].isna().all()


def test_hostile_callsign_is_escaped_in_ids_and_pages(cli, tmp_path):
    """The callsign is the only identity an export has, and it is file text: it names pages,
    titles and ids only escaped or reduced to letters and digits."""
    evil = "<img src=x onerror=alert(1)>${alert(2)}`"
    path = write_export(PLAYBACK, tmp_path / "evil.csv", callsign=evil)
    run = cli("flights", "--json", str(path))
    assert run.returncode == 0, run.stderr
    (f,) = json.loads(run.stdout)["flights"]
    assert f["callsign"] == evil and f["id"].startswith("nohex-IMGSRCXONE-")
    out = tmp_path / "maps" / "index.html"
    run = cli("map", str(path), "--out", str(out))
    assert run.returncode == 0, run.stderr
    pages = list(out.parent.glob("*.html"))
    assert len(pages) == 2 and all(p.name.replace("-", "").replace(".", "").isalnum() for p in pages)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<img src=x" not in html and evil not in html
    page = next(p for p in pages if p.name != "index.html")
    assert "<title>&lt;img src=x onerror=alert(1)&gt;&#36;&#123;alert(2)&#125;&#96; (no icao24:" in page.read_text(encoding="utf-8")
