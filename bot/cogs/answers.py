"""Answer commands: ``status``, ``who``, ``when``, ``ask``, ``film``, ``sources``, ``timeline``, ``help``.

Each is a hybrid command (``!status Alita 2`` and ``/status film:Alita 2``). Typed text goes to
the engine's parser, as in the console; a slash command hands the engine its options as they are
(``who(film, relation)``), with nothing to parse again. All of them share one per-user cooldown.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from knowledge.query import typed
from knowledge.relations import CREDITS

from ..context import FilmContext
from ..pages import Pages
from ..render import shorten
from ..replies import command_prefix, send_answer

CHOICE_LIMIT = 100  # characters in an autocomplete choice's name and value
RELATIONS = [
    app_commands.Choice(name="directed", value="directed"),
    app_commands.Choice(name="wrote", value="wrote"),
    app_commands.Choice(name="stars in", value="stars"),
    app_commands.Choice(name="produced", value="produced"),
    app_commands.Choice(name="composed the music for", value="composed"),
]


async def film_titles(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """Autocomplete: up to 25 film titles this server's articles (or the global ones) name."""
    titles = await interaction.client.library.complete(current[:CHOICE_LIMIT], interaction.guild_id or 0)
    return [app_commands.Choice(name=shorten(t, CHOICE_LIMIT), value=t[:CHOICE_LIMIT]) for t in titles[:25]]


class Answers(commands.Cog):
    """Sourced answers to film-news questions."""

    def __init__(self, bot: commands.Bot):
        self.bot = bot
        settings = bot.settings
        self.cooldown = commands.CooldownMapping.from_cooldown(
            settings.answer_rate, settings.answer_per_seconds, commands.BucketType.user
        )

    async def cog_check(self, ctx: FilmContext) -> bool:
        """One cooldown for all answer commands together, per user."""
        bucket = self.cooldown.get_bucket(ctx.message)
        retry_after = bucket.update_rate_limit() if bucket else None
        if retry_after:
            raise commands.CommandOnCooldown(bucket, retry_after, commands.BucketType.user)
        return True

    async def respond(self, ctx: FilmContext, command: str, intent: str = "", film: str = "", relation: str | None = None) -> None:
        """Answer from what this server may see, and reply: a slash command's options as they
        are (``intent``, ``film``, ``relation``), typed text (``command``) as the parser reads it."""
        if ctx.interaction is not None and intent:
            answer = await self.bot.library.run(typed(intent, film, relation), ctx.scope)
        else:
            answer = await self.bot.library.answer(command, ctx.scope)
        ctx.outcome = "answered" if answer.answered else "no answer"
        await send_answer(ctx, answer)

    @commands.hybrid_command(usage="<film>", extras={"example": "status Alita 2"})
    @app_commands.describe(film="The film, e.g. Alita 2")
    @app_commands.autocomplete(film=film_titles)
    async def status(self, ctx: FilmContext, *, film: str) -> None:
        """How a film is coming along (the newest news wins)."""
        await self.respond(ctx, f"status {film}", "status", film)

    @commands.hybrid_command(usage="<directed|wrote|stars in|produced|composed> <film>", extras={"example": "who directed Alita"})
    @app_commands.describe(relation="What you want to know", film="The film, e.g. Alita: Battle Angel")
    @app_commands.choices(relation=RELATIONS)
    @app_commands.autocomplete(film=film_titles)
    async def who(self, ctx: FilmContext, relation: str, *, film: str) -> None:
        """Who directed, wrote, stars in, produced or scored a film."""
        await self.respond(ctx, f"who {relation} {film}", "who" if relation in CREDITS else "", film, relation)

    @commands.hybrid_command(usage="<film>", extras={"example": "when Dune: Part Three"})
    @app_commands.describe(film="The film, e.g. Dune: Part Three")
    @app_commands.autocomplete(film=film_titles)
    async def when(self, ctx: FilmContext, *, film: str) -> None:
        """When a film comes out (the newest news wins)."""
        await self.respond(ctx, f"when {film}", "when", film)

    @commands.hybrid_command(usage="<question>", extras={"example": "ask who plays Dr. Ido in Alita?"})
    @app_commands.describe(question="Any question about a film, e.g. who plays Dr. Ido in Alita?")
    async def ask(self, ctx: FilmContext, *, question: str) -> None:
        """Any question; answered with one sentence from an article."""
        await self.respond(ctx, f"ask {question}")

    @commands.hybrid_command(name="film", usage="<film>", extras={"example": "film Alita: Battle Angel"})
    @app_commands.describe(film="The film, e.g. Alita: Battle Angel")
    @app_commands.autocomplete(film=film_titles)
    async def film_card(self, ctx: FilmContext, *, film: str) -> None:
        """A short card: director, writers, cast, release, status."""
        await self.respond(ctx, f"film {film}", "film", film)

    @commands.hybrid_command(usage="<film>", extras={"example": "sources Alita 2"})
    @app_commands.describe(film="The film, e.g. Alita 2")
    @app_commands.autocomplete(film=film_titles)
    async def sources(self, ctx: FilmContext, *, film: str) -> None:
        """The articles that mention a film, newest first."""
        await self.respond(ctx, f"sources {film}", "sources", film)

    @commands.hybrid_command(usage="<film> [page]", extras={"example": "timeline Tidebreaker 2"})
    @app_commands.describe(film="The film, e.g. Tidebreaker 2 (a page number after it: that page)")
    @app_commands.autocomplete(film=film_titles)
    async def timeline(self, ctx: FilmContext, *, film: str) -> None:
        """A film's news, newest first: one line per article, with what it said of the film's status."""
        answer = await self.bot.library.timeline(film, ctx.scope)
        ctx.outcome = "answered" if answer.answered else "no answer"
        pages = None
        if answer.timeline is not None and answer.timeline.pages > 1 and answer.timeline.entries:
            async def turn(page: int):
                return await self.bot.library.timeline_page(answer.film, ctx.scope, page)

            pages = Pages(answer, ctx.author.id, turn, command_prefix(ctx))
        message = await send_answer(ctx, answer, view=pages)
        if pages is not None:
            pages.message = message

    @commands.hybrid_command(name="help")
    async def help_command(self, ctx: FilmContext) -> None:
        """What filmbot can answer, and how to ask."""
        await self.respond(ctx, "help")


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Answers(bot))
