"""Airports: the one place that loads airportsdata and answers questions about airports.

Everything here is built once into tracker's versioned cache (`tracker.cache`): the airport
table as columns, the suitability of each airport and a grid index for nearest-airport queries.
A run reads one pickle instead of parsing airportsdata's CSV, making 28,000 objects and
importing scipy; `Airport` records are made on demand.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from tracker import cache, paths
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


def _airportsdata_csv() -> list[Path]:
    import importlib.util

    spec = importlib.util.find_spec("airportsdata")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("airportsdata is not installed")
    return [Path(spec.origin).parent / "airports.csv"]


def data_files() -> list[Path]:
    """The files every airport answer rests on (for caches of indexes built from them)."""
    return [*_airportsdata_csv(), _TYPES_CSV]


_TYPES_CSV = paths.data("airport_types.csv")
_FIELDS = ("icao", "iata", "name", "city", "country", "lat", "lon", "tz", "elevation_ft")


@cache.persistent(_airportsdata_csv)
def _columns() -> dict[str, list]:
    """airportsdata by ICAO code as columns (what `Airport` holds), in airportsdata's order."""
    import airportsdata

    cols: dict[str, list] = {f: [] for f in _FIELDS}
    for code, row in airportsdata.load("ICAO").items():
        for f, v in zip(_FIELDS, (code, row.get("iata") or None, row["name"], row.get("city") or "",
                                  row["country"], float(row["lat"]), float(row["lon"]), row["tz"],
                                  row.get("elevation"))):
            cols[f].append(v)
    return cols


@functools.cache
def _position() -> dict[str, int]:
    return {code: i for i, code in enumerate(_columns()["icao"])}


@functools.cache
def _airport(i: int) -> Airport:
    cols = _columns()
    return Airport(*(cols[f][i] for f in _FIELDS))


@functools.cache
def _all() -> dict[str, Airport]:
    return {code: _airport(i) for code, i in _position().items()}


def all_airports() -> dict[str, Airport]:
    return _all()


def get(icao: str | None) -> Airport | None:
    if not icao:
        return None
    i = _position().get(icao.upper())
    return None if i is None else _airport(i)


@cache.persistent(_airportsdata_csv)
def _by_place() -> tuple[dict[tuple[str, str], list[str]], dict[str, list[str]]]:
    """(city, country) → ICAO codes and country → ICAO codes, sorted: one pass, not one per query."""
    cols = _columns()
    city: dict[tuple[str, str], list[str]] = {}
    country: dict[str, list[str]] = {}
    for code, c, cc in zip(cols["icao"], cols["city"], cols["country"]):
        city.setdefault((c, cc), []).append(code)
        country.setdefault(cc, []).append(code)
    return ({k: sorted(v) for k, v in city.items()}, {k: sorted(v) for k, v in country.items()})


def in_city(city: str, country: str) -> list[str]:
    """ICAO codes whose airportsdata city is `city` in `country` (Moscow, RU ≠ Moscow, ID)."""
    return list(_by_place()[0].get((city, country), ()))


def in_country(country: str) -> list[str]:
    return list(_by_place()[1].get(country, ()))


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


