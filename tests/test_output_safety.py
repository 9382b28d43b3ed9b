"""Issue 10 items 6 and 7: outputs never replace a user's file, never follow a symlink, never
carry control characters to a terminal or into XML; "in the future" is measured against a
reference the user can set and the report states, so a rerun gives the same rows."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path
import xml.etree.ElementTree as ET

import pytest
from rich.table import Table

from conftest import FIXTURES
from support.maps_sample import sample
from tracker import adsb
from tracker.errors import TrackerError
from tracker.output import files
from tracker.output.export import write_kml
from tracker.output.maps import write_maps
from tracker.output.terminal import SafeConsole

TRACE = FIXTURES / "formats" / "readsb_trace_recent.json"


def test_a_users_file_is_not_replaced_without_force(tmp_path):
    result, table, _ = sample()
    mine = tmp_path / "index.html"
    mine.write_text("my notes")
    with pytest.raises(TrackerError, match="not written by tracker.*--force"):
        write_maps(mine, result, table)
    assert mine.read_text() == "my notes"
    with files.session(force=True):
        write_maps(mine, result, table)
    assert mine.read_text() != "my notes" and files.written_by_tracker(mine)


def test_the_tools_own_files_are_replaced_on_a_rerun(tmp_path):
    result, table, _ = sample()
    first = write_maps(tmp_path / "index.html", result, table)
    again = write_maps(tmp_path / "index.html", result, table)
    assert first == again and len(first) >= 2
    manifest = json.loads((tmp_path / files.MANIFEST).read_text())
    assert set(manifest["files"]) == {p.name for p in first}


def test_a_user_file_named_like_a_trip_page_is_kept(tmp_path):
    result, table, _ = sample()
    pages = write_maps(tmp_path / "a" / "index.html", result, table)
    trip = pages[0].name
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / trip).write_text("mine")
    with pytest.raises(TrackerError, match=trip):
        write_maps(tmp_path / "b" / "index.html", result, table)
    assert (tmp_path / "b" / trip).read_text() == "mine"


def test_overview_named_like_a_trip_page_is_refused_not_silently_merged(tmp_path):
    result, table, _ = sample()
    trip = write_maps(tmp_path / "probe" / "index.html", result, table)[0].name
    with files.session(), pytest.raises(TrackerError, match="written twice"):
        write_maps(tmp_path / trip, result, table)


@pytest.mark.parametrize("dangling", [False, True])
def test_symlinked_targets_are_refused_even_with_force(tmp_path, dangling):
    victim = tmp_path / "victim.txt"
    if not dangling:
        victim.write_text("precious")
    link = tmp_path / "checks.csv"
    link.symlink_to(victim)
    for force in (False, True):
        with pytest.raises(TrackerError, match="symbolic link"):
            files.check(link, force=force)
    with files.session(force=True), pytest.raises(TrackerError, match="symbolic link"):
        files.write_text(link, "x")
    assert victim.exists() != dangling and (dangling or victim.read_text() == "precious")


def test_cli_refuses_a_symlinked_map_before_any_work(cli, tmp_path):
    victim = tmp_path / "mine.html"
    victim.write_text("precious")
    (tmp_path / "map.html").symlink_to(victim)
    run = cli("map", str(TRACE), "--out", str(tmp_path / "map.html"), "--force")
    assert run.returncode == 2 and "symbolic link" in run.stderr and "Traceback" not in run.stderr
    assert victim.read_text() == "precious"


def test_unwritable_folder_is_refused_before_work(tmp_path, monkeypatch):
    """A read-only folder is refused before any work. Root may write anywhere, so the test asks
    the system's own answer for a folder made read-only, and, where that answer is "writable"
    (root), has os.access answer as it would for any other user."""
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            real = os.access
            monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == folder else real(p, mode, **kw))
        with pytest.raises(TrackerError, match="not writable"):
            files.check(folder / "out.csv")
    finally:
        folder.chmod(0o700)


def test_kml_strips_characters_xml_forbids(tmp_path):
    result, table, _ = sample(registration="RA-\x1b]0;x\x07865\x0059")
    path = write_kml(tmp_path / "out.kml", result, table)
    root = ET.parse(path).getroot()  # raises on a control character
    text = "".join(root.itertext())
    assert "\x1b" not in text and "RA-]0;x86559" in text


def test_safe_console_shows_control_characters_as_text():
    buf = io.StringIO()
    console = SafeConsole(file=buf, force_terminal=True, color_system="standard", width=120)
    table = Table()
    table.add_column("callsign")
    table.add_row("AB\x1b]0;owned\x07C\x9b2J")
    console.print(table)
    console.print("[bold]styled[/] \x1b[2J")
    out = buf.getvalue()
    assert "\\x1b]0;owned" in out and "\\x9b2J" in out and out.count("\\x1b") == 2
    assert "\x1b]" not in out and "\x9b" not in out and "\x1b[2J" not in out
    assert "\x1b[1m" in out  # rich's own styling still reaches the terminal


def test_read_cli_output_has_no_control_characters(cli, tmp_path):
    doc = json.loads(TRACE.read_text())
    doc["r"], doc["t"] = "RA-\x1b]2;pwned\x07X", "\x1b[2JIL62"
    path = tmp_path / "trace\x1b[2J.json"
    path.write_text(json.dumps(doc))
    run = cli("read", str(path))
    assert run.returncode == 0, run.stderr
    assert "\x1b" not in run.stdout and "\x1b" not in run.stderr and "\\x1b[2J" in run.stdout


# --------------------------------------------------------------------------- the clock (item 7)

def _trace_ending_at(tmp_path, end):
    doc = json.loads(TRACE.read_text())
    doc["timestamp"] = end.timestamp() - doc["trace"][-1][0]
    path = tmp_path / "trace.json"
    path.write_text(json.dumps(doc))
    return path


def test_future_is_measured_against_now_option_and_stated():
    import datetime as dt

    _, before = adsb.read([str(TRACE)], now=dt.datetime(2023, 11, 15, tzinfo=dt.timezone.utc))
    _, after = adsb.read([str(TRACE)], now=dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc))
    assert before[0].reference_from == "--now" and before[0].reference_time == "2023-11-15T00:00:00Z"
    assert after[0].rejected_by_reason.get("impossible timestamp", 0) > before[0].rejected_by_reason.get("impossible timestamp", 0)


def test_default_reference_is_the_files_own_time_so_reruns_agree(tmp_path):
    import datetime as dt

    path = _trace_ending_at(tmp_path, dt.datetime(2024, 1, 10, tzinfo=dt.timezone.utc))
    saved = dt.datetime(2024, 1, 9, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(path, (saved, saved))  # saved half a day before its last point: that point is 12 h "ahead", kept
    runs = [adsb.read([str(path)])[1][0] for _ in range(2)]
    assert runs[0].reference_from == "file modified" and runs[0].reference_time == "2024-01-09T12:00:00Z"
    assert runs[0] == runs[1]
    os.utime(path, (0, 0))  # 1970: no trustworthy time of its own
    report = adsb.read([str(path)])[1][0]
    assert report.reference_from == "run start"


def test_read_report_states_the_reference_in_json(cli):
    run = cli("read", str(TRACE), "--json", "--now", "2023-11-15T00:00Z")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)["read_report"][0]
    assert report["reference_time"] == "2023-11-15T00:00:00Z" and report["reference_from"] == "--now"
    table = cli("read", str(TRACE), "--now", "2023-11-15T00:00Z")
    assert "more than a day after 2023-11-15T00:00:00Z (--now)" in table.stdout
    bad = cli("read", str(TRACE), "--now", "yesterday")
    assert bad.returncode == 2 and "--now" in bad.stderr
