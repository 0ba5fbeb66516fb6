"""Following films: ``follow``, ``unfollow``, ``following``, ``follow channel``, and the task that
delivers follow notices.

A member follows a film in a server (at most ``MAX_FOLLOWS``); when an article about it enters
a collection that server sees (``!ingest``, a feed, ``filmbot ingest`` in another process),
ingest records a notice in the article's own transaction, and the delivery task, every
``DELIVER_SECONDS``, posts what is pending: in the server's follow channel, mentioning only that
film's followers there, or else to each follower by direct message. A film gets at most one
notice per ``follows.notice_minutes`` in a server; articles that arrive meanwhile go out together.
Notices are marked sent once delivered, so a restart repeats nothing and loses nothing pending.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from knowledge.follows import MAX_FOLLOWS, Batch, FollowError

from ..context import FilmContext
from ..markdown import code, escape, link
from ..render import MESSAGE_LIMIT, quoted, shorten
from ..replies import command_prefix, send
from .admin import is_admin
from .answers import film_titles

log = logging.getLogger("filmbot.follows")

DELIVER_SECONDS = 15  # how often pending notices are looked for
NOTICE_ITEMS = 5  # articles named in one notice; the rest are counted
ITEM_LIMIT = 300  # characters of one article's line in a notice
_ALL = ("all", "everything")


class Follows(commands.Cog):
    """Members follow films and hear of their news as it arrives."""

    def __init__(self, bot: commands.Bot):
        self.bot = bot
        self.deliverer.start()

    async def cog_unload(self) -> None:
        self.deliverer.cancel()

    async def cog_check(self, ctx: FilmContext) -> bool:
        """Only in a server: what a member follows belongs to the server they follow it in."""
        if not ctx.scope:
            raise commands.NoPrivateMessage("Following films is per server; use this in your server.")
        return True

    # -- commands ----------------------------------------------------------------------

    @commands.hybrid_group(name="follow", fallback="film", invoke_without_command=True, usage="<film>",
                           extras={"example": "follow Tidebreaker 2"})
    @app_commands.describe(film="The film, e.g. Tidebreaker 2")
    @app_commands.autocomplete(film=film_titles)
    @app_commands.guild_only()
    async def follow(self, ctx: FilmContext, *, film: str) -> None:
        """Follow a film: hear of every new article about it in this server."""
        prefix = command_prefix(ctx)
        found, suggestions = await self.bot.library.find_film(film, ctx.scope)
        if found is None or not found.is_film:
            ctx.outcome = "not found"
            await send(ctx, unknown_film(film, suggestions))
            return
        try:
            new = await self.bot.library.follow(ctx.scope, ctx.author.id, found)
        except FollowError as refusal:
            ctx.outcome = "refused"
            await send(ctx, f"I can't: {refusal}. `{prefix}unfollow <film>` one first.")
            return
        title = f"**{escape(found.title)}**"
        if not new:
            ctx.outcome = "known"
            await send(ctx, f"You already follow {title} here. `{prefix}following` lists your films.")
            return
        ctx.outcome = "added"
        channel_id = await self.bot.library.follow_channel(ctx.scope)
        where = f"in <#{channel_id}>" if channel_id else "by direct message"
        await send(ctx, f"Following {title}: I'll tell you {where} when an article about it arrives.")

    @follow.command(name="channel", usage="<#channel|off>", extras={"example": "follow channel #film-news"})
    @app_commands.describe(channel="Where follow notices go", off="off: send them to each follower by direct message")
    async def follow_channel(self, ctx: FilmContext, channel: discord.TextChannel | None = None, off: str = "") -> None:
        """Admins: post follow notices in a channel (`off`: send each follower a direct message)."""
        await is_admin(ctx)
        prefix = command_prefix(ctx)
        if channel is None and off.strip().lower() != "off":
            ctx.outcome = "usage"
            await send(ctx, f"Give a channel or `off`: `{prefix}follow channel #film-news`, or `{prefix}follow channel off`.")
            return
        await self.bot.library.set_follow_channel(ctx.scope, channel.id if channel else None)
        ctx.outcome = "set"
        if channel is None:
            await send(ctx, "Follow notices will go to each follower by direct message.")
        else:
            await send(ctx, f"Follow notices will be posted in {channel.mention}, mentioning only each film's followers.")

    @commands.hybrid_command(usage="<film>|all", extras={"example": "unfollow Tidebreaker 2"})
    @app_commands.describe(film="The film, or all")
    @app_commands.autocomplete(film=film_titles)
    @app_commands.guild_only()
    async def unfollow(self, ctx: FilmContext, *, film: str) -> None:
        """Stop following a film here (`all`: every film)."""
        prefix = command_prefix(ctx)
        if film.strip().lower() in _ALL:
            count = await self.bot.library.unfollow_all(ctx.scope, ctx.author.id)
            ctx.outcome = "removed" if count else "not found"
            await send(ctx, f"You no longer follow any films here ({count} before)." if count else "You follow no films here.")
            return
        found, _ = await self.bot.library.find_film(film, ctx.scope)
        followed = await self.bot.library.following(ctx.scope, ctx.author.id)
        title = found.title if found else next((t for t in followed if t.casefold() == film.strip().casefold()), film.strip())
        if not await self.bot.library.unfollow(ctx.scope, ctx.author.id, title, found.ids if found else ()):
            ctx.outcome = "not found"
            await send(ctx, f"You don't follow “{escape(shorten(film, 100))}” here. `{prefix}following` lists your films.")
            return
        ctx.outcome = "removed"
        await send(ctx, f"You no longer follow **{escape(title)}** here.")

    @commands.hybrid_command()
    @app_commands.guild_only()
    async def following(self, ctx: FilmContext) -> None:
        """The films you follow in this server."""
        prefix = command_prefix(ctx)
        titles = await self.bot.library.following(ctx.scope, ctx.author.id)
        if not titles:
            await send(ctx, f"You follow no films here. `{prefix}follow <film>` follows one.")
            return
        names = ", ".join(f"**{escape(shorten(t, 100))}**" for t in titles)
        await send(ctx, shorten(
            f"You follow {len(titles)} of at most {MAX_FOLLOWS} films here: {names}. `{prefix}unfollow <film>` stops one.",
            MESSAGE_LIMIT,
        ))

    # -- delivering --------------------------------------------------------------------

    @tasks.loop(seconds=DELIVER_SECONDS)
    async def deliverer(self) -> None:
        await self.deliver_once()

    @deliverer.before_loop
    async def _wait_until_ready(self) -> None:
        await self.bot.wait_until_ready()  # channels and members must be cached

    async def deliver_once(self) -> int:
        """Deliver every notice that may go out now, for the servers the bot is in; how many
        batches went out. Never raises: a failure is logged and the next round goes on."""
        delivered = 0
        try:
            due = await self.bot.library.due_notices([g.id for g in self.bot.guilds], self.bot.settings.follow_notice_minutes)
        except Exception:  # noqa: BLE001 - the task must keep running
            log.exception("could not read the pending follow notices; trying again in %s s", DELIVER_SECONDS)
            return delivered
        for batch, users, sentences in due:
            try:
                if await self.deliver(batch, users, sentences):
                    await self.bot.library.mark_sent([n.id for n in batch.notices])
                    delivered += 1
            except Exception:  # noqa: BLE001 - one server's notice must not stop the others
                log.exception("delivering follow notices in guild %s failed", batch.guild_id)
        return delivered

    async def deliver(self, batch: Batch, users: list[int], sentences: dict[int, str]) -> bool:
        """Send one film's notice in one server; False to try again next round (a channel
        that failed for a passing reason). A member with closed DMs is skipped and logged."""
        guild = self.bot.get_guild(batch.guild_id)
        if guild is None or not users:
            return True  # nobody to tell (any more)
        prefix = self.bot.settings.prefix
        channel_id = await self.bot.library.follow_channel(batch.guild_id)
        channel = guild.get_channel(channel_id) if channel_id else None
        if channel_id and channel is None:
            log.warning("guild %s: follow channel %s is gone; notices go by direct message", batch.guild_id, channel_id)
        if channel is not None:
            try:
                for text, mentioned in notice_messages(batch, sentences, users, prefix):
                    await channel.send(text, allowed_mentions=followers_only(mentioned))
            except (discord.Forbidden, discord.NotFound) as failure:
                log.warning("guild %s: could not post in follow channel %s: %s", batch.guild_id, channel.id, failure)
            except discord.HTTPException as failure:
                log.warning("guild %s: follow channel %s failed, trying again later: %s", batch.guild_id, channel.id, failure)
                return False
            return True
        [(text, _)] = notice_messages(batch, sentences, [], prefix)
        for user_id in users:
            member = guild.get_member(user_id)
            if member is None:
                continue  # left the server
            try:
                await member.send(text, allowed_mentions=discord.AllowedMentions.none())
            except discord.HTTPException as failure:
                log.warning("guild %s: skipped a follow notice to member %s (direct messages closed?): %s",
                            batch.guild_id, user_id, failure)
        return True


def unknown_film(typed: str, suggestions: list[str]) -> str:
    """``I don't know a film called “X”. Did you mean A, B?``"""
    text = f"I don't know a film called “{escape(shorten(typed, 100))}”."
    if suggestions:
        text += " Did you mean " + ", ".join(f"**{escape(s)}**" for s in suggestions[:3]) + "?"
    return text


