"""Hand-built records for the map tests: a Moscow → Pyongyang → Moscow trip of RA-86559.

Built by hand, not recorded: the route, the Il-62M and the ~36 h stay follow the published
claims (left Moscow 31 July 2024, landed in Pyongyang 1 August, stayed about 36 hours); the
positions are a straight interpolation with a made-up altitude profile and a coverage gap.
"""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from tracker import airports
from tracker.adsb.schema import canonical
from tracker.model import AirportRef, Check, Flight, FlightsResult, Gap, GroundStay, HoursRange, TimeWindow, Verdict

UTC = dt.timezone.utc
ICAO24 = "1524a6"


def _ref(icao: str, km: float = 0.8) -> AirportRef:
    a = airports.get(icao)
    return AirportRef(icao=icao, distance_km=km, name=a.name, lat=a.lat, lon=a.lon)


def _leg(start: dt.datetime, end: dt.datetime, src: str, dst: str, gap: tuple[dt.datetime, dt.datetime] | None,
         callsign: str, registration: str) -> pd.DataFrame:
    """Minute-by-minute positions with ground roll, climb, cruise, descent; the gap left out."""
    a, b = airports.get(src), airports.get(dst)
    times = pd.date_range(start, end, freq="60s", tz="UTC")
    f = np.linspace(0, 1, len(times))
    minutes = np.arange(len(times), dtype=float)
    left = minutes[::-1]
    alt = np.minimum.reduce([np.full(len(times), 35000.0), (minutes - 3) * 1400, (left - 3) * 1200]).clip(0)
    frame = pd.DataFrame({
        "time": times, "icao24": ICAO24, "callsign": callsign, "registration": registration, "typecode": "IL62",
        "lat": a.lat + (b.lat - a.lat) * f, "lon": a.lon + (b.lon - a.lon) * f, "alt_ft": alt,
        "gs_kt": 450.0, "on_ground": alt <= 0, "source": "hand-built sample",
    })
    if gap:
        frame = frame[(frame["time"] <= gap[0]) | (frame["time"] >= gap[1])]
    return frame


