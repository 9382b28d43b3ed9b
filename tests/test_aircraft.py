"""Aircraft database: bundled CSV, OpenSky aircraftDatabase.csv, tar1090-db; the file's identity wins."""
from __future__ import annotations

import pytest

from tracker import adsb
from tracker.adsb import aircraft
from tracker.errors import TrackerError

from conftest import FIXTURES

FORMATS = FIXTURES / "formats"


def test_bundled_database_has_the_sample_aircraft():
    db = aircraft.load()
    assert db.loc["4baac6", ["registration", "typecode"]].tolist() == ["TC-JVF", "B738"]
    assert db.loc["4b1901", ["registration", "typecode"]].tolist() == ["HB-JMF", "A343"]
    assert db.loc["ac671b", ["registration", "typecode", "operator"]].tolist() == ["N899DN", "B739", "Delta Air Lines"]


def test_opensky_database_fills_identity_the_file_lacks():
    # the Mode S messages carry no registration: it comes from the user's OpenSky database
    table, _ = adsb.read([str(FORMATS / "modes_messages.jsonl")], aircraft_db=[str(FORMATS / "aircraftDatabase.csv")])
    assert set(zip(table["registration"], table["typecode"])) == {("D-AIBD", "A319")}


def test_later_database_wins_and_tar1090_gz_is_read():
    table, _ = adsb.read([str(FORMATS / "modes_messages.jsonl")],
                         aircraft_db=[str(FORMATS / "aircraftDatabase.csv"), str(FORMATS / "tar1090_aircraft.csv.gz")])
    assert set(table["registration"]) == {"D-AIBE"}


def test_identity_in_the_file_wins_over_any_database(tmp_path):
    # aircraftDatabase.csv says 4baac6 is TC-XXX; the FR24 file itself says TC-JVF
    table, _ = adsb.read([str(FIXTURES / "samples" / "fr24" / "372355e5.json")],
                         aircraft_db=[str(FORMATS / "aircraftDatabase.csv")])
    assert set(table["registration"]) == {"TC-JVF"}


def test_bad_database_is_a_clear_error(tmp_path):
    junk = tmp_path / "db.csv"
    junk.write_text("hello world\n1 2 3\n")
    with pytest.raises(TrackerError, match="db.csv: not an aircraft database"):
        aircraft.load([str(junk)])
    with pytest.raises(TrackerError, match="missing.csv"):
        aircraft.load([str(tmp_path / "missing.csv")])


def test_bundled_data_is_found_from_a_folder_with_its_own_fixtures_and_seeds(tmp_path, monkeypatch):
    """The package's own database and default inputs never come from the working directory."""
    from tracker.paths import bundled

    (tmp_path / "fixtures" / "adsb").mkdir(parents=True)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "fixtures" / "aircraft.csv").write_text("icao24,registration\n")
    monkeypatch.chdir(tmp_path)
    assert aircraft.load().loc["15f1a7", "registration"] == "RA-86559"
    for name in ("seeds", "fixtures/adsb"):
        found = bundled(name)
        assert found.is_absolute() and found.resolve() != (tmp_path / name).resolve()
        assert any(found.iterdir())


def test_installed_without_a_checkout_the_default_inputs_come_from_the_package(tmp_path, monkeypatch):
    """A wheel has no checkout beside it: `bundled` then names the copies the build put in
    tracker/data/demo/ (setup.py; scripts/check_wheel.sh runs the real wheel in CI)."""
    from tracker import paths

    monkeypatch.setattr(paths, "PROJECT_DIR", tmp_path)  # no pyproject.toml, no seeds/ here
    assert paths.bundled("seeds") == paths.data("demo/seeds")
    assert paths.bundled("fixtures/adsb") == paths.data("demo/adsb")
    assert paths.data("demo/adsb").parent.parent == paths.PACKAGE_DIR / "data"


def test_the_build_copies_the_folders_bundled_looks_for():
    import ast

    from conftest import ROOT
    from tracker import paths

    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    demo = next(ast.literal_eval(n.value) for n in tree.body
                if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", None) == "DEMO")
    assert demo == paths.DEMO
    assert all((ROOT / folder).is_dir() for folder in demo)
