"""Points per second and peak memory of `tracker.adsb.read`, per format.

    python benchmarks/bench_read.py                 # the bundled samples + 10-million-row files
    python benchmarks/bench_read.py --rows 1000000  # smaller generated files
    python benchmarks/bench_read.py --anchors --rows 3000000 --runs 3
        # one OpenSky CSV read by tracker (CLI and API) and by pyarrow.csv and DuckDB, in turn

Each case runs in a fresh Python process; peak memory is that process's high-water resident
set (VmHWM from /proc/self/status, which exec resets — ru_maxrss would inherit the parent's
size at fork). It includes the interpreter and the imported libraries (~230 MB) and the output table.
Generated files go to a temporary folder deleted afterwards (or to --workdir, kept and
reused, so a re-run skips generating them).
"""
from __future__ import annotations

import argparse
from contextlib import nullcontext
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "fixtures" / "samples"

CHILD = """
import json, sys, time
from tracker import adsb
t = time.perf_counter()
table, reports = adsb.read(sys.argv[1:])
seconds = time.perf_counter() - t
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"peak_kb": hwm, "seconds": seconds, "rows_read": sum(r.rows_read for r in reports), "rows_kept": len(table),
                  "format": reports[0].format, "errors": [r.error for r in reports if r.error]}))
"""


#: The same file through the `tracker read --json` command (in process, after one run on its first 49
#: rows so start-up — imports, caches — is excluded), and read
#: whole by pyarrow.csv (its default: all cores) and by DuckDB into Arrow; each reports rows and time.
ANCHORS = {
    "tracker read --json (CLI)": """
import contextlib, io, json, os, sys, tempfile, time
from tracker import cli
with open(sys.argv[1]) as big, tempfile.NamedTemporaryFile("w", suffix=".csv") as small:
    small.writelines(line for _, line in zip(range(50), big))  # start-up (imports, caches) on 49 rows first
    small.flush()
    with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
        cli.run(["read", small.name, "--json"])
t = time.perf_counter(); c = time.process_time()
with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
    code = cli.run(["read", sys.argv[1], "--json"])
seconds, cpu = time.perf_counter() - t, time.process_time() - c
rows = sum(1 for _ in open(sys.argv[1], "rb")) - 1
""",
    "tracker.adsb.read (API)": """
import sys, time
from tracker import adsb
t = time.perf_counter(); c = time.process_time()
table, reports = adsb.read(sys.argv[1:])
seconds, cpu = time.perf_counter() - t, time.process_time() - c
rows = reports[0].rows_read
""",
    "pyarrow.csv.read_csv": """
import sys, time
import pyarrow.csv
t = time.perf_counter(); c = time.process_time()
rows = pyarrow.csv.read_csv(sys.argv[1]).num_rows
seconds, cpu = time.perf_counter() - t, time.process_time() - c
""",
    "DuckDB read_csv → Arrow": """
import sys, time
import duckdb
duckdb.sql("SET enable_progress_bar = false")  # (it writes to stdout, where the result goes)
t = time.perf_counter(); c = time.process_time()
rows = duckdb.sql(f"SELECT * FROM read_csv('{sys.argv[1]}')").fetch_arrow_table().num_rows
seconds, cpu = time.perf_counter() - t, time.process_time() - c
""",
}
_REPORT = """
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
import json
print(json.dumps({"seconds": seconds, "cpu": cpu, "rows": rows, "peak_kb": hwm}))
"""


