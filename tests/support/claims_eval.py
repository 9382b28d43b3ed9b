"""Score extracted claims against hand labels, field by field.

A labels file (`NAME.labels.json`) lists the claims a careful reader takes from one
article: the sentence quoted, and each field's value (places as text + country +
airports that must be among the candidates, intervals as [earliest, latest] ISO Z,
dwell as [min, max] hours, trip as a letter shared by claims of one trip).
"""
from __future__ import annotations

import datetime as dt

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tracker.model import Claim, iso

LABEL_FIELDS = ("claim", "callsign", "registration", "aircraft_type", "type_family", "nationality", "military", "origin",
          "destination", "departure", "arrival", "movement", "dwell_hours", "attributed_to", "hedged", "negated", "trip")
V1_LABEL_FIELDS = ("claim", "callsign", "registration", "aircraft_type", "origin", "destination", "departure", "arrival",
             "dwell_hours", "attributed_to", "hedged", "trip")  # what labels before v2 (tests/articles/LABELS.md) carry


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def add(self, other: "Score") -> None:
        self.tp.update(other.tp); self.fp.update(other.fp); self.fn.update(other.fn)
        self.misses.extend(other.misses)

    def precision(self, f: str) -> float | None:
        n = self.tp[f] + self.fp[f]
        return self.tp[f] / n if n else None

    def recall(self, f: str) -> float | None:
        n = self.tp[f] + self.fn[f]
        return self.tp[f] / n if n else None


def load_labels(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["claims"]


def value(claim: Claim, name: str):
    """A claim's field in the labels' plain shape (None when the claim says nothing: a field it
    inherited — "the same Il-62M" read as the registration named before — is not said in its sentence)."""
    if name in claim.inherited:
        return None
    v = getattr(claim, name)
    if name in ("origin", "destination"):
        return None if v is None else {"text": v.text, "country": v.country, "airports": v.airports}
    if name in ("departure", "arrival", "movement"):
        return None if v is None else [iso(v.earliest), iso(v.latest)]
    if name == "dwell_hours":
        return None if v is None else [v.min, v.max]
    if name == "attributed_to":
        return sorted(v) or None
    if name in ("hedged", "negated", "military"):
        return v or None
    return v


def matches(name: str, got, want) -> bool:
    if name in ("origin", "destination"):
        return (got["text"] == want["text"] and got["country"] == want["country"]
                and set(want.get("airports_include", [])) <= set(got["airports"]))
    if name == "dwell_hours":
        return all((g is None and w is None) or (g is not None and w is not None and abs(g - w) < 0.01)
                   for g, w in zip(got, want))
    if name == "attributed_to":
        return sorted(got) == sorted(want)
    if name in ("departure", "arrival", "movement"):
        return [_instant(g) for g in got] == [_instant(w) for w in want]  # "…T07:12Z" is "…T07:12:00Z"
    return got == want


def _instant(text: str) -> dt.datetime | str:
    """An ISO UTC time as an instant, whichever of ISO's spellings the label uses."""
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return text


def pair_claims(claims: list[Claim], labels: list[dict]) -> list[tuple[dict, Claim | None]]:
    """Each label with the claim it is scored against. Claims and labels meet by quote; when a
    sentence holds several aircraft (several labels, several claims with one quote), the pairs
    that agree on most identity fields are made first, then the rest in text order."""
    by_quote: dict[str, list[Claim]] = {}
    for c in claims:
        by_quote.setdefault(c.quote, []).append(c)
    chosen: dict[int, Claim] = {}
    for quote, free in by_quote.items():
        mine = [i for i, lab in enumerate(labels) if lab["quote"] == quote]
        ranked = sorted(((-sum(1 for name in _IDENTITY if labels[i].get(name) and value(c, name) == labels[i][name]),
                          i, k) for i in mine for k, c in enumerate(free)))
        used: set[int] = set()
        for _, i, k in ranked:
            if i not in chosen and k not in used:
                chosen[i] = free[k]
                used.add(k)
    return [(lab, chosen.get(i)) for i, lab in enumerate(labels)]


_IDENTITY = ("registration", "callsign", "aircraft_type", "type_family")


def score_article(claims: list[Claim], labels: list[dict], fields: tuple[str, ...] = V1_LABEL_FIELDS) -> Score:
    """Field by field; `fields` is the label version's set (V1_LABEL_FIELDS, or LABEL_FIELDS for v2 labels)."""
    s = Score()
    pairs = pair_claims(claims, labels)
    paired = {id(c) for _, c in pairs if c is not None}
    for c in claims:
        if id(c) not in paired:
            s.fp["claim"] += 1
            s.misses.append(f"unexpected claim {c.id}: {c.quote[:60]!r}")
            for name in fields[1:-1]:
                if value(c, name) is not None:
                    s.fp[name] += 1
    for lab, c in pairs:
        if c is None:
            s.fn["claim"] += 1
            s.misses.append(f"missed claim: {lab['quote'][:60]!r}")
        else:
            s.tp["claim"] += 1
        for name in fields[1:-1]:
            want = lab.get(name)
            want = None if want in (False, [], None) else want
            got = value(c, name) if c else None
            if want is not None and got is not None and matches(name, got, want):
                s.tp[name] += 1
                continue
            if got is not None:
                s.fp[name] += 1
            if want is not None:
                s.fn[name] += 1
            if got is not None or want is not None:
                s.misses.append(f"{name} of {lab['quote'][:40]!r}: got {got}, want {want}")
    _score_trips(pairs, s)
    return s


def _score_trips(pairs: list[tuple[dict, Claim | None]], s: Score) -> None:
    """Pairs of labelled claims: same trip in the labels ⇔ same trip key in the output."""
    found = [(lab, c) for lab, c in pairs if c is not None]
    for i, (la, ca) in enumerate(found):
        for lb, cb in found[i + 1:]:
            same_label, same_got = la.get("trip") == lb.get("trip"), ca.trip == cb.trip
            if same_label and same_got:
                s.tp["trip"] += 1
            elif same_got:
                s.fp["trip"] += 1
            elif same_label:
                s.fn["trip"] += 1
            if same_label != same_got:
                s.misses.append(f"trip pairing of {la['quote'][:30]!r} and {lb['quote'][:30]!r}")
