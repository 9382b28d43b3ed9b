"""The cache of read track files: a read served from it gives the same table (values, dtypes,
storage) and the same report as reading the file; it is keyed by the file's bytes and the read's
conditions, survives corrupt entries and concurrent writers, and stays within its size."""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import shutil
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, run_cli

from tracker import adsb
from tracker.adsb import readcache
from tracker.archive import selection

FILES = {  # one file of each format the fixtures hold
    "traffic-json": FIXTURES / "samples" / "noisy" / "noisy_spoofing.json.gz",
    "traffic-json (columnar)": FIXTURES / "samples" / "collections" / "quickstart.json.gz",
    "readsb-trace": FIXTURES / "adsb" / "trace_full_15f1a7_2023-07-31.json",
    "opensky-csv": FIXTURES / "adsb" / "opensky_states_15f1a7_2023-09-25.csv",
    "fr24-json": FIXTURES / "samples" / "fr24" / "372355e5.json",
    "fr24-csv": FIXTURES / "formats" / "fr24_export.csv",
    "modes-jsonl": FIXTURES / "formats" / "modes_messages.jsonl",
    "dump1090-json": FIXTURES / "formats" / "dump1090_old.json",
    "opensky-states-json": FIXTURES / "formats" / "opensky_states_all.json",
    "opensky-tracks-json": FIXTURES / "formats" / "opensky_tracks_all.json",
    "traffic-json (rejects)": FIXTURES / "formats" / "traffic_records.json",
}


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """The read cache on, in a folder of this test's own, for files of any size."""
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TRACKER_READ_CACHE", raising=False)
    monkeypatch.setattr(readcache, "PARAMS", readcache.ReadCacheParams(min_file_bytes=0))
    return tmp_path / "cache" / "tracks"


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.arrow")) if folder.exists() else []


def same(a: tuple[pd.DataFrame, list], b: tuple[pd.DataFrame, list]) -> None:
    """Frames equal in values, dtypes and string storage; reports equal field by field, with
    the same order of reasons (it is printed)."""
    (fa, ra), (fb, rb) = a, b
    pd.testing.assert_frame_equal(fa, fb, check_exact=True)
    for name in fa.columns:
        assert type(fa[name].array) is type(fb[name].array), name
        if hasattr(fa[name].array, "_pa_array"):
            assert fa[name].array._pa_array.type == fb[name].array._pa_array.type, name
    assert [type(r) for r in ra] == [type(r) for r in rb]
    assert [json.dumps(dataclasses.asdict(r)) for r in ra] == [json.dumps(dataclasses.asdict(r)) for r in rb]


def served(monkeypatch) -> list[str]:
    """Records every file a reader actually parses."""
    calls: list[str] = []
    for fmt, reader in list(adsb.READERS.items()):
        def spy(path, report, _reader=reader, **kw):
            calls.append(str(path))
            return _reader(path, report, **kw)
        monkeypatch.setitem(adsb.READERS, fmt, spy)
    return calls


@pytest.mark.parametrize("name", list(FILES))
def test_a_cached_read_is_the_read(name, cache_dir, monkeypatch, tmp_path):
    path = shutil.copy2(FILES[name], tmp_path / FILES[name].name)  # its own mtime: the clock reference
    fresh = adsb.read(path, cache=False)
    assert not entries(cache_dir)
    calls = served(monkeypatch)
    first = adsb.read(path)  # read and stored
    assert len(entries(cache_dir)) == 1 and calls == [str(path)]
    second = adsb.read(path)  # from the cache: no reader ran
    assert calls == [str(path)]
    same(fresh, first)
    same(fresh, second)
    assert second[0]["source"].eq(str(path)).all()
    for name in ("time", "lat", "alt_ft", "on_ground", "line"):  # own memory, not the mapped entry's
        array = second[0][name].array
        assert getattr(array, "_ndarray", getattr(array, "_data", None)).flags.writeable, name


def test_same_bytes_under_another_name_name_their_own_file(cache_dir, tmp_path):
    a = shutil.copy2(FILES["readsb-trace"], tmp_path / "a.json")
    b = shutil.copy2(FILES["readsb-trace"], tmp_path / "b.json")
    adsb.read(a)
    table, (report,) = adsb.read(b)
    assert len(entries(cache_dir)) == 1
    assert report.file == str(b) and table["source"].eq(str(b)).all()
    same((table, [report]), adsb.read(b, cache=False))


def test_now_and_selection_are_part_of_the_key(cache_dir, tmp_path):
    path = shutil.copy2(FILES["opensky-csv"], tmp_path / "s.csv")
    whole = adsb.read(path)
    some = selection.Selection([selection.want(["15f1a7"], (), (), since=dt.datetime(2023, 9, 26, tzinfo=dt.timezone.utc),
                                               until=dt.datetime(2023, 9, 27, tzinfo=dt.timezone.utc))])
    picked = adsb.read(path, select=some)
    early = adsb.read(path, now=dt.datetime(2023, 9, 26, 12))  # later rows are "in the future"
    assert len(entries(cache_dir)) == 3
    assert len(picked[0]) < len(whole[0]) and len(early[0]) < len(whole[0])
    same(picked, adsb.read(path, select=some))
    same(picked, adsb.read(path, select=some, cache=False))
    same(early, adsb.read(path, now=dt.datetime(2023, 9, 26, 12)))
    same(early, adsb.read(path, now=dt.datetime(2023, 9, 26, 12), cache=False))
    same(whole, adsb.read(path))


