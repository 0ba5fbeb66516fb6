"""The bot's access to the knowledge store, safe for an asyncio event loop.

Nothing here touches SQLite on the event loop's thread. Each connection to the SQLite file
(WAL mode, so readers never wait for a writer) lives in a thread of its own and is used only
there (a :class:`StoreThread`):

* ``READERS`` *readers*, for answers, autocomplete and listings: an answer is usually a few
  milliseconds, but one that takes long (a huge article, a cold disk) holds up only its own
  reader, never the loop and so never the other servers;
* the *writer*, for ingesting and forgetting (analysing an article can take a second or more),
  and for following and unfollowing feeds;
* the *poller*, for polling feeds: fetching a feed and its items' pages can take many seconds,
  so it runs on an event loop of its own in that thread, and neither the bot's loop nor an
  admin's ``!ingest`` waits for it. Its writes queue with the writer's (``BEGIN IMMEDIATE``
  and a busy timeout, as for the command line).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from knowledge import feeds, follows
from knowledge.answer import Answer, Engine
from knowledge.articles import Article
from knowledge.feeds import Feed, PollResult
from knowledge.fetch import FetchPolicy
from knowledge.follows import Batch
from knowledge.query import Query
from knowledge.relations import Lexicon
from knowledge.resolve import Film
from knowledge.store import GLOBAL, Added, Store
from knowledge.timeline import Timeline, build_timeline, news_sentences

T = TypeVar("T")
READERS = 2


def scopes_of(guild_id: int) -> tuple[int, ...]:
    """What a server sees: the global collection, plus its own articles (DMs: global only)."""
    return (GLOBAL,) if guild_id == GLOBAL else (GLOBAL, guild_id)


class StoreThread:
    """One thread with one connection of its own, opened there on first use and closed there."""

    def __init__(self, database: str, lexicon: Lexicon | None, name: str):
        self.database, self.lexicon = database, lexicon
        self.pending = 0  # calls queued or running (read and written on the loop's thread)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._store: Store | None = None
        self._engine: Engine | None = None

    async def run(self, work: Callable[..., T], *args) -> T:
        """``work(store, *args)`` in this thread."""
        self.pending += 1
        try:
            return await asyncio.get_running_loop().run_in_executor(self._pool, functools.partial(self._call, work, *args))
        finally:
            self.pending -= 1

    @property
    def engine(self) -> Engine:
        """The answer engine over this thread's connection (only to be used in this thread)."""
        if self._engine is None:
            self._engine = Engine(self.store, self.lexicon)
        return self._engine

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.database, lexicon=self.lexicon)
        return self._store

    def _call(self, work: Callable[..., T], *args) -> T:
        return work(self.store, *args)

    def close(self) -> None:
        """Finish what is queued, close the connection in its own thread, stop the thread."""
        self._pool.submit(self._close_store).result()
        self._pool.shutdown(wait=True)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store, self._engine = None, None


