"""Filters at the source for single files: a selection pushed into the readers returns exactly
the rows the same selection gives on the whole table (`selection.mask`), on every fixture
format and on Parquet files written with small row groups; rows left out are counted as
outside the selection, never as rejected; corroborate's verdicts are the same with and
without the pushdown."""
from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tracker import adsb
from tracker.archive import selection
from tracker.errors import TrackerError

from conftest import FIXTURES, ROOT, run_cli

UTC = dt.UTC
NOW = dt.datetime(2030, 1, 1, tzinfo=UTC)

FILES = sorted(
    [p for p in (FIXTURES / "formats").iterdir() if p.is_file() and p.suffix in (".csv", ".json", ".jsonl") and "aircraftDatabase" not in p.name]
    + [FIXTURES / "formats" / "dump1090_snapshots"]
    + list((FIXTURES / "adsb").iterdir())
    + [p for d in ("samples/readsb", "samples/rs1090", "samples/fr24", "samples/noisy", "samples/military", "scenarios/decoy")
       for p in (FIXTURES / d).iterdir() if p.is_file() and p.name != "expected.json"]
)


def _whole(path):
    return adsb.read(path, now=NOW)


def _selections(frame: pd.DataFrame) -> list[selection.Selection]:
    """Questions drawn from the file itself: one aircraft, one callsign, one registration, a
    window, an aircraft in a window, a type, and two wants at once (hits and misses alike)."""
    out = [selection.Selection([selection.want(icao24=["000000"])])]
    if frame.empty:
        return out
    times = frame["time"].sort_values()
    mid, q3 = times.iloc[len(times) // 2].to_pydatetime(), times.iloc[3 * len(times) // 4].to_pydatetime()
    icaos = frame["icao24"].dropna().value_counts().index.tolist()
    calls = frame["callsign"].dropna().value_counts().index.tolist()
    regs = frame["registration"].dropna().value_counts().index.tolist()
    out.append(selection.Selection([selection.want(since=mid, until=q3)]))
    out.append(selection.Selection([selection.want(since=mid)]))
    if icaos:
        out.append(selection.Selection([selection.want(icao24=[icaos[-1].upper()])]))
        out.append(selection.Selection([selection.want(icao24=[icaos[0]], since=mid, until=q3)]))
    if calls:
        out.append(selection.Selection([selection.want(callsigns=[calls[-1].lower()], until=mid)]))
    if regs:
        out.append(selection.Selection([selection.want(registrations=[regs[0]])]))
    if icaos and calls:
        out.append(selection.Selection([selection.want(icao24=[icaos[-1]], until=mid),
                                        selection.want(callsigns=[calls[0]], since=mid)]))
    out.append(selection.Selection([selection.want(typecodes=["B738"], since=mid)]))
    return out


def _same_rows(path, select):
    whole, whole_reports = _whole(path)
    expected = whole.loc[selection.mask(whole, select)].reset_index(drop=True)
    got, reports = adsb.read(path, now=NOW, select=select)
    pd.testing.assert_frame_equal(got, expected)
    for r, w in zip(reports, whole_reports):
        assert isinstance(r, selection.SelectedReport)
        assert r.rows_kept == len(got) if len(reports) == 1 else True
        assert r.rows_rejected <= w.rows_rejected  # a row outside the selection is never a fault
        assert r.rows_read + r.rows_outside_selection >= w.rows_read - w.rows_rejected
    return got, reports


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_pushdown_gives_the_rows_of_a_filter_after_reading(path):
    try:
        whole, _ = _whole(path)
    except TrackerError as exc:  # a file with nothing readable: the same one-line error either way
        with pytest.raises(TrackerError) as got:
            adsb.read(path, now=NOW, select=selection.Selection([selection.want(icao24=["15f1a7"])]))
        assert str(got.value) == str(exc)
        return
    for select in _selections(whole):
        _same_rows(path, select)


def _opensky_parquet(tmp_path, rows_per_group=200, sort=("icao24", "time")):
    """The OpenSky CSV fixtures (and the decoy's) as one Parquet file with small row groups,
    so statistics can rule groups out."""
    frames = [pd.read_csv(p, dtype={"icao24": str, "callsign": str}) for p in
              (FIXTURES / "adsb").glob("*.csv")]
    other = frames[0].copy()
    other["icao24"], other["callsign"] = "4b1805", None
    other.loc[other.index[len(other) // 2:], "callsign"] = "SWR100 "  # heard only half-way through
    other["time"] += 86400 * 3
    other["lastposupdate"] += 86400 * 3
    frame = pd.concat(frames + [other], ignore_index=True).sort_values(list(sort), kind="stable")
    path = tmp_path / "states.parquet"
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path, row_group_size=rows_per_group)
    return path


def test_parquet_row_groups_are_skipped_and_rows_are_the_same(tmp_path):
    path = _opensky_parquet(tmp_path)
    groups = pq.ParquetFile(path).metadata.num_row_groups
    whole, _ = _whole(path)
    assert set(whole["icao24"]) == {"15f1a7", "4b1805"}
    for select in _selections(whole) + [selection.Selection([selection.want(callsigns=["swr100"])])]:
        _same_rows(path, select)
    one = selection.Selection([selection.want(icao24=["4B1805"])])
    report = selection.SelectedReport(file=str(path), format="opensky-parquet")
    read = list(selection.parquet_batches(pq.ParquetFile(path), selection.resolve(one, pd.DataFrame(columns=["registration"])),
                                          report, 1000, {"icao24", "time"}, registration=None, times=("lastposupdate", "time")))
    chosen = sum(b.num_rows for b, _ in read)
    assert chosen == (whole["icao24"] == "4b1805").sum()  # only that aircraft's groups, and only its rows
    assert report.rows_outside_selection == (whole["icao24"] == "15f1a7").sum()
    assert all(b.num_columns == 2 for b, _ in read) and groups > 3
    lines = np.concatenate([r for _, r in read])
    assert (whole.loc[whole["icao24"] == "4b1805", "line"].sort_values().to_numpy() == np.sort(lines)).all()


def test_parquet_sorted_by_time_is_pruned_by_window(tmp_path):
    path = _opensky_parquet(tmp_path, sort=("time",))
    whole, _ = _whole(path)
    late = whole["time"].max() - pd.Timedelta(hours=1)
    select = selection.Selection([selection.want(since=late.to_pydatetime())])
    got, (report,) = _same_rows(path, select)
    assert 0 < len(got) < len(whole) and report.rows_outside_selection >= len(whole) - len(got)


def test_a_callsign_takes_the_carriers_rows_without_it(tmp_path):
    """A callsign names the aircraft: its rows before the callsign was first heard are wanted too."""
    path = _opensky_parquet(tmp_path)
    wanted = selection.Selection([selection.want(callsigns=["swr100"])])
    got, _ = _same_rows(path, wanted)
    assert got["callsign"].isna().sum() > 0 and set(got["icao24"]) == {"4b1805"}
    csv = tmp_path / "states.csv"
    pq.read_table(path).to_pandas().to_csv(csv, index=False)
    got_csv, _ = _same_rows(csv, wanted)
    assert len(got_csv) == len(got) and got_csv["callsign"].isna().sum() > 0


def test_outside_rows_are_counted_not_rejected():
    csv = FIXTURES / "adsb" / "opensky_states_15f1a7_2023-09-25.csv"
    whole, (w,) = _whole(csv)
    mid = whole["time"].iloc[len(whole) // 2].to_pydatetime()
    got, (r,) = adsb.read(csv, now=NOW, select=selection.Selection([selection.want(until=mid)]))
    assert r.rows_outside_selection == len(whole) - len(got) > 0
    assert r.rows_read + r.rows_outside_selection == w.rows_read and r.rows_rejected == w.rows_rejected == 0
    assert "rows outside the selection" in r.note()


def test_registration_resolves_to_icao24_through_the_aircraft_db():
    csv = FIXTURES / "adsb" / "opensky_states_15f1a7_2023-09-25.csv"  # the file has no registration column
    got, (r,) = adsb.read(csv, now=NOW, select=selection.Selection([selection.want(registrations=["ra-86559"])]))
    assert len(got) > 0 and set(got["icao24"]) == {"15f1a7"} and set(got["registration"]) == {"RA-86559"}
    none, (r2,) = adsb.read(csv, now=NOW, select=selection.Selection([selection.want(registrations=["RA-00000"])]))
    assert none.empty and r2.rows_outside_selection == r.rows_kept and r2.rows_rejected == 0


def test_readsb_trace_of_another_aircraft_is_skipped_unparsed():
    trace = FIXTURES / "samples" / "readsb" / "trace_full_ac671b.json"
    got, (r,) = adsb.read(trace, now=NOW, select=selection.Selection([selection.want(icao24=["15f1a7"])]))
    doc = json.loads(trace.read_text())
    assert got.empty and r.rows_read == 0 and r.rows_outside_selection == len(doc["trace"])


@pytest.mark.parametrize("command", ["read", "flights"])
@pytest.mark.parametrize("path", [FIXTURES / "adsb" / "opensky_states_15f1a7_2023-09-25.csv",
                                  FIXTURES / "adsb" / "trace_full_15f1a7_2023-07-31.json",
                                  FIXTURES / "formats" / "dump1090_snapshots",
                                  FIXTURES / "formats" / "modes_messages.jsonl",
                                  FIXTURES / "formats" / "fr24_export.csv",
                                  FIXTURES / "formats" / "traffic_records.json"], ids=lambda p: p.name)
def test_cli_flags_select_on_every_format(command, path, tmp_path):
    whole, _ = _whole(path)
    icao = whole["icao24"].dropna().iloc[0] if whole["icao24"].notna().any() else "000000"
    mid = whole["time"].iloc[len(whole) // 2].isoformat()
    result = run_cli(command, str(path), "--json", "--icao24", icao.upper(), "--since", mid, "--now", "2030-01-01")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    report = payload["read_report"][0]
    expected = whole.loc[selection.mask(whole, selection.Selection([selection.want(icao24=[icao], since=dt.datetime.fromisoformat(mid))]))]
    assert report["rows_kept"] == len(expected)
    assert report["rows_outside_selection"] >= len(whole) - len(expected)
    if command == "read":
        assert sum(a["points"] for a in payload["aircraft"]) == len(expected)


def _verdicts(*args):
    result = run_cli("corroborate", *args, "--json", "--now", "2030-01-01")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    return [(v["claim_id"], v["outcome"], [(c["field"], c["outcome"], c["observed"], c.get("evidence"))
                                           for c in v["checks"]]) for v in payload["verdicts"]]


@pytest.mark.parametrize("adsb_dir", ["adsb", "scenarios/decoy", "scenarios/other-airport", "scenarios/short-stay",
                                      "scenarios/dark-north-korea", "samples/readsb"])
def test_corroborate_verdicts_are_the_same_with_and_without_pushdown(adsb_dir):
    args = [str(ROOT / "seeds"), "--adsb", str(FIXTURES / adsb_dir)]
    pushed = _verdicts(*args)
    assert pushed == _verdicts(*args, "--whole-files")
    if adsb_dir == "adsb":
        assert any(outcome == "supported" for _, outcome, _ in pushed)


def test_a_registration_on_the_air_as_the_callsign_is_selected_by_pushdown():
    # en_v10_01: bizjets at Le Bourget known only by the registration they broadcast as callsign (N10XG, VPCAL)
    args = [str(ROOT / "tests" / "articles" / "verdict" / "v10" / "en_v10_01.html"), "--published", "2021-10-08",
            "--adsb", str(FIXTURES / "samples" / "collections" / "quickstart.json.gz")]
    pushed = _verdicts(*args)
    assert pushed == _verdicts(*args, "--whole-files")
    found = {(field, outcome, observed) for _, _, checks in pushed for field, outcome, observed, _ in checks}
    assert ("registration", "supported", "N10XG") in found and ("registration", "supported", "VP-CAL") in found
