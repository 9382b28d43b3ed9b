"""Everything the user reads: rich tables, Markdown, JSON payloads, CSV."""
from __future__ import annotations

import csv
import io
import re
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from tracker.adsb.schema import track_keys
from tracker.adsb.table import text_codes
from tracker.output import files
from tracker.evidence import describe
from tracker.output import fmt
from tracker.output.payload import flights_payload  # noqa: F401 — part of this module's API
from tracker.model import Article, Claim, FlightsResult, ReadReport, Verdict, describe_track, iso, outcome_counts, to_json


# --------------------------------------------------------------------------- claims

def claims_payload(docs: list[Article], found: dict[str, list[Claim]]) -> dict[str, Any]:
    return {
        "articles": [
            {
                "id": doc.id,
                "source": doc.source,
                "language": doc.language,
                "published": doc.published.isoformat() if doc.published else None,
                "claims": [to_json(c) for c in found.get(doc.id, [])],
            }
            for doc in docs
        ]
    }


def _place(place) -> str:
    if place is None:
        return ""
    return f"{place.text} [{', '.join(place.airports[:3])}{'…' if len(place.airports) > 3 else ''}]"


def print_claims(console: Console, docs: list[Article], found: dict[str, list[Claim]]) -> None:
    for doc in docs:
        claims = found.get(doc.id, [])
        table = Table(title=Text(f"{doc.id} ({doc.language}, published {doc.published or 'unknown'}): {len(claims)} claim(s)"),
                      show_lines=True, title_justify="left")
        for col in ("claim", "quote", "identity", "route", "departure / arrival (UTC)", "dwell", "source"):
            table.add_column(col, overflow="fold")
        for c in claims:
            identity = " ".join(x for x in (c.callsign, c.registration, c.aircraft_type) if x)
            route = " → ".join(x for x in (_place(c.origin), _place(c.destination)) if x)
            times = "\n".join(f"{k}: {w}" for k, w in (("dep", c.departure), ("arr", c.arrival)) if w)
            dwell = str(c.dwell_hours) if c.dwell_hours else ""
            source = ", ".join(c.attributed_to) + (" (hedged)" if c.hedged else "")
            quote = c.quote + "".join(f"\n· {n}" for n in c.notes)
            cells = (f"{c.id}\n{c.kind}\ntrip {c.trip}", quote, identity, route, times, dwell, source)
            table.add_row(*(Text(cell) for cell in cells))  # article text is not rich markup
        console.print(table)


# --------------------------------------------------------------------------- tracks

def aircraft_summary(table: pd.DataFrame) -> list[dict[str, Any]]:
    """One row per aircraft: identity, callsigns seen, point count, first and last time."""
    if table.empty:
        return []
    # by track key: FR24 CSV rows have no icao24 and are one aircraft per file and callsign (shown, not dropped)
    keys = track_keys(table)
    runs = _sorted_runs(table, keys)
    if runs is not None:
        return _summary_of_runs(table, keys, runs)
    table = table.assign(track=keys)
    grouped = table.groupby("track", sort=True, dropna=False)
    summary = grouped.agg(
        icao24=("icao24", "first"),
        points=("time", "size"),
        first_seen=("time", "min"),
        last_seen=("time", "max"),
        registration=("registration", "first"),
        typecode=("typecode", "first"),
    )
    callsigns = pd.Series(_callsigns(grouped.ngroup().to_numpy(), table["callsign"], len(summary)), index=summary.index)
    columns = [summary[name].tolist() for name in ("icao24", "registration", "typecode", "points", "first_seen", "last_seen")]
    return [  # column lists, not `iterrows` (a Series per aircraft: 0.35 s for 2,000 aircraft)
        {
            "icao24": None if pd.isna(icao24) else icao24,
            "track": None if pd.isna(key) else key,
            "registration": None if pd.isna(registration) else registration,
            "typecode": None if pd.isna(typecode) else typecode,
            "callsigns": calls,
            "points": int(points),
            "first_seen": iso(first_seen.to_pydatetime()),
            "last_seen": iso(last_seen.to_pydatetime()),
        }
        for key, calls, icao24, registration, typecode, points, first_seen, last_seen
        in zip(summary.index, callsigns.tolist(), *columns)
    ]


