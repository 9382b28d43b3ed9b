"""Where the tracks and stays lie, as maps and exports draw them (no folium here).

Positions per aircraft, a flight's own rows, the altitude band of every point, coloured
runs, coverage-gap segments and the points of airports and stays. Longitudes are
unwrapped so a path across the antimeridian stays continuous.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tracker import airports
from tracker.adsb.schema import track_keys
from tracker.geo import near_lon, thin, unwrap_lon
from tracker.model import AirportRef, Flight, Gap, GroundStay


# (upper bound in feet, label, colour); ground and unknown altitude have their own bands.
ALTITUDE_BANDS: list[tuple[float, str, str]] = [
    (5_000, "below 5,000 ft", "#1a9850"),
    (15_000, "5,000–15,000 ft", "#66bd63"),
    (25_000, "15,000–25,000 ft", "#fdae61"),
    (35_000, "25,000–35,000 ft", "#f46d43"),
    (float("inf"), "35,000 ft and above", "#a50026"),
]
MAX_POINTS_PER_FLIGHT = 4000  # thinned beyond this for the HTML (exports keep every point)
MAX_SLIDER_SAMPLES = 1500  # positions per flight the time slider interpolates between


def band_index(alt_ft: np.ndarray, on_ground: np.ndarray) -> np.ndarray:
    """0..len(ALTITUDE_BANDS)-1 for airborne altitudes, then ground, then unknown."""
    edges = np.array([b[0] for b in ALTITUDE_BANDS[:-1]])
    band = np.searchsorted(edges, alt_ft, side="right")
    band = np.where(np.isnan(alt_ft), len(ALTITUDE_BANDS) + 1, band)
    return np.where(on_ground, len(ALTITUDE_BANDS), band)


def by_aircraft(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Positions per aircraft (track key, as `Flight.track`), sorted by time (one sort, one groupby)."""
    if table is None or table.empty:
        return {}
    cols = ["time", "lat", "lon", "alt_ft", "on_ground"]
    frame = table[cols].assign(track=track_keys(table))
    frame = frame.dropna(subset=["lat", "lon", "time", "track"]).sort_values(["track", "time"], kind="stable")
    return {str(key): group.reset_index(drop=True) for key, group in frame.groupby("track", sort=False)}


def span(flight: Flight) -> tuple[dt.datetime | None, dt.datetime | None]:
    """From first to last seen; the takeoff and landing windows when a flight was not seen end to end."""
    start = flight.first_seen or flight.takeoff.earliest or flight.takeoff.latest
    end = flight.last_seen or flight.landing.latest or flight.landing.earliest
    return start, end


def points_of(tracks: dict[str, pd.DataFrame], flight: Flight) -> pd.DataFrame:
    """The flight's positions: its aircraft's rows between first and last seen."""
    frame = tracks.get(flight.track or "")
    if frame is None:
        return pd.DataFrame(columns=["time", "lat", "lon", "alt_ft", "on_ground"])
    start, end = span(flight)
    times = frame["time"]
    lo = 0 if start is None else int(times.searchsorted(pd.Timestamp(start), side="left"))
    hi = len(frame) if end is None else int(times.searchsorted(pd.Timestamp(end), side="right"))
    return frame.iloc[lo:hi]


@dataclass
class Drawn:
    """A flight's geometry as the map draws it: coloured runs, gap segments, end points."""

    runs: list[tuple[int, list[list[float]]]] = field(default_factory=list)  # (band, [[lat, lon], …])
    gaps: list[tuple[Gap, list[list[float]]]] = field(default_factory=list)
    first: list[float] | None = None
    last: list[float] | None = None
    bounds: list[list[float]] = field(default_factory=list)
    samples: list[list[float]] = field(default_factory=list)  # [unix s, lat, lon] for the time slider


def draw_geometry(points: pd.DataFrame, flight: Flight) -> Drawn:
    """Runs of one altitude band cut at coverage gaps, thinned to MAX_POINTS_PER_FLIGHT, and the gap segments."""
    drawn = Drawn()
    n = len(points)
    if n == 0:
        return drawn
    pick = thin(n, MAX_POINTS_PER_FLIGHT)
    times = points["time"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")[pick]
    lat = points["lat"].to_numpy(dtype=float)[pick]
    lon = unwrap_lon(points["lon"].to_numpy(dtype=float)[pick])
    alt = points["alt_ft"].to_numpy(dtype=float, na_value=np.nan)[pick]
    ground = points["on_ground"].to_numpy(dtype=bool, na_value=False)[pick]
    band = band_index(alt, ground)
    gap_starts = np.array(sorted(pd.Timestamp(g.start).to_datetime64() for g in flight.gaps), dtype="datetime64[ns]")
    segment = np.searchsorted(gap_starts, times, side="left")
    change = (band[1:] != band[:-1]) | (segment[1:] != segment[:-1])
    starts = np.flatnonzero(np.r_[True, change])
    ends = np.r_[starts[1:], len(band)]
    latlon = np.column_stack([lat, lon]).round(5)
    for s, e in zip(starts, ends):
        stop = e + 1 if e < len(band) and segment[e] == segment[s] else e
        coords = latlon[s:stop].tolist()
        if len(coords) >= 2:
            drawn.runs.append((int(band[s]), coords))
    drawn.first, drawn.last = latlon[0].tolist(), latlon[-1].tolist()
    few = thin(len(times), MAX_SLIDER_SAMPLES)
    seconds = times[few].astype("datetime64[s]").astype(np.int64)
    drawn.samples = np.column_stack([seconds, latlon[few]]).tolist()
    drawn.bounds = [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]
    for gap in sorted(flight.gaps, key=lambda g: g.start):
        gs = pd.Timestamp(gap.start).to_datetime64()
        before = int(np.searchsorted(times, gs, side="right")) - 1
        after = int(np.searchsorted(times, pd.Timestamp(gap.end).to_datetime64(), side="left"))
        a = latlon[max(before, 0)].tolist()
        b = latlon[min(after, len(latlon) - 1)].tolist()
        if gap.lat0 is not None and gap.lon0 is not None:
            a = [gap.lat0, near_lon(gap.lon0, a[1])]
        if gap.lat1 is not None and gap.lon1 is not None:
            b = [gap.lat1, near_lon(gap.lon1, a[1])]
        drawn.gaps.append((gap, [a, b]))
    return drawn


def stay_point(stay: GroundStay) -> list[float] | None:
    """[lat, lon] of the stay's airport, or None when the airport is unknown."""
    ref = stay.airport
    if ref and ref.lat is not None and ref.lon is not None:
        return [ref.lat, ref.lon]
    airport = airports.get(ref.icao if ref else None)
    return [airport.lat, airport.lon] if airport else None


def airport_point(ref: AirportRef | None, near: float | None = None) -> list[float] | None:
    """[lat, lon] of an airport reference, its longitude moved within 180° of `near`."""
    if ref is None:
        return None
    if ref.lat is not None and ref.lon is not None:
        lat, lon = ref.lat, ref.lon
    else:
        airport = airports.get(ref.icao)
        if airport is None:
            return None
        lat, lon = airport.lat, airport.lon
    return [lat, near_lon(lon, near) if near is not None else lon]
