"""Whole-process cost of the main job and of `tracker flights` against a bare `import pandas`.

    python benchmarks/bench_startup.py [--runs 9] [--baseline REV]

Every case is a fresh `python` process, run in turn with the anchor (`python -c "import pandas"`)
so that each round sees the same load, each after a rest of `PAUSE_S` (a process straight after a
heavy one ran slower); the table gives medians of wall time and of CPU time
(user + system, from the child's rusage) and each as a ratio to the anchor's median in the same
run. CPU time is the steadier number while other jobs share the machine.

Cases (tracker's caches warmed by one untimed round first, as after the first run on a machine):
- `corroborate`: the main job with no arguments, in a folder whose maps/ it made before;
- `corroborate, new folder`: the same in an empty folder (the maps are drawn);
- `corroborate, cold cache`: an empty folder and an empty cache folder (`TRACKER_CACHE_DIR`);
- `flights quickstart`: `tracker flights --json` on the 284,505-row quickstart collection (its
  read served by the cache of read files, as on every run after the first);
- `flights quickstart, read cache cold`: the same with that file's cache entry removed before each
  run (the first read of a file: parsed, then stored), other caches warm;
- `flights quickstart --no-cache`: the same, reading the file afresh and storing nothing.

`--baseline REV` also runs the same cases on the code of a git revision (exported with
`git archive`, same interpreter and packages) and checks that both give identical results:
`corroborate --json` on the seeds, the bytes of every map page, and `flights --json` on every
folder of fixtures/samples/ — the branch's outputs twice, with its caches empty and then full
(the second run takes every read it can from the cache of read files), against one of the
baseline's.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICKSTART = "fixtures/samples/collections"


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, bytes]:
    """(wall s, CPU s, stdout) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, out


def env_for(code: Path, cache: Path | None = None) -> dict:
    """Bytecode is written and used (as for an installed package), whatever the caller's shell says."""
    env = dict(os.environ, PYTHONPATH=str(code), COLUMNS="200", NO_COLOR="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if cache is not None:
        env["TRACKER_CACHE_DIR"] = str(cache)
    return env


def cases(code: Path, work: Path, label: str) -> dict[str, tuple[list[str], Path, dict, bool]]:
    """name → (command, cwd, env, fresh folder each time?)."""
    tracker = [sys.executable, "-m", "tracker.cli"]
    steady = work / f"{label}-steady"
    steady.mkdir(exist_ok=True)
    flights = tracker + ["flights", str(code / QUICKSTART), "--json"]
    cache = work / f"{label}-flights-cache"  # warmed by the untimed round like the user's cache folder
    found = {
        f"{label}: corroborate": (tracker + ["corroborate"], steady, env_for(code), False),
        f"{label}: corroborate, new folder": (tracker + ["corroborate"], work / f"{label}-new", env_for(code), True),
        f"{label}: corroborate, cold cache": (tracker + ["corroborate"], work / f"{label}-cold", env_for(code), True),
        f"{label}: flights quickstart": (flights, code, env_for(code, cache), False),
    }
    if (code / "tracker" / "adsb" / "readcache.py").exists():  # a revision with the cache of read files
        found[f"{label}: flights quickstart, read cache cold"] = (flights, code, env_for(code, cache), False)
        found[f"{label}: flights quickstart --no-cache"] = (flights + ["--no-cache"], code, env_for(code, cache), False)
    return found


#: Seconds of rest before each timed process. Run back to back, a process after a heavy one (the
#: cold-cache main job, a `--no-cache` read) was slower in both wall and CPU time: `flights` on
#: quickstart 0.71 s / 0.82 s straight after `--no-cache`, 0.64 s / 0.74 s after a 2 s rest (5 rounds
#: each; the anchor moved 0.365 → 0.353 s). The rest puts every case, anchor included, on the same
#: footing whatever ran before it.
PAUSE_S = 2.0


def timed(name: str, spec, work: Path) -> tuple[float, float]:
    time.sleep(PAUSE_S)
    cmd, cwd, env, fresh = spec
    if fresh:
        shutil.rmtree(cwd, ignore_errors=True)
        cwd.mkdir()
        if "cold cache" in name:
            cold = work / "cold-cache"
            shutil.rmtree(cold, ignore_errors=True)
            env = dict(env, TRACKER_CACHE_DIR=str(cold))
    if "read cache cold" in name:
        shutil.rmtree(Path(env["TRACKER_CACHE_DIR"]) / "tracks", ignore_errors=True)
    wall, cpu, _ = run(cmd, cwd, env)
    return wall, cpu


def outputs(code: Path, work: Path, cache: Path | None = None) -> dict[str, bytes]:
    """Everything that must not change: main-job JSON, map bytes, flights JSON per sample folder."""
    folder = work / f"outputs-{code.name}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    tracker = [sys.executable, "-m", "tracker.cli"]
    env = env_for(code, cache)
    found = {"corroborate --json": run(tracker + ["corroborate", "--json"], folder, env)[2]}
    for page in sorted((folder / "maps").glob("*.html")):
        found[f"maps/{page.name}"] = page.read_bytes()
    for sample in sorted((code / "fixtures" / "samples").iterdir()):
        if sample.is_dir():
            found[f"flights {sample.name}"] = run(tracker + ["flights", str(sample), "--json"], code, env)[2]
    # Paths name the checkout the code ran from; compare everything else byte for byte.
    return {k: v.replace(str(code).encode(), b"<ROOT>") for k, v in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--baseline", help="git revision to compare with (its code, same interpreter)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="tracker-bench-startup-"))
    try:
        codes = {"new": ROOT}
        if args.baseline:
            base = work / "baseline"
            base.mkdir()
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline], check=True,
                                     capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
            for src in (ROOT / "fixtures").rglob("*"):  # readers take a file's clock reference from its mtime
                twin = base / src.relative_to(ROOT)
                if src.is_file() and twin.is_file():
                    st = src.stat()
                    os.utime(twin, ns=(st.st_atime_ns, st.st_mtime_ns))
            codes = {f"base {args.baseline}": base, "new": ROOT}
            old = outputs(base, work)
            empty = work / "outputs-cache"  # the branch with its caches empty, then filled by that run
            for state in ("caches empty", "caches full"):
                new = outputs(ROOT, work, empty)
                diff = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
                print(f"identical results, {state}: {'yes' if not diff else 'NO'} ({len(new)} outputs compared)")
                for k in diff:
                    print(f"  differs: {k}")

        anchor = ("anchor: python -c 'import pandas'", ([sys.executable, "-c", "import pandas"], ROOT, env_for(ROOT), False))
        specs = dict([anchor])
        for label, code in codes.items():
            specs.update(cases(code, work, label))
        for code in codes.values():
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(code / "tracker")], check=True)
        for name, spec in specs.items():  # warm-up round: caches, OS file cache
            timed(name, spec, work)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in specs}
        for _ in range(args.runs):
            for name, spec in specs.items():
                samples[name].append(timed(name, spec, work))

        a_wall = statistics.median(w for w, _ in samples[anchor[0]])
        a_cpu = statistics.median(c for _, c in samples[anchor[0]])
        print(f"{args.runs} paired rounds, load average {os.getloadavg()[0]:.1f}, {os.cpu_count()} CPUs")
        print("| case | wall s (median) | × anchor | CPU s (median) | × anchor |\n|---|---|---|---|---|")
        for name, vals in samples.items():
            wall = statistics.median(w for w, _ in vals)
            cpu = statistics.median(c for _, c in vals)
            print(f"| {name} | {wall:.2f} | {wall / a_wall:.2f} | {cpu:.2f} | {cpu / a_cpu:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
