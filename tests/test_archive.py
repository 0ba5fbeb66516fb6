"""Export, import and backup: no article is ever lost, and a restored database answers the same."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from bot.cli import main
from knowledge import archive
from knowledge.answer import Engine
from knowledge.archive import ArchiveError, backup, export_jsonl, import_jsonl
from knowledge.articles import Article, read_file
from knowledge.ingest import ingest
from knowledge.store import Store

from .helpers import CORPUS

COMMANDS = [
    "!status Alita 2", "!who directed Alita", "!ask who plays Dr. Ido in Alita?", "!who directed Star Trek Beyond",
    "!when Star Trek 4", "!status Star Trek 4", "!who stars in Wild Rose", "!film Parasite", "!who directed La La Land",
    "!sources La La Land", "!film Miss Peregrine", "!sources Star Wars", "!who composed Alita", "!status Fantastic Beasts",
]
ARTICLE_ROWS = "SELECT id, guild_id, title, date, url, digest, origin, added_at FROM articles ORDER BY id"
HEAT = Article("Heat 2 is delayed", "Heat 2 has been delayed again, Michael Mann said.", dt.date(2024, 6, 1), "https://example.com/heat-2")


def answers(store: Store) -> list[dict]:
    """Everything the engine says to each command, but how long it took."""
    engine = Engine(store)
    said = [engine.answer(c) for c in COMMANDS]
    return [{**dataclasses.asdict(a), "answered": a.answered, "elapsed_ms": None} for a in said]


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def export_file(tmp_path, records: list, header: dict | None = None) -> str:
    """An export file from records: dicts become JSON lines, text and bytes are written as they are."""
    head = {"type": "header", "format": "filmbot-export", "version": 1, **(header or {})}
    path = tmp_path / "hand.jsonl"
    with path.open("wb") as out:
        for record in [head, *records]:
            line = json.dumps(record) if isinstance(record, dict) else record
            out.write((line if isinstance(line, bytes) else line.encode()) + b"\n")
    return str(path)


def article_record(article: Article, **extra) -> dict:
    return {"type": "article", "title": article.title, "body": article.body,
            "date": article.date.isoformat() if article.date else None, "url": article.url, **extra}


# -- export and import ----------------------------------------------------------------------


def test_a_round_trip_gives_the_same_articles_and_the_same_answers(corpus_db, tmp_path):
    exported = tmp_path / "films.jsonl"
    with Store(corpus_db) as original:
        summary = export_jsonl(original, exported)
        expected, rows = answers(original), original.conn.execute(ARTICLE_ROWS).fetchall()
    assert summary == f"exported 11 articles and 0 feeds to {exported}"
    header, *records = lines(exported)
    assert header["type"] == "header" and header["format"] == "filmbot-export" and header["version"] == 1
    assert header["articles"] == len(records) == 11 and {r["type"] for r in records} == {"article"}

    with Store(tmp_path / "restored.db") as restored:
        result = import_jsonl(restored, exported)
        assert (result.ok, result.new, result.known, result.failed) == (True, 11, 0, 0)
        assert restored.conn.execute(ARTICLE_ROWS).fetchall() == rows  # text, dates, scopes, origins, added_at
        assert sum(a["answered"] for a in expected) >= 12
        assert answers(restored) == expected

        again = import_jsonl(restored, exported)
        assert (again.ok, again.new, again.known, again.failed) == (True, 0, 11, 0)
        assert str(again) == f"imported {exported}: 0 new articles, 11 already known; 0 new feeds, 0 already known; 0 failed"
        assert restored.stats()["articles"] == 11


def test_import_into_a_database_that_has_some_of_the_articles(corpus_db, tmp_path):
    exported = tmp_path / "films.jsonl"
    with Store(corpus_db) as original:
        export_jsonl(original, exported)
    with Store(tmp_path / "partial.db") as partial:
        two = ["000_alita-battle-angel-2-blood-oath.txt", "096_parasite-sag-awards-upset-reuters.txt"]
        list(ingest(partial, [str(CORPUS / name) for name in two]))
        result = import_jsonl(partial, exported)
        assert (result.new, result.known, result.ok) == (9, 2, True)
        assert partial.stats()["articles"] == 11


def test_scopes_and_feeds_survive_a_round_trip(tmp_path):
    exported = tmp_path / "server.jsonl"
    with Store(tmp_path / "a.db") as source:
        source.add(HEAT, guild_id=111, origin="discord upload")
        with source.conn:
            source.conn.execute(
                "INSERT INTO feeds (guild_id, url, channel_id, title, added_at, failures, etag)"
                " VALUES (111, 'https://example.com/rss', 555, 'Example news', '2024-06-01T10:00:00+00:00', 3, 'W/\"x\"')"
            )
        assert export_jsonl(source, exported).startswith("exported 1 article and 1 feed")
    feed = lines(exported)[-1]
    assert feed == {"type": "feed", "guild_id": 111, "url": "https://example.com/rss", "channel_id": 555,
                    "title": "Example news", "added_at": "2024-06-01T10:00:00+00:00"}  # the subscription, not its polling state
    with Store(tmp_path / "b.db") as restored:
        result = import_jsonl(restored, exported)
        assert (result.new, result.feeds_new, result.ok) == (1, 1, True)
        engine = Engine(restored)
        assert engine.answer("!status Heat 2", guild_id=111).answered and not engine.answer("!status Heat 2").answered
        assert restored.conn.execute("SELECT origin FROM articles").fetchone()[0] == "discord upload"
        assert restored.conn.execute("SELECT guild_id, url, channel_id, failures FROM feeds").fetchall() == [
            (111, "https://example.com/rss", 555, 0)
        ]
        again = import_jsonl(restored, exported)
        assert (again.known, again.feeds_known, again.feeds_new) == (1, 1, 0)


def test_bad_lines_are_reported_by_number_and_skipped(tmp_path, capsys):
    other = read_file(CORPUS / "101_lupita-nyongo-oscar-dress-stolen-tmz.txt")
    path = export_file(tmp_path, [
        article_record(HEAT, guild_id=7),                       # line 2
        "{not json",                                            # line 3
        "[1, 2]",                                               # line 4
        {"type": "article", "title": "No body"},                # line 5
        article_record(HEAT, date="June 2024"),                 # line 6
        article_record(HEAT, guild_id="everyone"),              # line 7
        {"type": "comment", "text": "from the future"},         # line 8
        "",                                                     # line 9
        b"\xff\xfe not text",                                   # line 10
        {"type": "feed", "url": "https://example.com/rss"},     # line 11
        {"type": "poll"},                                       # line 12
        {"type": "comment"},                                    # line 13
        article_record(other),                                  # line 14
    ])
    db = str(tmp_path / "bad.db")
    with Store(db) as store:
        result = import_jsonl(store, path)
        assert (result.new, result.failed, result.feeds_new) == (2, 6, 1)
        assert result.skipped == {"comment": 2, "poll": 1} and not result.ok
        assert [p.split(":")[0] for p in result.problems] == ["line 3", "line 4", "line 5", "line 6", "line 7", "line 10"]
        assert "body is missing" in result.problems[2] and "'June 2024' is not YYYY-MM-DD" in result.problems[3]
        assert "guild_id must be" in result.problems[4]
        assert Engine(store).answer("!status Heat 2", guild_id=7).answered
    assert main(["import", "--db", db, path]) == 1  # the CLI says so with its exit status
    out = capsys.readouterr().out
    assert out.startswith(f"imported {path}: 0 new articles, 2 already known; 0 new feeds, 1 already known; 6 failed\n")
    assert "skipped 3 records of types this filmbot does not know: comment (2), poll (1)" in out
    assert "\nline 3: not JSON (Expecting property name enclosed in double quotes at column 2)\n" in out
    assert "\nline 10: not UTF-8 text" in out


def test_import_refuses_what_ingest_and_feed_add_would_refuse(tmp_path):
    path = export_file(tmp_path, [
        article_record(HEAT, title="Heat 2\n" + "x" * 5000),                      # line 2
        article_record(HEAT, title="Heat 2\nis delayed"),                         # line 3
        article_record(HEAT, url="javascript:alert(document.cookie)"),            # line 4
        article_record(HEAT, url="file:///etc/passwd"),                           # line 5
        article_record(HEAT, guild_id=-1),                                        # line 6
        article_record(HEAT, guild_id=2**64),                                     # line 7
        {"type": "feed", "url": "http://169.254.169.254/latest/meta-data/"},     # line 8
        {"type": "feed", "url": "file:///etc/passwd"},                            # line 9
        {"type": "feed", "url": "https://example.com/rss", "title": "Films\n" * 100},  # line 10
        article_record(HEAT),                                                     # line 11
        {"type": "feed", "url": "https://example.com/rss"},                       # line 12
    ])
    with Store(tmp_path / "imported.db") as store:
        result = import_jsonl(store, path)
        assert (result.new, result.failed, result.feeds_new) == (1, 9, 1)
        assert result.problems == [
            "line 2: article not imported: the first line is too long to be a headline",
            "line 3: article not imported: the headline is not one line of text",
            "line 4: article not imported: the link is not an http(s) address",
            "line 5: article not imported: the link is not an http(s) address",
            "line 6: article not imported: guild_id must be a server id, or 0 for the global collection",
            "line 7: article not imported: guild_id must be a server id, or 0 for the global collection",
            "line 8: feed not imported: that address is link-local (169.254.169.254)",
            "line 9: feed not imported: only http and https links can be fetched, not file:",
            "line 10: feed not imported: title must be one line of at most 300 characters",
        ]
        assert store.conn.execute("SELECT title, url FROM articles").fetchall() == [(HEAT.title, HEAT.url)]
        assert store.conn.execute("SELECT url FROM feeds").fetchall() == [("https://example.com/rss",)]


NOT_AN_EXPORT = "line 1: not a filmbot export (its first line must be the filmbot-export header)"


@pytest.mark.parametrize(("first_line", "expected"), [
    ('{"type": "article", "title": "x", "body": "y"}', NOT_AN_EXPORT),
    ("", NOT_AN_EXPORT),
    ('{"type": "header", "format": "filmbot-export", "version": 2}',
     "line 1: export format version 2; this filmbot reads versions 1 to 1"),
])
def test_a_file_that_is_not_a_readable_export_imports_nothing(tmp_path, store, first_line, expected):
    path = tmp_path / "other.jsonl"
    path.write_text(first_line + "\n" + json.dumps(article_record(HEAT)) + "\n", "utf-8")
    result = import_jsonl(store, path)
    assert result.problems == [expected] and store.stats()["articles"] == 0


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path, store):
    result = import_jsonl(store, tmp_path / "nowhere.jsonl")
    assert not result.ok and result.problems[0].startswith("cannot read") and "No such file" in result.problems[0]


def test_a_file_cut_short_is_noticed(corpus_db, tmp_path, store):
    exported = tmp_path / "films.jsonl"
    with Store(corpus_db) as original:
        export_jsonl(original, exported)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join(exported.read_text("utf-8").splitlines()[:-2]) + "\n", "utf-8")
    result = import_jsonl(store, cut)
    assert result.new == 9 and result.problems == ["the header promises 11 articles but the file has 9: it may be cut short"]


def test_a_failed_export_leaves_the_previous_file_alone(tmp_path, store, monkeypatch):
    store.add(HEAT)
    exported = tmp_path / "films.jsonl"
    exported.write_text("the previous export\n", "utf-8")
    calls = []

    def failing(out, record):
        calls.append(record)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        out.write(json.dumps(record) + "\n")

    monkeypatch.setattr(archive, "_write", failing)
    with pytest.raises(OSError):
        export_jsonl(store, exported)
    assert exported.read_text("utf-8") == "the previous export\n"
    assert not list(tmp_path.glob("*.part*"))


# -- backup ---------------------------------------------------------------------------------


def test_a_backup_taken_while_another_connection_writes_is_whole_and_answers(tmp_path):
    path = tmp_path / "live.db"
    with Store(path) as store:
        list(ingest(store, [str(CORPUS / "000_alita-battle-angel-2-blood-oath.txt")]))
    stop, started, written = threading.Event(), threading.Event(), []  # written: one entry per commit

    def writer():
        with Store(path) as other:
            while not stop.is_set():
                n = len(written) + 2
                body = f"Heat {n} opens on June {n % 28 + 1}, Michael Mann said."
                other.add(Article(f"Heat {n} is dated", body, dt.date(2024, 6, 1)))
                written.append(n)
                started.set()

    def more_written(than: int) -> None:
        deadline = time.monotonic() + 10
        while len(written) <= than and time.monotonic() < deadline:
            time.sleep(0.001)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert started.wait(10)
        copies = []
        with Store(path) as store:
            for i in range(3):
                copies.append(backup(store, tmp_path / f"copy-{i}.db"))
                more_written(len(written) + 1)  # two more commits: the second began after this copy
    finally:
        stop.set()
        thread.join()
    counts = []
    for i, summary in enumerate(copies):
        copy = tmp_path / f"copy-{i}.db"
        assert summary.startswith("backed up ") and summary.endswith(f" MB) to {copy}")
        assert not (tmp_path / f"copy-{i}.db-wal").exists()
        with Store(copy) as restored:
            conn = restored.conn
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
            assert summary.startswith(f"backed up {articles} articles")
            # no article without its text or its sentences: no write was half copied
            assert conn.execute(
                "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)"
                " OR NOT EXISTS (SELECT 1 FROM article_texts t WHERE t.article_id = a.id)"
            ).fetchone()[0] == 0
            assert Engine(restored).answer("!status Alita 2").sentence.startswith("James Cameron says he and Robert Rodriguez")
            counts.append(articles)
    assert 1 < counts[0] < counts[1] < counts[2] <= len(written) + 1


def test_a_backup_replaces_an_older_one_and_never_the_database(tmp_path, store, capsys):
    store.add(HEAT)
    copy = tmp_path / "backups" / "filmbot.db"
    copy.parent.mkdir()
    copy.write_bytes(b"an older backup")
    summary = backup(store, copy)
    assert summary == f"backed up 1 article ({copy.stat().st_size / 1e6:.1f} MB) to {copy}"
    assert sqlite3.connect(copy).execute("PRAGMA journal_mode").fetchone()[0] == "delete"  # one self-contained file
    assert sorted(p.name for p in copy.parent.iterdir()) == ["filmbot.db"]
    with pytest.raises(ArchiveError, match="is the database itself"):
        backup(store, store.path)
    assert main(["backup", "--db", str(store.path), str(tmp_path / "cli.db")]) == 0
    assert capsys.readouterr().out.startswith("backed up 1 article (")


KILLED_MIDWAY = """
import os, signal, sqlite3, sys
from pathlib import Path
from knowledge import archive

