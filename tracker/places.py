"""Place names in text → `Place` (the words as written, candidate airports, country).

Aliases are lemma phrases in each language's table (tracker.lang); what a place key
means (a city's airports, or a whole country) lives in tracker/data/places.csv.
"""
from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from tracker import airports
from tracker.paths import PACKAGE_DIR
from tracker.model import Place


@dataclass(frozen=True)
class PlaceInfo:
    key: str
    kind: str  # city | airport | country
    name: str
    airports: tuple[str, ...]
    country: str


@functools.cache
def table() -> dict[str, PlaceInfo]:
    out: dict[str, PlaceInfo] = {}
    with open(PACKAGE_DIR / "data" / "places.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            extra = {c for c in (row["extra_airports"] or "").split() if airports.get(c)}
            if row["kind"] == "city":
                codes = set(airports.in_city(row["city"], row["country"])) | extra
            elif row["kind"] == "airport":
                codes = extra
            else:
                codes = set(airports.in_country(row["country"]))
            out[row["key"]] = PlaceInfo(row["key"], row["kind"], row["name"], tuple(sorted(codes)), row["country"])
    return out


def place(key: str, text: str) -> Place:
    """The Place for a known key, keeping `text` exactly as the article wrote it."""
    info = table()[key]
    return Place(text=text, airports=list(info.airports), country=info.country)


@functools.cache
def _by_city() -> dict[str, list[str]]:
    index: dict[str, list[str]] = {}
    for a in airports.all_airports().values():
        if a.city:
            index.setdefault(a.city.lower(), []).append(a.icao)
    return index


def by_city_name(name: str, text: str) -> Place | None:
    """A city the alias tables do not list, found by its (transliterated) name in
    airportsdata. Several countries with that city name → no country, all candidates."""
    codes = _by_city().get(name.lower())
    if not codes:
        return None
    with_iata = [c for c in codes if airports.get(c).iata]
    codes = sorted(with_iata or codes)
    countries = {airports.get(c).country for c in codes}
    return Place(text=text, airports=codes, country=countries.pop() if len(countries) == 1 else None)


def zones(p: Place | None) -> list[str]:
    """IANA zones where an event at `p` could happen (a country may span several)."""
    if p is None:
        return []
    return list(_zones_of(tuple(p.airports)))


@functools.lru_cache(maxsize=1024)
def _zones_of(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({a.tz for a in map(airports.get, codes) if a is not None and a.tz}))
