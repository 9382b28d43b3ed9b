"""Time expressions: found by our tables, resolved by our rules (not dateparser's guesses)."""
from __future__ import annotations

import datetime as dt

import pytest

from tracker.claims import timeexpr
from tracker.claims.lang import get
from tracker.model import HoursRange

PY, MOW = ["Asia/Pyongyang"], ["Europe/Moscow"]


def Z(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def kinds(text: str, lang: str) -> list[tuple[str, str]]:
    return [(e.kind, e.text) for e in timeexpr.find(text, get(lang))]


def window(text: str, lang: str, published, zones, anchor=None):
    exprs = [e for e in timeexpr.find(text, get(lang)) if e.kind != "duration"]
    groups = timeexpr.groups(exprs, text)
    assert len(groups) == 1, groups
    return timeexpr.resolve(groups[0], published, zones, anchor)


@pytest.mark.parametrize("text, lang, expected", [
    ("приземлився в Пхеньяні 1 серпня", "uk", [("date", "1 серпня")]),
    ("прибув у вівторок вранці", "uk", [("weekday", "вівторок"), ("part", "вранці")]),
    ("о 9:30 за корейським часом", "uk", [("clock", "о 9:30"), ("zone", "за корейським часом")]),
    ("в 9:30 по московскому времени", "ru", [("clock", "в 9:30"), ("zone", "по московскому времени")]),
    ("after 8 a.m. China time", "en", [("clock", "after 8 a.m."), ("zone", "China time")]),
    ("перебував на землі приблизно 36 годин", "uk", [("duration", "приблизно 36 годин")]),
    ("після дводенного перебування", "uk", [("duration", "дводенного")]),
    ("a two-day stay", "en", [("duration", "two-day")]),
    ("пробыл около двух суток", "ru", [("duration", "около двух суток")]),
    ("на початку цього місяця", "uk", [("period", "на початку цього місяця")]),
    ("вечером того же дня", "ru", [("sameday", "вечером того же дня")]),  # one phrase: day and part
])
def test_find(text, lang, expected):
    assert kinds(text, lang) == expected


@pytest.mark.parametrize("text, lang", [
    ("з 2019 року", "uk"),             # dateparser: year 4
    ("it may indicate a deal", "en"),  # "may" is a month only as "May"
    ("рейс 7203 і 36 ракет", "uk"),    # bare numbers are not clock times
])
def test_traps_are_not_moments(text, lang):
    assert [k for k, _ in kinds(text, lang) if k != "duration"] == []


def test_day_range_in_one_expression():
    (e,) = timeexpr.find("25–27 липня", get("uk"))  # dateparser: 1927
    assert (e.kind, e.month, e.days) == ("date", 7, (25, 27))


def test_a_date_is_the_whole_local_day_where_the_event_happens():
    r = window("1 серпня", "uk", dt.date(2023, 8, 8), PY)
    assert (r.window.earliest, r.window.latest) == (Z("2023-07-31T15:00:00Z"), Z("2023-08-01T15:00:00Z"))
    r = window("31 липня", "uk", dt.date(2023, 8, 8), MOW)
    assert (r.window.earliest, r.window.latest) == (Z("2023-07-30T21:00:00Z"), Z("2023-07-31T21:00:00Z"))


def test_a_country_spanning_zones_gives_the_union_of_its_days():
    r = window("у четвер", "uk", dt.date(2023, 9, 28), ["Europe/Kaliningrad", "Europe/Moscow", "Asia/Kamchatka"])
    assert (r.window.earliest, r.window.latest) == (Z("2023-09-27T12:00:00Z"), Z("2023-09-28T22:00:00Z"))


def test_unknown_place_widens_to_every_zone_and_says_so():
    r = window("2 листопада", "uk", dt.date(2023, 11, 3), [])
    assert (r.window.earliest, r.window.latest) == (Z("2023-11-01T10:00:00Z"), Z("2023-11-03T12:00:00Z"))
    assert any("every time zone" in n for n in r.notes)


def test_weekday_with_part_of_day():
    r = window("у вівторок вранці", "uk", dt.date(2023, 9, 28), PY)
    assert (r.window.earliest, r.window.latest) == (Z("2023-09-25T20:00:00Z"), Z("2023-09-26T03:00:00Z"))


def test_weekday_of_the_publication_day_is_that_day_not_a_week_earlier():
    r = window("у четвер", "uk", dt.date(2023, 9, 28), MOW)  # 28 Sep 2023 was a Thursday
    assert r.days == (dt.date(2023, 9, 28),) * 2


def test_this_week_runs_from_monday_to_publication():
    r = window("цього тижня", "uk", dt.date(2023, 9, 28), PY)
    assert (r.window.earliest, r.window.latest) == (Z("2023-09-24T15:00:00Z"), Z("2023-09-28T15:00:00Z"))


def test_early_this_month_stops_at_publication():
    r = window("на початку цього місяця", "uk", dt.date(2023, 8, 8), PY)
    assert r.days == (dt.date(2023, 8, 1), dt.date(2023, 8, 8))


def test_after_a_clock_time_in_a_stated_zone_runs_to_the_end_of_that_day():
    r = window("August 1 after 8 a.m. China time", "en", dt.date(2023, 8, 4), PY)
    assert (r.window.earliest, r.window.latest) == (Z("2023-08-01T00:00:00Z"), Z("2023-08-01T16:00:00Z"))


def test_clock_at_is_that_minute_about_is_half_an_hour_either_way():
    r = window("во вторник в 9:30 по московскому времени", "ru", dt.date(2023, 9, 13), PY)
    assert (r.window.earliest, r.window.latest) == (Z("2023-09-12T06:30:00Z"), Z("2023-09-12T06:31:00Z"))
    r = window("15 января около 16:00 по пекинскому времени", "ru", dt.date(2024, 1, 16), PY)
    assert (r.window.earliest, r.window.latest) == (Z("2024-01-15T07:30:00Z"), Z("2024-01-15T08:30:00Z"))


def test_no_publication_date_leaves_relative_days_unresolved_with_a_note():
    r = window("у понеділок вранці", "uk", None, MOW)
    assert r.window is None and any("no publication date" in n for n in r.notes)
    r = window("1 серпня", "uk", None, PY)
    assert r.window is None and any("year" in n for n in r.notes)


def test_explicit_year_needs_no_publication_date():
    r = window("3 березня 2024 року о 14:05 за корейським часом", "uk", None, PY)
    assert (r.window.earliest, r.window.latest) == (Z("2024-03-03T05:05:00Z"), Z("2024-03-03T05:06:00Z"))


def test_a_date_after_publication_belongs_to_the_year_before():
    r = window("30 грудня", "uk", dt.date(2024, 1, 5), MOW)
    assert r.days == (dt.date(2023, 12, 30),) * 2


def test_same_day_takes_the_anchor_or_stays_unresolved():
    anchor = (dt.date(2023, 9, 12),) * 2
    r = window("вечером того же дня", "ru", dt.date(2023, 9, 13), ["Asia/Vladivostok"], anchor)
    assert (r.window.earliest, r.window.latest) == (Z("2023-09-12T08:00:00Z"), Z("2023-09-12T14:00:00Z"))
    assert window("вечером того же дня", "ru", dt.date(2023, 9, 13), MOW).window is None


def test_clock_without_a_day_is_unresolved():
    r = window("о 22:40", "uk", dt.date(2023, 9, 13), MOW)
    assert r.window is None and r.notes


@pytest.mark.parametrize("hours, unit, qualifier, expected", [
    (36, 1, "about", HoursRange(30.6, 41.4)),   # ±15 %
    (5, 1, "about", HoursRange(4.25, 5.75)),    # ±15 % (labels v2), no wider floor
    (48, 24, "exact", HoursRange(36.0, 60.0)),  # "two-day stay"
    (48, 24, "about", HoursRange(40.8, 55.2)),  # "about two days": ±15 % too
    (30, 1, "over", HoursRange(30.0, None)),
    (36, 1, "exact", HoursRange(35.5, 36.5)),
])
def test_duration_ranges(hours, unit, qualifier, expected):
    assert timeexpr.duration_range(hours, unit, qualifier) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("вилетів 01.08.2023 о 10:15", "uk", (2023, 8, (1, 1))),
    ("вылетел 2023-08-01", "ru", (2023, 8, (1, 1))),
    ("departed 2023-08-01", "en", (2023, 8, (1, 1))),
])
def test_numeric_dates(text, lang, expected):
    e = next(e for e in timeexpr.find(text, get(lang)) if e.kind == "date")
    assert (e.year, e.month, e.days) == expected


