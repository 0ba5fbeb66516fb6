"""Answer commands end to end through dpytest: sourced answers, useful "no answer" replies,
mentions, the cooldown, the error handler, and mention safety."""

from __future__ import annotations

import re

import discord.ext.test as dpytest
import pytest
from discord.ext import commands

from bot.client import create_bot

from .bot_support import make_admin, member, reply_text, say

NO_MENTIONS = {"parse": []}


async def test_status_answers_with_the_sentence_film_and_source(bot, sent):
    reply = await say("!status Alita 2")
    embed = reply.embeds[0]
    assert embed.title == "Alita 2"
    assert embed.description == "“James Cameron says he and Robert Rodriguez are returning to the manga adaptation soon.”"
    assert (embed.fields[0].name, embed.fields[0].value) == (
        "Source", "James Cameron Promises Alita: Battle Angel 2 Is Still Coming\n2025-11-18"  # the article has no link
    )
    assert embed.footer.text is None  # no other article says it
    assert sent[-1]["allowed_mentions"] == NO_MENTIONS
    assert sent[-1]["message_reference"]["fail_if_not_exists"] is False  # a reply to the question


async def test_who_joins_relation_and_film_and_links_the_headline(bot):
    reply = await say("!who directed Star Trek Beyond")
    embed = reply.embeds[0]
    assert embed.title == "Star Trek Beyond"
    assert "Star Trek Beyond was directed by Justin Lin" in embed.description
    assert embed.fields[0].value == (
        "[Star Trek 4 eyes Fargo, Legion creator Noah Hawley to direct]"
        "(https://www.theverge.com/2019/11/19/20973355/noah-hawley-star-trek-4-chris-pine-write-direct-jj-abrams-paramount-report)"
        "\n2019-11-19"
    )


async def test_who_understands_longer_phrasings(bot):
    reply = await say("!who stars in La La Land")
    assert reply.embeds[0].title == "La La Land" and reply.embeds[0].fields[0].name == "Source"


async def test_film_card_has_one_field_per_relation(bot):
    reply = await say("!film Alita: Battle Angel")
    embed = reply.embeds[0]
    assert embed.title == "Alita: Battle Angel"
    assert embed.fields and all(f.name in {"Director", "Writers", "Cast", "Producers", "Music", "Release", "Status"} for f in embed.fields)
    assert all("\n— [" in f.value or "\n— " in f.value for f in embed.fields)


async def test_sources_lists_articles_with_ids(bot):
    reply = await say("!sources Alita")
    assert reply.embeds[0].title == "Articles about Alita"
    assert re.fullmatch(r"#1 James Cameron Promises Alita: Battle Angel 2 Is Still Coming · 2025-11-18 · \d+ mentions", reply.embeds[0].description)


async def test_no_answer_says_what_was_understood_and_suggests_titles(bot):
    reply = await say("!status Parasite 2")
    embed = reply.embeds[0]
    assert embed.title == "No answer"
    assert "I don't know a film called “Parasite 2”" in embed.description
    fields = {f.name: f.value for f in embed.fields}
    assert fields["I read that as"] == "status"
    assert fields["Did you mean"] == "Parasite"
    assert embed.footer.text == "Type !help for what I can answer."


async def test_no_answer_for_a_known_film_offers_its_card(bot):
    reply = await say("!who composed Alita: Battle Angel")
    embed = reply.embeds[0]
    assert embed.title == "No answer"
    assert {f.name: f.value for f in embed.fields}["I read that as"] == "who composed · film: Alita: Battle Angel"
    assert embed.footer.text == "Try !film Alita: Battle Angel or !help."


async def test_help_lists_the_commands(bot):
    text = reply_text(await say("!help"))
    assert "`!status <film>`" in text and "`!ingest <url>`" in text


async def test_mention_works_as_a_prefix_and_a_question_needs_no_command_word(bot):
    reply = await say(f"<@{bot.user.id}> who directed Star Trek Beyond?")
    assert "directed by Justin Lin" in reply.embeds[0].description
    reply = await say(f"<@{bot.user.id}> is Alita 2 still coming?")
    assert reply.embeds[0].title == "Alita 2"


async def test_a_bare_mention_gets_help(bot):
    reply = await say(f"<@{bot.user.id}>")
    assert reply.embeds[0].title == "filmbot"


async def test_a_question_after_the_prefix_is_asked(bot):
    reply = await say("!is Alita 2 still coming?")
    assert reply.embeds[0].title == "Alita 2"


async def test_plain_text_where_embeds_are_not_allowed(bot):
    await deny_embeds()
    reply = await say("!status Alita 2")
    assert not reply.embeds
    assert reply.content.startswith("> James Cameron says he and Robert Rodriguez")
    assert reply.content.endswith("\n— James Cameron Promises Alita: Battle Angel 2 Is Still Coming · 2025-11-18")


async def test_cooldown_is_shared_by_answer_commands_and_polite(bot):
    bot.get_cog("Answers").cooldown = commands.CooldownMapping.from_cooldown(2, 60, commands.BucketType.user)
    await say("!status Alita 2")
    await say("!when La La Land")
    with pytest.raises(commands.CommandOnCooldown):
        await dpytest.message("!who directed Star Trek Beyond", member=member(0))
    reply = dpytest.get_message()
    assert reply.content.startswith("Easy there! You can ask again in ") and reply.content.endswith(" s.")
    assert reply_text(await say("!status Alita 2", who=1)).startswith("Alita 2")  # others are not slowed down


