"""Articles and the formats they arrive in: the article text format, Markdown, plain text, HTML.

The article text format (see README): line 1 ``date YYYY-MM-DD <headline>`` (or
``date unknown <headline>``), an optional ``source <URL>`` line, then the body.
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import FilmbotError
from .text import clean_text

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES + tuple(s + ".gz" for s in HTML_SUFFIXES)

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][\d:.+\-Z]*)?")
_DATE_LINE = re.compile(r"date\s+(\S+)\s*(.*)", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"source\s+(\S+)\s*$", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---(?:\n|\Z)", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+\.\s+)")
MAX_TITLE = 300
_WEB_LINK = re.compile(r"https?://\S+\Z", re.IGNORECASE)
MAX_BYTES = 5 * 1024 * 1024
MIN_HTML_TEXT = 200  # less than this is a menu or a notice, not an article


class ArticleError(FilmbotError, ValueError):
    """The input is not an article we can read; the message says why, briefly."""


@dataclass(frozen=True)
class Article:
    """One article: its headline, body text, publication date and address."""

    title: str
    body: str
    date: dt.date | None = None
    url: str | None = None

    @cached_property
    def digest(self) -> str:
        """A fingerprint of the text, so the same article pasted twice is known."""
        words = re.sub(r"\s+", " ", f"{self.title}\n{self.body}".lower()).strip()
        return hashlib.sha256(words.encode()).hexdigest()


def parse_date(value: str | None) -> dt.date | None:
    """``YYYY-MM-DD`` (or a longer ISO timestamp) as a date; None for ``unknown`` or junk."""
    if not value:
        return None
    value = value.strip()
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def parse_text(text: str, *, markdown: bool = False) -> Article:
    """Read the article text format; without a ``date`` line, the first line is the headline."""
    text = clean_text(text).strip()
    if markdown:
        text = _strip_markdown(text)
    lines = text.split("\n")
    if not lines or not lines[0].strip():
        raise ArticleError("the article is empty")
    date, url = None, None
    first = _DATE_LINE.fullmatch(lines[0])
    if first:
        date_text, title = first.groups()
        date = parse_date(date_text)
        if date is None and date_text.lower() != "unknown":
            raise ArticleError(f"the date line has a date I can't read: {date_text[:40]!r}")
    else:
        title = lines[0]
    rest = lines[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    if rest and (source := _SOURCE_LINE.fullmatch(rest[0])):
        url = source.group(1)
        rest = rest[1:]
    return _article(title, "\n".join(rest), date, url)


def parse_html(html: str | bytes, url: str | None = None) -> Article:
    """Extract headline, body, date and canonical URL from an HTML page with trafilatura."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False
    )
    if doc is None or len((doc.text or "").strip()) < MIN_HTML_TEXT:
        raise ArticleError("the page has no article text I can find")
    title = doc.title or (doc.text.strip().split("\n")[0])
    return _article(clean_text(title), clean_text(doc.text), parse_date(doc.date), doc.url or url)


def read_file(path: str | Path) -> Article:
    """Read an article file of any supported kind, chosen by its suffix."""
    path = Path(path)
    name = path.name.lower()
    if path.stat().st_size > MAX_BYTES:
        raise ArticleError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    data = path.read_bytes()
    if name.endswith(".gz"):
        import gzip

        with gzip.open(path) as stream:
            data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise ArticleError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB unpacked")
        name = name[:-3]
    if name.endswith(HTML_SUFFIXES):
        return parse_html(data)
    return parse_text(decode(data), markdown=name.endswith((".md", ".markdown")))


def decode(data: bytes) -> str:
    """Bytes as text: UTF-8 (with or without BOM) or UTF-16 with a BOM, else refused with a
    clear message."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ArticleError("the text says it is UTF-16 but is not; save it as UTF-8 and try again") from None
    if b"\x00" in data[:4096]:
        raise ArticleError("this looks like a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArticleError("the text is not UTF-8; save it as UTF-8 and try again") from None


def _article(title: str, body: str, date: dt.date | None, url: str | None) -> Article:
    """An article from what a format gave: the headline made one line, a link kept only if it is
    one to the web; then checked."""
    title = re.sub(r"\s+", " ", title).strip()
    if url and not _WEB_LINK.match(url):
        url = None
    return checked(Article(title=title, body=body.strip(), date=date, url=url))


def checked(article: Article) -> Article:
    """The article if filmbot may store it (what every way in must pass: ingest and import);
    else ArticleError says why."""
    title = article.title
    if not title.strip():
        raise ArticleError("the article has no headline")
    if not article.body.strip():
        raise ArticleError("the article has a headline but no body")
    if len(title) > MAX_TITLE:
        raise ArticleError("the first line is too long to be a headline")
    if title != " ".join(title.split()):
        raise ArticleError("the headline is not one line of text")
    if article.url is not None and not _WEB_LINK.match(article.url):
        raise ArticleError("the link is not an http(s) address")
    return article


def _strip_markdown(text: str) -> str:
    front = _FRONT_MATTER.match(text)
    meta: dict[str, str] = {}
    if front:
        for line in front.group(1).split("\n"):
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("\"'")
        text = text[front.end():]
    lines = [_MD_EMPHASIS.sub(r"\2", _MD_LINK.sub(r"\1", _MD_PREFIX.sub("", line))) for line in text.split("\n")]
    if "title" in meta:
        lines.insert(0, meta["title"])
    if "date" in meta or "source" in meta or "url" in meta:
        header = f"date {meta.get('date') or 'unknown'} {lines[0]}"
        source = meta.get("source") or meta.get("url")
        lines = [header] + ([f"source {source}"] if source else []) + lines[1:]
    return "\n".join(lines)
