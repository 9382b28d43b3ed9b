"""Terminal and CLI defects of issue 13, one test each: readable at 80 columns, Cyrillic JSON,
--version and -h, flags shown as flags, a reason said once, one way of writing times."""
from __future__ import annotations

import os
import re
import subprocess
import sys

from conftest import ROOT, SEEDS, run_cli

from tracker.model import Check
from tracker.output.report import _check_line, check_reason


def _run(*args: str, columns: int) -> subprocess.CompletedProcess:
    env = dict(os.environ, COLUMNS=str(columns), NO_COLOR="1")
    return subprocess.run([sys.executable, "-m", "tracker.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=300, check=False)


def test_corroborate_table_fits_80_columns_without_a_word_per_line():
    run = _run("corroborate", str(SEEDS / "000_b336a2b47a6b8ba1.txt"), columns=80)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert any("Рейс RFF7203 вилетів з Москви" in line for line in lines)  # the quote wraps by words, not per word
    assert "supported" in run.stdout and "departure: supported" in run.stdout


def test_wide_terminal_keeps_every_column():
    run = _run("corroborate", str(SEEDS / "000_b336a2b47a6b8ba1.txt"), columns=200)
    head = next(line for line in run.stdout.splitlines() if "deciding numbers" in line)
    assert "matched" in head and "quote" in head


def test_json_keeps_cyrillic_readable():
    run = run_cli("extract", str(SEEDS / "000_b336a2b47a6b8ba1.txt"), "--json")
    assert run.returncode == 0, run.stderr
    assert "Москви" in run.stdout and not re.search(r"\\u04[0-9a-f]{2}", run.stdout)


def test_version_and_short_help():
    from tracker import __version__

    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.strip() == f"tracker {__version__}"
    for args in (("-h",), ("corroborate", "-h"), ("read", "-h")):
        run = run_cli(*args)
        assert run.returncode == 0 and "Usage" in run.stdout, args


def test_help_shows_flags_as_flags():
    run = run_cli("corroborate", "--help")
    assert "--json" in run.stdout and "<bool>" not in run.stdout
    json_line = next(line for line in run.stdout.splitlines() if "--json" in line)
    assert "Print JSON" in json_line
    assert "<path>" in run.stdout  # options that take a value still say what


def test_a_contradicted_reason_is_printed_once():
    claimed = "2023-07-30T21:00:00Z–2023-07-31T21:00:00Z (Moscow time 31 Jul 00:00–01 Aug 00:00)"
    observed = "takeoff 2023-08-02T13:07:05Z at ZKPY (0.1 km)"
    check = Check("departure", "contradicted", claimed, observed, delta="40 h 07 min after the claimed latest",
                  tolerance="±30 min", reason=f"claimed {claimed}; observed {observed} (widened across a coverage gap)")
    line = _check_line(check)
    assert line.count(claimed) == 1 and line.count(observed) == 1
    assert line.endswith("— widened across a coverage gap")
    plain = Check("departure", "contradicted", claimed, observed, reason=f"claimed {claimed}; observed {observed}")
    assert check_reason(plain) is None and "—" not in _check_line(plain)
    other = Check("origin", "contradicted", "Москви", "ZKPY", reason="flight X took off from ZKPY")
    assert check_reason(other) == "flight X took off from ZKPY"


def test_read_table_writes_times_one_way():
    run = run_cli("read", str(ROOT / "fixtures" / "samples" / "readsb"), str(ROOT / "fixtures" / "samples" / "fr24"))
    assert run.returncode == 0, run.stderr
    times = re.findall(r"\d{4}-\d\d-\d\dT[\d:.]+Z", run.stdout)
    assert len(times) >= 6 and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", t) for t in times), times
