"""Write trace_full_150a31_2024-03-13.json: a HAND-MADE readsb trace_full recording.

Invented aircraft (not a real airframe or flight): Tupolev Tu-214 (ICAO T204)
"RA-64531", icao24 150a31 (inside Russia's block 0x100000-0x1FFFFF).
Wednesday 13 March 2024:
  RSD317  Moscow Vnukovo UUWW  takeoff 06:05:00Z  -> Minsk National UMMS landing 07:20:00Z
  parked at UMMS, transponder silent (no points) until taxi at 14:25Z
  RSD318  Minsk UMMS           takeoff 14:35:00Z  -> Vnukovo UUWW landing 15:50:00Z
Deterministic: no randomness; rerun with `python make_trace.py` to rewrite it byte for byte.
"""
import json, math, datetime as dt

UUWW = (55.5915, 37.2615)
UMMS = (53.8825, 28.0307)
T0 = dt.datetime(2024, 3, 13, 5, 55, tzinfo=dt.timezone.utc).timestamp()


def gc(a, b, f):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    d = 2 * math.asin(math.sqrt(math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2))
    A = math.sin((1 - f) * d) / math.sin(d)
    B = math.sin(f * d) / math.sin(d)
    x = A * math.cos(la1) * math.cos(lo1) + B * math.cos(la2) * math.cos(lo2)
    y = A * math.cos(la1) * math.sin(lo1) + B * math.cos(la2) * math.sin(lo2)
    z = A * math.sin(la1) + B * math.sin(la2)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x)), d * 6371.0


def bearing(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    y = math.sin(lo2 - lo1) * math.cos(la2)
    x = math.cos(la1) * math.sin(la2) - math.sin(la1) * math.cos(la2) * math.cos(lo2 - lo1)
    return round((math.degrees(math.atan2(y, x)) + 360) % 360, 1)


rows = []


def row(t, lat, lon, alt, gs, trk, flags=0, vr=0, cs=None):
    det = {"type": "adsb_icao", "flight": f"{cs:<8}", "squawk": "1000", "category": "A5"} if cs else None
    rows.append([round(t - T0, 2), round(lat, 6), round(lon, 6), alt, gs, trk, flags, vr, det, "adsb_icao",
                 None if alt == "ground" else alt + 275, vr, None if alt == "ground" else round(gs * 0.8), 0.0])


def leg(src, dst, t_taxi, t_off, t_land, cs):
    trk = bearing(src, dst)
    # taxi at the origin, 10 s apart, creeping 1 m per point towards the runway
    t = t_taxi
    first = True
    while t < t_off:
        row(t, src[0] + (t - t_taxi) * 1e-6, src[1], "ground", 12.0, trk, 2 if first else 0, 0, cs if first or int(t - t_taxi) % 300 == 0 else None)
        first = False
        t += 10
    T = t_land - t_off
    _, _, dist = gc(src, dst, 0.5)
    gs = round(dist / 1.852 / (T / 3600), 1)
    t = t_off + 1
    while t < t_land:
        u = (t - t_off) / T
        lat, lon, _ = gc(src, dst, u)
        climb, desc = 20 * 60, 25 * 60
        if t - t_off < climb:
            alt = int(900 + (33000 - 900) * (t - t_off) / climb); vr = 1600
        elif t_land - t < desc:
            alt = int(900 + (33000 - 900) * (t_land - t) / desc); vr = -1280
        else:
            alt = 33000; vr = 0
        alt = alt // 25 * 25
        row(t, lat, lon, alt, gs, trk, 0, vr, cs if int(t - t_off) % 300 < 20 else None)
        t += 5 if alt < 10000 else 20
    t = t_land
    while t < t_land + 8 * 60:
        row(t, dst[0] + (t - t_land) * 1e-6, dst[1], "ground", 12.0 if t > t_land else 120.0, trk, 0, 0, None)
        t += 10


def ts(h, m):
    return dt.datetime(2024, 3, 13, h, m, tzinfo=dt.timezone.utc).timestamp()


leg(UUWW, UMMS, ts(5, 55), ts(6, 5), ts(7, 20), "RSD317")
leg(UMMS, UUWW, ts(14, 25), ts(14, 35), ts(15, 50), "RSD318")

out = {"icao": "150a31", "r": "RA-64531", "t": "T204", "desc": "TUPOLEV TU-214", "dbFlags": 0,
       "timestamp": T0, "trace": rows}
with open(__file__.replace("make_trace.py", "trace_full_150a31_2024-03-13.json"), "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
print(len(rows), "rows")
