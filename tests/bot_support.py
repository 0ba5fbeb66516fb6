"""Fixtures and fakes the bot tests share (this module has no tests of its own).

The bot is built by ``create_bot`` on a copy of the corpus database and driven end to end by
dpytest (prefix commands, mentions, attachments, permissions). Slash commands go through the
bot's real command tree: an ``Interaction`` is built from a raw payload, as discord.py's own
tests do, and its responses land in :class:`FakeWebhookAdapter` instead of Discord.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

import discord
import discord.abc
import discord.ext.test as dpytest
import discord.ext.test.backend as dpytest_backend
import pytest
from discord.webhook.async_ import async_context

from bot.client import FilmBot, create_bot
from bot.settings import Settings

from .helpers import article_text

_counter = itertools.count()


def new_id() -> int:
    """A fresh snowflake of the present (Discord treats interactions older than 15 minutes as expired)."""
    return discord.utils.time_snowflake(discord.utils.utcnow()) + next(_counter)


# A made-up film only the test articles name, so what a server knows about it is unambiguous.
ZORBLAX = article_text(
    "2025-03-01",
    "Zorblax Returns Gets a Director",
    "Zorblax Returns was directed by Jane Doe, the studio said on Monday. "
    "Zorblax Returns is set to be released in theaters in June 2026.",
)


@pytest.fixture
def settings(tmp_path, corpus_db) -> Settings:
    """Settings for a bot on its own copy of the corpus database."""
    database = tmp_path / "bot.db"
    shutil.copy(corpus_db, database)
    return Settings(database=str(database), answer_rate=50, answer_per_seconds=10.0)


@pytest.fixture
async def bot(settings) -> FilmBot:
    """The bot in a fake Discord: servers A and B, one text channel each, members alice and bob
    in each (``members`` order: A.alice, A.bob, B.alice, B.bob). Nobody is an admin or the owner."""
    bot = create_bot(settings, intents=discord.Intents.all())  # dpytest caches members only with this
    await bot._async_setup_hook()
    await bot.setup_hook()
    dpytest.configure(bot, guilds=["Server A", "Server B"], text_channels=1, voice_channels=0, members=["alice", "bob"])
    bot._connection.loop = asyncio.get_running_loop()  # dpytest's state has none; typing() needs it
    bot.owner_id = new_id()  # someone not in either server
    yield bot
    await dpytest.empty_queue()
    bot.ws = None  # dpytest's fake websocket cannot be closed
    await bot.close()


@pytest.fixture
def sent(monkeypatch) -> list[dict]:
    """The JSON payload of every channel message the bot sends, as Discord would receive it."""
    payloads: list[dict] = []
    original = discord.abc.handle_message_parameters

    def recording(*args, **kwargs):
        params = original(*args, **kwargs)
        payloads.append(params.payload)
        return params

    monkeypatch.setattr(discord.abc, "handle_message_parameters", recording)
    return payloads


def count_articles(bot: FilmBot) -> int:
    """How many articles the bot's database holds (read with a connection of the test's own)."""
    with contextlib.closing(sqlite3.connect(bot.settings.database)) as conn:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def member(index: int) -> discord.Member:
    return dpytest.get_config().members[index]


def channel(index: int) -> discord.TextChannel:
    return dpytest.get_config().channels[index]


async def give_role(who: discord.Member, name: str, permissions: discord.Permissions | None = None) -> discord.Role:
    role = dpytest_backend.make_role(name, who.guild, permissions=(permissions or discord.Permissions.none()).value)
    await dpytest.add_role(who, role)
    return role


async def make_admin(who: discord.Member) -> None:
    """Manage Server, the permission the bot's admin check looks for."""
    await give_role(who, "moderators", discord.Permissions(manage_guild=True))


async def say(content: str, *, who: int = 0, where: int | None = None, attachments=None) -> discord.Message:
    """Post as member ``who`` (in their own server's channel unless ``where`` says otherwise)
    and return the bot's reply."""
    author = member(who)
    where = where if where is not None else dpytest.get_config().guilds.index(author.guild)
    await dpytest.message(content, channel=channel(where), member=author, attachments=attachments)
    return dpytest.get_message()


def reply_text(message: discord.Message) -> str:
    """Everything a reply shows: its content, or its embed's title, description, fields, footer."""
    if not message.embeds:
        return message.content or ""
    embed = message.embeds[0]
    parts = [embed.title or "", embed.description or ""]
    parts += [f"{f.name}\n{f.value}" for f in embed.fields]
    parts.append(embed.footer.text or "")
    return "\n".join(p for p in parts if p)


