"""The OpenSky CSV reader's Arrow path (whole batches in pyarrow.compute / numpy, `table.Columns`,
`table._combine_columns`) gives the rows, dtypes, values and read report of the pandas route it
replaced (`opensky._history` + `_emit` + `table.check` + `table.combine` on DataFrames, still the
Parquet reader's). Both run here on the same files: hand-made hostile rows, mutated real rows
(the fuzz harness's mutations), and several files with repeats across files and batches."""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import fuzz_harness as fh
from tracker.adsb import aircraft, csvstream, opensky, table
from tracker.model import ReadReport

NOW = "2026-11-30T00:00:00Z"
HEADER = "time,icao24,lat,lon,velocity,heading,vertrate,callsign,onground,baroaltitude,lastposupdate\n"
HOSTILE = [
    "1700000000,4B1901 ,47.1,8.5,10,280,0,\x1b]0;EDW24 ,true,1000,1699999999.5",
    "1700000010,4b1901,47.1,8.5,10,280,0,EDW24,true,1000,1699999999.5",  # stale repeat
    "1700000020,~4b1901,47.2,8.5,10,280,0,,TRUE,1000,1700000019.25",
    "1700000030,zzzzzz,47.3,8.5,10,280,0,X,false,1000,1700000029",  # bad icao24
    "1700000040,4b1902,,,10,280,0,Y,0,1000,1700000039",  # no position
    "1700000050,4b1902,95,8.5,10,280,0,Y,1,1000,",  # bad coordinates
    "1700000060,4b1902,0,0,1e400,280,0,Y ,1,1000,",
    ",4b1902,47,8.5,10,280,0,Y,1,1000,",  # no time at all
    "1700000070,,47,8.5,10,280,0,Y,1,1000,1700000069.5",
    "1700000080,4b1903,47,8.5,10,280,0,Y,1,1000,1700000079.5,extra",  # unparsable line
    "1700000090,4b1903,47,8.5,10,280,0,Y,1,1000,1700000079.5",
    "9999999999,4b1903,47,8.5,10,280,0,Y,1,1000,9999999999",  # in the future
    "1700000100,4b1903,-0.0,8.5,10,280,0,Y,1,-1e308,1700000099.0000005",
    "1700000100,4b1903,-0.0,8.5,10,280,0,Z,1,-1e308,1700000099.0000005",  # the same position update again
    "1700000110,4b1904,47,8.5,10,280,0,W,1,1000,",
    "1700000110,4b1904,47,8.5,20,280,0,W,1,1000,",  # no position time: a duplicate, not a stale repeat
]


def _pandas_route(path: Path, report: ReadReport):
    """The reader as it was: a DataFrame per batch through `_history`, `_emit` and `table.check`."""
    previous = None
    for frame, lines in csvstream.batches(path, report, opensky._TEXT):
        raw, stale, previous = opensky._history(frame, lines, previous)
        yield opensky._emit(raw, stale, report)


def _read(paths: list[Path], route) -> tuple[pd.DataFrame, list[dict]]:
    parts = []
    for path in paths:
        report = ReadReport(file=str(path), format=opensky.FORMAT_CSV, reference_time=NOW)
        parts.append((list(route(path, report)), report))
    frame = aircraft.enrich(table.combine(parts), aircraft.load())
    return frame, [vars(r) for _, r in parts]


def _same(paths: list[Path]) -> None:
    new, new_reports = _read(paths, opensky.read_csv)
    old, old_reports = _read(paths, _pandas_route)
    assert new_reports == old_reports
    assert list(new.columns) == list(old.columns)
    assert [repr(t) for t in new.dtypes] == [repr(t) for t in old.dtypes]
    pd.testing.assert_frame_equal(new, old, check_exact=True)


def test_hostile_rows(tmp_path):
    path = tmp_path / "states.csv"
    path.write_text(HEADER + "\n".join(HOSTILE) + "\n")
    _same([path])
    new, reports = _read([path], opensky.read_csv)
    why = reports[0]["rejected_by_reason"]  # the comparison sees every rule at work
    assert why["stale position (repeated)"] == 2 and why["duplicates"] == 1 and why["unparsable line"] == 1
    assert {"no position", "bad icao24", "bad coordinates", "impossible timestamp"} <= set(why) and len(new) > 3


