"""Following films end to end through dpytest: follow, unfollow and following (typos, sequel
numbers, the limit, per server), and the delivery task (its body called directly): notices in the
follow channel mentioning only the film's followers, or by direct message, exactly once, after a
restart, for another process's ingest, never for another server's or a forgotten article."""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import subprocess
import sys

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot.errors import NotAdmin
from knowledge import follows
from knowledge.follows import MAX_FOLLOWS
from knowledge.resolve import Film
from knowledge.store import Store

from .bot_support import ZORBLAX, channel, make_admin, member, say
from .helpers import article_text

SEQUEL_NEWS = article_text(
    "2025-04-02",
    "Zorblax Returns Moves to December",
    "Zorblax Returns has been delayed to December 2026, the studio said on Tuesday. "
    "Jane Doe is still finishing the visual effects. "
    "The first film opened in 2019.",
    url="https://films.example/zorblax-december",
)
PASSING = article_text(
    "2025-04-03",
    "Quibble Nights Starts Shooting in Oslo",
    "Quibble Nights started shooting in Oslo on Monday, the studio said. "
    "Ola Nordmann directs the film from his own script. "
    "The studio is also behind Zorblax Returns, which is out next year. "
    "Quibble Nights is set for release in 2027.",
)


def server(index: int) -> int:
    return dpytest.get_config().guilds[index].id


def pending(bot) -> list[tuple[int, str, str | None]]:
    """Every notice in the bot's database: (server, film, sent_at), read with a connection of the test's own."""
    with contextlib.closing(sqlite3.connect(bot.settings.database)) as conn:
        return conn.execute("SELECT guild_id, title, sent_at FROM notices ORDER BY id").fetchall()


async def deliver(bot) -> int:
    delivered = await bot.get_cog("Follows").deliver_once()
    await dpytest.run_all_events()
    return delivered


@pytest.fixture
async def zorblax(bot):
    """Server A knows Zorblax Returns (its admin, alice, ingested one article about it)."""
    await make_admin(member(0))
    assert (await say("!ingest " + ZORBLAX)).content.startswith("Added #")
    return bot


# -- following -----------------------------------------------------------------------------


async def test_follow_confirms_the_title_with_typos_and_lists_it(zorblax):
    assert (await say("!follow zorblax retruns", who=1)).content == (
        "Following **Zorblax Returns**: I'll tell you by direct message when an article about it arrives."
    )
    assert (await say("!follow Zorblax Returns", who=1)).content == (
        "You already follow **Zorblax Returns** here. `!following` lists your films."
    )
    assert (await say("!following", who=1)).content == (
        f"You follow 1 of at most {MAX_FOLLOWS} films here: **Zorblax Returns**. `!unfollow <film>` stops one."
    )
    assert (await say("!following")).content == "You follow no films here. `!follow <film>` follows one."  # alice follows nothing


async def test_follow_is_strict_about_sequel_numbers_and_suggests_titles(zorblax):
    assert (await say("!follow Zorblax Returns 2", who=1)).content == (
        "I don't know a film called “Zorblax Returns 2”. Did you mean **Zorblax Returns**?"
    )
    assert (await say("!follow Qwxyz Vortle", who=1)).content == "I don't know a film called “Qwxyz Vortle”."
    assert (await say("!following", who=1)).content.startswith("You follow no films here.")


async def test_follow_needs_a_film_and_a_server(zorblax):
    with pytest.raises(commands.MissingRequiredArgument):
        await dpytest.message("!follow", member=member(1))
    assert dpytest.get_message().content == "That needs a film. Usage: `!follow <film>`, e.g. `!follow Tidebreaker 2`."
    dm = await member(1).create_dm()
    with pytest.raises(commands.NoPrivateMessage):
        await dpytest.message("!follow Zorblax Returns", channel=dm, member=member(1))
    assert dpytest.get_message().content == "Following films is per server; use this in your server."


async def test_a_member_follows_at_most_25_films_per_server(zorblax):
    with Store(zorblax.settings.database) as store:
        for n in range(MAX_FOLLOWS):
            follows.follow(store, server(0), member(1).id, Film((10_000 + n,), f"Film {n}", f"film {n}", 100.0, True))
    assert (await say("!follow Zorblax Returns", who=1)).content == (
        f"I can't: you already follow {MAX_FOLLOWS} films here, the most you may. `!unfollow <film>` one first."
    )
    assert "Zorblax Returns" not in (await say("!following", who=1)).content
    assert (await say("!unfollow Film 3", who=1)).content == "You no longer follow **Film 3** here."  # a title no article names
    assert (await say("!follow Zorblax Returns", who=1)).content.startswith("Following **Zorblax Returns**")