def anchors(rows: int, runs: int, workdir: Path | None) -> None:
    """tracker against pyarrow.csv and DuckDB on one generated OpenSky CSV, in paired rounds (medians)."""
    import statistics

    with (nullcontext(str(workdir)) if workdir else tempfile.TemporaryDirectory()) as tmp:
        Path(tmp).mkdir(parents=True, exist_ok=True)
        target = Path(tmp) / f"{rows}_states.csv"
        if not target.exists():
            gen_opensky_csv(target, rows)
        found: dict[str, list[dict]] = {name: [] for name in ANCHORS}
        env = {**os.environ, "TRACKER_READ_CACHE": "off"}  # every round parses (a cached read skips it)
        for _ in range(runs):
            for name, code in ANCHORS.items():
                done = subprocess.run([sys.executable, "-c", code + _REPORT, str(target)], cwd=ROOT, env=env,
                                      capture_output=True)
                if done.returncode:
                    raise SystemExit(f"{name} failed:\n{done.stderr.decode(errors='replace')[-3000:]}")
                found[name].append(json.loads(done.stdout.splitlines()[-1]))
        size = target.stat().st_size / 2**20
    base = statistics.median(r["rows"] / r["seconds"] for r in found["pyarrow.csv.read_csv"])
    print(f"{rows:,}-row OpenSky CSV ({size:,.0f} MB), {runs} paired rounds (medians), load average "
          f"{os.getloadavg()[0]:.1f}")
    print("| reader | wall s | CPU s | rows/s | × pyarrow.csv rate | peak MB | peak B/row |\n|---|---|---|---|---|---|---|")
    for name, results in found.items():
        wall = statistics.median(r["seconds"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        rate = statistics.median(r["rows"] / r["seconds"] for r in results)
        peak = statistics.median(r["peak_kb"] for r in results) * 1024
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rate:,.0f} | {rate / base:.2f} | {peak / 2**20:,.0f} | "
              f"{peak / results[0]['rows']:.0f} |")


def run_case(files: list[str]) -> dict:
    proc = subprocess.Popen([sys.executable, "-c", CHILD, *files], stdout=subprocess.PIPE, cwd=ROOT)
    out = proc.stdout.read()
    if proc.wait():
        raise SystemExit(f"benchmark case failed: {files}")
    result = json.loads(out)
    result["peak_mb"] = result["peak_kb"] / 1024
    return result


def _aircraft(rng, rows: int, n_aircraft: int = 2000):
    """Random but plausible tracks: each aircraft flies a straight line at its own speed."""
    ids = rng.integers(0, n_aircraft, rows)
    t = 1_700_000_000 + np.sort(rng.integers(0, 86_400, rows)) + rng.random(rows).round(3)
    lat0 = rng.uniform(-60, 70, n_aircraft)[ids]
    lon0 = rng.uniform(-170, 170, n_aircraft)[ids]
    dt = t - 1_700_000_000
    return ids, t, lat0 + dt * 1e-4 % 10, lon0 + dt * 1e-4 % 10


def gen_opensky_csv(path: Path, rows: int, chunk: int = 1_000_000) -> None:
    rng = np.random.default_rng(1)
    with pacsv.CSVWriter(path, pa.schema([("time", pa.float64()), ("icao24", pa.string()), ("lat", pa.float64()),
                                          ("lon", pa.float64()), ("velocity", pa.float64()), ("heading", pa.float64()),
                                          ("vertrate", pa.float64()), ("callsign", pa.string()), ("onground", pa.bool_()),
                                          ("baroaltitude", pa.float64()), ("lastposupdate", pa.float64())])) as writer:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            ids, t, lat, lon = _aircraft(rng, n)
            t = t + start  # later chunks later in time
            writer.write_table(pa.table({
                "time": t.round(0), "icao24": pa.array([f"{0x300000 + i:06x}" for i in range(2000)]).take(pa.array(ids)),
                "lat": lat, "lon": lon, "velocity": rng.uniform(60, 260, n), "heading": rng.uniform(0, 360, n),
                "vertrate": rng.normal(0, 5, n), "callsign": pa.array([f"TST{i:04d}" for i in range(2000)]).take(pa.array(ids)),
                "onground": rng.random(n) < 0.05, "baroaltitude": rng.uniform(0, 12000, n), "lastposupdate": t,
            }))