def test_changed_bytes_same_size_and_mtime_are_read_again(cache_dir, tmp_path):
    path = tmp_path / "s.csv"
    text = FILES["opensky-csv"].read_text()
    path.write_text(text)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    before = adsb.read(path)
    line = text.splitlines()[5]
    lat = line.split(",")[2]
    changed = text.replace(line, line.replace(lat, lat[:-1] + ("1" if lat[-1] != "1" else "2"), 1), 1)
    assert len(changed) == len(text) and changed != text
    path.write_text(changed)
    os.utime(path, (1_700_000_000, 1_700_000_000))
    after = adsb.read(path)
    same(after, adsb.read(path, cache=False))
    assert not before[0]["lat"].equals(after[0]["lat"])
    assert len(entries(cache_dir)) == 2


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty", "other version", "other report"])
def test_a_broken_entry_is_rebuilt(damage, cache_dir, monkeypatch, tmp_path):
    path = shutil.copy2(FILES["fr24-json"], tmp_path / "f.json")
    fresh = adsb.read(path, cache=False)
    adsb.read(path)
    (entry,) = entries(cache_dir)
    data = entry.read_bytes()
    if damage == "garbage":
        entry.write_bytes(b"\x00not arrow" * 50)
    elif damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        import pyarrow as pa
        import pyarrow.ipc as ipc

        table = ipc.open_file(pa.BufferReader(data)).read_all()
        meta = json.loads(table.schema.metadata[b"tracker"])
        if damage == "other version":
            meta["version"] = readcache.FORMAT_VERSION + 1
        else:
            meta["report"]["unknown_field"] = 1
        table = table.replace_schema_metadata({"tracker": json.dumps(meta)})
        with ipc.new_file(str(entry), table.schema) as writer:
            writer.write_table(table)
    calls = served(monkeypatch)
    same(fresh, adsb.read(path))  # no traceback: read again…
    assert calls == [str(path)]
    same(fresh, adsb.read(path))  # … and the entry rewritten
    assert calls == [str(path)]


def test_off_switches(cache_dir, monkeypatch, tmp_path):
    path = shutil.copy2(FILES["fr24-json"], tmp_path / "f.json")
    out = run_cli("flights", str(path), "--json", "--no-cache")
    assert out.returncode == 0 and not entries(cache_dir)
    monkeypatch.setenv("TRACKER_READ_CACHE", "off")
    adsb.read(path)
    assert not entries(cache_dir)
    monkeypatch.delenv("TRACKER_READ_CACHE")
    cold = run_cli("flights", str(path), "--json")
    assert len(entries(cache_dir)) == 1
    warm = run_cli("flights", str(path), "--json")
    assert cold.stdout == warm.stdout == out.stdout and cold.stderr == warm.stderr == out.stderr


def test_not_cached_small_files_several_files_or_a_clock_from_the_run(cache_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(readcache, "PARAMS", readcache.ReadCacheParams())  # default: files from 1 MB
    small = shutil.copy2(FILES["readsb-trace"], tmp_path / "t.json")
    adsb.read(small)
    assert not entries(cache_dir)
    monkeypatch.setattr(readcache, "PARAMS", readcache.ReadCacheParams(min_file_bytes=0))
    other = shutil.copy2(FILES["fr24-json"], tmp_path / "f.json")
    adsb.read([small, other])
    assert not entries(cache_dir)
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=3)).timestamp()
    os.utime(small, (future, future))  # a modification time in the future: the run's start is the clock
    assert adsb.read(small)[1][0].reference_from == "run start"
    assert not entries(cache_dir)


def test_oldest_entries_go_beyond_the_limit(cache_dir, monkeypatch, tmp_path):
    order: list[Path] = []
    for i, name in enumerate(("readsb-trace", "opensky-csv", "fr24-json")):
        adsb.read(shutil.copy2(FILES[name], tmp_path / f"{i}{FILES[name].suffix}"))
        (newest,) = set(entries(cache_dir)) - set(order)
        os.utime(newest, (1_700_000_000 + i, 1_700_000_000 + i))  # used in this order
        order.append(newest)
    sizes = [e.stat().st_size for e in order]
    readcache.trim(cache_dir, sum(sizes) - 1)
    assert entries(cache_dir) == sorted(order[1:])
    readcache.trim(cache_dir, sizes[2])
    assert entries(cache_dir) == [order[2]]
    adsb.read(tmp_path / "0.json")  # a hit makes an entry the most recently used
    monkeypatch.setattr(readcache, "PARAMS", readcache.ReadCacheParams(min_file_bytes=0, max_bytes=sizes[0] + sizes[1]))
    adsb.read(tmp_path / "1.csv")  # written, then the folder trimmed to the limit: the oldest went
    assert entries(cache_dir) == sorted([order[0], order[1]])


