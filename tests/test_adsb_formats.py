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


def test_opensky_csv_units_stale_repeats_and_position_time():
    table, report = read_one(FORMATS / "opensky_states.csv")
    assert report.format == "opensky-csv"
    assert report.first_bad_lines == {"stale position (repeated)": [3], "unparsable line": [7], "no position": [6],
                                      "bad coordinates": [8]}
    climb = table.iloc[1]  # line 4: 304.8 m, 77.1667 m/s, 10.16 m/s; position measured at lastposupdate 1700000019.8
    assert climb["time"] == pd.Timestamp("2023-11-14T22:13:39.800Z")
    assert climb["alt_ft"] == pytest.approx(1000) and climb["gs_kt"] == pytest.approx(150, abs=1e-3)
    assert climb["vrate_fpm"] == pytest.approx(2000)
    assert list(table["on_ground"]) == [True, False, False] and set(table["callsign"]) == {"EDW24"}
    assert set(table["registration"]) == {"HB-JMF"}  # from the bundled aircraft database


def test_opensky_parquet_matches_csv(tmp_path):
    # pandas pads line 7's missing fields instead of rejecting it: the Parquet file has that row (no lastposupdate)
    csv = pd.read_csv(FORMATS / "opensky_states.csv", dtype={"icao24": "string", "callsign": "string"})
    target = tmp_path / "states.parquet"
    csv.to_parquet(target)
    assert sniff.detect(target) == "opensky-parquet"
    table, report = read_one(target)
    assert report.rejected_by_reason == {"stale position (repeated)": 1, "no position": 1, "bad coordinates": 1}
    assert list(table["alt_ft"].round(3).fillna(-1)) == [-1, 1000, 2000, 3000]
    assert table["time"].iloc[-1] == pd.Timestamp(1700000050, unit="s", tz="UTC")  # no lastposupdate: the vector's time


def test_opensky_parquet_truncated(tmp_path):
    good = tmp_path / "good.parquet"
    pd.read_csv(FORMATS / "opensky_states.csv", on_bad_lines="skip").to_parquet(good)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(good.read_bytes()[:-30])
    with pytest.raises(TrackerError, match="cut.parquet: not a readable Parquet file"):
        adsb.read([str(cut)])


def test_opensky_rest_states_all():
    table, report = read_one(FORMATS / "opensky_states_all.json")
    assert report.first_bad_lines == {"no position": [3], "malformed state vector": [4]}
    dlh = table[table["icao24"] == "3c6444"].iloc[0]  # lon comes before lat in a state vector
    assert (dlh["lat"], dlh["lon"]) == (50.03, 8.56) and dlh["alt_ft"] == pytest.approx(10000)
    assert dlh["gs_kt"] == pytest.approx(250, abs=1e-3) and dlh["vrate_fpm"] == pytest.approx(1000)
    assert dlh["time"] == pd.Timestamp(1700000008, unit="s", tz="UTC")  # time_position, not the snapshot time


def test_opensky_rest_tracks_all():
    table, report = read_one(FORMATS / "opensky_tracks_all.json")
    assert report.first_bad_lines == {"malformed track point": [4]}
    assert list(table["alt_ft"].round(6)) == [0, 1200, 3000] and list(table["on_ground"]) == [True, False, False]
    assert set(table["callsign"]) == {"DLH2AB"}


def test_dump1090_folder_is_one_recording():
    files = sorted(str(p) for p in (FORMATS / "dump1090_snapshots").iterdir())
    table, (report,) = adsb.read(files)
    assert report.file == str(FORMATS / "dump1090_snapshots") and report.format == "dump1090-json"
    # a00001's position (seen_pos 1.2 s before 1700000000.0, 2.2 s before …001.0) repeats: one duplicate
    assert report.rejected_by_reason == {"no position": 1, "aircraft entry is not an object": 1, "duplicates": 1}
    assert report.rows_read == 6 and len(table) == 3
    ground = table[table["icao24"] == "3c6444"]
    assert list(ground["time"]) == [pd.Timestamp("2023-11-14T22:13:19.6Z"), pd.Timestamp("2023-11-14T22:13:20.9Z")]
    assert ground["on_ground"].all() and ground["alt_ft"].isna().all() and set(ground["registration"]) == {"D-AIBD"}


def test_dump1090_old_field_names():
    table, _ = read_one(FORMATS / "dump1090_old.json")
    row = table.iloc[0]
    assert (row["alt_ft"], row["gs_kt"], row["vrate_fpm"], row["callsign"]) == (2300, 180, 1600, "RYR1AB")


def test_modes_jsonl_join_and_bad_lines():
    table, report = read_one(FORMATS / "modes_messages.jsonl")
    assert report.first_bad_lines == {"message without position": [1, 3, 4], "unparsable line": [7],
                                      "duplicates": [6], "bad coordinates": [9]}
    taxi, climb, later = (table.iloc[i] for i in range(3))
    assert bool(taxi["on_ground"]) and taxi["gs_kt"] == 12 and pd.isna(taxi["alt_ft"])
    assert (climb["alt_ft"], climb["gs_kt"], climb["vrate_fpm"]) == (1200, 150, 1800)  # BDS 0,9 2 s before
    assert pd.isna(later["vrate_fpm"])  # the last velocity is 40 s old: beyond the 10 s tolerance
    assert set(table["callsign"]) == {"DLH2AB"}


def test_modes_jsonl_truncated_is_partial():
    table, report = read_one(FORMATS / "modes_truncated.jsonl")
    assert report.partial and report.error == "file ends inside line 3 (truncated?)" and len(table) == 1


