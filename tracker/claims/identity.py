"""Aircraft identity in text: type (ICAO designator), registration, callsign.

Writers mix Latin and Cyrillic letters in codes ("РА-86559", "Іл-62М"). Only
code-shaped tokens are normalised; ordinary words are never touched.
"""
from __future__ import annotations

import csv
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.paths import PACKAGE_DIR

# Letters that look alike in Latin and Cyrillic (visual), and how Russian/Ukrainian
# writers read a Cyrillic letter in a code (Р is "R" in РА-86559).
LOOKALIKE = {"А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "К": "K", "М": "M", "О": "O",
             "Р": "P", "Т": "T", "Х": "X", "У": "Y"}
READ_AS = {"Р": "R", "С": "S", "В": "V", "Н": "N", "У": "U"}

_CODE_CHARS = "A-Z0-9АВСЕНІКМОРТХУ"
_REG = re.compile(rf"(?<![\w-])([{_CODE_CHARS}]{{1,4}})[-‐‑–]([{_CODE_CHARS}]{{2,6}})(?![\w-]|[.,]\d)")
# Prefixes whose registrations are usually written without a hyphen (N899DN, HL7629, JA01XJ).
NO_HYPHEN = ("N", "HL", "JA")
_REG_BARE = re.compile(rf"(?<![\w-])({'|'.join(NO_HYPHEN)})([0-9][A-Z0-9]{{2,4}})(?![\w-])")
_CALLSIGN = re.compile(r"(?<![\w-])([A-ZАВСЕНІКМОРТХУ]{3})(\d{1,4}[A-Z]{0,2})(?![\w-])")


@dataclass(frozen=True)
class Found:
    value: str
    start: int
    end: int


def _readings(prefix: str) -> set[str]:
    """Every Latin reading of a prefix typed with Cyrillic letters (visual or phonetic)."""
    out = {""}
    for ch in prefix:
        options = {LOOKALIKE.get(ch, ch), READ_AS.get(ch, LOOKALIKE.get(ch, ch))}
        out = {o + x for o in out for x in options}
    return out


