"""ADS-B readers: every supported format into the canonical track table (see schema).

`read` recognises each file's format from its content (`sniff`), hands it to that format's
reader (one module each), and every reader ends in `table.check` (and all files in `table.combine`), so bad
rows are rejected and counted the same way everywhere. Identity missing from a file is
filled from the aircraft database (`tracker.adsb.aircraft`); identity in the file wins.

Several files: a file no reader recognises, or one that is unreadable, is reported in its
ReadReport with `error` set and the others are still read — unless nothing at all could
be read, or only one file was given: then it is a TrackerError naming the file (exit 2).
"""
from __future__ import annotations

import datetime as dt
import os
from contextlib import nullcontext
from pathlib import Path
from typing import Callable, Iterator

import pandas as pd

from tracker.adsb import aircraft
from tracker.adsb import dump1090, fr24, kml, modes, opensky, readsb, schema, sniff, table, traffic_json
from tracker.errors import FormatError, TrackerError, one_line
from tracker.inputs import Sources, as_list, expand
from tracker.model import ReadReport

Reader = Callable[[Path, ReadReport], Iterator[pd.DataFrame | table.Columns]]  # Columns: Arrow-path readers

READERS: dict[str, Reader] = {
    traffic_json.FORMAT: traffic_json.read,
    readsb.FORMAT: readsb.read,
    fr24.FORMAT_JSON: fr24.read_json,
    fr24.FORMAT_CSV: fr24.read_csv,
    opensky.FORMAT_CSV: opensky.read_csv,
    opensky.FORMAT_PARQUET: opensky.read_parquet,
    opensky.FORMAT_STATES: opensky.read_states,
    opensky.FORMAT_TRACKS: opensky.read_tracks,
    dump1090.FORMAT: dump1090.read,
    modes.FORMAT: modes.read,
    kml.FORMAT: kml.read,
}


CANONICAL_DTYPES = dict(schema.DTYPES)  # what `schema.empty().dtypes` print as (tested); not built per import


#: Readers that take a `Selection` and drop unwanted rows at the source (the others are
#: read whole and the selection applied to their rows afterwards).
SELECTIVE = {opensky.FORMAT_CSV, opensky.FORMAT_PARQUET, readsb.FORMAT, dump1090.FORMAT, modes.FORMAT}
#: Formats the cache of read files leaves alone: Parquet is columnar and read with the row groups
#: and columns a selection needs; hashing the whole file for the cache's key would cost more than
#: that read (one aircraft out of 50 M rows: 0.28 s to read, 2 s to hash 3.7 GB).
UNCACHED = {opensky.FORMAT_PARQUET}


def read(files: Sources, aircraft_db: Sources = (), progress: bool = False,
         now: dt.datetime | None = None, select=None, cache: bool = True) -> tuple[pd.DataFrame, list[ReadReport]]:
    """Read track files into one canonical table (sorted by icao24, time) and a report per file.

    `files` is one path (str or Path), a folder (every file inside, format recognised from
    content), or an iterable of them; `aircraft_db` likewise names extra aircraft databases.

    A folder's dump1090 `aircraft.json` snapshots are one recording: one report, named by
    the folder, so a position repeated in the next snapshot counts as a duplicate.
    `now` is what "a timestamp in the future" is measured against (see `_set_reference`).
    `select` (a `tracker.archive.selection.Selection`; None reads everything): only its rows
    are returned, and readers that can drop the others at the source (Parquet row groups and
    columns, CSV blocks, JSON per aircraft) do; the reports then count the rest as
    `rows_outside_selection`, not as rejected.
    """
    files = expand(files, what="ADS-B files")
    db = aircraft.load(as_list(aircraft_db))
    if select is not None:
        from tracker.archive import selection

        select = selection.resolve(select, db)  # registrations → icao24, so a reader can choose by address
        make_report: type[ReadReport] = selection.SelectedReport
    else:
        make_report = ReadReport
    recordings = _recordings(files, single=len(files) == 1)
    parts: list[tuple[list, ReadReport]] = []  # DataFrames, or table.Columns from Arrow-path readers
    reports: list[ReadReport] = []
    cached, entry = _cached(recordings, make_report, now, select, cache)
    if cached is not None:
        frame, reports = cached
        return _finish(frame, reports, db, select)
    with _progress(progress) as bar:
        task = bar.add_task("reading tracks", total=len(recordings)) if bar is not None else None
        for fmt, source, paths in recordings:
            report = make_report(file=source, format=fmt)
            reports.append(report)
            if fmt is None:
                report.error = paths[0]  # the sniffing error, kept for the report
            else:
                chunks: list = []
                for path in paths:
                    _set_reference(report, path, now)
                    try:
                        extra = {"select": select} if select is not None and fmt in SELECTIVE else {}
                        for chunk in READERS[fmt](Path(path), report, **extra):
                            chunks.append(chunk)
                            if bar is not None:  # long files: the row count moves while the file is read
                                bar.update(task, description=f"{Path(source).name}: {report.rows_read:,} rows")
                    except (OSError, EOFError) as exc:  # a read that breaks part-way (gzip cut short): rows before it stay
                        note = f"file ends early or is corrupt after {report.rows_read} rows ({one_line(exc, 200)})"
                        report.partial, report.error = True, note if not report.error else f"{report.error}; {note}"
                parts.append((chunks, report))
            if bar is not None:
                bar.advance(task)
    frame = table.combine(parts)  # sorted by icao24, time; repeats rejected
    for r in reports:  # library messages (Parquet's) span lines and may quote control bytes
        r.error = one_line(r.error) if r.error else r.error
    # a file read in part is not a failure when its rows were there but not wanted
    failed = [r for r in reports if r.error and r.rows_kept == 0 and not getattr(r, "rows_outside_selection", 0)]
    if failed and (len(reports) == 1 or len(failed) == len(reports)):
        raise FormatError(failed[0].error or "unreadable", failed[0].file)
    if entry is not None and not reports[0].error and not reports[0].partial and reports[0].rows_kept:
        from tracker.adsb import readcache

        readcache.store(entry, frame, reports[0])
    return _finish(frame, reports, db, select)


