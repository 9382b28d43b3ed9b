"""Issue 15: generated reference tables and the structures that read them (no blind data here)."""
from __future__ import annotations

import datetime as dt

import pytest

from tracker.claims import extractor, identity, places, timeexpr
from tracker.claims.lang import event_role, get
from tracker.model import Article, TimeWindow

UTC = dt.timezone.utc


def _claims(text: str, language: str, published: dt.date = dt.date(2024, 5, 10)):
    return extractor.extract(Article("t", text, language, published))


# --------------------------------------------------------------------------- gazetteer

@pytest.mark.parametrize("text, lang, icao, match", [
    ("Літак приземлився в Інчхоні 3 травня.", "uk", "RKSI", {"transliterated", "exact"}),
    ("Самолёт приземлился в Пулкове 3 мая.", "ru", "ULLI", {"exact"}),           # OurAirports keyword
    ("Самолёт вылетел из Абуджи 3 мая.", "ru", "DNAA", {"exact"}),               # GeoNames Cyrillic name
    ("The jet landed at Ramstein on May 3.", "en", "ETAR", {"exact"}),
    ("Борт прилетел в Рамштайн 3 мая.", "ru", "ETAR", {"transliterated", "exact"}),
])
def test_places_outside_the_alias_tables_resolve_with_how_they_matched(text, lang, icao, match):
    (c,) = _claims(text, lang)
    place = c.destination or c.origin
    assert icao in place.airports and place.match in match and 0 < place.score <= 1


def test_an_unknown_place_after_a_movement_stays_unresolved_with_a_note():
    (c,) = _claims("The jet landed in Qwertyzzville on May 3.", "en")
    assert c.destination.airports == [] and c.destination.match == "unresolved"
    assert any("cannot be checked" in n for n in c.notes)


def test_fuzzy_match_needs_a_movement_and_a_high_score():
    assert places.lookup(["zzzzkhstan"], "x", ["zzzzkhstan"], fuzzy=True) is None
    near = places.lookup(["ramshtajn"], "x", ["ramshtajn"], fuzzy=True)
    assert near is not None and near.match in ("fuzzy", "transliterated") and "ETAR" in near.airports
    assert places.lookup(["ramshtajn"], "x", [], fuzzy=False) is None


def test_country_names_come_from_cldr_in_each_language():
    assert places.country(["польща"], "uk", "Польщі").country == "PL"
    assert places.country(["япония"], "ru", "Японии").country == "JP"
    assert places.country(["Germany"], "en", "Germany").match == "country"


@pytest.mark.parametrize("text, lang, iso", [
    ("Літак приземлився в туркменській столиці 3 травня.", "uk", "TM"),
    ("Самолёт прилетел в столицу Узбекистана 3 мая.", "ru", "UZ"),
    ("The jet landed in the Turkish capital on May 3.", "en", "TR"),
])
def test_capital_descriptions_name_the_capitals_airports(text, lang, iso):
    (c,) = _claims(text, lang)
    assert c.destination.country == iso and c.destination.airports
    assert all(places.airports.get(a).country == iso for a in c.destination.airports)


def test_city_adjective_before_an_airport_noun():
    (c,) = _claims("Літак приземлився в цюрихському аеропорту 3 травня.", "uk")
    assert "LSZH" in c.destination.airports and c.destination.text == "цюрихському аеропорту"


def test_a_refuelling_stop_is_where_the_next_leg_starts():
    (c,) = _claims("After a refuelling stop in Anchorage, the plane landed in Tokyo on May 3.", "en")
    assert "PANC" in c.origin.airports and c.destination.country == "JP"


# --------------------------------------------------------------------------- types, airlines

@pytest.mark.parametrize("text, designator", [
    ("Gulfstream G650ER", "GLF6"), ("Falcon 7X", "FA7X"), ("Су-24", "SU24"), ("Ан-124", "A124"),
    ("A321neo", "A21N"), ("Boeing 747-8", "B748"), ("two C-17s", "C17"),
])
def test_generated_type_table(text, designator):
    assert [f.value for f in identity.aircraft_types(text)][:1] == [designator]


def test_years_are_not_types():
    assert identity.aircraft_types("in 1900 the") == []


@pytest.mark.parametrize("designator, family", [("B738", "B737"), ("A20N", "A320"), ("A332", "A330"),
                                                ("IL96", "IL96"), ("NOPE", None), (None, None)])