def test_modes_jsonl_gzip_in_small_blocks(tmp_path, monkeypatch):
    from tracker.adsb import modes
    monkeypatch.setattr(modes, "BLOCK_BYTES", 200)  # several blocks: velocity carried across them
    target = tmp_path / "messages.jsonl.gz"
    target.write_bytes(gzip.compress((FORMATS / "modes_messages.jsonl").read_bytes()))
    table, report = read_one(target)
    assert report.first_bad_lines["unparsable line"] == [7] and list(table["vrate_fpm"].fillna(-1)) == [-1, 1800, -1]


def test_same_rows_in_two_files_count_once(tmp_path):
    copy = tmp_path / "again.json"
    shutil.copy(FORMATS / "opensky_tracks_all.json", copy)
    table, (first, second) = adsb.read([str(FORMATS / "opensky_tracks_all.json"), str(copy)])
    assert len(table) == 3 and first.rows_kept == 3 and second.rows_kept == 0
    assert second.rejected_by_reason["duplicates (already in an earlier file)"] == 3
    assert second.rows_read == second.rows_kept + second.rows_rejected


def test_progress_bar_goes_to_stderr_and_changes_nothing(capsys):
    files = [str(FORMATS / "traffic_records.json"), str(FORMATS / "readsb_trace_recent.json")]
    quiet, quiet_reports = adsb.read(files)
    shown, shown_reports = adsb.read(files, progress=True)
    assert shown.equals(quiet) and shown_reports == quiet_reports
    assert capsys.readouterr().out == ""  # stdout may be carrying --json


def test_opensky_csv_gzip(tmp_path):
    target = tmp_path / "states.csv.gz"
    target.write_bytes(gzip.compress((FORMATS / "opensky_states.csv").read_bytes()))
    table, report = read_one(target)
    assert report.format == "opensky-csv" and report.first_bad_lines["unparsable line"] == [7] and len(table) == 3


def test_traffic_records_json_as_column_dict_and_iso_times(tmp_path):
    frame = pd.DataFrame({"timestamp": ["2023-11-14T22:13:20Z", "2023-11-14T22:13:21Z"], "icao24": ["4baac6"] * 2,
                          "latitude": [41.0, 41.01], "longitude": [28.8, 28.81], "altitude": [10000.0, 10025.0]})
    target = tmp_path / "cols.json"
    frame.to_json(target, orient="columns")
    table, report = read_one(target)
    assert report.format == "traffic-json" and list(table["alt_ft"]) == [10000, 10025]
    assert list(table["time"]) == [pd.Timestamp("2023-11-14T22:13:20Z"), pd.Timestamp("2023-11-14T22:13:21Z")]


def test_same_file_named_twice():
    name = str(FORMATS / "readsb_trace_recent.json")
    table, (first, second) = adsb.read([name, name])
    assert len(table) == 5 and set(table["source"]) == {name}
    assert (first.rows_kept, second.rows_kept) == (5, 0)
    assert second.rejected_by_reason == {"malformed trace row": 1, "duplicates (already in an earlier file)": 5}


def test_opensky_parquet_with_datetime_columns(tmp_path):
    """pyopensky/traffic write `time` and `lastposupdate` as datetimes, not epoch seconds."""
    csv = pd.read_csv(FORMATS / "opensky_states.csv", dtype={"icao24": "string", "callsign": "string"})
    for col in ("time", "lastposupdate"):
        csv[col] = pd.to_datetime((csv[col] * 1000).round().astype("Int64"), unit="ms", utc=True)
    target = tmp_path / "states_dt.parquet"
    csv.to_parquet(target)
    table, report = read_one(target)
    assert report.rejected_by_reason == {"stale position (repeated)": 1, "no position": 1, "bad coordinates": 1}
    assert table["time"].iloc[1] == pd.Timestamp("2023-11-14T22:13:39.800Z")


def test_opensky_csv_with_iso_times(tmp_path):
    target = tmp_path / "iso.csv"  # as pandas/traffic write a state-vector frame to CSV
    target.write_text("time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,baroaltitude\n"
                      "2023-11-14 22:13:20+00:00,4b1901,47.458,8.555,0.0,280.0,0.0,EDW24,True,\n"
                      "2023-11-14 22:13:30+00:00,4b1901,47.460,8.540,77.1667,280.0,10.16,EDW24,False,304.8\n")
    table, report = read_one(target)
    assert report.rows_read == 2 and list(table["time"]) == [pd.Timestamp("2023-11-14T22:13:20Z"),
                                                             pd.Timestamp("2023-11-14T22:13:30Z")]
    assert list(table["on_ground"]) == [True, False]


@pytest.mark.parametrize("name, expected", [
    ("traffic_records.json", "traffic-json"), ("readsb_trace_recent.json", "readsb-trace"),
    ("fr24_export.csv", "fr24-csv"), ("fr24_no_track.json", "fr24-json"), ("opensky_states.csv", "opensky-csv"),
    ("opensky_states_all.json", "opensky-states-json"), ("opensky_tracks_all.json", "opensky-tracks-json"),
    ("dump1090_old.json", "dump1090-json"), ("modes_messages.jsonl", "modes-jsonl"),
])
def test_format_is_recognised_from_content_whatever_the_name(tmp_path, name, expected):
    renamed = tmp_path / "download.dat"
    shutil.copy(FORMATS / name, renamed)
    assert sniff.detect(renamed) == expected
    gz = tmp_path / "download"
    gz.write_bytes(gzip.compress(renamed.read_bytes()))
    assert sniff.detect(gz) == expected
