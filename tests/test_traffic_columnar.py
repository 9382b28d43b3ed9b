"""The columnar route for traffic JSON record arrays gives exactly what the record route gives.

Every case is read twice — as `traffic_json.read` does it, and with the columnar route switched
off — and the checked frames (values, dtypes, line numbers) and the read reports (counts,
reasons in order, first bad lines, partial/error) must be equal. Plain files must take the
columnar route (else the comparison would prove nothing); hostile ones may take either.
"""
from __future__ import annotations

import gzip
import json
import random

import pandas as pd
import pytest

from tracker.adsb import jsonstream, sniff, traffic_columnar, traffic_json
from tracker.model import ReadReport

NOW = "2026-11-30T00:00:00Z"


@pytest.fixture(autouse=True, params=["split", "duckdb"])
def small_files_too(monkeypatch, request):
    """The columnar route normally starts at 8 MB (below, DuckDB's start-up costs more than it saves).
    Every test runs twice: with the numpy cut alone (DuckDB switched off), then with DuckDB alone —
    each against the record route."""
    monkeypatch.setattr(traffic_columnar, "MIN_PLAIN", 0)
    off = "_duckdb_values" if request.param == "split" else "_split_values"
    monkeypatch.setattr(traffic_columnar, off, lambda *a, **k: None)
T0 = 1633608773000  # 2021-10-07, epoch ms


def record(i: int, **changes) -> dict:
    row = {"altitude": 13650.0 + i * 25, "callsign": f"MSR{799 + i % 3}", "groundspeed": 325.0,
           "icao24": ["0101de", "3944f5", "4ca7b3"][i % 3], "latitude": 48.4824371338 + i * 1e-3,
           "longitude": 3.8288057767 - i * 1e-3, "onground": i % 7 == 0, "squawk": "1000",
           "timestamp": T0 + i * 1000, "track": 311.1362180242, "vertical_rate": -896.0}
    row.update(changes)
    return row


def compact(rows: list) -> str:
    return json.dumps(rows, separators=(",", ":"), ensure_ascii=False)


def read_both(path):
    """(frame, report) by the default route, then by records only."""
    out = []
    for columnar in (True, False):
        report = ReadReport(file=str(path), format=traffic_json.FORMAT, reference_time=NOW)
        saved = traffic_columnar.plain_batches
        if not columnar:
            traffic_columnar.plain_batches = lambda *a, **k: None
        try:
            frames = list(traffic_json.read(path, report))
        finally:
            traffic_columnar.plain_batches = saved
        frame = pd.concat(frames, ignore_index=True) if frames else None
        out.append((frame, report))
    return out


def assert_same(path):
    (fast, fast_report), (slow, slow_report) = read_both(path)
    if slow is None:
        assert fast is None
    else:
        pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert fast_report == slow_report
    assert list(fast_report.rejected_by_reason) == list(slow_report.rejected_by_reason)
    return fast, fast_report


def write(tmp_path, name: str, text: str | bytes, gz: bool = False):
    data = text.encode("utf-8") if isinstance(text, str) else text
    path = tmp_path / (name + (".json.gz" if gz else ".json"))
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


def plain(path) -> bool:
    with open(path, "rb") as raw:
        head = (gzip.decompress(raw.read()) if str(path).endswith(".gz") else raw.read())[:1 << 16]
    return traffic_columnar.plain_batches(path, head.decode("utf-8", "replace").lstrip(), traffic_json.BATCH) is not None


