"""Stream the objects of a top-level JSON array in batches, with bounded memory.

A recorded state-vector file can be one huge `[{...}, {...}, ...]`. `json.load` would hold
the whole text and every dict at once; this reads `TEXT_CHUNK` of text at a time and hands
out batches of parsed elements.

Fast path: cut the chunk after its last `}` followed by a comma and parse that slice as one
array with `json.loads` (C speed). A cut inside a string or a nested object cannot parse
(unbalanced quotes or braces), so a successful parse proves the cut was a record boundary.
When the fast path fails (malformed or truncated text), the rest is read element by element
with `raw_decode`, which names the first record that does not parse: everything before it
is kept and the caller marks the read partial.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, TextIO

from tracker.errors import one_line

TEXT_CHUNK = 8 << 20
#: Python refuses to read integers of more than 4300 digits (ValueError, not JSONDecodeError):
#: after such a failure, documents are re-read with this decoder, which makes them NaN.
MAX_DIGITS = 4000


def _int(digits: str) -> int | float:
    return int(digits) if len(digits) <= MAX_DIGITS else float("nan")


LONG_SAFE = json.JSONDecoder(parse_int=_int)
_SPACE = " \t\r\n"
_DIGITS = bytes(48 if 48 <= i <= 57 else 32 for i in range(256))  # every digit "0", anything else " "
_LONG_NUMBER = b"0" * 19

try:
    import orjson
except ImportError:  # pragma: no cover - a declared dependency; json alone is only slower
    orjson = None  # type: ignore[assignment]


def _long_number(text: str) -> int:
    """Where a run of 19 digits starts (-1: none); bytes.translate + find, 20× faster than a regex."""
    return text.encode("utf-8", "surrogatepass").translate(_DIGITS).find(_LONG_NUMBER)


def fast_loads(text: str) -> Any:
    """`json.loads(text)`, parsed by orjson (3–4× faster) wherever both give the same values.

    orjson refuses NaN/Infinity, 1e400 and lone surrogates (json reads them): those texts go to
    json. It also turns integers beyond 64 bits into floats without saying so, so a text with a
    run of 19 digits goes to json too."""
    if orjson is not None and _long_number(text) < 0:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)
_BOUNDARY = re.compile(r"\}\s*,")

# A JSON string may spell a lone UTF-16 surrogate ("\ud800"): valid JSON, but no valid text, and
# pyarrow / pandas string columns then fail to encode it. Escapes are scanned in order (an
# escaped backslash is consumed whole, so "\\ud800" is left alone); a surrogate pair is kept;
# a lone surrogate becomes U+FFFD.
_ESCAPE = r"\\(?:\\|u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}|(u[dD][89a-fA-F][0-9a-fA-F]{2}))"
_SURROGATE_HINT = r"\\u[dD][89a-fA-F]"
_ESCAPES: dict[type, Any] = {str: re.compile(_ESCAPE), bytes: re.compile(_ESCAPE.encode())}
_HINTS: dict[type, Any] = {str: re.compile(_SURROGATE_HINT), bytes: re.compile(_SURROGATE_HINT.encode())}
_FFFD: dict[type, Any] = {str: "\\ufffd", bytes: b"\\ufffd"}


def fix_surrogates(text: Any, final: bool = True) -> Any:
    """`text` (str or bytes of JSON) with lone surrogate escapes replaced by \\ufffd.

    With `final=False` an escape within 12 characters of the end is left for the next call:
    the other half of a pair may still be on its way in the next chunk."""
    kind = type(text)
    if not _HINTS[kind].search(text):
        return text
    end = len(text) - (0 if final else 12)

    def swap(m: Any) -> Any:
        return _FFFD[kind] if m.group(1) is not None and m.end() <= end else m.group(0)

    return _ESCAPES[kind].sub(swap, text)


@dataclass
class StreamError:
    record: int      # 1-based number of the record that could not be parsed
    line: int        # 1-based text line where parsing stopped
    message: str


def array_batches(stream: TextIO, batch: int = 100_000) -> Iterator[list | StreamError]:
    """Yield lists of parsed elements; a final StreamError if the text is not a clean array."""
    text = stream.read(TEXT_CHUNK)
    pos = len(text) - len(text.lstrip(_SPACE))
    if text[pos:pos + 1] != "[":
        yield StreamError(1, 1 + text.count("\n", 0, pos), "not a JSON array")
        return
    line = 1 + text.count("\n", 0, pos)
    text, record, out = text[pos + 1:], 0, []
    eof = False
    while True:
        more = "" if eof else stream.read(TEXT_CHUNK)
        eof = eof or not more
        text = fix_surrogates(text + more, final=eof)
        values = None
        if eof:  # the last piece must close the array
            try:
                values = fast_loads("[" + text) if text.rstrip(_SPACE).endswith("]") else None
            except (ValueError, RecursionError):  # ValueError: also a number of over 4300 digits
                values = None
            if values is not None:
                out.extend(values)
                if out:
                    yield out
                return
        else:
            cut = _last_boundary(text)
            if cut is not None:
                try:
                    values = fast_loads("[" + text[:cut[0]] + "]")
                except (ValueError, RecursionError):
                    values = None
            if values is not None:
                out.extend(values)
                record += len(values)
                line += text.count("\n", 0, cut[1])
                text = text[cut[1]:]
                while len(out) >= batch:
                    yield out[:batch]
                    out = out[batch:]
                continue
            if cut is None and len(text) < 4 * TEXT_CHUNK:
                continue  # one element longer than a chunk: read on before deciding
        if out:
            yield out
        yield from _one_by_one(stream, text, record, line, batch, eof)
        return


def _last_boundary(text: str) -> tuple[int, int] | None:
    """(end of the last `}` that is followed by a comma, index after that comma)."""
    end = len(text)
    while True:
        brace = text.rfind("}", 0, end)
        if brace < 0:
            return None
        match = _BOUNDARY.match(text, brace)
        if match:
            return brace + 1, match.end()
        end = brace


def _one_by_one(stream: TextIO, buf: str, record: int, line: int, batch: int, eof: bool) -> Iterator[list | StreamError]:
    """Slow path: element by element, so the first bad record can be named."""
    pos, out = 0, []
    while True:
        while True:  # skip whitespace and the comma between elements, refilling as needed
            while pos < len(buf) and buf[pos] in _SPACE:
                pos += 1
            if pos < len(buf) or eof:
                break
            line += buf.count("\n")
            buf, pos = stream.read(TEXT_CHUNK), 0
            eof = not buf
            buf = fix_surrogates(buf, final=eof)
        if pos >= len(buf):
            if out:
                yield out
            yield StreamError(record + 1, line + buf.count("\n", 0, pos), "file ends inside the JSON array (truncated?)")
            return
        if buf[pos] == "]":
            if out:
                yield out
            return
        if buf[pos] == "," and (record or out):
            pos += 1
            continue
        try:
            value, end = LONG_SAFE.raw_decode(buf, pos)  # the slow path: safe over fast
        except RecursionError:
            if out:
                yield out
            yield StreamError(record + 1, line + buf.count("\n", 0, pos), f"record {record + 1} is nested too deeply")
            return
        except json.JSONDecodeError as exc:
            if not eof:  # the element may straddle the chunk boundary: read more and retry
                more = stream.read(TEXT_CHUNK)
                if more:
                    line += buf.count("\n", 0, pos)
                    buf, pos = fix_surrogates(buf[pos:] + more, final=False), 0
                    continue
                eof = True
                buf = fix_surrogates(buf, final=True)
                continue
            if out:
                yield out
            where = line + buf.count("\n", 0, pos)
            yield StreamError(record + 1, where, f"record {record + 1} is not valid JSON ({exc.msg})")
            return
        except ValueError:  # not a syntax error: Python refuses integers of over 4300 digits
            if out:
                yield out
            yield StreamError(record + 1, line + buf.count("\n", 0, pos), f"record {record + 1} holds a number too long to read")
            return
        out.append(value)
        record += 1
        pos = end
        if len(out) >= batch:
            yield out
            out = []


def loads(text: str) -> object:
    """`json.loads` for untrusted text: lone surrogates replaced, over-long integers as NaN.
    Raises JSONDecodeError (not JSON) or RecursionError (nested too deeply)."""
    text = fix_surrogates(text)
    try:
        return json.loads(text)
    except ValueError as exc:
        if isinstance(exc, json.JSONDecodeError):
            raise
        return LONG_SAFE.decode(text)


def load_document(path: str | Path) -> tuple[object, str | None]:
    """A whole JSON document (plain or gzip) for the per-flight formats, or the reason it is not one.

    Traces, playbacks, REST answers and snapshots are one flight or one moment each, small by
    nature, so they are parsed whole; only record arrays are streamed (`array_batches`).
    """
    from tracker.adsb import sniff

    try:
        with sniff.open_text(path) as stream:
            return loads(stream.read()), None
    except json.JSONDecodeError as exc:
        return None, f"not valid JSON at line {exc.lineno} ({exc.msg}); truncated?"
    except RecursionError:
        return None, "JSON nested too deeply to be a track file"
    except (EOFError, OSError) as exc:
        return None, f"cannot read ({one_line(exc, 200)}); truncated?"


def fixed_rows(items: object, width: int) -> tuple[list[list], list[int], list[int]]:
    """Rows of a positional JSON array (readsb trace, OpenSky states/path): those with at
    least `width` fields cut to `width`, their 1-based numbers, and the numbers of the rest."""
    items = items if isinstance(items, list) else []
    good = [i for i, row in enumerate(items) if isinstance(row, list) and len(row) >= width]
    bad = sorted(set(range(len(items))) - set(good))
    return [items[i][:width] for i in good], [i + 1 for i in good], [i + 1 for i in bad]
