"""Reading film news the way the press writes it: one test per class of sentence that used to
defeat the engine, each with invented articles (never a listed question)."""

from __future__ import annotations

import pytest

from knowledge.analysis import analyze
from knowledge.answer import Engine
from knowledge.articles import parse_text
from knowledge.errors import LexiconError
from knowledge.gazetteer import Gazetteer
from knowledge.query import parse, typed
from knowledge.relations import Lexicon, validated
from knowledge.store import GLOBAL, Store
from knowledge.titles import aliases

from .helpers import add, article_text, assert_answers


def read(headline: str, body: str, date: str = "2025-03-01"):
    return analyze(parse_text(article_text(date, headline, body)))


def kinds(analysis) -> dict[str, str]:
    return {n.display: n.kind for n in analysis.names.values()}


def position(analysis, words: str) -> int:
    return next(s.position for s in analysis.sentences if words in s.text)


@pytest.fixture
def engine(tmp_path):
    store = Store(tmp_path / "reading.db")
    yield Engine(store)
    store.close()




# -- names ---------------------------------------------------------------------------------


def test_a_possessive_credit_is_not_part_of_the_title():
    a = read("Night Train gets a date", "Director Ann Lee's Night Train opens in May. Netflix's Night Train trailer is out.")
    assert "night train" in a.names
    assert not any("lee" in key and "night" in key for key in a.names)
    assert not any("netflix" in key and "night" in key for key in a.names)


def test_a_possessive_inside_a_title_stays():
    a = read("Review", "“The Weaver's Daughter” is a quiet triumph, and The Weaver's Daughter opens Friday.")
    assert "the weavers daughter" in a.names


@pytest.mark.parametrize("name", ["Rotten Tomatoes", "CinemaScore", "Box Office Mojo", "IMAX", "Lionsgate", "Iceland"])
def test_companies_outlets_and_places_are_never_films(name):
    a = read("Weekend box office", f"Night Train opened to $12 million, and {name} said the film did well. "
             f"The film played on {name} screens, {name} reported.")
    assert kinds(a).get(name) != "film"


@pytest.mark.parametrize(
    "sentence, name, kind",
    [
        ('The film ORO opens Friday.', 'ORO', 'film'),
        ('Saltmarsh, directed by Ann Lee, opens Friday.', 'Saltmarsh', 'film'),
        ('The sci-fi thriller Pylon shoots in June.', 'Pylon', 'film'),
        ("A24's Copper Bell opened to $4 million.", 'Copper Bell', 'film'),
        ('Copper Bell grossed $4 million for Neon.', 'Copper Bell', 'film'),
        ('Focus Features will release Copper Bell on May 9.', 'Copper Bell', 'film'),
        ('Copper Bell earned an A CinemaScore.', 'Copper Bell', 'film'),
        ('Copper Bell is the latest from Ann Lee.', 'Copper Bell', 'film'),
        ("Ann Lee's horror pic Copper Bell opened to $4 million.", 'Copper Bell', 'film'),
        ('Copper Bell debuted at No. 1 with $40 million.', 'Copper Bell', 'film'),
        ('Copper Bell held the top spot for a second weekend.', 'Copper Bell', 'film'),
        ('Copper Bell, which cost $40 million, flopped.', 'Copper Bell', 'film'),
        ('Copper Bell is set in 1950s Lisbon.', 'Copper Bell', 'film'),
        ('Copper Bell follows a lighthouse keeper who finds a body.', 'Copper Bell', 'film'),
        ('Copper Bell premiered at Venice to a standing ovation.', 'Copper Bell', 'film'),
        ('Netflix has acquired Copper Bell for $12 million.', 'Copper Bell', 'film'),
        ('Copper Bell is a remake of the 1962 Japanese film.', 'Copper Bell', 'film'),
        ('Mara Quint said the shoot was hard.', 'Mara Quint', 'person'),
        ('Mara Quint, 34, stars as a nurse.', 'Mara Quint', 'person'),
        ('Producer Lorcan Abernethy told Deadline the film would shoot in May.', 'Lorcan Abernethy', 'person'),
        ('Copper Bell star Mara Quint has joined Night Train.', 'Mara Quint', 'person'),
        ('Variety reported that Copper Bell opened to $4 million.', 'Variety', 'other'),
        ('According to Box Office Mojo, Copper Bell opened to $4 million.', 'Box Office Mojo', 'other'),
        ('Marsh Light Pictures will produce Copper Bell.', 'Marsh Light Pictures', 'other'),
        ('Copper Bell shot in Reykjavik and Oslo.', 'Reykjavik', 'other'),
        ("Lionsgate's Copper Bell opened to $4 million.", 'Lionsgate', 'other'),
        ("Abernethy, who produced Copper Bell, said it would shoot in May.", "Copper Bell", "film"),
        ("Neon picked up Copper Bell at Cannes.", "Cannes", "other"),
    ],
)
def test_what_a_name_is_from_the_words_around_it_in_one_sentence(sentence, name, kind):
    assert kinds(read("Weekend box office", sentence)).get(name) == kind


def test_the_popularity_of_documentary_films_is_no_film(engine):
    add(engine, "2005-02-20", "Super Size Me wins writers' award", "Super Size Me director Morgan Spurlock has won the guild's "
        "award for documentary writing. Organisers said the rising popularity of documentary films led them to honour a "
        "writer for a documentary screenplay.")
    assert_answers(engine, "!who wrote Super Size Me", "Spurlock")


def test_a_company_name_is_known_by_its_last_word():
    gazetteer = Gazetteer.parse('[shapes]\ncompany_last = ["Pictures"]\n')
    assert gazetteer.kind("lodestar pictures", "Lodestar Pictures") == "company"
    assert gazetteer.kind("night train", "Night Train") is None


def test_a_genre_word_before_a_short_title_makes_it_a_film():
    a = read("Casting news", "Mara Quint has joined the sci-fi thriller Pylon, which shoots in June.")
    assert kinds(a)["Pylon"] == "film"


@pytest.mark.parametrize(
    "sentence, title",
    [
        ("Among holdovers, Searchlight's Marrow Lane, which arrived on Hulu in May, still grossed $1.2M.", "Marrow Lane"),
        ("Neon's Copper Bell added 300 theaters and earned $2.1M at 612 locations.", "Copper Bell"),
    ],
)
def test_a_studios_title_is_a_film(sentence, title):
    a = read("Box office: Night Train opens", f"Night Train opened to $30 million at 3,000 theaters. {sentence}")
    assert kinds(a)[title] == "film", a.names[title.lower()].evidence
    p = position(a, title)
    assert a.facts.get((title.lower(), "box_office", p), 0) > a.facts.get(("night train", "box_office", p), 0)


def test_the_original_before_a_name_makes_it_a_film():
    a = read("Copper Bell 2 opens", "Copper Bell 2 opened to $30 million. The original Copper Bell finished with $118M worldwide.")
    assert kinds(a)["Copper Bell"] == "film"


def test_a_title_opening_with_a_question_word_stays_whole():
    a = read("Sundance winners", "Why We Fight scooped the jury prize at Sundance. Both Why We Fight and "
             "The Copper Bell were made for the BBC. Why We Fight is due to be screened on BBC Four in March.")
    assert "we fight" not in a.names
    assert kinds(a)["Why We Fight"] == "film" and kinds(a)["BBC Four"] != "film"


def test_a_filmographys_year_after_the_title_is_when_it_came_out(engine):
    add(engine, "2005-01-10", "Mara Quint cast", "Mara Quint will star in Night Train. She starred in the drama Copper Bell in 2002.")
    assert_answers(engine, "!when Copper Bell", "in 2002")


def test_the_title_a_speaker_made_does_not_speak():
    a = read("Changes", "Chris Weitz, director of About a Boy, said the changes were made after the studio expressed concern.")
    assert kinds(a)["About a Boy"] == "film"


def test_a_film_named_after_its_heroine_is_a_film_however_often_it_is_named():
    a = read("Nominations", "The drama Nora Quill leads the field. Nora Quill has 11 nominations. "
             "Nora Quill is the favourite, and Nora Quill is up against two comedies.")
    assert kinds(a)["Nora Quill"] == "film"


