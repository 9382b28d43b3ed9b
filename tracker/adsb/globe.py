"""globe_history day tars (adsb.lol, ADS-B Exchange, airplanes.live), read in place.

One day of readsb's `/var/globe_history` is a plain tar — often split into `day.tar.aa`,
`day.tar.ab`, … parts that `cat` would join — holding `traces/<xx>/trace_full_<icao24>.json`
(xx = the address's last two hex digits), each gzip-compressed despite its name, each one
aircraft's readsb trace for the day (the format `tracker.adsb.readsb` reads).

Nothing is unpacked. The tar headers are walked once (`index`: name, offset, size per
member), and members are chosen in three steps, cheapest first:

1. by icao24 from the member's path, without opening it (a registration becomes icao24s
   through the aircraft database first);
2. for a callsign, type or time question, each remaining member is decompressed and its
   bytes searched for the callsign before any JSON is parsed;
3. only members that can match are parsed, and their rows kept by the selection's windows.

Steps 2–3 run in worker processes (one per core) over batches of members, with a progress
bar. The read report counts the members read (opened) and skipped (chosen out by path, or
holding nothing wanted), besides the usual row counts.
"""
from __future__ import annotations

import bisect
import hashlib
import concurrent.futures as cf
import json
import multiprocessing
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from tracker.adsb import readsb, table
from tracker.archive.selection import Selection, Want
from tracker.errors import TrackerError
from tracker.model import ReadReport

FORMAT = "globe-history-tar"
MEMBER = re.compile(r"(?:^|/)trace_full_(~?[0-9a-f]{6})\.json$")
PART = re.compile(r"^(?P<base>.+\.tar)\.(?P<suffix>[a-z]{2,3})$")
BLOCK = 512


@dataclass
class GlobeReport(ReadReport):
    """A ReadReport with the members of the tar: `members` in it, `members_read` opened,
    `members_skipped` not needed (by path, by a byte search, or with no row in the windows)."""

    members: int = 0
    members_read: int = 0
    members_skipped: int = 0
    rows_outside_window: int = 0
    parts: list[str] = field(default_factory=list)

    def note(self) -> str:
        return (f"members: {self.members:,}, read {self.members_read:,}, skipped {self.members_skipped:,}"
                + (f"; rows outside the time window: {self.rows_outside_window:,}" if self.rows_outside_window else ""))


# --------------------------------------------------------------------------- the tar, in place

class Parts:
    """Several files read as one, as `cat day.tar.aa day.tar.ab …` would give them."""

    def __init__(self, paths: list[str]):
        self.paths = list(paths)
        self.sizes = [os.path.getsize(p) for p in self.paths]
        self.starts = [sum(self.sizes[:i]) for i in range(len(self.sizes))]
        self.size = sum(self.sizes)
        self._files: dict[int, int] = {}  # part → file descriptor

    def read_at(self, offset: int, size: int) -> bytes:
        if len(self.paths) == 1:  # the common case: one pread, no bookkeeping (the index walk calls this 50,000 times)
            return os.pread(self._fd(0), size, offset)
        out = []
        while size > 0 and offset < self.size:
            i = bisect.bisect_right(self.starts, offset) - 1
            chunk = os.pread(self._fd(i), min(size, self.sizes[i] - (offset - self.starts[i])), offset - self.starts[i])
            if not chunk:
                break
            out.append(chunk)
            offset += len(chunk)
            size -= len(chunk)
        return b"".join(out)

    def _fd(self, i: int) -> int:
        fd = self._files.get(i)
        if fd is None:
            fd = self._files[i] = os.open(self.paths[i], os.O_RDONLY)
        return fd

    def close(self) -> None:
        for fd in self._files.values():
            os.close(fd)
        self._files.clear()


