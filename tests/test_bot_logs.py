"""The bot's log: one line per command with time, level, guild, command and duration; the token
never appears, not even in a traceback."""

from __future__ import annotations

import io
import logging
import re

import pytest

from bot.errors import NotAdmin
from bot.logs import setup_logging

from .bot_support import member, say

TOKEN = "MTIzNDU2Nzg5.fake-token.do-not-log"
LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d INFO filmbot\.commands guild=(\d+) command=(\w+) result=([\w ]+) ms=\d+\.\d$"
)


@pytest.fixture
def log_stream():
    """The bot's logging set up as ``filmbot run`` does, into a string; undone afterwards."""
    loggers = [logging.getLogger(name) for name in ("", "discord", "discord.gateway")]
    levels = [logger.level for logger in loggers]
    stream = io.StringIO()
    handler = setup_logging("INFO", secrets=[TOKEN], stream=stream)
    yield stream
    logging.getLogger().removeHandler(handler)
    for logger, level in zip(loggers, levels):
        logger.setLevel(level)


async def test_each_command_logs_one_line_with_guild_command_result_and_duration(bot, log_stream):
    await say("!status Alita 2")
    await say("!status Parasite 2")
    lines = [line for line in log_stream.getvalue().splitlines() if "filmbot.commands" in line]
    assert len(lines) == 2
    first, second = LINE.match(lines[0]), LINE.match(lines[1])
    assert first and second, lines
    assert first.groups() == (str(member(0).guild.id), "status", "answered")
    assert second.group(3) == "no answer"


async def test_refused_commands_log_their_outcome(bot, log_stream):
    with pytest.raises(NotAdmin):
        await say("!ingest", who=1)
    lines = [line for line in log_stream.getvalue().splitlines() if "filmbot.commands" in line]
    assert len(lines) == 1 and LINE.match(lines[0]).group(3) == "refused"


def test_the_token_is_redacted_from_messages_and_tracebacks(log_stream):
    log = logging.getLogger("filmbot.test")
    log.error("logging in with %s", TOKEN)
    try:
        raise RuntimeError(f"Improper token has been passed: {TOKEN}")
    except RuntimeError:
        log.exception("login failed")
    text = log_stream.getvalue()
    assert TOKEN not in text
    assert "logging in with [redacted]" in text and "Improper token has been passed: [redacted]" in text


def test_discord_chatter_below_warning_is_quiet(log_stream):
    logging.getLogger("discord.client").info("PyNaCl is not installed")
    logging.getLogger("discord.client").warning("a real problem")
    assert "PyNaCl" not in log_stream.getvalue() and "a real problem" in log_stream.getvalue()
