"""The done-when measurement of issue 10: a fresh fuzz run, counted.

    python benchmarks/fuzz_measure.py --per-family 3000 --articles 300 [--seed 10] [--families readsb modes]

For each reader family, `--per-family` inputs made by mutating its real samples (bytes,
structure-aware JSON/CSV edits, gzip with bad CRC or cut short: `fuzz_harness.any_mutation`),
and `--articles` hostile articles (`fuzz_harness.hostile_article`, with hostile META.json for
some) go through the same judge as the property tests. Counted: tracebacks (any exception
but TrackerError), hangs (an input taking over 30 s; a SIGALRM at 60 s ends a real hang),
accounting violations (`rows_read != kept + rejected`, reasons not summing, a multi-line
error, a control character reaching the terminal). Failing inputs are saved under
tests/fuzz_regressions/<family>/ so the test suite replays them. Prints one line per family
and a total; the seed makes a run repeatable.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import signal
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
HANG_S = 30
ALARM_S = 60


class _Hang(Exception):
    pass


def _alarm(signum, frame):
    raise _Hang()


def _save(family: str, data: bytes, suffix: str) -> Path:
    folder = ROOT / "tests" / "fuzz_regressions" / family
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha1(data).hexdigest()[:16] + suffix)
    path.write_bytes(data)
    return path


def measure(family: str, n: int, rng: random.Random, work: Path) -> dict:
    import fuzz_harness as fh

    counts = {"inputs": 0, "exit0": 0, "exit2": 0, "tracebacks": 0, "hangs": 0, "violations": 0, "slowest_s": 0.0}
    examples: list[str] = []
    prose = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    seeds = None if family == "articles" else fh.seed_bytes(family, work)
    for i in range(n):
        folder = work / f"{family}-{i % 4}"
        folder.mkdir(exist_ok=True)
        for old in folder.iterdir():
            old.unlink()
        if family == "articles":
            name, data = fh.hostile_article(rng, prose)
            if rng.random() < 0.3:
                (folder / "META.json").write_bytes(fh.hostile_meta(rng))
            judge = fh.run_article
        else:
            name, data = "input.bin", fh.any_mutation(rng.choice(seeds), rng, family)
            judge = fh.run_reader
        path = folder / name
        path.write_bytes(data)
        started = time.perf_counter()
        signal.alarm(ALARM_S)
        try:
            outcome = judge(path)
        except _Hang:
            outcome = fh.Outcome(1, f"hang over {ALARM_S} s")
        finally:
            signal.alarm(0)
        took = time.perf_counter() - started
        counts["inputs"] += 1
        counts["slowest_s"] = round(max(counts["slowest_s"], took), 2)
        hang = took > HANG_S
        counts["hangs"] += hang
        if outcome.crashed and not hang:
            counts["tracebacks"] += 1
        elif not outcome.crashed:
            counts[f"exit{outcome.exit}"] += 1
        counts["violations"] += bool(outcome.violations)
        if outcome.crashed or outcome.violations or hang:
            saved = _save(family, data, ".txt" if family == "articles" else ".bin")
            examples.append(f"{saved.relative_to(ROOT)}: {outcome.error or outcome.violations or f'{took:.0f} s'}")
    counts["examples"] = examples[:5]
    return counts


def main() -> None:
    import fuzz_harness as fh

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-family", type=int, default=3000)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--families", nargs="*", help="reader families (default all) and/or 'articles'")
    parser.add_argument("--json", type=Path, help="also write the counts here")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    signal.signal(signal.SIGALRM, _alarm)
    families = args.families or [*fh.SEEDS, "articles"]
    work = Path(tempfile.mkdtemp(prefix="tracker-measure-"))
    results = {}
    for family in families:
        rng = random.Random(f"{args.seed}-{family}")
        n = args.articles if family == "articles" else args.per_family
        started = time.perf_counter()
        results[family] = measure(family, n, rng, work)
        r = results[family]
        print(f"{family:<14} inputs {r['inputs']:>5}  exit0 {r['exit0']:>5}  exit2 {r['exit2']:>5}  "
              f"tracebacks {r['tracebacks']}  hangs>{HANG_S}s {r['hangs']}  accounting/output violations {r['violations']}  "
              f"slowest {r['slowest_s']} s  ({time.perf_counter() - started:.0f} s)", flush=True)
        for line in r["examples"]:
            print("    " + line, flush=True)
    total = {k: sum(r[k] for r in results.values()) for k in ("inputs", "tracebacks", "hangs", "violations")}
    print(f"total          inputs {total['inputs']}  tracebacks {total['tracebacks']}  hangs {total['hangs']}  "
          f"violations {total['violations']}")
    if args.json:
        args.json.write_text(json.dumps({"families": results, "total": total}, indent=1) + "\n")


if __name__ == "__main__":
    main()
