"""Articles → flight claims: exactly what each sentence says about a flight, no more.

Pipeline per sentence (top-down):
  cut clauses about other events → is it about one flight (flight noun or aircraft
  identity, a flight event, not a plan, not another kind of travel, not a summary of
  several flights)? → identity → places by preposition and case → time expressions
  attached to the nearest event → attribution and hedges. Then claims of one article
  that speak of the same trip are linked.
"""
from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Sequence

from tracker.claims import identity, places, timeexpr
from tracker.claims.articles import BYLINE_ZONE_CHARS, Sentence, sentences
from tracker.claims.lang import SOURCES, LanguageData, event_role, get
from tracker.claims.lang import qualifiers as qualifier_words
from tracker.claims.morph import Token, tokens
from tracker.model import Article, Claim, Place, TimeWindow

CLAIM_TRIP_GAP = dt.timedelta(days=7)  # claims whose times lie further apart are different trips


@dataclass
class Event:
    start: int
    end: int
    role: str  # depart | arrive | fly | return | stay
    future: bool = False
    air: bool = False  # the verb itself says it flew ("вилетів", "landed")


@dataclass
class Mention:
    """A place named in a sentence, with what its preposition and case make of it."""

    start: int
    end: int
    place: Place
    role: str  # from | to | at
    note: str | None = None


@dataclass
class Context:
    """What earlier sentences of the article fixed: the local days last named, so that
    "вечером того же дня" in the next sentence means that day."""

    anchor: tuple[dt.date, dt.date] | None = None
    look_back_day: tuple[dt.date, dt.date] | None = None  # the day a look-back sentence just named, if another
    look_back_age: int = 0  # sentences since then
    named_day: tuple[dt.date, dt.date] | None = None  # one day a sentence with no claim named since then
    # a sentence with no claim named a day after `anchor` since then, anywhere in it ("The most unusual
    # entry concerns Tuesday, November 5."): "that afternoon" may count from either
    day_since: bool = False
    named_weekdays: dict[int, dt.date] = field(default_factory=dict)  # weekday → the last such day named
    moment: TimeWindow | None = None  # the last time stated (UTC), for "two hours later"
    previous_claim: bool = False  # the sentence before gave a claim ("It" may point to its aircraft)
    any_claim: bool = False  # an earlier sentence gave a claim ("It left Tbilisi at 09:05" after a quote)
    # times read with no place at all (every zone on Earth): claim id → field → naive local bounds
    placeless: dict[str, dict[str, tuple[dt.datetime, dt.datetime]]] = field(default_factory=dict)
    pending: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)
    # times read in the zones of a place that named airports in several (claim id → field → naive local
    # bounds), read again once the article's other places narrow that place to one country
    spread_local: dict[str, dict[str, tuple[dt.datetime, dt.datetime]]] = field(default_factory=dict)
    pending_spread: dict[str, tuple[dt.datetime, dt.datetime]] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)  # places resolved so far, for a shorter later mention


# --------------------------------------------------------------------------- public

def extract(article: Article) -> list[Claim]:
    """Every flight claim in the article, in text order, linked into trips."""
    lang = get(article.language)
    sents = sentences(article)
    lead = lead_sources(sents, lang)
    claims: list[Claim] = []
    context = Context()
    headlines = _headlines(article)
    for sent in sents:
        if sent.text.strip() in headlines:
            continue  # the headline restates the body; its claims are read there
        context.look_back_age += 1
        claim = _claim(article, sent, lang, lead, len(claims) + 1, context)
        if claim is None:
            _day_named(sent, lang, article.published, context)
        context.previous_claim = claim is not None
        context.any_claim = context.any_claim or claim is not None
        for one in _per_aircraft(claim, sent.text, lang, len(claims) + 1) if claim is not None else ():
            one.derived, one.zone_spread_h = list(one.derived), dict(one.zone_spread_h)  # copies share none
            claims.append(one)
            if context.pending:
                context.placeless[one.id] = context.pending
            if context.pending_spread:
                context.spread_local[one.id] = context.pending_spread
        context.pending, context.pending_spread = {}, {}
    for one in claims:
        if one.callsign and not _written(one.callsign, one.quote):
            one.derived.append("callsign")
    link_trips(article.id, claims)
    _places_in_context(claims, context.spread_local)
    zone_from_trip(claims, context.placeless)
    return claims


SCENE_DAY_CHARS = 12  # a day named this near a sentence's start opens it ("On Friday …", "Ще в неділю …")
SCENE_HEAD_CHARS = 60  # how much of a longer sentence is read first for such a day
_DAY_KINDS = frozenset({"date", "month", "weekday", "relday", "period", "sameday"})


def _day_named(sent: Sentence, lang: LanguageData, published: dt.date | None, context: Context) -> None:
    """A sentence with no claim that opens with one day ("On Friday the delegation met …") or is
    nothing but a day (a live blog's "18 червня, 17:20") is the day a clock time alone after it is read on (not the day
    "the same day" counts from: that stays the last claim's); before the story has any day, so is the first
    day named anywhere in such a sentence, unless it bounds something ("closed until Tuesday"). Plans,
    questions, look-backs and sentences naming several days leave it as it was, and so does the header's
    byline (its day is the publication's, not an event's)."""
    text = sent.text
    low = timeexpr.fold_case(text)
    exprs = [e for e in timeexpr.find(text, lang) if e.kind not in ("duration", "zone")]
    planned = any(re.search(p, low) for p in lang.plan_markers)
    if not planned:  # "the next hearing is scheduled for January 14": no day of the story
        _note_days(text, exprs, published, context)
    # before any claim or sentence has given the story a day, the first one named anywhere sets it
    # ("Members … spent Monday afternoon at the edge of the airfield." then "… lifted off at 3:20 p.m.")
    first = context.anchor is None and context.named_day is None
    if not first and len(text) > SCENE_HEAD_CHARS and not any(  # most sentences: no day at their start
            e.kind in _DAY_KINDS and e.start <= SCENE_DAY_CHARS for e in timeexpr.find(text[:SCENE_HEAD_CHARS], lang)):
        return
    if text.rstrip(" \"'»”’)").endswith("?") or planned or any(re.search(p, low) for p in lang.flashback_markers):
        return
    groups = [g for g in timeexpr.groups(exprs, text) if any(e.kind in _DAY_KINDS for e in g)]
    # later, the day sets the scene only where the sentence opens with it, or is nothing else (a live
    # blog's stamp): "Roads are closed until Tuesday" names a day that is no one's movement
    rest = text
    for e in exprs:
        rest = rest.replace(e.text, " ")
    if not groups or (not first and groups[0][0].start > SCENE_DAY_CHARS and re.search(r"\w", rest)):
        return
    if first and any(re.search(lang.day_bound_before, timeexpr.fold_case(text[:g[0].start])) for g in groups):
        return  # "roads are closed until Tuesday", "работают в Турции с понедельника": a bound, not the story's day
    days = {timeexpr.resolve(group, published, [], context.anchor).days for group in groups}
    if len(days) == 1 and (day := days.pop()) is not None and day[0] == day[1]:
        if not (sent.start < BYLINE_ZONE_CHARS and day[0] == published):
            context.named_day = day


def _note_days(text: str, exprs: list[timeexpr.TimeExpr], published: dt.date | None, context: Context) -> None:
    """A sentence with no claim: remember the single days it names by weekday ("that Saturday" later), and
    mark `context.day_since` when one lies after the anchor (the story moved on without a claim, or a
    background day read in the publication's week: either way what "that evening" counts from is open)."""
    if not any(e.kind in ("date", "weekday") for e in exprs):
        return
    for group in timeexpr.groups(exprs, text):
        if any(e.kind in ("date", "weekday") for e in group):
            day = timeexpr.resolve(group, published, [], context.anchor).days
            if day is None or day[0] != day[1]:
                continue
            context.named_weekdays[day[0].weekday()] = day[0]
            _moved_on(day, context)


def _moved_on(days: tuple[dt.date, dt.date] | None, context: Context) -> None:
    """A day after the anchor named where no claim reads it: "the same day" after it may count from either."""
    if days is not None and context.anchor is not None and days[0] > context.anchor[1]:
        context.day_since = True


def _places_in_context(claims: list[Claim], spread_local: dict[str, dict[str, tuple[dt.datetime, dt.datetime]]]) -> None:
    """Names of several countries read as the one the article's other places are in (places.by_context),
    and the times read in all their zones read again in that country's ("в аэропорту Гранады в 01:50":
    Spain's 01:50, once Granada, Nicaragua is ruled out)."""
    countries = {p.country for c in claims for p in (c.origin, c.destination) if p is not None and p.country and not p.weak}
    for c in claims:
        for name in ("origin", "destination"):
            before = getattr(c, name)
            after = places.by_context(before, countries)
            if after is not before and after is not None:
                setattr(c, name, after)
                c.notes.append(f"place {after.text!r} names airports in several countries: read as {after.country}, "
                               "where the article's other places are (a weak match)")
                for field_name in ("departure",) if name == "origin" else ("arrival", "movement"):
                    local = spread_local.get(c.id, {}).get(field_name)
                    if local is not None:
                        _read_in_zones(c, field_name, local, places.zones(after))


def _without_locators(mentions: list[Mention], toks: list[Token], lang: LanguageData, text: str) -> list[Mention]:
    """A place right after another, joined by "in" ("Ramstein in Germany", "авіабаза Трентон в Онтаріо",
    "Біггс у Форт-Блісс"), that holds it (its country, or all its airports) says where the first one
    is: it is no second place of the movement."""
    out: list[Mention] = []
    for m in mentions:
        prev = out[-1] if out else None
        if prev is None or prev.place is None or m.place is None:
            out.append(m)
            continue
        between = [t for t in toks if prev.end <= t.start and t.end <= m.start]
        head = next((t for t in toks if t.start == m.start), None)
        noun_before = any(t.lemma in lang.airport_nouns for t in toks if t.end <= prev.start and prev.start - t.end <= 2)
        noun_after = any(t.lemma in lang.airport_nouns for t in between)
        if (m.place.airports
                and (not prev.place.airports or ((noun_before or noun_after) and prev.place.country and m.place.country
                                                 and prev.place.country != m.place.country))):
            # "Hmeimim air base in Syria" (a name no table knows), "авіабаза Палам у Делі" (a namesake abroad):
            # the place is where the text puts it, weakly
            if (m.role == "at" and _locator_gap(prev, m, toks, text, lang)
                    and head is not None and (not lang.morphology or _locative(head))):
                out[-1] = Mention(prev.start, prev.end, Place(prev.place.text, m.place.airports, m.place.country,
                                                              match="partial", score=0.5), prev.role,
                                  f"place {prev.place.text!r} read weakly as in {m.place.text!r}, where the text puts it")
                continue
        if (prev.place.airports
                and prev.place.country is None and m.role == "at" and set(prev.place.airports) & set(m.place.airports)
                and _locator_gap(prev, m, toks, text, lang)):
            # "Lajes in the Azores": a name of several countries, narrowed to the ones the text puts it in
            inside = sorted(set(prev.place.airports) & set(m.place.airports))
            out[-1] = Mention(prev.start, prev.end, Place(prev.place.text, inside, places.airport_country(inside[0])
                                                          if len({places.airport_country(c) for c in inside}) == 1 else None,
                                                          match="partial", score=0.6), prev.role,
                              f"place {prev.place.text!r} read as the one in {m.place.text!r}")
            continue
        if prev.place.airports:
            contains = set(prev.place.airports) <= set(m.place.airports)  # a flight from X to X is none
            wide = m.place.match in ("country", "region") and prev.place.country in (
                {m.place.country} if m.place.country else {places.airport_country(c) for c in m.place.airports})
            # "Dover Air Force Base in Delaware" (a city of that name too, in the same country): where it is
            same_country = m.role == "at" and prev.place.country is not None and prev.place.country == m.place.country
            if same_country and lang.morphology:  # "из Внукова в Сочи": an indeclinable name may be whither
                same_country = head is not None and _locative(head)
            holds = contains or wide or same_country
            where = contains or (m.role == "at" and head is not None
                                 and (not lang.morphology or any("loc" in tag for tag in head.tags)))
            if (len(between) == 1 and between[0].lemma in lang.prep_at and holds and where
                    and not re.search(r"[,;]", text[prev.end:m.start])):
                continue  # "в Онтаріо" (where), not "в Варшаву" (whither)
            # "У Пекіні, в аеропорту Шоуду, літак приземлився": the city, then which of its airports
            if (text[prev.end:m.start].lstrip().startswith(",") and len(between) <= 3
                    and noun_after and prev.role == m.role
                    and (not m.place.airports or set(m.place.airports) <= set(prev.place.airports))):
                out[-1] = Mention(prev.start, m.end, Place(m.place.text, m.place.airports or prev.place.airports,
                                                           prev.place.country, match=prev.place.match if not m.place.airports
                                                           else m.place.match, score=prev.place.score),
                                  m.role, m.note if m.place.airports else
                                  f"place {m.place.text!r}: one of the airports of {prev.place.text!r}")
                continue
        out.append(m)
    return out


def _locative(tok: Token) -> bool:
    """A name read as a noun in the locative and never in the accusative: "в Онтаріо" says where,
    "в Сочи" (either case) may say whither."""
    nouns = [tag for tag in tok.tags if not tag.startswith("ADJF")]
    return any("loc" in tag for tag in nouns) and not any("accs" in tag for tag in nouns)


def _locator_gap(prev: Mention, m: Mention, toks: list[Token], text: str, lang: LanguageData) -> bool:
    """Between a place and the place that says where it is: one locative preposition, with only words
    that say airport or a compass direction besides ("Moron Air Base in southern Spain", "в Сирії")."""
    between = [t for t in toks if prev.end <= t.start and t.end <= m.start]
    if not between or re.search(r"[,;]", text[prev.end:m.start]) or len(between) > 4:
        return False
    preps = [t for t in between if t.lemma in lang.prep_at]
    rest = " ".join(t.lemma for t in between if t.lemma not in lang.prep_at)
    rest = re.sub(lang.direction_words, " ", places.AIRPORT_WORDS.sub(" ", places.name_key(rest)))
    return len(preps) == 1 and not rest.strip()


def _written(code: str, text: str) -> bool:
    """Whether the code stands in the text as written (spaces, dashes and Cyrillic look-alikes
    aside): "RSD 100" writes RSD100; "TK1745" does not write THY1745."""
    flat = re.sub(r"[\s\-\u00a0]", "", "".join(identity.LOOKALIKE.get(ch, ch) for ch in text.upper()))
    return code.upper() in flat


_AND = re.compile(r"^\s*(?:,|—|–)?\s*(?:and|&|и|й|і|та|а также)\s+(?:[\w'-]+\s+){0,3}$|^\s*,\s*(?:an?\s+)?$",
                  re.IGNORECASE)  # "Ил-62М и Ан-124", "an A320 and a British Airways A321", "C-17, C-130"
MAX_AIRCRAFT_PER_SENTENCE = 4  # "два", "three", "both": a count beyond this is a fleet, not claims to split


def _per_aircraft(claim: Claim, text: str, lang: LanguageData, n: int) -> list[Claim]:
    """Two aircraft in one sentence are two claims with the same quote: "RA-96012 (callsign
    RSD 100) and RA-96017 (RSD 200)" pairs registrations and callsigns in order; "Ил-62М и
    Ан-124" gives each its type; "Два … Ту-160", "both C-17s" gives as many claims of one type."""
    main, _ = main_clause(text, lang)
    types, regs, calls = _identities(main, lang)
    count = max(len({r.value for r in regs}), len({c.value for c in calls}))
    if count < 2:
        return _per_type(claim, main, types, lang, n)
    regs = list({r.value: r for r in regs}.values())
    calls = list({c.value: c for c in calls}.values())
    levels = _types_per_aircraft(main, types, regs, calls, count, (claim.type_family, claim.aircraft_type))
    out = []
    for k in range(count):
        one = dataclasses.replace(claim, id=f"{claim.article}#{n + k}", notes=list(claim.notes),
                                  registration=regs[k].value if k < len(regs) else None,
                                  callsign=calls[k].value if k < len(calls) else None,
                                  type_family=levels[k][0], aircraft_type=levels[k][1])
        if count != len(regs) or count != len(calls):
            one.notes.append("several aircraft in one sentence: registrations and callsigns paired in order")
        out.append(one)
    return out


