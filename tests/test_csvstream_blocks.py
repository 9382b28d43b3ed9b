"""`csvstream.batches` parses a CSV's blocks on a thread pool, yet gives what pyarrow's streaming
reader gives reading the file alone, single-threaded (the reader it replaced, kept here as the
reference): the same batches, line numbers, bad rows and reasons, first lines, errors and partial
reads — on hostile files cut into many small blocks (bad rows, empty lines, CR and CRLF line
ends, quoted line ends, bytes that are not UTF-8, a value no longer of the first block's type,
a column empty in the first block, gzip, gzip cut short)."""
from __future__ import annotations

import gzip
import io
import random

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from tracker.adsb import csvstream, sniff, table
from tracker.errors import one_line
from tracker.model import ReadReport

TEXT = {"icao24": pa.string(), "callsign": pa.string()}


def _streamed(path, report, column_types=None):
    """The former reader: pyarrow's streaming reader over the whole file, one thread, no look-ahead."""
    bad: list[int] = []

    def on_bad_row(row) -> str:
        assert row.number is not None
        bad.append(row.number)
        return "skip"

    try:
        source = sniff.Utf8Repair(sniff.open_binary(path))
        reader = pacsv.open_csv(
            io.BufferedReader(source, 1 << 20),
            read_options=pacsv.ReadOptions(block_size=csvstream.CSV_BLOCK, use_threads=False),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_bad_row, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types=column_types or {}, strings_can_be_null=True))
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        report.error = f"not a readable CSV ({one_line(exc, 300)})"
        return
    names = [n.strip().lower() for n in reader.schema.names]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        report.error = f"column {twice[0]!r} appears more than once in the header; cannot tell which holds the data"
        return
    next_line = 2
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowInvalid, OSError, EOFError) as exc:
            report.error, report.partial = f"CSV stops being readable after line {next_line - 1} ({one_line(exc, 300)})", True
            break
        n = batch.num_rows
        skipped = np.array(sorted(b for b in bad if b >= next_line), dtype="int64")
        candidates = np.arange(next_line, next_line + n + len(skipped), dtype="int64")
        lines = candidates[~np.isin(candidates, skipped)][:n]
        last = int(lines[-1]) if n else next_line - 1
        table.reject_unparsable(report, skipped[skipped <= last].tolist(), "unparsable line")
        bad[:] = [b for b in bad if b > last]
        next_line = last + 1
        if source.replaced:
            batch, lines = csvstream._drop_replaced_arrow(batch, lines, report)
        yield batch, lines
    table.reject_unparsable(report, sorted(b for b in bad if b >= next_line), "unparsable line")


def _hostile(rng: random.Random, rows: int, quotes: bool = True, header: bool = True) -> bytes:
    out = [b"time,icao24,lat,lon,callsign,empty,flag"] if header else []
    for i in range(rows):
        t, icao = 1_700_000_000 + i, f"{rng.randrange(1 << 24):06x}".encode()
        row = b"%d,%s,%.3f,%.3f,C%d,,%s" % (t, icao, rng.uniform(-90, 90), rng.uniform(-180, 180), i % 97,
                                             rng.choice([b"true", b"false", b""]))
        r = rng.random()
        if r < 0.03:
            row += b",extra"  # a bad row
        elif r < 0.05:
            row = row.split(b",", 3)[0]  # too few columns
        elif r < 0.07:
            out.append(b"")  # empty line
        elif r < 0.08 and quotes:  # (a file with quotes is parsed by one streaming reader from there on)
            row = row.replace(b"C", b'"C\n', 1) + b'"'  # a quoted line end
        elif r < 0.09:
            row = row.replace(b"C", b"C\xff\xfe", 1)  # not UTF-8
        elif r < 0.095:
            row = row.replace(b"C", "C\ufffd".encode(), 1)
        out.append(row)
    end = rng.choice([b"\n", b"\r\n", b"\r"])
    return end.join(out) + (end if rng.random() < 0.8 else b"")


def _collect(rows, report):
    return [(batch.to_pylist(), [repr(t) for t in batch.schema.types], lines.tolist()) for batch, lines in rows], vars(report)


def _same(path, column_types=TEXT):
    new, old = ReadReport(file=str(path), format="csv"), ReadReport(file=str(path), format="csv")
    got = _collect(csvstream.batches(path, new, column_types, arrow=True), new)
    want = _collect(_streamed(path, old, column_types), old)
    assert got == want
    return got


