"""The versioned index cache and the scipy-free airport grid."""
from __future__ import annotations

import numpy as np
import pytest

from tracker import airports, cache
from tracker.geo import EARTH_KM, haversine_km


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_entry_is_reused_and_keyed_by_data(cache_dir, tmp_path):
    data = tmp_path / "data.txt"
    data.write_text("one")
    calls = []

    def build():
        calls.append(1)
        return data.read_text()

    assert cache.load_or_build("t", build, [data]) == "one"
    assert cache.load_or_build("t", build, [data]) == "one"
    assert len(calls) == 1  # second answer came from disk
    data.write_text("two")
    cache._file_hash.cache_clear()
    assert cache.load_or_build("t", build, [data]) == "two"  # new data → new key → rebuilt
    assert len(calls) == 2


def test_broken_entry_is_rebuilt(cache_dir, tmp_path):
    data = tmp_path / "d"
    data.write_text("x")
    cache.load_or_build("b", lambda: 1, [data])
    (entry,) = cache_dir.glob("b-*.pickle")
    entry.write_bytes(b"\x80\x05truncated")
    assert cache.load_or_build("b", lambda: 2, [data]) == 2
    assert cache.load_or_build("b", lambda: 3, [data]) == 2


def test_switched_off_and_unwritable(monkeypatch, tmp_path):
    monkeypatch.setenv("TRACKER_CACHE_DIR", "off")
    assert cache.load_or_build("o", lambda: 5) == 5
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(blocker / "sub"))
    assert cache.load_or_build("o", lambda: 6) == 6  # cannot write: built in memory, no error


def test_old_entries_pruned(cache_dir, tmp_path):
    for i in range(cache.KEEP + 3):
        f = tmp_path / f"d{i}"
        f.write_text(str(i))
        cache.load_or_build("p", lambda i=i: i, [f])
    assert len(list(cache_dir.glob("p-*.pickle"))) == cache.KEEP


def test_cached_airports_equal_fresh_build():
    assert airports._columns.build() == airports._columns()
    assert airports._kinds.build() == airports._kinds()
    assert airports.get("UUEE").name and airports.get("uuee") == airports.get("UUEE")
    assert airports.get("XXXX") is None and airports.get(None) is None
    assert "UUEE" in airports.in_city("Moscow", "RU") and "ZKPY" in airports.in_country("KP")


def _brute(lat, lon, radius_km, k, subset):
    """k nearest airports of `subset` within the radius, by haversine (the grid's meaning)."""
    idx = airports._index()
    out = []
    for q, (la, lo) in enumerate(zip(lat, lon)):
        if not (np.isfinite(la) and np.isfinite(lo)):
            continue
        d = haversine_km(la, lo, idx.lat[subset], idx.lon[subset])
        near = np.flatnonzero(d < radius_km)
        out += [(q, subset[i]) for i in near[np.argsort(d[near], kind="stable")][:k]]
    return out


@pytest.mark.parametrize("radius_km", [8.0, 100.0, 600.0])
def test_grid_finds_what_brute_force_finds(radius_km):
    """Antimeridian, poles, dense fields and NaN queries included; the k nearest in order."""
    idx = airports._index()
    rng = np.random.default_rng(7)
    pick = rng.integers(0, len(idx.lat), 60)
    lat = np.r_[idx.lat[pick] + rng.normal(0, 0.3, 60), [89.99, -89.9, 0.0, 51.4, -16.9, np.nan, 64.8]]
    lon = np.r_[idx.lon[pick] + rng.normal(0, 0.3, 60), [10.0, 120.0, 179.99, -180.0, 179.7, 3.0, -147.9]]
    lat, lon = np.clip(lat, -90, 90), (lon + 180) % 360 - 180
    xyz = airports._xyz(np.nan_to_num(lat), np.nan_to_num(lon))
    ok = np.isfinite(lat)
    chord = 2 * np.sin(radius_km / EARTH_KM / 2)
    for grid, subset, k in ((idx.grid, np.arange(len(idx.lat)), 16), (idx.major_grid, idx.major, 8)):
        q, pos, dist = grid.query(lat[ok], lon[ok], xyz[ok], chord, k)
        got = sorted(zip(np.flatnonzero(ok)[q].tolist(), pos.tolist()))
        want = sorted(_brute(lat, lon, radius_km, k, subset))
        # equal distances at the k-th place may be cut either way; everything else must agree
        assert len(got) == len(want)
        assert len(set(got) ^ set(want)) <= 2
        same_query = q[1:] == q[:-1]
        assert np.all(np.diff(dist)[same_query] >= 0)  # nearest first


def test_claims_come_back_equal_and_keyed_by_text(cache_dir, monkeypatch):
    from tracker.claims import articles, extract_all, extractor

    docs = articles.load([str(p) for p in sorted((cache.PACKAGE_DIR.parent / "seeds").glob("00[01]_*.txt"))])
    fresh = {d.id: extractor.extract(d) for d in docs}
    assert extract_all(docs) == fresh
    calls = []
    real = extractor.extract
    monkeypatch.setattr(extractor, "extract", lambda d: calls.append(d.id) or real(d))
    assert extract_all(docs) == fresh and calls == []  # from the cache
    import dataclasses

    edited = [dataclasses.replace(docs[0], text=docs[0].text + " Рейс RFF7203 вилетів з Москви."), *docs[1:]]
    extract_all(edited)
    assert calls  # another text: extracted again


def test_ref_from_the_index_is_ref_from_the_airport():
    """`ref` reads name and position from the nearest-airport index; they are `get`'s."""
    from tracker.model import AirportRef

    idx = airports._index()
    for code in list(idx.icao[::97]) + ["EDDF", "UUEE", "KMSP"]:
        row = {"icao": code, "distance_km": 1.2345, "runner_up": None, "runner_up_km": float("nan")}
        airport = airports.get(code)
        assert airports.ref(row) == AirportRef(icao=airport.icao, distance_km=1.23, name=airport.name,
                                               lat=airport.lat, lon=airport.lon)
        assert type(airports.ref(row).lat) is float and type(airports.ref(row).icao) is str
    with pytest.raises(KeyError):
        airports.ref({"icao": "ZZZZ9", "distance_km": 1.0, "runner_up": None, "runner_up_km": None})
