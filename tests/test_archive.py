"""The Parquet archive: written partitioned and sorted; seeds corroborate from it as from the files;
the Ibis selection gives the same rows on DuckDB and on local Spark; `tracker history`."""
from __future__ import annotations

import datetime as dt
import json
import shutil

import pandas as pd
import pyarrow.parquet as pq
import pytest

from tracker.archive import engines, selection, synth

from conftest import FIXTURES, ROOT, run_cli

UTC = dt.UTC


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """fixtures/adsb (both RA-86559 reconstructions) plus a generated day of 300 other aircraft."""
    base = tmp_path_factory.mktemp("archive")
    synth.write_globe_tar(base / "day.tar", 300, dt.date(2023, 7, 31), seed=2, interval_s=300)
    shutil.copytree(FIXTURES / "adsb", base / "adsb")
    result = run_cli("archive", "add", str(base / "adsb"), str(base / "day.tar"), "--to", str(base / "ar"))
    assert result.returncode == 0, result.stderr
    return base / "ar"


def _verdicts(*args):
    result = run_cli("corroborate", str(ROOT / "seeds"), "--json", *args)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    return payload["summary"], [(v["claim_id"], v["outcome"], [(c["field"], c["outcome"], c["observed"]) for c in v["checks"]])
                                for v in payload["verdicts"]]


def test_every_seed_claim_gets_the_same_verdict_from_the_archive(archive):
    today = _verdicts("--adsb", str(FIXTURES / "adsb"))
    assert today[0]["supported"] > 0
    assert _verdicts("--archive", str(archive)) == today


def test_files_are_partitioned_by_utc_date_sorted_and_zstd(archive):
    days = sorted(p.name for p in archive.iterdir() if p.is_dir())
    assert "date=2023-07-31" in days and "date=2023-09-26" in days
    for path in archive.glob("date=*/*.parquet"):
        meta = pq.ParquetFile(path).metadata
        assert meta.row_group(0).column(0).compression == "ZSTD"
        frame = pq.read_table(path, columns=["time", "icao24"]).to_pandas()
        day = path.parent.name.split("=")[1]
        assert (frame["time"].dt.strftime("%Y-%m-%d") == day).all()
        assert frame.sort_values(["icao24", "time"], kind="stable").index.tolist() == list(range(len(frame)))


def test_adding_the_same_file_again_is_refused(archive):
    result = run_cli("archive", "add", str(FIXTURES / "adsb"), "--to", str(archive))
    assert result.returncode == 0 and "already in the archive" in result.stderr and "0 rows added" in result.stderr


def test_selection_reads_only_the_days_and_aircraft_asked(archive):
    want = selection.Selection([selection.want(callsigns=["RFF7203"], since=dt.datetime(2023, 7, 31, tzinfo=UTC),
                                               until=dt.datetime(2023, 8, 1, 12, tzinfo=UTC))])
    frame, report = engines.select(str(archive), want)
    assert set(frame["icao24"]) == {"15f1a7"}  # the carrier's rows, not only those with the callsign
    assert frame["callsign"].dropna().nunique() >= 1 and report.files < report.files_total
    assert frame["time"].between(pd.Timestamp("2023-07-31", tz="UTC"), pd.Timestamp("2023-08-01 12:00", tz="UTC")).all()


def test_history_lists_flights_and_stays(archive):
    result = run_cli("history", "RA-86559", "--since", "2023-07-01", "--until", "2023-10-01", "--archive", str(archive), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert {f["icao24"] for f in payload["flights"]} == {"15f1a7"}
    assert len(payload["flights"]) == 4  # Moscow → Pyongyang → Moscow, twice
    assert any(s["airport"]["icao"] == "ZKPY" and abs(s["dwell_hours"]["min"] - 36.7) < 0.2 for s in payload["stays"])
    early = run_cli("history", "15f1a7", "--until", "2023-08-31", "--archive", str(archive), "--json")
    assert len(json.loads(early.stdout)["flights"]) == 2


def test_history_map_and_flights_from_the_archive(archive, tmp_path):
    page = tmp_path / "h" / "index.html"
    result = run_cli("history", "15f1a7", "--since", "2023-09-25", "--until", "2023-09-28",
                     "--archive", str(archive), "--map", str(page))
    assert result.returncode == 0, result.stderr
    assert page.exists() and "ZKPY" in page.read_text()
    flights = run_cli("flights", "--archive", str(archive), "--callsign", "RFF7203", "--since", "2023-07-31",
                      "--until", "2023-08-03", "--json")
    assert flights.returncode == 0, flights.stderr
    payload = json.loads(flights.stdout)
    assert [f["callsign"] for f in payload["flights"]] == ["RFF7203", "RFF7204"]
    assert payload["read_report"][0]["files"] < payload["read_report"][0]["files_total"]


def test_history_needs_a_source():
    result = run_cli("history", "RA-86559")
    assert result.returncode == 2 and "--archive" in result.stderr


def test_duckdb_and_spark_give_identical_rows(archive):
    import pyspark  # noqa: F401  (in the test extra: a missing install fails, never skips)
    want = selection.Selection([
        selection.want(registrations=["RA-86559"], since=dt.datetime(2023, 7, 31, 12, tzinfo=UTC),
                       until=dt.datetime(2023, 8, 1, 6, tzinfo=UTC)),
        selection.want(typecodes=["B738"], since=dt.datetime(2023, 7, 31, 10, tzinfo=UTC),
                       until=dt.datetime(2023, 7, 31, 11, tzinfo=UTC)),
    ])
    duck, _ = engines.select(str(archive), want, engine="duckdb")
    spark, _ = engines.select(str(archive), want, engine="spark")
    assert len(duck) > 100 and {"15f1a7"} < set(duck["icao24"])
    pd.testing.assert_frame_equal(duck, spark)