def test_parquet_is_neither_hashed_nor_stored(cache_dir, monkeypatch, tmp_path):
    """A selective Parquet read takes the row groups it needs; hashing the whole file would cost more."""
    target = tmp_path / "states.parquet"
    pd.read_csv(FILES["opensky-csv"], dtype={"icao24": "string", "callsign": "string"}).to_parquet(target)
    fresh = adsb.read(target, cache=False)

    def no_hash(path):
        raise AssertionError(f"hashed {path}")

    monkeypatch.setattr(readcache, "content_hash", no_hash)
    same(fresh, adsb.read(target))
    assert not entries(cache_dir)


def test_an_entry_larger_than_the_limit_is_not_written(cache_dir, monkeypatch, tmp_path):
    path = shutil.copy2(FILES["opensky-csv"], tmp_path / "s.csv")
    monkeypatch.setattr(readcache, "PARAMS", readcache.ReadCacheParams(min_file_bytes=0, max_bytes=1000))
    writes: list[str] = []
    monkeypatch.setattr(readcache, "_write", lambda base, key, table: writes.append(key))
    same(adsb.read(path, cache=False), adsb.read(path))
    assert not writes and not entries(cache_dir)  # not written and trimmed away: never written


def test_a_settled_file_s_hash_is_remembered_by_its_identity(cache_dir, monkeypatch, tmp_path):
    path = tmp_path / "s.csv"
    shutil.copy2(FILES["opensky-csv"], path)
    true = hashlib.sha256(path.read_bytes()).digest()
    assert readcache.content_hash(path) == true
    assert not (cache_dir / "hashes").exists()  # just written: it could change within the clock's tick
    monkeypatch.setattr(readcache.time, "time", lambda: os.stat(path).st_ctime + 10)  # ten seconds later
    assert readcache.content_hash(path) == true
    (memo,) = (cache_dir / "hashes").iterdir()
    memo.write_text("ab" * 32)  # what is remembered is what is used…
    assert readcache.content_hash(path) == bytes.fromhex("ab" * 32)
    memo.write_text("not a hash")  # … unless it is unreadable
    assert readcache.content_hash(path) == true
    changed = tmp_path / "new.csv"
    changed.write_bytes(path.read_bytes().replace(b"15f1a7", b"15f1a8", 1))
    os.replace(changed, path)  # the same name, other bytes: another identity
    assert readcache.content_hash(path) == hashlib.sha256(path.read_bytes()).digest() != true


def test_remembered_hashes_are_bounded(cache_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(readcache, "PARAMS", readcache.ReadCacheParams(min_file_bytes=0, max_remembered=2))
    monkeypatch.setattr(readcache.time, "time", lambda: 4e9)
    for i in range(4):
        readcache.content_hash(shutil.copy2(FILES["fr24-json"], tmp_path / f"{i}.json"))
    assert len(list((cache_dir / "hashes").iterdir())) == 2


def _read_in_process(path: str, cache: str) -> str:
    os.environ["TRACKER_CACHE_DIR"] = cache
    os.environ.pop("TRACKER_READ_CACHE", None)
    readcache.PARAMS = readcache.ReadCacheParams(min_file_bytes=0)
    frame, reports = adsb.read(path)
    return json.dumps([frame.astype(str).to_numpy().tolist(), [dataclasses.asdict(r) for r in reports]])


def test_concurrent_readers_and_writers(cache_dir, tmp_path):
    path = str(shutil.copy2(FILES["opensky-csv"], tmp_path / "s.csv"))
    fresh = adsb.read(path, cache=False)
    expected = json.dumps([fresh[0].astype(str).to_numpy().tolist(), [dataclasses.asdict(r) for r in fresh[1]]])
    with ProcessPoolExecutor(4) as pool:
        got = list(pool.map(_read_in_process, [path] * 8, [str(cache_dir.parent)] * 8))
    assert got == [expected] * 8
    report = fresh[1][0]
    entry = readcache.key(path, report.format, report)
    stored = readcache.load(entry, path, dataclasses.replace(report))  # the rows as kept (before the aircraft database)
    assert stored is not None
    with ThreadPoolExecutor(4) as pool:  # the same entry written at once by several writers
        assert all(pool.map(lambda _: readcache.store(entry, stored, report), range(8)))
    assert len(entries(cache_dir)) == 1 and not list(cache_dir.glob(".*"))  # no temporary file left
    same(fresh, adsb.read(path))


def test_a_cache_that_cannot_be_written_costs_nothing_but_time(cache_dir, tmp_path):
    path = shutil.copy2(FILES["fr24-json"], tmp_path / "f.json")
    cache_dir.parent.mkdir(parents=True)
    cache_dir.write_text("a file where the folder should be")
    same(adsb.read(path, cache=False), adsb.read(path))
    same(adsb.read(path, cache=False), adsb.read(path))


def test_canonical_dtypes_are_the_schema_s():
    assert adsb.CANONICAL_DTYPES == dict(adsb.schema.empty().dtypes.astype(str))
