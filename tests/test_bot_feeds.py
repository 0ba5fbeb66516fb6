"""Feeds end to end through dpytest: who may follow feeds, per-server isolation, and the poll
task (its body called directly) against a feed served on 127.0.0.1: articles ingested into the
right server, notices posted with no mentions allowed, failing feeds reported.

Offline: the ``loopback_only`` guard of test_feeds fails any connection that is not loopback.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import html
import sqlite3
import threading
import time
from dataclasses import replace

import discord
import discord.ext.test as dpytest
import pytest
from aiohttp import web
from discord.ext import commands

from bot.cogs.feeds import MAX_FEEDS, notice
from bot.errors import NotAdmin
from bot.library import Library
from knowledge import feeds
from knowledge.feeds import PollResult
from knowledge.fetch import FetchPolicy
from knowledge.store import Added

from .bot_support import channel, give_role, interaction, make_admin, member, run_slash, say
from .helpers import start_site
from .test_feeds import loopback_only  # noqa: F401 - autouse: nothing leaves the machine

REFUSED = "Only members with Manage Server or the “filmbot admin” role can do that."
MANAGE_SERVER = discord.Permissions(manage_guild=True)
HEADLINE = "Zorblax Returns *Finally* Gets a Director, @everyone"
BODY = [
    "Zorblax Returns was directed by Jane Doe, the studio said on Monday.",
    "Zorblax Returns is set to be released in theaters in June 2026.",
    "The sequel follows the 2019 original, which became a surprise hit with families and critics alike.",
    "Producers said the production would shoot in Oslo and Reykjavik over the coming winter months.",
    "Jane Doe said she had wanted to make the film since she first saw the original as a student.",
    "The studio has not yet announced who will compose the music for the sequel, the statement added.",
]


def rss(base: str, items: list[tuple[str, str, str]], title: str = "Zorblax Weekly") -> bytes:
    """An RSS feed whose items (guid, title, paragraphs) carry their article in full."""
    entries = "".join(
        f"<item><title>{html.escape(head)}</title><link>{base}/articles/{guid}</link><guid>{guid}</guid>"
        f"<pubDate>Sat, 01 Mar 2025 10:00:00 GMT</pubDate><content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for guid, head, body in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{html.escape(title)}</title><link>{base}/</link>{entries}</channel></rss>"
    ).encode()


def paragraphs(sentences: list[str]) -> str:
    return "".join(f"<p>{html.escape(s)}</p>" for s in sentences)


@pytest.fixture
async def site():
    """Feeds on 127.0.0.1: /zorblax.xml (one article), /quibble.xml (another), /broken.xml (500),
    /slow.xml (answers after 30 s). ``site.seen`` lists the paths requested."""
    seen: list[str] = []

    async def zorblax(request):
        seen.append(request.path)
        return web.Response(body=rss(base, [("zorblax-1", HEADLINE, paragraphs(BODY))]), content_type="application/rss+xml")

    async def quibble(request):
        seen.append(request.path)
        body = [s.replace("Zorblax Returns", "Quibble Nights").replace("Jane Doe", "Ola Nordmann") for s in BODY]
        item = ("quibble-1", "Quibble Nights Gets a Director", paragraphs(body))
        return web.Response(body=rss(base, [item], "Quibble News"), content_type="application/rss+xml")

    async def broken(request):
        seen.append(request.path)
        raise web.HTTPInternalServerError()

    async def slow(request):
        seen.append(request.path)
        await asyncio.sleep(30)
        return web.Response(body=rss(base, []), content_type="application/rss+xml")

    app = web.Application()
    for path, handler in (("/zorblax.xml", zorblax), ("/quibble.xml", quibble), ("/broken.xml", broken), ("/slow.xml", slow)):
        app.router.add_get(path, handler)
    server = await start_site(app)
    base, server.seen = server.base, seen
    yield server
    await server.close()


@pytest.fixture
def local(bot):
    """The bot may fetch from 127.0.0.1 (as the settings allow for tests and local use)."""
    bot.settings = replace(bot.settings, allow_loopback=True)
    return bot


def feed_ids(bot, guild_index: int) -> list[int]:
    """The ids of a server's feeds (read with a connection of the test's own)."""
    with contextlib.closing(sqlite3.connect(bot.settings.database)) as conn:
        rows = conn.execute("SELECT id FROM feeds WHERE guild_id = ? ORDER BY id", (dpytest.get_config().guilds[guild_index].id,))
        return [feed_id for (feed_id,) in rows]


# -- managing feeds ------------------------------------------------------------------------


async def test_an_admin_adds_lists_and_removes_a_feed(bot):
    await make_admin(member(0))
    news = channel(0)
    reply = await say(f"!feed add <https://films.example/rss> {news.mention}")
    [feed_id] = feed_ids(bot, 0)
    assert reply.content == (
        f"Following feed #{feed_id} <https://films.example/rss>: new articles will be announced in {news.mention}."
        " I'll read it within a minute; `!feed list` shows how it goes."
    )

    quiet = await say("!feed add https://films.example/atom")
    assert "new articles are added quietly (give a #channel to have them announced)" in quiet.content

    listing = (await say("!feed list")).content.split("\n")
    first, second = feed_ids(bot, 0)
    assert listing == [
        "Feeds this server follows (2):",
        f"#{first} <https://films.example/rss> → <#{news.id}> · not read yet · next within a minute",
        f"#{second} <https://films.example/atom> → no channel · not read yet · next within a minute",
    ]

    gone = await say(f"!feed remove {first}")
    assert gone.content == f"Stopped following feed #{first}. The articles it brought stay; `!forget` removes one."
    assert feed_ids(bot, 0) == [second]
    assert (await say(f"!feed remove {first}")).content == f"This server follows no feed #{first}. `!feed list` lists them."

    await say(f"!feed remove {second}")
    assert (await say("!feed list")).content == "This server follows no feeds yet. Add one with `!feed add <url> [#channel]`."


async def test_members_who_are_not_admins_are_refused_and_nothing_changes(bot):
    await make_admin(member(0))
    await say("!feed add https://films.example/rss")
    for command in ("!feed add https://films.example/other", "!feed list", f"!feed remove {feed_ids(bot, 0)[0]}", "!feed"):
        with pytest.raises(NotAdmin):
            await dpytest.message(command, member=member(1))
        assert dpytest.get_message().content == REFUSED
    assert len(feed_ids(bot, 0)) == 1


async def test_a_role_named_in_the_settings_may_follow_feeds(bot):
    await give_role(member(1), "filmbot admin")
    assert (await say("!feed add https://films.example/rss", who=1)).content.startswith("Following feed #")


async def test_servers_see_and_remove_only_their_own_feeds(bot):
    await make_admin(member(0))
    await make_admin(member(2))  # server B's admin
    await say("!feed add https://films.example/rss")
    [a_feed] = feed_ids(bot, 0)

    assert (await say("!feed list", who=2)).content.startswith("This server follows no feeds yet.")
    refused = await say(f"!feed remove {a_feed}", who=2)
    assert refused.content == f"This server follows no feed #{a_feed}. `!feed list` lists them."
    assert feed_ids(bot, 0) == [a_feed]

    assert (await say("!feed add https://films.example/rss", who=2)).content.startswith("Following feed #")  # B may follow it too
    [b_feed] = feed_ids(bot, 1)
    assert b_feed != a_feed
    assert f"#{a_feed} " not in (await say("!feed list", who=2)).content
    assert f"#{b_feed} " not in (await say("!feed list")).content


async def test_a_channel_of_another_server_is_not_accepted(bot):
    await make_admin(member(0))
    with pytest.raises(commands.UserInputError):
        await dpytest.message(f"!feed add https://films.example/rss {channel(1).id}", member=member(0))
    reply = dpytest.get_message().content
    assert reply == (
        "I couldn't read that. Usage: `!feed add <url> [#channel]`,"
        " e.g. `!feed add https://example.com/film-news.rss #film-news`."
    )
    assert feed_ids(bot, 0) == []


@pytest.mark.parametrize(("url", "why"), [
    ("http://10.0.0.1/rss", "that address is private (10.0.0.1)"),
    ("http://127.0.0.1:8080/rss", "that address is loopback (127.0.0.1)"),  # unless the settings allow loopback
    ("ftp://films.example/rss", "only http and https links can be fetched, not ftp:"),
    ("films-news", "only http and https links can be fetched"),
])
async def test_bad_feed_links_are_refused(bot, url, why):
    await make_admin(member(0))
    assert (await say(f"!feed add {url}")).content == f"I can't follow that feed: {why}."
    assert feed_ids(bot, 0) == []


async def test_the_same_feed_twice_and_too_many_feeds_are_refused(bot):
    await make_admin(member(0))
    await say("!feed add https://films.example/rss")
    assert (await say("!feed add https://films.example/rss")).content == (
        "I can't follow that feed: this server already follows that feed."
    )
    for n in range(1, MAX_FEEDS):
        await say(f"!feed add https://films.example/rss{n}")
    assert len(feed_ids(bot, 0)) == MAX_FEEDS
    assert (await say("!feed add https://films.example/one-more")).content == (
        f"This server already follows {MAX_FEEDS} feeds, the most it may; `!feed remove` one first."
    )
    assert len(feed_ids(bot, 0)) == MAX_FEEDS


async def test_usage_help(bot):
    await make_admin(member(0))
    assert (await say("!feed")).content.startswith("Feeds keep this server's articles current: `!feed add <url> [#channel]`")
    with pytest.raises(commands.BadArgument):
        await dpytest.message("!feed remove latest", member=member(0))
    assert dpytest.get_message().content == "I couldn't read that. Usage: `!feed remove <id>`, e.g. `!feed remove 3`."
    with pytest.raises(commands.MissingRequiredArgument):
        await dpytest.message("!feed add", member=member(0))
    assert dpytest.get_message().content.startswith("That needs a url. Usage: `!feed add <url> [#channel]`")


async def test_feed_commands_work_only_in_servers(bot):
    bot.owner_id = member(0).id  # even the owner: a feed belongs to a server
    dm = await member(0).create_dm()
    with pytest.raises(commands.NoPrivateMessage):
        await dpytest.message("!feed list", channel=dm, member=member(0))
    assert dpytest.get_message().content == "Feeds belong to a server; use this in your server."


# -- polling -------------------------------------------------------------------------------


async def test_the_poll_ingests_into_the_server_and_announces_without_mentions(local, site, sent, monkeypatch):
    bot = local
    threads = []
    original = feeds.poll

    async def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return await original(*args, **kwargs)

    monkeypatch.setattr(feeds, "poll", recording)
    await make_admin(member(0))
    await say(f"!feed add {site.base}/zorblax.xml {channel(0).mention}")
    [feed_id] = feed_ids(bot, 0)

    rounds = await bot.get_cog("Feeds").poll_once()

    [(feed, result)] = rounds
    assert (feed.id, result.error, [a.new for a in result.added]) == (feed_id, None, [True])
    assert threads and threads[0] is not threading.main_thread()  # fetched and analysed off the event loop
    assert threads[0].name.startswith("filmbot-feeds")

    posted = dpytest.get_message()
    assert posted.channel == channel(0)
    assert posted.content == (
        "New: **Zorblax Returns \\*Finally\\* Gets a Director, @\u200beveryone** (films: Zorblax Returns)"
        " — `!sources Zorblax Returns`"
    )
    assert sent[-1]["allowed_mentions"] == {"parse": []}
    assert not posted.mention_everyone

    answer = (await say("!who directed Zorblax Returns")).embeds[0]
    assert answer.description == "“Zorblax Returns was directed by Jane Doe, the studio said on Monday.”"
    assert answer.fields[0].value.startswith(f"[{HEADLINE.replace('*', chr(92) + '*').replace('@', '@' + chr(0x200B))}]")
    assert (await say("!who directed Zorblax Returns", who=2)).embeds[0].title == "No answer"  # server B

    listing = (await say("!feed list")).content.split("\n")
    assert listing[1].startswith(f"#{feed_id} **Zorblax Weekly** <{site.base}/zorblax.xml> → <#{channel(0).id}> · checked <t:")
    assert ":R> · next <t:" in listing[1]
    next_check = dt.datetime.fromisoformat((await bot.library.list_feeds(member(0).guild.id))[0].next_check)
    assert dt.timedelta(minutes=26) < next_check - discord.utils.utcnow() < dt.timedelta(minutes=34)  # 30 min ± 10 %

    assert await bot.get_cog("Feeds").poll_once() == []  # nothing due until then
    assert site.seen == ["/zorblax.xml"]


async def test_a_failing_feed_is_reported_and_does_not_stop_the_others(local, site):
    bot = local
    await make_admin(member(0))
    await make_admin(member(2))
    await say(f"!feed add {site.base}/broken.xml {channel(0).mention}")
    await say(f"!feed add {site.base}/zorblax.xml")  # no channel: added quietly
    await say(f"!feed add {site.base}/quibble.xml {channel(1).mention}", who=2)  # server B's own
    broken, quiet = feed_ids(bot, 0)

    results = {feed.id: result for feed, result in await bot.get_cog("Feeds").poll_once()}
    assert results[broken].error == "the site answered 500 Internal Server Error"
    assert results[quiet].error is None and len(results[quiet].added) == 1
    [(b_feed, b_result)] = [(i, r) for i, r in results.items() if i not in (broken, quiet)]
    assert b_result.error is None and len(b_result.added) == 1

    posted = dpytest.get_message()  # only server B's feed has a channel
    assert posted.channel == channel(1)
    assert posted.content == "New: **Quibble Nights Gets a Director** (films: Quibble Nights) — `!sources Quibble Nights`"
    assert dpytest.sent_queue.empty()

    assert (await say("!who directed Zorblax Returns")).embeds[0].title == "Zorblax Returns"  # A's quiet feed
    assert (await say("!who directed Quibble Nights")).embeds[0].title == "No answer"  # B's, not A's
    assert (await say("!who directed Quibble Nights", who=2)).embeds[0].title == "Quibble Nights"

    listing = (await say("!feed list")).content.split("\n")
    assert listing[0] == "Feeds this server follows (2, 1 failing):"
    assert listing[1].startswith(f"#{broken} <{site.base}/broken.xml> → <#{channel(0).id}> · checked <t:")
    assert listing[1].endswith(":R> · **failing** (once): the site answered 500 Internal Server Error · retrying <t:" + listing[1].rsplit("<t:", 1)[1])
    assert "failing" not in listing[2]
    row = (await bot.library.list_feeds(member(0).guild.id))[0]
    assert row.failures == 1  # backs off: 30 min × 2, ± 10 %
    assert dt.timedelta(minutes=53) < dt.datetime.fromisoformat(row.next_check) - discord.utils.utcnow() < dt.timedelta(minutes=67)


async def test_the_poll_task_survives_failures(local, site, caplog, monkeypatch):
    bot = local
    await make_admin(member(0))
    await say(f"!feed add {site.base}/zorblax.xml {channel(0).mention}")
    await say(f"!feed add {site.base}/quibble.xml {channel(0).mention}")
    cog = bot.get_cog("Feeds")

    def unreadable():
        raise RuntimeError("the disk is on fire")

    monkeypatch.setattr(bot.library, "due_feeds", unreadable)
    assert await cog.poll_once() == []
    assert "could not read the due feeds; trying again in a minute" in caplog.text
    monkeypatch.undo()

    async def forbidden(*args, **kwargs):
        raise discord.Forbidden(type("Response", (), {"status": 403, "reason": "Forbidden"})(), "Missing Access")

    monkeypatch.setattr(discord.TextChannel, "send", forbidden)  # the bot may not post there
    rounds = await cog.poll_once()
    assert [len(result.added) for _, result in rounds] == [1, 1]  # both stored, though neither was announced
    assert caplog.text.count(f"could not post in channel {channel(0).id}: 403 Forbidden") == 2
    assert cog.poller.is_running()


async def test_an_unexpected_error_in_one_feed_does_not_stop_the_round(local, site, caplog, monkeypatch):
    bot = local
    await make_admin(member(0))
    await say(f"!feed add {site.base}/zorblax.xml {channel(0).mention}")
    await say(f"!feed add {site.base}/quibble.xml {channel(0).mention}")
    cog = bot.get_cog("Feeds")
    announced = []

    async def announce(feed, result):
        if not announced:
            announced.append(feed.id)
            raise RuntimeError("a bug")
        announced.append(feed.id)

    monkeypatch.setattr(cog, "announce", announce)
    rounds = await cog.poll_once()
    assert [feed.id for feed, _ in rounds] == announced == feed_ids(bot, 0)
    assert f"polling feed {announced[0]} of guild {member(0).guild.id} failed" in caplog.text


async def test_a_notice_for_a_deleted_channel_is_skipped(local, site, caplog):
    bot = local
    await make_admin(member(0))
    await say(f"!feed add {site.base}/zorblax.xml {channel(0).mention}")
    with contextlib.closing(sqlite3.connect(bot.settings.database)) as conn, conn:
        conn.execute("UPDATE feeds SET channel_id = 1234")  # a channel that no longer exists
    [(_, result)] = await bot.get_cog("Feeds").poll_once()
    assert len(result.added) == 1
    assert dpytest.sent_queue.empty()
    assert "channel 1234 is gone; no notice posted" in caplog.text


def test_a_notice_names_at_most_ten_articles_and_fits_a_message():
    added = [
        Added(i, True, "A headline " + "long " * 60, None, None, films=[f"Film {i}", "Other", "More", "Fourth"])
        for i in range(25)
    ]
    text = notice(PollResult(1, added=added[:3]), "?")
    assert text.split("\n")[0] == f"New: **{'A headline ' + 'long ' * 36}long…** (films: Film 0, Other, More) — `?sources Film 0`"
    assert len(text.split("\n")) == 3

    text = notice(PollResult(1, added=added), "?")
    lines = text.split("\n")
    assert len(text) <= 2000 and len(lines) == 8  # seven of the ten fit
    assert lines[-1] == "… and 18 more; `?articles` lists them."
    short = [Added(i, True, f"Headline {i}", None, None, films=["Film"]) for i in range(25)]
    lines = notice(PollResult(1, added=short)).split("\n")
    assert len(lines) == 11 and lines[-1] == "… and 15 more; `!articles` lists them."
    no_films = notice(PollResult(1, added=[Added(1, True, "Quiet News", None, None)]))
    assert no_films == "New: **Quiet News**"


# -- slash commands and shutting down --------------------------------------------------------


def feed_interaction(bot, sub: str, who, options: dict | None = None, permissions=None) -> discord.Interaction:
    """``/feed <sub>``: the payload of a subcommand nests its options under it."""
    item = interaction(bot, "help", who, permissions=permissions)  # a command without options, then renamed
    item.data["name"] = "feed"
    item.data["options"] = [
        {"type": 1, "name": sub, "options": [{"name": k, "type": 4 if isinstance(v, int) else 3, "value": v}
                                              for k, v in (options or {}).items()]}
    ]
    return item


async def test_slash_feed_group_is_for_admins_in_servers(bot, discord_api):
    data = bot.tree.get_command("feed").to_dict(bot.tree)
    assert data["default_member_permissions"] == MANAGE_SERVER.value and data["contexts"] == [0]
    assert sorted(option["name"] for option in data["options"]) == ["add", "list", "remove"]

    await make_admin(member(0))
    await say("!feed add https://films.example/rss")
    await run_slash(bot, feed_interaction(bot, "list", member(1)))
    assert discord_api.last["content"] == REFUSED and discord_api.last["flags"] == 64

    [feed_id] = feed_ids(bot, 0)
    await run_slash(bot, feed_interaction(bot, "list", member(0), permissions=MANAGE_SERVER))
    assert discord_api.last["content"].startswith(f"Feeds this server follows (1):\n#{feed_id} <https://films.example/rss>")
    assert discord_api.last["allowed_mentions"] == {"parse": []}

    await run_slash(bot, feed_interaction(bot, "remove", member(0), {"feed": feed_id}, permissions=MANAGE_SERVER))
    assert discord_api.last["content"] == f"Stopped following feed #{feed_id}. The articles it brought stay; `/forget` removes one."
    assert feed_ids(bot, 0) == []


async def test_closing_stops_a_poll_under_way_and_the_feed_stays_due(tmp_path, site):
    library = Library(str(tmp_path / "bot.db"))
    feed = await library.add_feed(7, f"{site.base}/slow.xml", None, allow_loopback=True)
    policy = FetchPolicy(allow_loopback=True, total_timeout=60)
    polling = asyncio.ensure_future(library.poll_feed(feed, policy, 30))
    while "/slow.xml" not in site.seen:
        await asyncio.sleep(0.05)
    started = time.perf_counter()
    await asyncio.to_thread(library.close)
    assert time.perf_counter() - started < 5  # not the 30 s the site takes
    assert (await polling).error == "the bot is shutting down"
    assert await library.poll_feed(feed, policy, 30) == PollResult(feed.id, error="the bot is shutting down")

    reopened = Library(str(tmp_path / "bot.db"))  # the restart: nothing was recorded, so it is due again
    assert [f.id for f in await reopened.due_feeds()] == [feed.id]
    reopened.close()


async def test_unloading_the_cog_stops_the_poll_task(bot):
    cog = bot.get_cog("Feeds")
    assert cog.poller.is_running()
    await bot.remove_cog("Feeds")
    await asyncio.sleep(0)
    assert not cog.poller.is_running()
