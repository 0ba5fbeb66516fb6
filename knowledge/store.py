"""The SQLite store: articles, their sentences, the names they mention and the facts they state.

One transaction per article (a failed ingest leaves nothing behind), WAL so readers never
wait for a writer, an FTS5 index over sentences, and ``PRAGMA user_version`` as the schema
version that :func:`migrate` upgrades from.

Knowledge is scoped: ``guild_id`` 0 is the global collection every server sees; any other
value is one Discord server's own articles.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from .about import is_about
from .analysis import Analysis, analyze
from .articles import Article
from .errors import DatabaseError, FilmbotError, database_error
from .relations import Lexicon
from .text import STOPWORDS
from .titles import aliases, short_forms

SCHEMA_VERSION = 4
GLOBAL = 0
MAX_GUILD_ID = 2**63 - 1
_VOTE_CAP = 3.0  # one article can only say so much about what a name is

_SCHEMA = """
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    date TEXT,
    url TEXT,
    digest TEXT NOT NULL,
    body TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL
);
CREATE UNIQUE INDEX articles_guild_url ON articles(guild_id, url) WHERE url IS NOT NULL;
CREATE UNIQUE INDEX articles_guild_digest ON articles(guild_id, digest);

CREATE TABLE sentences (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    people INTEGER NOT NULL DEFAULT 0,
    text TEXT NOT NULL
);
CREATE INDEX sentences_article ON sentences(article_id);
CREATE VIRTUAL TABLE sentences_fts USING fts5(
    text, content='sentences', content_rowid='id', tokenize='porter unicode61 remove_diacritics 2'
);

