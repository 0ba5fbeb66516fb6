"""Keep a collection safe: export it to JSON Lines, import it back, back up the database.

An export is one JSON object per line. The first line is a header (``"type": "header"``, the
format name and version, and how many records follow); then one record per article (its
whole text, metadata and scope) and one per feed subscription, each with a ``"type"``.
Importing re-ingests every article through :meth:`Store.add`, so what is derived from it is
rebuilt by this version, and anything the database already has is counted, never duplicated.
Record types this version does not know are skipped and counted; a bad line is reported
with its number and skipped.

A backup is a copy of the database file taken with SQLite's online backup API: consistent,
and safe while the bot is running and writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .articles import MAX_TITLE, Article, checked
from .errors import FilmbotError
from .feeds import checked_url
from .store import GLOBAL, MAX_GUILD_ID, SCHEMA_VERSION, Store, guild_scope

FORMAT = "filmbot-export"
VERSION = 1
SHOWN_PROBLEMS = 20  # problems listed in an import summary; the rest are only counted

_ARTICLES = (
    "SELECT a.guild_id, a.title, a.date, a.url, a.origin, a.added_at, t.body"
    " FROM articles a JOIN article_texts t ON t.article_id = a.id ORDER BY a.id"
)
_PART = re.compile(r"\..+\.(\d+)\.part(?:-journal)?")
_FEED_FIELDS = ("guild_id", "url", "channel_id", "title", "added_at")  # the subscription, not its polling state


class ArchiveError(FilmbotError):
    """A backup cannot be made as asked; the message says why."""


# -- export -------------------------------------------------------------------------------


def export_jsonl(store: Store, path: str | Path) -> str:
    """Write every article and feed to ``path`` (which appears only once complete); a summary."""
    path = Path(path)
    conn = store.conn
    with _replaced_when_done(path) as part, part.open("w", encoding="utf-8") as out, _snapshot(conn):
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        feeds = conn.execute("SELECT count(*) FROM feeds").fetchone()[0]
        _write(out, {
            "type": "header", "format": FORMAT, "version": VERSION, "schema": SCHEMA_VERSION,
            "exported_at": _now(), "articles": articles, "feeds": feeds,
        })
        for guild_id, title, date, url, origin, added_at, body in conn.execute(_ARTICLES):
            _write(out, {
                "type": "article", "guild_id": guild_id, "title": title, "date": date, "url": url,
                "origin": origin, "added_at": added_at, "body": body,
            })
        for row in conn.execute(f"SELECT {', '.join(_FEED_FIELDS)} FROM feeds ORDER BY id"):
            _write(out, {"type": "feed", **dict(zip(_FEED_FIELDS, row, strict=True))})
    return f"exported {_plural(articles, 'article')} and {_plural(feeds, 'feed')} to {path}"


def _write(out: IO[str], record: dict) -> None:
    out.write(json.dumps(record, ensure_ascii=False) + "\n")


@contextlib.contextmanager
def _snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """One read transaction: every query in it sees the database as of one moment."""
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.rollback()


# -- import -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What importing an export file did; ``ok`` when nothing in it was refused."""

    path: str
    new: int = 0
    known: int = 0
    failed: int = 0  # records of any type that could not be imported
    feeds_new: int = 0
    feeds_known: int = 0
    skipped: Counter = field(default_factory=Counter)  # records of types this version does not know
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, line: int | None, why: str) -> None:
        self.problems.append(f"line {line}: {why}" if line else why)

    def __str__(self) -> str:
        lines = [
            f"imported {self.path}: {self.new} new articles, {self.known} already known;"
            f" {self.feeds_new} new feeds, {self.feeds_known} already known; {self.failed} failed"
        ]
        if self.skipped:
            kinds = ", ".join(f"{kind} ({n})" for kind, n in sorted(self.skipped.items()))
            lines.append(f"skipped {_plural(self.skipped.total(), 'record')} of types this filmbot does not know: {kinds}")
        lines += self.problems[:SHOWN_PROBLEMS]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"... and {len(self.problems) - SHOWN_PROBLEMS} more problems")
        return "\n".join(lines)


def import_jsonl(store: Store, path: str | Path, *, allow_loopback: bool = False) -> ImportResult:
    """Add the articles and feeds of an export file that the database does not have yet.

    The file is read one line at a time. Every record passes the checks ``ingest`` and
    ``feed add`` apply (headline, link, server id, the fetch guard for feeds): a line that fails
    them, or is not a valid record, is reported (with its number) and skipped; it never stops
    the import.
    """
    result = ImportResult(str(path))
    try:
        with open(path, "rb") as lines:
            header = _header(next(lines, b""), result)
            if header is None:
                return result
            articles = feeds = 0
            for number, raw in enumerate(lines, start=2):
                kind = _import_line(store, raw, number, result, allow_loopback)
                articles += kind == "article"
                feeds += kind == "feed"
    except OSError as error:
        result.problem(None, f"cannot read {path}: {error.strerror or error}")
        return result
    for kind, found in (("articles", articles), ("feeds", feeds)):
        if isinstance(header.get(kind), int) and header[kind] != found:
            result.problem(None, f"the header promises {header[kind]} {kind} but the file has {found}: it may be cut short")
    return result


