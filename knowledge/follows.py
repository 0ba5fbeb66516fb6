"""Members following films, per server: what they follow, where their notices go, and the
notices waiting to be delivered.

A follow is kept per stored name the film's title stands for (``follows``), with the title the
member was shown. Notices are recorded by :class:`~knowledge.store.Store` in the transaction
that stores an article about a followed film (see :mod:`knowledge.about`), one per server and
film; they are removed with their article. Whoever delivers them reads :func:`due` and calls
:func:`mark_sent`, so what another process ingested is delivered too, and nothing twice.

``now`` parameters are aware datetimes (default: the current time); times are stored as ISO 8601
UTC strings, which compare in time order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import FilmbotError
from .resolve import Film
from .store import Store

MAX_FOLLOWS = 25  # films per member per server
DUE_LIMIT = 500  # notices one round reads at most; the rest wait for the next round
KEEP_SENT = dt.timedelta(days=1)  # sent notices are kept this long (the notice rate looks back on them)


class FollowError(FilmbotError):
    """A follow was refused; the message says why, for the member."""


@dataclass(frozen=True)
class Notice:
    """One article to announce to a film's followers in one server."""

    id: int
    guild_id: int
    film: str  # the title as its followers follow it
    article_id: int
    headline: str
    date: str | None
    url: str | None


@dataclass(frozen=True)
class Batch:
    """The notices of one film in one server that go out together, oldest first."""

    guild_id: int
    film: str
    notices: tuple[Notice, ...]


def follow(store: Store, guild_id: int, user_id: int, film: Film) -> bool:
    """Follow a film in a server; False if the member already does. FollowError when they
    already follow ``MAX_FOLLOWS`` films there."""
    with store.conn:
        titles = following(store, guild_id, user_id)
        if film.title in titles:
            return False
        if len(titles) >= MAX_FOLLOWS:
            raise FollowError(f"you already follow {MAX_FOLLOWS} films here, the most you may")
        store.conn.executemany(
            "INSERT OR REPLACE INTO follows (guild_id, user_id, name_id, title, added_at) VALUES (?, ?, ?, ?, ?)",
            [(guild_id, user_id, name_id, film.title, _iso()) for name_id in film.ids],
        )
    return True


def unfollow(store: Store, guild_id: int, user_id: int, title: str, name_ids: tuple[int, ...] = ()) -> bool:
    """Stop following a film (by the title followed, or the stored names it stands for) in a
    server; False if the member did not follow it."""
    marks = ",".join("?" * len(name_ids))
    with store.conn:
        cur = store.conn.execute(
            f"DELETE FROM follows WHERE guild_id = ? AND user_id = ? AND (title = ? OR name_id IN ({marks}))",
            [guild_id, user_id, title, *name_ids],
        )
    return cur.rowcount > 0


def unfollow_all(store: Store, guild_id: int, user_id: int) -> int:
    """Stop following every film in a server; how many films that was."""
    count = len(following(store, guild_id, user_id))
    with store.conn:
        store.conn.execute("DELETE FROM follows WHERE guild_id = ? AND user_id = ?", (guild_id, user_id))
    return count


def following(store: Store, guild_id: int, user_id: int) -> list[str]:
    """The films a member follows in a server, in the order they followed them."""
    rows = store.conn.execute(
        "SELECT title FROM follows WHERE guild_id = ? AND user_id = ? GROUP BY title ORDER BY min(added_at), title",
        (guild_id, user_id),
    )
    return [title for (title,) in rows]


def followers(store: Store, guild_id: int, film: str) -> tuple[list[int], tuple[int, ...]]:
    """The members who follow a film (by title) in a server, and the stored names it stands for."""
    rows = store.conn.execute("SELECT user_id, name_id FROM follows WHERE guild_id = ? AND title = ?", (guild_id, film)).fetchall()
    return sorted({user for user, _ in rows}), tuple(sorted({name for _, name in rows}))


def set_channel(store: Store, guild_id: int, channel_id: int | None) -> None:
    """Where a server's follow notices go; None: to each follower by direct message."""
    with store.conn:
        if channel_id is None:
            store.conn.execute("DELETE FROM follow_channels WHERE guild_id = ?", (guild_id,))
        else:
            store.conn.execute(
                "INSERT INTO follow_channels (guild_id, channel_id) VALUES (?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id",
                (guild_id, channel_id),
            )


def channel(store: Store, guild_id: int) -> int | None:
    """The channel a server's follow notices go to, if it set one."""
    row = store.conn.execute("SELECT channel_id FROM follow_channels WHERE guild_id = ?", (guild_id,)).fetchone()
    return row[0] if row else None


def due(store: Store, guild_ids: list[int], quiet: dt.timedelta, now: dt.datetime | None = None) -> list[Batch]:
    """The pending notices of these servers that may go out now, by server and film: a film
    whose last notice in a server went out less than ``quiet`` ago waits (its new articles are
    then announced together)."""
    if not guild_ids:
        return []
    since = _iso((now or dt.datetime.now(dt.UTC)) - quiet)
    rows = store.conn.execute(
        "SELECT n.id, n.guild_id, n.title, n.article_id, a.title, a.date, a.url"
        " FROM notices n JOIN articles a ON a.id = n.article_id"
        f" WHERE n.sent_at IS NULL AND n.guild_id IN ({','.join('?' * len(guild_ids))})"
        " AND NOT EXISTS (SELECT 1 FROM notices r WHERE r.guild_id = n.guild_id AND r.title = n.title AND r.sent_at > ?)"
        " ORDER BY n.id LIMIT ?",
        [*guild_ids, since, DUE_LIMIT],
    ).fetchall()
    batches: dict[tuple[int, str], list[Notice]] = {}
    for row in rows:
        notice = Notice(*row)
        batches.setdefault((notice.guild_id, notice.film), []).append(notice)
    return [Batch(guild_id, film, tuple(notices)) for (guild_id, film), notices in batches.items()]


def mark_sent(store: Store, notice_ids: list[int], now: dt.datetime | None = None) -> None:
    """Record notices as delivered (they never go out again), and drop those sent long ago."""
    moment = now or dt.datetime.now(dt.UTC)
    with store.conn:
        store.conn.executemany("UPDATE notices SET sent_at = ? WHERE id = ?", [(_iso(moment), i) for i in notice_ids])
        store.conn.execute("DELETE FROM notices WHERE sent_at < ?", (_iso(moment - KEEP_SENT),))


def _iso(moment: dt.datetime | None = None) -> str:
    """A moment (default: now) as stored: ISO 8601 UTC, to the second."""
    return (moment or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).isoformat(timespec="seconds")
