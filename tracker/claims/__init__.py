"""Stage 1 — articles (txt, html, URL) → `Claim` records.

`articles` reads and cleans pages, `extractor` finds claims sentence by sentence, with
`timeexpr` (times), `places` (gazetteer), `identity` (callsigns, registrations, types),
`morph` (lemmas) and per-language data in `lang/`.
"""
from __future__ import annotations

import pickle
from pathlib import Path

from tracker.model import Article, Claim


def _sources() -> list[Path]:
    """Every file extraction reads besides tracker's code: reference data, the airport table,
    the morphological dictionaries (their metadata names their version)."""
    import importlib.util

    from tracker import airports
    from tracker.paths import PACKAGE_DIR

    found = sorted(p for p in (PACKAGE_DIR / "data").rglob("*") if p.is_file())
    for package in ("pymorphy3", "pymorphy3_dicts_uk", "pymorphy3_dicts_ru"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin is not None:
            here = Path(spec.origin).parent
            found += [f for f in (here / "__init__.py", here / "data" / "meta.json") if f.is_file()]
    return found + airports.data_files()


def extract_all(docs: list[Article]) -> dict[str, list[Claim]]:
    """`extractor.extract` for every article, keyed by article id; the same articles read by
    the same code and data give the same claims, so they come from tracker's cache when an
    earlier run extracted exactly these (`tracker.cache`; the key covers every input)."""
    from tracker import cache

    def build() -> dict[str, list[Claim]]:
        from tracker.claims import extractor

        return {doc.id: extractor.extract(doc) for doc in docs}

    try:
        token = pickle.dumps(docs, protocol=5)
    except Exception:  # noqa: BLE001 — an article that cannot be pickled: extract without the cache
        return build()
    return cache.load_or_build("claims", build, _sources(), token=token)