@pytest.mark.parametrize("people", ["German", "Korean", "Israeli"])
def test_a_nationality_before_film_is_no_title(people):
    a = read("Berlin cheers", f"A {people} movie about a resistance heroine has drawn loud applause at the festival.")
    assert kinds(a).get(people) != "film"


def test_a_work_in_brackets_after_a_nominee_is_a_title():
    a = read("Nominations", "Best actress nominees: Mara Quint (Copper Bell) and Nora Hale (Night Train).")
    assert kinds(a)["Copper Bell"] == "film" and kinds(a)["Mara Quint"] == "person"


def test_added_with_a_number_is_not_speech():
    a = read("Box office", "Copper Bell added 300 theaters this weekend. Copper Bell added $2 million.")
    assert kinds(a)["Copper Bell"] != "person"


def test_the_article_before_a_credit_compound_is_not_the_persons():
    a = read("Night Train 2 costs", "Night Train 2 is the sequel to Night Train. "
             "The Lorcan Abernethy-directed sequel cost around $15M before marketing.")
    assert "lorcan abernethy" in a.names and "the lorcan abernethy" not in a.names
    assert kinds(a)["Lorcan Abernethy"] == "person"
    assert not any(key == "lorcan abernethy" and relation == "budget" for key, relation, _ in a.facts)


def test_a_character_played_is_not_a_person():
    a = read("Night Train casting", "Ann Lee will play Otto Brand in Night Train, reprising her role as Otto Brand.")
    assert kinds(a)["Otto Brand"] != "person" and kinds(a)["Ann Lee"] == "person"


def test_a_review_label_is_not_part_of_a_name():
    a = read("Review: a cold wonder", "Night Train is a cold wonder.\n\nGrade: B+\n\nComposer: Tilda Marsh")
    assert not any(key.startswith(("grade", "composer")) for key in a.names)
    assert kinds(a)["Tilda Marsh"] == "person"


def test_a_date_after_on_ends_a_name():
    a = read("Dated", "Focus will release Night Train in the United States on November 22.")
    assert "united states" in a.names and "night train" in a.names
    assert not any("november" in key for key in a.names)


def test_a_weekday_before_at_is_a_date_but_friday_the_13th_is_a_title():
    a = read("Shooting starts", "Cameras rolled Monday at Origo Studios on Friday the 13th: Reborn.")
    assert "origo studios" in a.names and "friday the 13th reborn" in a.names
    assert not any(key.startswith("monday") for key in a.names)


def test_the_follow_up_to_a_film_not_named_is_its_next_film():
    a = read("'Night Train' Sequel Starts Shooting", "Cameras rolled in Oslo on the follow-up to the 2023 hit Night Train. "
             "Mara Quint has joined the follow-up as the film's villain.")
    p = position(a, "Mara Quint")
    assert a.facts.get(("night train 2", "stars", p), 0) > a.facts.get(("night train", "stars", p), 0)
    assert ("night train sequel", "night train 2") in a.aliases


def test_the_sequel_said_of_a_sequel_is_that_film():
    a = read("Night Train Returns gets a director", "Night Train Returns is directed by Ann Lee. "
             "The sequel follows the 2019 original, which Tom Reyes directed.")
    assert "night train returns 2" not in a.names


def test_name_lists_are_checked_when_loaded():
    with pytest.raises(LexiconError, match=r"unknown list \[studios\]"):
        Gazetteer.parse('[studios]\nnames = ["A24"]\n')
    with pytest.raises(LexiconError, match="must be a list"):
        Gazetteer.parse('[company]\nnames = "A24"\n')


def test_the_relation_lexicon_is_checked_when_loaded(tmp_path):
    with pytest.raises(LexiconError, match=r"\[directed\]: unknown key 'stong'"):
        validated({"directed": {"stong": ["directed"]}}, "relations.toml")
    bad = tmp_path / "relations.toml"
    bad.write_text("[directed\n")
    with pytest.raises(LexiconError, match="not valid TOML"):
        Lexicon.load(bad)


# -- credits, as the press says them -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence, person",
    [
        ("Directed by Ann Lee, Night Train also stars Tom Reyes.", "Ann Lee"),
        ("Night Train, from director Ann Lee, opens in May.", "Ann Lee"),
        ("Ann Lee wrote and directed the movie, Night Train, in 2024.", "Ann Lee"),
        ("Ann Lee is set to direct Night Train for Netflix.", "Ann Lee"),
        ("Ann Lee will helm Night Train, which shoots in Oslo.", "Ann Lee"),
        ("The Ann Lee-directed Night Train opens in May.", "Ann Lee"),
        ("Director Ann Lee's Night Train opens in May.", "Ann Lee"),
    ],
)
def test_director_credits(engine, sentence, person):
    add(engine, "2025-03-01", "Night Train news", sentence)
    assert_answers(engine, "!who directed Night Train", person)


@pytest.mark.parametrize(
    "relation, person, sentence",
    [
        ("directed", "Ann Lee", 'Universal has tapped Ann Lee to direct Night Train.'),
        ("directed", "Ann Lee", 'Ann Lee is attached to direct Night Train, with Tom Hale producing.'),
        ("directed", "Ann Lee", 'Night Train hails from director Ann Lee.'),
        ("directed", "Ann Lee", 'Ann Lee (Copper Bell) directs Night Train from a script by Tom Hale.'),
        ("directed", "Ann Lee", 'Ann Lee has signed on to helm Night Train.'),
        ("directed", "Ann Lee", 'Ann Lee will make her directorial debut with Night Train.'),
        ("directed", "Ann Lee", "Night Train marks Ann Lee's feature directorial debut."),
        ("directed", "Ann Lee", 'Ann Lee is behind the camera for Night Train.'),
        ("directed", "Ann Lee", 'Ann Lee, who directed Night Train, spoke to reporters.'),
        ("directed", "Ann Lee", 'Night Train director Ann Lee said the shoot was hard.'),
        ("directed", "Ann Lee", 'Night Train is the second feature from Ann Lee.'),
        ("directed", "Ann Lee", 'Ann Lee is in talks to direct Night Train.'),
        ("directed", "Ann Lee", 'Ann Lee is on board to direct Night Train.'),
        ("directed", "Ann Lee", 'Ann Lee boards Night Train as director.'),
        ("directed", "Ann Lee", 'Netflix has set Ann Lee to direct the thriller Night Train.'),
        ("directed", "Ann Lee", 'Ann Lee will direct from her own script, with Night Train shooting in May.'),
        ("directed", "Ann Lee", 'The thriller Night Train comes from filmmaker Ann Lee.'),
        ("directed", "Ann Lee", 'Night Train, the new film from Ann Lee, opens Friday.'),
        ("directed", "Ann Lee", 'Ann Lee returns to direct Night Train.'),
        ("directed", "Ann Lee", 'Sony has hired Ann Lee to direct Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint has been cast in Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint has joined the cast of Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint will topline Night Train.'),
        ("stars in", "Mara Quint", 'Night Train stars Mara Quint and Tom Hale.'),
        ("stars in", "Mara Quint", 'Mara Quint leads the cast of Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint is set to star in Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint and Tom Hale star in Night Train.'),
        ("stars in", "Mara Quint", 'Night Train, starring Mara Quint, opens Friday.'),
        ("stars in", "Mara Quint", 'Mara Quint plays a stationmaster in Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint boards Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint is in negotiations to join Night Train.'),
        ("stars in", "Mara Quint", 'The cast of Night Train includes Mara Quint.'),
        ("stars in", "Mara Quint", 'Mara Quint has signed on to star in Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint will headline Night Train.'),
        ("stars in", "Mara Quint", 'Night Train has added Mara Quint to its cast.'),
        ("stars in", "Mara Quint", 'Mara Quint is in final talks to lead Night Train.'),
        ("stars in", "Mara Quint", 'Mara Quint fronts Night Train, a thriller.'),
        ("stars in", "Mara Quint", 'Mara Quint heads the ensemble of Night Train.'),
        ("wrote", "Tom Hale", 'Tom Hale wrote the screenplay for Night Train.'),
        ("wrote", "Tom Hale", 'Night Train is written by Tom Hale.'),
        ("wrote", "Tom Hale", 'Tom Hale penned the script for Night Train.'),
        ("wrote", "Tom Hale", 'The script for Night Train is by Tom Hale.'),
        ("wrote", "Tom Hale", 'Tom Hale adapted the novel Night Train for the screen.'),
        ("wrote", "Tom Hale", 'Night Train is directed by Ann Lee from a script by Tom Hale.'),
        ("wrote", "Tom Hale", 'Tom Hale is writing Night Train.'),
        ("wrote", "Tom Hale", 'Night Train was scripted by Tom Hale.'),
        ("wrote", "Tom Hale", 'Tom Hale has been hired to write Night Train.'),
        ("produced", "Tom Hale", 'Tom Hale produces Night Train through his Marsh Light banner.'),
        ("produced", "Tom Hale", 'Night Train is produced by Tom Hale.'),
        ("produced", "Tom Hale", 'Tom Hale is producing Night Train.'),
        ("produced", "Tom Hale", 'Tom Hale serves as producer on Night Train.'),
        ("produced", "Tom Hale", 'Tom Hale will produce Night Train via his banner.'),
        ("produced", "Tom Hale", 'Tom Hale is on board as a producer of Night Train.'),
        ("composed", "Mika Tanabe", 'Mika Tanabe is scoring Night Train.'),
        ("composed", "Mika Tanabe", 'The score for Night Train is by Mika Tanabe.'),
        ("composed", "Mika Tanabe", 'Mika Tanabe composed the music for Night Train.'),
        ("composed", "Mika Tanabe", 'Mika Tanabe will compose the score for Night Train.'),
        ("directed", "Ann Lee", "Copper Bell was made by Tom Hale while Night Train is the work of Ann Lee."),
        ("stars in", "Mara Quint", "He found fame in 1988's Night Train, opposite comics Mara Quint and Tom Hale."),
        ("produced", "Tom Hale", "Actor and producer Tom Hale's forthcoming venture Night Train is set in 1857."),
    ],
)
def test_credits_as_the_trade_press_phrases_them(engine, relation, person, sentence):
    add(engine, "2025-03-01", "Night Train news", sentence)
    assert_answers(engine, f"!who {relation} Night Train", person)


