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
