"""Issue 14: the ten shapes of sentence that gave wrong verdicts, each in uk, ru and en.

Sentences go through the real extractor and are corroborated against the bundled RA-86559
reconstructions (fixtures/adsb) or small hand-built worlds; shape 8 is one test on the
bundled data. A test passes only if the verdict says no more than the data shows.
"""
from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT
from support.corroborate_world import W, claim, flight, table_for

from tracker import adsb
from tracker.claims import extractor
from tracker.corroborate import corroborate
from tracker.flights import segment
from tracker.model import Article, FlightsResult, HoursRange, Place
from tracker.output import fmt


@pytest.fixture(scope="module")
def bundled():
    table, _ = adsb.read([str(p) for p in sorted((ROOT / "fixtures" / "adsb").iterdir())])
    return segment.detect(table), table


def judge(lang: str, text: str, published: str, world):
    result, table = world
    doc = Article(id=f"t-{lang}", text=text, language=lang, published=dt.date.fromisoformat(published))
    claims = extractor.extract(doc)
    return claims, corroborate(claims, result, table)


def check(verdict, name):
    (found,) = [c for c in verdict.checks if c.field == name]
    return found


# --------------------------------------------------------------------------- 1. loose time binding

LOOSE = {
    "en": ("The Il-62M, registration RA-86559, took off from Moscow and arrived in Pyongyang on Tuesday morning.",
           "RA-86559 flew from Moscow to Pyongyang on July 30."),
    "uk": ("Іл-62М з реєстрацією RA-86559 вилетів з Москви і прибув до Пхеньяна у вівторок вранці.",
           "Літак RA-86559 полетів з Москви до Пхеньяна 30 липня."),
    "ru": ("Ил-62М с регистрацией RA-86559 вылетел из Москвы и прибыл в Пхеньян во вторник утром.",
           "Самолёт RA-86559 полетел из Москвы в Пхеньян 30 июля."),
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_1_a_time_pinned_to_neither_end_supports_or_is_inconclusive_never_contradicts(lang, bundled):
    right, wrong_day = LOOSE[lang]
    (c,), (v,) = judge(lang, right, "2023-08-03", bundled)
    assert c.movement is not None and c.departure is None and c.arrival is None
    assert v.outcome == "supported", v.reason
    moved = check(v, "movement")
    assert moved.weak and moved.basis == "loose time binding" and "loose time binding" in v.reason
    # 30 July ended, at either end, long before the 31 July 16:32Z takeoff: a wrong day, but the text
    # does not pin it to one end of the flight, so it cannot contradict (LABELS v2.1: a flight's day is
    # its day at either end — "31 July" would be right, in Moscow's calendar)
    (c,), (v,) = judge(lang, wrong_day, "2023-08-03", bundled)
    assert c.movement is not None and c.departure is None and c.arrival is None
    assert check(v, "movement").outcome == "inconclusive" and check(v, "movement").delta_s > 0
    assert v.outcome == "inconclusive", v.reason


# --------------------------------------------------------------------------- 2. unread qualifiers

UNREAD = {
    "en": "RA-86559 landed in Pyongyang on 26 September. In late July the same plane had stayed about a day and a "
          "half in Pyongyang.",
    "uk": "RA-86559 приземлився в Пхеньяні 26 вересня. Наприкінці липня той самий літак пробув у Пхеньяні близько "
          "півтори доби.",
    "ru": "RA-86559 приземлился в Пхеньяне 26 сентября. В конце июля тот же самолёт пробыл в Пхеньяне около "
          "полутора суток.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_2_words_not_read_block_contradicted_and_are_named(lang, bundled):
    claims, verdicts = judge(lang, UNREAD[lang], "2023-09-28", bundled)
    stay_claim, v = claims[-1], verdicts[-1]
    assert stay_claim.unread, stay_claim.notes
    assert v.outcome != "contradicted" and v.outcome != "supported"
    if v.outcome == "inconclusive":
        assert "not read" in v.reason and any(u in v.reason for u in map(repr, stay_claim.unread))


@pytest.mark.parametrize("lang, words", [("uk", "наприкінці липня"), ("ru", "в конце июля"), ("en", "late July")])
def test_2_unread_caps_a_contradicting_dwell_at_inconclusive(lang, words):
    from support.corroborate_world import PYONGYANG, august
    result = august()
    base = {"callsign": "RFF7203", "destination": PYONGYANG, "dwell_hours": HoursRange(80, 90), "trip": "t"}
    plain, capped = corroborate([claim("a", **base), claim("b", article="001", unread=[words], **base)],
                                result, table_for(result))
    assert plain.outcome == "contradicted"  # the same claim read whole is refuted: 36.7 h, not 80–90
    assert capped.outcome == "inconclusive" and words in capped.reason and "not read" in capped.reason
    assert all(c.outcome != "contradicted" for c in capped.checks)


# --------------------------------------------------------------------------- 3 and 7. another aircraft

SIMILAR = {
    "en": "RA-86559 landed in Pyongyang on 1 August. The minister himself arrived in Pyongyang on Monday last week, "
          "apparently on a similar government aircraft.",
    "uk": "RA-86559 приземлився в Пхеньяні 1 серпня. Сам міністр прибув до Пхеньяна в понеділок минулого тижня, "
          "імовірно, схожим урядовим літаком.",
    "ru": "RA-86559 приземлился в Пхеньяне 1 августа. Сам министр прибыл в Пхеньян в понедельник на прошлой неделе, "
          "по-видимому, на похожем правительственном самолёте.",
}
SEPARATELY = {
    "en": "RA-86559 landed in Pyongyang on 1 August 2023. Separately, a jet landed in Pyongyang on 1 August 2023.",
    "uk": "RA-86559 приземлився в Пхеньяні 1 серпня 2023 року. Окремо, ще один літак приземлився в Пхеньяні "
          "1 серпня 2023 року.",
    "ru": "RA-86559 приземлился в Пхеньяне 1 августа 2023 года. Отдельно, ещё один самолёт приземлился в Пхеньяне "
          "1 августа 2023 года.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_3_a_similar_aircraft_starts_a_new_trip_and_is_never_judged_on_the_named_one(lang, bundled):
    (named, other), (v_named, v_other) = judge(lang, SIMILAR[lang], "2023-08-10", bundled)
    assert v_named.outcome == "supported"
    assert other.other_aircraft and other.trip != named.trip and not other.inherited
    assert v_other.outcome in ("no-data", "inconclusive") and v_other.flight is None, v_other.reason
    assert "another aircraft" in v_other.reason


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_7_a_sentence_introducing_another_aircraft_inherits_no_identity(lang, bundled):
    (named, other), (v_named, v_other) = judge(lang, SEPARATELY[lang], "2023-08-03", bundled)
    assert v_named.outcome == "supported"
    assert other.other_aircraft and other.trip != named.trip
    assert other.inherited == [] and other.registration is None
    # RA-86559 did land in Pyongyang that day, but "another plane" is not it
    assert v_other.outcome == "no-data" and v_other.flight is None, v_other.reason


# --------------------------------------------------------------------------- 4. nationality and military

MILITARY = {
    "en": "A Russian military plane flew to Pyongyang on 1 August 2023.",
    "uk": "Російський військовий літак прилетів до Пхеньяна 1 серпня 2023 року.",
    "ru": "Российский военный самолёт прилетел в Пхеньян 1 августа 2023 года.",
}


def _north_korean_tu204() -> tuple[FlightsResult, object]:
    """Only a North Korean Tu-204 (P-632, address in the KP block) landing in Pyongyang that day."""
    kp = flight("kp", W("2023-07-31T22:00Z"), W("2023-08-01T02:00Z"), "ZBAA", "ZKPY", callsign="KOR632",
                icao24="720123", registration="P-632", typecode="T204")
    result = FlightsResult(flights=[kp], stays=[])
    return result, table_for(result)


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_4_nationality_and_military_are_checked_not_assumed(lang, bundled):
    (c,), (v,) = judge(lang, MILITARY[lang], "2023-08-03", _north_korean_tu204())
    assert c.nationality == "RU" and c.military is True
    assert v.outcome == "no-data" and v.flight is None, v.reason  # P-632 is North Korean: not the plane meant
    assert "marks of KP" in " ".join(v.candidates) or "nothing recorded" in v.reason
    (c,), (v,) = judge(lang, MILITARY[lang], "2023-08-03", bundled)
    assert v.outcome == "supported", v.reason
    assert check(v, "nationality").outcome == "supported" and "RU" in check(v, "nationality").observed
    assert check(v, "military").outcome == "supported" and "Air Force" in check(v, "military").reason


def test_4_nationality_by_registration_and_address_block_and_military_without_flags():
    result, table = _north_korean_tu204()
    by_reg = claim("a", registration="P-632", nationality="RU", military=True, trip="a")
    plain = claim("b", registration="P-632", nationality="RU", trip="b")
    own = claim("c", registration="P-632", nationality="KP", military=True, trip="c")
    a, b, c = corroborate([by_reg, plain, own], result, table)
    assert check(a, "nationality").outcome == "contradicted"  # a state aircraft: both marks say KP
    assert check(b, "nationality").outcome == "inconclusive"  # registered abroad is common for airliners
    assert check(c, "nationality").outcome == "supported"
    assert check(c, "military").outcome == "inconclusive" and "no aircraft database" in check(c, "military").reason


# --------------------------------------------------------------------------- 5. type family

FAMILY = {
    "en": "A Boeing 737, registration TC-JVF, landed in Oslo on 17 September 2024.",
    "uk": "Боїнг 737 з реєстрацією TC-JVF приземлився в Осло 17 вересня 2024 року.",
    "ru": "Боинг 737 с регистрацией TC-JVF приземлился в Осло 17 сентября 2024 года.",
}


def _turkish_b738() -> tuple[FlightsResult, object]:
    f = flight("thy", W("2024-09-17T09:05Z"), W("2024-09-17T12:40Z"), "LTFM", "ENGM", callsign="THY9BP",
               icao24="4baac6", registration="TC-JVF", typecode="B738")
    result = FlightsResult(flights=[f], stays=[])
    return result, table_for(result)


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_5_a_family_matches_every_variant_and_says_so(lang):
    (c,), (v,) = judge(lang, FAMILY[lang], "2024-09-18", _turkish_b738())
    assert c.type_family == "B737" and c.aircraft_type is None
    t = check(v, "aircraft_type")
    assert t.outcome == "supported" and t.tolerance == "family match" and t.weak and "B738" in t.observed
    assert v.outcome == "supported" and "family match" in v.reason


def test_5_variant_and_family_mismatches():
    result, table = _turkish_b738()
    variant = claim("a", registration="TC-JVF", aircraft_type="B739", trip="a")  # same family, another variant
    other = claim("b", registration="TC-JVF", type_family="A320", trip="b")  # clearly another family
    a, b = corroborate([variant, other], result, table)
    assert check(a, "aircraft_type").outcome == "inconclusive"
    assert check(b, "aircraft_type").outcome == "contradicted"


# --------------------------------------------------------------------------- 6. weak places and countries

@pytest.mark.parametrize("lang, country, fuzzy", [("uk", "Норвегії", "Пхеняні"), ("ru", "Норвегии", "Пхеняне"),
                                                  ("en", "Norway", "Pjongjang")])
def test_6_a_country_or_a_weak_place_match_never_contradicts(lang, country, fuzzy):
    from support.corroborate_world import august
    result = august()
    norway = Place(country, [], "NO", match="country")
    weak = Place(fuzzy, ["ZKPY"], "KP", match="transliterated", score=0.7)
    elsewhere = Place(fuzzy, ["ENGM"], "NO", match="fuzzy", score=0.6)
    vs = corroborate([claim("a", callsign="RFF7203", destination=norway, trip="a", language=lang),
                      claim("b", callsign="RFF7203", destination=weak, trip="b", language=lang),
                      claim("c", callsign="RFF7203", destination=elsewhere, trip="c", language=lang)],
                     result, table_for(result))
    a, b, c = (check(v, "destination") for v in vs)
    assert a.outcome == "inconclusive" and a.basis == "country only"  # landed in KP, not Norway: still not refuted
    assert b.outcome == "supported" and b.weak and b.basis == "transliterated place match"
    assert "transliterated" in vs[1].reason
    assert c.outcome == "inconclusive" and "not contradicted" in c.reason
    assert "(fuzzy match)" in c.claimed


# --------------------------------------------------------------------------- 8. a stay across a hole in the recording

def test_8_a_stay_across_a_hole_in_the_recording_is_bounded_never_seen(bundled):
    result, table = bundled
    long = [s for s in result.stays if s.airport and s.airport.icao == "UUMU" and s.unseen]
    assert len(long) == 1
    (hole,) = long
    span = (hole.departure.latest - hole.arrival.earliest).total_seconds() / 3600
    assert hole.dwell_hours.max == pytest.approx(span, abs=0.01) and hole.dwell_hours.min < 24  # not 1292.7–1292.7
    assert hole.unseen[0].start.date() == dt.date(2023, 8, 2) and hole.unseen[0].end.date() == dt.date(2023, 9, 25)
    assert fmt.stay_evidence(hole).startswith("bounded: no recording between 2023-08-02")
    # the stays a parked aircraft was quiet through (a day or two, one file) are still seen
    seen = [s for s in result.stays if s.airport and s.airport.icao == "ZKPY"]
    assert len(seen) == 2 and not any(s.unseen for s in seen)
    # a claim of the long stay cannot be supported by a hole
    from tracker.model import Claim
    c = Claim("h", "x", (0, 1), "q", registration="RA-86559", destination=Place("Moscow", [hole.airport.icao], "RU"),
              dwell_hours=HoursRange(1200, 1400), trip="x/t")
    (v,) = corroborate([c], result, table)
    assert check(v, "dwell").outcome == "inconclusive" and "bounded" in check(v, "dwell").reason


def test_8_cli_flights_says_bounded(bundled):
    from io import StringIO

    from rich.console import Console

    from tracker.output import report
    result, _ = bundled
    out = StringIO()
    report.print_flights(Console(file=out, width=400), result, [])
    text = out.getvalue()
    assert "bounded: no recording between 2023-08-02" in text and "1292.7–1292.7" not in text


# --------------------------------------------------------------------------- 9. a named aircraft no recording holds

NAMED = {
    "en": "RA-86559 landed in Pyongyang on Tuesday. On Tuesday evening another airliner of the same type, N123XY, "
          "flew the same route back.",
    "uk": "RA-86559 приземлився в Пхеньяні у вівторок. У вівторок увечері інший лайнер того ж типу, N123XY, "
          "пролетів тим самим маршрутом назад.",
    "ru": "RA-86559 приземлился в Пхеньяне во вторник. Во вторник вечером другой лайнер того же типа, N123XY, "
          "пролетел тем же маршрутом обратно.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_9_a_named_aircraft_no_recording_holds_is_no_data(lang, bundled):
    (_, other), (_, v) = judge(lang, NAMED[lang], "2023-08-03", bundled)
    assert other.registration == "N123XY"
    assert v.outcome == "no-data" and "no recording of N123XY" in v.reason
    assert all(c.outcome == "no-data" for c in v.checks) and v.flight is None


# --------------------------------------------------------------------------- 10. a stay at an unresolved place

DWELL = {
    "en": "RA-86559 left Moscow on 31 July. After about eight hours on the ground in Zyxford the jet flew back.",
    "uk": "RA-86559 вилетів з Москви 31 липня. Після приблизно восьми годин на землі в Зиксфорді літак полетів назад.",
    "ru": "RA-86559 вылетел из Москвы 31 июля. После примерно восьми часов на земле в Зиксфорде самолёт полетел обратно.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_10_a_dwell_is_never_compared_with_another_airports_stay(lang, bundled):
    claims, verdicts = judge(lang, DWELL[lang], "2023-08-03", bundled)
    c, v = claims[-1], verdicts[-1]
    assert c.dwell_hours is not None
    d = check(v, "dwell")
    # the only stays in reach are 36.7 h at ZKPY and the hub's: neither is "Zyxford"
    assert d.outcome == "inconclusive" and d.observed is None, d.reason
    assert "place" in d.reason


@pytest.mark.parametrize("lang, name", [("uk", "Фербенксі"), ("ru", "Фэрбенксе"), ("en", "Fairbanks")])
def test_10_an_unresolved_place_makes_the_dwell_inconclusive_with_the_reason(lang, name, bundled):
    result, table = bundled
    c = claim("u", registration="RA-86559", destination=Place(name, [], None, match="unresolved"),
              dwell_hours=HoursRange(6.8, 9.2), trip="u", language=lang)
    (v,) = corroborate([c], result, table)
    d = check(v, "dwell")
    assert d.outcome == "inconclusive" and name in d.reason and "not resolved" in d.reason
    assert v.outcome != "contradicted"


# --------------------------------------------------------------------------- a denial is not the event

@pytest.mark.parametrize("lang, text", [("en", "RA-86559 never landed in Pyongyang on 1 August 2023."),
                                        ("uk", "RA-86559 так і не приземлився в Пхеньяні 1 серпня 2023 року.")])
def test_a_negated_movement_is_never_judged_as_the_event(lang, text, bundled):
    (c,), (v,) = judge(lang, text, "2023-08-03", bundled)
    assert c.negated
    assert v.outcome == "inconclusive" and "denies" in v.reason  # the landing did happen: judging the event would call the denial "supported"
    # nor does any row of the denied event read "supported": the landing was seen, which the sentence denies
    events = [x for x in v.checks if x.field in ("destination", "arrival")]
    assert events and all(x.outcome != "supported" for x in events)
    assert any("denies" in (x.reason or "") for x in events)


# --------------------------------------------------------------------------- general causes found by the truth suite

def test_a_claim_naming_its_aircraft_never_joins_an_unnamed_other_aircraft_trip():
    text = ("Flight RFF7203, registered RA-86559, landed in Pyongyang on 1 August 2023. Separately, an Il-62 landed in "
            "Pyongyang on 1 August 2023. On 2 August 2023, RA-86559 left Pyongyang. It landed in Moscow the same day.")
    doc = Article(id="named", text=text, language="en", published=dt.date(2023, 8, 3))
    first, other, named, pronoun = extractor.extract(doc)
    assert other.other_aircraft and other.trip not in (first.trip, named.trip)
    assert named.trip == first.trip  # it names RA-86559: the trip that names it
    assert pronoun.trip == named.trip  # "It" is the aircraft of the sentence just before


def test_a_dwell_inherits_its_trips_place_only_when_the_trip_names_one():
    from support.corroborate_world import PYONGYANG, august
    result = august()
    vladivostok = Place("Vladivostok", ["UHWW"], "RU")
    landed = claim("a", callsign="RFF7203", destination=PYONGYANG, arrival=W("2023-07-31T15:00Z", "2023-08-01T15:00Z"))
    maybe = claim("b", callsign="RFF7203", destination=vladivostok, hedged=True)
    plain = claim("c", dwell_hours=HoursRange(30, 42))
    v = {x.claim_id: x for x in corroborate([landed, maybe, plain], result, table_for(result))}
    assert check(v["c"], "dwell").outcome == "supported"  # the hedged alternative is no place to inherit
    firm = claim("b", callsign="RFF7203", destination=vladivostok)
    v = {x.claim_id: x for x in corroborate([landed, firm, plain], result, table_for(result))}
    d = check(v["c"], "dwell")
    assert d.outcome == "inconclusive" and "several" in d.reason  # Pyongyang or Vladivostok: which stay?


def test_a_later_leg_past_the_end_of_the_recording_is_not_judged_on_the_last_flight():
    from support.corroborate_world import august
    result = august()  # the recording ends with the landing at UUMU on 2 Aug 21:30Z
    later = claim("l", registration="RA-86559", destination=Place("Sochi", ["URSS"], "RU"),
                  movement=W("2023-08-02T00:00Z", "2023-08-02T23:59Z"))
    (v,) = corroborate([later], result, table_for(result))
    d = check(v, "destination")
    assert d.outcome == "inconclusive" and "later flight would not be seen" in d.reason
    numbered = claim("n", callsign="RFF7204", destination=Place("Sochi", ["URSS"], "RU"),
                     movement=W("2023-08-02T00:00Z", "2023-08-02T23:59Z"))
    (v,) = corroborate([numbered], result, table_for(result))
    assert check(v, "destination").outcome == "contradicted"  # its flight number singles out the recorded flight


@pytest.mark.parametrize("lang, text", [
    ("en", "Flight RFF7203 took off from Moscow on 31 July and landed in Pyongyang on the morning of 1 August."),
    ("uk", "Рейс RFF7203 вилетів з Москви 31 липня і приземлився в Пхеньяні вранці 1 серпня."),
    ("ru", "Рейс RFF7203 вылетел из Москвы 31 июля и приземлился в Пхеньяне утром 1 августа.")])
def test_a_time_for_each_end_pins_each(lang, text):
    (c,) = extractor.extract(Article(id="p", text=text, language=lang, published=dt.date(2023, 8, 3)))
    assert c.departure is not None and c.arrival is not None and c.movement is None


def test_4_military_from_the_aircraft_databases_flags(monkeypatch):
    """tar1090-db dbFlags bit 1 (read as a nullable `military` column) decides when present;
    NA says nothing, and an operator such as "Russian Air Force" is evidence for, never against."""
    import pandas as pd

    from tracker.corroborate import match
    db = pd.DataFrame({"registration": ["P-632", "RA-1"], "typecode": ["T204", "IL62"], "operator": [None, "Air Force"],
                       "military": pd.array([True, pd.NA], dtype="boolean")},
                      index=pd.Index(["720123", "15f1a7"], name="icao24"))
    monkeypatch.setattr(match.aircraft, "load", lambda *a, **k: db)
    index = {k: match.Aircraft(k) for k in ("720123", "15f1a7", "abcdef")}
    match._military_from_database(index)
    assert index["720123"].military is True and index["720123"].military_basis == "tar1090-db military flag"
    assert index["15f1a7"].military is True and "operator" in index["15f1a7"].military_basis
    assert index["abcdef"].military is None


# --------------------------------------------------------------------------- found by blind batch v3 and v1 after the claims merge

OUTSIDE = {  # RA-86559 is recorded 31 Jul–2 Aug and 25–28 Sep 2023 only (last row 28 Sep 10:18Z)
    "en": "On 29 September 2023 RA-86559, callsign RFF7203, landed in Vladivostok.",
    "uk": "29 вересня 2023 року RA-86559 з позивним RFF7203 приземлився у Владивостоці.",
    "ru": "29 сентября 2023 года RA-86559 с позывным RFF7203 приземлился во Владивостоке.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_a_time_outside_the_recording_never_contradicts(lang, bundled):
    """The recorded flight nearest in time landed in Moscow, but the recording ends before the
    claimed day: a flight that day would not be seen."""
    (c,), (v,) = judge(lang, OUTSIDE[lang], "2023-09-30", bundled)
    assert c.arrival is not None and c.destination is not None
    assert v.outcome != "contradicted", v.reason
    assert all(ch.outcome != "contradicted" for ch in v.checks)
    assert any("lies outside it" in (ch.reason or "") for ch in v.checks), [ch.reason for ch in v.checks]


def test_a_claimed_time_inside_a_hole_of_the_recording_is_found():
    """Callsigns repeat from trip to trip, so a matching callsign does not make a time inside a
    hole of the recording (no row for `ground_hole_h` or more) a contradiction."""
    import pandas as pd

    from tracker.corroborate import _hole_around

    t = lambda d, h=0: dt.datetime(2023, 9, d, h, tzinfo=dt.timezone.utc)  # noqa: E731
    track = pd.DataFrame({"time": pd.to_datetime([t(1), t(1, 1), t(10), t(10, 2)], utc=True)})
    assert _hole_around(track, t(5), t(6)) == (t(1, 1), t(10))
    assert _hole_around(track, t(1), t(2)) is None  # rows inside the window
    short = pd.DataFrame({"time": pd.to_datetime([t(1), t(2)], utc=True)})
    assert _hole_around(short, t(1, 10), t(1, 12)) is None  # 24 h without rows is no hole
    assert _hole_around(track, t(11), t(12)) is None  # past the end: the outside rule's case


DENIED_PLACE = {
    "en": "RA-86559 landed not in Pyongyang but in Vladivostok on 1 August 2023.",
    "uk": "RA-86559 приземлився не в Пхеньяні, а у Владивостоці 1 серпня 2023 року.",
    "ru": "RA-86559 сел не в Пхеньяне, а во Владивостоке 1 августа 2023 года.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_a_denied_place_is_unread_and_never_supports(lang, bundled):
    claims, verdicts = judge(lang, DENIED_PLACE[lang], "2023-08-03", bundled)
    assert claims and all(any("Pyongyang" in u or "Пхеньян" in u for u in c.unread) for c in claims)
    assert all(v.outcome not in ("supported", "contradicted") for v in verdicts), [v.reason for v in verdicts]


CLOCK_WORDS = {
    "en": ("RA-86559 left Pyongyang before dawn local time on 2 August 2023.", "dawn"),
    # "близько четвертої ранку" is read as a clock (04:00 ± 30 min); "before dawn" is still not
    "uk": ("RA-86559 вилетів з Пхеньяна 2 серпня 2023 року ще до світанку, близько четвертої ранку.", "світанку"),
    "ru": ("RA-86559 вылетел из Пхеньяна 2 августа 2023 года ещё до рассвета, около четырёх утра.", "рассвета"),
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_clock_words_left_unread_cap_the_verdict(lang, bundled):
    text, word = CLOCK_WORDS[lang]
    (c,), (v,) = judge(lang, text, "2023-08-03", bundled)
    assert word in " ".join(c.unread)
    assert v.outcome == "inconclusive" and "not read" in v.reason


BOTH = {
    "en": "Both planes returned to Chkalovsky on Thursday.",
    "uk": "Обидва літаки повернулися на Чкаловський у четвер.",
    "ru": "Оба самолёта вернулись на Чкаловский в четверг.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_both_aircraft_is_not_one_claim(lang, bundled):
    claims, _ = judge(lang, BOTH[lang], "2023-09-30", bundled)
    assert claims == []


FLIGHT_NUMBER = {  # the recorded flight broadcast THY9BP, not THY1745
    "en": "Turkish Airlines flight TK1745, operated by TC-JVF, landed in Oslo on 17 September 2024.",
    "uk": "Рейс TK1745 авіакомпанії Turkish Airlines, літак TC-JVF, приземлився в Осло 17 вересня 2024 року.",
    "ru": "Рейс TK1745 авиакомпании Turkish Airlines, самолёт TC-JVF, приземлился в Осло 17 сентября 2024 года.",
}


@pytest.fixture(scope="module")
def thy9bp():
    table, _ = adsb.read([str(ROOT / "fixtures" / "samples" / "fr24" / "372355e5.json")])
    return segment.detect(table), table


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_a_callsign_made_from_a_flight_number_never_contradicts(lang, thy9bp):
    claims, verdicts = judge(lang, FLIGHT_NUMBER[lang], "2024-09-18", thy9bp)
    (c,) = [c for c in claims if c.callsign]
    assert c.callsign == "THY1745" and "callsign" in c.derived
    (v,) = [v for v in verdicts if v.claim_id == c.id]
    cs = check(v, "callsign")
    assert cs.outcome == "inconclusive" and cs.weak and "flight number" in cs.reason
    assert v.outcome != "contradicted"


# --------------------------------------------------------------------------- a day from another sentence

SCENE = {
    "en": "On {day} July the delegation met officials in Moscow. The Il-62M RA-86559 took off from Moscow at 19:32 "
          "local time.",
    "uk": "{day} липня делегація зустрілася з посадовцями в Москві. Іл-62М RA-86559 злетів з Москви о 19:32 за "
          "місцевим часом.",
    "ru": "{day} июля делегация встретилась с чиновниками в Москве. Ил-62М RA-86559 вылетел из Москвы в 19:32 по "
          "местному времени.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_a_clock_time_read_on_a_day_another_sentence_named_never_contradicts(lang, bundled):
    # the takeoff was 31 July 16:32Z (19:32 in Moscow): read on the 31st, the day supports, weakly;
    # read on the 30th it would be a day off, and a day the sentence itself does not give cannot contradict
    for day, expected in (("31", "supported"), ("30", "inconclusive")):
        claims, verdicts = judge(lang, SCENE[lang].format(day=day), "2023-08-03", bundled)
        (c,), (v,) = claims, verdicts
        assert c.departure is not None and c.departure.earliest.day == int(day) and "departure" in c.derived
        dep = check(v, "departure")
        assert dep.outcome == expected and dep.weak and dep.basis == "day or zone taken from other sentences"
        assert v.outcome != "contradicted", v.reason


def test_a_day_that_does_not_open_its_sentence_sets_no_scene():
    text = ("Roads around the venue are closed until 30 July. The Il-62M RA-86559 took off from Moscow at 19:32 "
            "local time.")
    (c,) = extractor.extract(Article(id="t", text=text, language="en", published=dt.date(2023, 8, 3)))
    assert c.departure is None and not c.derived


# --------------------------------------------------------------------------- a time read in several zones

SPREAD = {
    "en": "The Il-62M RA-86559 flew from Moscow to Pyongyang on 31 July. It touched down at 19:32 local time.",
    "uk": "Іл-62М RA-86559 полетів з Москви до Пхеньяна 31 липня. Він приземлився о 19:32 за місцевим часом.",
    "ru": "Ил-62М RA-86559 полетел из Москвы в Пхеньян 31 июля. Он приземлился в 19:32 по местному времени.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_a_time_whose_zone_the_trip_guessed_never_contradicts(lang, bundled):
    # "local time" with no place: read where the trip lands, Pyongyang; the aircraft took off from Moscow
    # at 19:32 local (16:32Z) and landed about 01:30 next day: the landing at 19:32 Pyongyang time
    # (10:32Z) is wrong by hours, but the zone is the trip's guess, so it may not contradict
    claims, verdicts = judge(lang, SPREAD[lang], "2023-08-03", bundled)
    (c, v) = next((c, v) for c, v in zip(claims, verdicts) if c.arrival is not None)
    assert "arrival" in c.derived
    arr = check(v, "arrival")
    assert arr.outcome == "inconclusive" and arr.weak and "guess" in arr.reason
    assert v.outcome != "contradicted"


def test_the_core_of_a_window_read_in_zones_hours_apart():
    from tracker.corroborate.checks import core
    from tracker.model import TimeWindow

    w = TimeWindow(dt.datetime(2023, 7, 30, 15, tzinfo=dt.timezone.utc), dt.datetime(2023, 7, 31, 21, tzinfo=dt.timezone.utc))
    held = core(w, 6)
    assert held is not None and (held.earliest.hour, held.latest.hour) == (21, 15)
    assert core(w, 16) is None


# --------------------------------------------------------------------------- one airport of a city

@pytest.fixture(scope="module")
def quickstart():
    table, _ = adsb.read([str(ROOT / "fixtures" / "samples" / "collections" / "quickstart.json.gz")])
    return segment.detect(table), table


@pytest.mark.parametrize("place, outcome", [("Orly", "contradicted"), ("Paris", "supported"),
                                            ("Charles de Gaulle", "supported")])
def test_another_airline_airport_of_the_city_is_not_the_airport_named(place, outcome, quickstart):
    # SVA127 came down at CDG (LFPG), 33 km from Orly: "Paris" holds both, "Orly" only LFPO
    text = f"A Saudia jet, SVA127, landed at {place} at about 16:55 on 7 October."
    claims, verdicts = judge("en", text, "2021-10-08", quickstart)
    (v,) = verdicts
    dest = check(v, "destination")
    assert dest.outcome == outcome, dest.reason
    if outcome == "contradicted":
        assert "another airline airport" in dest.reason


# --------------------------------------------------------------------------- 11–14. v5's first pass

ZONE_WITHOUT_CLOCK = {
    "en": ("On 1 August RA-86559 touched down in Pyongyang a few minutes before ten, Pyongyang time.", "Pyongyang time"),
    "uk": ("1 серпня RA-86559 приземлився в Пхеньяні за кілька хвилин до десятої за пхеньянським часом.",
           "за пхеньянським часом"),
    "ru": ("1 августа RA-86559 приземлился в Пхеньяне за несколько минут до десяти по пхеньянскому времени.",
           "по пхеньянскому времени"),
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_11_a_zone_with_no_time_of_day_read_means_the_time_was_not_read(lang, bundled):
    """v5: "It touched down in Toulouse a few minutes before ten, CET." was supported on the
    place alone; a stated zone with no time of day read beside it is unread, and caps the claim."""
    text, zone = ZONE_WITHOUT_CLOCK[lang]
    (c,), (v,) = judge(lang, text, "2023-08-03", bundled)
    assert c.arrival is None or (c.arrival.latest - c.arrival.earliest).total_seconds() >= 86400  # no clock read
    assert zone in c.unread
    assert v.outcome == "inconclusive" and "not read" in v.reason


def test_11_a_zone_abbreviation_alone_is_unread_but_a_region_is_not():
    doc = Article(id="t", text="It touched down in Toulouse a few minutes before ten, CET. The jet later flew over "
                  "eastern Chad and across the Pacific.", language="en", published=dt.date(2024, 7, 8))
    first, *rest = extractor.extract(doc)
    assert "CET" in first.unread
    assert not any(u in ("eastern", "Pacific") for c in rest for u in c.unread)


AIRBORNE = {
    "en": "After about eight hours in the air, RA-86559 landed in Pyongyang on 1 August.",
    "uk": "Після приблизно восьми годин у повітрі RA-86559 приземлився в Пхеньяні 1 серпня.",
    "ru": "После примерно восьми часов в воздухе RA-86559 приземлился в Пхеньяне 1 августа.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_12_hours_in_the_air_are_no_ground_stay(lang):
    doc = Article(id="t", text=AIRBORNE[lang], language=lang, published=dt.date(2023, 8, 3))
    (c,) = extractor.extract(doc)
    assert c.dwell_hours is None and any("time in the air" in n for n in c.notes)


STAY_BEFORE = {
    "en": "After a stay of about 36 hours, RA-86559 left for Moscow on 2 August.",
    "uk": "Пробувши на землі близько 36 годин, RA-86559 2 серпня вилетів до Москви.",
    "ru": "Пробыв на земле около 36 часов, RA-86559 2 августа вылетел в Москву.",
}


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_13_a_stay_before_leaving_is_the_stay_the_flight_ended_not_one_at_its_destination(lang, bundled):
    """v5: "After a stay of about eight hours, the jet left for Minneapolis" was judged on the stay
    at Minneapolis after landing (contradicted); the stay is the one before the flight."""
    (c,), (v,) = judge(lang, STAY_BEFORE[lang], "2023-08-03", bundled)
    assert c.dwell_at == "origin" and c.origin is None
    dwell = check(v, "dwell")
    assert dwell.outcome == "supported" and dwell.observed_icao == "ZKPY", dwell.reason
    assert "ended with the flight" in dwell.reason


@pytest.mark.parametrize("lang, words", [("en", "around noon"), ("uk", "близько полудня"), ("ru", "около полудня")])
def test_14_about_noon_is_about_twelve_like_any_about_hh_mm(lang, words):
    from tracker.claims import lang as languages, timeexpr

    day = {"en": "on 5 June", "uk": "5 червня", "ru": "5 июня"}[lang]
    text = f"xx {day} {words} xx"
    (group,) = timeexpr.groups([e for e in timeexpr.find(text, languages.get(lang)) if e.kind != "duration"], text)
    got = timeexpr.resolve(group, dt.date(2023, 6, 7), ["UTC"])
    assert (got.window.earliest.hour, got.window.earliest.minute, got.window.latest.hour, got.window.latest.minute) == (
        11, 30, 12, 30), got.notes


WORD_CLOCKS = [  # v6: "Того ж ранку, близько за двадцять одинадцята" was read as the whole morning
    ("uk", "Того ж ранку, близько за двадцять одинадцята, із Цюриха вилетів літак.", 10 + 40 / 60),
    ("uk", "Літак сів у середу вранці, приблизно о пів на десяту.", 9.5),
    ("ru", "Утром, без двадцати одиннадцать, самолёт вылетел из Цюриха.", 10 + 40 / 60),
    ("en", "That morning, at twenty to eleven, the jet left Zurich.", 10 + 40 / 60),
]


@pytest.mark.parametrize("lang, text, hour", WORD_CLOCKS)
def test_15_a_clock_in_words_is_read_with_the_part_of_day_the_sentence_gives(lang, text, hour):
    from tracker.claims import lang as languages, timeexpr

    (clock,) = [e for e in timeexpr.find(text, languages.get(lang)) if e.kind == "clock"]
    assert clock.hours[0] == pytest.approx(hour)


@pytest.mark.parametrize("lang, text, phrase", [
    ("en", "The tanker touched down at Hickam shortly before seven.", "shortly before seven"),
    ("uk", "Літак сів на авіабазі Віллакубле близько пів на четверту.", "близько пів на четверту"),
    ("ru", "Самолёт сел в Цюрихе без двадцати одиннадцать.", "без двадцати одиннадцать"),
])
def test_15_a_clock_in_words_whose_half_of_the_day_is_open_is_unread(lang, text, phrase):
    doc = Article(id="t", text=text, language=lang, published=dt.date(2024, 7, 8))
    (c,) = extractor.extract(doc)
    assert phrase in c.unread and c.arrival is None or (c.arrival.latest - c.arrival.earliest).total_seconds() >= 3600


def test_15_hours_of_a_duration_are_no_clock():
    for lang, text in (("en", "The jet stayed in Zimbabwe for about two and a half days."),
                       ("ru", "Самолёт RA-86559 пробыл на земле около двух с половиной часов.")):
        (c,) = extractor.extract(Article(id="t", text=text, language=lang, published=dt.date(2024, 7, 8)))
        assert not c.unread and c.dwell_hours is not None


def test_16_a_return_leg_is_no_return_and_was_back_at_is_one():
    """v6: "It took off for the return leg at around ten in the evening local time … and was back at
    Chkalovsky shortly before midnight" read ten p.m. as the arrival at Chkalovsky."""
    doc = Article(id="t", text="RA-86559 landed in Pyongyang on 3 June. It took off for the return leg at around ten in "
                  "the evening local time on Monday 5 June and was back at Chkalovsky shortly before midnight.",
                  language="en", published=dt.date(2023, 6, 7))
    _, c = extractor.extract(doc)
    assert c.departure is not None and c.destination.text == "Chkalovsky"
    # the arrival, if read, is "shortly before midnight" at Chkalovsky (23:30–24:00 Moscow), never ten p.m.
    assert c.arrival is None or (c.arrival.earliest.hour, c.arrival.latest.hour) == (20, 21)
    assert c.departure.earliest.hour == 12 and c.departure.latest.hour == 13  # 21:30–22:30 in Pyongyang (UTC+9)


@pytest.mark.parametrize("lang, text, hour", [
    ("uk", "RA-86999 вилетів з Пхеньяна в середу близько сьомої ранку за пхеньянським часом, а вранці приземлився в Москві.", 22),
    ("ru", "RA-86999 вылетел из Пхеньяна в среду около семи утра по пхеньянскому времени, а утром приземлился в Москве.", 22),
])
def test_17_a_comma_and_a_conjunction_part_two_moments(lang, text, hour):
    """v7: "…вилетів … близько сьомої ранку за пхеньянським часом, а вранці приземлився в Москві" made
    one time of both, bound to the landing after it: ten past seven in Pyongyang became the arrival."""
    (c,) = extractor.extract(Article(id="t", text=text, language=lang, published=dt.date(2023, 9, 29)))
    assert c.departure is not None and c.departure.earliest.hour == hour - 1 and c.departure.earliest.minute == 30
    assert c.arrival is None or c.arrival.earliest > c.departure.latest


@pytest.mark.parametrize("lang, text", [
    ("uk", "Літак F-RARF з позивним FAF4011 прилетів до Абу-Дабі 12 березня. Того ж дня два винищувачі Rafale "
           "злетіли з бази Аль-Дафра."),
    ("en", "The A330 F-RARF, flight FAF4011, landed in Abu Dhabi on 12 March. The same day two fighters took off "
           "from Al Dhafra."),
])
def test_18_other_aircraft_named_by_a_plural_kind_are_no_claim_of_the_story(lang, text):
    """v8: "два винищувачі Rafale злетіли" inherited the story's callsign and became its departure:
    fighters counted in the plural are other aircraft, not the one the article follows."""
    claims = extractor.extract(Article(id="t", text=text, language=lang, published=dt.date(2024, 3, 14)))
    assert len(claims) == 1 and claims[0].destination is not None and claims[0].departure is None


@pytest.mark.parametrize("lang, text, city", [
    ("ru", "Борт RA-96018 сел вовсе не в КНДР, а во Владивостоке 3 августа.", "Владивосток"),
    ("en", "RA-96018 landed not in Pyongyang but in Vladivostok on 3 August.", "Vladivostok"),
])
def test_19_a_denied_place_is_not_the_destination(lang, text, city):
    """v8: "сел вовсе не в КНДР, а во Владивостоке" took the denied country as the destination."""
    (c,) = extractor.extract(Article(id="t", text=text, language=lang, published=dt.date(2024, 8, 5)))
    assert c.destination is not None and c.destination.text.startswith(city[:-1])


def test_20_a_place_before_a_colon_is_no_end_of_the_movement_after_it():
    """v8: "Летом борт уже отметился в КНДР: 2 августа он приземлился на Чкаловском" — the summer
    (read as a movement, "лёт") and North Korea made Pyongyang the destination."""
    (c,) = extractor.extract(Article(id="t", text="Летом борт RA-96018 уже отметился в КНДР: 2 августа он "
                                     "приземлился на Чкаловском.", language="ru", published=dt.date(2024, 8, 5)))
    assert c.destination is not None and "Чкалов" in c.destination.text


def test_21_a_place_before_a_colon_is_the_origin_when_the_movement_names_none():
    """v8: "Второй борт задержался в КНДР ненадолго: RA-86999 вылетел обратно уже во вторник вечером"
    leaves from North Korea (the colon rule of test 20 applies only when the movement names its own place)."""
    (c,) = extractor.extract(Article(id="t", text="Второй борт задержался в КНДР ненадолго: RA-86999 вылетел обратно "
                                     "уже во вторник вечером.", language="ru", published=dt.date(2023, 8, 3)))
    assert c.origin is not None and c.origin.country == "KP"
    assert c.departure is not None and c.departure.earliest == dt.datetime(2023, 8, 1, 9, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("lang, text, landed", [
    ("ru", "Самолёт RA-86559 приземлился на Бали 3 августа.", "WADD"),  # read as Bally (India), a GeoNames city
    ("en", "RA-86559 landed at Bor on 3 August.", "HSBR"),  # Bor (Russia) the city; Bor (South Sudan) the airport
    ("en", "RA-86559 landed at Stewart International on 3 August.", "KSWF"),  # Stewart (Canada); New York Stewart
])
def test_22_a_name_that_also_names_the_observed_airport_never_contradicts(lang, text, landed):
    """b7–b97: "Бали", "Bor", "Stewart International" resolve, exactly, to a city of that name in another
    country than the airport the story means; the aircraft seen landing at the airport the words also name
    must not contradict the claim (the resolver's first answer is not the only reading of the name)."""
    (c,) = extractor.extract(Article(id="t", text=text, language=lang, published=dt.date(2023, 8, 5)))
    assert c.destination is not None and landed not in c.destination.airports and landed in c.destination.also
    there = flight("out", W("2023-08-03T06:00Z"), W("2023-08-03T10:00Z"), "UUMU", landed)
    world = FlightsResult(flights=[there])
    (v,) = corroborate([c], world, table_for(world))
    dest = check(v, "destination")
    assert dest.outcome == "inconclusive" and dest.basis == f"name that also names {landed}", dest.reason
    assert v.outcome != "contradicted"
    # seen landing in Pyongyang (no reading of the name), in a recording that covers the claimed day
    before = flight("before", W("2023-08-01T06:00Z"), W("2023-08-01T07:00Z"), "UUMU", "UUEE")
    far = flight("out", W("2023-08-03T06:00Z"), W("2023-08-03T10:00Z"), "UUEE", "ZKPY")
    back = flight("back", W("2023-08-05T06:00Z"), W("2023-08-05T14:00Z"), "ZKPY", "UUMU")
    world = FlightsResult(flights=[before, far, back])
    (v,) = corroborate([c], world, table_for(world))
    assert check(v, "destination").outcome == "contradicted"


@pytest.mark.parametrize("lang, text, month", [
    ("uk", "RA-86559 у вересні повернувся до Москви 27-го.", True),
    ("ru", "RA-86559 в сентябре вернулся в Москву 27-го.", True),
    ("en", "RA-86559 returned to Moscow in September, on the 27th.", True),
    ("uk", "RA-86559 повернувся до Москви 27-го.", False),
    ("en", "RA-86559 returned to Moscow on the 27th.", False),
])
def test_a_day_of_the_month_is_read_with_its_month_or_caps_the_verdict(lang, text, month, bundled):
    """v16: "у вересні літак повернувся до Москви 27-го" (false: it landed on the 28th) was supported by
    the month alone. The day takes the one month its sentence names; with none, it is unread, never a
    looser truth."""
    claims, verdicts = judge(lang, text, "2023-10-05", bundled)
    (c,), (v,) = claims, verdicts
    assert v.outcome != "supported", v.reason
    if month:
        assert not c.unread and (c.movement or c.arrival).earliest.date() == dt.date(2023, 9, 26)  # 27 Sep, Moscow
    else:
        assert any("27" in u for u in c.unread), c.unread
        assert v.outcome == "inconclusive"
