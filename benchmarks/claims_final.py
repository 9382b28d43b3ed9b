"""First-pass score of claim extraction on the final blind set (tests/articles/final/).

    python benchmarks/claims_final.py [-v]

The scoring of `claims_blind.py`, on the six articles written and labelled blind for the
final evaluation, with the v1 label fields they carry. Run on demand; no test asserts these
numbers.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from claims_blind import score  # noqa: E402
from support.claims_eval import V1_LABEL_FIELDS  # noqa: E402

PAIRS = [(a, a.with_name(a.stem + ".labels.json"))
         for a in sorted((ROOT / "tests" / "articles" / "final").glob("*.txt"))]


if __name__ == "__main__":
    score(PAIRS, V1_LABEL_FIELDS, "final", verbose="-v" in sys.argv)
