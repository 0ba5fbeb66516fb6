"""A film's story, one article at a time: each article's sentence that states the film's status
or release, for follow notices, ``!timeline`` and the "Before:" line of ``!status``.

A timeline lists the articles about the film (:mod:`knowledge.about`) and those that clearly
state its status or release, newest first (undated ones last), ``PAGE_SIZE`` to a page, each with
its news sentence (if it has one).

An article's news sentence is, among the sentences it states the film's ``status`` or
``release`` in (facts found at ingest), the one with the highest weight; between equals, a
sentence of the body over the headline (which a timeline line shows anyway), a statement over a
question ("When is it coming out?"), and the earlier one.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from .about import is_about
from .resolve import Film, Resolver

NEWS_RELATIONS = ("status", "release")
NEWS_MIN = 0.45  # the weakest fact that states news (as for a status answer)
CLEAR = 0.7  # a fact this strong puts an article that only mentions the film on its timeline
PAGE_SIZE = 10
OLDER_LOOKED_AT = 5  # older articles a status answer's "Before:" looks through
_PAGE = re.compile(r"(?P<title>.+?)\s+(?:page\s+|p)?(?P<page>\d{1,4})", re.IGNORECASE)


@dataclass(frozen=True)
class Entry:
    """One article on a film's timeline, with its news sentence (None if it states none)."""

    article_id: int
    headline: str
    date: str | None
    url: str | None
    sentence: str | None


@dataclass
class Timeline:
    """One page of a film's news; ``film`` is None when no film was found (``note`` says why)."""

    film: str | None
    entries: list[Entry] = field(default_factory=list)
    page: int = 1
    pages: int = 0
    total: int = 0  # articles on the whole timeline
    note: str = ""
    suggestions: list[str] = field(default_factory=list)


def build_timeline(resolver: Resolver, conn: sqlite3.Connection, subject: str, scopes: tuple[int, ...], page: int | None = None) -> Timeline:
    """The timeline ``!timeline <film> [page]`` asks for: a trailing number is a page unless the
    title with it is a film (``Tidebreaker 2`` is the sequel; ``Tidebreaker 2 2`` its page 2)."""
    subject = " ".join(subject.split()).strip("\"'“”‘’`")
    if not subject:
        return Timeline(None, note="Which film? Try `!timeline Tidebreaker 2`.")
    film, suggestions = resolver.lookup(subject, scopes)
    if page is None:
        page = 1
        if (paged := _PAGE.fullmatch(subject)) and film is None:
            found, _ = resolver.lookup(paged["title"], scopes)
            if found is not None:
                film, suggestions, page = found, [], int(paged["page"])
    if film is None:
        return Timeline(None, note=f"I don't know a film called “{subject[:100]}”.", suggestions=suggestions)
    return film_timeline(conn, film, scopes, page)


