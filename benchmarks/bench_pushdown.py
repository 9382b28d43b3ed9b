"""Filters at the source on single files: one aircraft out of a big Parquet file, against bare DuckDB.

    python benchmarks/bench_pushdown.py                  # 50 M-row Parquet (~1.7 GB) + 3 M-row CSV
    python benchmarks/bench_pushdown.py --rows 5000000   # smaller

Generates (pyarrow, in a temporary folder deleted afterwards) an OpenSky-style state-vector
Parquet file — `time` (epoch s), `icao24`, `lat`, `lon`, `velocity`, `heading`, `vertrate`,
`callsign`, `onground`, `baroaltitude`, `geoaltitude`, `lastposupdate`, `lastcontact` — of
5,000 aircraft over 30 days, sorted by icao24 then time, in pyarrow's default row groups
(1 Mi rows), and a 3 M-row OpenSky CSV sorted by time. Then, each case in a fresh process,
`--runs` times (median):

- DuckDB: `SELECT * FROM read_parquet(f) WHERE icao24 = ? AND time BETWEEN ? AND ?` (the
  anchor; query time in-process, and the whole process);
- `tracker.adsb.read(f, select=…)` (the Python API, call time in-process);
- `tracker read --json --icao24 … --since … --until …` (the whole process);
- the CSV: `tracker read --json` with one aircraft selected, and whole.

Peak memory is the process's VmHWM (interpreter and libraries included). Checks the rows:
tracker's kept rows equal DuckDB's count for the same aircraft and window (DuckDB's `time`
is the vector's write time; tracker's is `lastposupdate`: the generator sets both equal).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
START = 1_688_169_600  # 2023-07-01 00:00 UTC
DAYS = 30
SINCE, UNTIL = "2023-07-10T00:00:00Z", "2023-07-12T23:59:59Z"  # 3 days


def generate(path: Path, rows: int, aircraft: int = 5000, by_time: bool = False, csv: bool = False) -> str:
    """Write the file in slices of aircraft (bounded memory); returns the icao24 to ask for."""
    rng = np.random.default_rng(7)
    per = rows // aircraft
    names = [f"{0x100000 + i * 97:06x}" for i in range(aircraft)]
    step = DAYS * 86400 // per
    writer = None
    slices = range(0, aircraft, 100)
    tables = []
    for s in slices:
        ids = names[s:s + 100]
        n = len(ids) * per
        icao = np.repeat(np.array(ids, dtype=object), per)
        t = START + np.tile(np.arange(per, dtype=np.int64) * step, len(ids)) + rng.integers(0, step, n)
        table = pa.table({
            "time": t, "icao24": icao,
            "lat": rng.uniform(-60, 70, n), "lon": rng.uniform(-180, 180, n),
            "velocity": rng.uniform(0, 260, n), "heading": rng.uniform(0, 360, n), "vertrate": rng.normal(0, 5, n),
            "callsign": np.repeat(np.array([f"TST{i:04d}" for i in range(s, s + len(ids))], dtype=object), per),
            "onground": rng.random(n) < 0.1,
            "baroaltitude": rng.uniform(0, 12000, n), "geoaltitude": rng.uniform(0, 12000, n),
            "lastposupdate": t.astype("float64"), "lastcontact": t.astype("float64") + 0.5,
        })
        if by_time:
            tables.append(table)
            continue
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    if writer is not None:
        writer.close()
    if by_time:
        whole = pa.concat_tables(tables)
        whole = whole.take(pa.compute.sort_indices(whole, [("time", "ascending")]))
        if csv:
            pacsv.write_csv(whole, path)
        else:
            pq.write_table(whole, path)
    return names[len(names) // 3]


PEAK = 'next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM")) // 1024'

DUCK = """
import json, sys, time
import duckdb
t = time.perf_counter()
n = duckdb.sql("SELECT * FROM read_parquet(?) WHERE icao24 = ? AND time BETWEEN ? AND ?",
               params=[sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])]).to_arrow_table().num_rows
print(json.dumps({"seconds": time.perf_counter() - t, "rows": n, "peak_mb": %s}))
""" % PEAK

API = """
import datetime as dt, json, sys, time
from tracker import adsb
from tracker.archive import selection
t = time.perf_counter()
sel = selection.Selection([selection.want(icao24=[sys.argv[2]], since=dt.datetime.fromisoformat(sys.argv[3]),
                                          until=dt.datetime.fromisoformat(sys.argv[4]))])
