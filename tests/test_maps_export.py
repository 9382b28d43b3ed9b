"""GeoJSON and KML exports read back with json / xml.etree; plus the page-level offline and escape rules."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from support.maps_sample import antimeridian_sample, sample
from tracker import airports
from tracker.geo import M_PER_FT, split_antimeridian, unwrap_lon
from tracker.output.export import write_geojson, write_kml
from tracker.output.maps import write_maps
from tracker.output.page import esc

KML = {"k": "http://www.opengis.net/kml/2.2", "gx": "http://www.google.com/kml/ext/2.2"}


def _kinds(features):
    out = {}
    for f in features:
        out.setdefault(f["properties"]["kind"], []).append(f)
    return out


def test_geojson_has_flights_gaps_and_stays_with_their_coordinates(tmp_path):
    result, table, _ = sample()
    data = json.loads(write_geojson(tmp_path / "out.geojson", result, table).read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    kinds = _kinds(data["features"])
    assert len(kinds["flight"]) == 2 and len(kinds["stay"]) == 1 and len(kinds["gap"]) == 1

    outbound = kinds["flight"][0]
    assert outbound["properties"]["origin"] == "UUWW" and outbound["properties"]["destination"] == "ZKPY"
    assert outbound["properties"]["takeoff_earliest"] == "2024-07-31T20:02:00Z"
    coords = outbound["geometry"]["coordinates"]
    rows = table[table["time"] <= result.flights[0].last_seen]
    assert len(coords) == len(rows)  # every point, none thinned
    assert coords[0] == pytest.approx([rows["lon"].iloc[0], rows["lat"].iloc[0]], abs=1e-6)
    assert coords[-1] == pytest.approx([rows["lon"].iloc[-1], rows["lat"].iloc[-1]], abs=1e-6)

    gap = kinds["gap"][0]
    assert gap["properties"]["minutes"] == 150.0
    g = result.flights[0].gaps[0]
    a, b = gap["geometry"]["coordinates"]
    assert a == pytest.approx([g.lon0, g.lat0], abs=1e-4) and b == pytest.approx([g.lon1, g.lat1], abs=1e-4)

    stay = kinds["stay"][0]
    zkpy = airports.get("ZKPY")
    assert stay["geometry"]["coordinates"] == pytest.approx([zkpy.lon, zkpy.lat])
    assert stay["properties"]["airport"] == "ZKPY"
    assert stay["properties"]["dwell_hours_min"] == 36.2


def test_geojson_cuts_a_track_at_the_antimeridian(tmp_path):
    result, table = antimeridian_sample()
    data = json.loads(write_geojson(tmp_path / "am.geojson", result, table).read_text(encoding="utf-8"))
    geometry = data["features"][0]["geometry"]
    assert geometry["type"] == "MultiLineString" and len(geometry["coordinates"]) == 2
    west, east = geometry["coordinates"]
    assert all(-180 <= x <= 180 for part in (west, east) for x, _ in part)
    assert west[-1][0] == 180.0 and east[0][0] == -180.0  # both ends on the antimeridian …
    assert west[-1][1] == pytest.approx(east[0][1])  # … at the same latitude
    assert len(west) + len(east) == len(table) + 2


def test_split_and_unwrap_on_plain_numbers():
    import numpy as np

    lon = np.array([170.0, 175.0, -175.0, -170.0])
    assert unwrap_lon(lon).tolist() in ([170.0, 175.0, 185.0, 190.0], [-190.0, -185.0, -175.0, -170.0])
    parts = split_antimeridian(lon, np.array([0.0, 0.0, 10.0, 10.0]))
    assert parts[0][-1] == [180.0, 5.0] and parts[1][0] == [-180.0, 5.0]
    assert split_antimeridian(np.array([10.0, 20.0]), np.array([1.0, 2.0])) == [[[10.0, 1.0], [20.0, 2.0]]]


def test_kml_reads_back_with_lines_points_and_times(tmp_path):
    hostile = "<RA-86559 & \"co\">"
    result, table, _ = sample(registration=hostile)
    root = ET.parse(write_kml(tmp_path / "out.kml", result, table)).getroot()
    assert root.tag == "{http://www.opengis.net/kml/2.2}kml"
    folders = {f.findtext("k:name", namespaces=KML): f for f in root.iterfind(".//k:Folder", KML)}
    flights = folders["Flights"].findall("k:Placemark", KML)
    stays = folders["Ground stays"].findall("k:Placemark", KML)
    assert len(flights) == 2 and len(stays) == 1

    first = flights[0]
    assert first.findtext("k:name", namespaces=KML).startswith(hostile)  # text survives, escaped by XML
    assert first.findtext("k:TimeSpan/k:begin", namespaces=KML) == "2024-07-31T20:00:00Z"
    track = first.find("gx:Track", KML)
    assert track.findtext("k:altitudeMode", namespaces=KML) == "absolute"
    coords = [tuple(map(float, c.text.split())) for c in track.findall("gx:coord", KML)]
    rows = table[table["time"] <= result.flights[0].last_seen]
    assert len(coords) == len(rows)
    top = rows["alt_ft"].max() * M_PER_FT
    assert coords[0][:2] == pytest.approx((rows["lon"].iloc[0], rows["lat"].iloc[0]), abs=1e-6)
    assert max(c[2] for c in coords) == pytest.approx(top, abs=1)  # metres, from feet

    point = stays[0].findtext("k:Point/k:coordinates", namespaces=KML)
    lon, lat, _ = map(float, point.split(","))
    assert (lat, lon) == pytest.approx((airports.get("ZKPY").lat, airports.get("ZKPY").lon))
    assert "36.2" in stays[0].findtext("k:name", namespaces=KML)


def test_esc_leaves_no_character_that_ends_html_or_a_js_template():
    text = esc("<img src=x onerror='a'> & \"q\" \\` ${x}")
    assert not set(text) & set("<>\"'\\`$")
    assert esc(None) == "" and esc("Пхеньян") == "Пхеньян"


def test_pages_load_nothing_from_outside(tmp_path):
    result, table, verdicts = sample(quote="</script><script>alert(1)</script>")
    for path in write_maps(tmp_path / "index.html", result, table, verdicts):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=|<link[^>]*\shref=", html, re.I)
        assert "cdn." not in html and "jquery" not in html.lower() and "bootstrap" not in html.lower()
        # Outside the inlined libraries, the only URL is the off-by-default online tile layer.
        urls = set(re.findall(r"https?://[^\s\"'`)]+", html.split("var TRACKER_COUNTRIES")[1]))
        assert {u for u in urls if "openstreetmap" not in u} == set()
        assert html.count("</script>") == html.count("<script>")  # the quote did not close a script


def test_kml_tracks_read_back_by_a_kml_parser_with_a_time_per_point(tmp_path):
    """fastkml validates against the KML 2.2 schema and pairs each gx:Track `when` with its `gx:coord`:
    what Google Earth's time slider needs. Claims are placemarks with their outcome."""
    from fastkml import kml
    from fastkml.gx import Track

    result, table, verdicts = sample()
    doc = kml.KML.parse(write_kml(tmp_path / "out.kml", result, table, verdicts)).features[0]
    folders = {f.name: f for f in doc.features}
    tracks = [pm.kml_geometry for pm in folders["Flights"].features]
    assert len(tracks) == len(result.flights) and all(isinstance(t, Track) for t in tracks)
    for flight, track in zip(result.flights, tracks):
        items = track.track_items
        rows = table[(table["time"] >= flight.first_seen) & (table["time"] <= flight.last_seen)].sort_values("time")
        assert len(items) == len(rows) > 2
        assert [i.when.dt for i in items] == [t.to_pydatetime() for t in rows["time"]]  # one time per point, in order
        assert items[0].coord.x == pytest.approx(rows["lon"].iloc[0]) and items[0].coord.y == pytest.approx(rows["lat"].iloc[0])
    claims = folders["Claims"].features
    assert [c.name for c in claims] == [f"{v.claim_id}: {v.outcome}" for v in verdicts]
    located = [c for c in claims if c.kml_geometry is not None]
    assert located and all(-180 <= c.kml_geometry.geometry.x <= 180 for c in located)


def test_geojson_claims_are_features_in_lon_lat_order_with_no_crs(tmp_path):
    result, table, verdicts = sample()
    data = json.loads(write_geojson(tmp_path / "out.geojson", result, table, verdicts).read_text(encoding="utf-8"))
    assert "crs" not in data  # RFC 7946 removed it: WGS 84, lon/lat
    claims = [f for f in data["features"] if f["properties"]["kind"] == "claim"]
    assert [c["properties"]["claim_id"] for c in claims] == [v.claim_id for v in verdicts]
    stay_claim = next(c for c, v in zip(claims, verdicts) if v.stay is not None)
    zkpy = airports.get("ZKPY")
    assert stay_claim["geometry"]["coordinates"] == pytest.approx([zkpy.lon, zkpy.lat])  # lon first
    assert stay_claim["properties"]["checks"] and stay_claim["properties"]["outcome"] in ("supported", "contradicted")
    unmatched = [c for c, v in zip(claims, verdicts) if v.flight is None and v.stay is None]
    assert all(c["geometry"] is None for c in unmatched)  # kept, with a null geometry
