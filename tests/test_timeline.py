"""``!timeline`` on the trade-press articles (invented films followed across many articles): the
articles in date order with their status sentences, pages, and the same in the command line,
the console and the bot (with Previous/Next buttons only the asker can press)."""

from __future__ import annotations

import json
import subprocess
import sys
from types import SimpleNamespace

import pytest

from bot.cli import main
from bot.pages import NOT_YOURS, Pages
from bot.render import render
from bot.replies import answer_embed
from knowledge import timeline as timeline_module
from knowledge.answer import Engine
from knowledge.articles import parse_text
from knowledge.ingest import ingest
from knowledge.store import Store

from .bot_support import ZORBLAX, member, say
from .helpers import FIXTURES, article_text
from .test_bot_follows import SEQUEL_NEWS

TRADE = FIXTURES / "trade"
# Tidebreaker 2's articles, newest first, with the sentence each states its status or release in.
TIDEBREAKER_2 = [
    ("2026-02-20", "Sony Pictures has released the first teaser trailer for Tidebreaker 2, giving fans their first proper look"),
    ("2025-12-02", ""),  # a round-up of many films: any of its sentences that names this one
    ("2025-10-17", "EXCLUSIVE: Sony Pictures has shelved Kestrel"),
    ("2025-08-28", "Director Hector Almazán took to Instagram on Wednesday to share a photo from the final day"),
    ("2025-03-18", "Nearly a year after Tidebreaker turned a little-known comic"),  # "Sony's sequel has officially started filming"
    ("2025-01-23", "With Tidebreaker 2 already dated for June 2026, Sony will take the validation."),
    ("2024-10-22", "The Turkish-German actor has been cast as the villain in Tidebreaker 2"),
    ("2024-06-20", "The studios confirmed Thursday that Tidebreaker 2 is being fast-tracked"),
]


def answer(engine, command: str, guild_id: int = 0):
    """An answer as ``filmbot ask`` gives it (the engine reads ``timeline`` itself)."""
    return engine.answer(command, guild_id)


@pytest.fixture(scope="module")
def trade_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("trade") / "trade.db"
    with Store(path) as store:
        assert all(r.status == "new" for r in ingest(store, [str(TRADE)], workers=1))
    return path


@pytest.fixture
def trade(trade_db):
    with Store(trade_db) as store:
        yield Engine(store)


def entries(reply) -> list[tuple[str | None, str | None]]:
    return [(e.date, e.sentence) for e in reply.timeline.entries]


def test_a_films_timeline_lists_its_articles_newest_first_with_their_status_sentences(trade):
    reply = answer(trade, "!timeline Tidebreaker 2")
    assert reply.answered and reply.film == "Tidebreaker 2" and reply.timeline.total == len(TIDEBREAKER_2)
    assert [date for date, _ in entries(reply)] == [date for date, _ in TIDEBREAKER_2]
    for (date, sentence), (_, start) in zip(entries(reply), TIDEBREAKER_2):
        assert sentence.startswith(start) and (start or "Tidebreaker 2" in sentence), (date, sentence)
    headlines = [e.headline for e in reply.timeline.entries]
    assert "'Tidebreaker' Surges To $67.9M Memorial Day Opening As Sony & Legendary's Comic-Book Bet Pays Off" not in headlines
    assert "'The Hollow Choir: Requiem' Moves To January 2026" not in headlines  # another film's news


def test_the_original_and_the_sequel_have_timelines_of_their_own(trade):
    original = answer(trade, "!timeline Tidebreaker")
    assert original.film == "Tidebreaker" and entries(original)[-1][0] == "2024-05-27"
    assert "2024-05-27" not in [date for date, _ in entries(answer(trade, "!timeline tidebraker 2"))]  # a typo, still the sequel


def test_pages_of_a_timeline_and_a_page_that_is_not_there(trade, monkeypatch):
    monkeypatch.setattr(timeline_module, "PAGE_SIZE", 3)
    second = answer(trade, "!timeline Tidebreaker 2 2")
    assert (second.film, second.timeline.page, second.timeline.pages) == ("Tidebreaker 2", 2, 3)
    assert [date for date, _ in entries(second)] == [date for date, _ in TIDEBREAKER_2[3:6]]
    missing = answer(trade, "!timeline Tidebreaker 2 7")
    assert not missing.answered and missing.note == "Tidebreaker 2 has 3 pages of news; there is no page 7."


def test_undated_articles_come_last(trade):
    undated = parse_text(article_text("unknown", "Tidebreaker 2 Gets a Composer", "Tidebreaker 2 will be scored by Mika Tanabe."))
    trade.store.add(undated, guild_id=77)
    assert entries(answer(trade, "!timeline Tidebreaker 2", 77))[-1] == (None, None)
    assert entries(answer(trade, "!timeline Tidebreaker 2"))[-1][0] == "2024-06-20"  # another server's article


