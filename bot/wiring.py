"""What the command line, the console and the bot build from settings, built here and only here:
the relation lexicon, the fetch policy, the store and the bot's library."""

from __future__ import annotations

from knowledge.fetch import FetchPolicy
from knowledge.relations import Lexicon
from knowledge.store import Store

from .library import Library
from .settings import Settings


def lexicon(settings: Settings) -> Lexicon | None:
    """The relation lexicon ``knowledge.relations`` names; None for the shipped one."""
    return Lexicon.load(settings.relations) if settings.relations else None


def fetch_policy(settings: Settings) -> FetchPolicy:
    """The limits every fetch runs under (links, feeds, their items' pages)."""
    return FetchPolicy(
        total_timeout=settings.fetch_timeout_seconds, max_bytes=settings.fetch_max_bytes,
        allow_loopback=settings.allow_loopback,
    )


def open_store(settings: Settings, database: str | None = None) -> Store:
    """The store at ``database`` (``:memory:`` for a throwaway one), else the configured one."""
    return Store(database or settings.database, lexicon=lexicon(settings))


def library(settings: Settings) -> Library:
    """The bot's access to the configured database."""
    return Library(settings.database, lexicon(settings))
