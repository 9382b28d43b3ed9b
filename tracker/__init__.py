"""tracker: corroborate news claims about flights against recorded ADS-B tracks.

Stages (folders; each usable alone from Python):
  tracker.claims        articles → Claim records
  tracker.adsb          ADS-B files → canonical track table (+ aircraft database)
  tracker.flights       track table → Flight, GroundStay
  tracker.corroborate   claims × flights → Verdict records
  tracker.output        verdicts → terminal, Markdown, JSON, CSV, Folium maps, GeoJSON/KML

In a notebook::

    import tracker
    table, reports = tracker.read_tracks("fixtures/adsb")        # a file, a folder or a list
    result = tracker.detect(table)                               # tracker.FlightRules(...) to tune
    result.flights.to_frame()                                    # typed pandas DataFrames
    docs = tracker.load_articles("seeds")
    claims = [c for doc in docs for c in tracker.extract(doc)]
    verdicts = tracker.corroborate_claims(claims, result, table)
    verdicts.to_frame(); verdicts.checks_frame()
    tracker.build_map(result, table, verdicts)                   # a folium.Map, shown inline

Everything listed in `__all__` is the public surface; other modules may change.
Heavy stages (pandas, folium) are imported on first use, not by `import tracker`.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any, Iterable

from tracker.errors import FormatError, InputError, NetworkError, TrackerError
from tracker.model import (AirportRef, Article, Check, Claim, Flight, Flights, FlightsResult, Gap, GroundStay,
                           HoursRange, Place, ReadReport, Stays, TimeWindow, Verdict, Verdicts)

if TYPE_CHECKING:
    import pandas as pd

__version__ = "0.1.0"

__all__ = [
    # records
    "Article", "Claim", "Place", "TimeWindow", "HoursRange", "AirportRef", "Gap", "Flight", "GroundStay",
    "Check", "Verdict", "ReadReport", "FlightsResult", "Flights", "Stays", "Verdicts",
    # errors
    "TrackerError", "InputError", "FormatError", "NetworkError",
    # stages
    "load_articles", "extract", "read_tracks", "FlightRules", "detect", "corroborate_claims",
    "build_map", "write_maps", "write_geojson", "write_kml",
    "__version__",
]

_LAZY = {  # public name → (module, attribute), imported on first use
    "load_articles": ("tracker.claims.articles", "load"),
    "extract": ("tracker.claims.extractor", "extract"),
    "read_tracks": ("tracker.adsb", "read"),
    "FlightRules": ("tracker.flights.segment", "FlightRules"),
    "detect": ("tracker.flights.segment", "detect"),
    "build_map": ("tracker.output.maps", "build"),
    "write_maps": ("tracker.output.maps", "write_maps"),
    "write_geojson": ("tracker.output.export", "write_geojson"),
    "write_kml": ("tracker.output.export", "write_kml"),
}


def corroborate_claims(claims: Iterable[Claim], result: FlightsResult, table: "pd.DataFrame") -> Verdicts:
    """Claims × flights and stays → one `Verdict` per claim, as `Verdicts` (with `to_frame()`).

    (Not `tracker.corroborate`: that name is the stage's folder.)"""
    from tracker.corroborate import corroborate

    return Verdicts(corroborate(list(claims), result, table))


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
