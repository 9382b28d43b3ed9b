"""Shared test helpers: the project's own paths, and running the CLI as a user would."""
from __future__ import annotations

import importlib.util
import os
import subprocess
import tempfile
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "fixtures"

# The cache of read track files stays off in tests (a test that swaps a reader must see it run);
# tests/test_readcache.py switches it on in a folder of its own.
os.environ.setdefault("TRACKER_READ_CACHE", "off")


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `tracker ...` in this process (typer's CliRunner isolation: captured stdout and
    stderr, the same `tracker.cli.run` the entry point calls, the same exit codes).

    Far faster than a subprocess (no interpreter start, imports and caches shared);
    `run_cli_process` is kept for the few tests about the installed entry point itself.
    """
    from typer.testing import CliRunner

    from tracker import cli

    before = Path.cwd()
    # Not the checkout: a command's default outputs (./maps) must not land in the repository.
    os.chdir(cwd or tempfile.mkdtemp(prefix="tracker-cli-"))
    try:
        with CliRunner().isolation(env={"COLUMNS": "200", "NO_COLOR": "1"}) as (stdout, stderr, _):
            code = cli.run(list(args))
            sys.stdout.flush()
            sys.stderr.flush()
            out, err = stdout.getvalue().decode(), stderr.getvalue().decode()
    finally:
        os.chdir(before)
    return subprocess.CompletedProcess(["tracker", *args], code, out, err)


def run_cli_process(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run `python -m tracker.cli ...` in a subprocess: the real entry point, real exit codes."""
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1")
    return subprocess.run(
        [sys.executable, "-m", "tracker.cli", *args],
        capture_output=True, text=True, cwd=cwd or ROOT, env=env, timeout=timeout,
    )


def run_script(path: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run one of the checkout's scripts (not installed commands) as a user would."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, cwd=ROOT, env=env,
                          timeout=timeout)


def load_script(name: str):
    """Import `scripts/<name>.py` as a module (the scripts folder is not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def cli():
    return run_cli
