"""Maps of what the tracks show and what the articles claim: grouping into pages, drawing.

One page per matched trip (or per aircraft when there are no verdicts) and an overview.
Page plumbing (escaping, elements, the render guard) is in `output.page`, track geometry
in `output.tracks`, GeoJSON/KML in `output.export`. All untrusted text passes through
`esc` before it enters any HTML; every element takes its HTML as a JSON string.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable
from zoneinfo import ZoneInfo

import folium
import numpy as np
import pandas as pd

from tracker import airports
from tracker.errors import InputError
from tracker.geo import near_lon
from tracker.output import fmt
from tracker.model import AirportRef, Flight, FlightsResult, GroundStay, TimeWindow, Verdict, describe_track, iso, outcome_counts
from tracker.output.page import Basemap, Control, Label, Popup, TimeSlider, Tooltip, esc, new_map, page_html, save, unix
from tracker.output.tracks import ALTITUDE_BANDS, airport_point, by_aircraft, draw_geometry, points_of, span, stay_point

# --------------------------------------------------------------------------- legend data

GROUND = ("on the ground", "#4d4d4d")
UNKNOWN_ALT = ("altitude unknown", "#7b68ee")
GAP_STYLE = {"color": "#333333", "weight": 2, "dash_array": "6 8", "opacity": 0.9}
STAY_COLOUR = "#2166ac"
END_STYLES: dict[str, dict[str, Any]] = {
    "takeoff": {"radius": 5, "color": "#ffffff", "weight": 1.5, "fill": True, "fill_color": "#1a9641", "fill_opacity": 1},
    "landing": {"radius": 8, "color": "#d7191c", "weight": 4, "fill": False},
}
CLAIM_COLOUR = "#7b3294"
CONTRADICTED_COLOUR = "#d7191c"
OUTCOME_COLOURS = {"supported": "#1a9641", "contradicted": "#d7191c", "inconclusive": "#fdae61", "no-data": "#878787"}
MAP_PAGE_GAP = dt.timedelta(days=7)  # matched flights/stays further apart than this get separate pages


def _band_style(index: int) -> tuple[str, str]:
    if index < len(ALTITUDE_BANDS):
        return ALTITUDE_BANDS[index][1], ALTITUDE_BANDS[index][2]
    return GROUND if index == len(ALTITUDE_BANDS) else UNKNOWN_ALT


# --------------------------------------------------------------------------- text


def _tz(icao: str | None) -> ZoneInfo | None:
    airport = airports.get(icao)
    try:
        return ZoneInfo(airport.tz) if airport and airport.tz else None
    except (KeyError, ValueError):
        return None


def _moment(when: dt.datetime | None, tz: ZoneInfo | None, seconds: bool = False) -> str:
    if when is None:
        return "unknown"
    spec = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M"
    text = f"{when:{spec}} UTC"
    if tz is not None:
        local = when.astimezone(tz)
        text += f" ({local:{spec}} {local.tzname()} local)"
    return text


def _duration(delta: dt.timedelta) -> str:
    """`2 h 05 min`, `12 min`, or `40 s` under a minute (never "0 min" for a window that has a width)."""
    total = abs(delta.total_seconds())
    if total < 60:
        return f"{total:.0f} s"
    minutes = int(round(total / 60))
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min"


def _window(window: TimeWindow | None, tz: ZoneInfo | None) -> str:
    """A window in words whose ends and width agree: to the second when the ends share a minute
    or lie under ten minutes apart, so no popup says "between 08:01 and 08:02 (window 0 min)"."""
    if window is None or (window.earliest is None and window.latest is None):
        return "unknown"
    if window.earliest is None or window.latest is None:
        return f"after {_moment(window.earliest, tz)}" if window.latest is None else f"before {_moment(window.latest, tz)}"
    if window.earliest == window.latest:
        return _moment(window.earliest, tz, seconds=True)
    width = window.latest - window.earliest
    fine = width < dt.timedelta(minutes=10)
    return (f"between {_moment(window.earliest, tz, fine)}\nand {_moment(window.latest, tz, fine)}"
            f"\n(window {_duration(width)})")


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


# --------------------------------------------------------------------------- grouping


def _stay_key(stay: GroundStay) -> tuple:
    return (stay.track, stay.airport.icao if stay.airport else None, iso(stay.arrival.earliest), iso(stay.departure.latest))


def _stay_time(stay: GroundStay) -> dt.datetime:
    return stay.arrival.earliest or stay.arrival.latest or stay.departure.earliest or dt.datetime.max.replace(tzinfo=dt.timezone.utc)


def _flight_time(flight: Flight) -> dt.datetime:
    return span(flight)[0] or flight.landing.earliest or dt.datetime.max.replace(tzinfo=dt.timezone.utc)


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
    reg = next((r for r in [*(f.registration for f in flights), *(s.registration for s in stays)] if r), None)
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
        flights_by[f.track or ""].append(f)
    for s in result.stays:
        stays_by[s.track or ""].append(s)
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
            matched[v.flight.track or ""].append((_flight_time(v.flight), v))
        elif v.stay is not None:
            matched[v.stay.track or ""].append((_stay_time(v.stay), v))
    for key in sorted(matched):
        items = sorted(matched[key], key=lambda x: x[0])
        trips: list[list[tuple[dt.datetime, Verdict]]] = [[items[0]]]
        for item in items[1:]:
            if item[0] - trips[-1][-1][0] > MAP_PAGE_GAP:
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


def _basemap(m: folium.Map, lons: list[float]) -> None:
    group = folium.FeatureGroup(name="Countries (Natural Earth, offline)", control=True, show=True)
    offsets = {0}
    if lons:
        offsets |= {360 * int(np.sign(x)) for x in (min(lons), max(lons)) if abs(x) > 180}
    group.add_child(Basemap(offsets))
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
    # The key folds away (a <details> element) so it never covers a quarter of the map; the title,
    # the claim counts and the links stay in view.
    return (f"<h1>{esc(title)}</h1>{extra}<details class=\"legend-key\"><summary>Legend</summary>"
            "<h2>Altitude</h2>" + "".join(rows) + "</details>")


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
        ("evidence", fmt.stay_evidence(stay) if stay.unseen else
         "inferred across a coverage gap (no ground point seen)" if stay.inferred else "ground positions seen"),
        ("arriving flight", stay.arriving_flight),
        ("departing flight", stay.departing_flight),
    ])
    return _popup(info, *(_verdict_html(v) for v in verdicts))


def _contradicted_airports(verdict: Verdict) -> list[tuple[str, str]]:
    """(claimed ICAO, check field) for place checks the data contradicts, from the check's fields."""
    found = []
    for check in verdict.checks:
        if check.outcome != "contradicted" or check.field not in ("origin", "destination"):
            continue
        found += [(code, check.field) for code in check.claimed_airports
                  if code != check.observed_icao and airports.get(code) is not None]
    return found


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
        drawn = draw_geometry(points_of(tracks, flight), flight)
        slider_flights.append({"name": _identity(flight.icao24, flight.registration, flight.callsign),
                               "points": drawn.samples,
                               "gaps": [[unix(g.start), unix(g.end)] for g in flight.gaps]})
        popup = _flight_popup(flight, by_flight.get(flight.id, []))
        path = folium.FeatureGroup(name=esc(flight.id), control=False).add_to(tracks_fg)
        for band, coords in drawn.runs:
            band_label, colour = _band_style(band)
            line = folium.PolyLine(coords, color=colour, weight=weight, opacity=0.95, class_name="flight-path")
            line.add_child(Tooltip(esc(f"{_identity(flight.icao24, flight.registration, flight.callsign)} · {band_label}")))
            line.add_to(path)
        path.add_child(Popup(popup))
        for gap, coords in drawn.gaps:
            text = f"coverage gap {_duration(gap.end - gap.start)}: {gap.start:%Y-%m-%d %H:%M}–{gap.end:%H:%M} UTC"
            line = folium.PolyLine(coords, class_name="coverage-gap", **GAP_STYLE)
            line.add_child(Tooltip(esc(text)))
            line.add_child(Popup(_popup(_table_html("Coverage gap", [
                ("flight", flight.id), ("no data for", _duration(gap.end - gap.start)),
                ("from", _moment(gap.start, None)), ("to", _moment(gap.end, None))]))))
            line.add_to(gaps_fg)
        ref_lon = drawn.first[1] if drawn.first else None
        start = airport_point(flight.origin, ref_lon) or drawn.first
        end = airport_point(flight.destination, drawn.last[1] if drawn.last else None) or drawn.last
        for which, point in (("takeoff", start), ("landing", end)):
            if point is None:
                continue
            # Takeoff a dot, landing a ring around it, a stay a wider ring: where a flight lands and
            # the next takes off, all three share a point and each can still be clicked.
            marker = folium.CircleMarker(point, class_name=which, **END_STYLES[which])
            marker.add_child(Tooltip(esc(f"{which} {_window(getattr(flight, which), None).splitlines()[0]}")))
            marker.add_child(Popup(_end_popup(flight, which, by_flight.get(flight.id, []))))
            marker.add_to(ends_fg)
            fit.append(point)
        fit += drawn.bounds

    for stay in group.stays:
        point = stay_point(stay)
        if point is None:
            continue
        # Pixel radius, not metres: a stay stays visible on a continent-wide view.
        circle = folium.CircleMarker(point, radius=13, color=STAY_COLOUR, weight=6, opacity=0.85, fill=True,
                                     fill_opacity=0.25, class_name="ground-stay")
        circle.add_child(Tooltip(esc(f"ground stay {stay.airport.icao if stay.airport else ''}: {stay.dwell_hours}")))
        circle.add_child(Popup(_stay_popup(stay, by_stay.get(_stay_key(stay), []))))
        circle.add_to(stays_fg)
        fit.append(point)
        begins = unix(stay.arrival.earliest or stay.arrival.latest)
        ends = unix(stay.departure.latest or stay.departure.earliest)
        if begins is not None and ends is not None:
            slider_stays.append([begins, ends, point[0], point[1], stay.airport.icao if stay.airport else "an unknown airport"])

    _label_airports(m, group)
    if group.verdicts:
        _draw_claims(m, group, label, fit)
    if not light and any(f["points"] for f in slider_flights):
        m.add_child(TimeSlider(slider_flights, slider_stays))
    return fit


