"""Flightradar24: flight-playback JSON and the CSV export of a flight.

Playback JSON (`result.response.data.flight`): `identification.callsign`,
`aircraft.identification.modes` (hex) / `.registration`, `aircraft.model.code`, and
`track` points {latitude, longitude, altitude.feet, speed.kts, verticalSpeed.fpm, heading,
timestamp (epoch s)}. CSV export: `Timestamp,UTC,Callsign,Position,Altitude,Speed,Direction`
with Position as "lat,lon", altitude ft, speed kt. The export carries no hex address and
no registration: its rows keep an empty icao24 (identity by callsign only) rather than
being rejected; `schema.track_keys` makes each file + callsign one aircraft of its own. FR24 reports 0 ft for an aircraft on the ground: `on_ground` is altitude == 0.
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pandas as pd
import pyarrow as pa

from tracker.adsb import csvstream, sniff, table
from tracker.adsb.jsonstream import load_document
from tracker.model import ReadReport

FORMAT_JSON = sniff.FR24_JSON
FORMAT_CSV = sniff.FR24_CSV


def _dig(obj, *keys):
    for key in keys:
        obj = obj.get(key) if isinstance(obj, dict) else None
    return obj


def read_json(path: Path, report: ReadReport) -> Iterator[pd.DataFrame]:
    doc, report.error = load_document(path)
    if report.error:
        return
    flight = _dig(doc, "result", "response", "data", "flight")
    points = _dig(flight, "track")
    if not isinstance(points, list):
        report.error = "Flightradar24 JSON without result.response.data.flight.track"
        return
    good = [i for i, p in enumerate(points) if isinstance(p, dict)]
    table.reject_unparsable(report, [i + 1 for i, p in enumerate(points) if not isinstance(p, dict)],
                            "track point is not an object")
    chosen = [points[i] for i in good]
    col = lambda *keys: table.numbers([_dig(p, *keys) for p in chosen])  # noqa: E731 - no json_normalize: it recurses
    alt = col("altitude", "feet")
    out = pd.DataFrame({
        "time": table.epoch(col("timestamp"), "s"),
        "icao24": table.scalar_text(_dig(flight, "aircraft", "identification", "modes")),
        "callsign": table.scalar_text(_dig(flight, "identification", "callsign")),
        "registration": table.scalar_text(_dig(flight, "aircraft", "identification", "registration")),
        "typecode": table.scalar_text(_dig(flight, "aircraft", "model", "code")),
        "lat": col("latitude"), "lon": col("longitude"),
        "alt_ft": alt, "gs_kt": col("speed", "kts"), "track_deg": col("heading"),
        "vrate_fpm": col("verticalSpeed", "fpm"),
        "on_ground": pd.array((alt == 0).where(alt.notna()), dtype="boolean"),
        table.LINE: [i + 1 for i in good],
    })
    yield table.check(out, report)


def read_csv(path: Path, report: ReadReport) -> Iterator[pd.DataFrame]:
    yield from (table.check(_csv_raw(batch, lines), report, address_required=False)
                for batch, lines in csvstream.batches(path, report, {"Position": pa.string(), "Callsign": pa.string()}))


def _csv_raw(frame: pd.DataFrame, lines) -> pd.DataFrame:
    """Export columns → canonical raw rows; a missing column (Altitude, Position…) is unknown, not a crash."""
    frame.columns = [c.strip().lower() for c in frame.columns]
    nothing = pd.Series(pd.NA, index=frame.index, dtype="string")
    position = frame["position"].astype("string") if "position" in frame else nothing
    parts = position.str.split(",", n=1, expand=True)
    col = lambda name: table.numbers(frame[name]) if name in frame else pd.Series(float("nan"), index=frame.index)  # noqa: E731
    alt = col("altitude")
    when = table.epoch(col("timestamp"), "s")
    if "utc" in frame:  # the Timestamp column is the authority; UTC text fills where it is empty
        when = when.fillna(pd.to_datetime(frame["utc"].astype("string"), utc=True, errors="coerce", format="ISO8601"))
    lat = table.numbers(parts[0]) if 0 in parts else col("")
    lat = lat.mask(lat.isna() & position.notna(), table.UNPARSABLE)
    return pd.DataFrame({
        "time": when, "icao24": pd.NA, "callsign": frame["callsign"] if "callsign" in frame else nothing,
        "lat": lat,
        "lon": table.numbers(parts[1]) if 1 in parts else col(""),
        "alt_ft": alt, "gs_kt": col("speed"), "track_deg": col("direction"),
        "on_ground": pd.array((alt == 0).where(alt.notna()), dtype="boolean"),
        table.LINE: lines,
    })
