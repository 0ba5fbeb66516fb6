"""Names in sentences, title keys and aliases: numbers, subtitles, spaces, typos."""

from __future__ import annotations

import pytest

from knowledge.names import find_spans
from knowledge.text import numbers_in, title_key
from knowledge.titles import aliases, short_forms


def names(sentence: str) -> list[str]:
    return [s.text for s in find_spans(sentence)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("Cameron is finishing Avatar: Fire and Ash this year.", ["Cameron", "Avatar: Fire and Ash"]),
        ("He directed Harry Potter and the Prisoner of Azkaban.", ["He", "Harry Potter and the Prisoner of Azkaban"][1:]),
        ("Written by Cameron and Laeta Kalogridis, it opens soon.", ["Written", "Cameron", "Laeta Kalogridis"]),
        ("Kisna - the Warrior Poet opens in the UK.", ["Kisna - the Warrior Poet", "UK"]),
        ("It was directed by 13 Going on 30 film-maker Gary Winick.", ["It", "13 Going on 30", "Gary Winick"][1:]),
        ("Harper loved the script called “Wild Rose,” a story.", ["Harper", "Wild Rose"]),
        ("According to Cameron, he is working on Alita 2.", ["According to Cameron", "Alita 2"]),
        ("Lavagirl in 2005 and We Can Be Heroes 15 years later.", ["Lavagirl", "We Can Be Heroes"]),
    ],
)
def test_spans(sentence, expected):
    assert names(sentence) == expected


@pytest.mark.parametrize(
    "a, b",
    [
        ("Ocean's Eleven", "oceans 11"),
        ("Dune: Part Two", "dune part 2"),
        ("Y Tu Mamá También", "y tu mama tambien"),
        ("Star Trek IV", "star trek 4"),
        ("Friday the 13th", "friday the 13th"),
    ],
)
def test_keys(a, b):
    assert title_key(a) == title_key(b)


def test_numbers_are_kept_apart():
    assert numbers_in(title_key("Alita 2")) == ("2",)
    assert numbers_in(title_key("Alita: Battle Angel")) == ()
    assert title_key("Ocean's Eleven") != title_key("Ocean's Twelve")


@pytest.mark.parametrize(
    "title, alias",
    [
        ("Dune: Part Two", "dune 2"),
        ("The Irishman", "irishman"),
        ("La La Land", "lalaland"),
        ("Miss Peregrine's Home for Peculiar Children", "miss peregrine"),
    ],
)
def test_aliases(title, alias):
    assert alias in aliases(title)


def test_a_sequel_is_not_an_alias_of_the_original():
    assert "alita" not in aliases("Alita: Battle Angel 2") | short_forms("Alita: Battle Angel 2")
    assert "alita 2" not in aliases("Alita: Battle Angel") | short_forms("Alita: Battle Angel")


@pytest.mark.parametrize(
    "title, short",
    [("Alita: Battle Angel", "alita"), ("Alita: Battle Angel 2", "alita 2"), ("The Long Quiet: Embers", "long quiet"),
     ("Kisna - the Warrior Poet", "kisna")],
)
def test_a_dropped_subtitle_is_only_a_short_form(title, short):
    assert short in short_forms(title)
    assert short not in aliases(title)


def test_a_hyphenated_given_name_stays_in_the_name():
    spans = [s.text for s in find_spans("She met Baek Seo-yeon and the Korean-born actor Kim Ji-hoon.")]
    assert spans == ["Baek Seo-yeon", "Kim Ji-hoon"], spans


def test_two_titles_joined_by_and_stay_two():
    assert [s.text for s in find_spans("He has worked with Hanks on Forrest Gump and Castaway.")][-1] == "Castaway"
    assert [s.text for s in find_spans("Harry Potter and the Chamber of Secrets opens.")] == ["Harry Potter and the Chamber of Secrets"]
    assert [s.text for s in find_spans("Avatar: Fire and Ash opens.")] == ["Avatar: Fire and Ash"]
