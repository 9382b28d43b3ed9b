"""`tracker fetch opensky` against a server the test starts on 127.0.0.1.

The replayed responses have the shape of OpenSky's documented `/flights/aircraft` and
`/tracks/all` answers (openskynetwork.github.io/opensky-api/rest.html); their values are
made up (they are not recorded OpenSky data).
"""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

import pytest

from support.servers import QuietHTTPServer
from tracker import adsb
from tracker.adsb import fetch
from tracker.errors import TrackerError

FLIGHTS = [
    {"icao24": "3c6444", "firstSeen": 1700000000, "lastSeen": 1700003600, "callsign": "DLH2AB  ",
     "estDepartureAirport": "EDDF", "estArrivalAirport": "EDDM"},
    {"icao24": "3c6444", "firstSeen": 1700010000, "lastSeen": 1700013600, "callsign": "DLH2AC  ",
     "estDepartureAirport": "EDDM", "estArrivalAirport": "EDDF"},
]


def track(start: int, callsign: str) -> dict:
    return {"icao24": "3c6444", "callsign": callsign, "startTime": start, "endTime": start + 3600,
            "path": [[start, 50.03, 8.56, 0.0, 250.0, True], [start + 600, 50.5, 9.5, 9144.0, 120.0, False],
                     [start + 3600, 48.35, 11.78, 0.0, 80.0, True]]}


class Replay(BaseHTTPRequestHandler):
    seen: list = []
    auth: list = []
    token_ok = True

    def log_message(self, *args):
        pass

    def _send(self, status: int, body: object | None) -> None:
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        ok = form.get("grant_type") == ["client_credentials"] and form.get("client_secret") == ["s3cret"]
        self._send(200, {"access_token": "tok123", "token_type": "Bearer"}) if ok else self._send(401, {"error": "x"})

    def do_GET(self):
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        Replay.seen.append((url.path, query))
        Replay.auth.append(self.headers.get("Authorization"))
        if url.path == "/api/flights/aircraft":
            flights = [f for f in FLIGHTS if int(query["begin"]) <= f["firstSeen"] < int(query["end"])]
            return self._send(200, flights) if flights else self._send(404, None)
        if url.path == "/api/tracks/all":
            t = int(query["time"])
            match = [f for f in FLIGHTS if f["firstSeen"] <= t <= f["lastSeen"]]
            return self._send(200, track(match[0]["firstSeen"], match[0]["callsign"])) if match else self._send(404, None)
        if url.path == "/busy/tracks/all":
            self.send_response(429)
            self.send_header("X-Rate-Limit-Retry-After-Seconds", "120")
            self.end_headers()
            return
        self._send(404, None)


@pytest.fixture
def server():
    Replay.seen, Replay.auth = [], []
    httpd = QuietHTTPServer(("127.0.0.1", 0), Replay)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_fetch_saves_one_track_per_flight_and_reads_back(server, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENSKY_CLIENT_ID", "me")
    monkeypatch.setenv("OPENSKY_CLIENT_SECRET", "s3cret")
    monkeypatch.setenv("OPENSKY_TOKEN_URL", f"{server}/token")
    paths = fetch.opensky("3C6444", "2023-11-14T00:00Z", "2023-11-18T00:00:00+00:00", tmp_path / "dlh.json", f"{server}/api")
    assert [p.name for p in paths] == ["dlh_3c6444_1700000000.json", "dlh_3c6444_1700010000.json"]
    windows = [(q["begin"], q["end"]) for path, q in Replay.seen if path == "/api/flights/aircraft"]
    assert len(windows) == 2 and windows[0][1] == windows[1][0]  # 4 days asked as two 2-day windows
    assert set(Replay.auth) == {"Bearer tok123"}
    table, reports = adsb.read([str(p) for p in paths])
    assert [r.format for r in reports] == ["opensky-tracks-json"] * 2 and len(table) == 6
    assert sorted(set(table["callsign"])) == ["DLH2AB", "DLH2AC"]


def test_fetch_without_end_asks_for_the_track_at_begin(server, tmp_path, monkeypatch):
    for name in ("OPENSKY_CLIENT_ID", "OPENSKY_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENSKY_USERNAME", "u")
    monkeypatch.setenv("OPENSKY_PASSWORD", "p")
    (path,) = fetch.opensky("3c6444", "2023-11-14T22:30:00", None, tmp_path / "one.json", f"{server}/api")
    assert path == tmp_path / "one.json" and Replay.seen == [("/api/tracks/all", {"icao24": "3c6444", "time": "1700001000"})]
    assert Replay.auth[0].startswith("Basic ")


def test_fetch_errors_are_one_line(server, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENSKY_CLIENT_ID", "me")
    monkeypatch.setenv("OPENSKY_CLIENT_SECRET", "wrong")
    monkeypatch.setenv("OPENSKY_TOKEN_URL", f"{server}/token")
    with pytest.raises(TrackerError, match=r"refused the client credentials \(HTTP 401\)"):
        fetch.opensky("3c6444", "2023-11-14", "2023-11-15", tmp_path / "x.json", f"{server}/api")
    monkeypatch.delenv("OPENSKY_CLIENT_ID")
    with pytest.raises(TrackerError, match="no track for 3c6444"):
        fetch.opensky("3c6444", "2020-01-01", "2020-01-02", tmp_path / "x.json", f"{server}/api")
    with pytest.raises(TrackerError, match=r"rate limit reached \(HTTP 429\); retry after 120 s"):
        fetch.opensky("3c6444", "2023-11-14", None, tmp_path / "x.json", f"{server}/busy")
    with pytest.raises(TrackerError, match="6 hex digits"):
        fetch.opensky("RA-86559", "2023-11-14", None, tmp_path / "x.json", f"{server}/api")
    with pytest.raises(TrackerError, match="not an ISO 8601 time"):
        fetch.opensky("3c6444", "31 July", None, tmp_path / "x.json", f"{server}/api")
    assert not list(tmp_path.iterdir())


def test_fetch_through_the_cli(cli, server, tmp_path):
    run = cli("fetch", "opensky", "--icao24", "3c6444", "--begin", "2023-11-14T22:30Z",
              "--out", str(tmp_path / "t.json"), "--base-url", f"{server}/api")
    assert run.returncode == 0, run.stderr
    assert json.loads((tmp_path / "t.json").read_text())["callsign"] == "DLH2AB  "
    bad = cli("fetch", "opensky", "--icao24", "3c6444", "--begin", "2020-01-01T00:00Z",
              "--out", str(tmp_path / "none.json"), "--base-url", f"{server}/api")
    assert bad.returncode == 2 and "no track for 3c6444" in bad.stderr and "Traceback" not in bad.stderr
