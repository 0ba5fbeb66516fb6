"""The errors a user can act on: one base class, and one short line for any failure.

Every refusal and expected failure (a bad article, a refused link, an unusable database, a full
disk) is a :class:`FilmbotError` whose message is one line fit to show a user. The command line
catches it once and prints that line; the bot catches it once and replies with it.
:func:`user_error` turns the failures that come from outside filmbot (SQLite, the file system)
into one too, so none of them ever reaches a user as a traceback.
"""

from __future__ import annotations

import sqlite3

MAX_REASON = 200


class FilmbotError(Exception):
    """A failure to tell the user in one short line (``str()`` is that line)."""

    exit_code = 1  # what the command line exits with


class LexiconError(FilmbotError, ValueError):
    """A word-list file (``config/relations.toml``, ``config/names.toml``) is malformed; the
    message names the file, the entry and what is wrong."""


class DatabaseError(FilmbotError):
    """The database cannot be opened, read or written; the message names the file and why."""

    exit_code = 2


def reason(error: BaseException) -> str:
    """Why something failed, in one short line: an OS error's own words and its file, else the
    error's message (or its type's name when it has none)."""
    if isinstance(error, OSError) and error.strerror:
        text = error.strerror.lower() + (f": {error.filename}" if error.filename else "")
    else:
        text = " ".join(str(error).split()) or type(error).__name__
    return text[:MAX_REASON]


def database_error(database: str, error: sqlite3.Error) -> DatabaseError:
    """A SQLite failure on ``database`` as one line that says what it means for the user."""
    text = reason(error)
    if "not a database" in text:
        return DatabaseError(f"{database} is not a filmbot database ({text})")
    if "malformed" in text:
        return DatabaseError(f"the database {database} is damaged ({text}); restore a backup")
    if "full" in text:
        return DatabaseError(f"the disk is full ({text}); free some space and try again")
    if "readonly" in text or "read-only" in text:
        return DatabaseError(f"the database {database} is read-only ({text})")
    return DatabaseError(f"the database {database} failed: {text}")


def user_error(error: BaseException, database: str = "") -> FilmbotError | None:
    """``error`` as a :class:`FilmbotError` if a user can act on it (SQLite and file-system
    failures are explained, with ``database`` named); None for a bug, which keeps its traceback."""
    if isinstance(error, FilmbotError):
        return error
    if isinstance(error, sqlite3.DatabaseError):
        return database_error(database or "in use", error)
    if isinstance(error, OSError):
        return FilmbotError(reason(error))
    return None
