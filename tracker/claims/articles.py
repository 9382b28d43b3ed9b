"""Read articles (.txt, saved .html, http(s) URLs) into `Article` records.

The stage keeps only the article body: page clutter ("read also" lists, related
headlines with their own dates, comment forms) is cut off so it can neither give
claims nor set the article's date. The publication date comes from, in order, the
caller, META.json beside the file, the page's own metadata — never the clock.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from tracker.errors import FormatError, InputError, NetworkError, TrackerError, one_line
from tracker.inputs import Sources, expand, is_url
from tracker.claims.lang import LANGUAGES, clutter_markers
from tracker.model import Article

MAX_BYTES = 5_000_000  # a news page is far smaller; more is not an article
TIMEOUT_S = 15.0  # longest wait for any one byte
DEADLINE_S = 60.0  # longest whole download, headers and body (a slow drip never trips TIMEOUT_S)
MIN_WORDS = 5  # trafilatura falls back to any text ("Home"); fewer words is no article
USER_AGENT = "tracker/0.1 (+news-claim corroboration)"
SUFFIXES = (".txt", ".html", ".htm")  # what is read from a folder of articles


# --------------------------------------------------------------------------- public

def load(files: Sources, published: dt.date | None = None) -> list[Article]:
    """One Article per file or URL, in the order given; a folder gives its .txt/.html files.

    `files` is one path or URL (str or Path), a folder, or an iterable of them.
    """
    return [_load_one(source, published) for source in expand(files, SUFFIXES, what="articles")]


def detect_language(text: str) -> str | None:
    """uk / ru / en from letters only Ukrainian or only Russian use, else Cyrillic vs Latin.

    Counts come from each language's `letters` data; no letters at all → None.
    """
    scores = {code: sum(text.count(ch) + text.count(ch.upper()) for ch in lang.letters)
              for code, lang in LANGUAGES.items() if lang.letters}
    cyrillic = len(re.findall(r"[\u0400-\u04FF]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    if cyrillic == 0 and latin == 0:
        return None
    if cyrillic >= latin:
        best = max(scores, key=lambda k: scores[k])
        return best if scores[best] > 0 else None
    return "en"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def sentences(article: Article) -> list[Sentence]:
    """Sentences with character spans into `article.text` (abbreviations per language)."""
    lang = LANGUAGES.get(article.language or "", LANGUAGES["en"])
    return split_sentences(article.text, lang.abbreviations, lang.sentence_openers)


#: A sentence ends at a run of . ! ? … (closing quotes/brackets after it) followed by space and
#: a capital, digit or opening quote. Linear on hostile text: the run starts only where the
#: previous character is not one of its own (lookbehind) and is taken whole (possessive), so a
#: 20 KB run of dots is one failed attempt, not 20 000 overlapping ones.
_END = re.compile(r"(?<![.!?…])[.!?…]++[»\"”’)]*+(?=\s+[«\"“A-ZА-ЯІЇЄҐ0-9])")
#: The word before a sentence end is looked at only this far back: no abbreviation is longer.
_WORD_WINDOW = 24


# a registration or callsign can open a sentence but never continues a clock ("… at 4:15 p.m. T7-DSD, registered
# in San Marino, took off …"); a zone after a clock ("p.m. CEST", "p.m. Moscow time") has no digit
_AIRCRAFT_NAME = re.compile(r"(?=\S*\d)(?:[A-Z0-9]{1,3}-[A-Z0-9]{2,5}|[A-Z]{3,4}\d{1,4}[A-Z]{0,2}|N\d{1,5}[A-Z]{0,2})")


def split_sentences(text: str, abbreviations: tuple[str, ...] = (), openers: tuple[str, ...] = ()) -> list[Sentence]:
    """Sentences with spans; time linear in the text (see `_END`, `_WORD_WINDOW`). An
    abbreviation ends its sentence when a word that opens sentences, or an aircraft's name, follows it
    ("at 3 p.m. It stayed …", "at 4:15 p.m. T7-DSD, registered …"), not otherwise ("at 3 p.m. Moscow time")."""
    out: list[Sentence] = []
    known = frozenset(abbreviations)
    opening = frozenset(openers)
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        body = para.group()
        for m in _END.finditer(body):
            if _abbreviation(body, m.start(), known):
                after = re.match(r"\s+([\w'’-]+)", body[m.end():m.end() + 40])
                word = after.group(1) if after else ""
                if not (word.rstrip("-") in opening or _AIRCRAFT_NAME.fullmatch(word)):
                    continue
            _emit(out, text, start, para.start() + m.end())
            start = para.start() + m.end()
        _emit(out, text, start, para.end())
    return out


def _abbreviation(body: str, at: int, abbreviations: frozenset[str]) -> bool:
    """Is the word ending with the stop at `at` an abbreviation ("р.", "т.д.") or an initial ("A.")?"""
    lo = max(0, at + 1 - _WORD_WINDOW)
    last = re.search(r"\S+$", body[lo:at + 1])
    if last is None or (last.start() == 0 and lo > 0):
        return False  # a word longer than the window is no abbreviation
    word = last.group()
    return word.lower() in abbreviations or bool(re.fullmatch(r"[A-ZА-ЯІЇЄҐ]\.", word))


#: What opens a line but is no part of its sentence: a thread's "1/", a bullet or an emoji marker
#: ("🔸", "❗️", "•"). A dash-led line stays as it is (a teaser list's "- Headline"), and so does a
#: wire dateline ("VILNIUS — …": quoted with its sentence).
_LEAD_MARK = re.compile(r"(?:\d{1,2}/\d{0,2}|[•▪‣◦●■□►▶➤→])\s+|[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+\s*")


def _emit(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    line_end = text.find("\n", start)
    line = text[start:line_end if line_end >= 0 else len(text)].rstrip()
    # a line's own start: its marker is no part of the sentence — where the line is prose (a teaser
    # list's "• Headline" with no full stop keeps its bullet, and stays no claim)
    if (start == 0 or text[start - 1] == "\n") and line.endswith((".", "!", "?", "…", "»", '"')):
        m = _LEAD_MARK.match(text, start, end)
        if m and m.end() < end:
            start = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


# --------------------------------------------------------------------------- reading

#: Control characters are never article text; an ESC/OSC sequence in a quote would reach terminals.
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _load_one(source: str, published: dt.date | None) -> Article:
    if is_url(source):
        fetched = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        html, final_url = _fetch(source)
        body, title, page_date = _from_html(html, source)
        art_id, meta = page_id(title, final_url), {}
    else:
        path = Path(source)
        raw = _read_bytes(path)
        meta = _meta_for(path)
        if path.suffix.lower() in (".html", ".htm"):
            body, title, page_date = _from_html(_decode_html(raw), source)
        else:
            body, title, page_date = _decode(raw, path), None, None
        art_id, fetched = path.stem, None
    body = strip_clutter(_CONTROL_CHARS.sub(" ", body))  # one space each: spans stay offsets into the text
    language = meta.get("language") or detect_language(body)
    if not body.strip():
        raise FormatError("no article text found", source)
    when = published or meta.get("published") or _page_date(page_date)
    return Article(
        id=art_id, text=body, language=language, published=when, source=source,
        title=_CONTROL_CHARS.sub(" ", title) if title else _first_line(body), outlet=meta.get("outlet"), fetched=fetched,
    )


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file is {size} bytes, more than the {MAX_BYTES}-byte limit for an article", path)
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from None


def _decode(raw: bytes, where: object) -> str:
    try:
        return raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (byte {exc.start})", where) from None


def _decode_html(raw: bytes) -> str:
    """Saved pages come in their site's charset (windows-1251 is common): let
    trafilatura read the declared charset or detect it."""
    from trafilatura.utils import decode_file

    return decode_file(raw)


#: Dates this tool can compute with: pandas' Timestamp range (1677-09-21 … 2262-04-11), whole years.
EARLIEST_DATE = dt.date(1678, 1, 1)
LATEST_DATE = dt.date(2261, 12, 31)
META_FIELDS = {"language": str, "published": str, "outlet": str, "title": str, "url": str}
META_MAX_BYTES = 10_000_000


def _meta_for(path: Path) -> dict:
    """The entry for `path` in META.json beside it, if there is one, checked field by field.

    Shape: {"<file name>": {"language": "uk"|"ru"|"en", "published": "YYYY-MM-DD",
    "outlet": "…"}, …}. Anything else (a list as `language`, nesting a thousand deep, a date
    no calendar here can hold) is a TrackerError naming META.json and the field."""
    meta_path = path.parent / "META.json"
    if not meta_path.is_file():
        return {}
    try:
        if meta_path.stat().st_size > META_MAX_BYTES:
            raise FormatError(f"META.json is larger than {META_MAX_BYTES} bytes", meta_path)
        data = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"unreadable META.json: {exc}", meta_path) from None
    except RecursionError:
        raise FormatError("META.json is nested too deeply", meta_path) from None
    except ValueError as exc:  # an integer of over 4300 digits
        raise FormatError(f"unreadable META.json: {exc}", meta_path) from None
    if not isinstance(data, dict):
        raise FormatError("META.json must be an object of {file name: {language, published, outlet}}", meta_path)
    entry = data.get(path.name)
    if entry is None:
        return {}
    if not isinstance(entry, dict):
        raise FormatError(f"META.json entry for {path.name!r} must be an object", meta_path)
    checked: dict[str, object] = {}
    for key, value in entry.items():
        kind = META_FIELDS.get(key)
        if kind is None or value is None:
            continue  # unknown keys are the user's own notes
        if not isinstance(value, kind):
            raise FormatError(f"{path.name}: {key!r} must be text, not {type(value).__name__}", meta_path)
        checked[key] = value
    language = checked.get("language")
    if language is not None and language not in LANGUAGES:
        raise FormatError(f"{path.name}: language {language!r} is not one of {', '.join(sorted(LANGUAGES))}", meta_path)
    if "published" in checked:
        checked["published"] = _date(checked["published"], meta_path)
    return checked


def _date(value: object, where: object) -> dt.date | None:
    """YYYY-MM-DD (a longer ISO timestamp is cut to its date) within the range dates work in here."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FormatError(f"published date {str(value)[:40]!r} is not YYYY-MM-DD", where) from None
    return check_date_range(day, where)


