"""Find time expressions in a sentence and resolve them to UTC intervals.

The finder works from each language's tables (tracker.claims.lang); resolution is our own
rules, not dateparser's guesses (it reads "2019 року" as year 4 and "36 годин" as
"36 hours ago"): a date is that whole local day, a weekday the most recent such day
on or before publication, a part of day its local hours, durations an interval.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo

from tracker.claims.lang import LanguageData
from tracker.model import HoursRange, TimeWindow

UTC = dt.timezone.utc
MINUTE = dt.timedelta(minutes=1)
# With no place known, a local day may fall anywhere between UTC+14 and UTC−12.
WIDEST = (dt.timezone(dt.timedelta(hours=14)), dt.timezone(dt.timedelta(hours=-12)))

APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "‘": "'"})


@dataclass(frozen=True)
class TimeExpr:
    """One time expression found in text; `kind` says which fields are set."""

    start: int
    end: int
    kind: str  # date | month | weekday | relday | period | part | clock | zone | duration | sameweek | thatday | monthref
    text: str = ""
    year: int | None = None
    month: int | None = None
    days: tuple[int, int] | None = None        # day of month range, inclusive
    weekday: int | None = None
    offset: int | None = None                  # relative days (yesterday = -1)
    period: str | None = None                  # this_week | last_week | this_month | last_month
    hours: tuple[float, float] | None = None   # local hours [start, end) within the day
    relation: str | None = None                # at | after | before | about (clock)
    zone: str | None = None                    # IANA zone stated in the text
    duration: HoursRange | None = None
    day_hours: tuple[float, float] | None = None  # a part's hours beside a day ("Tuesday night": 18–29)


@dataclass
class Resolved:
    window: TimeWindow | None
    notes: list[str] = field(default_factory=list)
    days: tuple[dt.date, dt.date] | None = None  # the local days named, for "the same day" after it
    local: tuple[dt.datetime, dt.datetime] | None = None  # naive local wall-clock bounds, before any zone
    widened: bool = False  # no zone known: the window spans every zone on Earth
    borrowed: bool = False  # a clock time alone, read on the day an earlier sentence named: a guess
    spread_h: float = 0.0  # hours between the UTC offsets of the zones it was read in (place not pinned)


@functools.lru_cache(maxsize=4096)
def _rx(pattern: str) -> re.Pattern:
    """Compiled once: the table-built patterns outnumber the re module's own cache."""
    return re.compile(pattern)


def fold_case(text: str) -> str:
    """Lowercase with one apostrophe; same length, so spans stay valid."""
    return text.lower().translate(APOSTROPHES)


def _alt(words) -> str:
    """Regex alternation of a table's words, longest first (so "вранці-рано" beats "вранці")."""
    return _alt_of(tuple(words))


