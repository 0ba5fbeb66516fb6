"""Finding the film a user means: exact keys, aliases, numbers, typos, unknown titles."""

from __future__ import annotations

import pytest

from knowledge.answer import Engine
from knowledge.articles import parse_text
from knowledge.store import GLOBAL

from .helpers import article_text

SCOPES = (GLOBAL,)


def title(engine: Engine, text: str) -> str | None:
    film = engine.resolver.resolve(text, SCOPES)
    return film.title if film else None


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Alita 2", "Alita 2"),
        ("alita: battle angel 2", "Alita: Battle Angel 2"),
        ("Star Trek 4", "Star Trek 4"),
        ("star treck 4", "Star Trek 4"),
        ("lalaland", "La La Land"),
        ("La La Land", "La La Land"),
        ("parsite", "Parasite"),
        ("the irishman", "The Irishman"),
        ("Lady Macbth", "Lady Macbeth"),
        ("Lady Mcabeth", "Lady Macbeth"),
        ("miss peregrine", "Miss Peregrine’s Home for Peculiar Children"),
    ],
)
def test_resolves(engine, typed, expected):
    assert title(engine, typed) == expected


def test_a_sequel_number_is_never_dropped(engine):
    film = engine.resolver.resolve("Alita 2", SCOPES)
    original = engine.resolver.resolve("Alita", SCOPES)
    assert film is not None and original is not None
    assert not set(film.ids) & set(original.ids)


def test_the_number_must_match(engine):
    assert title(engine, "Star Trek 5") is None
    assert title(engine, "Alita 7") is None


@pytest.mark.parametrize("typed", ["Oppenheimer", "Heat 3", "Dune 3", "zzqx"])
def test_unknown_titles_resolve_to_nothing(engine, typed):
    assert title(engine, typed) is None


def test_suggestions_for_a_near_miss(engine):
    assert engine.resolver.suggest("Alitta Battle Angle", SCOPES)[0] == "Alita: Battle Angel"
    assert "Star Trek 4" in engine.resolver.suggest("Star Trek 5", SCOPES)
    assert len(engine.resolver.suggest("Star", SCOPES)) <= 3


def test_dune_3_is_dune_part_three(store):
    store.add(parse_text(article_text("2024-03-01", "Dune: Part Three is in the works",
                                      "Denis Villeneuve has confirmed that Dune: Part Three is in development.")))
    engine = Engine(store)
    assert title(engine, "Dune 3") == "Dune: Part Three"
    assert title(engine, "Dune Part 3") == "Dune: Part Three"
    assert title(engine, "Dune 2") is None


def test_find_in_a_question(engine):
    film, rest = engine.resolver.find_in("who plays Dr. Ido in Alita?", SCOPES)
    assert film.title == "Alita"
    assert "ido" in rest.split()
    film, _ = engine.resolver.find_in("how did Alitta do at the box office?", SCOPES)
    assert film is not None and film.title == "Alita"


def test_autocomplete_offers_films_by_prefix(engine):
    titles = engine.resolver.complete("star tr", SCOPES)
    assert "Star Trek 4" in titles and "Star Trek Beyond" in titles
    assert len(engine.resolver.complete("", SCOPES, limit=5)) == 5
    assert engine.resolver.complete("zzzz", SCOPES) == []


def test_two_letters_swapped_are_one_slip_even_in_a_short_title(store):
    store.add(parse_text(article_text("2005-01-01", "Closer wins", "The drama Closer, starring Jude Law, won.")))
    assert title(Engine(store), "Clsoer") == "Closer"


def test_a_word_the_title_lacks_makes_another_title(store):
    store.add(parse_text(article_text("2025-01-01", "Night Train review", "The thriller Night Train is directed by Ann Lee.")))
    engine = Engine(store)
    assert title(engine, "Night Train: Vespers") is None
    assert "Night Train" in engine.resolver.suggest("Night Train: Vespers", SCOPES)
    assert title(engine, "Nigth Train") == "Night Train"


def test_the_numbered_and_the_subtitled_sequel_are_one_film_where_both_are_called_its_sequel(store):
    store.add(parse_text(article_text("2024-01-10", "'Night Train 2' is happening",
                                      "Paramount has greenlit Night Train 2, the sequel to its 2023 hit. Filming starts in Oslo.")))
    store.add(parse_text(article_text("2025-03-01", "Night Train: Embers opens to $20M",
                                      "Night Train: Embers, the sequel to the 2023 hit Night Train, opened to $20 million.")))
    engine = Engine(store)
    numbered, subtitled = engine.resolver.resolve("Night Train 2", SCOPES), engine.resolver.resolve("Night Train: Embers", SCOPES)
    original = engine.resolver.resolve("Night Train", SCOPES)
    assert set(numbered.ids) & set(subtitled.ids) and set(numbered.ids) == set(subtitled.ids)
    assert not set(original.ids) & set(numbered.ids)
    assert "20 million" in engine.answer("!status Night Train 2").sentence


def test_two_sequels_of_one_film_stay_apart(store):
    store.add(parse_text(article_text("2024-01-10", "'Night Train 2' is happening",
                                      "Paramount has greenlit Night Train 2, the sequel to its 2023 hit. Filming starts in Oslo.")))
    store.add(parse_text(article_text("2025-03-01", "Night Train: Embers opens to $20M",
                                      "Night Train: Embers, the sequel to the 2023 hit Night Train, opened to $20 million.")))
    store.add(parse_text(article_text("2025-04-01", "Night Train: Ashes announced",
                                      "Night Train: Ashes, a sequel to Night Train, is in development.")))
    engine = Engine(store)
    numbered = engine.resolver.resolve("Night Train 2", SCOPES)
    assert not set(numbered.ids) & set(engine.resolver.resolve("Night Train: Ashes", SCOPES).ids)
    assert not set(numbered.ids) & set(engine.resolver.resolve("Night Train: Embers", SCOPES).ids)


def test_box_office_in_a_question_is_not_the_title_office(store):
    store.add(parse_text(article_text("2005-01-01", "Sitcom to film", "The comedy The Office is being made into a film. Ricky Gervais said Office fans would love it.")))
    engine = Engine(store)
    film, _ = engine.resolver.find_in("how much is the US box office expected to make?", SCOPES)
    assert film is None or "office" not in film.key
    film, _ = engine.resolver.find_in("how did the office do at the box office?", SCOPES)
    assert film is not None and film.title == "The Office"


def test_a_slip_near_another_titles_word_still_finds_the_title(store):
    store.add(parse_text(article_text("2005-01-01", "Weekend", "The drama About a Boy, directed by Chris Weitz, opens. "
                                      "The comedy Bout Time and the thriller Night Train open too.")))
    assert title(Engine(store), "abot a boy") == "About a Boy"

