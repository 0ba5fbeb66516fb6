"""``filmbot run``: start the bot with the token from ``DISCORD_TOKEN`` or ``DISCORD_TOKEN_FILE``.

The token is never printed or logged: the log formatter removes it from every line.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Mapping
from pathlib import Path

import discord

from .client import create_bot
from .logs import setup_logging
from .settings import Settings

log = logging.getLogger("filmbot")

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


def run(settings: Settings, environ: Mapping[str, str] = os.environ) -> int:
    """Run the bot until it is stopped: 0 after a clean stop, 1 if Discord refused it,
    2 without a token or a usable database."""
    try:
        token = read_token(environ)
    except TokenError as error:
        print(error, file=sys.stderr)
        return 2
    if token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        bot = create_bot(settings)
    except (ValueError, OSError, sqlite3.Error) as error:
        print(f"filmbot run: cannot use the database {settings.database}: {error}", file=sys.stderr)
        return 2
    setup_logging(settings.log_level, secrets=[token])
    log.info("starting filmbot: database %s, prefix %s", settings.database, settings.prefix)
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
