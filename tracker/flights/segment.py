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

import numpy as np
import pandas as pd

from tracker import airports
from tracker.adsb.schema import track_keys
from tracker.model import AirportRef, Flight, FlightsResult, Gap, GroundStay, HoursRange, TimeWindow

# --------------------------------------------------------------------------- physics (why each number)
MAX_SPEED_KT = 1000.0  # no airliner or military transport flies faster over the ground
POSITION_SLACK_KM = 1.0  # position quantisation and timestamp jitter at 1 s cadence
KM_PER_DEG = 111.195  # one degree of latitude
VOTE_WINDOW = 11  # a fix is checked against this many around it (itself included)
JUMP = f"position jump over {MAX_SPEED_KT:.0f} kt"
MAX_CLIMB_FPM = 12000.0  # beyond any transport's climb or descent: an altitude spike
ALT_SLACK_FT = 1000.0
GROUND_SPEED_KT = 50.0  # below this a fixed-wing aircraft is on the ground
AIR_SPEED_KT = 80.0  # above this it is flying (or about to)
GROUND_FLAG_DOUBT_KT = 200.0  # "on ground" at this speed is a wrong flag
TERMINAL_ALT_FT = 12000.0  # "about 10,000 ft": below this, near an airport, it is arriving/departing
TERMINAL_RADIUS_KM = 100.0
GROUND_RADIUS_KM = 8.0  # a ground point belongs to an airport this close (large airports are big)
GROUND_MOVE_KM = 10.0  # two ground points this far apart with nothing between: it flew unseen
GAP_S = 300.0  # a hole in the data of 5 minutes or more is reported as a gap
TURNAROUND_MIN = 15.0  # shortest plausible landing-to-takeoff on the ground
FAST_VERTICAL_FPM = 5000.0  # fastest sustained descent/climb: bounds the earliest landing
SLOW_VERTICAL_FPM = 800.0  # slowest sensible descent on arrival: bounds the latest landing
FAST_LOW_KT = 350.0  # fastest ground speed below 10,000 ft (250 kt IAS + tailwind)
SLOW_LOW_KT = 140.0  # approach speed
FAST_CRUISE_KT = 650.0  # fastest ground speed at cruise (jet stream tailwind)
HOLDING_MIN = 30.0  # holding and vectoring allowance on an unseen arrival
MANY_HOURS = 12.0  # an air gap this long ends the flight whatever the geometry
CRUISE_KT = 450.0  # when ground speed is unknown
GRADIENT_FT_PER_NM = 500.0  # steeper than this to or from a runway is unusual (3° glide ≈ 320 ft/nm)
END_S = 120.0  # climbing or descending is judged over a run's first / last two minutes
LEVEL_FT = 100.0  # less change than this over END_S is level flight (not a climb, not a descent)
# A parked aircraft is often silent for a day or two (transponder off overnight): a quiet
# stretch that long inside one file, at one place, is still a stay. A hole of several days,
# or any hole where one file ends and the next begins, is a hole in the recording: the stay
# across it is bounded, not seen (the aircraft may have flown away and back unseen).
GROUND_HOLE_H = 72.0


def detect(table: pd.DataFrame) -> FlightsResult:
    """Cut a canonical track table into flights and ground stays."""
    faults: dict[str, int] = {}
    pts = clean(table, faults)
    if pts.empty:
        return FlightsResult(faults=faults)
    pts["ground"] = ground_state(pts)
    pts["run"] = segments(pts)
    runs = summarise(pts)
    flights, stays = _assemble(runs, pts)
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
    km = np.where(same, airports.haversine_km(np.roll(lat, 1), np.roll(lon, 1), lat, lon), np.nan)
    return dt_s, km, same


def _count(faults: dict[str, int], reason: str, n: int) -> None:
    if n:
        faults[reason] = faults.get(reason, 0) + int(n)


