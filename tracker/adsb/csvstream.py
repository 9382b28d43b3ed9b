"""Stream a CSV (plain or gzip) in blocks with pyarrow: bounded memory, bad rows counted by line."""
from __future__ import annotations

import io
import queue
import re
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable, Generator, Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from tracker.adsb import sniff, table
from tracker.errors import one_line
from tracker.model import ReadReport

CSV_BLOCK = 16 << 20


def batches(path: Path, report: ReadReport, column_types: dict | None = None,
            keep=None, arrow: bool = False) -> Iterator[tuple[pd.DataFrame | pa.RecordBatch, np.ndarray]]:
    """(DataFrame, line numbers) per block of a CSV, parsed by pyarrow on both cores; bad rows counted by line.

    `arrow=True` hands out the Arrow RecordBatch itself (no pandas conversion, no copy of the
    text columns): readers that clean whole batches in pyarrow.compute / numpy take that.

    The bytes pass through `sniff.Utf8Repair` first: a row with bytes that are not UTF-8 is
    counted as "not UTF-8 text" and the file's other rows are kept. A header naming a column
    twice (ignoring case) is an error: which of the two holds the data cannot be known.
    `keep` (batch → Arrow mask, `tracker.archive.selection.batch_filter`): rows it rules out
    are dropped before the block becomes pandas, counted in `report.rows_outside_selection`.

    The blocks, their batches, bad-row numbers and errors are those of pyarrow's streaming
    reader (`open_csv`, single-threaded, `CSV_BLOCK`-byte reads, each block cut at its last
    newline): see `_Blocks` and `_parse`. Quoted values (`"3003b2"`, as OpenSky's exports write
    text) keep the parallel path when `_plain_quotes` proves the cuts; other quotes hand the
    rest of the file to the streaming reader.
    """
    bad: list[int] = []
    unnumbered = [0]  # pyarrow gives no row number when reading multithreaded: still counted
    # the first block's bad rows, numbered in the file
    on_bad_row, first_bad, first_unnumbered = _bad_row_counter()

    parse_options = pacsv.ParseOptions(invalid_row_handler=on_bad_row, newlines_in_values=False)
    convert_options = pacsv.ConvertOptions(column_types=column_types or {}, strings_can_be_null=True)
    blocks = None
    try:
        source = sniff.Utf8Repair(sniff.open_binary(path))
        blocks = _Blocks(io.BufferedReader(source, 1 << 20), source, CSV_BLOCK)
        head = blocks.get()
        if isinstance(head, BaseException):
            raise head
        if isinstance(head, _Rest):  # quotes not plain in the first blocks: pyarrow's streaming reader, as it was
            reader = pacsv.open_csv(head, read_options=pacsv.ReadOptions(block_size=CSV_BLOCK, use_threads=False),
                                    parse_options=parse_options, convert_options=convert_options)
            head = None
        data, replaced, ended = (b"", False, True) if head in (_END, None) else (head.data, head.replaced, head.final)
        if head is not None:  # the first block
            reader = pacsv.open_csv(
                pa.BufferReader(pa.py_buffer(data)),  # with the header: the column types are inferred here
                read_options=pacsv.ReadOptions(block_size=len(data) + 1, use_threads=False),  # row numbers need it
                parse_options=parse_options, convert_options=convert_options)
            first_batches, first_error = _read_all(reader)
            head.release()
        if head is not None and first_error is None and not ended and not any(b.num_rows for b in first_batches):
            # no good row in the first block (rare: the streaming reader then reads on into its first
            # batch): that reader itself, over the whole file again, as it was
            first_bad.clear()
            first_unnumbered[0] = 0
            blocks.close()
            source = sniff.Utf8Repair(sniff.open_binary(path))
            reader = pacsv.open_csv(io.BufferedReader(source, 1 << 20),
                                    read_options=pacsv.ReadOptions(block_size=CSV_BLOCK, use_threads=False),
                                    parse_options=parse_options, convert_options=convert_options)
            blocks, head = None, None
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        if blocks is not None:
            blocks.close()
        report.error = f"not a readable CSV ({one_line(exc, 300)})"
        return
    names = [n.strip().lower() for n in reader.schema.names]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        if blocks is not None:
            blocks.close()
        report.error = f"column {twice[0]!r} appears more than once in the header; cannot tell which holds the data"
        return
    del data
    if head is None:
        parsed = _streamed(reader, first_bad, first_unnumbered, source, False, blocks)
    else:
        first = _Parsed(first_batches[0] if first_batches else None, first_bad, False, first_unnumbered[0],
                        first_error, replaced)
        assert blocks is not None  # (a first block came from them)
        parsed = _parsed(first, first_batches[1:], None if ended else reader.schema, blocks, source)
    next_line = 2  # line 1 is the header
    seen = 1  # rows pyarrow has numbered before the block being handled (the header is row 1)
    base = seen  # where the block's own numbers start from
    while True:
        try:
            part = next(parsed)
        except StopIteration:
            break
        except (pa.ArrowInvalid, OSError, EOFError) as exc:
            report.error, report.partial = f"CSV stops being readable after line {next_line - 1} ({one_line(exc, 300)})", True
            break
        if not part.same_base:
            base = seen
        bad += [base + b for b in part.bad] if part.local else part.bad
        unnumbered[0] += part.unnumbered
        if part.error is not None:
            stop = _renumbered(part.error, base) if part.local else part.error
            report.error, report.partial = f"CSV stops being readable after line {next_line - 1} ({one_line(stop, 300)})", True
            break
        batch = part.batch
        seen = part.seen_after(seen)
        if batch is None:
            continue
        # pyarrow reports bad rows by their line; the good rows fill the other line numbers
        n = batch.num_rows
        skipped = np.array(sorted(b for b in bad if b >= next_line), dtype="int64")
        candidates = np.arange(next_line, next_line + n + len(skipped), dtype="int64")
        lines = candidates[~np.isin(candidates, skipped)][:n] if len(skipped) else candidates
        last = int(lines[-1]) if n else next_line - 1
        here = skipped[skipped <= last]
        table.reject_unparsable(report, here.tolist(), "unparsable line")
        bad[:] = [b for b in bad if b > last]
        next_line = last + 1
        if keep is not None:
            batch, lines = _select(batch, lines, keep, report)
        if arrow:
            if part.replaced:
                batch, lines = _drop_replaced_arrow(batch, lines, report)
            yield batch, lines
            continue
        frame = batch.to_pandas()
        if part.replaced:
            frame, lines = _drop_replaced(frame, lines, report)
        yield frame, lines
    parsed.close()
    leftover = sorted(b for b in bad if b >= next_line)
    table.reject_unparsable(report, leftover, "unparsable line")
    report.rows_read += unnumbered[0]
    report.reject("unparsable line", unnumbered[0])


