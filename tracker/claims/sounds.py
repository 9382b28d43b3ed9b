"""Names heard in their own language: a French airport name as Ukrainian and Russian writers spell it
by its sound ("Le Bourget" → "Ле Бурже", "Blagnac" → "Бланьяк", "Charles de Gaulle" → "Шарль-де-Голль"),
reduced to the consonants both spellings keep, so that the Cyrillic name finds the Latin one.

The rules are French spelling's regular readings, on which the practical transcription of French
names into Cyrillic rests: silent final letters, digraphs, soft c and g. Names that break them
("Brest", "Saint-Exupéry" with its liaison) simply find nothing: a key must name one airport alone,
and a place found by sound is a weak match, which may support a claim but never contradicts it.
"""
from __future__ import annotations

import re

# Word ends French does not pronounce: "Charles" (charle), "Cartier" (cartie), "Bourget" (bourge), "Blanc".
_FRENCH_ENDS = ((re.compile(r"(?<=\w{3})es$"), "e"), (re.compile(r"(?<=\w{2})er$"), "e"),
                (re.compile(r"(?<=\w{2})[tdsxzp]$"), ""), (re.compile(r"(?<=\wn)c$"), ""))
# Letters and digraphs as heard, matched left to right in one pass (the longest first at each place).
_FRENCH_LETTERS = {
    "eau": "o", "au": "o", "ou": "u", "oi": "ua", "ai": "e", "ei": "e", "ch": "sh", "gn": "ny", "qu": "k",
    "ph": "f", "th": "t", "gu": "g", "ge": "zhe", "gi": "zhi", "gy": "zhy", "ce": "se", "ci": "si", "cy": "sy",
    "c": "k", "j": "zh", "x": "ks", "w": "v", "mb": "nb", "mp": "np",
}
_FRENCH_RE = re.compile(r"gu(?=[eiy])|(?<=[aeiouy])s(?=[aeiouy])|"
                        + "|".join(sorted((re.escape(k) for k in _FRENCH_LETTERS if k != "gu"), key=len, reverse=True)))


def _french_letter(m: re.Match[str]) -> str:
    return "z" if m.group() == "s" else _FRENCH_LETTERS[m.group()]


def french(key: str) -> str:
    """A folded French name (`places.name_key`) written as it sounds, in Latin letters."""
    words = []
    for word in key.split():
        for pattern, repl in _FRENCH_ENDS:
            word, n = pattern.subn(repl, word)
            if n:
                break
        words.append(_FRENCH_RE.sub(_french_letter, word))
    return " ".join(words)


NOT_HEARD = re.compile(r"[aeiouyjwh'\-]")  # letters a name written by its sound may change: vowels, glides, h
DOUBLED = re.compile(r"(.)\1+")  # a letter written twice, heard once


def heard(spelling: str) -> str:
    """The consonants of a Latin spelling, doubled ones once, words kept apart: the key a name
    heard ("le burzhe", from Ле Бурже) and a name spelt (French `french("le bourget")`) share."""
    return " ".join(k for w in spelling.split() if (k := DOUBLED.sub(r"\1", NOT_HEARD.sub("", w))))


def spoken(spelling: str) -> str:
    """A Latin spelling with its vowels, y as i and doubled letters once: "ruassy" (French Roissy heard)
    and "ruassi" (Руасси) meet here where their consonants alone ("rs") are too few to single out a field."""
    return " ".join(DOUBLED.sub(r"\1", w.replace("y", "i").replace("'", "").replace("-", "")) for w in spelling.split())

