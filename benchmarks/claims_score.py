"""Field-level precision and recall of claim extraction against the hand labels.

    python benchmarks/claims_score.py [-v]

Three sets, scored separately: the five seeds (labels in tests/labels/), our own
test articles (tests/articles/), and the held-out ones (tests/articles/heldout/),
which were kept aside while the extractor was developed.
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

SETS = {
    "seeds": [(ROOT / "seeds" / p.name.replace(".labels.json", ".txt"), p)
              for p in sorted((ROOT / "tests" / "labels").glob("*.labels.json"))],
    "own": [(a, a.with_name(a.stem + ".labels.json")) for a in sorted((ROOT / "tests" / "articles").glob("*.*"))
            if a.suffix in (".txt", ".html")],
    "held-out": [(a, a.with_name(a.stem + ".labels.json"))
                 for a in sorted((ROOT / "tests" / "articles" / "heldout").glob("*.txt"))],
}


def run(pairs) -> tuple[Score, float]:
    total, t0 = Score(), time.perf_counter()
    for article_path, label_path in pairs:
        doc = articles.load([str(article_path)])[0]
        total.add(score_article(claims.extract(doc), load_labels(label_path)))
    return total, time.perf_counter() - t0


def fmt(x: float | None) -> str:
    return "   –" if x is None else f"{x:4.2f}"


def main(verbose: bool = False) -> None:
    results = {name: run(pairs) for name, pairs in SETS.items()}
    header = f"{'field':<14}" + "".join(f"{name + ' P':>11}{name + ' R':>11}" for name in results)
    print(header)
    for f in LABEL_FIELDS:
        row = f"{f:<14}"
        for score, _ in results.values():
            row += f"{fmt(score.precision(f)):>11}{fmt(score.recall(f)):>11}"
        print(row)
    all_fields = LABEL_FIELDS[1:]
    print()
    for name, (score, secs) in results.items():
        tp = sum(score.tp[f] for f in all_fields); fp = sum(score.fp[f] for f in all_fields)
        fn = sum(score.fn[f] for f in all_fields)
        p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
        print(f"{name:<9} articles {len(SETS[name]):2d}  claims {score.tp['claim'] + score.fn['claim']:2d}  "
              f"fields micro P {p:.2f} R {r:.2f}  ({secs:.2f} s)")
        if verbose:
            for m in score.misses:
                print(f"    {m}")


if __name__ == "__main__":
    main(verbose="-v" in sys.argv)
