"""Random and adversarial commands, through the parser, the engine and the Discord bot.

Whatever is typed (FTS5 operators and quotes, unbalanced brackets, control characters, RTL and
zero-width characters, emoji, 10,000-character commands, ``@everyone`` and role mentions):

* nothing raises;
* every reply fits Discord's limits (2,000 characters of text; an embed's title, description,
  fields, footer and total);
* no reply text can ping anyone (no raw ``@everyone``/``@here``, no ``<@id>``/``<@&id>``), and
  the bot sends everything with no mentions allowed;
* a quoted sentence is verbatim from the article it is attributed to;
* the same command gives the same answer, twice in a row and from another connection.

The engine runs over the test corpus; the bot runs end to end through dpytest (a member who is no
admin); and whatever an article says (mentions, markdown, bidi characters, 300-character headlines,
long sentences) comes back within the same limits, source URLs of thousands of characters included.

``FILMBOT_FUZZ=N`` runs N times as many random examples (the default run takes seconds).
"""

from __future__ import annotations

import asyncio
import logging
import os
import re

import discord
import discord.ext.test as dpytest
import pytest
from discord.ext import commands
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from bot.render import MESSAGE_LIMIT, render
from bot.replies import answer_embed
from knowledge.answer import Answer, Engine
from knowledge.query import COMMANDS, MAX_COMMAND, parse
from knowledge.store import Store

from .bot_support import member

SCALE = max(1, int(os.environ.get("FILMBOT_FUZZ", "1")))
INTENTS = set(COMMANDS) | {"unknown"}
PING = re.compile(r"@(?:everyone|here)\b|<@[!&]?\d+>")
INLINE_CODE = re.compile(r"`[^`]*`")
NO_MENTIONS = {"parse": []}

# command words, with and without the prefix
COMMAND_WORDS = [
    "!status", "!who directed", "!who", "!when", "!ask", "!film", "!sources", "!help", "who", "status",
    "!staus", "!who stars in", "!who composed", "ask", "!", "!!", "! ",
]
# Pieces of text that have broken parsers and search engines before.
FRAGMENTS = COMMAND_WORDS + [
    # titles the corpus knows, misspelt ones, sequel numbers
    "Alita", "Alita 2", "alitta", "Alita: Battle Angel", "La La Land", "lalaland", "Star Trek 4", "star treck",
    "Dune: Part Three", "Parasite", "Star Wars", "the", "of", "in", "II", "IV", "2", "99999999999999999999",
    # FTS5 syntax and SQL
    "AND", "OR", "NOT", "NEAR(", "NEAR(a b, 2)", '"', '""', "*", "^", ":", "-", "+", "text:", "sentences_fts",
    "rank", "rowid", "a*", '"a" OR "b"', "'; DROP TABLE articles; --", "%", "_", "\\", "?", "'",
    # brackets, markdown
    "(", ")", "((", "[", "]", "{", "}", "<", ">", "`", "```", "||", "> ", "~~", "**", "__",
    # control, bidi and zero-width characters
    "\x00", "\x01", "\x07", "\x1b[31m", "\x7f", "\t", "\n", "\r\n", "\u0085", "\u2028",
    "\u202e", "\u202d", "\u200f", "\u200e", "\u2066", "\u061c", "\u200b", "\u200c", "\u200d", "\ufeff", "\u2060",
    "\u00ad", "مرحبا", "שלום עולם", "東京物語",
    # emoji (with joiners, flags and skin tones), odd letters and numbers
    "🎬", "👨‍👩‍👧", "🇺🇸", "👍🏽", "🏳️‍🌈", "Ⅱ", "²", "½", "٣", "ß", "İ", "ﬁ", "Å", "e\u0301",
    # mentions
    "@everyone", "@here", "<@&1>", "<@123456789012345678>", "<@!123456789012345678>",
    "<@&123456789012345678>", "<#123456789012345678>", "@", "@\u200beveryone",
]