def test_ambiguous_numeric_date_is_left_alone_in_english():
    assert [e.kind for e in timeexpr.find("on 01.08.2023", get("en"))] == []


@pytest.mark.parametrize("text, lang, expected", [
    ("простояв близько доби", "uk", HoursRange(20.4, 27.6)),
    ("пробыл около суток", "ru", HoursRange(20.4, 27.6)),
    ("spent a day on the ground", "en", HoursRange(12.0, 36.0)),
    ("stayed for more than 30 hours", "en", HoursRange(30.0, None)),
])
def test_durations_without_digits(text, lang, expected):
    (e,) = [e for e in timeexpr.find(text, get(lang)) if e.kind == "duration"]
    assert e.duration == expected


@pytest.mark.parametrize("text, lang, day", [
    ("напередодні", "uk", dt.date(2023, 9, 5)),
    ("наступного дня", "uk", dt.date(2023, 9, 7)),
    ("накануне", "ru", dt.date(2023, 9, 5)),
    ("the next day", "en", dt.date(2023, 9, 7)),
])
def test_days_counted_from_the_day_named_before(text, lang, day):
    r = window(text, lang, dt.date(2023, 9, 8), MOW, anchor=(dt.date(2023, 9, 6),) * 2)
    assert r.days == (day, day)