CREATE TABLE names (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    display TEXT NOT NULL,
    film REAL NOT NULL DEFAULT 0,
    person REAL NOT NULL DEFAULT 0,
    other REAL NOT NULL DEFAULT 0,
    articles INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE aliases (
    key TEXT NOT NULL,
    name_id INTEGER NOT NULL REFERENCES names(id),
    PRIMARY KEY (key, name_id)
) WITHOUT ROWID;
CREATE TABLE name_scopes (
    name_id INTEGER NOT NULL,
    guild_id INTEGER NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (name_id, guild_id)
) WITHOUT ROWID;
CREATE TABLE name_words (
    word TEXT NOT NULL,
    name_id INTEGER NOT NULL,
    PRIMARY KEY (word, name_id)
) WITHOUT ROWID;
CREATE TABLE word_variants (
    variant TEXT NOT NULL,
    word TEXT NOT NULL,
    PRIMARY KEY (variant, word)
) WITHOUT ROWID;

CREATE TABLE mentions (
    name_id INTEGER NOT NULL,
    sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL,
    link INTEGER NOT NULL,
    PRIMARY KEY (name_id, sentence_id)
) WITHOUT ROWID;
CREATE INDEX mentions_sentence ON mentions(sentence_id);
CREATE TABLE facts (
    name_id INTEGER NOT NULL,
    relation TEXT NOT NULL,
    sentence_id INTEGER NOT NULL REFERENCES sentences(id) ON DELETE CASCADE,
    weight REAL NOT NULL,
    PRIMARY KEY (name_id, relation, sentence_id)
) WITHOUT ROWID;
CREATE INDEX facts_sentence ON facts(sentence_id);
"""


class SchemaError(DatabaseError):
    """The database was made by a newer filmbot than this one."""


@dataclass(frozen=True)
class Pending:
    """An article ready to store: its analysis is None when it is already known."""

    article: Article
    analysis: Analysis | None
    guild_id: int = GLOBAL
    origin: str = ""


@dataclass
class Added:
    """What ingesting one article did."""

    article_id: int
    new: bool
    title: str
    date: dt.date | None
    url: str | None
    sentences: int = 0
    films: list[str] = field(default_factory=list)
    error: str | None = None  # why it was not stored


class Store:
    """An open filmbot database."""

    def __init__(self, path: str | Path, lexicon: Lexicon | None = None):
        path = Path(path)
        in_memory = str(path) == ":memory:"
        if not in_memory:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.lexicon = lexicon
        self.read_only = not in_memory and path.exists() and not _writable(path)
        try:
            self.db = sqlite_utils.Database(_connect(path, self.read_only))
        except sqlite3.DatabaseError as error:
            raise database_error(str(path), error) from None
        self.conn = self.db.conn
        try:
            self.conn.execute("PRAGMA foreign_keys = ON")
            self.conn.execute("PRAGMA busy_timeout = 30000")
            self.conn.execute("PRAGMA cache_size = -16000")  # 16 MB of pages: the answer path's indexes stay hot
            if not in_memory and not self.read_only:
                self.db.enable_wal()
                self.conn.execute("PRAGMA synchronous = NORMAL")
            migrate(self.db)
        except sqlite3.DatabaseError as error:
            self.conn.close()
            raise database_error(str(path), error) from None

    def optimize(self) -> None:
        """Merge the full-text index into one segment: after a bulk ingest, answers that search
        it read one segment instead of dozens (asks about 30% faster)."""
        with _transaction(self.conn):
            self.conn.execute("INSERT INTO sentences_fts (sentences_fts) VALUES ('optimize')")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing -----------------------------------------------------------------------

    def find(self, article: Article, guild_id: int = GLOBAL) -> int | None:
        """The id of this article if the scope already has it (same URL, or same text)."""
        row = self.conn.execute(
            "SELECT id FROM articles WHERE guild_id = ? AND (digest = ? OR url = ?)",
            (guild_id, article.digest, article.url),
        ).fetchone()
        return row[0] if row else None

    def add(self, article: Article, guild_id: int = GLOBAL, origin: str = "") -> Added:
        """Store an article with everything found in it, in one transaction."""
        return self.add_many([(article, origin)], guild_id)[0]

    def add_many(self, articles: list[tuple[Article, str]], guild_id: int = GLOBAL) -> list[Added]:
        """Store (article, origin) pairs with one commit; those already known are not analysed."""
        return self.write([
            Pending(article, None if self.find(article, guild_id) is not None else analyze(article, self.lexicon), guild_id, origin)
            for article, origin in articles
        ])

    def write(self, batch: list[Pending]) -> list[Added]:
        """Store analysed articles with one commit for the batch, each article all-or-nothing
        (a savepoint): one that fails is reported with its error and leaves nothing behind.
        Nothing is reported as added before the commit, so a crash loses nothing acknowledged."""
        results = []
        with _transaction(self.conn):
            for item in batch:
                article = item.article
                known = self.find(article, item.guild_id)
                if known is not None or item.analysis is None:
                    results.append(Added(known or 0, False, article.title, article.date, article.url))
                    continue
                self.conn.execute("SAVEPOINT article")
                try:
                    article_id = self._insert(article, item.analysis, item.guild_id, item.origin)
                except sqlite3.Error as error:
                    self.conn.execute("ROLLBACK TO article")
                    self.conn.execute("RELEASE article")
                    if isinstance(error, sqlite3.IntegrityError) and (known := self.find(article, item.guild_id)):
                        results.append(Added(known, False, article.title, article.date, article.url))
                    else:  # (known: another writer stored the same article a moment ago)
                        results.append(Added(0, False, article.title, article.date, article.url, error=str(error)))
                    continue
                self.conn.execute("RELEASE article")
                results.append(Added(
                    article_id, True, article.title, article.date, article.url,
                    sentences=len(item.analysis.sentences), films=item.analysis.films(),
                ))
        return results

    def _insert(self, article: Article, analysis: Analysis, guild_id: int, origin: str) -> int:
        conn = self.conn
        cur = conn.execute(
            "INSERT INTO articles (guild_id, title, date, url, digest, origin, added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                guild_id, article.title, article.date.isoformat() if article.date else None,
                article.url, article.digest, origin,
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            ),
        )
        article_id = cur.lastrowid
        conn.execute("INSERT INTO article_texts (article_id, body) VALUES (?, ?)", (article_id, article.body))
        first = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM sentences").fetchone()[0]
        rows = [
            (first + s.position, article_id, s.position, s.paragraph, analysis.people.get(s.position, 0), s.text)
            for s in analysis.sentences
        ]
        conn.executemany(
            "INSERT INTO sentences (id, article_id, position, paragraph, people, text) VALUES (?, ?, ?, ?, ?, ?)", rows
        )
        conn.executemany("INSERT INTO sentences_fts (rowid, text) VALUES (?, ?)", [(r[0], r[5]) for r in rows])
        ids = self._name_ids(analysis.names)
        conn.executemany(
            "UPDATE names SET film = film + ?, person = person + ?, other = other + ?, articles = articles + 1"
            " WHERE id = ?",
            [
                (min(n.film, _VOTE_CAP), min(n.person, _VOTE_CAP), min(n.other, _VOTE_CAP), ids[key])
                for key, n in analysis.names.items()
            ],
        )
        conn.executemany(  # what the article says a title is also called: as strong as a title's own keys
            "INSERT INTO aliases (key, name_id, weak) VALUES (?, ?, 0) ON CONFLICT (key, name_id) DO UPDATE SET weak = 0",
            [(alias, ids[key]) for alias, key in analysis.aliases if key in ids],
        )
        conn.executemany(
            "INSERT INTO name_scopes (name_id, guild_id, articles) VALUES (?, ?, 1)"
            " ON CONFLICT (name_id, guild_id) DO UPDATE SET articles = articles + 1",
            [(i, guild_id) for i in ids.values()],
        )
        conn.executemany(
            "INSERT INTO mentions (name_id, sentence_id, article_id, link) VALUES (?, ?, ?, ?)",
            [(ids[key], first + pos, article_id, link) for (key, pos), link in analysis.mentions.items()],
        )
        date = article.date.isoformat() if article.date else None
        conn.executemany(
            "INSERT INTO facts (name_id, relation, sentence_id, weight, article_id, guild_id, date, position, people, credited)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (ids[key], rel, first + pos, w, article_id, guild_id, date, pos, analysis.people.get(pos, 0),
                 ids.get(analysis.credited.get((key, rel, pos))))
                for (key, rel, pos), w in analysis.facts.items()
            ],
        )
        self._record_notices(article_id, guild_id, analysis, ids)
        return article_id

    def _record_notices(self, article_id: int, guild_id: int, analysis: Analysis, ids: dict[str, int]) -> None:
        """Queue a notice for every server whose members follow a film this article is about
        (and that sees the article: its own, or the global collection), in the article's own
        transaction: an article that is not stored notifies no one."""
        mentions: dict[str, list[tuple[int, int]]] = {}
        for (key, position), link in analysis.mentions.items():
            mentions.setdefault(key, []).append((position, link))
        about = [ids[key] for key, found in mentions.items() if key in ids and is_about(found)]
        if not about:
            return
        self.conn.execute(
            "INSERT OR IGNORE INTO notices (guild_id, title, article_id, created_at)"
            " SELECT DISTINCT guild_id, title, ?, ? FROM follows WHERE name_id IN (SELECT value FROM json_each(?))"
            " AND (? = 0 OR guild_id = ?)",  # (one statement text for every article: prepared once)
            [article_id, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), json.dumps(about), guild_id, guild_id],
        )

    def _name_ids(self, names: dict) -> dict[str, int]:
        """The ids of an article's names (by key), creating the new ones with their aliases and
        typo-index words: a few statements per article, not per name."""
        keys = list(names)
        if not keys:
            return {}
        ids = dict(self.conn.execute(f"SELECT key, id FROM names WHERE key IN ({','.join('?' * len(keys))})", keys).fetchall())
        new = [names[k] for k in keys if k not in ids]
        if not new:
            return ids
        first = self.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM names").fetchone()[0]
        rows = [(first + i, name.key, name.display) for i, name in enumerate(new)]
        self.conn.executemany("INSERT INTO names (id, key, display) VALUES (?, ?, ?)", rows)
        alias_rows, word_rows = [], []
        for name_id, key, display in rows:
            ids[key] = name_id
            known_as = aliases(display) | {key}
            alias_rows += [(k, name_id, 0) for k in known_as] + [(k, name_id, 1) for k in short_forms(display)]
            words = {w for k in known_as if " " in k or k == key for w in k.split() if len(w) >= 3 and w not in STOPWORDS}
            word_rows += [(w, name_id) for w in words]
        self.conn.executemany("INSERT OR IGNORE INTO aliases (key, name_id, weak) VALUES (?, ?, ?)", alias_rows)
        self.conn.executemany("INSERT OR IGNORE INTO name_words (word, name_id) VALUES (?, ?)", word_rows)
        self._index_words({w for w, _ in word_rows})
        return ids

    def _index_words(self, words: set[str]) -> None:
        """Index each word not yet indexed under itself and its one-letter deletions."""
        if not words:
            return
        marks = ",".join("?" * len(words))
        known = {w for (w,) in self.conn.execute(f"SELECT word FROM word_variants WHERE variant IN ({marks}) AND word = variant", list(words))}
        rows = [(v, w) for w in words - known for v in word_variants(w)]
        self.conn.executemany("INSERT OR IGNORE INTO word_variants (variant, word) VALUES (?, ?)", rows)

    def forget(self, article_id: int, guild_id: int | None = None) -> dict | None:
        """Remove one article with its sentences, links and facts; None if there is no such article."""
        where, params = "id = ?", [article_id]
        if guild_id is not None:
            where, params = "id = ? AND guild_id = ?", [article_id, guild_id]
        row = self.conn.execute(f"SELECT id, guild_id, title FROM articles WHERE {where}", params).fetchone()
        if row is None:
            return None
        with _transaction(self.conn):
            names = self.conn.execute(
                "SELECT DISTINCT name_id FROM mentions WHERE article_id = ?", (article_id,)
            ).fetchall()
            self.conn.executemany(
                "UPDATE name_scopes SET articles = articles - 1 WHERE name_id = ? AND guild_id = ?",
                [(n, row[1]) for (n,) in names],
            )
            self.conn.execute("DELETE FROM name_scopes WHERE articles <= 0")
            self.conn.execute(
                "INSERT INTO sentences_fts (sentences_fts, rowid, text)"
                " SELECT 'delete', id, text FROM sentences WHERE article_id = ?",
                (article_id,),
            )
            self.conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return {"id": row[0], "guild_id": row[1], "title": row[2]}

    # -- reading -----------------------------------------------------------------------

    def article(self, article_id: int) -> Article | None:
        """One stored article, whole."""
        row = self.conn.execute(
            "SELECT a.title, t.body, a.date, a.url FROM articles a JOIN article_texts t ON t.article_id = a.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return Article(row[0], row[1], dt.date.fromisoformat(row[2]) if row[2] else None, row[3])

    def articles(self, guild_id: int | None = None, limit: int = 20) -> list[dict]:
        """The most recently added articles (of one scope, if given)."""
        where, params = ("WHERE guild_id = ?", [guild_id]) if guild_id is not None else ("", [])
        return list(
            self.db.query(
                f"SELECT id, guild_id, title, date, url, added_at FROM articles {where} ORDER BY id DESC LIMIT ?",
                params + [limit],
            )
        )

    def stats(self) -> dict:
        """Counts of what the database holds, and its size on disk."""
        count = lambda sql: self.conn.execute(sql).fetchone()[0]  # noqa: E731
        files = [self.path, self.path.with_name(self.path.name + "-wal")]
        return {
            "articles": count("SELECT count(*) FROM articles"),
            "sentences": count("SELECT count(*) FROM sentences"),
            "films": count("SELECT count(*) FROM names WHERE film > person AND film > other"),
            "names": count("SELECT count(*) FROM names"),
            "feeds": count("SELECT count(*) FROM feeds"),
            "bytes": sum(f.stat().st_size for f in files if f.exists()),
        }


def guild_scope(value: int) -> int:
    """A server id to keep knowledge under (0: the global collection), checked once wherever one
    comes in: Discord's ids are positive and fit SQLite's 64-bit integers."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_GUILD_ID:
        raise FilmbotError(f"{value!r} is not a server id (a whole number from 1 to {MAX_GUILD_ID}, or 0 for global)")
    return value


def _writable(path: Path) -> bool:
    """Whether this process may write the database and create its journal files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    """A connection to ``path``; on read-only storage a read-only one that creates no files and
    switches no journal mode (a backup copy is in rollback-journal mode: it needs no ``-wal`` or
    ``-shm``). A WAL database there, whose ``-shm`` cannot be made, is read as it stands."""
    if not read_only:
        return sqlite3.connect(str(path), timeout=30, check_same_thread=False)
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:  # "unable to open database file": WAL mode, and no -shm beside it
        conn.close()
        return sqlite3.connect(f"{uri}?immutable=1", uri=True, timeout=30, check_same_thread=False)


def word_variants(word: str) -> set[str]:
    """A word and its one-letter deletions (for words of 4+ letters): two words that share a
    variant are at most two edits apart (``alitta``/``alita``, ``pheonix``/``phoenix``)."""
    out = {word}
    if len(word) >= 4:
        out.update(word[:i] + word[i + 1:] for i in range(len(word)))
    return out


def migrate(db: sqlite_utils.Database) -> None:
    """Create the schema in a new database, or upgrade an older one in place."""
    version = db.conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaError(f"this database has schema version {version}; this filmbot knows up to {SCHEMA_VERSION}")
    if version == SCHEMA_VERSION:
        return
    if version == 0 and db.table_names():
        raise SchemaError("this file is a SQLite database, but not a filmbot one")
    with _transaction(db.conn):
        for step in _MIGRATIONS[version:]:
            step(db.conn)
        db.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


_V2 = """
CREATE TABLE article_texts (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    body TEXT NOT NULL
);
INSERT INTO article_texts (article_id, body) SELECT id, body FROM articles;
ALTER TABLE articles DROP COLUMN body;
CREATE INDEX aliases_name ON aliases(name_id);
ALTER TABLE facts ADD COLUMN article_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE facts ADD COLUMN guild_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE facts ADD COLUMN date TEXT;
ALTER TABLE facts ADD COLUMN position INTEGER NOT NULL DEFAULT 0;
ALTER TABLE facts ADD COLUMN people INTEGER NOT NULL DEFAULT 0;
UPDATE facts SET (article_id, guild_id, date, position, people) = (
    SELECT a.id, a.guild_id, a.date, s.position, s.people
    FROM sentences s JOIN articles a ON a.id = s.article_id WHERE s.id = facts.sentence_id
);
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    url TEXT NOT NULL,
    channel_id INTEGER,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    checked_at TEXT,
    next_check TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    added_at TEXT NOT NULL,
    UNIQUE (guild_id, url)
);
CREATE TABLE feed_items (
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    article_id INTEGER,
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_id, item)
) WITHOUT ROWID;
"""

_V3 = """
ALTER TABLE feed_items ADD COLUMN failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feed_items ADD COLUMN retry_at TEXT;
ALTER TABLE feeds ADD COLUMN failed_items INTEGER NOT NULL DEFAULT 0;
ALTER TABLE feeds ADD COLUMN item_error TEXT;
ALTER TABLE aliases ADD COLUMN weak INTEGER NOT NULL DEFAULT 0;
ALTER TABLE facts ADD COLUMN credited INTEGER
"""

_V4 = """
CREATE TABLE follows (
    guild_id INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    name_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    added_at TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id, name_id)
) WITHOUT ROWID;
CREATE INDEX follows_name ON follows(name_id, guild_id);
CREATE INDEX follows_title ON follows(guild_id, title);
CREATE TABLE follow_channels (
    guild_id INTEGER PRIMARY KEY,
    channel_id INTEGER NOT NULL
);
CREATE TABLE notices (
    id INTEGER PRIMARY KEY,
    guild_id INTEGER NOT NULL,
    title TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (guild_id, title, article_id)
);
CREATE INDEX notices_article ON notices(article_id);
CREATE INDEX notices_pending ON notices(guild_id) WHERE sent_at IS NULL
"""


def _script(sql: str):
    def step(conn: sqlite3.Connection) -> None:
        for statement in sql.split(";\n"):
            if statement.strip():
                conn.execute(statement)

    return step


# _MIGRATIONS[n] upgrades a database from schema version n to n + 1:
# 0 -> 1 creates the articles, sentences, names, mentions and facts;
# 1 -> 2 moves article bodies to their own table (answers read only the small article rows),
#        adds an index for fuzzy title look-ups, copies into each fact what ranking it needs
#        (its article, scope, date, place and people: no joins on the answer path), and the
#        feed tables;
# 2 -> 3 lets a feed item that keeps failing wait longer between tries, and keeps on each feed
#        how many of its items failed in the last poll, and why; lets an alias be weak (a title
#        with its subtitle dropped, from now on; the aliases stored before stay strong, so an
#        upgraded database answers as it did), and a credit fact name whom it credits (re-read
#        articles with export and import to fill it in);
# 3 -> 4 adds members' followed films (per server, by the names their title stands for), each
#        server's channel for follow notices, and the notices waiting to be delivered (recorded
#        with the article they announce, removed with it).
_MIGRATIONS = [_script(_SCHEMA), _script(_V2), _script(_V3), _script(_V4)]


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock at once so concurrent writers queue."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.rollback()
        raise
    conn.commit()
