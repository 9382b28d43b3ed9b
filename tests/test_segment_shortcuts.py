"""Detection's shortcuts give exactly what the plain computations they replace gave: the spoofing
vote with its distance bound, and the per-run callsign and file lists by integer keys."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tracker.flights import segment
from tracker.geo import KM_PER_NM

KM_PER_DEG = segment.KM_PER_DEG


def plain_vote(ac, t, lat, lon, rules):
    """The vote as first written: the flat-earth distance of every pair."""
    window, n = rules.vote_window, len(ac)
    coslat = np.cos(np.radians(lat))
    votes, voters = np.zeros(n), np.zeros(n)
    for k in range(1, min(window // 2, n - 1) + 1):
        i, j = slice(0, n - k), slice(k, n)
        mine = ac[i] == ac[j]
        dlon = (lon[j] - lon[i] + 180) % 360 - 180
        km = np.hypot(lat[j] - lat[i], dlon * coslat[i]) * KM_PER_DEG
        fast = mine & (km > rules.max_speed_kt * KM_PER_NM * np.abs(t[j] - t[i]) / 3600 + rules.position_slack_km)
        votes[: n - k] += fast
        votes[k:] += fast
        voters[: n - k] += mine
        voters[k:] += mine
    return (voters >= 2) & (votes * 2 > voters)


@pytest.mark.parametrize("seed", range(40))
def test_vote_with_bound_is_the_plain_vote(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 4000))
    ac = np.sort(rng.integers(0, int(rng.integers(1, 30)), n))
    t = np.sort(rng.uniform(0, float(rng.choice([5, 100, 1e4, 1e6])), n))
    step = float(rng.choice([1e-4, 1e-3, 0.01, 0.1, 1.0]))
    lat = np.cumsum(rng.normal(0, step, n)).clip(-90, 90) if seed % 3 else rng.uniform(-90, 90, n)
    lon = (np.cumsum(rng.normal(0, step, n)) + rng.uniform(-180, 180) + 180) % 360 - 180  # crosses the date line
    spoof = rng.random(n) < 0.05  # jumps far away and back
    lat[spoof] = rng.uniform(-90, 90, spoof.sum())
    lon[spoof] = rng.uniform(-180, 180, spoof.sum())
    expected = plain_vote(ac, t, lat, lon, segment.RULES)
    assert (segment._outvoted(ac, t, lat, lon, segment.RULES) == expected).all()


def test_vote_at_the_limit():
    """Pairs whose distance is the limit to the last bit, and a hair either side."""
    rules = segment.RULES
    dt_s = np.arange(1.0, 200.0)
    limit = rules.max_speed_kt * KM_PER_NM * dt_s / 3600 + rules.position_slack_km
    for scale in (1 - 1e-15, 1.0, 1 + 1e-15, 1 + 1e-12):
        dlat = limit / KM_PER_DEG * scale
        lat = np.ravel(np.column_stack([np.zeros_like(dlat), dlat]))
        t = np.ravel(np.column_stack([np.zeros_like(dt_s), dt_s])) + np.repeat(np.arange(len(dt_s)) * 1e6, 2)
        ac = np.repeat(np.arange(len(dt_s)), 2)
        lon = np.zeros_like(lat)
        assert (segment._outvoted(ac, t, lat, lon, rules) == plain_vote(ac, t, lat, lon, rules)).all()


def plain_callsign(run, callsign, index):
    named = pd.DataFrame({"run": run, "callsign": callsign}).loc[lambda d: d["callsign"].notna()]
    counts = named.groupby(["run", "callsign"], observed=True).size().reset_index(name="n")
    counts = counts.sort_values(["run", "n"], ascending=[True, False], kind="stable").drop_duplicates("run")
    return counts.set_index("run")["callsign"].reindex(index)


def plain_sources(run, source, index):
    frame = pd.DataFrame({"run": run, "source": source})
    sources = frame.loc[frame["source"].notna(), ["run", "source"]].drop_duplicates()
    return sources.groupby("run")["source"].agg(list).reindex(index)


@pytest.mark.parametrize("seed", range(20))
def test_per_run_values_are_the_grouped_ones(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 3000))
    run = np.sort(rng.integers(0, int(rng.integers(1, 60)), n))
    words = np.array(["AFL123", "AFL12", "afl123", "RA-1", "Ω9", "", "b", "a"], dtype=object)
    pick = rng.integers(0, int(rng.integers(1, len(words) + 1)), n)  # few values: many ties
    values = pd.array(np.where(rng.random(n) < 0.2, None, words[pick]), dtype="string")
    index = pd.Index(np.unique(np.r_[run, run.max() + 1]), name="run")  # one run without rows
    got = segment._most_common(run, pd.Series(values), index)
    pd.testing.assert_series_equal(got, plain_callsign(run, values, index), check_names=False, check_dtype=False)
    got_lists = segment._distinct(run, pd.Series(values), index)
    expected = plain_sources(run, values, index)
    assert [x if isinstance(x, list) else None for x in got_lists] == [x if isinstance(x, list) else None for x in expected]


def test_detect_leaves_its_input_table_as_it_was():
    """`clean` hands on the caller's frame itself when a filter keeps every row: nothing it
    adds or sorts afterwards may reach the caller's table."""
    from tracker import adsb
    from conftest import FIXTURES

    table, _ = adsb.read([str(FIXTURES / "samples" / "readsb" / "trace_full_ac671b.json")])
    shuffled = table.sample(frac=1.0, random_state=1).reset_index(drop=True)  # forces the sort
    before = shuffled.copy(deep=True)
    first = segment.detect(shuffled)
    pd.testing.assert_frame_equal(shuffled, before)
    assert list(shuffled.columns) == list(before.columns)
    assert segment.detect(shuffled) == first
