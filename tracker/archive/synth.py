"""Generated globe_history days and archives of realistic shape, for tests and benchmarks.

Not evidence of anything: random aircraft (addresses outside the ones the fixtures use,
airline-like callsigns, common types) flying one to three legs a day between random points
500–3,000 km apart — taxi, climb at 1,500–3,000 ft/min to FL300–FL390, cruise at 420–480 kt,
descent, taxi — sampled every few seconds as readsb traces are (`interval_s`).
"""
from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import re
import tarfile
from pathlib import Path

import numpy as np

TYPES = ["A320", "B738", "A321", "B77W", "A359", "E190", "CRJ9", "B789", "A20N", "AT76"]
AIRLINES = ["DLH", "AFR", "BAW", "UAE", "THY", "KLM", "SWR", "AAL", "DAL", "UAL", "RYR", "EZY"]
AVOID = {"15f1a7", "ac671b", "4baac6", "4b1901"}  # the fixtures' aircraft: never generated


def _addresses(n: int, rng: np.random.Generator) -> list[str]:
    out: list[str] = []
    seen = set(AVOID)
    while len(out) < n:
        for v in rng.integers(0x100000, 0xF00000, size=n * 2):
            h = f"{v:06x}"
            if h not in seen:
                seen.add(h)
                out.append(h)
                if len(out) == n:
                    break
    return out


def trace(icao: str, day: dt.date, rng: np.random.Generator, interval_s: float = 20.0) -> dict:
    """One aircraft's readsb trace document for the day."""
    start = dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()
    t0 = float(rng.uniform(0, 6 * 3600))
    lat, lon = float(rng.uniform(-50, 65)), float(rng.uniform(-120, 140))
    rows: list[list] = []
    callsign = f"{AIRLINES[int(rng.integers(len(AIRLINES)))]}{int(rng.integers(10, 9999))}"
    for _leg in range(int(rng.integers(1, 4))):
        dist_km = float(rng.uniform(500, 3000))
        bearing = float(rng.uniform(0, 2 * np.pi))
        lat2 = float(np.clip(lat + dist_km / 111 * np.cos(bearing), -70, 75))
        lon2 = float(((lon + dist_km / (111 * max(0.2, np.cos(np.radians(lat)))) * np.sin(bearing)) + 180) % 360 - 180)
        cruise_ft = float(rng.integers(30, 40) * 1000)
        climb = float(rng.uniform(1500, 3000))
        speed = float(rng.uniform(420, 480))
        air_s = dist_km / (speed * 1.852) * 3600
        n_air = max(8, int(air_s / interval_s))
        frac = np.linspace(0, 1, n_air)
        t_air = t0 + 600 + frac * air_s
        climb_s = cruise_ft / climb * 60
        alt = np.minimum.reduce([(t_air - t_air[0]) / 60 * climb, np.full(n_air, cruise_ft),
                                 (t_air[-1] - t_air) / 60 * 1800])
        alt = np.maximum(alt, 0).round(-2)
        vrate = np.gradient(alt, t_air) * 60 if n_air > 1 else np.zeros(n_air)
        gs = np.where(alt < cruise_ft, 160 + (speed - 160) * np.minimum(1, (t_air - t_air[0]) / climb_s), speed)
        la = lat + (lat2 - lat) * frac + rng.normal(0, 1e-4, n_air)
        lo = (lon + (((lon2 - lon + 180) % 360) - 180) * frac + rng.normal(0, 1e-4, n_air) + 180) % 360 - 180
        track = float(np.degrees(np.arctan2(lon2 - lon, lat2 - lat)) % 360)
        taxi = np.arange(t0, t0 + 600, 30.0)
        first = True
        for t in taxi:
            rows.append([round(t, 2), round(lat, 6), round(lon, 6), "ground", 12.0, track, 2 if first else 0, 0,
                         {"type": "adsb_icao", "flight": f"{callsign:<8}", "squawk": "1000"} if first else None,
                         "adsb_icao", None, 0, None, 0.0])
            first = False
        for i in range(n_air):
            rows.append([round(float(t_air[i]), 2), round(float(la[i]), 6), round(float(lo[i]), 6), int(alt[i]),
                         round(float(gs[i]), 1), round(track, 1), 0, int(vrate[i]), None, "adsb_icao", None, 0, None, 0.0])
        t_end = float(t_air[-1])
        rows.append([round(t_end + 60, 2), round(lat2, 6), round(lon2, 6), "ground", 20.0, track, 0, 0, None,
                     "adsb_icao", None, 0, None, 0.0])
        lat, lon = lat2, lon2
        t0 = t_end + float(rng.uniform(2400, 4 * 3600))
        callsign = f"{callsign[:3]}{int(rng.integers(10, 9999))}"
        if t0 > 23 * 3600:
            break
    base = start
    for r in rows:
        r[0] = round(r[0], 2)
    return {"icao": icao, "r": None, "t": TYPES[int(rng.integers(len(TYPES)))], "timestamp": base, "trace": rows}


def member_bytes(doc: dict) -> bytes:
    """As readsb writes them: compact JSON, gzip-compressed, in a file named `.json`."""
    return gzip.compress(json.dumps(doc, separators=(",", ":")).encode(), compresslevel=4, mtime=0)


def write_globe_tar(path: str | Path, n: int, day: dt.date, seed: int = 0, extra: dict[str, bytes] | None = None,
                    interval_s: float = 20.0, split_bytes: int | None = None, distinct: int | None = None) -> list[Path]:
    """A globe_history-shaped day tar of `n` generated traces plus `extra` members
    ({icao24: member bytes}); split into `.tar.aa`, `.tar.ab`, … of `split_bytes` when given.
    `distinct`: generate only that many flight profiles and give them to the `n` aircraft in
    turn, each under its own address and callsign (building 50,000 profiles in Python takes
    longer than the benchmarks they feed). Returns the files written."""
    rng = np.random.default_rng(seed)
    path = Path(path)
    members: dict[str, bytes | None] = {icao: None for icao in _addresses(n, rng)}
    members.update(extra or {})
    templates: list[str] = []
    if distinct:
        templates = [json.dumps(trace("000000", day, rng, interval_s), separators=(",", ":")) for _ in range(distinct)]
    with tarfile.open(path, "w", format=tarfile.GNU_FORMAT) as tar:
        for k, icao in enumerate(sorted(members, key=lambda h: (h[-2:], h))):
            given = members[icao]
            if given is not None:
                blob = given
            elif templates:
                text = templates[k % len(templates)].replace('"icao":"000000"', f'"icao":"{icao}"')
                text = re.sub(r'"flight":"[A-Z]{3}', f'"flight":"{AIRLINES[k % len(AIRLINES)]}', text)
                text = re.sub(r'("flight":"[A-Z]{3})\d+', rf"\g<1>{k % 9990 + 10}", text)
                blob = gzip.compress(text.encode(), compresslevel=4, mtime=0)
            else:
                blob = member_bytes(trace(icao, day, rng, interval_s))
            info = tarfile.TarInfo(f"traces/{icao[-2:]}/trace_full_{icao}.json")
            info.size = len(blob)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(blob))
    if not split_bytes:
        return [path]
    parts = []
    with open(path, "rb") as src:
        for i in range(10_000):
            chunk = src.read(split_bytes)
            if not chunk:
                break
            part = path.with_name(path.name + "." + chr(97 + i // 26) + chr(97 + i % 26))
            part.write_bytes(chunk)
            parts.append(part)
    os.remove(path)
    return parts
