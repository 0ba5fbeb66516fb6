"""What the command line, the console and the bot build from settings, built here and only here:
the relation lexicon, the fetch policy, the store and the bot's library."""

from __future__ import annotations

from typing import TYPE_CHECKING

from knowledge.relations import Lexicon
from knowledge.store import Store

from .settings import Settings

if TYPE_CHECKING:  # (imported where used: a command that fetches nothing starts without aiohttp)
    from knowledge.fetch import FetchPolicy

    from .library import Library


def lexicon(settings: Settings) -> Lexicon | None:
    """The relation lexicon ``knowledge.relations`` names; None for the shipped one."""
    return Lexicon.load(settings.relations) if settings.relations else None


def fetch_policy(settings: Settings) -> FetchPolicy:
    """The limits every fetch runs under (links, feeds, their items' pages)."""
    from knowledge.fetch import FetchPolicy

    return FetchPolicy(
        total_timeout=settings.fetch_timeout_seconds, max_bytes=settings.fetch_max_bytes,
        allow_loopback=settings.allow_loopback,
    )


def open_store(settings: Settings, database: str | None = None) -> Store:
    """The store at ``database`` (``:memory:`` for a throwaway one), else the configured one."""
    return Store(database or settings.database, lexicon=lexicon(settings))


def library(settings: Settings) -> Library:
    """The bot's access to the configured database."""
    from .library import Library

    return Library(settings.database, lexicon(settings))
