"""Reconstructed (NOT recorded) tracks of RA-86559, built from what was publicly reported.

The published facts (Flightradar24 via NK News, the Daily Beast and Bloomberg) fix the days,
the airports and the times on the ground; everything in between — route, cadence, climb and
descent, where coverage drops out — is a plausible reconstruction, deterministic (fixed seed),
written in two real formats the readers take: readsb `trace_full` JSON and OpenSky historical
state-vector CSV. `fixtures/README.md` lists each fact with its source.

One leg is made top-down: distance along the great circle as a function of time (climb,
cruise, descent speeds), altitude profile, positions by spherical interpolation, then taxi
points, then coverage gaps cut out — all vectorised over the sample times.

    python scripts/simulate.py [--out fixtures/adsb]

rewrites `fixtures/adsb/` and `fixtures/scenarios/` byte for byte (tests/test_simulate.py
checks the committed files still match). A fixture generator, not part of the package.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from tracker import airports
from tracker.geo import KM_PER_NM, M_PER_FT, bearing_deg, haversine_km

SEED = 20230801
EARTH_KM = airports.EARTH_KM
KT_KMS = KM_PER_NM / 3600  # knots → km/s
FT_M = M_PER_FT

# The icao24 is NOT sourced: a placeholder inside Russia's ICAO 24-bit block (0x100000–0x1FFFFF).
RA86559 = dict(icao24="15f1a7", registration="RA-86559", typecode="IL62", desc="ILYUSHIN IL-62")
DECOY = dict(icao24="15f2b3", registration="RA-86999", typecode="IL62", desc="ILYUSHIN IL-62")  # fictional
HOME = "UUMU"  # Chkalovsky, the Russian Air Force's VIP base east of Moscow (assumed, not reported)


@dataclass(frozen=True)
class Leg:
    """One flight to reconstruct. Times are UTC; gaps are minutes after takeoff without coverage."""

    origin: str
    destination: str
    takeoff: dt.datetime
    callsign: str | None
    gaps: tuple[tuple[float, float], ...] = ()
    cruise_ft: float = 35000.0
    cruise_kt: float = 455.0
    taxi_out: bool = True  # ground points seen before takeoff
    taxi_in: bool = True  # ground points seen after landing
    sparse_origin: bool = False  # low-level coverage near the origin only from distant receivers (20–60 s)
    sparse_destination: bool = False  # the same near the destination
    dark: tuple[str, float] | None = None  # (airport, km): no receiver sees the aircraft this close to it


@dataclass(frozen=True)
class Plan:
    """What to write: the legs of one aircraft, in which format, under which file stem."""

    aircraft: dict
    legs: tuple[Leg, ...]
    fmt: str  # "readsb" | "opensky"
    stem: str


@dataclass
class Scenario:
    name: str
    plans: list[Plan]
    about: str
    expected: dict[str, str] = field(default_factory=dict)  # seed article → outcome of its claims, by the one rule
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  # article → field → an outcome some check of it gets


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


# Coverage over the great circle Moscow → Pyongyang (~6,500 km, ~8 h): dense over European Russia,
# holes over Siberia and over Mongolia/north-east China, sparse satellite-like positions near the end.
OUT_GAPS = ((150.0, 232.0), (300.0, 395.0))
BACK_GAPS = ((70.0, 170.0), (240.0, 330.0))


def _out(takeoff: dt.datetime, callsign: str | None) -> Leg:
    return Leg(HOME, "ZKPY", takeoff, callsign, OUT_GAPS, sparse_destination=True)


def _back(takeoff: dt.datetime, callsign: str | None) -> Leg:
    return Leg("ZKPY", HOME, takeoff, callsign, BACK_GAPS, sparse_origin=True)


def as_reported() -> list[Plan]:
    """The two trips as reported (see fixtures/README.md for each fact and its source)."""
    august = (
        _out(utc("2023-07-31T16:32:00"), "RFF7203"),  # lands 1 Aug ~00:22Z = 08:22 China time
        _back(utc("2023-08-02T13:08:00"), "RFF7204"),  # 21:08 China time; ~36.8 h on the ground
    )
    september = (
        _out(utc("2023-09-25T17:40:00"), None),  # lands Tue 26 Sep ~01:30Z = 10:30 Pyongyang time
        _back(utc("2023-09-28T02:20:00"), None),  # Thu 28 Sep 11:20 Pyongyang time; ~48.8 h on the ground
    )
    return [
        Plan(RA86559, august, "readsb", "trace_full_15f1a7_2023-07-31"),
        Plan(RA86559, september, "opensky", "opensky_states_15f1a7_2023-09-25"),
    ]


def scenarios() -> list[Scenario]:
    """Counterfactuals: each bends one reported fact and says which outcome the seeds must get."""
    august, september = as_reported()
    short_aug = replace(august, legs=(august.legs[0], replace(august.legs[1], takeoff=utc("2023-08-01T09:25:00"))))
    short_sep = replace(september, legs=(september.legs[0], replace(september.legs[1], takeoff=utc("2023-09-26T10:50:00"))))
    other = tuple(replace(leg, origin="UHWW" if leg.origin == "ZKPY" else leg.origin,
                          destination="UHWW" if leg.destination == "ZKPY" else leg.destination) for leg in august.legs)
    other_sep = tuple(replace(leg, origin="UHWW" if leg.origin == "ZKPY" else leg.origin,
                              destination="UHWW" if leg.destination == "ZKPY" else leg.destination) for leg in september.legs)
    decoy_legs = (
        _out(utc("2023-09-25T23:05:00"), "RFF7011"),  # lands Tue ~06:55Z = 15:55 Pyongyang time (afternoon)
        _back(utc("2023-09-26T22:00:00"), "RFF7012"),
    )
    decoy_aug = (
        _out(utc("2023-07-31T19:30:00"), "RFF7011"),
        _back(utc("2023-08-01T14:00:00"), "RFF7012"),
    )
    june = tuple(replace(leg, takeoff=leg.takeoff - dt.timedelta(days=58)) for leg in august.legs)
    dark = [replace(plan, legs=tuple(replace(leg, dark=("ZKPY", 160.0)) for leg in plan.legs), stem=plan.stem + "_dark")
            for plan in (august, september)]
    return [
        Scenario("short-stay", [replace(short_aug, stem=short_aug.stem + "_short"), replace(short_sep, stem=short_sep.stem + "_short")],
                 "the same trips, but the aircraft leaves Pyongyang after 9 hours on the ground",
                 {"000": "contradicted", "001": "contradicted"},
                 {"000": {"dwell": "contradicted"}, "001": {"dwell": "contradicted"}}),
        Scenario("other-airport", [replace(august, legs=other, stem=august.stem + "_uhww"),
                                   replace(september, legs=other_sep, stem=september.stem + "_uhww")],
                 "the same times, but the aircraft lands at Vladivostok (UHWW), not Pyongyang",
                 {"000": "contradicted", "001": "contradicted"},
                 {"000": {"destination": "contradicted", "movement": "supported"},
                  "001": {"destination": "contradicted", "arrival": "supported"}}),
        Scenario("decoy", [august, september,
                           Plan(DECOY, decoy_aug, "readsb", "trace_full_15f2b3_2023-07-31"),
                           Plan(DECOY, decoy_legs, "readsb", "trace_full_15f2b3_2023-09-25")],  # carries its own r/t
                 "the reported tracks plus a second (fictional) Il-62M, RA-86999, on the same route and days with "
                 "other callsigns and a 15-hour stay: the callsign in 000 singles out RA-86559; 001 names only "
                 "the type, so two aircraft fit and disagree",
                 {"000": "supported", "001": "inconclusive"},
                 {"000": {"callsign": "supported", "dwell": "supported"},
                  "001": {"movement": "inconclusive", "aircraft_type": "supported"}}),
        Scenario("dark-north-korea", dark,
                 "the reported trips, but no receiver sees the aircraft within 160 km of Pyongyang (no coverage "
                 "over North Korea): tracks end over China and resume there; landing and takeoff at Pyongyang "
                 "are never observed",
                 {"000": "inconclusive", "001": "inconclusive"},
                 {"000": {"callsign": "supported", "departure": "supported", "destination": "inconclusive",
                          "dwell": "inconclusive"},
                  "001": {"destination": "inconclusive", "dwell": "inconclusive"}}),
        Scenario("no-coverage", [replace(august, legs=june, stem="trace_full_15f1a7_2023-06-03")],
                 "RA-86559 recorded only in early June 2023: nothing covers the reported dates",
                 {"000": "no-data", "001": "no-data"},
                 {"000": {"departure": "no-data", "dwell": "no-data"}, "001": {"arrival": "no-data", "dwell": "no-data"}}),
    ]


# --------------------------------------------------------------------------- one leg, vectorised

def _unit(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)


def _slerp(a: np.ndarray, b: np.ndarray, frac: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    omega = np.arccos(np.clip(a @ b, -1.0, 1.0))
    s = np.sin(omega)
    p = (np.sin((1 - frac) * omega)[:, None] * a + np.sin(frac * omega)[:, None] * b) / s
    return np.degrees(np.arcsin(p[:, 2])), np.degrees(np.arctan2(p[:, 1], p[:, 0]))


def _sample_times(rng: np.random.Generator, start: float, end: float, low: float, high: float) -> np.ndarray:
    """Irregular receive times between start and end (seconds), each step in [low, high]."""
    n = int((end - start) / low) + 2
    steps = rng.uniform(low, high, n)
    times = start + np.cumsum(steps)
    return times[times < end]


def leg_points(leg: Leg, aircraft: dict, rng: np.random.Generator) -> pd.DataFrame:
    """Airborne and taxi points of one leg, in canonical units, gaps already cut out."""
    a, b = airports.get(leg.origin), airports.get(leg.destination)
    ua, ub = _unit(np.array(a.lat), np.array(a.lon)), _unit(np.array(b.lat), np.array(b.lon))
    dist_km = float(np.arccos(np.clip(ua @ ub, -1, 1)) * EARTH_KM)
    climb_s, descent_s = 22 * 60.0, 28 * 60.0
    v0, vc, v1 = 160.0, leg.cruise_kt, 140.0
    climb_km = (v0 + vc) / 2 * KT_KMS * climb_s
    descent_km = (vc + v1) / 2 * KT_KMS * descent_s
    cruise_s = max(0.0, (dist_km - climb_km - descent_km) / (vc * KT_KMS))
    total_s = climb_s + cruise_s + descent_s

    # receive times: dense low down (2–8 s), sparser at cruise (8–60 s), 20–60 s where only
    # distant receivers see the aircraft low down
    t = np.concatenate([
        _sample_times(rng, -1.0, climb_s, *((20.0, 60.0) if leg.sparse_origin else (2.0, 8.0))),
        _sample_times(rng, climb_s, climb_s + cruise_s, 8.0, 60.0),
        _sample_times(rng, climb_s + cruise_s, total_s, *((20.0, 60.0) if leg.sparse_destination else (3.0, 12.0))),
    ])
    t = t[(t >= 0) & (t <= total_s)]
    minutes = t / 60
    keep = np.ones(t.size, dtype=bool)
    for g0, g1 in leg.gaps:
        keep &= ~((minutes >= g0) & (minutes < g1))
    t = t[keep]

    in_climb, in_descent = t < climb_s, t > climb_s + cruise_s
    tc = np.clip(t / climb_s, 0, 1)
    td = np.clip((t - climb_s - cruise_s) / descent_s, 0, 1)
    gs = np.where(in_climb, v0 + (vc - v0) * tc, np.where(in_descent, vc + (v1 - vc) * td, vc))
    along = np.where(
        in_climb, (v0 * t + (vc - v0) * t * tc / 2) * KT_KMS,
        np.where(in_descent,
                 climb_km + cruise_s * vc * KT_KMS + (vc * (t - climb_s - cruise_s) + (v1 - vc) * (t - climb_s - cruise_s) * td / 2) * KT_KMS,
                 climb_km + (t - climb_s) * vc * KT_KMS))
    frac = np.clip(along / dist_km, 0, 1)
    lat, lon = _slerp(ua, ub, frac)
    # climb steep then shallow; descent shallow then steep on final (3° glide)
    alt = np.where(in_climb, leg.cruise_ft * (1 - (1 - tc) ** 1.6),
                   np.where(in_descent, leg.cruise_ft * (1 - td) ** 1.25, leg.cruise_ft))
    alt = alt + a.elevation_ft * in_climb * (1 - tc) + b.elevation_ft * in_descent * td
    vrate = np.where(in_climb, 1.6 * leg.cruise_ft * (1 - tc) ** 0.6 / (climb_s / 60),
                     np.where(in_descent, -1.25 * leg.cruise_ft * (1 - td) ** 0.25 / (descent_s / 60), 0.0))
    track = bearing_deg(lat, lon, b.lat, b.lon)
    noise = rng.normal(0, 0.00004, (2, t.size))
    air = pd.DataFrame({
        "t": t, "lat": lat + noise[0], "lon": lon + noise[1], "alt_ft": np.round(alt / 25) * 25,
        "gs_kt": np.round(gs + rng.normal(0, 2, t.size), 1), "track_deg": np.round(track, 1),
        "vrate_fpm": np.round(vrate / 64) * 64, "on_ground": False,
    })
    parts = [air]
    if leg.taxi_out:
        parts.append(_taxi(rng, a, bearing_deg(a.lat, a.lon, b.lat, b.lon), -14 * 60.0, -40.0, leg.sparse_origin))
    if leg.taxi_in:
        parts.append(_taxi(rng, b, bearing_deg(a.lat, a.lon, b.lat, b.lon), total_s + 30.0, total_s + 9 * 60.0,
                           leg.sparse_destination))
    points = pd.concat(parts, ignore_index=True).sort_values("t", ignore_index=True)
    if leg.dark is not None:
        ap = airports.get(leg.dark[0])
        near = haversine_km(points["lat"], points["lon"], ap.lat, ap.lon) < leg.dark[1]
        points = points[~near].reset_index(drop=True)
    points["time"] = pd.Timestamp(leg.takeoff) + pd.to_timedelta(points["t"], unit="s")
    points["callsign"] = leg.callsign
    for key in ("icao24", "registration", "typecode"):
        points[key] = aircraft[key]
    return points.drop(columns="t")


def _taxi(rng: np.random.Generator, ap, heading: float, start: float, end: float, sparse: bool) -> pd.DataFrame:
    """Ground points within ~1.5 km of the airport reference point, 5–20 s apart (20–60 s if sparse), 5–18 kt."""
    t = _sample_times(rng, start, end, *((20.0, 60.0) if sparse else (5.0, 20.0)))
    wander = np.cumsum(rng.normal(0, 0.0006, (2, t.size)), axis=1)
    return pd.DataFrame({
        "t": t, "lat": ap.lat + np.clip(wander[0], -0.012, 0.012), "lon": ap.lon + np.clip(wander[1], -0.02, 0.02),
        "alt_ft": np.nan, "gs_kt": np.round(rng.uniform(5, 18, t.size), 1),
        "track_deg": np.round((heading + rng.normal(0, 40, t.size)) % 360, 1), "vrate_fpm": 0.0, "on_ground": True,
    })


def plan_points(plan: Plan, rng: np.random.Generator) -> pd.DataFrame:
    return pd.concat([leg_points(leg, plan.aircraft, rng) for leg in plan.legs], ignore_index=True)


# --------------------------------------------------------------------------- writers (the real formats)

def write_readsb(path: Path, points: pd.DataFrame, aircraft: dict) -> Path:
    """readsb `trace_full` JSON: rows [dt, lat, lon, alt|"ground", gs, track, flags, vrate, details,
    source, geom alt, geom rate, ias, roll]; flags bit 2 marks a new leg; details carry the callsign."""
    base = points["time"].iloc[0].timestamp()
    secs = (points["time"] - points["time"].iloc[0]).dt.total_seconds().round(2).to_numpy()
    new_leg = np.r_[True, np.diff(secs) > 3 * 3600]  # after a stay, not after an en-route coverage hole
    last_detail = -np.inf
    rows = []
    for i, p in enumerate(points.itertuples(index=False)):  # JSON rows are built one by one by nature
        alt = "ground" if p.on_ground else int(p.alt_ft)
        details = None
        if p.callsign and (new_leg[i] or secs[i] - last_detail > 300):
            details = {"type": "adsb_icao", "flight": f"{p.callsign:<8}", "squawk": "1000", "category": "A5"}
            last_detail = secs[i]
        geom = None if p.on_ground else int(p.alt_ft + 275)
        ias = None if p.on_ground else int(p.gs_kt * (1 - min(p.alt_ft, 35000) / 70000))
        rows.append([float(secs[i]), round(p.lat, 6), round(p.lon, 6), alt, float(p.gs_kt), float(p.track_deg),
                     2 if new_leg[i] else 0, int(p.vrate_fpm), details, "adsb_icao", geom, int(p.vrate_fpm), ias, 0.0])
    doc = {"icao": aircraft["icao24"], "r": aircraft["registration"], "t": aircraft["typecode"],
           "desc": aircraft["desc"], "dbFlags": 1, "timestamp": round(base, 3), "trace": rows}
    path.write_text(json.dumps(doc, separators=(",", ":")).replace("],[", "],\n["), encoding="utf-8")
    return path


def write_opensky(path: Path, points: pd.DataFrame) -> Path:
    """OpenSky historical state vectors (state_vectors_data4 export): 10-second rows, metres and m/s,
    `lastposupdate` the exact position time, callsign padded to 8 characters."""
    secs = points["time"].astype("int64") / 1e9
    frame = pd.DataFrame({
        "time": (np.ceil(secs / 10) * 10).astype("int64"),
        "icao24": points["icao24"],
        "lat": points["lat"].round(5),
        "lon": points["lon"].round(5),
        "velocity": (points["gs_kt"] * 0.514444).round(2),
        "heading": points["track_deg"],
        "vertrate": (points["vrate_fpm"] * FT_M / 60).round(2),
        "callsign": points["callsign"].fillna("").map(lambda c: f"{c:<8}" if c else ""),
        "onground": points["on_ground"].map({True: "true", False: "false"}),
        "baroaltitude": (points["alt_ft"] * FT_M).round(2),
        "geoaltitude": ((points["alt_ft"] + 275) * FT_M).round(2),
        "lastposupdate": secs.round(3),
        "lastcontact": (secs + 0.4).round(3),
    })
    frame = frame.drop_duplicates("time", keep="last")  # one state a 10-s slot, as OpenSky keeps it
    frame.to_csv(path, index=False)
    return path


def write_plan(plan: Plan, out_dir: Path, rng: np.random.Generator) -> Path:
    points = plan_points(plan, rng)
    if plan.fmt == "readsb":
        return write_readsb(out_dir / f"{plan.stem}.json", points, plan.aircraft)
    return write_opensky(out_dir / f"{plan.stem}.csv", points)


def write_all(out_dir: Path) -> list[Path]:
    """The as-reported tracks into `out_dir`; counterfactuals into `out_dir/../scenarios/<name>/`.

    Every file is regenerated from the fixed seed, so running this twice gives identical bytes.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    rng = np.random.default_rng(SEED)
    for plan in as_reported():
        written.append(write_plan(plan, out_dir, rng))
    for scenario in scenarios():
        folder = out_dir.parent / "scenarios" / scenario.name
        folder.mkdir(parents=True, exist_ok=True)
        rng = np.random.default_rng(SEED)  # each scenario from the same seed: same noise as the reported tracks
        for plan in scenario.plans:
            written.append(write_plan(plan, folder, rng))
        expected = {"scenario": scenario.name, "about": scenario.about, "reconstructed": True,
                    "rule": "expected: the outcome of each seed article's claims combined by the one rule "
                            "(contradicted if any, supported if all, no-data if all, else inconclusive); "
                            "fields: some check of that field in that article has that outcome",
                    "expected": scenario.expected, "fields": scenario.fields}
        path = folder / "expected.json"
        path.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Regenerate the reconstructed (not recorded) RA-86559 fixtures.")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "fixtures",
                        help="root folder: the as-reported tracks go into <out>/adsb/, the scenarios into "
                             "<out>/scenarios/ — nothing is written outside it")
    root = parser.parse_args(argv).out
    if root.is_symlink() or (root.exists() and not root.is_dir()):
        parser.error(f"{root}: not a folder (or a symbolic link)")
    for path in write_all(root / "adsb"):
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
