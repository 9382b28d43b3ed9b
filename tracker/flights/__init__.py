"""Stage 2b — the canonical track table → `Flight` and `GroundStay` records
(`segment.detect(table, rules=FlightRules())`)."""