@pytest.mark.parametrize("language, text, hour", [
    ("ru", "около пяти утра", 5.0), ("ru", "около трёх часов дня", 15.0), ("ru", "около одиннадцати вечера", 23.0),
    ("ru", "в половине десятого вечера", 21.5), ("ru", "в четверть шестого утра", 5.25),
    ("ru", "в половине третьего дня", 14.5), ("ru", "без четверти шесть вечера", 17.75),
    ("uk", "близько п'ятої ранку", 5.0), ("uk", "о дев'ятій вечора", 21.0), ("uk", "о пів на другу ночі", 1.5),
    ("uk", "о пів на одинадцяту вечора", 22.5),
])
def test_clock_times_written_in_words_in_russian_and_ukrainian(language, text, hour):
    (e,) = [x for x in timeexpr.find(text, get(language)) if x.kind == "clock"]
    assert e.hours[0] == pytest.approx(hour)


@pytest.mark.parametrize("language, text", [
    ("ru", "простоял около трёх часов и улетел"), ("ru", "около двух дней"), ("uk", "о дев'ятій"),  # 9 or 21?
    ("ru", "пять самолётов"),
])
def test_words_that_are_no_clock_time(language, text):
    assert [x for x in timeexpr.find(text, get(language)) if x.kind == "clock"] == []


@pytest.mark.parametrize("language, text, day, month", [
    ("ru", "в воскресенье, пятого октября, около пяти утра", 5, 10),
    ("ru", "в субботу, двадцать первого сентября", 21, 9), ("uk", "у суботу, двадцять першого вересня 2024 року", 21, 9),
    ("uk", "тридцятого квітня", 30, 4),
])
def test_a_day_written_as_an_ordinal_word(language, text, day, month):
    (e,) = [x for x in timeexpr.find(text, get(language)) if x.kind == "date"]
    assert (e.days, e.month) == ((day, day), month)


