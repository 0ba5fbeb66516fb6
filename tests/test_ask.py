"""Free questions (``!ask ...``): each test is one class of question the ask path must read
right, with an invented article."""

from __future__ import annotations

import pytest

from knowledge.answer import Engine
from knowledge.articles import parse_text
from knowledge.store import Store

from .helpers import add, article_text, assert_answers


@pytest.fixture
def engine(tmp_path):
    store = Store(tmp_path / "ask.db")
    yield Engine(store)
    store.close()



def test_an_event_is_found_under_its_other_number_forms(engine):
    # "the Lanterns" asked; the answer is in an article that says "Lantern", which one
    # sentence there reads as partly a person
    add(engine, "2025-03-01", "The Lanterns move", "The Lanterns will move to a bigger hall this year. "
        "The Lanterns are the oldest film prizes in Wales.")
    add(engine, "2025-03-02", "The Lanterns shortlist", "The Lanterns shortlist was announced on Tuesday, with six films in the running.")
    add(engine, "2025-03-03", "Marlow named Lantern host", "Comedian Rafe Marlow will host the Lantern ceremony in March, "
        "organisers said. Lantern said he was thrilled to have him.")
    assert_answers(engine, "!ask who is hosting the lanterns?", "Rafe Marlow will host")


def test_a_sentence_naming_another_film_answers_for_it_not_for_this_one(engine):
    # "the sequel" refers to Paper Kingdom, but the amount is the predecessor's, named there
    add(engine, "2025-03-01", "Paper Kingdom rules the box office", "Heist sequel Paper Kingdom topped the North American chart. "
        "It took $40.8m in weekend ticket sales, according to studio estimates. "
        "The sequel narrowly beat the 2019 film Glass Kingdom, which took $38.1m on its opening weekend.")
    assert_answers(engine, "!ask how much did paper kingdom make in its opening weekend?", "$40.8m")


@pytest.mark.parametrize("question, expected", [
    ("!ask what is harrow lane about?", "follows a retired nurse"),
    ("!ask where is harrow lane set?", "takes place in a fishing village"),
])
def test_a_sentence_stating_what_was_asked_answers_in_an_article_about_the_film(engine, question, expected):
    # the answer does not name the film, nor refer to it in a way the reader links
    add(engine, "2025-03-01", "Harrow Lane wins at Galway", "Harrow Lane has won the top prize at the Galway Film Fleadh. "
        "The drama follows a retired nurse who adopts a stray greyhound. "
        "It takes place in a fishing village on the Atlantic coast of Ireland. "
        "Harrow Lane is the second feature from Aoife Brennan.")
    assert_answers(engine, question, expected)


def test_a_sentence_stating_what_was_asked_far_from_the_film_does_not_answer(engine):
    add(engine, "2025-03-01", "Galway winners", "Harrow Lane has won the top prize at the Galway Film Fleadh. "
        "Aoife Brennan thanked her cast. The festival ran for six days. Organisers said attendance was up. "
        "The drama Salt Field follows a retired nurse who adopts a stray greyhound.")
    assert not engine.answer("!ask what is harrow lane about?").answered


def test_the_name_a_question_spells_out_in_full_wins_over_a_film_inside_it(engine):
    add(engine, "2025-03-01", "Bill tops the chart", "The comedy Bill topped the UK chart at the weekend. "
        "Bill took $3m in its opening weekend.")
    add(engine, "2025-03-02", "Composer Bill Nakamura honoured", "Composer Bill Nakamura will receive a lifetime award in May. "
        "Nakamura has scored more than 40 films in a 30-year career.")
    assert_answers(engine, "!ask how many films has bill nakamura scored?", "more than 40 films")