table, reports = adsb.read(sys.argv[1], select=sel)
print(json.dumps({"seconds": time.perf_counter() - t, "rows": len(table), "peak_mb": %s}))
""" % PEAK


#: Every child reads its file afresh: this bench measures filters at the source, and a hit in the
#: cache of read files (tracker.adsb.readcache) would answer the later rounds without reading.
ENV = dict(os.environ, PYTHONPATH=str(ROOT), TRACKER_READ_CACHE="off")


def child(code: str, *args: str) -> tuple[float, dict]:
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True,
                         env=ENV)
    return time.perf_counter() - t, json.loads(out.stdout.strip().splitlines()[-1])


def cli(*args: str) -> tuple[float, dict]:
    """The whole `tracker` process: wall time, rows kept, peak RSS (rusage of the child)."""
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "tracker.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, env=ENV)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"tracker {' '.join(args)} failed")
    payload = json.loads(out)
    kept = sum(r["rows_kept"] for r in payload["read_report"])
    return wall, {"rows": kept, "peak_mb": usage.ru_maxrss // 1024}


def median(runs: list[tuple[float, dict]]) -> tuple[float, float, dict]:
    return (statistics.median(w for w, _ in runs), statistics.median(r.get("seconds", w) for w, r in runs),
            {"rows": runs[0][1]["rows"], "peak_mb": max(r["peak_mb"] for _, r in runs)})


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=50_000_000)
    ap.add_argument("--csv-rows", type=int, default=3_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_pushdown_"))
    try:
        free = shutil.disk_usage(work).free
        if free < args.rows * 40:
            raise SystemExit(f"{free / 1e9:.1f} GB free: too little for {args.rows:,} rows (use --rows)")
        big = work / "states.parquet"
        t = time.perf_counter()
        icao = generate(big, args.rows)
        meta = pq.ParquetFile(big).metadata
        print(f"generated {meta.num_rows:,} rows, {big.stat().st_size / 1e6:,.0f} MB, {meta.num_row_groups} row groups "
              f"in {time.perf_counter() - t:.0f} s; asking for {icao}, {SINCE} – {UNTIL}")
        lo = int(np.datetime64(SINCE.rstrip("Z")).astype("datetime64[s]").astype(int))
        hi = int(np.datetime64(UNTIL.rstrip("Z")).astype("datetime64[s]").astype(int))
        flags = ["--icao24", icao, "--since", SINCE, "--until", UNTIL, "--now", "2030-01-01"]
        duck, api, proc, duck_proc = [], [], [], []
        cli("read", str(big), "--json", *flags)  # warm-up: aircraft db cache, bytecode
        for _ in range(args.runs):
            wall, res = child(DUCK, str(big), icao, str(lo), str(hi))
            duck.append((res["seconds"], res))
            duck_proc.append((wall, res))
            wall, res = child(API, str(big), icao, SINCE, UNTIL)
            api.append((res["seconds"], res))
            proc.append(cli("read", str(big), "--json", *flags))
        d, a, p, dp = median(duck), median(api), median(proc), median(duck_proc)
        rows = [
            ("DuckDB query (in-process)", d[1], d[2]), ("DuckDB, whole process", dp[0], dp[2]),
            ("tracker.adsb.read(select=…) (in-process)", a[1], a[2]), ("tracker read --icao24 … (whole process)", p[0], p[2]),
        ]
        print(f"\n{args.rows:,}-row Parquet, one aircraft, 3 days (median of {args.runs}):")
        print("| case | wall s | × DuckDB query | × DuckDB process | rows | peak RSS MB |\n|---|---|---|---|---|---|")
        for name, sec, res in rows:
            print(f"| {name} | {sec:.3f} | {sec / d[1]:.2f} | {sec / dp[0]:.2f} | {res['rows']:,} | {res['peak_mb']} |")
        assert a[2]["rows"] == p[2]["rows"] == d[2]["rows"], "tracker and DuckDB disagree on the rows"
        big.unlink()

        small = work / "states.csv"
        icao = generate(small, args.csv_rows, aircraft=3000, by_time=True, csv=True)
        sel_runs, whole_runs = [], []
        for _ in range(args.runs):
            sel_runs.append(cli("read", str(small), "--json", "--icao24", icao, "--now", "2030-01-01"))
            whole_runs.append(cli("read", str(small), "--json", "--now", "2030-01-01"))
        s, w = median(sel_runs), median(whole_runs)
        print(f"\n{args.csv_rows:,}-row OpenSky CSV ({small.stat().st_size / 1e6:,.0f} MB), `tracker read --json` (median of {args.runs}):")
        print("| case | wall s | × whole | rows kept | peak RSS MB |\n|---|---|---|---|---|")
        print(f"| whole file | {w[0]:.2f} | 1 | {w[2]['rows']:,} | {w[2]['peak_mb']} |")
        print(f"| --icao24 (one of 3,000 aircraft) | {s[0]:.2f} | {s[0] / w[0]:.2f} | {s[2]['rows']:,} | {s[2]['peak_mb']} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
