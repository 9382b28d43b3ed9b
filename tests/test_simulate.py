"""The reconstructed RA-86559 tracks: deterministic, in the real formats, physically plausible,
and faithful to each published fact (fixtures/README.md)."""
from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

from conftest import FIXTURES, ROOT, load_script, run_script
from tracker import airports
from tracker.geo import M_PER_FT, haversine_km
from tracker.model import OUTCOMES

simulate = load_script("simulate")  # scripts/simulate.py: a fixture generator, not in the package
KST, CST = ZoneInfo("Asia/Pyongyang"), ZoneInfo("Asia/Shanghai")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sim") / "adsb"
    simulate.write_all(out)
    return out.parent


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_write_all_is_deterministic_and_matches_the_committed_fixtures(generated, tmp_path):
    simulate.write_all(tmp_path / "adsb")
    again = _files(tmp_path)
    assert again == _files(generated)
    committed = {k: v for k, v in _files(FIXTURES).items() if k.startswith(("adsb/", "scenarios/"))}
    assert committed == again, "fixtures drifted from scripts/simulate.py: rerun `python scripts/simulate.py`"


def test_only_the_as_reported_ra86559_tracks_are_in_adsb(generated):
    names = sorted(p.name for p in (generated / "adsb").iterdir())
    assert names == ["opensky_states_15f1a7_2023-09-25.csv", "trace_full_15f1a7_2023-07-31.json"]


def test_readsb_trace_full_shape(generated):
    doc = json.loads((generated / "adsb" / "trace_full_15f1a7_2023-07-31.json").read_text())
    assert (doc["icao"], doc["r"], doc["t"]) == ("15f1a7", "RA-86559", "IL62")
    rows = doc["trace"]
    assert all(len(r) == 14 for r in rows)
    dts = np.array([r[0] for r in rows])
    assert dts[0] == 0 and np.all(np.diff(dts) > 0)
    assert {type(r[3]) for r in rows} == {int, str} and {r[3] for r in rows if isinstance(r[3], str)} == {"ground"}
    new_legs = [i for i, r in enumerate(rows) if r[6] & 2]
    assert len(new_legs) == 2  # outbound and return
    flights = {r[8]["flight"] for r in rows if r[8]}
    assert flights == {"RFF7203 ", "RFF7204 "}
    assert doc["timestamp"] == pytest.approx(dt.datetime(2023, 7, 31, 16, 18, tzinfo=dt.timezone.utc).timestamp(), abs=60)


def test_opensky_state_vector_shape(generated):
    path = generated / "adsb" / "opensky_states_15f1a7_2023-09-25.csv"
    with path.open() as handle:
        header = next(csv.reader(handle))
    assert header == ["time", "icao24", "lat", "lon", "velocity", "heading", "vertrate", "callsign", "onground",
                      "baroaltitude", "geoaltitude", "lastposupdate", "lastcontact"]
    frame = pd.read_csv(path)
    assert (frame["time"] % 10 == 0).all() and frame["time"].is_unique
    assert (frame["time"] >= frame["lastposupdate"]).all() and (frame["lastcontact"] > frame["lastposupdate"]).all()
    assert set(frame["onground"]) == {True, False}
    assert frame["velocity"].max() == pytest.approx(455 * 0.514444, rel=0.03)  # m/s, not knots
    assert frame["baroaltitude"].max() == pytest.approx(35000 * M_PER_FT, abs=30)  # metres, not feet


def _points(plan_index: int) -> pd.DataFrame:
    return simulate.plan_points(simulate.as_reported()[plan_index], np.random.default_rng(simulate.SEED))


@pytest.mark.parametrize("plan_index", [0, 1])
def test_motion_is_physically_consistent(plan_index):
    p = _points(plan_index)
    air = p[~p["on_ground"]].reset_index(drop=True)
    dt_s = air["time"].diff().dt.total_seconds().to_numpy()[1:]
    km = haversine_km(air["lat"].to_numpy()[:-1], air["lon"].to_numpy()[:-1], air["lat"].to_numpy()[1:], air["lon"].to_numpy()[1:])
    close = (dt_s > 20) & (dt_s < 120)  # long enough that position noise does not dominate
    implied_kt = km[close] / dt_s[close] / simulate.KT_KMS
    reported = air["gs_kt"].to_numpy()[1:][close]
    assert np.median(np.abs(implied_kt - reported) / reported) < 0.05
    assert air["alt_ft"].max() == 35000 and air["alt_ft"].min() < 2000
    assert air["vrate_fpm"].abs().max() < 5000
    steps = p["time"].diff().dt.total_seconds().dropna()
    assert steps.min() >= 2 and (steps[steps <= 60].size / steps.size) > 0.97  # cadence a few s to ~60 s
    assert (steps > 80 * 60).sum() >= 4  # coverage holes over Siberia and Mongolia/China, both legs (+ the stay)


