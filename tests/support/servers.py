"""Local HTTP servers for tests (127.0.0.1 only)."""
from __future__ import annotations

from http.server import ThreadingHTTPServer


class QuietHTTPServer(ThreadingHTTPServer):
    """A test server that does not print a traceback when a client hangs up on purpose (the
    timeout and size-limit tests do): printed from its thread, the traceback would land in the
    stderr that a later test captures and fail that test instead."""

    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        pass
