"""Issue 10 item 2: hostile track files end in exit 0 or 2, every row accounted for.

Each case is one input that crashed a reader before (traceback, or "aborted", exit 130);
the test states what the reader must do instead: keep the good rows, count the bad ones
under a reason, or refuse the file in one line naming it.
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from conftest import FIXTURES
from fuzz_harness import accounting, run_reader
from tracker import adsb
from tracker.errors import TrackerError

FORMATS = FIXTURES / "formats"


def _read(path: Path):
    table, reports = adsb.read([str(path)])
    assert accounting(reports) == []
    return table, reports[0]


def _trace(tmp_path: Path, **changes) -> Path:
    doc = json.loads((FORMATS / "readsb_trace_recent.json").read_text())
    doc.update(changes)
    path = tmp_path / "trace_full_abc123.json"
    path.write_text(json.dumps(doc))
    return path


def test_lone_surrogate_escape_in_a_json_string_is_read(tmp_path):
    doc = json.loads((FORMATS / "readsb_trace_recent.json").read_text())
    text = json.dumps(doc).replace('"r": "' + doc["r"], '"r": "\\ud800' + doc["r"], 1)
    path = tmp_path / "trace.json"
    path.write_text(text)
    table, report = _read(path)
    assert report.rows_kept > 0
    assert table["registration"].iloc[0] == doc["r"]  # the replacement character is not identity text


def test_escaped_backslash_before_u_is_not_taken_for_a_surrogate():
    from tracker.adsb.jsonstream import fix_surrogates

    assert fix_surrogates('"a\\\\ud800"') == '"a\\\\ud800"'  # the text "\ud800", not an escape
    assert fix_surrogates('"\\ud83d\\ude00"') == '"\\ud83d\\ude00"'  # a real pair stays
    assert fix_surrogates('"\\ud800x"') == '"\\ufffdx"'
    assert fix_surrogates(b'"\\udc00"') == b'"\\ufffd"'
    assert fix_surrogates('"\\ud83d', final=False) == '"\\ud83d'  # the pair's other half may follow


def test_lone_surrogate_in_traffic_records_array(tmp_path):
    records = json.loads((FORMATS / "traffic_records.json").read_text())
    records[0]["callsign"] = "X"
    text = json.dumps(records).replace('"callsign": "X"', '"callsign": "\\udfffAB"', 1)
    path = tmp_path / "records.json"
    path.write_text(text)
    table, report = _read(path)
    assert report.rows_kept > 0


@pytest.mark.parametrize("where", ["document", "record"])
def test_deep_json_nesting_is_an_error_not_a_recursion_crash(tmp_path, where):
    if where == "document":
        path = tmp_path / "trace.json"
        path.write_text('{"icao": "abc123", "trace": [], "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
        with pytest.raises(TrackerError, match="nested too deeply"):
            adsb.read([str(path)])
    else:
        records = json.loads((FORMATS / "traffic_records.json").read_text())
        path = tmp_path / "records.json"
        body = json.dumps(records)[:-1] + ', {"x": ' + "[" * 100_000 + "]" * 100_000 + "}]"
        path.write_text(body)
        table, report = _read(path)
        assert report.rows_read == len(records) + 1 and report.rejected_by_reason["unparsable record"] == 1
        assert report.rows_kept > 0 and report.partial and "nested too deeply" in report.error


def test_integers_of_thousands_of_digits_are_not_numbers(tmp_path):
    text = (FORMATS / "dump1090_old.json").read_text()
    doc = json.loads(text)
    first = next(a for a in doc["aircraft"] if "lat" in a)
    path = tmp_path / "aircraft.json"
    path.write_text(text.replace(json.dumps(first["lat"]), "9" * 5000, 1))
    table, report = _read(path)
    assert report.rows_read == report.rows_kept + report.rows_rejected


def test_infinite_and_huge_flags_reject_only_their_rows(tmp_path):
    doc = json.loads((FORMATS / "readsb_trace_recent.json").read_text())
    n = len(doc["trace"])
    _, before = _read(FORMATS / "readsb_trace_recent.json")
    doc["trace"][0][6] = 1e300
    text = json.dumps(doc)
    path = tmp_path / "trace.json"
    path.write_text(text)
    _, huge = _read(path)
    doc["trace"][0][6] = float("inf")
    path.write_text(json.dumps(doc))  # Infinity: accepted by Python's json, as readsb files may hold
    _, infinite = _read(path)
    for report in (huge, infinite):
        assert report.rows_read == n
        assert report.rejected_by_reason["malformed trace row"] == before.rejected_by_reason.get("malformed trace row", 0) + 1
        assert report.first_bad_lines["malformed trace row"][0] == 1
        assert report.rows_kept == before.rows_kept - 1


def test_readsb_registration_that_is_an_object(tmp_path):
    table, report = _read(_trace(tmp_path, r={"x": 1}, t=["IL62"]))
    assert report.rows_kept > 0
    assert table["registration"].isna().all()  # not the text of a dict


@pytest.mark.parametrize("value", ["yes", 5, {"a": 1}, [True], None])
def test_non_boolean_onground_costs_the_field_not_the_row(tmp_path, value):
    records = json.loads((FORMATS / "traffic_records.json").read_text())
    _, before = _read(FORMATS / "traffic_records.json")
    records[0]["onground"] = value
    path = tmp_path / "records.json"
    path.write_text(json.dumps(records))
    table, report = _read(path)
    assert (report.rows_read, report.rows_kept) == (before.rows_read, before.rows_kept)
    assert table["on_ground"].isna().iloc[0] or value is None


def _csv(tmp_path: Path, data: bytes, name: str = "export.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_non_utf8_cell_rejects_its_row_and_keeps_the_rest(tmp_path):
    lines = (FORMATS / "opensky_states.csv").read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b",", b",\xff\xfe", 1)
    path = _csv(tmp_path, b"\n".join(lines))
    table, report = _read(path)
    assert report.rejected_by_reason.get("not UTF-8 text") == 1
    assert report.first_bad_lines["not UTF-8 text"] == [4]
    assert report.rows_kept > 0 and report.error is None


def test_ragged_non_utf8_row_does_not_reject_the_whole_file(tmp_path):
    _, before = _read(FORMATS / "opensky_states.csv")
    lines = (FORMATS / "opensky_states.csv").read_bytes().split(b"\n")
    assert before.first_bad_lines.get("unparsable line", [0])[0] != 3
    lines[2] = lines[2] + b",\xc0\xaf,extra"
    path = _csv(tmp_path, b"\n".join(lines))
    table, report = _read(path)
    assert report.rows_read == before.rows_read
    assert report.rejected_by_reason["unparsable line"] == before.rejected_by_reason.get("unparsable line", 0) + 1
    assert 3 in report.first_bad_lines["unparsable line"]
    assert report.rows_kept >= before.rows_kept - 1 and report.error is None


def test_non_utf8_header_does_not_crash(tmp_path):
    data = (FORMATS / "fr24_export.csv").read_bytes()
    head, rest = data.split(b"\n", 1)
    path = _csv(tmp_path, head + b",\xff\xfe\n" + rest)
    outcome = run_reader(path)
    assert outcome.exit in (0, 2) and outcome.violations == []


def test_duplicate_csv_column_is_a_one_line_error_naming_it(tmp_path):
    data = (FORMATS / "opensky_states.csv").read_bytes()
    head, rest = data.split(b"\n", 1)
    cells = head.split(b",")
    cells[cells.index(b"heading")] = b"VELOCITY"  # "velocity" twice, ignoring case
    path = _csv(tmp_path, b",".join(cells) + b"\n" + rest)
    with pytest.raises(TrackerError) as caught:
        adsb.read([str(path)])
    assert str(path) in str(caught.value) and "'velocity' appears more than once" in str(caught.value)


def _drop_column(data: bytes, name: bytes) -> bytes:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(data.decode())))
    j = rows[0].index(name.decode())
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([r[:j] + r[j + 1:] for r in rows])
    return out.getvalue().encode()


def test_fr24_csv_without_altitude_or_position_columns(tmp_path):
    data = (FORMATS / "fr24_export.csv").read_bytes()
    _, before = _read(FORMATS / "fr24_export.csv")
    path = _csv(tmp_path, _drop_column(data, b"Altitude"), "fr24.csv")
    table, report = _read(path)
    assert report.rows_read == before.rows_read and report.rows_kept > 0
    assert table["alt_ft"].isna().all() and table["on_ground"].isna().all()
    path = _csv(tmp_path, _drop_column(data, b"Speed"), "fr24.csv")
    outcome = run_reader(path)
    assert outcome.exit in (0, 2) and outcome.violations == []


@pytest.mark.parametrize("damage", ["crc", "truncated"])
@pytest.mark.parametrize("sample", ["opensky_states.csv", "readsb_trace_recent.json", "modes_messages.jsonl",
                                    "traffic_records.json"])
def test_broken_gzip_names_the_file_instead_of_aborting(tmp_path, sample, damage):
    packed = bytearray(gzip.compress((FORMATS / sample).read_bytes(), mtime=0))
    if damage == "crc":
        packed[-8] ^= 0xFF
    else:
        packed = packed[: len(packed) * 2 // 3]
    path = tmp_path / (sample + ".gz")
    path.write_bytes(bytes(packed))
    try:
        table, reports = adsb.read([str(path)])
    except TrackerError as exc:
        assert str(path) in str(exc) and ("gzip" in str(exc) or "truncated" in str(exc) or "JSON" in str(exc))
        return
    report = reports[0]
    assert accounting(reports) == []
    assert report.partial and report.error  # the break is reported, the rows before it kept


def test_broken_gzip_through_the_cli_exits_2_not_130(cli, tmp_path):
    packed = gzip.compress((FORMATS / "readsb_trace_recent.json").read_bytes(), mtime=0)
    path = tmp_path / "trace.json.gz"
    path.write_bytes(packed[: len(packed) // 2])
    result = cli("read", str(path))
    assert result.returncode == 2, result.stderr
    assert str(path) in result.stderr and "aborted" not in result.stderr and "Traceback" not in result.stderr


def test_parquet_error_is_one_line(tmp_path):
    path = tmp_path / "states.parquet"
    path.write_bytes(b"PAR1" + b"\x00\x15\x1b\n\n" * 50 + b"PAR1")
    with pytest.raises(TrackerError) as caught:
        adsb.read([str(path)])
    message = str(caught.value)
    assert "\n" not in message and "\x1b" not in message and str(path) in message


def test_control_characters_never_reach_identity_columns(tmp_path):
    table, report = _read(_trace(tmp_path, r="RA-\x1b]0;owned\x0786559", t="IL62\x1b[2J"))
    assert table["registration"].iloc[0] == "RA-]0;owned86559"  # ESC and BEL gone: inert text
    assert "\x1b" not in table["typecode"].iloc[0]
