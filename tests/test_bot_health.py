"""The heartbeat the running bot writes, and ``filmbot health`` reading it."""

from __future__ import annotations

import asyncio
import json
import time

import discord.ext.test as dpytest
import pytest

from bot.cli import main as cli
from bot.health import check, heartbeat_path, main, write_heartbeat
from bot.settings import Settings
from knowledge.store import Store


@pytest.fixture
def db(tmp_path) -> Settings:
    path = tmp_path / "filmbot.db"
    Store(path).close()
    return Settings(database=str(path))


def test_a_fresh_heartbeat_and_a_working_database_are_healthy(db, capsys):
    write_heartbeat(db.database, connected=True, guilds=3)
    assert main(db) == 0
    assert capsys.readouterr().out == "healthy: heartbeat 0 s ago, connected to Discord, in 3 servers\n"


def test_a_stale_heartbeat_is_unhealthy(db, capsys):
    write_heartbeat(db.database, connected=True, guilds=3, now=time.time() - 120)
    assert main(db) == 1
    assert capsys.readouterr().err == "unhealthy: the last heartbeat is 120 s old (limit 90 s)\n"


def test_no_heartbeat_or_a_broken_one_is_unhealthy(db):
    healthy, line = check(db)
    assert not healthy and line == f"unhealthy: no heartbeat at {db.database}.heartbeat: is the bot running with this database?"
    heartbeat_path(db.database).write_text("{not json", "utf-8")
    assert check(db) == (False, f"unhealthy: the heartbeat {db.database}.heartbeat is unreadable (JSONDecodeError)")


def test_a_missing_or_broken_database_is_unhealthy(db, tmp_path):
    gone = Settings(database=str(tmp_path / "gone.db"))
    write_heartbeat(gone.database, connected=True, guilds=1)
    assert check(gone) == (False, f"unhealthy: the database {gone.database} does not exist")
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not a database" * 100)
    write_heartbeat(str(broken), connected=True, guilds=1)
    healthy, line = check(Settings(database=str(broken)))
    assert not healthy and line.startswith(f"unhealthy: the database {broken} does not answer: ")


def test_filmbot_health_on_the_command_line(db, capsys):
    assert cli(["health", "--db", db.database]) == 1
    write_heartbeat(db.database, connected=False, guilds=0)
    assert cli(["health", "--db", db.database]) == 0
    assert "not connected to Discord yet" in capsys.readouterr().out


async def test_the_running_bot_writes_its_heartbeat(bot):
    heartbeat = heartbeat_path(bot.settings.database)
    cog = bot.get_cog("Heartbeat")
    assert cog.beat.is_running() and cog.beat.seconds == 30
    while not heartbeat.exists():  # the first beat, written as the bot starts (the next is 30 s away)
        await asyncio.sleep(0.01)
    assert json.loads(heartbeat.read_text("utf-8"))["connected"] is False

    await cog.beat()  # the loop's body, as it runs every 30 s
    beat = json.loads(heartbeat.read_text("utf-8"))
    assert beat["connected"] is False and beat["guilds"] == 2 and time.time() - beat["time"] < 5
    bot.dispatch("ready")
    await dpytest.run_all_events()
    await cog.beat()
    assert json.loads(heartbeat.read_text("utf-8"))["connected"] is True
    assert check(bot.settings)[0]