fragments = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12))
joined = st.lists(fragments, max_size=14).flatmap(
    lambda parts: st.sampled_from([" ", "", "\n", "  "]).map(lambda sep: sep.join(parts))
)
long_commands = st.builds(
    lambda head, piece, n: (head + " " + piece * n)[:10_000],
    st.sampled_from(["", "!ask", "!status", "!who directed", "!sources", "!film", "!when"]),
    st.sampled_from(FRAGMENTS + ["Alita ", "a", "x y ", "🎬", "@everyone "]),
    st.integers(100, 10_000),
)
commands_ = st.one_of(
    st.text(max_size=300),  # any code points, control characters included
    joined,
    st.builds(lambda word, rest: f"{word} {rest}", st.sampled_from(COMMAND_WORDS), joined),
    long_commands,
)

ADVERSARIAL = [
    "", " ", "!", "!!!", "!ask", "!status", '!status "', '!ask "Alita" AND NOT "x" NEAR(', "!ask ((((((",
    "!ask Alita*", "!ask ^Alita", "!ask text:Alita", "!ask a OR b", "!ask '; DROP TABLE articles; --",
    "!who directed @everyone", "!status <@&1>", "!ask @here who directed Alita?", "@everyone",
    "!status Alita\x00 2", "!status \u202eAlita 2", "!status Al\u200bita 2", "!status 🎬🎬🎬",
    "!ask " + "Alita " * 2000, "!status " + "a" * 10_000, "x" * 10_000, "!ask " + "@everyone " * 1000,
    "!sources " + "(" * 5000, "!ask " + '"' * 9995, "\n".join(["!ask who"] * 2000),
]


def _examples(fn):
    for command in ADVERSARIAL:
        fn = example(command)(fn)
    return fn


# -- the parser ------------------------------------------------------------------------


@_examples
@given(commands_)
@hypothesis_settings(max_examples=300 * SCALE, deadline=None)
def test_the_parser_reads_anything(command):
    query = parse(command)
    assert query.intent in INTENTS
    assert query.command == command
    assert len(query.subject) <= MAX_COMMAND
    assert query.subject == query.subject.strip()


# -- the engine and the text replies -----------------------------------------------------


@pytest.fixture(scope="module")
def engines(corpus_db):
    """Two engines over the corpus database, each with its own connection (read-only use)."""
    stores = [Store(corpus_db), Store(corpus_db)]
    yield [Engine(s) for s in stores]
    for s in stores:
        s.close()


def check_text_reply(text: str) -> None:
    assert len(text) <= MESSAGE_LIMIT, f"{len(text)} characters"
    assert not PING.search(text), f"mention syntax in the reply: {PING.search(text).group()!r}"


def check_embed(embed: discord.Embed) -> None:
    """Discord's embed limits (a message over any of them is refused with a 400)."""
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096
    assert len(embed.fields) <= 25
    for f in embed.fields:
        assert 1 <= len(f.name) <= 256 and 1 <= len(f.value) <= 1024, (f.name, len(f.value))
    assert len(embed.footer.text or "") <= 2048
    assert len(embed) <= 6000
    assert embed.title or embed.description or embed.fields


def check_verbatim(store: Store, answer: Answer) -> None:
    """Every sentence quoted is in the article it is attributed to (the headline counts)."""
    quoted = ([(answer.sentence, answer.source)] if answer.sentence is not None else []) + [
        (sentence, source) for _, sentence, source in answer.card
    ]
    for sentence, source in quoted:
        article = store.article(source.article_id)
        assert article is not None, f"quoted from #{source.article_id}, which does not exist"
        assert sentence == article.title or sentence in article.body, f"{sentence!r} is not in #{source.article_id}"
        assert source.title == article.title


def same(answer: Answer) -> tuple:
    return (answer.intent, answer.relation, answer.film, answer.sentence, answer.source, answer.also,
            answer.suggestions, answer.note, answer.card, answer.sources)