@functools.lru_cache(maxsize=256)
def _alt_of(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# --------------------------------------------------------------------------- finding

def find(text: str, lang: LanguageData) -> list[TimeExpr]:
    """Every time expression in `text`, non-overlapping, in order."""
    low = fold_case(text)
    found: list[TimeExpr] = []

    def add(expr: TimeExpr) -> None:
        if not any(e.start < expr.end and expr.start < e.end for e in found):
            found.append(replace(expr, text=text[expr.start:expr.end]))

    for m in _OFFSET.finditer(low):  # "UTC+9", "GMT−5", "МСК+6": first, so that neither "UTC" alone nor "09:00" of "UTC+09:00" (a clock) is read
        sign = -1 if m.group("sign") != "+" else 1
        minutes = sign * (int(m.group("h")) * 60 + int(m.group("m") or 0))
        add(TimeExpr(m.start(), m.end(), "zone", zone=f"{OFFSET}{m.group('base')}{minutes:+d}"))
    for m in _ZULU.finditer(text):  # "01:30Z": Zulu time, UTC
        add(TimeExpr(m.start(), m.end(), "zone", zone="UTC"))
    months, parts = _alt(lang.months), _alt(lang.month_parts)

    def month_ok(pos: int) -> bool:
        return not lang.months_capitalised or text[pos].isupper()

    year = r"(?:\s+(\d{4})(?:\s*(?:року|р\.|рік|года|г\.|год))?)?"
    days = r"(?P<d0>\d{1,2})(?:\s*[-–]\s*(?P<d1>\d{1,2}))?"
    day_month = rf"(?<![\w.]){days}(?:-?(?:го|е|st|nd|rd|th))?\s+(?:of\s+)?(?P<mon>{months})(?![\w])(?:\s+(?P<yr>\d{{4}})(?:\s*(?:року|р\.|рік|года|г\.|год))?)?"
    month_day = rf"(?<![\w])(?P<mon>{months})\s+{days}(?:st|nd|rd|th)?(?![\w])(?:,?\s+(?P<yr>\d{{4}}))?"
    for pattern in (day_month, month_day):  # "1 серпня 2023", "August 1, 2023"
        for m in _rx(pattern).finditer(low):
            d0 = int(m.group("d0"))
            if month_ok(m.start("mon")):
                add(TimeExpr(m.start(), m.end(), "date", month=lang.months[m.group("mon")],
                             days=(d0, int(m.group("d1") or d0)), year=int(m.group("yr")) if m.group("yr") else None))
    if lang.day_ordinals:  # "пятого октября", "двадцять першого вересня": a day written as an ordinal word
        for m in _rx(rf"(?<![\w'])({_alt(lang.day_ordinals)})\s+({months})(?![\w]){year}").finditer(low):
            d0 = lang.day_ordinals[m.group(1)]
            add(TimeExpr(m.start(), m.end(), "date", month=lang.months[m.group(2)], days=(d0, d0),
                         year=int(m.group(3)) if m.group(3) else None))
    for m in _rx(r"(?<![\d.-])(\d{4})-(\d{2})-(\d{2})(?![\d-])").finditer(low):
        add(TimeExpr(m.start(), m.end(), "date", year=int(m.group(1)), month=int(m.group(2)),
                     days=(int(m.group(3)),) * 2))
    if lang.numeric_day_first:
        for m in _rx(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.]\d)").finditer(low):
            if 1 <= int(m.group(2)) <= 12:
                add(TimeExpr(m.start(), m.end(), "date", year=int(m.group(3)), month=int(m.group(2)),
                             days=(int(m.group(1)),) * 2))
    for m in _rx(rf"(?:({parts})\s+(?:of\s+)?)?(?<![\w])({months})(?![\w]){year}").finditer(low):
        span = lang.month_parts.get(m.group(1)) if m.group(1) else None
        if month_ok(m.start(2)):
            add(TimeExpr(m.start(), m.end(), "month", month=lang.months[m.group(2)], days=span,
                         year=int(m.group(3)) if m.group(3) else None))
    for m in _rx(rf"(?<![\w'])({_alt(lang.weekdays)})(?![\w'])").finditer(low):
        add(TimeExpr(m.start(), m.end(), "weekday", weekday=lang.weekdays[m.group(1)]))
    # "Monday 17/1", "у понеділок, 17.01": a numeric day and month right after a weekday; day first where the
    # language writes it so, or where the first number cannot be a month
    for m in _rx(rf"(?<![\w'])(?:{_alt(lang.weekdays)}),?\s+(\d{{1,2}})[/.](\d{{1,2}})(?![\d/.]\d|\d)").finditer(low):
        a, b = int(m.group(1)), int(m.group(2))
        day, month = (a, b) if lang.numeric_day_first or a > 12 else (b, a) if b > 12 else (0, 0)
        if 1 <= month <= 12 and 1 <= day <= 31:
            add(TimeExpr(m.start(1), m.end(2), "date", month=month, days=(day, day)))
    if lang.day_prefix_parts:  # "late on Sunday", "early Friday": a part of that day, only before a day
        a_day = rf"(?:{_alt(lang.weekdays)}|\d{{1,2}}\s+(?:{months})|(?:{months})\s+\d)(?![\w'])"
        for m in _rx(rf"(?<![\w])({_alt(lang.day_prefix_parts)})(?:\s+on)?(?=\s+{a_day})").finditer(low):
            add(TimeExpr(m.start(), m.end(), "part", hours=lang.day_prefix_parts[m.group(1)]))
    for m in _rx(rf"(?:({parts})\s+)?(?<![\w])({_alt(lang.relative_periods)})(?![\w])").finditer(low):
        span = lang.month_parts.get(m.group(1)) if m.group(1) else None
        add(TimeExpr(m.start(), m.end(), "period", period=lang.relative_periods[m.group(2)], days=span))
    for m in _rx(rf"(?<![\w])({_alt(lang.day_part_phrases)})(?![\w])").finditer(low) if lang.day_part_phrases else ():
        kind, offset, hours = lang.day_part_phrases[m.group(1)]
        add(TimeExpr(m.start(), m.end(), kind, offset=offset, hours=hours))
    for pattern in lang.later_patterns:
        for m in _rx(pattern).finditer(low):
            later = _later(m, lang)
            if later is not None:
                add(TimeExpr(m.start(), m.end(), "later", duration=later))
    if lang.that_day_words:  # "Earlier that Saturday": the Saturday the text named before (the extractor knows it)
        for m in _rx(rf"(?<![\w])(?:{_alt(lang.that_day_words)})\s+(?={_alt(lang.weekdays)}(?![\w']))").finditer(low):
            add(TimeExpr(m.start(), m.end(), "thatday"))
    for m in _rx(rf"(?<![\w])({_alt(lang.same_week)})(?![\w])").finditer(low) if lang.same_week else ():
        add(TimeExpr(m.start(), m.end(), "sameweek", offset=lang.same_week[m.group(1)]))
    for m in _rx(rf"(?<![\w])({_alt(lang.same_day)})(?![\w])").finditer(low):
        add(TimeExpr(m.start(), m.end(), "sameday", offset=lang.same_day[m.group(1)]))
    for m in _rx(rf"(?<![\w])({_alt(lang.relative_days)})(?![\w])").finditer(low):
        add(TimeExpr(m.start(), m.end(), "relday", offset=lang.relative_days[m.group(1)]))
    _find_clocks(low, lang, add)
    _find_word_clocks(low, lang, add)
    for pattern, zone in lang.zone_phrases.items():
        for m in _rx(pattern).finditer(low):
            add(TimeExpr(m.start(), m.end(), "zone", zone=zone))
    for m in _ABBREVIATION.finditer(text):  # "19:50 CEST", "1pm WIB", "06:10 за IST": tzdata's abbreviations
        if m.group("abbr") in _abbreviations():
            add(TimeExpr(m.start("abbr"), m.end("abbr"), "zone", zone=ABBREVIATION + m.group("abbr")))
    for pattern in lang.zone_stem_patterns:
        for m in _rx(pattern).finditer(low):
            group = "stem" if "stem" in m.re.groupindex else 1
            stem_zone = _zone_of_stem(m.group(group), lang.code, _alternated(m.group(group), low[m.end(group):], lang))
            if stem_zone:
                add(TimeExpr(*_zone_span(m), "zone", zone=stem_zone))
    for pattern in lang.zone_city_patterns:
        for m in _rx(pattern).finditer(low):
            if not text[m.start("city")].isupper():
                continue  # "о першій дня за центральним часом": a name is written with a capital
            city_zone = _zone_of_city(m.group("city"), lang.code)
            if city_zone:
                add(TimeExpr(*_zone_span(m), "zone", zone=city_zone))
    rel = _alt(k for k, v in lang.clock_relations.items() if v in _AROUND)
    for m in _rx(rf"(?<![\w])({rel})\s+({_alt(lang.clock_parts)})(?![\w])").finditer(low) if lang.clock_parts else ():
        relation, h = lang.clock_relations[m.group(1)], lang.clock_parts[m.group(2)]
        if h == 24 and relation == "about":
            continue  # "around midnight": the end of which day, or the start? Left unread
        h = 0 if h == 24 and relation in ("after", "soon_after") else h  # "after midnight": the day's first hours
        add(TimeExpr(m.start(), m.end(), "clock", hours=(h, h + 1 / 60), relation=relation))
    for m in _rx(rf"(?:(?<![\w])({rel})\s+)?(?<![\w])({_alt(lang.parts_of_day)})(?![\w])").finditer(low):
        if m.group(1):
            continue  # "before dawn", "after midnight" (when not read above): not the part itself; left unread
        add(TimeExpr(m.start(2), m.end(), "part", hours=lang.parts_of_day[m.group(2)],
                     day_hours=lang.night_with_day.get(m.group(2))))
    _find_durations(low, lang, add)
    _find_bare_days(low, lang, found, add)
    for k, e in enumerate(found):  # "в сентябре … приземлился … днём 26 сентября": the month the date refines
        if e.kind == "month" and e.days is None and any(d.kind == "date" and d.month == e.month for d in found):
            found[k] = replace(e, kind="monthref")
    return sorted(found, key=lambda e: e.start)