@pytest.mark.parametrize("text", [
    HEADER + "2023-11-14T22:13:20Z,4b1901,47.1,8.5,10,280,0,A,true,1000,2023-11-14T22:13:19Z\n",  # ISO times
    HEADER + "1700000000000,4b1901,47.1,8.5,10,280,0,A,true,1000,1700000000000.5\n",  # milliseconds
    HEADER + "1700000000,4b1901,47.1,8.5,abc,280,0,A,yes,1000,1700000000\n1700000001,4b1901,47.1,8.6,10, 280 ,0,A,t,1000,1700000001\n",
    "time,icao24,lat,lon\n1700000000,4b1901,47.1,8.5\n1700000000,4b1901,47.1,8.5\n",  # no lastposupdate, no callsign
    "time,icao24,lat,lon,callsign,onground\n1700000000,4b1901,47.1,8.5,AB,1\n1700000001,4b1901,47.1,8.5,,\n",
    HEADER,  # header only
])
def test_odd_columns(tmp_path, text):
    path = tmp_path / "states.csv"
    path.write_text(text)
    _same([path])


def test_not_utf8_rows(tmp_path):
    path = tmp_path / "states.csv"
    path.write_bytes((HEADER + "1700000000,4b1901,47.1,8.5,10,280,0,A\xff,true,1000,1700000000\n"
                      "1700000001,4b1901,47.1,8.6,10,280,0,B,true,1000,1700000001\n").encode("latin-1"))
    _same([path])


@pytest.mark.parametrize("seed", range(25))
def test_mutated_real_rows(tmp_path, seed):
    rng = random.Random(seed)
    data = fh.seed_bytes("opensky-csv")[0]
    for _ in range(rng.randint(1, 4)):
        data = fh.any_mutation(data, rng, "opensky-csv")
    path = tmp_path / "states.csv"
    path.write_bytes(data)
    report = ReadReport(file=str(path), format=opensky.FORMAT_CSV)
    try:
        list(_pandas_route(path, report))
    except Exception as exc:  # noqa: BLE001 — a mutation the format reader refuses (gzip-looking, unreadable)
        # the Arrow route refuses it the same way; the caller turns that into the file's one-line error
        with pytest.raises(type(exc)):
            list(opensky.read_csv(path, ReadReport(file=str(path), format=opensky.FORMAT_CSV)))
        return
    _same([path])


def test_batches_and_files(tmp_path, monkeypatch):
    """Many small batches (repeats found in this batch and the one before only, by position time)
    and two files sharing rows (duplicates counted against the earlier file)."""
    monkeypatch.setattr(csvstream, "CSV_BLOCK", 1 << 12)
    rng = np.random.default_rng(5)
    rows = []
    for i in range(600):
        icao = f"{0x3c0000 + int(rng.integers(0, 7)):06x}"
        t = 1_700_000_000 + i // 2 + int(rng.integers(0, 3))
        rows.append(f"{t},{icao},{45 + rng.integers(0, 3) * 0.5},{7 + rng.integers(0, 2) * 0.5},100,90,0,"
                    f"C{icao[-2:]},{'true' if rng.random() < 0.1 else 'false'},1000,{t - 0.5}")
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    one.write_text(HEADER + "\n".join(rows) + "\n")
    two.write_text(HEADER + "\n".join(rows[300:] + rows[:50]) + "\n")
    _same([one, two])
    _, reports = _read([one, two], opensky.read_csv)
    assert reports[1]["rejected_by_reason"].get("duplicates (already in an earlier file)", 0) > 0


def test_sort_order_is_lexsort():
    rng = np.random.default_rng(0)
    for n, aircraft_count, spread in ((50_000, 70_000, 40), (20_000, 3, 5), (1, 1, 1), (0, 1, 1)):
        codes = rng.integers(0, aircraft_count, n).astype("int32")
        time = rng.integers(0, spread, n)
        lat, lon = rng.integers(0, 3, n) * 0.5, rng.integers(-1, 2, n) * 0.0
        for t in (time, np.sort(time)):  # (a file in time order skips the time sort)
            want = np.lexsort((lon, lat, t, codes))
            assert (table.sort_order(codes, t, lat, lon) == want).all()
            order, s_codes, s_time = table.sorted_by(codes, t, lat, lon)
            assert (order == want).all() and (s_codes == codes[want]).all() and (s_time == t[want]).all()