def test_unknown_films_and_no_film(trade):
    unknown = answer(trade, "!timeline Tidebreaker 3")
    assert not unknown.answered and unknown.note == "Tidebreaker has 1 page of news; there is no page 3."
    assert answer(trade, "!timeline Qwxyz").note == "I don't know a film called “Qwxyz”."
    assert answer(trade, "!timeline").note == "Which film? Try `!timeline Tidebreaker 2`."


def test_follow_at_the_console_says_where_it_works(trade):
    assert answer(trade, "!follow Tidebreaker 2").note == "!follow is for members of a Discord server, who follow films there."


def test_ask_json_gives_the_timelines_entries(capsys, trade_db):
    assert main(["ask", "--db", str(trade_db), "--json", "!timeline Tidebreaker 2"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["answered"] and out["intent"] == "timeline" and out["film"] == "Tidebreaker 2"
    assert [e["date"] for e in out["timeline"]["entries"]] == [date for date, _ in TIDEBREAKER_2]
    assert out["timeline"]["entries"][4]["sentence"].startswith(TIDEBREAKER_2[4][1])
    assert out["reply"].startswith("**Tidebreaker 2**, newest first (8 articles):\n2026-02-20 · ")
    assert len(out["reply"]) <= 2000


def test_the_console_answers_timeline(trade_db):
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console", "--db", str(trade_db)],
        input="!timeline Tidebreaker 2\n", capture_output=True, text=True, timeout=120,
    )
    lines = done.stdout.splitlines()
    assert done.returncode == 0 and "filmbot> Tidebreaker 2, newest first (8 articles):" in lines
    assert any(line.startswith("2025-08-28 · 'Tidebreaker 2' Wraps Filming") for line in lines)


# -- on Discord ------------------------------------------------------------------------------


@pytest.fixture
def trade_bot(bot):
    with Store(bot.settings.database) as store:
        assert all(r.status == "new" for r in ingest(store, [str(TRADE)], workers=1))
    return bot


async def test_timeline_on_discord_pages_with_buttons_only_the_asker_can_press(trade_bot, sent, monkeypatch):
    monkeypatch.setattr(timeline_module, "PAGE_SIZE", 3)
    reply = await say("!timeline Tidebreaker 2")
    embed = reply.embeds[0]
    assert embed.title == "Timeline of Tidebreaker 2"
    lines = embed.description.split("\n")
    assert lines[0] == "**Tidebreaker 2**, newest first (page 1 of 3, 8 articles):"
    assert lines[1].startswith("2026-02-20 · Tidebreaker 2 Teaser Trailer") and lines[-1] == "Next: `!timeline Tidebreaker 2 2`"
    [buttons] = sent[-1]["components"]
    assert [(b["label"], b.get("disabled", False)) for b in buttons["components"]] == [("Previous", True), ("Next", False)]
    assert sent[-1]["allowed_mentions"] == {"parse": []}
    assert len(embed) <= 6000 and len(embed.description) <= 4096


async def test_the_pages_turn_for_the_asker_only(trade_bot, monkeypatch):
    monkeypatch.setattr(timeline_module, "PAGE_SIZE", 3)
    library = trade_bot.library
    first = await library.timeline("Tidebreaker 2", 0)
    edits, refusals = [], []

    async def turn(page: int):
        return await library.timeline_page("Tidebreaker 2", 0, page)

    view = Pages(first, member(0).id, turn)

    def pressed_by(who):
        async def edit_message(**kwargs):
            edits.append(kwargs)

        async def send_message(text, **kwargs):
            refusals.append(text)

        return SimpleNamespace(user=who, message=None, response=SimpleNamespace(edit_message=edit_message, send_message=send_message))

    assert not await view.interaction_check(pressed_by(member(1)))
    assert refusals == [NOT_YOURS]
    assert await view.interaction_check(pressed_by(member(0)))
    await view.show(pressed_by(member(0)), 2)
    assert view.answer.timeline.page == 2 and not view.previous.disabled
    assert edits[-1]["content"].startswith("**Tidebreaker 2**, newest first")
    assert edits[-1]["allowed_mentions"].to_dict() == {"parse": []}
    await view.show(pressed_by(member(0)), 3)
    assert view.answer.timeline.entries[-1].date == "2024-06-20" and view.next.disabled


# -- "Before:" in status answers ---------------------------------------------------------------


def test_a_status_answer_says_what_an_older_article_said_otherwise(store):
    engine = Engine(store)
    store.add(parse_text(ZORBLAX))
    alone = engine.answer("!status Zorblax Returns")
    assert alone.answered and alone.before is None  # one article: nothing said before
    store.add(parse_text(SEQUEL_NEWS))
    reply = engine.answer("!status Zorblax Returns")
    assert reply.sentence == "Zorblax Returns has been delayed to December 2026, the studio said on Tuesday."
    assert (reply.before.sentence, reply.before.date) == ("Zorblax Returns is set to be released in theaters in June 2026.", "2025-03-01")
    text = render(reply, markdown=False)
    assert "\nBefore: “Zorblax Returns is set to be released in theaters in June 2026.” (2025-03-01)\n" in text + "\n"
    assert answer_embed(reply).fields[1].name == "Before"
