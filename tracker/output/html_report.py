"""The evidence package: one self-contained, offline HTML file an analyst can publish.

It holds the summary; per article, each claim's sentence with its span highlighted in the
surrounding text, its verdict and every field check (claimed, observed, delta, tolerance,
reason, and the recorded rows a time check rests on); the trip maps, embedded as sandboxed
`srcdoc` frames (their pages are the ones `output.maps` writes, rendered through the same
guard); the flights and stays used; and the provenance of every input (SHA-256 and size,
URL and fetch time with a saved copy of the page text, tool version, aircraft databases).

No template engine is involved: the page is joined from strings, and every string that
came from an input passes through `page.esc` (HTML text and attributes alike).
"""
from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import platform
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

import tracker
from tracker.model import (
    Article,
    Check,
    Claim,
    Flight,
    FlightsResult,
    GroundStay,
    ReadReport,
    RowRef,
    Verdict,
    describe_track,
    iso,
    outcome_counts,
)
from tracker.output import fmt
from tracker.output.page import esc
from tracker.output.report import check_reason

CONTEXT_CHARS = 280  # article text shown on each side of a claim's span
OUTCOME_COLOURS = {"supported": "#1a9641", "contradicted": "#d7191c", "inconclusive": "#b35806", "no-data": "#636363"}
_TEXT_FIELDS = {"field", "outcome", "claimed", "observed", "delta", "tolerance", "reason", "rows"}


# --------------------------------------------------------------------------- provenance


@dataclass
class FileInfo:
    path: str
    role: str  # article | ADS-B | aircraft database
    size: int | None = None
    sha256: str | None = None
    note: str | None = None


@dataclass
class Provenance:
    """Where every input came from, so a reader can check the package against the originals."""

    files: list[FileInfo] = field(default_factory=list)
    urls: list[tuple[Article, str, str, int]] = field(default_factory=list)  # article, saved copy, its sha256, size
    aircraft_db: list[str] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)


def file_info(path: str | Path, role: str) -> FileInfo:
    """SHA-256 and size, streamed (ADS-B files can be large); an unreadable file says why."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return FileInfo(str(path), role, Path(path).stat().st_size, digest.hexdigest())
    except OSError as exc:
        return FileInfo(str(path), role, note=f"unreadable: {exc.strerror or exc}")


def _versions() -> dict[str, str]:
    out = {"tracker": tracker.__version__, "python": platform.python_version()}
    for name in ("pandas", "airportsdata", "folium"):
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    return out


def _safe_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-.")[:80] or "article"


def provenance(docs: list[Article], adsb_files: Iterable[str], aircraft_db: Iterable[str], out: Path) -> Provenance:
    """Hash every input; save a copy of each URL article's text beside the report (`<stem>_sources/`)."""
    from tracker.adsb.aircraft import bundled_db
    from tracker.inputs import is_url

    prov = Provenance(versions=_versions())
    folder = out.with_name(out.stem + "_sources")
    for doc in docs:
        if doc.source and is_url(doc.source):
            folder.mkdir(parents=True, exist_ok=True)
            saved = folder / f"{_safe_name(doc.id)}.txt"
            data = doc.text.encode("utf-8")
            saved.write_bytes(data)
            prov.urls.append((doc, f"{folder.name}/{saved.name}", hashlib.sha256(data).hexdigest(), len(data)))
        elif doc.source:
            prov.files.append(file_info(doc.source, "article"))
    prov.files += [file_info(p, "ADS-B") for p in adsb_files]
    dbs = ([str(bundled_db())] if bundled_db().exists() else []) + [str(p) for p in aircraft_db]
    prov.files += [file_info(p, "aircraft database") for p in dbs]
    prov.aircraft_db = dbs
    return prov


# --------------------------------------------------------------------------- pieces


def _t(moment: dt.datetime | None) -> str:
    """To the second, one way everywhere (`fmt.second`); cited row times keep their milliseconds: they name a row."""
    return fmt.second(moment)


def _w(window) -> str:
    return fmt.window(window)


def _badge(outcome: str) -> str:
    return f"<span class=\"badge o-{esc(outcome)}\">{esc(outcome)}</span>"


