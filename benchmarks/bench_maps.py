"""Time and memory of the map writers on a synthetic table (run on demand, not in the tests).

    python benchmarks/bench_maps.py [--aircraft 100] [--points 10000]

Each aircraft flies one straight flight with a climb, cruise and descent; the table is
canonical. Prints wall time per writer, bytes written, and the process's peak RSS.
"""
from __future__ import annotations

import argparse
import datetime as dt
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.adsb.schema import canonical
from tracker.output.export import write_geojson, write_kml
from tracker.output.maps import write_maps
from tracker.model import Flight, FlightsResult, TimeWindow


def build(aircraft: int, points: int) -> tuple[FlightsResult, pd.DataFrame]:
    rng = np.random.default_rng(1)
    start = dt.datetime(2024, 7, 31, tzinfo=dt.timezone.utc)
    frames, flights = [], []
    for i in range(aircraft):
        icao = f"{i:06x}"
        lat0, lon0, lat1, lon1 = rng.uniform(-60, 60), rng.uniform(-180, 180), rng.uniform(-60, 60), rng.uniform(-180, 180)
        f = np.linspace(0, 1, points)
        times = pd.date_range(start, periods=points, freq="5s", tz="UTC")
        alt = np.minimum.reduce([np.full(points, 37000.0), f * 4e5, (1 - f) * 4e5])
        frames.append(pd.DataFrame({"time": times, "icao24": icao, "lat": lat0 + (lat1 - lat0) * f,
                                    "lon": ((lon0 + (lon1 - lon0) * f + 180) % 360) - 180, "alt_ft": alt,
                                    "on_ground": alt < 50}))
        flights.append(Flight(id=f"{icao}-1", icao24=icao, registration=None, callsign=None, typecode=None, origin=None,
                              destination=None, takeoff=TimeWindow.at(times[0].to_pydatetime()),
                              landing=TimeWindow.at(times[-1].to_pydatetime()), points=points,
                              first_seen=times[0].to_pydatetime(), last_seen=times[-1].to_pydatetime()))
    return FlightsResult(flights=flights), canonical(pd.concat(frames, ignore_index=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aircraft", type=int, default=100)
    parser.add_argument("--points", type=int, default=10_000)
    args = parser.parse_args()
    result, table = build(args.aircraft, args.points)
    print(f"table: {len(table):,} rows, {args.aircraft} aircraft")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for name, run in (("write_maps", lambda: write_maps(out / "maps" / "index.html", result, table)),
                          ("write_geojson", lambda: [write_geojson(out / "all.geojson", result, table)]),
                          ("write_kml", lambda: [write_kml(out / "all.kml", result, table)])):
            t0 = time.perf_counter()
            written = run()
            seconds = time.perf_counter() - t0
            size = sum(p.stat().st_size for p in written)
            print(f"{name:14s} {seconds:7.2f} s  {len(written):4d} file(s)  {size / 1e6:8.1f} MB")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
