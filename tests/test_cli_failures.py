"""Every failure of the command line is one clear line on stderr, never a traceback: a file that
is not a database or is cut short, a full disk, a reader that hangs up, a server id out of range."""

from __future__ import annotations

import resource
import shutil
import signal
import sqlite3
import subprocess
import sys

import pytest

from bot.cli import main

from .helpers import CORPUS

ARTICLE = str(CORPUS / "000_alita-battle-angel-2-blood-oath.txt")
COMMANDS = {  # each opens the database and reads or writes it
    "stats": ["stats"],
    "ask": ["ask", "!status Alita 2"],
    "ingest": ["ingest", ARTICLE],
    "backup": ["backup", "{out}/copy.db"],
    "export": ["export", "{out}/all.jsonl"],
}


def one_line(capsys, argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return code, err.strip()


@pytest.fixture
def not_a_database(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not a database\n" * 200)
    return path


@pytest.fixture
def truncated(tmp_path, corpus_db):
    path = tmp_path / "cut.db"
    data = corpus_db.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


BROKEN = {  # fixture -> what the one line says about it
    "not_a_database": "{db} is not a filmbot database (file is not a database)",
    "truncated": "the database {db} is damaged (database disk image is malformed); restore a backup",
}


@pytest.mark.parametrize("broken", BROKEN)
@pytest.mark.parametrize("command", COMMANDS)
def test_a_database_that_cannot_be_read_is_one_line(capsys, tmp_path, request, broken, command):
    database = request.getfixturevalue(broken)
    argv = [a.format(out=tmp_path) for a in COMMANDS[command]]
    code, err = one_line(capsys, [argv[0], "--db", str(database), *argv[1:]])
    assert code == 2
    assert err == f"filmbot {command}: " + BROKEN[broken].format(db=database)
    assert not list(tmp_path.glob("*.part*"))


def _limited_file_size(limit: int):
    """For the child: writing past ``limit`` bytes of any file fails, as on a full disk."""

    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _filmbot(*argv: str, limit: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *argv], capture_output=True, text=True, timeout=60,
        preexec_fn=_limited_file_size(limit),
    )


def test_backup_to_a_full_disk_is_one_line_and_leaves_nothing(tmp_path, corpus_db):
    result = _filmbot("backup", "--db", str(corpus_db), str(tmp_path / "copy.db"), limit=64 * 1024)
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("filmbot backup: "), result.stderr
    assert "full" in result.stderr or "disk I/O error" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_feed_add_on_a_full_disk_is_one_line(tmp_path, corpus_db):
    database = tmp_path / "bot.db"
    shutil.copy(corpus_db, database)
    keeper = sqlite3.connect(database)  # keeps -wal and -shm in place, as a running bot does
    keeper.execute("SELECT count(*) FROM articles").fetchone()
    try:
        result = _filmbot("feed", "add", "--db", str(database), "https://example.com/films.rss", limit=1024)
    finally:
        keeper.close()
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("filmbot feed: "), result.stderr


def test_a_reader_that_hangs_up_is_no_error(tmp_path, corpus_db):
    child = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "stats", "--db", str(corpus_db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    child.stdout.close()  # `filmbot stats | head -1`: gone before the output is written
    _, err = child.communicate(timeout=60)
    assert err == b"" and child.returncode == 1


@pytest.mark.parametrize("guild", ["99999999999999999999", "-1", "many"])
@pytest.mark.parametrize("command", ["ask", "ingest"])
def test_a_server_id_out_of_range_is_refused_by_every_command(capsys, tmp_path, guild, command):
    argv = {"ask": ["ask", "!help"], "ingest": ["ingest", ARTICLE]}[command]
    with pytest.raises(SystemExit) as stop:
        main([argv[0], "--db", str(tmp_path / "x.db"), f"--guild={guild}", *argv[1:]])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "is not a server id" in err.splitlines()[-1]
