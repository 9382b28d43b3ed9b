"""Map items of issue 13: popups whose windows agree with themselves, trip pages zoomed to the
trip, airports labelled, a legend that folds away, stale pages of an earlier run listed."""
from __future__ import annotations

import datetime as dt

import pytest
from support.maps_sample import sample
from test_maps_browser import Page, browser  # noqa: F401  (the browser fixture)

from tracker.model import TimeWindow
from tracker.output import maps

UTC = dt.UTC


def test_a_window_under_a_minute_never_reads_as_zero_minutes():
    w = TimeWindow(dt.datetime(2024, 8, 1, 8, 1, 10, tzinfo=UTC), dt.datetime(2024, 8, 1, 8, 2, 5, tzinfo=UTC))
    text = maps._window(w, None)
    assert "0 min" not in text and "08:01:10" in text and "08:02:05" in text and "55 s" in text
    wide = TimeWindow(dt.datetime(2024, 8, 1, 8, 1, tzinfo=UTC), dt.datetime(2024, 8, 1, 9, 31, tzinfo=UTC))
    assert "1 h 30 min" in maps._window(wide, None) and "08:01 UTC" in maps._window(wide, None)
    one = TimeWindow.at(dt.datetime(2024, 8, 1, 8, 1, 10, tzinfo=UTC))
    assert maps._window(one, None) == "2024-08-01 08:01:10 UTC"
    assert maps._window(TimeWindow(None, one.latest), None).startswith("before ")


def test_trip_pages_label_airports_and_fold_the_legend(tmp_path):
    result, table, verdicts = sample()
    written = maps.write_maps(tmp_path / "index.html", result, table, verdicts)
    trip = written[0].read_text(encoding="utf-8")
    assert "airport-label" in trip and "ZKPY Pyongyang" in trip and "UUWW Moscow" in trip
    assert "legend-key" in trip  # folded: checked in the browser below


def test_pages_of_an_earlier_run_are_listed_as_stale(tmp_path):
    result, table, verdicts = sample()
    first = maps.write_maps(tmp_path / "index.html", result, table, verdicts)
    second = maps.write_maps(tmp_path / "index.html", result, table, None)  # per-aircraft pages: other names
    old = {p.name for p in first} - {p.name for p in second}
    assert old
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "Stale pages" in index
    for name in old:
        assert name in index
    third = maps.write_maps(tmp_path / "index.html", result, table, None)  # nothing else is called stale
    assert {p.name for p in maps.stale_pages(tmp_path / "index.html", third[:-1])} == old
    (tmp_path / "notes.html").write_text("<html>my own page</html>", encoding="utf-8")
    assert "notes.html" not in {p.name for p in maps.stale_pages(tmp_path / "index.html", third[:-1])}


@pytest.fixture
def page(browser):  # noqa: F811
    p = Page(browser)
    yield p
    p.context.close()


def test_trip_page_opens_zoomed_to_the_trip(page, tmp_path):
    result, table, verdicts = sample()
    written = maps.write_maps(tmp_path / "index.html", result, table, verdicts)
    p = page.open(written[0])
    view = p.evaluate("""() => { const m = Object.values(window).find(v => v instanceof L.Map);
        const b = m.getBounds(); return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast(), m.getZoom()]; }""")
    south, west, north, east, _zoom = view
    lats, lons = table["lat"], table["lon"]
    assert south <= lats.min() and north >= lats.max() and west <= lons.min() and east >= lons.max()
    assert (east - west) < 2.5 * (lons.max() - lons.min())  # the trip fills the view, not a continent around it
    assert p.locator(".airport-label").count() >= 2 and p.locator(".airport-label").first.is_visible()
    assert not p.locator("details.legend-key").first.evaluate("d => d.open")  # folded
    page.assert_clean()
