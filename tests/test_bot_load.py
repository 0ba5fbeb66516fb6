"""The bot keeps serving every server under load: a slow answer holds up only itself, slow
links do not make the heartbeat late, and admins' ingests are rate-limited per server."""

from __future__ import annotations

import asyncio
import http.server
import json
import threading
import time
from dataclasses import replace

import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot.health import heartbeat_path
from knowledge.answer import Engine

from .bot_support import ZORBLAX, channel, make_admin, member, say


async def test_a_slow_answer_holds_up_no_other_server(bot, monkeypatch):
    answer, inside, release = Engine.answer, threading.Event(), threading.Event()

    def slow_for_zorblax(self, command, guild_id=0):  # the real answer, after a long wait for one film
        if "Zorblax" in command:
            inside.set()
            release.wait(10)
        return answer(self, command, guild_id)

    monkeypatch.setattr(Engine, "answer", slow_for_zorblax)
    slow = asyncio.ensure_future(bot.library.answer("!status Zorblax Returns", member(0).guild.id))
    try:
        while not inside.is_set():
            await asyncio.sleep(0.01)
        started = time.perf_counter()
        other = await asyncio.wait_for(bot.library.answer("!status Alita 2", member(2).guild.id), 5)
        assert other.sentence.startswith("James Cameron says") and time.perf_counter() - started < 1
        assert not slow.done()
    finally:
        release.set()
    assert (await slow).intent == "status"


@pytest.fixture
def slow_site():
    """A site on 127.0.0.1 whose article arrives only once ``site.release`` is set."""
    release, seen = threading.Event(), []

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.path)
            release.wait(30)
            body = ZORBLAX.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.base, server.release, server.seen = f"http://127.0.0.1:{server.server_address[1]}", release, seen
    yield server
    release.set()
    server.shutdown()
    server.server_close()


async def test_slow_link_ingests_do_not_make_the_heartbeat_late(bot, slow_site):
    bot.settings = replace(bot.settings, allow_loopback=True)
    await make_admin(member(0))
    await make_admin(member(2))
    ingests = [
        asyncio.ensure_future(dpytest.message(f"!ingest {slow_site.base}/{i}.txt", channel=channel(i % 2), member=member(2 * (i % 2))))
        for i in range(8)  # more than the default thread pool holds on a small machine
    ]
    try:
        while len(slow_site.seen) < 4:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        heartbeat_path(bot.settings.database).unlink(missing_ok=True)
        await asyncio.wait_for(bot.get_cog("Heartbeat").beat(), 3)
        assert json.loads(heartbeat_path(bot.settings.database).read_text())["guilds"] == 2
    finally:
        slow_site.release.set()
        await asyncio.wait_for(asyncio.gather(*ingests), 30)


async def test_ingests_are_rate_limited_per_server(bot):
    bot.settings = replace(bot.settings, ingest_rate=2, ingest_per_seconds=60.0)
    await bot.reload_extension("bot.cogs.admin")
    await make_admin(member(0))
    await make_admin(member(1))
    await make_admin(member(2))
    article = "!ingest date 2025-03-0{n} Zorblax Returns {n}\nZorblax Returns opens in June."
    assert (await say(article.format(n=1))).content.startswith("Added")
    assert (await say(article.format(n=2), who=1)).content.startswith("Added")  # admins of a server share it
    with pytest.raises(commands.CommandOnCooldown):
        await dpytest.message(article.format(n=3), channel=channel(0), member=member(0))
    assert dpytest.get_message().content.startswith("Easy there!")
    assert (await say(article.format(n=3), who=2)).content.startswith("Added")  # another server is not slowed down