_END = object()
#: Parses in flight beside the block being handled (each up to CSV_BLOCK bytes and its batch).
WINDOW = 2
_ROW_NUMBER = re.compile(r"\bRow #(\d+)")


class _Block:
    """The bytes of whole rows (cut after a newline) and whether any bytes were repaired by then.
    `release()` once parsed: the buffer holding them is read into again (pyarrow's batches do not
    point into their input)."""

    __slots__ = ("data", "replaced", "final", "_buffer", "_free")

    def __init__(self, data, replaced: bool, final: bool = False, buffer=None, free=None):
        self.data, self.replaced, self.final = data, replaced, final
        self._buffer, self._free = buffer, free

    def release(self) -> None:
        if self._free is not None:
            self.data = memoryview(b"")
            self._free.put(self._buffer)
            self._buffer = self._free = None


class _Blocks:
    """The file's bytes in the blocks pyarrow's streaming reader parses, read on a thread.

    That reader reads `size` bytes at a time and parses each read up to its last line end
    (`\\n` or `\\r`; `newlines_in_values=False`), the rest going before the next read: the same
    cuts here give the same batches. At most `ahead` blocks wait; an exception reading comes
    out in order, after the blocks before it. The buffers blocks are read into are used again once
    their blocks are parsed (a fresh 16 MB buffer per block cost page faults and zeroing: ~10 ms)."""

    def __init__(self, stream, source: sniff.Utf8Repair, size: int, ahead: int = 2):
        self._stream, self._source, self._size = stream, source, size
        self._ready: queue.Queue = queue.Queue(maxsize=ahead)
        self._free: queue.SimpleQueue = queue.SimpleQueue()
        self._stop = threading.Event()
        self._scratch = np.empty(0, dtype=bool)  # `_plain_quotes`' mask, reused
        self._thread = threading.Thread(target=self._work, name="csv-blocks", daemon=True)
        self._thread.start()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _read(self, carry) -> tuple[bytearray, int]:
        """A buffer holding `carry` (the bytes after the last block's cut) and then the next read of
        `size` bytes, read straight into it; and how many bytes it holds."""
        need = len(carry) + self._size
        buf = None
        while buf is None:
            try:
                buf = self._free.get_nowait()
            except queue.Empty:
                buf = bytearray(max(need, self._size + (1 << 16)))
            if len(buf) < need:
                buf = None
        buf[:len(carry)] = carry
        got = len(carry)
        with memoryview(buf) as view:
            while got < need:
                n = self._stream.readinto(view[got:need])
                if not n:
                    break
                got += n
        return buf, got

    def _block(self, buf: bytearray, end: int, final: bool = False) -> _Block:
        return _Block(memoryview(buf)[:end], self._source.replaced, final, buf, self._free)

    def _plain(self, data: bytearray, end: int, probe: int = -1) -> bool:
        if len(self._scratch) < end:
            self._scratch = np.empty(max(end, self._size + (1 << 16)), dtype=bool)
        return _plain_quotes(data, end, probe, self._scratch)

    def _work(self) -> None:
        """Blocks with pyarrow's cuts, each a view of the buffer it was read into. A block's rows are
        parsed as the streaming reader parses them when its quotes are plain (`_plain_quotes`): then
        its last line end, and the first of the read after the carried bytes (where that reader joins
        the carried row to the next read), are outside quotes. Checked one read ahead, so that the
        streaming reader can take over from the start of a block whose rows are proven."""
        try:
            data, size = self._read(b"")
            whole = True  # nothing handed out yet
            while size and not self._stop.is_set():
                cut = _last_end(data, size)
                nxt = None
                try:  # one read ahead: the last read is not cut
                    nxt, nxt_size = self._read(data[cut + 1:size] if cut >= 0 else data[:size])
                finally:
                    if nxt is None and cut >= 0:  # the read failed: the rows before its last line end still count
                        self._put(self._block(data, cut + 1))
                carry = size - cut - 1 if cut >= 0 else size
                final = nxt_size == carry
                if whole and not self._plain(data, size if final or cut < 0 else cut + 1):
                    self._put(_Rest([bytes(data[:size]), bytes(nxt[carry:nxt_size])] if not final else [bytes(data[:size])],
                                    self._stream, True))
                    return
                if not final:
                    end = _last_end(nxt, nxt_size)
                    first = _first_end(nxt, carry, nxt_size)
                    if not self._plain(nxt, end + 1 if end >= 0 else nxt_size, first):
                        self._put(_Rest([bytes(data[:size]), bytes(nxt[carry:nxt_size])], self._stream, whole))
                        return
                whole = False
                if final:  # the streaming reader parses its last read whole, line end or not
                    self._put(self._block(data, size, final=True))
                    break
                if cut >= 0:
                    if not self._put(self._block(data, cut + 1)):
                        return
                else:  # no line end yet: a row longer than a block goes on into the next read
                    self._free.put(data)
                data, size = nxt, nxt_size
            self._put(_END)
        except BaseException as exc:  # noqa: BLE001 — handed to the reading loop, in order, which decides
            self._put(exc)

    def get(self):
        """The next `_Block`, `_END`, or the exception that stopped the reading."""
        return self._ready.get()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._stream.close()
        self._free = queue.SimpleQueue()  # the spare buffers go now, not with the reader
        self._scratch = np.empty(0, dtype=bool)