def _sorted_runs(table: pd.DataFrame, keys: pd.Series) -> np.ndarray | None:
    """Where each aircraft's rows start, when the table is sorted by track key with none missing
    (as `tracker.adsb.read` returns it) and every time is known in UTC; else None."""
    import pyarrow as pa
    import pyarrow.compute as pc

    time = table["time"]
    if len(keys) < 2 or str(time.dtype) not in ("datetime64[ns, UTC]", "datetime64[us, UTC]") or time.isna().any():
        return None
    try:
        text = pa.array(keys.array, type=pa.large_string(), from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError):
        return None
    text = pa.chunked_array([text]) if isinstance(text, pa.Array) else text
    if text.null_count or not pc.all(pc.less_equal(text[:-1], text[1:])).as_py():
        return None
    change = pc.not_equal(text[1:], text[:-1]).to_numpy(zero_copy_only=False)
    return np.flatnonzero(np.concatenate([[True], change]))


def _summary_of_runs(table: pd.DataFrame, keys: pd.Series, starts: np.ndarray) -> list[dict[str, Any]]:
    """`aircraft_summary` of a table sorted by track key: each aircraft's rows are one run, so its
    first values, point count and time span are read at the run's bounds (no grouping of 3 M keys)."""
    n = len(table)
    time = table["time"].array
    ticks = time.asi8
    first_seen = pd.DatetimeIndex(np.minimum.reduceat(ticks, starts).view(f"M8[{time.unit}]")).tz_localize("UTC")
    last_seen = pd.DatetimeIndex(np.maximum.reduceat(ticks, starts).view(f"M8[{time.unit}]")).tz_localize("UTC")
    ends = np.append(starts[1:], n)

    def first(name: str) -> list:  # the first known value of each run, as groupby's "first"
        column = table[name]
        missing = column.isna().sum() if not hasattr(column.array, "_pa_array") else column.array._pa_array.null_count
        if missing == 0:  # (icao24) the run's first row
            return column.iloc[starts].tolist()
        if missing == n:  # (registration, typecode before a lookup) none
            return [None] * len(starts)
        known = np.flatnonzero(column.notna().to_numpy(dtype=bool))
        at = np.searchsorted(known, starts)
        found = np.append(known, n)[at]
        values = column.iloc[np.minimum(found, n - 1)].tolist()
        return [value if row < end else None for value, row, end in zip(values, found, ends)]

    track = keys.iloc[starts].tolist()
    callsigns = _callsigns_of_runs(starts, table["callsign"])
    return [
        {
            "icao24": icao24, "track": key, "registration": registration, "typecode": typecode,
            "callsigns": calls, "points": int(points),
            "first_seen": iso(a.to_pydatetime()), "last_seen": iso(b.to_pydatetime()),
        }
        for key, calls, icao24, registration, typecode, points, a, b
        in zip(track, callsigns, first("icao24"), first("registration"), first("typecode"), (ends - starts).tolist(),
               first_seen, last_seen)
    ]


