"""The local Parquet archive: the canonical table as a hive-partitioned (by UTC date) dataset.

`ARCHIVE/date=YYYY-MM-DD/part-<batch>-<n>.parquet`, zstd, rows sorted by icao24 then time
within each file, row groups of `ArchiveParams.row_group_rows` rows. Sorted files make each
row group's icao24 min/max statistics narrow, so an engine that reads them (DuckDB,
Spark, Trino's Hive connector) skips every row group that cannot hold the aircraft asked
for; the date folders let it skip whole days. `_sources.json` lists the files added (by
content fingerprint), so adding the same file twice is refused rather than doubling rows.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tracker.adsb import schema
from tracker.errors import TrackerError
from tracker.model import ReadReport

PARTITION = "date"
SOURCES = "_sources.json"


@dataclass(frozen=True)
class ArchiveParams:
    """row_group_rows: rows per Parquet row group. Small enough that one aircraft's day is a
    few groups out of many (pruning by icao24 statistics), large enough that a day's file
    is not mostly metadata (default 65,536: ~1–2 MB compressed)."""

    row_group_rows: int = 65_536


@dataclass
class ArchiveReport(ReadReport):
    """What a query read: `files` in the days asked for, of `files_total` in the archive."""

    files: int = 0
    files_total: int = 0
    unbounded_skipped: int = 0  # Trino: wants without a time window, not queried

    def note(self) -> str:
        if self.format == "opensky-trino":
            return (f"questions without a time window, not queried: {self.unbounded_skipped}"
                    if self.unbounded_skipped else "")
        return f"archive files in the days asked: {self.files:,} of {self.files_total:,}"


def is_archive(path: str | Path) -> bool:
    path = Path(path)
    return path.is_dir() and (path / SOURCES).exists()


def _sources(root: Path) -> dict[str, dict]:
    try:
        return json.loads((root / SOURCES).read_text())
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise TrackerError(f"unreadable archive index: {exc}", root / SOURCES) from None


def add(files: list[str], root: str | Path, aircraft_db=(), progress: bool = False,
        params: ArchiveParams = ArchiveParams()) -> tuple[list[ReadReport], list[str], int]:
    """Read files (any format the readers know, globe_history tars included) and append them
    to the archive. Returns the read reports, the files skipped as already added, rows written."""
    from tracker.archive import sources

    root = Path(root)
    if root.exists() and not root.is_dir():
        raise TrackerError("is a file; give a folder for the archive", root)
    root.mkdir(parents=True, exist_ok=True)
    known = _sources(root)
    fresh: list[tuple[str, str]] = []
    skipped: list[str] = []
    for name in files:
        key = fingerprint(name)
        if key in known or key in {k for _, k in fresh}:
            skipped.append(name)
        else:
            fresh.append((name, key))
    if not fresh:
        return [], skipped, 0
    table, reports = sources.read([n for n, _ in fresh], aircraft_db=aircraft_db, progress=progress)
    written = write(table, root, params)
    for name, key in fresh:
        known[key] = {"file": str(Path(name).resolve()), "added": dt.datetime.now(dt.UTC).isoformat()}
    tmp = root / f"{SOURCES}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(known, indent=1, sort_keys=True))
    os.replace(tmp, root / SOURCES)
    return reports, skipped, written


def fingerprint(path: str | Path, edge: int = 1 << 20) -> str:
    """A file's identity by content: size and the hash of its first and last MiB (a copy or a
    renamed file is the same file; reading all of a day tar to hash it would cost as much as adding it)."""
    import hashlib

    size = os.path.getsize(path)
    h = hashlib.sha256(str(size).encode())
    with open(path, "rb") as f:
        h.update(f.read(edge))
        if size > edge:
            f.seek(max(edge, size - edge))
            h.update(f.read(edge))
    return h.hexdigest()


def write(table: pd.DataFrame, root: str | Path, params: ArchiveParams = ArchiveParams()) -> int:
    """Append a canonical table to the archive; returns rows written."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if not (root / SOURCES).exists():
        (root / SOURCES).write_text("{}")
    frame = schema.canonical(table) if list(table.columns) != schema.COLUMNS else table
    frame = frame[frame["icao24"].notna() & frame["time"].notna()]  # the archive keys rows by address and time
    if frame.empty:
        return 0
    day = frame["time"].dt.strftime("%Y-%m-%d")
    order = pd.DataFrame({"d": day, "i": frame["icao24"], "t": frame["time"]}).sort_values(["d", "i", "t"], kind="stable").index
    # microseconds: what Parquet readers everywhere (Spark included) take; no reader records finer
    frame = frame.loc[order].assign(**{PARTITION: day.loc[order]}, time=frame["time"].loc[order].dt.floor("us"))
    arrow = pa.Table.from_pandas(frame, preserve_index=False, schema=arrow_schema().append(pa.field(PARTITION, pa.string())))
    fmt = ds.ParquetFileFormat()
    ds.write_dataset(
        arrow, root, format=fmt, partitioning=ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive"),
        basename_template=f"part-{uuid.uuid4().hex[:12]}-{{i}}.parquet",
        existing_data_behavior="overwrite_or_ignore",
        file_options=fmt.make_write_options(compression="zstd"),
        max_rows_per_group=params.row_group_rows, min_rows_per_group=min(params.row_group_rows, 8192),
        max_rows_per_file=params.row_group_rows * 64,
    )
    return len(frame)


def arrow_schema():
    """The canonical columns as Arrow types (time as UTC microseconds)."""
    import pyarrow as pa

    kinds = {"string": pa.string(), "float64": pa.float64(), "boolean": pa.bool_(), "Int64": pa.int64()}
    return pa.schema([(name, pa.timestamp("us", tz="UTC") if name == "time" else kinds[dtype])
                      for name, dtype in schema.DTYPES.items()])


def files(root: str | Path, since: dt.datetime | None = None, until: dt.datetime | None = None) -> tuple[list[str], int]:
    """The Parquet files of the days overlapping [since, until] (all without bounds), and the total."""
    root = Path(root)
    every = sorted(root.glob(f"{PARTITION}=*/*.parquet"))
    lo = since.astimezone(dt.UTC).date().isoformat() if since else None
    hi = until.astimezone(dt.UTC).date().isoformat() if until else None
    chosen = [p for p in every
              if (lo is None or p.parent.name.split("=", 1)[1] >= lo) and (hi is None or p.parent.name.split("=", 1)[1] <= hi)]
    return [str(p) for p in chosen], len(every)


def to_canonical(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows back from any engine → the canonical table (UTC ns times, nullable dtypes, sorted)."""
    frame = frame.drop(columns=[c for c in frame.columns if c not in schema.DTYPES])
    frame = schema.canonical(frame)
    return frame.sort_values(["icao24", "time"], kind="stable").reset_index(drop=True)
