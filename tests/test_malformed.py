"""Malformed articles, end to end through ingest: each is refused with a clear one-line reason
(or ingested whole), nothing of it is stored, and the next article is fine.

The small bad files live in tests/fixtures/malformed/; a 50 MB file and a gzip bomb are made
on the fly. "Nothing stored" is checked row by row: every table has exactly as many rows as
before, and the database passes bench/faults.py's half-stored checks.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.cli import main
from knowledge.answer import Engine
from knowledge.ingest import ingest
from knowledge.sentences import split_sentences
from knowledge.store import Store

from .helpers import FIXTURES, article_text, bench_faults

MALFORMED = FIXTURES / "malformed"
SCALE = max(1, int(os.environ.get("FILMBOT_FUZZ", "1")))  # FILMBOT_FUZZ=10: ten times the random examples
BIG = 50 * 1024 * 1024




faults = bench_faults()

# file -> what its "failed" line must say (a regular expression)
REFUSED = {
    "empty.txt": "the article is empty",
    "blank.txt": "the article is empty",
    "bom-only.txt": "the article is empty",
    "picture.txt": "looks like a binary file",
    "latin-1.txt": "not UTF-8; save it as UTF-8",
    "windows-1252.txt": "not UTF-8; save it as UTF-8",
    "utf-16.txt": "binary file",  # UTF-16 with no byte order mark (with one, it is read: see below)
    "bad-date-month-13.txt": "the date line has a date I can't read: '2025-13-45'",
    "bad-date-words.txt": "the date line has a date I can't read: 'yesterday'",
    "bad-date-february-30.txt": "the date line has a date I can't read: '2025-02-30'",
    "headline-only.txt": "the article has a headline but no body",
    "headline-and-source-only.txt": "the article has a headline but no body",
    "no-headline.txt": "the article has no headline",
    "control-characters.txt": "the article has no headline",
    "long-headline.txt": "too long to be a headline",
    "no-body.html": "no article text",
    "empty-body.html": "no article text",
    "only-a-menu.html": "no article text",
    "empty.html": "no article text",
    "not-gzip.html.gz": "(?i)not a gzipped file",
    "truncated.html.gz": "(?i)compressed file ended",
    "huge.txt": "the file is larger than 5 MB",
    "bomb.html.gz": "the file is larger than 5 MB unpacked",
}

GOOD = {  # headline -> (file name, director): sorted among the bad files, so each follows some
    "Kalomiro Returns Gets a Director": ("aaa-first-good.txt", "Jane Doe"),
    "Vendetta Zorbulax Gets a Director": ("m-middle-good.txt", "John Roe"),
    "Quillon Harbor Gets a Director": ("zzz-last-good.txt", "Ann Poe"),
}


def good_article(headline: str) -> str:
    film, director = headline.removesuffix(" Gets a Director"), GOOD[headline][1]
    return article_text(
        "2025-03-01", headline,
        f"{film} was directed by {director}, the studio said on Monday. {film} is set to be released in June 2026.",
    )


def make_big_files(folder: Path) -> None:
    """A 50 MB article (a real one, only too big) and a small .html.gz that unpacks past 5 MB."""
    line = "Zorblax Returns was directed by Jane Doe, the studio said on Monday. " * 100 + "\n"
    with (folder / "huge.txt").open("w", encoding="utf-8") as f:
        f.write("date 2025-03-01 An Article of Fifty Megabytes\n\n")
        for _ in range(BIG // len(line) + 1):
            f.write(line)
    assert (folder / "huge.txt").stat().st_size > BIG
    (folder / "bomb.html.gz").write_bytes(gzip.compress(b"<html><body><p>" + b"a " * (3 * 1024 * 1024) + b"</p></body></html>"))


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory) -> Path:
    """Every malformed file, the two big ones, and three good articles, in one folder."""
    folder = tmp_path_factory.mktemp("malformed")
    for path in MALFORMED.iterdir():
        shutil.copy(path, folder / path.name)
    make_big_files(folder)
    for headline, (name, _) in GOOD.items():
        (folder / name).write_text(good_article(headline), encoding="utf-8")
    assert {p.name for p in folder.iterdir()} == set(REFUSED) | {name for name, _ in GOOD.values()}
    return folder


def row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def check_clear(line: str, source: str, pattern: str) -> None:
    """One line naming the source and saying why, in words (no traceback, no bare exception name)."""
    assert "\n" not in line and "Traceback" not in line
    prefix = f"failed  {source}: "
    assert line.startswith(prefix), line
    reason = line[len(prefix):]
    assert re.search(pattern, reason), f"{reason!r} does not say {pattern!r}"
    assert 10 <= len(reason) <= 200 and " " in reason, reason


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_malformed_file_is_refused_with_a_clear_reason_and_nothing_stored(bad_folder, store, name):
    before = row_counts(store.conn)
    reports = list(ingest(store, [str(bad_folder / name)], workers=1))
    assert [r.status for r in reports] == ["failed"]
    check_clear(reports[0].line(), str(bad_folder / name), REFUSED[name])
    assert row_counts(store.conn) == before


@pytest.mark.parametrize("workers", [1, 2])
def test_a_folder_of_malformed_files_refuses_each_and_stores_the_good_ones_whole(bad_folder, tmp_path, workers):
    """Good articles before, between and after the bad ones (and in worker processes) are fine."""
    db = tmp_path / "folder.db"
    with Store(db) as store:
        reports = {Path(r.source).name: r for r in ingest(store, [str(bad_folder)], workers=workers)}
    assert set(reports) == set(REFUSED) | {name for name, _ in GOOD.values()}
    for name, pattern in REFUSED.items():
        check_clear(reports[name].line(), str(bad_folder / name), pattern)
    for headline, (name, _director) in GOOD.items():
        assert reports[name].status == "new", reports[name].line()
        assert reports[name].added.title == headline
    health = faults.check_database(db)
    assert health.ok, health
    assert health.articles == len(GOOD)
    with Store(db) as store:
        engine = Engine(store)
        titles = {r[0] for r in store.conn.execute("SELECT title FROM articles")}
        assert titles == set(GOOD)
        for headline, (_, director) in GOOD.items():
            answer = engine.answer(f"!who directed {headline.removesuffix(' Gets a Director')}")
            assert answer.sentence and director in answer.sentence and answer.source.title == headline


def test_the_command_line_prints_a_line_per_file_and_exits_1(bad_folder, tmp_path, capsys):
    db = tmp_path / "cli.db"
    assert main(["ingest", "--db", str(db), str(bad_folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(REFUSED) + len(GOOD)
    assert sorted(line.split()[0] for line in lines) == sorted(["failed"] * len(REFUSED) + ["new"] * len(GOOD))
    failed = {line.split(": ", 1)[0].removeprefix("failed  "): line for line in lines if line.startswith("failed")}
    for name, pattern in REFUSED.items():
        check_clear(failed[str(bad_folder / name)], str(bad_folder / name), pattern)
    assert faults.check_database(db).ok

    # again: the good ones are known, the bad ones refused the same way, nothing changes
    with sqlite3.connect(db) as conn:
        before = row_counts(conn)
    assert main(["ingest", "--db", str(db), str(bad_folder)]) == 1
    again = capsys.readouterr().out.splitlines()
    assert sorted(line.split()[0] for line in again) == sorted(["failed"] * len(REFUSED) + ["known"] * len(GOOD))
    assert [line for line in again if line.startswith("failed")] == [line for line in lines if line.startswith("failed")]
    with sqlite3.connect(db) as conn:
        assert row_counts(conn) == before


def test_an_article_that_fails_while_being_written_leaves_nothing_behind(tmp_path):
    """A database error in the middle of writing one article (here a trigger on its facts, after its
    sentences and names went in) rolls back that article alone; the batch's others are stored."""
    folder = tmp_path / "in"
    folder.mkdir()
    for headline, (name, _) in GOOD.items():
        (folder / name).write_text(good_article(headline), encoding="utf-8")
    db = tmp_path / "t.db"
    with Store(db) as store:
        empty = row_counts(store.conn)
        store.conn.execute(
            "CREATE TRIGGER boom BEFORE INSERT ON facts WHEN (SELECT a.title FROM sentences s JOIN articles a"
            " ON a.id = s.article_id WHERE s.id = NEW.sentence_id) = 'Vendetta Zorbulax Gets a Director'"
            " BEGIN SELECT RAISE(ABORT, 'the disk is on fire'); END"
        )
        reports = {Path(r.source).name: r for r in ingest(store, [str(folder)], workers=1)}
        assert reports["m-middle-good.txt"].line() == f"failed  {folder / 'm-middle-good.txt'}: not stored: the disk is on fire"
        assert reports["aaa-first-good.txt"].status == reports["zzz-last-good.txt"].status == "new"
        health = faults.check_database(db)
        assert health.ok and health.articles == 2, health
        leftovers = {
            "articles": "SELECT count(*) FROM articles WHERE title LIKE '%Zorbulax%'",
            "sentences": "SELECT count(*) FROM sentences WHERE text LIKE '%Zorbulax%'",
            "article_texts": "SELECT count(*) FROM article_texts WHERE body LIKE '%Zorbulax%'",
            "names": "SELECT count(*) FROM names WHERE key LIKE '%zorbulax%' OR key LIKE '%john roe%'",
            "aliases": "SELECT count(*) FROM aliases WHERE key LIKE '%zorbulax%'",
            "name_words": "SELECT count(*) FROM name_words WHERE word = 'zorbulax'",
            "word_variants": "SELECT count(*) FROM word_variants WHERE word = 'zorbulax'",
        }
        assert {table: store.conn.execute(sql).fetchone()[0] for table, sql in leftovers.items()} == dict.fromkeys(leftovers, 0)

        store.conn.execute("DROP TRIGGER boom")  # the disk is fine again: the article goes in whole
        again = {Path(r.source).name: r.status for r in ingest(store, [str(folder)], workers=1)}
        assert again == {"aaa-first-good.txt": "known", "m-middle-good.txt": "new", "zzz-last-good.txt": "known"}
        answer = Engine(store).answer("!who directed Vendetta Zorbulax")
        assert "John Roe" in answer.sentence
        assert row_counts(store.conn) != empty
    assert faults.check_database(db).ok


