"""Place names in text → `Place` (the words as written, candidate airports, country).

Aliases are lemma phrases in each language's table (tracker.claims.lang); what a place key
means (a city's airports, or a whole country) lives in tracker/data/places.csv.
"""
from __future__ import annotations

import bisect
import csv
import dataclasses
import functools
import re
import unicodedata
from dataclasses import dataclass

from tracker import airports, cache
from tracker.claims import sounds
from tracker.model import Place
from tracker.paths import PACKAGE_DIR


@dataclass(frozen=True)
class PlaceInfo:
    key: str
    kind: str  # city | airport | country
    name: str
    airports: tuple[str, ...]
    country: str


@cache.persistent(PACKAGE_DIR / "data" / "places.csv", airports.data_files)
def table() -> dict[str, PlaceInfo]:
    out: dict[str, PlaceInfo] = {}
    with open(PACKAGE_DIR / "data" / "places.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            extra = {c for c in (row["extra_airports"] or "").split() if airports.get(c)}
            if row["kind"] == "city":
                codes = set(airports.in_city(row["city"], row["country"])) | extra
                codes |= _serving(codes)
            elif row["kind"] == "airport":
                codes = extra
            else:
                codes = set(_in_country(row["country"]))
            out[row["key"]] = PlaceInfo(row["key"], row["kind"], row["name"], tuple(sorted(codes)), row["country"])
    return out


#: An airline airport this close to a city's own airline airport serves the city too (Dubai's
#: Al Maktoum 44 km, Mexico City's Felipe Ángeles 36 km) — but not a neighbouring island's
#: (Cozumel, 57 km from Cancún).
SERVING_KM = 50.0


def _serving(codes: set[str]) -> set[str]:
    """Large or medium airline airports (OurAirports type, an IATA code, scheduled service) in the
    same country within SERVING_KM of one of the city's airline airports."""
    from tracker.geo import geodesic_km

    every = airports.all_airports()
    hubs = [every[c] for c in codes if c in every and every[c].iata]
    if not hubs:
        return set()
    out = set()
    for code in _served_types():
        a = every.get(code)
        if a is None or not a.iata or a.country != hubs[0].country or code in codes:
            continue
        if any(abs(a.lat - h.lat) < 1 and geodesic_km(a.lat, a.lon, h.lat, h.lon) <= SERVING_KM for h in hubs):
            out.add(code)
    return out


@functools.cache
def _airport_type_rows() -> dict[str, tuple[str, bool]]:
    """Every airport's OurAirports type and scheduled-service flag (tracker/data/airport_types.csv),
    read once for the three views below."""
    with open(PACKAGE_DIR / "data" / "airport_types.csv", encoding="utf-8", newline="") as fh:
        return {r["icao"]: (r["type"], r["scheduled_service"] == "1")
                for r in csv.DictReader(line for line in fh if not line.startswith("#"))}


@functools.cache
def _served_types() -> dict[str, str]:
    """Large and medium OurAirports airports with scheduled service."""
    return {icao: kind for icao, (kind, scheduled) in _airport_type_rows().items()
            if kind in ("large_airport", "medium_airport") and scheduled}


def place(key: str, text: str) -> Place:
    """The Place for a known key, keeping `text` exactly as the article wrote it."""
    info = table()[key]
    return Place(text=text, airports=list(info.airports), country=info.country,
                 match="country" if info.kind == "country" else "alias", airport=info.kind == "airport")


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Lower case without diacritics or hyphens: "Zürich" = "zurich", "Stockholm-Arlanda" = "stockholm arlanda"."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[-‐‑–.']", " ", plain.lower()).split())


# Latin letters with no decomposition, as the gazetteer's ASCII names write them ("Łask" = "lask").
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d",
                               "ґ": "г",  # "Ґома": GeoNames writes Гома
                               "þ": "th"})


# Words that say "airport" rather than name one, in every language the gazetteer's names use.
AIRPORT_WORDS = re.compile(
    r"\b(?:international|intl|airport|aerodrome|airfield|air base|airbase|air force base|regional|joint base"
    r"|международный|международного|аэропорт|аэропорта|аэродром|авиабаза|міжнародний|аеропорт|аеродром|авіабаза"
    r"|aeroport|aeropuerto|aeroporto|flughafen|lotnisko)\b")
_AIRPORT_WORDS = AIRPORT_WORDS


@cache.persistent(airports.data_files)
def _by_city() -> dict[str, list[str]]:
    """airportsdata city → airports; "Arnavutköy, Istanbul" is listed under both names."""
    index: dict[str, list[str]] = {}
    for a in airports.all_airports().values():
        for part in a.city.split(","):
            if part.strip():
                index.setdefault(name_key(part), []).append(a.icao)
    return index


@cache.persistent(airports.data_files)
def _by_airport_name() -> dict[str, list[str]]:
    """Airport names without "International Airport": "Oslo Gardermoen", "Stockholm Arlanda"."""
    index: dict[str, list[str]] = {}
    for a in airports.all_airports().values():
        if a.iata:  # only airports with scheduled-service codes: names of strips are too often words
            name = " ".join(_AIRPORT_WORDS.sub(" ", name_key(a.name)).split())
            if name:
                index.setdefault(name, []).append(a.icao)
    return index