async def test_unfollow_one_film_or_all(zorblax):
    await say("!follow Zorblax Returns", who=1)
    assert (await say("!unfollow zorblax retruns", who=1)).content == "You no longer follow **Zorblax Returns** here."
    assert (await say("!unfollow Zorblax Returns", who=1)).content == (
        "You don't follow “Zorblax Returns” here. `!following` lists your films."
    )
    await say("!follow Zorblax Returns", who=1)
    assert (await say("!unfollow all", who=1)).content == "You no longer follow any films here (1 before)."
    assert (await say("!unfollow all", who=1)).content == "You follow no films here."


async def test_follows_are_per_server(zorblax):
    assert (await say("!follow Zorblax Returns", who=2)).content == (  # server B has no article about it
        "I don't know a film called “Zorblax Returns”."
    )
    await say("!follow Zorblax Returns", who=0)
    assert (await say("!following", who=2)).content.startswith("You follow no films here.")  # the same person, in B


async def test_only_admins_set_the_follow_channel(zorblax):
    with pytest.raises(NotAdmin):
        await dpytest.message(f"!follow channel {channel(0).mention}", member=member(1))
    assert dpytest.get_message().content == "Only members with Manage Server or the “filmbot admin” role can do that."
    assert (await say(f"!follow channel {channel(0).mention}")).content == (
        f"Follow notices will be posted in {channel(0).mention}, mentioning only each film's followers."
    )
    assert (await say("!follow Zorblax Returns", who=1)).content == (
        f"Following **Zorblax Returns**: I'll tell you in <#{channel(0).id}> when an article about it arrives."
    )
    assert (await say("!follow channel")).content == (
        "Give a channel or `off`: `!follow channel #film-news`, or `!follow channel off`."
    )
    assert (await say("!follow channel off")).content == "Follow notices will go to each follower by direct message."


# -- delivering ----------------------------------------------------------------------------


async def test_an_ingest_notifies_exactly_the_followers_in_the_channel_once(zorblax, sent):
    bot = zorblax
    await say(f"!follow channel {channel(0).mention}")
    await say("!follow Zorblax Returns", who=1)
    await say("!follow Zorblax Returns", who=0)
    await say("!ingest " + PASSING)  # names the film once, in passing: no notice
    assert await deliver(bot) == 0
    await say("!ingest " + SEQUEL_NEWS)
    sent.clear()

    assert await deliver(bot) == 1
    notice = dpytest.get_message()
    assert notice.channel == channel(0)
    assert notice.content == (
        "New on Zorblax Returns — “Zorblax Returns has been delayed to December 2026, the studio said on Tuesday.”"
        " — Zorblax Returns Moves to December · 2025-04-02 <https://films.example/zorblax-december>\n"
        + " ".join(f"<@{user}>" for user in sorted([member(0).id, member(1).id]))
    )
    [payload] = sent
    assert payload["allowed_mentions"] == {"parse": [], "users": sorted([member(0).id, member(1).id])}

    assert await deliver(bot) == 0  # once
    assert dpytest.verify().message().nothing()
    assert [sent_at is not None for _, _, sent_at in pending(bot)] == [True]


async def test_without_a_channel_each_follower_gets_a_direct_message_and_closed_ones_are_skipped(zorblax, monkeypatch, caplog):
    bot = zorblax
    await say("!follow Zorblax Returns", who=1)
    await say("!follow Zorblax Returns", who=0)
    original = discord.Member.send

    async def closed_for_alice(self, *args, **kwargs):
        if self.id == member(0).id:
            raise discord.Forbidden(type("Response", (), {"status": 403, "reason": "Forbidden"})(), "Cannot send messages to this user")
        return await original(self, *args, **kwargs)

    monkeypatch.setattr(discord.Member, "send", closed_for_alice)
    await say("!ingest " + SEQUEL_NEWS)
    with caplog.at_level(logging.WARNING, logger="filmbot.follows"):
        assert await deliver(bot) == 1
    dm = dpytest.get_message()
    assert dm.channel.id == (await member(1).create_dm()).id
    assert dm.content.startswith("New on Zorblax Returns — “Zorblax Returns has been delayed to December 2026")
    assert "<@" not in dm.content
    assert dpytest.verify().message().nothing()
    assert "skipped a follow notice to member" in caplog.text
    assert await deliver(bot) == 0  # never retried