def test_family_column(designator, family):
    assert identity.family(designator) == family


@pytest.mark.parametrize("text, callsigns", [
    ("flight SU 100 left", ["AFL100"]),
    ("рейсом TK1745 из Стамбула", ["THY1745"]),
    ("Airbus A330 з позивним CCA 92 прибув", ["CCA92"]),
    ("the tanker, callsign GOLD81, landed", ["GOLD81"]),
    ("at ZZQ29 in Baku", []),  # not an operator designator, no cue
])
def test_callsigns_and_flight_numbers(text, callsigns):
    cue = get("en").callsign_cue if text.isascii() else get("ru").callsign_cue
    flight = get("en").flight_number_cue if text.isascii() else get("ru").flight_number_cue
    if "позивним" in text:
        cue, flight = get("uk").callsign_cue, get("uk").flight_number_cue
    assert [f.value for f in identity.callsigns(text, cue=cue, flight_cue=flight)] == callsigns


def test_two_aircraft_in_one_sentence_are_two_claims():
    cs = _claims("Два Ил-96 — RA-96012 (позывной RSD 100) и RA-96017 (RSD 200) — приземлились в Казани 3 мая.", "ru")
    assert [(c.registration, c.callsign) for c in cs] == [("RA-96012", "RSD100"), ("RA-96017", "RSD200")]
    assert cs[0].quote == cs[1].quote


# --------------------------------------------------------------------------- movement, negation, hedges

@pytest.mark.parametrize("lemma, lang, role", [
    ("вылетать", "ru", "depart"), ("приземляться", "ru", "arrive"), ("перелёт", "ru", "fly"),
    ("прилітати", "uk", "arrive"), ("зліт", "uk", "depart"), ("самолет", "ru", None), ("летчик", "ru", None),
])
def test_verb_families_from_prefix_and_root(lemma, lang, role):
    got = event_role(lemma, get(lang))
    assert (got[0] if got else None) == role


def test_movement_phrases():
    (c,) = _claims("Иранский борт покинул Казань утром 3 мая и взял курс на Тегеран.", "ru")
    assert "UWKD" in c.origin.airports and c.destination.country == "IR"


@pytest.mark.parametrize("text, lang", [
    ("The jet almost certainly never landed in Tashkent on May 3.", "en"),
    ("Самолёт 3 мая не садился в Ташкенте.", "ru"),
    ("The A321neo did not fly back to Dublin on May 3 as planned.", "en"),
])
def test_negated_claims(text, lang):
    (c,) = _claims(text, lang)
    assert c.negated


@pytest.mark.parametrize("text, lang", [
    ("По неподтверждённым данным, самолёт 3 мая приземлился в Казани.", "ru"),
    ("За неперевіреними даними, літак 3 травня приземлився в Казані.", "uk"),
    ("Самолёт мог приземлиться в Казани 3 мая.", "ru"),
])
def test_hedges(text, lang):
    (c,) = _claims(text, lang)
    assert c.hedged


# --------------------------------------------------------------------------- time

def test_the_day_of_the_sentence_before_and_hours_later():
    text = ("On Friday, 3 May, the plane left Rome at 18:05 local time. "
            "It touched down in Moscow about three hours later.")
    a, b = _claims(text, "en")
    assert a.departure == TimeWindow(dt.datetime(2024, 5, 3, 16, 5, tzinfo=UTC), dt.datetime(2024, 5, 3, 16, 6, tzinfo=UTC))
    assert b.arrival == TimeWindow(dt.datetime(2024, 5, 3, 18, 35, tzinfo=UTC), dt.datetime(2024, 5, 3, 19, 35, tzinfo=UTC))


def test_a_clock_alone_takes_the_day_named_before():
    a, b = _claims("Літак вилетів з Києва 3 травня. Він приземлився в Римі о 14:20 за місцевим часом.", "uk")
    assert b.arrival.earliest == dt.datetime(2024, 5, 3, 12, 20, tzinfo=UTC)


@pytest.mark.parametrize("text, lang, zone", [
    ("о 14:20 за вашингтонським часом", "uk", "America/New_York"),
    ("в 12:10 по тегеранскому времени", "ru", "Asia/Tehran"),
    ("at 12:47 p.m. Eastern", "en", "America/New_York"),
    ("в 01:35 по Гринвичу", "ru", "UTC"),
])
def test_named_zones(text, lang, zone):
    assert [e.zone for e in timeexpr.find(text, get(lang)) if e.kind == "zone"] == [zone]


