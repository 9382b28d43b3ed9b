"""Tokens with lemmas: pymorphy3 with the article language's own dictionary.

The right dictionary matters: the Russian one reads Ukrainian "Москви" as a verb.
Languages without a dictionary (English) get the lowercased word as its lemma.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from tracker.claims.lang import LanguageData

_WORD = re.compile(r"[^\W\d_]+(?:['’ʼ][^\W\d_]+)*|\d+")


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    lemma: str
    tags: tuple[str, ...] = ()  # every parse's grammemes, most likely first
    lemmas: tuple[str, ...] = ()  # every parse's normal form ("злетів": злет? злетіти)
    geo: tuple[str, ...] = ()  # normal forms of the parses the dictionary marks as place names (Geox)

    def place_lemmas(self) -> tuple[str, ...]:
        """Lemmas to look a place up by, place-name parses first: "Аданы" is Адана's genitive
        (Geox) before it is the plural of a man's name "Адан" (Aden's other spelling)."""
        every = self.lemmas or (self.lemma,)
        return tuple(dict.fromkeys(self.geo + every))

    def has(self, grammeme: str, first_only: bool = False) -> bool:
        tags = self.tags[:1] if first_only else self.tags
        return any(grammeme in t for t in tags)


@functools.cache
def _analyzer(code: str):
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=code)


@functools.lru_cache(maxsize=65536)
def _parse(code: str, word: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    parses = _analyzer(code).parse(word)
    if not parses:
        return word.lower(), (), (word.lower(),), ()
    normal = [p.normal_form.replace("ё", "е") if code == "ru" else p.normal_form for p in parses]
    # a place's name has no plural: "Бенины" (Benina airport) is not "Бенин" (Benin) in the plural
    kept = [n for n, t in zip(normal, map(str, (p.tag for p in parses))) if not ("Geox" in t and "plur" in t and "Pltm" not in t)]
    forms = tuple(dict.fromkeys(kept)) or (word.lower(),)
    tags = tuple(str(p.tag) for p in parses)
    # a place's name in the singular (or a plural-only one: "Чебоксары"), not "Чанги" as the plural of "Чанг"
    # and only as the dictionary knows it: a guessed parse of an unknown word ("Амберли") is no evidence
    geo = tuple(dict.fromkeys(n for n, t, p in zip(normal, tags, parses)
                              if "Geox" in t and ("sing" in t or "Pltm" in t) and p.is_known))
    return forms[0], tags, forms, geo


def tokens(text: str, lang: LanguageData) -> list[Token]:
    out = []
    for m in _WORD.finditer(text):
        word = m.group().replace("’", "'").replace("ʼ", "'")
        geo: tuple[str, ...] = ()
        if lang.morphology and not word.isdigit():
            lemma, tags, lemmas, geo = _parse(lang.code, word)
        else:
            lemma, tags = re.sub(r"'s$", "", word.lower()), ()  # "Vladivostok's" → vladivostok
            lemmas = (lemma,)
        out.append(Token(m.start(), m.end(), m.group(), lemma, tags, lemmas, geo))
    return out
