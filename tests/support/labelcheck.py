"""Assert extracted claims equal hand labels, field by field, with readable failures."""
from __future__ import annotations

from pathlib import Path

from support.claims_eval import LABEL_FIELDS, V1_LABEL_FIELDS, load_labels, matches, value
from tracker.model import Article, Claim


# Label sets written before conventions v2 (tests/articles/LABELS.md): they carry no type family,
# nationality, military or negation, so those fields are not compared there; their one type field
# is the type the text names at whatever level, so it is compared with the variant or, where the
# text names only a family ("an Air Koryo Tu-204"), the family. A date pinned to neither end was
# relabelled `movement` in them when v2 defined it.
V1_SETS = {"labels", "articles", "heldout", "final"}


def assert_matches_labels(doc: Article, claims: list[Claim], label_path: Path) -> None:
    labels = load_labels(label_path)
    v1 = label_path.parent.name in V1_SETS
    fields = (*V1_LABEL_FIELDS[:-1], "movement", "trip") if v1 else LABEL_FIELDS
    assert [c.quote for c in claims] == [lab["quote"] for lab in labels], "claims differ from the labelled sentences"
    for claim, lab in zip(claims, labels):
        assert doc.text[claim.span[0]:claim.span[1]] == claim.quote
        for name in fields[1:-1]:
            want = lab.get(name)
            want = None if want in (False, [], None) else want
            got = value(claim, name)
            if v1 and name == "aircraft_type":
                got = claim.aircraft_type or claim.type_family
            if want is None:
                assert got is None, f"{claim.id} {name}: got {got}, label says nothing"
            else:
                assert got is not None and matches(name, got, want), f"{claim.id} {name}: got {got}, want {want}"
        if "notes_contain" in lab:
            assert any(lab["notes_contain"] in n for n in claim.notes), claim.notes
    groups_label = [lab["trip"] for lab in labels]
    groups_got = [c.trip for c in claims]
    for i in range(len(claims)):
        for j in range(i + 1, len(claims)):
            assert (groups_label[i] == groups_label[j]) == (groups_got[i] == groups_got[j]), (
                f"trip of {claims[i].id} vs {claims[j].id}")