def _find_bare_days(low: str, lang: LanguageData, found: list[TimeExpr], add) -> None:
    """"у вересні … повернувся до Москви 27-го": a day of the month with the one month the sentence names
    elsewhere is that date; the month, whose day it gave, becomes a `monthref` (read, no time of its own)."""
    months = [e for e in found if e.kind == "month" and e.days is None and e.month is not None]
    if len(months) != 1:
        return
    for m in _rx(lang.bare_day).finditer(low):
        day = int(m.group(1))
        if 1 <= day <= 31 and not any(e.start < m.end() and m.start() < e.end for e in found):
            add(TimeExpr(m.start(), m.end(), "date", month=months[0].month, days=(day, day), year=months[0].year))
            found[found.index(months[0])] = replace(months[0], kind="monthref")
            return


def _day_after(moment: TimeWindow | None, later: TimeExpr, zones: list[str]) -> dt.date | None:
    """The local day a time "N hours after" the moment before falls on, in the one zone of its place."""
    if moment is None or moment.earliest is None or moment.latest is None or later.duration is None or len(zones) != 1:
        return None
    hours = ((later.duration.min or 0.0) + (later.duration.max or 0.0)) / 2
    mid = moment.earliest + (moment.latest - moment.earliest) / 2 + dt.timedelta(hours=hours)
    try:
        return mid.astimezone(ZoneInfo(zones[0])).date()
    except (ValueError, OverflowError, KeyError):
        return None


def _weekday_far_from_story(e: TimeExpr, days: tuple[dt.date, dt.date] | None,
                            anchor: tuple[dt.date, dt.date] | None) -> bool:
    """A weekday alone, read as the last such day before the publication, more than a week after the day
    the story is at: the story's own such day may be meant."""
    return (e.kind == "weekday" and days is not None and anchor is not None and anchor[0] == anchor[1]
            and (days[0] - anchor[0]).days > 7)


def _later(m: re.Match, lang: LanguageData) -> HoursRange | None:
    """"two hours later" → 1.5–2.5 h after; "через дві години і десять хвилин" → exactly 2 h 10 min."""
    h, m_ = m.group("h"), m.group("m")
    try:
        hours = 1.0 if h is None else float(h) if h.isdigit() else float(lang.number_words[h])
        minutes = 0.0 if m_ is None else float(m_) if m_.isdigit() else float(lang.number_words[m_])
    except KeyError:
        return None  # "через <not a number> часа"
    if m.groupdict().get("half"):
        hours += 0.5
    total = hours + minutes / 60
    spread = 0.0 if m_ is not None else 0.5
    return HoursRange(round(total - spread, 3), round(total + spread, 3))


def _zone_span(m: re.Match) -> tuple[int, int]:
    """The zone phrase's own span (group `zone`), not the time of day a pattern matched before it."""
    return m.span("zone") if "zone" in m.re.groupindex else m.span()


UNKNOWN_ZONE = "?"  # a place named as the clock's zone whose offset is not one ("по Казахстану")
OFFSET = "offset:"  # a TimeExpr zone written as an offset from UTC or Moscow: "offset:utc+540" (minutes)
_OFFSET = re.compile(r"(?<![\w])(?P<base>utc|gmt|мск|msk)\s*(?P<sign>[+−–-])\s*(?P<h>\d{1,2})(?:[:.]?(?P<m>[0-5]\d))?(?![\w])")
_ZULU = re.compile(r"(?<=\d)Z(?![\w])")
_OFFSET_BASES = {"utc": "UTC", "gmt": "UTC", "мск": "Europe/Moscow", "msk": "Europe/Moscow"}