def test_an_unexpected_error_while_writing_a_batch_stores_none_of_it_and_says_so(tmp_path, monkeypatch):
    """Not a database error: the whole batch rolls back, and every article of it is reported failed."""
    folder = tmp_path / "in"
    folder.mkdir()
    for headline, (name, _) in GOOD.items():
        (folder / name).write_text(good_article(headline), encoding="utf-8")
    db = tmp_path / "t.db"
    original = Store._insert

    def flaky(self, article, *args, **kwargs):
        if "Zorbulax" in article.title:
            raise RuntimeError("a bug in the middle of writing")
        return original(self, article, *args, **kwargs)

    with Store(db) as store:
        monkeypatch.setattr(Store, "_insert", flaky)
        reports = list(ingest(store, [str(folder)], workers=1))
        assert [r.status for r in reports] == ["failed"] * 3
        assert all("not stored: a bug in the middle of writing" in r.error for r in reports)
        assert faults.check_database(db).articles == 0
        monkeypatch.undo()
        assert [r.status for r in ingest(store, [str(folder)], workers=1)] == ["new"] * 3
    assert faults.check_database(db).ok


# -- anything at all as an article file ------------------------------------------------------


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("fuzz") / "fuzz.db") as store:
        yield store


headers = st.sampled_from(["", "date 2025-03-01 ", "date unknown ", "date 2025-02-30 ", "date \x00 ", "---\ntitle: ",
                           "\ufeff", "<html><body><p>", "source https://x.test/\n", "date 2025-03-01 Zorblax Returns\n\n"])
