"""A small Trino stand-in on 127.0.0.1 for the tests: the `trino` client's HTTP protocol
(POST /v1/statement → JSON with columns, data, stats; nextUri followed until FINISHED), with the
SQL it receives translated by sqlglot and run on DuckDB over an OpenSky-shaped
`minio.osky.state_vectors_data4` table. It records every statement and Authorization header."""
from __future__ import annotations

import json
import math
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import duckdb
import sqlglot

TYPES = {"BIGINT": "bigint", "INTEGER": "integer", "VARCHAR": "varchar", "DOUBLE": "double",
         "BOOLEAN": "boolean", "FLOAT": "real", "TIMESTAMP": "timestamp(3)"}


class Trino:
    def __init__(self, rows_csv: str):
        self.db = duckdb.connect()
        self.db.execute("ATTACH ':memory:' AS minio; CREATE SCHEMA minio.osky")
        self.db.execute(f"""CREATE TABLE minio.osky.state_vectors_data4 AS
            SELECT CAST(time AS BIGINT) AS time, CAST(icao24 AS VARCHAR) AS icao24, lat, lon, velocity, heading, vertrate,
                   CAST(callsign AS VARCHAR) AS callsign, CAST(onground AS BOOLEAN) AS onground, baroaltitude, geoaltitude,
                   CAST(lastposupdate AS DOUBLE) AS lastposupdate, CAST(lastcontact AS DOUBLE) AS lastcontact,
                   CAST(time - time % 3600 AS BIGINT) AS hour
            FROM read_csv('{rows_csv}', header=true, all_varchar=false)""")
        self.db.execute("USE minio.osky")  # current_schema answers as the session schema
        self.statements: list[str] = []
        self.auth: list[str | None] = []
        self.pending: dict[str, dict] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.db.close()

    def run(self, sql: str) -> dict:
        self.statements.append(sql)
        qid = uuid.uuid4().hex[:12]
        base = {"id": qid, "infoUri": f"{self.url}/ui/{qid}"}
        if sql.strip().upper().startswith(("PREPARE", "DEALLOCATE")):
            return {**base, "stats": {"state": "FINISHED"}, "updateType": sql.split()[0].upper()}
        try:
            duck = sqlglot.transpile(sql, read="trino", write="duckdb")[0]
            cur = self.db.execute(duck)
            rows = cur.fetchall()
            cols = [{"name": d[0], "type": TYPES.get(str(d[1]).upper(), "varchar"),
                     "typeSignature": {"rawType": TYPES.get(str(d[1]).upper(), "varchar").split("(")[0], "arguments": []}}
                    for d in cur.description]
        except Exception as exc:  # noqa: BLE001 - reported to the client as Trino would
            return {**base, "stats": {"state": "FAILED"},
                    "error": {"message": str(exc), "errorCode": 1, "errorName": "GENERIC_USER_ERROR", "errorType": "USER_ERROR"}}
        data = [[None if isinstance(v, float) and math.isnan(v) else v for v in r] for r in rows]
        # first page: columns only, with a nextUri (as a running query answers); second page: the rows
        self.pending[qid] = {**base, "columns": cols, "data": data, "stats": {"state": "FINISHED"}}
        return {**base, "columns": cols, "nextUri": f"{self.url}/v1/statement/executing/{qid}/1",
                "stats": {"state": "RUNNING"}}

    def _handler(self):
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _send(self, payload):
                body = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self):
                outer.auth.append(self.headers.get("Authorization"))
                sql = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                self._send(outer.run(sql))

            def do_GET(self):
                qid = self.path.rstrip("/").split("/")[-2]
                self._send(outer.pending.pop(qid, {"id": qid, "stats": {"state": "FINISHED"}}))

            def do_DELETE(self):
                self.send_response(204)
                self.end_headers()

        return Handler
