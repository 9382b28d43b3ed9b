"""First-pass score of claim extraction on the final blind set (tests/articles/final/).

    python benchmarks/claims_final.py [-v]

The same scoring loop as `claims_score.py`, restricted to the six articles written and
labelled blind for the final evaluation. Run on demand; no test asserts these numbers.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.claims import articles  # noqa: E402
from tracker.claims import extractor as claims  # noqa: E402
sys.path.insert(0, str(ROOT / "tests"))
from support.claims_eval import LABEL_FIELDS, Score, load_labels, score_article  # noqa: E402

PAIRS = [(a, a.with_name(a.stem + ".labels.json"))
         for a in sorted((ROOT / "tests" / "articles" / "final").glob("*.txt"))]


def fmt(x: float | None) -> str:
    return "   –" if x is None else f"{x:4.2f}"


def main(verbose: bool = False) -> None:
    total, t0 = Score(), time.perf_counter()
    for article_path, label_path in PAIRS:
        doc = articles.load([str(article_path)])[0]
        s = score_article(claims.extract(doc), load_labels(label_path))
        total.add(s)
        if verbose:
            print(f"== {article_path.name}: claims {s.tp['claim']}/{s.tp['claim'] + s.fn['claim']} found, "
                  f"{s.fp['claim']} unexpected")
            for m in s.misses:
                print(f"    {m}")
    secs = time.perf_counter() - t0
    print(f"{'field':<14}{'P':>6}{'R':>6}{'tp':>5}{'fp':>5}{'fn':>5}")
    for f in LABEL_FIELDS:
        print(f"{f:<14}{fmt(total.precision(f)):>6}{fmt(total.recall(f)):>6}"
              f"{total.tp[f]:>5}{total.fp[f]:>5}{total.fn[f]:>5}")
    fields = LABEL_FIELDS[1:]
    tp = sum(total.tp[f] for f in fields); fp = sum(total.fp[f] for f in fields)
    fn = sum(total.fn[f] for f in fields)
    p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
    print(f"\nfinal  articles {len(PAIRS)}  claims found {total.tp['claim']}/{total.tp['claim'] + total.fn['claim']}"
          f"  unexpected {total.fp['claim']}  fields micro P {p:.2f} R {r:.2f}  ({secs:.2f} s)")


if __name__ == "__main__":
    main(verbose="-v" in sys.argv)
