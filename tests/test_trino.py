"""OpenSky's Trino through Ibis: the hour-partition predicate is always in the SQL, OAuth2 bearer
tokens are sent, and claims corroborate from a local Trino stand-in as from the same rows in a file."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from tracker.archive import engines, selection
from tracker.errors import TrackerError

from conftest import FIXTURES, ROOT, run_cli

import trino  # noqa: E402,F401  (in the test extra: a missing install fails, never skips)
from trino_server import Trino

UTC = dt.UTC
CSV = FIXTURES / "adsb" / "opensky_states_15f1a7_2023-09-25.csv"


@pytest.fixture(scope="module")
def server():
    srv = Trino(str(CSV))
    yield srv
    srv.close()


def _url(srv) -> str:
    return srv.url.replace("http://", "trino://alice@") + "/minio/osky"


@pytest.mark.parametrize("want", [
    selection.want(icao24=["15f1a7"], since=dt.datetime(2023, 9, 25, 17, tzinfo=UTC), until=dt.datetime(2023, 9, 26, 3, tzinfo=UTC)),
    selection.want(callsigns=["RFF7207"], since=dt.datetime(2023, 9, 25, tzinfo=UTC), until=dt.datetime(2023, 9, 27, tzinfo=UTC)),
    selection.want(typecodes=["IL62"], since=dt.datetime(2023, 9, 25, tzinfo=UTC), until=dt.datetime(2023, 9, 25, 6, tzinfo=UTC)),
])
def test_every_scan_of_the_table_carries_the_hour_predicate(want):
    sql = engines.opensky_sql(selection.Selection([want]))
    scans = len(re.findall(r'FROM "state_vectors_data4"', sql))
    lo = int(want.since.timestamp()) // 3600 * 3600
    assert scans >= 1
    assert sql.count(f'"hour" >= {lo}') == scans  # the subquery finding a callsign's aircraft too
    assert sql.count(f'"hour" <= {int(want.until.timestamp())}') == scans


def test_a_query_without_a_time_window_is_refused():
    with pytest.raises(TrackerError, match="hour"):
        engines.opensky_sql(selection.Selection([selection.want(icao24=["15f1a7"])]))


def test_rows_come_back_through_the_trino_protocol_with_a_bearer_token(server, monkeypatch):
    monkeypatch.setenv("OPENSKY_TRINO_TOKEN", "tok-123")
    want = selection.Selection([selection.want(icao24=["15f1a7"], since=dt.datetime(2023, 9, 25, 17, tzinfo=UTC),
                                               until=dt.datetime(2023, 9, 25, 18, tzinfo=UTC))])
    frame, _ = engines.select(None, want, engine=_url(server))
    assert len(frame) > 50 and set(frame["icao24"]) == {"15f1a7"}
    assert frame["time"].min() >= want.wants[0].since.replace(tzinfo=UTC)
    assert "Bearer tok-123" in server.auth
    assert any('"hour" >=' in s for s in server.statements)


def test_seed_claims_from_trino_match_the_same_rows_as_a_file(server, monkeypatch):
    monkeypatch.setenv("OPENSKY_TRINO_TOKEN", "tok-123")
    seed = str(ROOT / "seeds" / "001_afffacfbc2601252.txt")

    def verdicts(*args):
        result = run_cli("corroborate", seed, "--json", *args)
        assert result.returncode == 0, result.stderr
        return [(v["claim_id"], v["outcome"], [(c["field"], c["outcome"]) for c in v["checks"]])
                for v in json.loads(result.stdout)["verdicts"]]

    from_file = verdicts("--adsb", str(CSV))
    assert sum(o == "supported" for _, o, _ in from_file) >= 3
    assert verdicts("--engine", _url(server)) == from_file
