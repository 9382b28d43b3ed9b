"""The Parquet archive: one aircraft over a 3-day window, against bare DuckDB on the same files.

    python benchmarks/bench_archive.py                       # 1 M and 10 M rows (default)
    python benchmarks/bench_archive.py --rows 2000000 20000000 --workdir /tmp/ar

Generated rows of realistic shape: `--aircraft` aircraft over `--days` UTC days, each seen
for a few hours a day at a few seconds' interval (positions, altitudes, callsigns), written
with `tracker.archive.store.write` (hive by date, zstd, sorted by icao24 and time).

Timed (each in a fresh Python process, best of 3 runs after one warm-up; peak RSS = VmHWM):
- tracker: `engines.select` — the Ibis selection on DuckDB, date folders pruned first;
- anchor: bare DuckDB SQL with the same filter (icao24 and time) over all the archive's files.
The ratio tracker / anchor is what matters (the anchor is the engine with nothing of ours).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = r"""
import datetime as dt, json, sys, time
which, root, icao, since, until = sys.argv[1:6]
since, until = dt.datetime.fromisoformat(since), dt.datetime.fromisoformat(until)
def run():
    if which == "tracker":
        from tracker.archive import engines, selection
        frame, _ = engines.select(root, selection.Selection([selection.want(icao24=[icao], since=since, until=until)]))
        return len(frame)
    import duckdb, glob
    files = sorted(glob.glob(root + "/date=*/*.parquet"))
    con = duckdb.connect()
    frame = con.execute("SELECT * FROM read_parquet(?) WHERE icao24 = ? AND time >= ? AND time <= ?",
                        [files, icao, since, until]).to_arrow_table()
    return frame.num_rows
run()
times = []
for _ in range(3):
    t = time.perf_counter(); n = run(); times.append(time.perf_counter() - t)
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"seconds": min(times), "rows": n, "peak_mb": hwm / 1024}))
"""


def generate(root: Path, rows: int, aircraft: int, days: int, seed: int = 0) -> str:
    """Write `rows` rows into a new archive at `root`; return one icao24 that flies every day."""
    from tracker.archive import store

    rng = np.random.default_rng(seed)
    icaos = np.array([f"{v:06x}" for v in rng.choice(np.arange(0x100000, 0xF00000), aircraft, replace=False)])
    per_day = rows // days
    chunk = 4_000_000  # rows per write: bounded memory at 100 M rows
    start = dt.datetime(2023, 7, 1, tzinfo=dt.UTC)
    for d, n in ((d, min(chunk, per_day - k)) for d in range(days) for k in range(0, per_day, chunk)):
        who = np.sort(rng.integers(0, aircraft, n))
        counts = np.bincount(who, minlength=aircraft)
        first = np.repeat(rng.uniform(0, 20 * 3600, aircraft), counts)
        step = np.concatenate([np.arange(c) for c in counts]) * 5.0  # one position every 5 s
        t = pd.to_datetime((start.timestamp() + d * 86400 + np.minimum(first + step, 86399)) * 1e9, utc=True)
        lat0 = np.repeat(rng.uniform(-50, 60, aircraft), counts)
        lon0 = np.repeat(rng.uniform(-120, 140, aircraft), counts)
        frame = pd.DataFrame({
            "time": t, "icao24": pd.array(icaos[who], dtype="string"),
            "callsign": pd.array(np.char.add("DLH", (who % 9000 + 100).astype(str)), dtype="string"),
            "registration": pd.array([None] * n, dtype="string"), "typecode": pd.array(["A320"] * n, dtype="string"),
            "lat": lat0 + step * 2e-3, "lon": lon0 + step * 2e-3, "alt_ft": np.minimum(step * 30, 37000.0),
            "gs_kt": np.full(n, 450.0), "track_deg": np.full(n, 45.0), "vrate_fpm": np.zeros(n),
            "on_ground": pd.array(step < 60, dtype="boolean"), "source": pd.array(["generated"] * n, dtype="string"),
            "military": pd.array([None] * n, dtype="boolean"),
        })
        store.write(frame, root)
    return str(icaos[0])


def child(which: str, root: Path, icao: str) -> dict:
    since, until = "2023-07-02T00:00:00+00:00", "2023-07-04T23:59:59+00:00"
    out = subprocess.run([sys.executable, "-c", CHILD, which, str(root), icao, since, until],
                         capture_output=True, text=True, check=False, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    if out.returncode:
        raise SystemExit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    ap.add_argument("--aircraft", type=int, default=5_000)
    ap.add_argument("--days", type=int, default=7)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = args.workdir or Path(tmp)
        for rows in args.rows:
            root = base / f"archive-{rows}"
            marker = root / "_bench_icao24"
            if not marker.exists():
                import shutil

                shutil.rmtree(root, ignore_errors=True)
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.write_text(generate(root, rows, args.aircraft, args.days))
            icao = marker.read_text()
            size = sum(p.stat().st_size for p in root.rglob("*.parquet")) / 1e6
            ours, anchor = child("tracker", root, icao), child("duckdb", root, icao)
            print(json.dumps({"rows": rows, "archive_mb": round(size, 1), "aircraft": args.aircraft, "days": args.days,
                              "tracker_s": round(ours["seconds"], 4), "duckdb_s": round(anchor["seconds"], 4),
                              "ratio": round(ours["seconds"] / anchor["seconds"], 2), "rows_out": ours["rows"],
                              "rows_out_duckdb": anchor["rows"], "tracker_peak_mb": round(ours["peak_mb"]),
                              "duckdb_peak_mb": round(anchor["peak_mb"])}))


if __name__ == "__main__":
    main()
