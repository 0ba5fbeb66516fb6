"""The one error handler: short, friendly replies for user errors (a :class:`FilmbotError`
anywhere in a command becomes its one line, here and only here); for anything unexpected,
"something went wrong" to the user and the traceback in the log. The bot keeps running."""

from __future__ import annotations

import difflib
import logging

import discord
from discord import app_commands
from discord.ext import commands

from knowledge.errors import user_error

from .context import FilmContext
from .logs import log_command
from .markdown import code
from .render import MESSAGE_LIMIT, shorten
from .replies import command_prefix, send

log = logging.getLogger("filmbot.errors")


class NotAdmin(commands.CheckFailure):
    """The member may not manage this server's articles; the message says who may.
    (Defined here, not in the admin cog: an extension's module is re-created on every load.)"""


SOMETHING_WENT_WRONG = "Something went wrong on my side, sorry. It has been logged; please try again later."


async def on_command_error(ctx: FilmContext, error: commands.CommandError) -> None:
    """Reply to a failed command (or stay quiet, for a prefix word that is no command of ours)."""
    reply, outcome = explain(ctx, error)
    if outcome == "error":
        original = getattr(error, "original", error)
        log.error(
            "command %s failed in guild %s", ctx.command.qualified_name if ctx.command else "?", ctx.scope or "dm",
            exc_info=(type(original), original, original.__traceback__),
        )
    if ctx.command is not None:
        log_command(ctx.scope, ctx.command.qualified_name, outcome, ctx.elapsed_ms)
    if reply:
        try:
            await send(ctx, reply, ephemeral=True)
        except discord.HTTPException as failure:
            log.warning("could not send the error reply in guild %s: %s", ctx.scope or "dm", failure)


def explain(ctx: FilmContext, error: commands.CommandError) -> tuple[str | None, str]:
    """(the reply, or None for silence; the outcome word for the log line)."""
    if isinstance(error, commands.HybridCommandError):
        error = error.original  # an app command error, from a slash invocation
    if isinstance(error, commands.CommandNotFound):
        return unknown_command(ctx), "unknown command"
    if isinstance(error, commands.CommandOnCooldown):
        return f"Easy there! You can ask again in {max(1, round(error.retry_after))} s.", "cooldown"
    if isinstance(error, (commands.CheckFailure, app_commands.CheckFailure)):  # NotOwner and NotAdmin too
        return str(error) or "You can't use that command here.", "refused"
    if isinstance(error, commands.MissingRequiredArgument):
        return f"That needs a {error.param.name}. {usage(ctx)}", "usage"
    if isinstance(error, (commands.UserInputError, app_commands.TransformerError)):
        return f"I couldn't read that. {usage(ctx)}", "usage"
    if isinstance(error, commands.DisabledCommand):
        return "That command is switched off.", "refused"
    problem = user_error(_cause(error), ctx.bot.settings.database)
    if problem is not None:
        log.warning("command %s failed in guild %s: %s", ctx.command.qualified_name if ctx.command else "?", ctx.scope or "dm", problem)
        text = str(problem)
        return shorten(f"Sorry, that failed: {text[:1].lower()}{text[1:].rstrip('.')}.", MESSAGE_LIMIT), "failed"
    return SOMETHING_WENT_WRONG, "error"


def _cause(error: Exception) -> BaseException:
    """What a failed command raised, out of discord.py's wrappers."""
    while isinstance(error, (commands.CommandInvokeError, app_commands.CommandInvokeError)):
        error = error.original
    return error


def usage(ctx: FilmContext) -> str:
    """``Usage: `!who <relation> <film>`, e.g. `!who directed Alita`.``"""
    command = ctx.command
    if command is None:
        return ""
    prefix = command_prefix(ctx)
    arguments = command.usage or command.signature
    text = f"Usage: `{prefix}{command.qualified_name}{' ' + arguments if arguments else ''}`"
    example = command.extras.get("example")
    return f"{text}, e.g. `{prefix}{example}`." if example else f"{text}."


def unknown_command(ctx: FilmContext) -> str | None:
    """Suggest the nearest command. A ``!word`` near none of ours is probably for another bot:
    say nothing; someone who mentioned the bot always gets an answer."""
    word = (ctx.invoked_with or "").lower().replace("`", "")
    names = [name for c in ctx.bot.commands if not c.hidden for name in (c.name, *c.aliases)]
    near = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    prefix = command_prefix(ctx)
    if near:
        return f"I don't know `{prefix}{code(word[:40])}`. Did you mean `{prefix}{near[0]}`? `{prefix}help` lists what I can do."
    if ctx.bot.user is not None and ctx.bot.user.mentioned_in(ctx.message):
        return f"I didn't understand that. Ask me a question, e.g. `{prefix}who directed Alita?`, or type `{prefix}help`."
    return None

