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
import os
from pathlib import Path

import requests

from tracker.errors import InputError, NetworkError
from tracker.model import UTC

TOKEN_URL = "https://auth.opensky-network.org/auth/realms/opensky-network/protocol/openid-connect/token"
FLIGHTS_WINDOW = dt.timedelta(days=2)
TIMEOUT = 60


def opensky(icao24: str, begin: str, end: str | None, out: Path, base_url: str) -> list[Path]:
    """Save every OpenSky track of `icao24` between begin and end; the saved files' paths."""
    icao24 = icao24.strip().lower()
    if len(icao24) != 6 or any(c not in "0123456789abcdef" for c in icao24):
        raise InputError(f"icao24 must be 6 hex digits, got {icao24!r}")
    start = _when(begin, "--begin")
    stop = _when(end, "--end") if end else None
    if stop is not None and stop <= start:
        raise InputError(f"--end {end} is not after --begin {begin}")
    base = base_url.rstrip("/")
    session = _session(base)

    times: list[int] = []
    if stop is not None:
        for flight in _flights(session, base, icao24, start, stop):
            first = flight.get("firstSeen") if isinstance(flight, dict) else None
            if isinstance(first, (int, float)) and first not in times:
                times.append(int(first))
    if not times:
        times = [int(start.timestamp())]

    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    for moment in times:
        response = _get(session, f"{base}/tracks/all", {"icao24": icao24, "time": moment}, allow_404=True)
        if response is None:
            continue
        target = out if len(times) == 1 else out.with_name(f"{out.stem}_{icao24}_{moment}{out.suffix or '.json'}")
        target.write_bytes(response.content)
        saved.append(target)
    if not saved:
        window = f"{start.isoformat()}" + (f" – {stop.isoformat()}" if stop else "")
        raise NetworkError(f"OpenSky has no track for {icao24} at {window}")
    return saved


def _when(text: str, option: str) -> dt.datetime:
    """ISO 8601; the options are UTC by definition, so a time without a zone is read as UTC."""
    try:
        value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{option} {text!r} is not an ISO 8601 time (e.g. 2024-08-01T06:00Z)") from None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _session(base: str) -> requests.Session:
    session = requests.Session()
    session.headers["User-Agent"] = "tracker (ADS-B claim corroboration)"
    client_id, secret = os.environ.get("OPENSKY_CLIENT_ID"), os.environ.get("OPENSKY_CLIENT_SECRET")
    user, password = os.environ.get("OPENSKY_USERNAME"), os.environ.get("OPENSKY_PASSWORD")
    if client_id and secret:
        token_url = os.environ.get("OPENSKY_TOKEN_URL", TOKEN_URL)
        try:
            reply = requests.post(token_url, data={"grant_type": "client_credentials", "client_id": client_id,
                                                   "client_secret": secret}, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise NetworkError(f"cannot reach the OpenSky token service ({type(exc).__name__})", token_url) from None
        token = reply.json().get("access_token") if reply.ok and _is_json(reply) else None
        if not token:
            raise NetworkError(f"OpenSky refused the client credentials (HTTP {reply.status_code})", token_url)
        session.headers["Authorization"] = f"Bearer {token}"
    elif user and password:
        session.auth = (user, password)
    return session


def _is_json(reply: requests.Response) -> bool:
    try:
        reply.json()
    except ValueError:
        return False
    return True


def _get(session: requests.Session, url: str, params: dict, allow_404: bool = False) -> requests.Response | None:
    try:
        reply = session.get(url, params=params, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise NetworkError(f"cannot reach OpenSky ({type(exc).__name__})", url) from None
    if reply.status_code == 404 and allow_404:
        return None
    if reply.status_code in (401, 403):
        raise NetworkError(f"OpenSky refused access (HTTP {reply.status_code}); set OPENSKY_CLIENT_ID and "
                           "OPENSKY_CLIENT_SECRET (OAuth2 client credentials)", url)
    if reply.status_code == 429:
        wait = reply.headers.get("X-Rate-Limit-Retry-After-Seconds", "?")
        raise NetworkError(f"OpenSky rate limit reached (HTTP 429); retry after {wait} s", url)
    if not reply.ok:
        raise NetworkError(f"OpenSky answered HTTP {reply.status_code}", url)
    if not _is_json(reply):
        raise NetworkError("OpenSky's answer is not JSON", url)
    return reply


def _flights(session: requests.Session, base: str, icao24: str, start: dt.datetime, stop: dt.datetime) -> list:
    flights: list = []
    left = start
    while left < stop:
        right = min(left + FLIGHTS_WINDOW, stop)
        reply = _get(session, f"{base}/flights/aircraft",
                     {"icao24": icao24, "begin": int(left.timestamp()), "end": int(right.timestamp())}, allow_404=True)
        if reply is not None and isinstance(reply.json(), list):
            flights.extend(reply.json())
        left = right
    return flights