def check_date_range(day: dt.date, where: object = None) -> dt.date:
    """`day`, or a TrackerError when it is outside what dates can be computed with here."""
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise FormatError(f"published date {day.isoformat()} is outside {EARLIEST_DATE.year}–{LATEST_DATE.year}, "
                           "the range of dates this tool can compute with", where)
    return day


def _page_date(day: dt.date | None) -> dt.date | None:
    """A page's own date outside the usable range is no date (the page, not the user, is wrong)."""
    return day if day is not None and EARLIEST_DATE <= day <= LATEST_DATE else None


def _first_line(text: str) -> str | None:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:200] or None


def _fetch(url: str) -> tuple[str, str]:
    """GET with a total deadline and a size limit; every failure is one TrackerError.

    `TIMEOUT_S` bounds each wait for a byte (requests' own timeout); `DEADLINE_S` bounds the
    whole exchange — headers and body — since a server sending a byte every few seconds never
    trips a per-read timeout. The download runs in a daemon thread the caller stops waiting for.
    """
    import threading

    result: list = []
    stop = threading.Event()
    worker = threading.Thread(target=lambda: result.append(_download(url, stop)), daemon=True)
    worker.start()
    worker.join(DEADLINE_S)
    if worker.is_alive() or not result:
        stop.set()  # the body loop stops at its next chunk; a stalled header read is abandoned
        raise NetworkError(f"no complete answer within {DEADLINE_S:.0f} s", url)
    outcome = result[0]
    if isinstance(outcome, TrackerError):
        raise outcome
    raw, final = outcome
    return _decode_html(raw), final