@_examples
@given(commands_)
@hypothesis_settings(max_examples=150 * SCALE, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_any_command_gets_a_safe_reply_within_limits_and_the_same_twice(engines, command):
    first, second = engines
    answer = first.answer(command)
    assert answer.intent in INTENTS
    if answer.sentence is not None:
        assert answer.source is not None
    check_verbatim(first.store, answer)
    for markdown in (True, False):
        check_text_reply(render(answer, markdown=markdown))
    check_embed(answer_embed(answer))
    assert same(first.answer(command)) == same(answer)  # the same engine, again
    assert same(second.answer(command)) == same(answer)  # another connection


# -- the bot, end to end through dpytest -----------------------------------------------

BOT_WORDS = ["!status", "!who directed", "!who stars in", "!when", "!ask", "!film", "!sources", "!help", "!staus",
             "!is", "!who", "!", "!articles", "!forget", "!ingest", "!stats"]


async def test_the_bot_replies_to_random_commands_within_limits_and_pings_no_one(bot, sent, caplog):
    """25 random commands (and the adversarial ones) sent by a member who is no admin: each reply
    fits Discord's limits, allows no mentions and shows none; no command fails unexpectedly."""
    bot.get_cog("Answers").cooldown = commands.CooldownMapping.from_cooldown(10**6, 1, commands.BucketType.user)
    loop = asyncio.get_running_loop()
    mentions = [f"<@{bot.user.id}> ", f"<@!{bot.user.id}> "]
    known_member = f"<@{member(1).id}>"
    known_channel = member(0).guild.text_channels[0].mention
    failures: list[str] = []
    tried: list[str] = []
    replies = 0

    async def send(content: str) -> None:
        # dpytest resolves user and channel mentions to cached ones and fails on unknown ids
        # (Discord would just not resolve them), so arbitrary ids become a member or the channel
        content = re.sub(r"<#\d+>", known_channel, re.sub(r"<@!?\d+>", known_member, content))
        before = len(sent)
        tried.append(content)
        try:
            await dpytest.message(content, member=member(0))
        except (commands.CommandNotFound, commands.UserInputError, commands.CheckFailure, commands.CommandOnCooldown):
            pass  # answered (or ignored) by the error handler, as for any member
        except commands.CommandError as error:
            failures.append(f"{content[:80]!r}: {type(error).__name__}: {getattr(error, 'original', error)!r}")
        nonlocal replies
        while not dpytest.sent_queue.empty():
            reply = dpytest.get_message()
            replies += 1
            assert len(reply.content or "") <= MESSAGE_LIMIT
            # article text is escaped (render.escape); what the member typed may come back inside
            # inline code ("I don't know `!film@here`"), which Discord shows and never pings
            assert not PING.search(INLINE_CODE.sub("", reply.content or "")), reply.content
            assert "Something went wrong" not in (reply.content or "")
            for embed in reply.embeds:
                check_embed(embed)
        for payload in sent[before:]:
            assert payload["allowed_mentions"] == NO_MENTIONS, payload.get("allowed_mentions")

    bot_commands = st.one_of(
        st.builds(lambda word, sep, rest: f"{word}{sep}{rest}", st.sampled_from(BOT_WORDS),
                  st.sampled_from([" ", ""]), joined),
        st.builds(lambda mention, rest: mention + rest, st.sampled_from(mentions), joined),
        st.builds(lambda word, piece, n: (f"{word} " + piece * n)[:10_000], st.sampled_from(BOT_WORDS),
                  st.sampled_from(["Alita ", "@everyone ", "<@&1> ", "🎬", '"(']), st.integers(100, 5000)),
        st.text(max_size=100),
    )

    @given(bot_commands)
    @hypothesis_settings(max_examples=25 * SCALE, deadline=None, database=None,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    def run(content):
        asyncio.run_coroutine_threadsafe(send(content), loop).result(timeout=60)

    for content in ["!who directed @everyone", "!status <@&1>", f"{mentions[0]}@here who directed Alita?",
                    "!film@here", "!status@everyone Alita 2", "!when@everyone", f"!sources<@&{member(0).guild.id}>",
                    "!ask " + "@everyone " * 500, "!film\u202e Alita", "!sources " + "(" * 3000, "!help @everyone"]:
        await send(content)
    with caplog.at_level(logging.ERROR):
        await asyncio.to_thread(run)  # hypothesis drives from a thread; the bot runs on this loop
    assert failures == []
    assert len(tried) >= 25 + 11
    assert replies > 10  # most commands were answered (unknown words and non-admins are told so too)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []


# -- adversarial articles: what they say comes back within limits and pings no one ------------

ARTICLE_WORDS = st.one_of(
    st.sampled_from(["Zorblax Returns", "Jane Doe", "directed", "stars", "released", "June 2026", "the sequel",
                     "@everyone", "@here", "<@&123456789012345678>", "<@123456789012345678>", "**", "__", "`", "||",
                     "> ", "[link](https://x.test)", "“quoted”", "🎬", "\u202e", "\u200b", "\\", "~~"]),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=15),
)
article_sentences = st.lists(ARTICLE_WORDS, min_size=0, max_size=250).map(" ".join)


@st.composite
def adversarial_articles(draw):
    film = draw(st.sampled_from(["Zorblax Returns", "Zorblax Returns 2", "The " + "Long " * 40 + "Film",
                                 "@everyone Strikes Back", "Alita: Battle Angel"]))
    title = draw(st.builds(lambda extra: f"{film} {extra}"[:300], article_sentences))
    url = "https://example.com/" + "a" * draw(st.integers(0, 900))  # see test_a_long_source_url_* below
    body = (f"{film} was directed by Jane Doe {draw(article_sentences)}. {film} stars Ann Poe and "
            f"{draw(article_sentences)}. {film} will be released in June 2026 {draw(article_sentences)}.")
    return film, f"date 2025-03-0{draw(st.integers(1, 9))} {title}\nsource {url}\n\n{body}\n"


@given(st.lists(adversarial_articles(), min_size=1, max_size=4))
@hypothesis_settings(max_examples=40 * SCALE, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_whatever_an_article_says_comes_back_within_limits_and_pings_no_one(articles):
    from knowledge.articles import ArticleError, parse_text

    with Store(":memory:") as store:
        films = []
        for film, text in articles:
            try:
                store.add(parse_text(text))
            except ArticleError:
                continue
            films.append(film)
        engine = Engine(store)
        for film in films:
            for command in (f"!who directed {film}", f"!film {film}", f"!sources {film}", f"!when {film}",
                            f"!who stars in {film}", f"!ask who directed {film}?"):
                answer = engine.answer(command)
                check_verbatim(store, answer)
                for markdown in (True, False):
                    check_text_reply(render(answer, markdown=markdown))
                check_embed(answer_embed(answer))


def _long_url_engine(length: int):
    from knowledge.articles import parse_text

    store = Store(":memory:")
    url = "https://example.com/news/" + "a" * (length - 25)
    store.add(parse_text(
        f"date 2025-03-01 Zorblax Returns Gets a Director\nsource {url}\n\n"
        "Zorblax Returns was directed by Jane Doe, the studio said on Monday. Zorblax Returns is set to be"
        " released in theaters in June 2026.\n"
    ))
    return Engine(store)


def test_a_long_source_url_still_fits_an_embed():
    engine = _long_url_engine(1500)  # tracking-laden and redirect URLs get this long
    for command in ("!who directed Zorblax Returns", "!film Zorblax Returns", "!when Zorblax Returns"):
        check_embed(answer_embed(engine.answer(command)))  # today: a 1,5xx-character field


def test_a_very_long_source_url_still_fits_a_text_reply():
    engine = _long_url_engine(2500)
    answer = engine.answer("!who directed Zorblax Returns")
    assert len(render(answer)) <= MESSAGE_LIMIT  # today: 2,575