def _types_per_aircraft(main: str, types: list, regs: list, calls: list, count: int,
                        whole: tuple[str | None, str | None]) -> list[tuple[str | None, str | None]]:
    """Each aircraft of a split sentence keeps the type written for it: one named before every
    aircraft ("Two Il-76TD, RA-76429 and RA-76840") is all of theirs; one named between two
    ("RCH829, and a KC-135R tanker flying as PACK22") is the next one's only, and an aircraft
    whose type is not written gets none (not its neighbour's)."""
    anchors: list[int] = []
    for k in range(count):
        marks = [f.start for f in (regs[k] if k < len(regs) else None, calls[k] if k < len(calls) else None) if f]
        if not marks:
            return [whole] * count  # the aircraft cannot be told apart by position: as before
        anchors.append(min(marks))
    if anchors != sorted(anchors):
        return [whole] * count
    segments = [[t for t in types if (k == 0 or anchors[k - 1] < t.start) and t.start < anchors[k]]
                for k in range(count)]
    if segments[0] and not any(segments[1:]):
        return [whole] * count  # one type for all, named first
    return [_type_level(main, seg) if seg else (None, None) for seg in segments]


def _identities(main: str, lang: LanguageData) -> tuple[list, list, list]:
    """The types, registrations (tail numbers after their cue included) and callsigns a clause
    names: one reading for the claim and for its split into one claim per aircraft."""
    types, regs, calls = _identities_of(main, lang.code)
    return list(types), list(regs), list(calls)


@functools.lru_cache(maxsize=256)
def _identities_of(main: str, code: str) -> tuple[tuple, tuple, tuple]:
    lang = get(code)
    types = identity.aircraft_types(main)
    regs = identity.registrations(main)
    regs = sorted(regs + identity.cued_serials(main, lang.serial_cue, regs), key=lambda f: f.start)
    calls = identity.callsigns(main, exclude=types + regs, cue=lang.callsign_cue, flight_cue=lang.flight_number_cue)
    return tuple(types), tuple(regs), tuple(calls)


@functools.lru_cache(maxsize=256)
def _identity_spans(main: str, code: str) -> tuple[tuple[int, int], ...]:
    """Where the clause names an aircraft (type, family, registration, callsign)."""
    types, regs, calls = _identities_of(main, code)
    return tuple((f.start, f.end) for f in (*types, *regs, *calls, *identity.family_mentions(main)))