def _header(raw: bytes, result: ImportResult) -> dict | None:
    """The header line, or None (with the problem noted) if this is not an export we can read."""
    try:
        header = json.loads(raw)
    except ValueError:
        header = None
    if not isinstance(header, dict) or header.get("type") != "header" or header.get("format") != FORMAT:
        result.problem(1, f"not a filmbot export (its first line must be the {FORMAT} header)")
        return None
    version = header.get("version")
    if not isinstance(version, int) or not 1 <= version <= VERSION:
        result.problem(1, f"export format version {version!r}; this filmbot reads versions 1 to {VERSION}")
        return None
    return header


def _import_line(store: Store, raw: bytes, number: int, result: ImportResult, allow_loopback: bool) -> str | None:
    """Import one record line; returns its type (None for a blank or unreadable line)."""
    if not raw.strip():
        return None
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        result.failed += 1
        result.problem(number, "not UTF-8 text")
        return None
    except json.JSONDecodeError as error:
        result.failed += 1
        result.problem(number, f"not JSON ({error.msg} at column {error.colno})")
        return None
    if not isinstance(record, dict) or not isinstance(record.get("type"), str):
        result.failed += 1
        result.problem(number, "not a record (a JSON object with a \"type\")")
        return None
    kind = record["type"]
    try:
        if kind == "article":
            _import_article(store, record, result)
        elif kind == "feed":
            _import_feed(store, record, result, allow_loopback)
        else:
            result.skipped[kind] += 1
    except Exception as error:  # noqa: BLE001 - one bad record must not stop the import
        result.failed += 1
        result.problem(number, f"{kind} not imported: {str(error)[:200] or type(error).__name__}")
    return kind


def _import_article(store: Store, record: dict, result: ImportResult) -> None:
    title, body = _text(record, "title"), _text(record, "body")
    date = _optional(record, "date")
    try:
        day = dt.date.fromisoformat(date) if date is not None else None
    except ValueError:
        raise ValueError(f"date {date!r} is not YYYY-MM-DD") from None
    article = checked(Article(title, body, day, _optional(record, "url")))
    added = store.add(article, _guild(record), origin=_optional(record, "origin") or "")
    if not added.new:
        result.known += 1
        return
    result.new += 1
    added_at = _optional(record, "added_at")
    if added_at:
        with store.conn:
            store.conn.execute("UPDATE articles SET added_at = ? WHERE id = ?", (added_at, added.article_id))


def _import_feed(store: Store, record: dict, result: ImportResult, allow_loopback: bool) -> None:
    channel = record.get("channel_id")
    if channel is not None and (not isinstance(channel, int) or isinstance(channel, bool) or not 0 < channel <= MAX_GUILD_ID):
        raise ValueError("channel_id must be a Discord channel id")
    title = _optional(record, "title")
    if title is not None and (len(title) > MAX_TITLE or title != " ".join(title.split())):
        raise ValueError(f"title must be one line of at most {MAX_TITLE} characters")
    url = checked_url(_text(record, "url"), allow_loopback)
    row = (_guild(record), url, channel, title, _optional(record, "added_at") or _now())
    with store.conn:
        cursor = store.conn.execute(
            f"INSERT INTO feeds ({', '.join(_FEED_FIELDS)}) VALUES (?, ?, ?, ?, ?) ON CONFLICT (guild_id, url) DO NOTHING",
            row,
        )
    if cursor.rowcount:
        result.feeds_new += 1
    else:
        result.feeds_known += 1


def _text(record: dict, key: str) -> str:
    value = record.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key} is missing or empty")
    return value


def _optional(record: dict, key: str) -> str | None:
    value = record.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{key} must be text or null")
    return value


def _guild(record: dict) -> int:
    try:
        return guild_scope(record.get("guild_id", GLOBAL))
    except FilmbotError:
        raise ValueError("guild_id must be a server id, or 0 for the global collection") from None


# -- backup -------------------------------------------------------------------------------


def backup(store: Store, path: str | Path) -> str:
    """Copy the database to ``path`` (a single file, checked, replaced only once complete)."""
    path = Path(path)
    if path.exists() and store.path.exists() and path.samefile(store.path):
        raise ArchiveError(f"{path} is the database itself; back it up to another file")
    with _replaced_when_done(path) as part:
        target = sqlite3.connect(part)
        try:
            store.conn.backup(target)  # all pages in one step: one consistent snapshot
            target.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no -wal beside it
            check = target.execute("PRAGMA quick_check").fetchone()[0]
            articles = target.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            target.close()
        if check != "ok":
            raise ArchiveError(f"the copy failed its integrity check ({check}); {path} was not written")
        size = part.stat().st_size
    return f"backed up {_plural(articles, 'article')} ({size / 1e6:.1f} MB) to {path}"


# -- shared -------------------------------------------------------------------------------


@contextlib.contextmanager
def _replaced_when_done(path: Path) -> Iterator[Path]:
    """A scratch file beside ``path`` (``.NAME.PID.part``) that becomes ``path`` only if the block
    succeeds. What a killed run left beside it (its part, and SQLite's journal of it) is removed
    first, whatever file that run was writing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_parts(path.parent)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        yield part
        with open(part, "rb") as done:
            os.fsync(done.fileno())
        os.replace(part, path)
    finally:
        for leftover in (part, part.with_name(part.name + "-journal")):
            leftover.unlink(missing_ok=True)


def _remove_stale_parts(folder: Path) -> None:
    """Remove the scratch files of runs that are no longer running (a run under way keeps its own)."""
    for leftover in folder.glob(".*.part*"):
        match = _PART.fullmatch(leftover.name)
        if match and not _running(int(match.group(1))):
            leftover.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
