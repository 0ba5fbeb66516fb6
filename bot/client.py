"""The Discord bot: :func:`create_bot` builds it (no network until it is started).

Commands are hybrid (``!status`` and ``/status``), loaded as one cog per family in
:meth:`FilmBot.setup_hook`. Mentioning the bot works as a prefix too (``@filmbot who directed
Alita?``), which Discord delivers even without the privileged message-content intent, and a
question with no command word is asked as ``ask``. Nothing the bot sends can ping anyone.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import discord
from discord import app_commands
from discord.ext import commands

from knowledge.query import parse

from . import errors, wiring
from .cogs import EXTENSIONS
from .context import FilmContext
from .intake import INTAKE_THREADS
from .library import Library
from .logs import log_command
from .settings import Settings

log = logging.getLogger("filmbot")


class FilmTree(app_commands.CommandTree):
    """Hybrid commands report errors through :func:`bot.errors.on_command_error`; what reaches
    the tree itself is a slash command Discord knows but this bot does not (not synced yet)."""

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        if isinstance(error, (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch)):
            log.warning("slash command out of date (%s); the owner should run !sync", error)
            text = "That slash command is out of date; it will work again once the bot owner runs `!sync`."
        else:
            log.error("slash command failed", exc_info=(type(error), error, error.__traceback__))
            text = errors.SOMETHING_WENT_WRONG
        options = {"ephemeral": True, "allowed_mentions": discord.AllowedMentions.none()}
        try:
            if interaction.response.is_done():
                await interaction.followup.send(text, **options)
            else:
                await interaction.response.send_message(text, **options)
        except discord.HTTPException as failure:
            log.warning("could not send the error reply: %s", failure)


class FilmBot(commands.Bot):
    """filmbot on Discord: settings, the knowledge library, and the routing of messages."""

    def __init__(self, settings: Settings, library: Library, intents: discord.Intents | None = None):
        if intents is None:
            intents = discord.Intents.default()  # no privileged intents ...
            intents.message_content = settings.message_content  # ... but this one, if configured
        super().__init__(
            command_prefix=commands.when_mentioned_or(settings.prefix),
            intents=intents,
            help_command=None,
            case_insensitive=True,
            strip_after_prefix=True,
            allowed_mentions=discord.AllowedMentions.none(),
            tree_cls=FilmTree,
            description="Answers film-news questions with one sentence quoted from an article.",
        )
        self.settings = settings
        self.library = library
        self.intake_pool = ThreadPoolExecutor(max_workers=INTAKE_THREADS, thread_name_prefix="filmbot-intake")

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def get_context(self, origin, /, *, cls=FilmContext):
        return await super().get_context(origin, cls=cls)

    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot:
            return
        ctx = await self.get_context(message)
        if ctx.command is None:
            self._route_free_text(ctx)
        await self.invoke(ctx)

    def _route_free_text(self, ctx: FilmContext) -> None:
        """A bare mention of the bot gets help; a question after the prefix or a mention with no
        command word (``@filmbot is Alita 2 still coming?``) is asked as ``ask``."""
        if ctx.prefix is None:
            if self.user is not None and ctx.message.content.strip() in (f"<@{self.user.id}>", f"<@!{self.user.id}>"):
                ctx.prefix, ctx.command, ctx.invoked_with = ctx.message.content.strip(), self.get_command("help"), "help"
            return
        if not ctx.invoked_with:
            return
        view = ctx.view
        query = parse(view.buffer[view.previous:], self.library.lexicon)
        if query.intent == "ask" or query.question:
            view.index = view.previous  # the command word is part of the question
            ctx.command, ctx.invoked_with = self.get_command("ask"), "ask"

    async def on_command_error(self, ctx: FilmContext, error: commands.CommandError) -> None:
        await errors.on_command_error(ctx, error)

    async def on_command_completion(self, ctx: FilmContext) -> None:
        log_command(ctx.scope, ctx.command.qualified_name, ctx.outcome, ctx.elapsed_ms)

    async def on_error(self, event_method: str, /, *args, **kwargs) -> None:
        log.exception("unexpected error in %s; the bot keeps running", event_method)

    async def close(self) -> None:
        await super().close()
        self.intake_pool.shutdown(wait=False, cancel_futures=True)  # a fetch under way ends at its time limit
        await asyncio.to_thread(self.library.close)


def create_bot(settings: Settings, library: Library | None = None, intents: discord.Intents | None = None) -> FilmBot:
    """The bot, ready to ``start``: opens the database (or uses ``library``, which it then owns
    and closes), touches no network. ``intents`` replaces the default gateway intents (the tests'
    fake Discord needs the members intent)."""
    return FilmBot(settings, library or wiring.library(settings), intents)