def is_tar(path: str | Path) -> bool:
    """A POSIX/GNU tar (ustar magic at byte 257), or the first part of a split one."""
    try:
        with open(path, "rb") as f:
            head = f.read(BLOCK)
    except OSError:
        return False
    return len(head) == BLOCK and head[257:262] == b"ustar"


def group(files: list[str]) -> tuple[list[list[str]], list[str]]:
    """(tars, other files): split parts become one tar (in suffix order); a lone `.tar.aa`
    brings its sibling parts from its folder."""
    tars: dict[str, list[str]] = {}
    others = []
    for name in files:
        m = PART.match(Path(name).name)
        if m and (m["suffix"] != "aa" or is_tar(name)):
            base = str(Path(name).parent / m["base"])
            tars.setdefault(base, []).append(name)
        elif is_tar(name):
            tars.setdefault(name, []).append(name)
        else:
            others.append(name)
    out = []
    for base, parts in tars.items():
        if len(parts) == 1 and PART.match(Path(parts[0]).name):  # one part named: find the rest
            folder, stem = Path(parts[0]).parent, Path(base).name
            parts = [str(p) for p in folder.iterdir() if (m := PART.match(p.name)) is not None and m["base"] == stem]
        out.append(sorted(parts, key=lambda p: (len(Path(p).name), Path(p).name)))
    return out, others


def index(parts: Parts, where: str) -> list[tuple[str, int, int]]:
    """(member name, data offset, size) for every regular file, from the headers alone.

    Handles ustar names with prefixes, GNU long names ('L') and pax path records ('x').
    A truncated or corrupt header ends the walk with a TrackerError naming the tar."""
    members = []
    offset = 0
    long_name = None
    while offset + BLOCK <= parts.size:
        head = parts.read_at(offset, BLOCK)
        if head == b"\0" * BLOCK:
            break
        try:
            size = _octal(head[124:136])
        except ValueError:
            raise TrackerError(f"corrupt tar header at byte {offset}", where) from None
        kind = head[156:157]
        data = offset + BLOCK
        name = long_name or _name(head)
        long_name = None
        if kind == b"L":
            long_name = parts.read_at(data, size).rstrip(b"\0").decode("utf-8", "replace")
        elif kind == b"x":
            m = re.search(rb"\d+ path=([^\n]*)\n", parts.read_at(data, size))
            long_name = m.group(1).decode("utf-8", "replace") if m else None
        elif kind in (b"0", b"\0", b"7"):
            if data + size > parts.size:
                raise TrackerError(f"truncated tar: member {name} runs past the end (a split part missing?)", where)
            members.append((name, data, size))
        offset = data + (size + BLOCK - 1) // BLOCK * BLOCK
    return members


INDEX_SUFFIX = ".tracker-index.json"


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/tracker, or ~/.cache/tracker."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tracker"


def cached_index(parts: Parts, where: str) -> list[tuple[str, int, int]]:
    """`index`, kept in the user's cache folder (never beside the tar: a folder of days is input)
    and keyed by the parts' names, sizes and mtimes: a day tar does not change, and walking
    50,000 headers costs about a second each time."""
    stamp = json.dumps([[Path(p).name, os.path.getsize(p), os.stat(p).st_mtime_ns] for p in parts.paths])
    cache = cache_dir() / (hashlib.sha256(str(Path(parts.paths[0]).resolve()).encode()).hexdigest()[:24] + INDEX_SUFFIX)
    try:
        with open(cache, encoding="utf-8") as f:
            saved = json.load(f)
        if saved.get("stamp") == stamp:
            return [(n, o, s) for n, o, s in zip(saved["names"], saved["offsets"], saved["sizes"])]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # no cache, or a broken one: walk the headers
    members = index(parts, where)
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(cache.name + f".{os.getpid()}")
        names, offsets, sizes = (list(c) for c in zip(*members)) if members else ([], [], [])
        with open(tmp, "w", encoding="utf-8") as f:  # dumps, not dump: the C encoder, 10× faster
            f.write(json.dumps({"stamp": stamp, "names": names, "offsets": offsets, "sizes": sizes}))
        os.replace(tmp, cache)
    except OSError:
        pass  # slower next time, not wrong
    return members