def test_a_sentence_in_an_article_naming_an_event_once_does_not_answer_for_it(engine):
    add(engine, "2025-03-01", "Dunmore festival lineup", "The Dunmore Festival will open with six premieres. "
        "The Dunmore Festival runs for ten days.")
    add(engine, "2025-03-02", "Actor Tom Vale dies", "Actor Tom Vale has died at 80, his family said. "
        "He once appeared at the Dunmore Festival. His first chat show was hosted by comedian Rafe Marlow.")
    assert not engine.answer("!ask who hosted the dunmore festival?").answered


def test_a_year_or_a_titles_number_is_no_count():
    from knowledge.asktypes import asked_kind, has_kind

    kind = asked_kind("how many awards did it win?")
    assert not has_kind(kind, "It beat Shrek 2 to the prize in 2005.", 0, 0)
    assert has_kind(kind, "Some 45,000 people came.", 0, 0) and has_kind(kind, "It won four awards.", 0, 0)


def test_how_many_of_something_is_answered_by_a_sentence_that_counts_it(store):
    engine = Engine(store)
    store.add(parse_text(article_text("2005-01-10", "Night Train leads Bafta race",
                                      "The drama Night Train, which has 11 nominations, leads the Bafta race.")))
    store.add(parse_text(article_text("2005-01-12", "Night Train star speaks",
                                      "It is the first time the Night Train star has been nominated for a Bafta, she said.")))
    assert_answers(engine, "!ask how many bafta nominations does Night Train have?", "11 nominations")


def test_a_question_about_no_known_name_needs_the_kind_of_answer_asked_for_too(engine):
    add(engine, "2005-01-01", "Ticket sales", "Organisers said ticket sales this year were way beyond their expectations.")
    assert not engine.answer("!ask how much are ticket sales expected to make this year?").answered
    add(engine, "2005-01-02", "Ticket sales up", "Ticket sales this year are expected to make $9.4bn, organisers said.")
    assert_answers(engine, "!ask how much are ticket sales expected to make this year?", "$9.4bn")


@pytest.mark.parametrize("body", [
    "Her own Hulu horror movie, Night Train, is set to debut on the streamer on October 3. "
    "Night Train is streaming now on Hulu, where it premiered on 3 October.",  # a day of a month
    "Ann Lee, who directed the first film, produces; her own Hulu horror movie, "
    "Night Train, is set to debut on the streamer in the autumn.",  # "the first film"
])
def test_a_day_of_the_month_or_the_first_film_counts_nothing(engine, body):
    add(engine, "2025-07-14", "Night Train dated", body)
    assert not engine.answer("!ask how many views did night train get on hulu?").answered


def test_worldwide_asked_is_not_answered_by_a_domestic_gross(engine):
    add(engine, "2025-03-03", "Night Train wins", "The drama Night Train won best picture. It has grossed $21.7 million domestically so far.")
    assert not engine.answer("!ask how much did night train make worldwide?").answered
    add(engine, "2025-03-09", "Night Train bounce", "The drama Night Train has now taken $80 million worldwide.")
    assert_answers(engine, "!ask how much did night train make worldwide?", "$80 million worldwide")


def test_the_award_category_asked_is_named_by_the_answer(engine):
    add(engine, "2005-02-13", "Paper Moon takes Lantern glory", "Paper Moon and Night Train shared the main honours at the Lanterns. "
        "Best British film went to Glass Harbour, which beat Night Train. The Lanterns were held in Cardiff.")
    assert_answers(engine, "!ask what won best british film at the lanterns?", "Glass Harbour")


def test_a_framed_question_about_the_x_sequel_is_read_as_its_command(engine):
    add(engine, "2005-01-01", "Lee in talks for Night Train", "Director Ann Lee is in talks to write and direct a new instalment in the Night Train horror franchise, according to Variety.")
    command, framed = engine.answer("!status night train sequel"), engine.answer("!ask how is night train sequel coming along")
    assert command.answered and framed.sentence == command.sentence


