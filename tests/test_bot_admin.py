"""Admin commands end to end through dpytest: who may ingest and forget, what they may touch,
per-server knowledge, the global collection, attachments, links and pasted text."""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import replace

import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot.errors import NotAdmin

from .bot_support import ZORBLAX, count_articles, give_role, make_admin, member, say
from .helpers import FIXTURES, article_text

ADDED = "Added #{id} **Zorblax Returns Gets a Director** (2025-03-01, 3 sentences; films: Zorblax Returns) to {where}."



async def test_members_without_manage_server_or_the_role_are_refused(bot):
    before = count_articles(bot)
    for command in ("!ingest " + ZORBLAX, "!forget 1", "!articles", "!stats"):
        with pytest.raises(NotAdmin):
            await dpytest.message(command, member=member(1))
        assert dpytest.get_message().content == "Only members with Manage Server or the “filmbot admin” role can do that."
    assert count_articles(bot) == before


async def test_an_admin_ingests_pasted_text_for_their_server_only(bot):
    await make_admin(member(0))
    reply = await say("!ingest " + ZORBLAX)
    new_id = count_articles(bot)
    assert reply.content == ADDED.format(id=new_id, where="this server's collection")
    assert (await say("!who directed Zorblax Returns")).embeds[0].description.startswith("“Zorblax Returns was directed by Jane Doe")
    assert (await say("!who directed Zorblax Returns", who=1)).embeds[0].title == "Zorblax Returns"  # any member of A

    other = (await say("!who directed Zorblax Returns", who=2)).embeds[0]  # server B
    assert (other.title, other.description) == ("No answer", "I don't know a film called “Zorblax Returns”.")


async def test_pasted_text_may_be_in_a_code_block_and_the_same_article_twice_changes_nothing(bot):
    await make_admin(member(0))
    first = await say("!ingest ```\n" + ZORBLAX + "```")
    assert first.content.startswith("Added #")
    count = count_articles(bot)
    again = await say("!ingest " + ZORBLAX)
    assert again.content == f"Already have #{count} **Zorblax Returns Gets a Director** in this server's collection; nothing changed."
    assert count_articles(bot) == count


async def test_a_role_named_in_the_settings_may_ingest(bot):
    await give_role(member(1), "FilmBot Admin")  # names match without regard to case
    assert (await say("!ingest " + ZORBLAX, who=1)).content.startswith("Added #")


async def test_only_the_owner_ingests_into_the_global_collection_every_server_sees(bot):
    await make_admin(member(0))
    with pytest.raises(commands.NotOwner):
        await dpytest.message("!ingest --global " + ZORBLAX, member=member(0))
    assert dpytest.get_message().content == "Only the bot owner can add articles to the global collection."
    assert (await say("!status Zorblax Returns", who=2)).embeds[0].title == "No answer"

    bot.owner_id = member(2).id  # the owner is a plain member of server B
    reply = await say("!ingest --global " + ZORBLAX, who=2)
    assert reply.content == ADDED.format(id=count_articles(bot), where="the global collection")
    assert (await say("!when Zorblax Returns", who=0)).embeds[0].title == "Zorblax Returns"  # server A sees it too


async def test_ingest_without_anything_explains_the_three_ways(bot):
    await make_admin(member(0))
    reply = await say("!ingest")
    assert reply.content.startswith("Give me something to add: `!ingest <link>`, attach .txt, .md or .html files")


async def test_ingest_attached_files(bot, tmp_path):
    await make_admin(member(0))
    text = tmp_path / "zorblax.txt"
    text.write_text(ZORBLAX, "utf-8")
    markdown = tmp_path / "notes.md"
    markdown.write_text("---\ntitle: Quibble Nights Wraps\ndate: 2025-04-02\n---\n**Quibble Nights** wrapped filming in Oslo.\n", "utf-8")
    html = FIXTURES / "html" / "tmz-lupita-dress.html"
    reply = await say("!ingest", attachments=[str(text), str(markdown), str(html)])
    lines = reply.content.split("\n")
    assert len(lines) == 3 and lines[0].startswith("Added #") and "Zorblax Returns Gets a Director" in lines[0]
    assert "**Quibble Nights Wraps** (2025-04-02" in lines[1]
    assert "Lupita" in lines[2]


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("poster.pdf", b"%PDF-1.4", "poster.pdf: only .txt, .md and .html files can be ingested"),
        ("binary.txt", b"\x00\x01\x02 not text", "binary.txt: this looks like a binary file, not text"),
        ("latin1.txt", "date 2025-03-01 Café\nUn café à Paris.".encode("latin-1"), "latin1.txt: the text is not UTF-8"),
        ("huge.txt", b"date 2025-03-01 Huge\n" + b"word " * 500, "huge.txt: larger than the limit of 1 kB"),
    ],
)
async def test_refused_attachments_store_nothing_not_even_the_good_ones(bot, tmp_path, name, data, why):
    bot.settings = replace(bot.settings, max_attachment_bytes=1000)
    await make_admin(member(0))
    good = tmp_path / "good.txt"
    good.write_text(ZORBLAX, "utf-8")
    bad = tmp_path / name
    bad.write_bytes(data)
    before = count_articles(bot)
    reply = await say("!ingest", attachments=[str(good), str(bad)])
    assert reply.content.startswith(f"Nothing was added. {why}")
    assert count_articles(bot) == before


