"""GeoJSON and KML exports of flights, coverage gaps and ground stays (no folium needed).

Exports keep every point (the HTML maps thin long flights); GeoJSON lines are cut at the
antimeridian as RFC 7946 asks; KML flights are `gx:Track`s with true altitude and a time per
point. Claims are points in both, with their outcome and checks.
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
from tracker.model import AirportRef, Flight, FlightsResult, GroundStay, Verdict, describe_track, iso
from tracker.output import files
from tracker.output.tracks import airport_point, by_aircraft, draw_geometry, points_of, span, stay_point


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


def claim_point(verdict: Verdict) -> list[float] | None:
    """[lat, lon] where a claim's evidence lies: its stay, else the matched flight's landing, else its takeoff."""
    if verdict.stay is not None and (point := stay_point(verdict.stay)) is not None:
        return point
    if verdict.flight is not None:
        return airport_point(verdict.flight.destination) or airport_point(verdict.flight.origin)
    return None


def _claim_properties(verdict: Verdict) -> dict[str, Any]:
    return {
        "kind": "claim", "claim_id": verdict.claim_id, "article": verdict.article, "quote": verdict.quote,
        "outcome": verdict.outcome, "reason": verdict.reason,
        "flight": verdict.flight.id if verdict.flight else None,
        "stay_airport": verdict.stay.airport.icao if verdict.stay and verdict.stay.airport else None,
        "checks": [{"field": c.field, "outcome": c.outcome, "claimed": c.claimed, "observed": c.observed,
                    "delta": c.delta, "tolerance": c.tolerance, "reason": c.reason} for c in verdict.checks],
    }


def write_geojson(path: Path, result: FlightsResult, table: pd.DataFrame, verdicts: list[Verdict] | None = None) -> Path:
    """Flights as (Multi)LineStrings cut at the antimeridian, gaps as LineStrings, stays and claims as Points.

    RFC 7946: positions are [lon, lat], there is no `crs` member (WGS 84 is implied); a claim
    matched to nothing on the map is a feature with a null geometry, so it is not lost."""
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
    for verdict in verdicts or []:
        point = claim_point(verdict)
        located = None if point is None else {"type": "Point", "coordinates": [((point[1] + 180) % 360) - 180, point[0]]}
        features.append({"type": "Feature", "geometry": located, "properties": _claim_properties(verdict)})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return files.write_text(path, json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                                             separators=(",", ":")))


KML_NS = "http://www.opengis.net/kml/2.2"
GX_NS = "http://www.google.com/kml/ext/2.2"
CLAIM_KML_COLOURS = {"supported": "ff41961a", "contradicted": "ff1c19d7", "inconclusive": "ff61aefd", "no-data": "ff878787"}


def _kml_span(mark: ET.Element, begin: dt.datetime | None, end: dt.datetime | None) -> None:
    """A TimeSpan for Google Earth's time slider; an unknown end is left out, not written empty."""
    if begin is None and end is None:
        return
    element = ET.SubElement(mark, f"{{{KML_NS}}}TimeSpan")
    for tag, value in (("begin", begin), ("end", end)):
        if value is not None:
            ET.SubElement(element, f"{{{KML_NS}}}{tag}").text = iso(value)


