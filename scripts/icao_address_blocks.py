"""Rebuild tracker/data/icao_address_blocks.csv: the ICAO 24-bit address block of each state.

Source: the allocation table in tar1090's `html/flags.js` (https://github.com/wiedehopf/tar1090,
GPL-2.0-or-later), itself generated from the table in the appendix to Chapter 9 of ICAO Annex 10
Vol III (2nd edition 2007, amendments to 88-A), with the UK's Crown dependencies and overseas
territories listed before the UK's whole block. Address allocations are facts of the Annex; the
CSV keeps start, end (hex), ISO 3166 alpha-2 and the source's name, most specific first.

Usage: python scripts/icao_address_blocks.py PATH/TO/tar1090/html/flags.js
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tracker" / "data" / "icao_address_blocks.csv"
ROW = re.compile(r'\{\s*start:\s*0x([0-9A-Fa-f]{6}),\s*end:\s*0x([0-9A-Fa-f]{6}),\s*country:\s*"([^"]*)",'
                 r'\s*country_code:\s*(?:"([a-z]{2})"|null)')
# Codes the source gets wrong (two states share one code there): name → ISO 3166 alpha-2.
CORRECTIONS = {"Cook Islands": "CK"}


def main(flags_js: str) -> None:
    rows = []
    for m in ROW.finditer(Path(flags_js).read_text(encoding="utf-8")):
        start, end, name, code = m.groups()
        if code is None:
            continue  # ICAO temporary / special-use blocks belong to no state
        rows.append((start.upper(), end.upper(), CORRECTIONS.get(name, code.upper()), name))
    if len(rows) < 150:
        raise SystemExit(f"{flags_js}: only {len(rows)} allocations found; the source's format changed?")
    rows.sort(key=lambda r: int(r[1], 16) - int(r[0], 16))  # narrowest first: territories before the UK
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["start", "end", "country", "name"])
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} blocks")


if __name__ == "__main__":
    main(sys.argv[1])