@functools.cache
def registration_formats() -> dict[str, re.Pattern]:
    """ICAO nationality prefix → the shape of what follows it (tracker/data/registration_prefixes.csv).

    The shape is what keeps code-like words out: "C-40C" is not Canadian (C-F/G/I + 3
    letters), "B-52" not Chinese (B- + 4 digits), "SU-95" not Egyptian (SU- + letters)."""
    shapes: dict[str, list[str]] = {}
    with open(PACKAGE_DIR / "data" / "registration_prefixes.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            shapes.setdefault(row["prefix"], []).append(f"(?:{row['suffix']})")
    return {prefix: re.compile("|".join(alts)) for prefix, alts in shapes.items()}


def registrations(text: str) -> list[Found]:
    """Registrations by prefix and suffix shape; Cyrillic look-alikes read as Latin (РА-86559)."""
    formats = registration_formats()
    out = []
    for m in _REG.finditer(text):
        suffix = "".join(LOOKALIKE.get(ch, ch) for ch in m.group(2))
        prefix = next((r for r in sorted(_readings(m.group(1)))
                       if r in formats and formats[r].fullmatch(suffix)), None)
        if prefix:
            out.append(Found(f"{prefix}-{suffix}", m.start(), m.end()))
    for m in _REG_BARE.finditer(text):
        if formats[m.group(1)].fullmatch(m.group(2)):
            out.append(Found(m.group(1) + m.group(2), m.start(), m.end()))
    return sorted(out, key=lambda f: f.start)


@functools.cache
def _airline_rows() -> list[dict[str, str]]:
    with open(PACKAGE_DIR / "data" / "airlines.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@functools.cache
def airlines() -> dict[str, str]:
    """IATA airline designator → ICAO (tracker/data/airlines.csv, generated from OpenFlights)."""
    return {r["iata"]: r["icao"] for r in _airline_rows() if r["iata"]}


@functools.cache
def airline_names() -> dict[str, list[tuple[str, str]]]:
    """IATA airline designator → (ICAO, name) of every airline holding it ("OS" → AUA, Austrian Airlines)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for r in _airline_rows():
        if r["iata"] and r["icao"] and len(r["name"]) >= 4:
            out.setdefault(r["iata"], []).append((r["icao"], r["name"]))
    return out


@functools.cache
def operators() -> dict[str, str]:
    """ICAO operator designator → "name, telephony" (OpenFlights), for what a callsign's prefix says of
    its operator ("FAF" → "Force Aerienne Francaise, FRENCH AIR FORCE"); a designator listed twice is left out."""
    out: dict[str, str] = {}
    seen: set[str] = set()
    for r in _airline_rows():
        code = r["icao"]
        if code in seen:
            out.pop(code, None)
            continue
        seen.add(code)
        out[code] = ", ".join(x for x in (r["name"], r["callsign"]) if x)
    return out


@functools.cache
def airline_designators() -> frozenset[str]:
    """Every ICAO operator designator OpenFlights lists, airlines and air forces (RCH, RRR, RSD)."""
    return frozenset(r["icao"] for r in _airline_rows())


_SPACED = re.compile(r"(?<![\w-])([A-Z]{3})[ \u00a0](\d{1,4})(?![\w-]|[.,]\d)")
_IATA_FLIGHT = re.compile(r"(?<![\w-])([A-Z][A-Z0-9]|[0-9][A-Z])[ \u00a0]?(\d{1,4})(?![\w-]|[.,]\d)")


@functools.lru_cache(maxsize=16)
def _cue_pattern(cue: str) -> re.Pattern:
    return re.compile(rf"(?:{cue})[\s:«\"“]{{1,3}}([A-Z]{{2,6}})[ \u00a0-]?(\d{{1,4}}[A-Z]?)(?![\w-])")


@functools.lru_cache(maxsize=16)
def _cue_before(cue: str) -> re.Pattern:
    return re.compile(rf"(?:{cue})\W{{0,3}}(?:[A-Z]{{2,6}}[ -]?\d{{1,4}}[A-Z]?(?:,\s*|\s+(?:and|і|и|та|or|або|или)\s+))*$")


@functools.lru_cache(maxsize=16)
def _flight_cue_pattern(cue: str) -> re.Pattern:
    return re.compile(rf"(?:{cue}),?[\s:№#]{{1,3}}$")  # "an Edelweiss Air flight, WK229"


def callsigns(text: str, exclude: list[Found] = (), cue: str | None = None,
              flight_cue: str | None = None) -> list[Found]:
    """ICAO-style callsigns (three letters + digits), not inside a type or registration.

    Also: "CCA 92" when CCA is an airline's ICAO designator; any letters + digits right
    after a callsign word (`cue`: "callsign GOLD81", "flying as RCH123", "з позивним SAM060");
    an IATA flight number after a flight word (`flight_cue`: "flight SU 100", "рейсом TK1745"),
    given as the ICAO callsign through the airline table (SU → AFL100)."""
    taken = [(f.start, f.end) for f in exclude]
    out: list[Found] = []

    def add(value: str, start: int, end: int) -> None:
        if value.isascii() and not any(s <= start < e or start <= s < end for s, e in taken) \
                and not any(f.value == value for f in out):
            out.append(Found(value, start, end))

    for m in _CALLSIGN.finditer(text):
        prefix = "".join(LOOKALIKE.get(ch, ch) for ch in m.group(1))
        before = text[max(0, m.start() - 40):m.start()]
        if prefix in airline_designators() or any(c and _cue_before(c).search(before) for c in (cue, flight_cue)):
            add(prefix + m.group(2), m.start(), m.end())  # not "COP29", "APEC2023": an operator's designator
    for m in _SPACED.finditer(text):
        if m.group(1) in airline_designators():
            add(m.group(1) + m.group(2), m.start(), m.end())
    if cue:
        for m in _cue_pattern(cue).finditer(text):
            prefix = airlines().get(m.group(1), m.group(1)) if len(m.group(1)) == 2 else m.group(1)  # "flying as CA61"
            add(prefix + m.group(2), m.start(1), m.end(2))
    for m in _IATA_FLIGHT.finditer(text):
        icao = airlines().get(m.group(1))
        if icao and flight_cue and _flight_cue_pattern(flight_cue).search(text[max(0, m.start() - 20):m.start()]):
            add(icao + m.group(2), m.start(), m.end())
            continue
        before = text[max(0, m.start() - 60):m.start()]
        named = [code for code, name in airline_names().get(m.group(1), ())
                 if re.search(rf"(?<!\w){re.escape(name)}(?:['’]s)?(?:\s+(?:{flight_cue or 'flight'}))?[\s:№#]{{1,3}}$", before)]
        if len(named) == 1:  # "Austrian Airlines OS570": the airline's own name says the code is its flight number
            add(named[0] + m.group(2), m.start(), m.end())
    return sorted(out, key=lambda f: f.start)


# A maker's name may stand before any model in the table ("Boeing 737-800", "Airbus A340-300").
MAKERS = ("Boeing", "Боинг", "Боїнг", "Airbus", "Аэробус", "Ейрбас", "Эйрбас", "Embraer", "Ембраер", "Эмбраер",
          "Bombardier", "Gulfstream", "Dassault", "Lockheed", "Lockheed Martin", "Ilyushin", "Tupolev", "Antonov",
          "Sukhoi", "Сухой", "Сухий")


@functools.cache
def type_table() -> dict[str, dict[str, str]]:
    """ICAO Doc 8643 designator → maker, model, family (tracker/data/type_designators.csv,
    generated by scripts/reference_data.py from tar1090-db's type list)."""
    with open(PACKAGE_DIR / "data" / "type_designators.csv", encoding="utf-8", newline="") as fh:
        return {r["designator"]: r for r in csv.DictReader(fh)}


def family(designator: str | None) -> str | None:
    """The family a designator belongs to (B738 → B737, A20N → A320, A332 → A330); a type
    with no wider family is its own; an unknown designator has none."""
    if not designator:
        return None
    row = type_table().get(designator.upper())
    return row["family"] if row else None


# Soviet/Russian design bureaux as Cyrillic writers give them ("Су-24", "Ил-96", "Іл-76").
CYRILLIC_PREFIXES = {"Tu": ("Ту",), "Su": ("Су",), "Il": ("Ил", "Іл"), "An": ("Ан",), "Yak": ("Як",),
                     "Ka": ("Ка",), "Mi": ("Ми", "Мі"), "Be": ("Бе",), "MiG": ("МиГ", "МіГ")}


def _generated_names() -> list[tuple[str, str]]:
    """Model names of the generated table as writers give them: "A-330-200" → "A330-200",
    "C-17 Globemaster 3" → also "C-17". Only names with a letter and a digit: a bare number
    ("1900") is a year more often than a Beechcraft."""
    out = []
    by_maker_number: dict[str, set[str]] = {}
    for designator, row in type_table().items():
        if row["desc"][1:2] == "1" and row["desc"][2:3] == "P" and row["wtc"] == "L":
            continue  # single piston light aircraft: not what news of state and charter flights names
        # "Fokker 70" (model "70"), "Embraer 190" (model "ERJ-190-100"): writers put the maker
        # before the model's number; kept only where that names one designator
        number = re.match(r"^(?:[A-Z]{2,4}-)?(\d{2,4})(?![\d.])", row["model"])
        if number and row["maker"] and " " not in row["maker"]:
            by_maker_number.setdefault(f"{row['maker'].title()} {number.group(1)}", set()).add(designator)
        model = re.sub(r"^([A-Z])-(\d)", r"\1\2", row["model"])  # AIRBUS "A-330" → "A330"
        for name in {model, model.split(" ")[0]}:
            name = name.strip(" ,/")
            core = re.sub(r"[-\s]", "", name)
            if len(core) >= 3 and re.search(r"\d", core) and re.search(r"[A-Za-z]", core) and "/" not in name:
                out.append((name, designator))
                prefix = re.match(r"([A-Za-z]+)-\d", name)
                bureau = prefix.group(1) if prefix else ""
                for cyr in CYRILLIC_PREFIXES.get(bureau, ()):
                    out.append((cyr + name[len(bureau):], designator))
    out += [(name, codes.pop()) for name, codes in by_maker_number.items() if len(codes) == 1]
    return out


@functools.cache
def _family_heads() -> tuple[str, ...]:
    """Names of a model's base, before its variant: "A330" (A-330-200), "Boeing 767" (767-300): only
    bases written with a hyphen before the variant. They name a family
    (`family_mentions`), never an exact type; a bare number needs its maker ("Boeing 767")."""
    out = set()
    for row in type_table().values():
        model = re.sub(r"^([A-Z])-(\d)", r"\1\2", row["model"])
        m = re.match(r"^([A-Za-z]{0,3}-?\d{2,3})-\w", model)
        if not m:
            continue
        head = m.group(1)
        out.add(head if re.search(r"[A-Za-z]", head) else f"{row['maker'].title()} {head}")
    return tuple(sorted(out))


@functools.cache
def _type_pattern() -> tuple[re.Pattern, dict[str, str]]:
    """One trie-shaped pattern over every name, so the longest name wins ("737-800" before
    "737") and matching stays linear in the text however many names there are.

    The spellings scripts/reference_data.py generates (tracker/data/aircraft_types.csv: Doc 8643
    model names, fleet designations such as "C-40C", Cyrillic spellings) win over the names read
    from the type list here, and the few hand-kept exceptions (aircraft_type_exceptions.csv,
    each with its reason) over both. A row with no designator names a family too vague to check
    ("Boeing 777"): it is matched, so that no shorter name inside it is taken, and gives no type.
    A Soviet or Russian bureau's designation may carry a series and variant letters ("Ил-96-300ПУ",
    "Il-76MD", "Ту-214СР"): the same designator as its base (`_bureau_variant`)."""
    rows = _spelling_rows()
    generated = _generated_names()
    by_key = {_key(name): code for name, code in generated}
    by_key.update({_key(name): code for name, code in rows})
    names = {name for name, _ in rows} | {name for name, _ in generated} | set(_family_heads())
    alts = _trie_pattern([_name_atoms(n) for n in sorted(names)])  # sorted: the same pattern in every process
    makers = "|".join(_name_pattern(m) for m in sorted(MAKERS, key=len, reverse=True))
    # (?=\w): every name starts with a letter or digit, so the alternatives are tried only
    # where one could start — not at each dot of a 5 MB run of dots
    variant = r"(?P<variant>(?-i:(?:-\d{3})?[A-ZА-ЯЁІЇЄҐ]{0,3}))"
    return re.compile(rf"(?<![\w-])(?=\w)(?:(?:{makers})\s+)?(?P<model>{alts}){variant}(?:s(?![\w]))?(?![\w]|-\d)",
                      re.IGNORECASE), by_key


def _spelling_rows() -> list[tuple[str, str]]:
    """Generated spellings, then the hand-kept exceptions (a later row wins)."""
    rows = []
    for name in ("aircraft_types.csv", "aircraft_type_exceptions.csv"):
        with open(PACKAGE_DIR / "data" / name, encoding="utf-8", newline="") as fh:
            rows += [(r["name"], r["designator"] or "") for r in csv.DictReader(fh)]
    return rows


_BUREAU = re.compile(rf"^(?:{'|'.join(sorted({*CYRILLIC_PREFIXES, *(c for cs in CYRILLIC_PREFIXES.values() for c in cs)}, key=len, reverse=True))})[-‐‑–\s]?\d+$",
                     re.IGNORECASE)


def _bureau_variant(m: re.Match) -> bool:
    """No variant, or one after a bureau's bare designation ("Ил-76" + "МД"): Soviet and Russian
    series numbers and variant letters stay within the base's ICAO type. After any other name a
    variant is not read ("A321LR" is an A21N, not an A321), and the match gives nothing — but for a
    freighter's letters after a model number ("747-200F", "737-800BCF"), which keep the type."""
    variant = m.group("variant")
    return (not variant or bool(_BUREAU.match(m.group("model")))
            or variant in _FREIGHTER and m.group("model")[-1:].isdigit())  # "747-200F": a freighter, same type


_FREIGHTER = frozenset({"F", "SF", "BCF", "PF"})  # freighter (converted, special, package) of the same ICAO type


def _trie_pattern(names: list[list[str]]) -> str:
    """Regex of a trie over atom sequences; longer continuations are tried first."""
    trie: dict = {}
    for atoms in names:
        node = trie
        for a in atoms:
            node = node.setdefault(a, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [a + emit(child) for a, child in node.items() if a]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and len(node) == 1 else "(?:" + "|".join(branches) + ")"
        return body + "?" if "" in node else body

    return emit(trie)


def _name_atoms(name: str) -> list[str]:
    """A name as regex atoms, one per character (the trie's unit; `_name_pattern` joins them)."""
    out = []
    for i, ch in enumerate(name):
        if ch in "- ":
            between_digits = 0 < i < len(name) - 1 and name[i - 1].isdigit() and name[i + 1].isdigit()
            out.append(r"[-‐‑–\s]" if between_digits else r"[-‐‑–\s]?")
        else:
            if i and name[i - 1].isalpha() and ch.isdigit():
                # "A330" and "A-330-MRTT" must share one path ("A", optional hyphen, "330"): else the
                # trie holds two ways to read "A330" and the first one tried wins, not the longest
                out.append(r"[-‐‑–\s]?")
            out.append(_char_class(ch))
    return out


def _name_pattern(name: str) -> str:
    """A hyphen or space may be left out ("Іл 62М", "SSJ100"), except between two digits:
    "737-8" is a MAX 8, "7378" a number."""
    return "".join(_name_atoms(name))


def _char_class(ch: str) -> str:
    twins = {ch.upper(), ch.lower()}
    for cyr, lat in LOOKALIKE.items():
        if ch.upper() in (cyr, lat):
            twins |= {cyr, lat, cyr.lower(), lat.lower()}
    return "[" + "".join(sorted(re.escape(t) for t in twins)) + "]" if len(twins) > 1 else re.escape(ch)


def _key(name: str) -> str:
    """Compare names with hyphens/spaces dropped and look-alikes folded to Latin."""
    folded = "".join(LOOKALIKE.get(ch, ch) for ch in name.upper())
    return re.sub(r"[-‐‑–\s]", "", folded)


@functools.cache
def _family_of_name() -> dict[str, str]:
    """Family designator of a name too vague for a type ("A340", "Boeing 777", "737 MAX"): the
    one family shared by every generated model whose name starts with it."""
    models: dict[str, set[str]] = {}
    every = [(re.sub(r"^([A-Z])-(\d)", r"\1\2", row["model"]), d) for d, row in type_table().items()]
    for name, designator in _generated_names() + every:
        key = _key(name)
        for cut in range(3, len(key) + 1):
            models.setdefault(key[:cut], set()).add(family(designator) or designator)
    vague = [name for name, code in _spelling_rows() if not code] + list(_family_heads())
    out = {}
    for name in vague:
        key = _key(re.sub(r"^(?:Boeing|Airbus|Боинг|Боїнг)\s+", "", name, flags=re.IGNORECASE))
        fams = models.get(key, set()) | models.get("B" + key, set()) | models.get("A" + key, set())
        if len(fams) == 1:
            out[_key(name)] = fams.pop()
    return out


def family_mentions(text: str) -> list[Found]:
    """Aircraft named only by family ("the A340", "a Boeing 777"): value is the family
    designator (A340, B777); exact variants are aircraft_types(), not these."""
    pattern, by_key = _type_pattern()
    fams = _family_of_name()
    out = []
    for m in pattern.finditer(text):
        key = _key(m.group("model"))
        if not by_key.get(key) and key in fams and _written_as_a_name(m.group()) and not m.group("variant"):
            out.append(Found(fams[key], m.start(), m.end()))
    return out


def aircraft_types(text: str) -> list[Found]:
    pattern, by_key = _type_pattern()
    return [Found(by_key[_key(m.group("model"))], m.start(), m.end()) for m in pattern.finditer(text)
            if by_key.get(_key(m.group("model"))) and _written_as_a_name(m.group()) and _bureau_variant(m)]


_SERIAL = re.compile(r"[A-Z]{0,3}[-+]?\d{2,6}(?:[-+]\d{1,5})?")


def cued_serials(text: str, cue: str | None, taken: Sequence[Found] = ()) -> list[Found]:
    """A tail number right after its cue ("tail number 09-0016", "serial 80-1111", "з бортовим
    номером 54+08", "с бортовым номером 608"): military serials follow no nationality prefix, so
    only the cue says they are registrations. Letters, digits and one dash or plus, two digits
    at least; not a code already read as a registration."""
    if not cue:
        return []
    out = []
    for m in re.finditer(rf"(?:{cue})\s*(?:no\.?\s*|№\s*|:\s*|\()?([A-Z0-9][A-Z0-9+-]{{1,9}})(?![\w+-])", text):
        code = m.group(1)
        if _SERIAL.fullmatch(code) and sum(ch.isdigit() for ch in code) >= 2 and not any(
                f.start <= m.start(1) < f.end for f in taken):
            out.append(Found(code, m.start(1), m.end(1)))
    return out


def _written_as_a_name(written: str) -> bool:
    """A type's name has a capital where it has letters ("AT-3", "Il-76", "Falcon 7X"); "at 3"
    in "at 3:54 p.m." is a preposition and a clock."""
    return not any(ch.isalpha() for ch in written) or any(ch.isupper() for ch in written)
