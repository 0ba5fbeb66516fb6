"""``filmbot run``: where the token comes from, what happens without one, and that it is never
printed, even when Discord refuses it."""

from __future__ import annotations

import logging
import socket

import discord
import pytest

from bot.cli import main as cli
from bot.runner import NO_TOKEN, read_token, retry_delays, run
from bot.settings import Settings

TOKEN = "MTIzNDU2Nzg5.fake-token.do-not-print"


@pytest.fixture
def restore_logging():
    """``run`` sets up logging for the process; put it back afterwards."""
    root = logging.getLogger()
    handlers, levels = list(root.handlers), {n: logging.getLogger(n).level for n in ("", "discord", "discord.gateway")}
    yield
    root.handlers[:] = handlers
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def test_without_a_token_run_exits_2_with_a_one_line_hint(tmp_path, capsys):
    assert run(Settings(database=str(tmp_path / "x.db")), environ={}) == 2
    err = capsys.readouterr().err
    assert err == NO_TOKEN + "\n" and "DISCORD_TOKEN" in err and "filmbot console" in err
    assert not (tmp_path / "x.db").exists()  # nothing was started


def test_filmbot_run_on_the_command_line_without_a_token(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("DISCORD_TOKEN_FILE", raising=False)
    assert cli(["run", "--db", str(tmp_path / "x.db")]) == 2
    assert capsys.readouterr().err.startswith("filmbot run: no Discord token")


def test_the_token_comes_from_the_variable_or_the_file_it_names(tmp_path):
    secret = tmp_path / "token"
    secret.write_text(TOKEN + "\n", "utf-8")
    assert read_token({"DISCORD_TOKEN": f"  {TOKEN} "}) == TOKEN
    assert read_token({"DISCORD_TOKEN_FILE": str(secret)}) == TOKEN
    assert read_token({"DISCORD_TOKEN": "from-env", "DISCORD_TOKEN_FILE": str(secret)}) == "from-env"
    assert read_token({}) is None


@pytest.mark.parametrize(("content", "why"), [(None, "cannot read DISCORD_TOKEN_FILE"), ("  \n", "is empty")])
def test_an_unusable_token_file_exits_2(tmp_path, capsys, content, why):
    secret = tmp_path / "token"
    if content is not None:
        secret.write_text(content, "utf-8")
    assert run(Settings(database=str(tmp_path / "x.db")), environ={"DISCORD_TOKEN_FILE": str(secret)}) == 2
    err = capsys.readouterr().err
    assert why in err and err.count("\n") == 1


def test_an_unusable_database_exits_2(tmp_path, capsys):
    (tmp_path / "file").write_text("", "utf-8")
    database = str(tmp_path / "file" / "x.db")
    assert run(Settings(database=database), environ={"DISCORD_TOKEN": TOKEN}) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"filmbot run: cannot use the database {database}: ") and err.count("\n") == 1


def test_a_refused_token_exits_1_and_is_never_printed(tmp_path, capsys, monkeypatch, restore_logging):
    async def refuse(self, token):
        raise discord.LoginFailure(f"Improper token has been passed: {token}")

    monkeypatch.setattr(discord.Client, "login", refuse)
    assert run(Settings(database=str(tmp_path / "x.db")), environ={"DISCORD_TOKEN": TOKEN}) == 1
    captured = capsys.readouterr()
    assert "Discord refused the token" in captured.err and "starting filmbot" in captured.err
    assert TOKEN not in captured.out + captured.err


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (connections to it are refused at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_no_route_to_discord_is_one_line_per_try_then_a_retry(tmp_path, capsys, monkeypatch, restore_logging):
    monkeypatch.setattr(discord.http.Route, "BASE", f"http://127.0.0.1:{closed_port()}/api/v10")  # Discord out of reach
    settings = Settings(database=str(tmp_path / "x.db"))
    assert run(settings, environ={"DISCORD_TOKEN": TOKEN}, delays=[0.01, 0.02]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if " filmbot " in line]  # (discord.py may warn once about voice)
    assert "Traceback" not in err and len(lines) == 4, err
    assert "starting filmbot" in lines[0]
    for line, then in zip(lines[1:], ["trying again in 0.01 s", "trying again in 0.02 s", "giving up"], strict=True):
        assert " ERROR filmbot cannot reach Discord (" in line and line.endswith(then), line
        assert TOKEN not in line


def test_the_default_retries_back_off_to_every_five_minutes():
    delays = retry_delays()
    assert [next(delays) for _ in range(9)] == [5, 10, 20, 40, 80, 160, 300, 300, 300]
