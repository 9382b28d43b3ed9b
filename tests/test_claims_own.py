"""Claims from articles written for the tests (tests/articles/, labels beside each) and
the rules behind them: identity, places, plans, other travel, hedges, sources, trips."""
from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from support.labelcheck import assert_matches_labels
from tracker.claims import articles
from tracker.claims import extractor as claims
from tracker.claims import identity
from tracker.claims import places
from tracker.claims.lang import get
from tracker.model import Article

OWN = ROOT / "tests" / "articles"
ARTICLES = sorted(p for p in OWN.glob("*.*") if p.suffix in (".txt", ".html"))
HELDOUT = sorted((OWN / "heldout").glob("*.txt"))


def test_there_are_enough_own_articles_in_every_language():
    names = [p.stem for p in ARTICLES + HELDOUT]
    assert len(names) >= 8
    assert {n.split("_")[0] for n in names} == {"uk", "ru", "en"}
    assert all(p.with_name(p.stem + ".labels.json").is_file() for p in ARTICLES + HELDOUT)


@pytest.mark.parametrize("path", ARTICLES + HELDOUT, ids=lambda p: p.parent.name + "/" + p.name)
def test_own_article_claims_match_the_hand_labels(path):
    doc = articles.load([str(path)])[0]
    assert_matches_labels(doc, claims.extract(doc), path.with_name(path.stem + ".labels.json"))


def _claims(text: str, published: dt.date | None = dt.date(2023, 9, 28), language: str | None = None):
    lang = language or articles.detect_language(text)
    return claims.extract(Article(id="t", text=text, language=lang, published=published))


# --------------------------------------------------------------------------- identity

@pytest.mark.parametrize("text, code", [
    ("Іл-62М", "IL62"), ("Ил-62М", "IL62"), ("Il-62M", "IL62"), ("Ту-214", "T204"), ("Tu-214PU", "T204"),
    ("Ту-154", "T154"), ("Іл-96", "IL96"), ("Boeing 737-800", "B738"), ("C-40C", "B737"), ("A350-900", "A359"),
    ("Ил-96-300ПУ", "IL96"), ("Іл 62М", "IL62"),
])
def test_aircraft_types_from_the_table(text, code):
    assert [f.value for f in identity.aircraft_types(f"Літак {text} вилетів")] == [code]


def test_registration_typed_with_cyrillic_lookalikes():
    assert [f.value for f in identity.registrations("борт РА-86559 и RA-64520")] == ["RA-86559", "RA-64520"]
    assert identity.registrations("C-40C Ту-214 МБР-2024") == []  # not registrations


def test_callsign_is_not_taken_from_a_type_or_a_word():
    text = "Рейс RFF7203, SSJ100, ICBM, KCNA"
    found = identity.callsigns(text, exclude=identity.aircraft_types(text))
    assert [f.value for f in found] == ["RFF7203"]


# --------------------------------------------------------------------------- places

@pytest.mark.parametrize("text, lang, key, role", [
    ("Літак вилетів з Москви.", "uk", "moscow", "origin"),
    ("Літак полетів до Пхеньяна.", "uk", "pyongyang", "destination"),
    ("Літак приземлився в Пхеньяні 1 серпня.", "uk", "pyongyang", "destination"),
    ("Літак вилетів у Владивостоці 1 серпня.", "uk", "vladivostok", "origin"),
    ("Самолёт вылетел в Пхеньян 1 августа.", "ru", "pyongyang", "destination"),
    ("Самолёт приземлился во Владивостоке 1 августа.", "ru", "vladivostok", "destination"),
    ("The plane left Moscow on August 1.", "en", "moscow", "origin"),
    ("Літак приземлився в аеропорту Пхеньяна 1 серпня.", "uk", "pyongyang", "destination"),
    ("Самолёт приземлился в аэропорту Владивостока 1 августа.", "ru", "vladivostok", "destination"),
    ("Літак вилетів із Внукова 1 серпня.", "uk", "vnukovo", "origin"),
    ("Самолёт вылетел из Шереметьево 1 августа.", "ru", "sheremetyevo", "origin"),
])
def test_inflected_places_resolve_by_preposition_and_case(text, lang, key, role):
    (c,) = _claims(text, language=lang)
    place = getattr(c, role)
    assert place is not None and place.airports == list(places.table()[key].airports)


