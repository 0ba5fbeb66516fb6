"""RSS and Atom feeds a guild follows: adding, listing and removing them, and polling them
for new articles.

Everything is kept in SQLite (the ``feeds`` and ``feed_items`` tables), so a restart loses
nothing and no item is ingested twice. How a poll works:

- The feed is fetched with the ETag / Last-Modified of the last answer; 304 means nothing to do.
- An item is known by its id (RSS guid, Atom id), else by its link; items seen before are skipped.
- An item whose content (content:encoded, Atom content) has at least ``FULL_TEXT`` characters of
  text is stored as it is; otherwise its link is fetched (same policy, same SSRF guard) and the
  page's article extracted.
- One poll is bounded: it looks at the ``max_items`` newest items only, and stops taking items
  once it has run ``budget_seconds`` (the rest wait for the next poll), so no feed, however
  large or slow, holds up the others for long.
- An item that fails is recorded without an article and tried again when the feed is read (not
  on a 304) after a wait that doubles with each failure (the interval, twice that, ...), until
  ``RETRY_WINDOW`` after it was first seen; then it is given up for good. How many items failed
  in the last poll, and the first reason, are kept on the feed for ``feed list``.
- The next check is ``interval_minutes`` later; a failing feed waits interval × 2^failures, at
  most ``MAX_DELAY`` (or the interval, if longer); both ±10 % so feeds do not poll in step.
- A poll never raises for a bad feed or item: the error is recorded on the feed and returned.

``now`` parameters are aware datetimes (default: the current time); times are stored as ISO 8601
UTC strings, which compare in time order.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import random
import sqlite3
import time
import xml.sax
from dataclasses import dataclass, field
from html.parser import HTMLParser

import feedparser

from .articles import MAX_TITLE, Article
from .errors import FilmbotError, reason
from .fetch import FetchError, FetchPolicy, Page, check_url, fetch
from .ingest import article_from_page
from .store import Added, Store

FULL_TEXT = 500  # characters of text an item's own content needs to be taken as the article
MAX_ITEMS = 50  # the newest items one poll looks at
BUDGET_SECONDS = 60.0  # how long one poll may spend taking items
RETRY_WINDOW = dt.timedelta(hours=6)
MAX_DELAY = dt.timedelta(hours=24)
JITTER = 0.1

_COLUMNS = (
    "id, guild_id, url, channel_id, title, etag, last_modified, checked_at, next_check, failures, last_error, added_at,"
    " failed_items, item_error"
)
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BLOCKS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table td th tr ul".split()
)


class FeedError(FilmbotError, ValueError):
    """A feed was refused or could not be read; the message is short and user-facing."""


@dataclass(frozen=True)
class Feed:
    """One followed feed, as stored; times are ISO 8601 UTC strings."""

    id: int
    guild_id: int
    url: str
    channel_id: int | None
    title: str | None
    etag: str | None
    last_modified: str | None
    checked_at: str | None
    next_check: str | None
    failures: int
    last_error: str | None
    added_at: str
    failed_items: int = 0  # items that could not be stored in the last poll
    item_error: str | None = None  # why the first of them was not


@dataclass
class PollResult:
    """What one poll of a feed did."""

    feed_id: int
    added: list[Added] = field(default_factory=list)  # articles new to the guild
    skipped: int = 0  # items seen before, given up, waiting to be retried, or whose article the guild already had
    not_modified: bool = False
    error: str | None = None  # why the feed itself could not be read
    failed: dict[str, str] = field(default_factory=dict)  # item link (or id) -> why it was not stored
    left: int = 0  # items not looked at: past the newest max_items, or after the time budget ran out
    out_of_time: bool = False  # the time budget ran out before every item was looked at


# -- managing feeds ------------------------------------------------------------------------


def checked_url(url: str, allow_loopback: bool = False) -> str:
    """A feed's address if it may be followed (the fetch guard's checks); else FeedError."""
    url = url.strip()
    try:
        check_url(url, allow_loopback)
    except FetchError as error:
        raise FeedError(str(error)) from None
    return url


def add(store: Store, guild_id: int, url: str, channel_id: int | None = None, *, allow_loopback: bool = False) -> Feed:
    """Follow a feed in a guild; it is due for its first poll at once."""
    url = checked_url(url, allow_loopback)
    now = _iso(_now())
    try:
        with store.conn:
            feed_id = store.conn.execute(
                "INSERT INTO feeds (guild_id, url, channel_id, added_at, next_check) VALUES (?, ?, ?, ?, ?)",
                (guild_id, url, channel_id, now, now),
            ).lastrowid
    except sqlite3.IntegrityError:
        raise FeedError("this server already follows that feed") from None
    return _get(store, feed_id)


def list_feeds(store: Store, guild_id: int) -> list[Feed]:
    """A guild's feeds with their status, oldest first."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM feeds WHERE guild_id = ? ORDER BY id", (guild_id,))
    return [Feed(*row) for row in rows]


