"""Build a Flightradar24 CSV export from a recorded FR24 playback JSON (the same flight).

FR24's "Download CSV" of a flight writes one row per track point:
`Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction` with Position "lat,lon" — and no
transponder address or registration. The rows here are the recorded playback points, unchanged;
only the file layout is reconstructed (no CSV export of this flight was recorded).
"""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path


def playback(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["result"]["response"]["data"]["flight"]


def write_export(playback_json: Path, out: Path, callsign: str | None = None) -> Path:
    """The playback's track as FR24 writes its CSV export (callsign overridable for the two-files case)."""
    flight = playback(playback_json)
    sign = callsign or flight["identification"]["callsign"]
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Timestamp", "UTC", "Callsign", "Position", "Altitude", "Speed", "Direction"])
        for p in flight["track"]:
            utc = dt.datetime.fromtimestamp(p["timestamp"], dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            w.writerow([p["timestamp"], utc, sign, f"{p['latitude']},{p['longitude']}",
                        p["altitude"]["feet"], p["speed"]["kts"], p["heading"]])
    return out


def write_kml_export(playback_json: Path, out: Path) -> Path:
    """The playback's track as FR24's "Download KML" lays it out: a "Route" folder with one
    Placemark per point (TimeStamp, Point lon,lat,metres, a description table in feet and knots)
    and a "Trail" folder of untimed LineStrings. The points are the recorded ones, unchanged."""
    from xml.sax.saxutils import escape

    flight = playback(playback_json)
    ident = flight["identification"]
    name = f"{ident['number']['default'] or ''}/{ident['callsign']}"
    points, trail = [], []
    for p in flight["track"]:
        utc = dt.datetime.fromtimestamp(p["timestamp"], dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        feet = p["altitude"]["feet"]
        coords = f"{p['longitude']},{p['latitude']},{feet * 0.3048:.0f}"
        table = (f"<table><tr><td><b>Altitude:</b></td><td>{feet:,} ft</td></tr>"
                 f"<tr><td><b>Speed:</b></td><td>{p['speed']['kts']} kt</td></tr>"
                 f"<tr><td><b>Heading:</b></td><td>{p['heading']}°</td></tr></table>")
        points.append(f"<Placemark><name>{utc}</name><description><![CDATA[{table}]]></description>"
                      f"<TimeStamp><when>{utc}</when></TimeStamp><styleUrl>#point</styleUrl>"
                      f"<Point><altitudeMode>absolute</altitudeMode><coordinates>{coords}</coordinates></Point></Placemark>")
        trail.append(coords)
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2" '
            'xmlns:gx="http://www.google.com/kml/ext/2.2">\n<Document>\n'
            f"<name>{escape(name)}</name>\n<Folder><name>Route</name>\n" + "\n".join(points)
            + "\n</Folder>\n<Folder><name>Trail</name><Placemark><LineString><altitudeMode>absolute</altitudeMode>"
            f"<coordinates>{' '.join(trail)}</coordinates></LineString></Placemark></Folder>\n</Document>\n</kml>\n")
    out.write_text(text, encoding="utf-8")
    return out
