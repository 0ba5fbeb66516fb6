"""Article text cannot forge a reply: a canonical link carrying markdown, a film name with a
backtick, a sentence that starts like a heading. The one renderer escapes each piece for the
place it goes, in text replies, the JSON ``reply`` and embeds alike, and names commands with
the configured prefix."""

from __future__ import annotations

import dataclasses
import json
import re

import discord.ext.test as dpytest
import pytest

from bot.cli import main
from bot.render import render
from bot.replies import answer_embed
from knowledge.answer import Answer, Source

from .bot_support import make_admin, member, say
from .helpers import article_text

HOSTILE_URL = "https://example.com/x>@everyone||spoil||[a](http://evil.example)"
ENCODED_URL = "https://example.com/x%3E%40everyone%7C%7Cspoil%7C%7C%5Ba%5D%28http://evil.example%29"
SPOILER = re.compile(r"(?<!\\)\|\|")
MASKED_LINK = re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\(")
BACKTICK_FILM = "Alita` @everyone **bold** `x"
SOURCE = Source(3, "# Breaking: *Alita 2* [confirmed](http://evil.example)", "2025-11-18", HOSTILE_URL)


def hostile_article(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(article_text(
        "2025-11-18", "Zorblax Returns Gets a Director",
        "Zorblax Returns was directed by Jane Doe, the studio said on Monday.", url=HOSTILE_URL,
    ), "utf-8")
    return path


def assert_unforged(text: str) -> None:
    assert not SPOILER.search(text), text
    assert not MASKED_LINK.search(text), text
    assert "@everyone" not in text and "http://evil.example)" not in text


def test_a_canonical_link_with_markdown_stays_one_link_in_sources(tmp_path, capsys):
    database = str(tmp_path / "films.db")
    assert main(["ingest", "--db", database, str(hostile_article(tmp_path))]) == 0
    capsys.readouterr()
    assert main(["ask", "--db", database, "--json", "!sources Zorblax Returns"]) == 0
    reply = json.loads(capsys.readouterr().out)["reply"]
    assert f"<{ENCODED_URL}>" in reply
    assert_unforged(reply)


def test_a_quote_with_a_hostile_source_and_heading_sentence_is_escaped():
    answer = Answer("status Alita 2", "status", film=BACKTICK_FILM, sentence="# Alita 2 is dead, -# says a source",
                    source=SOURCE, also=2)
    text = render(answer)
    first, source, more = text.split("\n")
    assert first.startswith("> \\# Alita 2 is dead")  # a quote, not a heading
    assert source.startswith("— \\# Breaking: \\*Alita 2\\* \\[confirmed\\]\\(http://evil.example\\) · 2025-11-18 · <")
    assert source.endswith(f"<{ENCODED_URL}>")
    assert more == "+2 more sources: `!sources Alita' @\u200beveryone **bold** 'x`"  # one code span: no way out
    assert_unforged(text)


def test_the_text_reply_names_commands_with_the_configured_prefix():
    quote = Answer("", "status", film="Alita 2", sentence="It is coming.", source=SOURCE, also=1)
    assert render(quote, prefix="?").endswith("+1 more source: `?sources Alita 2`")
    none = Answer("", "who", relation="composed", film="Alita", note="No article says who composed it.")
    assert render(none, prefix="?").endswith("Try `?film Alita` or `?help`.")
    assert "`?status <film>`" in render(Answer("", "help"), prefix="?")
    assert render(none, markdown=False, prefix="?").endswith("Try ?film Alita or ?help.")


def test_embeds_escape_titles_and_encode_link_targets():
    answer = Answer("", "status", film="*Alita* ||2||", sentence="# It is coming.", source=SOURCE, also=1)
    embed = answer_embed(answer, "!")
    assert embed.title == "\\*Alita\\* \\|\\|2\\|\\|"
    assert embed.description == "“\\# It is coming.”"
    assert embed.fields[0].value.endswith(f"]({ENCODED_URL})\n2025-11-18")
    sources = answer_embed(Answer("", "sources", film="*Alita*", sources=[(SOURCE, 2)]), "!")
    assert sources.title == "Articles about \\*Alita\\*"
    for part in (embed.title, embed.description, embed.fields[0].value, sources.description):
        assert not SPOILER.search(part) and "@everyone" not in part


@pytest.fixture(params=["!", "?"])
def settings(settings, request):
    """The bot's settings, with each prefix in turn."""
    return dataclasses.replace(settings, prefix=request.param)


async def test_without_embed_links_the_bot_replies_in_safe_text_with_its_prefix(bot, tmp_path, settings):
    prefix = settings.prefix
    await make_admin(member(0))
    await say(f"{prefix}ingest " + hostile_article(tmp_path).read_text("utf-8"))
    await say(f"{prefix}ingest " + article_text("2025-11-19", "Zorblax Returns Is Dated", "Zorblax Returns was directed by Jane Doe in 2025."))
    guild = member(0).guild
    await dpytest.set_permission_overrides(guild.default_role, guild.text_channels[0], embed_links=False)
    text = (await say(f"{prefix}who directed Zorblax Returns")).content
    assert text.endswith(f"`{prefix}sources Zorblax Returns`")
    listing = (await say(f"{prefix}sources Zorblax Returns")).content
    assert f"<{ENCODED_URL}>" in listing
    assert_unforged(text + listing)
