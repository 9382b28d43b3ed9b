"""Download raw OpenSky tracks into files the readers take (`tracker fetch opensky`).

What is saved is OpenSky's own response, unchanged (`/tracks/all` JSON, one file per
flight), so the evidence can be re-read and checked later; `tracker.adsb` reads it as
`opensky-tracks-json`.

Steps: `/flights/aircraft` lists the aircraft's flights in [begin, end] (asked in windows
of at most `FLIGHTS_WINDOW`, the API's limit), then `/tracks/all?icao24=…&time=<firstSeen>`
fetches each flight's track. Without an end, or when no flight is listed, the track at
`begin` is asked for directly.

Credentials (OpenSky REST API): since 18 March 2026 OpenSky accepts only OAuth2 client
credentials — OPENSKY_CLIENT_ID / OPENSKY_CLIENT_SECRET, exchanged for a bearer token at
OPENSKY_TOKEN_URL (default below). OPENSKY_USERNAME / OPENSKY_PASSWORD are still sent as
HTTP basic auth for servers that take them (older deployments, mirrors); with neither,
requests are anonymous (OpenSky then serves little history).
"""
from __future__ import annotations

import datetime as dt
import json
import math
import os
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from tracker.errors import InputError, NetworkError
from tracker.model import UTC

TOKEN_URL = "https://auth.opensky-network.org/auth/realms/opensky-network/protocol/openid-connect/token"
FLIGHTS_WINDOW = dt.timedelta(days=2)
TIMEOUT = 60  # longest wait for any one byte
DEADLINE = 300  # longest one request may take in all (a server dripping bytes never trips TIMEOUT)
#: Largest reply kept, counted after decompression: a track is kilobytes; a gzip bomb stops here.
MAX_REPLY_BYTES = 50_000_000
#: Most requests one run makes (flight-list windows + tracks): `--end 9999-12-31` would otherwise
#: be 1.46 million sequential requests. A wider span is refused with the numbers, before any request.
MAX_REQUESTS = 200
#: OpenSky has collected since 2013; there is nothing to ask for before, and nothing after now.
EARLIEST = dt.datetime(2013, 1, 1, tzinfo=UTC)


def opensky(icao24: str, begin: str, end: str | None, out: Path, base_url: str) -> list[Path]:
    """Save every OpenSky track of `icao24` between begin and end; the saved files' paths."""
    icao24 = icao24.strip().lower()
    if len(icao24) != 6 or any(c not in "0123456789abcdef" for c in icao24):
        raise InputError(f"icao24 must be 6 hex digits, got {icao24!r}")
    start = _when(begin, "--begin")
    stop = _when(end, "--end") if end else None
    if stop is not None and stop <= start:
        raise InputError(f"--end {end} is not after --begin {begin}")
    windows = _windows(start, stop)
    base = base_url.rstrip("/")
    session = _session(base)

    times: list[int] = []
    if stop is not None:
        for flight in _flights(session, base, icao24, windows):
            first = flight.get("firstSeen") if isinstance(flight, dict) else None
            if isinstance(first, (int, float)) and not isinstance(first, bool) and math.isfinite(first) \
                    and EARLIEST.timestamp() <= first <= _now().timestamp() and int(first) not in times:
                times.append(int(first))
    if not times:
        times = [int(start.timestamp())]
    if len(windows) + len(times) > MAX_REQUESTS:
        raise InputError(f"OpenSky lists {len(times)} flights in this span: fetching every track would take more "
                           f"than {MAX_REQUESTS} requests; narrow --begin/--end")

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for moment in times:
        response = _get(session, f"{base}/tracks/all", {"icao24": icao24, "time": moment}, allow_404=True)
        if response is None:
            continue
        target = out if len(times) == 1 else out.with_name(f"{out.stem}_{icao24}_{moment}{out.suffix or '.json'}")
        target.write_bytes(response.body)
        saved.append(target)
    if not saved:
        window = f"{start.isoformat()}" + (f" – {stop.isoformat()}" if stop else "")
        raise NetworkError(f"OpenSky has no track for {icao24} at {window}")
    return saved


def _now() -> dt.datetime:
    return dt.datetime.now(UTC)


def _when(text: str, option: str) -> dt.datetime:
    """ISO 8601; the options are UTC by definition, so a time without a zone is read as UTC.
    Times OpenSky cannot have data for (before 2013, after now) are refused here, by name."""
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InputError(f"{option} {text!r} is not an ISO 8601 time (e.g. 2024-08-01T06:00Z)") from None
    if value > _now() + dt.timedelta(days=1):
        raise InputError(f"{option} {text} is in the future: OpenSky has no data for it yet")
    if value < EARLIEST:
        raise InputError(f"{option} {text} is before {EARLIEST.year}, when OpenSky began collecting")
    return value


