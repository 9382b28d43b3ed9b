"""Issue 10 items 3 and 4: hostile article text and META.json end in claims or one-line errors.

Linear time itself is measured in benchmarks/linear_articles.py (ratios, not timed asserts);
here the splitter's answers on the shapes that were quadratic are checked, and every
out-of-range date or malformed META.json is a note or a TrackerError naming the file."""
from __future__ import annotations

import datetime as dt
import json

import pytest

from tracker.claims import articles, extractor
from tracker.claims.articles import split_sentences
from tracker.errors import TrackerError
from tracker.model import Article


def _spans(text: str) -> list[str]:
    return [s.text for s in split_sentences(text, ("р.", "e.g."))]


def test_splitter_on_runs_of_punctuation_and_long_words():
    assert _spans("." * 50_000) == ["." * 50_000]
    assert _spans("a" * 50_000 + ". Б") == ["a" * 50_000 + ".", "Б"]
    assert _spans("Wait...!? Then 1. А також") == ["Wait...!?", "Then 1.", "А також"]
    assert _spans("У 2023 р. Іл-62 прибув. Далі") == ["У 2023 р. Іл-62 прибув.", "Далі"]
    assert _spans("Pilot J. Smith flew. Next") == ["Pilot J. Smith flew.", "Next"]


def _article(tmp_path, text: str, meta: object | None = None, raw_meta: str | None = None):
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    if meta is not None or raw_meta is not None:
        (tmp_path / "META.json").write_text(raw_meta if raw_meta is not None else json.dumps(meta), encoding="utf-8")
    return str(tmp_path / "a.txt")


@pytest.mark.parametrize("meta, says", [
    ({"a.txt": {"language": ["uk"]}}, "'language' must be text"),
    ({"a.txt": {"language": "xx"}}, "language 'xx' is not one of"),
    ({"a.txt": {"published": 20230731}}, "'published' must be text"),
    ({"a.txt": {"published": "9999-12-31"}}, "outside 1678–2261"),
    ({"a.txt": {"published": "0001-01-01"}}, "outside 1678–2261"),
    ({"a.txt": {"published": "2023-02-30"}}, "not YYYY-MM-DD"),
    ({"a.txt": "uk"}, "must be an object"),
    ([{"a.txt": {}}], "META.json must be an object"),
])
def test_meta_json_is_validated_with_a_clear_error(tmp_path, meta, says):
    path = _article(tmp_path, "Іл-62 RA-86559 прибув до Пхеньяна 31 липня.", meta)
    with pytest.raises(TrackerError, match=says) as caught:
        articles.load([path])
    assert "META.json" in str(caught.value) and "\n" not in str(caught.value)


def test_deeply_nested_meta_json(tmp_path):
    path = _article(tmp_path, "Іл-62 прибув.", raw_meta='{"a.txt": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(TrackerError, match="nested too deeply"):
        articles.load([path])


def test_published_option_outside_the_range_exits_2(cli, tmp_path):
    path = _article(tmp_path, "Іл-62 RA-86559 прибув до Пхеньяна 31 липня.")
    run = cli("extract", path, "--published", "9999-12-31")
    assert run.returncode == 2 and "outside 1678–2261" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("text", [
    "Іл-62 RA-86559 вилетів з Москви 28 липня 1676 року о 10:00 і прибув до Пхеньяна.",
    "Іл-62 RA-86559 вилетів з Москви 28 липня 2263 року о 10:00 і прибув до Пхеньяна.",
    "The Il-62 RA-86559 landed in Pyongyang on 31 July 9999.",
])
def test_dates_outside_the_computable_years_are_not_claim_times(text):
    lang = "en" if text.startswith("The") else "uk"
    claims = extractor.extract(Article(id="x", text=text, language=lang, published=dt.date(2023, 8, 1), source="x"))
    for c in claims:
        assert c.departure is None and c.arrival is None
    notes = " ".join(n for c in claims for n in c.notes)
    assert "outside the years 1678–2261" in notes or "edge of the calendar" in notes


def test_absurd_durations_are_not_stays(tmp_path):
    text = "The Il-62 RA-86559 stayed about 99999999999999999999 hours in Pyongyang."
    claims = extractor.extract(Article(id="x", text=text, language="en", published=dt.date(2023, 8, 1), source="x"))
    assert all(c.dwell_hours is None for c in claims)
    assert any("longer than any ground stay" in n for c in claims for n in c.notes)


def test_control_characters_become_spaces_keeping_offsets(tmp_path):
    text = "Іл-62 RA-86559\x1b]0;owned\x07 прибув до Пхеньяна 31 липня 2023 року.\n"
    (doc,) = articles.load([_article(tmp_path, text, {"a.txt": {"published": "2023-08-01"}})])
    assert "\x1b" not in doc.text and "\x07" not in doc.text
    assert len(doc.text.rstrip("\n")) == len(text.rstrip("\n"))  # one space each: claim spans still index the file