def _cached(recordings, make_report, now, select, enabled: bool):
    """((frame, reports) from the read cache, None) for a read of one file found there;
    (None, the key to store the read under) for one not found; (None, None) when the cache
    does not apply (off, several files, a small file, a clock taken from the run's start)."""
    if not enabled or len(recordings) != 1:
        return None, None
    fmt, source, paths = recordings[0]
    if fmt is None or fmt in UNCACHED or len(paths) != 1:
        return None, None
    from tracker.adsb import readcache

    if readcache.folder() is None:
        return None, None
    try:
        if os.stat(paths[0]).st_size < readcache.PARAMS.min_file_bytes:
            return None, None
        report = make_report(file=source, format=fmt)
        _set_reference(report, paths[0], now)
        if report.reference_from == "run start":  # the rows depend on when it runs
            return None, None
        entry = readcache.key(paths[0], fmt, report, select if fmt in SELECTIVE else None)
    except OSError:  # unreadable: the reader says so
        return None, None
    frame = readcache.load(entry, source, report)
    return ((frame, [report]), None) if frame is not None else (None, entry)


def _finish(frame: pd.DataFrame, reports: list[ReadReport], db, select) -> tuple[pd.DataFrame, list[ReadReport]]:
    """The combined rows of every file → the returned table: aircraft database, selection, dtypes."""
    frame = aircraft.enrich(frame, db)
    if select is not None:
        frame = _only(frame, select, reports)
    same = dict(frame.dtypes.astype(str)) == CANONICAL_DTYPES and list(frame.columns) == schema.COLUMNS
    return (frame if same else schema.canonical(frame)), reports  # no copy of a large table already canonical


def _only(frame: pd.DataFrame, select, reports: list[ReadReport]) -> pd.DataFrame:
    """The selection's exact rule on the whole table (the readers kept a superset); rows it
    drops move from read and kept to `rows_outside_selection` in their file's report."""
    from tracker.archive import selection

    keep = selection.mask(frame, select)
    if keep.all():
        return frame
    dropped = frame.loc[~keep, "source"].value_counts()
    for r in reports:
        n = int(dropped.get(r.file, 0))
        r.rows_read -= n
        r.rows_kept -= n
        selection.outside(r, n)
    return frame.loc[keep].reset_index(drop=True)


def _set_reference(report: ReadReport, path: str, now: dt.datetime | None) -> None:
    """Fix the clock the "impossible timestamp" rule compares with, once per file, and say which.

    `--now` when given. Otherwise the file's own modification time: a recording cannot hold
    positions from after it was saved, and the same file read again gives the same rows (the
    wall clock would not: a point near the limit flips between runs). A modification time
    in the future (wrong clock) or before 1995 (an archive that lost it) is not trusted: the
    run's start is used, and the report says so.
    """
    if report.reference_time:
        return  # a folder of snapshots: the first file's reference holds for the recording
    start = pd.Timestamp.now(tz="UTC").floor("s")
    if now is not None:
        when, where = pd.Timestamp(now), "--now"
        when = when.tz_localize("UTC") if when.tzinfo is None else when.tz_convert("UTC")
    else:
        try:
            when, where = pd.Timestamp(os.stat(path).st_mtime, unit="s", tz="UTC").floor("s"), "file modified"
        except (OSError, ValueError, OverflowError):
            when, where = start, "run start"
        if not (table.EARLIEST <= when <= start):
            when, where = start, "run start"
    report.reference_time = when.isoformat().replace("+00:00", "Z")
    report.reference_from = where


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
            out.append((None, name, [exc.reason]))  # no format: the list carries the reason
            continue
        if fmt == dump1090.FORMAT:
            folder = str(Path(name).parent)
            if folder not in folders:
                folders[folder] = []
                out.append((fmt, folder, folders[folder]))
            folders[folder].append(name)
        else:
            out.append((fmt, name, [name]))
    # a lone snapshot is reported under its own name, a folder of them under the folder
    return [(f, paths[0] if f == dump1090.FORMAT and len(paths) == 1 else src, paths) for f, src, paths in out]


def _progress(enabled: bool):
    """A rich progress bar on stderr (stdout may be carrying `--json`), or nothing."""
    if not enabled:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=Console(stderr=True), transient=True)
