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