def test_day_and_part_phrases():
    (e,) = timeexpr.find("вранці наступного дня", get("uk"))
    assert (e.kind, e.offset, e.hours) == ("sameday", 1, (5, 12))


@pytest.mark.parametrize("text, fam", [("The A340 had left Berlin", ["A340"]), ("a Boeing 777 landed", ["B777"]),
                                       ("Boeing 737-800", [])])
def test_family_level_mentions(text, fam):
    assert [f.value for f in identity.family_mentions(text)] == fam


def test_a_family_level_aircraft_makes_a_sentence_a_claim():
    (c,) = _claims("The A340 had left Berlin at 16:10 local time on May 3.", "en")
    assert c.origin.country == "DE" and c.aircraft_type is None


# --------------------------------------------------------------------------- the aircraft's state, any country

@pytest.mark.parametrize("text, lang, nation, military", [
    ("A Peruvian government Boeing 737 landed in Lima on May 3.", "en", "PE", None),
    ("A Dutch government Boeing 737 landed in Lima on May 3.", "en", "NL", None),      # generated demonyms
    ("An American Boeing 757 landed in Lima on May 3.", "en", "US", None),            # not American Samoa
    ("A Chile Air Force Boeing 767 landed in Santiago on May 3.", "en", "CL", True),
    ("Ghana's presidential Falcon 900 left Accra on May 3.", "en", "GH", None),
    ("A C-130 Hercules of the U.S. Air Force landed in Bodo on May 3.", "en", "US", True),
    ("Літак Ту-154М Міністерства оборони Угорщини приземлився в Празі 3 травня.", "uk", "HU", True),
    ("Норвезький урядовий Boeing 737 приземлився в Осло 3 травня.", "uk", "NO", None),
    ("Самолёт президента Анголы приземлился в Луанде 3 мая.", "ru", "AO", None),
    ("Заправщик ВВС США Boeing 767 приземлился в Рамштайне 3 мая.", "ru", "US", True),
])
def test_the_state_and_forces_of_an_aircraft_are_read_for_any_country(text, lang, nation, military):
    (c,) = _claims(text, lang)
    assert (c.nationality, c.military) == (nation, military)


@pytest.mark.parametrize("text, lang", [
    ("The Peruvian minister flew to Lima on May 3 aboard a chartered jet.", "en"),
    ("A Turkish Airlines jet landed in Kyiv on May 3.", "en"),
    ("Самолёт вылетел из Анголы 3 мая.", "ru"),
])
def test_a_country_said_of_people_airlines_or_places_is_no_nationality(text, lang):
    (c,) = _claims(text, lang)
    assert c.nationality is None


# --------------------------------------------------------------------------- types from the generated table

@pytest.mark.parametrize("text, family", [("Boeing 767", "B767"), ("Airbus A350", "A350"), ("Boeing 757", None)])
def test_a_models_base_name_is_a_family_mention(text, family):
    assert [f.value for f in identity.family_mentions(text)] == ([family] if family else [])


@pytest.mark.parametrize("text, designator", [("Fokker 70", "F70"), ("Fokker 100", "F100"), ("Saab 340", "SF34")])
def test_a_maker_before_a_bare_model_number_names_the_type(text, designator):
    assert [f.value for f in identity.aircraft_types(text)] == [designator]


def test_a_family_only_aircraft_gets_its_family_and_boeing_7x7_is_the_family_not_a_variant():
    (a,) = _claims("A Boeing 767 landed in Oslo on May 3.", "en")
    (b,) = _claims("The Boeing 757 landed in Oslo on May 3.", "en")
    assert (a.type_family, a.aircraft_type) == ("B767", None)
    assert (b.type_family, b.aircraft_type) == ("B757", None)


# --------------------------------------------------------------------------- a companion aircraft and trips

@pytest.mark.parametrize("text, lang", [
    ("Вместе с ним в Осло прилетел резервный Boeing 737 3 мая.", "ru"),
    ("Того ж ранку до Осло прибув і A321 з позивним GAF123.", "uk"),
    ("Together with it, an A400M landed in Oslo on May 3.", "en"),
    ("A backup Boeing 737 landed in Oslo on May 3.", "en"),
])
def test_a_companion_aircraft_is_another_aircraft(text, lang):
    (c,) = _claims(text, lang)
    assert c.other_aircraft


