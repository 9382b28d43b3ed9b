"""The evidence package (`tracker report`): one offline HTML file, checked in headless Chromium,
and the rows every time check cites, in the HTML and in the JSON.

The browser fails a test on any request that is not a file: URL and on any console error;
the seeds' report is screenshotted into test-output/ (gitignored) for a person to look at.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import ROOT, run_cli
from support.maps_sample import sample
from test_maps_browser import (  # noqa: F401  (the browser fixture too)
    CHROMIUM,
    HOSTILE,
    PAYLOADS,
    SHOTS,
    Page,
    browser,
)

from support.servers import QuietHTTPServer
from tracker import evidence
from tracker.model import Article, Claim, FlightsResult
from tracker.output import html_report

TIME_FIELDS = ("departure", "arrival", "movement", "dwell", "origin", "destination")  # every takeoff/landing/stay check


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    run = run_cli("report", "--out", str(out))
    assert run.returncode == 0, run.stderr
    as_json = run_cli("corroborate", "--json", cwd=out.parent)
    assert as_json.returncode == 0, as_json.stderr
    return out, json.loads(as_json.stdout)


def test_every_time_check_in_the_json_names_its_rows(seeds_report):
    _, payload = seeds_report
    timed = [(v, c) for v in payload["verdicts"] for c in v["checks"]
             if c["field"] in TIME_FIELDS and c["outcome"] != "no-data"]
    assert timed, "the seeds have time checks"
    for verdict, check in timed:
        rows = check["rows"]
        assert rows, (verdict["claim_id"], check["field"])
        sides = {(r["event"], r["side"]) for r in rows}
        events = {"departure": {"takeoff"}, "arrival": {"landing"}, "dwell": {"takeoff", "landing"},
                  "movement": {"takeoff", "landing"}, "origin": {"takeoff"}, "destination": {"landing"}}[check["field"]]
        for event in events:  # a point before and after each event it compared
            assert (event, "before") in sides and (event, "after") in sides, (verdict["claim_id"], check["field"], sides)
        for row in rows:
            assert row["file"] and row["line"] >= 1 and row["time"].endswith("Z")
            assert "alt_ft" in row and "on_ground" in row


def test_cited_rows_are_the_rows_in_the_raw_file(seeds_report):
    """A reader can find each cited point in the file at the line given (OpenSky CSV: lastposupdate)."""
    _, payload = seeds_report
    rows = [r for v in payload["verdicts"] for c in v["checks"] for r in c["rows"] if r["file"].endswith(".csv")]
    assert rows
    for row in rows:
        line = (ROOT / row["file"]).read_text(encoding="utf-8").splitlines()[row["line"] - 1].split(",")
        assert abs(float(line[2]) - row["lat"]) < 1e-6 and abs(float(line[3]) - row["lon"]) < 1e-6
    # before a takeoff it was on the ground, after it in the air
    takeoffs = [r for r in rows if r["event"] == "takeoff"]
    assert any(r["side"] == "before" and r["on_ground"] for r in takeoffs)
    assert any(r["side"] == "after" and r["on_ground"] is False for r in takeoffs)


def test_rows_around_a_window_take_the_points_either_side():
    import datetime as dt

    import pandas as pd

    from tracker.model import TimeWindow

    t0 = pd.Timestamp("2024-01-01T10:00:00Z")
    frame = pd.DataFrame({"time": [t0 + pd.Timedelta(minutes=m) for m in range(6)], "source": "f.csv",
                          "line": pd.array([2, 3, 4, 5, 6, 7], dtype="Int64"), "alt_ft": [0, 0, 0, 500, 1500, 3000.0],
                          "on_ground": [True, True, True, False, False, False], "lat": 1.0, "lon": 2.0})
    window = TimeWindow(dt.datetime(2024, 1, 1, 10, 2, 30, tzinfo=dt.UTC), dt.datetime(2024, 1, 1, 10, 3, tzinfo=dt.UTC))
    rows = evidence.rows_around(frame, window, "takeoff")
    assert [(r.side, r.line, r.on_ground) for r in rows] == [("before", 4, True), ("after", 5, False)]
    open_start = evidence.rows_around(frame, TimeWindow(None, window.latest), "takeoff")
    assert [r.side for r in open_start] == ["inside"] * 3 + ["after"]  # nothing bounds it before: no "before" row


@pytest.fixture
def page(browser):  # noqa: F811
    p = Page(browser)
    yield p
    p.context.close()


def _open(page: Page, path: Path):
    p = page.page
    p.goto(path.resolve().as_uri())
    for frame in p.frames[1:]:
        frame.wait_for_selector(".leaflet-overlay-pane path", state="attached")
    return p


def test_seeds_report_opens_offline_with_maps_quotes_checks_and_provenance(page, seeds_report):
    path, payload = seeds_report
    p = _open(page, path)
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SHOTS.parent / "report.png"))
    text = p.locator("body").inner_text()
    n = len(payload["verdicts"])
    assert p.locator("div.claim").count() == n and p.locator("div.claim mark").count() == n
    # each highlighted span is exactly the claim's quote
    marks = p.locator("div.claim mark").all_inner_texts()
    assert sorted(marks) == sorted(v["quote"] for v in payload["verdicts"])
    assert p.locator("table.checks tr.check").count() == sum(len(v["checks"]) for v in payload["verdicts"])
    assert p.locator("table.rows").count() == sum(1 for v in payload["verdicts"] for c in v["checks"] if c["rows"])
    assert "Flights (" in text and "Ground stays (" in text
    # provenance: every input file with its SHA-256
    import hashlib

    seed = ROOT / "seeds" / "000_b336a2b47a6b8ba1.txt"
    assert hashlib.sha256(seed.read_bytes()).hexdigest() in text
    assert "aircraft.csv" in text and "tracker 0." in text
    frames = p.frames[1:]
    assert len(frames) >= 1 and all(f.locator(".leaflet-overlay-pane path").count() > 0 for f in frames)
    page.assert_clean()


def _hostile_inputs() -> tuple[list[Article], dict[str, list[Claim]], list, FlightsResult, object]:
    result, table, verdicts = sample(callsign=HOSTILE, registration=HOSTILE, quote=HOSTILE, article=HOSTILE)
    text = f"Intro {HOSTILE}.\n{HOSTILE}\nOutro."
    start = text.index("\n") + 1
    doc = Article(id=HOSTILE, text=text, language="en", source=f"/data/{HOSTILE}.txt", title=HOSTILE, outlet=HOSTILE)
    claim = Claim(id="c1", article=HOSTILE, span=(start, start + len(HOSTILE)), quote=HOSTILE, callsign=HOSTILE,
                  attributed_to=[HOSTILE], notes=[HOSTILE])
    for v in verdicts:
        for c in v.checks:
            c.reason = HOSTILE
    return [doc], {HOSTILE: [claim]}, verdicts, result, table


def test_hostile_text_in_the_report_is_shown_not_run(page, tmp_path):
    docs, found, verdicts, result, table = _hostile_inputs()
    path = html_report.write(tmp_path / "report.html", docs, found, verdicts, result, table, [])[0]
    html = path.read_text(encoding="utf-8")
    assert "<img src=x" not in html and "<svg onload" not in html
    p = _open(page, path)
    assert p.evaluate("() => window.pwned") is None
    for frame in p.frames[1:]:
        assert frame.evaluate("() => window.pwned") is None
    shown = p.locator("body").inner_text()
    for payload in PAYLOADS:
        assert payload in shown, payload
    assert p.locator("img[src=x], svg[onload]").count() == 0
    page.assert_clean()


def test_the_report_allows_only_the_maps_own_scripts(tmp_path):
    """The policy lists a hash per inlined map script and nothing else runs (srcdoc frames inherit it)."""
    docs, found, verdicts, result, table = _hostile_inputs()
    html = html_report.write(tmp_path / "r.html", docs, found, verdicts, result, table, [])[0].read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy.split("script-src", 1)[1]
    assert "connect-src" not in policy  # falls back to default-src 'none': no request of any kind


def test_url_article_provenance_saves_the_page_text(tmp_path):
    import datetime as dt

    doc = Article(id="russian-vip-jet", text="The Il-62M landed in Pyongyang.", source="http://127.0.0.1:1/a.html",
                  fetched=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC))
    written = html_report.write(tmp_path / "r.html", [doc], {}, [], FlightsResult(), None, [])
    saved = tmp_path / "r_sources" / "russian-vip-jet.txt"
    assert saved in written and saved.read_text(encoding="utf-8") == doc.text
    html = written[0].read_text(encoding="utf-8")
    assert "http://127.0.0.1:1/a.html" in html and "2024-01-02T03:04:05Z" in html and "r_sources/russian-vip-jet.txt" in html


def test_corroborate_report_from_a_url_saves_the_page_text_beside_it(tmp_path):
    """`corroborate --report` with an article served over HTTP (a local server): the report names the
    URL and fetch time, links the saved text, and the article's id comes from the page title."""
    import http.server
    import shutil
    import threading

    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(ROOT / "tests" / "articles" / "en_03.html", site / "story.html")
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(site), **kw)  # noqa: E731
    httpd = QuietHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/story.html"
        out = tmp_path / "out" / "report.html"
        run = run_cli("corroborate", url, "--adsb", str(ROOT / "fixtures" / "adsb"), "--report", str(out), cwd=tmp_path)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert run.returncode == 0, run.stderr
    saved = list((tmp_path / "out" / "report_sources").glob("*.txt"))
    assert len(saved) == 1 and saved[0].name.startswith("russian-vip-jet-flies-to-pyongyang")
    assert "RA-64529" in saved[0].read_text(encoding="utf-8")
    html = out.read_text(encoding="utf-8")
    assert url in html and f"report_sources/{saved[0].name}" in html
    assert re.search(r"<td>20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ</td>", html)  # the fetch time, UTC
    assert "127-0-0-1" not in html


@pytest.mark.parametrize("scenario", ["other-airport", "short-stay", "dark-north-korea"])
def test_contradicted_and_gap_bounded_checks_cite_their_rows_too(scenario):
    """The counterfactual recordings: a landing elsewhere, a short stay, a track lost over the sea.
    Every check decided on data (contradicted or inconclusive too) names rows that exist in the file."""
    run = run_cli("corroborate", "--adsb", str(ROOT / "fixtures" / "scenarios" / scenario), "--json")
    assert run.returncode == 0, run.stderr
    decided = [c for v in json.loads(run.stdout)["verdicts"] if v["flight"] or v["stay"] for c in v["checks"]
               if c["field"] in TIME_FIELDS and c["outcome"] != "no-data"]
    assert any(c["outcome"] != "supported" for c in decided)
    for check in decided:
        assert check["rows"], check
        for row in check["rows"]:
            path = ROOT / row["file"]
            assert path.is_file() and row["line"] >= 1
        times = [r["time"] for r in check["rows"] if r["event"] == check["rows"][0]["event"]]
        assert times == sorted(times)  # before, inside, after: in time order