def test_a_company_led_by_someone_is_no_cast(engine):
    add(engine, "2025-03-01", "Night Train news", "Night Train is a co-production between Moonlit Frame and Kino Films, "
        "led by producer Ann Aubry.")
    assert not engine.answer("!who stars in Night Train").answered


@pytest.mark.parametrize(
    "sentence, asked",
    [
        ("Ann Lee, who directed Copper Bell, will star in Night Train.", "directed"),
        ("Mara Quint, star of Copper Bell, will direct Night Train.", "stars in"),
    ],
)
def test_a_credit_in_an_aside_is_the_asides_films(engine, sentence, asked):
    add(engine, "2025-03-01", "Casting news", f"The thriller Night Train and the drama Copper Bell are in the news. {sentence}")
    assert_answers(engine, f"!who {asked} Copper Bell", sentence[:12])
    assert sentence[:12] not in (engine.answer(f"!who {asked} Night Train").sentence or "")

@pytest.mark.parametrize(
    "sentence, person",
    [
        ("The script for Night Train will once again be developed by Ann Lee.", "Ann Lee"),
        ("Night Train follows a stationmaster, Otto Brand (Tom Reyes), through one winter.", "Tom Reyes"),
    ],
)
def test_credits_said_at_a_distance(engine, sentence, person):
    add(engine, "2025-03-01", "Night Train news", sentence)
    relation = "wrote" if "script" in sentence else "stars in"
    assert_answers(engine, f"!who {relation} Night Train", person)


def test_a_credit_after_a_title_and_a_comma_is_that_titles(engine):
    add(engine, "2025-03-01", "Weekend chart",
        "Rounding out the top five was the fable Glass Harbour, starring Tom Reyes, and the comedy Night Train.")
    add(engine, "2025-03-02", "Weekend chart again",
        "Night Train 2, a sequel to Night Train, starring Ann Lee, opened in third place.")
    assert "Tom Reyes" in engine.answer("!who stars in Glass Harbour").sentence
    assert not engine.answer("!who stars in Night Train").answered
    assert "Ann Lee" in engine.answer("!who stars in Night Train 2").sentence


def test_a_film_noun_opening_a_sentence_is_not_part_of_the_title():
    a = read("Weekend chart", "Comedy Night Train, starring Tom Reyes, was in second place. Thriller Glass Harbour was third.")
    assert {"night train", "glass harbour"} <= set(a.names)
    assert not any(key.startswith(("comedy", "thriller")) for key in a.names)


def test_a_credit_the_paragraphs_film_only_inherits_credits_no_one():
    a = read("Awards night", "Glass Harbour led the nominations with six.\n"
             "The drama Night Train won the top prize. She received the prize from actor Tom Reyes.")
    slot = ("night train", "stars", position(a, "from actor Tom Reyes"))
    assert slot in a.facts and a.credited.get(slot) is None


def test_other_films_releases_are_not_this_films_release(engine):
    add(engine, "2025-03-01", "Night Train dated", "Night Train opens in the UK on Friday.")
    add(engine, "2025-03-09", "Night Train holds on", "There were no major releases last week to compete with Night Train.")
    assert "opens in the UK" in engine.answer("!when Night Train").sentence


def test_a_company_is_credited_as_producer_never_as_cast():
    a = read("Netflix slate", "The thriller Night Train joins a Netflix slate of originals. Netflix produced the film in Oslo.")
    assert not any(rel == "stars" and name == "netflix" for (_, rel, _), name in a.credited.items())
    assert ("netflix", "produced", position(a, "Netflix produced")) in a.credited


def test_a_cue_in_another_clause_than_the_title_says_less_of_it():
    a = read("Nominations", "The year's box office hits were shut out of the craft categories, and no thriller beyond "
             "Night Train was nominated anywhere. Night Train grossed $40 million at the box office.")
    aside, stated = position(a, "shut out"), position(a, "grossed")
    assert a.facts[("night train", "box_office", aside)] < a.facts[("night train", "box_office", stated)]


def test_the_only_film_an_article_names_is_what_the_film_refers_to(engine):
    add(engine, "2025-03-01", "Willow Park sues over injury",
        "Actor Willow Park is suing a studio over an injury she suffered while making the thriller Glass Harbour.\n"
        "She says the studio ignored safety advice.\n"
        "Directed by Tom Wrona, the film was poorly received by critics.")
    assert_answers(engine, "!who directed Glass Harbour", "Tom Wrona")


def test_someones_previous_film_makes_an_unfamiliar_name_its_owner(engine):
    add(engine, "2025-03-01", "Japanese box office", "Chiaki Okabe's new film Glass Harbour took 3bn yen. "
        "It may beat the record of Chiaki Okabe's previous film Night Train.")
    assert_answers(engine, "!who directed Night Train", "Chiaki Okabe")


def test_a_role_in_someones_film_makes_them_its_director(engine):
    add(engine, "2005-03-01", "Mara Quint nominated", "Mara Quint was nominated for her role in Ann Lee's Night Train.")
    assert_answers(engine, "!who directed Night Train", "Ann Lee's Night Train")
    assert not engine.answer("!who stars in Ann Lee").answered  # the owner is not the film


def test_a_credit_in_a_who_clause_belongs_to_the_film_in_it(engine):
    add(engine, "2025-03-01", "Dawn Road sequel news",
        "Ann Lee, who directed last year's hit Dawn Road, is an executive producer on the sequel, Dawn Road: Ember.")
    add(engine, "2025-03-02", "Dawn Road sequel sets director",
        "Dawn Road: Ember, the sequel to Dawn Road, will be directed by Tom Reyes.")
    assert "Ann Lee" in engine.answer("!who directed Dawn Road").sentence
    assert "Tom Reyes" in engine.answer("!who directed Dawn Road: Ember").sentence


