"""tar1090-db flags, the Parquet cache, and US N-numbers ↔ icao24 by the FAA rule."""
from __future__ import annotations

import gzip
import os

import pandas as pd
import pytest

from tracker import adsb
from tracker.adsb import aircraft

from conftest import FIXTURES

# Known pairs: N899DN/ac671b is in the recorded readsb sample (fixtures/samples/readsb);
# N1 is the first and N99999 the last address of the US block; a00001 N1 is in the tar1090 fixture.
KNOWN = [("N1", "a00001"), ("N99999", "adf7c7"), ("N899DN", "ac671b"), ("N1A", "a00002"), ("N1AA", "a00003")]


@pytest.mark.parametrize("reg,icao", KNOWN)
def test_n_number_to_icao24_known_pairs(reg, icao):
    assert aircraft.n_number_to_icao24(reg) == icao
    assert aircraft.icao24_to_n_number(icao) == reg


def test_n_number_rule_is_a_bijection_over_the_us_block():
    seen = set()
    for value in range(aircraft.N_FIRST, aircraft.N_LAST + 1, 7):  # every 7th address: ~130k checks
        reg = aircraft.icao24_to_n_number(f"{value:06x}")
        assert aircraft.n_number_to_icao24(reg) == f"{value:06x}", reg
        seen.add(reg)
    assert len(seen) == len(range(aircraft.N_FIRST, aircraft.N_LAST + 1, 7))


@pytest.mark.parametrize("reg", ["N0", "N", "NI1", "N1IO", "N123456", "N1ABC", "RA-86559", "", None, "N12345A"])
def test_not_n_numbers(reg):
    assert aircraft.n_number_to_icao24(reg) is None


def test_the_recorded_sample_agrees_with_the_rule():
    table, _ = adsb.read([str(FIXTURES / "samples" / "readsb" / "trace_full_ac671b.json")])
    reg = table["registration"].dropna().unique()
    assert list(reg) == ["N899DN"]
    assert aircraft.n_number_to_icao24(reg[0]) == table["icao24"].iloc[0]


def _tar1090(tmp_path, rows):
    path = tmp_path / "aircraft.csv.gz"
    with gzip.open(path, "wt") as f:
        f.write("\n".join(rows) + "\n")
    return path


def test_tar1090_flags_become_nullable_booleans(tmp_path):
    path = _tar1090(tmp_path, ["15f1a7;RA-86559;IL62;10;ILYUSHIN IL-62;;RUSSIAN AIR FORCE",
                               "4baac6;TC-JVF;B738;00;BOEING 737-800;2016;TURKISH",
                               "3c6444;D-AIBE;A319;0001;AIRBUS A319;;LUFTHANSA",
                               "abcdef;N123;C172;;CESSNA;;"])
    db = aircraft.load([str(path)], include_bundled=False)
    got = db.loc[["15f1a7", "4baac6", "3c6444", "abcdef"], aircraft.FLAG_COLUMNS]
    assert got.loc["15f1a7"].tolist() == [True, False, False, False]
    assert got.loc["4baac6"].tolist() == [False, False, False, False]
    assert got.loc["3c6444", "ladd"] is True or bool(got.loc["3c6444", "ladd"]) is True
    assert got.loc["abcdef"].isna().all()  # no flags field: unknown, not False
    assert db.loc["4baac6", "year"] == "2016" and db.loc["15f1a7", "description"] == "ILYUSHIN IL-62"
    assert str(db["military"].dtype) == "boolean"


def test_military_flag_reaches_the_canonical_table(tmp_path):
    path = _tar1090(tmp_path, ["15f1a7;RA-86559;IL62;10;ILYUSHIN IL-62;;RUSSIAN AIR FORCE"])
    table, _ = adsb.read([str(FIXTURES / "adsb" / "trace_full_15f1a7_2023-07-31.json")], aircraft_db=[str(path)])
    assert set(table["military"].unique()) == {True}
    plain, _ = adsb.read([str(FIXTURES / "adsb" / "trace_full_15f1a7_2023-07-31.json")])  # the bundled database has no flags: unknown
    assert plain["military"].isna().all()


def test_registration_lookup_uses_database_and_rule():
    db = aircraft.load()
    assert aircraft.icao24_for_registration("ra 86559", db) == {"15f1a7"}
    assert aircraft.icao24_for_registration("N12345", db) == {"a061d9"}  # not in any database: by rule
    assert aircraft.icao24_for_registration("XX-NONE", db) == set()


def test_large_database_is_cached_as_parquet_and_refreshed_when_changed(tmp_path, monkeypatch):
    monkeypatch.setattr(aircraft, "CACHE_MIN_BYTES", 0)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rows = [f"{i:06x};REG{i};B738;{'10' if i % 3 == 0 else '00'};;;" for i in range(0x100000, 0x100000 + 5000)]
    path = _tar1090(tmp_path, rows)
    first = aircraft.load([str(path)], include_bundled=False)
    cache = aircraft.cache_path(path)
    assert cache.exists()
    again = aircraft.load([str(path)], include_bundled=False)
    pd.testing.assert_frame_equal(first, again)
    expected = [i % 3 == 0 for i in range(0x100000, 0x100000 + 5000)]
    assert again["military"].tolist() == expected
    path2 = _tar1090(tmp_path, rows[:10])  # rewritten: new size and mtime → cache rebuilt
    os.utime(path2, ns=(1, 1))
    assert len(aircraft.load([str(path2)], include_bundled=False)) == 10