def film_timeline(conn: sqlite3.Connection, film: Film, scopes: tuple[int, ...], page: int = 1) -> Timeline:
    """One page of a film's timeline, newest first."""
    ids = _about(conn, film.ids, scopes) | _clear_news(conn, film.ids, scopes)
    rows = conn.execute(
        f"SELECT id, title, date, url FROM articles WHERE id IN ({_marks(ids)}) AND guild_id IN ({_marks(scopes)})"
        " ORDER BY date IS NULL, date DESC, id DESC",
        [*ids, *scopes],
    ).fetchall() if ids else []
    pages = max(1, -(-len(rows) // PAGE_SIZE))
    timeline = Timeline(film.title, page=page, pages=pages, total=len(rows))
    if not rows:
        timeline.note = f"No article I have is about {film.title}."
    elif not 1 <= page <= pages:
        timeline.note = f"{film.title} has {pages} page{'s' * (pages != 1)} of news; there is no page {page}."
    else:
        shown = rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
        sentences = news_sentences(conn, film.ids, [r[0] for r in shown])
        timeline.entries = [Entry(r[0], r[1], r[2], r[3], sentences.get(r[0])) for r in shown]
    return timeline


def older_news(conn: sqlite3.Connection, name_ids: tuple[int, ...], scopes: tuple[int, ...], date: str | None, sentence: str | None) -> Entry | None:
    """For a status answer of ``date``: the news sentence of the newest article dated before it
    that says something else (None if none does, or the answer is undated)."""
    if not name_ids or not date or not sentence:
        return None
    rows = conn.execute(
        "SELECT a.id, a.title, a.date, a.url FROM articles a WHERE a.id IN ("
        f"SELECT article_id FROM facts WHERE name_id IN ({_marks(name_ids)}) AND relation IN ({_marks(NEWS_RELATIONS)})"
        f" AND guild_id IN ({_marks(scopes)}) AND weight >= ? AND date < ?) ORDER BY a.date DESC, a.id DESC LIMIT ?",
        [*name_ids, *NEWS_RELATIONS, *scopes, NEWS_MIN, date, OLDER_LOOKED_AT],
    ).fetchall()
    sentences = news_sentences(conn, name_ids, [r[0] for r in rows])
    said = " ".join(sentence.split()).casefold()
    for article_id, headline, day, url in rows:
        if (older := sentences.get(article_id)) and " ".join(older.split()).casefold() != said:
            return Entry(article_id, headline, day, url, older)
    return None


def _about(conn: sqlite3.Connection, name_ids: tuple[int, ...], scopes: tuple[int, ...]) -> set[int]:
    """The articles of these scopes that are about the film these stored names are."""
    links: dict[int, dict[int, int]] = {}  # article -> sentence position -> strongest link
    for article_id, position, link in conn.execute(
        "SELECT m.article_id, s.position, m.link FROM mentions m CROSS JOIN sentences s ON s.id = m.sentence_id"
        f" CROSS JOIN articles a ON a.id = m.article_id WHERE m.name_id IN ({_marks(name_ids)}) AND +a.guild_id IN ({_marks(scopes)})",
        [*name_ids, *scopes],
    ):
        positions = links.setdefault(article_id, {})
        positions[position] = max(link, positions.get(position, 0))
    return {article_id for article_id, positions in links.items() if is_about(positions.items())}


def _clear_news(conn: sqlite3.Connection, name_ids: tuple[int, ...], scopes: tuple[int, ...]) -> set[int]:
    """The articles of these scopes that clearly state the film's status or release."""
    return {article_id for (article_id,) in conn.execute(
        f"SELECT DISTINCT article_id FROM facts WHERE name_id IN ({_marks(name_ids)}) AND relation IN ({_marks(NEWS_RELATIONS)})"
        f" AND guild_id IN ({_marks(scopes)}) AND weight >= ?",
        [*name_ids, *NEWS_RELATIONS, *scopes, CLEAR],
    )}


def news_sentences(conn: sqlite3.Connection, name_ids: tuple[int, ...], article_ids: list[int]) -> dict[int, str]:
    """Each article's news sentence about the film these stored names are (articles that state
    none are left out)."""
    if not name_ids or not article_ids:
        return {}
    rows = conn.execute(
        "SELECT f.article_id, f.weight, s.position, s.text FROM facts f CROSS JOIN sentences s ON s.id = f.sentence_id"
        f" WHERE f.name_id IN ({_marks(name_ids)}) AND f.relation IN ({_marks(NEWS_RELATIONS)})"
        f" AND f.article_id IN ({_marks(article_ids)}) AND f.weight >= ?",
        [*name_ids, *NEWS_RELATIONS, *article_ids, NEWS_MIN],
    ).fetchall()
    best: dict[int, tuple] = {}
    for article_id, weight, position, text in rows:
        rank = (weight, position != 0, not text.rstrip().endswith("?"), -position)
        if article_id not in best or rank > best[article_id][0]:
            best[article_id] = (rank, text)
    return {article_id: text for article_id, (_, text) in best.items()}


def _marks(values) -> str:
    return ",".join("?" * len(values))