def clean(table: pd.DataFrame, faults: dict[str, int]) -> pd.DataFrame:
    """Sorted points with positions; impossible ones removed and counted in `faults`."""
    key = track_keys(table)
    no_time = table["time"].isna().to_numpy()
    _count(faults, "no time", int(no_time.sum()))
    no_key = key.isna().to_numpy() & ~no_time
    _count(faults, "no icao24, and no callsign to tell its file's aircraft apart", int(no_key.sum()))
    keep = ~no_time & ~no_key
    pts = table[keep].assign(track=key[keep])  # string dtype, index-aligned: factorizes fast
    no_pos = pts["lat"].isna() | pts["lon"].isna() | (pts["lat"].abs() > 90) | (pts["lon"].abs() > 180)
    _count(faults, "no position", int(no_pos.sum()))
    pts = pts[~no_pos].copy()
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
    source = pts["source"].to_numpy(object)
    other = np.r_[False, source[1:] != source[:-1]]
    _count(faults, "clock: same time, other position", int((dup & ~here & ~other).sum()))
    _count(faults, "same time, other position in another file (first kept)", int((dup & ~here & other).sum()))
    # Stale fixes: a position repeated exactly while the aircraft claims to be moving is a
    # receiver filling in the last known state (OpenSky-style resampling after coverage ends).
    stale = ~dup & same & here & (pts["gs_kt"].to_numpy(float) >= GROUND_SPEED_KT) \
        & ~pts["on_ground"].fillna(False).to_numpy(bool)
    _count(faults, "position repeated while moving (not a new fix)", int(stale.sum()))
    # Spoofed runs: fixes most of their neighbours could only reach faster than 1,000 kt.
    spoofed = ~dup & ~stale & _outvoted(ac, t / 1e9, lat, lon)
    _count(faults, JUMP, int(spoofed.sum()))
    pts = pts[~(dup | stale | spoofed)].reset_index(drop=True)

    pts = _drop_position_jumps(pts, faults)
    pts = _blank_altitude_spikes(pts, faults)
    pts["step_s"], pts["step_km"], pts["step_same"] = _step(pts)
    return pts


def _drop_position_jumps(pts: pd.DataFrame, faults: dict[str, int], rounds: int = 4) -> pd.DataFrame:
    """Drop any fix reached faster than 1,000 kt from both neighbours, peeled over a few
    rounds (a jump at a track's end counts from its one neighbour)."""
    for _ in range(rounds):
        dt_s, km, same = _step(pts)
        into = np.nan_to_num(km > (MAX_SPEED_KT * 1.852 * dt_s / 3600 + POSITION_SLACK_KM)).astype(bool)
        out_of = np.append(into[1:], False)
        last = np.append(~same[1:], True)
        bad = (into & (out_of | last)) | (out_of & ~same)
        if not bad.any():
            break
        _count(faults, JUMP, int(bad.sum()))
        pts = pts[~bad].reset_index(drop=True)
    return pts


