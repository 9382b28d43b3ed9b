"""Stream a CSV (plain or gzip) in blocks with pyarrow: bounded memory, bad rows counted by line."""
from __future__ import annotations

import io
import queue
import threading
from pathlib import Path
from typing import Generator, Iterator

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
    """(DataFrame, line numbers) per block of a CSV, streamed by pyarrow; bad rows counted by line.

    `arrow=True` hands out the Arrow RecordBatch itself (no pandas conversion, no copy of the
    text columns): readers that clean whole batches in pyarrow.compute / numpy take that.

    The bytes pass through `sniff.Utf8Repair` first: a row with bytes that are not UTF-8 is
    counted as "not UTF-8 text" and the file's other rows are kept. A header naming a column
    twice (ignoring case) is an error: which of the two holds the data cannot be known.
    `keep` (batch → Arrow mask, `tracker.archive.selection.batch_filter`): rows it rules out
    are dropped before the block becomes pandas, counted in `report.rows_outside_selection`.
    """
    bad: list[int] = []
    unnumbered = [0]  # pyarrow gives no row number when reading multithreaded: still counted
    lock = threading.Lock()  # the bad-row callback runs on the prefetching thread

    def on_bad_row(row) -> str:
        with lock:
            if row.number is None:
                unnumbered[0] += 1
            else:
                bad.append(row.number)
        return "skip"

    try:
        source = sniff.Utf8Repair(sniff.open_binary(path))
        throttle = Throttle(io.BufferedReader(source, 1 << 20), CSV_BLOCK)
        reader = pacsv.open_csv(
            throttle,
            read_options=pacsv.ReadOptions(block_size=CSV_BLOCK, use_threads=False),  # row numbers need it
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_bad_row, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types=column_types or {}, strings_can_be_null=True),
        )
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        report.error = f"not a readable CSV ({one_line(exc, 300)})"
        return
    names = [n.strip().lower() for n in reader.schema.names]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        report.error = f"column {twice[0]!r} appears more than once in the header; cannot tell which holds the data"
        return
    next_line = 2  # line 1 is the header
    fetched = _prefetched(reader, throttle)
    while True:
        try:
            batch = next(fetched)
        except StopIteration:
            break
        except (pa.ArrowInvalid, OSError, EOFError) as exc:
            report.error, report.partial = f"CSV stops being readable after line {next_line - 1} ({one_line(exc, 300)})", True
            break
        # pyarrow reports bad rows by their line; the good rows fill the other line numbers
        n = batch.num_rows
        skipped = np.array(sorted(b for b in bad if b >= next_line), dtype="int64")
        candidates = np.arange(next_line, next_line + n + len(skipped), dtype="int64")
        lines = candidates[~np.isin(candidates, skipped)][:n]
        last = int(lines[-1]) if n else next_line - 1
        here = skipped[skipped <= last]
        table.reject_unparsable(report, here.tolist(), "unparsable line")
        with lock:  # in place: the callback may be adding the next block's bad rows
            bad[:] = [b for b in bad if b > last]
        next_line = last + 1
        if keep is not None:
            batch, lines = _select(batch, lines, keep, report)
        if arrow:
            if source.replaced:
                batch, lines = _drop_replaced_arrow(batch, lines, report)
            yield batch, lines
            continue
        frame = batch.to_pandas()
        if source.replaced:
            frame, lines = _drop_replaced(frame, lines, report)
        yield frame, lines
    fetched.close()
    leftover = sorted(b for b in bad if b >= next_line)
    table.reject_unparsable(report, leftover, "unparsable line")
    report.rows_read += unnumbered[0]
    report.reject("unparsable line", unnumbered[0])


_END = object()


def _prefetched(reader, throttle: "Throttle") -> Generator[pa.RecordBatch, None, None]:
    """`reader`'s batches, parsed one batch ahead on a second thread: pyarrow parses block k+1
    (without the GIL) while the caller cleans block k. Bad rows are still numbered (the reader
    itself stays single-threaded); an exception reading a batch is raised here, in order."""
    ready: queue.Queue = queue.Queue(maxsize=1)
    stop = threading.Event()

    def work() -> None:
        while not stop.is_set():
            try:
                throttle.advance()
                item = reader.read_next_batch()
            except StopIteration:
                item = _END
            except BaseException as exc:  # noqa: BLE001 — handed to the reading loop, which decides
                item = exc
            while not stop.is_set():
                try:
                    ready.put(item, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if item is _END or isinstance(item, BaseException):
                return

    worker = threading.Thread(target=work, name="csv-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            item = ready.get()
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        throttle.release()
        worker.join()


class Throttle(io.RawIOBase):
    """The bytes of `raw`, read at most a few blocks ahead of the batches handed out.

    pyarrow's streaming CSV reader fetches its input on a background thread as fast as it can: a
    file of 500 MB was all in memory by the third batch. Here each `advance` (one per batch asked
    for) lets the reading run `ahead` blocks past what has been read. A read that has waited
    `VALVE` seconds goes on anyway, so a block that yields no batch can never stall the reader.
    """

    VALVE = 1.0

    def __init__(self, raw, block: int, ahead: int = 2):
        self._raw, self._block, self._ahead = raw, block, ahead
        self._done = 0
        self._allowed = float(ahead * block)
        self._cond = threading.Condition()

    def readable(self) -> bool:
        return True

    def advance(self) -> None:
        with self._cond:
            self._allowed = max(self._allowed, self._done + self._ahead * self._block)
            self._cond.notify_all()

    def release(self) -> None:
        with self._cond:
            self._allowed = float("inf")
            self._cond.notify_all()

    def _wait(self) -> None:
        with self._cond:
            self._cond.wait_for(lambda: self._done < self._allowed, timeout=self.VALVE)

    def _count(self, n: int) -> None:
        with self._cond:
            self._done += n

    def read(self, size: int = -1) -> bytes:  # what pyarrow calls: one copy fewer than readinto
        self._wait()
        data = self._raw.read(size)
        self._count(len(data))
        return data

    def readinto(self, buffer) -> int:
        self._wait()
        n = self._raw.readinto(buffer)
        self._count(n or 0)
        return n

    def close(self) -> None:
        self.release()
        self._raw.close()
        super().close()


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
    if hit.any():
        table.reject_unparsable(report, lines[hit].tolist(), "not UTF-8 text")
        batch = batch.filter(pa.array(~hit))
    return batch, lines[~hit]
