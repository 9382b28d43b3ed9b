"""Airports: the one place that loads airportsdata and answers questions about airports."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import airportsdata
import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from tracker import paths
from tracker.geo import EARTH_KM, bearing_deg, haversine_km  # noqa: F401  (airports.haversine_km: the old name)
from tracker.model import AirportRef


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


# --------------------------------------------------------------------------- nearest airport
#
# airportsdata has no airport type. tracker/data/airport_types.csv carries OurAirports'
# type and scheduled-service flag for the airportsdata codes it can match (see
# scripts/airport_types.py). A field's suitability becomes a cost: distance × factor +
# penalty, so a scheduled airport 37 km away beats an unscheduled field 30 km away
# (Spokane International vs Felts Field), while a strip the aircraft was seen standing
# on still wins. Heliports, closed fields and balloon ports are used only when nothing
# else lies within the radius.

LAST_RESORT = 1.0e6  # added to the cost of heliports and closed fields
_SUITABILITY: dict[str, tuple[float, float]] = {  # kind → (distance factor, penalty km)
    "scheduled": (1.0, 0.0),
    "large_airport": (1.0, 0.0),
    "medium_airport": (1.3, 2.0),
    "small_airport": (2.5, 5.0),
    "unknown": (2.5, 5.0),  # mostly private strips OurAirports lists under another code
    "seaplane_base": (3.0, 10.0),
}
_UNSUITABLE = {"heliport", "closed", "balloonport"}
_UNSUITABLE_NAME = re.compile(r"\b(heliport|helipad|helistop|closed|abandoned)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Index:
    icao: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    elevation_ft: np.ndarray
    factor: np.ndarray
    penalty: np.ndarray
    tree: cKDTree  # every airport
    major: np.ndarray  # positions (into the arrays above) of large/medium/scheduled airports
    major_tree: cKDTree  # so dense fields of private strips never hide the airport nearby


def _xyz(lat, lon) -> np.ndarray:
    lat, lon = np.radians(np.asarray(lat, float)), np.radians(np.asarray(lon, float))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def airport_kind(icao: str) -> str:
    """OurAirports type (or 'scheduled' for large/medium with scheduled service, or 'unknown')."""
    return _kinds().get(icao, "unknown")


@functools.cache
def _kinds() -> dict[str, str]:
    path = paths.data("airport_types.csv")
    types = pd.read_csv(path, comment="#", dtype={"icao": str, "type": str, "scheduled_service": int})
    kinds = dict(zip(types["icao"], types["type"]))
    for code, sched in zip(types["icao"], types["scheduled_service"]):
        if sched and kinds[code] in ("large_airport", "medium_airport"):
            kinds[code] = "scheduled"
    for code, airport in _all().items():
        if _UNSUITABLE_NAME.search(airport.name):
            kinds[code] = "heliport" if "heli" in airport.name.lower() else "closed"
    return kinds


@functools.cache
def _index() -> _Index:
    airports = list(_all().values())
    kinds = _kinds()
    factor = np.empty(len(airports))
    penalty = np.empty(len(airports))
    for i, a in enumerate(airports):
        kind = kinds.get(a.icao, "unknown")
        f, p = _SUITABILITY.get(kind, (3.0, 10.0))
        factor[i], penalty[i] = f, p + (LAST_RESORT if kind in _UNSUITABLE else 0.0)
    lat = np.array([a.lat for a in airports])
    lon = np.array([a.lon for a in airports])
    elev = np.array([np.nan if a.elevation_ft is None else float(a.elevation_ft) for a in airports])
    major = np.flatnonzero([kinds.get(a.icao) in ("scheduled", "large_airport", "medium_airport") for a in airports])
    xyz = _xyz(lat, lon)
    return _Index(np.array([a.icao for a in airports]), lat, lon, elev, factor, penalty,
                  cKDTree(xyz), major, cKDTree(xyz[major]))


def get_many(codes) -> pd.DataFrame:
    """Positions of many airports at once (columns lat, lon), in the order given."""
    idx = _index()
    pos = pd.Index(idx.icao).get_indexer(list(codes))
    return pd.DataFrame({"lat": idx.lat[pos], "lon": idx.lon[pos]})


def candidates(lat, lon, radius_km: float, k: int = 16) -> pd.DataFrame:
    """Airports within `radius_km` of each query point, one row each: query, icao, distance_km, cost.

    Vectorised over the query arrays (one KD-tree query on unit-sphere xyz)."""
    lat, lon = np.atleast_1d(np.asarray(lat, float)), np.atleast_1d(np.asarray(lon, float))
    idx = _index()
    ok = np.isfinite(lat) & np.isfinite(lon)
    chord = 2 * np.sin(radius_km / EARTH_KM / 2)
    xyz = _xyz(np.where(ok, lat, 0.0), np.where(ok, lon, 0.0))
    dist, nb = idx.tree.query(xyz, k=k, distance_upper_bound=chord)
    dist_m, nb_m = idx.major_tree.query(xyz, k=k // 2, distance_upper_bound=chord)
    nb_m = np.where(np.isfinite(dist_m), idx.major[np.minimum(nb_m, len(idx.major) - 1)], -1)
    dist = np.hstack([dist.reshape(len(lat), -1), dist_m.reshape(len(lat), -1)])
    nb = np.hstack([nb.reshape(len(lat), -1), nb_m.reshape(len(lat), -1)])
    found = np.isfinite(dist) & ok[:, None]
    query = np.broadcast_to(np.arange(len(lat))[:, None], nb.shape)[found]
    nb = nb[found]
    km = 2 * EARTH_KM * np.arcsin(np.clip(dist[found] / 2, 0.0, 1.0))
    return pd.DataFrame({
        "query": query, "icao": idx.icao[nb], "distance_km": km,
        "cost": km * idx.factor[nb] + idx.penalty[nb], "elevation_ft": idx.elevation_ft[nb],
    }).drop_duplicates(["query", "icao"])


def best(cands: pd.DataFrame, n: int) -> pd.DataFrame:
    """The lowest-cost airport per query (index 0..n-1), with the runner-up when it is close.

    Close means its cost is within 1.5 × the best cost + 3 km: the evidence cannot tell them apart."""
    cols = ["icao", "distance_km", "cost", "elevation_ft", "runner_up", "runner_up_km"]
    if cands.empty:
        return pd.DataFrame(index=pd.RangeIndex(n), columns=cols).astype(
            {"distance_km": float, "cost": float, "elevation_ft": float, "runner_up_km": float})
    order = np.lexsort((cands["cost"].to_numpy(), cands["query"].to_numpy()))
    ranked = cands.iloc[order]
    q = ranked["query"].to_numpy()
    top = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
    nxt = top + 1
    has_second = (nxt < len(q)) & (q[np.minimum(nxt, len(q) - 1)] == q[top])
    out = pd.DataFrame(index=pd.RangeIndex(n), columns=cols).astype(
        {"distance_km": float, "cost": float, "elevation_ft": float, "runner_up_km": float})
    for col in ("icao", "distance_km", "cost", "elevation_ft"):
        out.loc[q[top], col] = ranked[col].to_numpy()[top]
    second = nxt[has_second]
    close = ranked["cost"].to_numpy()[second] <= ranked["cost"].to_numpy()[top[has_second]] * 1.5 + 3.0
    out.loc[q[second][close], "runner_up"] = ranked["icao"].to_numpy()[second][close]
    out.loc[q[second][close], "runner_up_km"] = ranked["distance_km"].to_numpy()[second][close]
    return out


def ref(row: dict | None) -> "AirportRef | None":
    """A `best` row (dict) as the AirportRef records carry, or None when no airport was found."""
    if row is None or pd.isna(row["icao"]):
        return None
    airport = get(row["icao"])
    if airport is None:  # a `best` row always names a listed airport; say so rather than crash
        raise KeyError(f"airport {row['icao']!r} is not in the index")
    return AirportRef(
        icao=airport.icao, distance_km=round(float(row["distance_km"]), 2), name=airport.name,
        lat=airport.lat, lon=airport.lon,
        runner_up=None if pd.isna(row["runner_up"]) else row["runner_up"],
        runner_up_km=None if pd.isna(row["runner_up_km"]) else round(float(row["runner_up_km"]), 2),
    )


def nearest(lat: float, lon: float, radius_km: float = 100.0) -> "AirportRef | None":
    """The most suitable airport near one point as an AirportRef, or None."""
    return ref(best(candidates(lat, lon, radius_km), 1).iloc[0].to_dict())