def _last_end(data, end: int) -> int:
    """Where the last line end (`\\n` or `\\r`) of `data[:end]` is, or -1."""
    last = data.rfind(b"\n", 0, end)
    return max(last, data.rfind(b"\r", last + 1, end))


def _first_end(data, start: int, end: int) -> int:
    """Where the first line end of `data[start:end]` is, or -1."""
    first = data.find(b"\n", start, end)
    found = data.find(b"\r", start, first if first >= 0 else end)
    return found if found >= 0 else first


def _plain_quotes(data, end: int, probe: int = -1, scratch: np.ndarray | None = None) -> bool:
    """Whether every `"` in `data[:end]` (which starts at a row's start and ends at a line end or
    the file's end) opens or closes a quoted value, so pyarrow's parser is outside quotes at the end
    and at `probe` (a line end's position, if ≥ 0).

    pyarrow's rule: a quote opens a quoted value only at a field's start (after the delimiter or a
    line end); inside it, a line end is text and `""` a quote; after its closing quote, quotes are
    text. Proven here: the quotes pair up in order, each opening one after `,`, a line end or the
    start, each closing one before `,`, a line end or the end — so a position is inside a quoted
    value exactly when an odd number of quotes come before it. Anything else is False (the
    streaming reader takes over). One numpy pass over the block (~7 ms per 16 MB)."""
    if data.find(b'"', 0, end) < 0:
        return True
    arr = np.frombuffer(data, dtype=np.uint8, count=end)
    mask = scratch[:end] if scratch is not None and len(scratch) >= end else np.empty(end, dtype=bool)
    quotes = np.flatnonzero(np.equal(arr, 34, out=mask))
    if len(quotes) % 2 or (probe >= 0 and int(np.searchsorted(quotes, probe)) % 2):
        return False
    opens, closes = quotes[0::2], quotes[1::2]
    before = arr[np.maximum(opens - 1, 0)]
    after = arr[np.minimum(closes + 1, end - 1)]
    field_start = (before == 44) | (before == 10) | (before == 13) | (opens == 0)
    field_end = (after == 44) | (after == 10) | (after == 13) | (closes == end - 1)
    return bool(field_start.all() and field_end.all())