@pytest.mark.parametrize("gz", [False, True])
def test_plain_file_takes_the_columnar_route_and_matches(tmp_path, gz):
    rows = [record(i) for i in range(50)]
    rows[3]["altitude"] = None                      # nulls in every kind of column
    rows[4]["callsign"] = None
    rows[5]["onground"] = None
    rows[6]["latitude"] = rows[6]["longitude"] = None  # no position: rejected
    rows[7]["icao24"] = "ZZZZZZ"                      # bad icao24
    rows[8]["timestamp"] = 4102444800000              # 2100: impossible timestamp
    rows[9]["latitude"], rows[9]["longitude"] = 0.0, 0.0  # bad coordinates
    rows[10]["callsign"] = "  "                       # blank → unknown
    rows[11]["altitude"] = 123456789012345678          # large integers, exactly as Python rounds them
    rows[12]["timestamp"] = T0 + 12000                 # an int among ints
    rows[13]["track"] = 0.1000000000000000055511151231257827
    rows[14]["callsign"] = "ЖУК1"                      # non-ASCII: characters ≠ bytes
    rows[15]["vertical_rate"] = -1e-300
    rows[16]["altitude"] = 1.5e3
    path = write(tmp_path, "plain", compact(rows), gz)
    assert plain(path)
    frame, report = assert_same(path)
    assert report.rows_read == 50 and report.rows_rejected == 4
    assert frame["callsign"].isna().sum() == 2


def test_random_numbers_match(tmp_path):
    rng = random.Random(16)
    rows = []
    for i in range(400):
        rows.append(record(i, latitude=rng.uniform(-90, 90), longitude=rng.uniform(-180, 180),
                           altitude=rng.choice([rng.uniform(-1e6, 1e6), rng.randint(-10**17, 10**17),
                                                rng.random() * 10 ** rng.randint(-300, 17)]),
                           groundspeed=float(f"{rng.random():.17g}"), track=rng.randint(0, 359)))
    path = write(tmp_path, "random", compact(rows))
    assert plain(path)
    assert_same(path)


@pytest.mark.parametrize("chunk,batch", [(1000, 7), (4096, 3), (300, 2), (777, 40)])
def test_batches_match_the_record_route(tmp_path, monkeypatch, chunk, batch):
    """Small text chunks and batches: the time unit is decided per batch (seconds in some records,
    milliseconds in others), and reject reasons keep the order they are met in."""
    monkeypatch.setattr(jsonstream, "TEXT_CHUNK", chunk)
    monkeypatch.setattr(traffic_json, "BATCH", batch)
    rows = []
    for i in range(120):
        stamp = T0 + i * 1000 if (i // 9) % 2 == 0 else (T0 + i * 1000) // 1000
        rows.append(record(i, timestamp=stamp, icao24="bad" if i % 17 == 5 else record(i)["icao24"],
                           latitude=None if i % 23 == 2 else 48.5,
                           longitude=None if i % 23 == 2 else 3.8, callsign="X" * (i % 40)))
    path = write(tmp_path, "batches", compact(rows))
    assert plain(path)
    frame, report = assert_same(path)
    assert {"bad icao24", "no position"} <= set(report.rejected_by_reason)


HOSTILE = {
    "nan": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":NaN,"longitude":3.8}]',
    "infinity": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"altitude":1e400}]',
    "huge_int": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"altitude":123456789012345678901234567890}]',
    "int_19": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"altitude":1234567890123456789}]',
    "minus_zero": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":-0,"altitude":-0}]',
    "minus_zero_float": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":-0.0,"altitude":-0e3}]',
    "surrogate": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"AB\\ud800C"}]',
    "escapes": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"A\\u0042\\/C\\u0007"}]',
    "brace_comma": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"A},B"},{"icao24":"0101de","timestamp":1633608774000,"latitude":48.5,"longitude":3.8,"callsign":"C"}]',
    "missing_key": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8},{"icao24":"0101de","timestamp":1633608774000,"latitude":48.6}]',
    "extra_key_later": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8},{"icao24":"0101de","timestamp":1633608774000,"latitude":48.6,"longitude":3.8,"lat":null}]',
    "canonical_dup": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"lat":null}]',
    "unknown_key": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"foo":[1,2]}]',
    "duplicate_key": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"latitude":49.5,"longitude":3.8}]',
    "mixed_types": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":"48.5","longitude":3.8,"altitude":"12000","onground":"true","callsign":123},{"icao24":"0101de","timestamp":1633608774000,"latitude":48.5,"longitude":3.8,"altitude":true,"onground":1,"callsign":4.5}]',
    "bool_numbers": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"onground":0}]',
    "nested": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":{"a":1}}]',
    "not_objects": '[1,{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8},null,"x",[2]]',
    "null_element": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8},null]',
    "pretty": '[\n  {"icao24": "0101de", "timestamp": 1633608773000, "latitude": 48.5, "longitude": 3.8},\n  {"icao24": "0101de", "timestamp": 1633608774000, "latitude": 48.6, "longitude": 3.8}\n]\n',
    "trailing_newline": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8}]\n',
    "truncated": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8},{"icao24":"0101de","timest',
    "garbage_after": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8}]xyz',
    "empty": "[]",
    "all_null_column": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"onground":null,"callsign":null}]',
    "iso_times": '[{"icao24":"0101de","timestamp":"2021-10-07T12:00:00Z","latitude":48.5,"longitude":3.8}]',
    "float_ms": '[{"icao24":"0101de","timestamp":1633608773000.5,"latitude":48.5,"longitude":3.8}]',
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
@pytest.mark.parametrize("gz", [False, True])
def test_hostile_files_match(tmp_path, name, gz):
    assert_same(write(tmp_path, name, HOSTILE[name], gz))


