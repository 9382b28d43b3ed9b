"""Which state an aircraft belongs to by its marks: registration prefix and ICAO address block.

Both tables are reference data in tracker/data/ with their sources beside them:
`registration_prefixes.csv` (ICAO nationality marks) and `icao_address_blocks.csv`
(Annex 10 allocations, see icao_address_blocks.SOURCE.md).
"""
from __future__ import annotations

import csv
import functools
import re

from tracker.paths import PACKAGE_DIR

BARE = ("N", "HL", "JA")  # written without a hyphen (N899DN)


@functools.cache
def _prefixes() -> list[tuple[str, str, re.Pattern]]:
    """(prefix, country, suffix shape): one prefix may serve several states ("B-" is CN, TW, HK, MO
    by the shape of what follows)."""
    with open(PACKAGE_DIR / "data" / "registration_prefixes.csv", encoding="utf-8", newline="") as fh:
        return [(r["prefix"], r["country"], re.compile(r["suffix"])) for r in csv.DictReader(fh)]


def registration_in_callsign(callsign: str | None) -> str | None:
    """The registration a callsign spells ("VPCAL" → VP-CAL, "DCARO" → D-CARO, "N10XG"): aircraft with no
    flight number broadcast their registration (ICAO Annex 10). None unless exactly one prefix and its
    suffix shape fit, so airline callsigns ("SWR5220", "DLH4TR", "RFF7203") stay callsigns."""
    if not callsign:
        return None
    text = callsign.strip().upper()
    found = {f"{prefix}{'' if prefix in BARE else '-'}{text[len(prefix):]}" for prefix, _, suffix in _prefixes()
             if text.startswith(prefix) and suffix.fullmatch(text[len(prefix):])}
    return found.pop() if len(found) == 1 else None


def of_registration(registration: str | None) -> str | None:
    """ISO alpha-2 of a registration's nationality mark (`RA-86559` → RU, `B-HLA` → HK), or None
    when no prefix fits or the fitting ones disagree."""
    if not registration:
        return None
    text = registration.strip().upper()
    found = set()
    for prefix, country, suffix in _prefixes():
        if not text.startswith(prefix):
            continue
        rest = text[len(prefix):]
        if rest.startswith("-"):
            rest = rest[1:]
        elif prefix not in BARE:
            continue
        if suffix.fullmatch(rest):
            found.add(country)
    return found.pop() if len(found) == 1 else None


@functools.cache
def _blocks() -> list[tuple[int, int, str]]:
    with open(PACKAGE_DIR / "data" / "icao_address_blocks.csv", encoding="utf-8", newline="") as fh:
        return [(int(r["start"], 16), int(r["end"], 16), r["country"]) for r in csv.DictReader(fh)]


def of_icao24(icao24: str | None) -> str | None:
    """ISO alpha-2 of the state whose address block holds `icao24` (narrowest block), or None."""
    try:
        address = int(str(icao24).strip(), 16)
    except (TypeError, ValueError):
        return None
    for start, end, country in _blocks():  # narrowest first: ~200 rows, no index needed
        if start <= address <= end:
            return country
    return None


__all__ = ["of_icao24", "of_registration"]