class _Parsed:
    """One block's batch (None when it held no rows at all), its bad rows (numbered in the file when
    not `local`, else from the block's first row), and the conversion error that stopped it, if any."""

    __slots__ = ("batch", "bad", "local", "unnumbered", "error", "replaced", "same_base")

    def __init__(self, batch, bad, local, unnumbered=0, error=None, replaced=False, same_base=False):
        self.batch, self.bad, self.local, self.unnumbered = batch, bad, local, unnumbered
        self.error, self.replaced = error, replaced
        self.same_base = same_base  # numbered from the same row as the part before (one streaming reader)

    def seen_after(self, seen: int) -> int:
        """Rows numbered by pyarrow once this block is read (good and bad; empty lines are not rows)."""
        return seen + (self.batch.num_rows if self.batch is not None else 0) + len(self.bad) + self.unnumbered


def _bad_row_counter() -> tuple[Callable[[Any], str], list[int], list[int]]:
    """pyarrow's invalid-row callback, which skips the row, with where it keeps the row numbers and
    (in `[0]`) the count of rows pyarrow gives no number for (a multithreaded read numbers none)."""
    numbers: list[int] = []
    unnumbered = [0]

    def on_bad_row(row) -> str:
        if row.number is None:
            unnumbered[0] += 1
        else:
            numbers.append(row.number)
        return "skip"

    return on_bad_row, numbers, unnumbered


