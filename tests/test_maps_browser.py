"""The maps in a real headless Chromium: offline, complete, clickable, and inert to hostile text.

Every request that is not a file: URL is aborted and fails the test; console errors fail it too.
Screenshots go to test-output/maps/ (gitignored) for a person to look at.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright  # in the test extra: a missing install fails, never skips

from support.maps_sample import antimeridian_sample, sample
from tracker.output.maps import write_maps

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[1] / "test-output" / "maps"

PAYLOADS = [
    '<img src=x onerror="window.pwned=1">',
    "</script><script>window.pwned=2</script>",
    "${window.pwned=3}",
    "\\`;window.pwned=4;//",
    "'-window.pwned=5-'\"><svg onload=window.pwned=6>",
    "{{7*7}} {% raw %} {#",  # template syntax is shown as typed, never evaluated
]
HOSTILE = " ".join(PAYLOADS)

# Finds the folium map object and opens every popup and tooltip on it, returning their text.
OPEN_ALL = """() => {
  const map = Object.values(window).find(v => v instanceof L.Map);
  const texts = [];
  map.eachLayer(layer => {
    if (layer.getPopup && layer.getPopup() && (layer.getLatLng || layer.getBounds)) {
      layer.openPopup(layer.getLatLng ? layer.getLatLng() : layer.getBounds().getCenter());
      const el = layer.getPopup().getElement();
      if (el) texts.push(el.innerText);
    }
    if (layer.getTooltip && layer.getTooltip()) {
      layer.openTooltip(layer.getLatLng ? layer.getLatLng() : layer.getCenter());
      const el = layer.getTooltip().getElement();
      if (el) texts.push(el.innerText);
    }
  });
  return texts;
}"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class Page:
    """A page with every non-file request aborted and recorded, and console errors collected."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1400, "height": 900})
        self.network: list[str] = []
        self.errors: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.network.append(route.request.url)
            route.abort()

    def open(self, path: Path):
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_selector(".leaflet-overlay-pane path")
        return self.page

    def assert_clean(self):
        assert self.network == [], f"the page reached for the network: {self.network}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture
def page(browser):
    p = Page(browser)
    yield p
    p.context.close()


@pytest.fixture(scope="module")
def trip_maps(tmp_path_factory):
    result, table, verdicts = sample()
    out = tmp_path_factory.mktemp("maps") / "index.html"
    return write_maps(out, result, table, verdicts)


def test_trip_map_offline_with_paths_markers_and_stay_popup(page, trip_maps):
    trip = trip_maps[0]
    p = page.open(trip)
    p.wait_for_timeout(300)
    SHOTS.mkdir(parents=True, exist_ok=True)
    p.screenshot(path=str(SHOTS / "trip.png"))

    assert p.locator("path.flight-path").count() >= 6  # two flights, several altitude bands each
    assert p.locator("path.coverage-gap").count() == 1
    assert p.locator("path.takeoff").count() == 2 and p.locator("path.landing").count() == 2
    assert p.locator("path.ground-stay").count() == 1
    assert p.locator(".claim-marker").count() == 3  # c4 has nothing to point at
    assert p.locator("path.claimed-airport").count() == 1  # Vladivostok, which the track contradicts
    # The basemap is drawn from the inlined Natural Earth countries.
    assert p.locator(".leaflet-tracker-basemap-pane path").count() > 200
    p.locator("details.legend-key summary").first.click()  # the key is folded until asked for
    legend = p.locator(".tracker-legend").inner_text()
    assert "35,000 ft and above" in legend and "coverage gap" in legend

    # Zoom to Pyongyang and click the stay: its popup gives arrival, departure and dwell.
    p.evaluate("() => { Object.values(window).find(v => v instanceof L.Map).setView([39.22, 125.67], 10, {animate: false}); }")
    p.wait_for_timeout(300)
    # The landing marker sits inside the stay's ring and opens its own popup with UTC and local times.
    box = p.locator("path.landing").nth(0).bounding_box()
    p.mouse.click(box["x"] + 2, box["y"] + box["height"] / 2)  # on the landing ring
    popup = p.locator(".leaflet-popup-content")
    popup.wait_for()
    text = popup.inner_text()
    assert "Landing" in text and "ZKPY" in text
    assert "2024-08-01 03:26:00 UTC (2024-08-01 12:26:00 KST local)" in text and "Asia/Pyongyang" in text  # a 2-min window: to the second
    # Close it, undo its auto-pan, and wait until it has faded out before the next click.
    p.evaluate("""() => { const m = Object.values(window).find(v => v instanceof L.Map);
                          m.closePopup(); m.stop(); m.setView([39.22, 125.67], 10, {animate: false}); }""")
    p.wait_for_function("() => document.querySelectorAll('.leaflet-popup').length === 0")
    box = p.locator("path.ground-stay").bounding_box()
    p.mouse.click(box["x"] + 3, box["y"] + box["height"] / 2)  # on the ring
    popup = p.locator(".leaflet-popup-content")
    popup.wait_for()
    p.wait_for_timeout(400)  # fade-in and auto-pan, for the screenshot
    text = popup.inner_text()
    assert "Ground stay" in text and "ZKPY" in text
    assert "2024-08-01 03:26:00 UTC" in text and "12:26:00 KST local" in text  # arrival, Pyongyang is UTC+9
    assert "2024-08-02 15:42:00 UTC" in text
    assert "36.2–36.3 h" in text
    assert "supported" in text and "dwell_hours" in text  # the claim beside the observation
    p.screenshot(path=str(SHOTS / "trip-stay-popup.png"))
    page.assert_clean()


def test_overview_links_every_trip_and_lists_unmatched_claims(page, trip_maps):
    p = page.open(trip_maps[-1])
    links = p.locator("a.trip-link")
    assert links.count() == len(trip_maps) - 1
    panel = p.locator(".tracker-legend").inner_text()
    assert "Claims with nothing on the map" in panel and "Khabarovsk" in panel and "no-data" in panel
    p.screenshot(path=str(SHOTS / "overview.png"))
    links.first.click()
    p.wait_for_url("**/" + trip_maps[0].name)
    p.wait_for_selector("path.ground-stay")
    page.assert_clean()


def test_hostile_text_is_shown_not_run(page, tmp_path):
    result, table, verdicts = sample(callsign=HOSTILE, registration=HOSTILE, quote=HOSTILE, article=HOSTILE)
    for flight in result.flights:
        flight.source = [f"/data/{HOSTILE}.json"]  # file names are untrusted too
    written = write_maps(tmp_path / "index.html", result, table, verdicts)
    for path in written:
        p = page.open(path)
        texts = p.evaluate(OPEN_ALL)
        p.locator(".leaflet-control-layers").hover()  # layer names carry the registration
        p.wait_for_timeout(100)
        assert p.evaluate("() => window.pwned") is None
        shown = "\n".join(texts) + p.locator("body").inner_text()
        for payload in PAYLOADS:  # shown literally, as text
            assert payload in shown, payload
        if path.name != "index.html":
            assert f"/data/{HOSTILE}.json" in shown  # the flight popup, with the source file, was opened
        assert p.locator("img[src=x], svg[onload]").count() == 0
        if path.name != "index.html":
            assert HOSTILE in p.title()
    p.screenshot(path=str(SHOTS / "hostile.png"))
    page.assert_clean()


def test_antimeridian_track_is_drawn_continuously(page, tmp_path):
    result, table = antimeridian_sample()
    written = write_maps(tmp_path / "index.html", result, table)
    p = page.open(written[0])
    spans = p.evaluate("""() => {
      const map = Object.values(window).find(v => v instanceof L.Map);
      const lons = [];
      map.eachLayer(l => { if (l.options.className === 'flight-path') l.getLatLngs().forEach(ll => lons.push(ll.lng)); });
      return [Math.min(...lons), Math.max(...lons)];
    }""")
    assert spans[1] > 180 or spans[0] < -180  # carried on past the antimeridian instead of jumping back
    assert spans[1] - spans[0] < 60  # Kamchatka to Anchorage is ~52° of longitude, not ~308°
    # The basemap is repeated east of the antimeridian so Alaska is drawn under the track.
    assert p.locator(".leaflet-tracker-basemap-pane path").count() > 400
    p.screenshot(path=str(SHOTS / "antimeridian.png"))
    page.assert_clean()


def test_time_slider_follows_the_aircraft(page, trip_maps):
    p = page.open(trip_maps[0])
    slider = p.locator("input.tracker-slider-input")
    label = p.locator(".tracker-slider-label")

    def at(iso: str) -> str:
        seconds = int(__import__("datetime").datetime.fromisoformat(iso).timestamp())
        slider.evaluate("(el, v) => { el.value = v; el.dispatchEvent(new Event('input')); }", seconds)
        return label.inner_text()

    assert "airborne" in at("2024-07-31T21:00:00+00:00")
    assert "2024-07-31 21:00 UTC" in label.inner_text()
    assert "coverage gap" in at("2024-07-31T23:30:00+00:00")
    assert "on the ground at ZKPY" in at("2024-08-02T00:00:00+00:00")
    cursor = p.evaluate("""() => { const m = Object.values(window).find(v => v instanceof L.Map); let ll = null;
        m.eachLayer(l => { if (l.options.className === 'time-cursor') ll = l.getLatLng(); }); return ll; }""")
    assert cursor == {"lat": pytest.approx(39.2241, abs=1e-3), "lng": pytest.approx(125.67, abs=1e-3)}
    p.screenshot(path=str(SHOTS / "trip-slider.png"))
    page.assert_clean()