def test_where_it_is_set_is_not_where_it_was_shot(engine):
    add(engine, "2025-03-01", "Night Train abroad", "The horror film Night Train took $9M overseas. The UK, where the pic is set, led with $3.2M.")
    assert not engine.answer("!ask where was night train shot?").answered
    add(engine, "2025-03-02", "Night Train review", "The horror film Night Train is a quiet triumph. Cinematographer Ruth Akerman shoots the moors in Yorkshire.")
    assert_answers(engine, "!ask where was night train shot?", "Yorkshire")
    assert "UK" in engine.answer("!ask where is night train set?").sentence


def test_a_win_foretold_does_not_say_who_won(engine):
    add(engine, "2005-02-01", "Lantern predictions", "At the Lanterns, Ann Lee is tipped to win best actress while Tom Hale is favourite for best actor.")
    assert not engine.answer("!ask who won best actress at the lanterns?").answered
    add(engine, "2005-02-14", "Lantern winners", "Ann Lee won best actress at the Lanterns on Sunday.")
    assert_answers(engine, "!ask who won best actress at the lanterns?", "won best actress")


def test_the_opening_weekend_is_not_a_later_one(engine):
    add(engine, "2004-11-29", "Night Train disappoints", "Night Train, starring Tom Hale, earned just $13.5m (£7m) over three days at the US box office.")
    add(engine, "2004-12-06", "Night Train slumps", "Night Train followed last week's disappointing opening with a slump to seventh place and takings of $4.7m (£2.4m).")
    assert_answers(engine, "!ask how much did night train make in its opening weekend?", "$13.5m")
    add(engine, "2004-12-20", "Night Train's chart", "Night Train finished in second place with $14.7m (£7.7m).")
    add(engine, "2004-12-21", "Night Train's debut", "Night Train took $30.2m (£15.5m) in its debut weekend.")
    assert_answers(engine, "!ask how much did night train make in its opening weekend?", "$30.2m")


def test_a_question_about_the_dvd_week_is_answered_by_the_dvd_sentence(engine):
    add(engine, "2005-02-20", "Night Train on DVD", "Night Train has taken $80m (£42m) in the first week of its US DVD release.")
    assert_answers(engine, "!ask how much did night train make in its first week on dvd?", "$80m")
    assert not engine.answer("!ask how much did night train make in its opening weekend?").answered


def test_of_two_figures_as_good_the_newer_wins(engine):
    add(engine, "2024-06-20", "Night Train keeps going", "Night Train has grossed $350 million worldwide.")
    add(engine, "2024-10-22", "Night Train's run ends", "Night Train has grossed $412 million worldwide.")
    assert_answers(engine, "!ask how much did night train make worldwide?", "$412 million")


def test_who_plays_a_character_in_a_film_asks_about_the_film_it_is_in(engine):
    add(engine, "2025-10-17", "Kestrel shelved", "Sony has shelved the spinoff film Kestrel, which was set to star Ann Lee.")
    add(engine, "2025-05-01", "Saltmarsh review", "The thriller Saltmarsh is a hit, and Ann Lee plays the winged mercenary Kestrel.")
    add(engine, "2025-05-02", "Saltmarsh opens", "The thriller Saltmarsh opened to $40 million.")
    a = engine.answer("!ask who plays kestrel in saltmarsh?")
    assert a.film == "Saltmarsh"


def test_who_does_someone_play_is_answered_by_the_part_they_play(engine):
    add(engine, "2005-01-10", "Night Train to star Tom Hale", "Actor Tom Hale and director Ann Lee are reuniting for Night Train, "
        "an adaptation of the novel. Mara Quint will play Hale's code-cracking partner.")
    assert not engine.answer("!ask who does tom hale play in night train?").answered
    add(engine, "2005-02-10", "Night Train casting", "The thriller Night Train begins shooting in May. "
        "Hale will play Otto Brand, a stationmaster who is trying to solve a murder.")
    assert_answers(engine, "!ask who does tom hale play in night train?", "Otto Brand")
    assert_answers(engine, "!ask who does mara quint play in night train?", "partner")


