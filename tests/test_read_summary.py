"""`tracker read`'s per-aircraft summary: the run-by-run route for a table sorted by aircraft (as
`tracker.adsb.read` returns it) gives what the grouping route gives, value for value."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tracker.output import report


def _table(rng: np.random.Generator, n: int, aircraft: int, sort: bool = True) -> pd.DataFrame:
    codes = rng.integers(0, aircraft, n)
    pick = lambda values, missing: pd.array([None if rng.random() < missing else values[i]  # noqa: E731
                                             for i in rng.integers(0, len(values), n)], dtype="string")
    frame = pd.DataFrame({
        "time": pd.to_datetime(1_700_000_000_000_000_000 + rng.integers(0, 10**12, n) * 1000, utc=True),
        "icao24": pd.array([f"{0x3c0000 + c:06x}" for c in codes], dtype="string"),
        "callsign": pick(["DLH4", "DLH4 ", "AFR1", "ÉTÉ", "", "Z"], 0.3),
        "registration": pick(["D-AIAB", "F-GKXA"], 0.7),
        "typecode": pick(["A320", "B738"], 0.9),
        "source": pd.array(["a.csv"] * n, dtype="string"),
    })
    return frame.sort_values(["icao24", "time"], kind="stable").reset_index(drop=True) if sort else frame


@pytest.mark.parametrize("seed", range(12))
def test_runs_give_the_grouped_summary(monkeypatch, seed):
    rng = np.random.default_rng(seed)
    table = _table(rng, int(rng.integers(2, 3000)), int(rng.integers(1, 40)))
    assert report._sorted_runs(table, table["icao24"]) is not None
    fast = report.aircraft_summary(table)
    monkeypatch.setattr(report, "_sorted_runs", lambda *_: None)
    assert fast == report.aircraft_summary(table)


def test_runs_with_columns_all_or_never_missing(monkeypatch):
    """A column with no value at all (registration before a lookup) or with every value (icao24) is
    read at the runs' first rows without looking for known values: the same summary."""
    table = _table(np.random.default_rng(99), 2000, 30)
    table["registration"] = pd.array([None] * len(table), dtype="string")
    table["typecode"] = pd.array(["A320"] * len(table), dtype="string")
    fast = report.aircraft_summary(table)
    monkeypatch.setattr(report, "_sorted_runs", lambda *_: None)
    assert fast == report.aircraft_summary(table)
    assert {a["registration"] for a in fast} == {None} and {a["typecode"] for a in fast} == {"A320"}

def test_unsorted_or_keyless_tables_are_grouped():
    rng = np.random.default_rng(1)
    table = _table(rng, 500, 9, sort=False)
    assert report._sorted_runs(table, table["icao24"]) is None
    table = _table(rng, 500, 9)
    table.loc[3, "icao24"] = None
    assert report._sorted_runs(table, table["icao24"]) is None
    table = _table(rng, 500, 9)
    table.loc[7, "time"] = pd.NaT
    assert report._sorted_runs(table, table["icao24"]) is None


@pytest.mark.parametrize("dtype", ["string", "string[pyarrow]", object, "category"])
def test_text_codes_is_factorize(dtype):
    """`table.text_codes` (runs of equal neighbours hashed once) codes as `pd.factorize` does."""
    from tracker.adsb import table

    rng = np.random.default_rng(3)
    for n in (0, 1, 2, 50, 5000):
        values = [None if v == "" and rng.random() < 0.5 else v for v in rng.choice(["a", "b", "", "é", "a "], n)]
        for ordered in (values, sorted(values, key=lambda v: (v is None, v or ""))):
            series = pd.Series(ordered, dtype=dtype)
            codes, names = table.text_codes(series)
            want_codes, want_names = pd.factorize(series)
            assert (codes == want_codes).all() and list(names) == list(np.asarray(want_names, dtype=object))