def _offset_zone(stated: str, day: dt.date) -> str:
    """"offset:мск+360" on `day` → the fixed zone of that UTC offset ("Etc/GMT-9": tzdata's names
    have the sign reversed); UNKNOWN_ZONE for an offset tzdata has no such zone for (half hours)."""
    base, minutes = re.fullmatch(r"(\D+)([+-]\d+)", stated[len(OFFSET):]).groups()  # type: ignore[union-attr]
    noon = dt.datetime.combine(day, dt.time(12), tzinfo=ZoneInfo(_OFFSET_BASES[base]))
    total = (noon.utcoffset() or dt.timedelta(0)) + dt.timedelta(minutes=int(minutes))
    hours, rest = divmod(int(total.total_seconds()) // 60, 60)
    if rest or not -12 <= hours <= 14:
        return UNKNOWN_ZONE
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


@functools.lru_cache(maxsize=1024)
def _zone_of_city(word: str, code: str) -> str | None:
    """"москве" (в 20:39 по Москве), "києвом" (о 4:30 за Києвом) → the zone of that city or country;
    UNKNOWN_ZONE when the place spans several offsets; None when the word names no place (the
    "по"/"за" then says something else: "в 20:39 по данным FR24")."""
    from tracker.claims import morph, places
    from tracker.claims.lang import get

    lang = get(code)
    _, tags, lemmas, geo = morph._parse(code, word) if lang.morphology else (word, ("NOUN",), (word,), ())
    if not tags[:1] or not tags[0].startswith("NOUN"):
        return None  # "по московскому шоссе": an adjective is read by the stem patterns, before "времени"
    for form in dict.fromkeys(geo + lemmas):
        place = places.lookup([form], form, places.latin_spellings(form, lang), served_only=True)
        if place is None or place.match not in ("exact", "transliterated", "alias"):
            place = places.country([form], code, form)
        if place is not None:
            found = places.zones(place)
            return found[0] if len(found) == 1 else UNKNOWN_ZONE
    return UNKNOWN_ZONE if geo else None


def _alternated(stem: str, after: str, lang: LanguageData) -> tuple[str, ...]:
    """Stems a city adjective's suffix changed the last consonant of ("паризьким" → париж, "празьким" →
    праг, "пражскому" → праг), by the language's `adjective_alternations`."""
    out = []
    for suffix, consonants in lang.adjective_alternations.items():
        key = suffix[:-2]  # "зький" → "зьк", "жский" → "жск"
        for base, rest in ((stem, after), (stem[:-1], stem[-1:] + after)):
            if key and rest.startswith(key) and key[0] != "с":  # -ський/-ский: `_zone_of_stem`'s own forms
                out += [base + c for c in consonants if c]
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=1024)
def _zone_of_stem(stem: str, code: str, alternated: tuple[str, ...] = ()) -> str | None:
    """"вашингтон-" (за вашингтонським часом), "тегеран-", "riyadh" (Riyadh time) → the IANA
    zone of that city, or of that country's capital; None unless exactly one zone."""
    from tracker.claims import places
    from tracker.claims.lang import get

    lang = get(code)
    if stem in places.demonyms():  # "Irish time", "British time": the country's (capital's) zone
        capital = places.capital(places.demonyms()[stem], stem)
        zones = places.zones(capital) if capital else []
        return zones[0] if len(zones) == 1 else None
    # "по минскому времени": the adjective's "-ск-" is also the end of the city's name (Минск, Омск)
    forms = tuple(f for base in alternated for f in (base, base + "а"))  # "париж", "прага"
    for form in (stem + "ск", stem, stem + "а", stem + "ь", stem[:-1] if stem.endswith(("и", "і")) else stem) + forms:
        if form == stem + "ск" and len(stem) < 2:
            continue
        spellings = places.latin_spellings(form, lang)
        place = places.lookup([form], form, spellings, served_only=True)
        if place is not None and place.match in ("exact", "transliterated"):
            zones = places.zones(place)
            if len(zones) == 1:
                return zones[0]
    iso = places.country_by_prefix(stem, code)
    capital = places.capital(iso, stem) if iso else None
    zones = places.zones(capital) if capital else []
    return zones[0] if len(zones) == 1 else None


def _find_clocks(low: str, lang: LanguageData, add) -> None:
    rel = _alt(lang.clock_relations)
    ampm = _alt(lang.am_pm)
    pattern = rf"(?:(?<![\w])({rel})\s+)?(?<![\w:.])(\d{{1,2}})(?:[:.](\d{{2}}))?(?![.:]?\d)(?:\s*({ampm})(?![\w]))?"
    for m in _rx(pattern).finditer(low):
        hh, mm, half = int(m.group(2)), m.group(3), m.group(4)
        if mm is None and half is None:
            continue  # a bare number is not a clock time
        if half and lang.am_pm[half] == "pm" and hh < 12:
            hh += 12
        elif half and lang.am_pm[half] == "am" and hh == 12:
            hh = 0
        minute = int(mm or 0)
        if hh > 24 or minute > 59:
            continue
        h = hh + minute / 60
        add(TimeExpr(m.start(), m.end(), "clock", hours=(h, h + 1 / 60),
                     relation=lang.clock_relations.get(m.group(1) or "", "at")))


def unread_word_clocks(text: str, lang: LanguageData) -> list[tuple[int, int]]:
    """Spans of clock phrases written in words whose hour (7 or 19?) the text leaves open: the
    extractor saw a time and could not read it."""
    spans: list[tuple[int, int]] = []
    _find_word_clocks(fold_case(text), lang, lambda e: None, spans)
    return spans


