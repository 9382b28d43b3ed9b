"""One selection, written once as an Ibis expression, run where the data is.

- `duckdb` (default, embedded): the local Parquet archive (`tracker.archive.store`).
- `spark` / `spark://host:7077`: the same archive files through PySpark (local mode by
  default; a master URL points at a cluster that can read the same paths).
- `trino://user@host[:port]/catalog/schema`: OpenSky's historical database
  (`state_vectors_data4`, partitioned by `hour`), OAuth2 as OpenSky requires. Every query
  carries the hour-partition predicate (`hour` between the window's hours), so it never
  scans the table; a selection without a time window is refused.

Partitions are pruned before the engine sees them: only the archive's date folders that
overlap the selection's windows are handed to it. Inside the files, the expression filters
by time and identity; row-group statistics on the sorted icao24 do the rest.
"""
from __future__ import annotations

import datetime as dt
import os
from typing import Any
from urllib.parse import unquote, urlparse

import pandas as pd

from tracker.adsb import table as tables
from tracker.archive import store
from tracker.archive.selection import Selection, Want
from tracker.errors import TrackerError

OPENSKY_TABLE = "state_vectors_data4"
OPENSKY_TOKEN_URL = "https://auth.opensky-network.org/auth/realms/opensky-network/protocol/openid-connect/token"


def _ibis():
    try:
        import ibis
    except ImportError:  # pragma: no cover - a dependency; message for a broken install
        raise TrackerError("the archive engines need ibis-framework (pip install 'ibis-framework[duckdb]')") from None
    return ibis


def _ts(value: dt.datetime):
    ibis = _ibis()
    return ibis.literal(pd.Timestamp(value).tz_convert("UTC"), type="timestamp('UTC')")


def _regkey(col):
    return col.upper().re_replace(r"[^0-9A-Z]", "")


def _window(t, w: Want, time_col: str = "time", epoch: bool = False):
    ibis = _ibis()
    cond = ibis.literal(True)
    col = t[time_col]
    if w.since is not None:
        cond &= col >= (int(w.since.timestamp()) if epoch else _ts(w.since))
    if w.until is not None:
        cond &= col <= (int(w.until.timestamp()) + (1 if epoch else 0) if epoch else _ts(w.until))
    return cond


def expression(t, selection: Selection | None, opensky: bool = False):
    """The rows of table `t` that `selection` wants (see `tracker.archive.selection`).

    `opensky`: `t` is OpenSky's state_vectors_data4 (integer `time`, an `hour` partition,
    no registration or type columns): each want also bounds `hour`, and registrations must
    already be icao24s."""
    ibis = _ibis()
    if selection is None:
        return t
    preds = []
    for w in selection.wants:
        inside = _window(t, w, epoch=opensky)
        if opensky:
            if w.since is None or w.until is None:
                raise TrackerError("an OpenSky Trino query needs a time window (the `hour` partition is required)")
            first_hour = int(w.since.timestamp()) // 3600 * 3600
            inside &= (t.hour >= first_hour) & (t.hour <= int(w.until.timestamp()))
        if w.strong:
            ident = t.icao24.isin(sorted(w.icao24)) if w.icao24 else ibis.literal(False)
            named = []
            if w.callsigns:
                named.append(t.callsign.strip().upper().isin(sorted(w.callsigns)))
            if w.registrations and not opensky:
                named.append(_regkey(t.registration).isin(sorted(w.registrations)))
            if named:
                carriers = t.filter(inside & ibis.or_(*named)).select("icao24").distinct()
                ident |= t.icao24.isin(carriers.icao24)
            inside &= ident
        # a type-only want reads its whole window: the matcher accepts a type by family
        # (B738 for "a Boeing 737"), a rule kept in Python (tracker.corroborate.families), not in SQL
        preds.append(inside)
    if not preds:
        return t.filter(ibis.literal(False))
    return t.filter(ibis.or_(*preds))


def parse(engine: str | None) -> tuple[str, str | None]:
    """('duckdb'|'spark'|'trino', target)."""
    if engine in (None, "", "duckdb"):
        return "duckdb", None
    if engine == "spark" or engine.startswith(("spark://", "local")):
        return "spark", None if engine == "spark" else engine
    if engine.startswith(("trino://", "trinos://")):
        return "trino", engine
    raise TrackerError(f"unknown engine {engine!r} (duckdb, spark[://master], trino://user@host/catalog/schema)")


