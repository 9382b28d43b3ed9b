"""JSON payloads that need neither rich nor the CLI (the `flights --json` route of
`tracker.entry` imports only this); `tracker.output.report` re-exports them."""
from __future__ import annotations

from typing import Any

from tracker.model import FlightsResult, ReadReport, to_json


def flights_payload(result: FlightsResult, reports: list[ReadReport]) -> dict[str, Any]:
    return {
        "flights": [to_json(f) for f in result.flights],
        "stays": [to_json(s) for s in result.stays],
        "faults": dict(result.faults),
        "read_report": [to_json(r) for r in reports],
    }
