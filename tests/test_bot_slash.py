"""Slash commands: interactions built from raw payloads, dispatched through the bot's command
tree; responses recorded by a fake Discord. Autocomplete callbacks, deferral, refusals."""

from __future__ import annotations

import discord
import discord.ext.test as dpytest
from discord.ext import commands

from bot.cogs.answers import film_titles

from .bot_support import ZORBLAX, count_articles, interaction, make_admin, member, run_slash

EPHEMERAL = 64
MANAGE_SERVER = discord.Permissions(manage_guild=True)
MESSAGE, DEFERRED, AUTOCOMPLETE = 4, 5, 8


async def test_slash_status_answers_with_an_embed_and_pings_nobody(bot, discord_api):
    await run_slash(bot, interaction(bot, "status", member(0), {"film": "Alita 2"}))
    [response] = discord_api.responses
    assert response["type"] == MESSAGE
    embed = response["data"]["embeds"][0]
    assert embed["title"] == "Alita 2"
    assert embed["description"] == "“James Cameron says he and Robert Rodriguez are returning to the manga adaptation soon.”"
    assert response["data"]["allowed_mentions"] == {"parse": []}


async def test_slash_who_takes_a_relation_choice_and_a_film(bot, discord_api):
    await run_slash(bot, interaction(bot, "who", member(0), {"relation": "directed", "film": "Star Trek Beyond"}))
    assert "Star Trek Beyond was directed by Justin Lin" in discord_api.last["embeds"][0]["description"]


async def test_slash_no_answer_names_slash_commands(bot, discord_api):
    await run_slash(bot, interaction(bot, "status", member(0), {"film": "Parasite 2"}))
    embed = discord_api.last["embeds"][0]
    assert embed["title"] == "No answer" and embed["footer"]["text"] == "Type /help for what I can answer."


async def test_slash_ingest_is_refused_for_members_and_nothing_is_stored(bot, discord_api):
    before = count_articles(bot)
    await run_slash(bot, interaction(bot, "ingest", member(1), {"source": "https://example.com/news"}))
    [response] = discord_api.responses
    assert response["data"]["content"] == "Only members with Manage Server or the “filmbot admin” role can do that."
    assert response["data"]["flags"] == EPHEMERAL
    assert count_articles(bot) == before


async def test_slash_ingest_of_a_file_defers_first_then_reports(bot, discord_api, tmp_path):
    article = tmp_path / "zorblax.txt"
    article.write_text(ZORBLAX, "utf-8")
    item = interaction(bot, "ingest", member(0), permissions=MANAGE_SERVER, attachments={"file": article})
    await run_slash(bot, item)
    assert [r["type"] for r in discord_api.responses] == [DEFERRED]
    [followup] = discord_api.followups
    assert followup["content"].startswith("Added #12 **Zorblax Returns Gets a Director** (2025-03-01")
    assert followup["allowed_mentions"] == {"parse": []}


async def test_slash_admin_commands_are_hidden_from_members_by_default(bot):
    for name in ("ingest", "articles", "forget", "stats"):
        data = bot.tree.get_command(name).to_dict(bot.tree)
        assert data["default_member_permissions"] == MANAGE_SERVER.value
        assert data["contexts"] == [0]  # servers only
    for name in ("status", "who", "when", "ask", "film", "sources", "help"):
        assert bot.tree.get_command(name).to_dict(bot.tree)["default_member_permissions"] is None
    assert bot.tree.get_command("sync") is None  # the owner's !sync is a prefix command only


async def test_slash_cooldown_is_polite_and_ephemeral(bot, discord_api):
    bot.get_cog("Answers").cooldown = commands.CooldownMapping.from_cooldown(1, 60, commands.BucketType.user)
    await run_slash(bot, interaction(bot, "when", member(0), {"film": "La La Land"}))
    await run_slash(bot, interaction(bot, "when", member(0), {"film": "La La Land"}))
    second = discord_api.responses[1]["data"]
    assert second["content"].startswith("Easy there! You can ask again in ") and second["flags"] == EPHEMERAL


async def test_a_slash_command_discord_knows_but_the_bot_does_not_is_answered(bot, discord_api):
    await run_slash(bot, interaction(bot, "oldcommand", member(0), {}))
    [response] = discord_api.responses
    assert response["data"]["content"].startswith("That slash command is out of date")
    assert response["data"]["flags"] == EPHEMERAL


async def test_autocomplete_through_the_tree_offers_titles_this_server_sees(bot, discord_api):
    await run_slash(bot, interaction(bot, "status", member(0), {"film": "alita"}, focused="film"))
    [response] = discord_api.responses
    assert response["type"] == AUTOCOMPLETE
    names = [c["name"] for c in response["data"]["choices"]]
    assert "Alita: Battle Angel" in names and all(n.lower().startswith("alita") for n in names[:2])
    assert all(c["name"] == c["value"] for c in response["data"]["choices"])


async def test_autocomplete_is_per_server(bot):
    await make_admin(member(0))
    await dpytest.message("!ingest " + ZORBLAX, member=member(0))
    in_a = await film_titles(interaction(bot, "status", member(0), {"film": "zorb"}, focused="film"), "zorb")
    in_b = await film_titles(interaction(bot, "status", member(2), {"film": "zorb"}, focused="film"), "zorb")
    assert [c.value for c in in_a] == ["Zorblax Returns"]
    assert in_b == []


async def test_autocomplete_keeps_to_discords_limits(bot, monkeypatch):
    long_title = "The " + "Very " * 40 + "Long Film"

    async def many_titles(prefix, guild_id, limit=25):
        return [long_title] + [f"Film {i}" for i in range(30)]

    monkeypatch.setattr(bot.library, "complete", many_titles)
    choices = await film_titles(interaction(bot, "status", member(0), {"film": ""}, focused="film"), "")
    assert len(choices) == 25
    assert len(choices[0].name) <= 100 and choices[0].name.endswith("…") and len(choices[0].value) <= 100
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
