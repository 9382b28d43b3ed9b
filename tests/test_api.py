"""The Python API for notebooks: flexible inputs, typed frames, readable reprs, one error tree."""
from __future__ import annotations

from pathlib import Path

import folium
import pandas as pd
import pytest

import tracker
from conftest import FIXTURES, SEEDS

ADSB = FIXTURES / "adsb"
TRACE = ADSB / "trace_full_15f1a7_2023-07-31.json"


@pytest.fixture(scope="module")
def run():
    table, _ = tracker.read_tracks(ADSB)
    result = tracker.detect(table)
    docs = tracker.load_articles(SEEDS)
    claims = [c for doc in docs for c in tracker.extract(doc)]
    return table, result, docs, tracker.corroborate_claims(claims, result, table)


def test_every_public_name_resolves():
    for name in tracker.__all__:
        assert getattr(tracker, name) is not None, name


@pytest.mark.parametrize("given", [str(TRACE), TRACE, [TRACE], (str(TRACE),), iter([TRACE])])
def test_read_takes_a_str_a_path_or_an_iterable(given):
    table, reports = tracker.read_tracks(given)
    assert [r.file for r in reports] == [str(TRACE)]  # one file, not one per character
    assert len(table) == reports[0].rows_kept > 0


def test_read_and_load_take_a_folder():
    _, reports = tracker.read_tracks(str(ADSB))
    assert sorted(Path(r.file).name for r in reports) == sorted(p.name for p in ADSB.iterdir())
    docs = tracker.load_articles(SEEDS)
    assert sorted(d.id for d in docs) == sorted(p.stem for p in SEEDS.glob("*.txt"))  # META.json is not an article
    assert [d.id for d in tracker.load_articles(sorted(SEEDS.glob("*.txt"))[0])] == [sorted(SEEDS.glob("*.txt"))[0].stem]


def test_missing_inputs_are_input_errors_under_tracker_error(tmp_path):
    with pytest.raises(tracker.InputError, match="no such file"):
        tracker.read_tracks(tmp_path / "missing.json")
    with pytest.raises(tracker.TrackerError):
        tracker.load_articles(tmp_path / "missing.txt")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 not a track")
    with pytest.raises(tracker.FormatError, match="not a known ADS-B track format"):
        tracker.read_tracks(junk)
    assert issubclass(tracker.NetworkError, tracker.TrackerError)


def test_frames_have_typed_columns(run):
    table, result, _, verdicts = run
    flights = result.flights.to_frame()
    assert len(flights) == len(result.flights)
    assert str(flights["takeoff_earliest"].dtype) == "datetime64[us, UTC]"
    assert flights["points"].dtype == "Int64" and flights["origin"].dtype == "string"
    assert flights["points"].sum() == sum(f.points for f in result.flights)
    stays = result.stays.to_frame()
    assert stays["dwell_hours_min"].dtype == "Float64" and stays["inferred"].dtype == "boolean"
    assert stays["airport"].tolist() == [s.airport.icao for s in result.stays]
    frame = verdicts.to_frame()
    assert isinstance(frame["outcome"].dtype, pd.CategoricalDtype)
    assert frame["outcome"].tolist() == [v.outcome for v in verdicts]
    checks = verdicts.checks_frame()
    assert len(checks) == sum(len(v.checks) for v in verdicts)
    assert set(checks["claim_id"]) <= set(frame["claim_id"]) and checks["field"].dtype == "string"


def test_empty_results_still_give_typed_frames():
    empty = tracker.FlightsResult()
    assert list(empty.flights.to_frame().columns)[:2] == ["id", "icao24"]
    assert str(empty.stays.to_frame()["arrival_earliest"].dtype) == "datetime64[us, UTC]"
    assert tracker.Verdicts().checks_frame().empty


def test_reprs_are_short_and_say_what_it_is(run):
    _, result, docs, verdicts = run
    assert repr(result).startswith(f"FlightsResult({len(result.flights)} flights")
    flight = repr(result.flights[0])
    assert "RA-86559" in flight and "UUMU→ZKPY" in flight and len(flight) < 300
    body = docs[0].text[-200:]  # the title may open the text; the body never enters the repr
    assert body not in repr(docs[0]) and f"{len(docs[0].text):,} chars" in repr(docs[0]) and len(repr(docs[0])) < 300
    assert repr(verdicts[0]).startswith(f"Verdict({verdicts[0].claim_id!r} {verdicts[0].outcome}")
    assert "at ZKPY" in repr(result.stays[1])


def test_build_map_is_a_guarded_folium_map(run):
    table, result, _, verdicts = run
    m = tracker.build_map(result, table, verdicts)
    assert isinstance(m, folium.Map)
    assert "RA-86559" in m._repr_html_()
    trip = tracker.build_map(result, table, verdicts, trip=0)
    folium.FeatureGroup(name="{{7*7}}").add_to(trip)  # a caller's own layer with template syntax
    with pytest.raises(RuntimeError, match="template"):
        trip._repr_html_()


def test_import_tracker_is_light():
    """`import tracker` (and so the CLI's startup) loads no pandas or folium until a stage is used."""
    import subprocess
    import sys

    code = "import sys, tracker; print(sorted(m for m in ('pandas', 'folium', 'numpy') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
