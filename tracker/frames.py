"""Records → pandas DataFrames with typed columns, for notebooks and further analysis.

Times are `datetime64[us, UTC]` (NaT where unknown), text is `string`, counts `Int64`,
measures `Float64`, outcomes a categorical in the fixed order of `OUTCOMES`. Reached
through `result.flights.to_frame()`, `result.stays.to_frame()`, `verdicts.to_frame()` and
`verdicts.checks_frame()`.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Iterable

import pandas as pd

from tracker.model import OUTCOMES, AirportRef, Check, Flight, GroundStay, TimeWindow, Verdict, to_json

OUTCOME = pd.CategoricalDtype(list(OUTCOMES), ordered=False)
TIME = "datetime64[us, UTC]"


def _times(values: list) -> pd.Series:
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object), utc=True), dtype=TIME)


def _window(rows: dict[str, Any], name: str, windows: list[TimeWindow | None]) -> None:
    rows[f"{name}_earliest"] = _times([w.earliest if w else None for w in windows])
    rows[f"{name}_latest"] = _times([w.latest if w else None for w in windows])


def _airport(rows: dict[str, Any], name: str, refs: list[AirportRef | None]) -> None:
    rows[name] = pd.Series([r.icao if r else None for r in refs], dtype="string")
    rows[f"{name}_km"] = pd.Series([r.distance_km if r else None for r in refs], dtype="Float64")


def _text(values: Iterable[Any]) -> pd.Series:
    return pd.Series(list(values), dtype="string")


def flights(items: list[Flight]) -> pd.DataFrame:
    """One row per flight: identity, airports (with distance from the track), windows, counts."""
    rows: dict[str, Any] = {
        "id": _text(f.id for f in items),
        "icao24": _text(f.icao24 for f in items),
        "registration": _text(f.registration for f in items),
        "callsign": _text(f.callsign for f in items),
        "typecode": _text(f.typecode for f in items),
    }
    _airport(rows, "origin", [f.origin for f in items])
    _airport(rows, "destination", [f.destination for f in items])
    _window(rows, "takeoff", [f.takeoff for f in items])
    _window(rows, "landing", [f.landing for f in items])
    rows["first_seen"] = _times([f.first_seen for f in items])
    rows["last_seen"] = _times([f.last_seen for f in items])
    rows["points"] = pd.Series([f.points for f in items], dtype="Int64")
    rows["gaps"] = pd.Series([len(f.gaps) for f in items], dtype="Int64")
    rows["gap_minutes"] = pd.Series([sum(g.minutes for g in f.gaps) for f in items], dtype="Float64")
    rows["track"] = _text(f.track for f in items)
    rows["source"] = _text("; ".join(f.source) for f in items)
    return pd.DataFrame(rows)


def stays(items: list[GroundStay]) -> pd.DataFrame:
    """One row per ground stay: where, arrival and departure windows, dwell bounds in hours."""
    rows: dict[str, Any] = {
        "icao24": _text(s.icao24 for s in items),
        "registration": _text(s.registration for s in items),
    }
    _airport(rows, "airport", [s.airport for s in items])
    rows["lat"] = pd.Series([s.airport.lat if s.airport else None for s in items], dtype="Float64")
    rows["lon"] = pd.Series([s.airport.lon if s.airport else None for s in items], dtype="Float64")
    _window(rows, "arrival", [s.arrival for s in items])
    _window(rows, "departure", [s.departure for s in items])
    rows["dwell_hours_min"] = pd.Series([s.dwell_hours.min for s in items], dtype="Float64")
    rows["dwell_hours_max"] = pd.Series([s.dwell_hours.max for s in items], dtype="Float64")
    rows["inferred"] = pd.Series([s.inferred for s in items], dtype="boolean")
    rows["arriving_flight"] = _text(s.arriving_flight for s in items)
    rows["departing_flight"] = _text(s.departing_flight for s in items)
    rows["track"] = _text(s.track for s in items)
    return pd.DataFrame(rows)


def verdicts(items: list[Verdict]) -> pd.DataFrame:
    """One row per claim: outcome, the matched flight or stay, how many fields were checked."""
    return pd.DataFrame({
        "claim_id": _text(v.claim_id for v in items),
        "article": _text(v.article for v in items),
        "outcome": pd.Series([v.outcome for v in items], dtype=OUTCOME),
        "flight": _text(v.flight.id if v.flight else None for v in items),
        "stay_airport": _text(v.stay.airport.icao if v.stay and v.stay.airport else None for v in items),
        "checks": pd.Series([len(v.checks) for v in items], dtype="Int64"),
        "candidates": pd.Series([len(v.candidates) for v in items], dtype="Int64"),
        "reason": _text(v.reason for v in items),
        "quote": _text(v.quote for v in items),
    })


def checks(items: list[Verdict]) -> pd.DataFrame:
    """One row per checked field of every claim, with the claim it belongs to.

    Columns follow `Check`'s fields, so a field added there appears here without a change:
    text as `string`, numbers as `Int64`/`Float64`, anything else (lists) as it is.
    """
    names = [f.name for f in dataclasses.fields(Check)]
    rows = [{"claim_id": v.claim_id, "article": v.article,
             **{n: _plain(getattr(c, n)) for n in names}} for v in items for c in v.checks]
    frame = pd.DataFrame(rows, columns=["claim_id", "article", *names])
    frame = frame.convert_dtypes()
    for col in ("claim_id", "article", "field"):
        frame[col] = frame[col].astype("string")
    frame["outcome"] = frame["outcome"].astype(OUTCOME)
    return frame


def _plain(value: Any) -> Any:
    """Nested records (windows, airports) as their JSON form; scalars unchanged."""
    return to_json(value) if dataclasses.is_dataclass(value) else value
