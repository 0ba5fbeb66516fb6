"""Feeds: ``feed add``, ``feed list``, ``feed remove``, and the task that keeps servers current.

A server's admins (the same people as for ``!ingest``: the owner, Manage Server, or a role in
``bot.admin_roles``) follow RSS or Atom feeds; every new item's article goes into that server's
collection, and, when the feed was given a channel, a one-line notice is posted there.

The poll task wakes every minute and polls the feeds whose next check has come (every
``feeds.interval_minutes``, with jitter; a failing feed backs off). Fetching and analysing run
on the library's feed thread, never on the event loop. Everything is kept in SQLite, so a
restart loses nothing: feeds that fell due while the bot was down are polled when it is back.
"""

from __future__ import annotations

import datetime as dt
import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from knowledge.feeds import Feed, FeedError, PollResult

from ..context import FilmContext
from ..markdown import code, escape, link
from ..render import MESSAGE_LIMIT, shorten
from ..replies import NO_MENTIONS, command_prefix, lines_within, send
from ..wiring import fetch_policy
from .admin import is_admin

log = logging.getLogger("filmbot.feeds")

POLL_SECONDS = 60  # how often the task looks for due feeds; each feed's own interval is in the settings
MAX_FEEDS = 20  # per server
NOTICE_LINES = 10  # new articles named in one notice; the rest are counted
NOTICE_FILMS = 3  # films named per article


