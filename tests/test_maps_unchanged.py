"""Maps are skipped only when the same inputs made exactly the pages still on disk."""
from __future__ import annotations

import dataclasses
import sys

import pytest

from support.maps_sample import sample
from tracker.output import unchanged


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_same_inputs_same_pages_are_not_redrawn(tmp_path, cache_dir):
    result, table, verdicts = sample()
    target = tmp_path / "maps" / "index.html"
    target.parent.mkdir()
    pages, drawn = unchanged.write_maps(target, result, table, verdicts)
    assert drawn and all(p.is_file() for p in pages)
    before = {p: p.read_bytes() for p in pages}
    again, drawn = unchanged.write_maps(target, result, table, verdicts)
    assert not drawn and again == pages
    assert {p: p.read_bytes() for p in again} == before


def test_any_change_redraws(tmp_path, cache_dir):
    result, table, verdicts = sample()
    target = tmp_path / "index.html"
    pages, _ = unchanged.write_maps(target, result, table, verdicts)
    original = pages[0].read_bytes()

    pages[0].write_text("edited by hand")  # a page changed on disk
    pages2, drawn = unchanged.write_maps(target, result, table, verdicts)
    assert drawn and pages2[0].read_bytes() == original

    pages[-1].unlink()  # a page gone
    _, drawn = unchanged.write_maps(target, result, table, verdicts)
    assert drawn and pages[-1].is_file()

    moved = table.copy()
    moved.loc[moved.index[0], "lat"] += 0.5  # one track point moved
    _, drawn = unchanged.write_maps(target, result, moved, verdicts)
    assert drawn

    fewer = dataclasses.replace(result, stays=[])  # different flights/stays
    _, drawn = unchanged.write_maps(target, fewer, moved, verdicts)
    assert drawn
    _, drawn = unchanged.write_maps(target, fewer, moved, None)  # no verdicts now
    assert drawn


def test_skip_does_not_import_folium(tmp_path, cache_dir):
    result, table, verdicts = sample()
    target = tmp_path / "index.html"
    unchanged.write_maps(target, result, table, verdicts)
    saved = {k: v for k, v in sys.modules.items() if k.startswith(("folium", "tracker.output.maps"))}
    for k in saved:
        del sys.modules[k]
    try:
        _, drawn = unchanged.write_maps(target, result, table, verdicts)
        assert not drawn and "folium" not in sys.modules
    finally:
        sys.modules.update(saved)


def test_cache_off_always_draws(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_CACHE_DIR", "off")
    result, table, verdicts = sample()
    target = tmp_path / "index.html"
    assert unchanged.write_maps(target, result, table, verdicts)[1]
    assert unchanged.write_maps(target, result, table, verdicts)[1]


def test_a_page_appearing_beside_them_redraws_the_overview(tmp_path, cache_dir):
    """The overview lists an earlier run's pages as stale: a new one beside ours is news."""
    result, table, verdicts = sample()
    target = tmp_path / "index.html"
    pages, _ = unchanged.write_maps(target, result, table, verdicts)
    old = tmp_path / "old-trip.html"
    old.write_text(pages[0].read_text(encoding="utf-8"), encoding="utf-8")  # one of our pages, from before
    _, drawn = unchanged.write_maps(target, result, table, verdicts)
    assert drawn and "old-trip.html" in target.read_text(encoding="utf-8")
    _, drawn = unchanged.write_maps(target, result, table, verdicts)
    assert not drawn  # nothing changed since
    old.unlink()
    _, drawn = unchanged.write_maps(target, result, table, verdicts)
    assert drawn and "old-trip.html" not in target.read_text(encoding="utf-8")


def test_records_from_the_claims_cache_fingerprint_the_same(tmp_path):
    """Verdicts rebuilt from a pickle (the claims cache) are the same inputs: no redraw for that."""
    import pickle

    result, table, verdicts = sample()
    target = tmp_path / "index.html"
    again = pickle.loads(pickle.dumps(verdicts))
    assert unchanged._fingerprint(target, result, table, verdicts) == unchanged._fingerprint(target, result, table, again)
    fewer = verdicts[:-1]
    assert unchanged._fingerprint(target, result, table, verdicts) != unchanged._fingerprint(target, result, table, fewer)