def test_the_name_most_articles_credit_wins(engine):
    for day in (1, 2, 3):
        add(engine, f"2025-03-0{day}", f"Night Train report {day}", f"Ann Lee directed Night Train, report {day} says.")
    add(engine, "2025-03-05", "Night Train extra",
        "Tom Reyes, who directed second-unit scenes, worked on Night Train, the film's director said.")
    assert "Ann Lee" in engine.answer("!who directed Night Train").sentence


def test_a_person_named_beside_a_credit_word_it_does_not_give_is_weaker():
    a = read("Night Train", "Night Train is directed by Ann Lee. Night Train's director and star Tom Reyes, a friend, visited.")
    bound = a.facts[("night train", "directed", position(a, "directed by Ann Lee"))]
    assert bound >= 0.9


@pytest.mark.parametrize(
    "sentence",
    ["Her first film was 1995's family fantasy movie Night Train.", "Lee's 1986 hit Night Train made her name.",
     "She first worked with Lee on Night Train (1995)."],
)
def test_a_year_beside_a_title_says_when_it_came_out(engine, sentence):
    add(engine, "2005-03-01", "Ann Lee profile", sentence)
    a = engine.answer("!when Night Train")
    assert a.answered and a.sentence == sentence


# -- reference -------------------------------------------------------------------------------


@pytest.mark.parametrize("anaphor", ["The film", "The movie", "The low-budget film", "The $90 million thriller", "The sequel"])
def test_facts_said_of_the_film_go_to_the_film_in_view(anaphor):
    a = read("Night Train 2 shoots in Oslo", f"Night Train 2 began shooting on Monday. {anaphor} is directed by Ann Lee.")
    assert a.facts.get(("night train 2", "directed", 2), 0) >= 0.8


def test_it_refers_to_the_film_the_last_sentence_led_with():
    a = read("Night Train opens", "Night Train opened on Friday. It took $40 million over the weekend.")
    assert a.facts.get(("night train", "box_office", 2), 0) >= 0.5


def test_the_first_film_in_a_sequels_article_is_the_original():
    a = read("Dawn Road: Ember starts shooting",
             "Dawn Road: Ember, the sequel to Dawn Road, starts shooting. "
             "Ann Lee, who directed the first film, is an executive producer.")
    p = position(a, "the first film")
    assert a.facts.get(("dawn road", "directed", p), 0) > a.facts.get(("dawn road ember", "directed", p), 0)


# -- title identity --------------------------------------------------------------------------


def test_a_film_and_its_subtitled_sequel_stay_apart(engine):
    add(engine, "2024-01-01", "The Long Quiet review", "The Long Quiet, directed by Ann Lee, is a cold wonder.")
    add(engine, "2025-01-01", "The Long Quiet: Embers sets director",
        "The Long Quiet: Embers will be directed by Tom Reyes.")
    assert "Ann Lee" in engine.answer("!who directed The Long Quiet").sentence
    assert "Tom Reyes" in engine.answer("!who directed The Long Quiet: Embers").sentence


def test_a_title_named_before_its_subtitled_form_is_another_film(engine):
    add(engine, "2024-01-01", "Night Train review", "Night Train, directed by Ann Lee, is a hit.")
    add(engine, "2025-06-01", "Marsh Road review",
        "Ann Lee made the best thriller of 2024 with Night Train. She handed the next one to someone else. "
        "Tom Reyes's Night Train: Embers arrives in May and opened to $31 million in Japan.")
    a = read("Marsh Road review", "Ann Lee made Night Train. Tom Reyes's Night Train: Embers arrives in May.")
    assert ("night train", "night train embers") not in a.aliases
    assert "Ann Lee" in engine.answer("!who directed Night Train").sentence
    assert "$31 million" not in (engine.answer("!status Night Train").sentence or "")


def test_what_is_said_of_x_sequel_is_said_of_the_sequel_not_of_x():
    a = read("Night Train news", "Night Train was a hit in 2023. Night Train 2 has found its villain. "
             "The Night Train sequel is officially in production in Oslo.")
    said = position(a, "officially in production")
    assert ("night train", "status", said) not in a.facts
    assert ("night train 2", "status", said) in a.facts


def test_a_dropped_subtitle_finds_the_only_film_with_that_title(engine):
    add(engine, "2024-01-01", "Marrow: A Winter's Tale review", "Marrow: A Winter's Tale is directed by Ann Lee.")
    assert_answers(engine, "!who directed Marrow", "Ann Lee")


def test_the_sequel_by_reference(engine):
    add(engine, "2024-01-01", "Night Train review", "Night Train, directed by Ann Lee, is a hit.")
    add(engine, "2025-01-01", "Night Train: Embers greenlit",
        "Night Train: Embers, the sequel, will be directed by Tom Reyes.")
    assert_answers(engine, "!who directed the Night Train sequel", "Tom Reyes")


def test_sequel_numbers_stay_strict(engine):
    add(engine, "2024-01-01", "Night Train review", "Night Train, directed by Ann Lee, is a hit.")
    a = engine.answer("!who directed Night Train 3")
    assert not a.answered


# -- recency over evidence -------------------------------------------------------------------


def test_the_newest_clear_statement_wins_over_a_newer_aside(engine):
    add(engine, "2024-05-01", "Night Train shelved", "Netflix has shelved Night Train, the Ann Lee thriller.")
    add(engine, "2025-02-01", "Ann Lee's next move",
        "Ann Lee, whose Night Train plans were much discussed, is talking to Netflix about a series.")
    a = engine.answer("!status Night Train")
    assert "shelved" in a.sentence



def test_a_round_ups_newest_article_answers_for_each_film_it_covers(engine):
    add(engine, "2025-06-01", "Copper Bell dated", "Neon dated Copper Bell for October.")
    add(engine, "2026-01-20", "Oscar nominations: Night Train leads", "\"Night Train\" picked up five nominations. "
        "In the international feature category, Poland's \"Copper Bell\" made the final five.")
    assert_answers(engine, "!status Copper Bell", "made the final five")


def test_a_sentence_naming_no_film_continues_the_film_the_one_before_led_with():
    a = read("Oscar nominations: Night Train leads", "\"Night Train\" picked up five nominations on Thursday.\n\n"
             "In the international feature category, Poland's \"Copper Bell\" made the final five. "
             "Ola Brandt's Polish-Czech co-production was released in North America by Neon in October.")
    p = position(a, "Polish-Czech")
    assert a.facts.get(("copper bell", "release", p), 0) > a.facts.get(("night train", "release", p), 0)



def test_a_film_named_in_an_aside_is_not_continued(engine):
    add(engine, "2025-03-01", "Mara Quint to star in Night Train", "Mara Quint will play the lead in the thriller Night Train. "
        "She also starred in the drama Copper Bell in 2002. Director Ann Lee chose Quint for the part.")
    assert not engine.answer("!who directed Copper Bell").answered

@pytest.mark.parametrize(
    "sentence",
    ["The original Copper Bell finished with $118M worldwide.", "Among holdovers, Copper Bell, which arrived on Hulu on May 9, is still out."],
)
def test_the_original_and_arrived_on(engine, sentence):
    add(engine, "2025-06-01", "Copper Bell 2 opens", f"Copper Bell 2 opened to $30 million. {sentence}")
    relation = "when" if "arrived" in sentence else "status"
    assert_answers(engine, f"!{relation} Copper Bell", sentence[:20])


def test_someones_drama_about_is_the_film_in_view_and_they_made_it():
    a = read("Night Train leads the nominations", "\"Night Train\" picked up five nominations on Thursday. "
             "Lorcan Abernethy's drama about a retired signalman was also recognized for its screenplay.")
    assert kinds(a)["Lorcan Abernethy"] == "person"
    p = position(a, "signalman")
    assert a.facts.get(("night train", "plot", p), 0) >= 0.5



