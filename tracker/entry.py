"""The `tracker` command's entry point: `tracker flights PATH… --json` is answered here without
loading typer and rich; every other command line goes to `tracker.cli`.

That line has nothing to parse, prints only JSON to stdout, and (when stderr is no terminal)
shows no progress bar, yet the CLI module's imports — typer, click, rich and the consoles — took
≈40 ms of a ≈0.8 s run on the quickstart collection. Errors are printed by the CLI's own console
(imported only then), so the route says exactly what `tracker.cli.run` says: stdout, stderr and
exit codes are compared in tests/test_cli_direct.py.
"""
from __future__ import annotations

import json
import os
import sys


def plain_flights(args: list[str]) -> tuple[list[str], bool] | None:
    """(paths, --json) when `args` are just `flights PATH… [--json]`, else None (another option,
    `--help`, `--`, a path that starts with "-")."""
    if len(args) < 2 or args[0] != "flights":
        return None
    paths = [a for a in args[1:] if a != "--json"]
    if not paths or len(args) - 1 - len(paths) > 1 or any(a.startswith("-") for a in paths):
        return None
    return paths, len(paths) < len(args) - 1


def write_json(payload: object) -> None:
    from tracker.model import to_json

    sys.stdout.write(json.dumps(to_json(payload), ensure_ascii=False, indent=2) + "\n")


def _stderr_is_terminal() -> bool:
    """What rich's `Console(stderr=True).is_terminal` would say outside Jupyter, erring towards
    yes (then the CLI, with its progress bar, answers)."""
    if "TTY_COMPATIBLE" in os.environ or "FORCE_COLOR" in os.environ:
        return True
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return True


def flights_json(args: list[str]) -> int | None:
    """The exit code of `flights PATH… --json` answered without the CLI module, or None when
    `args` are anything else (or stderr is a terminal: the CLI shows a progress bar there)."""
    direct = plain_flights(args)
    if direct is None or not direct[1] or _stderr_is_terminal():
        return None
    from tracker.errors import TrackerError

    try:
        from tracker.archive import sources
        from tracker.flights import segment
        from tracker.inputs import expand
        from tracker.output.payload import flights_payload

        table, reports = sources.read(expand(direct[0], what="ADS-B files"), aircraft_db=[])
        write_json(flights_payload(segment.detect(table), reports))
    except TrackerError as exc:
        from tracker import cli

        cli.err.print(f"tracker: error: {exc}", markup=False, highlight=False)
        return 2
    except (EOFError, KeyboardInterrupt):  # as the CLI (click's Abort) says it
        from tracker import cli

        sys.stderr.write("\n")
        cli.err.print("tracker: aborted", markup=False, highlight=False)
        return 130
    return 0


def main() -> None:
    """Entry point (`tracker`, `python -m tracker.cli`)."""
    code = flights_json(sys.argv[1:])
    if code is None:
        from tracker import cli

        cli.main()
    else:
        exit_now(code)


def exit_now(code: int) -> None:
    """Leave without tearing the interpreter down: freeing every module and object of a large
    run (pandas, pyarrow, the airport tables) takes longer than some whole commands. Every file
    tracker writes is closed by then; the standard streams are flushed here. Only the entry
    point does this; `tracker.cli.run` (Python callers, in-process tests) returns as usual."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe (`tracker … | head`): nothing more to say
        os._exit(code or 1)
    os._exit(code)