def test_route_follows_the_great_circle():
    p = _points(0)
    out = p[p["time"] < pd.Timestamp("2023-08-01T06:00Z")]
    a, b = airports.get("UUMU"), airports.get("ZKPY")
    ua, ub = simulate._unit(np.array(a.lat), np.array(a.lon)), simulate._unit(np.array(b.lat), np.array(b.lon))
    normal = np.cross(ua, ub)
    normal /= np.linalg.norm(normal)
    cross_km = np.abs(simulate._unit(out["lat"].to_numpy(), out["lon"].to_numpy()) @ normal) * simulate.EARTH_KM
    assert cross_km.max() < 3.0


def _landings_and_takeoffs(p: pd.DataFrame):
    ground = p["on_ground"].to_numpy()
    change = np.flatnonzero(ground[1:] != ground[:-1]) + 1
    times = p["time"]
    touchdown = [times.iloc[i] for i in change if ground[i]]
    liftoff = [times.iloc[i] for i in change if not ground[i]]
    return touchdown, liftoff


def test_august_trip_matches_what_was_reported():
    p = _points(0)
    touchdown, liftoff = _landings_and_takeoffs(p)
    moscow = liftoff[0].tz_convert("Europe/Moscow")
    assert moscow.date() == dt.date(2023, 7, 31)  # departed Moscow 31 Jul
    land = touchdown[0]
    local = land.tz_convert(CST)
    assert local.date() == dt.date(2023, 8, 1) and local.hour >= 8  # arrived 1 Aug after 08:00 China time
    ground = p[(p["time"] > land) & (p["time"] < liftoff[1])]
    assert haversine_km(ground["lat"], ground["lon"], 39.2241, 125.67).max() < 3  # at Pyongyang Sunan
    leave = liftoff[1].tz_convert(CST)
    assert leave.date() == dt.date(2023, 8, 2) and leave.hour >= 21  # left 2 Aug after 21:00 China time
    hours = (liftoff[1] - land).total_seconds() / 3600
    assert 34 <= hours <= 38  # "about 36 hours"


def test_september_trip_matches_what_was_reported():
    p = _points(1)
    touchdown, liftoff = _landings_and_takeoffs(p)
    land = touchdown[0].tz_convert(KST)
    assert land.strftime("%A %d %b") == "Tuesday 26 Sep" and 5 <= land.hour < 12  # Tuesday morning
    leave = liftoff[1].tz_convert(KST)
    assert leave.strftime("%A %d %b") == "Thursday 28 Sep"
    hours = (liftoff[1] - touchdown[0]).total_seconds() / 3600
    assert 36 <= hours <= 60  # "a two-day stay"
    assert p["callsign"].isna().all()  # no callsign was reported for September: none invented


def test_every_scenario_states_its_expected_outcomes(generated):
    folders = sorted((generated / "scenarios").iterdir())
    assert [f.name for f in folders] == ["dark-north-korea", "decoy", "no-coverage", "other-airport", "short-stay"]
    for folder in folders:
        expected = json.loads((folder / "expected.json").read_text())
        assert expected["reconstructed"] is True
        assert set(expected["expected"]) == {"000", "001"}
        assert set(expected["expected"].values()) <= set(OUTCOMES)
        assert any(p.suffix in (".json", ".csv") and p.name != "expected.json" for p in folder.iterdir())


def test_short_stay_is_nine_hours():
    scenario = {s.name: s for s in simulate.scenarios()}["short-stay"]
    p = simulate.plan_points(scenario.plans[0], np.random.default_rng(simulate.SEED))
    touchdown, liftoff = _landings_and_takeoffs(p)
    assert 8.5 <= (liftoff[1] - touchdown[0]).total_seconds() / 3600 <= 9.5


def test_fixtures_readme_says_reconstructed_and_lists_sources():
    text = (FIXTURES / "README.md").read_text()
    assert "RECONSTRUCTED" in text and "not recorded" in text.lower() or "Nothing in `adsb/`" in text
    for fact in ("RFF7203", "08:00 China time", "36 hours", "21:00 China time", "Tuesday 26 September",
                 "Thursday 28 September", "15f1a7` is not sourced"):
        assert fact in text


def test_simulate_script_writes_the_same_files(tmp_path):
    result = run_script(ROOT / "scripts" / "simulate.py", "--out", str(tmp_path))  # the root: nothing outside it
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("wrote ") == len(_files(tmp_path))
    assert _files(tmp_path) == {k: v for k, v in _files(FIXTURES).items() if k.startswith(("adsb/", "scenarios/"))}
