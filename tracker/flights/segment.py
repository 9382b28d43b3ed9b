"""Flights and ground stays from the canonical track table.

The pipeline, each step vectorised over the whole table (one row per point):

0. `schema.track_keys`: which points belong to one aircraft — its icao24, or, in a file without
   transponder addresses (a Flightradar24 CSV export), the file and the callsign.
1. `clean`: sort per aircraft, drop points without a position, filter physically
   impossible ones (clock faults, >1,000 kt position jumps, altitude spikes) and stale
   repeats (a receiver re-sending the last position), count them all in `faults`.
2. `ground_state`: on the ground or in the air, from `on_ground` or, where it is null,
   from ground speed and altitude; flag flicker (parked "in the air") is debounced.
3. `segments`: cut each aircraft's points into runs of one state. A gap in the air
   cuts the run only when the aircraft could have landed and taken off again inside it
   (`could_have_landed`); otherwise it is a coverage gap inside the flight.
4. `summarise`: one row per run (first/last point, counts), then the small per-run
   assembly into `Flight` and `GroundStay` records with takeoff and landing as
   intervals bounded by distance, altitude and speed (`_kinematic_bounds`). Airports come
   from `tracker.airports` (KD-tree, suitability), weighed by the climb/descent gradient
   and heading the aircraft would have needed (`_fit`); across an unseen stop the one
   airport that fits both the last and the next fix is taken (`_joint`).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tracker import airports
from tracker.adsb.schema import track_keys
from tracker.geo import KM_PER_DEG, KM_PER_NM, bearing_deg, haversine_km
from tracker.model import AirportRef, Flight, FlightsResult, Gap, GroundStay, HoursRange, TimeWindow

# --------------------------------------------------------------------------- rules (why each number)

@dataclass(frozen=True)
class FlightRules:
    """Every threshold `detect` uses, with the physics behind its default.

    Pass your own to `detect(table, rules=FlightRules(gap_s=600))`; the defaults suit
    fixed-wing transport aircraft seen by ground receivers at about 1 s cadence.
    """

    # 1. cleaning
    max_speed_kt: float = 1000.0  # no airliner or military transport flies faster over the ground
    position_slack_km: float = 1.0  # position quantisation and timestamp jitter at 1 s cadence
    vote_window: int = 11  # a fix is checked against this many around it (itself included)
    jump_rounds: int = 4  # position jumps are peeled this many times (a run of bad fixes)
    max_climb_fpm: float = 12000.0  # beyond any transport's climb or descent: an altitude spike
    alt_slack_ft: float = 1000.0  # altitude quantisation and baro/geo mix-ups allowed on top
    # 2. ground or air
    ground_speed_kt: float = 50.0  # below this a fixed-wing aircraft is on the ground
    air_speed_kt: float = 80.0  # above this it is flying (or about to)
    airborne_alt_ft: float = 20000.0  # above this it is flying whatever its reported speed
    ground_flag_doubt_kt: float = 200.0  # "on ground" at this speed is a wrong flag
    shortest_circuit_s: float = 120.0  # an "air" run shorter than this between ground runs is flag flicker
    taxi_max_kt: float = 100.0  # an "air" run never faster than this, and short, is taxiing
    ground_blip_s: float = 30.0  # a "ground" run shorter than this between fast air runs is flag flicker
    # 3. segments
    gap_s: float = 300.0  # a hole in the data of 5 minutes or more is reported as a gap
    ground_move_km: float = 10.0  # two ground points this far apart with nothing between: it flew unseen
    turnaround_min: float = 15.0  # shortest plausible landing-to-takeoff on the ground
    many_hours: float = 12.0  # an air gap this long ends the flight whatever the geometry
    cruise_kt: float = 450.0  # when ground speed is unknown
    # 4. airports and windows
    terminal_alt_ft: float = 12000.0  # "about 10,000 ft": below this, near an airport, it is arriving/departing
    terminal_radius_km: float = 100.0  # how far from an airport a low, climbing or descending fix still points at it
    ground_radius_km: float = 8.0  # a ground point belongs to an airport this close (large airports are big)
    fast_vertical_fpm: float = 5000.0  # fastest sustained descent/climb: bounds the earliest landing
    slow_vertical_fpm: float = 800.0  # slowest sensible descent on arrival: bounds the latest landing
    fast_low_kt: float = 350.0  # fastest ground speed below 10,000 ft (250 kt IAS + tailwind)
    slow_low_kt: float = 140.0  # approach speed
    fast_cruise_kt: float = 650.0  # fastest ground speed at cruise (jet stream tailwind)
    holding_min: float = 30.0  # holding and vectoring allowance on an unseen arrival
    gradient_ft_per_nm: float = 500.0  # steeper than this to or from a runway is unusual (3° glide ≈ 320 ft/nm)
    min_fit_nm: float = 0.5  # distances below this count as this when judging a gradient (the runway's length)
    behind_deg: float = 90.0  # an airport more than this off the track lies behind: it costs more
    joint_ratio: float = 1.5  # across an unseen stop, a second airport within this cost ratio…
    joint_slack_km: float = 3.0  # …plus this is named as the runner-up
    end_s: float = 120.0  # climbing or descending is judged over a run's first / last two minutes
    level_ft: float = 100.0  # less change than this over end_s is level flight (not a climb, not a descent)
    # 5. stays: a parked aircraft is often silent for a day or two (transponder off overnight), so a
    # quiet stretch that long inside one file, at one place, is still a stay. A hole of several days,
    # or any hole where one file ends and the next begins, is a hole in the recording: the stay
    # across it is bounded, not seen (the aircraft may have flown away and back unseen).
    ground_hole_h: float = 72.0

    @property
    def jump(self) -> str:
        """The fault name for a position reached faster than `max_speed_kt`."""
        return f"position jump over {self.max_speed_kt:.0f} kt"


RULES = FlightRules()


def detect(table: pd.DataFrame, rules: FlightRules = RULES) -> FlightsResult:
    """Cut a canonical track table into flights and ground stays, by `rules`."""
    faults: dict[str, int] = {}
    pts = clean(table, faults, rules)
    if pts.empty:
        return FlightsResult(faults=faults)
    pts["ground"] = ground_state(pts, rules)
    pts["run"] = segments(pts, rules)
    runs = summarise(pts, rules)
    flights, stays = _assemble(runs, pts, rules)
    return FlightsResult(flights=flights, stays=stays, faults=faults)


# --------------------------------------------------------------------------- 0. track keys

def _label(icao24, callsign) -> str:
    """Flight id prefix: the icao24, or `nohex-<callsign>` (letters and digits only) without one."""
    if pd.notna(icao24):
        return str(icao24)
    code = re.sub(r"[^A-Z0-9]", "", str(callsign).upper())[:10] if pd.notna(callsign) else ""
    return f"nohex-{code or 'unknown'}"


# --------------------------------------------------------------------------- 1. clean

def _step(pts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seconds and km from the previous point of the same aircraft (NaN at each aircraft's start).

    Cached in columns once `clean` has settled which points stay."""
    if "step_km" in pts:
        return pts["step_s"].to_numpy(), pts["step_km"].to_numpy(), pts["step_same"].to_numpy()
    ac = pts["ac"].to_numpy()  # integer per aircraft: comparing ints is far cheaper than strings
    same = np.zeros(len(ac), bool)
    same[1:] = ac[1:] == ac[:-1]
    t = pts["time"].to_numpy("datetime64[ns]").astype("int64") / 1e9
    dt_s = np.where(same, t - np.roll(t, 1), np.nan)
    lat, lon = pts["lat"].to_numpy(float), pts["lon"].to_numpy(float)
    km = np.where(same, haversine_km(np.roll(lat, 1), np.roll(lon, 1), lat, lon), np.nan)
    return dt_s, km, same


