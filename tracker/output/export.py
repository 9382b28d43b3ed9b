"""GeoJSON and KML exports of flights, coverage gaps and ground stays (no folium needed).

Exports keep every point (the HTML maps thin long flights); GeoJSON lines are cut at the
antimeridian as RFC 7946 asks, KML lines carry true altitude and TimeSpans.
"""
from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tracker.geo import M_PER_FT, split_antimeridian
from tracker.output import files
from tracker.model import AirportRef, Flight, FlightsResult, GroundStay, describe_track, iso
from tracker.output.tracks import by_aircraft, draw_geometry, points_of, span, stay_point


def _code(ref: AirportRef | None) -> str:
    return ref.icao if ref is not None and ref.icao else "unknown"


def _flight_properties(flight: Flight) -> dict[str, Any]:
    return {
        "kind": "flight", "id": flight.id, "icao24": flight.icao24, "registration": flight.registration,
        "callsign": flight.callsign, "typecode": flight.typecode,
        "origin": flight.origin.icao if flight.origin else None,
        "destination": flight.destination.icao if flight.destination else None,
        "takeoff_earliest": iso(flight.takeoff.earliest), "takeoff_latest": iso(flight.takeoff.latest),
        "landing_earliest": iso(flight.landing.earliest), "landing_latest": iso(flight.landing.latest),
        "points": flight.points, "gaps": len(flight.gaps),
    }


def _stay_properties(stay: GroundStay) -> dict[str, Any]:
    return {
        "kind": "stay", "icao24": stay.icao24, "registration": stay.registration,
        "airport": stay.airport.icao if stay.airport else None,
        "arrival_earliest": iso(stay.arrival.earliest), "arrival_latest": iso(stay.arrival.latest),
        "departure_earliest": iso(stay.departure.earliest), "departure_latest": iso(stay.departure.latest),
        "dwell_hours_min": stay.dwell_hours.min, "dwell_hours_max": stay.dwell_hours.max,
        "inferred": stay.inferred,
    }


def _export_items(result: FlightsResult, table: pd.DataFrame):
    """(flight, points frame) for every flight, and (stay, [lat, lon]) for every located stay."""
    tracks = by_aircraft(table)
    flights = [(f, points_of(tracks, f)) for f in result.flights]
    stays = [(s, p) for s in result.stays if (p := stay_point(s)) is not None]
    return flights, stays


def write_geojson(path: Path, result: FlightsResult, table: pd.DataFrame) -> Path:
    """Flights as (Multi)LineStrings cut at the antimeridian, gaps as LineStrings, stays as Points."""
    flights, stays = _export_items(result, table)
    features = []
    for flight, points in flights:
        parts = split_antimeridian(points["lon"].to_numpy(dtype=float), points["lat"].to_numpy(dtype=float))
        parts = [part for part in parts if len(part) >= 2]
        geometry = (None if not parts else {"type": "LineString", "coordinates": parts[0]} if len(parts) == 1
                    else {"type": "MultiLineString", "coordinates": parts})
        features.append({"type": "Feature", "geometry": geometry, "properties": _flight_properties(flight)})
        for gap, coords in draw_geometry(points, flight).gaps:
            line = [[((lon + 180) % 360) - 180, lat] for lat, lon in coords]
            features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
                             "properties": {"kind": "gap", "flight": flight.id, "start": iso(gap.start),
                                            "end": iso(gap.end), "minutes": round(gap.minutes, 1)}})
    for stay, (lat, lon) in stays:
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": _stay_properties(stay)})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return files.write_text(path, json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                                             separators=(",", ":")))


KML_NS = "http://www.opengis.net/kml/2.2"


def _kml_span(mark: ET.Element, begin: dt.datetime | None, end: dt.datetime | None) -> None:
    """A TimeSpan for Google Earth's time slider; an unknown end is left out, not written empty."""
    if begin is None and end is None:
        return
    element = ET.SubElement(mark, f"{{{KML_NS}}}TimeSpan")
    for tag, value in (("begin", begin), ("end", end)):
        if value is not None:
            ET.SubElement(element, f"{{{KML_NS}}}{tag}").text = iso(value)


def write_kml(path: Path, result: FlightsResult, table: pd.DataFrame) -> Path:
    """KML 2.2 (Google Earth): a folder of flights (altitude-true lines, TimeSpans) and one of stays."""
    ET.register_namespace("", KML_NS)
    k = lambda tag: f"{{{KML_NS}}}{tag}"  # noqa: E731
    flights, stays = _export_items(result, table)
    kml = ET.Element(k("kml"))
    doc = ET.SubElement(kml, k("Document"))
    ET.SubElement(doc, k("name")).text = "tracker: flights and ground stays"
    for style_id, colour, width in (("flight", "ff0066ff", "3"), ("stay", "ffac6621", "2")):
        style = ET.SubElement(doc, k("Style"), id=style_id)
        line = ET.SubElement(style, k("LineStyle"))
        ET.SubElement(line, k("color")).text = colour
        ET.SubElement(line, k("width")).text = width
    folder = ET.SubElement(doc, k("Folder"))
    ET.SubElement(folder, k("name")).text = "Flights"
    for flight, points in flights:
        mark = ET.SubElement(folder, k("Placemark"))
        ET.SubElement(mark, k("name")).text = " ".join(x for x in (flight.registration or flight.icao24, flight.callsign,
                                                                     _code(flight.origin), "→", _code(flight.destination)) if x)
        ET.SubElement(mark, k("description")).text = "\n".join(f"{key}: {val}" for key, val in _flight_properties(flight).items() if val is not None)
        ET.SubElement(mark, k("styleUrl")).text = "#flight"
        _kml_span(mark, *span(flight))
        if len(points) >= 2:
            alt_m = points["alt_ft"].to_numpy(dtype=float, na_value=np.nan) * M_PER_FT
            has_alt = bool(np.isfinite(alt_m).all())
            line = ET.SubElement(mark, k("LineString"))
            ET.SubElement(line, k("tessellate")).text = "1"
            ET.SubElement(line, k("altitudeMode")).text = "absolute" if has_alt else "clampToGround"
            lon, lat = points["lon"].to_numpy(dtype=float), points["lat"].to_numpy(dtype=float)
            alt = np.nan_to_num(alt_m) if has_alt else np.zeros(len(lon))
            ET.SubElement(line, k("coordinates")).text = " ".join(
                f"{x:.6f},{y:.6f},{z:.0f}" for x, y, z in zip(lon, lat, alt))
    folder = ET.SubElement(doc, k("Folder"))
    ET.SubElement(folder, k("name")).text = "Ground stays"
    for stay, (lat, lon) in stays:
        mark = ET.SubElement(folder, k("Placemark"))
        ET.SubElement(mark, k("name")).text = (f"{stay.registration or stay.icao24 or describe_track(stay.track)} at "
                                               f"{stay.airport.icao if stay.airport else '?'}: {stay.dwell_hours}")
        ET.SubElement(mark, k("description")).text = "\n".join(f"{key}: {val}" for key, val in _stay_properties(stay).items() if val is not None)
        ET.SubElement(mark, k("styleUrl")).text = "#stay"
        _kml_span(mark, stay.arrival.earliest or stay.arrival.latest, stay.departure.latest or stay.departure.earliest)
        point = ET.SubElement(mark, k("Point"))
        ET.SubElement(point, k("coordinates")).text = f"{lon:.6f},{lat:.6f},0"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    files.xml_clean_tree(kml)  # ESC in a registration would make the file invalid XML
    return files.write_bytes(path, ET.tostring(kml, encoding="utf-8", xml_declaration=True))
