"""Writes adsb/trace_full_152e3a_2024-03-12.json: a HAND-MADE readsb trace_full track for an
INVENTED aircraft (RA-64599, Tu-214, icao24 152e3a, callsigns RSD431/RSD432).
Nothing here was recorded. Legs (UTC):
  UUWW Vnukovo  taxi 07:23, takeoff 07:35 -> OIII Tehran Mehrabad landing 11:00 (2024-03-12)
  OIII Mehrabad taxi 12:55, takeoff 13:05 -> UUWW Vnukovo landing 16:30 (2024-03-13)
Transponder silent while parked; one coverage hole of ~45 min mid-route on each leg.
Run: python make_handmade_trace.py  (deterministic, no randomness)."""
import json, math, datetime as dt, pathlib

UUWW = (55.5915, 37.2615)
OIII = (35.6892, 51.3134)
ICAO = "152e3a"

def gc_point(a, b, f):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    d = 2 * math.asin(math.sqrt(math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2))
    A = math.sin((1 - f) * d) / math.sin(d); B = math.sin(f * d) / math.sin(d)
    x = A * math.cos(la1) * math.cos(lo1) + B * math.cos(la2) * math.cos(lo2)
    y = A * math.cos(la1) * math.sin(lo1) + B * math.cos(la2) * math.sin(lo2)
    z = A * math.sin(la1) + B * math.sin(la2)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))

def bearing(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    y = math.sin(lo2 - lo1) * math.cos(la2)
    x = math.cos(la1) * math.sin(la2) - math.sin(la1) * math.cos(la2) * math.cos(lo2 - lo1)
    return (math.degrees(math.atan2(y, x)) + 360) % 360

def leg(a, b, taxi_start, takeoff, landing, callsign, gap):
    """rows with absolute epoch seconds; position by fraction of flight time (smooth profile)."""
    rows = []
    T = landing - takeoff
    det = {"type": "adsb_icao", "flight": f"{callsign:<8}", "squawk": "2631", "category": "A3"}
    # taxi out on the ground
    t = taxi_start; first = True
    while t < takeoff:
        lat = a[0] + 0.004 * (t - taxi_start) / (takeoff - taxi_start)
        rows.append([t, round(lat, 6), round(a[1] + 0.002, 6), "ground", 12.0, 90.0, 2 if first else 0, 0,
                     dict(det) if first or int(t - taxi_start) % 300 < 20 else None])
        first = False; t += 20
    t = takeoff + 15
    while t < landing:
        s = t - takeoff
        if not (gap[0] <= s <= gap[1]):
            climb, desc = 1320.0, 1500.0
            if s < climb:
                alt = 36000 * s / climb; gs = 160 + 300 * s / climb; vr = 1600
            elif s > T - desc:
                alt = 36000 * (T - s) / desc; gs = 150 + 310 * (T - s) / desc; vr = -1450
            else:
                alt = 36000; gs = 460; vr = 0
            # fraction flown: integrate roughly by a trapezoid speed profile
            f = frac(s, T, climb, desc)
            lat, lon = gc_point(a, b, f)
            trk = bearing((lat, lon), b)
            rows.append([t, round(lat, 6), round(lon, 6), int(round(alt / 25.0) * 25), round(gs, 1), round(trk, 1), 0, vr,
                         dict(det) if int(s) % 600 < 30 else None])
        near = s < 1500 or s > T - 1500
        t += 10 if near else 45
    # roll-out and taxi in
    t = landing
    while t < landing + 360:
        rows.append([t, round(b[0] + 0.001 * (t - landing) / 360, 6), round(b[1] - 0.003, 6), "ground",
                     max(8.0, 130.0 - (t - landing) * 1.5), 300.0, 0, 0, None])
        t += 15
    return rows

def frac(s, T, climb, desc):
    # distance ~ integral of speed: ramps during climb/descent, constant in cruise
    def dist(x):
        d = 0.0
        c = min(x, climb); d += 160 * c + 150 * c * c / climb
        if x > climb:
            m = min(x, T - desc) - climb; d += 460 * max(0.0, m)
        if x > T - desc:
            r0 = desc; r1 = T - x  # remaining times
            def F(r): return 150 * r + 155 * r * r / desc
            d += F(r0) - F(r1)
        return d
    return dist(s) / dist(T)

def epoch(s):
    return dt.datetime.fromisoformat(s).replace(tzinfo=dt.timezone.utc).timestamp()

rows = leg(UUWW, OIII, epoch("2024-03-12T07:23:00"), epoch("2024-03-12T07:35:00"), epoch("2024-03-12T11:00:00"), "RSD431", (5400, 8100))
rows += leg(OIII, UUWW, epoch("2024-03-13T12:55:00"), epoch("2024-03-13T13:05:00"), epoch("2024-03-13T16:30:00"), "RSD432", (4500, 7200))
t0 = rows[0][0]
trace = [[round(r[0] - t0, 2), *r[1:], "adsb_icao", None, 0, None, 0.0] for r in rows]
out = {"icao": ICAO, "r": "RA-64599", "t": "T204", "desc": "TUPOLEV TU-214", "dbFlags": 0,
       "timestamp": t0, "trace": trace}
p = pathlib.Path(__file__).with_name("adsb") / "trace_full_152e3a_2024-03-12.json"
p.write_text(json.dumps(out, separators=(",", ":")) + "\n")
print(p, len(trace), "rows")
