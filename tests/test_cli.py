"""The filmbot command line: ingest, ask (text and JSON), console, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from bot.cli import main

from .helpers import CORPUS


@pytest.fixture
def db(tmp_path):
    return str(tmp_path / "cli.db")


def run(capsys, *argv) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_ingest_prints_one_line_per_article_and_again_says_known(capsys, db):
    code, out = run(capsys, "ingest", "--db", db, str(CORPUS / "000_alita-battle-angel-2-blood-oath.txt"))
    assert code == 0 and out.startswith("new ")
    assert "James Cameron Promises Alita: Battle Angel 2 Is Still Coming (2025-11-18" in out
    code, out = run(capsys, "ingest", "--db", db, str(CORPUS / "000_alita-battle-angel-2-blood-oath.txt"))
    assert code == 0 and out.startswith("known ")


def test_ingest_exits_1_when_any_source_fails(capsys, db, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x00binary")
    code, out = run(capsys, "ingest", "--db", db, str(bad), str(tmp_path / "missing.txt"), str(CORPUS / "101_lupita-nyongo-oscar-dress-stolen-tmz.txt"))
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("failed") and "binary" in lines[0]
    assert lines[1].startswith("failed") and "no such file" in lines[1]
    assert lines[2].startswith("new")


def test_ask_json_contract(capsys, db):
    run(capsys, "ingest", "--db", db, str(CORPUS))
    code, out = run(capsys, "ask", "--db", db, "--json", "!who directed Star Trek Beyond")
    assert code == 0
    got = json.loads(out)
    assert set(got) == {"command", "answered", "intent", "film", "sentence", "article", "reply", "suggestions", "elapsed_ms"}
    assert got["answered"] is True and got["intent"] == "who" and got["film"] == "Star Trek Beyond"
    assert "Star Trek Beyond was directed by Justin Lin" in got["sentence"]
    assert set(got["article"]) == {"title", "date", "url"} and got["article"]["date"] == "2019-11-19"
    assert got["sentence"].split(";")[0][:20] in got["reply"].replace("\\", "")
    assert isinstance(got["elapsed_ms"], float)


def test_ask_json_no_answer(capsys, db):
    run(capsys, "ingest", "--db", db, str(CORPUS))
    code, out = run(capsys, "ask", "--db", db, "--json", "!who stars in Oppenheimer")
    got = json.loads(out)
    assert got["answered"] is False and got["sentence"] is None and got["film"] is None and got["article"] is None
    assert "No answer" in got["reply"]


def test_ask_reads_commands_from_stdin_in_order(capsys, db, monkeypatch):
    run(capsys, "ingest", "--db", db, str(CORPUS))
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO("!status Alita 2\n\n!who directed Heat 3\n!help\n"))
    code, out = run(capsys, "ask", "--db", db, "--json", "-")
    answers = [json.loads(line) for line in out.splitlines()]
    assert [a["command"] for a in answers] == ["!status Alita 2", "!who directed Heat 3", "!help"]
    assert [a["answered"] for a in answers] == [True, False, True]


def test_console_demo_answers_with_nothing_else_present(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console", "--demo"],
        input="!status Alita 2\n!who wrote Alita\nquit\n", capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "James Cameron Promises Alita: Battle Angel 2 Is Still Coming" in result.stdout
    assert "Written by Cameron and Laeta Kalogridis" in result.stdout


def test_bad_settings_stop_with_one_line(capsys, tmp_path, db):
    config = tmp_path / "bad.toml"
    config.write_text("[bot]\nprefix = 5\n")
    assert main(["--config", str(config), "stats", "--db", db]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bot.prefix" in err[0]


def test_feed_add_list_remove(capsys, db):
    code, out = run(capsys, "feed", "add", "--db", db, "--guild", "5", "https://example.com/films.rss")
    assert code == 0 and out.startswith("following feed #1")
    code, out = run(capsys, "feed", "list", "--db", db, "--guild", "5")
    assert "#1 https://example.com/films.rss" in out and "checked never" in out
    assert run(capsys, "feed", "list", "--db", db)[1] == ""  # another scope sees nothing
    assert main(["feed", "add", "--db", db, "--guild", "5", "https://example.com/films.rss"]) == 1
    assert "already follows" in capsys.readouterr().err
    assert main(["feed", "add", "--db", db, "ftp://example.com/x"]) == 1
    capsys.readouterr()
    assert main(["feed", "remove", "--db", db, "1"]) == 1  # not the global scope's feed
    capsys.readouterr()
    assert run(capsys, "feed", "remove", "--db", db, "--guild", "5", "1") == (0, "stopped following feed #1\n")


def test_feed_poll_ingests_a_local_feed(capsys, db, monkeypatch, tmp_path):
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = tmp_path / "site"
    site.mkdir()
    page = (CORPUS.parent / "html" / "tmz-lupita-dress.html").read_bytes()
    (site / "dress.html").write_bytes(page)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    (site / "feed.xml").write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local film news</title><link>{base}/</link>'
        f"<item><title>Dress stolen</title><link>{base}/dress.html</link><guid>dress</guid></item></channel></rss>"
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("FILMBOT_FETCH_ALLOW_LOOPBACK", "true")
    try:
        assert run(capsys, "feed", "add", "--db", db, f"{base}/feed.xml")[0] == 0
        code, out = run(capsys, "feed", "poll", "--db", db)
        assert code == 0 and "feed #1: 1 new" in out and "Lupita" in out
        code, out = run(capsys, "feed", "poll", "--db", db)
        assert out == ""  # not due again until its interval has passed
        code, out = run(capsys, "ask", "--db", db, "!ask where was Lupita Nyong'o's Oscar dress stolen from?")
        assert "stolen" in out
    finally:
        server.shutdown()


def test_stats_counts_articles_sentences_films_feeds_and_size(capsys, db):
    run(capsys, "ingest", "--db", db, "--demo")
    run(capsys, "feed", "add", "--db", db, "https://example.com/films.rss")
    code, out = run(capsys, "stats", "--db", db)
    stats = dict(line.split() for line in out.splitlines())
    assert code == 0 and stats["articles"] == "1" and stats["feeds"] == "1"
    assert int(stats["sentences"]) > 20 and int(stats["films"]) >= 3 and int(stats["bytes"]) > 0


def test_the_same_page_with_tracking_parameters_is_known(capsys, db, monkeypatch, tmp_path):
    import threading
    from functools import partial
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    site = tmp_path / "site"
    site.mkdir()
    (site / "dress.html").write_bytes((CORPUS.parent / "html" / "tmz-lupita-dress.html").read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(site)))
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("FILMBOT_FETCH_ALLOW_LOOPBACK", "true")
    try:
        code, out = run(capsys, "ingest", "--db", db, f"{base}/dress.html?utm_source=feed&utm_medium=rss")
        assert code == 0 and out.startswith("new")
        code, out = run(capsys, "ingest", "--db", db, f"{base}/dress.html")
        assert code == 0 and out.startswith("known"), out  # the page's canonical address is its identity
    finally:
        server.shutdown()