def _label_airports(m: folium.Map, group: _Group) -> None:
    """A permanent label beside each airport the group's flights and stays use: ICAO and city."""
    refs: dict[str, AirportRef] = {}
    for f in group.flights:
        for ref in (f.origin, f.destination):
            if ref is not None and ref.icao:
                refs.setdefault(ref.icao, ref)
    for s in group.stays:
        if s.airport is not None and s.airport.icao:
            refs.setdefault(s.airport.icao, s.airport)
    labels = folium.FeatureGroup(name="Airport labels").add_to(m)
    for icao, ref in sorted(refs.items()):
        point = airport_point(ref)
        if point is None:
            continue
        info = airports.get(icao)
        city = info.city if info and info.city else (ref.name or "")
        anchor = folium.CircleMarker(point, radius=1, opacity=0, fill=False, interactive=False, class_name="airport-anchor")
        anchor.add_child(Label(esc(f"{icao} {city}".strip())))
        anchor.add_to(labels)


def _draw_claims(m: folium.Map, group: _Group, label: str, fit: list[list[float]]) -> None:
    """A marker per claim where the evidence lies, and contradicted claimed airports apart."""
    claims_fg = folium.FeatureGroup(name=f"Claims: {label}").add_to(m)
    wrong_fg = folium.FeatureGroup(name=f"Claimed airports the data contradicts: {label}").add_to(m)
    for i, verdict in enumerate(group.verdicts):
        if verdict.stay is not None:
            point = stay_point(verdict.stay)
        elif verdict.flight is not None:
            f = verdict.flight
            point = airport_point(f.destination) or airport_point(f.origin)
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
        marker.add_child(Tooltip(esc(f"claim {verdict.claim_id}: {verdict.outcome}")))
        marker.add_child(Popup(_popup(_verdict_html(verdict))))
        marker.add_to(claims_fg)
        for code, check_field in _contradicted_airports(verdict):
            airport = airports.get(code)
            where = [airport.lat, near_lon(airport.lon, point[1])]
            ring = folium.CircleMarker(where, radius=9, color=CONTRADICTED_COLOUR, weight=2, dash_array="4 4",
                                       fill=True, fill_color="#ffffff", fill_opacity=0.6, class_name="claimed-airport")
            ring.add_child(Tooltip(esc(f"claimed {check_field}: {code} {airport.name} (contradicted by the data)")))
            ring.add_child(Popup(_popup(_table_html(f"Claimed {check_field}, contradicted", [
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


def _outcome_counts(verdicts: list[Verdict]) -> str:
    return ", ".join(f"{n} {o}" for o, n in outcome_counts(verdicts).items() if n)


def build(result: FlightsResult, table: pd.DataFrame, verdicts: list[Verdict] | None = None,
          trip: int | None = None) -> folium.Map:
    """One map for a notebook (display it, or `.save("x.html")`): the overview of everything,
    or with `trip=i` the i-th page `write_maps` would write (0-based, in the overview's order).
    The map is offline and guarded exactly as the written pages are."""
    tracks = by_aircraft(table)
    groups = _groups(result, verdicts)
    if trip is None:
        return _overview(groups, tracks, verdicts, [])
    return _trip(groups[trip], tracks, None)


def trip_pages(result: FlightsResult, table: pd.DataFrame, verdicts: list[Verdict]) -> list[tuple[str, list[Verdict], str]]:
    """(title, verdicts, page HTML) for every trip a claim was matched to: what a report embeds."""
    tracks = by_aircraft(table)
    return [(g.title, g.verdicts, page_html(_trip(g, tracks, None))) for g in _groups(result, verdicts) if g.verdicts]


def stale_pages(target: Path, written: list[Path]) -> list[Path]:
    """Map pages beside `target` that an earlier run wrote and this run did not: listed, not deleted
    (the user may still want them), so that the overview never hides that they are out of date."""
    keep = {p.resolve() for p in written} | {Path(target).resolve()}
    found = []
    for page in sorted(Path(target).parent.glob("*.html")):
        if page.resolve() in keep:
            continue
        try:
            with open(page, encoding="utf-8", errors="replace") as handle:
                ours = "tracker-legend" in handle.read()
        except OSError:
            continue
        if ours:
            found.append(page)
    return found


def _trip(group: _Group, tracks: dict[str, pd.DataFrame], overview: str | None) -> folium.Map:
    m = new_map(group.title)
    fit = _draw_group(m, group, tracks)
    _basemap(m, [p[1] for p in fit])
    extra = f"<div><a href=\"{esc(overview)}\">← overview</a></div>" if overview else ""
    if group.verdicts:
        extra += f"<div>claims: {esc(_outcome_counts(group.verdicts))}</div>"
    m.add_child(Control(_legend_html(group.title, extra), "bottomleft", "tracker-panel tracker-legend"))
    folium.LayerControl(collapsed=True).add_to(m)
    _fit(m, fit)
    return m


def _overview(groups: list[_Group], tracks: dict[str, pd.DataFrame], verdicts: list[Verdict] | None,
              pages: list[Path], stale: list[Path] | None = None) -> folium.Map:
    """Every group drawn light, a list of the trips (linked to their `pages` when written)."""
    m = new_map("tracker: overview")
    fit: list[list[float]] = []
    for group in groups:
        fit += _draw_group(m, group, tracks, light=True)
    _basemap(m, [p[1] for p in fit])
    if pages:
        links = "".join(f"<li><a class=\"trip-link\" href=\"{esc(p.name)}\">{esc(g.title)}</a>"
                        f"{' — ' + esc(_outcome_counts(g.verdicts)) if g.verdicts else ''}</li>"
                        for g, p in zip(groups, pages))
    else:
        links = "".join(f"<li>{esc(g.title)}{' — ' + esc(_outcome_counts(g.verdicts)) if g.verdicts else ''}</li>"
                        for g in groups)
    extra = f"<h2>Maps</h2><ul>{links or '<li>no flights or stays in the data</li>'}</ul>"
    if stale:
        extra += ("<h2>Stale pages (an earlier run; not rewritten by this one)</h2><ul>"
                  + "".join(f"<li><a class=\"stale-link\" href=\"{esc(p.name)}\">{esc(p.name)}</a> (stale)</li>" for p in stale)
                  + "</ul>")
    unmatched = [v for v in verdicts or [] if v.flight is None and v.stay is None]
    if unmatched:
        extra += "<h2>Claims with nothing on the map</h2>" + "".join(
            f"<div class=\"tp\">{_verdict_html(v)}</div>" for v in unmatched)
    m.add_child(Control(_legend_html("tracker: overview", extra), "bottomleft", "tracker-panel tracker-legend"))
    folium.LayerControl(collapsed=True).add_to(m)
    _fit(m, fit)
    return m


def write_maps(target: Path, result: FlightsResult, table: pd.DataFrame,
               verdicts: list[Verdict] | None = None) -> list[Path]:
    """One page per matched trip (or per aircraft without verdicts) beside `target`, and the overview at `target`."""
    target = Path(target)
    if target.exists() and target.is_dir():
        raise InputError("the map path is a folder; give an .html file for the overview", target)
    tracks = by_aircraft(table)
    groups = _groups(result, verdicts)
    written = [save(_trip(g, tracks, target.name), target.with_name(f"{g.slug}.html")) for g in groups]
    written.append(save(_overview(groups, tracks, verdicts, written, stale_pages(target, written)), target))
    return written
