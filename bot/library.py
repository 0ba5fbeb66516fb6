"""The bot's access to the knowledge store, safe for an asyncio event loop.

Connections to one SQLite file (WAL mode, so readers never wait for a writer):

* the *reader*, used only on the event loop's thread, for answers, autocomplete and listings
  (each takes a few milliseconds);
* the *writer*, opened in and used only by one worker thread, for ingesting and forgetting
  (analysing an article can take a second or more, and must never block the loop), and for
  following and unfollowing feeds;
* the *poller*, opened in and used only by a second worker thread, for polling feeds: fetching
  a feed and its items' pages can take many seconds, so it runs on an event loop of its own in
  that thread, and neither the bot's loop nor an admin's ``!ingest`` waits for it. Its writes
  queue with the writer's (``BEGIN IMMEDIATE`` and a busy timeout, as for the command line).

No connection is ever used by two threads.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from knowledge import feeds
from knowledge.answer import Answer, Engine
from knowledge.articles import Article
from knowledge.feeds import Feed, PollResult
from knowledge.fetch import FetchPolicy
from knowledge.relations import Lexicon
from knowledge.store import GLOBAL, Added, Store

T = TypeVar("T")


def scopes_of(guild_id: int) -> tuple[int, ...]:
    """What a server sees: the global collection, plus its own articles (DMs: global only)."""
    return (GLOBAL,) if guild_id == GLOBAL else (GLOBAL, guild_id)


class Library:
    """Answers on the loop's thread; writes on one worker thread, feed polls on another, each
    thread with its own connection."""

    def __init__(self, database: str, lexicon: Lexicon | None = None):
        if database == ":memory:":
            raise ValueError("the bot needs a database file (two connections share it), not :memory:")
        self.database = database
        self.lexicon = lexicon
        self.reader = Store(database, lexicon=self.lexicon)
        self.engine = Engine(self.reader, self.lexicon)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="filmbot-writer")
        self._writer: Store | None = None  # opened by the worker thread on first use
        self._poll_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="filmbot-feeds")
        self._poller: Store | None = None  # opened by the feed thread on first use
        self._polling: tuple[asyncio.AbstractEventLoop, asyncio.Task] | None = None  # the poll under way
        self._lock = threading.Lock()  # guards _closed and _polling between the threads
        self._closed = False

    # -- reading (event loop thread) ---------------------------------------------------

    def answer(self, command: str, guild_id: int) -> Answer:
        return self.engine.answer(command, guild_id)

    def complete(self, prefix: str, guild_id: int, limit: int = 25) -> list[str]:
        """Film titles for autocomplete, from what this server may see."""
        return self.engine.resolver.complete(prefix, scopes_of(guild_id), limit)

    def articles(self, guild_id: int, limit: int = 15) -> list[dict]:
        return self.reader.articles(guild_id, limit)

    def counts(self, guild_id: int) -> dict[str, int]:
        """Articles this server has of its own, and in the global collection."""
        rows = dict(self.reader.conn.execute(
            "SELECT guild_id, count(*) FROM articles WHERE guild_id IN (?, ?) GROUP BY guild_id",
            (GLOBAL, guild_id),
        ).fetchall())
        return {"server": rows.get(guild_id, 0) if guild_id != GLOBAL else 0, "global": rows.get(GLOBAL, 0)}

    def stats(self) -> dict:
        return self.reader.stats()

    def list_feeds(self, guild_id: int) -> list[Feed]:
        """A server's feeds with their status (a quick read, like the other listings)."""
        return feeds.list_feeds(self.reader, guild_id)

    def due_feeds(self) -> list[Feed]:
        """Feeds of every server whose next check has come."""
        return feeds.due(self.reader)

    # -- writing (worker thread) -------------------------------------------------------

    async def add(self, articles: list[tuple[Article, str]], guild_id: int) -> list[Added]:
        """Store (article, origin) pairs in one transaction: all of them, or none."""
        return await self._write(lambda store: store.add_many(articles, guild_id))

    async def forget(self, article_id: int, guild_id: int) -> dict | None:
        """Remove one article of this scope (and its facts); None if the scope has no such article."""
        return await self._write(lambda store: store.forget(article_id, guild_id))

    async def add_feed(self, guild_id: int, url: str, channel_id: int | None, *, allow_loopback: bool = False) -> Feed:
        """Follow a feed in a server (due for its first poll at once); FeedError if refused."""
        return await self._write(lambda store: feeds.add(store, guild_id, url, channel_id, allow_loopback=allow_loopback))

    async def remove_feed(self, guild_id: int, feed_id: int) -> bool:
        """Stop following one of this server's feeds (its articles stay); False if it has no such feed."""
        return await self._write(lambda store: feeds.remove(store, guild_id, feed_id))

    async def _write(self, work: Callable[..., T], *args) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(self._in_worker, work, *args))

    def _in_worker(self, work: Callable[..., T], *args) -> T:
        if self._writer is None:
            self._writer = Store(self.database, lexicon=self.lexicon)
        return work(self._writer, *args)

    # -- polling feeds (feed thread) ---------------------------------------------------

    async def poll_feed(self, feed: Feed, policy: FetchPolicy, interval_minutes: float) -> PollResult:
        """Poll one feed and store its new articles, on the feed thread (with an event loop of
        its own there). Never raises for a bad feed or item: see :func:`knowledge.feeds.poll`.
        Once the library is closing, nothing is polled and the result says so."""
        if self._closed:
            return PollResult(feed.id, error="the bot is shutting down")
        loop = asyncio.get_running_loop()
        work = functools.partial(self._poll_in_worker, feed, policy, interval_minutes)
        return await loop.run_in_executor(self._poll_pool, work)

    def _poll_in_worker(self, feed: Feed, policy: FetchPolicy, interval_minutes: float) -> PollResult:
        if self._closed:
            return PollResult(feed.id, error="the bot is shutting down")
        if self._poller is None:
            self._poller = Store(self.database, lexicon=self.lexicon)
        store = self._poller

        async def run() -> PollResult:
            with self._lock:
                if self._closed:
                    return PollResult(feed.id, error="the bot is shutting down")
                self._polling = (asyncio.get_running_loop(), asyncio.current_task())
            try:
                return await feeds.poll(store, feed, policy, interval_minutes=interval_minutes)
            finally:
                with self._lock:
                    self._polling = None

        try:
            return asyncio.run(run())
        except asyncio.CancelledError:  # close() stopped it while it waited for the network
            # what it had not recorded yet (the item under way, the feed's next check) is polled next time
            return PollResult(feed.id, error="the bot is shutting down")

    def close(self) -> None:
        """Stop a poll under way, finish pending writes, then close every connection (again:
        nothing happens). A poll is stopped only while it waits for the network, never inside a
        transaction; what it had not recorded yet is polled again after a restart."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._polling is not None:
                loop, task = self._polling
                loop.call_soon_threadsafe(task.cancel)
        self._poll_pool.submit(self._close_poller).result()
        self._poll_pool.shutdown(wait=True)
        self._pool.submit(self._close_writer).result()
        self._pool.shutdown(wait=True)
        self.reader.close()

    def _close_poller(self) -> None:
        if self._poller is not None:
            self._poller.close()
            self._poller = None

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