@pytest.mark.parametrize("seed", range(16))
def test_hostile_blocks(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    monkeypatch.setattr(csvstream, "CSV_BLOCK", rng.choice([256, 700, 1 << 12]))
    data = _hostile(rng, rng.choice([50, 400, 1500]), quotes=seed % 2 == 1)
    if seed % 3 == 1:  # a value of another type far into the file (the streaming reader stops there)
        at = data.find(b"\n1700000", len(data) * 2 // 3)
        data = data[:at + 1] + b"later," + data[at + 1:]
    if seed % 3 == 2:  # the column that is empty in the first block is not later on
        data = data.replace(b",,", b",7,", 1).replace(b",,", b",x,").replace(b",7,", b",,", 1)
    path = tmp_path / "states.csv"
    if seed % 4 == 3:
        data = gzip.compress(data)
        path = tmp_path / "states.csv.gz"
    path.write_bytes(data)
    (batches, report) = _same(path)
    assert sum(len(b[0]) for b in batches) > 0 and report["rows_read"] > 0


def test_gzip_cut_short(tmp_path, monkeypatch):
    monkeypatch.setattr(csvstream, "CSV_BLOCK", 1 << 12)
    rng = random.Random(7)
    data = gzip.compress(_hostile(rng, 3000, quotes=False)
                         + b"".join(_hostile(rng, 3000, quotes=False, header=False) for _ in range(60)))
    path = tmp_path / "cut.csv.gz"
    path.write_bytes(data[: len(data) * 2 // 3])
    (batches, report) = _same(path)
    assert report["partial"] and len(batches) > 10


@pytest.mark.parametrize("text", [b"", b"a,b\n", b"a,b", b"a,A\n1,2\n", b"\n\n\n", b"a,b\n1,2\n\n\n\n",
                                  b"a,b\n1\n2\n3,4,5\n", b"\xff\xfe,b\n1,2\n"])
def test_small_files(tmp_path, text):
    path = tmp_path / "small.csv"
    path.write_bytes(text)
    _same(path, None)


def _quoted(rng: random.Random, rows: int, hostile: bool) -> bytes:
    """A file whose text fields are quoted, as OpenSky's and the benchmark's are (`"3003b2"`), some
    holding the delimiter or nothing; `hostile` adds the quotes whose rows only pyarrow's parse can
    cut: a quoted line end, a doubled quote, a quote inside or after a value, one left open."""
    out = [b'"time","icao24",lat,lon,"callsign",empty,flag']
    for i in range(rows):
        callsign = rng.choice([b'"C%d"' % (i % 97), b'"C,%d"' % i, b'""', b""])
        row = b'%d,"%06x",%.3f,%.3f,%s,,%s' % (1_700_000_000 + i, rng.randrange(1 << 24), rng.uniform(-90, 90),
                                                rng.uniform(-180, 180), callsign, rng.choice([b"true", b""]))
        r = rng.random()
        if r < 0.02:
            row += b',"extra"'  # a bad row
        elif r < 0.03:
            out.append(b"")
        elif hostile and r < 0.04:
            row = row.replace(b'"C', rng.choice([b'"C\n', b'"C\r\n', b'"C""', b'C"', b'"C"x', b'x"C']), 1)
        out.append(row)
    if hostile and rng.random() < 0.3:
        out.append(b'1,"abc')  # a quote left open at the end
    end = rng.choice([b"\n", b"\r\n", b"\r"])
    return end.join(out) + (end if rng.random() < 0.8 else b"")


class _Counted(csvstream._Rest):
    made = 0

    def __init__(self, *args):
        _Counted.made += 1
        super().__init__(*args)


@pytest.mark.parametrize("seed", range(24))
def test_quoted_blocks(tmp_path, monkeypatch, seed):
    """Plainly quoted files are cut into blocks as unquoted ones (no fallback to the streaming reader);
    hostile quotes fall back where they are met. Both give the streaming reader's batches and lines."""
    rng = random.Random(100 + seed)
    block = rng.choice([256, 700, 1 << 12])
    monkeypatch.setattr(csvstream, "CSV_BLOCK", block)
    monkeypatch.setattr(csvstream, "_Rest", _Counted)
    _Counted.made = 0
    hostile = seed % 3 == 2
    data = _quoted(rng, rng.choice([60, 400, 1500]), hostile)
    path = tmp_path / "quoted.csv"
    if seed % 4 == 3:
        path = tmp_path / "quoted.csv.gz"
        path.write_bytes(gzip.compress(data))
    else:
        path.write_bytes(data)
    (batches, report) = _same(path)
    assert sum(len(b[0]) for b in batches) > 0
    if not hostile:
        assert _Counted.made == 0 and len(batches) >= len(data) // block - 1


@pytest.mark.parametrize("text, plain", [
    (b'a,"b"\n"1","2"\n', True), (b'"a,b",c\n', True), (b'"",x\r\n', True), (b'x,""', True), (b"no quotes\n", True),
    (b'a,"b\nc"\n', True), (b'a,"b""c"\n', False), (b'a,b"c\n', False), (b'a,"b"c\n', False), (b'a,"b\n', False),
    (b'a"\n', False), (b'"a\n', False)])
def test_plain_quotes(text, plain):
    """Quotes that open and close values are plain (a line end inside one too); any other is not."""
    assert csvstream._plain_quotes(text, len(text)) is plain
    assert csvstream._plain_quotes(text + b"x,y\n", len(text)) is plain  # only the first `end` bytes


def test_plain_quotes_probe():
    """A line end inside a quoted value is where pyarrow's reader would not join a carried row."""
    text = b'1,"b\nc"\n2,"d"\n'
    assert csvstream._plain_quotes(text, len(text), probe=7)
    assert not csvstream._plain_quotes(text, len(text), probe=4)
    assert csvstream._plain_quotes(text, len(text), probe=14)