def test_moscow_is_all_its_airports_and_a_country_is_a_country():
    moscow = places.table()["moscow"]
    assert {"UUBB", "UUBM", "UUDD", "UUEE", "UUMO", "UUMU", "UUUS", "UUWW", "UUBW"} == set(moscow.airports)
    nk = places.place("north_korea", "Північній Кореї")
    assert nk.country == "KP" and "ZKPY" in nk.airports and nk.text == "Північній Кореї"


def test_every_alias_in_every_language_points_to_a_known_place():
    keys = set(places.table())
    for code in ("uk", "ru", "en"):
        assert set(get(code).place_aliases.values()) <= keys
    assert all(info.airports for info in places.table().values())


# --------------------------------------------------------------------------- what is not a claim

@pytest.mark.parametrize("text", [
    "Кім Чен Ин прибув до Росії у вівторок у своєму бронепоїзді.",        # no aircraft at all
    "Літак не знадобився: делегація прибула до Пхеньяна потягом 2 серпня.",  # another kind of travel
    "Очікується, що літак вилетить до Пхеньяна 2 жовтня.",                  # a plan
    "Самолёт вылетит в Пхеньян в пятницу.",                                 # future tense
    "Two flights landed in Pyongyang this week.",                           # a summary of several
    "Ранее в этом месяце два самолета прилетели в Пхеньян.",                # counted: several
    "Літак приземлився.",                                                   # nothing to check
    "Пхеньян хоче отримати запасні частини для літаків 1 серпня.",          # no flight event
])
def test_not_claims(text):
    assert _claims(text) == []


def test_hedges_and_their_scope():
    (c,) = _claims("Літак, ймовірно, вилетів з Москви 1 серпня.")
    assert c.hedged
    (c,) = _claims("The plane landed in Pyongyang on Tuesday, days after talks that likely covered arms.")
    assert not c.hedged  # "likely" is about the talks, in the clause cut off at "days after"


def test_lead_attribution_applies_to_the_whole_article():
    text = "Літак приземлився в Пхеньяні у вівторок. Про це пише Bloomberg, передає видання."
    (c,) = _claims(text)
    assert c.attributed_to == ["Bloomberg"]


def test_a_day_before_said_is_a_date_not_a_source():
    (c,) = _claims('A club statement issued on Tuesday said the squad had landed in Zurich.')
    assert c.attributed_to == []
    (c,) = _claims("The agency BelTA said the jet landed in Minsk on Monday.")
    assert c.attributed_to == ["BelTA"]


def test_two_sources_that_disagree_are_two_claims_of_one_trip():
    doc = articles.load([str(OWN / "uk_02.txt")])[0]
    found = claims.extract(doc)
    fr24 = next(c for c in found if "Flightradar24" in c.attributed_to)
    adsbx = next(c for c in found if "ADS-B Exchange" in c.attributed_to)
    assert not fr24.arrival.overlaps(adsbx.arrival) or fr24.arrival != adsbx.arrival
    assert fr24.trip == adsbx.trip
    # "the landing was on 2 November" names no place: read in the zones of the trip's places
    # (Moscow, Tehran), so the two sources' days no longer blur into each other
    assert any("zones of the places its trip names" in n for n in adsbx.notes)
    assert fr24.arrival.latest <= adsbx.arrival.earliest


def test_no_publication_date_leaves_weekdays_unresolved_with_a_note():
    (c,) = _claims("Літак Іл-62М вилетів з Москви у понеділок вранці.", published=None)
    assert c.departure is None and c.origin is not None
    assert any("no publication date" in n for n in c.notes)


def test_same_aircraft_different_identity_starts_another_trip():
    text = ("Літак Іл-62М вилетів з Москви 1 серпня. "
            "Літак Ту-214 вилетів з Москви 2 серпня.")
    a, b = _claims(text, published=dt.date(2023, 8, 8))
    assert a.trip != b.trip


