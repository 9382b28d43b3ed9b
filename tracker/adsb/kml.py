"""KML tracks: Flightradar24's "Download KML", and any KML with `gx:Track`s (FlightAware, ours).

Flightradar24 writes one Placemark per track point: a `TimeStamp/when`, a `Point` whose
coordinates are `lon,lat,alt` (altitude in metres) and a description table with the altitude
in feet, the speed in knots and the heading. Those points are what this reads (the "Trail"
folder's LineStrings carry no times and are skipped). A `gx:Track` gives a `when` per
`gx:coord` ("lon lat alt", metres). KML carries no transponder address: like the FR24 CSV
export, each file is its own aircraft per callsign (taken from the document's name).

Parsed with lxml in streaming mode, entities not resolved and no network: a hostile file can
neither expand nor fetch. Each row keeps the line of its `when` element, for citation.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from tracker.adsb import sniff, table
from tracker.model import ReadReport

FORMAT = "kml-track"
KML_NS = ("http://www.opengis.net/kml/2.2", "http://earth.google.com/kml/2.2", "http://earth.google.com/kml/2.1")
GX_NS = "http://www.google.com/kml/ext/2.2"
BATCH = 50_000
_CALLSIGN = re.compile(r"\b([A-Z]{3}[0-9]{1,4}[A-Z]{0,2})\b")
_NUMBER = r"(-?[0-9][0-9,]*(?:\.[0-9]+)?)"
_FIELDS = {
    "alt_ft": re.compile(r"altitude\W{0,20}" + _NUMBER + r"\s*(?:ft|feet)", re.IGNORECASE),
    "gs_kt": re.compile(r"speed\W{0,20}" + _NUMBER + r"\s*(?:kt|kts|knots)", re.IGNORECASE),
    "track_deg": re.compile(r"(?:heading|direction|track)\W{0,20}" + _NUMBER, re.IGNORECASE),
}
_TAG = re.compile(r"<[^>]{0,500}>")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _number(text: str | None) -> float:
    try:
        return float(text.replace(",", "")) if text else float("nan")
    except ValueError:
        return float("nan")


def _coords(text: str | None, sep: str) -> tuple[float, float, float]:
    parts = (text or "").strip().split(sep)
    lon, lat = (_number(parts[i].strip()) if len(parts) > i else float("nan") for i in (0, 1))
    if len(parts) >= 2 and (math.isnan(lon) or math.isnan(lat)):
        lat = table.UNPARSABLE  # a position that is there but does not parse: "bad coordinates"
    alt = _number(parts[2].strip()) if len(parts) > 2 else float("nan")
    return lon, lat, alt


def _described(text: str | None) -> dict[str, float]:
    """Altitude (ft), speed (kt) and heading from an FR24 description table, when it has them."""
    plain = _TAG.sub(" ", (text or "")[:20_000])
    out = {}
    for name, pattern in _FIELDS.items():
        match = pattern.search(plain)
        if match:
            out[name] = _number(match.group(1))
    return out


def _callsign(name: str | None) -> str | None:
    """The ICAO callsign in a document name such as "SU100/AFL100" (three letters, then digits)."""
    found = _CALLSIGN.findall((name or "")[:200].upper())
    return found[-1] if found else None


def read(path: Path, report: ReadReport) -> Iterator[pd.DataFrame]:
    from lxml import etree

    rows: list[dict] = []
    callsign: str | None = None
    bad: list[int] = []
    with sniff.open_binary(path) as stream:
        parser = etree.iterparse(stream, events=("end",), resolve_entities=False, no_network=True, huge_tree=False,
                                 load_dtd=False)
        try:
            for _, el in parser:
                kind = _local(el.tag)
                if kind == "name" and callsign is None and _local(el.getparent().tag) == "Document":
                    callsign = _callsign(el.text)
                elif kind == "Placemark":
                    row = _placemark(el)
                    if row is not None:
                        rows.append(row)
                    el.clear(keep_tail=False)
                elif kind == "Track":
                    rows += _track(el, bad)
                    el.clear(keep_tail=False)
                if len(rows) >= BATCH:
                    yield _checked(rows, callsign, report)
                    rows = []
        except etree.XMLSyntaxError as exc:
            report.error = f"KML stops being readable at line {exc.lineno}: {exc.msg}"
            report.partial = True
    if bad:
        table.reject_unparsable(report, bad, "gx:Track with more whens than coords (or fewer)")
    if rows or report.rows_read == 0:
        yield _checked(rows, callsign, report)


def _placemark(el) -> dict | None:
    """One FR24 track point: a Placemark with a time and a Point (others, like the trail, are not points)."""
    when = point = None
    description = None
    for child in el.iter():
        kind = _local(child.tag)
        if kind == "when" and when is None and _local(child.getparent().tag) == "TimeStamp":
            when = child
        elif kind == "coordinates" and point is None and _local(child.getparent().tag) == "Point":
            point = child
        elif kind == "description" and description is None:
            description = child.text
    if when is None or point is None:
        return None
    lon, lat, alt_m = _coords(point.text, ",")
    row = {"time": (when.text or "").strip(), "lon": lon, "lat": lat, "alt_ft": alt_m * table.FT_PER_M,
           table.LINE: when.sourceline or el.sourceline or 0}
    row.update(_described(description))
    return row


def _track(el, bad: list[int]) -> list[dict]:
    whens = [w for w in el if _local(w.tag) == "when"]
    coords = [c for c in el if _local(c.tag) == "coord"]
    if len(whens) != len(coords):
        bad.append(el.sourceline or 0)
        return []
    out = []
    for w, c in zip(whens, coords):
        lon, lat, alt_m = _coords(c.text, " ")
        out.append({"time": (w.text or "").strip(), "lon": lon, "lat": lat, "alt_ft": alt_m * table.FT_PER_M,
                    table.LINE: w.sourceline or 0})
    return out


def _checked(rows: list[dict], callsign: str | None, report: ReadReport) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["time", "lon", "lat", "alt_ft", "gs_kt", "track_deg", table.LINE])
    frame["time"] = pd.to_datetime(frame["time"].astype("string"), utc=True, errors="coerce", format="ISO8601")
    alt = pd.to_numeric(frame["alt_ft"], errors="coerce").round(0)
    frame = frame.assign(icao24=pd.Series(pd.NA, index=frame.index, dtype="string"), callsign=callsign, alt_ft=alt,
                         on_ground=(alt <= 0).astype("boolean").mask(alt.isna()))
    return table.check(frame, report, address_required=False)
