"""Places resolved against airportsdata (cities, airport names, codes), names that
cannot be resolved kept as unchecked, capitalised common words left alone; aircraft
type variants before families; registrations by nationality prefix and suffix shape;
the English articles about the real FR24 samples (tests/articles_fr24)."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from tracker.claims import articles
from tracker.claims import extractor as claims
from tracker.claims import identity
from tracker.model import Article

UTC = dt.timezone.utc


def _claims(text: str, language: str = "en", published: dt.date | None = dt.date(2024, 9, 18)):
    return claims.extract(Article(id="t", text=text, language=language, published=published))


def _one(text: str, language: str = "en"):
    (c,) = _claims(text, language)
    return c


# --------------------------------------------------------------------------- aircraft types

@pytest.mark.parametrize("text, code", [
    ("Boeing 737-800", "B738"), ("737-900", "B739"), ("737-900ER", "B739"), ("A340-300", "A343"),
    ("Airbus A340-300", "A343"), ("A350-900", "A359"), ("Airbus A350-1000", "A35K"), ("Boeing 777-300ER", "B77W"),
    ("777-200LR", "B77L"), ("Boeing 787-9", "B789"), ("Boeing 747-8", "B748"), ("Boeing 737 MAX 8", "B38M"),
    ("A321neo", "A21N"), ("Airbus A330-200", "A332"), ("A380", "A388"), ("Боинг 737-800", "B738"),
    ("Boeing 737-700", "B737"), ("C-40C", "B737"), ("C-17", "C17"), ("C-130J", "C30J"), ("C-130", "C130"),
    ("Il-76MD", "IL76"), ("Іл-76", "IL76"), ("Ту-204-300", "T204"), ("Ту-134", "T134"), ("Ан-124", "A124"),
    ("An-148", "A148"), ("Sukhoi Superjet 100", "SU95"), ("Gulfstream G650", "GLF6"), ("Falcon 7X", "FA7X"),
    ("Embraer E190", "E190"), ("Bombardier Global 6000", "GLEX"), ("CRJ900", "CRJ9"), ("Ил-62М", "IL62"),
])
def test_the_most_specific_variant_wins(text, code):
    assert [f.value for f in identity.aircraft_types(f"The {text} took off")] == [code]


@pytest.mark.parametrize("text", ["Boeing 777", "Boeing 787 Dreamliner", "Airbus A350", "Boeing 737 MAX"])
def test_a_family_too_vague_to_check_gives_no_type(text):
    """Not B737 for a MAX, nor a guessed variant for "Boeing 777": the check would be wrong either way."""
    assert identity.aircraft_types(f"A {text} landed") == []


def test_numbers_are_not_types():
    assert identity.aircraft_types("In 737 cases, 800 people and A-340 votes; flight 7378") == []


# --------------------------------------------------------------------------- registrations

@pytest.mark.parametrize("text, reg", [
    ("TC-JVF", "TC-JVF"), ("HB-JMF", "HB-JMF"), ("N899DN", "N899DN"), ("RA-86559", "RA-86559"),
    ("РА-86559", "RA-86559"), ("ТС-JVF", "TC-JVF"), ("EW-001PA", "EW-001PA"), ("P-885", "P-885"),
    ("HL7629", "HL7629"), ("B-6068", "B-6068"), ("9A-CTG", "9A-CTG"), ("G-STBA", "G-STBA"), ("D-AIMA", "D-AIMA"),
    ("UP-A2001", "UP-A2001"), ("4K-AZ01", "4K-AZ01"), ("P4-MGA", "P4-MGA"), ("VP-BHG", "VP-BHG"),
    ("B-HLA", "B-HLA"), ("VN-A321", "VN-A321"), ("EY-001", "EY-001"), ("RA-0217G", "RA-0217G"), ("N12345", "N12345"),
])
def test_registrations_by_prefix_and_shape(text, reg):
    assert [f.value for f in identity.registrations(f"the jet ({text}) left")] == [reg]


@pytest.mark.parametrize("text", ["C-40C", "B-52", "SU-95", "F-16", "N95 masks", "KC-135", "MH-17", "A-50", "E-3",
                                  "COVID-19", "G-7 summit", "UK-based", "B-1B", "TU-154", "AB-123", "XX-ABC", "JA-1",
                                  "EC-135", "EC-225", "HB-320", "OO-12", "L-410", "F-117", "OH-58", "CN-235", "CH-47",
                                  "Ту-214", "A321neo", "Y-20", "C-17A", "SU100", "TK1745", "12:05", "2024-10-05",
                                  "SU-30SM", "EP-3E", "T-50", "UH-60", "HA-420"])
def test_code_like_words_are_not_registrations(text):
    assert identity.registrations(f"the {text} story") == []


@pytest.mark.parametrize("reg, country", [
    ("P4-MGA", "AW"), ("VP-BHG", "BM"), ("VP-CXX", "KY"), ("B-HLA", "HK"), ("B-MAB", "MO"), ("B-6068", "CN"),
    ("B-18701", "TW"), ("M-ABCD", "IM"), ("UP-A2001", "KZ"), ("VN-A321", "VN"), ("HB-JMF", "CH"),
])
def test_the_generated_marks_name_one_state(reg, country):
    """A territory's own leading letters win over the larger state's block (VP-B Bermuda, B-H Hong Kong)."""
    from tracker.corroborate import states
    assert states.of_registration(reg) == country


# --------------------------------------------------------------------------- places

@pytest.mark.parametrize("text, role, airport", [
    ("The plane landed in Stockholm on 17 September.", "destination", "ESSA"),
    ("The plane landed in Oslo on 17 September.", "destination", "ENGM"),
    ("The plane landed at Oslo Gardermoen on 17 September.", "destination", "ENGM"),
    ("The plane departed Istanbul on 17 September.", "origin", "LTFM"),
    ("The plane took off from Zürich on 6 April.", "origin", "LSZH"),
    ("The plane landed in Cancun on 6 April.", "destination", "MMUN"),
    ("The plane flew to Nice on 6 April.", "destination", "LFMN"),
    ("The plane landed in New York on 6 April.", "destination", "KJFK"),
    ("The plane landed at JFK on 6 April.", "destination", "KJFK"),
    ("The plane departed from ENGM on 6 April.", "origin", "ENGM"),
    ("Літак прилетів до Цюриха 6 квітня.", "destination", "LSZH"),
    ("Самолёт приземлился в Стокгольме 6 апреля.", "destination", "ESSA"),
])
def test_places_resolve_against_airport_data(text, role, airport):
    lang = articles.detect_language(text)
    place = getattr(_one(text, lang), role)
    assert place is not None and airport in place.airports


def test_a_code_in_brackets_picks_the_airport():
    c = _one("The jet landed in Stockholm (BMA) on 17 September.")
    assert c.destination.airports == ["ESSB"] and c.destination.text == "Stockholm"
    c = _one("The jet landed in Moscow (SVO) on 17 September.")
    assert c.destination.airports == ["UUEE"]


def test_an_unknown_place_after_a_movement_is_kept_unchecked():
    c = _one("The plane landed in Bad Ischl on 17 September.")
    assert c.destination.text == "Bad Ischl" and c.destination.airports == [] and c.destination.country is None
    assert any("cannot be checked" in n for n in c.notes)
    c = _one("The plane flew to The Hague on 17 September.")
    assert c.destination.text == "The Hague" and c.destination.airports == []
    c = _one("Літак приземлився в Бобровиці 17 вересня.", "uk")
    assert c.destination.text == "Бобровиці" and c.destination.airports == []
    c = _one("The plane flew from Ankara to Xanthoria on 17 September.")
    assert c.origin.airports and c.destination.text == "Xanthoria" and c.destination.airports == []


@pytest.mark.parametrize("text", [
    # Every sentence is a real flight claim (so there is a claim to inspect), and each holds a
    # capitalised word that is also a city (Nice, Mobile, Split, Reading) or a month or a source.
    "The plane landed on 17 September; officials called the flight a Nice gesture.",
    "The plane landed on 17 September, Mobile phone footage showed.",
    "The plane flew in May and again in June, Flightradar24 data show.",
    "The plane landed on 17 September, according to Flightradar24.",
    "The plane landed on 17 September after Split decisions by Mr Putin.",
    "The plane landed on 17 September, as Reading the news made clear.",
])
def test_capitalised_words_and_context_do_not_make_places(text):
    found = _claims(text)
    assert found, "the sentence is a flight claim; without one this test would check nothing"
    for c in found:
        assert c.origin is None and c.destination is None, (c.origin, c.destination)


def test_an_airport_code_counts_only_after_a_movement_or_in_brackets():
    for c in _claims("The plane landed on 17 September, as NATO and the USA were told in ORD fashion."):
        assert c.destination is None and c.origin is None


def test_a_capitalised_word_that_is_not_after_a_movement_is_not_kept_as_a_place():
    """"in Parliament" names no airport and follows no movement: nothing is invented."""
    for c in _claims("The plane landed on 17 September, the minister told Parliament in Westminster."):
        assert c.destination is None


# --------------------------------------------------------------------------- time with no place

def test_a_date_with_no_place_spans_every_zone():
    """No place: the local day may be anywhere from UTC+14 to UTC−12; never narrower than the truth."""
    c = _one("The plane landed on 17 September.")
    assert c.arrival.earliest == dt.datetime(2024, 9, 16, 10, tzinfo=UTC)
    assert c.arrival.latest == dt.datetime(2024, 9, 18, 12, tzinfo=UTC)
    c = _one("The plane landed in Bad Ischl on 17 September.")  # unresolved: the same union, not a guess
    assert c.arrival.earliest == dt.datetime(2024, 9, 16, 10, tzinfo=UTC)


# --------------------------------------------------------------------------- the FR24 articles

def test_the_fr24_articles_are_read_rightly():
    docs = articles.load([str(p) for p in sorted((ROOT / "tests" / "articles_fr24").glob("*.txt"))])
    got = {c.id: c for d in docs for c in claims.extract(d)}
    thy = got["thy9bp_right#1"]
    assert (thy.callsign, thy.aircraft_type, thy.registration) == ("THY9BP", "B738", "TC-JVF")
    assert "LTFM" in thy.origin.airports and thy.destination.airports == ["ENGM"]
    wrong = got["thy9bp_wrong#1"]
    assert wrong.destination.text == "Stockholm" and "ESSA" in wrong.destination.airports
    assert (got["thy9bp_wrong#2"].aircraft_type, got["thy9bp_wrong#2"].registration) == ("A320", "TC-JVF")
    edw = got["edw24_right#1"]
    assert (edw.callsign, edw.aircraft_type, edw.registration) == ("EDW24", "A343", "HB-JMF")
    assert "LSZH" in edw.origin.airports and edw.destination.airports == ["MMUN"]
    assert got["edw24_wrong#2"].registration == "HB-JMA"
    assert got["thy9bp_wrong#1"].trip == got["thy9bp_wrong#2"].trip


def test_a_date_with_no_place_takes_the_zones_of_its_trip():
    found = _claims("Flight THY9BP flew from Istanbul to Oslo on 17 September. It landed on 17 September.")
    first, second = found
    assert first.trip == second.trip and second.destination is None
    # a landing: 17 September where the claim before it was going, Oslo (UTC+2) — not Istanbul too, nor
    # UTC+14 … UTC−12
    assert second.arrival.earliest == dt.datetime(2024, 9, 16, 22, tzinfo=UTC)
    assert second.arrival.latest == dt.datetime(2024, 9, 17, 22, tzinfo=UTC)
    assert any("zones of the places its trip names (Oslo" in n for n in second.notes)
    assert not any("every time zone" in n for n in second.notes)


def test_another_trip_lends_no_zone():
    found = _claims("Flight THY9BP flew from Istanbul to Oslo on 17 September. "
                    "Flight AFL1234 landed on 17 September.")
    assert found[0].trip != found[1].trip
    assert found[1].arrival.earliest == dt.datetime(2024, 9, 16, 10, tzinfo=UTC)


def test_an_unresolved_place_is_reported_as_unchecked_by_corroboration():
    """Through the real FR24 recording: "landed in Bad Ischl" is neither ignored nor judged."""
    from conftest import FIXTURES
    from tracker import adsb
    from tracker.flights import segment as flights
    from tracker.corroborate import corroborate

    table, _ = adsb.read([str(p) for p in sorted((FIXTURES / "samples" / "fr24").glob("*.json"))])
    (c,) = _claims("Flight THY9BP landed in Bad Ischl on 17 September.")
    (v,) = corroborate([c], flights.detect(table), table)
    dest = next(ch for ch in v.checks if ch.field == "destination")
    assert dest.outcome == "inconclusive" and "names no airport or country" in (dest.delta or dest.reason or "")
    assert v.outcome == "inconclusive"  # before, the unrecognised place was dropped and this came out supported


@pytest.mark.parametrize("lang, text, place, country", [
    # "Одеса" is also Odessa, Texas, and "Barra" a town in Brazil: the article's other places decide
    ("uk", "Урядовий ERJ-145 вилетів з Києва до Львова. Увечері борт повернувся з Одеси до Києва.", "Одеси", "UA"),
    ("en", "The minister flew from Glasgow to Inverness on Monday. On Wednesday she flew from Glasgow to Barra.",
     "Barra", "GB"),
])
def test_a_name_of_several_countries_is_read_in_the_articles_country(lang, text, place, country):
    found = [p for c in claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2024, 5, 1)))
             for p in (c.origin, c.destination) if p is not None and p.text == place]
    assert found and all(p.country == country and p.match == "context" and p.weak for p in found)


def test_a_name_of_several_countries_stays_open_when_the_article_names_none_of_them():
    text = "The minister's jet landed in Barra on Wednesday."
    (c,) = claims.extract(Article(id="t", text=text, language="en", published=dt.date(2024, 5, 1)))
    assert c.destination is not None and c.destination.country is None and len(c.destination.airports) > 1


def test_a_time_in_a_relative_clause_without_the_movement_is_not_its_time():
    text = ("Самолёт прибыл в Костанай 6 ноября в 9:20 по местному времени, которое с марта совпадает с "
            "челябинским.")
    (c,) = claims.extract(Article(id="t", text=text, language="ru", published=dt.date(2024, 11, 7)))
    assert c.arrival is not None and c.arrival.earliest.date() == dt.date(2024, 11, 6)
    assert any("relative clause" in n for n in c.notes)


@pytest.mark.parametrize("lang, text, country", [
    ("uk", "Іл-76 приземлився на російській авіабазі Хмеймім у Сирії 4 вересня.", "SY"),
    ("ru", "Ил-76 приземлился на российской авиабазе Хмеймим в Сирии 4 сентября.", "SY"),
])
def test_an_unknown_base_owned_by_one_state_is_read_in_the_country_the_sentence_puts_it(lang, text, country):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2023, 9, 5)))
    assert c.destination is not None and c.destination.country == country and c.destination.weak


@pytest.mark.parametrize("lang, text, place, airport", [
    # a Texas airstrip is called "Heathrow Airport": the airline airport whose name holds the word wins
    ("en", "The RNZAF Boeing 757 landed at Heathrow on Friday.", "Heathrow", "EGLL"),
    # "Ezeiza" names a city of its own: not a word of Buenos Aires, Costa Rica's airport
    ("en", "The tour jet landed at Buenos Aires-Ezeiza at 15:06 on Thursday.", "Buenos Aires-Ezeiza", "SAEZ"),
])
def test_airport_words_that_another_name_holds_whole(lang, text, place, airport):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2024, 7, 27)))
    assert c.destination is not None and c.destination.text == place and airport in c.destination.airports
    assert c.destination.country == ("GB" if airport == "EGLL" else "AR")


@pytest.mark.parametrize("lang, text", [
    ("en", "A Challenger 605 registered in San Marino as T7-KLM flew to Ouagadougou on Monday."),
    ("ru", "Challenger 605, зарегистрированный в Сан-Марино, в понедельник прилетел в Уагадугу."),
    ("uk", "Challenger 605, зареєстрований у Сан-Марино, у понеділок прилетів до Уагадугу."),
])
def test_the_state_an_aircraft_is_registered_in_is_no_place_it_went(lang, text):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2024, 7, 27)))
    assert c.destination is not None and c.destination.country == "BF" and c.origin is None


@pytest.mark.parametrize("lang, text, place", [
    # a region of that name beside a town of another country: both, for the article to decide
    ("en", "The jet stayed on the ground in Bali for about 17 hours.", "Bali"),
    ("ru", "Самолёт вылетел из Флориды в субботу.", "Флориды"),
])
def test_a_region_named_like_a_town_abroad_is_not_read_as_the_town(lang, text, place):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2025, 2, 20)))
    p = c.origin if c.origin is not None and c.origin.text == place else c.destination
    assert p is not None and p.text == place and p.weak and p.country is None
    assert "WADD" in p.airports or "KMIA" in p.airports


def test_a_region_alone_is_its_countrys_airline_airports_weakly():
    (c,) = claims.extract(Article(id="t", text="Іл-96 приземлився на Хоккайдо у вівторок.", language="uk",
                                  published=dt.date(2025, 2, 20)))
    assert c.destination is not None and c.destination.country == "JP" and c.destination.weak
    assert "RJCC" in c.destination.airports


@pytest.mark.parametrize("lang, text, airport", [
    ("en", "A Polish government Boeing 737 landed at Orly on Friday morning.", "LFPO"),
    ("ru", "В понедельник около полудня борт сел в Чампино.", "LIRA"),
])
def test_a_town_named_for_its_airline_airport(lang, text, airport):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2024, 7, 27)))
    assert c.destination is not None and c.destination.airports == [airport]


@pytest.mark.parametrize("lang, text, origin, airport", [
    # a base the text calls a base: the military field of that name, not the city's airports or a town's strips
    ("uk", "Літак вилетів з авіабази Трентон в Онтаріо у неділю.", "Трентон", "CYTR"),
    ("uk", "Борт вилетів з авіабази Біггс у Форт-Блісс у п'ятницю.", "Біггс", "KBIF"),
])
def test_a_base_named_and_where_it_is(lang, text, origin, airport):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2025, 2, 7)))
    assert c.origin is not None and c.origin.text == origin and c.origin.airports == [airport]
    assert c.destination is None  # "в Онтаріо", "у Форт-Блісс" say where the base is, not where it flew


@pytest.mark.parametrize("lang, text, destination", [
    ("en", "The aircraft had left Ramstein in Germany late on Sunday.", None),
    ("ru", "В понедельник вечером C-32A перелетел из Жешува в Варшаву.", "Варшаву"),
])
def test_in_a_country_says_where_not_whither(lang, text, destination):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2025, 2, 7)))
    assert (c.destination.text if c.destination else None) == destination


@pytest.mark.parametrize("lang, text, place, airport", [
    # an English name written in Cyrillic by its sound: matched on its consonants, weakly
    ("ru", "Самолёт приземлился на базе Эндрюс под Вашингтоном в воскресенье.", "Эндрюс", "KADW"),
    ("uk", "Літак сів в аеропорту Норман Менлі в Кінгстоні в суботу.", "Норман Менлі", "MKJP"),
    ("en", "A US Air Force C-17A landed in Port-au-Prince on Monday.", "Port-au-Prince", "MTPP"),
])
def test_names_written_by_their_sound(lang, text, place, airport):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2025, 2, 7)))
    assert c.destination is not None and c.destination.text == place and airport in c.destination.airports
    assert c.destination.weak or lang == "en"


@pytest.mark.parametrize("lang, text, role, place, country", [
    # a place adjective between the preposition and the name
    ("ru", "Вылетел он из подмосковного Чкаловского накануне вечером.", "origin", "Чкаловского", "RU"),
    # and the country it names, for a name the gazetteer lacks (weakly)
    ("uk", "Літак прибув до ірландського Шеннона у вівторок.", "destination", "Шеннона", "IE"),
])
def test_a_place_adjective_before_the_name(lang, text, role, place, country):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2025, 2, 7)))
    p = getattr(c, role)
    assert p is not None and p.text == place and p.country == country


@pytest.mark.parametrize("lang, text, place, airport", [
    ("uk", "У Пекіні, в аеропорту Шоуду, літак приземлився пізно ввечері у вівторок.", "Шоуду", "ZBAA"),
    ("en", "Lavrov's Il-96-300 touched down at King Khalid International on Monday.", "King Khalid International", "OERK"),
])
def test_the_airport_of_a_city_and_an_airport_spelt_otherwise(lang, text, place, airport):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2025, 2, 19)))
    assert c.destination is not None and c.destination.text == place and airport in c.destination.airports


@pytest.mark.parametrize("lang, text, role, place, country, airport", [
    # a field no table knows, or a namesake abroad, is where the text puts it — weakly
    ("en", "Earlier that day the jet had flown from Hmeimim air base in Syria to Benina airport.", "origin",
     "Hmeimim", "SY", "OSLK"),
    ("uk", "Іл-76 вилетів з авіабази Хмеймім у Сирії в середу вранці.", "origin", "Хмеймім", "SY", "OSLK"),
])
def test_a_field_is_where_the_text_puts_it(lang, text, role, place, country, airport):
    (c,) = claims.extract(Article(id="t", text=text, language=lang, published=dt.date(2024, 8, 22)))
    p = getattr(c, role)
    assert p.text == place and p.country == country and airport in p.airports and p.weak


def test_from_one_city_to_another_is_no_locator():
    (c,) = claims.extract(Article(id="t", text="Чуть позже из Ташкента в Пулково прилетел Ил-96.", language="ru",
                                  published=dt.date(2024, 8, 22)))
    assert c.origin is not None and c.origin.country == "UZ" and c.destination is not None


def test_a_name_of_several_countries_in_a_region_is_the_one_there():
    # Rota is a Spanish naval base and an island of the Northern Marianas
    (c,) = claims.extract(Article(id="t", text="The tanker landed at Rota in Spain on Monday.", language="en",
                                  published=dt.date(2024, 8, 22)))
    assert c.destination is not None and c.destination.airports == ["LERT"] and c.destination.weak


def test_a_country_adjective_before_an_airport_noun_is_that_country():
    # "польському": Poland's — not Opole, whose airport's name holds "Polska"
    (c,) = claims.extract(Article(id="t", text="Літак приземлився в польському аеропорту Жешув-Ясьонка о 10:40 8 лютого.",
                                  language="uk", published=dt.date(2023, 2, 9)))
    assert c.destination is not None and c.destination.airports == ["EPRZ"]


@pytest.mark.parametrize("text, place, airport", [
    ("The Republic of Korea Air Force Boeing 747-8i left Seoul Air Base on Monday.", "Seoul", "RKSM"),
    ("The C-17A took off from Dover Air Force Base in Delaware on Monday.", "Dover", "KDOV"),
])
def test_a_base_named_with_its_airport_words_and_where_it_is(text, place, airport):
    (c,) = claims.extract(Article(id="t", text=text, language="en", published=dt.date(2024, 8, 22)))
    assert c.origin is not None and c.origin.text == place and c.origin.airports == [airport]
    assert c.destination is None  # "in Delaware" says where the base is


@pytest.mark.parametrize("text, origin, destination", [
    ("Самолёт вылетел из Ростова-на-Дону в Москву.", "Ростова-на-Дону", "Москву"),
    ("Вечером того же дня борт вылетел из Гуантанамо на Кубе в Майами.", "Гуантанамо", "Майами"),
])
def test_hyphenated_particles_join_a_name_and_spaced_ones_do_not(text, origin, destination):
    (c,) = claims.extract(Article(id="t", text=text, language="ru", published=dt.date(2024, 8, 22)))
    assert c.origin is not None and c.origin.text == origin
    assert c.destination is not None and c.destination.text == destination
