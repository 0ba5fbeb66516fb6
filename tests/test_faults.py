"""Faults and load at a reduced size (``bench/faults.py`` runs the same code in full and prints
the numbers):

* ``filmbot ingest`` killed with SIGKILL at 20 random moments: after each kill the database is
  sound, nothing is half-stored, and every article printed as ingested is there and answers;
* 200 commands answered while another process ingests 200 articles into the same database:
  no "database is locked", no failed answer, no answer that changes under the writer, and
  every article the writer printed as committed is answerable from this process at once.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from knowledge.answer import Engine
from knowledge.ingest import ingest
from knowledge.store import Store

from .helpers import bench_faults

faults = bench_faults()


# -- the checks can fail -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sound_db(tmp_path_factory) -> Path:
    """Three synthetic articles, stored properly."""
    folder = tmp_path_factory.mktemp("sound")
    faults.write_articles(folder / "in", 3)
    db = folder / "sound.db"
    with Store(db) as store:
        assert [r.status for r in ingest(store, [str(folder / "in")], workers=1)] == ["new"] * 3
    return db


DAMAGE = {  # what a crash could leave, if commits were not atomic -> the check that must notice
    "DELETE FROM sentences WHERE article_id = 2": "articles without sentences",
    "DELETE FROM article_texts WHERE article_id = 2": "articles without their text",
    "DELETE FROM articles WHERE id = 2": "sentences without their article",
    "DELETE FROM sentences WHERE article_id = 2 AND position = 3": "articles with a gap in their sentences",
    "DELETE FROM sentences WHERE id IN (SELECT sentence_id FROM facts)": "facts without their sentence",
    "DELETE FROM sentences WHERE id IN (SELECT sentence_id FROM mentions)": "mentions without their sentence",
    "DELETE FROM names WHERE id IN (SELECT name_id FROM facts)": "facts of no name",
    "DELETE FROM aliases": "names without aliases",
    "INSERT INTO sentences (id, article_id, position, paragraph, text) VALUES (9999, 3, 99, 9, 'unindexed')":
        "sentences missing from the FTS index (or extra rows in it)",
}


def test_the_database_checks_pass_a_sound_database(sound_db):
    health = faults.check_database(sound_db)
    assert health.ok, health
    assert (health.integrity, health.fts, health.problems, health.articles) == ("ok", "ok", {}, 3)


@pytest.mark.parametrize("damage", DAMAGE)
def test_the_database_checks_notice_each_kind_of_half_stored_article(sound_db, tmp_path, damage):
    db = tmp_path / "damaged.db"
    shutil.copy(sound_db, db)
    with sqlite3.connect(db) as conn:  # foreign keys are off on a plain connection, as after a bad crash
        conn.execute(damage)
    health = faults.check_database(db)
    assert not health.ok
    assert DAMAGE[damage] in health.problems, health.problems


def test_the_fts_check_notices_an_index_out_of_step(sound_db, tmp_path):
    db = tmp_path / "damaged.db"
    shutil.copy(sound_db, db)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE sentences SET text = 'changed behind the index' WHERE id = 2")
    assert faults.check_database(db).fts.startswith("DatabaseError")


def test_the_database_checks_accept_an_empty_file_and_notice_a_half_made_schema(tmp_path):
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    assert faults.check_database(empty).ok
    half = tmp_path / "half.db"
    with sqlite3.connect(half) as conn:
        conn.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY)")
    assert not faults.check_database(half).ok


def test_every_synthetic_article_answers_who_directed_its_film(sound_db):
    """The crash and load tests rest on this: an article that is stored whole answers its question."""
    with Store(sound_db) as store:
        ids = dict(store.conn.execute("SELECT title, id FROM articles"))
    articles = faults.write_articles(sound_db.parent / "again", 3)
    assert faults.unanswered(sound_db, {ids[a.headline]: a for a in articles}) == []
    wrong = {ids[articles[0].headline]: articles[1]}  # asked about another article's film
    assert len(faults.unanswered(sound_db, wrong)) == 1


# -- SIGKILL at random moments -------------------------------------------------------------


def test_sigkill_at_random_moments_loses_nothing_acknowledged_and_half_stores_nothing(tmp_path):
    rounds: list[str] = []
    result = faults.crash_test(tmp_path, kills=20, folder_size=100, seed=7, log=rounds.append)
    report = "\n".join(rounds)
    assert result.kills == 20, report
    assert result.unhealthy == [], report  # integrity_check, FTS integrity-check, half-stored checks
    assert result.lost == [], report  # printed as ingested, then missing or not answering
    assert result.other_failures == [], report
    assert result.integrity_checks == result.kills + result.finished_early + 1
    assert result.kills_after_commits >= 3, report  # some kills came after batches were being written
    assert result.acknowledged > 0
    # an article committed by a run killed before it printed the line comes back `known`, same id
    assert result.reported_known_later == result.committed_unprinted
    # the run after the last kill finishes the folder: every article written is stored exactly once
    assert result.final_exit == 0
    assert result.final_stored == result.articles
    assert result.final_unanswered == []
    print(f"\ncrash test: {result.kills} kills ({result.kills_after_commits} after commits), "
          f"{result.integrity_checks} integrity checks ok, {result.acknowledged} acknowledged articles all answerable, "
          f"{result.committed_unprinted} committed but unprinted, {result.articles} stored once in the end, {result.seconds} s")


# -- answering while another process ingests ------------------------------------------------


def test_answers_never_fail_while_another_process_ingests(tmp_path):
    result = faults.load_test(tmp_path, articles=400, answers=200, seed=3)  # (an ingest long enough to overlap most answers on a busy machine)
    assert result.answers == 200
    assert result.errors == [] and result.locked == 0
    assert result.changed == []  # answers the new articles cannot touch stay the same
    assert result.unseen == []  # an article printed as committed is answerable from here at once
    assert result.checked >= 30
    assert len(result.during) >= 100, "most answers must be given while the writer works"
    assert result.ingest_exit == 0 and result.ingest_new == 400
    assert result.ingest_failed == [] and result.ingest_stderr == ""
    assert result.health.ok, result.health
    print(f"\nload test: {result.answers} answers ({len(result.during)} during the ingest of {result.articles} articles "
          f"in {result.ingest_seconds} s), 0 errors; p50 {result.percentile(50):.1f} ms, "
          f"p99 {result.percentile(99):.1f} ms, max {max(result.during):.1f} ms during the ingest")


def test_a_store_opened_while_another_process_writes_answers_at_once(tmp_path):
    """A new connection (a bot restarting, `filmbot ask`) opened mid-ingest neither waits nor fails."""
    db = tmp_path / "open.db"
    faults.write_articles(tmp_path / "in", 150, seed=5)
    run = faults.Ingest(db, tmp_path / "in")
    try:
        assert run.wait_for_lines(1)
        opened = 0
        while run.alive and opened < 20:
            with Store(db) as store:
                answer = Engine(store).answer("!sources Bababa Returns")
                assert answer.answered, answer.note
            opened += 1
    finally:
        code = run.finish()
    assert code == 0, run.stderr
    assert opened >= 1