@cache.persistent(airports.data_files)
def _by_code() -> dict[str, str]:
    """IATA and ICAO codes → ICAO."""
    out = {a.iata: a.icao for a in airports.all_airports().values() if a.iata}
    out.update({code: code for code in airports.all_airports()})
    return out


def by_code(code: str) -> str | None:
    """The airport an IATA ("OSL") or ICAO ("ENGM") code written in the text names."""
    return _by_code().get(code.upper())


def by_airport_name(name: str, text: str) -> Place | None:
    codes = _by_airport_name().get(name_key(name))
    return _place_of(sorted(codes), text) if codes else None


def country_place(iso: str, text: str) -> Place | None:
    """A country by its code, with its airports, under the text as written."""
    codes = _in_country(iso)
    return Place(text, list(codes), iso, match="country", score=1.0) if codes else None


def airport_country(icao: str) -> str | None:
    found = airports.all_airports().get(icao)
    return found.country if found is not None else None


def has_iata(icao: str) -> bool:
    found = airports.all_airports().get(icao)
    return bool(found is not None and found.iata)


_BASE_NAME = re.compile(r"\b(?:air base|airbase|air force base|afb|cfb|raf|army air ?field|joint base|naval air|"
                        r"air station|military|air national guard|ang base)\b")


def consonants(key: str) -> str:
    """A name's consonants, words kept apart: how an English name written in Cyrillic by its sound
    still matches ("Эндрюс" endryus → ndrs, Andrews → ndrs; "Норман Менлі" → nrmn mnl, Norman Manley)."""
    return " ".join(sounds.NOT_HEARD.sub("", w) for w in key.split())


@functools.lru_cache(maxsize=4096)
def base_named(word: str) -> tuple[str, ...]:
    """The one military field whose name holds `word`, for a name the text calls a base ("авіабаза
    Трентон": CFB Trenton, not Trenton, New Jersey's airports), or failing that a word of the same
    consonants ("база Эндрюс": Joint Base Andrews)."""
    key = name_key(word)
    if len(key) < NAME_WORD_MIN or " " in key:
        return ()
    held = {code for code, words, _ in _military_fields() if key in words}
    if not held and len(consonants(key)) >= 4:
        held = {code for code, _, sounds in _military_fields() if consonants(key) in sounds}
    return tuple(held) if len(held) == 1 else ()


@functools.cache
def _military_fields() -> list[tuple[str, list[str], frozenset[str]]]:
    """Fields whose name says base (code, the name's words, their consonants): read once, not per word."""
    out = []
    for code, a in airports.all_airports().items():
        key = name_key(a.name)
        if _BASE_NAME.search(key):
            words = key.split()
            out.append((code, words, frozenset(consonants(w) for w in words)))
    return out


@functools.cache
def _consonant_names() -> dict[str, list[str]]:
    """Airport names of two words or more (the words for "airport" left out) by their consonants;
    a key two different names share is left out."""
    names, _ = _gazetteer()
    by_key: dict[str, dict[str, list[str]]] = {}
    for name, codes in names.items():
        words = AIRPORT_WORDS.sub(" ", name).split()
        if len(words) >= 2 and all(len(consonants(w)) >= 2 for w in words) and name.isascii():
            by_key.setdefault(consonants(" ".join(words)), {})[" ".join(words)] = codes
    # one name may be several fields' ("king khaled": Riyadh's airport and an air base), and spellings of one
    # field's name share a field ("king khalid", "king khaled"): the caller decides among those
    out: dict[str, list[str]] = {}
    for k, v in by_key.items():
        sets = [set(codes) for codes in v.values()]
        if all(a & b for a in sets for b in sets):
            out[k] = sorted(set().union(*sets))
    return out


def by_consonants(spelling: str) -> list[str]:
    """The one airport whose name of two words or more has these consonants ("норман менлі")."""
    words = AIRPORT_WORDS.sub(" ", name_key(spelling)).split()
    if len(words) < 2:
        return []
    return _consonant_names().get(consonants(" ".join(words)), [])


@functools.cache
def _first_language_of(language: str) -> frozenset[str]:
    """Countries whose first official language is `language` (tracker/data/official_languages.csv,
    CLDR, most spoken first): France, Luxembourg, Cameroon — not Canada, Switzerland or Belgium, whose
    airports' names are mostly English, German or Dutch and would be misheard by French rules."""
    with open(PACKAGE_DIR / "data" / "official_languages.csv", encoding="utf-8", newline="") as fh:
        return frozenset(r["country"] for r in csv.DictReader(fh) if r["languages"].split()[:1] == [language])


_NAME_PARTS = re.compile(r"\s*[-/(),]\s*|\s+-\s+")
HEARD_MIN = 4  # letters a name heard must keep: "Бурже" alone (brz) is too little to single out a field


