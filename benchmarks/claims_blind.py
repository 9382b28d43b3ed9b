"""First-pass score of claim extraction on one blind batch (labels v2, tests/articles/LABELS.md).

    python benchmarks/claims_blind.py tests/articles/blind/b1 [-v]

A batch is written and labelled by someone who has not read the extractor, and its labels
are committed before this is first run; the first run's numbers are the ones that count
(benchmarks/README.md keeps them). Run on demand; no test asserts these numbers.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from tracker.claims import articles  # noqa: E402
from tracker.claims import extractor  # noqa: E402
from support.claims_eval import LABEL_FIELDS, Score, load_labels, score_article  # noqa: E402


def fmt(x: float | None) -> str:
    return "   –" if x is None else f"{x:4.2f}"


def main(batch: Path, verbose: bool = False) -> None:
    pairs = [(a, a.with_name(a.stem + ".labels.json")) for a in sorted(batch.glob("*.*"))
             if a.suffix in (".txt", ".html")]
    score(pairs, LABEL_FIELDS, batch.name, verbose)


def score(pairs: list[tuple[Path, Path]], fields_: tuple[str, ...], name: str, verbose: bool = False) -> None:
    """Score articles against their labels on `fields_` and print the per-field table and micro P/R/F1."""
    total, t0 = Score(), time.perf_counter()
    for article_path, label_path in pairs:
        doc = articles.load([str(article_path)])[0]
        s = score_article(extractor.extract(doc), load_labels(label_path), fields_)
        total.add(s)
        if verbose:
            print(f"== {article_path.name}: claims {s.tp['claim']}/{s.tp['claim'] + s.fn['claim']} found, "
                  f"{s.fp['claim']} unexpected")
            for m in s.misses:
                print(f"    {m}")
    secs = time.perf_counter() - t0
    print(f"{'field':<14}{'P':>6}{'R':>6}{'tp':>5}{'fp':>5}{'fn':>5}")
    for f in fields_:
        print(f"{f:<14}{fmt(total.precision(f)):>6}{fmt(total.recall(f)):>6}"
              f"{total.tp[f]:>5}{total.fp[f]:>5}{total.fn[f]:>5}")
    fields = fields_[1:]
    tp = sum(total.tp[f] for f in fields)
    fp = sum(total.fp[f] for f in fields)
    fn = sum(total.fn[f] for f in fields)
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f1 = 2 * p * r / (p + r) if p + r else 0
    print(f"\n{name}  articles {len(pairs)}  claims found {total.tp['claim']}/{total.tp['claim'] + total.fn['claim']}"
          f"  unexpected {total.fp['claim']}  fields micro P {p:.2f} R {r:.2f} F1 {f1:.2f}  ({secs:.2f} s)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    main(Path(args[0]), verbose="-v" in sys.argv)
