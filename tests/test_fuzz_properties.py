"""Property tests (hypothesis) for every reader family and the article path — in CI, for good.

For any input — random bytes, random text, or a structure-aware mutation of a real sample in
fixtures/ — the run ends in exit 0 or exit 2 (a TrackerError), never another exception; every
read report keeps `rows_read == rows_kept + rows_rejected`; nothing printed carries a terminal
control character. Judged by tests/fuzz_harness.py, the same judge the coverage-guided fuzzer
(scripts/fuzz.py) and the done-when measurement (benchmarks/fuzz_measure.py) use. Runs are
in process with few examples each, so the whole file takes well under a minute; the big
numbers come from benchmarks/fuzz_measure.py. Crashes the fuzzer finds are replayed by
`test_fuzz_regressions`.
"""
from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzz_harness as fh

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
FAMILIES = [f for f in fh.SEEDS]
_SETTINGS = settings(max_examples=12, deadline=None, derandomize=True,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
_TMP = Path(tempfile.mkdtemp(prefix="tracker-fuzz-"))


def _judge(data: bytes, name: str) -> fh.Outcome:
    path = _TMP / name
    path.write_bytes(data)
    outcome = fh.run_reader(path)
    assert not outcome.crashed, f"{outcome.error} (input kept at {path})"
    assert outcome.violations == [], outcome.violations
    return outcome


@pytest.mark.parametrize("family", FAMILIES)
@_SETTINGS
@given(seed=st.integers(0, 2**32 - 1))
def test_mutated_real_samples(family, seed):
    rng = random.Random(seed)
    seeds = fh.seed_bytes(family, _TMP)
    data = fh.any_mutation(rng.choice(seeds), rng, family)
    _judge(data, f"mutated-{family}.bin")


@_SETTINGS
@given(data=st.binary(max_size=2048))
def test_random_bytes(data):
    _judge(data, "random.bin")


@_SETTINGS
@given(prefix=st.sampled_from(["[", "{", "time,icao24,lat,lon\n", "Timestamp,UTC,Callsign,Position\n",
                               '{"icao24": "abc123", "df": 17}\n', '{"trace": [', '{"aircraft": [', "PAR1"]),
       body=st.text(max_size=1500))
def test_random_text_after_a_format_header(prefix, body):
    _judge((prefix + body).encode("utf-8", "surrogatepass"), "text.bin")


_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
                     lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=8), inner, max_size=5),
                     max_leaves=40)


@_SETTINGS
@given(point=st.dictionaries(st.sampled_from(["timestamp", "icao24", "latitude", "longitude", "altitude", "onground",
                                              "callsign", "groundspeed", "track", "vertical_rate"]), _JSON, max_size=10),
       n=st.integers(1, 4))
def test_traffic_records_with_any_values(point, n):
    import json

    _judge(json.dumps([point] * n, allow_nan=True).encode(), "records.json")


@_SETTINGS
@given(rows=st.lists(st.lists(_JSON, max_size=16), max_size=6), r=_JSON, t=_JSON, icao=_JSON, ts=_JSON)
def test_readsb_trace_with_any_values(rows, r, t, icao, ts):
    import json

    doc = {"icao": icao, "r": r, "t": t, "timestamp": ts, "trace": rows}
    _judge(json.dumps(doc, allow_nan=True).encode(), "trace.json")


# --------------------------------------------------------------------------- articles

_PROSE = "\n".join(p.read_text(encoding="utf-8") for p in sorted((fh.ROOT / "seeds").glob("*.txt")))


def _judge_article(name: str, data: bytes, meta: bytes | None) -> None:
    folder = Path(tempfile.mkdtemp(dir=_TMP))
    (folder / name).write_bytes(data)
    if meta is not None:
        (folder / "META.json").write_bytes(meta)
    outcome = fh.run_article(folder / name)
    assert not outcome.crashed, f"{outcome.error} (input kept in {folder})"
    assert outcome.violations == [], outcome.violations


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), with_meta=st.booleans())
def test_hostile_articles(seed, with_meta):
    rng = random.Random(seed)
    name, data = fh.hostile_article(rng, _PROSE[:20000])
    if len(data) > 20000:  # the property, not the speed: long shapes are in benchmarks/linear_articles.py
        data = data[:20000]
    _judge_article(name, data, fh.hostile_meta(rng) if with_meta else None)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=600))
def test_any_text_as_an_article(text):
    _judge_article("a.txt", text.encode("utf-8", "surrogatepass"), None)


@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(meta=_JSON)
def test_any_meta_json(meta):
    import json

    _judge_article("a.txt", _PROSE[:3000].encode(), json.dumps({"a.txt": meta}, allow_nan=True).encode())


# --------------------------------------------------------------------------- regressions

def _regression_files() -> list[Path]:
    return sorted(p for p in REGRESSIONS.rglob("*") if p.is_file() and p.name != "README.md")


@pytest.mark.parametrize("path", _regression_files(), ids=lambda p: str(p.relative_to(REGRESSIONS)))
def test_fuzz_regressions(path):
    """Every input a fuzz run ever crashed on: `<family>/<name>` for readers, `articles/<name>` for articles."""
    if path.parent.name == "articles":
        _judge_article("a.html" if path.suffix == ".html" else "a.txt", path.read_bytes(), None)
    else:
        _judge(path.read_bytes(), path.name)