def _download(url: str, stop) -> tuple[bytes, str] | NetworkError:
    """The page's bytes and final URL, or the TrackerError to raise (returned: it crosses a thread)."""
    import requests

    try:
        with requests.get(url, timeout=TIMEOUT_S, stream=True, headers={"User-Agent": USER_AGENT}) as resp:
            if resp.status_code >= 400:
                return NetworkError(f"HTTP {resp.status_code} {one_line(resp.reason, 80)}", url)
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_BYTES:
                return NetworkError(f"page is {declared} bytes, more than the {MAX_BYTES}-byte limit", url)
            chunks, total = [], 0
            for chunk in resp.iter_content(65536):  # decompressed bytes: a gzip bomb stops at the limit too
                if stop.is_set():
                    return NetworkError(f"no complete answer within {DEADLINE_S:.0f} s", url)
                total += len(chunk)
                if total > MAX_BYTES:
                    return NetworkError(f"page exceeds the {MAX_BYTES}-byte limit", url)
                chunks.append(chunk)
            return b"".join(chunks), resp.url
    except requests.Timeout:
        return NetworkError(f"no answer within {TIMEOUT_S:.0f} s", url)
    except requests.ConnectionError:
        return NetworkError("cannot connect (refused, unreachable or unknown host)", url)
    except requests.RequestException as exc:
        return NetworkError(f"cannot fetch: {type(exc).__name__}", url)
    except (OSError, ValueError, UnicodeError) as exc:  # odd headers, bad redirects, broken decompression
        return NetworkError(f"cannot fetch: {type(exc).__name__}", url)


