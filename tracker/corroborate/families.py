"""Type families: which ICAO designators are variants of one aircraft ("a Boeing 737" → B731…B39M).

The generated aircraft-type table (`tracker/data/aircraft_types.csv`) carries the family of
each designator in a `family` column once it is regenerated with one; until then, and for
designators it does not list, the family follows the ICAO Doc 8643 naming pattern of the big
airliner families below (the designator scheme itself: `B73x`/`B3xM` are 737s, `A31x`/`A32x`
and their `…N` neo codes are A320s, …). A designator no pattern knows has no family, and a
type check on it never contradicts a family-level claim.
"""
from __future__ import annotations

import csv
import functools
import re

from tracker.paths import PACKAGE_DIR

# family designator → the Doc 8643 designator pattern of its variants
PATTERNS: dict[str, str] = {
    "B737": r"B73[1-9]|B3[7-9XM]M|B37M|BBJ[1-3]?|E737|P8",
    "B747": r"B74[1-8RS]|BLCF",
    "B757": r"B75[23]",
    "B767": r"B76[1-4]|E767|K767",
    "B777": r"B77[2-9LW]|B77F",
    "B787": r"B78[89X]",
    "A320": r"A318|A319|A320|A321|A19N|A20N|A21N",
    "A330": r"A33[0-9]|A3ST|MRTT",
    "A340": r"A34[0-6]",
    "A350": r"A35[0-9K]",
    "A380": r"A38[0-9]",
    "IL62": r"IL62",
    "IL76": r"IL76|IL78|A50",
    "IL96": r"IL96|I96[0-9]?",
    "T204": r"T204|T214|T20[0-9]",
    "T154": r"T154",
    "T134": r"T134",
    "SU95": r"SU95",
    "E170": r"E170|E75[LS]|E175",
    "E190": r"E190|E195|E290|E295",
    "CRJ": r"CRJ[1-9X]",
    "GLF": r"GLF[2-6]|GA[5-8]C",  # Gulfstream G-II … G650 and the G500–G800 (GA5C …)
    "GLEX": r"GL5T|GLEX|GL7T|GL8T",  # Bombardier Global 5000 … 8000: another maker, not a Gulfstream
}
_COMPILED = {family: re.compile(f"(?:{pattern})") for family, pattern in PATTERNS.items()}


@functools.cache
def _table() -> dict[str, str]:
    """designator → family from the generated type table, when it has a `family` column."""
    try:
        with open(PACKAGE_DIR / "data" / "aircraft_types.csv", encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except OSError:
        return {}
    return {r["designator"].upper(): r["family"].upper() for r in rows if r.get("family") and r.get("designator")}


def family(designator: str | None) -> str | None:
    """The family a designator belongs to (itself when it names a family), or None."""
    if not designator:
        return None
    code = designator.strip().upper()
    if code in _table():
        return _table()[code]
    if code in PATTERNS:
        return code
    return next((fam for fam, rx in _COMPILED.items() if rx.fullmatch(code)), None)


def members(family_code: str, designators: set[str]) -> set[str]:
    """Which of `designators` are variants of `family_code`."""
    return {d for d in designators if family(d) == family_code}