def select(archive: str | None, selection: Selection | None, engine: str | None = None) -> tuple[pd.DataFrame, store.ArchiveReport]:
    """The selection's rows from the archive (or from Trino), as a canonical table, and a report."""
    kind, target = parse(engine)
    if kind == "trino" and target is not None:
        return trino_select(target, selection)
    if archive is None or not store.is_archive(archive):
        raise TrackerError("not a tracker archive (no _sources.json; make one with `tracker archive add`)", archive)
    since, until = selection.bounds() if selection is not None else (None, None)
    paths, total = store.files(archive, since, until)
    report = store.ArchiveReport(file=str(archive), format=f"parquet-archive ({kind})", files=len(paths), files_total=total)
    if not paths:
        return store.to_canonical(pd.DataFrame(columns=list(store.arrow_schema().names))), report
    if kind == "duckdb":
        frame = _run_duckdb(paths, selection)
    else:
        frame = _run_spark(paths, selection, target)
    frame = store.to_canonical(frame)
    report.rows_read = report.rows_kept = len(frame)
    return frame, report


def _run_duckdb(paths: list[str], selection: Selection | None) -> pd.DataFrame:
    """The expression compiled once to DuckDB SQL over a view of the chosen files.

    Ibis's own DuckDB backend would open a connection and infer the files' schema on every
    call (~0.1 s, most of a one-aircraft query); the archive's schema is known, so the
    expression is built on an unbound table of that schema and only the SQL goes to DuckDB."""
    import duckdb

    ibis = _ibis()
    sql = ibis.to_sql(expression(ibis.table(archive_schema(), name="tracks"), selection), dialect="duckdb")
    listed = ", ".join("'" + p.replace("'", "''") + "'" for p in paths)
    global _DUCK
    if _DUCK is None:
        _DUCK = duckdb.connect()  # one per process: connecting costs more than a small query
    _DUCK.execute(f"CREATE OR REPLACE TEMP VIEW tracks AS SELECT * FROM read_parquet([{listed}], hive_partitioning = false)")
    return _DUCK.sql(sql).to_arrow_table().to_pandas()


_DUCK: Any = None


def archive_schema():
    return _ibis().Schema.from_pyarrow(store.arrow_schema())


_SPARK = None


def spark_session(master: str | None = None):
    """One local Spark session per process (starting one costs seconds), UTC session time."""
    global _SPARK
    if _SPARK is None:
        try:
            from pyspark.sql import SparkSession
        except ImportError:
            raise TrackerError("--engine spark needs pyspark (pip install pyspark) and Java 17") from None
        master = master or os.environ.get("TRACKER_SPARK_MASTER", "local[2]")
        _SPARK = (SparkSession.builder.master(master.replace("spark+", "")).appName("tracker")
                  .config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false")
                  .config("spark.sql.shuffle.partitions", "4").getOrCreate())
    return _SPARK


def _run_spark(paths: list[str], selection: Selection | None, master: str | None) -> pd.DataFrame:
    ibis = _ibis()
    session = spark_session(master)
    con = ibis.pyspark.connect(session)
    session.read.parquet(*paths).createOrReplaceTempView("tracker_tracks")  # ibis's read_parquet takes one path
    t = con.table("tracker_tracks")
    return con.to_pyarrow(expression(t, selection)).to_pandas()


# --------------------------------------------------------------------------- Trino (OpenSky)