@functools.cache
def _french_heard() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """Airports of French-speaking countries by how their names sound (`sounds.french`): by the whole
    sound ("ruasi", Roissy) and by its consonants (`sounds.heard`: "l brz", Le Bourget). The names are
    each part of airportsdata's name ("Paris-Le Bourget Airport": "paris", "le bourget") and the whole,
    and the gazetteer's other names ("roissy"), without the words for airport. A key two airports share
    is left out."""
    countries = _first_language_of("fr")
    every = airports.all_airports()
    names, _ = _gazetteer()
    spelt: dict[str, set[str]] = {}
    for code, a in every.items():
        if a.country in countries:
            for part in [name_key(p) for p in _NAME_PARTS.split(a.name)] + [name_key(a.name)]:
                spelt.setdefault(part, set()).add(code)
    for key, codes in names.items():
        for code in codes:
            if every[code].country in countries:
                spelt.setdefault(key, set()).add(code)
    whole: dict[str, set[str]] = {}
    consonant: dict[str, set[str]] = {}
    for name, codes in spelt.items():
        heard = sounds.french(" ".join(AIRPORT_WORDS.sub(" ", name).split()))
        if len(sounds.spoken(heard).replace(" ", "")) >= HEARD_MIN:
            whole.setdefault(sounds.spoken(heard), set()).update(codes)
        if len(sounds.heard(heard).replace(" ", "")) >= HEARD_MIN:
            consonant.setdefault(sounds.heard(heard), set()).update(codes)
    return ({k: tuple(sorted(v)) for k, v in whole.items() if len(v) == 1},
            {k: tuple(sorted(v)) for k, v in consonant.items() if len(v) == 1})


def by_french_sound(spelling: str) -> tuple[str, ...]:
    """The one airport of a French-speaking country whose name sounds like this Latin spelling of
    a Cyrillic name: all of it ("ruassi": Roissy), else its consonants ("le burzhe": Le Bourget;
    "sharl de goll": Charles de Gaulle)."""
    said = " ".join(AIRPORT_WORDS.sub(" ", name_key(spelling)).split())
    whole, consonant = _french_heard()
    found = whole.get(sounds.spoken(said), ()) if len(sounds.spoken(said).replace(" ", "")) >= HEARD_MIN else ()
    key = sounds.heard(said)
    return found or (consonant.get(key, ()) if len(key.replace(" ", "")) >= HEARD_MIN else ())


@functools.lru_cache(maxsize=4096)
def airline_field_named(word: str) -> tuple[str, ...]:
    """The one airport with an IATA code whose name holds `word`, for a name the text calls an
    airport or a base ("авіабаза Біггс": Biggs Army Airfield, not the strips of Biggs, California;
    "Елмендорф": Joint Base Elmendorf-Richardson, not the fields of Elmendorf, Texas)."""
    key = name_key(word)
    if len(key) < NAME_WORD_MIN or " " in key:
        return ()
    names, _ = _gazetteer()
    every = airports.all_airports()
    held = {c for name, codes in names.items() if key in name.split() for c in codes if every[c].iata}
    return tuple(held) if len(held) == 1 else ()


def _town_of_its_field(key: str, codes: list[str]) -> bool:
    """A place known only as the town of airfields named after it ("Toussus-le-Noble": LFPN, no city in
    GeoNames' list) names those fields, not a city whose other airfields nearby would count too."""
    every = airports.all_airports()
    return bool(codes) and key not in _geonames() and all(key in name_key(every[c].name) for c in codes)


def by_city_name(name: str, text: str) -> Place | None:
    """A city the alias tables do not list, found by its (transliterated) name in
    airportsdata. Several countries with that city name → no country, all candidates."""
    codes = _by_city().get(name_key(name))
    if not codes:
        return None
    with_iata = [c for c in codes if airports.all_airports()[c].iata]
    return _place_of(sorted(with_iata or codes), text)


def served(p: Place) -> bool:
    """Has any candidate airport an IATA code (airline service), not only private strips?"""
    return any((a := airports.get(c)) is not None and a.iata for c in p.airports)


def _place_of(codes: list[str], text: str) -> Place:
    """Candidates in several countries ("Dublin": Ireland, Ohio, California …): when only one
    country's candidates include a large airport, the name is read as that one."""
    countries = {airports.all_airports()[c].country for c in codes}
    if len(countries) > 1:
        large = {airports.all_airports()[c].country for c in codes if _large().get(c)}
        if len(large) == 1:
            iso = large.pop()
            codes = [c for c in codes if airports.all_airports()[c].country == iso]
            countries = {iso}
    return Place(text=text, airports=codes, country=countries.pop() if len(countries) == 1 else None)


def by_context(p: Place | None, countries: set[str]) -> Place | None:
    """A name in several countries ("Одеса": Ukraine and Texas; "Barra": Scotland and Brazil) read
    as the one of them that the article's other places are in. A weak match: it rests on the
    article, not on the name, so it may support but never contradict."""
    if p is None or p.country is not None or len(p.airports) < 2:
        return p
    by: dict[str, list[str]] = {}
    for code in p.airports:
        by.setdefault(airports.all_airports()[code].country, []).append(code)
    shared = set(by) & countries
    if len(by) < 2 or len(shared) != 1:
        return p
    iso = shared.pop()
    return dataclasses.replace(p, airports=by[iso], country=iso, match="context", score=min(p.score, 0.8))


@functools.cache
def _airport_types() -> dict[str, str]:
    """Every airport's OurAirports type."""
    return {icao: kind for icao, (kind, _) in _airport_type_rows().items()}