@pytest.mark.parametrize("text, lang, zones, earliest, latest", [
    # "late"/"early" right before a day is a part of that day; "late July" stays a part of the month
    ("It left Ramstein late on Sunday.", "en", ["Europe/Berlin"], "2024-10-13T16:00:00Z", "2024-10-13T22:00:00Z"),
    ("It left for Washington early Friday.", "en", ["America/Mexico_City"], "2024-10-11T06:00:00Z",
     "2024-10-11T18:00:00Z"),
    ("вылетел в воскресенье во второй половине дня", "ru", ["Europe/Warsaw"], "2024-10-13T10:00:00Z",
     "2024-10-13T16:00:00Z"),
    ("вилетів у четвер пополудні", "uk", ["Africa/Asmara"], "2024-10-10T09:00:00Z", "2024-10-10T15:00:00Z"),
    ("вылетел в четверг на рассвете", "ru", ["Europe/Moscow"], "2024-10-10T01:00:00Z", "2024-10-10T06:00:00Z"),
    # named zones: a region's name, and tzdata's abbreviations after a clock time
    ("вилетів у п'ятницю о 18:20 за центральноєвропейським часом", "uk", [], "2024-10-11T16:20:00Z",
     "2024-10-11T16:21:00Z"),
    ("It left at 19:50 CEST on Thursday.", "en", ["Europe/Madrid"], "2024-10-10T17:50:00Z", "2024-10-10T17:51:00Z"),
    ("It landed at 1pm WIB on Monday.", "en", [], "2024-10-14T06:00:00Z", "2024-10-14T06:01:00Z"),
    # "IST" in Delhi is India's; with no place, every zone calling itself IST that day (Dublin, India)
    ("Сьогодні о 06:10 за IST борт сів.", "uk", ["Asia/Kolkata"], "2024-10-14T00:40:00Z", "2024-10-14T00:41:00Z"),
    ("It landed at 3 p.m. IST on Monday.", "en", [], "2024-10-14T09:30:00Z", "2024-10-14T14:01:00Z"),
])
def test_parts_of_day_and_named_zones(text, lang, zones, earliest, latest):
    got = window(text, lang, dt.date(2024, 10, 14), zones)
    assert (got.window.earliest, got.window.latest) == (Z(earliest), Z(latest)), got.notes


@pytest.mark.parametrize("text", ["The jet arrived late on the runway", "The Boeing 737 MAX landed", "at 14:00 SAM"])
def test_late_early_and_capitals_that_are_no_part_or_zone(text):
    assert all(e.kind not in ("part", "zone") for e in timeexpr.find(text, get("en")))


@pytest.mark.parametrize("text, lang, day", [
    ("It left Whenuapai at 8:05 a.m. on Monday 17/1 for Tonga.", "en", 17),   # the date, not the last Monday
    ("вилетів у понеділок, 17.01 о 8:05", "uk", 17),
    ("It left at 8:05 a.m. on Monday 3/4.", "en", 24),   # 3 April or 4 March: the weekday alone is read
])
def test_a_numeric_day_after_a_weekday(text, lang, day):
    got = window(text, lang, dt.date(2022, 1, 24), ["Pacific/Auckland"])
    local = got.window.earliest.astimezone(dt.timezone(dt.timedelta(hours=13)))
    assert local.day == day and local.month == 1, got.notes


@pytest.mark.parametrize("text, zone_offset", [("It landed at 8.32pm Irish time on Wednesday.", 0),
                                               ("It landed at 8.32pm British time on Wednesday.", 0),
                                               ("It landed at 8.32pm Turkish time on Wednesday.", 3)])
def test_a_demonym_names_a_zone(text, zone_offset):
    got = window(text, "en", dt.date(2025, 3, 20), ["Europe/Brussels"])
    assert got.window.earliest == Z("2025-03-19T20:32:00Z") - dt.timedelta(hours=zone_offset), got.notes


@pytest.mark.parametrize("text, lang, day", [
    ("Того ж тижня, у четвер, Іл-76МД здійснив рейс", "uk", 13),   # the week of the day named before (10 October)
    ("Later that week, on Thursday, the jet flew to Paris.", "en", 13),
    ("На следующей неделе, во вторник, борт вернулся.", "ru", 18),
])
def test_a_weekday_of_the_week_named_before(text, lang, day):
    exprs = [e for e in timeexpr.find(text, get(lang)) if e.kind != "duration"]
    (group,) = timeexpr.groups(exprs, text)
    got = timeexpr.resolve(group, dt.date(2022, 10, 25), ["Europe/Moscow"], anchor=(dt.date(2022, 10, 10),) * 2)
    assert got.days == (dt.date(2022, 10, day),) * 2, got.notes