def test_when_is_answered_by_the_sentence_that_says_when_most_exactly(engine):
    engine.store.add(parse_text(article_text("unknown", "Night Train postponed", "The release of Night Train, a film "
                                             "about the 1993 floods, has been postponed. A court postponed the film's launch until 3 February.")))
    assert_answers(engine, "!when Night Train", "3 February")


def test_when_is_a_release_more_than_a_festival_screening(engine):
    add(engine, "2026-02-05", "Ann Lee on Copper Bell", "The drama Copper Bell premiered at Sundance last January, "
        "where Neon bought it. It opened in limited release in November and has expanded steadily since.")
    assert_answers(engine, "!when Copper Bell", "limited release")


def test_a_cue_inside_a_longer_cue_is_one_cue():
    cues = Lexicon.load().cues("The episode will be screened on 25 January.")
    assert [(c.relation, c.start) for c in cues if c.relation == "release"] == [("release", 17)]


@pytest.mark.parametrize(
    "intent, sentence, words",
    [
        ("when", 'Night Train will hit theaters on October 16.', 'October 16'),
        ("when", 'Netflix will debut Night Train on March 3.', 'March 3'),
        ("when", 'Night Train bows on Hulu May 9.', 'May 9'),
        ("when", 'Night Train has been dated for June 12, 2026.', 'June 12'),
        ("when", 'Universal has set a November 6 release for Night Train.', 'November 6'),
        ("when", 'Night Train lands in cinemas this summer.', 'summer'),
        ("when", 'Night Train opens in the UK on 3 February.', '3 February'),
        ("when", 'Night Train is slated for a 2027 release.', '2027'),
        ("when", 'Night Train will premiere at Cannes in May.', 'May'),
        ("when", 'Night Train arrives on Netflix on Friday.', 'Friday'),
        ("when", 'Night Train is due out next year.', 'next year'),
        ("when", 'Night Train will be released on DVD in March.', 'March'),
        ("when", 'Sony has given Night Train a Christmas Day release.', 'Christmas'),
        ("when", 'Night Train will stream on Max from April 4.', 'April 4'),
        ("when", 'Night Train goes out in US cinemas on 10 December.', '10 December'),
        ("when", 'Night Train is scheduled to open on 4 July.', '4 July'),
        ("when", 'Night Train gets a wide release on March 7.', 'March 7'),
        ("when", 'Focus will release Night Train in the United States on November 22.', 'November 22'),
        ("when", 'Night Train is expected in theaters next spring.', 'next spring'),
        ("when", 'Night Train was released in 2019.', '2019'),
        ("when", 'Night Train opened in limited release in November.', 'November'),
        ("status", 'Night Train has been shelved.', 'shelved'),
        ("status", 'Night Train has wrapped production in Budapest.', 'wrapped'),
        ("status", 'Cameras are rolling on Night Train in Budapest.', 'Cameras'),
        ("status", 'Night Train has started filming in Budapest.', 'filming'),
        ("status", 'Netflix has greenlit Night Train.', 'greenlit'),
        ("status", 'Night Train is in post-production.', 'post-production'),
        ("status", 'Night Train has been pushed to 2027.', 'pushed'),
        ("status", 'Night Train is now streaming on Netflix.', 'streaming'),
        ("status", 'Night Train topped the box office with $40 million.', '$40 million'),
        ("status", 'Neon has acquired Night Train.', 'acquired'),
        ("status", 'Night Train has been cancelled.', 'cancelled'),
        ("status", 'Production on Night Train has been halted.', 'halted'),
        ("status", 'Night Train is in development at Sony.', 'development'),
        ("status", 'Night Train has been delayed indefinitely.', 'delayed'),
        ("status", 'Night Train has been scrapped.', 'scrapped'),
        ("status", 'Night Train has been put on hold.', 'on hold'),
        ("status", 'Night Train is back on track.', 'on track'),
        ("status", 'Principal photography on Night Train began Monday.', 'photography'),
        ("status", 'Night Train has been removed from the release calendar.', 'removed'),
        ("status", 'Night Train was a flop, taking just $2 million.', '$2 million'),
        ("status", "Night Train has been dropped from Sony's slate.", 'dropped'),
        ("status", 'Night Train is moving forward at Netflix.', 'moving forward'),
        ("status", 'Night Train has been picked up by Netflix.', 'picked up'),
        ("status", 'Night Train is now in pre-production.', 'pre-production'),
    ],
)
def test_release_and_status_news_as_the_press_phrases_it(engine, intent, sentence, words):
    add(engine, "2025-03-01", "Weekend news", f"Ann Lee was in Paris on Monday. {sentence} Tom Hale was in Rome.")
    assert_answers(engine, f"!{intent} Night Train", words)


# -- the kind of answer asked for -------------------------------------------------------------


def test_how_much_needs_an_amount(engine):
    add(engine, "2025-03-01", "Night Train opens", "Night Train opened on Friday to strong reviews. "
        "Night Train took $40 million over the weekend.")
    assert_answers(engine, "!ask how much did night train make over the weekend?", "$40 million")


def test_no_amount_no_answer(engine):
    add(engine, "2025-03-01", "Night Train opens", "Night Train's budget was never disclosed, its producers said.")
    assert not engine.answer("!ask what was the budget of night train?").answered


def test_where_needs_a_place(engine):
    add(engine, "2025-03-01", "Night Train shoots", "Night Train began shooting on Monday. "
        "Cameras rolled at a disused mill in Lancashire, the producers said.")
    assert_answers(engine, "!ask where was night train filmed?", "Lancashire")


def test_a_sentence_about_another_film_does_not_answer_for_this_one(engine):
    add(engine, "2025-03-01", "Weekend box office", "The thriller Night Train topped the box office. "
        "The comedy Dawn Road, meanwhile, took $3 million in its second weekend.")
    assert not engine.answer("!ask how much did night train make in its second weekend?").answered


# -- free words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, intent, relation",
    [
        ("!ask who directed Night Train?", "who", "directed"),
        ("!ask who's the director of Night Train", "who", "directed"),
        ("who made Night Train", "who", "directed"),
        ("!ask who is starring in Night Train", "who", "stars"),
        ("!ask who composed the music for Night Train", "who", "composed"),
        ("!ask when does Night Train come out?", "when", "release"),
        ("!ask what's the latest on Night Train", "status", "status"),
        ("how is Night Train doing", "status", "status"),
        ("!ask who's directing Night Train?", "who", "directed"),
        ("!ask who is behind Night Train?", "who", "directed"),
        ("!ask who's in Night Train?", "who", "stars"),
        ("!ask who wrote the script for Night Train?", "who", "wrote"),
        ("!ask what's the release date for Night Train?", "when", "release"),
        ("when is Night Train coming to Netflix?", "when", "release"),
        ("when can I see Night Train?", "when", "release"),
        ("!ask is Night Train out yet?", "when", "release"),
        ("!ask has Night Train been cancelled?", "status", "status"),
        ("how's Night Train coming along?", "status", "status"),
        ("!ask where is Night Train at?", "status", "status"),
        ("tell me about Night Train", "film", None),
    ],
)
def test_free_questions_get_the_relations_reading(question, intent, relation):
    q = parse(question)
    assert (q.intent, q.relation, q.subject) == (intent, relation, "Night Train")


def test_a_free_question_gets_the_same_answer_as_the_command(engine):
    add(engine, "2025-03-01", "Night Train news", "Night Train, directed by Ann Lee, opens in May.")
    assert engine.answer("!ask who is the director of night train?").sentence == engine.answer("!who directed night train").sentence


def test_a_frame_whose_title_is_no_film_is_asked_as_it_is(engine):
    add(engine, "2025-03-01", "Wild Rose news", "Mara Quint wrote the song Glasgow for Wild Rose, directed by Ann Lee.")
    a = engine.answer("!ask who wrote the song Glasgow in Wild Rose?")
    assert a.intent == "ask"


def test_a_slash_command_hands_its_options_over_as_they_are(engine):
    add(engine, "2025-03-01", "Night Train news", "Night Train, directed by Ann Lee, opens in May.")
    q = typed("who", "Night Train", "directed")
    assert (q.intent, q.relation, q.subject) == ("who", "directed", "Night Train")
    assert "Ann Lee" in engine.run(q).sentence
    with pytest.raises(ValueError):
        typed("who", "Night Train", "catered")


