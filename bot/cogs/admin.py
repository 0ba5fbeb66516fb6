"""Admin commands: ``ingest``, ``articles``, ``forget``, ``stats``, and the owner's ``sync``.

Who may use them: the bot owner, members with Manage Server, and members with a role named in
``bot.admin_roles``. What they may touch: their own server's collection; only the owner writes
to the global collection every server sees (``!ingest --global``, or ingesting from a DM).
"""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.ext import commands

from knowledge.store import GLOBAL, Added

from ..context import FilmContext
from ..errors import NotAdmin
from ..intake import Refused, check_attachment, fetched, parse_request, pasted, read_attachment
from ..markdown import escape
from ..render import MESSAGE_LIMIT, shorten
from ..replies import command_prefix, send
from ..wiring import fetch_policy


async def is_admin(ctx: FilmContext) -> bool:
    """The owner, Manage Server, or a configured admin role; anyone else is refused."""
    if await ctx.bot.is_owner(ctx.author):
        return True
    if ctx.guild is None:
        raise NotAdmin("In direct messages only the bot owner can do that; use it in your server.")
    if ctx.permissions.manage_guild:
        return True
    wanted = {name.casefold() for name in ctx.bot.settings.admin_roles}
    if any(role.name.casefold() in wanted for role in getattr(ctx.author, "roles", ())):
        return True
    roles = " or ".join(f"“{name}”" for name in ctx.bot.settings.admin_roles)
    raise NotAdmin(f"Only members with Manage Server or the {roles} role can do that.")