def test_the_article_aircraft_keeps_its_trip_past_a_companion():
    text = ("The Il-96-300 RA-96016 left Moscow for Oslo at 08:00 on May 3. "
            "A backup Boeing 737 landed in Oslo an hour later. "
            "The plane stayed in Oslo for about 30 hours. "
            "The Il-96 left Oslo for Moscow on May 4.")
    main1, backup, stay, back = _claims(text, "en")
    assert backup.trip != main1.trip
    assert stay.trip == main1.trip and back.trip == main1.trip


def test_it_after_a_companion_is_the_companion():
    text = ("The Il-96-300 RA-96016 left Moscow for Oslo at 08:00 on May 3. "
            "A backup Boeing 737 landed in Oslo an hour later. "
            "It left Oslo for Bergen on May 4.")
    main1, backup, it = _claims(text, "en")
    assert it.trip == backup.trip != main1.trip


def test_a_unique_part_of_an_airport_name_resolves_as_a_weak_partial_match():
    (c,) = _claims("The jet landed at Al Bateen on May 3.", "en")
    assert c.destination.airports == ["OMAD"] and c.destination.match == "partial" and c.destination.weak


def test_an_abbreviation_ends_its_sentence_before_a_sentence_opener():
    from tracker.claims.articles import split_sentences
    en = get("en")
    split = [s.text for s in split_sentences("It landed at 3 p.m. It stayed there. At 3 p.m. Moscow time it left.",
                                             en.abbreviations, en.sentence_openers)]
    assert split == ["It landed at 3 p.m.", "It stayed there.", "At 3 p.m. Moscow time it left."]


@pytest.mark.parametrize("text", ["Related: Why the jet landed in Oslo on May 3", "Officials said the jet would fly to Oslo on May 3."])
def test_teasers_and_reported_plans_are_not_claims(text):
    assert _claims(text, "en") == []


def test_a_city_hyphenated_with_its_airports_name_resolves_to_the_city_as_a_weak_match():
    (c,) = _claims("Літак вилетів з Жешув-Ясьонки 3 травня.", "uk")
    assert c.origin.airports == ["EPRZ"] and c.origin.country == "PL" and c.origin.weak



@pytest.mark.parametrize("text, lang", [
    ("3 травня в Осло сів і резервний Іл-96, який вилетів із Внукова трохи пізніше.", "uk"),
    ("On May 3 a backup Il-96 landed in Oslo, which had left Vnukovo a little later.", "en"),
])
def test_a_day_before_a_landing_pins_the_arrival_when_the_takeoff_is_in_a_relative_clause(text, lang):
    (c,) = _claims(text, lang)
    assert c.arrival is not None and c.movement is None


def test_an_unknown_name_with_a_guessed_lemma_is_looked_up_with_its_other_ending():
    (c,) = _claims("Літак приземлився в Джидді 3 травня.", "uk")  # pymorphy3 guesses "джиддя"
    assert c.destination.airports == ["OEJN"]


@pytest.mark.parametrize("text, lang, minutes", [
    ("The jet touched down in Oslo shortly after 11:00 on May 3.", "en", (0, 30)),
    ("Самолёт сел в Осло 3 мая незадолго до 11:00.", "ru", (-30, 0)),
    ("Літак приземлився в Осло 3 травня невдовзі після 11:00.", "uk", (0, 30)),
])
def test_shortly_after_or_before_a_clock_time_is_the_half_hour_beside_it(text, lang, minutes):
    (c,) = _claims(text, lang)
    at = dt.datetime(2024, 5, 3, 9, 0, tzinfo=UTC)  # 11:00 in Oslo (CEST)
    assert (c.arrival.earliest, c.arrival.latest) == (at + dt.timedelta(minutes=minutes[0]),
                                                      at + dt.timedelta(minutes=minutes[1]))


def test_a_shorter_later_mention_of_a_place_is_the_place_named_in_full_before():
    text = ("On May 3 the Falcon landed at Addis Ababa's Bole International Airport at 10:00. "
            "On May 4 a second jet touched down at Bole at 13:48 local time.")
    first, second = _claims(text, "en")
    assert first.destination.airports == ["HAAB"]
    assert second.destination.airports == ["HAAB"] and second.destination.country == "ET"


def test_alternative_country_names_from_the_generated_table_and_no_country_from_royal():
    (c,) = _claims("The jet landed in Ivory Coast on May 3.", "en")
    assert c.destination.country == "CI"
    (d,) = _claims("A Royal Air Force Voyager landed in Oslo on May 3.", "en")
    assert d.nationality != "BE"