def _octal(field: bytes) -> int:
    if field[:1] == b"\x80":  # GNU base-256 for sizes over 8 GB
        return int.from_bytes(field[1:], "big")
    text = field.rstrip(b"\0 ").strip()
    return int(text, 8) if text else 0


def _name(head: bytes) -> str:
    name = head[0:100].split(b"\0", 1)[0].decode("utf-8", "replace")
    prefix = head[345:500].split(b"\0", 1)[0].decode("utf-8", "replace") if head[257:262] == b"ustar" else ""
    return f"{prefix}/{name}" if prefix else name


# --------------------------------------------------------------------------- choosing members

@dataclass(frozen=True)
class Plan:
    """What the workers need: the selection (None = everything), the aircraft database's
    types for members whose trace states none, and the byte patterns to search."""

    selection: Selection | None
    db_types: dict[str, str] = field(default_factory=dict)
    ids: frozenset[str] = field(default=frozenset(), init=False)  # every icao24 asked for
    undecided: bool = field(default=True, init=False)  # some want needs members opened

    def __post_init__(self) -> None:
        wants = self.selection.wants if self.selection is not None else []
        # a registration the aircraft database resolved is chosen by path; one it did not is searched for
        undecided = self.selection is None or any(
            w.callsigns or (w.registrations and not w.icao24) or not w.strong for w in wants)
        object.__setattr__(self, "ids", frozenset(i for w in wants for i in w.icao24))
        object.__setattr__(self, "undecided", undecided)

    def by_path(self, icao: str) -> bool | None:
        """True: wanted by its address alone; False: cannot be wanted; None: open it to know."""
        if icao in self.ids:
            return True  # rows still filtered by window after parsing
        return None if self.undecided else False


def _decompress(blob: bytes) -> bytes:
    if blob[:2] == b"\x1f\x8b":
        return zlib.decompress(blob, 47)  # gzip wrapper; 32 + 15 accepts gzip and zlib
    return blob


_HEAD_FIELD = {k: re.compile(rb'"' + k.encode() + rb'"\s*:\s*"([^"]*)"') for k in ("r", "t")}


def _live(icao: str, data: bytes, plan: Plan) -> list[tuple[Want, str]]:
    """The wants a member may answer, and how ("all" its rows in the window, or only if a
    wanted "callsign" shows in the window) — decided from its path, its first bytes and a
    byte search, before any JSON is parsed."""
    from tracker.corroborate import families  # here: importing the matcher costs `read`/`flights` 30 ms

    wants = plan.selection.wants if plan.selection is not None else [Want()]
    head = data[:2048]
    reg = _HEAD_FIELD["r"].search(head)
    typ = _HEAD_FIELD["t"].search(head)
    reg_key = re.sub(rb"[^0-9A-Z]", b"", reg.group(1).upper()).decode() if reg else None
    typecode = (typ.group(1).decode().strip().upper() if typ else plan.db_types.get(icao)) or None
    live = []
    for w in wants:
        if not w.strong:
            if (not w.typecodes or typecode is None or typecode in w.typecodes
                    or (families.family(typecode) or typecode) in w.families):  # the matcher's family rule
                live.append((w, "all"))
        elif icao in w.icao24 or (reg_key and reg_key in w.registrations):
            live.append((w, "all"))
        elif w.callsigns and any(c.encode() in data for c in w.callsigns):
            live.append((w, "callsign"))  # confirmed on the parsed rows, inside the window
    return live


