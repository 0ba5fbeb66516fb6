"""The bot's access to the knowledge store, safe for an asyncio event loop.

Two connections to one SQLite file (WAL mode, so readers never wait for the writer):

* the *reader*, used only on the event loop's thread, for answers, autocomplete and listings
  (each takes a few milliseconds);
* the *writer*, opened in and used only by one worker thread, for ingesting and forgetting
  (analysing an article can take a second or more, and must never block the loop).

No connection is ever used by two threads.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from knowledge.answer import Answer, Engine
from knowledge.articles import Article
from knowledge.relations import Lexicon
from knowledge.store import GLOBAL, Added, Store

T = TypeVar("T")


def scopes_of(guild_id: int) -> tuple[int, ...]:
    """What a server sees: the global collection, plus its own articles (DMs: global only)."""
    return (GLOBAL,) if guild_id == GLOBAL else (GLOBAL, guild_id)


class Library:
    """Answers on the loop's thread; writes on one worker thread with their own connection."""

    def __init__(self, database: str, relations: str = ""):
        if database == ":memory:":
            raise ValueError("the bot needs a database file (two connections share it), not :memory:")
        self.database = database
        self.lexicon = Lexicon.load(relations) if relations else None
        self.reader = Store(database, lexicon=self.lexicon)
        self.engine = Engine(self.reader, self.lexicon)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="filmbot-writer")
        self._writer: Store | None = None  # opened by the worker thread on first use
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

    # -- writing (worker thread) -------------------------------------------------------

    async def add(self, articles: list[tuple[Article, str]], guild_id: int) -> list[Added]:
        """Store (article, origin) pairs in one transaction: all of them, or none."""
        return await self._write(lambda store: store.add_many(articles, guild_id))

    async def forget(self, article_id: int, guild_id: int) -> dict | None:
        """Remove one article of this scope (and its facts); None if the scope has no such article."""
        return await self._write(lambda store: store.forget(article_id, guild_id))

    async def _write(self, work: Callable[..., T], *args) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(self._in_worker, work, *args))

    def _in_worker(self, work: Callable[..., T], *args) -> T:
        if self._writer is None:
            self._writer = Store(self.database, lexicon=self.lexicon)
        return work(self._writer, *args)

    def close(self) -> None:
        """Finish pending writes, then close both connections (again: nothing happens)."""
        if self._closed:
            return
        self._closed = True
        self._pool.submit(self._close_writer).result()
        self._pool.shutdown(wait=True)
        self.reader.close()

    def _close_writer(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