def _rows(frame, mask: np.ndarray):
    """`frame[mask]`, or `frame` itself when the mask keeps every row (no copy: pandas copies on write)."""
    return frame if mask.all() else frame[mask]


def _count(faults: dict[str, int], reason: str, n: int) -> None:
    if n:
        faults[reason] = faults.get(reason, 0) + int(n)


def clean(table: pd.DataFrame, faults: dict[str, int], rules: FlightRules = RULES) -> pd.DataFrame:
    """Sorted points with positions; impossible ones removed and counted in `faults`."""
    key = track_keys(table)
    no_time = table["time"].isna().to_numpy()
    _count(faults, "no time", int(no_time.sum()))
    no_key = key.isna().to_numpy() & ~no_time
    _count(faults, "no icao24, and no callsign to tell its file's aircraft apart", int(no_key.sum()))
    keep = ~no_time & ~no_key
    # Filters that drop nothing are skipped: each take copies every column into fresh memory,
    # and a table's first copy costs more in page faults than in copying (≈0.1 s on 284,505 rows).
    pts = _rows(table, keep).assign(track=_rows(key, keep))  # string dtype, index-aligned: factorizes fast
    no_pos = (pts["lat"].isna() | pts["lon"].isna() | (pts["lat"].abs() > 90) | (pts["lon"].abs() > 180)).to_numpy()
    _count(faults, "no position", int(no_pos.sum()))
    pts = _rows(pts, ~no_pos)
    if pts.empty:
        return pts
    pts["ac"] = pd.factorize(pts["track"], sort=True)[0]  # integer per aircraft, in key order
    pts["time"] = pts["time"].dt.floor("us")  # records carry Python datetimes (microseconds)
    ac, t = pts["ac"].to_numpy(), pts["time"].to_numpy("datetime64[ns]").astype("int64")
    if not np.all((np.diff(ac) > 0) | ((np.diff(ac) == 0) & (np.diff(t) >= 0))):  # readers usually sort
        pts = pts.sort_values(["ac", "time"], kind="stable")
    pts = pts.reset_index(drop=True)
    ac, t = pts["ac"].to_numpy(), pts["time"].to_numpy("datetime64[ns]").astype("int64")
    lat, lon = pts["lat"].to_numpy(float), pts["lon"].to_numpy(float)
    same = np.r_[False, ac[1:] == ac[:-1]]
    here = np.r_[False, (lat[1:] == lat[:-1]) & (lon[1:] == lon[:-1])]

    # Clock faults: one aircraft at one instant in two places (or two files disagreeing).
    dup = same & np.r_[False, t[1:] == t[:-1]]
    source = pd.factorize(pts["source"])[0]  # integer per file: no object array of strings
    other = np.r_[False, source[1:] != source[:-1]]
    _count(faults, "clock: same time, other position", int((dup & ~here & ~other).sum()))
    _count(faults, "same time, other position in another file (first kept)", int((dup & ~here & other).sum()))
    # Stale fixes: a position repeated exactly while the aircraft claims to be moving is a
    # receiver filling in the last known state (OpenSky-style resampling after coverage ends).
    stale = ~dup & same & here & (pts["gs_kt"].to_numpy(float) >= rules.ground_speed_kt) \
        & ~pts["on_ground"].fillna(False).to_numpy(bool)
    _count(faults, "position repeated while moving (not a new fix)", int(stale.sum()))
    # Spoofed runs: fixes most of their neighbours could only reach faster than 1,000 kt.
    spoofed = ~dup & ~stale & _outvoted(ac, t / 1e9, lat, lon, rules)
    _count(faults, rules.jump, int(spoofed.sum()))
    pts = pts[~(dup | stale | spoofed)].reset_index(drop=True)

    pts = _drop_position_jumps(pts, faults, rules)
    pts = _blank_altitude_spikes(pts, faults, rules)
    pts["step_s"], pts["step_km"], pts["step_same"] = _step(pts)
    return pts


