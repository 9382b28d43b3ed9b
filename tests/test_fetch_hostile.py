"""Issue 10 item 5: `fetch opensky` and `extract URL` against hostile servers on 127.0.0.1.

Every case ends in one TrackerError naming what was wrong, bounded in time, memory and
request count — never a traceback, never an endless loop of requests."""
from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlparse

import pytest

from support.servers import QuietHTTPServer
from tracker.adsb import fetch
from tracker.claims import articles
from tracker.errors import TrackerError


class Hostile(BaseHTTPRequestHandler):
    requests: list = []

    def log_message(self, *args):
        pass

    def _send(self, status: int, data: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {"Content-Type": "application/json"}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        path = urlparse(self.path).path
        if path == "/token-list":
            return self._send(200, b'["access_token"]')
        if path == "/token-string":
            return self._send(200, b'"tok"')
        return self._send(200, b"not json at all")

    def do_GET(self):
        url = urlparse(self.path)
        Hostile.requests.append(url.path)
        if url.path == "/nan/flights/aircraft":
            return self._send(200, b'[{"firstSeen": NaN}, {"firstSeen": Infinity}, {"firstSeen": 1e400}, {"firstSeen": "x"}]')
        if url.path == "/bomb/tracks/all":  # 12 MB of zeros in ~12 KB of gzip, declared as gzip
            body = gzip.compress(b"0" * 12_000_000, compresslevel=6)
            return self._send(200, body, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
        if url.path == "/deep/tracks/all":
            return self._send(200, b"[" * 200_000 + b"]" * 200_000)
        if url.path == "/drip":  # a page that never finishes: one byte every 0.5 s
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(200):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return None
        if url.path == "/slow-headers":  # the status line, then headers one byte at a time
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                self.wfile.flush()
                for _ in range(200):
                    self.wfile.write(b"X")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return None
        return self._send(404, b"")


@pytest.fixture
def server():
    Hostile.requests = []
    httpd = QuietHTTPServer(("127.0.0.1", 0), Hostile)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def test_far_future_and_ancient_times_are_refused_before_any_request(server, tmp_path):
    for begin, end, says in (("9999-12-31T23:59:59+14:00", None, "not an ISO 8601 time|in the future"),
                             ("9000-01-01", None, "in the future"),
                             ("1990-01-01", None, "before 2013"),
                             ("2023-11-14", "9999-12-31", "in the future")):
        with pytest.raises(TrackerError, match=says):
            fetch.opensky("3c6444", begin, end, tmp_path / "x.json", f"{server}/api")
    assert Hostile.requests == []


def test_span_needing_too_many_requests_is_refused_with_the_numbers(server, tmp_path):
    with pytest.raises(TrackerError, match=r"needs \d+ flight-list requests .* limit is \d+"):
        fetch.opensky("3c6444", "2014-01-01", "2024-01-01", tmp_path / "x.json", f"{server}/api")
    assert Hostile.requests == []


@pytest.mark.parametrize("path", ["token-list", "token-string", "token-text"])
def test_token_reply_that_is_not_an_object(server, tmp_path, monkeypatch, path):
    monkeypatch.setenv("OPENSKY_CLIENT_ID", "me")
    monkeypatch.setenv("OPENSKY_CLIENT_SECRET", "s")
    monkeypatch.setenv("OPENSKY_TOKEN_URL", f"{server}/{path}")
    with pytest.raises(TrackerError, match="refused the client credentials"):
        fetch.opensky("3c6444", "2023-11-14", None, tmp_path / "x.json", f"{server}/api")


def test_nan_and_infinite_first_seen_are_skipped(server, tmp_path, monkeypatch):
    for name in ("OPENSKY_CLIENT_ID", "OPENSKY_CLIENT_SECRET", "OPENSKY_USERNAME"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(TrackerError, match="no track for 3c6444"):
        fetch.opensky("3c6444", "2023-11-14", "2023-11-15", tmp_path / "x.json", f"{server}/nan")
    assert Hostile.requests == ["/nan/flights/aircraft", "/nan/tracks/all"]  # the track at --begin, nothing else


def test_decompression_bomb_stops_at_the_limit(server, tmp_path, monkeypatch):
    monkeypatch.setattr(fetch, "MAX_REPLY_BYTES", 5_000_000)
    with pytest.raises(TrackerError, match="exceeds the 5000000-byte limit"):
        fetch.opensky("3c6444", "2023-11-14", None, tmp_path / "x.json", f"{server}/bomb")
    assert not (tmp_path / "x.json").exists()


def test_deeply_nested_reply_is_not_json(server, tmp_path):
    with pytest.raises(TrackerError, match="not JSON"):
        fetch.opensky("3c6444", "2023-11-14", None, tmp_path / "x.json", f"{server}/deep")


@pytest.mark.parametrize("path", ["drip", "slow-headers"])
def test_article_url_has_a_total_deadline(server, monkeypatch, path):
    monkeypatch.setattr(articles, "DEADLINE_S", 2.0)
    started = time.monotonic()
    with pytest.raises(TrackerError, match="no complete answer within 2 s"):
        articles.load([f"{server}/{path}"])
    assert time.monotonic() - started < 6  # the per-byte timeout (15 s) alone would never end it


def test_article_url_error_reply_is_one_line(server):
    with pytest.raises(TrackerError) as caught:
        articles.load([f"{server}/missing"])
    assert "HTTP 404" in str(caught.value) and "\n" not in str(caught.value)


def test_fetch_cli_refuses_the_far_future(cli, tmp_path):
    run = cli("fetch", "opensky", "--icao24", "3c6444", "--begin", "2023-11-14", "--end", "9999-12-31",
              "--out", str(tmp_path / "t.json"), "--base-url", "http://127.0.0.1:9/api")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and "--end 9999-12-31" in run.stderr