def _windows(start: dt.datetime, stop: dt.datetime | None) -> list[tuple[dt.datetime, dt.datetime]]:
    """The flight-list windows for [start, stop] (`FLIGHTS_WINDOW` each), refused past `MAX_REQUESTS`."""
    if stop is None:
        return []
    stop = min(stop, _now())
    count = max(1, math.ceil((stop - start) / FLIGHTS_WINDOW))
    if count >= MAX_REQUESTS:
        days = (stop - start).days
        raise InputError(f"a span of {days} days needs {count} flight-list requests (OpenSky serves "
                           f"{FLIGHTS_WINDOW.days} days a request); the limit is {MAX_REQUESTS - 1}: narrow --begin/--end")
    out, left = [], start
    while left < stop:
        right = min(left + FLIGHTS_WINDOW, stop)
        out.append((left, right))
        left = right
    return out


@dataclass
class Reply:
    """What `_get` hands on: the bytes exactly as received (what is saved) and their JSON value."""

    status: int
    body: bytes
    value: object


def _session(base: str) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "tracker (ADS-B claim corroboration)"
    client_id, secret = os.environ.get("OPENSKY_CLIENT_ID"), os.environ.get("OPENSKY_CLIENT_SECRET")
    user, password = os.environ.get("OPENSKY_USERNAME"), os.environ.get("OPENSKY_PASSWORD")
    if client_id and secret:
        token_url = os.environ.get("OPENSKY_TOKEN_URL", TOKEN_URL)
        try:
            with requests.post(token_url, data={"grant_type": "client_credentials", "client_id": client_id,
                                                "client_secret": secret}, timeout=TIMEOUT, stream=True) as reply:
                status, body = reply.status_code, _body(reply, token_url)
        except requests.RequestException as exc:
            raise NetworkError(f"cannot reach the OpenSky token service ({type(exc).__name__})", token_url) from None
        value = _json(body)
        token = value.get("access_token") if 200 <= status < 300 and isinstance(value, dict) else None
        if not isinstance(token, str) or not token or any(c in token for c in "\r\n"):
            raise NetworkError(f"OpenSky refused the client credentials (HTTP {status})", token_url)
        session.headers["Authorization"] = f"Bearer {token}"
    elif user and password:
        session.auth = (user, password)
    return session


def _body(reply: requests.Response, url: str) -> bytes:
    """The reply's bytes, decompressed, stopped at `MAX_REPLY_BYTES` and at `DEADLINE`."""
    started, chunks, total = time.monotonic(), [], 0
    declared = reply.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_REPLY_BYTES:
        raise NetworkError(f"OpenSky's answer is {declared} bytes, more than the {MAX_REPLY_BYTES}-byte limit", url)
    try:
        for chunk in reply.iter_content(1 << 16):
            total += len(chunk)
            if total > MAX_REPLY_BYTES:
                raise NetworkError(f"OpenSky's answer exceeds the {MAX_REPLY_BYTES}-byte limit (after decompression)", url)
            if time.monotonic() - started > DEADLINE:
                raise NetworkError(f"OpenSky's answer took more than {DEADLINE} s", url)
            chunks.append(chunk)
    except requests.RequestException as exc:
        raise NetworkError(f"OpenSky's answer broke off ({type(exc).__name__})", url) from None
    return b"".join(chunks)


def _json(body: bytes) -> object:
    """The JSON value of a reply, or None when it is not JSON (or too deep, or numbers too long)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _get(session: requests.Session, url: str, params: dict, allow_404: bool = False) -> Reply | None:
    try:
        with session.get(url, params=params, timeout=TIMEOUT, stream=True) as reply:
            status, headers = reply.status_code, reply.headers
            body = _body(reply, url) if reply.ok else b""
    except requests.RequestException as exc:
        raise NetworkError(f"cannot reach OpenSky ({type(exc).__name__})", url) from None
    if status == 404 and allow_404:
        return None
    if status in (401, 403):
        raise NetworkError(f"OpenSky refused access (HTTP {status}); set OPENSKY_CLIENT_ID and "
                           "OPENSKY_CLIENT_SECRET (OAuth2 client credentials)", url)
    if status == 429:
        wait = headers.get("X-Rate-Limit-Retry-After-Seconds", "?")
        raise NetworkError(f"OpenSky rate limit reached (HTTP 429); retry after {wait} s", url)
    if not 200 <= status < 400:
        raise NetworkError(f"OpenSky answered HTTP {status}", url)
    value = _json(body)
    if value is None:
        raise NetworkError("OpenSky's answer is not JSON", url)
    return Reply(status, body, value)


def _flights(session: requests.Session, base: str, icao24: str, windows: list[tuple[dt.datetime, dt.datetime]]) -> list:
    flights: list = []
    for left, right in windows:
        reply = _get(session, f"{base}/flights/aircraft",
                     {"icao24": icao24, "begin": int(left.timestamp()), "end": int(right.timestamp())}, allow_404=True)
        if reply is not None and isinstance(reply.value, list):
            flights.extend(reply.value)
    return flights
