"""Geometry and units shared by every stage: great-circle distance and bearing, the
antimeridian, and thinning a path for display.

All functions work on numpy arrays (scalars too) so callers stay vectorised. The unit
constants are the only place the nautical mile and the foot are written down.
"""
from __future__ import annotations

import numpy as np

EARTH_KM = 6371.0088  # IUGG mean Earth radius
KM_PER_NM = 1.852  # the international nautical mile
M_PER_FT = 0.3048  # the international foot
FT_PER_M = 1 / M_PER_FT
KT_PER_MS = 3600 / 1852  # m/s → knots
MS_PER_KT = 1852 / 3600  # knots → m/s
FPM_PER_MS = 60 / M_PER_FT  # m/s → ft/min
KM_PER_DEG = 111.195  # one degree of latitude (and of longitude at the equator)


def haversine_km(lat0, lon0, lat1, lon1):
    """Great-circle distance on arrays (km)."""
    lat0, lon0, lat1, lon1 = (np.radians(np.asarray(x, float)) for x in (lat0, lon0, lat1, lon1))
    a = np.sin((lat1 - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat1) * np.sin((lon1 - lon0) / 2) ** 2
    return 2 * EARTH_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def bearing_deg(lat0, lon0, lat1, lon1):
    """Initial great-circle bearing from point 0 to point 1, degrees true, on arrays."""
    lat0, lon0, lat1, lon1 = (np.radians(np.asarray(x, float)) for x in (lat0, lon0, lat1, lon1))
    y = np.sin(lon1 - lon0) * np.cos(lat1)
    x = np.cos(lat0) * np.sin(lat1) - np.sin(lat0) * np.cos(lat1) * np.cos(lon1 - lon0)
    return np.degrees(np.arctan2(y, x)) % 360


def unwrap_lon(lon: np.ndarray) -> np.ndarray:
    """Continuous longitudes across the antimeridian (179 → 181, not 179 → -179)."""
    lon = np.asarray(lon, dtype=float)
    if len(lon) < 2:
        return lon
    shift = -360.0 * np.round(np.diff(lon) / 360.0)
    out = lon + np.concatenate([[0.0], np.cumsum(shift)])
    return out - 360.0 * np.round(np.nanmean(out) / 360.0) if np.isfinite(out).any() else out


def near_lon(lon: float, ref: float) -> float:
    """`lon` moved by whole turns to lie within 180° of `ref`."""
    return lon + 360.0 * round((ref - lon) / 360.0)


def split_antimeridian(lon: np.ndarray, lat: np.ndarray) -> list[list[list[float]]]:
    """[[lon, lat], …] parts in -180..180 cut where the path crosses the antimeridian (RFC 7946 §3.1.9)."""
    ulon = unwrap_lon(lon)
    lat = np.asarray(lat, dtype=float)
    if len(ulon) == 0:
        return []
    turn = np.floor((ulon + 180.0) / 360.0)
    cuts = np.flatnonzero(np.diff(turn) != 0) + 1
    parts: list[list[list[float]]] = []
    for piece, (a, b) in enumerate(zip(np.r_[0, cuts], np.r_[cuts, len(ulon)])):
        coords = np.column_stack([ulon[a:b] - 360.0 * turn[a], lat[a:b]]).round(6).tolist()
        if piece > 0:  # end the last part and start this one on the antimeridian, at the crossing latitude
            x0, y0, x1, y1 = ulon[a - 1], lat[a - 1], ulon[a], lat[a]
            edge = 180.0 * (2 * max(turn[a - 1], turn[a]) - 1)
            y = round(float(y0 + (y1 - y0) * (edge - x0) / (x1 - x0)), 6)
            parts[-1].append([float(edge - 360.0 * turn[a - 1]), y])
            coords.insert(0, [float(edge - 360.0 * turn[a]), y])
        parts.append(coords)
    return parts


def thin(n: int, limit: int) -> np.ndarray:
    """Indices of at most about `limit` of `n` points, evenly spread, always keeping the last."""
    if n <= limit:
        return np.arange(n)
    return np.unique(np.r_[np.linspace(0, n - 1, limit).round().astype(int), n - 1])