@pytest.mark.parametrize("text, lang", [
    # a city named right after the clock is the clock's zone, not the place of the event's
    ("сел в Пхеньяне 26 сентября в 4:30 по Москве", "ru"),
    ("сел в Пхеньяне 26 сентября в 4:30 по московскому, сообщает канал", "ru"),
    ("сів у Пхеньяні 26 вересня о 4:30 за Москвою", "uk"),
    ("сів у Пхеньяні 26 вересня о 4:30 за московським, пише канал", "uk"),
])
def test_a_city_after_the_clock_is_its_zone(text, lang):
    got = window(text, lang, dt.date(2023, 9, 30), PY)
    assert got.window.earliest == Z("2023-09-26T01:30:00Z"), got.notes


@pytest.mark.parametrize("text, lang", [("сел 26 сентября в 4:30 по данным FR24", "ru"),
                                        ("сів 26 вересня о 4:30 за даними FR24", "uk"),
                                        ("сел 26 сентября в 4:30 по московскому шоссе", "ru")])
def test_a_word_after_the_clock_that_names_no_place_is_no_zone(text, lang):
    assert all(e.kind != "zone" for e in timeexpr.find(text, get(lang)))


def test_a_place_of_several_offsets_as_the_zone_leaves_the_time_unread():
    got = window("сел 26 сентября в 4:30 по Казахстану", "ru", dt.date(2023, 9, 30), PY)
    assert got.window is None and any("not read as one UTC offset" in n for n in got.notes)


@pytest.mark.parametrize("text, lang", [
    ("It landed at 10:30 (UTC+9) on Tuesday, September 26.", "en"),
    ("It landed at 10:30 GMT+9 on September 26.", "en"),
    ("It landed at 01:30Z on September 26.", "en"),
    ("It landed at 01:30 (UTC) on September 26.", "en"),   # a zone in brackets is the clock's
    ("сел 26 сентября в 10:30 по UTC+9", "ru"),
    ("сел 26 сентября в 10:30 (МСК+6)", "ru"),             # Moscow's offset that day, plus six hours
    ("сів 26 вересня о 10:30 (UTC+09:00)", "uk"),          # "09:00" is the offset, not a clock time
    ("It landed at 20:30 UTC−5 on September 25.", "en"),
])
def test_an_offset_from_utc_or_moscow_is_the_clocks_zone(text, lang):
    got = window(text, lang, dt.date(2023, 9, 30), MOW)
    assert got.window.earliest == Z("2023-09-26T01:30:00Z"), got.notes


def test_an_offset_tzdata_has_no_whole_hour_zone_for_leaves_the_time_unread():
    got = window("It landed at 10:30 UTC+5:30 on September 26.", "en", dt.date(2023, 9, 30), PY)
    assert got.window is None and any("not read as one UTC offset" in n for n in got.notes)


def _windows(text: str, lang: str, zones: list[str]) -> list:
    exprs = [e for e in timeexpr.find(text, get(lang)) if e.kind != "duration"]
    out, anchor = [], None
    for g in timeexpr.groups(exprs, text):  # a clock alone is read on the day named before, as the extractor does
        got = timeexpr.resolve(g, dt.date(2024, 7, 8), zones, anchor)
        out.append(got.window)
        anchor = got.days or anchor
    return out


def test_two_clock_times_are_two_readings_each_in_its_own_zone():
    # departure in Budapest's local time, arrival in Moscow's: not one time in one zone
    got = _windows("В пятницу, 5 июля, вылетел из Будапешта в 07:55 по местному времени и около 11:30 по московскому",
                   "ru", ["Europe/Budapest"])
    assert [w.earliest for w in got[1:]] == [Z("2024-07-05T05:55:00Z"), Z("2024-07-05T08:00:00Z")]  # after the day


def test_a_restatement_in_brackets_keeps_its_own_zone():
    got = _windows("It left Roissy at 8:59 a.m. on Saturday (06:59 GMT, for those keeping logs).", "en", ["Europe/Paris"])
    assert [w.earliest for w in got] == [Z("2024-07-06T06:59:00Z"), Z("2024-07-06T06:59:00Z")]