def write_kml(path: Path, result: FlightsResult, table: pd.DataFrame, verdicts: list[Verdict] | None = None) -> Path:
    """KML 2.2 (Google Earth): flights as `gx:Track`s (a `when` per `gx:coord`, so the time slider
    moves the aircraft), stays as points with TimeSpans, claims as placemarks with their checks."""
    ET.register_namespace("", KML_NS)
    ET.register_namespace("gx", GX_NS)
    k = lambda tag: f"{{{KML_NS}}}{tag}"  # noqa: E731
    gx = lambda tag: f"{{{GX_NS}}}{tag}"  # noqa: E731
    flights, stays = _export_items(result, table)
    kml = ET.Element(k("kml"))
    doc = ET.SubElement(kml, k("Document"))
    ET.SubElement(doc, k("name")).text = "tracker: flights and ground stays"
    for style_id, colour, width in (("flight", "ff0066ff", "3"), ("stay", "ffac6621", "2")):
        style = ET.SubElement(doc, k("Style"), id=style_id)
        line = ET.SubElement(style, k("LineStyle"))
        ET.SubElement(line, k("color")).text = colour
        ET.SubElement(line, k("width")).text = width
    for outcome, colour in CLAIM_KML_COLOURS.items():  # aabbggrr
        style = ET.SubElement(doc, k("Style"), id=f"claim-{outcome}")
        ET.SubElement(ET.SubElement(style, k("IconStyle")), k("color")).text = colour
    folder = ET.SubElement(doc, k("Folder"))
    ET.SubElement(folder, k("name")).text = "Flights"
    for flight, points in flights:
        mark = ET.SubElement(folder, k("Placemark"))
        ET.SubElement(mark, k("name")).text = " ".join(x for x in (flight.registration or flight.icao24, flight.callsign,
                                                                     _code(flight.origin), "→", _code(flight.destination)) if x)
        ET.SubElement(mark, k("description")).text = "\n".join(f"{key}: {val}" for key, val in _flight_properties(flight).items() if val is not None)
        _kml_span(mark, *span(flight))  # KML 2.2 order: description, TimePrimitive, styleUrl, geometry
        ET.SubElement(mark, k("styleUrl")).text = "#flight"
        if len(points) >= 2:
            alt_m = points["alt_ft"].to_numpy(dtype=float, na_value=np.nan) * M_PER_FT
            has_alt = bool(np.isfinite(alt_m).all())
            track = ET.SubElement(mark, gx("Track"))
            ET.SubElement(track, k("altitudeMode")).text = "absolute" if has_alt else "clampToGround"
            lon, lat = points["lon"].to_numpy(dtype=float), points["lat"].to_numpy(dtype=float)
            alt = np.nan_to_num(alt_m) if has_alt else np.zeros(len(lon))
            whens = points["time"].dt.tz_convert("UTC").dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ").str.replace(
                r"\.000000Z$", "Z", regex=True)
            for when in whens:  # KML 2.2 gx:Track: all the whens, then all the coords, pairwise
                ET.SubElement(track, k("when")).text = when
            for x, y, z in zip(lon, lat, alt):
                ET.SubElement(track, gx("coord")).text = f"{x:.6f} {y:.6f} {z:.0f}"
    folder = ET.SubElement(doc, k("Folder"))
    ET.SubElement(folder, k("name")).text = "Ground stays"
    for stay, (lat, lon) in stays:
        mark = ET.SubElement(folder, k("Placemark"))
        ET.SubElement(mark, k("name")).text = (f"{stay.registration or stay.icao24 or describe_track(stay.track)} at "
                                               f"{stay.airport.icao if stay.airport else '?'}: {stay.dwell_hours}")
        ET.SubElement(mark, k("description")).text = "\n".join(f"{key}: {val}" for key, val in _stay_properties(stay).items() if val is not None)
        _kml_span(mark, stay.arrival.earliest or stay.arrival.latest, stay.departure.latest or stay.departure.earliest)
        ET.SubElement(mark, k("styleUrl")).text = "#stay"
        point = ET.SubElement(mark, k("Point"))
        ET.SubElement(point, k("coordinates")).text = f"{lon:.6f},{lat:.6f},0"
    if verdicts:
        folder = ET.SubElement(doc, k("Folder"))
        ET.SubElement(folder, k("name")).text = "Claims"
        for verdict in verdicts:
            mark = ET.SubElement(folder, k("Placemark"))
            ET.SubElement(mark, k("name")).text = f"{verdict.claim_id}: {verdict.outcome}"
            lines = [verdict.quote, ""] + [
                f"{c.field}: {c.outcome}" + "".join(f"; {label} {value}" for label, value in (
                    ("claimed", c.claimed), ("observed", c.observed), ("delta", c.delta), ("tolerance", c.tolerance)) if value)
                for c in verdict.checks]
            ET.SubElement(mark, k("description")).text = "\n".join(lines)
            ET.SubElement(mark, k("styleUrl")).text = f"#claim-{verdict.outcome}"
            data = ET.SubElement(mark, k("ExtendedData"))
            for key, value in (("article", verdict.article), ("outcome", verdict.outcome), ("reason", verdict.reason)):
                if value is not None:
                    ET.SubElement(ET.SubElement(data, k("Data"), name=key), k("value")).text = str(value)
            where = claim_point(verdict)
            if where is not None:
                ET.SubElement(ET.SubElement(mark, k("Point")), k("coordinates")).text = f"{where[1]:.6f},{where[0]:.6f},0"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    files.xml_clean_tree(kml)  # ESC in a registration would make the file invalid XML
    return files.write_bytes(path, ET.tostring(kml, encoding="utf-8", xml_declaration=True))
