"""Language knowledge as data: one table per language (uk, ru, en).

Code never branches on a language; it looks words up in the table of the article's
language. Adding a language is adding a module with a `DATA = LanguageData(...)`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LanguageData:
    code: str
    letters: str                                  # letters only this language uses (detection)
    abbreviations: tuple[str, ...]                # words ending in "." that do not end a sentence
    months: dict[str, int]                        # every inflected form → month number
    weekdays: dict[str, int]                      # every inflected form → 0 = Monday
    parts_of_day: dict[str, tuple[float, float]]  # phrase → local hours [start, end); "about noon" is 11:30–12:30 like any "about HH:MM"
    relative_days: dict[str, int]                 # "yesterday" → -1
    same_day: dict[str, int]                      # "the same day" 0, "the day before" -1: days from the time before it
    relative_periods: dict[str, str]              # "this week" → this_week | last_week | this_month | last_month
    month_parts: dict[str, tuple[int, int]]       # "early" → days 1–10 of the month
    zone_phrases: dict[str, str]                  # regex → IANA zone ("local": the place's own zone)
    clock_relations: dict[str, str]               # word before a clock time → at | after | before | about
    am_pm: dict[str, str]                         # "a.m." → am
    number_words: dict[str, int]
    compound_numbers: dict[str, int]              # "дво" in "дводенного" → 2
    duration_units: dict[str, float]              # unit word → hours
    compound_units: dict[str, float]              # "денн" in "дводенного" → 24 h
    approx_words: dict[str, str]                  # "about" → about | over | under (N hours)
    hedges: tuple[str, ...]                       # regexes that make a statement uncertain
    lead_attribution: tuple[str, ...]             # regexes: "Про це пише {source}" applies article-wide
    flight_nouns: frozenset[str]                  # lemmas: plane, flight
    events: dict[str, str]                        # lemma → depart | arrive | fly | return | stay
    event_phrases: dict[str, str]                 # multi-word regexes → role ("took off")
    air_verbs: frozenset[str]                     # event lemmas/phrases that say by themselves it flew
    ground_phrases: tuple[str, ...]               # "on the ground": marks a stay duration
    stay_nouns: frozenset[str]                    # lemmas: stay, перебування
    projectiles: frozenset[str]                   # lemmas of things that fly but are not aircraft (missile, drone)
    non_flight: frozenset[str]                    # lemmas: armoured train, car, ship
    plan_markers: tuple[str, ...]                 # regexes: plans, will, expected
    clause_cuts: tuple[str, ...]                  # regexes: "after X had done Y" starts another event
    prep_from: frozenset[str]
    prep_to: frozenset[str]
    prep_at: frozenset[str]                       # locative: "in Pyongyang"
    place_aliases: dict[str, str]                 # lemma or lowercased phrase → place key (tracker/data/places.csv)
    transliteration: dict[str, str] | None = None  # letter → Latin ("h|g": either), to find a city airportsdata knows
    airport_nouns: frozenset[str] = frozenset()   # lemmas: "в аеропорту Пхеньяна" (the name follows the noun)
    base_nouns: frozenset[str] = frozenset()      # of airport_nouns, a military base: "російська авіабаза" says whose, not where
    prep_with: frozenset[str] = frozenset()  # of prep_from, those that with the instrumental mean "with" ("з Макроном")
    plural_flight_nouns: frozenset[str] = frozenset()  # for languages without morphology
    anaphora: tuple[str, ...] = ()                # sentence-initial words that mean "the aircraft just named"
    week_start: int = 0
    months_capitalised: bool = False             # "may" is a month only as "May" (English)
    numeric_day_first: bool = True               # 01.08.2023 is 1 August (uk, ru); English leaves it alone
    morphology: bool = True                       # lemmatise with pymorphy3 (uk, ru)
    sentence_openers: tuple[str, ...] = ()        # words that start a sentence even after an abbreviation
    relative_words: tuple[str, ...] = ()          # open a relative clause after a comma ("which", "який"): another moment
    airport_name_affixes: tuple[str, str] | None = None  # (before, after) regexes: "Joint Base", "Air Base" around a name
    clock_word_hours: dict[str, int] = field(default_factory=dict)   # "seven" → 7, read only in a clock phrase
    clock_word_fractions: dict[str, float] = field(default_factory=dict)  # "half past" → +0.5, "a quarter to" → −0.25
    later_day_words: tuple[str, ...] = ()  # words that put a clock word in the afternoon or evening ("evening")
    earlier_day_words: tuple[str, ...] = ()  # words that put a clock word in the morning ("morning", "ранку")
    day_ordinals: dict[str, int] = field(default_factory=dict)  # "пятого" (октября) → 5: a day written as a word
    clock_hour_nouns: tuple[str, ...] = ()  # "часов" in "около трёх часов дня": the hour's noun before a part of day
    # clock words that, with no fraction before them, name the hour that ends at them: Russian
    # "в начале шестого утра", "шестого" alone, is 5:00–6:00 ("в половине шестого" is 5:30)
    hour_ordinals: frozenset[str] = frozenset()
    # parts of the day that are a moment, read as a clock after a relation word ("shortly before
    # midnight", "після полудня"): the hour, 24 for midnight (the end of the day named)
    clock_parts: dict[str, int] = field(default_factory=dict)
    clutter_tail: tuple[str, ...] = ()            # headings after which the page is clutter
    clutter_inline: tuple[str, ...] = ()          # line prefixes of inline "read also" links
    not_places: frozenset[str] = frozenset()      # capitalised lemmas after a preposition that name no place
    callsign_cue: str | None = None                # regex: the word before a callsign ("callsign", "позивним")
    serial_cue: str | None = None                  # regex: the words before a tail number ("tail number", "бортовим номером")
    flight_number_cue: str | None = None           # regex: the word before an IATA flight number ("flight", "рейсом")
    # Verb families from lemmas: a lemma = prefix + root + ending is an air movement whose role
    # the prefix says ("вы-лет-еть" depart, "при-земл-яться" arrive, "пере-літ" fly), whatever
    # the aspect or part of speech; the `events` table still wins for the words it lists.
    motion_roots: tuple[str, ...] = ()
    motion_prefixes: dict[str, str] = field(default_factory=dict)
    motion_endings: tuple[str, ...] = ()
    negators: frozenset[str] = frozenset()        # words that deny the movement right after them ("не", "never")
    # "the next morning", "вранці наступного дня": phrase → (relday | sameday, day offset, local hours)
    day_part_phrases: dict[str, tuple[str, int, tuple[int, int]]] = field(default_factory=dict)
    # "того ж тижня", "later that week": the week of the day named before (weeks after it), before a weekday
    same_week: dict[str, int] = field(default_factory=dict)
    # words before a weekday that point back to the week named before ("that Saturday", "в ту же субботу")
    that_day_words: tuple[str, ...] = ()
    direction_words: str = r"$^"  # regex: "southern", "північн…": a compass word before a region ("in southern Spain")
    # "late" (on Sunday), "early" (Friday): a part of the day, read only right before a weekday or date
    day_prefix_parts: dict[str, tuple[int, int]] = field(default_factory=dict)
    # "two hours later", "через дві години і десять хвилин": regexes with groups h (hours, a number
    # or number word; absent = one) and m (minutes): a moment after the one the text gave before
    later_patterns: tuple[str, ...] = ()
    # "за вашингтонським часом", "по тегеранскому времени", "Riyadh time": group 1 is the stem of a
    # city or country whose zone is meant
    zone_stem_patterns: tuple[str, ...] = ()
    # "в 20:39 по Москве", "о 4:30 за Києвом", "10:30 Moscow": a place's name right after a time of
    # day; group `zone` is the phrase, group `city` the name (any case form: its lemmas are looked up)
    zone_city_patterns: tuple[str, ...] = ()
    attribution_patterns: tuple[str, ...] = ()   # regexes with group src: "according to TRT", "за даними OCCRP"
    capital_nouns: frozenset[str] = frozenset()   # lemmas: "столиця КНДР", "the Russian capital"
    refuel_nouns: frozenset[str] = frozenset()    # lemmas: "після дозаправки в Баку" — a stop, where the next leg starts
    # lemmas before a preposition that make its place no movement's: "according to", "registered in San Marino"
    not_spatial_before: frozenset[str] = frozenset()
    # adverbs that may stand between a movement and its place ("landed back at MSP", "сел благополучно в")
    movement_adverbs: frozenset[str] = frozenset()
    # a verb of saying right before a time ("said on Wednesday", "заявила в среду"): the time is when it
    # was said, not when anything flew (regex alternation, on folded text)
    speech_verbs: str = r"$^"
    # the hours a night word means beside a day ("Tuesday night" runs into Wednesday's small hours; "у
    # вівторок уночі" may be either end of Tuesday): local hours of that day, past 24 into the next
    night_with_day: dict[str, tuple[float, float]] = field(default_factory=dict)
    # a day of the month named apart from its month ("у вересні … повернувся до Москви 27-го", "in September,
    # on the 27th"): group 1 is the day; it takes the month the sentence names once
    bare_day: str = r"$^"
    half_words: str = r"$^"                        # regex: "and a half" / "с половиной": a number or unit plus half a unit
    route_nouns: frozenset[str] = frozenset()     # lemmas: "on the way to X", "по пути в X": X ends the journey, not this claim
    place_adjective_suffixes: tuple[str, ...] = ()  # "казанский аэропорт": lemma suffixes of a city adjective
    # what a suffix's consonant was in the name: "паризький" is Париж, "празький" Прага, "пражский" Прага
    adjective_alternations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # regexes of a look back ("had flown … on Sunday", "ще в неділю"): its day is no new "that day"
    flashback_markers: tuple[str, ...] = ()
    # regex (folded text) right before a day that makes it a bound, not a moment: "closed until
    # Tuesday", "працюють з понеділка", "с понедельника" — no day a later clock time is read on
    day_bound_before: str = r"$^"
    named_for_words: frozenset[str] = frozenset()  # lemmas: "аэропорт имени Ататюрка" — the name follows
    # Words (as written, lowercased) that open a fronted adjunct about what came before the
    # sentence's movement: "After a stop in Benghazi, it landed in Niamey", "Проведя в Филадельфии
    # сутки, борт перелетел…": a place inside it is where the movement starts, never where it ends.
    before_adjunct_words: frozenset[str] = frozenset()
    # regex (folded text) right after a duration that makes it time aloft, not a ground stay:
    # "after eight hours in the air", "після восьми годин у повітрі", "через шесть часов полёта"
    airborne_after: str = r"$^"
    # regex (folded text) of a movement that happens at a place, not towards it: "злетів в Орлі" took
    # off at Orly, where "вилетів в США" flew to the USA (an indeclinable name's case says neither)
    lift_off: str = r"$^"
    # regexes (folded text) around a duration that make it the flight's delay, not a ground stay: "a
    # minute early", "ten minutes late", "with a delay of 40 minutes", "с опозданием на 40 минут"
    delay_after: str = r"$^"
    delay_before: str = r"$^"
    # regexes (folded text) of phrases whose words are no movement: an event word inside one is a
    # noun's modifier ("took off for the return leg at ten": the time is the takeoff's, not a return's)
    not_events: tuple[str, ...] = ()
    # words that, after a comma, open the next clause: times on either side are separate moments
    # ("вилетів у середу близько сьомої ранку, а вранці приземлився": the morning is the landing's)
    clause_conjunctions: frozenset[str] = frozenset()


# Outlets and trackers the field cites; aliases are matched case-insensitively.
SOURCES: dict[str, tuple[str, ...]] = {
    "Flightradar24": ("flightradar24", "flightradar 24", "flight radar 24", "флайтрадар24", "флайтрадар"),
    "ADS-B Exchange": ("ads-b exchange", "adsbexchange", "adsb exchange"),
    "FlightAware": ("flightaware",),
    "OpenSky Network": ("opensky",),
    "NK News": ("nk news", "nknews", "nk pro"),
    "Bloomberg": ("bloomberg", "блумберг"),
    "Daily Beast": ("daily beast",),
    "Reuters": ("reuters", "рейтер"),
    "CNN": ("cnn",),
    "Financial Times": ("financial times",),
    "The New York Times": ("new york times", "nyt"),
    "Yonhap": ("yonhap", "йонхап", "ренхап"),
    "KCNA": ("kcna", "цтак", "цтак", "центральне телеграфне агентство кореї", "центральное телеграфное агентство кореи"),
    "TASS": ("тасс", "tass"),
    "RIA Novosti": ("риа новости", "ріа новини", "ria novosti"),
    "Forbes": ("forbes",),
    "The Washington Post": ("washington post",),
    "Kyodo": ("kyodo", "кіодо", "киодо"),
}


@functools.cache
def _languages() -> dict[str, LanguageData]:
    from tracker.claims.lang import en, ru, uk

    return {m.DATA.code: m.DATA for m in (uk, ru, en)}


def get(code: str | None) -> LanguageData:
    """The table for `code`; unknown or missing language → English (Latin script)."""
    langs = _languages()
    return langs.get(code or "", langs["en"])


def clutter_markers() -> dict[str, tuple[str, ...]]:
    """Clutter headings of every language (a page may mix them)."""
    langs = _languages().values()
    return {
        "tail": tuple(m for lang in langs for m in lang.clutter_tail),
        "inline": tuple(m for lang in langs for m in lang.clutter_inline),
    }


def event_role(lemma: str, lang: LanguageData) -> tuple[str, bool] | None:
    """(role, says-it-flew) of a lemma: the events table, else the verb families."""
    if lemma in lang.events:
        return lang.events[lemma], lemma in lang.air_verbs
    return _family_role(lemma.replace("ё", "е"), lang.code)


@functools.lru_cache(maxsize=65536)
def _family_role(lemma: str, code: str) -> tuple[str, bool] | None:
    lang = get(code)
    for root in lang.motion_roots:
        at = lemma.find(root)
        if at < 0 or lemma[:at] not in lang.motion_prefixes or lemma[at + len(root):] not in lang.motion_endings:
            continue
        if lemma == root:
            continue  # the bare root "лёт" is "Летом" (in summer) read as a noun, not a movement
        return lang.motion_prefixes[lemma[:at]], True
    return None


def __getattr__(name: str):
    if name == "LANGUAGES":
        return _languages()
    raise AttributeError(name)