def test_sort_order_of_sorted_runs_is_lexsort():
    """Chunks each already in (aircraft, time, lat, lon) order, as `combine` sorts them first: the
    aircraft whose rows go back in time where one chunk meets the next are the only ones re-sorted —
    the same order as one lexsort of everything, ties (equal aircraft and time) in run order."""
    rng = np.random.default_rng(3)
    for n_runs, run, n_aircraft, overlap in ((6, 5_000, 300, 2), (3, 4_000, 5, 40), (40, 50, 7, 1), (4, 3_000, 70_000, 0)):
        pieces = []
        for k in range(n_runs):
            codes = rng.integers(0, n_aircraft, run).astype("int32")
            time = k * 100 + rng.integers(0, 100 + overlap, run) - overlap  # neighbouring runs share a few times
            lat, lon = rng.integers(0, 3, run) * 0.5, rng.integers(-1, 2, run) * 0.5
            o = np.lexsort((lon, lat, time, codes))
            pieces.append((codes[o], time[o], lat[o], lon[o]))
        codes, time, lat, lon = (np.concatenate(p) for p in zip(*pieces))
        want = np.lexsort((lon, lat, time, codes))
        for runs in (None, [run] * n_runs):  # (told the runs: merged by slices, not sorted)
            order, s_codes, s_time = table.sorted_by(codes, time, lat, lon, runs)
            assert (order == want).all() and (s_codes == codes[want]).all() and (s_time == time[want]).all()


def test_merge_runs_is_stable_argsort():
    """`_merge_runs` gives `np.argsort(codes, kind="stable")` for runs each sorted by code, and
    declines (None) runs that are not sorted, or so many codes and runs that slicing would cost more."""
    rng = np.random.default_rng(4)
    for lengths, n_aircraft in (([5, 0, 9, 1, 30], 4), ([1000] * 7, 50), ([3], 1), ([400, 400], 300)):
        codes = np.concatenate([np.sort(rng.integers(0, n_aircraft, n)) for n in lengths]).astype("int32")
        got = table._merge_runs(codes, lengths)
        assert got is not None and (got == np.argsort(codes, kind="stable")).all()
    codes = np.array([0, 0, 2, 2, 2, 3, 1, 1, 3, 3, 3, 3], dtype="int32")
    assert table._merge_runs(codes, [12]) is None and table._merge_runs(codes, [4, 8]) is None
    assert (table._merge_runs(codes, [6, 6]) == np.argsort(codes, kind="stable")).all()
    assert table._merge_runs(np.arange(10, dtype="int32"), [1] * 10) is None  # 10 runs × 11 slices > 10 rows


@pytest.mark.parametrize("spread", [3, 50, 10_000])
def test_repeats_is_duplicated(spread):
    """`_repeats` (neighbours within runs of one time when in time order, else hashing) marks what
    `duplicated(keep="first")` marks."""
    rng = np.random.default_rng(spread)
    for n in (0, 1, 2, 1000, 20_000):
        keys, times = rng.integers(0, 40, n), rng.integers(0, spread, n) * 1_000_000_000
        for t in (times, np.sort(times)):
            want = pd.DataFrame({"k": keys, "t": t}).duplicated(keep="first").to_numpy()
            assert (opensky._repeats(keys, t, 40) == want).all()


@pytest.mark.parametrize("text", [
    '[{"timestamp": 1633608773000, "icao24": "0101de", "latitude": 48.48, "onground": false}]',
    "[18446744073709551616, -9223372036854775809, 1234567890123456789012]",  # orjson would make floats
    "[NaN, Infinity, -Infinity, 1e400]",  # orjson refuses these
    '["\\ud800", "\\ud83d\\ude00"]',  # a lone surrogate (json keeps it) and a pair
    '[{"a": 1, "a": 2}, -0.0, 5e-324, 1.7976931348623157e308]',
])
def test_fast_loads_is_json(text):
    import json

    from tracker.adsb.jsonstream import fast_loads

    got, want = fast_loads(text), json.loads(text)
    assert repr(got) == repr(want) and [type(v) for v in got] == [type(v) for v in want]


def test_positions_is_get_indexer():
    """`opensky._positions` (Arrow's `index_in`) finds what `pd.Index.get_indexer` finds: the last
    batch's icao24 texts among this batch's, -1 for those not there — odd texts included."""
    uniques = pd.array(["3c6444", "4b1901", "", "é~1", "abc\x00", "3C6444"], dtype="string")
    values = np.array(["4b1901", "zzz", "3C6444", "", "abc\x00", "é~1", "3c6444 "], dtype=object)
    want = pd.Index(uniques).get_indexer(values)
    assert (opensky._positions(values, uniques) == want).all()
    assert (opensky._positions(values[:2], uniques[:0]) == [-1, -1]).all()