def _callsigns_of_runs(starts: np.ndarray, callsign: pd.Series) -> list[list[str]]:
    """`_callsigns` for groups that are runs of rows (from `starts`): the (group, callsign) pairs
    are read where either the group or the callsign changes."""
    codes, names = text_codes(callsign)
    bounds = np.zeros(len(codes), dtype=bool)
    bounds[starts] = True
    bounds[1:] |= codes[1:] != codes[:-1]
    at = np.flatnonzero(bounds & (codes >= 0))
    group = np.searchsorted(starts, at, side="right") - 1
    width = max(len(names), 1)
    pairs = np.unique(group.astype("int64") * width + codes[at])
    out: list[list[str]] = [[] for _ in range(len(starts))]
    for g, c in zip((pairs // width).tolist(), (pairs % width).tolist()):
        out[g].append(names[c])
    return [sorted(calls) for calls in out]


def _callsigns(group: np.ndarray, callsign: pd.Series, groups: int) -> list[list[str]]:
    """The distinct callsigns of each group, sorted: one pass over the (group, callsign) pairs that
    occur, not a Python function per group over its rows (3 s per million rows). The texts are
    hashed once per run of equal neighbours (the table is sorted by aircraft and time, so a
    callsign repeats row after row), not once per row."""
    codes, names = text_codes(callsign)
    known = codes >= 0
    width = max(len(names), 1)
    pairs = np.sort(pd.unique(group[known].astype("int64") * width + codes[known]))
    out: list[list[str]] = [[] for _ in range(groups)]
    for g, c in zip((pairs // width).tolist(), (pairs % width).tolist()):
        out[g].append(names[c])
    return [sorted(calls) for calls in out]


def read_payload(table: pd.DataFrame, reports: list[ReadReport]) -> dict[str, Any]:
    return {"read_report": [to_json(r) for r in reports], "aircraft": aircraft_summary(table)}


def print_read_report(console: Console, reports: list[ReadReport]) -> None:
    table = Table(title="read report", title_justify="left")
    for col in ("file", "format", "read", "kept", "rejected", "why (first bad lines)"):
        table.add_column(col, overflow="fold")
    for r in reports:
        why = "; ".join(
            f"{escape(reason)}: {n} (lines {', '.join(map(str, r.first_bad_lines.get(reason, [])))})"
            for reason, n in r.rejected_by_reason.items()
        )
        if hasattr(r, "note") and r.note():  # a tar or archive: members / files read and skipped
            why = (why + "; " if why else "") + escape(r.note())
        if r.error:  # the error quotes file content: escape it, or "[/]" in a file breaks the table
            label = "partial read: " if r.partial else ""
            why = (why + "; " if why else "") + f"[bold red]{label}{escape(r.error)}[/]"
        table.add_row(escape(r.file), r.format or "?", str(r.rows_read), str(r.rows_kept), str(r.rows_rejected), why)
    console.print(table)
    references = sorted({(r.reference_time, r.reference_from) for r in reports if r.reference_time})
    if references:  # the clock "impossible timestamp" used, so a rerun can be checked against it (--now sets it)
        console.print("timestamps more than a day after " + "; ".join(f"{t} ({w})" for t, w in references)
                      + " are impossible", markup=False, highlight=False)


def _to_second(text: str | None) -> str:
    """`…T21:13:42.619000Z` → `…T21:13:42Z`: a table writes every time one way (JSON keeps the fraction)."""
    return re.sub(r"\.\d+Z$", "Z", text or "")


def print_read(console: Console, table: pd.DataFrame, reports: list[ReadReport]) -> None:
    print_read_report(console, reports)
    summary = aircraft_summary(table)
    rows = Table(title=f"aircraft: {len(summary)}", title_justify="left")
    for col in ("icao24", "registration", "type", "callsigns", "points", "first seen", "last seen"):
        rows.add_column(col, overflow="fold")
    for a in summary:  # identity text comes from the files: escaped so it prints as written
        rows.add_row(a["icao24"] or escape(describe_track(a["track"])), escape(a["registration"] or ""), escape(a["typecode"] or ""),
                     escape(" ".join(a["callsigns"])), str(a["points"]), _to_second(a["first_seen"]), _to_second(a["last_seen"]))
    console.print(rows)


# --------------------------------------------------------------------------- flights

def print_flights(console: Console, result: FlightsResult, reports: list[ReadReport]) -> None:
    print_read_report(console, reports)
    table = Table(title=f"flights: {len(result.flights)}", title_justify="left")
    for col in ("flight", "aircraft", "callsign", "from", "takeoff (UTC)", "to", "landing (UTC)", "points", "gaps"):
        table.add_column(col, overflow="fold")
    for f in result.flights:
        ident = " ".join(x for x in (f.icao24 or describe_track(f.track), f.registration, f.typecode) if x)
        gaps = ", ".join(f"{g.minutes:.0f} min" for g in f.gaps)
        table.add_row(f.id, escape(ident), escape(f.callsign or ""), fmt.airport(f.origin), fmt.window_cell(f.takeoff),
                      fmt.airport(f.destination), fmt.window_cell(f.landing), str(f.points), gaps)
    console.print(table)
    stays = Table(title=f"ground stays: {len(result.stays)}", title_justify="left")
    for col in ("aircraft", "airport", "arrival (UTC)", "departure (UTC)", "dwell", "seen"):
        stays.add_column(col, overflow="fold")
    for s in result.stays:
        stays.add_row(escape(" ".join(x for x in (s.icao24 or describe_track(s.track), s.registration) if x)), fmt.airport(s.airport), fmt.window_cell(s.arrival),
                      fmt.window_cell(s.departure), str(s.dwell_hours), fmt.stay_evidence(s))
    console.print(stays)
    if result.faults:
        console.print("points filtered (impossible or stale): " + ", ".join(f"{k}: {v}" for k, v in result.faults.items()))


# --------------------------------------------------------------------------- verdicts

def verdicts_payload(verdicts: list[Verdict], docs: list[Article] | None = None,
                     found: dict[str, list[Claim]] | None = None) -> dict[str, Any]:
    """The verdicts, plus counts by outcome and every article read (those with no claims too)."""
    payload: dict[str, Any] = {"summary": outcome_counts(verdicts), "verdicts": [to_json(v) for v in verdicts]}
    if docs is not None:
        payload["articles"] = [
            {"id": d.id, "language": d.language, "published": d.published.isoformat() if d.published else None,
             "claims": len((found or {}).get(d.id, []))}
            for d in docs
        ]
    return payload


OUTCOME_STYLE = {"supported": "green", "contradicted": "bold red", "inconclusive": "yellow", "no-data": "dim"}
CHECK_COLUMNS = ("article", "claim_id", "claim_outcome", "field", "outcome", "claimed", "observed", "delta",
                 "tolerance", "reason", "weak", "basis", "observed_icao", "distance_km", "delta_s", "delta_h", "rows")


def _by_article(docs, found, verdicts: list[Verdict]) -> list[tuple[str, Article | None, list[Verdict]]]:
    """Verdicts grouped under their article, in the articles' order (articles with no claims too)."""
    groups: dict[str, list[Verdict]] = {}
    for v in verdicts:
        groups.setdefault(v.article, []).append(v)
    ordered = [(doc.id, doc, groups.pop(doc.id, [])) for doc in docs or []]
    return ordered + [(article, None, vs) for article, vs in groups.items()]


def check_reason(c) -> str | None:
    """The reason without what the claimed and observed columns already say (said once, not twice)."""
    reason = c.reason or ""
    for label, value in (("claimed", c.claimed), ("observed", c.observed)):
        if value:
            reason = reason.replace(f"{label} {value}", "")
    reason = re.sub(r"^[\s;,.—-]+|[\s;,—-]+$", "", re.sub(r"(?:\s*;\s*){2,}", "; ", reason))
    if reason.startswith("(") and reason.endswith(")") and reason.count("(") == 1:
        reason = reason[1:-1]
    return reason or None


def _check_line(c) -> str:
    bits = [f"{c.field}: {c.outcome}", f"claimed {c.claimed}" if c.claimed else "",
            f"observed {c.observed}" if c.observed else "", f"Δ {c.delta}" if c.delta else "",
            f"tolerance {c.tolerance}" if c.tolerance else ""]
    line = "; ".join(b for b in bits if b)
    reason = check_reason(c)
    return line + (f" — {reason}" if reason and c.outcome != "supported" else "")


def _short_line(c) -> str:
    """Terminal form: a supported field shows what was seen (and the claimed time); others show all."""
    if c.outcome != "supported":
        return _check_line(c)
    timed = c.field in ("departure", "arrival", "dwell")
    plain = fmt.exact(c)
    return (f"{c.field}: supported — " + (f"claimed {c.claimed}; " if timed else "") + f"observed {c.observed}"
            + ("" if plain else f" ({c.delta})") + (f" [{c.basis}]" if c.weak and c.basis else ""))


def _nothing_line(doc: Article | None, claims: list[Claim]) -> str:
    if not claims:
        return "no flight claims found: nothing checkable"
    return f"{len(claims)} claim(s), none checkable"


def _matched(v: Verdict) -> str:
    """What the claim was checked against, in an investigator's words: aircraft, route, day."""
    lines = []
    if v.flight:
        f = v.flight
        who = " ".join(x for x in (f.registration, f"({f.icao24 or describe_track(f.track)})", f.callsign) if x)
        route = f"{fmt.airport(f.origin)} → {fmt.airport(f.destination)}"
        seen = iso(f.takeoff.earliest or f.first_seen) or "?"
        lines += [who, route, f"from {seen[:16].replace('T', ' ')}Z"]
    if v.stay:
        if not v.flight:
            lines.append(" ".join(x for x in (v.stay.registration, f"({v.stay.icao24 or describe_track(v.stay.track)})") if x))
        where = f"at {fmt.airport(v.stay.airport)}" if v.stay.airport else "bounded by a coverage gap"
        lines.append(f"stay {where}: {v.stay.dwell_hours}")
    return "\n".join(lines)


def verdict_layout(width: int) -> tuple[str, ...]:
    """Columns the terminal has room for: all five when wide; without `matched` when middling;
    two (who/outcome, then quote and checks stacked) when narrow, so no column shrinks to a
    word per line at 80 columns."""
    if width >= 150:
        return ("claim", "quote", "outcome", "deciding numbers", "matched")
    if width >= 110:
        return ("claim", "quote", "outcome", "deciding numbers")
    return ("claim, outcome", "quote and checks")


def print_verdicts(console: Console, docs, found, verdicts: list[Verdict]) -> None:
    """One table per article: each claim's quote, its outcome and the numbers that decided it."""
    for article, doc, vs in _by_article(docs, found, verdicts):
        claims = (found or {}).get(article, [])
        head = f"{article}" + (f" ({doc.language}, published {doc.published or 'unknown'})" if doc else "")
        if not vs:
            console.print(f"[bold]{escape(head)}[/]: {_nothing_line(doc, claims)}")
            continue
        table = Table(title=Text(f"{head}: {len(vs)} claim(s)"), show_lines=True, title_justify="left")
        layout = verdict_layout(console.width)
        for col in layout:
            table.add_column(col, overflow="fold", ratio=1 if col in ("quote", "deciding numbers", "quote and checks") else None)
        for v in vs:
            style = OUTCOME_STYLE.get(v.outcome, "")
            checks = "\n".join(escape(_short_line(c)) for c in v.checks) or escape(v.reason or "")
            cells = {"claim": escape(v.claim_id), "quote": escape(v.quote), "outcome": f"[{style}]{v.outcome}[/]",
                     "deciding numbers": checks, "matched": escape(_matched(v)),
                     "claim, outcome": f"{escape(v.claim_id)}\n[{style}]{v.outcome}[/]",
                     "quote and checks": f"[italic]{escape(v.quote)}[/]\n{checks}"}
            table.add_row(*(cells[col] for col in layout))
        console.print(table)
    counts = outcome_counts(verdicts)
    console.print("claims: " + ", ".join(f"{n} {o}" for o, n in counts.items()))


def _md(text: object) -> str:
    """Table-cell safe Markdown: pipes escaped, newlines folded, HTML brackets neutralised."""
    return (str(text or "").replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
            .replace("<", "&lt;").replace(">", "&gt;"))


def markdown(docs, found, verdicts: list[Verdict]) -> str:
    counts = outcome_counts(verdicts)
    lines = ["# Corroboration report", "",
             "Claims: " + ", ".join(f"{n} {o}" for o, n in counts.items()) + ".", ""]
    for article, doc, vs in _by_article(docs, found, verdicts):
        claims = (found or {}).get(article, [])
        meta = f" ({doc.language}, published {doc.published or 'unknown'})" if doc else ""
        lines += [f"## {_md(article)}{meta}", ""]
        if not vs:
            lines += [_nothing_line(doc, claims) + ".", ""]
            continue
        lines += ["| claim | quote | outcome | reason |", "|---|---|---|---|"]
        lines += [f"| {_md(v.claim_id)} | {_md(v.quote)} | **{v.outcome}** | {_md(v.reason)} |" for v in vs]
        lines.append("")
        for v in vs:
            lines.append(f"- **{_md(v.claim_id)}** ({v.outcome})")
            for c in v.checks:
                lines.append(f"  - {_md(_check_line(c))}")
                lines += [f"    - {_md(describe(r))}" for r in c.rows]
            if v.candidates:
                lines.append(f"  - candidates: {_md('; '.join(v.candidates))}")
        lines.append("")
    return "\n".join(lines)


def checks_rows(verdicts: list[Verdict]) -> list[dict[str, Any]]:
    """One row per field check; a claim with no check still gets one row saying why."""
    rows = []
    for v in verdicts:
        base: dict[str, Any] = {"article": v.article, "claim_id": v.claim_id, "claim_outcome": v.outcome}
        if not v.checks:
            rows.append({**base, "field": "", "outcome": v.outcome, "reason": v.reason})
        for c in v.checks:
            rows.append({**base, "field": c.field, "outcome": c.outcome, "claimed": c.claimed, "observed": c.observed,
                         "delta": c.delta, "tolerance": c.tolerance, "reason": c.reason, "weak": c.weak,
                         "basis": c.basis, "observed_icao": c.observed_icao, "distance_km": c.distance_km,
                         "delta_s": c.delta_s, "delta_h": c.delta_h, "rows": " | ".join(describe(r) for r in c.rows)})
    return rows


def _cell(value: Any) -> Any:
    """Text from articles must not become a spreadsheet formula (=, +, -, @ lead a formula)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_checks_csv(path, verdicts: list[Verdict]) -> None:
    handle = io.StringIO(newline="")
    writer = csv.DictWriter(handle, fieldnames=CHECK_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in checks_rows(verdicts))
    files.write_text(path, handle.getvalue(), "CSV")  # refuses symlinks and files tracker did not write