def remove(store: Store, guild_id: int, feed_id: int) -> bool:
    """Stop following a feed of this guild (its articles stay); False if the guild has no such feed."""
    with store.conn:
        cur = store.conn.execute("DELETE FROM feeds WHERE id = ? AND guild_id = ?", (feed_id, guild_id))
    return cur.rowcount > 0


def due(store: Store, now: dt.datetime | None = None) -> list[Feed]:
    """Feeds of every guild whose next check has come."""
    rows = store.conn.execute(
        f"SELECT {_COLUMNS} FROM feeds WHERE next_check IS NULL OR next_check <= ? ORDER BY next_check, id",
        (_iso(now or _now()),),
    )
    return [Feed(*row) for row in rows]


# -- polling -------------------------------------------------------------------------------


async def poll_due(
    store: Store, policy: FetchPolicy, interval_minutes: float = 30, now: dt.datetime | None = None, *,
    max_items: int = MAX_ITEMS, budget_seconds: float = BUDGET_SECONDS,
) -> list[PollResult]:
    """Poll every due feed, one after the other (each within its own bounds)."""
    return [
        await poll(store, feed, policy, interval_minutes=interval_minutes, now=now, max_items=max_items, budget_seconds=budget_seconds)
        for feed in due(store, now)
    ]


async def poll(
    store: Store, feed: Feed, policy: FetchPolicy, *, interval_minutes: float = 30, now: dt.datetime | None = None,
    max_items: int = MAX_ITEMS, budget_seconds: float = BUDGET_SECONDS,
) -> PollResult:
    """Fetch a feed, store the articles of its newest new items (at most ``max_items`` looked at,
    for at most ``budget_seconds``), and schedule its next check."""
    now = now or _now()
    deadline = time.monotonic() + budget_seconds
    result = PollResult(feed.id)
    feed = _get(store, feed.id)  # the stored row: `feed` may be stale
    if feed is None:
        result.error = "that feed is no longer followed"
        return result
    try:
        page = await fetch(feed.url, policy, etag=feed.etag, last_modified=feed.last_modified)
        if page.status == 304:
            result.not_modified = True
            etag, modified, title = page.etag or feed.etag, page.last_modified or feed.last_modified, feed.title
        else:
            parsed = _parse(page)
            etag, modified = page.etag, page.last_modified
            title = _line(parsed.feed.get("title_detail", {}))[:MAX_TITLE] or feed.title
            entries = _newest(parsed.entries, max_items)
            result.left = len(parsed.entries) - len(entries)
            for taken, entry in enumerate(entries):
                try:
                    async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                        await _take(store, feed, entry, policy, result, now, interval_minutes)
                except TimeoutError:  # the item under way was not recorded: it is taken next time
                    result.out_of_time = True
                    result.left += len(entries) - taken
                    break
    except Exception as error:  # noqa: BLE001 - a poll never raises: the error is recorded and returned
        result.error = reason(error)
        failures = feed.failures + 1
        with store.conn:
            store.conn.execute(
                "UPDATE feeds SET checked_at = ?, next_check = ?, failures = ?, last_error = ? WHERE id = ?",
                (_iso(now), _iso(now + _delay(interval_minutes, failures)), failures, result.error, feed.id),
            )
        return result
    item_error = next(iter(result.failed.values()), None)
    if result.not_modified:  # no item was looked at: what the last read found still stands
        failed_items, item_error = feed.failed_items, feed.item_error
    else:
        failed_items = len(result.failed)
    with store.conn:
        store.conn.execute(
            "UPDATE feeds SET checked_at = ?, next_check = ?, failures = 0, last_error = NULL,"
            " etag = ?, last_modified = ?, title = ?, failed_items = ?, item_error = ? WHERE id = ?",
            (_iso(now), _iso(now + _delay(interval_minutes, 0)), etag, modified, title, failed_items, item_error, feed.id),
        )
    return result


def _newest(entries: list, limit: int) -> list:
    """The ``limit`` newest items, newest first (undated ones after the dated, in feed order)."""
    def published(entry) -> tuple:
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        return tuple(stamp[:6]) if stamp else ()

    return sorted(entries, key=published, reverse=True)[:limit]


