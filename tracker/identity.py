"""Aircraft identity in text: type (ICAO designator), registration, callsign.

Writers mix Latin and Cyrillic letters in codes ("РА-86559", "Іл-62М"). Only
code-shaped tokens are normalised; ordinary words are never touched.
"""
from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass

from tracker.paths import PACKAGE_DIR

# Letters that look alike in Latin and Cyrillic (visual), and how Russian/Ukrainian
# writers read a Cyrillic letter in a code (Р is "R" in РА-86559).
LOOKALIKE = {"А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "К": "K", "М": "M", "О": "O",
             "Р": "P", "Т": "T", "Х": "X", "У": "Y"}
READ_AS = {"Р": "R", "С": "S", "В": "V", "Н": "N", "У": "U"}

# Nationality prefixes seen on state and VIP aircraft in this field (grow as needed).
REGISTRATION_PREFIXES = frozenset({"RA", "RF", "EW", "UR", "UP", "UK", "EK", "4K", "EX", "EY", "EZ", "4L", "P",
                                   "B", "HL", "JA", "EP", "YK", "VQ", "VP", "YI", "ST", "TC", "UN", "9H"})

_CODE = r"[A-ZА-ЯІЇЄҐ0-9]"
_REG = re.compile(r"(?<![\w-])([A-ZАВСЕНІКМОРТХУ4-9]{1,2})[-‐‑–](\d{3,5}[A-Z]?)(?![\w-])")
_CALLSIGN = re.compile(r"(?<![\w-])([A-ZАВСЕНІКМОРТХУ]{3})(\d{1,4}[A-Z]{0,2})(?![\w-])")


@dataclass(frozen=True)
class Found:
    value: str
    start: int
    end: int


def _readings(prefix: str) -> set[str]:
    """Every Latin reading of a prefix typed with Cyrillic letters (visual or phonetic)."""
    out = {""}
    for ch in prefix:
        options = {LOOKALIKE.get(ch, ch), READ_AS.get(ch, LOOKALIKE.get(ch, ch))}
        out = {o + x for o in out for x in options}
    return out


def registrations(text: str) -> list[Found]:
    out = []
    for m in _REG.finditer(text):
        prefix = next((r for r in sorted(_readings(m.group(1))) if r in REGISTRATION_PREFIXES), None)
        if prefix:
            out.append(Found(f"{prefix}-{m.group(2)}", m.start(), m.end()))
    return out


def callsigns(text: str, exclude: list[Found] = ()) -> list[Found]:
    """ICAO-style callsigns (three letters + digits), not inside a type or registration."""
    taken = [(f.start, f.end) for f in exclude]
    out = []
    for m in _CALLSIGN.finditer(text):
        if any(s <= m.start() < e for s, e in taken):
            continue
        value = "".join(LOOKALIKE.get(ch, ch) for ch in m.group(1)) + m.group(2)
        if value.isascii():
            out.append(Found(value, m.start(), m.end()))
    return out


@functools.cache
def _type_pattern() -> tuple[re.Pattern, dict[str, str]]:
    with open(PACKAGE_DIR / "data" / "aircraft_types.csv", encoding="utf-8", newline="") as fh:
        rows = [(r["name"], r["designator"]) for r in csv.DictReader(fh)]
    by_key = {_key(name): code for name, code in rows}
    names = sorted({name for name, _ in rows}, key=len, reverse=True)
    alts = "|".join("".join(_char_class(ch) for ch in name) for name in names)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w])", re.IGNORECASE), by_key


def _char_class(ch: str) -> str:
    if ch in "- ":
        return r"[-‐‑–\s]?"
    twins = {ch.upper(), ch.lower()}
    for cyr, lat in LOOKALIKE.items():
        if ch.upper() in (cyr, lat):
            twins |= {cyr, lat, cyr.lower(), lat.lower()}
    return "[" + "".join(sorted(re.escape(t) for t in twins)) + "]" if len(twins) > 1 else re.escape(ch)


def _key(name: str) -> str:
    """Compare names with hyphens/spaces dropped and look-alikes folded to Latin."""
    folded = "".join(LOOKALIKE.get(ch, ch) for ch in name.upper())
    return re.sub(r"[-‐‑–\s]", "", folded)


def aircraft_types(text: str) -> list[Found]:
    pattern, by_key = _type_pattern()
    return [Found(by_key[_key(m.group())], m.start(), m.end()) for m in pattern.finditer(text)
            if _key(m.group()) in by_key]
