"""Every flight claim of the five seeds, hand-labelled (tests/labels/*.labels.json + spans here)."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT, SEEDS
from support.labelcheck import assert_matches_labels
from tracker.claims import articles
from tracker.claims import extractor as claims

LABELS = ROOT / "tests" / "labels"
SEED_IDS = ["000_b336a2b47a6b8ba1", "001_afffacfbc2601252", "002_5a34058cff188202", "003_7d1a205a05808bce",
            "004_f8cc065154d3117b"]

# Character spans into the seed files, counted by hand (the article body is a prefix of the file).
SPANS = {
    "000_b336a2b47a6b8ba1": [(75, 181), (275, 426), (428, 618)],
    "001_afffacfbc2601252": [(0, 248), (278, 397), (398, 630), (631, 766)],
    "002_5a34058cff188202": [], "003_7d1a205a05808bce": [], "004_f8cc065154d3117b": [],
}


def _extract(seed: str):
    doc = articles.load([str(SEEDS / f"{seed}.txt")])[0]
    return doc, claims.extract(doc)


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seed_claims_match_the_hand_labels(seed):
    doc, found = _extract(seed)
    assert_matches_labels(doc, found, LABELS / f"{seed}.labels.json")


@pytest.mark.parametrize("seed", SEED_IDS)
def test_seed_spans_index_the_file(seed):
    raw = (SEEDS / f"{seed}.txt").read_text(encoding="utf-8")
    _, found = _extract(seed)
    assert [c.span for c in found] == SPANS[seed]
    assert all(raw[a:b] == c.quote for c, (a, b) in zip(found, SPANS[seed]))


def test_seed_000_details():
    _, (s1, s2, s3) = _extract("000_b336a2b47a6b8ba1")
    assert s2.callsign == "RFF7203" and s2.origin.country == "RU"
    assert {"UUEE", "UUDD", "UUWW", "UUBW"} <= set(s2.origin.airports)
    assert s2.destination.country == "KP" and s2.destination.airports  # a country: all its airports
    assert s1.destination.airports == ["ZKPY"]
    assert s3.kind == "stay" and s3.aircraft_type == "IL62"
    assert s1.trip == s2.trip == s3.trip
    assert [c.id for c in (s1, s2, s3)] == [f"000_b336a2b47a6b8ba1#{n}" for n in (1, 2, 3)]


def test_seed_000_back_reference_and_clutter_give_no_claims():
    """"Секретна поїздка ... на початку цього місяця може бути наслідком ..." names no flight
    event (it explains the trip already claimed), and the dated "read also" items are cut."""
    _, found = _extract("000_b336a2b47a6b8ba1")
    assert not any("Секретна поїздка" in c.quote or "Орешник" in c.quote for c in found)
    assert not any("з 2019 року" in c.quote for c in found)


def test_seed_001_hedge_scope_and_the_august_trip():
    _, (s1, s2, s3, s4) = _extract("001_afffacfbc2601252")
    assert s1.hedged is False  # "ймовірно" hedges the talks, in the clause cut off after "після того, як"
    assert any("після того, як" in n for n in s1.notes)
    assert s3.trip != s1.trip and s1.trip == s2.trip == s4.trip
    assert s4.kind == "flight" and s4.origin.country == "KP" and s4.destination.country == "RU"


def test_seed_001_summary_of_two_flights_is_not_a_claim():
    _, found = _extract("001_afffacfbc2601252")
    assert not any("двох рейсів" in c.quote for c in found)


def test_cli_extract_seeds_json(cli):
    result = cli("extract", str(SEEDS), "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    counts = {a["id"]: len(a["claims"]) for a in payload["articles"]}
    assert counts == {SEED_IDS[0]: 3, SEED_IDS[1]: 4, SEED_IDS[2]: 0, SEED_IDS[3]: 0, SEED_IDS[4]: 0}
    first = payload["articles"][0]["claims"][0]
    assert first["movement"] == {"earliest": "2023-07-31T15:00:00Z", "latest": "2023-08-01T15:00:00Z"}


def test_cli_extract_table_runs(cli):
    result = cli("extract", str(SEEDS / "001_afffacfbc2601252.txt"))
    assert result.returncode == 0, result.stderr
    assert "RFF" not in result.stdout and "IL62" in result.stdout
