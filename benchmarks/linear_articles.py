"""Article reading is linear in the article's size (issue 10 item 3): ratios, not timed asserts.

For each shape of text — real prose (the seed articles repeated), the same prose as one line
without breaks, runs of punctuation (". . .", "!?!?", "...."), one long word, long runs of
spaces — the whole article path (`articles.load` + `extractor.extract`, as `tracker extract`
runs it) is timed at sizes from 10 KB to 5 MB (the article size cap). Reported: seconds, and
the growth exponent between
consecutive sizes (1.0 = linear, 2.0 = quadratic).

    python benchmarks/linear_articles.py                 # 10 KB … 5 MB, every shape (minutes)
    python benchmarks/linear_articles.py --max 640000    # a quicker look
    python benchmarks/linear_articles.py --shapes dots word
"""
from __future__ import annotations

import argparse
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = (10_000, 40_000, 160_000, 640_000, 2_500_000, 4_900_000)


def _prose() -> str:
    """The seed articles' lines, without datelines and clutter headings: repeated, they would
    otherwise be cut at the second copy's dateline (`strip_clutter`), and nothing would be timed."""
    from tracker.claims import articles
    from tracker.claims.lang import clutter_markers

    tail = clutter_markers()["tail"]
    lines = [ln for p in sorted((ROOT / "seeds").glob("*.txt")) for ln in p.read_text(encoding="utf-8").split("\n")]
    return "\n".join(ln for ln in lines if not articles._DATELINE.match(ln) and ln.strip().lower().rstrip(":") not in tail)


def shapes() -> dict:
    prose = _prose()
    flat = " ".join(prose.split())

    def fill(unit: str):
        return lambda n: (unit * (n // len(unit) + 1))[:n]

    return {
        "prose": fill(prose + "\n"),
        "one-line prose": fill(flat + " "),
        "dots": fill("."),
        "punctuation runs": fill("?!… . ! "),
        "one word": fill("а"),
        "spaces": lambda n: "Іл-62" + " " * (n - 10) + "прибув",
        "aircraft names": fill("Іл-62 RA-86559 "),
    }


def run_once(text: str, folder: Path, size: int = 10 ** 9) -> float:
    from tracker.claims import articles, extractor

    path = folder / "a.txt"
    path.write_bytes(text.encode("utf-8")[:size].decode("utf-8", "ignore").encode("utf-8"))  # sizes are bytes
    start = time.process_time()  # CPU time: other processes on a shared machine do not count
    for doc in articles.load([str(path)]):
        extractor.extract(doc)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--max", type=int, default=SIZES[-1], help="largest size in bytes (default 4.9 MB)")
    parser.add_argument("--shapes", nargs="*", help="only these shapes")
    args = parser.parse_args()
    sizes = [s for s in SIZES if s <= args.max]
    table = shapes()
    chosen = args.shapes or list(table)
    run_once("Іл-62 прибув до Пхеньяна 31 липня.", Path(tempfile.mkdtemp()))  # imports and data loading
    print(f"{'shape':<18}" + "".join(f"{s / 1000:>10.0f}KB" for s in sizes) + "   growth exponents (1 = linear)")
    with tempfile.TemporaryDirectory() as tmp:
        for name in chosen:
            make = table[name]
            times = []
            for size in sizes:
                times.append(max(run_once(make(size), Path(tmp), size), 1e-4))
            exps = [math.log(times[i + 1] / times[i]) / math.log(sizes[i + 1] / sizes[i]) for i in range(len(sizes) - 1)]
            print(f"{name:<18}" + "".join(f"{t:>11.2f}s" for t in times) + "   " + " ".join(f"{e:.2f}" for e in exps),
                  flush=True)


if __name__ == "__main__":
    main()
