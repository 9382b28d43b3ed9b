"""globe_history day tars read in place: by path, by registration, by callsign scan, split parts."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import tarfile

import pandas as pd
import pytest

from tracker import adsb
from tracker.adsb import globe
from tracker.archive import selection, synth

from conftest import FIXTURES, ROOT, run_cli

RA = FIXTURES / "adsb" / "trace_full_15f1a7_2023-07-31.json"
N_GENERATED = 2000


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    """A generated day of 2,000 traces plus the RA-86559 reconstruction; also split into parts."""
    base = tmp_path_factory.mktemp("globe")
    extra = {"15f1a7": gzip.compress(RA.read_bytes())}
    (tar,) = synth.write_globe_tar(base / "day.tar", N_GENERATED, dt.date(2023, 7, 31), seed=1, extra=extra, interval_s=300)
    split = base / "split"
    split.mkdir()
    data = tar.read_bytes()  # the same bytes, cut as `split -b 1M day.tar day.tar.` would
    parts = []
    for i in range(0, len(data), 1 << 20):
        p = split / f"day.tar.a{chr(97 + i // (1 << 20))}"
        p.write_bytes(data[i:i + (1 << 20)])
        parts.append(p)
    return tar, parts


def _verdicts(cli, *args):
    result = cli("corroborate", str(ROOT / "seeds" / "000_b336a2b47a6b8ba1.txt"), "--json", *args)
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    return [(v["claim_id"], v["outcome"], [(c["field"], c["outcome"], c["observed"]) for c in v["checks"]])
            for v in payload["verdicts"]]


@pytest.fixture(scope="module")
def expected():
    """Today's verdicts on seed 000 from fixtures/adsb (all three supported)."""
    found = _verdicts(run_cli, "--adsb", str(FIXTURES / "adsb"))
    assert [o for _, o, _ in found] == ["supported"] * 3
    return found


def test_seed_claims_from_the_day_tar_match_the_fixtures(cli, day, expected):
    tar, _ = day
    assert _verdicts(cli, "--adsb", str(tar)) == expected


def test_split_parts_read_as_one_tar(cli, day, expected):
    _, parts = day
    assert len(parts) > 3
    assert _verdicts(cli, "--adsb", str(parts[0])) == expected  # the first part brings its siblings
    assert _verdicts(cli, "--adsb", str(parts[0].parent)) == expected  # a folder of parts


def _read(files, sel, **kw):
    frames, report = globe.read([str(f) for f in files], sel, **kw)
    return (pd.concat(frames, ignore_index=True) if frames else None), report


def test_icao24_is_chosen_by_path_without_opening_other_members(day):
    tar, _ = day
    frame, report = _read([tar], selection.Selection([selection.want(icao24=["15F1A7"])]))
    assert report.members == N_GENERATED + 1
    assert report.members_read == 1 and report.members_skipped == N_GENERATED
    direct, _ = adsb.read([str(RA)])
    assert len(frame) == len(direct) == report.rows_read
    assert (frame["time"].to_numpy() == direct["time"].to_numpy()).all()