class Admin(commands.Cog):
    """Adding and removing the articles a server's answers come from."""

    def __init__(self, bot: commands.Bot):
        self.bot = bot
        settings = bot.settings
        self.ingest_cooldown = commands.CooldownMapping.from_cooldown(
            settings.ingest_rate, settings.ingest_per_seconds, commands.BucketType.guild
        )

    async def cog_check(self, ctx: FilmContext) -> bool:
        return await is_admin(ctx)

    @commands.hybrid_command(usage="[--global] <link> | <article text> | (attach .txt, .md or .html files)")
    @app_commands.describe(source="A link to an article (the owner may start with --global)", file="An article file: .txt, .md or .html")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def ingest(self, ctx: FilmContext, file: discord.Attachment | None = None, *, source: str = "") -> None:
        """Add articles to this server: a link, attached files, or pasted article text."""
        bucket = self.ingest_cooldown.get_bucket(ctx.message)
        if bucket and (retry_after := bucket.update_rate_limit()):  # per server: ingesting costs fetches and analysis
            raise commands.CommandOnCooldown(bucket, retry_after, commands.BucketType.guild)
        request = parse_request(source)
        if request.everywhere and not await self.bot.is_owner(ctx.author):
            raise commands.NotOwner("Only the bot owner can add articles to the global collection.")
        files = list(ctx.message.attachments) or ([file] if file else [])
        if not (files or request.url or request.text):
            ctx.outcome = "usage"
            await send(ctx, usage_text(ctx))
            return
        scope = GLOBAL if request.everywhere or ctx.guild is None else ctx.scope
        settings = self.bot.settings
        async with ctx.typing():  # defers a slash command: reading and analysing take a while
            try:
                for attachment in files:  # refuse early, before downloading anything
                    check_attachment(attachment, settings.max_attachment_bytes)
                pool = self.bot.intake_pool
                articles = [
                    (await read_attachment(a, settings.max_attachment_bytes, pool), f"discord:{a.filename}") for a in files
                ]
                if request.url:
                    articles.append((await fetched(request.url, fetch_policy(settings), pool), request.url))
                if request.text:
                    articles.append((pasted(request.text), "discord:pasted"))
            except Refused as refusal:
                ctx.outcome = "refused"
                await send(ctx, f"Nothing was added. {str(refusal).rstrip('.')}.")
                return
            added = await self.bot.library.add(articles, scope)
        ctx.outcome = "added" if any(a.new for a in added) else "known"
        await send(ctx, ingest_report(added, scope))

    @commands.hybrid_command(usage="[server|global]")
    @app_commands.describe(collection="This server's articles, or the global ones every server sees")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def articles(self, ctx: FilmContext, collection: Literal["server", "global"] = "server") -> None:
        """The most recently added articles, with the ids `forget` takes."""
        scope = GLOBAL if collection == "global" else ctx.scope
        rows = await self.bot.library.articles(scope)
        where = "the global collection" if scope == GLOBAL else "this server's collection"
        if not rows:
            await send(ctx, f"There are no articles in {where} yet. Add some with `{command_prefix(ctx)}ingest`.")
            return
        lines = [f"Newest articles in {where}:"]
        lines += [f"#{r['id']} {escape(shorten(r['title'], 120))} ({r['date'] or 'undated'})" for r in rows]
        await send(ctx, shorten("\n".join(lines), MESSAGE_LIMIT))

    @commands.hybrid_command(usage="<id>", extras={"example": "forget 12"})
    @app_commands.describe(article="The article's id, as `articles` lists it")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def forget(self, ctx: FilmContext, article: int) -> None:
        """Remove one article of this server, and everything found in it."""
        async with ctx.typing():
            removed = await self.bot.library.forget(article, ctx.scope)
            if removed is None and ctx.scope != GLOBAL and await self.bot.is_owner(ctx.author):
                removed = await self.bot.library.forget(article, GLOBAL)
        if removed is None:
            ctx.outcome = "not found"
            await send(ctx, f"There is no article #{article} in this server's collection. `{command_prefix(ctx)}articles` lists them.")
            return
        ctx.outcome = "forgotten"
        await send(ctx, f"Forgot #{removed['id']} **{escape(removed['title'])}** and everything found in it.")

    @commands.hybrid_command()
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def stats(self, ctx: FilmContext) -> None:
        """How many articles this server and the global collection hold."""
        counts = await self.bot.library.counts(ctx.scope)
        total = await self.bot.library.stats()
        lines = []
        if ctx.scope != GLOBAL:
            lines.append(f"This server: {counts['server']} articles of its own.")
        lines.append(f"Global collection (every server sees it): {counts['global']} articles.")
        lines.append(
            f"Database: {total['articles']} articles, {total['sentences']} sentences, {total['films']} films,"
            f" {total['bytes'] / 1_000_000:.1f} MB."
        )
        await send(ctx, "\n".join(lines))

    @commands.command(hidden=True, usage="[global|here|clear]")
    @commands.is_owner()
    async def sync(self, ctx: FilmContext, where: Literal["global", "here", "clear"] = "global") -> None:
        """Owner only: publish the slash commands (everywhere, or instantly to this server)."""
        tree = self.bot.tree
        if where != "global" and ctx.guild is None:
            await send(ctx, "`here` and `clear` need a server; use them in one.")
            return
        if where == "here":
            tree.copy_global_to(guild=ctx.guild)
            synced = await tree.sync(guild=ctx.guild)
        elif where == "clear":
            tree.clear_commands(guild=ctx.guild)
            synced = await tree.sync(guild=ctx.guild)
        else:
            synced = await tree.sync()
        await send(ctx, f"Synced {len(synced)} slash commands ({where}).")


def usage_text(ctx: FilmContext) -> str:
    p = command_prefix(ctx)
    return (
        f"Give me something to add: `{p}ingest <link>`, attach .txt, .md or .html files to `{p}ingest`,"
        f" or paste an article after `{p}ingest` starting with a line like `date 2025-11-18 The headline`."
    )


def ingest_report(added: list[Added], scope: int) -> str:
    """One line per article: added (headline, date, sentences, films found) or already known."""
    where = "the global collection" if scope == GLOBAL else "this server's collection"
    lines = []
    for a in added:
        title, date = escape(shorten(a.title, 200)), a.date.isoformat() if a.date else "undated"
        if a.new:
            films = f"; films: {escape(', '.join(a.films[:5]))}" if a.films else "; no films found"
            lines.append(f"Added #{a.article_id} **{title}** ({date}, {a.sentences} sentences{films}) to {where}.")
        else:
            lines.append(f"Already have #{a.article_id} **{title}** in {where}; nothing changed.")
    return shorten("\n".join(lines), MESSAGE_LIMIT)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Admin(bot))