class Feeds(commands.Cog):
    """Following RSS and Atom feeds, so a server's answers stay current."""

    def __init__(self, bot: commands.Bot):
        self.bot = bot
        self.poller.start()

    async def cog_unload(self) -> None:
        self.poller.cancel()

    async def cog_check(self, ctx: FilmContext) -> bool:
        """Admins only, and only in a server: a feed belongs to the server that follows it."""
        await is_admin(ctx)
        if ctx.guild is None and not (ctx.interaction and ctx.interaction.guild_id):
            raise commands.NoPrivateMessage("Feeds belong to a server; use this in your server.")
        return True

    # -- commands ----------------------------------------------------------------------

    @commands.hybrid_group(name="feed", invoke_without_command=True, usage="add <url> [#channel] | list | remove <id>")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def feed(self, ctx: FilmContext) -> None:
        """Follow RSS or Atom feeds: new articles are added to this server as they appear."""
        ctx.outcome = "usage"
        await send(ctx, usage_text(command_prefix(ctx)))

    @feed.command(name="add", usage="<url> [#channel]", ignore_extra=False,
                  extras={"example": "feed add https://example.com/film-news.rss #film-news"})
    @app_commands.describe(url="The feed's address (RSS or Atom)", channel="Where to announce new articles (optional)")
    async def feed_add(self, ctx: FilmContext, url: str, channel: discord.TextChannel | None = None) -> None:
        """Follow a feed; its new articles are added to this server (and announced in a channel)."""
        prefix = command_prefix(ctx)
        if len(await self.bot.library.list_feeds(ctx.scope)) >= MAX_FEEDS:
            ctx.outcome = "refused"
            await send(ctx, f"This server already follows {MAX_FEEDS} feeds, the most it may; `{prefix}feed remove` one first.")
            return
        async with ctx.typing():
            try:
                feed = await self.bot.library.add_feed(
                    ctx.scope, url.strip().strip("<>"), channel.id if channel else None,
                    allow_loopback=self.bot.settings.allow_loopback,
                )
            except FeedError as refusal:
                ctx.outcome = "refused"
                await send(ctx, f"I can't follow that feed: {str(refusal).rstrip('.')}.")
                return
        ctx.outcome = "added"
        where = f"new articles will be announced in {channel.mention}" if channel else (
            "new articles are added quietly (give a #channel to have them announced)"
        )
        await send(
            ctx,
            f"Following feed #{feed.id} {_shown(feed.url)}: {where}. I'll read it within a minute;"
            f" `{prefix}feed list` shows how it goes.",
        )

    @feed.command(name="list")
    async def feed_list(self, ctx: FilmContext) -> None:
        """The feeds this server follows: when each was read, when it is read next, and errors."""
        rows = await self.bot.library.list_feeds(ctx.scope)
        prefix = command_prefix(ctx)
        if not rows:
            await send(ctx, f"This server follows no feeds yet. Add one with `{prefix}feed add <url> [#channel]`.")
            return
        failing = sum(1 for f in rows if f.failures)
        head = f"Feeds this server follows ({len(rows)}{f', {failing} failing' if failing else ''}):"
        await send(ctx, lines_within([head] + [feed_line(f) for f in rows], MESSAGE_LIMIT))

    @feed.command(name="remove", usage="<id>", extras={"example": "feed remove 3"})
    @app_commands.describe(feed="The feed's id, as `feed list` shows it")
    async def feed_remove(self, ctx: FilmContext, feed: int) -> None:
        """Stop following a feed of this server (the articles it brought stay)."""
        prefix = command_prefix(ctx)
        async with ctx.typing():
            removed = await self.bot.library.remove_feed(ctx.scope, feed)
        if not removed:
            ctx.outcome = "not found"
            await send(ctx, f"This server follows no feed #{feed}. `{prefix}feed list` lists them.")
            return
        ctx.outcome = "removed"
        await send(
            ctx, f"Stopped following feed #{feed}. The articles it brought stay; `{prefix}forget` removes one."
        )

    # -- polling -----------------------------------------------------------------------

    @tasks.loop(seconds=POLL_SECONDS)
    async def poller(self) -> None:
        await self.poll_once()

    @poller.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()  # notices need the channel cache

    async def poll_once(self) -> list[tuple[Feed, PollResult]]:
        """One round: poll every due feed, one after the other, and announce each one's new
        articles as soon as it is done. Never raises: a failure is logged, and the next round
        (a minute later) goes on; a failing feed backs off on its own schedule."""
        done: list[tuple[Feed, PollResult]] = []
        try:
            due = await self.bot.library.due_feeds()
        except Exception:  # noqa: BLE001 - the task must keep running
            log.exception("could not read the due feeds; trying again in a minute")
            return done
        settings = self.bot.settings
        policy = fetch_policy(settings)
        for feed in due:
            try:
                result = await self.bot.library.poll_feed(
                    feed, policy, settings.feed_interval_minutes,
                    max_items=settings.feed_max_items, budget_seconds=settings.feed_poll_seconds,
                )
                done.append((feed, result))
                _log_result(feed, result)
                if result.added and feed.channel_id:
                    await self.announce(feed, result)
            except Exception:  # noqa: BLE001 - one feed must not stop the others
                log.exception("polling feed %s of guild %s failed", feed.id, feed.guild_id)
        return done

    async def announce(self, feed: Feed, result: PollResult) -> None:
        """Post the new articles' notice in the feed's channel (if it is still there, in the
        feed's server, and the bot may post in it)."""
        channel = self.bot.get_channel(feed.channel_id)
        if channel is None or getattr(getattr(channel, "guild", None), "id", None) != feed.guild_id:
            log.warning("feed %s of guild %s: channel %s is gone; no notice posted", feed.id, feed.guild_id, feed.channel_id)
            return
        try:
            await channel.send(notice(result, self.bot.settings.prefix), allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as failure:
            log.warning("feed %s of guild %s: could not post in channel %s: %s", feed.id, feed.guild_id, channel.id, failure)


def usage_text(prefix: str) -> str:
    return (
        f"Feeds keep this server's articles current: `{prefix}feed add <url> [#channel]` follows an RSS or Atom feed"
        f" (new articles are announced in the channel, if you give one), `{prefix}feed list` shows the feeds and"
        f" how they are doing, `{prefix}feed remove <id>` stops following one."
    )


def notice(result: PollResult, prefix: str = "!") -> str:
    """One line per new article, ``New: **Headline** (films: A, B) — `!sources A```, for at most
    ``NOTICE_LINES`` articles and within one message; the rest are counted."""
    lines: list[str] = []
    for added in result.added[:NOTICE_LINES]:
        line = f"New: **{escape(shorten(added.title, 200))}**"
        if added.films:
            line += f" (films: {escape(shorten(', '.join(added.films[:NOTICE_FILMS]), 200))})"
            line += f" — `{prefix}sources {code(shorten(added.films[0], 100))}`"
        lines.append(line)
    shown = len(lines)
    while True:
        more = len(result.added) - shown
        tail = [f"… and {more} more; `{prefix}articles` lists them."] if more else []
        text = "\n".join(lines[:shown] + tail)
        if len(text) <= MESSAGE_LIMIT or shown <= 1:
            return shorten(text, MESSAGE_LIMIT)
        shown -= 1


def feed_line(feed: Feed) -> str:
    """``#3 **Title** <url> → #channel · checked 5 minutes ago · next in 25 minutes``, and for a
    failing feed how often it failed, its last error, and when it is tried again."""
    name = f"**{escape(shorten(feed.title, 100))}** {_shown(feed.url)}" if feed.title else _shown(feed.url)
    parts = [f"#{feed.id} {name} → " + (f"<#{feed.channel_id}>" if feed.channel_id else "no channel")]
    parts.append(f"checked {_ago(feed.checked_at)}" if feed.checked_at else "not read yet")
    if feed.failures:
        times = "once" if feed.failures == 1 else f"{feed.failures} times in a row"
        parts.append(f"**failing** ({times}): {escape(shorten(feed.last_error or 'unknown error', 200))}")
        parts.append(f"retrying {_next(feed.next_check)}")
    else:
        parts.append(f"next {_next(feed.next_check)}")
    if feed.failed_items:
        items = "1 item" if feed.failed_items == 1 else f"{feed.failed_items} items"
        parts.append(f"{items} not added in the last read: {escape(shorten(feed.item_error or 'unknown error', 200))}")
    return " · ".join(parts)


def _moment(iso: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _ago(iso: str) -> str:
    """A stored time as a Discord timestamp ("5 minutes ago", in each reader's own language)."""
    return discord.utils.format_dt(_moment(iso), "R")


def _next(iso: str | None) -> str:
    """When a feed is read next; a time already past means the next round, within a minute."""
    if not iso or _moment(iso) <= discord.utils.utcnow():
        return "within a minute"
    return discord.utils.format_dt(_moment(iso), "R")


def _log_result(feed: Feed, result: PollResult) -> None:
    """One line per poll: counts and errors, never article text."""
    if result.error:
        log.warning("feed %s of guild %s failed: %s", feed.id, feed.guild_id, result.error)
    elif result.added or result.failed:
        log.info(
            "feed %s of guild %s: %d new, %d skipped, %d failed items", feed.id, feed.guild_id,
            len(result.added), result.skipped, len(result.failed),
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Feeds(bot))


def _shown(url: str) -> str:
    """A feed's address as shown in a reply: ``<url>`` (no preview) if it can be linked, else cut
    short in a code span."""
    target = link(url)
    return f"<{target}>" if target else f"`{code(shorten(url, 100))}`"
