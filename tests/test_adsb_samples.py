"""The readers on real recorded files (fixtures/samples, copied from traffic's sample data).

Row counts, identities and the spot-checked rows below were read by hand from the raw files.
"""
from __future__ import annotations

import pandas as pd
import pytest

from tracker import adsb
from tracker.adsb import schema

from conftest import FIXTURES

SAMPLES = FIXTURES / "samples"


def read_one(rel: str):
    table, reports = adsb.read([str(SAMPLES / rel)])
    (report,) = reports
    assert report.rows_read == report.rows_kept + report.rows_rejected
    assert report.rows_kept == len(table)
    assert dict(table.dtypes.astype(str)) == {k: str(pd.Series(dtype=v).dtype) for k, v in schema.DTYPES.items()}
    assert table.equals(table.sort_values(["icao24", "time"], kind="stable", ignore_index=True))
    return table, report


def at(table: pd.DataFrame, when: str) -> pd.Series:
    rows = table[table["time"] == pd.Timestamp(when)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


def test_fr24_playback_istanbul_oslo():
    table, report = read_one("fr24/372355e5.json")
    assert report.format == "fr24-json" and report.rows_read == 634 and report.rows_rejected == 0
    assert set(table["icao24"]) == {"4baac6"}
    assert set(table["registration"]) == {"TC-JVF"} and set(table["typecode"]) == {"B738"}
    assert set(table["callsign"]) == {"THY9BP"}
    first = table.iloc[0]  # raw: lat 41.275532, lon 28.747959, heading 177, timestamp 1726558281
    assert first["time"] == pd.Timestamp("2024-09-17T07:31:21Z")
    assert (first["lat"], first["lon"], first["track_deg"]) == (41.275532, 28.747959, 177)
    cruise = at(table, "2024-09-17T09:22:36Z")  # raw point 301: 38000 ft, 464 kt, heading 340
    assert (cruise["alt_ft"], cruise["gs_kt"], cruise["track_deg"], cruise["on_ground"]) == (38000, 464, 340, False)
    last = table.iloc[-1]  # raw: 0 ft, 2 kt, at Oslo
    assert last["alt_ft"] == 0 and last["gs_kt"] == 2 and bool(last["on_ground"])


def test_fr24_playback_long_haul_identity():
    table, report = read_one("fr24/34a8254b.json")
    assert report.rows_kept == 1249
    assert set(zip(table["icao24"], table["registration"], table["typecode"], table["callsign"])) == {
        ("4b1901", "HB-JMF", "A343", "EDW24")}
    row = at(table, "2024-04-06T17:25:54Z")  # raw point 601: 47.776337,-66.667442, 36000 ft, 508 kt, 227°
    assert (row["lat"], row["lon"], row["alt_ft"], row["gs_kt"], row["track_deg"]) == (47.776337, -66.667442, 36000, 508, 227)


def test_readsb_trace_full():
    table, report = read_one("readsb/trace_full_ac671b.json")
    assert report.format == "readsb-trace" and report.rows_read == 2500 and report.rows_kept == 2500
    assert set(zip(table["icao24"], table["registration"], table["typecode"])) == {("ac671b", "N899DN", "B739")}
    # trace row 4: 26.89 s after 1738703622.619, lat 16.833336, 32000 ft, 483.3 kt, track 340.7, details flight "DAL1812 "
    row = table.iloc[3]
    assert row["time"] == pd.Timestamp("2025-02-04T21:14:09.509Z")
    assert (row["lat"], row["alt_ft"], row["gs_kt"], row["track_deg"], row["vrate_fpm"]) == (16.833336, 32000, 483.3, 340.7, 0)
    assert row["callsign"] == "DAL1812" and table.iloc[0]["callsign"] == "DAL1812"  # carried back within the leg
    # altitude "ground" → on_ground, no altitude; the last leg flew as DAL2927 (raw last row: 58.5 kt, -64 fpm)
    assert int(table["on_ground"].sum()) == 394 and table.loc[table["on_ground"], "alt_ft"].isna().all()
    last = table.iloc[-1]
    assert (last["gs_kt"], last["vrate_fpm"], last["callsign"]) == (58.5, -64, "DAL2927")
    assert table["callsign"].value_counts().to_dict() == {"DAL1812": 770, "DAL2927": 694, "DAL2418": 562, "DAL1615": 474}


def test_traffic_json_quickstart_collection():
    table, report = read_one("collections/quickstart.json.gz")
    assert report.format == "traffic-json" and report.rows_read == 284505 and report.rows_kept == 284505
    # first raw record: MSR799 0101de 48.4824371338,3.8288057767 13650 ft 325 kt 311.136° -896 ft/min, squawk 1000
    row = at(table[table["icao24"] == "0101de"], "2021-10-07T12:12:53Z")
    assert row["callsign"] == "MSR799" and (row["lat"], row["lon"]) == (48.4824371338, 3.8288057767)
    assert (row["alt_ft"], row["gs_kt"], row["vrate_fpm"], row["on_ground"]) == (13650, 325, -896, False)
    assert table["icao24"].nunique() == table["icao24"].nunique() and table["icao24"].str.fullmatch("[0-9a-f]{6}").all()


def test_onground_zurich_repeated_block_counted_as_duplicates():
    table, report = read_one("onground/zurich_airport.json.gz")
    # records 8005… repeat records 2050… exactly (same aircraft, time and position)
    assert report.rows_read == 17132 and report.rejected_by_reason == {"duplicates": 2297}
    assert report.first_bad_lines["duplicates"][0] == 8005
    assert report.rows_kept == 14835
    # one real conflict stays: 4b160e at 1572959120000 reported two different positions
    same_time = table[table.duplicated(["icao24", "time"], keep=False)]
    assert list(same_time["icao24"]) == ["4b160e", "4b160e"] and same_time["lat"].nunique() == 2
    assert table["on_ground"].any() and (~table["on_ground"]).any()


def test_military_rows_without_position_are_counted():
    table, report = read_one("military/inflight_refuelling.json.gz")
    assert report.rows_read == 10397 and report.rejected_by_reason == {"no position": 1}
    assert report.first_bad_lines == {"no position": [1]}  # record 1: FAF4011 with latitude null
    assert int(table["gs_kt"].isna().sum()) == 5899  # 5900 raw nulls, one of them on the dropped record 1


@pytest.mark.parametrize("name, rows, kept", [
    ("noisy_ground", 924, 924), ("noisy_landing", 848, 848), ("noisy_spoofing", 8681, 8670),
    ("noisy_takeoff", 730, 730), ("noisy_time_issue", 8294, 8294),
])
def test_every_noisy_sample_reads(name, rows, kept):
    table, report = read_one(f"noisy/{name}.json.gz")
    assert report.error is None and not report.partial
    assert (report.rows_read, report.rows_kept) == (rows, kept)
    assert table["lat"].between(-90, 90).all() and table["time"].notna().all()


def test_column_oriented_noisy_file_keeps_row_order():
    table, _ = read_one("noisy/noisy_spoofing.json.gz")
    # column dict row "0": timestamp 1726560266000
    assert table["time"].min() == pd.Timestamp(1726560266000, unit="ms", tz="UTC")


def test_rs1090_messages_joined_per_aircraft():
    table, report = read_one("rs1090/full_flight_short.jsonl")
    # 57,793 lines; 8,324 carry a position (6,457 airborne BDS 0,5 + 1,867 surface BDS 0,6);
    # 43 of those are the same frame received twice (same time and position)
    assert report.format == "modes-jsonl" and report.rows_read == 57793
    assert report.rejected_by_reason == {"message without position": 57793 - 8324, "duplicates": 43}
    assert report.rows_kept == 8281 and set(table["icao24"]) == {"393322"} and set(table["callsign"]) == {"AFR34ZG"}
    surface = table[table["on_ground"]]
    assert len(surface) == 1865  # 1,867 surface positions in the raw file, 2 of them received twice
    assert surface["alt_ft"].isna().all() and surface["vrate_fpm"].isna().all()
    # line 2052: BDS 0,5 at 1720249162.2885969, 48.99627685546875, 2.5650963416466346, 725 ft;
    # the latest BDS 0,9 before it is line 2047 (1720249161.8509488): 160.9 kt, 263.9°, +2176 ft/min
    row = at(table, "2024-07-06T06:59:22.288597Z")
    assert (row["lat"], row["lon"], row["alt_ft"], row["on_ground"]) == (48.99627685546875, 2.5650963416466346, 725, False)
    assert (row["gs_kt"], row["track_deg"], row["vrate_fpm"]) == (160.90059042775448, 263.93507755455204, 2176)
