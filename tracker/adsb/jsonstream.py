"""Stream the objects of a top-level JSON array in batches, with bounded memory.

A recorded state-vector file can be one huge `[{...}, {...}, ...]`. `json.load` would hold
the whole text and every dict at once; this reads 1 MiB of text at a time and hands out
batches of parsed objects. A truncated array yields everything before the cut and then
reports where the text stopped (the caller marks the read partial).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterator, TextIO

TEXT_CHUNK = 1 << 20
_decoder = json.JSONDecoder()
_SPACE = " \t\r\n"


@dataclass
class StreamError:
    record: int      # 1-based number of the record that could not be parsed
    line: int        # 1-based text line where parsing stopped
    message: str


def array_batches(stream: TextIO, batch: int = 100_000) -> Iterator[list | StreamError]:
    """Yield lists of parsed elements; a final StreamError if the text is not a clean array."""
    buf = stream.read(TEXT_CHUNK)
    pos = len(buf) - len(buf.lstrip(_SPACE))
    line = 1 + buf.count("\n", 0, pos)
    if buf[pos:pos + 1] != "[":
        yield StreamError(1, line, "not a JSON array")
        return
    pos += 1
    out: list = []
    record = 0
    eof = False
    while True:
        # skip whitespace and the comma between elements, refilling the buffer as needed
        while True:
            while pos < len(buf) and buf[pos] in _SPACE:
                pos += 1
            if pos < len(buf) or eof:
                break
            line += buf.count("\n")
            buf, pos = stream.read(TEXT_CHUNK), 0
            eof = not buf
        if pos >= len(buf):
            if out:
                yield out
            yield StreamError(record + 1, line + buf.count("\n", 0, pos), "file ends inside the JSON array (truncated?)")
            return
        if buf[pos] == "]":
            if out:
                yield out
            return
        if buf[pos] == "," and record:
            pos += 1
            continue
        try:
            value, end = _decoder.raw_decode(buf, pos)
        except json.JSONDecodeError as exc:
            if not eof:  # the element may straddle the chunk boundary: read more and retry
                more = stream.read(TEXT_CHUNK)
                if more:
                    line += buf.count("\n", 0, pos)
                    buf, pos = buf[pos:] + more, 0
                    continue
                eof = True
            if out:
                yield out
            where = line + buf.count("\n", 0, pos)
            yield StreamError(record + 1, where, f"record {record + 1} is not valid JSON ({exc.msg})")
            return
        out.append(value)
        record += 1
        pos = end
        if len(out) >= batch:
            yield out
            out = []