def test_two_clock_times_share_the_day_written_after_both():
    got = _windows("took off at twenty past five and twenty-five past five on Friday morning", "en", ["Australia/Brisbane"])
    assert [w.earliest for w in got] == [Z("2024-07-04T19:20:00Z"), Z("2024-07-04T19:25:00Z")]


@pytest.mark.parametrize("text, lang, hours", [
    ("It landed shortly before midnight on 5 June.", "en", (20.5, 21)),   # 23:30–24:00 Moscow
    ("It landed after noon on 5 June.", "en", (9, 21)),                   # 12:00–24:00 Moscow
    ("сел 5 июня незадолго до полуночи", "ru", (20.5, 21)),
    ("сів 5 червня незадовго до опівночі", "uk", (20.5, 21)),
    ("сел 5 июня до полудня", "ru", (-3, 9)),                             # the morning, 00:00–12:00 Moscow
])
def test_midnight_and_noon_after_a_relation_are_clock_times(text, lang, hours):
    got = window(text, lang, dt.date(2023, 6, 7), MOW)
    start = dt.datetime(2023, 6, 5, tzinfo=dt.timezone.utc)
    assert got.window is not None, got.notes
    assert (got.window.earliest, got.window.latest) == tuple(start + dt.timedelta(hours=h) for h in hours)


@pytest.mark.parametrize("text, lang", [("It landed around midnight on 5 June.", "en"),
                                        ("сел 5 июня около полуночи", "ru")])
def test_about_midnight_is_left_unread(text, lang):
    # the end of 5 June or its start: the text does not say, so the clock is not read as either
    exprs = timeexpr.find(text, get(lang))
    assert not any(e.kind == "clock" for e in exprs) and not any(e.kind == "part" for e in exprs)


def test_after_midnight_never_borrows_the_day_named_before():
    # "вже після опівночі" after a day: it may be that day's first hours or the next day's
    got = _windows("Літак вилетів 5 липня о 21:00, а приземлився вже після опівночі", "uk", MOW)
    assert got[0] is not None and got[1] is None


def test_a_part_of_day_with_no_day_is_unresolved_and_says_so():
    got = window("увечері він сів у Будапешті", "uk", dt.date(2024, 7, 8), MOW)
    assert got.window is None and "part of the day with no day: left unresolved" in got.notes


def test_a_russian_ordinal_hour_alone_is_the_hour_before_it():
    # "в начале шестого утра" is some time from 5:00 to 6:00; "в половине шестого" is 5:30
    got = _windows("сел 5 июля в начале шестого утра", "ru", ["UTC"])  # the clock is read on the day before it
    assert (got[-1].earliest, got[-1].latest) == (Z("2024-07-05T05:00:00Z"), Z("2024-07-05T06:00:00Z"))
    half = _windows("сел 5 июля в половине шестого утра", "ru", ["UTC"])
    assert (half[-1].earliest, half[-1].latest) == (Z("2024-07-05T05:30:00Z"), Z("2024-07-05T05:31:00Z"))


@pytest.mark.parametrize("lang, text, zone", [
    ("uk", "о 16:22 за паризьким часом", "Europe/Paris"),
    ("uk", "о 16:22 за празьким часом", "Europe/Prague"),
    ("ru", "в 16:22 по пражскому времени", "Europe/Prague"),
    ("ru", "в 16:22 по парижскому времени", "Europe/Paris"),
    ("uk", "о 16:22 за київським часом", "Europe/Kyiv"),
])
def test_a_city_adjective_whose_suffix_changed_its_consonant_names_the_city_s_zone(lang, text, zone):
    """v14: "піднявся з Ле Бурже о 16:22 за паризьким часом" read no zone ("паризьк-" is Париж, "празьк-" Прага,
    "пражск-" Прага: the language's adjective alternations), so the time took every zone on Earth."""
    assert [e.zone for e in timeexpr.find(text, get(lang)) if e.kind == "zone"] == [zone]
