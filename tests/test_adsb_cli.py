"""`tracker read` as a user runs it: JSON payload, counts adding up, exit 2 on unknown formats."""
from __future__ import annotations

import json

from conftest import FIXTURES


def test_read_json_real_samples(cli):
    run = cli("read", "--json", str(FIXTURES / "samples" / "fr24" / "372355e5.json"),
              str(FIXTURES / "samples" / "readsb" / "trace_full_ac671b.json"))
    assert run.returncode == 0, run.stderr
    payload = json.loads(run.stdout)
    assert [(r["format"], r["rows_read"], r["rows_kept"]) for r in payload["read_report"]] == [
        ("fr24-json", 634, 634), ("readsb-trace", 2500, 2500)]
    aircraft = {a["icao24"]: a for a in payload["aircraft"]}
    assert aircraft["4baac6"]["registration"] == "TC-JVF" and aircraft["4baac6"]["callsigns"] == ["THY9BP"]
    assert aircraft["ac671b"]["typecode"] == "B739" and aircraft["ac671b"]["points"] == 2500


def test_read_json_counts_add_up_on_malformed_file(cli):
    run = cli("read", "--json", str(FIXTURES / "formats" / "traffic_records.json"))
    assert run.returncode == 0, run.stderr
    (report,) = json.loads(run.stdout)["read_report"]
    assert report["rows_read"] == report["rows_kept"] + report["rows_rejected"] == 7
    assert report["first_bad_lines"]["duplicates"] == [5]


def test_unknown_format_exits_2_with_one_line(cli):
    run = cli("read", str(FIXTURES / "formats" / "notes.txt"))
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "notes.txt" in run.stderr and "Traceback" not in run.stderr


def test_read_a_folder_of_every_format(cli):
    """Every hand-written format in one run: nothing dropped silently, every count adds up."""
    run = cli("read", "--json", str(FIXTURES / "formats"))
    assert run.returncode == 0, run.stderr
    reports = {r["file"].rsplit("formats/", 1)[-1]: r for r in json.loads(run.stdout)["read_report"]}
    for r in reports.values():
        assert r["rows_read"] == r["rows_kept"] + r["rows_rejected"] == r["rows_kept"] + sum(r["rejected_by_reason"].values())
    formats = {r["format"] for r in reports.values()}
    assert formats >= {"traffic-json", "readsb-trace", "fr24-csv", "opensky-csv", "opensky-states-json",
                       "opensky-tracks-json", "dump1090-json", "modes-jsonl"}
    assert reports["dump1090_snapshots"]["format"] == "dump1090-json"  # the folder is one recording
    # not track files: named, with the reason, not skipped
    for name in ("notes.txt", "README.md", "aircraftDatabase.csv", "tar1090_aircraft.csv.gz"):
        assert reports[name]["format"] is None and reports[name]["error"].startswith("not a known ADS-B track format")
    assert reports["readsb_truncated.json"]["error"] and reports["traffic_truncated.json"]["partial"]
