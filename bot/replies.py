"""Replies as Discord embeds, within Discord's limits, and the one way the bot sends anything.

Every message goes out through :func:`send`, with no mentions allowed (an article quoting
``@everyone`` or ``<@&role>`` pings nobody). Article text is made safe for each place in an
embed by :mod:`bot.markdown` (titles, descriptions and fields read markdown; footers show text
as it is), and :mod:`bot.render`'s text is the fallback where embeds are not allowed.
"""

from __future__ import annotations

import discord
from discord.ext import commands

from knowledge.answer import Answer, Source

from .markdown import escape, link
from .render import HELP, LABELS, MESSAGE_LIMIT, before_line, quoted, render, shorten, timeline_lines, understood, with_prefix

NO_MENTIONS = discord.AllowedMentions.none()
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_LIMIT = 1024
FOOTER_LIMIT = 2048
EMBED_LIMIT = 6000
TIMELINE_LINE = 380  # characters of one timeline line in an embed: ten of them fit its description

ANSWERED = discord.Colour.blurple()
NOT_ANSWERED = discord.Colour.light_grey()


def answer_embed(answer: Answer, prefix: str = "!") -> discord.Embed:
    """The embed for an engine answer: a quote with its source, a film card, a source list,
    help, or a useful "no answer"."""
    if answer.intent == "help":
        return help_embed(prefix)
    if answer.sentence is not None and answer.source is not None:
        embed = discord.Embed(title=_title(escape(answer.film or "Answer")), colour=ANSWERED)
        embed.description = shorten(quoted(escape(answer.sentence)), DESCRIPTION_LIMIT)
        embed.add_field(name="Source", value=source_value(answer.source), inline=False)
        if answer.before is not None:
            embed.add_field(name="Before", value=shorten(before_line(answer).removeprefix("Before: "), FIELD_LIMIT), inline=False)
        if answer.also:
            more = "source agrees" if answer.also == 1 else "sources agree"
            tail = f" · {prefix}sources {answer.film}" if answer.film else ""
            embed.set_footer(text=shorten(f"+{answer.also} more {more}{tail}", FOOTER_LIMIT))
        return fit(embed)
    if answer.card:
        embed = discord.Embed(title=_title(escape(answer.film or "")), colour=ANSWERED)
        room = min(FIELD_LIMIT, (EMBED_LIMIT - TITLE_LIMIT) // len(answer.card) - 16)  # 16: a field's name
        for relation, sentence, source in answer.card:
            tail = "\n— " + source_value(source, room=room // 2)
            quote = shorten(quoted(escape(sentence)), room - len(tail))
            embed.add_field(name=LABELS.get(relation, relation.title()), value=quote + tail, inline=False)
        return fit(embed)
    if answer.timeline is not None and answer.timeline.entries:
        embed = discord.Embed(title=_title(f"Timeline of {escape(answer.film or '')}"), colour=ANSWERED)
        embed.description = lines_within(timeline_lines(answer, True, prefix, TIMELINE_LINE), DESCRIPTION_LIMIT)
        return fit(embed)
    if answer.sources:
        embed = discord.Embed(title=_title(f"Articles about {escape(answer.film or '')}"), colour=ANSWERED)
        lines = [
            f"#{source.article_id} {source_value(source, room=600, separator=' · ')} · {count} mention{'s' * (count != 1)}"
            for source, count in answer.sources
        ]
        embed.description = lines_within(lines, DESCRIPTION_LIMIT)
        return fit(embed)
    return no_answer_embed(answer, prefix)


def no_answer_embed(answer: Answer, prefix: str = "!") -> discord.Embed:
    """What was understood, did-you-mean titles, and where to find help."""
    embed = discord.Embed(title="No answer", colour=NOT_ANSWERED)
    embed.description = shorten(escape(answer.note or "No article I have answers that."), DESCRIPTION_LIMIT)
    what = understood(answer)
    if what:
        embed.add_field(name="I read that as", value=shorten(escape(what), FIELD_LIMIT), inline=False)
    if answer.suggestions:
        titles = ", ".join(escape(s) for s in answer.suggestions)
        embed.add_field(name="Did you mean", value=shorten(titles, FIELD_LIMIT), inline=False)
    tip = f"Try {prefix}film {answer.film} or {prefix}help." if answer.film else f"Type {prefix}help for what I can answer."
    embed.set_footer(text=shorten(tip, FOOTER_LIMIT))
    return fit(embed)


def help_embed(prefix: str = "!") -> discord.Embed:
    first, _, rest = HELP.partition("\n")
    embed = discord.Embed(title="filmbot", description=with_prefix(f"{first}\n\n{rest}", prefix), colour=ANSWERED)
    embed.add_field(
        name="For server admins",
        value=with_prefix(
            "`!ingest <url>`, `!ingest` with .txt/.html/.md files attached, or `!ingest` followed by an article"
            " (first line `date YYYY-MM-DD Headline`) · `!articles` · `!forget <id>` · `!stats`"
            " · `!feed add <url> [#channel]` · `!feed list` · `!feed remove <id>`",
            prefix,
        ),
        inline=False,
    )
    return fit(embed)


def source_value(source: Source, room: int = FIELD_LIMIT, separator: str = "\n") -> str:
    """``[Headline](url)`` and the date (undated articles say so), within ``room`` characters."""
    date = source.date or "undated"
    target = f"({url})" if (url := link(source.url)) else ""
    room_for_title = max(20, room - len(target) - len(separator) - len(date) - 2)
    title = shorten(escape(source.title), room_for_title)
    headline = f"[{title}]{target}" if target else title
    return f"{headline}{separator}{date}"


def fit(embed: discord.Embed) -> discord.Embed:
    """Shorten the longest parts until the whole embed is within Discord's 6,000 characters."""
    while (excess := len(embed) - EMBED_LIMIT) > 0:
        parts = [(len(embed.description or ""), -1)] + [(len(f.value or ""), i) for i, f in enumerate(embed.fields)]
        size, index = max(parts)
        target = max(size - excess, size // 2)
        if index == -1:
            embed.description = shorten(embed.description or "", target)
        else:
            field = embed.fields[index]
            embed.set_field_at(index, name=field.name, value=shorten(field.value or "", target), inline=field.inline)
    return embed


def can_embed(ctx: commands.Context) -> bool:
    """Interaction replies may always embed; channel messages need Embed Links."""
    return ctx.interaction is not None or ctx.bot_permissions.embed_links


def command_prefix(ctx: commands.Context) -> str:
    """How to name a command in a reply to this context: ``/`` for slash commands."""
    return "/" if ctx.interaction is not None else ctx.bot.settings.prefix


async def send(
    ctx: commands.Context, text: str, embed: discord.Embed | None = None, *, ephemeral: bool = False,
    view: discord.ui.View | None = None,
) -> discord.Message:
    """Reply with ``embed`` where embeds are allowed, else with ``text``; never ping anyone.
    Prefix commands get a reply to their message where the bot may read the channel's history
    (replying needs it), which does not fail if the message was deleted meanwhile."""
    options: dict = {"allowed_mentions": NO_MENTIONS} | ({"view": view} if view is not None else {})
    if ctx.interaction is not None:
        options["ephemeral"] = ephemeral
    elif ctx.bot_permissions.read_message_history:
        options["reference"] = ctx.message.to_reference(fail_if_not_exists=False)
    if embed is not None and can_embed(ctx):
        return await ctx.send(embed=embed, **options)
    return await ctx.send(shorten(text, MESSAGE_LIMIT), **options)


async def send_answer(ctx: commands.Context, answer: Answer, view: discord.ui.View | None = None) -> discord.Message:
    prefix = command_prefix(ctx)
    return await send(ctx, render(answer, prefix=prefix), answer_embed(answer, prefix), view=view)


def _title(text: str) -> str:
    """An embed title (Discord reads markdown in it): article text in it is escaped by the caller."""
    return shorten(text, TITLE_LIMIT)


def lines_within(lines: list[str], limit: int) -> str:
    """As many whole lines as fit, then a count of those left out."""
    out: list[str] = []
    for i, line in enumerate(lines):
        rest = f"\n… and {len(lines) - i} more"
        if len("\n".join(out + [line])) + (len(rest) if i < len(lines) - 1 else 0) > limit:
            out.append(rest.strip())
            break
        out.append(line)
    return "\n".join(out)
