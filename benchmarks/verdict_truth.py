"""Verdict truth: wrong verdicts on articles labelled blind (tests/articles/verdict/<batch>/).

    python benchmarks/verdict_truth.py [batch] [-v]        (batch defaults to every one)

Each `NAME.labels.json` there names its recordings (`"adsb": [...]`, relative to the
repository) and labels each claim `truth`: true (the data bears it out), false (the data
refutes it) or uncovered (the data holds no such event). The article is extracted and
corroborated against those recordings; each labelled claim is paired with the extracted
claims whose span overlaps its span (or whose quote contains it), except those naming another
aircraft (registration or callsign) than the label's. The wrong verdicts are:

- false supported: `supported` on a claim labelled false;
- false contradicted: `contradicted` on a claim labelled true;
- a verdict (supported/contradicted) on an uncovered claim.

A labelled claim with several extracted claims over its sentence counts each; one with none
counts as "not extracted". Run on demand; no test asserts these numbers.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tracker import adsb  # noqa: E402
from tracker.claims import articles, extractor  # noqa: E402
from tracker.corroborate import corroborate  # noqa: E402
from tracker.flights import segment  # noqa: E402
from tracker.model import OUTCOMES  # noqa: E402

VERDICT_DIR = ROOT / "tests" / "articles" / "verdict"
TRUTHS = ("true", "false", "uncovered")


def _article_for(labels_path: Path, labels: dict) -> Path:
    named = labels.get("article")
    if named and (labels_path.parent / named).exists():
        return labels_path.parent / named
    stem = labels_path.name[: -len(".labels.json")]
    for suffix in (".txt", ".html", ".htm"):
        if (labels_path.parent / (stem + suffix)).exists():
            return labels_path.parent / (stem + suffix)
    raise SystemExit(f"{labels_path}: no article beside it")


_RECORDINGS: dict[tuple[str, ...], tuple] = {}


def _recordings(paths: list[str]):
    """Read and segment each distinct set of recordings once."""
    key = tuple(paths)
    if key not in _RECORDINGS:
        from tracker.inputs import expand

        files = expand([str(ROOT / p) for p in paths], what="ADS-B files")
        table, _ = adsb.read(files)
        _RECORDINGS[key] = (table, segment.detect(table))
    return _RECORDINGS[key]


def _overlaps(label: dict, claim, raw_spans: bool = False) -> bool:
    """`raw_spans`: the label's span counts characters of the raw HTML file, the claim's of the text
    taken from it, so only the quote can pair them."""
    span = None if raw_spans else label.get("span")
    if span and claim.span:
        return span[0] < claim.span[1] and claim.span[0] < span[1]
    quote = (label.get("quote") or "").strip()
    return bool(quote) and (quote in claim.quote or claim.quote in quote)


def _names(label: dict, claim) -> bool | None:
    """Does the extracted claim name the labelled aircraft? None when they share no identity
    field to compare (registration, callsign)."""
    pairs = [(label.get("registration"), claim.registration), (label.get("callsign"), claim.callsign)]
    known = [(a, b) for a, b in pairs if a and b]
    if not known:
        return None
    return any(str(a).replace("-", "").upper() == str(b).replace("-", "").upper() for a, b in known)


def _paired(label: dict, claims: list, raw_spans: bool = False) -> list[int]:
    """Indexes of the extracted claims over the labelled claim's sentence; in a sentence about
    several aircraft, an extracted claim naming another aircraft than the label's is not its pair
    (v4's first pass paired "RA-86999 stayed ten hours, and RA-86559 almost two days" crosswise)."""
    over = [i for i, c in enumerate(claims) if _overlaps(label, c, raw_spans)]
    return [i for i in over if _names(label, claims[i]) is not False]


def score_file(labels_path: Path, verbose: bool) -> tuple[Counter, list[str]]:
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    article = _article_for(labels_path, labels)
    doc = articles.load([str(article)])[0]
    raw_spans = article.suffix in (".html", ".htm")
    claims = extractor.extract(doc)
    table, result = _recordings(labels.get("adsb") or ["fixtures/adsb"])
    verdicts = corroborate(claims, result, table)
    counts: Counter = Counter()
    wrong: list[str] = []
    used: set[int] = set()
    for n, label in enumerate(labels["claims"]):
        truth = str(label.get("truth", "")).lower()
        if truth not in TRUTHS:
            counts["unlabelled truth"] += 1
            continue
        pairs = _paired(label, claims, raw_spans)
        mine = [verdicts[i] for i in pairs]
        if not mine:
            counts[(truth, "not extracted")] += 1
            continue
        used.update(id(claims[i]) for i in pairs)
        for v in mine:
            counts[(truth, v.outcome)] += 1
            bad = ((truth == "false" and v.outcome == "supported") or (truth == "true" and v.outcome == "contradicted")
                   or (truth == "uncovered" and v.outcome in ("supported", "contradicted")))
            if bad:
                wrong.append(f"{labels_path.name} claim {n + 1} ({truth} → {v.outcome}): {label.get('quote', '')[:100]!r}"
                             f"\n      why: {v.reason}")
            elif verbose:
                print(f"  ok {labels_path.name} claim {n + 1} ({truth} → {v.outcome})")
    counts["unlabelled verdicts"] += sum(1 for c, v in zip(claims, verdicts)
                                         if id(c) not in used and v.outcome in ("supported", "contradicted"))
    return counts, wrong


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    batches = [a for a in argv if not a.startswith("-")]
    dirs = [VERDICT_DIR / b for b in batches] if batches else sorted(p for p in VERDICT_DIR.iterdir() if p.is_dir())
    total: Counter = Counter()
    wrong: list[str] = []
    for d in dirs:
        for labels_path in sorted(d.glob("*.labels.json")):
            counts, bad = score_file(labels_path, verbose)
            total.update(counts)
            wrong.extend(bad)
    false_supported = total[("false", "supported")]
    false_contradicted = total[("true", "contradicted")]
    uncovered = total[("uncovered", "supported")] + total[("uncovered", "contradicted")]
    print(f"batches: {', '.join(d.name for d in dirs)}")
    print(f"false supported:              {false_supported}")
    print(f"false contradicted:           {false_contradicted}")
    print(f"verdicts on uncovered claims: {uncovered} "
          f"(supported {total[('uncovered', 'supported')]}, contradicted {total[('uncovered', 'contradicted')]})")
    print(f"supported/contradicted on extracted claims no label covers: {total['unlabelled verdicts']}")
    columns = (*OUTCOMES, "not extracted")
    print(f"\n{'truth':<11}" + "".join(f"{c:>15}" for c in columns))
    for truth in TRUTHS:
        print(f"{truth:<11}" + "".join(f"{total[(truth, c)]:>15}" for c in columns))
    if wrong:
        print("\nwrong verdicts:")
        for line in wrong:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
