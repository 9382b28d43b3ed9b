"""Input text never runs as a template: `{{ … }}`, `{% … %}` and `{#` in any field that reaches
a page, a report or an export are shown as text, never evaluated (branca renders every map
element's script as Jinja2 a second time, so this is code execution, not just display).

Every payload is planted in every text field at once — registration, callsign, type, the
article's quote, place and source names, the ADS-B file and folder names — and the whole
pipeline runs as a user would. `A{{7*7}}B` must never become `A49B`, and the payload that
would create a folder must leave no folder behind.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_cli
from support.maps_sample import sample
from tracker.output import html_report
from tracker.output.export import write_geojson, write_kml
from tracker.output.maps import write_maps
from tracker.output.page import esc, render

MARK = "A{{7*7}}B"
MAKEDIRS = "{{lipsum.__globals__.os.makedirs(dict(PWNEDX=1)|first)}}"
PAYLOAD = f"{MARK} {{% raw %}} {{#c {MAKEDIRS} {{%x%}}"
EVALUATED = "A49B"


def _assert_inert(folder: Path, texts: list[str]) -> None:
    assert not (folder / "PWNEDX").exists(), "a template payload created a folder"
    for text in texts:
        assert EVALUATED not in text


def test_escapes_leave_no_template_syntax():
    assert "{" not in esc(PAYLOAD) and "}" not in esc(PAYLOAD)


def test_maps_and_exports_with_payload_in_every_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result, table, verdicts = sample(callsign=PAYLOAD, registration=PAYLOAD, quote=PAYLOAD, article=PAYLOAD)
    for flight in result.flights:
        flight.source = [f"/data/{PAYLOAD}/trace.json"]
        flight.typecode = PAYLOAD
        flight.id = f"{flight.id}{PAYLOAD}"
    written = write_maps(tmp_path / "maps" / "index.html", result, table, verdicts)
    written.append(html_report.write(tmp_path / "report.html", [], {}, verdicts, result, table, [])[0])
    written.append(write_geojson(tmp_path / "out.geojson", result, table))
    written.append(write_kml(tmp_path / "out.kml", result, table))
    texts = [p.read_text(encoding="utf-8") for p in written]
    _assert_inert(tmp_path, texts)
    assert any("7*7" in t for t in texts[:-2])  # the payload is on the page, as text
    assert "7*7" in texts[-3]  # and in the evidence report
    assert PAYLOAD in json.dumps(json.loads(texts[-2]), ensure_ascii=False)  # exports keep it verbatim


def test_a_missed_path_fails_loudly_instead_of_running(tmp_path):
    """The guard at the one place pages are rendered: raw template syntax in element data is refused."""
    import folium

    m = folium.Map(tiles=None)
    folium.FeatureGroup(name=MAKEDIRS).add_to(m)
    with pytest.raises(RuntimeError, match="template"):
        render(m)


@pytest.fixture(scope="module")
def hostile_inputs(tmp_path_factory) -> Path:
    """In a folder named with a payload: the reconstructed RA-86559 trace as recorded, and a copy
    under another address whose registration, type and callsign are payloads, in a file named
    with one; and an English article whose claim sentence carries payloads as text and source."""
    root = tmp_path_factory.mktemp("inj")
    adsb = root / f"adsb {MARK} {{% raw %}}"
    adsb.mkdir()
    original = FIXTURES / "adsb" / "trace_full_15f1a7_2023-07-31.json"
    shutil.copy(original, adsb / original.name)
    trace = json.loads(original.read_text(encoding="utf-8"))
    trace["icao"], trace["r"], trace["t"] = "15f1a8", PAYLOAD, PAYLOAD
    for row in trace["trace"]:
        if len(row) > 8 and isinstance(row[8], dict) and "flight" in row[8]:
            row[8]["flight"] = PAYLOAD
    (adsb / f"trace_full_{MARK}.json").write_text(json.dumps(trace), encoding="utf-8")
    article = root / f"article {MARK}.txt"
    article.write_text(f"Il-62M flights to Pyongyang {MARK}\n\nA Russian Air Force Il-62M, flight RFF7203, took off "
                       f"from Moscow on 31 July 2023 ({PAYLOAD}) and landed in Pyongyang on 1 August, "
                       f"according to {PAYLOAD}.\n", encoding="utf-8")
    return root


def test_whole_pipeline_with_payload_in_every_input(hostile_inputs, tmp_path):
    root = hostile_inputs
    adsb = next(p for p in root.iterdir() if p.is_dir())
    article = next(root.glob("article*.txt"))
    out = tmp_path / "out"
    runs = [
        run_cli("corroborate", str(article), "--adsb", str(adsb), "--published", "2023-08-03",
                "--map", str(out / "maps" / "index.html"), "--csv", str(out / "checks.csv"), cwd=tmp_path),
        run_cli("corroborate", str(article), "--adsb", str(adsb), "--published", "2023-08-03",
                "--markdown", cwd=tmp_path),
        run_cli("corroborate", str(article), "--adsb", str(adsb), "--published", "2023-08-03",
                "--json", cwd=tmp_path),
        run_cli("map", str(adsb), "--out", str(out / "m2" / "index.html"), "--articles", str(article),
                "--geojson", str(out / "f.geojson"), "--kml", str(out / "f.kml"), cwd=tmp_path),
        run_cli("report", str(article), "--adsb", str(adsb), "--published", "2023-08-03",
                "--out", str(out / "report" / "report.html"), cwd=tmp_path),
        run_cli("flights", str(adsb), cwd=tmp_path),
        run_cli("read", str(adsb), cwd=tmp_path),
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert "Traceback" not in run.stderr
    files = [p for p in out.rglob("*") if p.is_file()]
    assert len([p for p in files if p.suffix == ".html"]) >= 4
    _assert_inert(tmp_path, [p.read_text(encoding="utf-8") for p in files] + [r.stdout + r.stderr for r in runs])
    report = json.loads(runs[2].stdout)
    assert report["summary"]["supported"] >= 1  # the claim was read and matched, so its quote reached the pages
    assert PAYLOAD in json.dumps(report, ensure_ascii=False)  # the text survives as data
    trip_pages = [p for p in (out / "maps").glob("*.html") if p.name != "index.html"]
    assert any("7*7" in p.read_text(encoding="utf-8") for p in trip_pages)
    evidence_report = (out / "report" / "report.html").read_text(encoding="utf-8")
    assert "7*7" in evidence_report and "srcdoc=" in evidence_report  # quote shown, trip map embedded