async def test_mentions_in_a_notice_are_limited_to_the_followers(zorblax, sent):
    bot = zorblax
    await say(f"!follow channel {channel(0).mention}")
    await say("!follow Zorblax Returns", who=1)
    loud = article_text(
        "2025-04-05", "Zorblax Returns @everyone <@&123456> Wraps",
        f"Zorblax Returns wrapped filming on Friday, <@{member(0).id}> and @here were told. Jane Doe thanked the crew.",
    )
    await say("!ingest " + loud)
    sent.clear()
    await deliver(bot)
    [payload] = sent
    assert payload["allowed_mentions"] == {"parse": [], "users": [member(1).id]}
    text = payload["content"]
    assert "@everyone" not in text and "@here" not in text and f"<@{member(0).id}>" not in text and "<@&" not in text
    assert text.endswith(f"\n<@{member(1).id}>")


async def test_another_servers_article_notifies_nobody_here(bot):
    bot.owner_id = member(0).id
    await make_admin(member(0))
    assert (await say("!ingest --global " + ZORBLAX)).content.startswith("Added #")  # every server knows the film
    await say("!follow Zorblax Returns", who=3)  # bob, in server B
    await say("!ingest " + SEQUEL_NEWS)  # server A's own article
    assert pending(bot) == []
    assert await deliver(bot) == 0
    assert dpytest.verify().message().nothing()


async def test_a_global_article_notifies_followers_in_every_server(bot):
    bot.owner_id = member(0).id
    await make_admin(member(0))
    await say("!ingest --global " + ZORBLAX)
    await say("!follow Zorblax Returns", who=1)
    await say("!follow Zorblax Returns", who=3)
    await say("!ingest --global " + SEQUEL_NEWS)
    assert sorted(guild for guild, _, _ in pending(bot)) == sorted([server(0), server(1)])
    assert await deliver(bot) == 2
    recipients = {dpytest.get_message().channel.id, dpytest.get_message().channel.id}
    assert recipients == {(await member(1).create_dm()).id, (await member(3).create_dm()).id}


async def test_a_forgotten_article_sends_nothing(zorblax):
    bot = zorblax
    await say("!follow Zorblax Returns", who=1)
    added = await say("!ingest " + SEQUEL_NEWS)
    article_id = int(added.content.split("#")[1].split(" ")[0])
    assert len(pending(bot)) == 1
    await say(f"!forget {article_id}")
    assert pending(bot) == []
    assert await deliver(bot) == 0
    assert dpytest.verify().message().nothing()


async def test_the_same_article_again_notifies_nobody(zorblax):
    bot = zorblax
    await say("!follow Zorblax Returns", who=1)
    await say("!ingest " + SEQUEL_NEWS)
    assert await deliver(bot) == 1
    dpytest.get_message()
    assert (await say("!ingest " + SEQUEL_NEWS)).content.startswith("Already have #")
    assert await deliver(bot) == 0
    assert dpytest.verify().message().nothing()


async def test_a_restart_delivers_what_was_pending_once_and_repeats_nothing(zorblax):
    bot = zorblax
    await say("!follow Zorblax Returns", who=1)
    await say("!ingest " + SEQUEL_NEWS)
    await bot.reload_extension("bot.cogs.follows")  # the delivery task starts again, knowing only the database
    assert await deliver(bot) == 1
    assert dpytest.get_message().content.startswith("New on Zorblax Returns")
    await bot.reload_extension("bot.cogs.follows")
    assert await deliver(bot) == 0
    assert dpytest.verify().message().nothing()


async def test_a_notice_recorded_by_a_separate_filmbot_ingest_is_delivered(zorblax, tmp_path):
    bot = zorblax
    await say("!follow Zorblax Returns", who=1)
    article = tmp_path / "zorblax-december.txt"
    article.write_text(SEQUEL_NEWS, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ingest", "--db", bot.settings.database, "--guild", str(server(0)), str(article)],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("new ")
    assert await deliver(bot) == 1
    dm = dpytest.get_message()
    assert dm.channel.id == (await member(1).create_dm()).id
    assert "Zorblax Returns Moves to December · 2025-04-02" in dm.content
