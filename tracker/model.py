"""The records every stage passes along, and their one JSON codec.

Times are always timezone-aware UTC and always intervals (`TimeWindow`): the width
of the interval is the precision of what the text or the data says.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import types
import typing
from dataclasses import dataclass, field
from typing import Any, Literal

Outcome = Literal["supported", "contradicted", "inconclusive", "no-data"]
OUTCOMES: tuple[str, ...] = ("supported", "contradicted", "inconclusive", "no-data")


def outcome_counts(verdicts: typing.Iterable["Verdict"]) -> dict[str, int]:
    """How many verdicts have each outcome, in the fixed order of OUTCOMES."""
    outcomes: list[str] = [v.outcome for v in verdicts]
    return {o: outcomes.count(o) for o in OUTCOMES}

UTC = dt.timezone.utc


def utc(value: dt.datetime) -> dt.datetime:
    """Refuse naive datetimes: a time without a zone is a bug, not an assumption."""
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: every time must carry its zone")
    return value.astimezone(UTC)


def iso(value: dt.datetime | None) -> str | None:
    """ISO 8601 in UTC with a trailing Z, to the second (or finer when present)."""
    if value is None:
        return None
    value = utc(value)
    spec = "microseconds" if value.microsecond else "seconds"
    return value.replace(tzinfo=None).isoformat(timespec=spec) + "Z"


def parse_iso(text: str | None) -> dt.datetime | None:
    if text is None:
        return None
    return utc(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))


@dataclass(frozen=True)
class TimeWindow:
    """A UTC interval; either end may be unknown (None) when nothing bounds it."""

    earliest: dt.datetime | None
    latest: dt.datetime | None

    def __post_init__(self) -> None:
        for name in ("earliest", "latest"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, utc(value))
        if self.earliest and self.latest and self.earliest > self.latest:
            raise ValueError(f"TimeWindow earliest {self.earliest} after latest {self.latest}")

    @classmethod
    def at(cls, moment: dt.datetime) -> "TimeWindow":
        return cls(moment, moment)

    @property
    def width(self) -> dt.timedelta | None:
        if self.earliest is None or self.latest is None:
            return None
        return self.latest - self.earliest

    @property
    def bounded(self) -> bool:
        return self.earliest is not None and self.latest is not None

    def contains(self, moment: dt.datetime) -> bool:
        moment = utc(moment)
        return (self.earliest is None or self.earliest <= moment) and (
            self.latest is None or moment <= self.latest
        )

    def overlaps(self, other: "TimeWindow") -> bool:
        return not (
            (self.latest is not None and other.earliest is not None and self.latest < other.earliest)
            or (other.latest is not None and self.earliest is not None and other.latest < self.earliest)
        )

    def __str__(self) -> str:
        return f"{iso(self.earliest) or '…'}–{iso(self.latest) or '…'}"

    def __repr__(self) -> str:
        return f"TimeWindow({self})"


@dataclass(frozen=True)
class HoursRange:
    """A duration interval in hours (dwell on the ground)."""

    min: float | None
    max: float | None

    def contains(self, hours: float) -> bool:
        return (self.min is None or self.min <= hours) and (self.max is None or hours <= self.max)

    def overlaps(self, other: "HoursRange") -> bool:
        return not (
            (self.max is not None and other.min is not None and self.max < other.min)
            or (other.max is not None and self.min is not None and other.max < self.min)
        )

    def __str__(self) -> str:
        lo = "…" if self.min is None else f"{self.min:.1f}"
        hi = "…" if self.max is None else f"{self.max:.1f}"
        return f"{lo}–{hi} h"

    def __repr__(self) -> str:
        return f"HoursRange({self})"


WEAK_PLACE_MATCHES = frozenset({"transliterated", "partial", "fuzzy", "context", "region"})


@dataclass(frozen=True)
class Place:
    """A place as the text names it, with the airports (ICAO) it could mean.

    `country` (ISO 3166 alpha-2) is set when the text names a country or the city's
    country is known; a claim about "Russia" is checked by the airport's country.
    """

    text: str
    airports: list[str] = field(default_factory=list)
    country: str | None = None
    # How the name was resolved: exact | alias | transliterated | partial | fuzzy | context | region |
    # country | unresolved (region: "Bali", "Флорида", a region's airline airports). A weak match (transliterated, partial, fuzzy; context: a name of several countries read
    # as the one the article's other places are in) may support a claim but never contradicts one.
    match: str = "exact"
    score: float = 1.0
    # Other airports the same words name exactly ("Бали": Bally near Kolkata was read, Bali's airport
    # is another; "Stewart International": Canada's and New York's): a landing at one of them
    # cannot contradict the claim, whichever one the resolver chose.
    also: tuple[str, ...] = ()
    # The words name an airport itself ("Le Bourget", "Внуково"), not a city: the tolerance for a city's
    # fields (another airfield near its airports) does not apply to it.
    airport: bool = False

    @property
    def weak(self) -> bool:
        return self.match in WEAK_PLACE_MATCHES


@dataclass
class Article:
    id: str
    text: str
    language: str | None = None
    published: dt.date | None = None
    source: str | None = None  # file path or URL
    title: str | None = None
    outlet: str | None = None
    fetched: dt.datetime | None = None  # UTC, for an article read from a URL (provenance)

    def __repr__(self) -> str:  # the text can be pages long: say how long, not what
        return (f"Article({self.id!r}, {self.language or '?'}, published {self.published or '?'}, "
                f"{len(self.text):,} chars{', ' + repr(self.title) if self.title else ''})")


@dataclass
class Claim:
    """One flight claim: exactly what one sentence of an article says, no more."""

    id: str
    article: str
    span: tuple[int, int]
    quote: str
    language: str | None = None
    kind: str = "flight"  # flight | arrival | departure | stay | trip
    callsign: str | None = None
    registration: str | None = None
    aircraft_type: str | None = None
    origin: Place | None = None
    destination: Place | None = None
    departure: TimeWindow | None = None
    arrival: TimeWindow | None = None
    dwell_hours: HoursRange | None = None
    attributed_to: list[str] = field(default_factory=list)
    hedged: bool = False
    trip: str | None = None
    notes: list[str] = field(default_factory=list)
    # Family designator (B737, A320, IL96) when the text names only a family, not a variant.
    type_family: str | None = None
    # The state the text says the aircraft belongs to (ISO 3166 alpha-2), and "military/air force".
    nationality: str | None = None
    military: bool | None = None
    # A date or time the sentence does not pin to either end: the flight happened within it.
    # A loose binding like this may support or be inconclusive, never contradict on its own.
    movement: TimeWindow | None = None
    negated: bool = False  # "never landed in Tashkent"
    # Words of the claim's sentence the extractor saw and could not read; any entry blocks
    # `contradicted` (the verdict is at most inconclusive, naming them).
    unread: list[str] = field(default_factory=list)
    # Fields taken from earlier sentences of the trip (coreference), not stated in this one.
    inherited: list[str] = field(default_factory=list)
    # Fields the text gives only indirectly: a callsign made from an IATA flight number ("TK1745"
    # → THY1745; airlines often fly under other callsigns, THY9BP), so a mismatch is no contradiction;
    # a departure, arrival or movement whose day an earlier sentence gave ("The plane left at 18:05"
    # after "On Friday …") or whose zone the trip's places gave (the sentence names no place): a
    # loosely bound time that may support, weakly, but never contradicts.
    derived: list[str] = field(default_factory=list)
    # "origin" or "destination": which of the claim's places its ground stay is at, when the
    # sentence says ("returned after two days in North Korea": the origin).
    dwell_at: str | None = None
    # Times read in several zones of different UTC offsets (the place not pinned: "at 11:00 local time"
    # on a trip through Zurich and Cancun): field → hours between the offsets. The window covers every
    # zone, so it is that much wider than the text; only its core, which holds in every zone, supports.
    zone_spread_h: dict[str, float] = field(default_factory=dict)
    # Introduced as another aircraft ("a similar jet", "separately, a …"): a new trip that
    # inherits no identity, and is never judged on the aircraft the article names.
    other_aircraft: bool = False

    def __repr__(self) -> str:
        who = " ".join(x for x in (self.registration, self.callsign, self.aircraft_type) if x)
        route = f"{self.origin.text if self.origin else '?'}→{self.destination.text if self.destination else '?'}"
        when = ", ".join(f"{n} {w}" for n, w in (("departure", self.departure), ("arrival", self.arrival),
                                                  ("movement", self.movement)) if w)
        return f"Claim({self.id!r} {self.kind}{' ' + who if who else ''} {route}{', ' + when if when else ''})"


@dataclass(frozen=True)
class AirportRef:
    """An airport a track was matched to, with how far the evidence lies from it."""

    icao: str | None
    distance_km: float | None = None
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    runner_up: str | None = None
    runner_up_km: float | None = None


@dataclass(frozen=True)
class Gap:
    """A stretch with no data inside a flight (coverage, not a landing)."""

    start: dt.datetime
    end: dt.datetime
    lat0: float | None = None
    lon0: float | None = None
    lat1: float | None = None
    lon1: float | None = None

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


@dataclass
class Flight:
    """One takeoff-to-landing of one aircraft.

    `icao24` is None when the file carries no transponder address (a Flightradar24 CSV
    export): the flight is then one track of `callsign` in one file, never merged with
    another. `track` says which: the icao24, or `<file>#<callsign>` (see `tracker.adsb.schema.track_keys`)."""

    id: str
    icao24: str | None
    registration: str | None
    callsign: str | None
    typecode: str | None
    origin: AirportRef | None
    destination: AirportRef | None
    takeoff: TimeWindow
    landing: TimeWindow
    points: int
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None
    gaps: list[Gap] = field(default_factory=list)
    source: list[str] = field(default_factory=list)
    track: str | None = None  # the key it was segmented by; None = its icao24

    def __post_init__(self) -> None:
        if self.track is None:
            self.track = self.icao24

    def __repr__(self) -> str:
        who = " ".join(x for x in (self.registration or self.icao24 or self.track, self.callsign) if x)
        route = f"{self.origin.icao if self.origin and self.origin.icao else '?'}→" \
                f"{self.destination.icao if self.destination and self.destination.icao else '?'}"
        return (f"Flight({self.id!r}: {who} {route}, takeoff {self.takeoff}, landing {self.landing}, "
                f"{self.points} points, {len(self.gaps)} gaps)")


def describe_track(key: str | None) -> str:
    """Who a track is, in words: `icao24 4b1805`, or `no icao24: THY9BP in export.csv`."""
    if not key or "#" not in key:
        return f"icao24 {key}" if key else "no icao24"
    source, _, callsign = key.rpartition("#")
    name = source.replace("\\", "/").rsplit("/", 1)[-1] or "an unnamed file"
    return f"no icao24: {callsign or 'no callsign'} in {name}"


@dataclass
class GroundStay:
    icao24: str | None  # None: no transponder address in the file (see Flight)
    registration: str | None
    airport: AirportRef | None
    arrival: TimeWindow
    departure: TimeWindow
    dwell_hours: HoursRange
    inferred: bool = False  # True when no ground point was seen (gap across a stop)
    arriving_flight: str | None = None
    departing_flight: str | None = None
    track: str | None = None  # as Flight.track
    # Holes in the recording inside the stay (days with no rows, or the end of one file and the
    # start of the next): the aircraft may have left and come back unseen, so the dwell is only
    # bounded ("at least … / at most …"), never seen.
    unseen: list[Gap] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.track is None:
            self.track = self.icao24

    def __repr__(self) -> str:
        where = self.airport.icao if self.airport and self.airport.icao else "an unlisted field"
        return (f"GroundStay({self.registration or self.icao24 or self.track} at {where}, {self.dwell_hours}, "
                f"arrival {self.arrival}, departure {self.departure}{', inferred' if self.inferred else ''})")


@dataclass(frozen=True)
class RowRef:
    """One recorded point a time check rests on, named so a reader can find it in the raw file.

    `event` is the takeoff or landing it bounds; `side` says whether the point lies before,
    inside or after that event's window (the last ground point before a takeoff, the first
    airborne one after)."""

    event: str  # takeoff | landing
    side: str  # before | inside | after
    file: str | None
    line: int | None  # line of a text file, entry of a JSON list (1-based), as the reader numbered it
    time: dt.datetime
    alt_ft: float | None = None
    on_ground: bool | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass
class Check:
    """One field of a claim against the data: what was claimed, what was seen, as numbers.

    The text columns (`claimed`, `observed`, `delta`, `tolerance`, `reason`) are made by
    `tracker.output.fmt` from the numeric fields; nothing downstream parses them.
    """

    field: str
    outcome: Outcome
    claimed: str | None
    observed: str | None
    delta: str | None = None
    tolerance: str | None = None
    reason: str | None = None
    claimed_airports: list[str] = dataclasses.field(default_factory=list)  # ICAO codes the claimed place resolved to
    observed_icao: str | None = None  # the airport the data shows
    distance_km: float | None = None  # from the observed airport to the nearest claimed one (0: one of them)
    nearest_claimed: str | None = None
    delta_s: float | None = None  # time checks: observed − claimed interval, seconds (0 inside; < 0 before)
    delta_h: float | None = None  # dwell checks: the same in hours
    tolerance_s: float | None = None
    tolerance_h: float | None = None
    tolerance_km: float | None = None
    # The support rests on weak evidence (a family-level type, a fuzzy place, a country, a date
    # not pinned to either end): it may support, never contradict. `basis` says which.
    weak: bool = False
    basis: str | None = None
    # The recorded points on either side of each event a time check compared (`tracker.evidence.cite`).
    rows: list[RowRef] = dataclasses.field(default_factory=list)  # `field` is a column name here


@dataclass
class Verdict:
    claim_id: str
    article: str
    quote: str
    outcome: Outcome
    checks: list[Check] = field(default_factory=list)
    flight: Flight | None = None
    stay: GroundStay | None = None
    candidates: list[str] = field(default_factory=list)
    reason: str | None = None

    def __repr__(self) -> str:
        matched = f"flight {self.flight.id}" if self.flight else (
            f"stay at {self.stay.airport.icao if self.stay.airport else '?'}" if self.stay else "nothing matched")
        fields = ", ".join(f"{c.field} {c.outcome}" for c in self.checks)
        return f"Verdict({self.claim_id!r} {self.outcome}: {matched}{'; ' + fields if fields else ''})"


@dataclass
class ReadReport:
    """What reading one file did: nothing is dropped without being counted here."""

    file: str
    format: str | None
    rows_read: int = 0
    rows_kept: int = 0
    rows_rejected: int = 0
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    first_bad_lines: dict[str, list[int]] = field(default_factory=dict)
    error: str | None = None
    partial: bool = False
    #: "In the future" (impossible timestamp) is measured against this UTC time (ISO 8601) …
    reference_time: str | None = None
    #: … which came from: "--now", "file modified" or "run start" (so a rerun is reproducible)
    reference_from: str | None = None

    def reject(self, reason: str, count: int = 1, lines: typing.Iterable[int] = ()) -> None:
        if count <= 0:
            return
        self.rows_rejected += count
        self.rejected_by_reason[reason] = self.rejected_by_reason.get(reason, 0) + count
        bad = self.first_bad_lines.setdefault(reason, [])
        for line in lines:
            if len(bad) >= 5:
                break
            bad.append(int(line))


# --------------------------------------------------------------------------- JSON codec

def to_json(obj: Any) -> Any:
    """Records → plain JSON values (dicts, lists, ISO-8601 Z strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dt.datetime):
        return iso(obj)
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {str(k): to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [to_json(v) for v in obj]
    if isinstance(obj, float) and obj != obj:  # NaN is not JSON
        return None
    return obj


def from_json(cls: Any, data: Any) -> Any:
    """Plain JSON values → records, driven by the dataclasses' type hints."""
    if data is None:
        return None
    origin = typing.get_origin(cls)
    args = typing.get_args(cls)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return from_json(inner[0], data) if len(inner) == 1 else data
    if origin is list:
        return [from_json(args[0], v) for v in data]
    if origin is tuple:
        return tuple(from_json(a, v) for a, v in zip(args, data))
    if origin is dict:
        return {k: from_json(args[1], v) for k, v in data.items()}
    if origin is Literal or cls is Any:
        return data
    if isinstance(cls, type) and dataclasses.is_dataclass(cls):
        hints = typing.get_type_hints(cls)
        kwargs = {f.name: from_json(hints[f.name], data[f.name]) for f in dataclasses.fields(cls) if f.name in data}
        return cls(**kwargs)
    if cls is dt.datetime:
        return parse_iso(data)
    if cls is dt.date:
        return dt.date.fromisoformat(data)
    if cls is float and isinstance(data, int):
        return float(data)
    return data


class Records(list):
    """A plain list of records that also turns into a typed pandas DataFrame (`to_frame`)."""

    _frame = ""  # the builder in tracker.frames

    def to_frame(self):
        from tracker import frames  # pandas only when asked

        return getattr(frames, self._frame)(self)


class Flights(Records):
    """`Flight` records; `to_frame()` gives one row per flight."""

    _frame = "flights"


class Stays(Records):
    """`GroundStay` records; `to_frame()` gives one row per stay."""

    _frame = "stays"


class Verdicts(Records):
    """`Verdict` records; `to_frame()` one row per claim, `checks_frame()` one per checked field."""

    _frame = "verdicts"

    def checks_frame(self):
        from tracker import frames

        return frames.checks(self)


@dataclass
class FlightsResult:
    """What segmentation made of a track table: flights, stays, and faults it filtered."""

    flights: list[Flight] = field(default_factory=Flights)
    stays: list[GroundStay] = field(default_factory=Stays)
    faults: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.flights = Flights(self.flights)
        self.stays = Stays(self.stays)

    def __repr__(self) -> str:
        faults = sum(self.faults.values())
        return f"FlightsResult({len(self.flights)} flights, {len(self.stays)} stays, {faults} faulty points filtered)"