@pytest.fixture
def article_site(tmp_path):
    """A web server on 127.0.0.1 serving one article."""
    (tmp_path / "zorblax.txt").write_text(ZORBLAX, "utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def test_ingest_a_link(bot, article_site):
    bot.settings = replace(bot.settings, allow_loopback=True)
    await make_admin(member(0))
    reply = await say(f"!ingest <{article_site}/zorblax.txt>")
    assert reply.content == ADDED.format(id=count_articles(bot), where="this server's collection")
    source = (await say("!who directed Zorblax Returns")).embeds[0].fields[0].value
    assert source == f"[Zorblax Returns Gets a Director]({article_site}/zorblax.txt)\n2025-03-01"


async def test_links_to_private_addresses_are_refused(bot, article_site):
    await make_admin(member(0))
    reply = await say(f"!ingest {article_site}/zorblax.txt")
    assert reply.content.startswith(f"Nothing was added. {article_site}/zorblax.txt: that address is")


async def test_articles_lists_ids_and_forget_removes_one_with_its_facts(bot):
    await make_admin(member(0))
    await say("!ingest " + ZORBLAX)
    new_id = count_articles(bot)
    listing = await say("!articles")
    assert listing.content == f"Newest articles in this server's collection:\n#{new_id} Zorblax Returns Gets a Director (2025-03-01)"
    assert (await say("!articles global")).content.startswith("Newest articles in the global collection:\n#11 ")

    await make_admin(member(2))
    with_b = await say(f"!forget {new_id}", who=2)  # server B's admin cannot touch server A's article
    assert with_b.content == f"There is no article #{new_id} in this server's collection. `!articles` lists them."
    assert (await say("!forget 1")).content.startswith("There is no article #1")  # nor may A's admin touch global ones

    gone = await say(f"!forget {new_id}")
    assert gone.content == f"Forgot #{new_id} **Zorblax Returns Gets a Director** and everything found in it."
    assert (await say("!who directed Zorblax Returns")).embeds[0].title == "No answer"
    assert (await say("!articles")).content == "There are no articles in this server's collection yet. Add some with `!ingest`."


async def test_the_owner_may_forget_a_global_article(bot):
    bot.owner_id = member(0).id
    assert (await say("!forget 1")).content == "Forgot #1 **James Cameron Promises Alita: Battle Angel 2 Is Still Coming** and everything found in it."


async def test_forget_needs_a_number(bot):
    await make_admin(member(0))
    with pytest.raises(commands.BadArgument):
        await dpytest.message("!forget Alita", member=member(0))
    assert dpytest.get_message().content == "I couldn't read that. Usage: `!forget <id>`, e.g. `!forget 12`."


async def test_stats_counts_this_server_and_the_global_collection(bot):
    await make_admin(member(0))
    await say("!ingest " + ZORBLAX)
    lines = (await say("!stats")).content.split("\n")
    assert lines[0] == "This server: 1 articles of its own."
    assert lines[1] == "Global collection (every server sees it): 11 articles."
    assert lines[2].startswith("Database: 12 articles, ")


async def test_sync_is_for_the_owner_only(bot, monkeypatch):
    await make_admin(member(0))
    with pytest.raises(commands.NotOwner):
        await dpytest.message("!sync", member=member(0))
    assert dpytest.get_message().content == "You do not own this bot."

    async def fake_sync(*, guild=None):
        return bot.tree.get_commands(guild=guild)

    monkeypatch.setattr(bot.tree, "sync", fake_sync)
    bot.owner_id = member(0).id
    assert (await say("!sync")).content == "Synced 16 slash commands (global)."
    assert (await say("!sync here")).content == "Synced 16 slash commands (here)."


async def test_ingest_reports_in_the_log_without_the_article(bot, caplog):
    await make_admin(member(0))
    caplog.set_level("INFO", logger="filmbot.commands")
    await say("!ingest " + article_text("2025-03-01", "Secret Headline", "A very secret body text about Zorblax Returns."))
    lines = [r.getMessage() for r in caplog.records if r.name == "filmbot.commands"]
    assert len(lines) == 1 and "command=ingest result=added" in lines[0]
    assert "secret" not in caplog.text.lower()


async def test_direct_messages_see_the_global_collection_and_only_the_owner_ingests_there(bot):
    await make_admin(member(0))
    await say("!ingest " + ZORBLAX)  # into server A
    dm = await member(0).create_dm()
    await dpytest.message("!status Alita 2", channel=dm, member=member(0))
    assert dpytest.get_message().embeds[0].title == "Alita 2"  # global
    await dpytest.message("!when Zorblax Returns", channel=dm, member=member(0))
    assert dpytest.get_message().embeds[0].title == "No answer"  # server A's own

    with pytest.raises(NotAdmin):
        await dpytest.message("!ingest " + ZORBLAX, channel=dm, member=member(0))
    assert dpytest.get_message().content == "In direct messages only the bot owner can do that; use it in your server."

    bot.owner_id = member(0).id
    await dpytest.message("!ingest " + ZORBLAX, channel=dm, member=member(0))
    assert dpytest.get_message().content == ADDED.format(id=count_articles(bot), where="the global collection")