class Library:
    """Answers and listings on the reader threads; writes on one worker thread, feed polls on
    another, each thread with its own connection."""

    def __init__(self, database: str, lexicon: Lexicon | None = None):
        if database == ":memory:":
            raise ValueError("the bot needs a database file (its threads share it), not :memory:")
        self.database = database
        self.lexicon = lexicon
        Store(database, lexicon=lexicon).close()  # a database that cannot be used stops the start here
        self._readers = [StoreThread(database, lexicon, f"filmbot-reader-{i}") for i in range(READERS)]
        self._writer = StoreThread(database, lexicon, "filmbot-writer")
        self._poller = StoreThread(database, lexicon, "filmbot-feeds")
        self._polling: tuple[asyncio.AbstractEventLoop, asyncio.Task] | None = None  # the poll under way
        self._lock = threading.Lock()  # guards _closed and _polling between the threads
        self._closed = False

    # -- reading (reader threads) ------------------------------------------------------

    async def answer(self, command: str, guild_id: int) -> Answer:
        """The engine's answer to one command, from what this server may see."""
        return await self._read(lambda reader: reader.engine.answer(command, guild_id))

    async def run(self, query: Query, guild_id: int) -> Answer:
        """The engine's answer to a command already read (a slash command's options)."""
        return await self._read(lambda reader: reader.engine.run(query, guild_id))

    async def timeline(self, film: str, guild_id: int) -> Answer:
        """The engine's answer to ``timeline <film> [page]``, from what this server may see."""
        return await self._read(lambda reader: reader.engine.run(Query(f"timeline {film}", "timeline", film), guild_id))

    async def timeline_page(self, film: str, guild_id: int, page: int) -> Timeline:
        """One page of a film's news, from what this server may see."""
        return await self._read(lambda reader: build_timeline(reader.engine.resolver, reader.store.conn, film, scopes_of(guild_id), page))

    async def complete(self, prefix: str, guild_id: int, limit: int = 25) -> list[str]:
        """Film titles for autocomplete, from what this server may see."""
        return await self._read(lambda reader: reader.engine.resolver.complete(prefix, scopes_of(guild_id), limit))

    async def articles(self, guild_id: int, limit: int = 15) -> list[dict]:
        """The newest articles of one scope."""
        return await self._read(lambda reader: reader.store.articles(guild_id, limit))

    async def counts(self, guild_id: int) -> dict[str, int]:
        """Articles this server has of its own, and in the global collection."""
        def count(reader: StoreThread) -> dict[str, int]:
            rows = dict(reader.store.conn.execute(
                "SELECT guild_id, count(*) FROM articles WHERE guild_id IN (?, ?) GROUP BY guild_id",
                (GLOBAL, guild_id),
            ).fetchall())
            return {"server": rows.get(guild_id, 0) if guild_id != GLOBAL else 0, "global": rows.get(GLOBAL, 0)}

        return await self._read(count)

    async def stats(self) -> dict:
        """What the whole database holds."""
        return await self._read(lambda reader: reader.store.stats())

    async def list_feeds(self, guild_id: int) -> list[Feed]:
        """A server's feeds with their status."""
        return await self._read(lambda reader: feeds.list_feeds(reader.store, guild_id))

    async def due_feeds(self) -> list[Feed]:
        """Feeds of every server whose next check has come."""
        return await self._read(lambda reader: feeds.due(reader.store))

    async def find_film(self, title: str, guild_id: int) -> tuple[Film | None, list[str]]:
        """The film a title means in what this server sees, or None and did-you-mean titles."""
        return await self._read(lambda reader: reader.engine.resolver.lookup(title, scopes_of(guild_id)))

    async def following(self, guild_id: int, user_id: int) -> list[str]:
        """The films a member follows in a server."""
        return await self._read(lambda reader: follows.following(reader.store, guild_id, user_id))

    async def follow_channel(self, guild_id: int) -> int | None:
        """The channel a server's follow notices go to, if it set one."""
        return await self._read(lambda reader: follows.channel(reader.store, guild_id))

    async def due_notices(self, guild_ids: list[int], quiet_minutes: float) -> list[tuple[Batch, list[int], dict[int, str]]]:
        """The notices that may go out now, by server and film, each with the film's followers
        there and its news sentence in each article."""
        def read(reader: StoreThread) -> list[tuple[Batch, list[int], dict[int, str]]]:
            out = []
            for batch in follows.due(reader.store, guild_ids, dt.timedelta(minutes=quiet_minutes)):
                users, name_ids = follows.followers(reader.store, batch.guild_id, batch.film)
                sentences = news_sentences(reader.store.conn, name_ids, [n.article_id for n in batch.notices])
                out.append((batch, users, sentences))
            return out

        return await self._read(read)

    async def _read(self, work: Callable[[StoreThread], T]) -> T:
        """``work(reader)`` on the least busy reader thread."""
        reader = min(self._readers, key=lambda r: r.pending)
        return await reader.run(lambda _store: work(reader))

    # -- writing (worker thread) -------------------------------------------------------

    async def add(self, articles: list[tuple[Article, str]], guild_id: int) -> list[Added]:
        """Store (article, origin) pairs in one transaction: all of them, or none."""
        return await self._writer.run(lambda store: store.add_many(articles, guild_id))

    async def forget(self, article_id: int, guild_id: int) -> dict | None:
        """Remove one article of this scope (and its facts); None if the scope has no such article."""
        return await self._writer.run(lambda store: store.forget(article_id, guild_id))

    async def add_feed(self, guild_id: int, url: str, channel_id: int | None, *, allow_loopback: bool = False) -> Feed:
        """Follow a feed in a server (due for its first poll at once); FeedError if refused."""
        return await self._writer.run(lambda store: feeds.add(store, guild_id, url, channel_id, allow_loopback=allow_loopback))

    async def remove_feed(self, guild_id: int, feed_id: int) -> bool:
        """Stop following one of this server's feeds (its articles stay); False if it has no such feed."""
        return await self._writer.run(lambda store: feeds.remove(store, guild_id, feed_id))

    async def follow(self, guild_id: int, user_id: int, film: Film) -> bool:
        """A member follows a film in a server; False if they already did (FollowError past the limit)."""
        return await self._writer.run(lambda store: follows.follow(store, guild_id, user_id, film))

    async def unfollow(self, guild_id: int, user_id: int, title: str, name_ids: tuple[int, ...] = ()) -> bool:
        """A member stops following a film in a server; False if they did not follow it."""
        return await self._writer.run(lambda store: follows.unfollow(store, guild_id, user_id, title, name_ids))

    async def unfollow_all(self, guild_id: int, user_id: int) -> int:
        """A member stops following every film in a server; how many that was."""
        return await self._writer.run(lambda store: follows.unfollow_all(store, guild_id, user_id))

    async def set_follow_channel(self, guild_id: int, channel_id: int | None) -> None:
        """Where a server's follow notices go (None: to each follower by direct message)."""
        await self._writer.run(lambda store: follows.set_channel(store, guild_id, channel_id))

    async def mark_sent(self, notice_ids: list[int]) -> None:
        """Record notices as delivered: they never go out again."""
        await self._writer.run(lambda store: follows.mark_sent(store, notice_ids))

    # -- polling feeds (feed thread) ---------------------------------------------------

    async def poll_feed(self, feed: Feed, policy: FetchPolicy, interval_minutes: float, **bounds) -> PollResult:
        """Poll one feed and store its new articles, on the feed thread (with an event loop of
        its own there), within ``bounds`` (``max_items``, ``budget_seconds``). Never raises for a
        bad feed or item: see :func:`knowledge.feeds.poll`. Once the library is closing, nothing
        is polled and the result says so."""
        if self._closed:
            return PollResult(feed.id, error="the bot is shutting down")
        return await self._poller.run(self._poll_in_worker, feed, policy, interval_minutes, bounds)

    def _poll_in_worker(self, store: Store, feed: Feed, policy: FetchPolicy, interval_minutes: float, bounds: dict) -> PollResult:
        async def run() -> PollResult:
            with self._lock:
                if self._closed:
                    return PollResult(feed.id, error="the bot is shutting down")
                self._polling = (asyncio.get_running_loop(), asyncio.current_task())
            try:
                return await feeds.poll(store, feed, policy, interval_minutes=interval_minutes, **bounds)
            finally:
                with self._lock:
                    self._polling = None

        try:
            return asyncio.run(run())
        except asyncio.CancelledError:  # close() stopped it while it waited for the network
            # what it had not recorded yet (the item under way, the feed's next check) is polled next time
            return PollResult(feed.id, error="the bot is shutting down")

    def close(self) -> None:
        """Stop a poll under way, finish pending reads and writes, then close every connection
        (again: nothing happens). A poll is stopped only while it waits for the network, never
        inside a transaction; what it had not recorded yet is polled again after a restart."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            if self._polling is not None:
                loop, task = self._polling
                loop.call_soon_threadsafe(task.cancel)
        for thread in (self._poller, self._writer, *self._readers):
            thread.close()