def _names_aircraft(toks: list[Token], k: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether token k lies inside an aircraft's name (`_identity_spans`): "Boeing" in "на Boeing 737"."""
    return k < len(toks) and any(a <= toks[k].start < b for a, b in spans)


def _per_type(claim: Claim, main: str, types: list, lang: LanguageData, n: int) -> list[Claim]:
    """Aircraft told apart only by type: two types joined by "and" ("an Il-62M and an An-124"),
    or a count before one type ("Два стратегічні бомбардувальники Ту-160", "two C-17s"). Each
    is a claim of its own with the sentence's route and times; a type named twice (a variant,
    then its family) is one aircraft."""
    named = types + identity.family_mentions(main)
    named.sort(key=lambda f: f.start)
    joined = [named[0]] if named else []
    for f in named[1:]:
        either_family = joined[-1] not in types or f not in types
        if _AND.match(main[joined[-1].end:f.start]) and joined[-1].value != f.value and not (
                either_family and _same_type(joined[-1].value, f.value)):  # "a 747-8 and a 747SP": two
            joined.append(f)
    if len(joined) >= 2:
        levels = [_type_level(main, [f]) if f in types else (f.value, None) for f in joined]
        note = f"{len(joined)} aircraft of different types in one sentence: one claim each"
    else:
        copies = _count_before(main, named[0].start, lang) if named else 0
        if not 2 <= copies <= MAX_AIRCRAFT_PER_SENTENCE:
            return [claim]
        levels = [(claim.type_family, claim.aircraft_type)] * copies
        note = f"{copies} aircraft of one type in one sentence: one claim each"
    return [dataclasses.replace(claim, id=f"{claim.article}#{n + k}", notes=[*claim.notes, note],
                                type_family=family, aircraft_type=exact)
            for k, (family, exact) in enumerate(levels)]


def _count_before(text: str, at: int, lang: LanguageData) -> int:
    """A count word that opens the aircraft's phrase ("два стратегічні бомбардувальники Ту-160",
    "both Japanese 777s", "two C-17s"): within three words before `at`, with no punctuation
    between, not a duration ("двох діб, A340") and not "one of the two"."""
    window = text[max(0, at - 60):at]
    words = list(re.finditer(r"[\w'-]+", window))[-4:]
    for k in range(len(words) - 1, -1, -1):
        w = words[k].group().lower()
        if lang.number_words.get(w, 0) < 2:
            continue
        rest = window[words[k].end():]
        after = words[k + 1].group().lower() if k + 1 < len(words) else ""
        before = " ".join(x.group().lower() for x in words[max(0, k - 2):k])
        if re.search(r"[,.;:()—–]", rest) or after in lang.duration_units or after in lang.compound_units:
            return 0
        if re.search(r"(?:^|\s)(?:of|of the|из|із|з|зі|со|с)$", before) or re.match(r"[\w'-]+\s+(?:of|из|з|із)\b", rest.strip()):
            return 0  # "one of the two VC-25A jets", "один из двух Ил-96": one aircraft
        return min(int(lang.number_words[w]), MAX_AIRCRAFT_PER_SENTENCE + 1)
    return 0


HEADER_LINES = 6  # the page's header (breadcrumb, site name, kicker, title, byline) is at most this many lines


def _headlines(article: Article) -> set[str]:
    """The header's lines: those above the first line that ends a sentence, none ending one
    themselves ("Головна / Світ / Білорусь", a site's name, "FACT CHECK", the title, the byline).
    The title restates the body, and the rest names no flight."""
    out: set[str] = set()
    lines = [ln.strip() for ln in article.text.lstrip()[:1500].split("\n") if ln.strip()]
    for line in lines[:HEADER_LINES]:
        if line.endswith((".", "!", "?", "…", "»", '"')):
            break
        out.add(line)
    return out


def lead_sources(sents: list[Sentence], lang: LanguageData) -> list[str]:
    """Sources named by "Про це пише X" / "Об этом сообщает X": they cover the whole article."""
    found: list[str] = []
    for sent in sents:
        for pattern in lang.lead_attribution:
            m = re.search(pattern, sent.text.strip(), flags=re.IGNORECASE)
            if m:
                name = m.group("src").strip()
                canon = sources_in(name) or [name]
                found.extend(s for s in canon if s not in found)
    return found


def sources_in(text: str) -> list[str]:
    """Known outlets and trackers named in `text`, in the order of the SOURCES table."""
    hits = {_SOURCE_OF[m.group(1)] for m in _sources_pattern().finditer(timeexpr.fold_case(text))}
    return [name for name in SOURCES if name in hits]


def named_sources(text: str, lang: LanguageData) -> list[str]:
    """Sources the table does not know, named by an attribution phrase ("according to TRT",
    "за даними OCCRP"); a known outlet is given its canonical name."""
    out: list[str] = []
    for pattern in lang.attribution_patterns:
        for m in re.finditer(pattern, text):
            name = m.group("src").strip(" .,-")
            canon = sources_in(name)
            first = timeexpr.fold_case(name.split()[0]) if name.split() else ""
            dated = first in lang.weekdays or first in lang.months  # "issued on Tuesday said": a date, no source
            out.extend(canon or ([name] if len(name) >= 2 and name.lower() not in lang.not_places and not dated else []))
    return list(dict.fromkeys(out))


_SOURCE_OF = {alias: name for name, aliases in SOURCES.items() for alias in aliases}


@functools.cache
def _sources_pattern() -> re.Pattern:
    alts = "|".join(re.escape(a) for a in sorted(_SOURCE_OF, key=len, reverse=True))
    return re.compile(rf"(?<![\w])({alts})(?![\w])")


# --------------------------------------------------------------------------- one sentence

def _claim(article: Article, sent: Sentence, lang: LanguageData, lead: list[str], n: int,
           context: Context) -> Claim | None:
    if sent.text.rstrip(" \"'»”’)").endswith("?"):
        return None  # "Did Tinubu secretly fly to London on Sunday?": a question asserts nothing
    main, cut_note = main_clause(sent.text, lang)
    low_main = timeexpr.fold_case(main)
    toks = tokens(main, lang)
    all_toks = toks if main == sent.text else tokens(sent.text, lang)

    types, regs, calls = _identities(main, lang)
    nouns = [t for t in toks if t.lemma in lang.flight_nouns or t.lemma in lang.plural_flight_nouns]
    events = find_events(main, toks, lang)
    # An aircraft named, or a verb that itself says it flew ("делегація вилетіла"), or "It"
    # right after a claim ("It left Pyongyang…"); missiles and drones fly but are no flight.
    air_only = (any(e.air for e in events) or (any(e.role in ("arrive", "depart") for e in events) and any(
        t.lemma in lang.airport_nouns for t in toks))) and not any(t.lemma in lang.projectiles for t in toks)
    # "сел на аэродроме Чкаловский": a landing at an airfield is a flight
    pronoun = (any(t.lemma in lang.anaphora for t in toks[:3]) or _pronoun_after_lead(main, toks, lang)
               or _pronoun_before_verb(toks, events, lang)) and (
        context.previous_claim or (context.any_claim and any(e.air or e.role in ("depart", "arrive", "return")
                                                             for e in events)))
    families = identity.family_mentions(main)  # "The A340 had left Berlin Tegel": an aircraft, by family
    if not (nouns or types or regs or calls or families or air_only or pronoun):
        return None
    if nouns and not (types or regs or calls or pronoun) and all(_plural(t, toks, lang) for t in nouns):
        # "two flights in two months": a summary of several flights, not one claim; "два винищувачі
        # злетіли": other aircraft than the story's ("It spent three hours at Benina, a stop Russian
        # transports use" is the story's)
        return None
    if any(t.lemma in lang.non_flight for t in all_toks) and not (types or regs or calls):
        return None  # armoured train, car, ship: travel, but not a flight ("C-17s carrying the motorcade" are)
    if all(e.future for e in events) or (any(re.search(p, low_main) for p in lang.plan_markers)
                                         and not _negated(toks, events, lang)):
        return None  # plans and expectations are not claims that something flew ("did not fly back as planned" is)

    mentions = _without_denied(_without_locators(find_places(toks, lang, events, main), toks, lang, main),
                               low_main, qualifier_words.get(lang.code))
    for m in mentions:
        _recall_place(m, context.places)
    context.places.extend(m.place for m in mentions if m.place is not None and m.place.airports)
    for m in mentions:
        if any(t.lemma in lang.refuel_nouns for t in _tokens_before(toks, m.start, 3)):
            m.role = "from"  # "after a refuelling stop in Anchorage, it landed in Shanghai": the next leg starts there
    before_spans = _before_adjuncts(mentions, toks, events, lang, main)
    for m in mentions:
        _narrow_to_code(m, main)
    notes = [cut_note] if cut_note else []
    notes += [m.note for m in mentions if m.note]
    notes += [f"future event {main[e.start:e.end]!r} is a plan: not read" for e in events if e.future]
    events_all, events = events, [e for e in events if not e.future]
    stay_evidence = any(e.role == "stay" for e in events) or any(
        t.lemma in lang.stay_nouns for t in toks) or any(re.search(p, low_main) for p in lang.ground_phrases)
    origin, destination, stay_place, stay_end = _route(mentions, events, toks, lang, main)
    dwell_at = None
    if stay_place is not None:
        moved_after = any(e.role in ("return", "depart", "fly") and e.start > stay_end
                          for e in events)
        if origin is None and (any(e.role in ("return", "depart") for e in events)
                               or (destination is not None and moved_after)):
            origin, dwell_at = stay_place, "origin"  # "простоял в Баку сутки и улетел в Астану"
        elif destination is None:
            destination, dwell_at = stay_place, "destination"

    borrowed: list[str] = []
    spread: dict[str, float] = {}
    departure, arrival, dwell, movement, dwell_pos = _times(main, lang, events_all, origin, destination,
                                                            stay_evidence, article.published, notes, context,
                                                            before_spans, borrowed, spread)
    if dwell_pos is not None and (any(a <= dwell_pos < b for a, b in before_spans)
                                  or _stay_before_move(dwell_pos, toks, events, lang, main)):
        # "After roughly four hours in Abu Dhabi, the jet flew on to Riyadh", "After a stay of about
        # eight hours, the jet left for Minneapolis": the stay is at the start of the leg, named or not
        dwell_at = "origin"
    q = qualifier_words.get(lang.code)
    type_family, aircraft_type = _type_level(main, types)
    if type_family is None and aircraft_type is None and families:
        type_family = families[0].value  # "турецкий A330", "a Boeing 767": only the family is named
    nationality, military = _aircraft_qualifiers(low_main, q)
    if nationality is None or military is None:  # the state and its forces, for any country
        nation, forces = _aircraft_state(main, toks, types + families, lang, q)
        nationality, military = nationality or nation, military or forces
    claim = Claim(
        id=f"{article.id}#{n}", article=article.id, span=(sent.start, sent.end), quote=sent.text,
        language=article.language, kind=_kind(events),
        callsign=calls[0].value if calls else None,
        registration=regs[0].value if regs else None,
        aircraft_type=aircraft_type, type_family=type_family, nationality=nationality, military=military,
        other_aircraft=_other_aircraft(low_main, q, types + families, toks) or (
            context.any_claim and not calls and not regs and _introduced(low_main, q, types + families)),
        negated=any(re.search(rf"(?<!\w)(?:{q.negation})\s+(?:[\w'-]+\s+)?$", low_main[max(0, e.start - 30):e.start])
                    for e in events) or _negated(toks, events, lang),
        origin=_bare(origin, lang), destination=_bare(destination, lang), departure=departure, arrival=arrival,
        dwell_hours=dwell,
        movement=movement,
        attributed_to=list(dict.fromkeys(sources_in(sent.text) + named_sources(sent.text, lang) + lead)),
        hedged=any(re.search(p, low_main) for p in lang.hedges),
        notes=notes, dwell_at=dwell_at if dwell else None, derived=borrowed, zone_spread_h=spread,
    )
    claim.unread = unread_words(main, lang, q, notes)
    checkable = (claim.callsign, claim.registration, claim.origin, claim.destination, claim.departure,
                 claim.arrival, claim.dwell_hours, claim.movement)
    if not any(x is not None for x in checkable):
        return None  # a flight is mentioned but nothing about it can be checked
    return claim


# --------------------------------------------------------------------------- qualifiers (verdict safety)

_FAMILY_WORDS = r"[-\s]?(?:family|сімейства|семейства|родини|семейство)"
_BOEING_FAMILY = re.compile(r"^(?:(?:boeing|боинг|боїнг)\s*)?7[0-9]7$", re.IGNORECASE)


def _type_level(text: str, types: list) -> tuple[str | None, str | None]:
    """(type_family, aircraft_type): a type named only at family level ("a Boeing 737",
    "an Airbus A320-family jet") is a family, checked against every variant; a variant
    ("737-800", "Il-62M") is an exact designator."""
    if not types:
        return None, None
    found = types[0]
    written = text[found.start:found.end].strip()
    after = text[found.end:found.end + 16].lower()
    if _BOEING_FAMILY.match(written) or re.match(_FAMILY_WORDS, after):
        return identity.family(found.value) or found.value, None  # "Boeing 757" is the B757 family, not the B752
    if _bureau_base(written, found.value) or _military_base(written):
        return identity.family(found.value) or found.value, None
    return None, found.value


@functools.cache
def _military_base(written: str) -> bool:
    """"C-130", "Hercules": a military designation written without its series letter, when the
    type table holds a lettered series of it ("C-130J Super Hercules"), names the family."""
    m = re.fullmatch(r"([A-Z]{1,2})-?(\d{1,3})", written.strip())
    if not m:
        return False
    base = f"{m.group(1)}-{m.group(2)}"
    return any(re.match(rf"{base}[A-Z]\b", row["model"]) for row in identity.type_table().values())


_BUREAU = re.compile(r"^(?:il|an|tu|yak|su|ил|іл|ан|ту|як|су)[-‐‑–\s]?(\d{2,3})$", re.IGNORECASE)


def _bureau_base(written: str, designator: str) -> bool:
    """"Ил-76", "An-124": a design bureau's base model, written without a variant (Ил-76МД,
    Ан-124-100), names the family; "Ту-214" is a variant of the Tu-204 family, named exactly."""
    m = _BUREAU.match(written.strip())
    fam = identity.family(designator)
    if not m or not fam:
        return False
    row = identity.type_table().get(fam)
    base = re.match(r"^[A-Za-z]+-(\d+)", row["model"]) if row else None
    return base is not None and base.group(1) == m.group(1)


def _aircraft_phrase(low: str, q: qualifier_words.Qualifiers, before: str) -> re.Match | None:
    """`before` within three words ahead of an aircraft word: "a Russian military plane"."""
    return re.search(rf"(?<!\w)(?:{before}),?(?:\s+[\w'.-]+?){{0,3}}?[\s-]+(?:{q.aircraft_words})(?!\w)", low)


def _aircraft_qualifiers(low: str, q: qualifier_words.Qualifiers) -> tuple[str | None, bool | None]:
    """Nationality (ISO alpha-2) and military, said of the aircraft itself: an adjective right
    before an aircraft word, or "ВПС Росії" / "Russian Air Force" anywhere in the clause."""
    nationality, military = None, None
    for pattern, code in q.state_air_force.items():
        if re.search(rf"(?<!\w)(?:{pattern})(?!\w)", low):
            nationality, military = code, True
    if nationality is None:
        for pattern, code in q.nationalities.items():
            found = _aircraft_phrase(low, q, pattern)
            if found and not re.search(r"airlines|airways|авиакомпани|авіакомпані", found.group()):
                nationality = code
                break
    if military is None and (_aircraft_phrase(low, q, q.military)
                             or re.search(rf"(?:{q.aircraft_words})\s+(?:of the\s+)?(?:{q.military})(?!\w)", low)):
        military = True
    return nationality, military


_PUNCT_BETWEEN = re.compile(r"[,;:()\[\]«»\"“”—–]|\s-\s")


def _aircraft_state(main: str, toks: list[Token], types: list, lang: LanguageData,
                    q: qualifier_words.Qualifiers) -> tuple[str | None, bool | None]:
    """The state an aircraft belongs to, for any country the generated tables name, and whether
    its forces own it: a country adjective within three words before the aircraft ("норвезький
    урядовий Boeing", "A Russian government Il-96"), a chain of genitives after it ("Boeing 777
    Повітряних сил самооборони Японії", "самолёт президента Нигерии"), or in English a
    country's possessive or forces ("Nigeria's presidential Boeing 737", "A Kenya Air Force
    Fokker 70"). Words about people or places ("the Russian minister flew to Turkey") name
    no aircraft and set nothing; a comma or dash ends the phrase."""
    anchors = [i for i, t in enumerate(toks)
               if re.fullmatch(q.aircraft_words, timeexpr.fold_case(t.text))
               or any(f.start <= t.start < f.end for f in types)]
    if not anchors:
        return None, None

    def joined(a: int, b: int) -> bool:  # tokens a < b with no punctuation between them
        return not _PUNCT_BETWEEN.search(main[toks[a].end:toks[b].start])

    military = None
    for k in anchors:  # adjective before the aircraft
        for i in range(max(0, k - 3), k):
            t = toks[i]
            if not joined(i, k) or (lang.morphology and not t.has("ADJF")) or (
                    not lang.morphology and not t.text[:1].isupper()):
                continue
            if not lang.morphology and i + 1 < len(toks) and toks[i + 1].lemma in ("airlines", "airways", "air"):
                continue  # "a Turkish Airlines jet": an airline's, not the state's
            if any(not _modifier(toks[j], types, lang) for j in range(i + 1, k)):
                continue  # "в ірландському Шенноні літак": the adjective is the place's, not the aircraft's
            iso = _state_adjective(toks, i, lang, q)
            if iso:
                between = timeexpr.fold_case(main[t.end:toks[k].start])
                return iso, True if re.search(rf"(?<!\w)(?:{q.military})(?!\w)", between) else None
    for i, t in enumerate(toks):  # the forces of a country anywhere in the clause: "ВВС США", "Air Force of Chile"
        forces = re.match(rf"(?:{q.military})(?!\w)", timeexpr.fold_case(main[t.start:t.start + 40]))
        if not forces:
            continue
        j = next((n for n in range(i, len(toks)) if toks[n].start >= t.start + forces.end()), len(toks))
        if j < len(toks) and not lang.morphology and toks[j].lemma == "of":
            j += 1 + (j + 1 < len(toks) and toks[j + 1].lemma == "the")
        for width in (3, 2, 1):
            phrase = toks[j:j + width]
            if len(phrase) == width and all(joined(a, a + 1) for a in range(j - 1 if j > i else j, j + width - 1)):
                iso = _country_named(phrase, main, lang)
                if iso:
                    return iso, True
    if lang.morphology:
        for k in anchors:  # genitives after the aircraft: "самолёт президента Нигерии"
            j = k + 1
            while j < len(toks) and j <= k + 5 and joined(j - 1, j) and toks[j].has("gent"):
                if j not in anchors and not any(f.start <= toks[j].start < f.end for f in types):
                    for width in (3, 2, 1):
                        phrase = toks[j:j + width]
                        if len(phrase) < width or not all(joined(a, a + 1) for a in range(j, j + width - 1)):
                            continue
                        iso = _country_named(phrase, main, lang)
                        if iso:
                            between = timeexpr.fold_case(main[toks[k].end:toks[j].start])
                            forces = re.search(rf"(?<!\w)(?:{q.military})(?!\w)", between)
                            return iso, True if forces else military
                j += 1
        return None, None
    for m in re.finditer(r"((?:[A-Z][\w.]*\s){0,2}[A-Z][\w.]*)(?:'s|’s|\s+(Air Force|Navy|Army|Aerospace Forces))\b",
                         main):
        words = m.group(1).split()
        # "A Kenya Air Force": "Kenya", not "A Kenya"; "Qatar Emiri Air Force": Qatar before the adjective
        names = [" ".join(words[a:a + n]) for n in range(len(words), 0, -1) for a in range(len(words) - n + 1)]
        named = (_country_named(tokens(name.replace(".", ""), lang), name, lang) or places.demonyms().get(name.lower())
                 for name in names)
        iso = next((c for c in named if c), None) or country_of_adjective(words[-1].lower(), lang)
        if iso and (m.group(2) or any(0 <= toks[k].start - m.end() <= 40 and not _REPORTING.search(
                main[m.end():toks[k].start]) for k in anchors)):
            return iso, True if m.group(2) else None  # not "Armenia's committee said the jet …"
    return None, None


_REPORTING = re.compile(r"\b(?:said|says|say|told|tells|reported|reports|confirmed|denied|denies|stated|states|"
                        r"announced|showed|shows|claimed|claims|wrote|writes|insisted|added)\b")


def _modifier(t: Token, types: list, lang: LanguageData) -> bool:
    """A word that may stand between a country adjective and the aircraft: another adjective
    ("урядовий", "government") or part of the aircraft's type ("Boeing 737") — not a noun."""
    if any(f.start <= t.start < f.end for f in types):
        return True
    if lang.morphology:
        return t.has("ADJF", first_only=True) or t.has("PRTF", first_only=True)
    return not t.text[:1].isupper()


def _state_adjective(toks: list[Token], i: int, lang: LanguageData, q: qualifier_words.Qualifiers) -> str | None:
    """The country an adjective names: English demonyms from the generated table ("North
    Korean", "Dutch"), then the language's own stems, then the adjective's stem as the start of
    a country's name ("норвезький" → NO, "Peruvian" → PE)."""
    t = toks[i]
    if not lang.morphology:
        two = f"{toks[i - 1].text} {t.text}".lower() if i else ""
        if two in places.demonyms() or t.text.lower() in places.demonyms():
            return places.demonyms().get(two) or places.demonyms()[t.text.lower()]
    folded = timeexpr.fold_case(t.text)
    hand = next((code for pattern, code in q.nationalities.items() if re.fullmatch(pattern, folded)), None)
    return hand or next((c for lemma in t.lemmas or (t.lemma,) if (c := country_of_adjective(lemma, lang))), None)


def _country_named(phrase: list[Token], text: str, lang: LanguageData) -> str | None:
    """ISO alpha-2 of a country these words name ("Нигерии", "США", "Saudi Arabia"), else None.
    A country's name is written with a capital: "того же отряда", "с тех пор" are not Togo."""
    if not phrase or not any(t.text[:1].isupper() for t in phrase):
        return None
    readings = [" ".join(words) for words in itertools.product(*(t.place_lemmas() for t in phrase))]
    key = next((lang.place_aliases[r] for r in readings if r in lang.place_aliases), None)
    if key is not None:
        p = places.place(key, text)
        return p.country if p is not None and p.match == "country" else None
    nation = places.country(readings + [" ".join(t.text for t in phrase)], lang.code, text)
    return nation.country if nation is not None else None


def _without_denied(mentions: list[Mention], low: str, q: qualifier_words.Qualifiers) -> list[Mention]:
    """"сел вовсе не в КНДР, а во Владивостоке", "landed not in Cancun but in Punta Cana": the
    place right after a denied preposition is not the claim's when another place follows it (the
    contrast itself stays unread, see `unread_words`)."""
    denied = {m.end() for m in re.finditer(rf"(?<!\w)(?:{q.negation})\s+(?:{q.place_preps})\s+(?=\w)", low)}
    out = [m for m in mentions if m.start not in denied]
    if len(out) == len(mentions) or not any(m.start > min(d.start for d in mentions if d.start in denied) for m in out):
        return mentions
    return out


def _other_aircraft(low: str, q: qualifier_words.Qualifiers, types: list, toks: Sequence[Token] = ()) -> bool:
    """"A similar government aircraft", "another airliner", "Separately, a Turkish Airlines jet",
    "Вместе с ним …", "прилетел и резервный Boeing": the sentence introduces an aircraft other
    than the one before (issue 14, shapes 3 and 7)."""
    if re.search(q.separately, low) or re.search(q.companion, low) or re.search(q.own_way, low):
        return True
    for i in range(1, len(toks) - 1):  # verb + "и/і" + (up to two words) + the aircraft: "сел и грузовой Ил-76"
        if re.fullmatch(q.also, toks[i].text.lower()) and toks[i - 1].has("VERB", first_only=True) and any(
                re.fullmatch(q.aircraft_words, toks[j].text.lower()) or any(f.start <= toks[j].start < f.end for f in types)
                for j in range(i + 1, min(i + 4, len(toks)))):
            return True
    if _aircraft_phrase(low, q, q.other_markers):
        return True
    for t in types:  # "a similar Il-62", "another Boeing 737"
        if re.search(rf"(?<!\w)(?:{q.other_markers})(?:\s+[\w'.-]+){{0,2}}?\s+$", low[max(0, t.start - 40):t.start]):
            return True
    return False


def _introduced(low: str, q: qualifier_words.Qualifiers, types: list) -> bool:
    """"the group lists a Cargolux Boeing 747 that …", "an airliner landed …" after the story's first claim:
    an indefinite article brings in an aircraft not spoken of before."""
    if _aircraft_phrase(low, q, q.indefinite):
        return True
    return any(re.search(rf"(?<!\w)(?:{q.indefinite})(?:\s+[\w'.-]+){{0,2}}?\s+$", low[max(0, t.start - 40):t.start])
               for t in types)


_WORD = re.compile(r"[\w'-]{1,40}")
_UNREAD_NOTES = ("not read", "left unresolved", "cannot be checked", "lies after the publication date")
_READ_ON_PURPOSE = ("another event", "is a plan", "is denied")


def unread_words(main: str, lang: LanguageData, q: qualifier_words.Qualifiers, notes: list[str]) -> list[str]:
    """What the extractor saw in the claim's clause and could not read: time words outside every
    time expression it found (months, weekdays, "last week", "три дні тому"), a time zone with no
    time of day read, and the notes that say something was left unread. Each entry blocks
    `contradicted` (issue 14, shape 2)."""
    low = timeexpr.fold_case(main)
    found = timeexpr.find(main, lang)
    covered = [(e.start, e.end) for e in found]
    out: list[str] = [main[a:b] for a, b in timeexpr.unread_word_clocks(main, lang)]  # "at ten" (10 or 22?)
    # A zone stated with no time of day read beside it ("a few minutes before ten, CET", "ten
    # past nine Moscow time"): the time it qualifies was there and was not read.
    if not any(e.kind in ("clock", "part") or e.hours is not None for e in found):
        out += [main[e.start:e.end] for e in found if e.kind == "zone" and (
            main[e.start:e.end].isupper() or re.search(q.zone_nouns, low[e.start:e.end]))]
        out += [m.group(0) for m in re.finditer(r"(?<![\w])[A-Z]{3,5}(?![\w])", main)
                if timeexpr.is_zone_abbreviation(m.group(0)) and not any(a <= m.start() < b for a, b in covered)]
    names = "|".join(re.escape(w) for w in sorted({*lang.months, *lang.weekdays}, key=len, reverse=True) if len(w) > 2)
    patterns = [q.time_words] + ([names] if names else [])
    for pattern in patterns:
        for m in re.finditer(rf"(?<!\w)(?:{pattern})(?!\w)", low):
            if lang.months_capitalised and m.group(0) in lang.months and not main[m.start():m.start() + 1].isupper():
                continue  # "may" is a month only as "May"
            if not any(a <= m.start() and m.end() <= b for a, b in covered):
                out.append(main[m.start():m.end()])
    # "сел не в Канкуне, а в Пунта-Кане", "not in Cancun but …": the name after a denied
    # preposition is not the claim's place, and the contrast is not read
    for m in re.finditer(rf"(?<!\w)(?:{q.negation})\s+(?:{q.place_preps})\s+(?=\w)", low):
        name = _WORD.match(main, m.end())  # at the offset, not on a copy of the rest: linear on hostile text
        if name and name.group(0)[:1].isupper():
            out.append(main[m.start():name.end()])
    for m in re.finditer(rf"(?<!\w)(?:{q.habitual})(?!\w)", low):  # "летает в КНДР время от времени": many flights
        out.append(main[m.start():m.end()])
    for note in notes:
        if any(k in note for k in _UNREAD_NOTES) and not any(k in note for k in _READ_ON_PURPOSE):
            out.append(note)
    return list(dict.fromkeys(out))


def main_clause(text: str, lang: LanguageData) -> tuple[str, str | None]:
    """The sentence up to the first clause about another event ("after Shoigu visited…")."""
    low = timeexpr.fold_case(text)
    semi = text.find(";")
    if semi > 0 and _has_event(text[:semi], lang) and not _has_event(text[semi + 1:], lang):
        # "Хто летить на борту, не повідомляється; у Москві та Пхеньяні від коментарів відмовилися": what follows the
        # semicolon is another statement, and its places are no movement's
        inner, note = main_clause(text[:semi], lang)
        rest = text[semi + 1:].strip()
        return inner, f"not read as part of the claim (another event): {rest[:80]!r}" + (f"; {note}" if note else "")
    # A pattern that tests capitals ("after [A-Z]…": after a name) runs on the text as written.
    cuts = [m for p in lang.clause_cuts for m in [re.search(p, low if p.islower() else text)] if m]
    if not cuts:
        return text, None
    first = min(cuts, key=lambda m: m.start())
    rest = text[first.start():].strip(" ,")
    comma = text.find(",", first.end())
    aside = first.re.pattern.startswith(",")  # ", where …,", ", де …,": a relative clause between commas
    if aside and comma > 0 and not _has_event(text[:first.start()], lang) and _has_event(text[comma + 1:], lang) \
            and not timeexpr.find(text[:first.start()], lang):  # "Того ж дня, коли …": the clause says which day
        # "In Zurich, where delayed flights may leave until 11:30 p.m., an Edelweiss A340 took off at 11:13":
        # the other event is an aside between commas; the claim's own verb comes after it. Blanked, not cut,
        # so that offsets into the sentence stay right.
        inner, note = main_clause(text[:first.start()] + " " * (comma + 1 - first.start()) + text[comma + 1:], lang)
        between = text[first.start():comma].strip(" ,")
        return inner, f"not read as part of the claim (another event): {between[:80]!r}" + (f"; {note}" if note else "")
    return text[:first.start()], f"not read as part of the claim (another event): {rest[:80]!r}"


def _has_event(text: str, lang: LanguageData) -> bool:
    return bool(text.strip()) and bool(find_events(text, tokens(text, lang), lang))


def _plural(tok: Token, toks: list[Token], lang: LanguageData) -> bool:
    """Several aircraft: a plural noun, or a count of two or more before it ("два самолета")."""
    i = toks.index(tok)

    def count_at(j: int) -> bool:
        t = toks[j]
        return lang.number_words.get(t.text.lower(), 0) >= 2 or (
            t.text.isdigit() and int(t.text) >= 2 and (j == 0 or (toks[j - 1].end < t.start  # not "Flightradar24"
                                                            and not toks[j - 1].text.isupper()  # nor "Y-20"
                                                            # nor the minutes of "18:40" or the month of "12.06"
                                                            and not (toks[j - 1].text.isdigit()
                                                                     and t.start - toks[j - 1].end == 1))))

    if i >= 1 and count_at(i - 1):
        return True  # "два самолета"
    if i >= 2 and count_at(i - 2) and toks[i - 1].has("ADJF", first_only=True):
        return True  # "два російські літаки"
    if lang.morphology:  # "винищувачі": the dictionary's first reading is a singular locative, but a
        # plural form that is no singular subject is read as plural
        singular_before = i >= 1 and toks[i - 1].has("sing", first_only=True) and any(
            toks[i - 1].has(p, first_only=True) for p in ("ADJF", "PRTF", "NPRO"))  # "у этого борта"
        return tok.has("plur", first_only=True) or (tok.has("plur") and not singular_before and not any(
            "sing" in t and "nomn" in t for t in tok.tags))
    return tok.lemma in lang.plural_flight_nouns


def find_events(text: str, toks: list[Token], lang: LanguageData) -> list[Event]:
    low = timeexpr.fold_case(text)
    events = []
    clocked: bool | None = None  # does the sentence state a clock time (found only when asked)
    for t in toks:
        known = next((r for x in t.lemmas if (r := event_role(x, lang))), None)  # any reading: "злетів" is also a noun
        if known is not None and not any(x in lang.events for x in t.lemmas) and t.has("impf", first_only=True) \
                and not t.has("NOUN", first_only=True) and not _negated_at(toks, toks.index(t), lang):
            if t.has("pres", first_only=True):
                if clocked is None:
                    clocked = any(e.kind == "clock" for e in timeexpr.find(text, lang))
                if clocked:  # a timeline's present: "Близько 19:30 … RA-86559 злітає з аеродрому Чкаловський"
                    events.append(Event(t.start, t.end, known[0], air=known[1]))
            continue  # "прилітав до КНДР не так часто": an imperfective past of a verb family is habitual
        if known is not None:
            events.append(Event(t.start, t.end, known[0], future=t.has("futr") and not t.has("past"), air=known[1]))
    for pattern, role in lang.event_phrases.items():
        for m in re.finditer(pattern, low):
            a, b = m.span("ev") if "ev" in m.re.groupindex else m.span()  # "из Ле Бурже ушёл": the verb alone
            if not any(e.start < b and a < e.end for e in events):
                events.append(Event(a, b, role, air=pattern in lang.air_verbs))
    modifiers = [m.span() for p in lang.not_events for m in re.finditer(p, low)]
    events = [e for e in events if not any(a <= e.start and e.end <= b for a, b in modifiers)]
    return sorted(events, key=lambda e: e.start)


def _negated_at(toks: list[Token], i: int, lang: LanguageData) -> bool:
    """A negator within two words before token i ("не приземлявся", "never landed", "did not land")."""
    before = " ".join(t.text.lower() for t in toks[max(0, i - 3):i])
    return any(t.text.lower() in lang.negators for t in toks[max(0, i - 2):i]) or any(
        " " in n and before.endswith(n) for n in lang.negators)


def _negated(toks: list[Token], events: list[Event], lang: LanguageData) -> bool:
    """The sentence denies its movement: a negator right before an event ("almost certainly
    never landed", "не садился"), or before the verb that carries an event noun ("посадки …
    не здійснював")."""
    if not lang.negators:
        return False
    starts = {t.start: k for k, t in enumerate(toks)}
    for e in events:
        k = starts.get(e.start)
        if k is not None and _negated_at(toks, k, lang):
            return True
    nouns = any(toks[starts[e.start]].has("NOUN", first_only=True) for e in events if e.start in starts)
    return nouns and any(t.text.lower() in lang.negators and k + 1 < len(toks) and toks[k + 1].has("VERB")
                         for k, t in enumerate(toks))


def find_places(toks: list[Token], lang: LanguageData, events: list[Event] = (), source: str = "") -> list[Mention]:
    """Places after a preposition, or after a preposition and an airport noun
    ("в аеропорту Пхеньяна"); longer names first ("Oslo Gardermoen", "Північній Кореї").
    A capitalised name right after a movement ("landed in X", "from X to Y") that no
    table knows is still kept, with no airports, so that it is reported as unchecked."""
    out: list[Mention] = []
    named = _identity_spans(source, lang.code) if source else ()
    low = timeexpr.fold_case(source) if source else ""
    ground_ends = {m.end() for pattern in lang.ground_phrases for m in re.finditer(pattern, low)}
    i = 1
    while i < len(toks):
        if _names_aircraft(toks, i, named):
            i += 1  # "летів на Boeing 737-700 BBJ": an aircraft's name is no place
            continue
        prep_at = i - 1
        if toks[prep_at].lemma in lang.airport_nouns and prep_at > 0:
            prep_at -= 1  # the case of the airport noun says where; the name is in the genitive
            while prep_at > 0 and toks[prep_at].has("ADJF", first_only=True):
                prep_at -= 1  # "в международном аэропорту Сунан"
        elif (lang.morphology and toks[i].text[:1].isupper() and toks[prep_at].text.islower()
              and toks[prep_at].has("ADJF", first_only=True) and prep_at > 0
              and toks[prep_at - 1].lemma in lang.prep_from | lang.prep_to | lang.prep_at):
            prep_at -= 1  # "из подмосковного Чкаловского", "до ірландського Шеннона": a place adjective before the name
        prep = toks[prep_at].text.lower()
        if prep_at > 0 and toks[prep_at - 1].lemma in lang.not_spatial_before:
            i += 1  # "according to Polish broadcaster TVP": no direction
            continue
        if toks[prep_at].lemma in lang.prep_from:
            prep = toks[prep_at].lemma  # "покинул Казань": a verb whose object is the origin, by lemma
        found = None
        # "landed in", "from Ankara to", "on the ground at": a place surely follows
        moving = _after_movement(toks, prep_at, out, events, lang.movement_adverbs) or (prep_at > 0 and toks[prep_at - 1].end in ground_ends)
        described = _capital_phrase(toks, i, lang, source)
        if described is not None:
            cap_place, end = described
            role = _prep_role(prep, toks[end - 1], lang)
            if role:
                out.append(Mention(toks[i].start, toks[end - 1].end, cap_place, role,
                                   f"{cap_place.text!r} read as the capital: {', '.join(cap_place.airports[:4])}"))
                i = end
                continue
        adjective = _adjective_place(toks, i, lang, source)
        if adjective is not None:
            adj_place, adj_note = adjective
            role = _prep_role(prep, toks[i + 1], lang)
            if role:
                end = i + 1 if adj_place.text == _as_written(toks[i:i + 2], source) else i + 1 + len(adj_place.text.split())
                out.append(Mention(toks[i].start, toks[min(end, len(toks) - 1)].end, adj_place, role, adj_note))
                i = end + 1
                continue
        for width in (4, 3, 2, 1):
            phrase = toks[i:i + width]
            if len(phrase) < width or any(b.start - a.end > 1 and not _initial(a, b, source)
                                          for a, b in zip(phrase, phrase[1:])) or any(
                    re.search(r"['’]s$", t.text) for t in phrase[:-1]) or (
                    width > 1 and _model_code(toks, i + width - 1)):
                continue
            nxt = i + width
            aircraft_next = _names_aircraft(toks, nxt, named)
            after = [] if _model_code(toks, nxt) or aircraft_next else toks[nxt:nxt + 1]  # "Мурманске Ил-76", "Кракова Boeing"
            place, note = _place_named(phrase, _as_written(phrase, source), lang, after,
                                       served_only=not moving, airport=toks[i - 1].lemma in lang.airport_nouns,
                                       base=toks[i - 1].lemma in lang.base_nouns)
            if place is not None:
                found = (phrase, place, note)
                break
        if found is None and moving and not (i + 1 < len(toks) and toks[i + 1].lemma in lang.airport_nouns):
            phrase = _capitalised_run(toks, i, lang)
            if phrase:
                text = _as_written(phrase, source)
                found = (phrase, Place(text=text, airports=[], match="unresolved", score=0.0),
                         f"place {text!r} not found in the alias tables or airportsdata: it cannot be checked")
        if found is not None and prep_at == i - 2 and toks[i - 1].lemma not in lang.airport_nouns:
            # "в ирландском Шенноне": the adjective names the country the place is in — its airports, weakly,
            # when the name itself is unknown or names places in several countries
            phrase, place, note = found
            iso = country_of_adjective(toks[i - 1].lemma, lang)
            if iso and (place.country is None or not place.airports) and place.country != iso:
                inside = [c for c in place.airports if places.airport_country(c) == iso]
                host = places.country_place(iso, place.text)
                airports_ = inside or (host.airports if host is not None else [])
                if airports_:
                    found = (phrase, Place(place.text, airports_, iso, match="partial", score=0.5),
                             f"place {place.text!r} read weakly in {iso}, which {toks[i - 1].text!r} names")
        if found is not None:
            phrase, place, note = found
            found_tail = _after_city_dash(phrase, place, toks, i, lang, source)
            if found_tail is not None:
                phrase, place, note = found_tail
            nxt = i + len(phrase)
            if nxt < len(toks) and toks[nxt].text in ("International", "Intl") and place.airports and (
                    toks[nxt].start - phrase[-1].end <= 1):
                phrase = [*phrase, toks[nxt]]  # "King Khalid International (Airport)": the name keeps its word
                civil = places.civil(place)  # and is no air base of that name
                text = _as_written(phrase, source)
                if civil is None:  # "King Khalid International": King Khaled International, by its consonants
                    sounded = places.by_consonants(text)
                    civil = places.civil(Place(text, sounded, places.airport_country(sounded[0]), match="transliterated",
                                               score=0.8)) if sounded else None
                    if civil is not None:
                        note = f"place {text!r} read as the civil airport so named, by its consonants: {', '.join(civil.airports)}"
                if civil is None:
                    note = f"place {text!r}: the gazetteer names only a military field so; it cannot be checked"
                    place = Place(text=text, airports=[], match="unresolved", score=0.0)
                else:
                    place = dataclasses.replace(civil, text=text)
            terminal = re.match(r"-\d{1,2}(?![\w-])", source[phrase[-1].end:]) if source and place.airports else None
            if terminal:  # "Внуково-2", "Vnukovo-2": the airport's terminal stays in the name as written
                place = dataclasses.replace(place, text=source[phrase[0].start:phrase[-1].end + terminal.end()])
            if re.search(r"['’]s$", phrase[-1].text) and source:  # "Moscow's Vnukovo airport": the airport
                j = i + len(phrase)
                while j < i + len(phrase) + 2 and j + 1 < len(toks) and toks[j].text.isalpha() \
                        and toks[j].text.islower() and toks[j].lemma not in lang.airport_nouns \
                        and toks[j + 1].text[:1].isupper():
                    j += 1  # "Istanbul's older Atatürk Airport": an adjective before the airport's name
                inner = _named_after(place, toks, j, lang, source)
                if inner is not None and inner[0].airports and inner[0].text != phrase[-1].text:
                    phrase = [t for t in toks if t.start >= phrase[0].start and t.end <= toks[j].end
                              + len(inner[0].text)][: j - i + len(inner[0].text.split())]
                    place, note = inner
            role = _prep_role(prep, _case_word(toks, prep_at, i, lang) or phrase[-1], lang)
            if role:
                out.append(Mention(phrase[0].start, phrase[-1].end, place, role, note))
            i += len(phrase) - 1
        i += 1
    for m in out:
        if m.role == "at_or_to":  # "вылетел обратно в США" is "to"; "приземлился в Дели", "пробыл в Дели" are "at"
            before = [e for e in events if e.end <= m.start]
            lifted = bool(before) and re.match(lang.lift_off, timeexpr.fold_case(source[before[-1].start:before[-1].end]))
            m.role = "to" if before and before[-1].role in ("depart", "fly", "return") and not lifted else "at"
    return out


def _capital_phrase(toks: list[Token], i: int, lang: LanguageData, source: str) -> tuple[Place, int] | None:
    """"у туркменській столиці", "в столицу КНДР", "the Russian capital", "capital of Peru":
    the country's capital (GeoNames), with the span as written. Returns the place and the
    index after the phrase."""
    if not lang.capital_nouns:
        return None
    j = i + 1 if toks[i].text.lower() == "the" and i + 1 < len(toks) else i
    if j + 1 < len(toks) and toks[j + 1].lemma in lang.capital_nouns:  # adjective + capital
        iso = next((country_of_adjective(lemma, lang) for lemma in toks[j].lemmas
                    if country_of_adjective(lemma, lang)), None)
        if iso:
            text = source[toks[i].start:toks[j + 1].end] if source else f"{toks[j].text} {toks[j + 1].text}"
            place = places.capital(iso, text)
            return (place, j + 2) if place else None
    if toks[j].lemma in lang.capital_nouns and j + 1 < len(toks):  # capital + country (genitive)
        k = j + 2 if toks[j + 1].text.lower() == "of" and j + 2 < len(toks) else j + 1
        for width in (3, 2, 1):
            phrase = toks[k:k + width]
            if len(phrase) < width:
                continue
            nation, _ = _place_named(phrase, _as_written(phrase, source), lang)
            if nation is not None and nation.match == "country" and nation.country:
                text = source[toks[i].start:phrase[-1].end] if source else " ".join(t.text for t in toks[i:k + width])
                place = places.capital(nation.country, text)
                if place is None:
                    return None
                after = k + width
                aircraft = bool(source) and _names_aircraft(toks, after, _identity_spans(source, lang.code))
                named = _named_after(place, toks, after, lang, source) if source and not aircraft else None
                if named is not None and named[0].airports and after < len(toks) \
                        and toks[after].text[:1].isupper():  # "из столицы Никарагуа Манагуа": the name (not "Ил-96")
                    return named[0], k + width + len(named[0].text.split())
                return place, k + width
    return None


def _bare(p: Place | None, lang: LanguageData) -> Place | None:
    """The place's name without the airport noun around it (LABELS v2.1): "Ramstein Air Base" →
    "Ramstein", "Joint Base Andrews" → "Andrews", "Carrasco International Airport" → "Carrasco
    International". The words are the language's (`airport_name_affixes`)."""
    if p is None or not lang.airport_name_affixes:
        return p
    before, after = lang.airport_name_affixes
    text = re.sub(rf"^(?:{before})\s+(?=\w)", "", p.text, flags=re.IGNORECASE)
    text = re.sub(rf"(?<=\w)\s+(?:{after})$", "", text, flags=re.IGNORECASE)
    return p if text == p.text or not text else dataclasses.replace(p, text=text)


def _recall_place(m: Mention, earlier: list[Place]) -> None:
    """A shorter mention of a place the article named in full before ("Addis Ababa's Bole
    International Airport" … "touched down at Bole"; "Joint Base Andrews" … "Andrews") is that
    place, not another of the same name elsewhere (Bole in China, Andrews in North Carolina).
    Words match by their first five letters, so inflected forms agree ("Кневичі", "Кневичах")."""
    if m.place is None or m.place.match in ("alias", "country"):
        return
    mine = places.name_key(m.place.text).split()
    if not mine:
        return
    for q in reversed(earlier):
        theirs = places.name_key(q.text).split()
        if len(theirs) <= len(mine) or set(q.airports) & set(m.place.airports) and len(m.place.airports) == 1:
            continue
        if _city_of_airports(m.place, q):
            continue  # "Doha International" … "flew to Doha": the city, of which that airport is one
        runs = (theirs[i:i + len(mine)] for i in range(len(theirs) - len(mine) + 1))
        if any(all(a[:5] == b[:5] for a, b in zip(mine, run)) for run in runs):
            m.place = dataclasses.replace(q, text=m.place.text, airports=list(q.airports))
            m.note = f"place {m.place.text!r} read as {q.text!r}, named earlier in the article"
            return


def _city_of_airports(later: Place, earlier: Place) -> bool:
    """The later, shorter mention is the city the earlier airport serves ("Doha International" …
    "Doha"): the gazetteer's town of that name has more airports, the earlier one among them."""
    if later.country is None or later.country != earlier.country or not set(earlier.airports) < set(later.airports):
        return False
    town = set(places.city_airports(places.name_key(later.text)))
    return set(earlier.airports) < town


def country_of_adjective(lemma: str, lang: LanguageData) -> str | None:
    """"узбекский" → UZ, "туркменський" → TM, "Russian" → RU: the adjective's stem is the
    start of exactly one country's name."""
    for suffix in lang.place_adjective_suffixes:
        if lemma.endswith(suffix) and len(lemma) > len(suffix):
            stem = lemma[:len(lemma) - len(suffix)] if suffix else lemma
            # English demonyms bend the name's end: Peru → Peruvian, Norway → Norwegian, Argentina → Argentine
            if lang.morphology:  # "индий-ский": "инди" (Индия) before "инд" (Индия or Индонезия)
                bases = list(dict.fromkeys((stem.rstrip("й"), stem.rstrip("йи"))))
            else:
                bases = [stem[:len(stem) - cut] for cut in (0, 1, 2) if not cut or len(stem) - cut >= 5]
            for base in bases:  # a cut base shorter than five letters: "Royal" is no "Roya(ume de Belgique)"
                iso = places.country_by_prefix(base, lang.code)
                if iso:
                    return iso
    return None


def _adjective_place(toks: list[Token], i: int, lang: LanguageData, source: str) -> tuple[Place, str | None] | None:
    """"в казанский аэропорт", "з цюрихського аеропорту": a city adjective before an airport
    noun names the city's airport; its base ("казан-") is looked up like a name."""
    t = toks[i]
    if not lang.place_adjective_suffixes or i + 1 >= len(toks) or toks[i + 1].lemma not in lang.airport_nouns \
            or not t.has("ADJF") or toks[i + 1].start - t.end > 1:
        return None
    text = source[t.start:toks[i + 1].end] if source else f"{t.text} {toks[i + 1].text}"
    for lemma in t.lemmas:
        suffix = next((x for x in lang.place_adjective_suffixes if lemma.endswith(x)), None)
        if suffix is None or len(lemma) - len(suffix) < 2:
            continue
        stem = lemma[:-len(suffix)]
        stems = [stem.rstrip("ь"), stem] if stem.endswith("ь") else [stem]  # "стамбульский": Стамбул
        if stem.endswith("й"):
            stems.append(stem[:-1])  # "делійський": Делі
        nation = country_of_adjective(lemma, lang)
        for base in dict.fromkeys(s + alt for s in stems for alt in lang.adjective_alternations.get(suffix, ("",))):
            place = _adjective_base(base, text, lang)
            if nation and (place is None or place.weak):
                # "польському аеропорту": Poland's, not an airport whose name holds "Polska"
                place = places.country_place(nation, text)
            if place is not None and place.match == "country" and toks[i + 1].lemma in lang.base_nouns:
                # "на російську авіабазу Кант": the state that runs the base, not where it is (Kyrgyzstan)
                return _named_after(place, toks, i + 2, lang, source, owner=True)
            if place is not None:
                return _named_after(place, toks, i + 2, lang, source) or (
                    place, f"place {text!r}: adjective matched {place.match} ({place.score:.2f}) in the gazetteer")
    return None


def _adjective_base(base: str, text: str, lang: LanguageData) -> Place | None:
    """The city or country an adjective's base names ("казан" → Kazan, "париж" → Paris)."""
    key = next((lang.place_aliases[b] for b in (base, base + "а", base + "ь", base + "ия", base + "ія")
                if b in lang.place_aliases), None)
    forms = [base + end for end in ("", "а", "ь", "ия", "ія", "я")] + [base[:-1] + "я"] * (base[-1:] in "йи")
    place = places.place(key, text) if key is not None else places.country(forms, lang.code, text)
    if place is None and len(base) >= 4:
        # "токийский": Токио, not the town of Toki near Nagoya — of the readings, one with a large airport
        readings = (base, base + "а") + ((base + "о",) if base[-1:] in "иі" else ())  # "токи-йский": Токио
        found = [p for r in readings
                 if (p := places.lookup([r], text, places.latin_spellings(r, lang), fuzzy=False, served_only=True))]
        place = next((p for p in found if any(places.large(c) for c in p.airports)), found[0] if found else None)
    return place


def _named_after(around: Place, toks: list[Token], i: int, lang: LanguageData,
                 source: str, owner: bool = False) -> tuple[Place, str | None] | None:
    """"в парижском аэропорту Шарль-де-Голль": the name after the noun is the more exact
    place; when no table knows it, the adjective's airports stand, under the name as written.
    When the adjective names the base's `owner` ("російська авіабаза Кант"), the name is looked up
    in any country, and one no table knows is read weakly as in that state (it may only run it)."""
    if i < len(toks) and toks[i].lemma in lang.named_for_words and (not source or _gap_is_quotes(toks[i - 1], toks[i], source)):
        i += 1  # "в бейрутском аэропорту имени Рафика Харири": the name after "named for"
    if i >= len(toks) or _not_a_place(toks[i], lang) or not (
            toks[i].start - toks[i - 1].end <= 1 or (source and _gap_is_quotes(toks[i - 1], toks[i], source))):
        return None
    for width in (4, 3, 2, 1):
        phrase = toks[i:i + width]
        if len(phrase) < width or any(b.start - a.end > 1 and not _initial(a, b, source)
                                      for a, b in zip(phrase, phrase[1:])):
            continue
        place, note = _place_named(phrase, _as_written(phrase, source), lang, toks[i + width:i + width + 1])
        if place is not None and owner:
            return place, note
        if place is not None and (not around.country or place.country == around.country) and (
                not around.airports or not place.airports or set(place.airports) & set(around.airports)):
            return place, note  # "омском аэропорту «Центральный»": Omsk's, not every "Central" in Russia
    phrase = [t for t in _capitalised_run(toks, i, lang)]
    text = _as_written(phrase, source)
    if owner:  # the base's state is as likely its owner as its host: a weak reading, never a contradiction
        if not phrase:
            return None
        host = _country_after(toks, toks.index(phrase[-1]) + 1, lang, source)
        if host is not None and host.country != around.country:  # "російській авіабазі Хмеймім у Сирії"
            return Place(text, host.airports, host.country, match="partial", score=0.5), (
                f"place {text!r} not found: read weakly as in {host.text!r}, the country the sentence puts it in")
        return Place(text, around.airports, around.country, match="partial", score=0.5), (
            f"place {text!r} not found: read weakly as in the state of {around.text!r}, which may only run the base")
    return Place(text, around.airports, around.country, match=around.match, score=around.score), (
        f"place {text!r} not found in the gazetteer: read as the airports of {around.text!r}")


def _country_after(toks: list[Token], j: int, lang: LanguageData, source: str) -> Place | None:
    """The country right after a name, "… Хмеймім у Сирії", "… Hmeimim in Syria", if there is one."""
    if j + 1 >= len(toks) or toks[j].lemma not in lang.prep_at or toks[j + 1].start - toks[j].end > 1:
        return None
    nxt = toks[j + 1]
    if lang.morphology and not any("loc" in tag for tag in nxt.tags):
        return None  # "в Бенин" is where it went, "в Бенине" where it is
    found = places.country(list(nxt.lemmas) + [nxt.text], lang.code, source[nxt.start:nxt.end] if source else nxt.text)
    return found if found is not None and found.country else None


def _after_city_dash(phrase: list[Token], place: Place, toks: list[Token], i: int, lang: LanguageData,
                     source: str) -> tuple[list[Token], Place, str | None] | None:
    """"Paris-Charles de Gaulle", "Vienna-Schwechat", "Oslo–Gardermoen": the city, a dash and its
    airport's name; the airport is the place, when it is one of the city's."""
    if not source or not place.airports:
        return None
    first = phrase[0]
    dash = source[first.end:first.end + 1]
    if dash not in "-‐‑–—" or not dash:
        return None
    tail_start = next((k for k in range(i + 1, min(i + 5, len(toks))) if toks[k].start > first.end), None)
    head, _ = _place_named([first], _as_written([first], source), lang)
    if tail_start is None or head is None or head.country != place.country:
        return None  # "Санкт-Петербург", "Куала-Лумпур": one city's name, not a city and its airport
    for width in (3, 2, 1):
        tail = toks[tail_start:tail_start + width]
        if len(tail) < width or any(b.start - a.end > 1 for a, b in zip(tail, tail[1:])):
            continue
        inner, note = _place_named(tail, _as_written(tail, source), lang, toks[tail_start + width:tail_start + width + 1],
                                   airport=True)
        if inner is not None and inner.airports and set(inner.airports) < set(place.airports):
            return tail, inner, note
    return None


def _initial(a: Token, b: Token, source: str) -> bool:
    """"John F. Kennedy": a one-letter initial and its full stop inside a name."""
    return len(a.text) == 1 and a.text.isupper() and source[a.end:b.start] == ". "


def _gap_is_quotes(a: Token, b: Token, source: str) -> bool:
    """Only spaces and quotation marks between two words ("аэропорту «Никола Тесла»")."""
    return re.fullmatch(r"[\s«»\"“”„'‘’]*", source[a.end:b.start]) is not None


def _name_particle(tok: Token, phrase: list[Token], written: str = "") -> bool:
    """A short lowercase word joined by hyphens inside a name ("Шарль-де-Голль", "Saint-Jean-de-Luz";
    "Ростов-на-Дону", "Pratica di Mare" only hyphenated: "Гуантанамо на Кубе" is two places)."""
    i = phrase.index(tok)
    if tok.text in _HYPHEN_PARTICLES and f"-{tok.text}-" not in written:
        return False
    return (tok.text in _NAME_PARTICLES and phrase[i - 1].end == tok.start - 1
            and tok.end == phrase[i + 1].start - 1)  # not "Buenos Aires for Moscow"


def _as_written(phrase: list[Token], source: str) -> str:
    """The name exactly as the sentence writes it ("Санкт-Петербург", "Minneapolis–St. Paul"),
    without an English possessive ("Frankfurt's airport" → "Frankfurt")."""
    text = source[phrase[0].start:phrase[-1].end] if source else " ".join(t.text for t in phrase)
    return re.sub(r"['’]s$", "", text)


def _not_a_place(tok: Token, lang: LanguageData) -> bool:
    """Capitalised words that are never the place: months, weekdays, the language's stop-list."""
    low = tok.text.lower()
    elided = re.match(r"[dl]['’][A-ZÀ-Ý]", tok.text) is not None  # "Côte d'Azur", "Val d'Isère"
    return (not (tok.text[:1].isupper() or elided) or low in lang.months or low in lang.weekdays
            or tok.lemma in lang.not_places or tok.text.isdigit()
            or low in places.people_words())  # "Polish", "Qatari": a people, not a place


def _capitalised_run(toks: list[Token], i: int, lang: LanguageData, limit: int = 3) -> list[Token]:
    """The capitalised words of an unknown name ("Bad Ischl", "The Hague")."""
    run: list[Token] = []
    if i + 1 < len(toks) and toks[i].text == "The" and toks[i + 1].text[:1].isupper():
        run, i = [toks[i]], i + 1  # "The Hague": the article is part of the name
    window = toks[i:i + limit + 2]
    for k, t in enumerate(window):
        particle = (run and 0 < k < len(window) - 1 and t.text in _NAME_PARTICLES - _HYPHEN_PARTICLES
                    and source_gap(run[-1], t) == 1 and source_gap(t, window[k + 1]) == 1
                    and window[k + 1].text[:1].isupper())  # "Шарль-де-Голль"
        if (_not_a_place(t, lang) and not particle) or t.lemma in lang.airport_nouns or (
                run and (t.start - run[-1].end > 1 or _model_code(toks, toks.index(t)))):
            break  # "в Мурманске Ил-76 …": the type's bureau prefix is no part of the name
        run.append(t)
    return run


def _model_code(toks: list[Token], k: int) -> bool:
    """Does token k start a model designation, a bureau's one to three letters joined to a number
    (Ил-76, Ту-214, C-17)? A name's last word before a date ("Ясьонки 3 травня") is not one."""
    return (k + 1 < len(toks) and 1 <= len(toks[k].text) <= 3 and toks[k].text.isalpha()
            and toks[k + 1].text.isdigit() and toks[k + 1].start - toks[k].end == 1)


# Lowercase words inside names ("Шарль-де-Голль", "Aix-en-Provence", "Абу-Дабі" has none).
_HYPHEN_PARTICLES = frozenset({"di", "da", "do", "dos", "ди", "да", "на", "on", "upon"})  # also words of their own: hyphenated only
_NAME_PARTICLES = frozenset({"de", "la", "le", "du", "des", "au", "aux", "di", "da", "do", "dos", "ди", "да", "на", "on", "upon", "del", "der", "van", "von", "en", "am", "al", "el", "sur",
                             "де", "ла", "ле", "дю", "дель", "ван", "фон", "ан", "ам", "аль", "эль", "ель", "сюр"})


def source_gap(a: Token, b: Token) -> int:
    return b.start - a.end


def _after_movement(toks: list[Token], prep_at: int, found: list[Mention], events: list[Event],
                    adverbs: frozenset[str] = frozenset()) -> bool:
    """Does the preposition follow a movement ("landed in", "took off from", "прилетів до"), perhaps
    over an adverb ("landed back at"), or the place before it ("from Ankara to …")? Only there is an
    unknown name surely a place."""
    if prep_at == 0:
        return False
    before = toks[prep_at - 1]
    if prep_at > 1 and before.text.lower() in adverbs and any(e.end == toks[prep_at - 2].end for e in events):
        return True
    if any(e.end == before.end for e in events) or any(e.start == toks[prep_at].start for e in events):
        return True
    return bool(found) and found[-1].end == before.end


def _narrow_to_code(m: Mention, text: str) -> None:
    """"Split (SPU)", "Oslo (ENGM)": a code in brackets after the name says which airport."""
    code = re.match(r"\s{0,8}\(([A-Z]{3,4})\)", text[m.end:m.end + 16])  # bounded: no copy of the sentence's rest
    icao = places.by_code(code.group(1)) if code else None
    if icao is None:
        return
    if not m.place.airports or icao in m.place.airports:
        m.place = places.with_airport(m.place, icao)
    else:
        m.note = f"code {code.group(1)} ({icao}) is not among the airports of {m.place.text!r}: both kept"
        m.place = Place(m.place.text, sorted(set(m.place.airports) | {icao}), m.place.country)


def _place_named(phrase: list[Token], text: str, lang: LanguageData, following: list[Token] = (),
                 served_only: bool = False, airport: bool = False, base: bool = False) -> tuple[Place | None, str | None]:
    """The alias tables first; then a capitalised name looked up among airportsdata's cities
    and airport names (transliterated from Cyrillic; said in a note: a weaker match).
    Away from a movement ("told Parliament in Westminster") only a city with an airline
    airport (an IATA code) counts: a town with a few private strips is no evidence of a place."""
    readings = [" ".join(words) for words in itertools.product(*(t.place_lemmas() for t in phrase))]
    key = next((lang.place_aliases[r] for r in readings + [" ".join(t.text.lower() for t in phrase)]
                if r in lang.place_aliases), None)  # every reading: "Новосибірська" is also an adjective
    if key is not None:
        return places.place(key, text), None
    # "Seoul Air Base": the words that say airport are part of the name (not "Air" the stop-word)
    named = phrase[:1] if len(phrase) > 1 and places.AIRPORT_WORDS.fullmatch(
        " ".join(t.text.lower() for t in phrase[1:])) else phrase
    if _not_a_place(named[0], lang) or _not_a_place(named[-1], lang) or any(
            _not_a_place(t, lang) and not _name_particle(t, named, text) for t in named[1:-1]):
        return None, None  # "Nice", "Mobile", "May": only capitalised, never a month or a stop-word
    if following and not _not_a_place(following[0], lang) and following[0].lemma not in lang.airport_nouns \
            and not places.AIRPORT_WORDS.fullmatch(following[0].text.lower()) \
            and following[0].start - phrase[-1].end <= 1 and not re.search(r"['’]s$", phrase[-1].text):
        return None, None  # "Bad Ischl": the first word of a longer name is not a city of its own
    if len(phrase) == 1 and not served_only and phrase[0].text.isupper() and len(phrase[0].text) in (3, 4):
        icao = places.by_code(phrase[0].text)  # "landed at JFK", "departed from UUEE"
        if icao:
            return places.with_airport(Place(text, [], airport=True), icao), f"place {text!r} read as the airport code of {icao}"
    nation = None if airport else places.country(readings + [text], lang.code, text)  # "аэродроме Бенина" names a field
    if nation is not None:
        return nation, None
    if airport and lang.transliteration and len(phrase) == 1:  # "аэропорту Бенина": the field's name as written
        for spelling in places.latin_spellings(phrase[0].text.lower(), lang):
            field_place = places.by_airport_name(spelling, text)
            if field_place is not None and field_place.airports:
                return (Place(field_place.text, field_place.airports, field_place.country, match="transliterated",
                              score=0.9, airport=True), f"place {text!r} read as the airport named {spelling!r}")
    if base and len(phrase) == 1:  # "авіабаза Трентон": the military field of that name, not the city's airports
        field = _field_named(phrase[0], text, lang, places.base_named, "the base")
        if field is not None:
            return field
    place, note = _gazetteer_place(phrase, readings, text, lang, served_only)
    if airport and len(phrase) == 1 and (place is None or not any(places.has_iata(c) for c in place.airports)):
        # "авіабаза Біггс": a town's private strips (Biggs, California) yield to the one airline-coded field
        # whose name holds the word (Biggs Army Airfield)
        field = _field_named(phrase[0], text, lang, places.airline_field_named, "the airport")
        if field is not None:
            return field
    return place, note


def _field_named(word: Token, text: str, lang: LanguageData, finder, what: str) -> tuple[Place, str] | None:
    """The one field `finder` gives for the word as written or read into Latin, weakly."""
    for spelling in [word.text] + (places.latin_spellings(word.lemma, lang) if lang.transliteration else []):
        codes = finder(spelling)
        if codes:
            found = places.with_airport(Place(text, []), codes[0])
            return (Place(text, found.airports, found.country, match="partial", score=0.8, airport=True),
                    f"place {text!r} read as {what} whose name holds {spelling!r}")
    return None


def _gazetteer_place(phrase: list[Token], readings: list[str], text: str, lang: LanguageData,
                     served_only: bool) -> tuple[Place | None, str | None]:
    """A name the alias tables lack, looked up in the generated gazetteer: as written, then its
    Latin spellings (Cyrillic), then — next to a movement only — by a scored fuzzy match."""
    words = [" ".join(t.place_lemmas()[0] for t in phrase), " ".join(t.text.lower() for t in phrase)]
    if lang.morphology and len(phrase) == 1 and phrase[0].lemma[-1:] in "ая":
        # a name the dictionary does not know gets a guessed lemma: "Джидді" → "джиддя" (Джидда)
        other = phrase[0].lemma[:-1] + ("а" if phrase[0].lemma.endswith("я") else "я")
        readings = readings + [other]
        words.append(other)
    elif lang.morphology and len(phrase) == 1 and re.search(r"[бвгджзклмнпрстфхцчшщ]$", phrase[0].lemma):
        other = phrase[0].lemma + "а"  # or a masculine one: "Эсейсу" → "эсейс" (Эсейса)
        nation = places.country([other], lang.code, text)
        if nation is not None:
            return nation, None  # "в Тонге": Тонга, the country
        readings = readings + [other]
        words.append(other)
    spellings = [s for w in dict.fromkeys(words) for s in places.latin_spellings(w, lang)] if lang.transliteration else []
    place = places.lookup(readings + [text], text, [s for s in spellings if s.isascii()], fuzzy=not served_only,
                          served_only=served_only)
    if place is None and len(phrase) > 1 and text[phrase[0].end - phrase[0].start:][:1] in "-‐‑" and len(
            phrase[0].text) >= places.NAME_WORD_MIN:  # not "Ваді-Сейдна": "Wadi" (a valley) is no city
        # "Жешув-Ясьонка", "Rzeszów-Jasionka": a city and its airport's name; the city alone, as a weak match
        city, _ = _gazetteer_place(phrase[:1], list(phrase[0].lemmas or (phrase[0].lemma,)), phrase[0].text, lang,
                                   served_only)
        if city is not None and city.airports and city.match != "fuzzy":
            place = Place(text, city.airports, city.country, match="partial", score=round(city.score * 0.8, 2))
    if place is None:
        return None, None
    return place, (f"place {text!r} matched {place.match} (score {place.score:.2f}) in the gazetteer: "
                   f"{', '.join(place.airports[:4])}")


def _case_word(toks: list[Token], prep_at: int, name_at: int, lang: LanguageData) -> Token | None:
    """The airport noun between a preposition and a name: its case says where/whither."""
    return next((t for t in toks[prep_at + 1:name_at] if t.lemma in lang.airport_nouns), None)


def _prep_role(prep: str, head: Token, lang: LanguageData) -> str | None:
    if prep in lang.prep_from:
        if prep in lang.prep_with and head.has("ablt", first_only=True) and not head.has("gent"):
            return None  # "з Макроном на борту": "with" the instrumental, not "from"
        return "from"
    if prep in lang.prep_to:
        return "to"
    if prep in lang.prep_at:
        if lang.morphology and head.has("Fixd"):
            return "at_or_to"  # "в США", "в Дели": an indeclinable name says neither; the verb before it will
        if not lang.morphology or head.has("loct") or head.has("loc2"):
            return "at"
        return "to"  # "в Пхеньян": accusative of direction
    return None


def _route(mentions: list[Mention], events: list[Event], toks: list[Token], lang: LanguageData, text: str = ""):
    """Origin, destination and the place of a ground stay from the sentence's places. Places
    the preposition or case assigns ("from", "to") come first; a locative place ("in Jakarta")
    then takes what is left, so "В Джакарте борт провёл сутки: он перелетел в Нью-Дели" keeps
    New Delhi as the destination. A locative place in another part of the sentence (after a colon
    or semicolon) than every movement is no end of it when the movements' part names its own:
    "Летом борт уже отметился в КНДР: 2 августа он приземлился на Чкаловском" lands at Chkalovsky."""
    origin = destination = stay = None
    stay_end = -1
    roles = {e.role for e in events}
    en_route = [m for m in mentions if m.role == "to" and any(
        t.lemma in lang.route_nouns for t in _tokens_before(toks, m.start, 3))]
    if en_route and any(m.role == "at" for m in mentions):
        # "On the way to Pyongyang it did not land in Vladivostok": the stop is the claim's end
        mentions = [m for m in mentions if m not in en_route]
    for m in mentions:
        if m.role == "from" and origin is None:
            origin = m.place
        elif m.role == "to" and destination is None:
            destination = m.place
    def apart(m: Mention) -> bool:  # a colon or semicolon between the place and every movement
        return bool(text and events) and all(
            re.search(r"[:;]", text[min(m.end, e.end):max(m.start, e.start)]) for e in events)

    # only when the movements' own part names a place: "задержался в КНДР ненадолго: RA-86999 вылетел
    # обратно" leaves from North Korea
    has_own = any(not apart(m) for m in mentions)
    for m in mentions:
        if m.role != "at":
            continue
        place = m.place
        if has_own and apart(m):
            continue
        if _after_stay_word(m, toks, events, lang) and stay is None:
            stay, stay_end = place, m.end
        elif ("arrive" in roles or "fly" in roles or "return" in roles) and destination is None:
            destination = place
        elif "depart" in roles and origin is None:
            origin = place
        elif stay is None:
            stay, stay_end = place, m.end
    destination = _most_specific(destination, [m.place for m in mentions if m.role in ("to", "at")])
    origin = _most_specific(origin, [m.place for m in mentions if m.role == "from"])
    destination, origin = (_town_of_unresolved(p, mentions, toks, lang) for p in (destination, origin))
    return origin, destination, stay, stay_end


def _town_of_unresolved(place: Place | None, mentions: list[Mention], toks: list[Token],
                        lang: LanguageData) -> Place | None:
    """"At King Khalid International Airport in Riyadh": when the airport's name is not resolved,
    the town named right after it ("in", an airport noun between) is that end, as a weak (partial)
    match: it may support the claim, never contradict it."""
    if place is None or place.airports:
        return place
    at = next((k for k, m in enumerate(mentions) if m.place is place), None)
    if at is None or at + 1 >= len(mentions) or not mentions[at + 1].place.airports or mentions[at + 1].role != "at":
        return place  # not "из Хмеймима в Бенгази": a place of direction is the other end
    gap = [t for t in toks if mentions[at].end <= t.start and t.end <= mentions[at + 1].start]
    if not gap or gap[-1].lemma not in lang.prep_at or any(
            t.lemma not in lang.airport_nouns and t.lemma not in lang.prep_at for t in gap):
        return place
    town = mentions[at + 1].place  # weak: the end lies in that town, at an airport the text names but we cannot
    return Place(town.text, town.airports, town.country, match="partial", score=round(town.score * 0.8, 2))


def _most_specific(place: Place | None, others: list[Place]) -> Place | None:
    """"В Москву Ил-96 вернулся …: он приземлился во Внукове", "landed in Buenos Aires, at
    Ezeiza": a second name for the same end whose airports are some of the first one's is the
    place the sentence means; the city stands when the airport adds nothing."""
    if place is None or not place.airports:
        return place
    for other in others:
        if other is not place and other.airports and other.country == place.country and set(
                other.airports) < set(place.airports):
            place = other
    return place


_MOVED = ("fly", "arrive", "depart", "return")


def _before_adjuncts(mentions: list[Mention], toks: list[Token], events: list[Event],
                     lang: LanguageData, main: str = "") -> list[tuple[int, int]]:
    """Places inside an adjunct about what came before the sentence's movement ("After a stay
    of four hours in Oman, the jet headed back to Vienna", "Після проміжної посадки в Стамбулі
    борт приземлився в Казані", "Проведя в Филадельфии сутки, борт перелетел…") are where the
    movement starts: role "from". Only when a movement is said after the place, or when the
    adjunct trails a departure after a comma ("Повернувся він у четвер, провівши в Пхеньяні дві
    доби"); the spans (adjunct word … its end) are returned so that a stay duration inside one
    belongs to the origin."""
    spans = []
    for m in mentions:
        if m.role not in ("at", "to"):
            continue
        opener = _adjunct_opener(toks, m.start, 8, lang)
        if opener is None or _clause_between(opener.end, m.start, toks, events, lang):
            continue  # "after it flew to Minsk", "после обмена направился в Германию": a clause of its own
        moved = [e for e in events if e.start >= m.end and e.role in _MOVED and not e.future]
        if moved:
            m.role = "from"
            spans.append((opener.start, moved[0].start))
        elif _trails_departure(opener, events, main) and not any(x.role == "from" for x in mentions):
            m.role = "from"
            spans.append((opener.start, _clause_end(opener.end, events, main)))
    return spans


def _clause_between(start: int, end: int, toks: list[Token], events: list[Event], lang: LanguageData) -> bool:
    """A verb between an adjunct's opener and what follows it makes a clause of its own."""
    return any(start <= e.start < end and e.air for e in events) or (lang.morphology and any(
        start <= t.start < end and t.has("VERB", first_only=True) for t in toks))


def _trails_departure(opener: Token, events: list[Event], main: str) -> bool:
    """The adjunct follows a departure or a return, set off by a comma or dash ("…left again as TVF34RE
    at 4:02 p.m., after a turnaround of about 70 minutes"): what it tells came before that departure,
    at the place it left. Not after an arrival ("landed in Riyadh, after circling over …")."""
    before = [e for e in events if e.end <= opener.start and not e.future]
    return bool(before) and before[-1].role in ("depart", "return") and \
        re.search(r"[,;–—]\s*$", main[before[-1].end:opener.start]) is not None


def _clause_end(start: int, events: list[Event], main: str) -> int:
    """Where a trailing adjunct ends: the next movement, or the sentence's end."""
    return min((e.start for e in events if e.start >= start), default=len(main))


def _stay_before_move(pos: int, toks: list[Token], events: list[Event], lang: LanguageData, main: str = "") -> bool:
    """A stay duration at `pos` inside an adjunct about what came before the movement, with no
    place in it ("After a stay of about eight hours, the jet left for …", "Пробыв там сутки, борт
    улетел…", "…was back in the air at 9:43 p.m., after a turn of about two and a half hours"): an
    opener word shortly before it, no verb between, and a movement said after it or a departure it trails."""
    opener = _adjunct_opener(toks, pos, 6, lang)
    if opener is None or _clause_between(opener.end, pos, toks, events, lang):
        return False
    return any(e.start > pos and e.role in _MOVED and not e.future for e in events) or (
        bool(main) and _trails_departure(opener, events, main))


def _adjunct_opener(toks: list[Token], pos: int, k: int, lang: LanguageData) -> Token | None:
    """The nearest word among the `k` before `pos` that opens an adjunct about what came before
    ("after", "пробыв", "провівши"), if any."""
    return next((t for t in reversed(_tokens_before(toks, pos, k)) if t.text.lower() in lang.before_adjunct_words), None)


def _tokens_before(toks: list[Token], pos: int, k: int) -> list[Token]:
    """The last k tokens that end at or before `pos` (tokens are in text order): a binary search,
    not a scan per place, so a sentence with thousands of places stays linear."""
    i = bisect.bisect_right(toks, pos, key=lambda t: t.end)
    return toks[max(0, i - k):i]


def _after_stay_word(m: Mention, toks: list[Token], events: list[Event], lang: LanguageData) -> bool:
    """Is the locative place part of a stay ("перебування на землі у Північній Кореї", "в Джакарте
    борт провёл сутки")? A stay noun just before it, or a stay verb as the event nearest to it."""
    if any(t.lemma in lang.stay_nouns for t in _tokens_before(toks, m.start, 5)):
        return True
    near = [e for e in events if e.end <= m.start]
    if near and near[-1].role == "stay":
        return True
    nearest = min(events, key=lambda e: min(abs(e.start - m.end), abs(m.start - e.end)), default=None)
    return nearest is not None and nearest.role == "stay"


def _times(main: str, lang: LanguageData, events: list[Event], origin: Place | None,
           destination: Place | None, stay_evidence: bool, published: dt.date | None, notes: list[str],
           context: Context, stay_spans: Sequence[tuple[int, int]] = (), borrowed: list[str] | None = None,
           spread: dict[str, float] | None = None):
    """A sentence's departure, arrival, dwell and loose movement time; `borrowed` gets the fields whose
    day an earlier sentence gave (a clock time alone: "The plane left at 18:05"), `spread` those read
    in zones of different offsets, with the spread in hours."""
    exprs = timeexpr.find(main, lang)
    departure = arrival = dwell = movement = None
    dwell_at: int | None = None
    all_groups = timeexpr.groups(exprs, main, conjunctions=lang.clause_conjunctions)
    lone = _lone_zone(all_groups)
    # one time for a takeoff and a landing together may be loose; a time for each end pins each
    single = sum(1 for g in all_groups if g[0].kind != "duration" and not all(e.kind == "zone" for e in g)) == 1
    moments: list[tuple[list[timeexpr.TimeExpr], str]] = []
    denied_before = _denied_before(lang.code)
    for group in all_groups:
        if denied_before.search(timeexpr.fold_case(main[max(0, group[0].start - 30):group[0].start])):
            # "пробув не дві доби, а трохи більше дев'яти годин", "not on Monday but on Tuesday": the value
            # denied is not the claim's; the one after it is
            notes.append(f"time {main[group[0].start:group[-1].end]!r} is denied: not the claim's")
            continue
        if group[0].kind == "duration":
            after = timeexpr.fold_case(main[group[0].end:group[0].end + 40])
            if group[0].duration is not None and timeexpr.beyond_any_stay(group[0].duration):
                notes.append(f"duration {group[0].text!r} is longer than any ground stay: not read")
            elif re.match(rf"\s*(?:{lang.airborne_after})", after):
                notes.append(f"duration {group[0].text!r} is time in the air, not a ground stay: not read")
            elif re.match(rf"\s*(?:{lang.delay_after})", after) or \
                    re.search(rf"(?:{lang.delay_before})", timeexpr.fold_case(main[max(0, group[0].start - 40):group[0].start])):
                notes.append(f"duration {group[0].text!r} is the flight's delay, no ground stay")  # read: nothing to check
            elif (stay_evidence or any(a <= group[0].start < b for a, b in stay_spans)) and dwell is None:
                dwell, dwell_at = group[0].duration, group[0].start  # "after four hours in Oman": a stay
            elif not stay_evidence:
                notes.append(f"duration {group[0].text!r} is not a ground stay: not read")
            continue
        if all(e.kind in ("zone", "monthref") for e in group):
            continue  # a zone stated apart; a month whose day the sentence gives elsewhere
        if re.search(rf"(?<!\w)(?:{lang.speech_verbs})\s+(?:(?:on|in|в|во|у)\s+)?$", timeexpr.fold_case(main[:group[0].start])):
            # "Liu said on Wednesday she had been told that the jet took him on to Denver late on Tuesday night"
            notes.append(f"time {main[group[0].start:group[-1].end]!r} is when it was said, another event: not a claim time")
            continue
        event = _event_for(group[0].start, group[-1].end, main, events, lang.clause_conjunctions)
        if _in_relative_clause(group[0].start, main, lang) and event.end <= main.rfind(",", 0, group[0].start):
            # "прибыл в 9:20 по местному времени, которое с марта совпадает с …": the clause's own moment
            notes.append(f"time {main[group[0].start:group[-1].end]!r} is in a relative clause without the "
                         "movement: not read")
            continue
        if event.future:
            continue  # the time of a plan ("в п'ятницю вирушить назад") is not a claim
        field_name = _field(event.role, origin, destination)
        if field_name is not None and _loose(group, event, events, single, main, lang):
            field_name = "movement"
        if field_name is None:
            notes.append(f"time {main[group[0].start:group[-1].end]!r} belongs to a stay, not a movement: not read")
            _later_day_unread(group, published, context)
            continue
        moments.append((group, field_name))
    look_back = any(re.search(p, timeexpr.fold_case(main)) for p in lang.flashback_markers)
    flown_only = any(e.role == "fly" for e in events if not e.future) and not any(
        e.role in ("depart", "arrive", "return") for e in events if not e.future)
    for group, field_name in _join_day_and_clock(moments):
        place = origin if field_name == "departure" else destination
        zones = places.zones(place)
        if field_name == "movement":  # read where it ends, as an arrival would be (LABELS.md v2) …
            place = destination if destination is not None else origin
            zones = places.zones(place)
            if flown_only:  # … but "flew from X to Y on Monday" is Monday at either end (LABELS.md v2.1)
                zones = sorted(set(places.zones(origin)) | set(zones))
        clock_only = context.named_day is not None and not any(e.kind in _DAY_KINDS for e in group)
        counted = any(e.kind == "sameday" and e.offset for e in group) and not any(
            e.kind in _DAY_KINDS and e.kind != "sameday" for e in group)  # "two days later", "the next day"
        if context.look_back_day is not None and context.look_back_age == 1 and counted and not look_back:
            # "The same aircraft had carried him to London on May 7. Two days later the jet returned": counted
            # from the look-back's day or from the story's? The text does not say: left unresolved
            notes.append(f"time {main[group[0].start:group[-1].end]!r} counts from a day the text leaves open "
                         "(a look-back just named another): left unresolved")
            continue
        that_day = next((e for e in group if e.kind == "thatday"), None)
        that_weekday = next((e for e in group if e.kind == "weekday"), None)
        anchor = context.named_day if clock_only else context.anchor
        if that_day is not None and that_weekday is not None and that_weekday.weekday is not None:
            named = context.named_weekdays.get(that_weekday.weekday)  # "Earlier that Saturday": the one named
            if named is not None:
                anchor = (named, named)
                group = [e for e in group if e is not that_day and e is not that_weekday] + [
                    timeexpr.TimeExpr(that_day.start, that_weekday.end, "sameday", text=f"{that_day.text} {that_weekday.text}",
                                      offset=0)]
                group.sort(key=lambda e: e.start)
        # counted from the day before: "that afternoon", "later that week, on Friday" (a weekday of that week),
        # and no day of its own
        weekly = any(e.kind == "sameweek" for e in group)
        own_day = any(e.kind in _DAY_KINDS - {"sameday"} and not (e.kind == "weekday" and weekly) for e in group)
        told_from_before = (weekly or any(e.kind == "sameday" for e in group)) and not own_day
        if that_day is None and context.day_since and not clock_only and (
                told_from_before or not any(e.kind in _DAY_KINDS for e in group)):
            notes.append(f"time {main[group[0].start:group[-1].end]!r} counts from a day the text leaves open "
                         "(another day was named since the last one a claim gave): left unresolved")
            continue
        resolved = _resolve_with_lone_zone(group, lone, published, zones, anchor, context.moment, notes, main, lang)
        if resolved is None:
            continue
        notes.extend(resolved.notes)
        if resolved.days:  # a claim's own day: a day named by other sentences before it no longer counts
            context.named_day = None
        if resolved.days and resolved.days[0] == resolved.days[1]:
            context.named_weekdays[resolved.days[0].weekday()] = resolved.days[0]
        if not look_back:
            context.day_since = context.day_since and not resolved.days
            context.anchor = resolved.days or context.anchor  # "had flown in on Sunday": a look back, not "that day"
            context.look_back_day = None if resolved.days else context.look_back_day
        elif resolved.days and resolved.days != context.anchor:
            context.look_back_day, context.look_back_age = resolved.days, 0
        if resolved.window is not None and resolved.window.bounded and not resolved.widened:
            context.moment = resolved.window
        if resolved.window is None:
            continue
        if resolved.widened and place is None and field_name not in context.pending:
            context.pending[field_name] = resolved.local
        unset = {"departure": departure, "arrival": arrival, "movement": movement}[field_name] is None
        if resolved.spread_h and place is not None and place.country is None and resolved.local and unset:
            context.pending_spread[field_name] = resolved.local
        if resolved.borrowed and borrowed is not None and unset:
            borrowed.append(field_name)
        # "flew from X to Y on Monday" means Monday at either end: a union the text states, not a doubt
        if resolved.spread_h and spread is not None and unset and not (field_name == "movement" and flown_only):
            spread[field_name] = resolved.spread_h
        if field_name == "departure" and departure is None:
            departure = resolved.window
        elif field_name == "arrival" and arrival is None:
            arrival = resolved.window
        elif field_name == "movement" and movement is None:
            movement = resolved.window
        else:
            notes.append(f"second {field_name} time {main[group[0].start:group[-1].end]!r} not read")
    return departure, arrival, dwell, movement, dwell_at


@functools.lru_cache(maxsize=8)
def _denied_before(code: str) -> re.Pattern[str]:
    """A negator right before a time ("не дві доби", "not on Monday"), a preposition allowed between."""
    neg = qualifier_words.get(code).negation
    return re.compile(rf"(?<!\w)(?:{neg})\s+(?:(?:в|у|во|на|о|об|on|at|in|for)\s+)?$")


def _later_day_unread(group: list[timeexpr.TimeExpr], published: dt.date | None, context: Context) -> None:
    """A day a claim's sentence names but does not read (a stay's), after the anchor: the story moved on."""
    if context.anchor is not None and any(e.kind in ("date", "weekday") for e in group):
        _moved_on(timeexpr.resolve(group, published, [], context.anchor).days, context)


def _in_relative_clause(at: int, text: str, lang: LanguageData) -> bool:
    """Is the word at `at` inside a relative clause ("…, який вилетів із Внукова пізніше")? Its
    event is another moment, not the one the sentence's time belongs to."""
    if not lang.relative_words:
        return False
    comma = text.rfind(",", 0, at)
    if comma < 0:
        return False
    return re.match(rf"\s*(?:{'|'.join(lang.relative_words)})(?!\w)", text[comma + 1:at], re.IGNORECASE) is not None


def _loose(group: list, event: Event, events: list[Event], single: bool = True, text: str = "",
           lang: LanguageData | None = None) -> bool:
    """A day (no clock) that the sentence does not pin to one end of the flight: "flew from
    Moscow to Pyongyang on 31 July", "took off from X and arrived in Y on Tuesday morning"
    (a time before the first or after the last of a takeoff and a landing). It belongs to the
    movement as a whole (issue 14, shape 1). "Left Moscow on 31 July and landed …" pins it."""
    if any(e.kind == "clock" for e in group):
        return False
    if event.role in ("fly", "return"):
        return True  # "returned to Moscow on Monday": the day of a return flight, not of its landing
    moving = [e for e in events if not e.future and e.role in ("depart", "arrive", "return")
              and not (lang is not None and _in_relative_clause(e.start, text, lang))]
    if not single or not ({e.role for e in moving} >= {"depart"} and {e.role for e in moving} & {"arrive", "return"}):
        return False
    start, end = group[0].start, group[-1].end
    return not any(e.end <= start for e in moving) or not any(e.start >= end for e in moving)


def _join_day_and_clock(moments: list[tuple[list, str]]) -> list[tuple[list, str]]:
    """"On Tuesday, a jet … touched down at 3:45 p.m. local time": a clock with no day and
    a day with no clock, for the same event, are one moment."""
    day_kinds = {"date", "month", "weekday", "relday", "period", "sameday"}
    out = list(moments)
    for clock_group, name in moments:
        if any(e.kind in day_kinds for e in clock_group) or not any(e.kind == "clock" for e in clock_group):
            continue
        days = [m for m in out if m[1] == name and m[0] is not clock_group
                and any(e.kind in day_kinds for e in m[0]) and not any(e.kind == "clock" for e in m[0])]
        if len(days) == 1:
            day_group = days[0]
            out = [m for m in out if m is not day_group and m[0] is not clock_group]
            out.append((sorted(day_group[0] + clock_group, key=lambda e: e.start), name))
    return sorted(out, key=lambda m: m[0][0].start)


def _lone_zone(groups: list[list[timeexpr.TimeExpr]]) -> timeexpr.TimeExpr | None:
    """The one zone a sentence states apart from any clock ("о 07:40, а о 08:35 уже сів … (обидва часи
    — за київським часом)"), if it states exactly one."""
    lone = [g for g in groups if all(e.kind == "zone" for e in g)]
    return lone[0][0] if len(lone) == 1 else None


def _resolve_with_lone_zone(group: list[timeexpr.TimeExpr], lone: timeexpr.TimeExpr | None, published: dt.date | None,
                            zones: list[str], anchor, moment: TimeWindow | None, notes: list[str],
                            main: str, lang: LanguageData | None = None) -> timeexpr.Resolved | None:
    """`timeexpr.resolve` of a group; a clock time stating no zone, in a sentence that states one apart
    (`_lone_zone`), is read in that zone where its place gives none, or where the zone is a city's by
    name ("За київським часом лайнер торкнувся смуги в Цюриху близько п'ятої вечора": the sentence says
    whose clock it is); where its place gives one that reads it otherwise and the zone is named less
    surely, which of the two is meant is open ("at three …, Australian Eastern Standard Time" may be
    misread as US Eastern): None, with a note that leaves it unread."""
    if lone is None or not any(e.kind == "clock" for e in group) or any(e.kind == "zone" for e in group):
        return timeexpr.resolve(group, published, zones, anchor, moment)
    shared = group + [dataclasses.replace(lone, start=group[-1].end, end=group[-1].end)]  # the group's span stays its own
    resolved = timeexpr.resolve(shared, published, zones, anchor, moment)
    by_city = lang is not None and any(re.fullmatch(p, timeexpr.fold_case(lone.text)) for p in lang.zone_stem_patterns)
    if zones and not by_city and resolved.window != timeexpr.resolve(group, published, zones, anchor, moment).window:
        notes.append(f"time {main[group[0].start:group[-1].end]!r}: the zone stated apart from it ({lone.text!r}) "
                     "and its place's read it differently: left unresolved")
        return None
    return resolved


def _event_for(start: int, end: int, text: str, events: list[Event], conjunctions: frozenset[str] = frozenset()) -> Event:
    """The event a time belongs to: a verb right after it ("в п'ятницю вирушить"), else the nearest
    event before it ("вилетів з Москви 31 липня") unless that is a stay a colon, semicolon or dash
    parts from the time and not the time from the next event, or "and" parts them and nothing the
    next one ("вылетел … по местному времени и около 13:10 по московскому приземлился"), else the
    first after it."""
    after = [e for e in events if e.start >= end]
    if after and not text[end:after[0].start].strip():
        return after[0]
    before = [e for e in events if e.start < start]
    if before and after and conjunctions:
        joins = rf"(?<!\w)(?:{'|'.join(map(re.escape, conjunctions))})(?!\w)"
        trail = text[end:after[0].start]
        if re.search(joins, text[before[-1].end:start].lower()) and not re.search(joins, trail.lower()) \
                and not re.search(r"[,;:()]|\s[—–]\s", trail):
            return after[0]
    if before and after and before[-1].role == "stay" and (
            (_CLAUSE_BREAK.search(text[before[-1].end:start]) and not _CLAUSE_BREAK.search(text[end:after[0].start]))
            or re.fullmatch(r"[\s,]*", text[end:after[0].start])):
        # "пробыл меньше суток: уже в среду утром он вылетел", "простояв … дві доби і в четвер, 28 вересня,
        # вилетів назад": the time opens the next clause, whose verb follows it
        return after[0]
    return before[-1] if before else events[0]


_CLAUSE_BREAK = re.compile(r"[:;]|\s[—–]\s")


def _field(role: str, origin: Place | None, destination: Place | None) -> str | None:
    if role == "depart":
        return "departure"
    if role in ("arrive", "return"):
        return "arrival"
    if role == "fly":
        return "departure" if origin is not None and destination is None else "arrival"
    return None


def _kind(events: list[Event]) -> str:
    roles = {e.role for e in events}
    moves = roles - {"stay"}
    if not moves:
        return "stay"
    if moves == {"arrive"}:
        return "arrival"
    if moves == {"depart"}:
        return "departure"
    return "flight"


# --------------------------------------------------------------------------- trips

def link_trips(article_id: str, claims: list[Claim]) -> None:
    """Give claims of one trip the same `trip` key.

    A claim joins the latest trip whose aircraft does not conflict with it and whose
    times lie within CLAIM_TRIP_GAP of its own; a claim with no time joins the latest trip
    it does not conflict with; otherwise it starts a new trip.
    """
    trips: list[list[Claim]] = []
    order = {id(c): n for n, c in enumerate(claims)}
    referred: set[int] = set()  # claims whose registration "the same aircraft" took from an earlier trip
    referring: set[int] = set()  # trips begun by "the same aircraft"
    for claim in claims:
        # "the reserve Il-96 followed": the trip of the backup aircraft, when one was spoken of
        home = _backup_trip(claim, trips, order) if _fleet_role(claim) == "backup" else None
        # "a similar aircraft", "separately, a …": another aircraft starts its own trip
        if home is None:
            home = None if claim.other_aircraft else _home_trip(claim, trips, order)
        if home is not None and id(home) in referring and _named(claim) and not any(_named(c) for c in home):
            home = None  # "той самий борт" is an aircraft named before: one named only later is not it
        same = not _named(claim) and _fleet_role(claim) == "same"
        candidates = _same_candidates(claim, trips) if same else []
        if len(candidates) > 1:  # "the same aircraft" after two were named: neither trip is surely its own
            home = None
            claim.unread.append(f"the same aircraft as before: {' or '.join(candidates)}, the text does not say which")
        elif home is not None and candidates and not any(c.registration == candidates[0] for c in home):
            home = None  # the trip it fits is another aircraft's
        if home is None:
            home = []
            trips.append(home)
            if same:
                referring.add(id(home))
                if len(candidates) == 1:
                    claim.registration = candidates[0]
                    referred.add(id(claim))
        home.append(claim)
        claim.trip = f"{article_id}/trip{trips.index(home) + 1}"
    for trip in trips:
        for claim in trip:  # what the claim takes from its trip rather than its own sentence
            claim.inherited = [name for name in _IDENTITY if (name == "registration" and id(claim) in referred) or (
                getattr(claim, name) is None and any(getattr(other, name) for other in trip if other is not claim))]


def _same_candidates(claim: Claim, trips: list[list[Claim]]) -> list[str]:
    """The registrations "the same aircraft" ("той самий борт", "the same Il-96": of that type) may mean:
    those the trips before name. One: the claim's aircraft, taken as inherited (not a callsign, which
    names a flight, not the aircraft), so that another aircraft named later ("прибув ще й Іл-96
    RA-96017") does not lend it its identity. Several (an obituary of RA-86559 that spoke of its
    "brother" RA-86999): which one is meant is open."""
    if (mine := _type_of(claim)) is not None:  # "той самий Іл-96": an aircraft of that type, not any
        trips = [t for t in trips if any(_same_type(mine, ct) for c in t if (ct := _type_of(c)))]
    return sorted({c.registration for t in trips for c in t if c.registration})


def _named(c: Claim) -> set[str]:
    return {x.replace("-", "").upper() for x in (c.registration, c.callsign) if x}


def _home_trip(claim: Claim, trips: list[list[Claim]], id_order: dict[int, int]) -> list[Claim] | None:
    """The trip a claim joins. A claim that names its aircraft joins the latest fitting trip that
    names it too; it never joins a trip of "another" aircraft that names none (that aircraft is
    not this one). Other claims join the latest trip they do not conflict with."""
    fitting = _fitting_trips(claim, trips, id_order)
    mine = _named(claim)
    if not mine and _fleet_role(claim) == "main":  # "основний літак вилетів": the leader's own, not the backup
        principal = [t for t in sorted(fitting, key=lambda t: id_order.get(id(t[0]), -1))
                     if not _introduced_as_other(t) and not any(_fleet_role(c) == "backup" for c in t)]
        if principal:
            return principal[0]
    if not mine and claim.nationality:  # "Египетский борт простоял…": the trip of the Egyptian aircraft
        same_state = [t for t in fitting if any(claim.nationality in _states_of(c) for c in t)]
        if same_state and (len(same_state) == 1 or not _type_of(claim)):
            return same_state[0]
    if not mine:
        mine_type = _type_of(claim)
        if mine_type:  # "The A319 left…" after a sentence about another aircraft: the trip with the A319
            typed = next((t for t in fitting if any(_same_type(mine_type, ct) for c in t if (ct := _type_of(c)))), None)
            if typed is not None:
                return typed
        elif not _anaphoric(claim):  # "the plane", "борт": the article's aircraft, not a companion just named
            owners = _person_stems(claim)
            theirs = [t for t in fitting if owners and any(owners & _person_stems(c) for c in t)]
            if len(theirs) == 1:
                return theirs[0]  # "Борт Сі Цзіньпіна пробув…", "Putin's jet left": the trip that names them
            main = [t for t in fitting if not _introduced_as_other(t)]
            if main:
                return main[0]
        return fitting[0] if fitting else None
    named = next((t for t in fitting if any(mine & _named(c) for c in t)), None)
    if named is not None:
        return named
    if any(mine & _named(c) for t in trips for c in t):
        return None  # named in a trip it cannot join (another day): a trip of its own
    return next((t for t in fitting if not (any(c.other_aircraft for c in t) and not any(_named(c) for c in t))), None)


def _states_of(c: Claim) -> set[str]:
    """The states a claim ties its aircraft to: the one it names, and its registration's mark
    ("VT-ALV" is India's) — so that "Индийский борт" finds the trip of VT-ALV."""
    from tracker.corroborate import states  # the marks table lives with the nationality checks

    found = {c.nationality} if c.nationality else set()
    if (mark := states.of_registration(c.registration)) is not None:
        found.add(mark)
    return found


def _fitting_trips(claim: Claim, trips: list[list[Claim]], id_order: dict[int, int]) -> list[list[Claim]]:
    """The trips this claim could join, the one last spoken of first ("It landed in Denver" follows
    the sentence just before); never one holding another aircraft of its own sentence."""
    recent = sorted(trips, key=lambda t: max(id_order.get(id(c), -1) for c in t), reverse=True)
    return [t for t in recent if _same_trip(claim, t) and not any(c.quote == claim.quote for c in t)]


def _backup_trip(claim: Claim, trips: list[list[Claim]], id_order: dict[int, int]) -> list[Claim] | None:
    """The latest trip, fitting this claim, in which the backup aircraft was spoken of."""
    return next((t for t in _fitting_trips(claim, trips, id_order) if any(_fleet_role(c) == "backup" for c in t)), None)


def _fleet_role(claim: Claim) -> str | None:
    return _fleet_role_of(claim.quote, claim.language or "en")


@functools.lru_cache(maxsize=4096)
def _fleet_role_of(quote: str, language: str) -> str | None:
    """"backup" when the sentence's aircraft is called the reserve one ("Резервний Іл-96", "the
    backup 777", "дублирующий борт"), "main" when the principal one ("основний літак", "the main
    jet"), "same" when the one spoken of before ("той самий борт", "the same A330"), by the language's
    words right before an aircraft word or type; else None."""
    q = qualifier_words.get(language)
    low = timeexpr.fold_case(quote)
    if _before_aircraft(q.backup, r"(?:[\w'.-]+\s+)?", quote, low, q.aircraft_words):
        return "backup"
    if re.search(rf"(?<!\w)(?:{q.main})\s+(?:{q.aircraft_words})(?!\w)", low):
        return "main"
    # right before it: "того ж дня A330" is the same day, not the same aircraft
    if _before_aircraft(q.same, "", quote, low, q.aircraft_words):
        return "same"
    return None


def _before_aircraft(words: str, between: str, quote: str, low: str, aircraft_words: str) -> bool:
    """Are the qualifier `words` right before an aircraft word or a type the sentence names, with at
    most what `between` allows in between?"""
    if words == "$^":
        return False
    if re.search(rf"(?<!\w)(?:{words})\s+{between}(?:{aircraft_words})(?!\w)", low):
        return True
    return any(re.search(rf"(?<!\w)(?:{words})\s+{between}$", low[max(0, t.start - 40):t.start])
               for t in identity.aircraft_types(quote) + identity.family_mentions(quote))


_NOT_A_PERSON = re.compile(r"^(?:ADS|Flightradar|FlightAware|OpenSky|Boeing|Airbus|Ilyushin|Tupolev|Gulfstream|Dassault|"
                           r"Bombardier|Embraer|Falcon|Global|Air|Force|Airlines|Airways|Exchange|"
                           r"UTC|GMT|CET|CEST|EST|EDT|ВВС|ВПС|МЧС|ДСНС)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _person_stems_of(quote: str, language: str, skip: tuple[str, ...]) -> frozenset[str]:
    lang = get(language)
    stems = set(_owner_stems(quote, language))
    for m in re.finditer(r"(?<=[\s(«\"-])([A-ZА-ЯЁІЇЄҐ][\w'’-]+)", quote):  # "ас-Судани": the name after the particle
        word = re.sub(r"['’]s$", "", m.group(1))
        low = word.lower()
        if (len(word) < 2 or _NOT_A_PERSON.match(word) or low in lang.months or low in lang.weekdays
                or any(low[:4] == s[:4] for s in skip) or any(ch.isdigit() for ch in word)):
            continue
        stems.add(low[:4])
    return frozenset(stems)


def _owner_stems(quote: str, language: str) -> set[str]:
    """Whose aircraft a sentence says it is, by a common noun: "лайнер президента", "літак
    прем'єра", "Ил-96 президента", "the chancellor's A350" — an animate noun in the genitive right
    after an aircraft word or type number, or a word with 's before one — by its first four letters."""
    q = qualifier_words.get(language)
    low = timeexpr.fold_case(quote)
    found = {m.group(1)[:4] for m in re.finditer(
        rf"\b([a-z]+)'s\s+(?:[\w-]+\s+){{0,2}}?(?:{q.aircraft_words}|[a-z]{{0,3}}-?\d{{2,4}})\b", low)}
    lang = get(language)
    if lang.morphology:
        toks = tokens(quote, lang)
        for a, b in zip(toks, toks[1:]):
            if ((re.fullmatch(q.aircraft_words, a.text.lower()) or a.text.isdigit()) and b.text[:1].islower()
                    and b.has("anim", first_only=True) and b.has("gent", first_only=True)):
                found.add(b.lemma[:4])
    return found


def _person_stems(claim: Claim) -> frozenset[str]:
    """Capitalised words of the sentence that name no place, source, maker or time: mostly
    the people an aircraft is known by ("Putin's jet", "Літак Сі", "борт Сиси"), by their
    first four letters so that case endings agree."""
    skip = tuple(w.lower() for p in (claim.origin, claim.destination) if p is not None
                 for w in re.findall(r"\w+", p.text)) + tuple(w.lower() for s in claim.attributed_to
                                                            for w in re.findall(r"\w+", s))
    return _person_stems_of(claim.quote, claim.language, skip)


def _pronoun_after_lead(main: str, toks: list[Token], lang: LanguageData) -> bool:
    """"Contrary to some reports, it did not stop in Niamey": the pronoun opens the clause after a
    leading phrase and its comma."""
    comma = main.find(",", 0, 80)
    if comma < 0:
        return False
    after = next((t for t in toks if t.start > comma), None)
    return after is not None and after.lemma in lang.anaphora


def _pronoun_before_verb(toks: list[Token], events: list[Event], lang: LanguageData) -> bool:
    """"Во вторник около половины одиннадцатого утра он сел в Пхеньяне": the pronoun right before the
    movement verb is its subject, wherever the times and places before it put the clause's start."""
    starts = {e.start for e in events if not e.future}
    return any(t.lemma in lang.anaphora and k + 1 < len(toks) and toks[k + 1].start in starts
               for k, t in enumerate(toks))


def _introduced_as_other(trip: list[Claim]) -> bool:
    """A trip begun by "another / a second / together with it …" and never named by its
    registration or callsign: a companion of the article's main aircraft."""
    return trip[0].other_aircraft and not any(_named(c) for c in trip)


def _anaphoric(claim: Claim) -> bool:
    """The sentence starts with a pronoun for the aircraft just named ("It landed …", "Він …")."""
    words = get(claim.language).anaphora
    if not words:
        return False
    alts = "|".join(words)
    return re.match(rf"^\W*(?:{alts})(?!\w)|^[^,]{{0,80}},\s*(?:{alts})(?!\w)", claim.quote.strip(), re.IGNORECASE) is not None


def zone_from_trip(claims: list[Claim], placeless: dict[str, dict[str, tuple[dt.datetime, dt.datetime]]]) -> None:
    """A time whose sentence names no place ("the landing was on 2 November") is read in the
    zones of every place its trip names (the aircraft takes off and lands only there, as far as
    the article tells), not in every zone on Earth. A place named but not resolved is not "no
    place": its time stays as wide as it was."""
    for claim in claims:
        fields = placeless.get(claim.id)
        if not fields:
            continue
        named = [p for c in claims if c.trip == claim.trip and c is not claim
                 for p in (c.origin, c.destination) if p is not None and places.zones(p)]
        if set(fields) == {"departure"}:  # "that evening it left again": from where the trip last landed
            before = [c.destination for c in claims[:claims.index(claim)]
                      if c.trip == claim.trip and c.destination is not None and places.zones(c.destination)]
            named = before[-1:] or named
        elif set(fields) == {"arrival"}:  # "Борт сел в 10:31 по местному" after "приземлился во Владивостоке":
            # where the trip's claim just before was going
            earlier = [c for c in claims[:claims.index(claim)] if c.trip == claim.trip]
            going = earlier[-1].destination if earlier else None
            if going is not None and places.zones(going):
                named = [going]
        zones = sorted({z for p in named for z in places.zones(p)})
        if not zones:
            continue
        texts = ", ".join(dict.fromkeys(p.text for p in named))
        for name, local in fields.items():
            if not _read_in_zones(claim, name, local, zones):
                continue
            if name not in claim.derived:  # the zone is the trip's guess, not the sentence's
                claim.derived = [*claim.derived, name]
            claim.notes = [n for n in claim.notes if not n.startswith("place unknown")]
            claim.notes.append(f"{name}: no place in the sentence; read in the zones of the places its trip "
                               f"names ({texts}: {', '.join(zones)})")


def _read_in_zones(claim: Claim, name: str, local: tuple[dt.datetime, dt.datetime], zones: list[str]) -> bool:
    """Read a time's naive local bounds again in `zones` (a place found after its sentence was read),
    with the spread of those zones' offsets; False, and the claim as it was, when they give no window."""
    window = timeexpr.localise(local, zones) if zones else None
    if window is None:
        return False
    setattr(claim, name, window)
    rest = {k: v for k, v in claim.zone_spread_h.items() if k != name}
    if spread := timeexpr.offset_spread(local[0], zones):
        rest[name] = spread
    claim.zone_spread_h = rest
    return True


_IDENTITY = ("registration", "callsign", "aircraft_type", "type_family")


def _windows(c: Claim) -> list[TimeWindow]:
    return [w for w in (c.departure, c.arrival, c.movement) if w is not None and w.bounded]


def _type_of(c: Claim) -> str | None:
    return c.type_family or c.aircraft_type


def _same_type(a: str, b: str) -> bool:
    """One aircraft may be named by variant in one sentence and by family in the next."""
    from tracker.corroborate import families  # the family table lives with the type checks

    return a == b or (families.family(a) is not None and families.family(a) == families.family(b))


def _same_trip(claim: Claim, trip: list[Claim]) -> bool:
    for other in trip:
        for attr in ("callsign", "registration", "nationality"):
            a, b = getattr(claim, attr), getattr(other, attr)
            if a and b and a != b:
                return False
        a, b = _type_of(claim), _type_of(other)
        if a and b and not _same_type(a, b):
            return False
        if claim.aircraft_type and other.aircraft_type and claim.aircraft_type != other.aircraft_type:
            return False  # two variants of one family (a 747-8 and a 747SP) are two aircraft
    mine = _windows(claim)
    theirs = [w for c in trip for w in _windows(c)]
    if not mine or not theirs:
        return True
    return any(_within_gap(a, b) for a in mine for b in theirs)


def _within_gap(a: TimeWindow, b: TimeWindow) -> bool:
    """Two bounded windows no further apart than CLAIM_TRIP_GAP."""
    assert a.earliest and a.latest and b.earliest and b.latest  # _windows keeps bounded ones only
    return a.earliest - CLAIM_TRIP_GAP <= b.latest and b.earliest - CLAIM_TRIP_GAP <= a.latest
