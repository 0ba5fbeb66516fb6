"""``filmbot run``: start the bot with the token from ``DISCORD_TOKEN`` or ``DISCORD_TOKEN_FILE``.

The token is never printed or logged: the log formatter removes it from every line.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import aiohttp
import discord

from knowledge.errors import FilmbotError, reason

from .client import create_bot
from .logs import setup_logging
from .settings import Settings
from .wiring import open_store

log = logging.getLogger("filmbot")

# Discord out of reach at the start (no route, no DNS, its servers down); once connected,
# discord.py reconnects by itself.
_UNREACHABLE = (aiohttp.ClientError, OSError, asyncio.TimeoutError, discord.GatewayNotFound, discord.DiscordServerError)
NO_TOKEN = (
    "filmbot run: no Discord token; set DISCORD_TOKEN (or DISCORD_TOKEN_FILE to a file holding it),"
    " or try `filmbot console`"
)


class TokenError(Exception):
    """The token file is named but cannot be used; the message says why."""


def read_token(environ: Mapping[str, str] = os.environ) -> str | None:
    """The token from ``DISCORD_TOKEN``, else from the file ``DISCORD_TOKEN_FILE`` names."""
    token = environ.get("DISCORD_TOKEN", "").strip()
    if token:
        return token
    path = environ.get("DISCORD_TOKEN_FILE", "").strip()
    if not path:
        return None
    try:
        token = Path(path).read_text("utf-8").strip()
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise TokenError(f"filmbot run: cannot read DISCORD_TOKEN_FILE {path}: {reason}") from None
    if not token:
        raise TokenError(f"filmbot run: DISCORD_TOKEN_FILE {path} is empty")
    return token


def retry_delays() -> Iterator[float]:
    """Seconds to wait before each new try to reach Discord: doubling from 5 s up to 5 minutes,
    then every 5 minutes, for as long as it takes."""
    delay = 5.0
    while True:
        yield delay
        delay = min(delay * 2, 300.0)


def run(settings: Settings, environ: Mapping[str, str] = os.environ, delays: Iterable[float] | None = None) -> int:
    """Run the bot until it is stopped: 0 after a clean stop, 1 if Discord refused it (or could
    not be reached before ``delays`` ran out: by default it never does), 2 without a token or a
    usable database. Discord out of reach is one log line per try, then a wait and a new try."""
    try:
        token = read_token(environ)
    except TokenError as error:
        print(error, file=sys.stderr)
        return 2
    if token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        open_store(settings).close()  # a database that cannot be used stops the start here
    except (FilmbotError, ValueError, OSError, sqlite3.Error) as error:
        print(f"filmbot run: cannot use the database {settings.database}: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, secrets=[token])
    log.info("starting filmbot: database %s, prefix %s", settings.database, settings.prefix)
    waits = iter(retry_delays() if delays is None else delays)
    while True:
        try:
            return _run_once(settings, token)
        except _UNREACHABLE as error:
            delay = next(waits, None)
            why = reason(error) if isinstance(error, OSError) else f"{type(error).__name__}: {reason(error)}"
            if delay is None:
                log.error("cannot reach Discord (%s); giving up", why)
                return 1
            log.error("cannot reach Discord (%s); trying again in %g s", why, delay)
            time.sleep(delay)


def _run_once(settings: Settings, token: str) -> int:
    """One run of a fresh bot, until it stops (0) or Discord refuses it (1); raises what
    :data:`_UNREACHABLE` names if Discord cannot be reached."""
    bot = create_bot(settings)
    try:
        bot.run(token, log_handler=None)
    except discord.LoginFailure:
        log.error("Discord refused the token: check DISCORD_TOKEN (Developer Portal > Bot > Reset Token)")
        return 1
    except discord.PrivilegedIntentsRequired:
        log.error(
            "Discord refused the Message Content intent: enable it under Developer Portal > Bot >"
            " Privileged Gateway Intents, or set bot.message_content = false (then only slash commands"
            " and @mentions work)"
        )
        return 1
    return 0
