"""ADS-B readers: every supported format into the canonical track table (see schema)."""
from __future__ import annotations

from tracker.errors import StageNotBuilt


def read(files: list[str], aircraft_db: list[str] = (), progress: bool = False):
    raise StageNotBuilt("ADS-B reading")
