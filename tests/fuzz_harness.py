"""One hostile input through the real code path, in process, judged by the project's promises.

Shared by the property tests (tests/test_fuzz_properties.py), the coverage-guided fuzzer
(scripts/fuzz.py) and the done-when measurement (benchmarks/fuzz_measure.py), so all three
judge an input the same way:

- the outcome is a clean run (exit 0) or a TrackerError (exit 2, one line naming the file);
  any other exception is a traceback the user would have seen;
- every read report keeps `rows_read == rows_kept + rows_rejected` and the sum of the
  reasons equals `rows_rejected`;
- whatever the run prints (read report, aircraft table, JSON payload) can be printed
  without raising, and carries no terminal control character.
"""
from __future__ import annotations

import gzip
import io
import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Real files of every reader family (fixtures/formats and the recorded samples).
SEEDS: dict[str, list[Path]] = {
    "readsb": [ROOT / "fixtures/formats/readsb_trace_recent.json", ROOT / "fixtures/samples/readsb/trace_full_ac671b.json"],
    "fr24-json": [ROOT / "fixtures/samples/fr24/372355e5.json", ROOT / "fixtures/formats/fr24_no_track.json"],
    "fr24-csv": [ROOT / "fixtures/formats/fr24_export.csv"],
    "opensky-csv": [ROOT / "fixtures/formats/opensky_states.csv"],
    "opensky-json": [ROOT / "fixtures/formats/opensky_states_all.json", ROOT / "fixtures/formats/opensky_tracks_all.json"],
    "dump1090": [ROOT / "fixtures/formats/dump1090_old.json",
                 ROOT / "fixtures/formats/dump1090_snapshots/aircraft_1700000000.json"],
    "modes": [ROOT / "fixtures/formats/modes_messages.jsonl"],
    "traffic-json": [ROOT / "fixtures/formats/traffic_records.json"],
    "parquet": [],  # written on demand by `parquet_seed` (no Parquet file is committed)
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")


@dataclass
class Outcome:
    exit: int                      # 0, 2, or 1 for a traceback
    error: str | None = None       # the one line (exit 2) or the traceback's last line
    violations: list[str] = field(default_factory=list)

    @property
    def crashed(self) -> bool:
        return self.exit not in (0, 2)


def parquet_seed(folder: Path) -> Path:
    """A small OpenSky-history Parquet file built from the committed CSV sample."""
    import pandas as pd

    path = folder / "opensky_states.parquet"
    if not path.exists():
        pd.read_csv(ROOT / "fixtures/formats/opensky_states.csv").to_parquet(path)
    return path


def seed_bytes(family: str, tmp: Path | None = None) -> list[bytes]:
    paths = SEEDS[family] or ([parquet_seed(tmp)] if family == "parquet" and tmp else [])
    return [_plain(p.read_bytes()) for p in paths]


def _plain(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def accounting(reports) -> list[str]:
    problems = []
    for r in reports:
        if r.rows_read != r.rows_kept + r.rows_rejected:
            problems.append(f"{r.file}: read {r.rows_read} != kept {r.rows_kept} + rejected {r.rows_rejected}")
        if sum(r.rejected_by_reason.values()) != r.rows_rejected:
            problems.append(f"{r.file}: reasons sum {sum(r.rejected_by_reason.values())} != rejected {r.rows_rejected}")
        if min(r.rows_read, r.rows_kept, r.rows_rejected) < 0:
            problems.append(f"{r.file}: negative count")
        if r.error and "\n" in r.error:
            problems.append(f"{r.file}: error message spans lines")
    return problems


def run_reader(path: Path) -> Outcome:
    """`tracker read PATH --json` and the terminal table, in process."""
    from rich.console import Console

    from tracker import adsb
    from tracker.errors import TrackerError
    from tracker.output import report

    try:
        table, reports = adsb.read([str(path)])
        payload = json.dumps(report.read_payload(table, reports), ensure_ascii=False)
        screen = io.StringIO()
        report.print_read(Console(file=screen, width=200, color_system=None, force_terminal=False), table, reports)
    except TrackerError as exc:
        line = str(exc)
        bad = ["error message spans lines"] if "\n" in line else []
        return Outcome(2, line, bad + (["control character in the error"] if _CONTROL.search(line) else []))
    except RecursionError:
        return Outcome(1, "RecursionError")
    except Exception as exc:  # noqa: BLE001 - any other exception is the bug we look for
        return Outcome(1, f"{type(exc).__name__}: {exc}"[:300])
    violations = accounting(reports)
    if _CONTROL.search(screen.getvalue()):
        violations.append("control character reached the terminal")
    json.loads(payload)
    return Outcome(0, None, violations)


def run_article(path: Path) -> Outcome:
    """`tracker extract PATH --json` and the terminal table, in process."""
    from rich.console import Console

    from tracker.claims import articles, extractor
    from tracker.errors import TrackerError
    from tracker.output import report

    try:
        docs = articles.load([str(path)])
        found = {doc.id: extractor.extract(doc) for doc in docs}
        json.dumps(report.claims_payload(docs, found), ensure_ascii=False)
        screen = io.StringIO()
        report.print_claims(Console(file=screen, width=200, color_system=None, force_terminal=False), docs, found)
    except TrackerError as exc:
        line = str(exc)
        return Outcome(2, line, ["error message spans lines"] if "\n" in line else [])
    except RecursionError:
        return Outcome(1, "RecursionError")
    except Exception as exc:  # noqa: BLE001
        return Outcome(1, f"{type(exc).__name__}: {exc}"[:300])
    return Outcome(0, None, ["control character reached the terminal"] if _CONTROL.search(screen.getvalue()) else [])


# --------------------------------------------------------------------------- mutations

#: Fragments that broke readers before (issue 10), spliced into real files.
HOSTILE = [
    b'"\\ud800"', b'"\\udfff\\ud800"', b"[" * 5000, b"{\"a\":" * 3000, b"9" * 5000, b"-" + b"9" * 400,
    b"1e999", b"-1e999", b"NaN", b"Infinity", b"-Infinity", b"\xff\xfe", b"\xc3\x28", b"\xed\xa0\x80",
    b'{"x": 1}', b"[1, 2]", b"null", b"true", b'"ground"', b"\x1b]0;owned\x07", b"\x1b[2J", b"\x00",
    b",,,,,,", b"\r\n", b"\n", b'"', b"'", b"{{7*7}}", b"9223372036854775808", b"1e308", b"-0", b"1.7976931348623157e309",
]


def mutate(data: bytes, rng: random.Random, rounds: int | None = None) -> bytes:
    """A structure-blind mutation of `data`: flips, cuts, repeats, splices of hostile fragments."""
    out = bytearray(data)
    for _ in range(rounds or rng.randint(1, 4)):
        n = len(out)
        op = rng.randrange(9)
        at = rng.randrange(n + 1) if n else 0
        if op == 0 and n:
            out[min(at, n - 1)] = rng.randrange(256)
        elif op == 1:
            out[at:at] = rng.choice(HOSTILE)
        elif op == 2 and n:
            del out[at:at + rng.randint(1, 64)]
        elif op == 3 and n:
            del out[at:]  # truncation
        elif op == 4 and n:
            piece = bytes(out[at:at + rng.randint(1, 256)])
            out[at:at] = piece * rng.randint(1, 8)
        elif op == 5 and n:  # swap a token for a hostile one
            end = at
            while end < n and chr(out[end]).isalnum():
                end += 1
            out[at:end] = rng.choice(HOSTILE)
        elif op == 6:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        elif op == 7 and n:  # duplicate a line (CSV/JSONL) or a header cell
            start = out.rfind(b"\n", 0, at) + 1
            stop = out.find(b"\n", at)
            stop = n if stop < 0 else stop + 1
            out[stop:stop] = out[start:stop]
        elif op == 8 and n:
            out[at:at] = rng.choice([b",", b"]", b"}", b"[", b"{", b":", b'"'])
    return bytes(out)


def json_mutate(data: bytes, rng: random.Random) -> bytes | None:
    """Structure-aware: replace one value anywhere in a JSON document by a hostile value."""
    try:
        doc = json.loads(data)
    except ValueError:
        return None
    values = [float("inf"), float("nan"), -1e308, 10 ** 400, -(10 ** 50), "", "\u0000", "\x1b]2;x\x07", "ground",
              {"x": [1]}, [1, [2]], None, True, "ZZZZZZ", "{{7*7}}", 2 ** 63, [[[[[]]]]], "9" * 50]
    paths: list[tuple[object, object]] = []

    def walk(node, depth=0):
        if depth > 30 or len(paths) > 5000:
            return
        if isinstance(node, dict):
            for k in node:
                paths.append((node, k))
                walk(node[k], depth + 1)
        elif isinstance(node, list):
            for i in range(len(node)):
                paths.append((node, i))
                walk(node[i], depth + 1)

    walk(doc)
    if not paths:
        return None
    for _ in range(rng.randint(1, 3)):
        parent, key = rng.choice(paths)
        try:
            parent[key] = rng.choice(values)
        except (TypeError, IndexError):
            pass
    try:
        return json.dumps(doc, allow_nan=True).encode()
    except (ValueError, OverflowError):
        return None


def csv_mutate(data: bytes, rng: random.Random) -> bytes:
    """Structure-aware: hostile cells, ragged rows, duplicated or dropped columns, bad bytes."""
    lines = data.split(b"\n")
    header, rows = lines[0], lines[1:]
    op = rng.randrange(6)
    if op == 0 and rows:  # hostile cell
        i = rng.randrange(len(rows))
        cells = rows[i].split(b",")
        cells[rng.randrange(len(cells))] = rng.choice(HOSTILE + [b"", b"inf", b"1e400", b"\xff"])
        rows[i] = b",".join(cells)
    elif op == 1 and rows:  # ragged row
        i = rng.randrange(len(rows))
        rows[i] = rows[i] + b",extra,\xff" if rng.random() < 0.5 else rows[i].rsplit(b",", 1)[0]
    elif op == 2:  # duplicate a header name
        cells = header.split(b",")
        cells[rng.randrange(len(cells))] = rng.choice(cells)
        header = b",".join(cells)
    elif op == 3:  # drop a column everywhere
        cells = header.split(b",")
        j = rng.randrange(len(cells))
        header = b",".join(c for k, c in enumerate(cells) if k != j)
        rows = [b",".join(c for k, c in enumerate(r.split(b",")) if k != j) for r in rows]
    elif op == 4:  # non-UTF-8 in the header
        header = header + b"\xff\xfe"
    elif op == 5 and rows:
        i = rng.randrange(len(rows))
        rows[i] = b"\xc0\xaf" + rows[i]
    return b"\n".join([header] + rows)


def gz_mutate(data: bytes, rng: random.Random) -> bytes:
    """The file gzipped, then with its CRC broken or its stream cut short."""
    packed = bytearray(gzip.compress(data, mtime=0))
    if rng.random() < 0.5 and len(packed) > 12:
        packed[-8] ^= 0xFF  # CRC32
        return bytes(packed)
    return bytes(packed[: rng.randrange(10, max(11, len(packed) - 1))])


def any_mutation(data: bytes, rng: random.Random, family: str) -> bytes:
    roll = rng.random()
    if roll < 0.1:
        return gz_mutate(data if rng.random() < 0.7 else mutate(data, rng), rng)
    if roll < 0.45 and family in ("fr24-csv", "opensky-csv"):
        return csv_mutate(data, rng)
    if roll < 0.45 and family not in ("parquet", "modes"):
        out = json_mutate(data, rng)
        if out is not None:
            return out
    if roll < 0.45 and family == "modes":
        lines = data.split(b"\n")
        i = rng.randrange(len(lines))
        fixed = json_mutate(lines[i], rng)
        if fixed is not None:
            lines[i] = fixed
        return b"\n".join(lines)
    return mutate(data, rng)


# --------------------------------------------------------------------------- hostile articles

def hostile_article(rng: random.Random, prose: str) -> tuple[str, bytes]:
    """(file name, bytes) of an article built to be slow, deep, out of range or malformed."""
    kind = rng.randrange(14)
    size = rng.choice([2_000, 20_000, 80_000])
    if kind == 0:
        text = "." * size
    elif kind == 1:
        text = "a" * size
    elif kind == 2:
        text = prose.replace("\n", " ") * max(1, size // max(1, len(prose)))
    elif kind == 3:
        text = ("!?" * size)[:size] + " Ан-124 прибув."
    elif kind == 4:
        text = f"Літак вилетів {rng.randint(1, 28)} липня {rng.choice([1, 999, 1676, 2263, 9999, 99999])} року о 10:00."
    elif kind == 5:
        text = f"The aircraft stayed about {'9' * rng.randint(10, 400)} hours in Pyongyang."
    elif kind == 6:
        text = ("Іл-62 " * (size // 6))
    elif kind == 7:
        text = "\x1b]0;owned\x07\x1b[2J Іл-62М RA-86559 landed in Pyongyang on 31 July. " * 3
    elif kind == 8:
        text = "".join(rng.choice(". !?…»\"”’)( A Б1\n") for _ in range(size))
    elif kind == 9:
        text = ("word " * 3 + "... ") * (size // 20)
    elif kind == 10:
        return "a.html", ("<div>" * 5000 + "<p>" + prose + "</p>").encode()
    elif kind == 11:
        return "a.txt", bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
    elif kind == 12:
        words = prose.split()
        text = " ".join(rng.choice(words) for _ in range(size // 6))
    else:
        text = mutate(prose.encode(), rng, rounds=8).decode("utf-8", "replace")
    return "a.txt", text.encode("utf-8", "surrogatepass")


def hostile_meta(rng: random.Random) -> bytes:
    """A META.json for `a.txt` that is wrong in one of the ways users get it wrong."""
    entry = rng.choice([
        {"language": ["uk"]}, {"language": {"x": 1}}, {"published": "9999-12-31"}, {"published": "0001-01-01"},
        {"published": 20230731}, {"published": ["2023"]}, {"outlet": {"a": 1}}, {"language": "xx"},
        {"published": "2023-02-30"}, {"language": 5}, {"published": "1500-01-01"},
    ])
    if rng.random() < 0.2:
        return b'{"a.txt": ' + b"[" * 3000 + b"]" * 3000 + b"}"
    if rng.random() < 0.1:
        return json.dumps([entry]).encode()
    return json.dumps({"a.txt": entry}).encode()