with archive._replaced_when_done(Path(sys.argv[1])) as part:
    copy = sqlite3.connect(part)
    copy.execute("CREATE TABLE pages (data BLOB)")
    copy.execute("INSERT INTO pages VALUES (randomblob(200000))")  # uncommitted: its -journal is on disk
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_what_a_killed_backup_left_is_removed_by_the_next_whatever_its_name(tmp_path, store, capsys):
    store.add(HEAT)
    backups = tmp_path / "backups"
    killed = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, str(backups / "filmbot-monday.db")], timeout=60)
    assert killed.returncode == -9
    assert len(list(backups.iterdir())) == 2  # the part and its journal, as kill -9 leaves them
    assert main(["backup", "--db", str(store.path), str(backups / "filmbot-tuesday.db")]) == 0
    assert sorted(p.name for p in backups.iterdir()) == ["filmbot-tuesday.db"]


def _read_only_mount_works() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount --bind -o ro / /mnt"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _read_only_mount_works(), reason="needs unshare and mount (root) for read-only storage")
@pytest.mark.parametrize("kind", ["backup copy", "database in WAL mode"])
def test_a_database_on_read_only_storage_answers(tmp_path, corpus_db, kind):
    storage = tmp_path / "readonly"
    storage.mkdir()
    database = storage / "filmbot.db"
    if kind == "backup copy":
        assert main(["backup", "--db", str(corpus_db), str(database)]) == 0
    else:
        shutil.copy(corpus_db, database)
    new = tmp_path / "heat.txt"
    new.write_text("date 2024-06-01 Heat 2 is delayed\nHeat 2 has been delayed again, Michael Mann said.\n", "utf-8")

    def on_read_only_storage(*argv: str) -> subprocess.CompletedProcess:
        command = " ".join([sys.executable, "-m", "bot.cli", *(f"'{a}'" for a in argv)])
        script = f"mount --bind -o ro {storage} {storage} && exec {command}"
        return subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=60)

    asked = on_read_only_storage("ask", "--db", str(database), "!status Alita 2")
    assert asked.returncode == 0, asked.stderr
    assert asked.stdout.startswith("“James Cameron says he and Robert Rodriguez")
    assert on_read_only_storage("stats", "--db", str(database)).stdout.startswith("articles   11")
    wrote = on_read_only_storage("ingest", "--db", str(database), str(new))
    assert wrote.returncode == 1 and wrote.stderr == ""
    assert wrote.stdout == f"failed  {new}: not stored: attempt to write a readonly database\n"
    assert sorted(p.name for p in storage.iterdir()) == ["filmbot.db"]  # no -wal, -shm or journal made
