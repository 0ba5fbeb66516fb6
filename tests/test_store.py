"""The store: one transaction per article, dedupe, scopes, forgetting, schema versions."""

from __future__ import annotations

import sqlite3

import pytest

from knowledge.answer import Engine
from knowledge.articles import parse_text
from knowledge.store import SCHEMA_VERSION, SchemaError, Store

from .helpers import article_text

HEAT = parse_text(article_text("2024-06-01", "Heat 2 is delayed", "Heat 2 has been delayed again, Michael Mann said.", "https://example.com/heat-2"))


def counts(store: Store) -> tuple[int, ...]:
    return tuple(store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "sentences", "mentions", "facts"))


def test_wal_and_schema_version(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_same_article_twice_changes_nothing(store):
    first = store.add(HEAT)
    before = counts(store)
    again = store.add(HEAT)
    assert first.new and not again.new and again.article_id == first.article_id
    assert counts(store) == before


def test_same_url_with_other_text_is_known(store):
    store.add(HEAT)
    edited = parse_text(article_text("2024-06-02", "Heat 2 is delayed (updated)", "Something else entirely.", "https://example.com/heat-2"))
    assert not store.add(edited).new


def test_a_failed_write_leaves_nothing_behind(store, monkeypatch):
    store.add(parse_text(article_text("2020-01-01", "Other", "Another article about Alita.")))
    before = counts(store)

    def broken(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store, "_name_ids", broken)
    added = store.add(HEAT)
    assert not added.new and "disk I/O error" in added.error
    assert counts(store) == before
    assert store.conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'heat'").fetchone()[0] == 0


def test_stored_articles_read_back_whole(store):
    added = store.add(HEAT)
    assert store.article(added.article_id) == HEAT
    assert store.article(added.article_id + 1) is None


def test_one_bad_article_does_not_undo_its_batch(store, monkeypatch):
    from knowledge.analysis import analyze
    from knowledge.store import Pending

    good = parse_text(article_text("2020-01-01", "Other", "Another article about Alita."))
    real = store._insert

    def fail_on_heat(article, *args):
        if article.title == HEAT.title:
            raise sqlite3.IntegrityError("boom")
        return real(article, *args)

    monkeypatch.setattr(store, "_insert", fail_on_heat)
    results = store.write([Pending(HEAT, analyze(HEAT)), Pending(good, analyze(good))])
    assert results[0].error == "boom" and results[1].new
    assert store.conn.execute("SELECT title FROM articles").fetchall() == [("Other",)]


def test_forget_removes_the_article_and_everything_found_in_it(store):
    added = store.add(HEAT)
    assert store.forget(added.article_id)["title"] == "Heat 2 is delayed"
    assert counts(store) == (0, 0, 0, 0)
    assert store.conn.execute("SELECT count(*) FROM article_texts").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM sentences_fts WHERE sentences_fts MATCH 'heat'").fetchone()[0] == 0
    assert not Engine(store).answer("!status Heat 2").answered
    assert store.forget(added.article_id) is None


def test_servers_only_see_their_own_and_global_articles(store):
    store.add(HEAT, guild_id=111)
    engine = Engine(store)
    assert engine.answer("!status Heat 2", guild_id=111).answered
    other = engine.answer("!status Heat 2", guild_id=222)
    assert not other.answered and other.suggestions == []
    assert not engine.answer("!status Heat 2").answered  # the global collection does not see server 111
    store.add(parse_text(article_text("2024-07-01", "Dune 3 dated", "Dune: Part Three opens in December 2026.")))
    assert engine.answer("!when Dune 3", guild_id=222).answered  # global articles are seen everywhere


def test_a_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    Store(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaError, match="newer|knows up to"):
        Store(path)


def test_a_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(SchemaError, match="not a filmbot"):
        Store(path)


def test_a_bulk_ingest_merges_the_full_text_index_and_search_still_finds_everything(store, tmp_path, monkeypatch):
    from knowledge.ingest import ingest

    folder = tmp_path / "bulk"
    folder.mkdir()
    for n in range(3):
        (folder / f"{n}.txt").write_text(article_text("2024-06-01", f"Night Train {n} report", f"Night Train {n} opened to ${n + 2} million."))
    merged = []
    monkeypatch.setattr(Store, "optimize", lambda self: merged.append(True))
    assert len(list(ingest(store, [str(folder)], workers=2))) == 3
    assert merged == [True]
    merged.clear()
    list(ingest(store, [str(folder)], workers=1))
    assert merged == []  # (a few articles at a time: FTS5's own merging suffices)


def test_optimize_keeps_every_sentence_searchable(store):
    store.add(HEAT)
    store.optimize()
    rows = store.conn.execute("SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH 'delayed'").fetchall()
    assert len(rows) == 2