def _table(head: list[str], rows: Iterable[Iterable[str]], klass: str = "") -> str:
    """Cells are already HTML (escaped by the caller)."""
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    th = "".join(f"<th>{esc(h)}</th>" for h in head)
    return f"<table class=\"{klass}\"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _context(doc: Article | None, claim: Claim | None, quote: str) -> str:
    """The claim's sentence marked inside the text around it, cut at word boundaries."""
    if doc is None or claim is None:
        return f"<mark>{esc(quote)}</mark>"
    start, end = claim.span
    if not (0 <= start <= end <= len(doc.text)) or doc.text[start:end] != claim.quote:
        return f"<mark>{esc(quote)}</mark> <span class=\"muted\">(span not found in the article text)</span>"
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(doc.text), end + CONTEXT_CHARS)
    before, after = doc.text[lo:start], doc.text[end:hi]
    if lo > 0:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if hi < len(doc.text):
        after = after.rsplit(" ", 1)[0] + "…" if " " in after else after + "…"
    return f"{esc(before)}<mark>{esc(doc.text[start:end])}</mark>{esc(after)}"


def _claim_reading(claim: Claim | None) -> str:
    """What the extractor read in the sentence, field by field."""
    if claim is None:
        return ""
    bits = [("callsign", claim.callsign), ("registration", claim.registration), ("type", claim.aircraft_type),
            ("from", claim.origin.text if claim.origin else None), ("to", claim.destination.text if claim.destination else None),
            ("departure", str(claim.departure) if claim.departure else None),
            ("arrival", str(claim.arrival) if claim.arrival else None),
            ("dwell", str(claim.dwell_hours) if claim.dwell_hours else None),
            ("according to", ", ".join(claim.attributed_to) or None), ("hedged", "yes" if claim.hedged else None)]
    shown = "; ".join(f"{esc(k)} <b>{esc(v)}</b>" for k, v in bits if v)
    notes = "".join(f"<li>{esc(n)}</li>" for n in claim.notes)
    return (f"<p class=\"reading\">read as: {shown or 'nothing checkable'} "
            f"<span class=\"muted\">(characters {claim.span[0]}–{claim.span[1]})</span></p>"
            + (f"<ul class=\"notes\">{notes}</ul>" if notes else ""))


def _numbers(check: Check) -> str:
    """The check's numeric fields (airports, km, seconds, hours…), whatever the record carries."""
    bits = []
    for f in dataclasses.fields(check):
        value = getattr(check, f.name)
        if f.name in _TEXT_FIELDS or value is None or value is False or value == [] or value == "":
            continue
        bits.append(f"{f.name} = {', '.join(map(str, value)) if isinstance(value, list) else value}")
    return esc("; ".join(bits))


def _rows_table(rows: list[RowRef]) -> str:
    cells = [[esc(r.event), esc(r.side), esc(r.file), esc(r.line if r.line is not None else "?"),
              esc(r.time.isoformat(timespec="milliseconds").replace("+00:00", "Z")), esc("unknown" if r.alt_ft is None else f"{r.alt_ft:,.0f} ft"),
              esc({True: "ground", False: "air", None: "unknown"}[r.on_ground]),
              esc("" if r.lat is None else f"{r.lat:.5f}, {r.lon:.5f}")] for r in rows]
    return _table(["event", "side", "file", "line/entry", "time (UTC)", "altitude", "ground flag", "lat, lon"], cells, "rows")


def _checks_table(verdict: Verdict) -> str:
    if not verdict.checks:
        return ""
    body = []
    for c in verdict.checks:
        body.append(f"<tr class=\"check\"><td>{esc(c.field)}</td><td>{_badge(c.outcome)}</td><td>{esc(c.claimed)}</td>"
                    f"<td>{esc(c.observed)}</td><td>{esc(c.delta)}</td><td>{esc(c.tolerance)}</td>"
                    f"<td>{esc(check_reason(c))}</td></tr>")
        numbers = _numbers(c)
        if numbers:
            body.append(f"<tr class=\"numbers\"><td></td><td colspan=\"6\">{numbers}</td></tr>")
        if c.rows:
            body.append(f"<tr class=\"cited\"><td></td><td colspan=\"6\"><div class=\"muted\">recorded points on "
                        f"either side of the event:</div>{_rows_table(c.rows)}</td></tr>")
    head = "".join(f"<th>{h}</th>" for h in ("field", "outcome", "claimed", "observed", "delta", "tolerance", "reason"))
    return f"<table class=\"checks\"><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _who(icao24: str | None, track: str | None, registration: str | None) -> str:
    return " ".join(x for x in (registration, icao24 or describe_track(track)) if x)