def gen_modes_jsonl(path: Path, rows: int, chunk: int = 1_000_000) -> None:
    """Alternating airborne-position and velocity messages, the bulk of a real decoder's output."""
    rng = np.random.default_rng(2)
    with open(path, "w") as out:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            ids, t, lat, lon = _aircraft(rng, n)
            frame = pd.DataFrame({"timestamp": t + start, "df": "17", "icao24": [f"{0x400000 + i:06x}" for i in ids]})
            velocity = np.arange(n) % 2 == 1
            frame["bds"] = np.where(velocity, "09", "05")
            frame["latitude"] = np.where(velocity, np.nan, lat)
            frame["longitude"] = np.where(velocity, np.nan, lon)
            frame["altitude"] = np.where(velocity, np.nan, rng.integers(0, 40000, n) // 25 * 25)
            frame["groundspeed"] = np.where(velocity, rng.uniform(100, 500, n), np.nan)
            frame["track"] = np.where(velocity, rng.uniform(0, 360, n), np.nan)
            frame["vertical_rate"] = np.where(velocity, rng.integers(-3000, 3000, n) // 64 * 64, np.nan)
            out.write(frame.to_json(orient="records", lines=True))
            if not frame.empty:
                out.write("\n")


def gen_traffic_json(path: Path, rows: int, chunk: int = 1_000_000) -> None:
    rng = np.random.default_rng(3)
    with open(path, "w") as out:
        out.write("[")
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            ids, t, lat, lon = _aircraft(rng, n)
            frame = pd.DataFrame({"timestamp": ((t + start) * 1000).astype("int64"),
                                  "icao24": [f"{0x500000 + i:06x}" for i in ids], "latitude": lat, "longitude": lon,
                                  "altitude": rng.integers(0, 40000, n) // 25 * 25 * 1.0,
                                  "groundspeed": rng.uniform(100, 500, n), "track": rng.uniform(0, 360, n),
                                  "vertical_rate": rng.integers(-3000, 3000, n) // 64 * 64 * 1.0})
            text = frame.to_json(orient="records")[1:-1]
            out.write(("," if start else "") + text)
        out.write("]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows in each generated file")
    parser.add_argument("--generated", nargs="*", default=["opensky-csv", "modes-jsonl", "traffic-json"])
    parser.add_argument("--workdir", type=Path, help="keep generated files here (and reuse them)")
    parser.add_argument("--anchors", action="store_true",
                        help="only the OpenSky CSV case, against pyarrow.csv and DuckDB (see ANCHORS)")
    parser.add_argument("--runs", type=int, default=3, help="rounds of --anchors")
    args = parser.parse_args()
    if args.anchors:
        anchors(args.rows, args.runs, args.workdir)
        return

    cases = [
        ("traffic-json sample (quickstart, gzip)", [SAMPLES / "collections" / "quickstart.json.gz"]),
        ("traffic-json noisy (column dicts + records)", sorted((SAMPLES / "noisy").glob("*.json.gz"))),
        ("readsb trace_full sample", [SAMPLES / "readsb" / "trace_full_ac671b.json"]),
        ("FR24 playback JSON samples", sorted((SAMPLES / "fr24").glob("*.json"))),
        ("Mode S JSONL sample (rs1090)", [SAMPLES / "rs1090" / "full_flight_short.jsonl"]),
    ]
    generators = {"opensky-csv": (gen_opensky_csv, "states.csv"), "modes-jsonl": (gen_modes_jsonl, "messages.jsonl"),
                  "traffic-json": (gen_traffic_json, "records.json")}
    print(f"{'case':48} {'rows read':>11} {'kept':>11} {'seconds':>8} {'rows/s':>11} {'peak MB':>8} {'file MB':>8}")
    with (nullcontext(str(args.workdir)) if args.workdir else tempfile.TemporaryDirectory()) as tmp:
        Path(tmp).mkdir(parents=True, exist_ok=True)
        for name in args.generated:
            make, filename = generators[name]
            target = Path(tmp) / f"{args.rows}_{filename}"
            if target.exists():
                cases.append((f"{name} generated", [target]))
                continue
            t = time.perf_counter()
            make(target, args.rows)
            print(f"# generated {name}: {args.rows:,} rows, {target.stat().st_size / 2**20:,.0f} MB in "
                  f"{time.perf_counter() - t:.0f} s", flush=True)
            cases.append((f"{name} generated", [target]))
        for label, files in cases:
            result = run_case([str(f) for f in files])
            size = sum(Path(f).stat().st_size for f in files) / 2**20
            rate = result["rows_read"] / result["seconds"]
            print(f"{label:48} {result['rows_read']:>11,} {result['rows_kept']:>11,} {result['seconds']:>8.2f} "
                  f"{rate:>11,.0f} {result['peak_mb']:>8,.0f} {size:>8,.1f}", flush=True)


if __name__ == "__main__":
    main()
