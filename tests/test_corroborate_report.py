"""The corroboration report: rich table per article, Markdown, CSV of the field checks."""
from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from rich.console import Console

from support.corroborate_world import august, claim, seed000, table_for, W
from tracker.output import report
from tracker.corroborate import corroborate
from tracker.errors import TrackerError
from tracker.model import Article


@pytest.fixture
def world():
    docs = [Article(id="000", text="…", language="uk", published=dt.date(2023, 8, 8)),
            Article(id="002", text="…", language="uk", published=dt.date(2023, 9, 13))]
    claims = seed000() + [claim("000-4", callsign="RFF7203", arrival=W("2023-08-02T00:00Z", "2023-08-02T06:00Z"),
                                quote="Bad [bold]markup[/] | pipe <script>alert(1)</script>")]
    verdicts = corroborate(claims, august(), table_for(august()))
    return docs, {"000": claims, "002": []}, verdicts


def test_terminal_table_groups_by_article_with_outcome_and_numbers(world):
    docs, found, verdicts = world
    console = Console(file=io.StringIO(), width=250, color_system=None)
    report.print_verdicts(console, docs, found, verdicts)
    text = console.file.getvalue()
    assert "000 (uk, published 2023-08-08): 4 claim(s)" in text
    assert "002" in text and "no flight claims found: nothing checkable" in text
    assert "observed landing 2023-08-01T00:25:00Z at ZKPY" in text  # deciding numbers
    assert "contradicted" in text and "supported" in text
    assert "Bad [bold]markup[/]" in text  # article text is shown literally, not as rich markup
    assert "claims: 3 supported, 1 contradicted, 0 inconclusive, 0 no-data" in text


def test_markdown_report_escapes_untrusted_text(world):
    docs, found, verdicts = world
    md = report.markdown(docs, found, verdicts)
    assert md.startswith("# Corroboration report")
    assert "## 000 (uk, published 2023-08-08)" in md and "## 002" in md
    assert "<script>" not in md and "&lt;script&gt;" in md
    assert "markup[/] \\| pipe" in md  # a pipe cannot break the table
    row = next(line for line in md.splitlines() if line.startswith("| 000-4 "))
    assert row.count(" | ") == 3 and "**contradicted**" in row
    assert "  - arrival: contradicted; claimed 2023-08-02T00:00:00Z" in md


def test_checks_csv_has_one_row_per_field_check(world, tmp_path):
    _, _, verdicts = world
    nothing = corroborate([claim("x", trip=None, quote="It happened a week later")], august(), table_for(august()))
    path = tmp_path / "checks.csv"
    report.write_checks_csv(path, verdicts + nothing)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert list(rows[0]) == list(report.CHECK_COLUMNS)
    assert len(rows) == sum(len(v.checks) for v in verdicts) + 1
    last = rows[-1]
    assert (last["claim_id"], last["field"], last["outcome"]) == ("x", "", "inconclusive")
    assert last["reason"].startswith("nothing checkable")
    arrival = next(r for r in rows if r["claim_id"] == "000-1" and r["field"] == "arrival")
    assert arrival["outcome"] == "supported" and arrival["tolerance"] == "inside the claimed interval; ±30 min to refute"


def test_checks_csv_to_an_unwritable_place_is_a_tracker_error(world, tmp_path):
    with pytest.raises(TrackerError, match="cannot write CSV"):
        report.write_checks_csv(tmp_path / "missing-dir" / "checks.csv", world[2])


def test_json_payload_keeps_per_field_checks(world):
    from tracker.model import to_json
    payload = to_json(report.verdicts_payload(world[2]))
    first = payload["verdicts"][0]
    assert first["outcome"] == "supported" and first["checks"][0]["field"] == "destination"
    assert first["flight"]["id"] == "out"


def test_checks_csv_cannot_smuggle_a_spreadsheet_formula(tmp_path):
    from tracker.model import Place
    evil = claim("e", callsign="RFF7203", destination=Place("=HYPERLINK(\"http://x\")", ["ZKPY"], "KP"))
    path = tmp_path / "checks.csv"
    report.write_checks_csv(path, corroborate([evil], august(), table_for(august())))
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    claimed = next(r["claimed"] for r in rows if r["field"] == "destination")
    assert claimed.startswith("'=HYPERLINK")
