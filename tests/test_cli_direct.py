"""`tracker flights PATH… [--json]` is called without typer's parsing; it must say exactly what
the typer route says — output, stderr and exit code — and anything else must still go through typer."""
from __future__ import annotations

import pytest

from tests.conftest import ROOT, run_cli
from tracker import cli


@pytest.mark.parametrize("args,expected", [
    (["flights", "a.json", "--json"], (["a.json"], True)),
    (["flights", "--json", "a", "b"], (["a", "b"], True)),
    (["flights", "a"], (["a"], False)),
    (["flights"], None),
    (["flights", "--json"], None),
    (["flights", "a", "--json", "--json"], None),
    (["flights", "a", "--now", "2024-01-01"], None),
    (["flights", "a", "--help"], None),
    (["flights", "--", "-a"], None),
    (["read", "a"], None),
])
def test_only_plain_flights_lines_skip_typer(args, expected):
    assert cli._plain_flights(args) == expected


@pytest.mark.parametrize("args", [
    ["flights", str(ROOT / "fixtures/samples/noisy"), "--json"],
    ["flights", str(ROOT / "fixtures/samples/onground")],
    ["flights", str(ROOT / "fixtures/samples/fr24"), str(ROOT / "fixtures/samples/readsb"), "--json"],
    ["flights", str(ROOT / "no-such-folder"), "--json"],
    ["flights", str(ROOT / "README.md"), "--json"],
])
def test_direct_call_says_what_typer_says(args, monkeypatch):
    direct = run_cli(*args)
    monkeypatch.setattr(cli, "_plain_flights", lambda a: None)
    typer_route = run_cli(*args)
    assert (direct.returncode, direct.stdout, direct.stderr) == (typer_route.returncode, typer_route.stdout, typer_route.stderr)


def _entry_route(args: list[str]):
    """`tracker.entry.flights_json` as the entry point runs it, with stdout and stderr captured."""
    import sys

    from typer.testing import CliRunner

    from tracker import entry

    with CliRunner().isolation(env={"COLUMNS": "200", "NO_COLOR": "1"}) as (stdout, stderr, _):
        code = entry.flights_json(args)
        sys.stdout.flush()
        sys.stderr.flush()
        return code, stdout.getvalue().decode(), stderr.getvalue().decode()


@pytest.mark.parametrize("args", [
    ["flights", str(ROOT / "fixtures/samples/noisy"), "--json"],
    ["flights", "--json", str(ROOT / "fixtures/samples/fr24"), str(ROOT / "fixtures/samples/readsb")],
    ["flights", str(ROOT / "no-such-folder"), "--json"],
    ["flights", str(ROOT / "README.md"), "--json"],
])
def test_entry_route_says_what_typer_says(args, monkeypatch):
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    entry = _entry_route(args)
    monkeypatch.setattr(cli, "_plain_flights", lambda a: None)
    typer_route = run_cli(*args)
    assert entry == (typer_route.returncode, typer_route.stdout, typer_route.stderr)


@pytest.mark.parametrize("args", [["flights", "a"], ["flights", "a", "--now", "x", "--json"], ["read", "a", "--json"]])
def test_entry_route_leaves_other_lines_to_the_cli(args):
    from tracker import entry

    assert entry.flights_json(args) is None


def test_entry_route_loads_neither_typer_nor_rich():
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "tracker.cli", "flights",
                           str(ROOT / "fixtures/samples/noisy"), "--json"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.startswith("{")
    loaded = [line.split("|")[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")]
    assert "tracker.flights.segment" in loaded
    assert not [m for m in loaded if m.split(".")[0] in ("typer", "rich", "click")]
