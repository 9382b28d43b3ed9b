"""Fail CI on NEW mypy errors: each module may have at most the errors in its baseline.

    python scripts/mypy_gate.py            # check (CI)
    python scripts/mypy_gate.py --update   # after fixing errors: lower the baseline

The baseline (.ci/mypy-baseline.json, module → error count) records the errors the code had
when typing was introduced; it may only go down. A module not listed may have none.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / ".ci" / "mypy-baseline.json"
ERROR = re.compile(r"^(?P<path>[^:\s]+\.py):\d+: error:", re.M)


def counts() -> tuple[Counter, str]:
    run = subprocess.run([sys.executable, "-m", "mypy", "tracker"], cwd=ROOT, capture_output=True, text=True)
    if run.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        sys.exit(f"mypy failed to run:\n{run.stdout}{run.stderr}")
    return Counter(m.group("path") for m in ERROR.finditer(run.stdout)), run.stdout


def main(update: bool = False) -> int:
    found, output = counts()
    if update:
        BASELINE.write_text(json.dumps(dict(sorted(found.items())), indent=1) + "\n", encoding="utf-8")
        print(f"mypy baseline: {sum(found.values())} errors in {len(found)} modules")
        return 0
    allowed = json.loads(BASELINE.read_text(encoding="utf-8"))
    worse = {path: (n, allowed.get(path, 0)) for path, n in found.items() if n > allowed.get(path, 0)}
    if worse:
        for line in output.splitlines():
            if any(line.startswith(path + ":") for path in worse):
                print(line)
        for path, (n, limit) in sorted(worse.items()):
            print(f"{path}: {n} mypy errors, baseline allows {limit}")
        return 1
    better = sum(allowed.values()) - sum(found.values())
    print(f"mypy: {sum(found.values())} errors, none new"
          + (f" ({better} fewer than the baseline: run with --update)" if better else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(update="--update" in sys.argv[1:]))