def followers_only(user_ids: list[int]) -> discord.AllowedMentions:
    """Mentions allowed in a follow notice: these members, never roles, @everyone or a reply."""
    return discord.AllowedMentions(everyone=False, roles=False, replied_user=False, users=[discord.Object(u) for u in user_ids])


def notice_messages(batch: Batch, sentences: dict[int, str], users: list[int], prefix: str = "!") -> list[tuple[str, list[int]]]:
    """A film's notice, as messages within Discord's limit with the followers they mention:
    ``New on Film — “sentence” — Headline · date <link>`` (several articles: one line each, at
    most ``NOTICE_ITEMS``, the rest counted); the mentions after it, continued in more messages
    when there are many."""
    film = escape(shorten(batch.film, 200))
    items = [_item(n.headline, n.date, n.url, sentences.get(n.article_id)) for n in batch.notices[:NOTICE_ITEMS]]
    if len(items) == 1:
        text = f"New on {film} — {items[0]}"
    else:
        text = "\n".join([f"New on {film}:"] + [f"• {item}" for item in items])
    if (more := len(batch.notices) - len(items)) > 0:
        text += f"\n… and {more} more: `{prefix}timeline {code(shorten(batch.film, 100))}`"
    messages, line, mentioned = [], text + "\n", []
    for user_id in users:
        mention = f"<@{user_id}> "
        if len(line) + len(mention) > MESSAGE_LIMIT:
            messages.append((line.strip(), mentioned))
            line, mentioned = f"(more followers of {film}) ", []
        line, mentioned = line + mention, mentioned + [user_id]
    messages.append((line.strip(), mentioned))
    return messages


def _item(headline: str, date: str | None, url: str | None, sentence: str | None) -> str:
    """``“sentence” — Headline · date <link>``, within ``ITEM_LIMIT`` characters."""
    target = f" <{url}>" if (url := link(url)) else ""
    tail = f"{escape(shorten(headline, 150))} · {date or 'undated'}{target}"
    if not sentence:
        return tail
    room = ITEM_LIMIT - len(tail) - 5
    return f"{shorten(quoted(escape(sentence)), max(room, 60))} — {tail}"


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Follows(bot))