def sample(callsign: str = "RFF7203", registration: str = "RA-86559", quote: str | None = None,
           article: str = "ukrinform-2024-08-02") -> tuple[FlightsResult, pd.DataFrame, list[Verdict]]:
    t = lambda *a: dt.datetime(*a, tzinfo=UTC)  # noqa: E731
    gap = (t(2024, 7, 31, 22, 40), t(2024, 8, 1, 1, 10))
    out_leg = _leg(t(2024, 7, 31, 20, 0), t(2024, 8, 1, 3, 30), "UUWW", "ZKPY", gap, callsign, registration)
    back_leg = _leg(t(2024, 8, 2, 15, 40), t(2024, 8, 2, 23, 30), "ZKPY", "UUWW", None, callsign, registration)
    table = canonical(pd.concat([out_leg, back_leg], ignore_index=True))
    gap_rows = out_leg[out_leg["time"] <= gap[0]].iloc[-1], out_leg[out_leg["time"] >= gap[1]].iloc[0]
    outbound = Flight(
        id=f"{ICAO24}-20240731T2000", icao24=ICAO24, registration=registration, callsign=callsign, typecode="IL62",
        origin=_ref("UUWW"), destination=_ref("ZKPY"),
        takeoff=TimeWindow(t(2024, 7, 31, 20, 2), t(2024, 7, 31, 20, 4)),
        landing=TimeWindow(t(2024, 8, 1, 3, 26), t(2024, 8, 1, 3, 28)), points=len(out_leg),
        first_seen=t(2024, 7, 31, 20, 0), last_seen=t(2024, 8, 1, 3, 30),
        gaps=[Gap(gap[0], gap[1], float(gap_rows[0]["lat"]), float(gap_rows[0]["lon"]),
                  float(gap_rows[1]["lat"]), float(gap_rows[1]["lon"]))],
        source=["hand-built sample"],
    )
    inbound = Flight(
        id=f"{ICAO24}-20240802T1540", icao24=ICAO24, registration=registration, callsign=callsign, typecode="IL62",
        origin=_ref("ZKPY"), destination=_ref("UUWW"),
        takeoff=TimeWindow(t(2024, 8, 2, 15, 42), t(2024, 8, 2, 15, 44)),
        landing=TimeWindow(t(2024, 8, 2, 23, 26), t(2024, 8, 2, 23, 28)), points=len(back_leg),
        first_seen=t(2024, 8, 2, 15, 40), last_seen=t(2024, 8, 2, 23, 30), source=["hand-built sample"],
    )
    stay = GroundStay(
        icao24=ICAO24, registration=registration, airport=_ref("ZKPY", 0.3),
        arrival=outbound.landing, departure=inbound.takeoff, dwell_hours=HoursRange(36.2, 36.3),
        arriving_flight=outbound.id, departing_flight=inbound.id,
    )
    result = FlightsResult(flights=[outbound, inbound], stays=[stay])
    quote = quote or ("Російський Іл-62М RA-86559 вилетів з Москви 31 липня і приземлився в Пхеньяні 1 серпня, "
                      "де пробув близько 36 годин.")
    verdicts = [
        Verdict(claim_id="c1", article=article, quote=quote, outcome="supported", flight=outbound, checks=[
            Check("origin", "supported", "Moscow [UUEE, UUDD, UUWW]", "UUWW"),
            Check("destination", "supported", "Pyongyang [ZKPY]", "ZKPY"),
            Check("arrival", "supported", "2024-07-31T21:00Z–2024-08-01T20:59Z", "2024-08-01T03:26Z–03:28Z", "inside"),
        ]),
        Verdict(claim_id="c2", article=article, quote=quote, outcome="supported", stay=stay, checks=[
            Check("dwell_hours", "supported", "30.0–42.0 h", "36.2–36.3 h", "+0.2 h", "±6 h"),
        ]),
        Verdict(claim_id="c3", article=article, quote="The plane then flew on to Vladivostok.", outcome="contradicted",
                flight=outbound, checks=[
                    Check("destination", "contradicted", "Vladivostok [UHWW]", "ZKPY", "680 km", reason="landed elsewhere",
                          claimed_airports=["UHWW"], observed_icao="ZKPY", distance_km=680.0, nearest_claimed="UHWW"),
                ]),
        Verdict(claim_id="c4", article=article, quote="A second Il-62 flew to Khabarovsk on 3 August.",
                outcome="no-data", reason="no track of the aircraft on that day"),
    ]
    return result, table, verdicts


def antimeridian_sample() -> tuple[FlightsResult, pd.DataFrame]:
    """A hand-built flight from Petropavlovsk-Kamchatsky (UHPP) to Anchorage (PANC): it crosses 180°."""
    t = lambda *a: dt.datetime(*a, tzinfo=UTC)  # noqa: E731
    start, end = t(2024, 9, 1, 0, 0), t(2024, 9, 1, 5, 0)
    a, b = airports.get("UHPP"), airports.get("PANC")
    times = pd.date_range(start, end, freq="120s", tz="UTC")
    f = np.linspace(0, 1, len(times))
    lon = a.lon + ((b.lon + 360) - a.lon) * f
    lon = ((lon + 180) % 360) - 180
    table = canonical(pd.DataFrame({"time": times, "icao24": "abc123", "lat": a.lat + (b.lat - a.lat) * f,
                                    "lon": lon, "alt_ft": 30000.0, "on_ground": False, "source": "hand-built"}))
    flight = Flight(id="abc123-1", icao24="abc123", registration=None, callsign="TEST1", typecode=None,
                    origin=_ref("UHPP"), destination=_ref("PANC"), takeoff=TimeWindow.at(start),
                    landing=TimeWindow.at(end), points=len(table), first_seen=start, last_seen=end)
    return FlightsResult(flights=[flight]), table
