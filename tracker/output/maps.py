"""Maps of what the tracks show and what the articles claim, plus GeoJSON and KML exports.

Every HTML page is self-contained and works offline: Leaflet, topojson-client and a
Natural Earth country basemap are vendored in `tracker/assets/` and inlined, and the
default marker icons are data URIs. Folium lays out the map and its layers; popups and
tooltips go through our own elements (`_Popup`, `_Tooltip`) because folium's escape
nothing safely and need jQuery. All untrusted text (quotes, callsigns, registrations,
file names) passes through `esc` before it enters any HTML, and every string that
enters a script is JSON-encoded on top of that.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from zoneinfo import ZoneInfo

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from jinja2 import Template

from tracker import airports
from tracker.errors import TrackerError
from tracker.output import files
from tracker.paths import PACKAGE_DIR
from tracker.adsb.schema import track_keys
from tracker.model import AirportRef, Flight, FlightsResult, Gap, GroundStay, TimeWindow, Verdict, describe_track, iso, outcome_counts

ASSETS = PACKAGE_DIR / "assets"

# --------------------------------------------------------------------------- escaping

_ESCAPES = str.maketrans({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\\": "&#92;", "`": "&#96;", "$": "&#36;", "{": "&#123;", "}": "&#125;",
})


def esc(value: object) -> str:
    """The one escape for untrusted text: safe in HTML text, attributes and JS template strings.

    Besides the HTML five it also turns backslash, backtick and dollar into entities, so
    the result cannot end or interpolate a JavaScript template literal either, and braces,
    so that no Jinja2 syntax survives: branca renders every element's script output as a
    template a second time, and `{{ … }}` in it would run in this process.
    """
    return "" if value is None else str(value).translate(_ESCAPES)


# --------------------------------------------------------------------------- legend data

# (upper bound in feet, label, colour); ground and unknown altitude have their own bands.
ALTITUDE_BANDS: list[tuple[float, str, str]] = [
    (5_000, "below 5,000 ft", "#1a9850"),
    (15_000, "5,000–15,000 ft", "#66bd63"),
    (25_000, "15,000–25,000 ft", "#fdae61"),
    (35_000, "25,000–35,000 ft", "#f46d43"),
    (float("inf"), "35,000 ft and above", "#a50026"),
]
GROUND = ("on the ground", "#4d4d4d")
UNKNOWN_ALT = ("altitude unknown", "#7b68ee")
GAP_STYLE = {"color": "#333333", "weight": 2, "dash_array": "6 8", "opacity": 0.9}
STAY_COLOUR = "#2166ac"
END_STYLES = {
    "takeoff": {"radius": 5, "color": "#ffffff", "weight": 1.5, "fill": True, "fill_color": "#1a9641", "fill_opacity": 1},
    "landing": {"radius": 8, "color": "#d7191c", "weight": 4, "fill": False},
}
CLAIM_COLOUR = "#7b3294"
CONTRADICTED_COLOUR = "#d7191c"
OUTCOME_COLOURS = {"supported": "#1a9641", "contradicted": "#d7191c", "inconclusive": "#fdae61", "no-data": "#878787"}
MAX_POINTS_PER_FLIGHT = 4000  # thinned beyond this for the HTML (exports keep every point)
MAX_SLIDER_SAMPLES = 1500  # positions per flight the time slider interpolates between
TRIP_SPLIT = dt.timedelta(days=7)  # matched items further apart than this are separate trips


def _band_index(alt_ft: np.ndarray, on_ground: np.ndarray) -> np.ndarray:
    """0..len(ALTITUDE_BANDS)-1 for airborne altitudes, then ground, then unknown."""
    edges = np.array([b[0] for b in ALTITUDE_BANDS[:-1]])
    band = np.searchsorted(edges, alt_ft, side="right")
    band = np.where(np.isnan(alt_ft), len(ALTITUDE_BANDS) + 1, band)
    return np.where(on_ground, len(ALTITUDE_BANDS), band)


def _band_style(index: int) -> tuple[str, str]:
    if index < len(ALTITUDE_BANDS):
        return ALTITUDE_BANDS[index][1], ALTITUDE_BANDS[index][2]
    return GROUND if index == len(ALTITUDE_BANDS) else UNKNOWN_ALT


# --------------------------------------------------------------------------- assets


@functools.cache
def _offline_head() -> str:
    """Leaflet (CSS with images as data URIs), the default icon fix, topojson-client, basemap."""
    leaflet = ASSETS / "leaflet"
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(name: str) -> str:
        return "data:image/png;base64," + base64.b64encode((leaflet / "images" / name).read_bytes()).decode()

    css = re.sub(r"url\(images/([\w.-]+)\)", lambda m: f"url({data_uri(m.group(1))})", css)
    icons = json.dumps({"iconUrl": data_uri("marker-icon.png"), "iconRetinaUrl": data_uri("marker-icon-2x.png"),
                        "shadowUrl": data_uri("marker-shadow.png")})
    topo = (ASSETS / "world-atlas" / "countries-50m.json").read_text(encoding="utf-8")
    scripts = [
        (leaflet / "leaflet.js").read_text(encoding="utf-8"),
        f"L.Icon.Default.imagePath = ''; L.Icon.Default.mergeOptions({icons});",
        (ASSETS / "topojson-client" / "topojson-client.min.js").read_text(encoding="utf-8"),
        f"var TRACKER_COUNTRIES = {_script_json(json.loads(topo))};",
    ]
    for code in scripts:
        if "</script" in code.lower():
            raise RuntimeError("a vendored script contains </script>")
    return (f"<style>{css}\n{_PAGE_CSS}</style>\n"
            + "\n".join(f"<script>{code}</script>" for code in scripts))


_PAGE_CSS = """
.leaflet-container { background: #c6dbef; font-family: system-ui, sans-serif; }
.leaflet-interactive:focus { outline: none; }
.leaflet-pane > svg path.ground-stay.leaflet-interactive { pointer-events: stroke; }
.tracker-panel { background: #fff; padding: 6px 10px; border-radius: 4px; box-shadow: 0 1px 5px rgba(0,0,0,.4);
  max-width: 420px; max-height: 60vh; overflow: auto; font-size: 12px; line-height: 1.35; }
.tracker-panel h1 { font-size: 14px; margin: 0 0 4px; }
.tracker-panel h2 { font-size: 12px; margin: 6px 0 2px; }
.tracker-legend i { display: inline-block; width: 22px; height: 4px; margin-right: 6px; vertical-align: middle; }
.tracker-legend i.gap { height: 0; border-top: 2px dashed #333; background: none; }
.tracker-legend i.dot { width: 10px; height: 10px; border-radius: 50%; }
.tp table { border-collapse: collapse; }
.tp th { text-align: left; padding: 1px 6px 1px 0; vertical-align: top; white-space: nowrap; }
.tp td { padding: 1px 0; overflow-wrap: anywhere; }
.tp blockquote { margin: 4px 0; padding-left: 6px; border-left: 3px solid #bbb; font-style: italic; }
.tp .outcome { font-weight: bold; }
.tp .checks td, .tp .checks th { border-bottom: 1px solid #ddd; padding: 2px 4px; }
.o-supported { color: #1a9641; } .o-contradicted { color: #d7191c; } .o-inconclusive { color: #b35806; }
.o-no-data { color: #636363; }
"""


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def _script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element and inside a branca template.

    No `<`, `>`, `&`, U+2028/9 raw; and no brace inside a string, so nothing in the data
    can open `{{`, `{%` or `{#` when branca renders the script a second time as Jinja2
    (structural JSON never puts `{` before `{`, `%` or `#`).
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return _JSON_STRING.sub(lambda m: m.group(0).replace("{", "\\u007b").replace("}", "\\u007d"), text)


# --------------------------------------------------------------------------- folium elements


class _Raw(Element):
    """Trusted markup placed as is (the vendored head); never used for untrusted text."""

    _template = Template("{{ this.code }}")

    def __init__(self, code: str):
        super().__init__()
        self.code = code


class _Popup(MacroElement):
    """A popup whose HTML (built from `esc`-aped parts) enters the script as a JSON string."""

    _template = Template("""{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.bindPopup({{ this.payload }}, {maxWidth: 480, maxHeight: 460, className: {{ this.klass }}});
{% endmacro %}""")

    def __init__(self, html: str, klass: str = "tp-popup"):
        super().__init__()
        self.payload = _script_json(html)
        self.klass = _script_json(klass)


class _Tooltip(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.bindTooltip({{ this.payload }}, {sticky: true});
{% endmacro %}""")

    def __init__(self, html: str):
        super().__init__()
        self.payload = _script_json(html)


class _Basemap(MacroElement):
    """Natural Earth countries from the inlined TopoJSON, repeated at ±360° when tracks cross."""

    _template = Template("""{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent._parent.get_name() }};
  ['tracker-basemap', 'tracker-tiles'].forEach(function (name, i) {
    if (!map.getPane(name)) { map.createPane(name).style.zIndex = 250 + i * 10; }
  });
  // Rings that cross the antimeridian (Russia, Fiji…) are made continuous so that Leaflet's
  // flat plane does not draw a band across the world; Antarctica (010) is left as it is.
  function unwrap(ring) {
    var shift = 0, prev = null, sum = 0;
    var out = ring.map(function (c) {
      if (prev !== null) { var d = c[0] + shift - prev; if (d > 180) shift -= 360; else if (d < -180) shift += 360; }
      prev = c[0] + shift; sum += prev; return [prev, c[1]];
    });
    var k = Math.round(sum / out.length / 360);
    return k ? out.map(function (c) { return [c[0] - 360 * k, c[1]]; }) : out;
  }
  var countries = topojson.feature(TRACKER_COUNTRIES, TRACKER_COUNTRIES.objects.countries);
  countries.features.forEach(function (f) {
    if (f.id === '010' || !f.geometry) return;
    var g = f.geometry;
    if (g.type === 'Polygon') g.coordinates = g.coordinates.map(unwrap);
    if (g.type === 'MultiPolygon') g.coordinates = g.coordinates.map(function (p) { return p.map(unwrap); });
  });
  {{ this.offsets }}.forEach(function (offset) {
    L.geoJSON(countries, {
      pane: 'tracker-basemap', interactive: false, attribution: 'Natural Earth (public domain)',
      style: {color: '#8c8c8c', weight: 0.6, fillColor: '#f4f1ea', fillOpacity: 1},
      coordsToLatLng: function (c) { return L.latLng(c[1], c[0] + offset); }
    }).addTo({{ this._parent.get_name() }});
  });
})();
{% endmacro %}""")

    def __init__(self, offsets: Iterable[int]):
        super().__init__()
        self.offsets = json.dumps(sorted(set(offsets)))


class _Control(MacroElement):
    """A static panel (legend, title, links) whose HTML was built with `esc`."""

    _template = Template("""{% macro script(this, kwargs) %}
(function () {
  var panel = L.control({position: {{ this.position }}});
  panel.onAdd = function () {
    var div = L.DomUtil.create('div', {{ this.klass }});
    div.innerHTML = {{ this.payload }};
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  panel.addTo({{ this._parent.get_name() }});
})();
{% endmacro %}""")

    def __init__(self, html: str, position: str, klass: str):
        super().__init__()
        self.payload = _script_json(html)
        self.position = _script_json(position)
        self.klass = _script_json(klass)


class _TimeSlider(MacroElement):
    """A slider over the trip's time span: where the aircraft was (interpolated), on the ground, or unseen."""

    _template = Template("""{% macro script(this, kwargs) %}
(function () {
  var d = {{ this.payload }}, map = {{ this._parent.get_name() }};
  var cursor = L.circleMarker([0, 0], {radius: 7, color: '#000', weight: 2, fillColor: '#ffeb3b', fillOpacity: 1,
                                       className: 'time-cursor', interactive: false});
  function fmt(t) { return new Date(t * 1000).toISOString().slice(0, 16).replace('T', ' ') + ' UTC'; }
  function where(t) {
    for (var k = 0; k < d.flights.length; k++) {
      var f = d.flights[k], p = f.points;
      if (!p.length || t < p[0][0] || t > p[p.length - 1][0]) continue;
      var lo = 0, hi = p.length - 1;
      while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (p[mid][0] <= t) lo = mid; else hi = mid; }
      var a = p[lo], b = p[hi], w = b[0] > a[0] ? (t - a[0]) / (b[0] - a[0]) : 0;
      var ll = [a[1] + (b[1] - a[1]) * w, a[2] + (b[2] - a[2]) * w];
      var gap = f.gaps.some(function (g) { return g[0] <= t && t <= g[1]; });
      return {ll: ll, text: f.name + (gap ? ': in a coverage gap (position interpolated)' : ': airborne')};
    }
    for (var s = 0; s < d.stays.length; s++) {
      var st = d.stays[s];
      if (st[0] <= t && t <= st[1]) return {ll: [st[2], st[3]], text: 'on the ground at ' + st[4]};
    }
    return null;
  }
  var panel = L.control({position: 'bottomright'});
  panel.onAdd = function () {
    var div = L.DomUtil.create('div', 'tracker-panel tracker-slider');
    var input = L.DomUtil.create('input', 'tracker-slider-input', div);
    input.type = 'range'; input.min = d.t0; input.max = d.t1; input.step = 60; input.value = d.t0;
    input.style.width = '340px';
    var label = L.DomUtil.create('div', 'tracker-slider-label', div);
    function update() {
      var t = +input.value, w = where(t);
      label.textContent = fmt(t) + ' \u2014 ' + (w ? w.text : 'no data');
      if (w) { cursor.setLatLng(w.ll); if (!map.hasLayer(cursor)) cursor.addTo(map); }
      else if (map.hasLayer(cursor)) map.removeLayer(cursor);
    }
    input.addEventListener('input', update);
    L.DomEvent.disableClickPropagation(div);
    update();
    return div;
  };
  panel.addTo(map);
})();
{% endmacro %}""")

    def __init__(self, flights: list[dict[str, Any]], stays: list[list[Any]]):
        super().__init__()
        times = [p[0] for f in flights for p in f["points"][:1] + f["points"][-1:]] + [t for s in stays for t in s[:2]]
        self.payload = _script_json({"flights": flights, "stays": stays, "t0": min(times), "t1": max(times)})


def _unix(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


# --------------------------------------------------------------------------- text


def _tz(icao: str | None) -> ZoneInfo | None:
    airport = airports.get(icao)
    try:
        return ZoneInfo(airport.tz) if airport and airport.tz else None
    except (KeyError, ValueError):
        return None


def _moment(when: dt.datetime | None, tz: ZoneInfo | None) -> str:
    if when is None:
        return "unknown"
    text = f"{when:%Y-%m-%d %H:%M} UTC"
    if tz is not None:
        local = when.astimezone(tz)
        text += f" ({local:%Y-%m-%d %H:%M} {local.tzname()} local)"
    return text


def _duration(delta: dt.timedelta) -> str:
    minutes = int(round(delta.total_seconds() / 60))
    hours, minutes = divmod(abs(minutes), 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _window(window: TimeWindow | None, tz: ZoneInfo | None) -> str:
    if window is None or (window.earliest is None and window.latest is None):
        return "unknown"
    if window.earliest == window.latest:
        return _moment(window.earliest, tz)
    text = f"between {_moment(window.earliest, tz)}\nand {_moment(window.latest, tz)}"
    return text + (f"\n(window {_duration(window.width)})" if window.width is not None else "")


def _airport_text(ref: AirportRef | None) -> str:
    if ref is None or ref.icao is None:
        return "unknown"
    name = ref.name or (airports.get(ref.icao).name if airports.get(ref.icao) else "")
    text = f"{ref.icao} {name}".strip()
    if ref.distance_km is not None:
        text += f" ({ref.distance_km:.1f} km from the track)"
    return text


def _identity(icao24: str | None, registration: str | None, callsign: str | None = None, typecode: str | None = None) -> str:
    """Who flew: an FR24 CSV export has no icao24, and the page says so rather than guessing one."""
    return " · ".join(x for x in (registration, callsign, typecode,
                                  f"icao24 {icao24}" if icao24 else "no icao24 in the file") if x)


def _table_html(title: str, rows: Iterable[tuple[str, object]]) -> str:
    """A titled key/value table; every key and value is escaped, newlines become <br>."""
    body = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v).replace(chr(10), '<br>')}</td></tr>"
                   for k, v in rows if v is not None and v != "")
    return f"<b>{esc(title)}</b><table>{body}</table>"


def _verdict_html(verdict: Verdict) -> str:
    """Claimed beside observed: the quote, the outcome, and each field's check."""
    outcome = esc(verdict.outcome)
    parts = [
        f"<div class=\"claim\"><b>Claim {esc(verdict.claim_id)}</b> ({esc(verdict.article)}): "
        f"<span class=\"outcome o-{outcome}\">{outcome}</span>",
        f"<blockquote>{esc(verdict.quote)}</blockquote>",
    ]
    if verdict.reason:
        parts.append(f"<div>{esc(verdict.reason)}</div>")
    if verdict.checks:
        rows = "".join(
            f"<tr><td>{esc(c.field)}</td><td>{esc(c.claimed)}</td><td>{esc(c.observed)}</td>"
            f"<td>{esc(c.delta)}</td><td class=\"o-{esc(c.outcome)}\">{esc(c.outcome)}"
            f"{'<br>' + esc(c.reason) if c.reason else ''}</td></tr>"
            for c in verdict.checks)
        parts.append("<table class=\"checks\"><tr><th>field</th><th>claimed</th><th>observed</th>"
                     f"<th>delta</th><th>outcome</th></tr>{rows}</table>")
    parts.append("</div>")
    return "".join(parts)


def _popup(*sections: str) -> str:
    return "<div class=\"tp\">" + "<hr>".join(s for s in sections if s) + "</div>"


# --------------------------------------------------------------------------- track geometry


def _by_aircraft(table: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Positions per aircraft (track key, as `Flight.track`), sorted by time (one sort, one groupby)."""
    if table is None or table.empty:
        return {}
    cols = ["time", "lat", "lon", "alt_ft", "on_ground"]
    frame = table[cols].assign(track=track_keys(table))
    frame = frame.dropna(subset=["lat", "lon", "time", "track"]).sort_values(["track", "time"], kind="stable")
    return {str(key): group.reset_index(drop=True) for key, group in frame.groupby("track", sort=False)}


def _span(flight: Flight) -> tuple[dt.datetime | None, dt.datetime | None]:
    start = flight.first_seen or flight.takeoff.earliest or flight.takeoff.latest
    end = flight.last_seen or flight.landing.latest or flight.landing.earliest
    return start, end


def _points(tracks: dict[str, pd.DataFrame], flight: Flight) -> pd.DataFrame:
    """The flight's positions: its aircraft's rows between first and last seen."""
    frame = tracks.get(flight.track)
    if frame is None:
        return pd.DataFrame(columns=["time", "lat", "lon", "alt_ft", "on_ground"])
    start, end = _span(flight)
    times = frame["time"]
    lo = 0 if start is None else int(times.searchsorted(pd.Timestamp(start), side="left"))
    hi = len(frame) if end is None else int(times.searchsorted(pd.Timestamp(end), side="right"))
    return frame.iloc[lo:hi]


def unwrap_lon(lon: np.ndarray) -> np.ndarray:
    """Continuous longitudes across the antimeridian (179 → 181, not 179 → -179)."""
    lon = np.asarray(lon, dtype=float)
    if len(lon) < 2:
        return lon
    shift = -360.0 * np.round(np.diff(lon) / 360.0)
    out = lon + np.concatenate([[0.0], np.cumsum(shift)])
    return out - 360.0 * np.round(np.nanmean(out) / 360.0) if np.isfinite(out).any() else out


def _near(lon: float, ref: float) -> float:
    """`lon` moved by whole turns to lie within 180° of `ref`."""
    return lon + 360.0 * round((ref - lon) / 360.0)


def split_antimeridian(lon: np.ndarray, lat: np.ndarray) -> list[list[list[float]]]:
    """[[lon, lat], …] parts in -180..180 cut where the path crosses the antimeridian (RFC 7946 §3.1.9)."""
    ulon = unwrap_lon(lon)
    lat = np.asarray(lat, dtype=float)
    if len(ulon) == 0:
        return []
    turn = np.floor((ulon + 180.0) / 360.0)
    cuts = np.flatnonzero(np.diff(turn) != 0) + 1
    parts: list[list[list[float]]] = []
    for piece, (a, b) in enumerate(zip(np.r_[0, cuts], np.r_[cuts, len(ulon)])):
        coords = np.column_stack([ulon[a:b] - 360.0 * turn[a], lat[a:b]]).round(6).tolist()
        if piece > 0:  # end the last part and start this one on the antimeridian, at the crossing latitude
            x0, y0, x1, y1 = ulon[a - 1], lat[a - 1], ulon[a], lat[a]
            edge = 180.0 * (2 * max(turn[a - 1], turn[a]) - 1)
            y = round(float(y0 + (y1 - y0) * (edge - x0) / (x1 - x0)), 6)
            parts[-1].append([float(edge - 360.0 * turn[a - 1]), y])
            coords.insert(0, [float(edge - 360.0 * turn[a]), y])
        parts.append(coords)
    return parts


@dataclass
class _Drawn:
    """A flight's geometry as the map draws it: coloured runs, gap segments, end points."""

    runs: list[tuple[int, list[list[float]]]] = field(default_factory=list)  # (band, [[lat, lon], …])
    gaps: list[tuple[Gap, list[list[float]]]] = field(default_factory=list)
    first: list[float] | None = None
    last: list[float] | None = None
    bounds: list[list[float]] = field(default_factory=list)
    samples: list[list[float]] = field(default_factory=list)  # [unix s, lat, lon] for the time slider


def _thin(n: int, limit: int) -> np.ndarray:
    if n <= limit:
        return np.arange(n)
    keep = np.unique(np.r_[np.linspace(0, n - 1, limit).round().astype(int), n - 1])
    return keep


def _draw_geometry(points: pd.DataFrame, flight: Flight) -> _Drawn:
    drawn = _Drawn()
    n = len(points)
    if n == 0:
        return drawn
    pick = _thin(n, MAX_POINTS_PER_FLIGHT)
    times = points["time"].dt.tz_convert("UTC").dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")[pick]
    lat = points["lat"].to_numpy(dtype=float)[pick]
    lon = unwrap_lon(points["lon"].to_numpy(dtype=float)[pick])
    alt = points["alt_ft"].to_numpy(dtype=float, na_value=np.nan)[pick]
    ground = points["on_ground"].to_numpy(dtype=bool, na_value=False)[pick]
    band = _band_index(alt, ground)
    gap_starts = np.array(sorted(pd.Timestamp(g.start).to_datetime64() for g in flight.gaps), dtype="datetime64[ns]")
    segment = np.searchsorted(gap_starts, times, side="left")
    change = (band[1:] != band[:-1]) | (segment[1:] != segment[:-1])
    starts = np.flatnonzero(np.r_[True, change])
    ends = np.r_[starts[1:], len(band)]
    latlon = np.column_stack([lat, lon]).round(5)
    for s, e in zip(starts, ends):
        stop = e + 1 if e < len(band) and segment[e] == segment[s] else e
        coords = latlon[s:stop].tolist()
        if len(coords) >= 2:
            drawn.runs.append((int(band[s]), coords))
    drawn.first, drawn.last = latlon[0].tolist(), latlon[-1].tolist()
    few = _thin(len(times), MAX_SLIDER_SAMPLES)
    seconds = times[few].astype("datetime64[s]").astype(np.int64)
    drawn.samples = np.column_stack([seconds, latlon[few]]).tolist()
    drawn.bounds = [[float(lat.min()), float(lon.min())], [float(lat.max()), float(lon.max())]]
    for gap in sorted(flight.gaps, key=lambda g: g.start):
        gs = pd.Timestamp(gap.start).to_datetime64()
        before = int(np.searchsorted(times, gs, side="right")) - 1
        after = int(np.searchsorted(times, pd.Timestamp(gap.end).to_datetime64(), side="left"))
        a = latlon[max(before, 0)].tolist()
        b = latlon[min(after, len(latlon) - 1)].tolist()
        if gap.lat0 is not None and gap.lon0 is not None:
            a = [gap.lat0, _near(gap.lon0, a[1])]
        if gap.lat1 is not None and gap.lon1 is not None:
            b = [gap.lat1, _near(gap.lon1, a[1])]
        drawn.gaps.append((gap, [a, b]))
    return drawn


# --------------------------------------------------------------------------- grouping


def _stay_key(stay: GroundStay) -> tuple:
    return (stay.track, stay.airport.icao if stay.airport else None, iso(stay.arrival.earliest), iso(stay.departure.latest))


def _stay_time(stay: GroundStay) -> dt.datetime:
    return stay.arrival.earliest or stay.arrival.latest or stay.departure.earliest or dt.datetime.max.replace(tzinfo=dt.timezone.utc)


def _flight_time(flight: Flight) -> dt.datetime:
    return _span(flight)[0] or flight.landing.earliest or dt.datetime.max.replace(tzinfo=dt.timezone.utc)


@dataclass
class _Group:
    """What one page shows: an aircraft's flights and stays, and the verdicts about them."""

    slug: str
    title: str
    flights: list[Flight]
    stays: list[GroundStay]
    verdicts: list[Verdict] = field(default_factory=list)


def _slug(text: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "map"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _aircraft_name(flights: list[Flight], stays: list[GroundStay], key: str) -> str:
    """Registration, else (no icao24 in the file) the callsign, else the icao24."""
    reg = next((x.registration for x in [*flights, *stays] if x.registration), None)
    if reg or "#" not in key:
        return reg or key
    return next((f.callsign for f in flights if f.callsign), None) or key.rpartition("#")[2] or "unknown aircraft"


def _aircraft_key_text(key: str) -> str:
    """The icao24, or `no icao24: THY9BP in export.csv` for a track keyed by file and callsign."""
    return key if "#" not in key else describe_track(key)


def _groups(result: FlightsResult, verdicts: list[Verdict] | None) -> list[_Group]:
    """One group per matched trip (with verdicts) or per aircraft (without)."""
    flights_by: dict[str, list[Flight]] = defaultdict(list)
    stays_by: dict[str, list[GroundStay]] = defaultdict(list)
    for f in result.flights:
        flights_by[f.track].append(f)
    for s in result.stays:
        stays_by[s.track].append(s)
    taken: set[str] = set()
    groups: list[_Group] = []

    def per_aircraft(flights: dict[str, list[Flight]], stays: dict[str, list[GroundStay]], note: str) -> None:
        for key in sorted(set(flights) | set(stays)):
            fl = sorted(flights.get(key, []), key=_flight_time)
            st = sorted(stays.get(key, []), key=_stay_time)
            if fl or st:
                name = _aircraft_name(fl, st, key)
                who = _aircraft_key_text(key)
                groups.append(_Group(_slug(f"{name}-{who}{'-' + note if note else ''}", taken),
                                     f"{name} ({who}): {len(fl)} flight(s){', ' + note if note else ''}", fl, st))

    if verdicts is None:
        per_aircraft(flights_by, stays_by, "")
        return groups

    # Matched items per aircraft, then split into trips where they lie far apart in time.
    matched: dict[str, list[tuple[dt.datetime, Verdict]]] = defaultdict(list)
    for v in verdicts:
        if v.flight is not None:
            matched[v.flight.track].append((_flight_time(v.flight), v))
        elif v.stay is not None:
            matched[v.stay.track].append((_stay_time(v.stay), v))
    for key in sorted(matched):
        items = sorted(matched[key], key=lambda x: x[0])
        trips: list[list[tuple[dt.datetime, Verdict]]] = [[items[0]]]
        for item in items[1:]:
            if item[0] - trips[-1][-1][0] > TRIP_SPLIT:
                trips.append([])
            trips[-1].append(item)
        for trip in trips:
            lo, hi = trip[0][0] - dt.timedelta(hours=12), trip[-1][0] + dt.timedelta(days=3)
            ids = {v.flight.id for _, v in trip if v.flight is not None}
            fl = [f for f in flights_by[key] if f.id in ids or lo <= _flight_time(f) <= hi]
            keys = {_stay_key(v.stay) for _, v in trip if v.stay is not None}
            st = [s for s in stays_by[key] if _stay_key(s) in keys or lo <= _stay_time(s) <= hi]
            # A matched record absent from the result (e.g. a verdict loaded from JSON) is still drawn.
            fl += [v.flight for _, v in trip if v.flight is not None and v.flight.id not in {f.id for f in fl}]
            st += [v.stay for _, v in trip if v.stay is not None and _stay_key(v.stay) not in {_stay_key(s) for s in st}]
            fl.sort(key=_flight_time)
            st.sort(key=_stay_time)
            name = _aircraft_name(fl, st, key)
            day = f"{trip[0][0]:%Y-%m-%d}"
            groups.append(_Group(_slug(f"{name}-{day}", taken), f"{name} ({_aircraft_key_text(key)}), trip from {day}", fl, st,
                                 [v for _, v in trip]))
    # What no claim is about is still shown, per aircraft, so the maps never hide data.
    shown_flights = {f.id for g in groups for f in g.flights}
    shown_stays = {_stay_key(s) for g in groups for s in g.stays}
    per_aircraft({k: [f for f in v if f.id not in shown_flights] for k, v in flights_by.items()},
                 {k: [s for s in v if _stay_key(s) not in shown_stays] for k, v in stays_by.items()},
                 "not matched to any claim")
    return groups


# --------------------------------------------------------------------------- drawing


def _new_map(title: str) -> folium.Map:
    m = folium.Map(location=[50, 80], zoom_start=3, tiles=None, control_scale=True, prefer_canvas=False,
                   world_copy_jump=False)
    m.default_js, m.default_css = [], []  # nothing from a CDN: everything is inlined below
    root = m.get_root()
    root.title = esc(title)
    root.header.add_child(_Raw(_offline_head()), name="tracker_offline_assets")
    return m


def _basemap(m: folium.Map, lons: list[float]) -> None:
    group = folium.FeatureGroup(name="Countries (Natural Earth, offline)", control=True, show=True)
    offsets = {0}
    if lons:
        offsets |= {360 * int(np.sign(x)) for x in (min(lons), max(lons)) if abs(x) > 180}
    group.add_child(_Basemap(offsets))
    group.add_to(m)
    folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online, off by default)", overlay=True,
                     control=True, show=False, pane="tracker-tiles").add_to(m)


def _legend_html(title: str, extra: str = "") -> str:
    rows = [f"<div><i style=\"background:{c}\"></i>{esc(label)}</div>" for _, label, c in ALTITUDE_BANDS]
    rows += [f"<div><i style=\"background:{GROUND[1]}\"></i>{esc(GROUND[0])}</div>",
             f"<div><i style=\"background:{UNKNOWN_ALT[1]}\"></i>{esc(UNKNOWN_ALT[0])}</div>",
             "<div><i class=\"gap\"></i>coverage gap (no data)</div>",
             "<div><i class=\"dot\" style=\"background:#1a9641\"></i>takeoff</div>",
             "<div><i class=\"dot\" style=\"border:3px solid #d7191c;width:6px;height:6px\"></i>landing</div>",
             f"<div><i class=\"dot\" style=\"border:4px solid {STAY_COLOUR};width:6px;height:6px\"></i>ground stay</div>",
             f"<div><i class=\"dot\" style=\"background:{CLAIM_COLOUR}\"></i>claim; its ring is the outcome:</div>",
             *(f"<div style=\"margin-left:1em\"><i class=\"dot\" style=\"background:{CLAIM_COLOUR};"
               f"box-shadow:0 0 0 3px {colour} inset\"></i>{esc(outcome)}</div>" for outcome, colour in OUTCOME_COLOURS.items()),
             f"<div><i class=\"dot\" style=\"border:2px dashed {CONTRADICTED_COLOUR}\"></i>claimed airport the data contradicts</div>"]
    return f"<h1>{esc(title)}</h1>{extra}<h2>Altitude</h2>" + "".join(rows)


def _flight_popup(flight: Flight, verdicts: list[Verdict]) -> str:
    tz_from, tz_to = _tz(flight.origin.icao if flight.origin else None), _tz(flight.destination.icao if flight.destination else None)
    gaps = "; ".join(f"{_duration(g.end - g.start)} from {g.start:%H:%M} UTC" for g in flight.gaps)
    info = _table_html(f"Flight {flight.id}", [
        ("aircraft", _identity(flight.icao24, flight.registration, flight.callsign, flight.typecode)),
        ("from", _airport_text(flight.origin)),
        ("to", _airport_text(flight.destination)),
        ("takeoff", _window(flight.takeoff, tz_from)),
        ("landing", _window(flight.landing, tz_to)),
        ("points", flight.points),
        ("coverage gaps", gaps or "none"),
        ("source", ", ".join(flight.source)),
    ])
    return _popup(info, *(_verdict_html(v) for v in verdicts))


def _end_popup(flight: Flight, which: str, verdicts: list[Verdict]) -> str:
    ref = flight.origin if which == "takeoff" else flight.destination
    window = flight.takeoff if which == "takeoff" else flight.landing
    tz = _tz(ref.icao if ref else None)
    seen = flight.first_seen if which == "takeoff" else flight.last_seen
    info = _table_html(f"{which.capitalize()}: {_identity(flight.icao24, flight.registration, flight.callsign)}", [
        ("airport", _airport_text(ref)),
        (f"{which} (UTC and local)", _window(window, tz)),
        ("first seen" if which == "takeoff" else "last seen", _moment(seen, tz) if seen else None),
        ("local zone", str(tz) if tz else "unknown (no airport)"),
        ("flight", flight.id),
    ])
    return _popup(info, *(_verdict_html(v) for v in verdicts))


def _stay_popup(stay: GroundStay, verdicts: list[Verdict]) -> str:
    tz = _tz(stay.airport.icao if stay.airport else None)
    info = _table_html(f"Ground stay: {_identity(stay.icao24, stay.registration)}", [
        ("airport", _airport_text(stay.airport)),
        ("arrival", _window(stay.arrival, tz)),
        ("departure", _window(stay.departure, tz)),
        ("dwell", str(stay.dwell_hours)),
        ("evidence", "inferred across a coverage gap (no ground point seen)" if stay.inferred else "ground positions seen"),
        ("arriving flight", stay.arriving_flight),
        ("departing flight", stay.departing_flight),
    ])
    return _popup(info, *(_verdict_html(v) for v in verdicts))


_AIRPORT_FIELDS = ("origin", "destination", "airport", "from", "to")
_ICAO = re.compile(r"\b[A-Z]{4}\b")


def _contradicted_airports(verdict: Verdict) -> list[tuple[str, str]]:
    """(claimed ICAO, check field) for airport checks the data contradicts."""
    found = []
    for check in verdict.checks:
        if check.outcome != "contradicted" or not any(k in check.field.lower() for k in _AIRPORT_FIELDS):
            continue
        observed = set(_ICAO.findall(check.observed or ""))
        for code in _ICAO.findall(check.claimed or ""):
            if code not in observed and airports.get(code) is not None:
                found.append((code, check.field))
    return found


def _stay_point(stay: GroundStay) -> list[float] | None:
    ref = stay.airport
    if ref and ref.lat is not None and ref.lon is not None:
        return [ref.lat, ref.lon]
    airport = airports.get(ref.icao if ref else None)
    return [airport.lat, airport.lon] if airport else None


def _airport_point(ref: AirportRef | None, near: float | None = None) -> list[float] | None:
    if ref is None:
        return None
    if ref.lat is not None and ref.lon is not None:
        lat, lon = ref.lat, ref.lon
    else:
        airport = airports.get(ref.icao)
        if airport is None:
            return None
        lat, lon = airport.lat, airport.lon
    return [lat, _near(lon, near) if near is not None else lon]


def _draw_group(m: folium.Map, group: _Group, tracks: dict[str, pd.DataFrame], light: bool = False) -> list[list[float]]:
    """Flights, gaps, takeoff/landing, stays and claims of one group; returns points to fit."""
    by_flight: dict[str, list[Verdict]] = defaultdict(list)
    by_stay: dict[tuple, list[Verdict]] = defaultdict(list)
    for v in group.verdicts:
        if v.flight is not None:
            by_flight[v.flight.id].append(v)
        elif v.stay is not None:
            by_stay[_stay_key(v.stay)].append(v)

    label = esc(group.title)
    tracks_fg = folium.FeatureGroup(name=f"Flight paths: {label}").add_to(m)
    gaps_fg = folium.FeatureGroup(name=f"Coverage gaps: {label}").add_to(m)
    ends_fg = folium.FeatureGroup(name=f"Takeoff and landing: {label}").add_to(m)
    # Stays are drawn above the takeoff/landing markers at the same airport, but only their ring
    # takes clicks (CSS pointer-events: stroke), so the markers inside stay clickable.
    stays_fg = folium.FeatureGroup(name=f"Ground stays: {label}").add_to(m)
    fit: list[list[float]] = []
    weight = 2 if light else 4
    slider_flights: list[dict[str, Any]] = []
    slider_stays: list[list[Any]] = []

    for flight in group.flights:
        drawn = _draw_geometry(_points(tracks, flight), flight)
        slider_flights.append({"name": _identity(flight.icao24, flight.registration, flight.callsign),
                               "points": drawn.samples,
                               "gaps": [[_unix(g.start), _unix(g.end)] for g in flight.gaps]})
        popup = _flight_popup(flight, by_flight.get(flight.id, []))
        path = folium.FeatureGroup(name=esc(flight.id), control=False).add_to(tracks_fg)
        for band, coords in drawn.runs:
            band_label, colour = _band_style(band)
            line = folium.PolyLine(coords, color=colour, weight=weight, opacity=0.95, class_name="flight-path")
            line.add_child(_Tooltip(esc(f"{_identity(flight.icao24, flight.registration, flight.callsign)} · {band_label}")))
            line.add_to(path)
        path.add_child(_Popup(popup))
        for gap, coords in drawn.gaps:
            text = f"coverage gap {_duration(gap.end - gap.start)}: {gap.start:%Y-%m-%d %H:%M}–{gap.end:%H:%M} UTC"
            line = folium.PolyLine(coords, class_name="coverage-gap", **GAP_STYLE)
            line.add_child(_Tooltip(esc(text)))
            line.add_child(_Popup(_popup(_table_html("Coverage gap", [
                ("flight", flight.id), ("no data for", _duration(gap.end - gap.start)),
                ("from", _moment(gap.start, None)), ("to", _moment(gap.end, None))]))))
            line.add_to(gaps_fg)
        ref_lon = drawn.first[1] if drawn.first else None
        start = _airport_point(flight.origin, ref_lon) or drawn.first
        end = _airport_point(flight.destination, drawn.last[1] if drawn.last else None) or drawn.last
        for which, point in (("takeoff", start), ("landing", end)):
            if point is None:
                continue
            # Takeoff a dot, landing a ring around it, a stay a wider ring: where a flight lands and
            # the next takes off, all three share a point and each can still be clicked.
            marker = folium.CircleMarker(point, class_name=which, **END_STYLES[which])
            marker.add_child(_Tooltip(esc(f"{which} {_window(getattr(flight, which), None).splitlines()[0]}")))
            marker.add_child(_Popup(_end_popup(flight, which, by_flight.get(flight.id, []))))
            marker.add_to(ends_fg)
            fit.append(point)
        fit += drawn.bounds

    for stay in group.stays:
        point = _stay_point(stay)
        if point is None:
            continue
        # Pixel radius, not metres: a stay stays visible on a continent-wide view.
        circle = folium.CircleMarker(point, radius=13, color=STAY_COLOUR, weight=6, opacity=0.85, fill=True,
                                     fill_opacity=0.25, class_name="ground-stay")
        circle.add_child(_Tooltip(esc(f"ground stay {stay.airport.icao if stay.airport else ''}: {stay.dwell_hours}")))
        circle.add_child(_Popup(_stay_popup(stay, by_stay.get(_stay_key(stay), []))))
        circle.add_to(stays_fg)
        fit.append(point)
        start = _unix(stay.arrival.earliest or stay.arrival.latest)
        end = _unix(stay.departure.latest or stay.departure.earliest)
        if start is not None and end is not None:
            slider_stays.append([start, end, point[0], point[1], stay.airport.icao if stay.airport else "an unknown airport"])

    if group.verdicts:
        _draw_claims(m, group, label, fit)
    if not light and any(f["points"] for f in slider_flights):
        m.add_child(_TimeSlider(slider_flights, slider_stays))
    return fit


def _draw_claims(m: folium.Map, group: _Group, label: str, fit: list[list[float]]) -> None:
    """A marker per claim where the evidence lies, and contradicted claimed airports apart."""
    claims_fg = folium.FeatureGroup(name=f"Claims: {label}").add_to(m)
    wrong_fg = folium.FeatureGroup(name=f"Claimed airports the data contradicts: {label}").add_to(m)
    for i, verdict in enumerate(group.verdicts):
        if verdict.stay is not None:
            point = _stay_point(verdict.stay)
        elif verdict.flight is not None:
            f = verdict.flight
            point = _airport_point(f.destination) or _airport_point(f.origin)
        else:
            point = None
        if point is None:
            continue
        # Claims about the same place sit side by side, a fixed number of pixels apart at any zoom.
        ring = OUTCOME_COLOURS.get(verdict.outcome, "#000")
        dot = (f"<div style=\"width:10px;height:10px;border-radius:50%;background:{CLAIM_COLOUR};"
               f"border:3px solid {ring}\"></div>")
        marker = folium.Marker(point, icon=folium.DivIcon(html=dot, icon_size=(16, 16), icon_anchor=(-10 - 18 * i, 8),
                                                          class_name="claim-marker"))
        marker.add_child(_Tooltip(esc(f"claim {verdict.claim_id}: {verdict.outcome}")))
        marker.add_child(_Popup(_popup(_verdict_html(verdict))))
        marker.add_to(claims_fg)
        for code, check_field in _contradicted_airports(verdict):
            airport = airports.get(code)
            where = [airport.lat, _near(airport.lon, point[1])]
            ring = folium.CircleMarker(where, radius=9, color=CONTRADICTED_COLOUR, weight=2, dash_array="4 4",
                                       fill=True, fill_color="#ffffff", fill_opacity=0.6, class_name="claimed-airport")
            ring.add_child(_Tooltip(esc(f"claimed {check_field}: {code} {airport.name} (contradicted by the data)")))
            ring.add_child(_Popup(_popup(_table_html(f"Claimed {check_field}, contradicted", [
                ("claimed airport", f"{code} {airport.name}")]), _verdict_html(verdict))))
            ring.add_to(wrong_fg)
            folium.PolyLine([where, point], color=CONTRADICTED_COLOUR, weight=1, dash_array="2 6",
                            class_name="claimed-link").add_to(wrong_fg)
            fit.append(where)


def _fit(m: folium.Map, fit: list[list[float]]) -> None:
    if not fit:
        m.fit_bounds([[35, 20], [65, 140]])
        return
    arr = np.array(fit, dtype=float)
    lo, hi = arr.min(axis=0), arr.max(axis=0)
    pad = np.maximum((hi - lo) * 0.08, 0.3)
    m.fit_bounds([(lo - pad).tolist(), (hi + pad).tolist()])


_FOLIUM_ID = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def _stable_ids(html: str) -> str:
    """folium names every element with a random uuid; number them in page order instead,
    so the same data gives the same bytes (regenerated maps do not churn in git)."""
    numbering: dict[str, str] = {}
    return _FOLIUM_ID.sub(lambda m: numbering.setdefault(m.group(0), f"{len(numbering) + 1:032x}"), html)


_TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")


def _template_syntax(value: object, seen: set[int]) -> str | None:
    """The first string inside `value` (element data, options, names) that Jinja2 would read as syntax."""
    if isinstance(value, str):
        return value if _TEMPLATE_SYNTAX.search(value) else None
    if id(value) in seen:
        return None
    seen.add(id(value))
    if isinstance(value, dict):
        items: Iterable[object] = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set)):
        items = value
    elif isinstance(value, Element):
        items = [v for k, v in vars(value).items() if k not in ("_parent", "_template")]
    else:
        return None
    for item in items:
        found = _template_syntax(item, seen)
        if found is not None:
            return found
    return None


def _render(m: folium.Map) -> str:
    """The one place a page is rendered: refuse if any data would reach branca's Jinja2 as syntax.

    branca renders each element's script output as a template a second time, so any
    `{{`, `{%` or `{#` left in element data would execute in this process. `esc` and
    `_script_json` remove them; this check makes a missed path fail loudly instead.
    """
    root = m.get_root()
    found = _template_syntax(root, set())
    if found is not None:
        raise RuntimeError(f"map element data would be read as a template: {found[:80]!r}")
    return root.render()


def _save(m: folium.Map, path: Path) -> Path:
    html = _stable_ids(_render(m))
    if re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", html, re.I):
        raise RuntimeError("a map page would load a script or stylesheet from outside the page")
    path.parent.mkdir(parents=True, exist_ok=True)
    return files.write_text(path, html)  # refuses symlinks, user files, a page written twice


def _outcome_counts(verdicts: list[Verdict]) -> str:
    return ", ".join(f"{n} {o}" for o, n in outcome_counts(verdicts).items() if n)


def write_maps(target: Path, result: FlightsResult, table: pd.DataFrame,
               verdicts: list[Verdict] | None = None) -> list[Path]:
    """One page per matched trip (or per aircraft without verdicts) beside `target`, and the overview at `target`."""
    target = Path(target)
    if target.exists() and target.is_dir():
        raise TrackerError("the map path is a folder; give an .html file for the overview", target)
    tracks = _by_aircraft(table)
    groups = _groups(result, verdicts)
    written: list[Path] = []
    for group in groups:
        m = _new_map(group.title)
        fit = _draw_group(m, group, tracks)
        _basemap(m, [p[1] for p in fit])
        extra = f"<div><a href=\"{esc(target.name)}\">← overview</a></div>"
        if group.verdicts:
            extra += f"<div>claims: {esc(_outcome_counts(group.verdicts))}</div>"
        m.add_child(_Control(_legend_html(group.title, extra), "bottomleft", "tracker-panel tracker-legend"))
        folium.LayerControl(collapsed=True).add_to(m)
        _fit(m, fit)
        written.append(_save(m, target.with_name(f"{group.slug}.html")))

    m = _new_map("tracker: overview")
    fit: list[list[float]] = []
    for group in groups:
        fit += _draw_group(m, group, tracks, light=True)
    _basemap(m, [p[1] for p in fit])
    links = "".join(f"<li><a class=\"trip-link\" href=\"{esc(p.name)}\">{esc(g.title)}</a>"
                    f"{' — ' + esc(_outcome_counts(g.verdicts)) if g.verdicts else ''}</li>"
                    for g, p in zip(groups, written))
    extra = f"<h2>Maps</h2><ul>{links or '<li>no flights or stays in the data</li>'}</ul>"
    unmatched = [v for v in verdicts or [] if v.flight is None and v.stay is None]
    if unmatched:
        extra += "<h2>Claims with nothing on the map</h2>" + "".join(
            f"<div class=\"tp\">{_verdict_html(v)}</div>" for v in unmatched)
    m.add_child(_Control(_legend_html("tracker: overview", extra), "bottomleft", "tracker-panel tracker-legend"))
    folium.LayerControl(collapsed=True).add_to(m)
    _fit(m, fit)
    written.append(_save(m, target))
    return written


# --------------------------------------------------------------------------- exports


def _flight_properties(flight: Flight) -> dict[str, Any]:
    return {
        "kind": "flight", "id": flight.id, "icao24": flight.icao24, "registration": flight.registration,
        "callsign": flight.callsign, "typecode": flight.typecode,
        "origin": flight.origin.icao if flight.origin else None,
        "destination": flight.destination.icao if flight.destination else None,
        "takeoff_earliest": iso(flight.takeoff.earliest), "takeoff_latest": iso(flight.takeoff.latest),
        "landing_earliest": iso(flight.landing.earliest), "landing_latest": iso(flight.landing.latest),
        "points": flight.points, "gaps": len(flight.gaps),
    }


def _stay_properties(stay: GroundStay) -> dict[str, Any]:
    return {
        "kind": "stay", "icao24": stay.icao24, "registration": stay.registration,
        "airport": stay.airport.icao if stay.airport else None,
        "arrival_earliest": iso(stay.arrival.earliest), "arrival_latest": iso(stay.arrival.latest),
        "departure_earliest": iso(stay.departure.earliest), "departure_latest": iso(stay.departure.latest),
        "dwell_hours_min": stay.dwell_hours.min, "dwell_hours_max": stay.dwell_hours.max,
        "inferred": stay.inferred,
    }


def _export_items(result: FlightsResult, table: pd.DataFrame):
    """(flight, points frame) for every flight, and (stay, [lat, lon]) for every located stay."""
    tracks = _by_aircraft(table)
    flights = [(f, _points(tracks, f)) for f in result.flights]
    stays = [(s, p) for s in result.stays if (p := _stay_point(s)) is not None]
    return flights, stays


def write_geojson(path: Path, result: FlightsResult, table: pd.DataFrame) -> Path:
    """Flights as (Multi)LineStrings cut at the antimeridian, gaps as LineStrings, stays as Points."""
    flights, stays = _export_items(result, table)
    features = []
    for flight, points in flights:
        parts = split_antimeridian(points["lon"].to_numpy(dtype=float), points["lat"].to_numpy(dtype=float))
        parts = [part for part in parts if len(part) >= 2]
        geometry = (None if not parts else {"type": "LineString", "coordinates": parts[0]} if len(parts) == 1
                    else {"type": "MultiLineString", "coordinates": parts})
        features.append({"type": "Feature", "geometry": geometry, "properties": _flight_properties(flight)})
        for gap, coords in _draw_geometry(points, flight).gaps:
            line = [[((lon + 180) % 360) - 180, lat] for lat, lon in coords]
            features.append({"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
                             "properties": {"kind": "gap", "flight": flight.id, "start": iso(gap.start),
                                            "end": iso(gap.end), "minutes": round(gap.minutes, 1)}})
    for stay, (lat, lon) in stays:
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
                         "properties": _stay_properties(stay)})
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return files.write_text(path, json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False,
                                             separators=(",", ":")))