def test_cli_table_prints_markup_like_article_text_literally(tmp_path, cli):
    (tmp_path / "x.txt").write_text("Літак [/] [bold]RFF7203[/bold] вилетів з Москви 1 серпня.\n", encoding="utf-8")
    result = cli("extract", str(tmp_path / "x.txt"), "--published", "2023-08-08")
    assert result.returncode == 0, result.stderr
    assert "[/]" in result.stdout and "[bold]" in result.stdout


@pytest.mark.parametrize("text, lang, airports", [
    ("Літак вилетів з Магадана 1 серпня.", "uk", ["UHMM"]),
    ("Самолёт вылетел из Норильска 1 августа.", "ru", ["UOOO"]),
    ("The jet flew from Murmansk on August 1.", "en", ["ULMM"]),
])
def test_city_outside_the_alias_tables_is_found_by_transliteration_with_a_note(text, lang, airports):
    (c,) = _claims(text, language=lang, published=dt.date(2023, 8, 8))
    assert c.origin.airports == airports and c.origin.country == "RU"
    assert c.origin.match in ("exact", "transliterated") and any("gazetteer" in n for n in c.notes)


def test_lowercase_words_are_never_taken_for_cities():
    (c,) = _claims("Літак вилетів з москви 1 серпня.", language="uk", published=dt.date(2023, 8, 8))
    assert c.origin is not None  # the alias table knows it even in lower case
    assert _claims("Літак вилетів з міста 1 серпня.", language="uk", published=dt.date(2023, 8, 8))[0].origin is None


@pytest.mark.parametrize("text, published", [
    ("Літак вилетів з Москви 27–25 липня.", dt.date(2023, 9, 28)),     # a backwards range
    ("Літак вилетів з Москви 31 лютого.", dt.date(2023, 9, 28)),       # no such day
    ("Літак вилетів з Москви 2023-13-45.", dt.date(2023, 9, 28)),      # no such month
    ("Літак вилетів з Москви 31 грудня 9999 року.", None),             # the local day ends past the calendar
    ("Самолёт вылетел из Москвы в понедельник.", dt.date(1, 1, 1)),    # before the calendar's start
])
def test_impossible_times_are_notes_not_crashes(text, published):
    (c,) = _claims(text, published=published)
    assert c.departure is None and c.origin is not None and c.notes


def test_a_verb_that_says_it_flew_makes_a_claim_without_an_aircraft_noun():
    (c,) = _claims("Делегация вылетела из Москвы в Пхеньян 27 июля.", language="ru", published=dt.date(2023, 7, 28))
    assert c.origin.country == "RU" and c.destination.airports == ["ZKPY"] and c.departure is not None
    assert _claims("Ракета пролетіла над Пхеньяном 27 липня.", language="uk") == []
    assert _claims("Шойгу отправился в КНДР 25 июля.", language="ru") == []  # mode of travel not stated


def test_it_right_after_a_claim_is_that_aircraft():
    text = "The Il-62M landed in Pyongyang on Tuesday. It left Pyongyang for Moscow on Thursday."
    first, second = _claims(text, language="en")
    assert second.origin.airports == ["ZKPY"] and second.destination.country == "RU"
    assert first.trip == second.trip
    assert _claims("It left Pyongyang for Moscow on Thursday.", language="en") == []  # nothing to refer to


def test_day_and_clock_apart_in_one_sentence_are_one_moment():
    (c,) = _claims("On Tuesday, a Russian Il-96 touched down at Pyongyang at 3:45 p.m. local time.",
                   language="en", published=dt.date(2023, 11, 24))
    assert (c.arrival.earliest.isoformat(), c.arrival.latest.isoformat()) == (
        "2023-11-21T06:45:00+00:00", "2023-11-21T06:46:00+00:00")


def test_adjectives_before_an_airport_noun_and_counts_that_are_not_of_aircraft():
    (c,) = _claims("Самолет приземлился в международном аэропорту Сунан 1 августа.", language="ru",
                   published=dt.date(2023, 8, 8))
    assert c.destination.airports == ["ZKPY"]
    (c,) = _claims("Через дев'ять годин літак сів у Пхеньяні.", language="uk")  # nine hours, one aircraft
    assert c.destination.airports == ["ZKPY"]
