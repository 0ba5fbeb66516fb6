"""Embeds built from engine answers stay within Discord's limits and cut text at words."""

from __future__ import annotations

from bot.replies import EMBED_LIMIT, answer_embed
from knowledge.answer import Answer, Source

SOURCE = Source(7, "Zorblax Returns Gets a Director", "2025-03-01", "https://example.com/news/zorblax_(film)")


def words(n: int) -> str:
    return " ".join(f"word{i}" for i in range(n))


def cut_at_a_word(shortened: str, original: str) -> bool:
    """``shortened`` is ``original`` up to a whole word, then an ellipsis."""
    kept = shortened[:-1]
    return shortened.endswith("…") and original.startswith(kept) and original[len(kept)] == " "


def test_a_quote_shows_film_sentence_linked_headline_date_and_agreeing_sources():
    answer = Answer("who directed Zorblax Returns", "who", "directed", "Zorblax Returns",
                    "Zorblax Returns was directed by *Jane* Doe.", SOURCE, also=2)
    embed = answer_embed(answer, "!")
    assert embed.title == "Zorblax Returns"
    assert embed.description == "“Zorblax Returns was directed by \\*Jane\\* Doe.”"
    assert embed.fields[0].value == "[Zorblax Returns Gets a Director](https://example.com/news/zorblax_%28film%29)\n2025-03-01"
    assert embed.footer.text == "+2 more sources agree · !sources Zorblax Returns"
    one = answer_embed(Answer("", "who", film="Zorblax Returns", sentence="A.", source=SOURCE, also=1), "/")
    assert one.footer.text == "+1 more source agrees · /sources Zorblax Returns"


def test_long_sentences_and_titles_are_cut_to_the_embed_limits_at_a_word():
    sentence = words(900)  # about 7,000 characters
    answer = Answer("", "status", film="The " + words(60), sentence=sentence, source=Source(1, words(300), None, None))
    embed = answer_embed(answer)
    assert len(embed.title) <= 256 and len(embed.description) <= 4096 and len(embed) <= EMBED_LIMIT
    assert cut_at_a_word(embed.description[1:], sentence)
    assert all(len(f.value) <= 1024 for f in embed.fields)
    assert embed.fields[0].value.endswith("\nundated")


def test_a_card_of_seven_long_sentences_fits_six_thousand_characters():
    sentence = words(250)  # about 1,700 characters each
    card = [(relation, sentence, SOURCE) for relation in ("directed", "wrote", "stars", "produced", "composed", "release", "status")]
    embed = answer_embed(Answer("", "film", film="Zorblax Returns", card=card))
    assert [f.name for f in embed.fields] == ["Director", "Writers", "Cast", "Producers", "Music", "Release", "Status"]
    assert len(embed) <= EMBED_LIMIT and all(len(f.value) <= 1024 for f in embed.fields)
    for field in embed.fields:
        quote, _, source = field.value.partition("\n— ")
        assert cut_at_a_word(quote[1:], sentence)
        assert source.startswith("[Zorblax Returns Gets a Director](")


def test_a_long_source_list_keeps_whole_lines_and_says_how_many_are_left_out():
    sources = [(Source(i, words(120), "2020-01-01", f"https://example.com/{i}"), 3) for i in range(10)]
    embed = answer_embed(Answer("", "sources", film="Zorblax Returns", sources=sources))
    assert len(embed.description) <= 4096
    lines = embed.description.split("\n")
    assert lines[-1].startswith("… and ") and lines[-1].endswith(" more")
    assert all(line.startswith("#") and line.endswith(" · 3 mentions") for line in lines[:-1])


def test_no_answer_shows_what_was_understood_suggestions_and_help():
    answer = Answer("status Parasit 2", "status", relation="status", note="I don't know a film called “Parasit 2”.",
                    suggestions=["Parasite", "Paradise_Lost"])
    embed = answer_embed(answer, "/")
    assert (embed.title, embed.description) == ("No answer", "I don't know a film called “Parasit 2”.")
    assert [(f.name, f.value) for f in embed.fields] == [("I read that as", "status"), ("Did you mean", "Parasite, Paradise\\_Lost")]
    assert embed.footer.text == "Type /help for what I can answer."


def test_help_names_the_prefix_in_use():
    embed = answer_embed(Answer("help", "help"), "?")
    assert "`?status <film>`" in embed.description and "`!status" not in embed.description
    assert "`?ingest <url>`" in embed.fields[0].value
