"""Commands typed at the console or to ``filmbot ask`` that the engine's parser does not read
yet: ``timeline``, answered by the engine, and ``follow``, ``unfollow`` and ``following``, which
belong to a member of a Discord server and so are answered only there."""

from __future__ import annotations

from knowledge.answer import Answer, Engine
from knowledge.query import Query
from knowledge.store import GLOBAL

from .library import scopes_of

DISCORD_ONLY = ("follow", "unfollow", "following")


def answer(engine: Engine, command: str, guild_id: int = GLOBAL, explain: bool = False) -> Answer:
    """The answer to one typed command, as the bot would give it."""
    word, _, rest = command.strip().removeprefix("!").strip().partition(" ")
    name = word.lower()
    if name == "timeline":
        return engine.timeline(Query(command, "timeline", rest.strip()), scopes_of(guild_id))
    if name in DISCORD_ONLY:
        return Answer(command, name, note=f"!{name} is for members of a Discord server, who follow films there.")
    return engine.answer(command, guild_id, explain=explain)