def _matched(verdict: Verdict) -> str:
    bits = []
    if verdict.flight:
        f = verdict.flight
        bits.append(f"flight <a href=\"#flight-{esc(_anchor(f.id))}\">{esc(f.id)}</a>")
    if verdict.stay:
        bits.append(f"ground stay at {esc(verdict.stay.airport.icao if verdict.stay.airport else 'an unknown place')}")
    if verdict.candidates:
        bits.append("candidates: " + esc("; ".join(verdict.candidates)))
    return ("<p class=\"matched\">checked against " + "; ".join(bits) + "</p>") if bits else ""


def _anchor(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text)


def _airport(ref) -> str:
    return fmt.airport(ref)


def _flights_table(flights: list[Flight]) -> str:
    rows = [[f"<span id=\"flight-{esc(_anchor(f.id))}\">{esc(f.id)}</span>",
             esc(" ".join(x for x in (_who(f.icao24, f.track, f.registration), f.typecode) if x)), esc(f.callsign or ""),
             esc(_airport(f.origin)), esc(_w(f.takeoff)), esc(_airport(f.destination)), esc(_w(f.landing)),
             esc(f.points), esc(", ".join(f"{g.minutes:.0f} min from {_t(g.start)}" for g in f.gaps) or "none"),
             esc(", ".join(Path(s).name for s in f.source))] for f in flights]
    return _table(["flight", "aircraft", "callsign", "from", "takeoff (UTC)", "to", "landing (UTC)", "points",
                   "coverage gaps", "files"], rows, "flights")


def _stays_table(stays: list[GroundStay]) -> str:
    rows = [[esc(_who(s.icao24, s.track, s.registration)), esc(_airport(s.airport)), esc(_w(s.arrival)),
             esc(_w(s.departure)), esc(str(s.dwell_hours)),
             esc(fmt.stay_evidence(s))] for s in stays]
    return _table(["aircraft", "airport", "arrival (UTC)", "departure (UTC)", "dwell", "evidence"], rows, "stays")


def _size(n: int | None) -> str:
    return "?" if n is None else f"{n:,} bytes"


def _provenance_html(prov: Provenance, reports: list[ReadReport]) -> str:
    files = _table(["role", "file", "size", "SHA-256"],
                   [[esc(f.role), esc(f.path), esc(_size(f.size)), f"<code>{esc(f.sha256 or f.note)}</code>"]
                    for f in prov.files], "files")
    urls = ""
    if prov.urls:
        urls = "<h3>Articles read from the web</h3>" + _table(
            ["article", "URL", "fetched (UTC)", "saved page text", "size", "SHA-256 of the saved text"],
            [[esc(doc.id), f"<span class=\"url\">{esc(doc.source)}</span>", esc(iso(doc.fetched) or "unknown"),
              f"<a href=\"{esc(saved)}\">{esc(saved)}</a>", esc(_size(size)), f"<code>{esc(digest)}</code>"]
             for doc, saved, digest, size in prov.urls], "urls")
    read = _table(["file", "format", "rows read", "kept", "rejected", "why"],
                  [[esc(r.file), esc(r.format or "?"), esc(r.rows_read), esc(r.rows_kept), esc(r.rows_rejected),
                    esc("; ".join(f"{k}: {v}" for k, v in r.rejected_by_reason.items()) + (f"; {r.error}" if r.error else ""))]
                   for r in reports], "read")
    versions = ", ".join(f"{esc(k)} {esc(v)}" for k, v in prov.versions.items())
    dbs = ", ".join(esc(Path(p).name) for p in prov.aircraft_db) or "none"
    return (f"<h3>Input files</h3>{files}{urls}<h3>How the ADS-B files were read</h3>{read}"
            f"<p>Aircraft databases used (later ones win; identity recorded in a track file wins over all): {dbs}.</p>"
            f"<p>Software: {versions}.</p>")


# --------------------------------------------------------------------------- the page

_CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1180px; padding: 16px 24px; color: #222; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #ddd; }
h3 { font-size: 15px; margin: 18px 0 6px; } .muted { color: #666; font-size: 12px; }
table { border-collapse: collapse; margin: 6px 0 12px; width: 100%; font-size: 12.5px; }
th, td { border: 1px solid #ddd; padding: 3px 6px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f3f3; white-space: nowrap; } table.rows { font-size: 11.5px; margin: 2px 0; } table.rows th { background: #fafafa; }
tr.numbers td, tr.cited td { border-top: none; background: #fcfcfc; font-size: 11.5px; color: #444; }
.badge { display: inline-block; white-space: nowrap; padding: 0 6px; border-radius: 3px; color: #fff; font-weight: 600; font-size: 12px; }
.o-supported { background: #1a9641; } .o-contradicted { background: #d7191c; } .o-inconclusive { background: #b35806; }
.o-no-data { background: #636363; }
.claim { border: 1px solid #ccc; border-radius: 6px; padding: 8px 12px; margin: 10px 0 16px; }
.claim h4 { margin: 0 0 6px; font-size: 14px; } .context { background: #fafafa; padding: 6px 10px;
  border-left: 3px solid #bbb; white-space: pre-wrap; } mark { background: #ffe066; padding: 0 1px; }
.summary td:first-child, .summary td:nth-child(2) { white-space: nowrap; width: 1%; } iframe.map { width: 100%; height: 560px; border: 1px solid #bbb; }
code { font-size: 11px; } .checks td:first-child { white-space: nowrap; } .url { overflow-wrap: anywhere; } nav a { margin-right: 12px; }
"""


def render(docs: list[Article], found: dict[str, list[Claim]], verdicts: list[Verdict], result: FlightsResult,
           maps: list[tuple[str, list[Verdict], str]], prov: Provenance, reports: list[ReadReport]) -> str:
    """The whole page as one string (no template: every input string goes through `esc`)."""
    counts = outcome_counts(verdicts)
    claims_by = {(c.article, c.id): c for cs in found.values() for c in cs}
    docs_by = {d.id: d for d in docs}
    by_article: dict[str, list[Verdict]] = {}
    for v in verdicts:
        by_article.setdefault(v.article, []).append(v)

    parts = ["<h1>Evidence report: news claims about flights against recorded ADS-B tracks</h1>",
             (f"<p class=\"muted\">tracker {esc(tracker.__version__)} · {len(docs)} article(s), {len(verdicts)} claim(s), "
             f"{len(result.flights)} flight(s) and {len(result.stays)} ground stay(s) in "
             f"{len(reports)} ADS-B recording(s). Every time is UTC.</p>"),
             ("<nav><a href=\"#summary\">Summary</a><a href=\"#articles\">Articles and claims</a>"
             "<a href=\"#maps\">Maps</a><a href=\"#flights\">Flights and stays</a><a href=\"#provenance\">Provenance</a></nav>"),
             "<h2 id=\"summary\">Summary</h2>",
             "<p>" + ", ".join(f"{_badge(o)} {n}" for o, n in counts.items()) + "</p>"]
    summary_rows = []
    for v in verdicts:
        summary_rows.append([f"<a href=\"#claim-{esc(_anchor(v.claim_id))}\">{esc(v.claim_id)}</a>", _badge(v.outcome),
                             esc(v.quote[:220] + ("…" if len(v.quote) > 220 else ""))])
    parts.append(_table(["claim", "outcome", "quote"], summary_rows, "summary") if summary_rows
                 else "<p>No flight claims were found in the articles.</p>")
    parts.append("<p class=\"muted\">A claim is contradicted if any field is contradicted, supported only if every "
                 "field is supported, no-data if no field found data, inconclusive otherwise.</p>")

    parts.append("<h2 id=\"articles\">Articles and claims</h2>")
    for doc in docs:
        vs = by_article.pop(doc.id, [])
        parts.append(_article_html(doc, vs, claims_by))
    for article, vs in by_article.items():  # verdicts whose article was not given (loaded from JSON)
        parts.append(_article_html(docs_by.get(article) or Article(id=article, text=""), vs, claims_by))

    parts.append("<h2 id=\"maps\">Trip maps</h2>")
    if maps:
        parts.append("<p class=\"muted\">Each map is the same offline page <code>tracker map</code> writes, embedded; "
                     "click a path, marker or stay for its details.</p>")
        for title, vs, html in maps:
            ids = ", ".join(v.claim_id for v in vs)
            parts.append(f"<h3>{esc(title)}</h3><p class=\"muted\">claims: {esc(ids)}</p>"
                         f"<iframe class=\"map\" sandbox=\"allow-scripts\" title=\"{esc(title)}\" srcdoc=\"{esc(html)}\"></iframe>")
    else:
        parts.append("<p>No claim was matched to a recorded flight or stay: there is no trip to draw.</p>")

    used_flights = _unique([v.flight for v in verdicts if v.flight], key=lambda f: f.id)
    used_stays = _unique([v.stay for v in verdicts if v.stay],
                         key=lambda s: (s.track, iso(s.arrival.earliest), iso(s.departure.latest)))
    parts.append("<h2 id=\"flights\">Flights and ground stays used</h2>")
    parts.append(f"<h3>Flights ({len(used_flights)} of {len(result.flights)} found)</h3>"
                 + (_flights_table(used_flights) if used_flights else "<p>none</p>"))
    parts.append(f"<h3>Ground stays ({len(used_stays)} of {len(result.stays)} found)</h3>"
                 + (_stays_table(used_stays) if used_stays else "<p>none</p>"))

    parts.append("<h2 id=\"provenance\">Provenance</h2>")
    parts.append(_provenance_html(prov, reports))

    body = "\n".join(parts)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_policy(html for _, _, html in maps)}\">"
            f"<title>tracker evidence report</title><style>{_CSS}</style></head><body>\n{body}\n</body></html>\n")


_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def _policy(pages: Iterable[str]) -> str:
    """Content-Security-Policy: nothing from outside, and no script but the maps' own.

    The embedded map pages inherit this policy (srcdoc frames do), so each of their inline
    scripts is allowed by its SHA-256 and nothing else runs: text that slipped past `esc`
    could still not execute. Images only as data: URIs (the inlined marker icons)."""
    hashes = sorted({"'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"
                     for html in pages for code in _SCRIPT.findall(html)})
    return ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src {' '.join(hashes) or chr(39) + 'none' + chr(39)}")


def _unique(items, key):
    seen, out = set(), []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _article_html(doc: Article, verdicts: list[Verdict], claims_by: dict) -> str:
    meta = [("language", doc.language), ("published", doc.published.isoformat() if doc.published else "unknown"),
            ("source", doc.source), ("title", doc.title), ("outlet", doc.outlet)]
    head = (f"<h3>Article {esc(doc.id)}</h3><p class=\"muted\">"
            + " · ".join(f"{esc(k)}: {esc(v)}" for k, v in meta if v) + "</p>")
    if not verdicts:
        return head + "<p>No flight claims found: nothing checkable.</p>"
    blocks = []
    for v in verdicts:
        claim = claims_by.get((v.article, v.claim_id))
        blocks.append(
            f"<div class=\"claim\" id=\"claim-{esc(_anchor(v.claim_id))}\"><h4>Claim {esc(v.claim_id)} {_badge(v.outcome)}</h4>"
            f"<div class=\"context\">{_context(doc, claim, v.quote)}</div>{_claim_reading(claim)}"
            + (f"<p>{esc(v.reason)}</p>" if v.reason else "") + _matched(v) + _checks_table(v) + "</div>")
    return head + "".join(blocks)


def write(path: Path, docs: list[Article], found: dict[str, list[Claim]], verdicts: list[Verdict],
          result: FlightsResult, table: pd.DataFrame, reports: list[ReadReport],
          adsb_files: Iterable[str] = (), aircraft_db: Iterable[str] = ()) -> list[Path]:
    """Write the report (and beside it, saved copies of URL articles' text); returns the files written."""
    from tracker.output import maps as maps_mod

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    prov = provenance(docs, adsb_files, aircraft_db, path)
    pages = maps_mod.trip_pages(result, table, verdicts) if verdicts else []
    html = render(docs, found, verdicts, result, pages, prov, reports)
    path.write_text(html, encoding="utf-8")
    return [path] + [path.parent / saved for _, saved, _, _ in prov.urls]