def _batch_frame(docs: list[dict], report: GlobeReport) -> tuple[pd.DataFrame, np.ndarray]:
    """Many members' traces → one frame through `readsb.frame` (one pandas pass per batch, not
    per member, which costs 50–90 ms each), and each row's member number.

    The traces are joined into one document with absolute times (timestamp + offset, the sum
    `readsb.frame` itself computes) and a new-leg flag on each member's first row, so a
    callsign never carries over from one aircraft to the next."""
    joined, member, ident = [], [], []
    for k, doc in enumerate(docs):
        base = doc.get("timestamp")
        base = float(base) if isinstance(base, (int, float)) and not isinstance(base, bool) else None
        first = True
        for row in doc["trace"]:
            if isinstance(row, list) and row:
                row = list(row)
                ok = base is not None and isinstance(row[0], (int, float)) and not isinstance(row[0], bool)
                row[0] = base + row[0] if ok else None
                if first and len(row) > 6:
                    row[6] = (row[6] if isinstance(row[6], int) else 0) | readsb.FLAG_NEW_LEG
                first = False
            joined.append(row)
            member.append(k)
        ident.append((str(doc.get("icao", "")), doc.get("r"), doc.get("t")))
    rows, malformed = readsb.frame({"timestamp": 0, "icao": "", "trace": joined})
    table.reject_unparsable(report, malformed, "malformed trace row")
    member_of = np.asarray(member, dtype=np.int64)
    index = rows[table.LINE].to_numpy() - 1
    codes = member_of[index]
    icaos, regs, types = (list(v) for v in zip(*ident))
    for col, values in (("icao24", icaos), ("registration", regs), ("typecode", types)):
        rows[col] = pd.array(np.asarray(values, dtype=object)[codes], dtype="string")
    starts = np.searchsorted(member_of, np.arange(len(docs)))  # each member's first row in `joined`
    rows[table.LINE] = index - starts[codes] + 1  # row number inside the member's own trace
    return rows, codes


def _keep(rows: pd.DataFrame, codes: np.ndarray, lives: list[list[tuple[Want, str]]]) -> np.ndarray:
    """Rows inside the windows of the wants their member answers (vectorised per want)."""
    keep = np.zeros(len(rows), dtype=bool)
    time = rows["time"]
    calls = rows["callsign"].astype("string").str.strip().str.upper()
    wants = {id(w): w for live in lives for w, _ in live}
    for wid, w in wants.items():
        how = np.array([next((h for x, h in live if id(x) == wid), "") for live in lives], dtype=object)
        applies = (how != "")[codes]
        if not applies.any():
            continue
        in_window = np.ones(len(rows), dtype=bool)
        if w.since is not None:
            in_window &= (time >= pd.Timestamp(w.since)).to_numpy(dtype=bool, na_value=False)
        if w.until is not None:
            in_window &= (time <= pd.Timestamp(w.until)).to_numpy(dtype=bool, na_value=False)
        by_call = (how == "callsign")[codes]
        if by_call.any():  # a callsign member counts only if the callsign flies inside the window
            seen = calls.isin(list(w.callsigns)).to_numpy(dtype=bool, na_value=False) & in_window & by_call
            confirmed = np.bincount(codes[seen], minlength=len(lives)) > 0
            applies &= ~by_call | confirmed[codes]
        keep |= applies & in_window
    return keep


_PLAN: Plan | None = None  # set before the worker processes fork: the plan is not pickled per batch


