"""Landing airports of the quickstart collection: tracker.flights.segment against traffic 2.13.

Run from the worktree, in tracker's venv:  python benchmarks/bench_flights_vs_traffic.py
traffic runs in its own venv (TRAFFIC_PYTHON, default /work/venv-traffic/bin/python) through
benchmarks/traffic_side.py; see benchmarks/README.md. Prints timings, agreement, and every
disagreement with the evidence (last altitude, distance) that explains it.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from tracker import adsb, airports
from tracker.flights import segment as flights

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "samples" / "collections" / "quickstart.json.gz"
TRAFFIC_PYTHON = os.environ.get("TRAFFIC_PYTHON", "/work/venv-traffic/bin/python")
CRUISE_FT = 10000  # last seen above this: leaving coverage, not landing


def run_traffic() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "traffic.json"
        subprocess.run([TRAFFIC_PYTHON, str(ROOT / "benchmarks" / "traffic_side.py"), str(SAMPLE), str(out)],
                       check=True)
        return json.loads(out.read_text())


def time_ours(table: pd.DataFrame, repeat: int = 7) -> tuple[float, float, float, flights.FlightsResult]:
    """Cold (first call in the process loads the airport grid and type table from tracker's cache),
    then best-of-N warm, wall and CPU seconds: the machine is shared, so the least disturbed run is
    the honest one."""
    for cached in (airports._index, airports._kinds, airports._all, airports._columns, airports._position,
                   airports._airport, airports._icao_index):
        cached.cache_clear()
    start = time.perf_counter()
    result = flights.detect(table)
    cold = time.perf_counter() - start
    wall, cpu = [], []
    for _ in range(repeat):
        start, c = time.perf_counter(), time.process_time()
        flights.detect(table)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - c)
    return cold, min(wall), min(cpu), result


def match(ours: list, theirs: list[dict]) -> list[tuple[dict, object]]:
    """Pair each traffic flight with our flight of the same aircraft that overlaps it most."""
    pairs = []
    for t in theirs:
        start, stop = pd.Timestamp(t["start"]), pd.Timestamp(t["stop"])
        best, overlap = None, pd.Timedelta(0)
        for f in ours:
            if f.icao24 != t["icao24"]:
                continue
            o = min(stop, pd.Timestamp(f.last_seen)) - max(start, pd.Timestamp(f.first_seen))
            if o > overlap:
                best, overlap = f, o
        pairs.append((t, best))
    return pairs


def main() -> None:
    table, _ = adsb.read([str(SAMPLE)])
    cold, warm, warm_cpu, result = time_ours(table)
    theirs = run_traffic()
    pairs = match(result.flights, theirs["flights"])

    agree, ours_none_cruise, ours_none_low, differ, unmatched = [], [], [], [], []
    for t, f in pairs:
        if f is None:
            unmatched.append(t)
            continue
        mine = f.destination.icao if f.destination else None
        if mine == t["landing"]:
            agree.append((t, f))
        elif mine is None and (t["last_altitude"] or 0) > CRUISE_FT:
            ours_none_cruise.append((t, f))
        elif mine is None:
            ours_none_low.append((t, f))
        else:
            differ.append((t, f))

    print(f"rows {len(table):,}; traffic flights {len(theirs['flights'])}; ours {len(result.flights)}")
    print(f"traffic infer_airport('landing') for all flights: {theirs['seconds']:.2f} s wall, "
          f"{theirs['cpu_seconds']:.2f} s CPU")
    print(f"tracker flights.detect (segmentation, takeoff, landing, stays): cold {cold:.2f} s wall; "
          f"warm best of 7 {warm:.3f} s wall, {warm_cpu:.3f} s CPU")
    print(f"speed ratio: {theirs['seconds'] / warm:.0f}x wall (warm), {theirs['cpu_seconds'] / warm_cpu:.0f}x CPU "
          f"(warm), {theirs['seconds'] / cold:.0f}x wall (ours cold)")
    print(f"same landing airport: {len(agree)}")
    print(f"traffic names an airport, ours none, last seen above {CRUISE_FT} ft (left coverage at cruise): "
          f"{len(ours_none_cruise)}")
    for group, title in ((ours_none_low, "ours none, last seen low"), (differ, "different airports")):
        print(f"{title}: {len(group)}")
        for t, f in group:
            print(f"  {f.id} {t['callsign']}: traffic {t['landing']} ({t['distance_m'] / 1000:.1f} km from last "
                  f"fix at {t['last_altitude']} ft); ours {f.destination.icao if f.destination else None}"
                  f"{f' ({f.destination.distance_km} km, runner-up {f.destination.runner_up})' if f.destination else ''}"
                  f", landing {f.landing}")
    print(f"traffic flights with no overlapping flight of ours: {len(unmatched)}")
    for t in unmatched:
        print(f"  {t['icao24']} {t['callsign']} {t['start']}–{t['stop']} traffic says {t['landing']}")
    cruise_kinds = pd.Series([t["landing"] for t, _ in ours_none_cruise]).value_counts().head(8)
    print("what traffic named for tracks that left coverage at cruise (top):", dict(cruise_kinds))


if __name__ == "__main__":
    sys.exit(main())