async def test_missing_argument_gets_usage_with_an_example(bot):
    with pytest.raises(commands.MissingRequiredArgument):
        await dpytest.message("!who directed", member=member(0))
    assert dpytest.get_message().content == (
        "That needs a film. Usage: `!who <directed|wrote|stars in|produced|composed> <film>`, e.g. `!who directed Alita`."
    )


async def test_unknown_command_suggests_the_nearest(bot):
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!staus Alita 2", member=member(0))
    assert dpytest.get_message().content == "I don't know `!staus`. Did you mean `!status`? `!help` lists what I can do."


async def test_unknown_word_near_no_command_is_left_to_other_bots(bot):
    with pytest.raises(commands.CommandNotFound):
        await dpytest.message("!play never gonna give you up", member=member(0))
    assert dpytest.verify().message().nothing()


async def test_unexpected_error_says_something_went_wrong_logs_it_and_the_bot_keeps_running(bot, caplog, monkeypatch):
    async def broken(command, guild_id):
        raise RuntimeError("the engine broke")

    monkeypatch.setattr(bot.library, "answer", broken)
    with pytest.raises(commands.CommandInvokeError):
        await dpytest.message("!status Alita 2", member=member(0))
    assert dpytest.get_message().content.startswith("Something went wrong on my side")
    failure = next(r for r in caplog.records if r.name == "filmbot.errors")
    assert failure.levelname == "ERROR" and "the engine broke" in str(failure.exc_info[1])
    monkeypatch.undo()
    assert (await say("!status Alita 2")).embeds[0].title == "Alita 2"


async def test_an_article_that_says_everyone_pings_nobody(bot, sent):
    await make_admin(member(0))
    body = (
        f"Zorblax Returns was directed by Jane Doe @everyone and <@&123456789012345678> and <@{member(1).id}>"
        " cheered on Monday. The film opens next year."
    )
    await say("!ingest date 2025-03-01 Zorblax Returns News\n" + body)
    reply = await say("!who directed Zorblax Returns")
    description = reply.embeds[0].description
    assert "@\u200beveryone" in description and "<@\u200b&123456789012345678\\>" in description
    assert f"<@\u200b{member(1).id}\\>" in description and "@everyone" not in description
    assert all(payload["allowed_mentions"] == NO_MENTIONS for payload in sent)
    assert len(sent) == 2  # (dpytest drops the bot's default, so each send sets it itself)


def test_the_bot_allows_no_mentions_by_default(settings):
    bot = create_bot(settings)
    try:
        assert bot.allowed_mentions.to_dict() == NO_MENTIONS
    finally:
        bot.library.close()


async def test_a_card_of_long_sentences_fits_discords_limits_and_cuts_at_words(bot):
    await make_admin(member(0))
    filler = " ".join(f"word{i}pad" for i in range(200))  # a sentence is cut at 100 words: about 1,100 characters
    facts = [
        "Zorblax Returns was directed by Jane Doe", "Zorblax Returns was written by John Roe",
        "Zorblax Returns stars Ann Poe", "Zorblax Returns was produced by Bob Loe",
        "Zorblax Returns was scored by composer Cy Moe", "Zorblax Returns will be released in June 2026",
    ]
    body = " ".join(f"{fact} and {filler}." for fact in facts)
    await say(f"!ingest date 2025-03-01 Zorblax Returns News\n{body}")
    embed = (await say("!film Zorblax Returns")).embeds[0]
    assert len(embed.fields) >= 4
    assert len(embed) <= 6000 and all(len(f.value) <= 1024 for f in embed.fields)
    for f in embed.fields:
        quote = f.value.split("\n— ")[0]
        assert quote.endswith("…") and quote[:-1].split()[-1].startswith("word")  # cut after a whole word
        cut = quote[1:-1]
        assert any(f"{fact} and {filler}.".startswith(cut) for fact in facts)

    await deny_embeds()
    text = (await say("!film Zorblax Returns")).content
    assert len(text) <= 2000 and text.startswith("**Zorblax Returns**")


async def deny_embeds() -> None:
    """Take Embed Links away from everyone (the bot included) in server A's channel."""
    guild = member(0).guild
    await dpytest.set_permission_overrides(guild.default_role, guild.text_channels[0], embed_links=False)


async def test_a_damaged_database_is_one_clear_reply_not_something_went_wrong(bot, settings):
    await make_admin(member(0))
    with open(settings.database, "r+b") as database:  # every page but the first overwritten: a damaged disk
        size = database.seek(0, 2)
        database.seek(4096)
        database.write(b"\xde\xad" * ((size - 4096) // 2))
    with pytest.raises(commands.CommandInvokeError):
        await dpytest.message("!stats", member=member(0))
    reply = dpytest.get_message().content
    assert reply.startswith(f"Sorry, that failed: the database {settings.database} is damaged (")
    assert "\n" not in reply and "Something went wrong" not in reply