def trino_connect(url: str):
    """trino://user@host[:port]/catalog/schema → an Ibis Trino connection.

    OpenSky: `trino://USER@trino.opensky-network.org/minio/osky`, with OAuth2 (the trino
    client opens the browser flow, or a token from OPENSKY_TRINO_TOKEN / the client
    credentials OPENSKY_CLIENT_ID + OPENSKY_CLIENT_SECRET is used as a JWT bearer)."""
    ibis = _ibis()
    import trino.auth

    u = urlparse(url)
    parts = [p for p in u.path.split("/") if p]
    if len(parts) != 2 or not u.hostname:
        raise TrackerError("a Trino engine is trino://user@host[:port]/catalog/schema", url)
    scheme = "https" if u.scheme == "trinos" or (u.port or 443) == 443 else "http"
    token = os.environ.get("OPENSKY_TRINO_TOKEN") or _client_credentials_token()
    auth: Any
    if token:
        auth = trino.auth.JWTAuthentication(token)
    elif scheme == "https":
        auth = trino.auth.OAuth2Authentication()
    else:
        auth = None  # a local test server over plain HTTP
    extra = {}
    if scheme == "http" and auth is not None:
        if u.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise TrackerError("credentials are only sent over HTTPS (use port 443 or trinos://)", url)
        extra["allow_insecure_auth"] = True  # a server on this machine (the tests' stand-in)
    return ibis.trino.connect(user=unquote(u.username or "tracker"), host=u.hostname, port=u.port or 443,
                              database=parts[0], schema=parts[1], auth=auth, http_scheme=scheme, **extra)


def _client_credentials_token() -> str | None:
    cid, secret = os.environ.get("OPENSKY_CLIENT_ID"), os.environ.get("OPENSKY_CLIENT_SECRET")
    if not (cid and secret):
        return None
    import requests

    resp = requests.post(os.environ.get("OPENSKY_TOKEN_URL", OPENSKY_TOKEN_URL), timeout=30,
                         data={"grant_type": "client_credentials", "client_id": cid, "client_secret": secret})
    if resp.status_code != 200:
        raise TrackerError(f"OpenSky token request failed: HTTP {resp.status_code}")
    return resp.json().get("access_token")


def opensky_sql(selection: Selection) -> str:
    """The SQL the Trino engine sends (for review and tests): always with the hour predicate."""
    ibis = _ibis()
    t = ibis.table(OPENSKY_SCHEMA, name=OPENSKY_TABLE)
    return ibis.to_sql(expression(t, selection, opensky=True).order_by(["icao24", "time"]), dialect="trino")


OPENSKY_SCHEMA = {
    "time": "int64", "icao24": "string", "lat": "float64", "lon": "float64", "velocity": "float64",
    "heading": "float64", "vertrate": "float64", "callsign": "string", "onground": "boolean",
    "baroaltitude": "float64", "geoaltitude": "float64", "lastposupdate": "float64", "hour": "int64",
}


def trino_select(url: str, selection: Selection | None) -> tuple[pd.DataFrame, store.ArchiveReport]:
    if selection is None or not selection.wants:
        raise TrackerError("an OpenSky Trino query needs a selection (claims, or --icao24/--since/--until)")
    report = store.ArchiveReport(file=url.split("@")[-1], format="opensky-trino")
    bounded = [w for w in selection.wants if w.since is not None and w.until is not None]
    report.unbounded_skipped = len(selection.wants) - len(bounded)  # their claims find no data: said in the report
    if not bounded:
        return store.to_canonical(pd.DataFrame(columns=list(OPENSKY_SCHEMA))), report
    con = trino_connect(url)
    t = con.table(OPENSKY_TABLE)
    expr = expression(t, Selection(bounded), opensky=True).order_by(["icao24", "time"])
    raw = con.to_pyarrow(expr).to_pandas()
    frame = pd.DataFrame({
        "time": tables.epoch(raw["lastposupdate"].where(raw["lastposupdate"].notna(), raw["time"]), "s"),
        "icao24": raw["icao24"], "callsign": raw["callsign"],
        "lat": raw["lat"], "lon": raw["lon"],
        "alt_ft": pd.to_numeric(raw["baroaltitude"], errors="coerce") * tables.FT_PER_M,
        "gs_kt": pd.to_numeric(raw["velocity"], errors="coerce") * tables.KT_PER_MS,
        "track_deg": raw["heading"],
        "vrate_fpm": pd.to_numeric(raw["vertrate"], errors="coerce") * tables.FPM_PER_MS,
        "on_ground": raw["onground"].astype("boolean"),
    })
    checked = tables.check(frame, report)
    checked = checked.drop(columns=tables.LINE).assign(source=report.file)
    report.rows_kept = len(checked)
    return store.to_canonical(checked), report
