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

from tracker.errors import FormatError, InputError, NetworkError
from tracker.inputs import Sources, expand, is_url
from tracker.claims.lang import LANGUAGES, clutter_markers
from tracker.model import Article

MAX_BYTES = 5_000_000  # a news page is far smaller; more is not an article
TIMEOUT_S = 15.0
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
    return split_sentences(article.text, lang.abbreviations)


def split_sentences(text: str, abbreviations: tuple[str, ...] = ()) -> list[Sentence]:
    out: list[Sentence] = []
    for para in re.finditer(r"[^\n]+", text):
        start = para.start()
        body = para.group()
        for m in re.finditer(r"[.!?…]+[»\"”’)]*(?=\s+[«\"“A-ZА-ЯІЇЄҐ0-9])", body):
            before = body[:m.start() + 1]
            last = re.search(r"(\S+)$", before)
            word = last.group(1) if last else ""
            if word.lower() in abbreviations or re.fullmatch(r"[A-ZА-ЯІЇЄҐ]\.", word):
                continue
            _emit(out, text, start, para.start() + m.end())
            start = para.start() + m.end()
        _emit(out, text, start, para.end())
    return out


def _emit(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


# --------------------------------------------------------------------------- reading

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
    body = strip_clutter(body)
    language = meta.get("language") or detect_language(body)
    if not body.strip():
        raise FormatError("no article text found", source)
    when = published or _date(meta.get("published"), source) or page_date
    return Article(
        id=art_id, text=body, language=language, published=when, source=source,
        title=title or _first_line(body), outlet=meta.get("outlet"), fetched=fetched,
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


def _meta_for(path: Path) -> dict:
    """The entry for `path` in META.json beside it, if there is one."""
    meta_path = path.parent / "META.json"
    if not meta_path.is_file():
        return {}
    try:
        data = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FormatError(f"unreadable META.json: {exc}", meta_path) from None
    entry = data.get(path.name) if isinstance(data, dict) else None
    return entry if isinstance(entry, dict) else {}


def _date(value: object, where: object) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise FormatError(f"published date {value!r} is not YYYY-MM-DD", where) from None


def _first_line(text: str) -> str | None:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:200] or None


def _fetch(url: str) -> tuple[str, str]:
    """GET with a timeout and a size limit; every failure is one NetworkError."""
    import requests

    try:
        with requests.get(url, timeout=TIMEOUT_S, stream=True, headers={"User-Agent": USER_AGENT}) as resp:
            if resp.status_code >= 400:
                raise NetworkError(f"HTTP {resp.status_code} {resp.reason}", url)
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > MAX_BYTES:
                raise NetworkError(f"page is {declared} bytes, more than the {MAX_BYTES}-byte limit", url)
            chunks, total = [], 0
            for chunk in resp.iter_content(65536):
                total += len(chunk)
                if total > MAX_BYTES:
                    raise NetworkError(f"page exceeds the {MAX_BYTES}-byte limit", url)
                chunks.append(chunk)
            raw = b"".join(chunks)
            final = resp.url
    except requests.Timeout:
        raise NetworkError(f"no answer within {TIMEOUT_S:.0f} s", url) from None
    except requests.ConnectionError:
        raise NetworkError("cannot connect (refused, unreachable or unknown host)", url) from None
    except requests.RequestException as exc:
        raise NetworkError(f"cannot fetch: {type(exc).__name__}", url) from None
    return _decode_html(raw), final


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