def test_registration_goes_through_the_aircraft_database(cli, day):
    tar, _ = day
    result = cli("read", str(tar), "--registration", "RA-86559", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    (rep,) = payload["read_report"]
    assert rep["members_read"] == 1 and rep["rows_kept"] == 1528
    assert [a["icao24"] for a in payload["aircraft"]] == ["15f1a7"]


def test_callsign_scan_opens_every_member_in_parallel_and_keeps_one_aircraft(day):
    tar, _ = day
    want = selection.Selection([selection.want(callsigns=["rff7203"])])
    serial, rep1 = _read([tar], want, params=globe.ScanParams(workers=1))
    parallel, rep2 = _read([tar], want, params=globe.ScanParams(workers=2, batch=100, serial_below=0))
    assert rep1.members_read == rep2.members_read == N_GENERATED + 1
    assert set(parallel["icao24"]) == {"15f1a7"}
    pd.testing.assert_frame_equal(serial.sort_values("time").reset_index(drop=True),
                                  parallel.sort_values("time").reset_index(drop=True))


def test_time_window_keeps_rows_inside_and_counts_the_rest(day):
    tar, _ = day
    since = dt.datetime(2023, 7, 31, 16, tzinfo=dt.UTC)
    until = dt.datetime(2023, 7, 31, 18, tzinfo=dt.UTC)
    frame, report = _read([tar], selection.Selection([selection.want(icao24=["15f1a7"], since=since, until=until)]))
    assert frame["time"].min() >= pd.Timestamp(since) and frame["time"].max() <= pd.Timestamp(until)
    assert report.rows_outside_window == 1528 - len(frame) > 0


def test_whole_tar_equals_its_members_read_one_by_one(day, tmp_path):
    tar, _ = day
    frames, report = globe.read([str(tar)], None, params=globe.ScanParams(workers=2, serial_below=0))
    assert report.members_read == N_GENERATED + 1 and report.members_skipped == 0
    whole = pd.concat(frames, ignore_index=True)
    with tarfile.open(tar) as tf:  # pick three generated members and read them as files
        names = [m.name for m in tf.getmembers()][10:13]
        for name in names:
            out = tmp_path / name.split("/")[-1]
            out.write_bytes(tf.extractfile(name).read())
            alone, _ = adsb.read([str(out)])
            icao = out.name[len("trace_full_"):-len(".json")]
            mine = whole[whole["icao24"] == icao].sort_values("time").reset_index(drop=True)
            assert len(mine) == len(alone) > 0
            for col in ("time", "lat", "lon", "alt_ft", "callsign"):
                pd.testing.assert_series_equal(mine[col], alone[col], check_names=False)


def test_truncated_tar_is_one_line_naming_it(cli, day, tmp_path):
    _, parts = day
    broken = tmp_path / "broken.tar"
    broken.write_bytes(parts[0].read_bytes())  # the first part alone, without its siblings' name pattern
    result = cli("read", str(broken))
    assert result.returncode == 2
    assert str(broken) in result.stderr and "truncated tar" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_member_is_counted_not_fatal(tmp_path):
    extra = {"15f1a7": gzip.compress(RA.read_bytes()), "aaaaaa": b"\x1f\x8bnot really gzip", "bbbbbb": gzip.compress(b"{oops")}
    (tar,) = synth.write_globe_tar(tmp_path / "d.tar", 5, dt.date(2023, 7, 31), extra=extra, interval_s=300)
    frame, report = _read([tar], None)
    assert report.rejected_by_reason == {"member not gzip or zlib data": 1, "member not readable as a readsb trace": 1}
    assert "15f1a7" in set(frame["icao24"]) and report.members_read == 8


def test_a_folder_of_days_reads_each_tar(day, tmp_path):
    from tracker.archive import sources

    tar, _ = day
    days = tmp_path / "days"
    days.mkdir()
    (days / "2023-07-31.tar").symlink_to(tar)
    synth.write_globe_tar(days / "2023-08-01.tar", 40, dt.date(2023, 8, 1), seed=5, interval_s=600)
    from tracker.inputs import expand

    want = selection.Selection([selection.want(icao24=["15f1a7"])])
    frame, reports = sources.read(expand([str(days)]), selection=want)
    assert [r.members for r in reports] == [N_GENERATED + 1, 40]
    assert [r.members_read for r in reports] == [1, 0]
    assert set(frame["icao24"]) == {"15f1a7"} and len(frame) == 1528


def test_a_type_only_question_keeps_the_family_and_unknown_types(day):
    tar, _ = day
    want = selection.Selection([selection.Want(typecodes=frozenset({"B737"}), families=frozenset({"B737"}))])
    frame, report = _read([tar], want)
    kept = set(frame["typecode"].dropna())
    assert kept == {"B738"}  # "a Boeing 737" fits a B738 (the matcher's family rule), nothing else
    assert report.members_read == N_GENERATED + 1 and report.members_skipped > N_GENERATED // 2


def test_a_registration_no_database_knows_is_found_in_the_members(day):
    tar, _ = day
    want = selection.Selection([selection.want(registrations=["ra86559"])])  # not resolved to an icao24
    frame, report = _read([tar], want)
    assert set(frame["icao24"]) == {"15f1a7"} and report.members_read == N_GENERATED + 1