@pytest.mark.parametrize("prefix,middle", [(b"\xef\xbb\xbf", b"MSR"), (b"", b"M\xffR"), (b"", b"M\x01R")])
def test_odd_bytes_match(tmp_path, prefix, middle):
    """A byte-order mark, a byte that is not UTF-8, a raw control character in a string."""
    text = prefix + b'[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"' + middle + b'"}]'
    assert_same(write(tmp_path, "odd", text))


def test_record_longer_than_the_chunks(tmp_path, monkeypatch):
    """A record over four chunks long sends the record route element by element: its batches are
    not the fast path's, so the columnar route steps aside."""
    monkeypatch.setattr(jsonstream, "TEXT_CHUNK", 64)
    rows = [record(i) for i in range(5)]
    rows[2]["callsign"] = "Y" * 400
    path = write(tmp_path, "long", compact(rows))
    assert not plain(path)
    assert_same(path)


def test_small_files_go_by_records(tmp_path, monkeypatch):
    monkeypatch.setattr(traffic_columnar, "MIN_PLAIN", 8 << 20)
    path = write(tmp_path, "small", compact([record(i) for i in range(20)]))
    assert not plain(path)
    monkeypatch.setattr(traffic_columnar, "MIN_PLAIN", 0)
    assert plain(path)


def test_record_batches_counts_chunks():
    """Three 10-character records in chunks of 12: parsed up to the last brace with a comma."""
    closes = [10, 21, 32]  # "[" + 10 + "," + 10 + "," + 10 + "]"
    import numpy as np
    assert traffic_columnar.record_batches(np.array(closes), 34, batch=100) == [3]
    old = jsonstream.TEXT_CHUNK
    jsonstream.TEXT_CHUNK = 12
    try:
        assert traffic_columnar.record_batches(np.array(closes), 34, batch=1) == [1, 1, 1]
    finally:
        jsonstream.TEXT_CHUNK = old


def test_a_key_given_twice_after_renaming_is_unknown_not_a_traceback(tmp_path):
    """"latitude" and "lat" in one record: which is the position is ambiguous, so the row has none
    that can be trusted and is rejected (counted), where the reader used to raise."""
    frame, report = assert_same(write(tmp_path, "twice", HOSTILE["canonical_dup"]))
    assert report.rows_read == 1 and report.rejected_by_reason == {"bad coordinates": 1}


