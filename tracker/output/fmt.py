"""Text for people, made in one place: windows, airports, places, deltas, stay evidence.

Stages hand each other records with numbers (a `Check` carries seconds, hours and km);
only this module turns them into words, so no stage ever parses another's text.
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from tracker.model import AirportRef, Check, GroundStay, Place, TimeWindow, iso

PLACE_AIRPORTS_SHOWN = 8  # "Moscow" is eight airports, "Russia" hundreds: the rest is "…"


def second(moment: dt.datetime | None) -> str:
    """ISO 8601 Z to the second: sub-second digits in a report are noise, not precision."""
    return (iso(moment.replace(microsecond=0)) or "…") if moment else "…"


def window(w: TimeWindow | None) -> str:
    """A window to the second; a window of a minute or less is one moment."""
    if w is None:
        return "unknown"
    if w.width is not None and w.width <= dt.timedelta(minutes=1):
        return second(w.earliest)
    return f"{second(w.earliest)}–{second(w.latest)}"


def window_cell(w: TimeWindow) -> str:
    """A window short enough for a table cell: the date once when both ends share it."""
    lo, hi = iso(w.earliest), iso(w.latest)
    if lo and hi and lo[:10] == hi[:10]:
        return f"{lo[:10]} {lo[11:]}–{hi[11:]}"
    return f"{lo or '…'}–{hi or '…'}"


def local(w: TimeWindow, zone: str | None) -> str:
    """The window again in a place's local time (what the text most likely meant)."""
    if zone is None or w.earliest is None or w.latest is None:
        return ""
    tz = ZoneInfo(zone)
    a, b = w.earliest.astimezone(tz), w.latest.astimezone(tz)
    return f" ({zone.split('/')[-1]} time {a:%d %b %H:%M}–{b:%d %b %H:%M})"


def duration(delta: dt.timedelta) -> str:
    """`2 h 05 min`, sign dropped (the words around it say before or after)."""
    minutes = round(abs(delta.total_seconds()) / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def airport(ref: AirportRef | None) -> str:
    """`ZKPY 0.1 km (or ZKPD 1.5 km)`, or the track's end position when no airport fits."""
    if ref is None:
        return "?"
    if ref.icao is None:
        return f"({ref.lat:.3f}, {ref.lon:.3f})" if ref.lat is not None else "?"
    near = f" {ref.distance_km:.1f} km" if ref.distance_km is not None else ""
    alt = f" (or {ref.runner_up} {ref.runner_up_km:.1f} km)" if ref.runner_up else ""
    return f"{ref.icao}{near}{alt}"


def airport_km(icao: str, distance_km: float | None) -> str:
    """`ZKPY (1.2 km)`: an observed airport and how far the track's evidence lies from it."""
    return icao + (f" ({distance_km:.1f} km)" if distance_km is not None else "")


def place(p: Place | None) -> str:
    """A claimed place as written, with the airports or country it was resolved to."""
    if p is None:
        return "unknown"
    bits = [p.text]
    if p.airports:
        shown = p.airports[:PLACE_AIRPORTS_SHOWN]
        bits.append("= " + ", ".join(shown) + ("…" if len(p.airports) > len(shown) else ""))
    elif p.country:
        bits.append(f"= country {p.country}")
    if p.weak:
        bits.append(f"({p.match} match)")
    return " ".join(bits)


def delta(check: Check) -> str | None:
    """How far the data lies from the claim, from the check's numbers."""
    if check.delta_s is not None:
        if check.delta_s == 0:
            return "inside the claimed interval"
        side = "before the claimed earliest" if check.delta_s < 0 else "after the claimed latest"
        return f"{duration(dt.timedelta(seconds=check.delta_s))} {side}"
    if check.delta_h is not None:
        if check.delta_h == 0:
            return "inside the claimed range"
        side = "shorter than the claimed minimum" if check.delta_h < 0 else "longer than the claimed maximum"
        return f"{abs(check.delta_h):.1f} h {side}"
    if check.distance_km is not None:
        if check.distance_km == 0:
            return "0 km (a claimed airport)"
        return f"{check.distance_km:.0f} km from {'the nearest claimed airport ' if check.outcome == 'contradicted' else ''}" \
               f"{check.nearest_claimed}"
    return None


def exact(check: Check) -> bool:
    """Does the observed value sit exactly on the claim (no distance or time off to mention)?"""
    return not any(x for x in (check.delta_s, check.delta_h, check.distance_km))


def stay_evidence(stay: GroundStay) -> str:
    """How a stay is known: seen on the ground, inferred across a gap, or bounded by a hole."""
    if stay.unseen:
        holes = "; ".join(f"{second(g.start)}–{second(g.end)}" for g in stay.unseen)
        return f"bounded: no recording between {holes}"
    return "inferred across a gap" if stay.inferred else "on the ground"
