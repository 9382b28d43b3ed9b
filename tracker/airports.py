"""Airports: the one place that loads airportsdata and answers questions about airports."""
from __future__ import annotations

import functools
from dataclasses import dataclass

import airportsdata


@dataclass(frozen=True)
class Airport:
    icao: str
    iata: str | None
    name: str
    city: str
    country: str  # ISO 3166 alpha-2
    lat: float
    lon: float
    tz: str  # IANA zone, for converting local times the text gives
    elevation_ft: float | None = None


@functools.cache
def _all() -> dict[str, Airport]:
    return {
        code: Airport(
            icao=code, iata=row.get("iata") or None, name=row["name"], city=row.get("city") or "",
            country=row["country"], lat=float(row["lat"]), lon=float(row["lon"]), tz=row["tz"],
            elevation_ft=row.get("elevation"),
        )
        for code, row in airportsdata.load("ICAO").items()
    }


def all_airports() -> dict[str, Airport]:
    return _all()


def get(icao: str | None) -> Airport | None:
    return _all().get(icao.upper()) if icao else None


def in_city(city: str, country: str) -> list[str]:
    """ICAO codes whose airportsdata city is `city` in `country` (Moscow, RU ≠ Moscow, ID)."""
    return sorted(a.icao for a in _all().values() if a.city == city and a.country == country)


def in_country(country: str) -> list[str]:
    return sorted(a.icao for a in _all().values() if a.country == country)
