"""Per-language words that qualify the aircraft of a claim, for verdict safety (issue 14).

Kept apart from the language tables the extractor reads for places and times: these words
decide what a verdict may rest on —

- `other_aircraft`: "a similar / another / a second / a different … plane", "Separately, a …":
  the sentence speaks of another aircraft; it starts a new trip and inherits no identity;
- `nationalities`: adjective stems → ISO 3166 alpha-2, counted only right before an aircraft
  word ("a Russian military plane"), never for people ("the Russian minister flew");
- `military`: words that make the aircraft military ("military plane", "ВПС Росії");
- `time_words`: words that carry time ("week", "тижня", "назад", "утра", "p.m."): one left
  outside every time expression the extractor read is unread, and blocks `contradicted`;
- `zone_nouns`: a zone phrase holding one of these ("Moscow time", "за київським часом") — or a
  zone abbreviation as written ("CET") — in a sentence where no time of day was read is unread;
- `backup` / `main`: "the reserve Il-96", "основний літак": which of a leader's aircraft a
  sentence speaks of, so that it joins that aircraft's trip;
- `same`: "the same jet", "той самий борт", "тот же Ил-62М": the aircraft named before, even
  weeks later (its trip is that aircraft's, which another aircraft named later cannot join);
- `habitual`: "from time to time", "регулярно", "час від часу": the sentence speaks of many flights, not
  one; the phrase is unread, so no verdict rests on whichever flight the data holds;
- `place_preps`: a negator right before one of these and a name ("не в Канкуне, а в …",
  "not in Cancun") denies that place: the phrase is unread, so the verdict is at most
  inconclusive rather than judged on the denied place.

All patterns run on `timeexpr.fold_case`d text (lower case, one apostrophe).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Qualifiers:
    aircraft_words: str  # regex alternation: nouns for an aircraft (not "flight": "another flight" is the same plane)
    other_markers: str  # regex alternation: words that introduce another aircraft before an aircraft word
    separately: str  # regex at the start of a sentence: "Separately, a …"
    nationalities: dict[str, str]  # adjective stem regex → ISO alpha-2
    military: str  # regex alternation: military / air force words next to an aircraft word
    state_air_force: dict[str, str]  # "ВПС Росії" / "Russian Air Force": regex → ISO (military too)
    time_words: str  # regex alternation: words that say when
    zone_nouns: str = r"\btime\b"  # a zone phrase holding one of these states a clock's zone ("Moscow time"), not a region ("eastern Chad")
    negation: str = r"not"  # regex for what, right before a movement verb, denies it ("never landed")
    place_preps: str = r"in|at|to"  # prepositions before a place: a negator before them denies that place ("not in X")
    companion: str = r"$^"  # regex at the start of a sentence: "Together with it, …": the subject is another aircraft
    also: str = r"$^"  # the additive particle between a verb and the aircraft ("прилетел и резервный Boeing")
    own_way: str = r"$^"  # anywhere: someone travelled apart from the aircraft of the article ("flew commercially")
    backup: str = r"$^"  # before an aircraft word or type: the backup aircraft ("the reserve Il-96", "резервний борт")
    main: str = r"$^"  # before an aircraft word: the principal aircraft, not the backup ("основний літак", "the main jet")
    indefinite: str = r"$^"  # the article that introduces a new aircraft ("a Cargolux Boeing 747"); none in uk/ru
    same: str = r"$^"  # before an aircraft word or type: the aircraft spoken of before ("the same jet", "той самий борт")
    habitual: str = r"$^"  # anywhere: the sentence speaks of flights that recur ("from time to time", "регулярно")


EN = Qualifiers(
    aircraft_words=r"aircraft|airplanes?|planes?|jets?|airliners?|airlifters?|transports?|helicopters?",
    indefinite=r"an?",
    other_markers=r"similar|another|second|a different|third|other|backup|back-up|reserve|spare",
    separately=r"^\W*(?:separately|meanwhile),?\s+(?:a|an)\b|^\W*separately,",
    nationalities={r"russian": "RU", r"north korean": "KP", r"belarusian": "BY", r"ukrainian": "UA",
                   r"chinese": "CN", r"iranian": "IR", r"turkish": "TR", r"american|u\.s\.": "US",
                   r"syrian": "SY", r"kazakh": "KZ", r"vietnamese": "VN", r"mongolian": "MN", r"german": "DE",
                   r"french": "FR", r"british": "GB", r"indian": "IN", r"japanese": "JP"},
    military=r"military|air force|air-force|defen[cs]e ministry|ministry of defen[cs]e|navy|usaf|raf",
    state_air_force={r"(?:russian|russia's) (?:air force|aerospace forces)": "RU",
                     r"north korean air force|korean people's army": "KP"},
    time_words=(r"weeks?|ago|earlier|previously|last (?:week|month|year|weekend|night)|next (?:week|month|weekend)|"
                r"(?:late|early|mid)[- ](?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|"
                r"the (?:previous|following|next) (?:week|month)|"
                r"a\.m\.|p\.m\.|o'clock|dawn|daybreak|noon|midnight|"
                r"(?:the|on)\s+\d{1,2}(?:st|nd|rd|th)"),  # "on the 27th": a day of a month the words do not name
    zone_nouns=r"\btime\b|\bzulu\b",
    negation=r"never|not|n't|no longer|neither|nor",
    place_preps=r"in|at|to|into|from|via",
    companion=r"^\W*(?:together with|along with|alongside|following (?:it|the|him|her))\b",
    own_way=r"\b(?:travell?ed|flew|came in|arrived|went) (?:separately|commercially)\b|\bscheduled (?:flight|service)\b|\bcommercial flight\b",
    backup=r"backup|back-up|reserve|spare|standby",
    main=r"main|primary|principal",
    habitual=r"from time to time|regularly|routinely|occasionally|frequently|every (?:week|month|year)",
    same=r"the same|that same|this same",
)

UK = Qualifiers(
    aircraft_words=r"літак\w*|борт\w*|лайнер\w*|авіалайнер\w*|джет\w*|гелікоптер\w*|вертоліт\w*|вертольот\w*",
    other_markers=r"схож\w*|подібн\w*|інш\w*|друг(?:ий|ого|ому|им|а|у|ої)|ще (?:один|одного|одним|одна)|третій|резервн\w*|запасн\w*|дублер\w*|дублюч\w*",
    separately=r"^\W*окремо,?\s",
    nationalities={r"російськ\w*": "RU", r"північнокорейськ\w*": "KP", r"білоруськ\w*": "BY",
                   r"українськ\w*": "UA", r"китайськ\w*": "CN", r"іранськ\w*": "IR", r"турецьк\w*": "TR",
                   r"американськ\w*": "US", r"сирійськ\w*": "SY", r"казахськ\w*": "KZ"},
    military=r"військов\w*|впс|вкс|повітрян\w* сил\w*|міністерств\w* оборони|міноборони",
    state_air_force={r"(?:впс|вкс) (?:росії|рф)": "RU", r"(?:впс|вкс) кндр": "KP"},
    time_words=(r"тижн\w*|тиждень|раніше|минулого|наступного|позаминул\w*|наприкінці|на початку|[ув] середині|"
                r"(?:\d+|кілька|декілька|два|дві|три|чотири|п'ять)\s+(?:дн\w*|доб\w*|тиж\w*|місяц\w*|рок\w*|годин\w*)\s+тому|"
                r"ранку|вечора|ночі|опівночі|опівдні|пополудні|світанк\w*|"
                r"\d{1,2}-(?:го|е|ого|му)(?!\s+(?:термінал|поверх|рейс|борт))"),  # "27-го": a day whose month is not beside it
    zone_nouns=r"\bчас\w*",
    negation=r"не|ні|ніколи не|так і не",
    place_preps=r"в|у|до|на|з|із|через",
    companion=r"^\W*(?:\w+\s+){0,3}?(?:разом (?:із|з|зі)|слідом за|услід за|вслід за)\s",
    own_way=r"(?<!\w)(?:окремим (?:літаком|бортом|рейсом)|регулярн\w* рейс\w*|окремо)(?!\w)",
    also=r"і|й",
    backup=r"резервн\w*|запасн\w*|дублер\w*|дублюч\w*|дублююч\w*",
    main=r"основн\w*|головн\w*",
    habitual=r"час від часу|регулярно|періодично|раз у раз|щотижня|щомісяця|що(?:два|три) тижні",
    same=r"(?:той|того|тому|тим|цей|цього|цьому|цим)\s+(?:самий|самого|самому|самим|же?)|(?:та|тієї|цієї|ця)\s+(?:сама|самої|ж)",
)

RU = Qualifiers(
    aircraft_words=r"самол[её]т\w*|борт\w*|лайнер\w*|авиалайнер\w*|джет\w*|вертол[её]т\w*",
    other_markers=r"похож\w*|подобн\w*|друг(?:ой|ого|ому|им|ая|ую)|втор(?:ой|ого|ым|ая)|ещ[её] (?:один|одного|одним|одна)|трет\w*|резервн\w*|запасн\w*|дубл[её]р\w*",
    separately=r"^\W*отдельно,?\s",
    nationalities={r"российск\w*": "RU", r"северокорейск\w*": "KP", r"белорусск\w*": "BY",
                   r"украинск\w*": "UA", r"китайск\w*": "CN", r"иранск\w*": "IR", r"турецк\w*": "TR",
                   r"американск\w*": "US", r"сирийск\w*": "SY", r"казахск\w*": "KZ"},
    military=r"военн\w*|ввс|вкс|военно-воздушн\w*|министерств\w* обороны|минобороны",
    state_air_force={r"(?:ввс|вкс) (?:россии|рф)": "RU", r"(?:ввс|вкс) кндр": "KP"},
    time_words=(r"недел\w*|ранее|прошлой|прошлом|прошлого|следующ\w*|позапрошл\w*|в конце|в начале|в середине|"
                r"(?:\d+|несколько|два|две|три|четыре|пять)\s+(?:дн\w*|сут\w*|недел\w*|месяц\w*|год\w*|лет|час\w*)\s+назад|"
                r"утра|вечера|ночи|полуночи|полудня|пополудни|рассвет\w*|"
                r"\d{1,2}-(?:го|е|ое|ого|м)(?!\s+(?:терминал|этаж|рейс|борт))"),  # "27-го": a day whose month is not beside it
    zone_nouns=r"\bврем\w*",
    negation=r"не|ни|никогда не|так и не",
    place_preps=r"в|во|до|на|из|с|через",
    companion=r"^\W*(?:\w+\s+){0,3}?(?:вместе с|вслед за|следом за)\s",
    own_way=r"(?<!\w)(?:отдельн\w+ (?:самол[её]том|бортом|рейсом)|регулярн\w* рейс\w*|отдельно)(?!\w)",
    also=r"и",
    backup=r"резервн\w*|запасн\w*|дубл[её]р\w*|дублирующ\w*",
    main=r"основн\w*|главн\w*",
    habitual=r"время от времени|регулярно|периодически|то и дело|еженедельно|ежемесячно|каждую неделю|каждый месяц",
    same=r"(?:тот|того|тому|тем|этот|этого|этому|этим)\s+(?:самый|самого|самому|самым|же)|(?:та|той|эта|этой)\s+(?:самая|самой|же)",
)

BY_LANGUAGE = {"en": EN, "uk": UK, "ru": RU}


def get(code: str | None) -> Qualifiers:
    return BY_LANGUAGE.get(code or "en", EN)
