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

_CODE_CHARS = "A-Z0-9АВСЕНІКМОРТХУ"
_REG = re.compile(rf"(?<![\w-])([{_CODE_CHARS}]{{1,4}})[-‐‑–]([{_CODE_CHARS}]{{2,6}})(?![\w-]|[.,]\d)")
# Prefixes whose registrations are usually written without a hyphen (N899DN, HL7629, JA01XJ).
NO_HYPHEN = ("N", "HL", "JA")
_REG_BARE = re.compile(rf"(?<![\w-])({'|'.join(NO_HYPHEN)})([0-9][A-Z0-9]{{2,4}})(?![\w-])")
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


@functools.cache
def registration_formats() -> dict[str, re.Pattern]:
    """ICAO nationality prefix → the shape of what follows it (tracker/data/registration_prefixes.csv).

    The shape is what keeps code-like words out: "C-40C" is not Canadian (C-F/G/I + 3
    letters), "B-52" not Chinese (B- + 4 digits), "SU-95" not Egyptian (SU- + letters)."""
    shapes: dict[str, list[str]] = {}
    with open(PACKAGE_DIR / "data" / "registration_prefixes.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            shapes.setdefault(row["prefix"], []).append(f"(?:{row['suffix']})")
    return {prefix: re.compile("|".join(alts)) for prefix, alts in shapes.items()}


def registrations(text: str) -> list[Found]:
    """Registrations by prefix and suffix shape; Cyrillic look-alikes read as Latin (РА-86559)."""
    formats = registration_formats()
    out = []
    for m in _REG.finditer(text):
        suffix = "".join(LOOKALIKE.get(ch, ch) for ch in m.group(2))
        prefix = next((r for r in sorted(_readings(m.group(1)))
                       if r in formats and formats[r].fullmatch(suffix)), None)
        if prefix:
            out.append(Found(f"{prefix}-{suffix}", m.start(), m.end()))
    for m in _REG_BARE.finditer(text):
        if formats[m.group(1)].fullmatch(m.group(2)):
            out.append(Found(m.group(1) + m.group(2), m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)


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


# A maker's name may stand before any model in the table ("Boeing 737-800", "Airbus A340-300").
MAKERS = ("Boeing", "Боинг", "Боїнг", "Airbus", "Аэробус", "Ейрбас", "Эйрбас", "Embraer", "Ембраер", "Эмбраер",
          "Bombardier", "Gulfstream", "Dassault", "Lockheed", "Lockheed Martin", "Ilyushin", "Tupolev", "Antonov",
          "Sukhoi", "Сухой", "Сухий")


@functools.cache
def _type_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """Longest name first, so the variant wins over its family ("737-800" before "737").

    A row with no designator names a family too vague to check ("Boeing 777"): it is
    matched, so that no shorter name inside it is taken, and gives no type."""
    with open(PACKAGE_DIR / "data" / "aircraft_types.csv", encoding="utf-8", newline="") as fh:
        rows = [(r["name"], r["designator"] or "") for r in csv.DictReader(fh)]
    by_key = {_key(name): code for name, code in rows}
    names = sorted({name for name, _ in rows}, key=len, reverse=True)
    alts = "|".join(_name_pattern(name) for name in names)
    makers = "|".join(_name_pattern(m) for m in sorted(MAKERS, key=len, reverse=True))
    # (?=\w): every name starts with a letter or digit, so the thousands of alternatives are
    # tried only where one could start — not at each dot of a 5 MB run of dots
    return re.compile(rf"(?<![\w-])(?=\w)(?:(?:{makers})\s+)?(?P<model>{alts})(?![\w]|-\d)", re.IGNORECASE), by_key


def _name_pattern(name: str) -> str:
    """A hyphen or space may be left out ("Іл 62М", "SSJ100"), except between two digits:
    "737-8" is a MAX 8, "7378" a number."""
    out = []
    for i, ch in enumerate(name):
        if ch in "- ":
            between_digits = 0 < i < len(name) - 1 and name[i - 1].isdigit() and name[i + 1].isdigit()
            out.append(r"[-‐‑–\s]" if between_digits else r"[-‐‑–\s]?")
        else:
            out.append(_char_class(ch))
    return "".join(out)


def _char_class(ch: str) -> str:
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
    return [Found(by_key[_key(m.group("model"))], m.start(), m.end()) for m in pattern.finditer(text)
            if by_key.get(_key(m.group("model")))]