def test_explain_names_the_film_the_candidates_and_the_rules(engine):
    add(engine, "2025-03-01", "Night Train news", "Night Train, directed by Ann Lee, opens in May.")
    lines = engine.answer("!who directed Night Train", explain=True).trace.lines()
    text = "\n".join(lines)
    assert "film: Night Train" in text and "candidates" in text and "rule: cue “directed" in text


def test_the_article_is_about_its_film_not_the_studio_in_its_headline(engine):
    add(engine, "2025-03-01", "Laika's 'Glass Harbour' Sets October Release, Rounds Out Voice Cast",
        "Laika will release 'Glass Harbour' in October.\n"
        "The film is the feature directing debut of Gus Thorvaldsen, an animator at the studio.\n"
        "Phoebe Anand-Walsh wrote the original screenplay. Music is by Naren Pillai.\n"
        "Fans of Harbour will find it darker than the studio's last film.")
    a = read("Laika's 'Glass Harbour' Sets October Release, Rounds Out Voice Cast",
             "Laika will release 'Glass Harbour' in October.\nFans of Harbour will find it darker.")
    assert a.topic == "glass harbour" and a.names["glass harbour"].kind == "film"
    assert "Gus Thorvaldsen" in engine.answer("!who directed Glass Harbour").sentence
    assert "Phoebe Anand-Walsh" in engine.answer("!who wrote Glass Harbour").sentence
    assert "Naren Pillai" in engine.answer("!who composed Glass Harbour").sentence


def test_a_list_of_films_to_come_dates_each_film(engine):
    add(engine, "2025-12-02", "The most anticipated films of 2026",
        "Glass Harbour (October 16)\nKestrel Run (TBA)\n"
        "Laika makes few films, so each is an event. Gus Lee's Glass Harbour, about a girl and a hedge, looks lovely.")
    a = read("The most anticipated films of 2026", "Glass Harbour (October 16)\nKestrel Run (TBA)\nIt looks lovely.")
    assert a.names["glass harbour"].kind == "film" and a.names["kestrel run"].kind == "film"
    answer = engine.answer("!when Glass Harbour")
    assert answer.answered and "October 16" in answer.sentence


def test_it_as_what_a_release_verb_acts_on_is_the_film_just_named():
    a = read("Weekend box office", "Searchlight's drama Night Train opened in six theaters in June. "
             "Searchlight has pushed it to 1,200 screens this weekend.")
    pushed = position(a, "pushed it")
    assert ("night train", pushed) in a.mentions  # linked to the film ("it"), not only its paragraph


def test_someones_latest_film_with_a_comma_is_theirs(engine):
    add(engine, "2025-03-01", "Box office record", "Chiaki Okabe's latest film, Night Train, has set a record in Japan.")
    assert_answers(engine, "!who directed Night Train", "Chiaki Okabe")


@pytest.mark.parametrize("sentence", ["Tom Reyes appeared in Night Train in 2004.", "Tom Reyes found fame in the thriller Night Train."])
def test_appearing_in_a_film_is_being_in_its_cast(engine, sentence):
    add(engine, "2025-03-01", "Tom Reyes profile", sentence)
    assert_answers(engine, "!who is in Night Train", "Tom Reyes")


def test_a_possessive_name_opening_a_sentence_is_kept_whole():
    a = read("Box office record", "Chiaki Okabe's new film, Night Train, opens on Friday.")
    assert a.names["chiaki okabe"].kind == "person"


def test_a_headline_about_x_sequel_makes_the_article_about_the_sequel(engine):
    add(engine, "2023-10-01", "Night Train opens", "Night Train, directed by Ann Lee, opened to $20 million.")
    add(engine, "2024-09-30", "'Night Train' Sequel Starts Shooting in Oslo",
        "The Night Train sequel is officially in production.\n"
        "Cameras rolled Monday in Oslo on the follow-up, and the convent scenes will be shot at a monastery.")
    a = read("'Night Train' Sequel Starts Shooting in Oslo", "The Night Train sequel is officially in production.")
    assert a.topic in ("night train 2", "the night train 2")
    assert "Oslo" not in (engine.answer("!status Night Train").sentence or "")
    assert "in production" in engine.answer("!status Night Train 2").sentence


def test_a_year_in_the_words_that_refer_to_a_film_says_when_it_came_out(engine):
    add(engine, "2005-03-01", "Night Train director returns",
        "Ann Lee made her name with Night Train.\nThe 2001 rites-of-passage drama followed two teenage boys.")
    assert_answers(engine, "!when Night Train", "2001")


def test_two_single_words_joined_by_and_are_one_title_unless_used_apart():
    a = read("Bollywood", "Aishwarya Rai, star of Bride and Prejudice, is the studio's choice.")
    assert "bride and prejudice" in a.names
    b = read("Oscars", "Affleck and Damon won for the script. Ben Affleck thanked his mother.")
    assert {"affleck", "damon"} <= set(b.names) and "affleck and damon" not in b.names


def test_a_possessive_surname_opening_a_sentence_is_kept(engine):
    add(engine, "2005-03-01", "Short film award", "Andrea Arnold won the short film award on Sunday.\n"
        "Arnold's film Wasp is about a single mother.")
    assert_answers(engine, "!who directed Wasp", "Arnold's film Wasp")


def test_the_original_said_as_a_noun_is_the_first_film_not_the_sequel(engine):
    body = ("Night Train 2 opens in theaters in June, Netflix said.\n"
            "The original grossed $40 million worldwide in 2023 and won an award.")
    add(engine, "2025-03-01", "Night Train 2 dated", body)
    a = read("Night Train 2 dated", body)
    said = position(a, "The original grossed")
    assert a.mentions.get(("night train", said)) and not a.mentions.get(("night train 2", said))
    assert "$40 million" not in (engine.answer("!ask how much did Night Train 2 make worldwide?").sentence or "")


def test_a_title_case_headline_with_as_or_by_keeps_its_verbs_off_names():
    a = read("'Night Train' Sequel Starts Shooting in Oslo, Adds Mara Quint as Villain (Exclusive)",
             "Mara Quint has joined the cast of the Night Train sequel.")
    assert "mara quint" in a.names and not any(key.startswith("adds") for key in a.names)


def test_who_directed_the_original_credits_the_first_film_not_the_sequel():
    body = ("Night Train 2 has started shooting in Oslo.\n"
            "Ann Lee, who directed the original before departing the sequel over scheduling conflicts, is an executive producer.")
    a = read("Night Train 2 starts shooting", body)
    said = position(a, "who directed the original")
    assert a.credited.get(("night train", "directed", said)) == "ann lee"
    assert a.credited.get(("night train 2", "directed", said)) is None


def test_a_phrase_does_not_match_across_punctuation():
    lexicon = Lexicon.load()
    cues = {c.relation for c in lexicon.cues("The real star may be Ann Lee's score, a collection of drones.")}
    assert "composed" in cues  # not the look-alike "score a" (a goal)
    assert "composed" not in {c.relation for c in lexicon.cues("He will score a goal.")}


@pytest.mark.parametrize("sentence", [
    "It is the second feature from Ann Lee, whose debut Glass Harbour premiered at Busan in 2019.",
    "Lee, whose first feature Glass Harbour played Berlin in 2020, directed. Ann Lee spoke.",
])
def test_whose_debut_or_first_feature_is_theirs(engine, sentence):
    add(engine, "2025-03-01", "Festival lineup", sentence)
    assert_answers(engine, "!who directed Glass Harbour", "Glass Harbour")


def test_a_review_box_cast_line_credits_its_cast(engine):
    add(engine, "2025-03-01", "Night Train review", "The thriller Night Train is a quiet triumph.\n"
        "Cast: Maddox Greer, Corinne Lavigne, Harlan Teague\nPlot: Toby (Greer) lets himself into the house.")
    assert_answers(engine, "!who stars in Night Train", "Maddox Greer, Corinne Lavigne")