def _scan(paths: list[str], where: str, batch: list[tuple[str, int, int, str]], plan: Plan | None = None):
    """Worker: read, test and parse one batch of members; return its rows and its counts."""
    plan = plan or _PLAN
    assert plan is not None, "the plan is set before the workers fork"
    report = GlobeReport(file=where, format=FORMAT)
    parts = Parts(paths)
    docs, lives = [], []
    try:
        for name, offset, size, icao in batch:
            report.members_read += 1
            try:
                data = _decompress(parts.read_at(offset, size))
            except zlib.error as exc:
                report.reject("member not gzip or zlib data", 1)
                report.error = report.error or f"{name}: {exc}"
                report.members_skipped += 1
                continue
            live = _live(icao, data, plan)
            if not live:
                report.members_skipped += 1
                continue
            try:
                doc = json.loads(data)
            except (ValueError, UnicodeDecodeError):
                doc = None
            if not isinstance(doc, dict) or not isinstance(doc.get("trace"), list):
                report.reject("member not readable as a readsb trace", 1)
                report.members_skipped += 1
                continue
            docs.append(doc)
            lives.append(live)
    finally:
        parts.close()
    if not docs:
        return [], report
    rows, codes = _batch_frame(docs, report)
    keep = _keep(rows, codes, lives)
    report.rows_outside_window += int((~keep).sum())
    report.members_skipped += len(docs) - len(np.unique(codes[keep]))
    chosen = rows.loc[keep].reset_index(drop=True)
    return [table.check(chosen, report)], report


def _merge(into: GlobeReport, part: GlobeReport) -> None:
    into.rows_read += part.rows_read
    into.members_read += part.members_read
    into.members_skipped += part.members_skipped
    into.rows_outside_window += part.rows_outside_window
    for reason, n in part.rejected_by_reason.items():
        into.reject(reason, n, part.first_bad_lines.get(reason, []))
    into.error = into.error or part.error


@dataclass(frozen=True)
class ScanParams:
    """workers: processes for the scan (default: the cores this process may use, at most 8);
    batch: members per task (small enough for a smooth progress bar, large enough that
    pickling results is not the cost); serial_below: fewer members than this are read in
    this process (starting workers costs more than it saves)."""

    workers: int = min(8, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))
    batch: int = 400
    serial_below: int = 200


def read(tar_parts: list[str], selection: Selection | None = None, db_types: dict[str, str] | None = None,
         progress=None, params: ScanParams = ScanParams()) -> tuple[list[pd.DataFrame], GlobeReport]:
    """One globe_history tar (or its split parts) → the wanted rows (checked chunks, as the
    readers yield them) and its report. `selection` None reads every member."""
    where = tar_parts[0] if len(tar_parts) == 1 else f"{tar_parts[0]} (+{len(tar_parts) - 1} parts)"
    report = GlobeReport(file=where, format=FORMAT, parts=list(tar_parts))
    parts = Parts(tar_parts)
    try:
        members = cached_index(parts, where)
    finally:
        parts.close()
    plan = Plan(selection, db_types or {})
    todo = []
    for name, offset, size in members:
        m = MEMBER.search(name)
        if m is None:
            continue  # not a trace (heatmaps, acas, …): not part of the track data
        report.members += 1
        icao = m.group(1).lower()
        if plan.by_path(icao) is False:
            report.members_skipped += 1
            continue
        todo.append((name, offset, size, icao))
    if not report.members:
        raise TrackerError("tar holds no traces/…/trace_full_<icao24>.json members (not a globe_history day?)", where)
    batches = [todo[i:i + params.batch] for i in range(0, len(todo), params.batch)]
    frames: list[pd.DataFrame] = []
    task = progress.add_task(f"{Path(tar_parts[0]).name}: members", total=len(todo)) if progress is not None else None
    if len(todo) < params.serial_below or params.workers <= 1:
        for b in batches:
            got, part = _scan(tar_parts, where, b, plan)
            frames += got
            _merge(report, part)
            if progress is not None:
                progress.advance(task, len(b))
    else:
        global _PLAN
        _PLAN = plan
        ctx = multiprocessing.get_context("fork")
        with cf.ProcessPoolExecutor(max_workers=params.workers, mp_context=ctx) as pool:
            futures = {pool.submit(_scan, tar_parts, where, b): len(b) for b in batches}
            for fut in cf.as_completed(futures):
                got, part = fut.result()
                frames += got
                _merge(report, part)
                if progress is not None:
                    progress.advance(task, futures[fut])
    return frames, report
