"""`tracker corroborate` as a user runs it: the default run, the report formats, --fail-on."""
from __future__ import annotations

import csv
import json

import pytest

from conftest import FIXTURES, SEEDS


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "maps").mkdir()  # the default run writes its maps here, not into the checkout
    return tmp_path


def test_default_run_supports_seeds_000_and_001_and_finds_nothing_checkable_in_the_rest(cli, workdir):
    result = cli("corroborate", cwd=workdir)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for seed in ("002_", "003_", "004_"):
        line = next(l for l in out.splitlines() if l.startswith(seed))
        assert line.endswith("no flight claims found: nothing checkable")
    assert " 0 contradicted, 0 inconclusive, 0 no-data" in out
    assert "observed" in out and "ZKPY" in out  # the deciding numbers are shown (JSON test checks them exactly)
    assert (workdir / "maps" / "index.html").exists()


def test_default_run_json_and_csv(cli, workdir):
    result = cli("corroborate", "--json", "--csv", str(workdir / "checks.csv"), cwd=workdir)
    assert result.returncode == 0, result.stderr
    verdicts = json.loads(result.stdout)["verdicts"]
    articles = {v["article"][:3] for v in verdicts}
    assert articles == {"000", "001"}
    assert {v["outcome"] for v in verdicts} == {"supported"}
    # "left Moscow and arrived on Tuesday morning": one time for both ends, checked as the movement
    arrivals = [c for v in verdicts for c in v["checks"] if c["field"] == "movement" and "05:00" in c["claimed"]]
    assert arrivals and "landing 2023-09-26T01:" in arrivals[0]["observed"]  # Tuesday morning, Pyongyang
    assert arrivals[0]["weak"] and arrivals[0]["basis"] == "loose time binding"
    rows = list(csv.DictReader((workdir / "checks.csv").open(encoding="utf-8")))
    assert len(rows) == sum(len(v["checks"]) for v in verdicts) and {r["outcome"] for r in rows} == {"supported"}


def test_markdown_and_fail_on_contradicted_with_a_counterfactual(cli, workdir):
    scenario = FIXTURES / "scenarios" / "short-stay"
    tracks = [str(p) for p in sorted(scenario.iterdir()) if p.name != "expected.json"]
    seeds = [str(p) for p in sorted(SEEDS.glob("00[01]_*.txt"))]
    args = ["corroborate", *seeds, *sum((["--adsb", t] for t in tracks), [])]
    md = cli(*args, "--markdown", cwd=workdir)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Corroboration report") and "dwell: contradicted" in md.stdout
    failing = cli(*args, "--fail-on", "contradicted", cwd=workdir)
    assert failing.returncode == 1 and "contradicted" in failing.stdout


def test_json_counts_outcomes_and_lists_every_article_read(cli):
    import json

    result = cli("corroborate", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert sum(payload["summary"].values()) == len(payload["verdicts"])
    assert payload["summary"]["supported"] == sum(v["outcome"] == "supported" for v in payload["verdicts"])
    by_id = {a["id"]: a["claims"] for a in payload["articles"]}
    assert len(by_id) == 5
    assert by_id["002_5a34058cff188202"] == 0 and by_id["000_b336a2b47a6b8ba1"] > 0


def test_default_run_names_bundled_files_relative_to_the_checkout(cli, tmp_path):
    """Reports and committed maps must not carry this machine's absolute paths."""
    import json

    from conftest import ROOT

    payload = json.loads(cli("corroborate", "--json", "--map", str(tmp_path / "maps" / "index.html"), cwd=ROOT).stdout)
    sources = {s for v in payload["verdicts"] if v["flight"] for s in v["flight"]["source"]}
    assert sources and all(s.startswith("fixtures/adsb/") for s in sources)