def _slug(text: str) -> str:
    return re.sub(r"[\W_]+", "-", text.lower()).strip("-")[:80].strip("-")


def page_id(title: str | None, url: str) -> str:
    """A fetched article's id from the page itself: its title as a slug, else the last part of
    the URL's path without its extension (`…/il62-pyongyang.html` → `il62-pyongyang`), else the host."""
    parts = urlparse(url)
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    stem = last.rsplit(".", 1)[0] if "." in last else last
    for candidate in (title or "", stem, parts.netloc):
        if slug := _slug(candidate):
            return slug
    return "page"


def _from_html(html: str, where: str) -> tuple[str, str | None, dt.date | None]:
    """Article body, title and date from a page, via trafilatura (navigation dropped).

    The date comes from the page's markup and metadata only (no extensive search of
    the text), so related-story dates in sidebars cannot become the article's date.
    """
    import trafilatura

    params = {"extensive_search": False, "original_date": True}
    body = trafilatura.extract(html, include_comments=False, include_tables=False,
                               favor_precision=True, date_extraction_params=params)
    if not body or len(body.split()) < MIN_WORDS:
        raise FormatError("no article body found in the page", where)
    meta = trafilatura.extract_metadata(html)
    title = meta.title if meta else None
    dated = trafilatura.extract_metadata(_metadata_only(html), date_config=params)
    page_date = None
    if dated and dated.date:
        try:
            page_date = dt.date.fromisoformat(dated.date[:10])
        except ValueError:
            page_date = None
    return body, title, page_date


def _metadata_only(html: str) -> str:
    """The page's <head> plus its JSON-LD blocks: where a publisher states the date.

    The body is left out on purpose: sidebars carry <time> tags of other stories
    (seen: a "most read" list dated two years after the article).
    """
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return "<html><head></head><body></body></html>"
    head = tree.find("head")
    parts = [lxml.html.tostring(head, encoding="unicode")] if head is not None else ["<head></head>"]
    ld = [lxml.html.tostring(s, encoding="unicode") for s in tree.iter("script")
          if (s.get("type") or "").lower() == "application/ld+json" and (head is None or s.getparent() is not head)]
    return "<html>" + parts[0] + "<body>" + "".join(ld) + "</body></html>"


# --------------------------------------------------------------------------- clutter

_DATELINE = re.compile(
    r"^\s*(?:[^\W\d_][\w'’ʼ]*,\s*)?"                                   # optional weekday
    r"(?:\d{1,2}\s+[^\W\d_]+\.?|[^\W\d_]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?)"    # 22 листопад | November 22,
    r"\s+\d{4}(?:\s*(?:р\.|року|г\.|года))?,?\s*(?:(?:at\s+)?\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)?\s*$",
    re.IGNORECASE,
)


BYLINE_ZONE_CHARS = 200  # less text than this above a dateline: it belongs to the article's own header


def strip_clutter(text: str) -> str:
    """Cut the page tail: from the first clutter heading, or from the headline above
    the first stand-alone dateline ("п’ятниця, 22 листопад 2024, 23:55"), to the end;
    and drop inline "read also" lines."""
    lines = text.split("\n")
    markers = clutter_markers()
    cut = len(lines)
    for i, line in enumerate(lines):
        low = line.strip().lower().rstrip(":")
        if low in markers["tail"]:
            cut = i
            break
        if i > 0 and _DATELINE.match(line):
            j = i - 1
            while j > 0 and not lines[j].strip():
                j -= 1
            if sum(len(ln.strip()) for ln in lines[:j]) < BYLINE_ZONE_CHARS:
                continue  # a dateline under the page's own title is its byline, not a related item
            cut = j
            break
    # Inline links are blanked, not removed, so spans stay offsets into the file too.
    kept = [" " * len(ln) if any(ln.strip().lower().startswith(p) for p in markers["inline"]) else ln
            for ln in lines[:cut]]
    return "\n".join(kept).rstrip() + "\n"