def test_a_title_ending_in_a_city_is_one_title():
    a = read("Brando remembered", "He starred in Bernardo Bertolucci's Last Tango in Paris in 1972.")
    assert "last tango in paris" in a.names
    b = read("Dated", "Focus will release Night Train in the United States on November 22.")
    assert "night train" in b.names and "united states" in b.names


def test_a_title_with_vs_is_a_film_and_a_title_named_again_keeps_its_first_word(engine):
    add(engine, "2005-03-01", "Slasher sequels", "The series has ten films. The most recent, Freddy Vs Jason, was released in summer 2003.")
    assert_answers(engine, "!when Freddy Vs Jason", "summer 2003")
    b = read("Sundance winners", "The jury liked the documentary Why We Fight best.\nWhy We Fight is due to be screened on BBC Four in March.")
    assert "we fight" not in b.names and b.names["why we fight"].mentions == 2
    c = read("Oscars", "Emily V. Gordon wrote the film.")
    assert c.names["emily v gordon"].kind == "person"


def test_a_film_named_once_late_is_not_what_the_sentences_before_it_are_about(engine):
    add(engine, "2005-02-01", "Newcomer makes Oscar mark",
        "Ana Ruiz has joined a rare group of actresses.\n"
        "The actress was the final hope for director Tom Hale, who scoured Peru for a lead.\n"
        "At Berlin the jury could not choose between her and Jo Park's performance in Monster.")
    assert not engine.answer("!who directed Monster").answered


@pytest.mark.parametrize("sentence", [
    "Director Tom Hale scoured Peru for a lead for Maria Full of Grace.",
    "She was cast as the lead in Maria Full of Grace after a long search.",
])
def test_the_lead_in_a_title_makes_it_a_film(sentence):
    assert kinds(read("Newcomer makes Oscar mark", sentence))["Maria Full of Grace"] == "film"


@pytest.mark.parametrize("sentence", [
    "The prizes will be handed out on 13 January at a ceremony in Las Vegas.",
    "She missed out on a nomination last year.",
    "Its villain is Sister Agathe, a choir mistress who arrives at the convent with a secret.",
    "Its star lands a role she was born to play.",
])
def test_a_release_look_alike_states_no_release(engine, sentence):
    add(engine, "2025-03-01", "Night Train nominated", f"The drama Night Train was nominated for best film. {sentence}")
    assert not engine.answer("!when Night Train").answered


def test_when_is_answered_only_by_a_sentence_with_a_date(engine):
    add(engine, "2025-03-01", "Night Train nominated",
        "The drama Night Train was nominated for best film. \"To be nominated for a film that was released at all is an honour,\" she said.")
    assert not engine.answer("!when Night Train").answered
    add(engine, "2025-03-02", "Night Train dated", "The drama Night Train will be released on 9 May.")
    assert_answers(engine, "!when Night Train", "9 May")


def test_a_credit_in_apposition_to_one_title_credits_no_other_name(engine):
    add(engine, "2005-01-10", "Critics name their favourites",
        "Night Train, directed by Ann Lee, was named best foreign language film, while the animation award went to Paper Moon.")
    assert_answers(engine, "!who directed Night Train", "Ann Lee")
    assert not engine.answer("!who directed Paper Moon").answered


def test_status_is_the_newest_articles_first_news_of_any_kind(engine):
    add(engine, "2024-02-01", "Night Train begins shooting", "Netflix's thriller Night Train has begun shooting in Oslo.")
    add(engine, "2025-08-19", "Night Train tops Netflix",
        "The thriller Night Train, which debuted on Netflix on Friday, racked up 20 million views in its first three days.\n"
        "The film was shot in 2023 in Oslo and spent more than a year in post-production.")
    assert_answers(engine, "!status Night Train", "20 million views")


def test_a_determiner_opening_a_sentence_is_not_part_of_a_name():
    a = read("Casting news", "Another Hollywood star is being lined up to co-star. Several Bollywood actors are in talks.")
    assert "another hollywood" not in a.names and "several bollywood" not in a.names


@pytest.mark.parametrize("sentence, person, title", [
    ("Priya Varma, star of Bride and Prejudice, is the studio's preferred choice.", "Priya Varma", "Bride and Prejudice"),
    ("The lead went to Keanu Varma, the star of Night Train.", "Keanu Varma", "Night Train"),
])
def test_the_star_of_a_title_is_a_person_and_the_title_a_film(sentence, person, title):
    found = kinds(read("Casting news", sentence))
    assert found[title] == "film" and found[person] == "person", found


def test_a_credit_word_of_something_else_credits_no_one_for_the_film(engine):
    add(engine, "2005-01-10", "Night Train draws global stars",
        "The musical drama Night Train opens in May. The film has songs by Ravi Rahman, the director of the popular West End musical, Bombay Dreams.")
    assert not engine.answer("!who directed Night Train").answered
    add(engine, "2005-01-11", "Night Train protest", "The drama Night Train has angered priests. The director of the film, Vinod Pande, says it is not offensive.")
    assert_answers(engine, "!who directed Night Train", "Vinod Pande")


def test_names_listed_with_a_film_are_films_too(engine):
    body = "Chinese actress Li Wei, star of Paper Moon, Glass Harbour and Night Train, will present an award."
    found = kinds(read("Presenters named", body))
    assert found["Glass Harbour"] == found["Night Train"] == "film", found
    add(engine, "2005-02-01", "Presenters named", body)
    assert_answers(engine, "!who stars in Night Train", "Li Wei")
    people = kinds(read("Cast named", "The drama Paper Moon stars Li Wei. Also cast are Tom Hale, Jo Park and Ann Lee."))
    assert people["Jo Park"] == people["Ann Lee"] == "person"


def test_titles_listed_before_a_credit_word_share_it(engine):
    add(engine, "2005-02-01", "Festival jury named",
        "The jury includes the films Paper Moon and Night Train. Paper Moon and Night Train director Lars Holm will preside.")
    assert_answers(engine, "!who directed Paper Moon", "Lars Holm")
    assert_answers(engine, "!who directed Night Train", "Lars Holm")


def test_a_film_noun_alone_names_nothing():
    a = read("Weekend figures", "Box Office figures show the thriller Night Train on top. Documentary makers praised it. "
             "Film fans agree, and BBC One's Film 2005 liked it.")
    assert not {"box office", "documentary", "film"} & set(a.names), sorted(a.names)
    b = read("Baftas", "Best British Film went to Paper Moon. Garfield: The Movie was a hit. The Movie was fun.")
    assert "best british film" not in b.names and "the movie" not in b.names
    assert "movie" not in aliases("Garfield: The Movie") and "the last jedi" in aliases("Star Wars: The Last Jedi")


@pytest.mark.parametrize("sentence, year", [
    ("She played Carolyn in 1999's Paper Moon, opposite Tom Hale.", "1999"),
    ("It is her first nomination since 1995's \"Glass Harbour.\"", "1995"),
])
def test_a_years_possessive_dates_the_film(engine, sentence, year):
    add(engine, "2005-02-01", "Actress honoured", sentence)
    title = "Paper Moon" if "Paper" in sentence else "Glass Harbour"
    assert kinds(read("Actress honoured", sentence))[title] == "film"
    assert_answers(engine, f"!when {title}", year)


@pytest.mark.parametrize("sentence, person", [
    ("Rafe Kolawole is back as the diver Jonah.", "Rafe Kolawole"),
    ("Mika Tanabe is back to compose the score.", "Mika Tanabe"),
    ("Tobiah Marr will return as the young organist.", "Tobiah Marr"),
    ("Mika Tanabe has confirmed on social media that she is scoring the sequel.", "Mika Tanabe"),
])
def test_what_a_person_does_makes_an_unlisted_name_a_person(sentence, person):
    assert kinds(read("Night Train 2 news", f"The thriller Night Train 2 starts shooting in May. {sentence}"))[person] == "person"


def test_a_person_back_to_compose_is_the_composer(engine):
    add(engine, "2025-03-01", "Night Train 2 news", "The thriller Night Train 2 starts shooting in May. Mika Tanabe is back to compose the score.")
    assert_answers(engine, "!who composed Night Train 2", "Mika Tanabe")