@functools.cache
def _large() -> dict[str, bool]:
    """OurAirports large airports among airportsdata's."""
    return {icao: True for icao, (kind, _) in _airport_type_rows().items() if kind == "large_airport"}


def large(icao: str) -> bool:
    """An OurAirports large airport."""
    return _large().get(icao, False)


def with_airport(p: Place, icao: str) -> Place:
    """`p` narrowed to one airport (a code the text gives); its country comes with it."""
    return Place(p.text, [icao], airports.all_airports()[icao].country, airport=True)


def zones(p: Place | None) -> list[str]:
    """IANA zones where an event at `p` could happen (a country may span several)."""
    if p is None:
        return []
    return list(_zones_of(tuple(p.airports)))


@functools.lru_cache(maxsize=1024)
def _zones_of(codes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted({a.tz for a in map(airports.get, codes) if a is not None and a.tz}))


# --------------------------------------------------------------------------- gazetteer

@cache.persistent(PACKAGE_DIR / "data" / "gazetteer.csv.gz")
def _gazetteer() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Folded airport name → ICAO and folded city → ICAO, from tracker/data/gazetteer.csv.gz
    (every airportsdata airport with the names OurAirports gives it; scripts/reference_data.py)."""
    import gzip

    names: dict[str, list[str]] = {}
    cities: dict[str, list[str]] = {}
    with gzip.open(PACKAGE_DIR / "data" / "gazetteer.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            for n in filter(None, row["names"].split(";")):
                names.setdefault(n, []).append(row["icao"])
            for c in filter(None, row["cities"].split(";")):
                cities.setdefault(c, []).append(row["icao"])
    return names, cities


@cache.persistent(PACKAGE_DIR / "data" / "cities.csv.gz")
def _geonames() -> dict[str, list[str]]:
    """GeoNames cities with their Latin and Cyrillic names ("Абуджа", "Zheshuv") → nearby
    airline airports (tracker/data/cities.csv.gz)."""
    import gzip

    primary: dict[str, list[str]] = {}
    other: dict[str, list[str]] = {}
    with gzip.open(PACKAGE_DIR / "data" / "cities.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            codes = row["airports"].split()
            for n, c in enumerate(filter(None, row["names"].split(";"))):
                known = (primary if n == 0 else other).setdefault(c, [])
                known.extend(x for x in codes if x not in known)
    # a city's own name before another city's variant of its name: "Dili" is Timor-Leste's
    # capital, though one spelling of Delhi (and "Delhi" one of Dili) is "dili" too
    return {**other, **primary}


@cache.persistent(PACKAGE_DIR / "data" / "regions.csv.gz")
def _regions() -> dict[str, tuple[str, list[str]]]:
    """Region names in en/uk/ru ("Bali", "Балі", "Флорида") → (country, its airline airports); a
    name two countries' regions share is left out (tracker/data/regions.csv.gz)."""
    import gzip

    out: dict[str, tuple[str, list[str]]] = {}
    shared: set[str] = set()
    with gzip.open(PACKAGE_DIR / "data" / "regions.csv.gz", "rt", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            key, country = row["name"], row["country"]
            if key in out and out[key][0] != country:
                shared.add(key)
            codes = out.get(key, (country, []))[1]
            out[key] = (country, sorted(set(codes) | set(row["airports"].split())))
    return {k: v for k, v in out.items() if k not in shared}


def _with_region(found: Place | None, key: str) -> Place | None:
    """A region of that name ("Bali", "Florida", "Хоккайдо") beside what the name found: alone, the
    region's airline airports; with a city or airport of another country (Bali in Cameroon, Bally near
    Kolkata, Florida in Colombia) both, in no one country, for the article to decide. A weak match:
    a region is wide, and its table holds only its airline airports."""
    region = _regions().get(key)
    if region is None or (found is not None and found.country == region[0]):
        return found
    if found is None:
        return Place("", region[1], region[0], match="region", score=0.8)
    return Place("", sorted(set(found.airports) | set(region[1])), None, match="region", score=0.6)


def city_airports(key: str) -> list[str]:
    """The airports whose OurAirports municipality is this folded name ("doha": OTBD, OTHH)."""
    return _gazetteer()[1].get(key, [])


def _city_codes(key: str, served_only: bool) -> list[str]:
    return list(_city_codes_cached(key, served_only))


@functools.lru_cache(maxsize=65536)
def _city_codes_cached(key: str, served_only: bool) -> tuple[str, ...]:
    """airportsdata/OurAirports cities, with GeoNames' names added. Away from a movement
    (`served_only`) a Latin GeoNames name alone is not enough ("told Parliament in
    Westminster"): every such city lies near an airline airport by construction."""
    own = _gazetteer()[1].get(key, [])
    if served_only:  # only airportsdata's own city names, not OurAirports municipalities of small fields
        own = [c for c in own if key in {name_key(p) for p in airports.all_airports()[c].city.split(",")}]
        if key.isascii():
            return tuple(own)
    geo = _geonames().get(key, [])
    return tuple(own + [c for c in geo if c not in own])


@functools.cache
def _countries(code: str) -> dict[str, str]:
    """Country names of one language (CLDR via babel, tracker/data/countries.csv) → ISO alpha-2,
    keyed by the lemmas of their words ("Північна Корея" → "північний корея")."""
    from tracker.claims.lang import get
    from tracker.claims.morph import tokens

    lang = get(code)
    out: dict[str, str] = {}
    with open(PACKAGE_DIR / "data" / "countries.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["lang"] != code:
                continue
            out[name_key(row["name"])] = row["code"]
            out[" ".join(name_key(t.lemma) for t in tokens(row["name"], lang))] = row["code"]
    return out


# Spelling conventions that differ between a Latin name and its Cyrillic rendering read
# back into Latin: German "ei"/"st" (Leipzig = Лейпциг, Ramstein = Рамштайн), Korean "eo"
# (Incheon = Інчхон), "kh" for H (Haneda = Ханеда), "ts" for z/c. Applied to both sides.
_SKELETON = (("shch", "sh"), ("kh", "h"), ("tz", "z"), ("ts", "z"), ("ck", "k"), ("ph", "f"), ("eo", "o"),
             ("ei", "ai"), ("ey", "ai"), ("ay", "ai"), ("sht", "st"), ("shp", "sp"), ("w", "v"), ("q", "k"),
             ("c", "k"), ("x", "ks"), ("y", "i"), ("j", "i"), ("ou", "u"), ("ee", "i"), ("qu", "k"), ("z", "s"), ("'", ""), (" ", ""))


_SKELETON_RE = re.compile("|".join(re.escape(a) for a, _ in sorted(_SKELETON, key=lambda x: -len(x[0]))))
_SKELETON_MAP = dict(_SKELETON)


def skeleton(key: str) -> str:
    """A coarse spelling key (see _SKELETON; one left-to-right pass, longest first), with
    doubled letters collapsed."""
    return sounds.DOUBLED.sub(r"\1", _SKELETON_RE.sub(lambda m: _SKELETON_MAP[m.group()], key))


@cache.persistent(PACKAGE_DIR / "data" / "gazetteer.csv.gz")
def _skeletons() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Skeleton → gazetteer key, and first letter → skeletons (the fuzzy match's blocks)."""
    names, cities = _gazetteer()
    out: dict[str, str] = {}
    for k in list(cities) + list(names):  # GeoNames' own transliterations are matched exactly instead
        if k.isascii() and len(k) >= 4:
            out.setdefault(skeleton(k), k)
    blocks: dict[str, list[str]] = {}
    for sk in out:
        blocks.setdefault(sk[:1], []).append(sk)
    return out, blocks


@functools.cache
def _capitals() -> dict[str, str]:
    with open(PACKAGE_DIR / "data" / "capitals.csv", encoding="utf-8", newline="") as fh:
        return {r["country"]: r["capital"] for r in csv.DictReader(fh)}


def capital(iso: str, text: str) -> Place | None:
    """The capital of a country ("столиця КНДР", "the Russian capital"), as that city's
    airports in that country (GeoNames capitals, tracker/data/capitals.csv)."""
    name = _capitals().get(iso)
    if not name:
        return None
    codes = [c for c in _city_codes(name_key(name), False) if (a := airports.get(c)) and a.country == iso]
    with_iata = [c for c in codes if airports.all_airports()[c].iata]
    if not codes:
        return None
    return Place(text=text, airports=sorted(with_iata or codes), country=iso, match="alias")


@functools.cache
def demonyms() -> dict[str, str]:
    """English demonym (lower case) → ISO alpha-2 (tracker/data/demonyms.csv, generated by
    scripts/reference_data.py from mledoze/countries): "Dutch" → NL, "Swiss" → CH."""
    with open(PACKAGE_DIR / "data" / "demonyms.csv", encoding="utf-8", newline="") as fh:
        return {r["demonym"].lower(): r["country"] for r in csv.DictReader(fh)}


@functools.cache
def people_words() -> frozenset[str]:
    """Demonyms that name no country ("polish", "qatari"), unlike "djibouti" or "monaco"."""
    return frozenset(d for d in demonyms() if country([d], "en", d) is None)


def country_by_prefix(stem: str, code: str) -> str | None:
    """The one country whose name (in `code`'s language, as lemmas) starts with `stem`:
    "узбек" → UZ, "туркмен" → TM, "russ" → RU. None if none or several."""
    stem = name_key(stem)
    if len(stem) < 4:
        return None
    hits = {name: iso for name, iso in _countries(code).items()
            if name.startswith(stem) or name.replace(" ", "").startswith(stem)}  # "южноафрикан": Южно-Африканская
    if len(set(hits.values())) > 1:  # "turk" → Turkey, not Turkmenistan: the name closest to the stem
        shortest = min(len(n) for n in hits)
        hits = {n: iso for n, iso in hits.items() if len(n) <= shortest and len(n) - len(stem) <= 3}
    isos = set(hits.values())
    return isos.pop() if len(isos) == 1 else None


def country(readings: list[str], code: str, text: str) -> Place | None:
    """A country named in `code`'s language ("Польше" → PL), matched on lemma readings."""
    table = _countries(code)
    iso = next((table[name_key(r)] for r in readings if name_key(r) in table), None)
    if iso is None:  # "ЮАР", "ДРК", "UAE": the initials of the country's name, written in capitals
        iso = next((_initialisms(code)[r.lower()] for r in readings
                    if 3 <= len(r) <= 5 and r.isupper() and r.isalpha() and r.lower() in _initialisms(code)), None)
    if iso is None:
        return None
    return Place(text=text, airports=list(_in_country(iso)), country=iso, match="country")


@functools.cache
def _initialisms(code: str) -> dict[str, str]:
    """Initials of every country name of two words or more → the country, where only one
    country has them ("южно африканская республика" → "юар")."""
    seen: dict[str, set[str]] = {}
    for name, iso in _countries(code).items():
        words = name.split()
        if len(words) >= 2:
            seen.setdefault("".join(w[0] for w in words), set()).add(iso)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


@functools.lru_cache(maxsize=512)
def _in_country(iso: str) -> tuple[str, ...]:
    return tuple(airports.in_country(iso))


def lookup(readings: list[str], text: str, spellings: list[str] | tuple[str, ...] = (), fuzzy: bool = False,
           served_only: bool = False, min_score: float = 0.9) -> Place | None:
    """See _lookup; cached on the words, the Place made anew with `text`."""
    found = _lookup(tuple(readings), tuple(spellings), fuzzy, served_only, min_score)
    return None if found is None else Place(text, list(found[0]), found[1], match=found[2], score=found[3],
                                            also=found[4], airport=found[5])


@functools.lru_cache(maxsize=65536)
def _lookup(readings: tuple[str, ...], spellings: tuple[str, ...], fuzzy: bool, served_only: bool,
            min_score: float) -> tuple[tuple[str, ...], str | None, str, float, tuple[str, ...], bool] | None:
    place = _lookup_place(list(readings), "", list(spellings), fuzzy, served_only, min_score)
    if place is None:
        return None
    also = () if place.weak else tuple(c for c in homonyms(readings, spellings) if c not in place.airports)
    return tuple(place.airports), place.country, place.match, place.score, also, place.airport


HOMONYM_WORD_MAX = 64  # a word in more airports' names ("county", "field", "santa") is generic, no name


def homonyms(readings: tuple[str, ...] | list[str], spellings: tuple[str, ...] | list[str] = ()) -> tuple[str, ...]:
    """Every airport some reading or Latin spelling of a name names exactly, by any index the
    lookup reads (airport names, cities, GeoNames cities, regions, a word of an airport's name):
    the lookup takes the first index that answers ("Бали" the GeoNames city Bally, before Bali the
    region), and the corroborator must not contradict a landing at another of them. A one-word
    reading is a word of those airports' names only if it is in at most `HOMONYM_WORD_MAX` of them."""
    names, _ = _gazetteer()
    keys = [k for r in readings for k in (name_key(r), name_key(r).translate(_UNDECOMPOSED))]
    keys += [name_key(s) for s in spellings]
    found: set[str] = set()
    for key in dict.fromkeys(keys):
        for k in dict.fromkeys((key, " ".join(AIRPORT_WORDS.sub(" ", key).split()))):
            if not k:
                continue
            found.update(names.get(k, ()))
            found.update(_city_codes(k, False))
            region = _regions().get(k)
            if region is not None:
                found.update(region[1])
            named = _word_index()["any"].get(k, ()) if " " not in k and len(k) >= NAME_WORD_MIN else ()
            if len(named) <= HOMONYM_WORD_MAX:
                found.update(named)
    return tuple(sorted(found))


def _lookup_place(readings: list[str], text: str, spellings: list[str] | tuple[str, ...] = (), fuzzy: bool = False,
                  served_only: bool = False, min_score: float = 0.9) -> Place | None:
    """A city or airport by name: exact (the name as the gazetteer has it, Latin or one of
    its other-language keywords), then transliterated (`spellings`: Latin readings of a
    Cyrillic name), then — only where the text surely names a place (`fuzzy`) — the
    closest gazetteer name by edit ratio (rapidfuzz) at or above `min_score`.

    A city is preferred to an airport name (a city's airports include that airport), except
    where the text itself says airport ("Joint Base Andrews" is not the town of Andrews)."""
    names, cities = _gazetteer()

    def hit(key: str, match: str, score: float, names_first: bool = False) -> Place | None:
        for index in ((names, cities) if names_first else (cities, names)):
            codes = _city_codes(key, served_only) if index is cities else index.get(key)
            if not codes:
                continue
            with_iata = [c for c in codes if airports.all_airports()[c].iata]
            if index is names and not with_iata and served_only:
                continue
            if index is names:  # "Changi" names Changi Air Base and Singapore Changi: both
                with_iata += _namesakes(key, codes)
            if index is cities:  # "Wunstorf": the town's airline airports and the field named for it
                every = airports.all_airports()
                countries = {every[x].country for x in with_iata}
                # in another country, a namesake airline airport ("Avalon": a town in California and
                # Melbourne's airline airport — both)
                with_iata += [c for c in names.get(key, []) if c not in with_iata and (
                    _airport_types().get(c) in ("large_airport", "medium_airport") if every[c].country in countries
                    else c in _served_types())]
            p = _place_of(sorted(with_iata or codes), text)
            if served_only and not served(p):
                continue
            return Place(p.text, p.airports, p.country, match=match, score=score,
                         airport=index is names or _town_of_its_field(key, p.airports))
        return None

    keys = [k for r in readings for k in dict.fromkeys((name_key(r), name_key(r).translate(_UNDECOMPOSED)))]
    for full in dict.fromkeys(keys):
        stripped = " ".join(AIRPORT_WORDS.sub(" ", full).split())
        found = hit(full, "exact", 1.0) or (stripped != full and hit(stripped, "exact", 1.0, names_first=True))
        if found and not any(c in _served_types() for c in found.airports) and full.isascii():
            # "Heathrow" is the whole name of a Texas airstrip and a word of London Heathrow's: the airline airport
            served_one = _name_words(stripped, exact=True, prefer_served=True)
            if served_one and served_one[0] in _served_types():
                p = _place_of(list(served_one), text)
                found = Place(p.text, p.airports, p.country, match="partial", score=0.8, airport=True)
        if found and INTERNATIONAL.search(full):
            found = civil(found)  # "King Khalid International" is not King Khalid Air Base
            if found is None:
                return None
        found = _with_region(found or None, full)
        if found:
            return found
    for s in spellings:
        found = hit(name_key(s), "transliterated", 0.9)
        if found:
            return _with_region(found, name_key(s))
    by_skeleton, _ = _skeletons()  # the whole name in another spelling, before a word of an airport's name
    for s in spellings:
        key = by_skeleton.get(skeleton(name_key(s)))
        found = hit(key, "transliterated", 0.85) if key else None
        if found:
            return found
    for s in spellings:  # "Норман Менлі": an English name written by its sound; "Ле Бурже", next to a movement, a French one
        sounded = by_consonants(s) or (list(by_french_sound(s)) if fuzzy else [])
        if sounded:
            p = _place_of(sounded, text)
            return Place(p.text, p.airports, p.country, match="transliterated", score=0.8, airport=True)
    for r in readings:  # "Al Bateen" for Al Bateen Executive, "Felipe Angeles International"
        codes = _partial_name(" ".join(AIRPORT_WORDS.sub(" ", name_key(r)).split()))
        if codes:
            p = _place_of(list(codes), text)
            return Place(p.text, p.airports, p.country, match="partial", score=0.8, airport=True)
    for words in [r for r in readings if r.isascii()] + list(spellings):  # "Dulles", "Майкетия", "Кневичи"
        codes = _name_words(" ".join(AIRPORT_WORDS.sub(" ", name_key(words)).split()), exact=words in readings)
        if codes:
            p = _place_of(list(codes), text)
            return Place(p.text, p.airports, p.country, match="partial", score=0.8, airport=True)
    if not fuzzy:
        return None
    queries = [skeleton(name_key(s)) for s in spellings] or [skeleton(name_key(r)) for r in readings]
    best = _fuzzy_best(tuple(dict.fromkeys(q for q in queries if len(q) >= 6 and q.isascii()))[:6])
    if best is None or best[1] < min_score:
        return None
    return hit(by_skeleton[best[0]], "fuzzy", round(best[1], 2))


INTERNATIONAL = re.compile(r"\b(?:international|intl|международн\w*|міжнародн\w*)\b")
_MILITARY_NAME = re.compile(r"\b(?:air base|air force base|afb|military|airbase|naval air)\b", re.IGNORECASE)


def civil(p: Place) -> Place | None:
    """A name the text calls "International" is none of the candidates named as a military base;
    when that leaves none, the place stays unresolved rather than read as the base."""
    keep = [c for c in p.airports if not _MILITARY_NAME.search(airports.all_airports()[c].name)]
    if keep == p.airports:
        return p
    if not keep:
        return None
    return dataclasses.replace(p, airports=keep)


@functools.cache
def _name_bigrams() -> dict[str, set[str]]:
    """Each pair of adjacent words in an airport's gazetteer names → the airports so named."""
    names, _ = _gazetteer()
    out: dict[str, set[str]] = {}
    for name, codes in names.items():
        words = name.split()
        for a, b in zip(words, words[1:]):
            out.setdefault(f"{a} {b}", set()).update(codes)
    return out


def _namesakes(key: str, codes: list[str]) -> list[str]:
    """Airline airports of the same country whose longer names hold this one-word name as a word
    ("singapore changi" for "changi"): a name two airports share is either of them."""
    if " " in key:
        return []
    every = airports.all_airports()
    countries = {every[c].country for c in codes}
    return sorted(c for c in _word_index()["exact"].get(key, set())
                  if c not in codes and every[c].iata and every[c].country in countries)


@functools.lru_cache(maxsize=4096)
def _partial_name(key: str) -> tuple[str, ...]:
    """The one airport whose name holds these words in a row ("al bateen" in "al bateen
    executive"): at least two words and seven letters, and no other airport's name holds
    them — a part shared by two airports names neither."""
    words = key.split()
    if len(words) < 2 or len(key.replace(" ", "")) < 7:
        return ()
    candidates = set.intersection(*(_name_bigrams().get(f"{a} {b}", set()) for a, b in zip(words, words[1:])))
    held = {code for code in candidates for n in _names_by_code().get(code, []) if f" {key} " in f" {n} "}
    return tuple(held) if len(held) == 1 else ()


NAME_WORD_MIN = 5  # letters: a shorter word of an airport's name ("bole", "sal") is too often something else


@functools.cache
def _word_index() -> dict[str, dict[str, set[str]]]:
    """Each word of an airport's gazetteer names (NAME_WORD_MIN letters or more, not a word that
    says "airport", not a city's name) → the airports so named, by the word as written and by
    its spelling skeleton; "any": every such word, a city's name too ("stewart" in New York
    Stewart International), for `homonyms`."""
    names, cities = _gazetteer()
    exact: dict[str, set[str]] = {}
    by_skeleton: dict[str, set[str]] = {}
    every: dict[str, set[str]] = {}
    for name, codes in names.items():
        for w in AIRPORT_WORDS.sub(" ", name).split():
            if len(w) >= NAME_WORD_MIN and w.isascii() and w.isalpha():
                every.setdefault(w, set()).update(codes)
                if w not in cities:
                    exact.setdefault(w, set()).update(codes)
                    by_skeleton.setdefault(skeleton(w), set()).update(codes)
    return {"exact": exact, "skeleton": by_skeleton, "any": every}


@functools.cache
def _sorted_skeletons() -> list[str]:
    return sorted(_word_index()["skeleton"])


def _inflected(word: str) -> set[str]:
    """Airports named by a word a Cyrillic case ending has changed ("maiketii" for Майкетии,
    "knevikhah" for Кневичах): a name word of similar length that starts with this word's stem
    (all but its last two letters, at least NAME_WORD_MIN)."""
    sk = skeleton(word)
    stem = sk[:-2]
    if len(stem) < NAME_WORD_MIN:
        return set()
    words = _sorted_skeletons()
    out: set[str] = set()
    for w in words[bisect.bisect_left(words, stem):]:
        if not w.startswith(stem):
            break
        if abs(len(w) - len(sk)) <= 2:
            out |= _word_index()["skeleton"][w]
    return out


@functools.lru_cache(maxsize=4096)
def _name_words(key: str, exact: bool, prefer_served: bool = False) -> tuple[str, ...]:
    """The one airport whose names hold every word of `key` ("dulles" → KIAD, "maiketia" →
    SVMI, "knevichi" → UHWW): words as written for a Latin name, by skeleton for a Cyrillic
    name read into Latin. A word two airports share names neither; a city's name is not read
    here (the city was looked up before). `prefer_served`: of several, the one airline airport."""
    words = key.split()
    if not words or key in _gazetteer()[1]:
        return ()
    if not all(len(w) >= NAME_WORD_MIN for w in words):
        if len(words) < 3 or any(len(w) < 3 for w in words):
            return ()  # no preposition inside: "Внуково в Баку" is two places
        words = [w for w in words if len(w) >= NAME_WORD_MIN]  # "Аугусто Сесар Сандино": the long words
        if len(words) < 2:
            return ()
    index = _word_index()["exact" if exact else "skeleton"]
    sets = [index.get(w, set()) if exact else (index.get(skeleton(w)) or _inflected(w)) for w in words]
    found = [x for x in sets if x]
    if len(found) < len(sets) and (len(found) < 2 or 2 * len(found) < len(key.split())):
        return ()  # a word no airport's name holds: all of them, or two and half of a longer name
    if any(not x and w in _gazetteer()[1] for w, x in zip(words, sets)):
        return ()  # "Buenos Aires-Ezeiza": the word left out names a city of its own (Ezeiza), not this airport
    held = set.intersection(*found) if found else set()
    if len(held) > 1 and prefer_served:  # "heathrow": London Heathrow and a Texas airstrip
        held = {c for c in held if c in _served_types()}
    return tuple(held) if len(held) == 1 else ()


@functools.cache
def _names_by_code() -> dict[str, list[str]]:
    names, _ = _gazetteer()
    out: dict[str, list[str]] = {}
    for name, codes in names.items():
        for code in codes:
            out.setdefault(code, []).append(name)
    return out


@functools.lru_cache(maxsize=4096)
def _fuzzy_best(queries: tuple[str, ...]) -> tuple[str, float] | None:
    """The closest skeleton among those with the same first letter (rapidfuzz edit ratio)."""
    from rapidfuzz import fuzz, process

    _, blocks = _skeletons()
    best = None
    for q in queries:
        m = process.extractOne(q, blocks.get(q[:1], []), scorer=fuzz.ratio, score_cutoff=80)
        if m and (best is None or m[1] > best[1]):
            best = (m[0], m[1])
    return (best[0], best[1] / 100) if best else None


def latin_spellings(word: str, lang, limit: int = 16) -> list[str]:
    """Latin spellings of a Cyrillic word from the language's table ("h|g" gives both);
    two-letter keys first ("ія" is "ya" in Antalya, "ia" in Italia)."""
    if not lang.transliteration:
        return [word]
    out, i = [""], 0
    while i < len(word):
        key = word[i:i + 2] if word[i:i + 2] in lang.transliteration else word[i]
        options = lang.transliteration.get(key, key).split("|")
        out = [o + x for o in out for x in options][:limit]
        i += len(key)
    return [s for s in out if s.isascii()]
