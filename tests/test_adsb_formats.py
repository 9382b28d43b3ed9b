"""Each format on small hand-written files (fixtures/formats), and malformed variants of each."""
from __future__ import annotations

import gzip
import shutil

import pandas as pd
import pytest

from tracker import adsb
from tracker.adsb import sniff
from tracker.errors import TrackerError

from conftest import FIXTURES

FORMATS = FIXTURES / "formats"


def read_one(path):
    table, (report,) = adsb.read([str(path)])
    assert report.rows_read == report.rows_kept + report.rows_rejected == sum(report.rejected_by_reason.values()) + len(table)
    return table, report


def test_traffic_records_every_reject_reason_named_with_its_record():
    table, report = read_one(FORMATS / "traffic_records.json")
    assert report.rows_read == 7 and report.rows_kept == 2
    assert report.first_bad_lines == {"bad coordinates": [2], "impossible timestamp": [3], "duplicates": [5],
                                      "bad icao24": [6], "no position": [7]}
    assert list(table["icao24"]) == ["4baac6", "4baac6"]  # upper-case hex normalised
    assert list(table["callsign"]) == ["THY9BP", "THY9BP"]  # padding stripped
    assert list(table["time"]) == [pd.Timestamp("2023-11-14T22:13:20Z"), pd.Timestamp("2023-11-14T22:13:23Z")]


def test_traffic_records_truncated_is_a_partial_read():
    table, report = read_one(FORMATS / "traffic_truncated.json")
    assert report.partial and "record 4" in report.error and "line 5" in report.error
    assert report.rows_read == 4 and report.rejected_by_reason["unparsable record"] == 1 and len(table) == 1


def test_gzip_is_recognised_by_content_not_name(tmp_path):
    plain = (FORMATS / "readsb_trace_recent.json").read_bytes()
    disguised = tmp_path / "trace_recent_3c6444.bin"
    disguised.write_bytes(gzip.compress(plain))
    assert sniff.detect(disguised) == "readsb-trace"
    assert len(read_one(disguised)[0]) == 5


def test_readsb_trace_ground_flags_and_short_rows():
    table, report = read_one(FORMATS / "readsb_trace_recent.json")
    assert report.rejected_by_reason == {"malformed trace row": 1} and report.first_bad_lines == {"malformed trace row": [5]}
    assert list(table["on_ground"].astype(object).where(table["on_ground"].notna(), None)) == [True, True, False, False, None]
    # "ground" has no altitude; flag 8 marks a geometric altitude, which is not the barometric one the table holds
    assert table["alt_ft"].isna().tolist() == [True, True, False, True, True]
    assert table["time"].iloc[0] == pd.Timestamp("2023-11-14T22:13:20.500Z")
    assert set(table["callsign"]) == {"DLH2AB"} and set(table["registration"]) == {"D-AIBD"}


def test_readsb_truncated_single_file_is_a_clear_error():
    with pytest.raises(TrackerError, match=r"readsb_truncated.json: not valid JSON.*truncated"):
        adsb.read([str(FORMATS / "readsb_truncated.json")])


def test_fr24_csv_export():
    table, report = read_one(FORMATS / "fr24_export.csv")
    assert report.first_bad_lines == {"unparsable line": [5], "bad coordinates": [6]}
    assert list(table["lat"]) == [41.275532, 41.2751, 49.414257] and list(table["lon"]) == [28.747959, 28.748, 21.318666]
    assert list(table["alt_ft"]) == [0, 0, 38000] and list(table["gs_kt"]) == [0, 12, 464]
    assert table["icao24"].isna().all() and set(table["callsign"]) == {"THY9BP"}  # the export has no hex


def test_fr24_json_without_track_is_an_error():
    with pytest.raises(TrackerError, match="without result.response.data.flight.track"):
        adsb.read([str(FORMATS / "fr24_no_track.json")])


def test_unknown_format_alone_is_an_error_naming_the_file():
    with pytest.raises(TrackerError, match=r"notes.txt: not a known ADS-B track format"):
        adsb.read([str(FORMATS / "notes.txt")])


def test_unknown_format_among_others_is_reported_not_dropped():
    table, reports = adsb.read([str(FORMATS / "notes.txt"), str(FORMATS / "readsb_trace_recent.json"),
                                str(FORMATS / "readsb_truncated.json")])
    by_name = {r.file.rsplit("/", 1)[-1]: r for r in reports}
    assert by_name["notes.txt"].error.startswith("not a known ADS-B track format") and by_name["notes.txt"].format is None
    assert "truncated" in by_name["readsb_truncated.json"].error and by_name["readsb_truncated.json"].rows_kept == 0
    assert by_name["readsb_trace_recent.json"].rows_kept == len(table) == 5


def test_empty_file_is_unknown(tmp_path):
    empty = tmp_path / "empty.json"
    empty.write_text("")
    with pytest.raises(TrackerError, match="empty.json"):
        adsb.read([str(empty)])


def test_corrupt_gzip_is_a_clear_error(tmp_path):
    broken = tmp_path / "broken.json.gz"
    broken.write_bytes(gzip.compress((FORMATS / "traffic_records.json").read_bytes())[:40])
    with pytest.raises(TrackerError, match="broken.json.gz"):
        adsb.read([str(broken)])


def test_several_files_sorted_by_icao24_then_time(tmp_path):
    shutil.copy(FORMATS / "traffic_records.json", tmp_path / "a.json")
    table, reports = adsb.read([str(FORMATS / "readsb_trace_recent.json"), str(tmp_path / "a.json")])
    assert list(table["icao24"]) == ["3c6444"] * 5 + ["4baac6"] * 2
    assert table.groupby("icao24")["time"].apply(lambda s: s.is_monotonic_increasing).all()
    assert set(table["source"]) == {str(FORMATS / "readsb_trace_recent.json"), str(tmp_path / "a.json")}