async def _take(
    store: Store, feed: Feed, entry, policy: FetchPolicy, result: PollResult, now: dt.datetime, interval_minutes: float
) -> None:
    """Store the article of one feed item unless it was seen before (or is waiting to be
    retried), and remember the item."""
    link = entry.get("link")
    key = entry.get("id") or link
    if not key:
        result.skipped += 1
        return
    seen = store.conn.execute(
        "SELECT article_id, seen_at, failures, retry_at FROM feed_items WHERE feed_id = ? AND item = ?", (feed.id, key)
    ).fetchone()
    if seen and (
        seen[0] is not None or now - dt.datetime.fromisoformat(seen[1]) >= RETRY_WINDOW
        or (seen[3] is not None and seen[3] > _iso(now))
    ):
        result.skipped += 1
        return
    failures = seen[2] if seen else 0
    article_id = None
    try:
        article = _entry_article(entry) or await _fetch_article(link, policy)
        added = store.add(article, feed.guild_id, origin=link or feed.url)
        if added.error:
            raise FeedError(f"not stored: {added.error}")
        article_id = added.article_id
        if added.new:
            result.added.append(added)
        else:
            result.skipped += 1
    except Exception as error:  # noqa: BLE001 - one bad item must not stop the others
        result.failed[link or key] = reason(error)
        failures += 1
    retry_at = _iso(now + dt.timedelta(minutes=interval_minutes) * 2 ** min(failures - 1, 16)) if article_id is None else None
    with store.conn:  # seen_at stays the time the item was first seen
        store.conn.execute(
            "INSERT INTO feed_items (feed_id, item, article_id, seen_at, failures, retry_at) VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (feed_id, item) DO UPDATE SET"
            " article_id = excluded.article_id, failures = excluded.failures, retry_at = excluded.retry_at",
            (feed.id, key, article_id, _iso(now), failures, retry_at),
        )


def _parse(page: Page) -> feedparser.FeedParserDict:
    """Parse fetched feed bytes (feedparser never fetches anything itself here)."""
    content_type = page.content_type + (f"; charset={page.charset}" if page.charset else "")
    parsed = feedparser.parse(
        io.BytesIO(page.body), response_headers={"content-location": page.url, "content-type": content_type}
    )
    broken = isinstance(parsed.get("bozo_exception"), xml.sax.SAXParseException) and not parsed.entries
    if not parsed.get("version") or broken:
        raise FeedError("that is not an RSS or Atom feed")
    return parsed


def _entry_article(entry) -> Article | None:
    """The article an item carries in full, or None when its page has to be fetched."""
    body = max((_text(content) for content in entry.get("content", [])), key=len, default="").strip()
    title = _line(entry.get("title_detail", {}))
    if len(body) < FULL_TEXT or not title or len(title) > MAX_TITLE:
        return None
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    return Article(title, body, dt.date(*published[:3]) if published else None, entry.get("link"))


async def _fetch_article(link: str | None, policy: FetchPolicy) -> Article:
    """Fetch an item's page and extract its article."""
    if not link:
        raise FeedError("the item has no link and too little text")
    page = await fetch(link, policy)
    if page.content_type not in _HTML_TYPES:
        raise FeedError(f"the item's page is {page.content_type}, not a web page")
    return article_from_page(page)


class _TextParser(HTMLParser):
    """Collects the text of an HTML fragment, a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self.handle_starttag(tag, [])

    def handle_data(self, data: str) -> None:
        self.parts.append(" ".join(data.split("\n")))


def _html_text(html: str) -> str:
    """An HTML fragment as text: one line per paragraph, white space tidied."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _text(detail) -> str:
    """The text of one of feedparser's text values (a title, a content): plain, or HTML made text."""
    value = detail.get("value", "")
    return _html_text(value) if "html" in detail.get("type", "") else value


def _line(detail) -> str:
    """A title as one line of text."""
    return " ".join(_text(detail).split())


def _delay(interval_minutes: float, failures: int) -> dt.timedelta:
    """How long until the next check: the interval, doubled per failure up to a cap, ±JITTER."""
    interval = dt.timedelta(minutes=interval_minutes)
    delay = min(interval * 2 ** min(failures, 16), max(MAX_DELAY, interval))
    return delay * random.uniform(1 - JITTER, 1 + JITTER)


def _get(store: Store, feed_id: int) -> Feed | None:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM feeds WHERE id = ?", (feed_id,)).fetchone()
    return Feed(*row) if row else None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")