bodies = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=400).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.tuples(headers, st.text(max_size=300)).map(lambda p: (p[0] + p[1]).encode("utf-8", "surrogatepass")),
    st.tuples(headers, st.sampled_from(["utf-8", "latin-1", "utf-16", "cp1252"]),
              st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=200))
    .map(lambda p: (p[0] + p[2]).encode(p[1], "replace")),
)


# The UTF-8 of the characters that make sentencex panic (see test_an_article_that_makes_the_sentence_splitter_panic_*)
SPLITTER_PANICS = ("\x85", "\u1680", "\u2028", "\u2029")


@example(b"date 2025-03-01 Zorblax Returns\n\nZorblax Returns was directed by Jane Doe.", ".txt")
@example(b"---\ntitle: Front\n---\n", ".txt")
@example(b"\xff\xfe\x00", ".html")
@given(bodies, st.sampled_from([".txt", ".md", ".html", ".text"]))
@hypothesis_settings(max_examples=80 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_bytes_as_an_article_are_refused_clearly_or_stored_whole(fuzz_store, data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"article{suffix}"
        path.write_bytes(data)
        before = row_counts(fuzz_store.conn)
        reports = list(ingest(fuzz_store, [str(path)], workers=1))
    assert len(reports) == 1
    report = reports[0]
    if report.status == "failed":
        assert report.error and "\n" not in report.line() and len(report.error) <= 200
        assert row_counts(fuzz_store.conn) == before
    elif report.status == "known":
        assert row_counts(fuzz_store.conn)["articles"] == before["articles"]
    else:
        stored = fuzz_store.article(report.added.article_id)
        assert stored is not None and stored.title == report.added.title and stored.title.strip() and stored.body.strip()
        sentences = fuzz_store.conn.execute(
            "SELECT count(*) FROM sentences WHERE article_id = ?", (report.added.article_id,)
        ).fetchone()[0]
        assert sentences == report.added.sentences >= 2  # the headline and at least one sentence of body
    health = faults.check_database(Path(fuzz_store.path))
    assert health.ok, health


# -- found while writing these tests ---------------------------------------------------------


def test_a_markdown_file_with_only_front_matter_is_refused(store, tmp_path):
    path = tmp_path / "front-matter-only.md"
    path.write_text("---\ntitle: Front Matter Only\ndate: 2024-01-01\n---\n", encoding="utf-8")
    reports = list(ingest(store, [str(path)], workers=1))
    assert [r.status for r in reports] == ["failed"], reports[0].line()
    assert "no body" in reports[0].error


def test_a_utf16_file_with_a_byte_order_mark_is_read(store, tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(("date 2024-01-01 Zorblax Returns Gets a Director\n\n"
                      "Zorblax Returns was directed by Jane Doe.\n").encode("utf-16"))  # with a BOM
    reports = list(ingest(store, [str(path)], workers=1))
    assert reports[0].status == "new", reports[0].line()
    assert "Jane Doe" in Engine(store).answer("!who directed Zorblax Returns").sentence


def test_a_date_with_extra_digits_is_refused(store, tmp_path):
    path = tmp_path / "typo.txt"
    path.write_text("date 2025-11-189 A Headline With a Mistyped Date\n\nZorblax Returns was directed by Jane Doe.\n")
    reports = list(ingest(store, [str(path)], workers=1))
    assert reports[0].status == "failed", reports[0].line()


# sentencex (Rust) panics on an initial followed by one of the Unicode line or paragraph separators
# U+0085, U+1680, U+2028, U+2029 and a full stop: "Vitamin V\u2028." The panic is a pyo3
# PanicException, a BaseException. clean_text turns those separators into line breaks and spaces,
# and split_sentences falls back to a plain split if sentencex panics anyway.
PANIC_ARTICLE = "date 2025-03-01 Vitamin V Gets a Sequel\n\nThe sequel stars Ann Poe as Vitamin V{}. It opens in June 2026.\n"


def _ingest_around_a_panic(tmp_path: Path, separator: str, workers: int) -> dict[str, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(good_article("Kalomiro Returns Gets a Director"), encoding="utf-8")
    (folder / "b.txt").write_text(PANIC_ARTICLE.format(separator), encoding="utf-8")
    (folder / "c.txt").write_text(good_article("Quillon Harbor Gets a Director"), encoding="utf-8")
    with Store(tmp_path / "p.db") as store:
        try:
            reports = list(ingest(store, [str(folder)], workers=workers))
        except BaseException as error:  # noqa: BLE001 - the panic is a BaseException
            pytest.fail(f"ingest raised {type(error).__module__}.{type(error).__name__}: {str(error)[:120]}")
    return {Path(r.source).name: r.status for r in reports}


@pytest.mark.parametrize("separator", SPLITTER_PANICS, ids=["U+0085", "U+1680", "U+2028", "U+2029"])
def test_an_article_that_made_the_sentence_splitter_panic_is_stored_with_the_others(tmp_path, separator):
    assert _ingest_around_a_panic(tmp_path, separator, workers=1) == {"a.txt": "new", "b.txt": "new", "c.txt": "new"}


def test_an_article_that_made_the_sentence_splitter_panic_is_stored_by_a_worker_too(tmp_path):
    assert _ingest_around_a_panic(tmp_path, "\u2028", workers=2) == {"a.txt": "new", "b.txt": "new", "c.txt": "new"}


@pytest.mark.parametrize("separator", SPLITTER_PANICS, ids=["U+0085", "U+1680", "U+2028", "U+2029"])
def test_a_splitter_panic_falls_back_to_a_plain_split(separator):
    # split_sentences itself does not clean text: this reaches sentencex with the raw separator
    sentences = split_sentences("Headline", f"The sequel stars Vitamin V{separator}. It opens in June.")
    assert [s.text for s in sentences][-1] == "It opens in June."
