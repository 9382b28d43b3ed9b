"""Every track source behind one call: files (any format), globe_history tars, a Parquet archive.

`read` is what the CLI calls for `--adsb`/`--archive`: files, tars and archives are read
only as far as the `Selection` needs (None reads everything; `whole_files` reads single
files whole while tars and archives still take the selection). The result is one canonical table, sorted by icao24 and
time, with the aircraft database applied, and one report per source.
"""
from __future__ import annotations

import datetime as dt

from contextlib import nullcontext

import pandas as pd

from tracker.adsb import aircraft, schema, table
from tracker.archive.selection import Selection, resolve
from tracker.errors import TrackerError
from tracker.model import ReadReport


def progress_bar(enabled: bool):
    """A rich progress bar on stderr (stdout may carry `--json`), or nothing."""
    if not enabled:
        return nullcontext(None)
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)


def read(files: list[str], aircraft_db=(), selection: Selection | None = None, archive: str | None = None,
         engine: str | None = None, progress: bool = False,
         now: dt.datetime | None = None, whole_files: bool = False,
         cache: bool = True) -> tuple[pd.DataFrame, list[ReadReport]]:
    from tracker import adsb
    from tracker.adsb import globe

    db = aircraft.load(list(aircraft_db))
    if selection is not None:
        selection = resolve(selection, db)
    tars, others = globe.group(list(files))
    frames: list[pd.DataFrame] = []
    reports: list[ReadReport] = []
    if others:
        frame, rep = adsb.read(others, aircraft_db=list(aircraft_db), progress=progress, now=now,  # --now
                               select=None if whole_files else selection, cache=cache)
        frames.append(frame)
        reports += rep
    if tars:
        types: dict[str, str] = {}
        if selection is not None and any(not w.strong and w.typecodes for w in selection.wants):
            types = {str(k): str(v) for k, v in db["typecode"].dropna().items()}
        parts: list[tuple[list[pd.DataFrame], ReadReport]] = []
        with progress_bar(progress) as bar:
            for tar in tars:
                chunks, one = globe.read(tar, selection, types, progress=bar)
                parts.append((chunks, one))
                reports.append(one)
        frames.append(aircraft.enrich(table.combine(parts), db))
    from tracker.archive import engines

    if archive is not None or engines.parse(engine)[0] == "trino":
        frame, queried = engines.select(archive, selection, engine=engine)
        frames.append(aircraft.enrich(frame, db))
        reports.append(queried)
    if not frames:
        raise TrackerError("no ADS-B input given")
    if len(frames) == 1:
        return schema.canonical(frames[0]) if list(frames[0].columns) != schema.COLUMNS else frames[0], reports
    frame = pd.concat([schema.canonical(f) for f in frames], ignore_index=True)
    frame = frame.sort_values(["icao24", "time"], kind="stable", na_position="last").reset_index(drop=True)
    return frame, reports
