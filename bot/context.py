"""The command context filmbot uses: which knowledge a command sees, and how it went."""

from __future__ import annotations

import time

from discord.ext import commands

from knowledge.store import GLOBAL


class FilmContext(commands.Context):
    """A context that knows when its command arrived and what became of it (for the log line)."""

    def __init__(self, **attrs):
        super().__init__(**attrs)
        self.started = time.perf_counter()
        self.outcome = "ok"  # commands set "answered", "no answer", "added", ...

    @property
    def scope(self) -> int:
        """The server whose articles (plus the global ones) this command sees; DMs see only
        the global collection."""
        if self.guild is not None:
            return self.guild.id
        if self.interaction is not None and self.interaction.guild_id:
            return self.interaction.guild_id
        return GLOBAL

    @property
    def elapsed_ms(self) -> float:
        return (time.perf_counter() - self.started) * 1000
