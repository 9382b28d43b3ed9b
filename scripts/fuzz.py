"""Coverage-guided fuzzing of the readers and the article path with atheris (on demand, minutes).

    pip install -e '.[fuzz]'
    python scripts/fuzz.py readsb --seconds 120        # one reader family
    python scripts/fuzz.py all --seconds 600           # every family, the time shared
    python scripts/fuzz.py articles --seconds 120

Each input goes through the same judge as the property tests (tests/fuzz_harness.py): exit 0
or 2, no other exception, `rows_read == kept + rejected`, no control character printed. An
input that fails is written to tests/fuzz_regressions/<family>/<sha1>.bin (articles: .txt),
where `tests/test_fuzz_regressions` replays it for good, and the run goes on. The corpus
starts from the real samples in fixtures/ (the families of `fuzz_harness.SEEDS`).

atheris instruments the tracker package only (pandas/pyarrow are C and stay fast); each
family runs in its own child process so one family's time limit cannot starve the next.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
REGRESSIONS = ROOT / "tests" / "fuzz_regressions"


def _save(family: str, data: bytes, why: str) -> Path:
    folder = REGRESSIONS / family
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (hashlib.sha1(data).hexdigest()[:16] + (".txt" if family == "articles" else ".bin"))
    if not path.exists():
        path.write_bytes(data)
        print(f"fuzz: {family}: {why} → {path.relative_to(ROOT)}", file=sys.stderr, flush=True)
    return path


def _child(family: str, seconds: int) -> None:
    import atheris

    with atheris.instrument_imports(include=["tracker"]):
        import fuzz_harness as fh
        from tracker import adsb  # noqa: F401 - instrumented import
        from tracker.claims import articles, extractor  # noqa: F401

    work = Path(tempfile.mkdtemp(prefix="tracker-atheris-"))
    corpus = work / "corpus"
    corpus.mkdir()
    if family == "articles":
        for p in sorted((ROOT / "seeds").glob("*.txt")):
            (corpus / p.name).write_bytes(p.read_bytes())
    else:
        for i, data in enumerate(fh.seed_bytes(family, work)):
            (corpus / f"seed{i}").write_bytes(data)

    target = work / ("a.txt" if family == "articles" else "input.bin")
    judge = fh.run_article if family == "articles" else fh.run_reader

    def one(data: bytes) -> None:
        target.write_bytes(data)
        outcome = judge(target)
        if outcome.crashed or outcome.violations:
            _save(family, data, outcome.error or "; ".join(outcome.violations))

    atheris.Setup([sys.argv[0], str(corpus), f"-max_total_time={seconds}", "-rss_limit_mb=4096",
                   "-max_len=200000", "-timeout=30", f"-artifact_prefix={work}/"], one)
    atheris.Fuzz()


def main() -> None:
    import fuzz_harness as fh

    families = list(fh.SEEDS) + ["articles"]
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("family", choices=families + ["all"])
    parser.add_argument("--seconds", type=int, default=120, help="total fuzzing time (shared among families for 'all')")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.family, args.seconds)
        return
    chosen = families if args.family == "all" else [args.family]
    each = max(10, args.seconds // len(chosen))
    before = {p for p in REGRESSIONS.rglob("*") if p.is_file()} if REGRESSIONS.exists() else set()
    for family in chosen:
        print(f"fuzz: {family} for {each} s", file=sys.stderr, flush=True)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
        # libFuzzer exits non-zero when its own timeout/oom trips: the input is in the work folder, reported
        code = subprocess.call([sys.executable, __file__, family, "--seconds", str(each), "--child"], env=env,
                               stdout=subprocess.DEVNULL)
        if code not in (0,):
            print(f"fuzz: {family}: libFuzzer stopped with exit {code} (timeout/oom input in its work folder)",
                  file=sys.stderr)
    after = {p for p in REGRESSIONS.rglob("*") if p.is_file()} if REGRESSIONS.exists() else set()
    new = sorted(after - before)
    print(f"fuzz: {len(new)} new regression file(s)" + "".join(f"\n  {p.relative_to(ROOT)}" for p in new))


if __name__ == "__main__":
    main()