class _Grid:
    """Points on the unit sphere binned in ½° rows of latitude, sorted by longitude in each row:
    a query reads only the rows and longitude spans its cap can touch, then measures exactly.
    Answers as a KD-tree on xyz does (k nearest closer than a chord), without scipy."""

    CELL = 0.5  # degrees of latitude per row

    def __init__(self, pos: np.ndarray, lat: np.ndarray, lon: np.ndarray, xyz: np.ndarray):
        row = self._row(lat)
        order = np.lexsort((lon, row))
        self.pos = pos[order]  # positions into the airport columns
        self.x, self.y, self.z = (np.ascontiguousarray(xyz[order, i]) for i in range(3))
        self.key = row[order] * 400.0 + (lon[order] + 180.0)  # strictly sorted: row, then longitude

    @classmethod
    def _row(cls, lat) -> np.ndarray:
        return np.clip(np.floor((np.asarray(lat, float) + 90.0) / cls.CELL), 0, 180 / cls.CELL - 1)

    def query(self, lat: np.ndarray, lon: np.ndarray, xyz: np.ndarray, chord: float, k: int):
        """(query number, airport position, chord distance) of the `k` nearest points closer
        than `chord` to each query, nearest first."""
        empty = np.empty(0, np.int64)
        if len(lat) == 0 or len(self.pos) == 0:
            return empty, empty, np.empty(0)
        theta = 2 * np.arcsin(min(chord / 2, 1.0))  # angular radius of the cap
        dlat = np.degrees(theta) * 1.0001 + 1e-6
        r0, r1 = self._row(lat - dlat), self._row(lat + dlat)
        # The cap's longitude half-width: asin(sin θ / cos φ), all longitudes once it reaches a pole.
        cos_lat = np.cos(np.radians(np.clip(np.abs(lat), 0, 90)))
        reach = np.sin(theta) < cos_lat * 0.9999
        dlon = np.where(reach, np.degrees(np.arcsin(np.minimum(np.sin(theta) / np.where(reach, cos_lat, 1.0), 1.0)))
                        * 1.0001 + 1e-6, 180.0)
        lo, hi = lon - dlon, lon + dlon
        full = ~reach | (hi - lo >= 360.0)
        # Up to two longitude spans per query (one more when the cap crosses the antimeridian).
        spans = [(np.where(full, -180.0, np.maximum(lo, -180.0)), np.where(full, 180.0, np.minimum(hi, 180.0)),
                  np.ones(len(lat), bool)),
                 (np.where(lo < -180.0, lo + 360.0, -180.0), np.where(hi > 180.0, hi - 360.0, 180.0),
                  ~full & ((lo < -180.0) | (hi > 180.0)))]
        starts, ends, qs = [], [], []
        q_all = np.arange(len(lat))
        for dr in range(int((r1 - r0).max()) + 1):
            row = r0 + dr
            in_band = row <= r1
            for a, b, use in spans:
                m = in_band & use
                starts.append(np.searchsorted(self.key, row[m] * 400.0 + a[m] + 180.0, "left"))
                ends.append(np.searchsorted(self.key, row[m] * 400.0 + b[m] + 180.0, "right"))
                qs.append(q_all[m])
        start, end, q = np.concatenate(starts), np.concatenate(ends), np.concatenate(qs)
        n = np.maximum(end - start, 0)
        total = int(n.sum())
        if total == 0:
            return empty, empty, np.empty(0)
        offset = np.repeat(start - (np.cumsum(n) - n), n)
        at = np.arange(total) + offset
        qq = np.repeat(q, n)
        dx = self.x[at] - xyz[qq, 0]
        dy = self.y[at] - xyz[qq, 1]
        dz = self.z[at] - xyz[qq, 2]
        dist = np.sqrt(dx * dx + dy * dy + dz * dz)
        keep = dist < chord
        qq, pos, dist = qq[keep], self.pos[at[keep]], dist[keep]
        order = np.lexsort((pos, dist, qq))  # nearest first; equal distances in airportsdata's order
        qq, pos, dist = qq[order], pos[order], dist[order]
        first = np.r_[0, np.flatnonzero(qq[1:] != qq[:-1]) + 1]
        rank = np.arange(len(qq)) - np.repeat(first, np.diff(np.r_[first, len(qq)]))
        keep = rank < k
        return qq[keep], pos[keep], dist[keep]


@dataclass(frozen=True)
class _Index:
    icao: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    elevation_ft: np.ndarray
    factor: np.ndarray
    penalty: np.ndarray
    grid: _Grid  # every airport
    major: np.ndarray  # positions (into the arrays above) of large/medium/scheduled airports
    major_grid: _Grid  # so dense fields of private strips never hide the airport nearby
    name: np.ndarray  # what `ref` prints, so a matched airport needs no `_columns` (≈20 ms to load)


def _xyz(lat, lon) -> np.ndarray:
    lat, lon = np.radians(np.asarray(lat, float)), np.radians(np.asarray(lon, float))
    return np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])


def airport_kind(icao: str) -> str:
    """OurAirports type (or 'scheduled' for large/medium with scheduled service, or 'unknown')."""
    return _kinds().get(icao, "unknown")


def _kinds_sources() -> list[Path]:
    return [_TYPES_CSV, *_airportsdata_csv()]


@cache.persistent(_kinds_sources)
def _kinds() -> dict[str, str]:
    types = pd.read_csv(_TYPES_CSV, comment="#", dtype={"icao": str, "type": str, "scheduled_service": int})
    kinds = dict(zip(types["icao"], types["type"]))
    for code, sched in zip(types["icao"], types["scheduled_service"]):
        if sched and kinds[code] in ("large_airport", "medium_airport"):
            kinds[code] = "scheduled"
    cols = _columns()
    for code, name in zip(cols["icao"], cols["name"]):
        if _UNSUITABLE_NAME.search(name):
            kinds[code] = "heliport" if "heli" in name.lower() else "closed"
    return kinds


@cache.persistent(_kinds_sources)
def _index() -> _Index:
    cols = _columns()
    kinds = _kinds()
    codes = cols["icao"]
    factor = np.empty(len(codes))
    penalty = np.empty(len(codes))
    for i, code in enumerate(codes):
        kind = kinds.get(code, "unknown")
        f, p = _SUITABILITY.get(kind, (3.0, 10.0))
        factor[i], penalty[i] = f, p + (LAST_RESORT if kind in _UNSUITABLE else 0.0)
    lat = np.array(cols["lat"], float)
    lon = np.array(cols["lon"], float)
    elev = np.array([np.nan if e is None else float(e) for e in cols["elevation_ft"]])
    major = np.flatnonzero([kinds.get(c) in ("scheduled", "large_airport", "medium_airport") for c in codes])
    xyz = _xyz(lat, lon)
    every = np.arange(len(codes))
    return _Index(np.array(codes), lat, lon, elev, factor, penalty,
                  _Grid(every, lat, lon, xyz), major, _Grid(major, lat[major], lon[major], xyz[major]),
                  name=np.array(cols["name"], dtype=object))


