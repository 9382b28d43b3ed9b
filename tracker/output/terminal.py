"""A rich Console that never sends a control character from data to the terminal.

Callsigns, registrations, file names and article quotes are data: an ESC or OSC sequence in
one ("\x1b]0;…\x07" retitles the window, "\x1b[2J" clears it) must print as inert text. Rich
adds its own styling codes after this filter runs, so colours still work; only the text of
each segment is cleaned — every table, line and error the CLI prints passes here.
"""
from __future__ import annotations

import re

from rich.console import Console
from rich.segment import Segment

#: C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI).
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """`text` with each control character shown as its escape (\\x1b), so nothing is hidden."""
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], text) if CONTROL.search(text) else text


class SafeConsole(Console):
    def _render_buffer(self, buffer):  # rich's one exit for everything printed
        return super()._render_buffer(
            Segment(clean(seg.text), seg.style, seg.control) if not seg.control and CONTROL.search(seg.text) else seg
            for seg in buffer)
