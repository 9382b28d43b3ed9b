"""ADS-B readers: every supported format into the canonical track table (see schema).

`read` recognises each file's format from its content (`sniff`), hands it to that format's
reader (one module each), and every reader ends in `table.check`/`table.finish`, so bad
rows are rejected and counted the same way everywhere. Identity missing from a file is
filled from the aircraft database (`tracker.aircraft`); identity in the file wins.

Several files: a file no reader recognises, or one that is unreadable, is reported in its
ReadReport with `error` set and the others are still read — unless nothing at all could
be read, or only one file was given: then it is a TrackerError naming the file (exit 2).
"""
from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from tracker import aircraft
from tracker.adsb import fr24, readsb, schema, sniff, table, traffic_json
from tracker.errors import TrackerError
from tracker.model import ReadReport

Reader = Callable[[Path, ReadReport, str], Iterator[pd.DataFrame]]

READERS: dict[str, Reader] = {
    traffic_json.FORMAT: traffic_json.read,
    readsb.FORMAT: readsb.read,
    fr24.FORMAT_JSON: fr24.read_json,
    fr24.FORMAT_CSV: fr24.read_csv,
}


def read(files: list[str], aircraft_db: list[str] = (), progress: bool = False) -> tuple[pd.DataFrame, list[ReadReport]]:
    """Read track files into one canonical table (sorted by icao24, time) and a report per file.

    A folder's dump1090 `aircraft.json` snapshots are one recording: one report, named by
    the folder, so a position repeated in the next snapshot counts as a duplicate.
    """
    recordings = _recordings(files, single=len(files) == 1)
    parts: list[pd.DataFrame] = []
    reports: list[ReadReport] = []
    with _progress(progress, recordings) as bar:
        for fmt, source, paths in recordings:
            report = ReadReport(file=source, format=fmt)
            reports.append(report)
            if fmt is None:
                report.error = paths.pop()  # the sniffing error, kept for the report
                continue
            chunks: list[pd.DataFrame] = []
            for path in paths:
                for chunk in READERS[fmt](Path(path), report, source):
                    chunks.append(chunk)
                if bar is not None:
                    bar[0].advance(bar[1], Path(path).stat().st_size)
            parts.append(table.finish(chunks, report))
    failed = [r for r in reports if r.error and r.rows_kept == 0]
    if failed and (len(reports) == 1 or len(failed) == len(reports)):
        raise TrackerError(failed[0].error, failed[0].file)
    frame = pd.concat(parts, ignore_index=True) if parts else schema.empty()
    frame = aircraft.enrich(frame, aircraft.load(aircraft_db))
    frame = frame.sort_values(["icao24", "time"], kind="stable", ignore_index=True)
    return schema.canonical(frame), reports


def _recordings(files: list[str], single: bool) -> list[tuple[str | None, str, list[str]]]:
    """(format, report name, files) per recording, in the order given."""
    out: list[tuple[str | None, str, list[str]]] = []
    folders: dict[str, list[str]] = {}
    for name in files:
        try:
            fmt = sniff.detect(name)
        except TrackerError as exc:
            if single:
                raise
            out.append((None, name, [exc.reason]))
            continue
        if fmt == "dump1090-json":
            folder = str(Path(name).parent)
            if folder not in folders:
                folders[folder] = []
                out.append((fmt, folder, folders[folder]))
            folders[folder].append(name)
        else:
            out.append((fmt, name, [name]))
    # a lone snapshot is reported under its own name, a folder of them under the folder
    return [(f, paths[0] if f == "dump1090-json" and len(paths) == 1 else src, paths) for f, src, paths in out]


def _progress(enabled: bool, recordings):
    if not enabled:
        return nullcontext(None)
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    total = sum(Path(p).stat().st_size for fmt, _, paths in recordings if fmt for p in paths)

    class _Bar:
        def __enter__(self):
            self.progress = Progress(TextColumn("reading tracks"), BarColumn(), DownloadColumn(),
                                     TimeRemainingColumn(), transient=True)
            self.progress.__enter__()
            return self.progress, self.progress.add_task("read", total=total)

        def __exit__(self, *exc):
            return self.progress.__exit__(*exc)

    return _Bar()
