"""Logging for the running bot: one format, secrets redacted, one line per command.

A command line reads ``2025-11-18 20:15:02 INFO filmbot.commands guild=123 command=who
result=answered ms=3.1``. What users typed and article text are never logged (an ``!ingest``
argument *is* an article); the token is replaced wherever it might appear, tracebacks included.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable

FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S"
REDACTED = "[redacted]"

commands_log = logging.getLogger("filmbot.commands")


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then removes every secret from the finished line."""

    def __init__(self, secrets: Iterable[str] = ()):
        super().__init__(FORMAT, DATE_FORMAT)
        self.secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        for secret in self.secrets:
            line = line.replace(secret, REDACTED)
        return line


def setup_logging(level: str = "INFO", secrets: Iterable[str] = (), stream=None) -> logging.Handler:
    """Log to ``stream`` (stderr) at ``level``; discord.py's own chatter from WARNING up only
    unless DEBUG is asked for. Returns the handler (tests remove it again)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(RedactingFormatter(secrets))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("discord").setLevel(logging.DEBUG if level.upper() == "DEBUG" else logging.WARNING)
    logging.getLogger("discord.gateway").setLevel(logging.INFO if level.upper() in ("DEBUG", "INFO") else logging.WARNING)
    return handler


def log_command(guild_id: int | None, command: str, result: str, elapsed_ms: float) -> None:
    """The one line logged per command handled."""
    commands_log.info("guild=%s command=%s result=%s ms=%.1f", guild_id or "dm", command, result, elapsed_ms)