def _drop_position_jumps(pts: pd.DataFrame, faults: dict[str, int], rules: FlightRules) -> pd.DataFrame:
    """Drop any fix reached faster than `max_speed_kt` from both neighbours, peeled over a few
    rounds (a jump at a track's end counts from its one neighbour)."""
    for _ in range(rules.jump_rounds):
        dt_s, km, same = _step(pts)
        into = np.nan_to_num(km > (rules.max_speed_kt * KM_PER_NM * dt_s / 3600 + rules.position_slack_km)).astype(bool)
        out_of = np.append(into[1:], False)
        last = np.append(~same[1:], True)
        bad = (into & (out_of | last)) | (out_of & ~same)
        if not bad.any():
            pts["step_s"], pts["step_km"], pts["step_same"] = dt_s, km, same  # still true: reused below
            break
        _count(faults, rules.jump, int(bad.sum()))
        pts = pts[~bad].reset_index(drop=True)
    return pts


def _outvoted(ac: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray, rules: FlightRules) -> np.ndarray:
    """Fixes that most of their neighbours (same aircraft, up to vote_window//2 each side) could
    only be reached from faster than `max_speed_kt`: a short run of spoofed fixes loses this vote.

    The distance (`_flat_km`) is computed only for pairs a cheap upper bound cannot clear: almost
    every pair is far below the limit, and `hypot` and the longitude wrap were most of the cost."""
    window = rules.vote_window
    coslat = np.cos(np.radians(lat))
    n = len(ac)
    votes = np.zeros(n)
    voters = np.zeros(n)
    for k in range(1, min(window // 2, n - 1) + 1):  # a table shorter than the window has fewer pairs
        i, j = slice(0, n - k), slice(k, n)  # pairs k apart, both directions vote (views, not copies)
        mine = ac[i] == ac[j]
        limit = rules.max_speed_kt * KM_PER_NM * np.abs(t[j] - t[i]) / 3600 + rules.position_slack_km
        # |wrapped dlon| <= |dlon| + 1e-12 (the wrap's rounding) and hypot(a, b) <= |a| + |b|; the
        # factor covers the rounding of this bound and of the exact distance (a few ulps)
        bound = (np.abs(lat[j] - lat[i]) + (np.abs(lon[j] - lon[i]) + 1e-12) * coslat[i]) * (KM_PER_DEG * (1 + 1e-9))
        fast = np.zeros(n - k, dtype=bool)
        check = np.flatnonzero(mine & (bound > limit))
        if len(check):
            fast[check] = _flat_km(lat[check], lon[check], lat[check + k], lon[check + k], coslat[check]) > limit[check]
        votes[: n - k] += fast
        votes[k:] += fast
        voters[: n - k] += mine
        voters[k:] += mine
    return (voters >= 2) & (votes * 2 > voters)


def _flat_km(lat0: np.ndarray, lon0: np.ndarray, lat1: np.ndarray, lon1: np.ndarray, coslat0: np.ndarray) -> np.ndarray:
    """Flat-earth distance: plenty for telling 1,000 kt from spoofing, and cheap."""
    dlon = (lon1 - lon0 + 180) % 360 - 180
    return np.hypot(lat1 - lat0, dlon * coslat0) * KM_PER_DEG


def _blank_altitude_spikes(pts: pd.DataFrame, faults: dict[str, int], rules: FlightRules) -> pd.DataFrame:
    """An altitude that jumps away and straight back is a corrupt altitude: blank it, keep the fix."""
    dt_s, _, same = _step(pts)
    alt = pts["alt_ft"].to_numpy(float)
    jump = np.abs(alt - np.roll(alt, 1))
    limit = rules.alt_slack_ft + rules.max_climb_fpm * dt_s / 60
    into = np.nan_to_num(jump > limit, nan=0).astype(bool) & same
    out_of = np.append(into[1:], False)
    spike = into & out_of
    _count(faults, "altitude spike", int(spike.sum()))
    if spike.any():
        alt = alt.copy()
        alt[spike] = np.nan
        pts = pts.assign(alt_ft=alt)  # one new column; the others are shared, not copied
    return pts


# --------------------------------------------------------------------------- 2. ground or air

def ground_state(pts: pd.DataFrame, rules: FlightRules = RULES) -> np.ndarray:
    """True on the ground: the flag where present and not absurd, else speed and altitude."""
    gs = pts["gs_kt"].to_numpy(float)
    alt = pts["alt_ft"].to_numpy(float)
    flag = pts["on_ground"].astype("Float64").to_numpy(float, na_value=np.nan)
    flag = np.where((flag == 1) & (gs > rules.ground_flag_doubt_kt), 0.0, flag)
    guess = np.full(len(pts), np.nan)
    guess = np.where(gs < rules.ground_speed_kt, 1.0, guess)
    guess = np.where((gs >= rules.air_speed_kt) | (alt > rules.airborne_alt_ft), 0.0, guess)
    state = _fill_within(np.where(np.isnan(flag), guess, flag), pts["ac"].to_numpy())
    return _debounce(pts, np.nan_to_num(state, nan=0.0) > 0.5, rules)


def _fill_within(values: np.ndarray, ac: np.ndarray) -> np.ndarray:
    """Forward- then back-fill NaNs from the same aircraft's neighbours (rows sorted by aircraft)."""
    n = len(values)
    idx = np.arange(n)
    valid = ~np.isnan(values)
    before = np.maximum.accumulate(np.where(valid, idx, -1))
    after = np.minimum.accumulate(np.where(valid, idx, n)[::-1])[::-1]
    b, a = np.clip(before, 0, n - 1), np.clip(after, 0, n - 1)
    out = np.where((before >= 0) & (ac[b] == ac), values[b], np.nan)
    return np.where(np.isnan(out) & (after < n) & (ac[a] == ac), values[a], out)


def _debounce(pts: pd.DataFrame, ground: np.ndarray, rules: FlightRules) -> np.ndarray:
    """Flip flag flicker, in two passes: first an 'air' run that does not move at flying speed
    (stale flags while parked) or lasts under two minutes between ground runs (no circuit is
    that short); then a 'ground' blip under 30 s between air runs while moving at flying speed."""
    run, runs = _state_runs(pts, ground, rules)
    taxi = ~runs["ground"] & (runs["crawling"] | (runs["span"] < rules.shortest_circuit_s)
                              & ((runs["ground_prev"] & runs["ground_next"]) | (runs["gs_max"] < rules.taxi_max_kt)))
    ground = np.where(taxi.to_numpy()[run], True, ground)
    run, runs = _state_runs(pts, ground, rules)
    blip = runs["ground"] & (runs["span"] < rules.ground_blip_s) & runs["same_prev"] & runs["same_next"] \
        & ~runs["ground_prev"] & ~runs["ground_next"] & (runs["gs_min"] > rules.air_speed_kt)
    return np.where(blip.to_numpy()[run], False, ground)


def _state_runs(pts: pd.DataFrame, ground: np.ndarray, rules: FlightRules) -> tuple[np.ndarray, pd.DataFrame]:
    """Runs of one state per aircraft (cut at holes): duration, speeds, distance moved, neighbours' states."""
    ac = pts["ac"].to_numpy()
    dt_s, km, _ = _step(pts)
    # a hole in the data also starts a run: how fast it moved is judged between holes
    new = np.r_[True, (ground[1:] != ground[:-1]) | (ac[1:] != ac[:-1])] | (dt_s > rules.gap_s)
    run = np.cumsum(new) - 1
    t = pts["time"].to_numpy("datetime64[ns]").astype("int64") / 1e9
    gs = pts["gs_kt"].to_numpy(float)
    first = np.flatnonzero(new)
    last = np.r_[first[1:] - 1, len(new) - 1]
    runs = pd.DataFrame({
        "t0": t[first], "t1": t[last], "ac": ac[first], "ground": ground[first],
        "gs_max": np.fmax.reduceat(gs, first), "gs_min": np.fmin.reduceat(gs, first),
        "km": np.add.reduceat(np.where(new, 0.0, np.nan_to_num(km)), first),
    })
    runs["span"] = runs["t1"] - runs["t0"]
    mean_kt = runs["km"] / KM_PER_NM / np.maximum(runs["span"], 1.0) * 3600
    runs["crawling"] = (mean_kt < rules.ground_speed_kt) & (runs["span"] > 0)
    ids, state = runs["ac"].to_numpy(), runs["ground"].to_numpy(bool)
    runs["same_prev"] = np.r_[False, ids[1:] == ids[:-1]]
    runs["same_next"] = np.r_[ids[1:] == ids[:-1], False]
    runs["ground_prev"] = np.r_[False, state[:-1]] & runs["same_prev"]
    runs["ground_next"] = np.r_[state[1:], False] & runs["same_next"]
    return run, runs


# --------------------------------------------------------------------------- 3. segments

def could_have_landed(dt_s, km, alt0, alt1, gs0, gs1, rules: FlightRules = RULES) -> np.ndarray:
    """Whether an air gap leaves time to descend, land, turn round, take off and climb again
    on top of flying the distance (at the faster end's ground speed, so doubt favours 'no')."""
    speed = np.fmax(np.nan_to_num(gs0, nan=0), np.nan_to_num(gs1, nan=0))
    speed = np.where(speed < rules.air_speed_kt, rules.cruise_kt, speed)
    fly_min = km / KM_PER_NM / speed * 60
    vertical_min = (np.nan_to_num(alt0, nan=0).clip(0) + np.nan_to_num(alt1, nan=0).clip(0)) / rules.fast_vertical_fpm
    needed_min = fly_min + vertical_min + rules.turnaround_min
    return (dt_s / 60 > needed_min) | (dt_s > rules.many_hours * 3600)


def segments(pts: pd.DataFrame, rules: FlightRules = RULES) -> np.ndarray:
    """Run id per point: a new run at each new aircraft, ground/air change, or break across a gap."""
    dt_s, km, same = _step(pts)
    ground = pts["ground"].to_numpy(bool)
    prev_ground = np.roll(ground, 1)
    alt, gs = pts["alt_ft"].to_numpy(float), pts["gs_kt"].to_numpy(float)
    air_break = ~ground & ~prev_ground & could_have_landed(dt_s, km, np.roll(alt, 1), alt, np.roll(gs, 1), gs, rules)
    ground_break = ground & prev_ground & (km > rules.ground_move_km)
    new = ~same | (ground != prev_ground) | air_break | ground_break
    return np.cumsum(new) - 1


# --------------------------------------------------------------------------- 4. runs → records

def summarise(pts: pd.DataFrame, rules: FlightRules = RULES) -> pd.DataFrame:
    """One row per run: its aircraft, state, ends, identity and evidence of climb/descent."""
    run = pts["run"].to_numpy()
    first = np.flatnonzero(np.r_[True, run[1:] != run[:-1]])
    last = np.r_[first[1:] - 1, len(run) - 1]
    ends = {"icao24": ("icao24", first), "track": ("track", first), "ac": ("ac", first), "ground": ("ground", first), "t0": ("time", first),
            "t1": ("time", last), "lat0": ("lat", first), "lon0": ("lon", first), "lat1": ("lat", last),
            "lon1": ("lon", last), "alt0": ("alt_ft", first), "alt1": ("alt_ft", last), "gs0": ("gs_kt", first),
            "gs1": ("gs_kt", last), "trk0": ("track_deg", first), "trk1": ("track_deg", last)}
    runs = pd.DataFrame({name: pts[col].iloc[at].to_numpy() for name, (col, at) in ends.items()},
                        index=pd.Index(run[first], name="run"))
    runs["points"] = last - first + 1
    for col in ("registration", "typecode"):  # first one known in the run
        known = pts.loc[pts[col].notna(), ["run", col]].drop_duplicates("run").set_index("run")[col]
        runs[col] = known.reindex(runs.index)
    # Climbing or descending at the ends: the altitude change over the first / last two minutes
    # (first and last known altitudes, per run, by index arithmetic rather than groupby).
    n = len(run)
    idx = np.arange(n)
    t = pts["time"].to_numpy("datetime64[ns]").astype("int64") / 1e9
    alt = pts["alt_ft"].to_numpy(float)
    known = ~np.isnan(alt)
    head = t - t[first][run] <= rules.end_s
    tail = t[last][run] - t <= rules.end_s

    def pick(mask: np.ndarray, latest: bool) -> np.ndarray:
        if latest:
            at = np.maximum.reduceat(np.where(mask, idx, -1), first)
            return np.where(at >= 0, alt[np.maximum(at, 0)], np.nan)
        at = np.minimum.reduceat(np.where(mask, idx, n), first)
        return np.where(at < n, alt[np.minimum(at, n - 1)], np.nan)

    runs["climb0"] = pick(head & known, True) - pick(known, False)
    runs["descent1"] = pick(known, True) - pick(tail & known, False)
    runs["callsign"] = _most_common(run, pts["callsign"], runs.index)
    runs["sources"] = _distinct(run, pts["source"], runs.index)
    return runs


def _pairs(run: np.ndarray, values: pd.Series, sort: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, pd.Index]:
    """The distinct (run, value) pairs of the rows with a value: their runs, value codes (into the
    returned uniques, in sorted order when `sort`), rows of first appearance and counts — by
    integer keys, not by grouping strings."""
    codes, uniques = pd.factorize(values, sort=sort)
    has = codes >= 0
    key = run[has].astype("int64") * (len(uniques) + 1) + codes[has]
    pairs, first, counts = np.unique(key, return_index=True, return_counts=True)  # sorted by (run, code)
    return pairs // (len(uniques) + 1), pairs % (len(uniques) + 1), np.flatnonzero(has)[first], counts, uniques


def _most_common(run: np.ndarray, values: pd.Series, index: pd.Index) -> pd.Series:
    """Per run its most frequent value; a tie goes to the value first in sorted order (as a
    groupby on (run, value) counted, then a stable sort by count, gave it)."""
    runs, codes, _, counts, uniques = _pairs(run, values, sort=True)
    order = np.lexsort((-counts, runs))  # stable: equal counts stay in value order
    top = order[np.r_[True, runs[order][1:] != runs[order][:-1]]] if len(order) else order
    return pd.Series(uniques[codes[top]], index=runs[top]).reindex(index)


def _distinct(run: np.ndarray, values: pd.Series, index: pd.Index) -> pd.Series:
    """Per run the list of its distinct values in order of first appearance (NaN: none)."""
    runs, codes, rows, _, uniques = _pairs(run, values, sort=False)
    order = np.argsort(rows, kind="stable")  # rows sorted by run already: appearance order within each run
    names = list(uniques)
    out: dict[int, list] = {}
    for r, c in zip(runs[order].tolist(), codes[order].tolist()):
        out.setdefault(r, []).append(names[c])
    return pd.Series(out, dtype=object).reindex(index)


def _gaps(pts: pd.DataFrame, rules: FlightRules) -> dict[int, list[Gap]]:
    dt_s, _, same = _step(pts)
    inside = same & (pts["run"].to_numpy() == np.roll(pts["run"].to_numpy(), 1)) & (dt_s >= rules.gap_s)
    at = np.flatnonzero(inside)
    out: dict[int, list[Gap]] = {}
    t, lat, lon, run = pts["time"], pts["lat"].to_numpy(), pts["lon"].to_numpy(), pts["run"].to_numpy()
    for i in at:  # one per gap, not per point
        out.setdefault(int(run[i]), []).append(Gap(
            start=t.iloc[i - 1].to_pydatetime(), end=t.iloc[i].to_pydatetime(),
            lat0=float(lat[i - 1]), lon0=float(lon[i - 1]), lat1=float(lat[i]), lon1=float(lon[i])))
    return out


def _holes(pts: pd.DataFrame, rules: FlightRules) -> dict[int, list[Gap]]:
    """Holes in the recording inside ground runs: `ground_hole_h` or more with no rows, or any
    gap (`gap_s` or more) across which the rows come from another file."""
    dt_s, _, same = _step(pts)
    run = pts["run"].to_numpy()
    source = pd.factorize(pts["source"].fillna(""))[0]  # codes: equal iff the names are (no str per row)
    other_file = source != np.roll(source, 1)
    inside = same & (run == np.roll(run, 1)) & pts["ground"].to_numpy(bool)
    at = np.flatnonzero(inside & ((dt_s >= rules.ground_hole_h * 3600) | ((dt_s >= rules.gap_s) & other_file)))
    out: dict[int, list[Gap]] = {}
    t = pts["time"]
    for i in at:  # one per hole, not per point
        out.setdefault(int(run[i]), []).append(Gap(start=t.iloc[i - 1].to_pydatetime(), end=t.iloc[i].to_pydatetime()))
    return out


def _kinematic_bounds(km: float, height_ft: float, rules: FlightRules) -> tuple[dt.timedelta, dt.timedelta]:
    """Shortest and longest time to cover `km` to or from a runway while losing/gaining `height_ft`."""
    height = max(height_ft if np.isfinite(height_ft) else 0.0, 0.0)
    nm = km / KM_PER_NM
    # near the runway speed is limited; beyond the terminal area it may be cruising with a tailwind
    near = min(nm, rules.terminal_radius_km / KM_PER_NM)
    fastest_min = near / rules.fast_low_kt * 60 + (nm - near) / rules.fast_cruise_kt * 60
    shortest = max(fastest_min, height / rules.fast_vertical_fpm)
    longest = max(nm / rules.slow_low_kt * 60, height / rules.slow_vertical_fpm) + rules.holding_min
    return dt.timedelta(minutes=shortest), dt.timedelta(minutes=longest)


def _window(earliest: dt.datetime | None, latest: dt.datetime | None) -> TimeWindow:
    """A window widened outward to whole seconds: no false sub-second precision."""
    if earliest is not None:
        earliest = earliest.replace(microsecond=0)
    if latest is not None and latest.microsecond:
        latest = latest.replace(microsecond=0) + dt.timedelta(seconds=1)
    return TimeWindow(earliest, latest)


def _py(ts) -> dt.datetime:
    return ts.to_pydatetime()


def _str(value) -> str | None:
    return None if pd.isna(value) else str(value)


def _assemble(runs: pd.DataFrame, pts: pd.DataFrame, rules: FlightRules) -> tuple[list[Flight], list[GroundStay]]:
    """Per run (not per point): airports at the ends, takeoff/landing windows, stays between."""
    runs = runs.reset_index()
    ac = runs["ac"].to_numpy()
    prev_same = np.r_[False, ac[1:] == ac[:-1]]
    next_same = np.r_[ac[1:] == ac[:-1], False]
    ground = runs["ground"].to_numpy(bool)

    # Airports, all queries at once: ground runs where they stand, air runs at their low ends.
    ground_at = _best(runs["lat0"].where(ground), runs["lon0"].where(ground), rules.ground_radius_km)[0]
    ground_end = _best(runs["lat1"].where(ground), runs["lon1"].where(ground), rules.ground_radius_km)[0]
    # First seen low and climbing / last seen low and descending: near an airport, it left / went there.
    low0 = (~runs["ground"] & (runs["alt0"] <= rules.terminal_alt_ft) & (runs["climb0"] > rules.level_ft)).to_numpy(bool)
    low1 = (~runs["ground"] & (runs["alt1"] <= rules.terminal_alt_ft) & (runs["descent1"] < -rules.level_ft)).to_numpy(bool)
    near0, cand0 = _best(runs["lat0"].where(low0), runs["lon0"].where(low0), rules.terminal_radius_km,
                         fit=(runs["alt0"], runs["trk0"], True, rules))
    near1, cand1 = _best(runs["lat1"].where(low1), runs["lon1"].where(low1), rules.terminal_radius_km,
                         fit=(runs["alt1"], runs["trk1"], False, rules))
    # Across an unseen stop (air run → air run) take the one airport that fits both ends.
    unseen = np.flatnonzero(~ground & next_same & np.r_[~ground[1:], False] & low1 & np.r_[low0[1:], False])
    side1, side0 = _by_query(cand1, unseen), _by_query(cand0, unseen + 1)
    for i in map(int, unseen):
        joint = _joint(side1.get(i, []), side0.get(i + 1, []), rules)
        if joint is not None:
            near1[i], near0[i + 1] = joint
    gaps = _gaps(pts, rules)
    holes = _holes(pts, rules)
    R = runs.to_dict("records")

    flights: dict[int, Flight] = {}
    used: set[str] = set()
    for i in map(int, np.flatnonzero(~ground)):
        r = R[i]
        prev = R[i - 1] if prev_same[i] else None
        nxt = R[i + 1] if next_same[i] else None
        origin, up = _takeoff(r, prev, ground_end[i - 1] if prev else None, near0[i], rules)
        dest, down = _landing(r, nxt, ground_at[i + 1] if nxt else None, near1[i], rules)
        if up.latest and down.earliest and up.latest > down.earliest:
            down = TimeWindow(up.latest, down.latest if down.latest and down.latest >= up.latest else None)
        fid = f"{_label(r['icao24'], r['callsign'])}-{r['t0']:%Y%m%dT%H%MZ}"
        while fid in used:
            fid += "+"
        used.add(fid)
        flights[i] = Flight(
            id=fid, icao24=_str(r["icao24"]), registration=_str(r["registration"]), callsign=_str(r["callsign"]),
            typecode=_str(r["typecode"]), origin=origin, destination=dest, takeoff=up, landing=down,
            points=int(r["points"]), first_seen=_py(r["t0"]), last_seen=_py(r["t1"]),
            gaps=gaps.get(int(r["run"]), []),
            source=list(r["sources"]) if isinstance(r["sources"], list) else [], track=str(r["track"]),
        )

    stays: list[GroundStay] = []
    for i, r in enumerate(R):
        before = flights.get(i - 1) if prev_same[i] else None
        after = flights.get(i + 1) if next_same[i] else None
        if r["ground"]:
            at = _at(ground_at[i], r["lat0"], r["lon0"])
            arrival = before.landing if before else _window(None, _py(r["t0"]))
            departure = after.takeoff if after else _window(_py(r["t1"]), None)
            inside = holes.get(int(r["run"]), [])
            seen = _py(r["t1"]) - _py(r["t0"])
            if inside:  # seen on the ground only up to the first hole and after the last one
                seen = max(inside[0].start - _py(r["t0"]), _py(r["t1"]) - inside[-1].end)
            stay = _stay(r, at, arrival, departure, before, after, inferred=False, seen=seen, bounded=bool(inside))
            stay.unseen = inside
            stays.append(stay)
        elif after is not None:
            here = flights[i]
            if here.destination and after.origin and here.destination.icao == after.origin.icao:
                stays.append(_stay(r, here.destination, here.landing, after.takeoff, here, after, inferred=True))
    return list(flights.values()), stays


def _best(lat: pd.Series, lon: pd.Series, radius_km: float, fit=None) -> tuple[list[dict], pd.DataFrame]:
    """`airports.best` for a column of points (NaN rows get no airport), and the candidates.

    `fit=(alt, track, leaving, rules)` weighs airborne evidence: an airport the aircraft could only
    have reached by an absurd climb or descent gradient, or that lies behind it, costs more."""
    cands = airports.candidates(lat.to_numpy(float), lon.to_numpy(float), radius_km)
    if fit is not None and not cands.empty:
        cands = _fit(cands, lat.to_numpy(float), lon.to_numpy(float), *fit)
    return airports.best(cands, len(lat)).to_dict("records"), cands


def _fit(cands: pd.DataFrame, lat, lon, alt: pd.Series, track: pd.Series, leaving: bool,
         rules: FlightRules) -> pd.DataFrame:
    q = cands["query"].to_numpy()
    idx = airports.get_many(cands["icao"])
    height = np.clip(alt.to_numpy(float)[q] - np.nan_to_num(cands["elevation_ft"].to_numpy(float)), 0, None)
    nm = np.maximum(cands["distance_km"].to_numpy() / KM_PER_NM, rules.min_fit_nm)
    gradient = np.nan_to_num(height / nm)
    steep = 1 + np.maximum(gradient - rules.gradient_ft_per_nm, 0) / rules.gradient_ft_per_nm
    bearing = bearing_deg(lat[q], lon[q], idx["lat"], idx["lon"])
    if leaving:
        bearing = (bearing + 180) % 360  # the airport lies behind a departing aircraft
    off = np.abs((bearing - track.to_numpy(float)[q] + 180) % 360 - 180)
    behind = 1 + np.maximum(np.nan_to_num(off) - rules.behind_deg, 0) / rules.behind_deg
    return cands.assign(cost=cands["cost"].to_numpy() * steep * behind)


def _by_query(cands: pd.DataFrame, queries: np.ndarray) -> dict[int, list[dict]]:
    """Candidate rows of the given queries as records, grouped by query (one pass, not one filter each)."""
    out: dict[int, list[dict]] = {}
    if len(queries) and not cands.empty:
        for r in cands[np.isin(cands["query"].to_numpy(), queries)].to_dict("records"):
            out.setdefault(int(r["query"]), []).append(r)
    return out


def _joint(a: list[dict], b: list[dict], rules: FlightRules) -> tuple[dict, dict] | None:
    """The airport minimising the summed cost from where it was lost and where it reappeared
    (`a`, `b`: candidate records of the two ends)."""
    side_a = {r["icao"]: r for r in a}
    side_b = {r["icao"]: r for r in b}
    ranked = sorted((side_a[c]["cost"] + side_b[c]["cost"], c) for c in side_a.keys() & side_b.keys())
    if not ranked:
        return None
    (top_cost, top), runner = ranked[0], None
    if len(ranked) > 1 and ranked[1][0] <= top_cost * rules.joint_ratio + rules.joint_slack_km:
        runner = ranked[1][1]

    def side(rows: dict) -> dict:
        return {"icao": top, "distance_km": rows[top]["distance_km"], "elevation_ft": rows[top]["elevation_ft"],
                "runner_up": runner, "runner_up_km": np.nan if runner is None else rows[runner]["distance_km"]}
    return side(side_a), side(side_b)


def _height(alt, airport_row) -> float:
    elev = airport_row["elevation_ft"] if airport_row is not None and pd.notna(airport_row["elevation_ft"]) else 0.0
    return float(alt) - float(elev) if pd.notna(alt) else 0.0


def _at(airport_row: dict | None, lat: float, lon: float) -> AirportRef:
    """The airport a ground point belongs to, or the bare coordinates of an unlisted airfield."""
    return airports.ref(airport_row) or AirportRef(None, lat=round(float(lat), 4), lon=round(float(lon), 4))


def _from_ground(ground: dict, g: str, airport_row: dict | None, air: dict, a: str, rules: FlightRules):
    """Airport of a ground run's end `g`, and the time bounds between it and an air run's end `a`."""
    km = float(haversine_km(ground["lat" + g], ground["lon" + g], air["lat" + a], air["lon" + a]))
    shortest, longest = _kinematic_bounds(km, _height(air["alt" + a], airport_row), rules)
    return _at(airport_row, ground["lat" + g], ground["lon" + g]), shortest, longest


def _takeoff(r, prev, prev_ground_airport, near, rules: FlightRules) -> tuple[AirportRef | None, TimeWindow]:
    """Where and when it left the ground. Seen on the ground before: between the two points.
    First seen low and climbing near an airport: bounded by distance and climb. Else unknown."""
    first = _py(r["t0"])
    floor = _py(prev["t1"]) if prev is not None else None
    if prev is not None and prev["ground"]:
        origin, shortest, longest = _from_ground(prev, "1", prev_ground_airport, r, "0", rules)
        return origin, _window(max(floor, first - longest), max(floor, first - shortest))
    if pd.notna(near["icao"]):
        shortest, longest = _kinematic_bounds(float(near["distance_km"]), _height(r["alt0"], near), rules)
        earliest = first - longest if floor is None else max(floor, first - longest)
        return airports.ref(near), _window(earliest, max(earliest, first - shortest))
    return None, _window(floor, first)


def _landing(r, nxt, next_ground_airport, near, rules: FlightRules) -> tuple[AirportRef | None, TimeWindow]:
    """Where and when it touched down, mirror of `_takeoff`; last seen at cruise → unknown."""
    last = _py(r["t1"])
    ceiling = _py(nxt["t0"]) if nxt is not None else None
    if nxt is not None and nxt["ground"]:
        dest, shortest, longest = _from_ground(nxt, "0", next_ground_airport, r, "1", rules)
        return dest, _window(min(ceiling, last + shortest), min(ceiling, last + longest))
    if pd.notna(near["icao"]):
        shortest, longest = _kinematic_bounds(float(near["distance_km"]), _height(r["alt1"], near), rules)
        latest = last + longest if ceiling is None else min(ceiling, last + longest)
        return airports.ref(near), _window(min(latest, last + shortest), latest)
    return None, _window(last, ceiling)


def _stay(r, at: AirportRef, arrival: TimeWindow, departure: TimeWindow, before: Flight | None,
          after: Flight | None, inferred: bool, seen: dt.timedelta | None = None, bounded: bool = False) -> GroundStay:
    """Dwell = departure − arrival as an interval; at least what was seen on the ground.
    `bounded`: a hole in the recording lies inside, so only what was seen sets the lower end."""
    lo = hi = None
    if departure.earliest and arrival.latest and not bounded:
        lo = max((departure.earliest - arrival.latest).total_seconds() / 3600, 0.0)
    if seen is not None:
        lo = max(lo or 0.0, seen.total_seconds() / 3600)
    if departure.latest and arrival.earliest:
        hi = (departure.latest - arrival.earliest).total_seconds() / 3600
    return GroundStay(
        icao24=_str(r["icao24"]), registration=_str(r["registration"]), airport=at, track=str(r["track"]),
        arrival=arrival, departure=departure,
        dwell_hours=HoursRange(None if lo is None else round(lo, 3), None if hi is None else round(hi, 3)),
        inferred=inferred, arriving_flight=before.id if before else None,
        departing_flight=after.id if after else None,
    )
