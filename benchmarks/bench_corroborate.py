"""How corroboration scales with the number of flights and claims (run on demand, not in CI).

    python benchmarks/bench_corroborate.py [aircraft] [days] [claims]

Builds a synthetic FlightsResult (each aircraft flies UUMU↔ZKPY once a day, with a stay
between), a matching track table (two points a flight), and claims naming aircraft by
callsign; times `corroborate` and reports peak memory (tracemalloc).
"""
from __future__ import annotations

import datetime as dt
import sys
import time
import tracemalloc

import pandas as pd

from tracker import airports
from tracker.adsb import schema
from tracker.corroborate import corroborate
from tracker.model import AirportRef, Claim, Flight, FlightsResult, GroundStay, HoursRange, Place, TimeWindow

UTC = dt.timezone.utc


def ref(icao: str) -> AirportRef:
    a = airports.get(icao)
    return AirportRef(icao, 0.5, a.name, a.lat, a.lon)


def world(n_aircraft: int, days: int) -> tuple[FlightsResult, pd.DataFrame]:
    result, rows = FlightsResult(), []
    start = dt.datetime(2023, 7, 1, 16, tzinfo=UTC)
    for i in range(n_aircraft):
        icao24 = f"{0x150000 + i:06x}"
        for d in range(days):
            off = start + dt.timedelta(days=d, minutes=i % 600)
            out, back = (("UUMU", "ZKPY"), ("ZKPY", "UUMU")) if d % 2 == 0 else (("ZKPY", "UUMU"), ("UUMU", "ZKPY"))
            fid = f"{icao24}-{d}"
            land = off + dt.timedelta(hours=8)
            result.flights.append(Flight(fid, icao24, f"RA-{i:05d}", f"RFF{i:04d}", "IL62", ref(out[0]), ref(out[1]),
                                         TimeWindow.at(off), TimeWindow.at(land), 500, off, land))
            result.stays.append(GroundStay(icao24, f"RA-{i:05d}", ref(out[1]), TimeWindow.at(land),
                                           TimeWindow.at(land + dt.timedelta(hours=16)), HoursRange(16, 16),
                                           arriving_flight=fid))
            rows += [dict(time=off, icao24=icao24, callsign=f"RFF{i:04d}", lat=0.0, lon=0.0),
                     dict(time=land, icao24=icao24, callsign=f"RFF{i:04d}", lat=0.0, lon=0.0)]
    return result, schema.canonical(pd.DataFrame(rows))


def claims(n: int, n_aircraft: int) -> list[Claim]:
    pyongyang = Place("Pyongyang", ["ZKPY"], "KP")
    out = []
    for k in range(n):
        day = dt.datetime(2023, 7, 1 + (k % 28), tzinfo=UTC)
        out.append(Claim(id=f"c{k}", article=f"a{k // 3}", span=(0, 1), quote="…", callsign=f"RFF{k % n_aircraft:04d}",
                         destination=pyongyang, arrival=TimeWindow(day, day + dt.timedelta(days=1)),
                         dwell_hours=HoursRange(10, 20), trip=f"t{k}"))
    return out


def main() -> None:
    n_aircraft, days, n_claims = (int(x) for x in (sys.argv[1:] + ["50", "30", "300"][len(sys.argv[1:]):]))
    result, table = world(n_aircraft, days)
    cs = claims(n_claims, n_aircraft)
    tracemalloc.start()
    t0 = time.perf_counter()
    verdicts = corroborate(cs, result, table)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    counts = pd.Series([v.outcome for v in verdicts]).value_counts().to_dict()
    print(f"{n_aircraft} aircraft × {days} days = {len(result.flights)} flights, {len(result.stays)} stays, "
          f"{len(table)} table rows; {n_claims} claims → {elapsed:.2f} s ({elapsed / n_claims * 1000:.1f} ms/claim), "
          f"peak {peak / 2**20:.1f} MiB; outcomes {counts}")


if __name__ == "__main__":
    main()
