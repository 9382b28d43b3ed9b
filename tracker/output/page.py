"""Page plumbing for the maps: the one escape, script-safe JSON, our folium elements, the
offline head, and the one place a page is rendered and saved.

Every HTML page is self-contained and works offline: Leaflet, topojson-client and a
Natural Earth country basemap are vendored in `tracker/assets/` and inlined, and the
default marker icons are data URIs. Popups and tooltips go through our own elements
(`Popup`, `Tooltip`) because folium's escape nothing safely and need jQuery. All
untrusted text (quotes, callsigns, registrations, file names) passes through `esc` before
it enters any HTML, and every string that enters a script is JSON-encoded on top of that
(`script_json`). `render` refuses a page whose element data still holds template syntax.
"""
from __future__ import annotations

import base64
import datetime as dt
import json
import re
from pathlib import Path
from typing import Any, Iterable

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

from tracker import cache
from tracker.output import files
from tracker.paths import asset

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


# --------------------------------------------------------------------------- assets


@cache.persistent(*sorted(p for p in asset().rglob("*") if p.is_file()))
def offline_head() -> str:
    """Leaflet (CSS with images as data URIs), the default icon fix, topojson-client, basemap."""
    leaflet = asset("leaflet")
    css = (leaflet / "leaflet.css").read_text(encoding="utf-8")

    def data_uri(name: str) -> str:
        return "data:image/png;base64," + base64.b64encode((leaflet / "images" / name).read_bytes()).decode()

    css = re.sub(r"url\(images/([\w.-]+)\)", lambda m: f"url({data_uri(m.group(1))})", css)
    icons = json.dumps({"iconUrl": data_uri("marker-icon.png"), "iconRetinaUrl": data_uri("marker-icon-2x.png"),
                        "shadowUrl": data_uri("marker-shadow.png")})
    topo = asset("world-atlas", "countries-50m.json").read_text(encoding="utf-8")
    scripts = [
        (leaflet / "leaflet.js").read_text(encoding="utf-8"),
        f"L.Icon.Default.imagePath = ''; L.Icon.Default.mergeOptions({icons});",
        asset("topojson-client", "topojson-client.min.js").read_text(encoding="utf-8"),
        f"var TRACKER_COUNTRIES = {script_json(json.loads(topo))};",
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
.leaflet-tooltip.airport-label { background: rgba(255,255,255,.8); border: none; box-shadow: none; padding: 0 3px;
  font-size: 11px; font-weight: 600; color: #222; }
.leaflet-tooltip.airport-label::before { display: none; }
.tracker-legend details summary { cursor: pointer; font-weight: 600; margin-top: 4px; }
"""


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')


def script_json(value: Any) -> str:
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


class Raw(Element):
    """Trusted markup placed as is (the vendored head); never used for untrusted text."""

    _template = Template("{{ this.code }}")

    def __init__(self, code: str):
        super().__init__()
        self.code = code


class Popup(MacroElement):
    """A popup whose HTML (built from `esc`-aped parts) enters the script as a JSON string."""

    _template = Template("""{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.bindPopup({{ this.payload }}, {maxWidth: 480, maxHeight: 460, className: {{ this.klass }}});
{% endmacro %}""")

    def __init__(self, html: str, klass: str = "tp-popup"):
        super().__init__()
        self.payload = script_json(html)
        self.klass = script_json(klass)


class Tooltip(MacroElement):
    _template = Template("""{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.bindTooltip({{ this.payload }}, {sticky: true});
{% endmacro %}""")

    def __init__(self, html: str):
        super().__init__()
        self.payload = script_json(html)


class Label(MacroElement):
    """A permanent text label beside a point (airport and city names); text built with `esc`."""

    _template = Template("""{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.bindTooltip({{ this.payload }}, {permanent: true, direction: 'top', offset: [0, -12],
  className: 'airport-label', interactive: false});
{% endmacro %}""")

    def __init__(self, html: str):
        super().__init__()
        self.payload = script_json(html)


class Basemap(MacroElement):
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


class Control(MacroElement):
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
        self.payload = script_json(html)
        self.position = script_json(position)
        self.klass = script_json(klass)


class TimeSlider(MacroElement):
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
        self.payload = script_json({"flights": flights, "stays": stays, "t0": min(times), "t1": max(times)})


def unix(moment: dt.datetime | None) -> int | None:
    return None if moment is None else int(moment.timestamp())


class TrackerMap(folium.Map):
    """A folium map whose every way out (notebook display, `save`) passes the template guard."""

    def _repr_html_(self, **kwargs: Any) -> str:
        check(self)
        return super()._repr_html_(**kwargs)

    def save(self, outfile: Any, close_file: bool = True, **kwargs: Any) -> None:
        save(self, Path(outfile))


def new_map(title: str) -> TrackerMap:
    """An empty map with the offline head and nothing loaded from a CDN."""
    m = TrackerMap(location=[50, 80], zoom_start=3, tiles=None, control_scale=True, prefer_canvas=False,
                   world_copy_jump=False)
    m.default_js, m.default_css = [], []  # nothing from a CDN: everything is inlined below
    root: Any = m.get_root()  # a branca Figure (title, header), typed as its base Element
    root.title = esc(title)
    root.header.add_child(Raw(offline_head()), name="tracker_offline_assets")
    return m


_FOLIUM_ID = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def stable_ids(html: str) -> str:
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


def render(m: folium.Map) -> str:
    """The one place a page is rendered: refuse if any data would reach branca's Jinja2 as syntax.

    branca renders each element's script output as a template a second time, so any
    `{{`, `{%` or `{#` left in element data would execute in this process. `esc` and
    `script_json` remove them; this check makes a missed path fail loudly instead.
    """
    check(m)
    return m.get_root().render()


def check(m: folium.Map) -> None:
    """Raise if any element data (text, options, names) holds `{{`, `{%` or `{#`."""
    found = _template_syntax(m.get_root(), set())
    if found is not None:
        raise RuntimeError(f"map element data would be read as a template: {found[:80]!r}")


def page_html(m: folium.Map) -> str:
    """The page as text: rendered through the guard, stable ids, nothing loaded from outside."""
    html = stable_ids(render(m))
    if re.search(r"<script[^>]*\ssrc=|<link[^>]*\shref=", html, re.I):
        raise RuntimeError("a map page would load a script or stylesheet from outside the page")
    return html


def save(m: folium.Map, path: Path) -> Path:
    html = page_html(m)
    path.parent.mkdir(parents=True, exist_ok=True)
    return files.write_text(path, html)  # refuses symlinks, user files, a page written twice in a run