def _find_word_clocks(low: str, lang: LanguageData, add, unread: list[tuple[int, int]] | None = None) -> None:
    """"at about seven in the evening", "shortly before seven", "half past six": an hour written
    as a word, read only in a clock phrase (a relation word, "half past", "o'clock" or a.m./p.m.
    with it). Without a.m./p.m. the sentence must say it is afternoon or evening, or the morning;
    otherwise the hour (7 or 19?) is left unread (and its span put in `unread`)."""
    if not lang.clock_word_hours:
        return
    rel, ampm = _alt(lang.clock_relations), _alt(lang.am_pm)
    frac = _alt(lang.clock_word_fractions) if lang.clock_word_fractions else "$^"
    hours = _alt(lang.clock_word_hours)
    units = _alt(lang.duration_units) if lang.duration_units else "$^"
    nouns = _alt(lang.clock_hour_nouns) if lang.clock_hour_nouns else "$^"
    pattern = (rf"(?:(?<![\w])({rel})\s+)?(?:(?<![\w])({frac})\s+)?(?<![\w])({hours})(?![\w])"
               # "около трёх часов дня": the hour's noun, when a part of day follows it …
               rf"(?:\s+(?:{nouns})(?=\s+(?:{ampm})(?![\w]))"
               rf"|(?![\s-]+(?:[\w']+\s+)?(?!(?:{ampm})(?![\w]))(?:{units})(?![\w])))"  # … else "about two
               # days" is a duration ("дня" is a day, but "половине третьего дня" 2:30 p.m.)
               rf"(\s+o'clock)?(?:\s*({ampm})(?![\w]))?")
    def said(words: tuple[str, ...]) -> bool:
        return any(re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", low) for w in words)

    later, earlier = said(lang.later_day_words), said(lang.earlier_day_words)
    for m in _rx(pattern).finditer(low):
        relation, fraction, word, oclock, half = m.groups()
        if not (relation or fraction or oclock or half):
            continue  # "seven aircraft": a number, not a time
        h = lang.clock_word_hours[word] + (lang.clock_word_fractions[fraction] if fraction else 0.0)
        if half:
            if lang.am_pm[half] == "pm" and h < 12:
                h += 12
            elif lang.am_pm[half] == "am" and h >= 12:
                h -= 12
        elif later and h < 12:
            h += 12
        elif not earlier:
            # a clock for sure ("half past", "за двадцять", "o'clock", or the phrase ends its clause:
            # "before ten, CET"), not "about five and a half hours": the time was there, unread
            if unread is not None and (fraction or oclock or not re.match(r"\s*[\w']", low[m.end():])):
                unread.append((m.start(), m.end()))
            continue  # seven in the morning or the evening: the text does not say
        if word in lang.hour_ordinals and not fraction:  # "в начале шестого утра": some time from 5:00 to 6:00
            add(TimeExpr(m.start(), m.end(), "clock", hours=(h - 1, h), relation="hour"))
            continue
        add(TimeExpr(m.start(), m.end(), "clock", hours=(h, h + 1 / 60),
                     relation=lang.clock_relations.get(relation or "", "at")))


def _find_durations(low: str, lang: LanguageData, add) -> None:
    approx = _alt(lang.approx_words)
    numbers = _alt(lang.number_words)
    units = _alt(lang.duration_units)
    half = lang.half_words  # "four and a half hours", "четырёх с половиной часов", "an hour and a half"
    pattern = (rf"(?:(?<![\w])({approx})\s+)?(?<![\w.,])(\d+(?:[.,]\d+)?|{numbers})(\s+(?:{half}))?\s+({units})(?![\w])"
               rf"(\s+(?:{half})(?![\w]))?")
    for m in _rx(pattern).finditer(low):
        value = _number(m.group(2), lang) + (0.5 if m.group(3) or m.group(5) else 0.0)
        add(TimeExpr(m.start(), m.end(), "duration",
                     duration=duration_range(value * lang.duration_units[m.group(4)], lang.duration_units[m.group(4)],
                                             lang.approx_words.get(m.group(1) or "", "exact"))))
    # "близько доби", "около суток": an approximate unit with no number is one unit
    for m in _rx(rf"(?<![\w])({approx})\s+({units})(?![\w])").finditer(low):
        add(TimeExpr(m.start(), m.end(), "duration",
                     duration=duration_range(lang.duration_units[m.group(2)], lang.duration_units[m.group(2)],
                                             lang.approx_words[m.group(1)])))
    compound = _alt(lang.compound_numbers)
    cunits = _alt(lang.compound_units)
    pattern = rf"(?:(?<![\w])({approx})\s+)?(?<![\w'])(\d+|{compound})[-‐]?\s?({cunits})\w*"
    for m in _rx(pattern).finditer(low):
        value = _number(m.group(2), lang, compound=True)
        unit = lang.compound_units[m.group(3)]
        add(TimeExpr(m.start(), m.end(), "duration",
                     duration=duration_range(value * unit, unit, lang.approx_words.get(m.group(1) or "", "exact"))))


def _number(word: str, lang: LanguageData, compound: bool = False) -> float:
    if word[0].isdigit():
        return float(word.replace(",", "."))
    return float((lang.compound_numbers if compound else lang.number_words)[word])


#: Years a claimed time can be computed in (pandas' Timestamp range, whole years): outside, not a claim time.
YEARS = (1678, 2261)
#: No ground stay lasts longer ("99999999999999999999 hours" is not a stay): such a duration is not read.
MAX_STAY_HOURS = 24 * 366 * 50


def beyond_any_stay(duration: HoursRange) -> bool:
    return any(x is not None and x > MAX_STAY_HOURS for x in (duration.min, duration.max))


def duration_range(hours: float, unit_hours: float, qualifier: str = "exact") -> HoursRange:
    """A stated duration as an interval: exact → ± half a unit (two days → 36–60 h);
    about → at least ±15 % and ±1 h; over/under → one-sided; almost / just over → up to 15 %
    below / above."""
    half = unit_hours / 2
    if qualifier == "over":
        return HoursRange(round(hours, 2), None)
    if qualifier == "under":
        return HoursRange(0.0, round(hours, 2))
    if qualifier == "almost":  # "almost three days", "just under": a little less (labels v2: up to 15 % less)
        return HoursRange(round(0.85 * hours, 2), round(hours, 2))
    if qualifier == "just over":  # "a little over six hours": a little more, up to 15 %
        return HoursRange(round(hours, 2), round(1.15 * hours, 2))
    spread = half if qualifier == "exact" else 0.15 * hours  # labels v2: "about 36 hours" is ±15 %
    return HoursRange(round(max(hours - spread, 0.0), 2), round(hours + spread, 2))


# --------------------------------------------------------------------------- grouping

def groups(exprs: list[TimeExpr], text: str, max_gap: int = 14,
           conjunctions: frozenset[str] = frozenset()) -> list[list[TimeExpr]]:
    """Adjacent moment expressions ("у вівторок вранці", "1 August after 8 a.m. China time")
    form one group; durations stand alone; a comma and a clause's conjunction between two
    ("…за пхеньянським часом, а вранці приземлився") part them."""
    out: list[list[TimeExpr]] = []
    parted: list[int] = []  # groups that begin at a second clock time
    for e in exprs:
        if e.kind == "duration":
            out.append([e])
            continue
        last = out[-1] if out else None
        gap = text[last[-1].end:e.start] if last else ""
        joined = re.fullmatch(r"[\s,()]*(?:(\w{1,5})\s*)?[\s,()]*", gap)  # "01:30 (UTC) on Tuesday"
        if joined and joined.group(1) and "," in gap[:joined.start(1)] and joined.group(1).lower() in conjunctions:
            joined = None
        # a second clock time is another reading ("8:59 a.m. (06:59 GMT)", "10:20 local time (21:20 Kyiv
        # time)"), with its own zone: it starts a group of its own
        again = e.kind == "clock" and last is not None and any(x.kind == "clock" for x in last)
        # "31 липня ввечері і вранці 1 серпня": a part of day or a date joined by "and" to a group that has
        # one already is the next moment, not the same one
        again = again or bool(joined and joined.group(1) and joined.group(1).lower() in conjunctions and last
                              and e.kind in ("part", "date", "weekday") and any(x.kind == e.kind for x in last))
        adjacent = bool(last and last[-1].kind != "duration" and e.start - last[-1].end <= max_gap and joined)
        if adjacent and not again:
            last.append(e)  # type: ignore[union-attr]
        else:
            out.append([e])
            if adjacent:
                parted.append(len(out) - 1)
    for i in parted:  # "at twenty past five and twenty-five past five on Friday": the day is both clocks'
        before, after = out[i - 1], out[i]
        if not any(x.kind in _DAY_AND_PART_KINDS for x in before):
            end = before[-1].end  # the day stays where it is written: the earlier group's span is its own
            before += [replace(x, start=end, end=end) for x in after if x.kind in _DAY_AND_PART_KINDS]
    return out


_AROUND = ("before", "after", "about", "soon_after", "soon_before")  # relations that put a time beside the one named
_DAY_AND_PART_KINDS = ("date", "month", "weekday", "relday", "period", "sameday", "part")


# --------------------------------------------------------------------------- resolving

def resolve(group: list[TimeExpr], published: dt.date | None, zones: list[str],
            anchor: tuple[dt.date, dt.date] | None = None, moment: TimeWindow | None = None) -> Resolved:
    """A group of moment expressions → UTC interval in the zones where the event happens.

    `anchor` is the local day(s) of the time stated just before ("вечером того же дня", or
    a clock time alone: "The plane left at 6:05 p.m." after "On Friday …"); `moment` the
    UTC interval stated just before ("two hours later").
    """
    notes: list[str] = []
    later = next((e for e in group if e.kind == "later"), None)
    if later is not None and any(e.kind == "clock" or e.kind in _DAY_AND_PART_KINDS for e in group):
        # "приземлились около 16:40 по местному времени, через десять с половиной часов после взлёта": the
        # time of its own is the time; the interval since another moment only says which day it fell on
        notes.append(f"{later.text!r}: the time stated beside it is read instead")
        day = _day_after(moment, later, zones)
        if day is not None and not any(e.kind in _DAY_AND_PART_KINDS and e.kind != "part" for e in group):
            anchor = (day, day)
        group, later = [e for e in group if e is not later], None
    if later is not None:
        if moment is None or moment.earliest is None or moment.latest is None or later.duration is None:
            notes.append(f"{later.text!r} counts from a time the text did not give: left unresolved")
            return Resolved(None, notes)
        lo, hi = later.duration.min or 0.0, later.duration.max or 0.0
        t0, t1 = moment.earliest, moment.latest
        span = t1 - t0
        if span <= dt.timedelta(hours=1):  # "at 14:20", "about 12:10": counted from that time
            base = t0 + dt.timedelta(minutes=round(span / MINUTE / 2)) if span > MINUTE else t0
            start, end = base, base
        else:
            start, end = t0, t1
        window = TimeWindow(start + dt.timedelta(minutes=round(lo * 60)),
                            end + dt.timedelta(minutes=round(hi * 60)) + (MINUTE if lo == hi else dt.timedelta(0)))
        notes.append(f"{later.text!r}: counted from the time given before ({t0:%Y-%m-%d %H:%M}Z)")
        return Resolved(window, notes, borrowed=True)  # which moment it counts from, another sentence said
    day_exprs = [e for e in group if e.kind in ("date", "month", "weekday", "relday", "period", "sameday")]
    dated = [e for e in day_exprs if e.kind == "date"]
    if dated and dated[0] is not day_exprs[0]:  # "last Saturday, 30 March": the date wins
        day_exprs = dated + [e for e in day_exprs if e is not dated[0]]
        weekday = next((e for e in group if e.kind == "weekday"), None)
        try:
            named = _days(dated[0], published, [])
        except OverflowError:
            named = None
        if weekday is not None and named and named[0] == named[1] and named[0].weekday() != weekday.weekday:
            notes.append(f"{weekday.text!r} does not fall on {dated[0].text!r}: the date is read")
    hours: tuple[float, float] = (0.0, 24.0)
    borrowed = False
    for e in group:
        if e.hours is not None and (e.kind == "part" or e.kind in ("relday", "sameday")):
            hours = e.day_hours if e.day_hours is not None and day_exprs else e.hours
    clocks = [e for e in group if e.kind == "clock"]
    stated_zone = next((e.zone for e in group if e.kind == "zone" and e.zone != "local"), None)
    if not day_exprs:
        after_midnight = bool(clocks) and clocks[0].hours == (0, 1 / 60) and clocks[0].relation in ("after", "soon_after")
        if clocks and anchor is not None and anchor[0] == anchor[1] and not after_midnight:  # "вже після опівночі": the next day?
            day_exprs = [TimeExpr(group[0].start, group[0].start, "sameday", text="(the day named before)", offset=0)]
            notes.append("clock time with no day: read on the day the text named just before")
            borrowed = True
        else:
            if clocks:
                notes.append("clock time with no day: left unresolved")
            elif any(e.kind == "part" for e in group):
                # "увечері він сів у Будапешті", "the previous evening": a part of a day the sentence does
                # not name ("previous", "following" are not read) — not borrowed, and not dropped unsaid
                notes.append("part of the day with no day: left unresolved")
            return Resolved(None, notes)
    that_day = next((e for e in group if e.kind == "thatday"), None)
    if that_day is not None:  # the caller puts the day the text named in its place; here none was
        notes.append(f"{that_day.text!r} points to a day the text did not name: left unresolved")
        return Resolved(None, notes)
    same_week = next((e for e in group if e.kind == "sameweek"), None)
    weekday_expr = next((e for e in day_exprs if e.kind == "weekday"), None)
    if same_week is not None and weekday_expr is not None and weekday_expr.weekday is not None:
        # "Того ж тижня, у четвер", "later that week, on Thursday": that weekday of the week named before
        if anchor is None:
            notes.append(f"{same_week.text!r} refers to a week the text did not give: left unresolved")
            return Resolved(None, notes)
        monday = anchor[0] - dt.timedelta(days=anchor[0].weekday()) + dt.timedelta(weeks=same_week.offset or 0)
        day = monday + dt.timedelta(days=weekday_expr.weekday)
        day_exprs = [TimeExpr(weekday_expr.start, weekday_expr.end, "sameday", text=weekday_expr.text,
                              offset=(day - anchor[0]).days)]
    if day_exprs[0].kind == "sameday":
        shift = dt.timedelta(days=day_exprs[0].offset or 0)
        days = (anchor[0] + shift, anchor[1] + shift) if anchor else None
        if days is None:
            notes.append(f"{day_exprs[0].text!r} refers to a day the text did not give: left unresolved")
    else:
        try:
            days = _days(day_exprs[0], published, notes)
        except OverflowError:  # a publication date at the edge of the calendar (year 1)
            notes.append(f"{day_exprs[0].text!r} lies at the edge of the calendar: left unresolved")
            days = None
        if _weekday_far_from_story(day_exprs[0], days, anchor):
            # "left on Monday, 25 September. On Tuesday it landed", published 5 October: the publication's
            # Tuesday (3 October) or the story's (26 September)? Read as the former, loosely: it never contradicts
            notes.append(f"{day_exprs[0].text!r}: the weekday before the publication, a week or more after the day "
                         "the story was at: loosely bound")
            borrowed = True
    if days is not None and not (YEARS[0] <= days[0].year and days[1].year <= YEARS[1]):
        notes.append(f"{day_exprs[0].text!r} is outside the years {YEARS[0]}–{YEARS[1]} times are computed in: not a claim time")
        days = None
    if days is None:
        return Resolved(None, notes)
    first, last = days
    if clocks:
        c = clocks[0]
        h = c.hours[0]
        # "shortly after 11:00" is the half hour after it, as "about" is the half hour either side
        hours = {"at": (h, h + 1 / 60), "about": (h - 0.5, h + 0.5), "after": (h, 24.0),
                 "before": (0.0, h), "soon_after": (h, h + 0.5), "soon_before": (h - 0.5, h),
                 "hour": (h, h + 1)}[c.relation or "at"]
    if stated_zone and stated_zone.startswith(OFFSET):
        stated_zone = _offset_zone(stated_zone, first)
    if stated_zone == UNKNOWN_ZONE:
        zone_text = next(e.text for e in group if e.kind == "zone" and e.zone != "local")
        notes.append(f"the time's zone {zone_text!r} was not read as one UTC offset: left unresolved")
        return Resolved(None, notes)
    if stated_zone and stated_zone.startswith(ABBREVIATION):
        zones = _abbreviation_zones(stated_zone[len(ABBREVIATION):], zones, first, notes)
    elif stated_zone:
        zones = [stated_zone]
    if not zones:
        notes.append("place unknown: the local day is widened to every time zone")
    try:
        local = (dt.datetime.combine(first, dt.time(0)) + dt.timedelta(hours=hours[0]),
                 dt.datetime.combine(last, dt.time(0)) + dt.timedelta(hours=hours[1]))
    except OverflowError:
        local = None
    window = localise(local, zones) if local else None
    if window is None:  # year 1 or 9999 pushed past the calendar by a zone offset
        notes.append(f"{group[0].text!r} lies at the edge of the calendar: left unresolved")
        return Resolved(None, notes)
    return Resolved(window, notes, (first, last), local, widened=not zones, borrowed=borrowed,
                    spread_h=offset_spread(local[0], zones) if local else 0.0)


ABBREVIATION = "abbr:"  # a TimeExpr zone that is a tzdata abbreviation, resolved on the event's day
# a zone abbreviation right after a clock time ("14:05 CEST", "3 p.m. EDT", "о 06:10 за IST")
_ABBREVIATION = re.compile(r"(?:\d|(?<=[\d\s])[ap]\.?m\.?)\s*(?:\(|(?:за|по|in)\s+)?(?P<abbr>[A-Z]{3,5})(?![\w])")
_ABBREVIATION_YEARS = range(2015, 2028)


@functools.cache
def _abbreviations() -> dict[str, frozenset[str]]:
    """tzdata's alphabetic abbreviations ("CEST", "WIB", "IST") → the zones that used them in
    January or July of the years claims fall in. From the zone database itself, not a hand list."""
    from zoneinfo import available_timezones

    out: dict[str, set[str]] = {}
    for name in sorted(available_timezones()):
        if not name[:1].isupper() or name.startswith(("Etc/", "SystemV/")):
            continue
        tz = ZoneInfo(name)
        for year in _ABBREVIATION_YEARS:
            for month in (1, 7):
                abbr = dt.datetime(year, month, 15, 12, tzinfo=tz).tzname() or ""
                if abbr.isalpha() and abbr.isupper():
                    out.setdefault(abbr, set()).add(name)
    return {k: frozenset(v) for k, v in out.items()}


def is_zone_abbreviation(word: str) -> bool:
    """Is `word` (as written: "CET", "MSK") an abbreviation tzdata uses for some zone?"""
    return word in _abbreviations()


def _abbreviation_zones(abbr: str, place_zones: list[str], day: dt.date, notes: list[str]) -> list[str]:
    """The zones a stated abbreviation means on `day`: the place's own when it is at an offset the
    abbreviation has that day ("IST" in Delhi, or in Colombo), else every zone using it that day ("IST": India, Ireland and Israel, so the
    interval covers all three), else every zone that ever used it (a "CEST" written in winter)."""
    noon = dt.datetime.combine(day, dt.time(12))
    users = sorted(_abbreviations().get(abbr, ()))
    that_day = [z for z in users if noon.replace(tzinfo=ZoneInfo(z)).tzname() == abbr]
    offsets = {noon.replace(tzinfo=ZoneInfo(z)).utcoffset() for z in that_day or users}
    # the place's own zone when it is at one of those offsets ("11:40 IST" in Colombo, also UTC+5:30)
    if place_zones and all(noon.replace(tzinfo=ZoneInfo(z)).utcoffset() in offsets for z in place_zones):
        return place_zones
    if len(offsets) > 1:
        notes.append(f"{abbr!r} is used by zones at {len(offsets)} different offsets that day: the time covers them all")
    return that_day or users


def offset_spread(local: dt.datetime, zones: list[str]) -> float:
    """Hours between the largest and smallest UTC offset of `zones` at this local time (no zone:
    UTC+14 to UTC−12, 26 h). A window read in all of them is that much wider than the text's."""
    tzs = [ZoneInfo(z) for z in zones] if zones else list(WIDEST)
    try:
        offsets = [local.replace(tzinfo=tz).utcoffset() or dt.timedelta(0) for tz in tzs]
    except OverflowError:
        return 0.0
    return (max(offsets) - min(offsets)).total_seconds() / 3600


def localise(local: tuple[dt.datetime, dt.datetime], zones: list[str]) -> TimeWindow | None:
    """Naive local bounds → the UTC interval covering them in every one of `zones`
    (no zone: from UTC+14 to UTC−12); None past the edge of the calendar."""
    tzs = [ZoneInfo(z) for z in zones] if zones else list(WIDEST)
    try:
        return TimeWindow(min(local[0].replace(tzinfo=tz).astimezone(UTC) for tz in tzs),
                          max(local[1].replace(tzinfo=tz).astimezone(UTC) for tz in tzs))
    except OverflowError:
        return None


def _days(e: TimeExpr, published: dt.date | None, notes: list[str]) -> tuple[dt.date, dt.date] | None:
    """The local calendar days an expression names (inclusive), or None with a note."""
    if e.kind in ("date", "month"):
        year = e.year
        if year is None:
            if published is None:
                notes.append(f"no publication date: year of {e.text!r} left unresolved")
                return None
            year = published.year
            first_day = (e.month, (e.days or (1, 1))[0])
            # the latest such date not after publication — or the day after it: the place's calendar may be
            # a day ahead of the publisher's ("01:12 local time on 20 June" in Hanoi, published 19 June in Kyiv)
            ahead = published + dt.timedelta(days=1)
            if ahead.year > year and first_day == (ahead.month, ahead.day):
                year = ahead.year
            elif first_day > (published.month, published.day) and first_day != (ahead.month, ahead.day):
                year -= 1  # a past event named without a year
        d0, d1 = e.days or (1, 31)
        try:
            last_day = calendar.monthrange(year, e.month)[1]
            first, last = dt.date(year, e.month, d0), dt.date(year, e.month, min(d1, last_day))
        except (ValueError, calendar.IllegalMonthError):
            first = last = None
        if first is None or first > last or (e.days and d1 > last_day):
            notes.append(f"{e.text!r} is not a calendar date: left unresolved")
            return None
        return first, last
    if published is None:
        notes.append(f"no publication date: {e.kind} {e.text!r} left unresolved")
        return None
    if e.kind == "weekday":
        back = (published.weekday() - e.weekday) % 7
        day = published - dt.timedelta(days=back)
        return day, day
    if e.kind == "relday":
        day = published + dt.timedelta(days=e.offset)
        return day, day
    if e.period in ("this_week", "last_week"):
        monday = published - dt.timedelta(days=published.weekday())
        if e.period == "this_week":
            return monday, published
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if e.period in ("this_month", "last_month"):
        first = published.replace(day=1)
        if e.period == "last_month":
            first = (first - dt.timedelta(days=1)).replace(day=1)
        last_day = calendar.monthrange(first.year, first.month)[1]
        d0, d1 = e.days or (1, last_day)
        start, end = first.replace(day=d0), first.replace(day=min(d1, last_day))
        if e.period == "this_month":
            end = min(end, published)
            if start > end:
                notes.append(f"{e.text!r} lies after the publication date")
                return None
        return start, end
    return None
