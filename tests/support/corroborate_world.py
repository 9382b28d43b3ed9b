"""Hand-built records for the corroboration tests: the reported August 2023 trip of RA-86559
as Flight/GroundStay records, plus builders to bend it (no readers or segmentation involved)."""
from __future__ import annotations

import datetime as dt

import pandas as pd

from tracker import airports
from tracker.adsb import schema
from tracker.model import AirportRef, Claim, Flight, FlightsResult, GroundStay, HoursRange, Place, TimeWindow

ICAO24 = "15f1a7"
REG = "RA-86559"


def T(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def W(a: str, b: str | None = None) -> TimeWindow:
    return TimeWindow(T(a), T(b or a))


MOSCOW = Place("Москви", airports.in_city("Moscow", "RU"), "RU")
PYONGYANG = Place("Пхеньяна", ["ZKPY"], "KP")
NORTH_KOREA = Place("Північній Кореї", [], "KP")
RUSSIA = Place("Росії", [], "RU")


def ref(icao: str, km: float = 1.2, **extra) -> AirportRef:
    a = airports.get(icao)
    return AirportRef(icao, km, a.name, a.lat, a.lon, **extra)


def flight(fid: str, takeoff: TimeWindow, landing: TimeWindow, origin: str | None, destination: str | None,
           callsign: str | None = "RFF7203", icao24: str = ICAO24, registration: str | None = REG,
           typecode: str | None = "IL62") -> Flight:
    return Flight(
        id=fid, icao24=icao24, registration=registration, callsign=callsign, typecode=typecode,
        origin=ref(origin) if origin else None, destination=ref(destination) if destination else None,
        takeoff=takeoff, landing=landing, points=500,
        first_seen=takeoff.earliest or landing.earliest, last_seen=landing.latest or takeoff.latest,
    )


def stay(arrival: TimeWindow, departure: TimeWindow, airport: str = "ZKPY", icao24: str = ICAO24,
         arriving: str | None = "out", departing: str | None = "back", inferred: bool = False) -> GroundStay:
    lo = (departure.earliest - arrival.latest).total_seconds() / 3600
    hi = (departure.latest - arrival.earliest).total_seconds() / 3600
    return GroundStay(icao24=icao24, registration=REG if icao24 == ICAO24 else None, airport=ref(airport, 0.8),
                      arrival=arrival, departure=departure, dwell_hours=HoursRange(lo, hi), inferred=inferred,
                      arriving_flight=arriving, departing_flight=departing)


def august(**bend) -> FlightsResult:
    """Out UUMU→ZKPY landing 1 Aug 00:25Z, 36.7 h on the ground, back 2 Aug 13:10Z."""
    out = flight("out", W("2023-07-31T16:20Z"), W("2023-08-01T00:25Z"), "UUMU", bend.get("dest", "ZKPY"))
    back = flight("back", W(bend.get("back_off", "2023-08-02T13:10Z")), W("2023-08-02T21:30Z"),
                  bend.get("dest", "ZKPY"), "UUMU", callsign="RFF7204")
    ground = stay(W("2023-08-01T00:25Z", "2023-08-01T00:31Z"), back.takeoff, airport=bend.get("dest", "ZKPY"))
    return FlightsResult(flights=[out, back], stays=[ground])


def table_for(result: FlightsResult, extra: list[dict] | None = None) -> pd.DataFrame:
    """Two points per flight (enough for identity and callsigns), canonical dtypes."""
    rows = []
    for f in result.flights:
        for t, ap in ((f.first_seen, f.origin), (f.last_seen, f.destination)):
            rows.append(dict(time=t, icao24=f.icao24, callsign=f.callsign, registration=f.registration,
                             typecode=f.typecode, lat=ap.lat if ap else 50.0, lon=ap.lon if ap else 100.0,
                             alt_ft=0.0, on_ground=True, source="hand-built"))
    rows += extra or []
    return schema.canonical(pd.DataFrame(rows)) if rows else schema.empty()


def claim(cid: str, trip: str | None = "t1", article: str = "000", **fields) -> Claim:
    return Claim(id=cid, article=article, span=(0, 10), quote=fields.pop("quote", f"quote of {cid}"), trip=trip, **fields)


def seed000() -> list[Claim]:
    return [
        claim("000-1", arrival=W("2023-07-31T15:00Z", "2023-08-01T15:00Z"), destination=PYONGYANG),
        claim("000-2", callsign="RFF7203", origin=MOSCOW, departure=W("2023-07-30T21:00Z", "2023-07-31T21:00Z"),
              destination=NORTH_KOREA),
        claim("000-3", aircraft_type="IL62", dwell_hours=HoursRange(30.6, 41.4)),
    ]