def _parse(block: _Block, schema: pa.Schema) -> _Parsed:
    """One block after the first, as the streaming reader would convert it: the first block's column
    types, no header; bad rows numbered from the block's first row. Runs without the GIL."""
    on_bad_row, bad, counted = _bad_row_counter()
    options = dict(
        read_options=pacsv.ReadOptions(block_size=len(block.data) + 1, use_threads=False, column_names=schema.names),
        parse_options=pacsv.ParseOptions(invalid_row_handler=on_bad_row, newlines_in_values=False),
        convert_options=pacsv.ConvertOptions(column_types=dict(zip(schema.names, schema.types)), strings_can_be_null=True))
    try:  # (its quotes are plain: `_Blocks` hands the rest of a file with other quotes to `_rest`)
        parsed = pacsv.read_csv(pa.py_buffer(block.data), **options)
    except pa.ArrowInvalid as exc:
        return _Parsed(None, bad, True, counted[0], exc, block.replaced)
    finally:
        block.release()
    if parsed.num_rows == 0 and not bad and not counted[0]:
        return _Parsed(None, bad, True, 0, None, block.replaced)  # only empty lines: no batch
    batches = parsed.combine_chunks().to_batches()
    batch = batches[0] if batches else pa.RecordBatch.from_arrays(
        [pa.array([], type=t) for t in schema.types], schema=schema)
    return _Parsed(batch, bad, True, counted[0], None, block.replaced)


def _read_all(reader) -> tuple[list[pa.RecordBatch], BaseException | None]:
    """A streaming reader's batches, and the exception that stopped it."""
    got = []
    while True:
        try:
            got.append(reader.read_next_batch())
        except StopIteration:
            return got, None
        except (pa.ArrowInvalid, OSError, EOFError) as exc:
            return got, exc


def _parsed(first: _Parsed, more: list, schema: pa.Schema | None, blocks: _Blocks, source
            ) -> Generator[_Parsed, None, None]:
    """The blocks parsed in order: `first` (its header gave the columns and, from its rows, their
    `schema`; None: no block follows), then the others `WINDOW` at a time on a thread pool — pyarrow
    parses without the GIL, so both cores parse while the caller cleans the batch before."""
    try:
        yield first
        for batch in more:  # (not expected: the block size exceeds the block)
            yield _Parsed(batch, [], False, 0, None, first.replaced)
        if first.error is not None or schema is None:
            return
        pool = ThreadPoolExecutor(WINDOW, thread_name_prefix="csv-parse")
        pending: deque = deque()
        reading = True
        try:
            while True:
                while reading and len(pending) < WINDOW:
                    item = blocks.get()
                    if item is _END:
                        reading = False
                    elif isinstance(item, (BaseException, _Rest)):
                        pending.append(item)
                        reading = False
                    else:
                        pending.append(pool.submit(_parse, item, schema))
                if not pending:
                    return
                head = pending.popleft()
                if isinstance(head, BaseException):
                    raise head
                if isinstance(head, _Rest):
                    yield from _rest(head, schema, source)
                    return
                yield head.result()
        finally:
            for future in pending:
                if not isinstance(future, (BaseException, _Rest)):
                    future.cancel()
            pool.shutdown(wait=True)
    finally:
        blocks.close()


class _Rest(io.RawIOBase):
    """The rest of the file for pyarrow's streaming reader: `pieces` (whole reads, or a first read
    with the bytes left over before it), then `stream`'s reads. `whole`: from the file's start."""

    def __init__(self, pieces: list[bytes], stream, whole: bool):
        self.pieces, self._stream, self.whole = pieces, stream, whole

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self.pieces.pop(0) if self.pieces else self._stream.read(size)