def test_when_is_an_event_is_the_sentence_that_dates_it(engine):
    add(engine, "2005-01-05", "Globe nominations", "Ann Lee leads the nominations for the Lantern Awards. "
        "The Lantern Awards ceremony will take place on 16 January in Los Angeles.")
    add(engine, "2005-02-01", "Lantern winners", "The Lantern Awards were a triumph for Ann Lee.")
    assert_answers(engine, "!when the lantern awards", "16 January")
    assert_answers(engine, "!ask when do the lantern awards take place?", "16 January")
    assert not engine.answer("!when Night Train").answered


def test_how_long_is_the_film_asks_for_its_running_time(engine):
    add(engine, "2005-02-01", "Night Train at the festival", "A candid documentary about a singer, Night Train will be "
        "screened at the 10-day event.")
    assert not engine.answer("!ask how long is the night train documentary?").answered
    add(engine, "2005-02-02", "Night Train reviewed", "The 93 minute documentary Night Train follows the singer on tour.")
    assert_answers(engine, "!ask how long is the night train documentary?", "93 minute")


def test_who_plays_a_part_is_answered_by_a_sentence_giving_that_part_to_someone(engine):
    add(engine, "2025-10-17", "Kestrel shelved", "Sony has shelved the spinoff Kestrel, which was set to star Ann Lee, "
        "and the thriller Saltmarsh moves to May.")
    assert not engine.answer("!ask who plays kestrel in saltmarsh?").answered
    add(engine, "2025-05-01", "Saltmarsh casting", "The thriller Saltmarsh adds two stars. Ann Lee co-stars as Maeve Quill, "
        "the winged mercenary known as Kestrel, and Tom Hale voices Old Thistle, the root-folk's ancient and grumpy mayor.")
    assert_answers(engine, "!ask who plays kestrel in saltmarsh?", "known as Kestrel")
    assert_answers(engine, "!ask who voices the mayor in saltmarsh?", "grumpy mayor")


def test_words_of_the_films_name_ask_for_nothing(engine):
    add(engine, "2024-01-10", "Night Train sequel greenlit", "Netflix has greenlit a sequel to Night Train, the thriller that "
        "made $40 million at the worldwide box office.")
    add(engine, "2024-09-30", "Night Train sequel starts shooting", "Cameras rolled Monday at Origo Studios in Budapest on "
        "the follow-up to the 2023 hit Night Train.")
    assert_answers(engine, "!ask where was the night train sequel filmed?", "Budapest")


def test_explain_says_why_no_sentence_could_answer(engine):
    add(engine, "2025-03-01", "Night Train opens", "Night Train opened on Friday to strong reviews from critics.")
    a = engine.answer("!ask how much did night train make on friday?", explain=True)
    assert not a.answered
    assert any(step.startswith("left out: 1 that have no amount") for step in a.trace.steps), a.trace.steps


def test_a_running_total_is_not_the_opening_weekend(engine):
    add(engine, "2004-12-13", "Night Train opens", "Night Train took $40.8m (£21m) in weekend ticket sales, according to estimates.")
    add(engine, "2005-01-10", "Night Train abroad", "Night Train took sixth place with $5.4m (£2.8m) at the weekend, "
        "with total takings of $137m (£73m).")
    assert_answers(engine, "!ask how much did night train make in its opening weekend?", "$40.8m")


def test_a_titles_owner_that_is_no_one_is_its_short_name(engine):
    add(engine, "2004-12-20", "Night Train keeps the crown", "There were no major releases to compete with the comedy Night Train "
        "or Grimsby Marsh's The Long Quiet, which finished second with $14.7m (£7.7m).")
    add(engine, "2004-12-13", "The Long Quiet tops the chart", "The Long Quiet, starring Ann Lee, took $30.2m (£15.5m) "
        "in its debut weekend.")
    assert_answers(engine, "!ask how much did grimsby marsh make in its opening weekend?", "$30.2m")
