"""What ingest finds in an article: films, references back to them, and the facts stated."""

from __future__ import annotations

from knowledge.analysis import analyze
from knowledge.articles import parse_text, read_file

from .helpers import CORPUS


def alita():
    return analyze(read_file(CORPUS / "000_alita-battle-angel-2-blood-oath.txt"))


def sentence_with(analysis, words: str) -> int:
    return next(s.position for s in analysis.sentences if words in s.text)


def test_films_of_the_founding_article():
    films = alita().films()
    assert films[0] == "Alita: Battle Angel 2"  # the headline's film leads
    for title in ("Alita: Battle Angel", "Alita 2", "Avatar: Fire and Ash"):
        assert title in films
    assert "James Cameron" not in films and "Rosa Salazar" not in films


def test_people_are_not_films():
    kinds = {n.display: n.kind for n in alita().names.values()}
    assert kinds["James Cameron"] == "person"
    assert kinds["Rosa Salazar"] == "person"


def test_the_manga_adaptation_refers_back_to_the_headline_film():
    a = alita()
    standfirst = sentence_with(a, "returning to the manga adaptation")
    assert a.mentions.get(("alita battle angel 2", standfirst)) == 2


def test_the_first_film_means_the_original():
    a = alita()
    oath = sentence_with(a, "director of the first film")
    assert a.facts[("alita battle angel", "directed", oath)] >= 0.5  # (the cue names no one: x0.6)
    assert a.facts.get(("alita battle angel 2", "directed", oath), 0) < 0.3


def test_a_third_film_becomes_a_sequel_title():
    a = alita()
    assert "Alita: Battle Angel 3" in a.films()


def test_facts_go_to_the_nearest_film():
    a = analyze(parse_text(
        "date 2004-12-13 Sequel tops box office\n\n"
        "Ocean's Eleven was directed by Steven Soderbergh. "
        "Soderbergh returns to direct the hit sequel Ocean's Twelve, which opens on Friday."
    ))
    first = sentence_with(a, "was directed by")
    assert a.facts[("oceans 11", "directed", first)] >= 0.9
    assert a.facts.get(("oceans 12", "directed", first), 0) < 0.5


def test_goldeneye_director_is_goldeneyes():
    a = analyze(parse_text(
        "date unknown Casino Royale is next Bond movie\n\n"
        "Casino Royale is to be the next Bond film, with Goldeneye director Martin Campbell in charge."
    ))
    lede = sentence_with(a, "Goldeneye director")
    assert a.facts[("goldeneye", "directed", lede)] > a.facts.get(("casino royale", "directed", lede), 0)


def test_ordinal_titles_link_to_the_numbered_sequel():
    a = analyze(read_file(CORPUS / "093_star-trek-4-noah-hawley-theverge.txt"))
    last = sentence_with(a, "No release date for the fourth Star Trek film")
    assert a.mentions[("star trek 4", last)] == 2
    assert a.facts[("star trek 4", "release", last)] == 1.0


def test_the_saga_and_the_franchise_refer_back_to_the_film():
    a = analyze(parse_text(
        "date 2017-05-25 'Star Wars' original cuts might return\n\n"
        "Fans have waited decades for the original Star Wars film to return uncut. "
        "Rumours abound that Lucasfilm might re-release the unaltered cuts of the saga's original trilogy."
    ))
    rumour = sentence_with(a, "Rumours abound")
    assert a.mentions.get(("star wars", rumour)) == 2
