"""Schema migrations: a database made by an older filmbot opens, upgrades in place and answers.

``fixtures/filmbot-v1.db`` is a schema version 1 database (article bodies in ``articles``, no
feed tables) holding three corpus articles: Alita and Star Trek 4 in the global collection,
Parasite in server 4242. It is frozen: never regenerate it; when the schema changes again, add
a fixture made by the version being replaced. The tests only ever open copies of it.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from knowledge import store as store_module
from knowledge.answer import Engine
from knowledge.articles import read_file
from knowledge.errors import DatabaseError
from knowledge.store import SCHEMA_VERSION, Store

from .helpers import CORPUS, FIXTURES

V1 = FIXTURES / "filmbot-v1.db"
ARTICLES = {  # id in the fixture -> the file it was ingested from
    1: "000_alita-battle-angel-2-blood-oath.txt",
    2: "093_star-trek-4-noah-hawley-theverge.txt",
    3: "096_parasite-sag-awards-upset-reuters.txt",
}


@pytest.fixture
def v1_copy(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(V1, path)
    return path


def schema(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """Every table and index by name, tables with their column names."""
    rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    return {
        name: [c[1] for c in conn.execute(f"PRAGMA table_info('{name}')")] if kind == "table" else ["index"]
        for kind, name in rows
    }


def test_the_fixture_is_a_version_1_database():
    conn = sqlite3.connect(f"{V1.as_uri()}?mode=ro", uri=True)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "body" in schema(conn)["articles"] and "feeds" not in schema(conn)
    conn.close()


def test_an_old_database_upgrades_in_place_and_answers(v1_copy):
    with Store(v1_copy) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        for article_id, name in ARTICLES.items():
            assert store.article(article_id) == read_file(CORPUS / name)  # every text survives whole
        engine = Engine(store)
        answer = engine.answer("!status Alita 2")
        assert answer.sentence == "James Cameron says he and Robert Rodriguez are returning to the manga adaptation soon."
        assert answer.source.title == "James Cameron Promises Alita: Battle Angel 2 Is Still Coming"
        who = engine.answer("!who directed Star Trek Beyond")
        assert "Star Trek Beyond was directed by Justin Lin" in who.sentence and who.source.date == "2019-11-19"
        assert engine.answer("!film Parasite", guild_id=4242).answered  # scopes survive
        assert not engine.answer("!film Parasite").answered
    with Store(v1_copy) as again:  # reopening an upgraded database changes nothing
        assert again.stats()["articles"] == 3


def test_an_upgraded_database_has_the_schema_of_a_new_one(v1_copy, tmp_path):
    with Store(v1_copy) as old, Store(tmp_path / "new.db") as new:
        assert schema(old.conn) == schema(new.conn)


def test_an_upgraded_database_still_knows_its_articles_and_takes_new_ones(v1_copy):
    with Store(v1_copy) as store:
        assert not store.add(read_file(CORPUS / ARTICLES[1])).new
        added = store.add(read_file(CORPUS / "097_la-la-land-hollywood-musical-rollingstone.txt"))
        assert added.new and added.article_id == 4
        assert Engine(store).answer("!who directed La La Land").answered


def test_a_failed_upgrade_leaves_the_old_database_as_it_was(v1_copy, monkeypatch):
    upgrade = store_module._MIGRATIONS[1]

    def broken(conn):
        upgrade(conn)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store_module, "_MIGRATIONS", [store_module._MIGRATIONS[0], broken])
    with pytest.raises(DatabaseError, match="disk I/O error"):
        Store(v1_copy)
    conn = sqlite3.connect(v1_copy)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "body" in schema(conn)["articles"] and "article_texts" not in schema(conn)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
    conn.close()