# -- slash commands ----------------------------------------------------------------------


@dataclass
class FakeWebhookAdapter:
    """Stands in for Discord's interaction endpoints: records what the bot responds."""

    bot: discord.Client
    responses: list[dict] = field(default_factory=list)  # interaction callbacks: {"type": ..., "data": ...}
    followups: list[dict] = field(default_factory=list)  # messages sent after a deferral

    async def create_interaction_response(self, interaction_id, token, *, session, proxy=None, proxy_auth=None, params):
        self.responses.append(params.payload)
        data = {"interaction": {"id": str(interaction_id), "type": 2}}
        if params.payload["type"] == discord.InteractionResponseType.channel_message.value:
            data["resource"] = {"type": 4, "message": self._message(params.payload.get("data") or {})}
        return data

    async def execute_webhook(self, webhook_id, token, *, session, payload=None, wait=False, **_):
        self.followups.append(payload or {})
        return self._message(payload or {}) if wait else None

    def _message(self, payload: dict) -> dict:
        user = self.bot.user
        return {
            "id": str(new_id()), "channel_id": str(new_id()), "type": 0, "content": payload.get("content") or "",
            "author": {"id": str(user.id), "username": user.name, "discriminator": "0001", "avatar": None, "bot": True},
            "embeds": payload.get("embeds") or [], "attachments": [], "mentions": [], "mention_roles": [],
            "mention_everyone": False, "pinned": False, "tts": False, "timestamp": "2025-01-01T00:00:00+00:00",
            "edited_timestamp": None, "flags": payload.get("flags", 0),
        }

    @property
    def last(self) -> dict:
        """The data of the last message sent: a followup if any, else the response's."""
        if self.followups:
            return self.followups[-1]
        return self.responses[-1].get("data") or {}


@pytest.fixture
def discord_api(bot) -> FakeWebhookAdapter:
    adapter = FakeWebhookAdapter(bot)
    token = async_context.set(adapter)
    yield adapter
    async_context.reset(token)


def interaction(
    bot: discord.Client,
    name: str,
    who: discord.Member,
    options: dict | None = None,
    *,
    permissions: discord.Permissions | None = None,
    focused: str | None = None,
    attachments: dict[str, Path] | None = None,
) -> discord.Interaction:
    """A slash command (or, with ``focused``, an autocomplete) interaction from ``who`` in
    their server's text channel, built from the payload Discord would send."""
    command = bot.tree.get_command(name)
    kinds = {p.name: p.type.value for p in command.parameters} if command else {}
    options = dict(options or {})
    resolved: dict = {}
    for option, path in (attachments or {}).items():
        attachment_id = str(new_id())
        uri = Path(path).absolute().as_uri()
        resolved.setdefault("attachments", {})[attachment_id] = {
            "id": attachment_id, "filename": Path(path).name, "size": Path(path).stat().st_size,
            "url": uri, "proxy_url": uri, "content_type": "text/plain; charset=utf-8",
        }
        options[option] = attachment_id
    where = who.guild.text_channels[0]
    member_payload = {
        "user": {"id": str(who.id), "username": who.name, "discriminator": who.discriminator, "avatar": None},
        "roles": [str(r.id) for r in who.roles if r != who.guild.default_role],
        "joined_at": None, "flags": 0,
        "permissions": str((permissions or discord.Permissions.none()).value),
    }
    data = {
        "id": str(new_id()), "application_id": str(bot.user.id), "type": 4 if focused else 2, "token": "not-a-token",
        "version": 1, "guild_id": str(who.guild.id), "channel_id": str(where.id),
        "channel": {"id": str(where.id), "type": 0, "guild_id": str(who.guild.id), "name": where.name, "position": 0},
        "member": member_payload, "app_permissions": str(discord.Permissions.text().value), "locale": "en-US",
        "attachment_size_limit": 8_000_000,
        "data": {
            "id": str(new_id()), "name": name, "type": 1, "resolved": resolved,
            "options": [
                {"name": k, "type": kinds.get(k, 3), "value": v, **({"focused": True} if k == focused else {})}
                for k, v in options.items()
            ],
        },
    }
    return discord.Interaction(data=data, state=bot._connection)


async def run_slash(bot: discord.Client, item: discord.Interaction) -> None:
    """Dispatch through the command tree as discord.py does, then let events settle."""
    try:
        await bot.tree._call(item)
    except discord.app_commands.AppCommandError as error:
        await bot.tree._dispatch_error(item, error)
    await dpytest.run_all_events()