def get_many(codes) -> pd.DataFrame:
    """Positions of many airports at once (columns lat, lon), in the order given."""
    idx = _index()
    pos = _icao_index().get_indexer(pd.Index(codes if isinstance(codes, (pd.Series, np.ndarray)) else list(codes)))
    return pd.DataFrame({"lat": idx.lat[pos], "lon": idx.lon[pos]})


@functools.cache
def _icao_index() -> pd.Index:
    """The codes as a hashed pandas Index, made once per process (not once per lookup)."""
    return pd.Index(_index().icao)


def candidates(lat, lon, radius_km: float, k: int = 16) -> pd.DataFrame:
    """Airports within `radius_km` of each query point, one row each: query, icao, distance_km, cost.

    Vectorised over the query arrays: per query the `k` nearest airports of all, then the
    `k // 2` nearest large, medium or scheduled ones, each nearest first (unit-sphere xyz)."""
    lat, lon = np.atleast_1d(np.asarray(lat, float)), np.atleast_1d(np.asarray(lon, float))
    idx = _index()
    ok = np.flatnonzero(np.isfinite(lat) & np.isfinite(lon))
    chord = 2 * np.sin(radius_km / EARTH_KM / 2)
    xyz = _xyz(lat[ok], lon[ok])
    q_all, nb_all, d_all = idx.grid.query(lat[ok], lon[ok], xyz, chord, k)
    q_maj, nb_maj, d_maj = idx.major_grid.query(lat[ok], lon[ok], xyz, chord, k // 2)
    query = np.concatenate([q_all, q_maj])
    nb = np.concatenate([nb_all, nb_maj])
    dist = np.concatenate([d_all, d_maj])
    order = np.argsort(query, kind="stable")  # per query: all airports first, then the major ones
    query, nb, dist = ok[query[order]], nb[order], dist[order]
    km = 2 * EARTH_KM * np.arcsin(np.clip(dist / 2, 0.0, 1.0))
    return pd.DataFrame({
        "query": query, "icao": idx.icao[nb], "distance_km": km,
        "cost": km * idx.factor[nb] + idx.penalty[nb], "elevation_ft": idx.elevation_ft[nb],
    }).drop_duplicates(["query", "icao"])


def best(cands: pd.DataFrame, n: int) -> pd.DataFrame:
    """The lowest-cost airport per query (index 0..n-1), with the runner-up when it is close.

    Close means its cost is within 1.5 × the best cost + 3 km: the evidence cannot tell them apart."""
    icao = np.full(n, np.nan, dtype=object)
    runner_up = np.full(n, np.nan, dtype=object)
    distance_km, cost, elevation_ft, runner_up_km = (np.full(n, np.nan) for _ in range(4))
    if not cands.empty:
        c_query = cands["query"].to_numpy()
        c_cost = cands["cost"].to_numpy(float)
        order = np.lexsort((c_cost, c_query))
        q = c_query[order]
        r_icao = cands["icao"].to_numpy(object)[order]
        r_km = cands["distance_km"].to_numpy(float)[order]
        r_cost = c_cost[order]
        top = np.flatnonzero(np.r_[True, q[1:] != q[:-1]])
        nxt = top + 1
        has_second = (nxt < len(q)) & (q[np.minimum(nxt, len(q) - 1)] == q[top])
        icao[q[top]] = r_icao[top]
        distance_km[q[top]] = r_km[top]
        cost[q[top]] = r_cost[top]
        elevation_ft[q[top]] = cands["elevation_ft"].to_numpy(float)[order][top]
        second = nxt[has_second]
        close = r_cost[second] <= r_cost[top[has_second]] * 1.5 + 3.0
        runner_up[q[second][close]] = r_icao[second][close]
        runner_up_km[q[second][close]] = r_km[second][close]
    return pd.DataFrame({
        "icao": pd.Series(icao, dtype=object), "distance_km": distance_km, "cost": cost,
        "elevation_ft": elevation_ft, "runner_up": pd.Series(runner_up, dtype=object), "runner_up_km": runner_up_km,
    })


def ref(row: dict | None) -> AirportRef | None:
    """A `best` row (dict) as the AirportRef records carry, or None when no airport was found."""
    if row is None or pd.isna(row["icao"]):
        return None
    idx = _index()  # as `get` would answer, from the index the query already loaded
    try:
        at = _icao_index().get_loc(str(row["icao"]).upper())
    except KeyError:  # a `best` row always names a listed airport; say so rather than crash
        raise KeyError(f"airport {row['icao']!r} is not in the index") from None
    return AirportRef(
        icao=str(idx.icao[at]), distance_km=round(float(row["distance_km"]), 2), name=str(idx.name[at]),
        lat=float(idx.lat[at]), lon=float(idx.lon[at]),
        runner_up=None if pd.isna(row["runner_up"]) else row["runner_up"],
        runner_up_km=None if pd.isna(row["runner_up_km"]) else round(float(row["runner_up_km"]), 2),
    )


def nearest(lat: float, lon: float, radius_km: float = 100.0) -> AirportRef | None:
    """The most suitable airport near one point as an AirportRef, or None."""
    return ref(best(candidates(lat, lon, radius_km), 1).iloc[0].to_dict())