SPLIT_HOSTILE = {  # cases aimed at the numpy cut: each must read exactly as by records, whichever route takes it
    "comma_in_string": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"A,B"}]',
    "comma_quote": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"A,"},{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"B"}]',
    "key_in_string": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":",\\"longitude\\":1"}]',
    "quote_inside": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"A"B"}]',
    "leading_zero": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":048.5,"longitude":3.8}]',
    "minus_leading_zero": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":-01.5,"longitude":3.8}]',
    "trailing_dot": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.,"longitude":3.8}]',
    "dot_exponent": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.e0,"longitude":3.8}]',
    "leading_dot": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":.5,"longitude":3.8}]',
    "plus": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":+48.5,"longitude":3.8}]',
    "infinity_literal": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"altitude":Infinity}]',
    "minus_infinity": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"altitude":-Infinity}]',
    "inf_word": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"altitude":inf}]',
    "exponents": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":4.85E1,"longitude":38e-1,"altitude":0e5,"track":1.5e+2}]',
    "space_after_colon": '[{"icao24":"0101de","timestamp":1633608773000,"latitude": 48.5,"longitude":3.8}]',
    "space_in_string": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"A B"}]',
    "dot_in_string": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"A.B"}]',
    "key_order_changes": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8},{"timestamp":1633608774000,"icao24":"0101de","latitude":48.6,"longitude":3.8}]',
    "null_string": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":"null"}]',
    "null_word_number": '[{"icao24":"0101de","timestamp":null,"latitude":null,"longitude":3.8,"callsign":null}]',
    "empty_string": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":""}]',
    "true_case": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"onground":True}]',
    "bool_as_text": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"callsign":true}]',
    "string_bool": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"onground":"true"}]',
    "empty_value": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":,"longitude":3.8}]',
    "missing_close": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8,{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitude":3.8}]',
    "key_prefix_lookalike": '[{"icao24":"0101de","timestamp":1633608773000,"latitude":48.5,"longitudes":3.8}]',
    "brace_in_last_string": '[{"timestamp":1633608773000,"latitude":48.5,"longitude":3.8,"icao24":"01}"}]',
    "long_values": '[{"icao24":"0101de","timestamp":1633608773000.000000000001,"latitude":48.50000000000000000001,"longitude":3.8000000000000000000000000001,"callsign":"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"}]',
    "tab_between": '[{"icao24":"0101de",\t"timestamp":1633608773000,"latitude":48.5,"longitude":3.8}]',
}


@pytest.mark.parametrize("name", sorted(SPLIT_HOSTILE))
@pytest.mark.parametrize("gz", [False, True])
def test_split_hostile_files_match(tmp_path, name, gz):
    assert_same(write(tmp_path, name, SPLIT_HOSTILE[name], gz))


@pytest.mark.parametrize("name", ["exponents", "null_string", "empty_string", "space_in_string", "long_values",
                                  "comma_in_string"])
def test_plain_hostile_files_take_the_columnar_route(tmp_path, name):
    """Valid, plain files among the hostile ones are not merely sent away: the comparison above
    then proves the columnar route's values (a string with a comma is plain for DuckDB only)."""
    path = write(tmp_path, name, SPLIT_HOSTILE[name])
    if name == "comma_in_string" and traffic_columnar._duckdb_values.__name__ == "<lambda>":
        assert not plain(path)
    else:
        assert plain(path)


@pytest.mark.parametrize("how", ["two_members", "trailing_garbage", "truncated", "bad_crc"])
def test_odd_gzip_matches(tmp_path, monkeypatch, how):
    """gzip that is not one whole member: the record route says what is wrong, same rows either way."""
    rows = [record(i) for i in range(30)]
    data = gzip.compress(compact(rows).encode())
    if how == "two_members":
        text = compact(rows).encode()
        data = gzip.compress(text[:500]) + gzip.compress(text[500:])
    elif how == "trailing_garbage":
        data += b"garbage"
    elif how == "bad_crc":
        data = data[:-8] + bytes([data[-8] ^ 1]) + data[-7:]
    else:
        data = data[:-30]
    path = tmp_path / "odd.json.gz"
    path.write_bytes(data)
    try:
        assert_same(path)
    except sniff.CorruptInput as exc:  # both routes must then fail alike (the columnar one stepped aside)
        monkeypatch.setattr(traffic_columnar, "plain_batches", lambda *a, **k: None)
        with pytest.raises(sniff.CorruptInput) as by_records:
            list(traffic_json.read(path, ReadReport(file=str(path), format=traffic_json.FORMAT, reference_time=NOW)))
        assert str(by_records.value) == str(exc)


def test_quickstart_reads_the_same_by_every_route():
    """The 284,505-row sample: the numpy cut (or DuckDB) against the record route, frame and report."""
    path = traffic_json.Path(__file__).resolve().parents[1] / "fixtures" / "samples" / "collections" / "quickstart.json.gz"
    assert plain(path)
    frame, report = assert_same(path)
    assert report.rows_read == 284_505 and len(frame) == report.rows_read - report.rows_rejected
