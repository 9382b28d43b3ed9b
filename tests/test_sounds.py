"""French airport names heard in Cyrillic (`tracker.claims.sounds`): the key a Latin spelling of the
Cyrillic name and the French name share, and what must not share it."""
from __future__ import annotations

import pytest

from tracker import airports
from tracker.claims import places, sounds
from tracker.claims.lang import get


@pytest.mark.parametrize("french, cyrillic, lang", [
    ("Le Bourget", "Ле Бурже", "ru"),
    ("Charles de Gaulle", "Шарль-де-Голль", "uk"),
    ("Charles de Gaulle", "Шарль де Голля", "ru"),  # declined: the vowel after the last consonant is not heard
    ("Mérignac", "Мериньяк", "ru"),
    ("Francazal", "Франказаль", "uk"),
    ("Lesquin", "Лескен", "ru"),
])
def test_a_french_name_and_its_cyrillic_spelling_share_a_key(french, cyrillic, lang):
    spoken = sounds.heard(sounds.french(places.name_key(french)))
    assert spoken in {sounds.heard(places.name_key(s)) for s in places.latin_spellings(cyrillic.lower(), get(lang))}


def test_silent_ends_and_soft_letters():
    assert sounds.french("le bourget") == "le burzhe"  # final t silent, g before e soft
    assert sounds.french("guere") == "gere"  # gu before e: a hard g, not zh
    assert sounds.french("blagnac") == "blanyak"  # gn, and a final c after a vowel is heard
    assert sounds.heard("sharl de gollya") == "srl d gl"


def test_only_french_speaking_countries_and_only_names_one_airport_holds():
    heard = places._french_heard()[1]
    assert heard["l brz"] == ("LFPB",)
    every = airports.all_airports()
    assert {every[c[0]].country for c in heard.values()} <= places._first_language_of("fr")
    assert "CA" not in places._first_language_of("fr") and "CH" not in places._first_language_of("fr")
    assert places.by_french_sound("vnukove") == ()  # Vancouver read by French rules is not in the index
    assert places.by_french_sound("brzh") == ()  # three consonants single out nothing
    assert places.by_french_sound("ruassi") == ("LFPG",)  # the whole sound of Roissy (a name the gazetteer gives CDG)