def test_a_nickname_the_article_gives_a_title_is_that_film(engine):
    add(engine, "2025-08-19", "The Night Train Job tops Netflix",
        "Netflix's heist comedy The Night Train Job is a hit. "
        "Written by Renata Solis, \"Night Train,\" as just about everyone involved calls it, stars Delphine Ashcroft.")
    assert_answers(engine, "!who wrote The Night Train Job", "Renata Solis")
    assert set(engine.resolver.resolve("Night Train", (GLOBAL,)).ids) == set(engine.resolver.resolve("The Night Train Job", (GLOBAL,)).ids)


def test_the_paragraphs_film_says_less_than_the_articles_where_they_differ():
    a = read("Night Train 2: everything we know", "Night Train 2 shoots in May.\n"
             "Its spinoff Kestrel was shelved. Priya Rao wrote the screenplay.")
    at = position(a, "Priya Rao")
    assert a.facts[("night train 2", "wrote", at)] > a.facts.get(("kestrel", "wrote", at), 0)


@pytest.mark.parametrize("intro, sentence, command", [
    ("Director Ann Lee", "Lee has made more than 25 films, including Paper Moon and Night Train.", "!who directed Night Train"),
    ("Director Sir Alan Parker", "Sir Alan's films include Oscar-winning Fame plus Paper Moon and Night Train.", "!who directed Night Train"),
    ("Actor Tom Hale", "Hale has starred in 40 films, including Paper Moon and Night Train.", "!who stars in Night Train"),
])
def test_every_film_of_a_filmography_is_the_persons(engine, intro, sentence, command):
    add(engine, "2005-02-01", "A career honoured", f"{intro} is to be honoured in Berlin. {sentence}")
    assert_answers(engine, command, sentence)


def test_when_it_starts_shooting_is_not_when_it_comes_out(engine):
    add(engine, "2005-02-01", "Night Train to shoot in Oslo", "The thriller Night Train is due to start shooting in Oslo later this month.")
    assert not engine.answer("!when Night Train").answered
    add(engine, "2005-03-01", "Night Train dated", "The thriller Night Train will be released in cinemas on 9 May.")
    assert_answers(engine, "!when Night Train", "9 May")


@pytest.mark.parametrize("sentence, date", [
    ("Night Train is due to be screened on BBC Four in March.", "March"),
    ("The thriller Night Train will screen in the Panorama section on 16 February.", "16 February"),
    ("Night Train entered the chart in second place after opening on Christmas Day.", "Christmas Day"),
])
def test_a_screening_or_an_opening_day_says_when(engine, sentence, date):
    add(engine, "2005-02-01", "Night Train news", f"The documentary Night Train is a hit. {sentence}")
    assert_answers(engine, "!when Night Train", date)


def test_a_title_ending_like_a_nationality_is_still_a_name():
    a = read("Box office", "Ocean's 12 fell to number two while new entry Spanglish entered the chart at number three. A Spanish film was fourth.")
    assert "spanglish" in a.names and "spanish" not in a.names


def test_chart_news_names_films():
    found = kinds(read("Weekend chart", "Paper Moon fell to number two while new entry Night Train entered the chart at number three. "
                       "Glass Harbour slipped to fourth place."))
    assert found["Night Train"] == found["Glass Harbour"] == "film", found


def test_a_chart_place_is_box_office_news(engine):
    add(engine, "2005-01-02", "Weekend chart", "Paper Moon fell to number two while new entry Night Train entered the chart at number three, taking $9m.")
    assert_answers(engine, "!status Night Train", "taking $9m")


@pytest.mark.parametrize("sentence", [
    "Baek Seo-yeon has described her new film, Night Train, as a comedy.",
    "Director Baek Seo-yeon is already shooting her follow-up, Night Train, in Busan.",
])
def test_her_new_film_is_the_persons_before(engine, sentence):
    add(engine, "2025-03-01", "Busan news", f"{sentence} The festival opens in May.")
    assert_answers(engine, "!who directed Night Train", "Baek Seo-yeon")


def test_a_film_named_as_the_owner_of_its_full_title_is_its_short_name(engine):
    add(engine, "2004-12-20", "Snicket tops chart", "Children's film Lemony Snicket topped the chart. "
        "Lemony Snicket's A Series of Unfortunate Events, starring Jim Carrey, took $30.2m in its debut weekend.")
    add(engine, "2004-12-27", "Unfortunate Events falls", "A Series of Unfortunate Events fell to fourth place with $7.4m.")
    assert set(engine.resolver.resolve("Lemony Snicket", (GLOBAL,)).ids) >= set(engine.resolver.resolve("A Series of Unfortunate Events", (GLOBAL,)).ids)
    b = read("Book news", "Author Michelle Paver's Wolf Brother is a hit. The film Wolf Brother is coming.")
    assert ("michelle paver", "wolf brother") not in b.aliases


@pytest.mark.parametrize("sentence", [
    "Willis says he was hurt during the filming of the movie.",
    "As the books progress the struggle turns into a battle.",
])
def test_backstory_is_no_status(engine, sentence):
    add(engine, "2005-01-01", "Night Train lawsuit", f"The drama Night Train is the subject of a lawsuit. {sentence}")
    a = engine.answer("!status Night Train")
    assert not a.answered or sentence not in a.sentence


def test_the_actors_own_company_casts_no_one(engine):
    add(engine, "2005-01-01", "Douglas set for adventure", "Michael Douglas will make the adventure film Night Train. "
        "The actor's own production company, Further Films, is working with two Indian studios to bring the picture to the screen.")
    a = engine.answer("!who stars in Night Train")
    assert not a.answered or "Further Films" not in a.sentence


@pytest.mark.parametrize("sentence, command", [
    ("A priest accused the director of portraying a priest in bad light.", "!who stars in Night Train"),
    ("Ravi Singh said an Indian train would play a big role in the movie.", "!who stars in Night Train"),
    ("She would love to work with directors Pedro Almodovar or Alejandro Amenabar.", "!who directed Night Train"),
])
def test_a_credit_look_alike_credits_no_one(engine, sentence, command):
    add(engine, "2005-01-01", "Night Train row", f"The drama Night Train has angered priests. {sentence}")
    assert not engine.answer(command).answered


def test_a_place_after_for_the_ends_a_name():
    a = read("Hanks greeted at premiere", "Tom Hanks was in London's Leicester Square for the UK premiere of Night Train.")
    assert not any("uk" in key.split() and len(key.split()) > 1 for key in a.names), sorted(a.names)
    assert kinds(a)["Night Train"] == "film"


def test_a_list_headings_film_is_what_its_paragraph_is_about(engine):
    add(engine, "2025-12-02", "The most anticipated movies of 2026", "Here are the films we are waiting for.\n"
        "Glass Harbour (October 16)\n"
        "Laika's stop-motion fable is nearly done. It opens wide in the autumn.\n"
        "Night Train (TBA)\n"
        "Director Ann Lee is already shooting her follow-up in Busan. Expect it on the festival circuit in the second half of the year.")
    assert_answers(engine, "!when Night Train", "Night Train (TBA)")
    assert_answers(engine, "!when Glass Harbour", "October 16")
    assert_answers(engine, "!status Night Train", "shooting her follow-up")
    a = read("The most anticipated movies of 2026", "Here are the films.\nNight Train (TBA)\nAnn Lee is already shooting it in Busan.")
    assert a.facts.get(("night train", "status", position(a, "Busan")), 0) > 0


def test_the_articles_film_is_a_headline_title_the_body_names(engine):
    add(engine, "2026-02-05", "'I Thought I Was Done': Ann Lee on 'Night Train' and Her Late Nomination",
        "Ann Lee did not expect another nomination. The film premiered at Sundance last January. "
        "It opened in limited release in November and has expanded steadily since. Night Train is her best work.")
    a = engine.answer("!when Night Train")
    assert a.answered and ("premiered at Sundance" in a.sentence or "November" in a.sentence), a.sentence
