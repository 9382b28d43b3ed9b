#!/usr/bin/env bash
# Build the wheel, install it into a fresh venv (no checkout on the path), run the main job
# from an empty temporary folder, and fail unless it gives the bundled data's verdicts.
set -euo pipefail
unset PYTHONPATH  # the checkout on the path would shadow the installed package
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Built from a clean copy: a stale build/ or egg-info in the checkout must not leak into the wheel.
mkdir "$work/src"
tar --exclude=./.git --exclude=./.venv --exclude=./build --exclude='*.egg-info' --exclude=./maps -cf - . | tar -C "$work/src" -xf -
python3 -m pip wheel -q --no-deps -w "$work/dist" "$work/src"
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$work"/dist/tracker-*.whl
mkdir "$work/empty"
cd "$work/empty"
"$work/venv/bin/tracker" corroborate --json > "$work/verdicts.json"
"$work/venv/bin/python" - "$work/verdicts.json" <<'PY'
import json, sys
summary = json.load(open(sys.argv[1]))["summary"]
expected = {"supported": 7, "contradicted": 0, "inconclusive": 0, "no-data": 0}
if summary != expected:
    sys.exit(f"wheel install: main job gave {summary}, expected {expected}")
print(f"wheel install: main job from an empty folder gave {summary}")
PY
test -s maps/index.html || { echo "wheel install: no maps/index.html written"; exit 1; }