@pytest.mark.parametrize("text, lang, exact, fam", [
    ("Ил-76 приземлился в Бамако 3 мая.", "ru", None, "IL76"),
    ("Ил-76МД приземлился в Бамако 3 мая.", "ru", "IL76", None),
    ("Ту-214 приземлился в Бамако 3 мая.", "ru", "T204", None),   # a variant of the Tu-204 family
    ("An-124 landed in Bamako on May 3.", "en", None, "A124"),
])
def test_a_design_bureaus_base_model_names_the_family_and_a_variant_the_type(text, lang, exact, fam):
    (c,) = _claims(text, lang)
    assert (c.aircraft_type, c.type_family) == (exact, fam)


@pytest.mark.parametrize("text, lang", [
    ("The minister travelled separately, flying to Oslo on May 3 on flight LO3803.", "en"),
    ("Міністри прилетіли до Осло 3 травня регулярним рейсом.", "uk"),
    ("Его дублёр, борт 80-1112, сел в Осло 3 мая.", "ru"),
])
def test_travel_apart_from_the_articles_aircraft_is_another_aircraft(text, lang):
    (c,) = _claims(text, lang)
    assert c.other_aircraft


def test_a_city_includes_the_airline_airports_that_serve_it_but_not_a_neighbouring_islands():
    t = places.table()
    assert {"OMDB", "OMDW"} <= set(t["dubai"].airports)
    (c,) = _claims("The jet landed in Cancun on May 3.", "en")
    assert "MMCZ" not in c.destination.airports


@pytest.mark.parametrize("text, lang, field", [
    ("В ночь на пятницу, 10 мая, самолёт вылетел из Москвы в Минск.", "ru", "departure"),
    ("The jet landed in Oslo in the early hours of Friday, May 10.", "en", "arrival"),
])
def test_the_night_before_a_day_is_that_days_night_hours(text, lang, field):
    (c,) = _claims(text, lang)
    window = getattr(c, field)
    assert window.latest - window.earliest == dt.timedelta(hours=5)


@pytest.mark.parametrize("text", ["Ранее: Самолёт МЧС доставил в Сирию 35 тонн груза 3 мая.",
                                  "Раніше ми писали: Президент прилетів до Пекіна 3 травня."])
def test_earlier_we_wrote_teasers_are_not_claims(text):
    from tracker.claims.articles import strip_clutter

    lang = "ru" if "Ранее" in text else "uk"
    first = "Борт RA-96016 сел в Осло 3 мая." if lang == "ru" else "Борт RA-96016 сів в Осло 3 травня."
    (c,) = _claims(strip_clutter(first + "\n" + text), lang)
    assert "Осло" in c.quote


@pytest.mark.parametrize("text, name", [("The jet landed at Ramstein Air Base on May 3.", "Ramstein"),
                                        ("The jet landed at Joint Base Andrews on May 3.", "Andrews")])
def test_the_place_text_is_the_name_without_the_airport_noun(text, name):
    (c,) = _claims(text, "en")
    assert c.destination.text == name


def test_a_bombardier_global_is_not_in_the_gulfstream_family():
    from tracker.corroborate import families
    assert families.family("GL7T") != families.family("GLF6")
    assert families.family("GLF5") == families.family("GLF6") == "GLF"


def test_two_variants_of_one_family_are_two_aircraft():
    text = ("A Boeing 747-8 registered A7-HHF landed in Nice on May 3. "
            "A second jumbo, a Boeing 747SP, landed in Nice on May 4. "
            "The Boeing 747-8 left Nice on May 5.")
    first, second, third = _claims(text, "en")
    assert third.trip == first.trip != second.trip


def test_a_pronoun_after_a_leading_phrase_is_the_aircraft_just_named():
    text = "The A340 RA-123 landed in Niger on May 3. Contrary to some reports, it did not stop in Niamey."
    first, second = _claims(text, "en")
    assert second.negated and second.trip == first.trip


@pytest.mark.parametrize("text, lang", [
    ("There is speculation that the jet may fly to Oslo on May 3.", "en"),
    ("По неподтверждённым данным, в ноябре в Минск может прилететь самолёт президента.", "ru"),
])
def test_speculation_about_a_future_flight_is_no_claim(text, lang):
    assert _claims(text, lang) == []