KML_NS = "http://www.opengis.net/kml/2.2"


def _kml_span(mark: ET.Element, begin: dt.datetime | None, end: dt.datetime | None) -> None:
    """A TimeSpan for Google Earth's time slider; an unknown end is left out, not written empty."""
    if begin is None and end is None:
        return
    span = ET.SubElement(mark, f"{{{KML_NS}}}TimeSpan")
    for tag, value in (("begin", begin), ("end", end)):
        if value is not None:
            ET.SubElement(span, f"{{{KML_NS}}}{tag}").text = iso(value)


def write_kml(path: Path, result: FlightsResult, table: pd.DataFrame) -> Path:
    """KML 2.2 (Google Earth): a folder of flights (altitude-true lines, TimeSpans) and one of stays."""
    ET.register_namespace("", KML_NS)
    k = lambda tag: f"{{{KML_NS}}}{tag}"  # noqa: E731
    flights, stays = _export_items(result, table)
    kml = ET.Element(k("kml"))
    doc = ET.SubElement(kml, k("Document"))
    ET.SubElement(doc, k("name")).text = "tracker: flights and ground stays"
    for style_id, colour, width in (("flight", "ff0066ff", "3"), ("stay", "ffac6621", "2")):
        style = ET.SubElement(doc, k("Style"), id=style_id)
        line = ET.SubElement(style, k("LineStyle"))
        ET.SubElement(line, k("color")).text = colour
        ET.SubElement(line, k("width")).text = width
    folder = ET.SubElement(doc, k("Folder"))
    ET.SubElement(folder, k("name")).text = "Flights"
    for flight, points in flights:
        mark = ET.SubElement(folder, k("Placemark"))
        ET.SubElement(mark, k("name")).text = " ".join(x for x in (flight.registration or flight.icao24, flight.callsign,
                                                                     _airport_text(flight.origin).split(" ")[0], "→",
                                                                     _airport_text(flight.destination).split(" ")[0]) if x)
        ET.SubElement(mark, k("description")).text = "\n".join(f"{key}: {val}" for key, val in _flight_properties(flight).items() if val is not None)
        ET.SubElement(mark, k("styleUrl")).text = "#flight"
        _kml_span(mark, *_span(flight))
        if len(points) >= 2:
            alt_m = points["alt_ft"].to_numpy(dtype=float, na_value=np.nan) * 0.3048
            has_alt = bool(np.isfinite(alt_m).all())
            line = ET.SubElement(mark, k("LineString"))
            ET.SubElement(line, k("tessellate")).text = "1"
            ET.SubElement(line, k("altitudeMode")).text = "absolute" if has_alt else "clampToGround"
            lon, lat = points["lon"].to_numpy(dtype=float), points["lat"].to_numpy(dtype=float)
            alt = np.nan_to_num(alt_m) if has_alt else np.zeros(len(lon))
            ET.SubElement(line, k("coordinates")).text = " ".join(
                f"{x:.6f},{y:.6f},{z:.0f}" for x, y, z in zip(lon, lat, alt))
    folder = ET.SubElement(doc, k("Folder"))
    ET.SubElement(folder, k("name")).text = "Ground stays"
    for stay, (lat, lon) in stays:
        mark = ET.SubElement(folder, k("Placemark"))
        ET.SubElement(mark, k("name")).text = (f"{stay.registration or stay.icao24 or describe_track(stay.track)} at "
                                               f"{stay.airport.icao if stay.airport else '?'}: {stay.dwell_hours}")
        ET.SubElement(mark, k("description")).text = "\n".join(f"{key}: {val}" for key, val in _stay_properties(stay).items() if val is not None)
        ET.SubElement(mark, k("styleUrl")).text = "#stay"
        _kml_span(mark, stay.arrival.earliest or stay.arrival.latest, stay.departure.latest or stay.departure.earliest)
        point = ET.SubElement(mark, k("Point"))
        ET.SubElement(point, k("coordinates")).text = f"{lon:.6f},{lat:.6f},0"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    files.xml_clean_tree(kml)  # ESC in a registration would make the file invalid XML
    return files.write_bytes(path, ET.tostring(kml, encoding="utf-8", xml_declaration=True))