def _rest(rest: _Rest, schema: pa.Schema, source) -> Generator[_Parsed, None, None]:
    """The blocks from where quotes stop being plain, by pyarrow's streaming reader (one thread), its
    bad rows numbered from the rest's first row as `_parse` numbers a block's."""
    on_bad_row, bad, unnumbered = _bad_row_counter()

    try:
        reader = pacsv.open_csv(
            rest, read_options=pacsv.ReadOptions(block_size=CSV_BLOCK, use_threads=False, column_names=schema.names),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_bad_row, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types=dict(zip(schema.names, schema.types)),
                                                 strings_can_be_null=True))
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        yield _Parsed(None, list(bad), True, unnumbered[0], exc, source.replaced)
        return
    yield from _streamed(reader, bad, unnumbered, source, True)


def _streamed(reader, bad: list[int], unnumbered: list[int], source, local: bool, blocks: _Blocks | None = None
              ) -> Generator[_Parsed, None, None]:
    """A streaming reader's batches as `_Parsed` parts (bad rows: those its callback added to `bad`)."""
    taken = counted = 0
    first = False
    try:
        while True:
            batch, error = None, None
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                return
            except (pa.ArrowInvalid, OSError, EOFError) as exc:
                error = exc
            new, taken = bad[taken:], len(bad)
            part = _Parsed(batch, new, local, unnumbered[0] - counted, error, source.replaced, same_base=local and first)
            counted, first = unnumbered[0], True
            yield part
            if error is not None:
                return
    finally:
        if blocks is not None:
            blocks.close()


def _renumbered(exc: BaseException, seen: int) -> BaseException:
    """A conversion error from a block parsed alone, with its row numbered in the file as the
    streaming reader numbers it (`Row #n` counts from the block's first row)."""
    text = _ROW_NUMBER.sub(lambda m: f"Row #{seen + int(m.group(1))}", str(exc), count=1)
    return type(exc)(text) if seen and isinstance(exc, pa.ArrowInvalid) and text != str(exc) else exc


def _select(batch: pa.RecordBatch, lines: np.ndarray, keep, report: ReadReport) -> tuple[pa.RecordBatch, np.ndarray]:
    """The rows of a block a selection may want, with their line numbers."""
    from tracker.archive import selection

    mask = keep(batch)
    wanted = np.asarray(mask.to_numpy(zero_copy_only=False), dtype=bool)
    if wanted.all():
        return batch, lines
    selection.outside(report, int((~wanted).sum()))
    return batch.filter(mask), lines[wanted]


def _drop_replaced(frame: pd.DataFrame, lines: np.ndarray, report: ReadReport) -> tuple[pd.DataFrame, np.ndarray]:
    """Rows holding U+FFFD (bytes that were not UTF-8) are counted as read and rejected."""
    hit = np.zeros(len(frame), dtype=bool)
    for name in frame.columns:
        column = frame[name]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            hit |= column.astype("string").str.contains("\ufffd", regex=False).fillna(False).to_numpy(dtype=bool)
    if hit.any():
        table.reject_unparsable(report, lines[hit].tolist(), "not UTF-8 text")
    return frame.loc[~hit].reset_index(drop=True), lines[~hit]


def _drop_replaced_arrow(batch: pa.RecordBatch, lines: np.ndarray, report: ReadReport) -> tuple[pa.RecordBatch, np.ndarray]:
    """`_drop_replaced` on an Arrow batch: the same rows rejected, by pyarrow.compute."""
    import pyarrow.compute as pc

    hit = np.zeros(batch.num_rows, dtype=bool)
    for column in batch.columns:
        if pa.types.is_string(column.type) or pa.types.is_large_string(column.type):
            found = pc.match_substring(column, "\ufffd").fill_null(False)
            hit |= found.to_numpy(zero_copy_only=False)
        elif pa.types.is_dictionary(column.type) and pa.types.is_string(column.type.value_type):
            found = pc.match_substring(column.dictionary, "\ufffd").fill_null(False)
            in_values = np.append(found.to_numpy(zero_copy_only=False), False)
            hit |= in_values[column.indices.fill_null(-1).to_numpy(zero_copy_only=False)]
    if hit.any():
        table.reject_unparsable(report, lines[hit].tolist(), "not UTF-8 text")
        batch = batch.filter(pa.array(~hit))
    return batch, lines[~hit]
