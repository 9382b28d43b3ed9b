"""Stream a CSV (plain or gzip) in blocks with pyarrow: bounded memory, bad rows counted by line."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from tracker.adsb import sniff, table
from tracker.model import ReadReport

CSV_BLOCK = 16 << 20


def batches(path: Path, report: ReadReport, column_types: dict | None = None) -> Iterator[tuple[pd.DataFrame, np.ndarray]]:
    """(DataFrame, line numbers) per block of a CSV, streamed by pyarrow; bad rows counted by line."""
    bad: list[int] = []
    unnumbered = [0]  # pyarrow gives no row number when reading multithreaded: still counted

    def on_bad_row(row) -> str:
        if row.number is None:
            unnumbered[0] += 1
        else:
            bad.append(row.number)
        return "skip"

    try:
        reader = pacsv.open_csv(
            sniff.open_binary(path),
            read_options=pacsv.ReadOptions(block_size=CSV_BLOCK, use_threads=False),  # row numbers need it
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_bad_row, newlines_in_values=False),
            convert_options=pacsv.ConvertOptions(column_types=column_types or {}, strings_can_be_null=True),
        )
    except (pa.ArrowInvalid, OSError, EOFError) as exc:
        report.error = f"not a readable CSV ({exc})"
        return
    next_line = 2  # line 1 is the header
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except (pa.ArrowInvalid, OSError, EOFError) as exc:
            report.error, report.partial = f"CSV stops being readable after line {next_line - 1} ({exc})", True
            break
        # pyarrow reports bad rows by their line; the good rows fill the other line numbers
        n = batch.num_rows
        skipped = np.array(sorted(b for b in bad if b >= next_line), dtype="int64")
        candidates = np.arange(next_line, next_line + n + len(skipped), dtype="int64")
        lines = candidates[~np.isin(candidates, skipped)][:n]
        last = int(lines[-1]) if n else next_line - 1
        here = skipped[skipped <= last]
        table.reject_unparsable(report, here.tolist(), "unparsable line")
        bad = [b for b in bad if b > last]
        next_line = last + 1
        yield batch.to_pandas(), lines
    leftover = sorted(b for b in bad if b >= next_line)
    table.reject_unparsable(report, leftover, "unparsable line")
    report.rows_read += unnumbered[0]
    report.reject("unparsable line", unnumbered[0])