def _outvoted(ac: np.ndarray, t: np.ndarray, lat: np.ndarray, lon: np.ndarray, window: int = VOTE_WINDOW) -> np.ndarray:
    """Fixes that most of their neighbours (same aircraft, up to window//2 each side) could
    only be reached from faster than 1,000 kt: a short run of spoofed fixes loses this vote."""
    coslat = np.cos(np.radians(lat))
    n = len(ac)
    votes = np.zeros(n)
    voters = np.zeros(n)
    for k in range(1, min(window // 2, n - 1) + 1):  # a table shorter than the window has fewer pairs
        i, j = np.arange(n - k), np.arange(k, n)  # pairs k apart, both directions vote
        mine = ac[i] == ac[j]
        # flat-earth distance: plenty for telling 1,000 kt from spoofing, and cheap
        dlon = (lon[j] - lon[i] + 180) % 360 - 180
        km = np.hypot(lat[j] - lat[i], dlon * coslat[i]) * KM_PER_DEG
        fast = mine & (km > MAX_SPEED_KT * 1.852 * np.abs(t[j] - t[i]) / 3600 + POSITION_SLACK_KM)
        votes[: n - k] += fast
        votes[k:] += fast
        voters[: n - k] += mine
        voters[k:] += mine
    return (voters >= 2) & (votes * 2 > voters)


def _blank_altitude_spikes(pts: pd.DataFrame, faults: dict[str, int]) -> pd.DataFrame:
    """An altitude that jumps away and straight back is a corrupt altitude: blank it, keep the fix."""
    dt_s, _, same = _step(pts)
    alt = pts["alt_ft"].to_numpy(float)
    jump = np.abs(alt - np.roll(alt, 1))
    limit = ALT_SLACK_FT + MAX_CLIMB_FPM * dt_s / 60
    into = np.nan_to_num(jump > limit, nan=0).astype(bool) & same
    out_of = np.append(into[1:], False)
    spike = into & out_of
    _count(faults, "altitude spike", int(spike.sum()))
    pts = pts.copy()
    pts.loc[spike, "alt_ft"] = np.nan
    return pts


# --------------------------------------------------------------------------- 2. ground or air

def ground_state(pts: pd.DataFrame) -> np.ndarray:
    """True on the ground: the flag where present and not absurd, else speed and altitude."""
    gs = pts["gs_kt"].to_numpy(float)
    alt = pts["alt_ft"].to_numpy(float)
    flag = pts["on_ground"].astype("Float64").to_numpy(float, na_value=np.nan)
    flag = np.where((flag == 1) & (gs > GROUND_FLAG_DOUBT_KT), 0.0, flag)
    guess = np.full(len(pts), np.nan)
    guess = np.where(gs < GROUND_SPEED_KT, 1.0, guess)
    guess = np.where((gs >= AIR_SPEED_KT) | (alt > 20000), 0.0, guess)
    state = _fill_within(np.where(np.isnan(flag), guess, flag), pts["ac"].to_numpy())
    return _debounce(pts, np.nan_to_num(state, nan=0.0) > 0.5)


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


def _debounce(pts: pd.DataFrame, ground: np.ndarray) -> np.ndarray:
    """Flip flag flicker, in two passes: first an 'air' run that does not move at flying speed
    (stale flags while parked) or lasts under two minutes between ground runs (no circuit is
    that short); then a 'ground' blip under 30 s between air runs while moving at flying speed."""
    run, runs = _state_runs(pts, ground)
    taxi = ~runs["ground"] & (runs["crawling"] | (runs["span"] < 120)
                              & ((runs["ground_prev"] & runs["ground_next"]) | (runs["gs_max"] < 100)))
    ground = np.where(taxi.to_numpy()[run], True, ground)
    run, runs = _state_runs(pts, ground)
    blip = runs["ground"] & (runs["span"] < 30) & runs["same_prev"] & runs["same_next"] \
        & ~runs["ground_prev"] & ~runs["ground_next"] & (runs["gs_min"] > AIR_SPEED_KT)
    return np.where(blip.to_numpy()[run], False, ground)


def _state_runs(pts: pd.DataFrame, ground: np.ndarray) -> tuple[np.ndarray, pd.DataFrame]:
    """Runs of one state per aircraft (cut at holes): duration, speeds, distance moved, neighbours' states."""
    ac = pts["ac"].to_numpy()
    dt_s, km, _ = _step(pts)
    # a hole in the data also starts a run: how fast it moved is judged between holes
    new = np.r_[True, (ground[1:] != ground[:-1]) | (ac[1:] != ac[:-1])] | (dt_s > GAP_S)
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
    mean_kt = runs["km"] / 1.852 / np.maximum(runs["span"], 1.0) * 3600
    runs["crawling"] = (mean_kt < GROUND_SPEED_KT) & (runs["span"] > 0)
    ids, state = runs["ac"].to_numpy(), runs["ground"].to_numpy(bool)
    runs["same_prev"] = np.r_[False, ids[1:] == ids[:-1]]
    runs["same_next"] = np.r_[ids[1:] == ids[:-1], False]
    runs["ground_prev"] = np.r_[False, state[:-1]] & runs["same_prev"]
    runs["ground_next"] = np.r_[state[1:], False] & runs["same_next"]
    return run, runs


# --------------------------------------------------------------------------- 3. segments

def could_have_landed(dt_s, km, alt0, alt1, gs0, gs1) -> np.ndarray:
    """Whether an air gap leaves time to descend, land, turn round, take off and climb again
    on top of flying the distance (at the faster end's ground speed, so doubt favours 'no')."""
    speed = np.fmax(np.nan_to_num(gs0, nan=0), np.nan_to_num(gs1, nan=0))
    speed = np.where(speed < AIR_SPEED_KT, CRUISE_KT, speed)
    fly_min = km / 1.852 / speed * 60
    vertical_min = (np.nan_to_num(alt0, nan=0).clip(0) + np.nan_to_num(alt1, nan=0).clip(0)) / FAST_VERTICAL_FPM
    needed_min = fly_min + vertical_min + TURNAROUND_MIN
    return (dt_s / 60 > needed_min) | (dt_s > MANY_HOURS * 3600)


def segments(pts: pd.DataFrame) -> np.ndarray:
    """Run id per point: a new run at each new aircraft, ground/air change, or break across a gap."""
    dt_s, km, same = _step(pts)
    ground = pts["ground"].to_numpy(bool)
    prev_ground = np.roll(ground, 1)
    alt, gs = pts["alt_ft"].to_numpy(float), pts["gs_kt"].to_numpy(float)
    air_break = ~ground & ~prev_ground & could_have_landed(dt_s, km, np.roll(alt, 1), alt, np.roll(gs, 1), gs)
    ground_break = ground & prev_ground & (km > GROUND_MOVE_KM)
    new = ~same | (ground != prev_ground) | air_break | ground_break
    return np.cumsum(new) - 1


# --------------------------------------------------------------------------- 4. runs → records

def summarise(pts: pd.DataFrame) -> pd.DataFrame:
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
    head = t - t[first][run] <= END_S
    tail = t[last][run] - t <= END_S

    def pick(mask: np.ndarray, latest: bool) -> np.ndarray:
        if latest:
            at = np.maximum.reduceat(np.where(mask, idx, -1), first)
            return np.where(at >= 0, alt[np.maximum(at, 0)], np.nan)
        at = np.minimum.reduceat(np.where(mask, idx, n), first)
        return np.where(at < n, alt[np.minimum(at, n - 1)], np.nan)

    runs["climb0"] = pick(head & known, True) - pick(known, False)
    runs["descent1"] = pick(known, True) - pick(tail & known, False)
    named = pts.loc[pts["callsign"].notna(), ["run", "callsign"]]
    counts = named.groupby(["run", "callsign"], observed=True).size().reset_index(name="n")
    counts = counts.sort_values(["run", "n"], ascending=[True, False], kind="stable").drop_duplicates("run")
    runs["callsign"] = counts.set_index("run")["callsign"].reindex(runs.index)
    sources = pts.loc[pts["source"].notna(), ["run", "source"]].drop_duplicates()
    runs["sources"] = sources.groupby("run")["source"].agg(list).reindex(runs.index)
    return runs


def _gaps(pts: pd.DataFrame) -> dict[int, list[Gap]]:
    dt_s, _, same = _step(pts)
    inside = same & (pts["run"].to_numpy() == np.roll(pts["run"].to_numpy(), 1)) & (dt_s >= GAP_S)
    at = np.flatnonzero(inside)
    out: dict[int, list[Gap]] = {}
    t, lat, lon, run = pts["time"], pts["lat"].to_numpy(), pts["lon"].to_numpy(), pts["run"].to_numpy()
    for i in at:  # one per gap, not per point
        out.setdefault(int(run[i]), []).append(Gap(
            start=t.iloc[i - 1].to_pydatetime(), end=t.iloc[i].to_pydatetime(),
            lat0=float(lat[i - 1]), lon0=float(lon[i - 1]), lat1=float(lat[i]), lon1=float(lon[i])))
    return out


def _holes(pts: pd.DataFrame) -> dict[int, list[Gap]]:
    """Holes in the recording inside ground runs: GROUND_HOLE_H or more with no rows, or any
    gap (GAP_S or more) across which the rows come from another file."""
    dt_s, _, same = _step(pts)
    run = pts["run"].to_numpy()
    source = pts["source"].fillna("").astype(str).to_numpy()
    other_file = source != np.roll(source, 1)
    inside = same & (run == np.roll(run, 1)) & pts["ground"].to_numpy(bool)
    at = np.flatnonzero(inside & ((dt_s >= GROUND_HOLE_H * 3600) | ((dt_s >= GAP_S) & other_file)))
    out: dict[int, list[Gap]] = {}
    t = pts["time"]
    for i in at:  # one per hole, not per point
        out.setdefault(int(run[i]), []).append(Gap(start=t.iloc[i - 1].to_pydatetime(), end=t.iloc[i].to_pydatetime()))
    return out


def _kinematic_bounds(km: float, height_ft: float) -> tuple[dt.timedelta, dt.timedelta]:
    """Shortest and longest time to cover `km` to or from a runway while losing/gaining `height_ft`."""
    height = max(height_ft if np.isfinite(height_ft) else 0.0, 0.0)
    nm = km / 1.852
    # near the runway speed is limited; beyond the terminal area it may be cruising with a tailwind
    near = min(nm, TERMINAL_RADIUS_KM / 1.852)
    fastest_min = near / FAST_LOW_KT * 60 + (nm - near) / FAST_CRUISE_KT * 60
    shortest = max(fastest_min, height / FAST_VERTICAL_FPM)
    longest = max(nm / SLOW_LOW_KT * 60, height / SLOW_VERTICAL_FPM) + HOLDING_MIN
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


def _assemble(runs: pd.DataFrame, pts: pd.DataFrame) -> tuple[list[Flight], list[GroundStay]]:
    """Per run (not per point): airports at the ends, takeoff/landing windows, stays between."""
    runs = runs.reset_index()
    ac = runs["ac"].to_numpy()
    prev_same = np.r_[False, ac[1:] == ac[:-1]]
    next_same = np.r_[ac[1:] == ac[:-1], False]
    ground = runs["ground"].to_numpy(bool)

    # Airports, all queries at once: ground runs where they stand, air runs at their low ends.
    ground_at = _best(runs["lat0"].where(ground), runs["lon0"].where(ground), GROUND_RADIUS_KM)[0]
    ground_end = _best(runs["lat1"].where(ground), runs["lon1"].where(ground), GROUND_RADIUS_KM)[0]
    # First seen low and climbing / last seen low and descending: near an airport, it left / went there.
    low0 = (~runs["ground"] & (runs["alt0"] <= TERMINAL_ALT_FT) & (runs["climb0"] > LEVEL_FT)).to_numpy(bool)
    low1 = (~runs["ground"] & (runs["alt1"] <= TERMINAL_ALT_FT) & (runs["descent1"] < -LEVEL_FT)).to_numpy(bool)
    near0, cand0 = _best(runs["lat0"].where(low0), runs["lon0"].where(low0), TERMINAL_RADIUS_KM,
                         fit=(runs["alt0"], runs["trk0"], True))
    near1, cand1 = _best(runs["lat1"].where(low1), runs["lon1"].where(low1), TERMINAL_RADIUS_KM,
                         fit=(runs["alt1"], runs["trk1"], False))
    # Across an unseen stop (air run → air run) take the one airport that fits both ends.
    unseen = np.flatnonzero(~ground & next_same & np.r_[~ground[1:], False] & low1 & np.r_[low0[1:], False])
    for i in unseen:
        joint = _joint(cand1[cand1["query"] == i], cand0[cand0["query"] == i + 1])
        if joint is not None:
            near1[i], near0[i + 1] = joint
    gaps = _gaps(pts)
    holes = _holes(pts)
    R = runs.to_dict("records")

    flights: dict[int, Flight] = {}
    used: set[str] = set()
    for i in np.flatnonzero(~ground):
        r = R[i]
        prev = R[i - 1] if prev_same[i] else None
        nxt = R[i + 1] if next_same[i] else None
        origin, up = _takeoff(r, prev, ground_end[i - 1] if prev else None, near0[i])
        dest, down = _landing(r, nxt, ground_at[i + 1] if nxt else None, near1[i])
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
            unseen = holes.get(int(r["run"]), [])
            seen = _py(r["t1"]) - _py(r["t0"])
            if unseen:  # seen on the ground only up to the first hole and after the last one
                seen = max(unseen[0].start - _py(r["t0"]), _py(r["t1"]) - unseen[-1].end)
            stay = _stay(r, at, arrival, departure, before, after, inferred=False, seen=seen, bounded=bool(unseen))
            stay.unseen = unseen
            stays.append(stay)
        elif after is not None:
            here = flights[i]
            if here.destination and after.origin and here.destination.icao == after.origin.icao:
                stays.append(_stay(r, here.destination, here.landing, after.takeoff, here, after, inferred=True))
    return list(flights.values()), stays


def _best(lat: pd.Series, lon: pd.Series, radius_km: float, fit=None) -> tuple[list[dict], pd.DataFrame]:
    """`airports.best` for a column of points (NaN rows get no airport), and the candidates.

    `fit=(alt, track, leaving)` weighs airborne evidence: an airport the aircraft could only
    have reached by an absurd climb or descent gradient, or that lies behind it, costs more."""
    cands = airports.candidates(lat.to_numpy(float), lon.to_numpy(float), radius_km)
    if fit is not None and not cands.empty:
        cands = _fit(cands, lat.to_numpy(float), lon.to_numpy(float), *fit)
    return airports.best(cands, len(lat)).to_dict("records"), cands


def _fit(cands: pd.DataFrame, lat, lon, alt: pd.Series, track: pd.Series, leaving: bool) -> pd.DataFrame:
    q = cands["query"].to_numpy()
    idx = airports.get_many(cands["icao"])
    height = np.clip(alt.to_numpy(float)[q] - np.nan_to_num(cands["elevation_ft"].to_numpy(float)), 0, None)
    nm = np.maximum(cands["distance_km"].to_numpy() / 1.852, 0.5)
    gradient = np.nan_to_num(height / nm)
    steep = 1 + np.maximum(gradient - GRADIENT_FT_PER_NM, 0) / GRADIENT_FT_PER_NM
    bearing = airports.bearing_deg(lat[q], lon[q], idx["lat"], idx["lon"])
    if leaving:
        bearing = (bearing + 180) % 360  # the airport lies behind a departing aircraft
    off = np.abs((bearing - track.to_numpy(float)[q] + 180) % 360 - 180)
    behind = 1 + np.maximum(np.nan_to_num(off) - 90, 0) / 90
    return cands.assign(cost=cands["cost"].to_numpy() * steep * behind)


def _joint(a: pd.DataFrame, b: pd.DataFrame) -> tuple[dict, dict] | None:
    """The airport minimising the summed cost from where it was lost and where it reappeared."""
    side_a = {r["icao"]: r for r in a.to_dict("records")}
    side_b = {r["icao"]: r for r in b.to_dict("records")}
    ranked = sorted((side_a[c]["cost"] + side_b[c]["cost"], c) for c in side_a.keys() & side_b.keys())
    if not ranked:
        return None
    (top_cost, top), runner = ranked[0], None
    if len(ranked) > 1 and ranked[1][0] <= top_cost * 1.5 + 3:
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


def _from_ground(ground: dict, g: str, airport_row: dict | None, air: dict, a: str):
    """Airport of a ground run's end `g`, and the time bounds between it and an air run's end `a`."""
    km = float(airports.haversine_km(ground["lat" + g], ground["lon" + g], air["lat" + a], air["lon" + a]))
    shortest, longest = _kinematic_bounds(km, _height(air["alt" + a], airport_row))
    return _at(airport_row, ground["lat" + g], ground["lon" + g]), shortest, longest


def _takeoff(r, prev, prev_ground_airport, near) -> tuple[AirportRef | None, TimeWindow]:
    """Where and when it left the ground. Seen on the ground before: between the two points.
    First seen low and climbing near an airport: bounded by distance and climb. Else unknown."""
    first = _py(r["t0"])
    floor = _py(prev["t1"]) if prev is not None else None
    if prev is not None and prev["ground"]:
        origin, shortest, longest = _from_ground(prev, "1", prev_ground_airport, r, "0")
        return origin, _window(max(floor, first - longest), max(floor, first - shortest))
    if pd.notna(near["icao"]):
        shortest, longest = _kinematic_bounds(float(near["distance_km"]), _height(r["alt0"], near))
        earliest = first - longest if floor is None else max(floor, first - longest)
        return airports.ref(near), _window(earliest, max(earliest, first - shortest))
    return None, _window(floor, first)


def _landing(r, nxt, next_ground_airport, near) -> tuple[AirportRef | None, TimeWindow]:
    """Where and when it touched down, mirror of `_takeoff`; last seen at cruise → unknown."""
    last = _py(r["t1"])
    ceiling = _py(nxt["t0"]) if nxt is not None else None
    if nxt is not None and nxt["ground"]:
        dest, shortest, longest = _from_ground(nxt, "0", next_ground_airport, r, "1")
        return dest, _window(min(ceiling, last + shortest), min(ceiling, last + longest))
    if pd.notna(near["icao"]):
        shortest, longest = _kinematic_bounds(float(near["distance_km"]), _height(r["alt1"], near))
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
