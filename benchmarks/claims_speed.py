"""Throughput of reading and claim extraction (run on demand; not a test).

    python benchmarks/claims_speed.py [copies]

Builds one long article from the seed texts repeated `copies` times (default 120,
about 4.6 MB of mostly Cyrillic text, under the 5 MB article limit) and times load + extract, and peak memory.
"""
from __future__ import annotations

import sys
import tempfile
import time
import resource
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker.claims import articles  # noqa: E402
from tracker.claims import extractor as claims  # noqa: E402


def main(copies: int = 120) -> None:
    body = "\n\n".join(articles.load([str(p)])[0].text for p in sorted((ROOT / "seeds").glob("*.txt")))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text("\n\n".join([body] * copies), encoding="utf-8")
        size = path.stat().st_size
        t0 = time.perf_counter()
        doc = articles.load([str(path)], published=articles.dt.date(2023, 9, 28))[0]
        t1 = time.perf_counter()
        found = claims.extract(doc)
        t2 = time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        n_sent = len(articles.sentences(doc))
    print(f"article {size / 1e6:.2f} MB, {n_sent} sentences, {len(found)} claims")
    print(f"load {t1 - t0:.2f} s, extract {t2 - t1:.2f} s ({n_sent / (t2 - t1):.0f} sentences/s), "
          f"peak RSS {peak / 1e6:.0f} MB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 120)
