"""Place names in text → `Place` (the words as written, candidate airports, country).

Aliases are lemma phrases in each language's table (tracker.claims.lang); what a place key
means (a city's airports, or a whole country) lives in tracker/data/places.csv.
"""
from __future__ import annotations

import csv
import functools
import re
import unicodedata
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


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Lower case without diacritics or hyphens: "Zürich" = "zurich", "Stockholm-Arlanda" = "stockholm arlanda"."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[-‐‑–.']", " ", plain.lower()).split())


_AIRPORT_WORDS = re.compile(r"\b(?:international|intl|airport|aerodrome|airfield|air base|airbase|regional)\b")


@functools.cache
def _by_city() -> dict[str, list[str]]:
    """airportsdata city → airports; "Arnavutköy, Istanbul" is listed under both names."""
    index: dict[str, list[str]] = {}
    for a in airports.all_airports().values():
        for part in a.city.split(","):
            if part.strip():
                index.setdefault(name_key(part), []).append(a.icao)
    return index


@functools.cache
def _by_airport_name() -> dict[str, list[str]]:
    """Airport names without "International Airport": "Oslo Gardermoen", "Stockholm Arlanda"."""
    index: dict[str, list[str]] = {}
    for a in airports.all_airports().values():
        if a.iata:  # only airports with scheduled-service codes: names of strips are too often words
            name = " ".join(_AIRPORT_WORDS.sub(" ", name_key(a.name)).split())
            if name:
                index.setdefault(name, []).append(a.icao)
    return index


@functools.cache
def _by_code() -> dict[str, str]:
    """IATA and ICAO codes → ICAO."""
    out = {a.iata: a.icao for a in airports.all_airports().values() if a.iata}
    out.update({code: code for code in airports.all_airports()})
    return out


def by_code(code: str) -> str | None:
    """The airport an IATA ("OSL") or ICAO ("ENGM") code written in the text names."""
    return _by_code().get(code.upper())


def by_airport_name(name: str, text: str) -> Place | None:
    codes = _by_airport_name().get(name_key(name))
    return _place_of(sorted(codes), text) if codes else None


def by_city_name(name: str, text: str) -> Place | None:
    """A city the alias tables do not list, found by its (transliterated) name in
    airportsdata. Several countries with that city name → no country, all candidates."""
    codes = _by_city().get(name_key(name))
    if not codes:
        return None
    with_iata = [c for c in codes if airports.get(c).iata]
    return _place_of(sorted(with_iata or codes), text)


def served(p: Place) -> bool:
    """Has any candidate airport an IATA code (airline service), not only private strips?"""
    return any((a := airports.get(c)) is not None and a.iata for c in p.airports)


def _place_of(codes: list[str], text: str) -> Place:
    countries = {airports.get(c).country for c in codes}
    return Place(text=text, airports=codes, country=countries.pop() if len(countries) == 1 else None)


def with_airport(p: Place, icao: str) -> Place:
    """`p` narrowed to one airport (a code the text gives); its country comes with it."""
    return Place(p.text, [icao], airports.get(icao).country)


def zones(p: Place | None) -> list[str]:
    """IANA zones where an event at `p` could happen (a country may span several)."""
    if p is None:
        return []
    return list(_zones_of(tuple(p.airports)))


@functools.lru_cache(maxsize=1024)
def _zones_of(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({a.tz for a in map(airports.get, codes) if a is not None and a.tz}))
