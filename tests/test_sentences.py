"""Sentence splitting on real news prose."""

from __future__ import annotations

import time

import pytest

from knowledge.sentences import MAX_SENTENCE, MAX_WORDS, split_sentences


def sentences(body: str) -> list[str]:
    return [s.text for s in split_sentences("Headline", body)[1:]]


def test_headline_is_sentence_zero():
    out = split_sentences("The headline", "One. Two.")
    assert out[0].text == "The headline" and out[0].position == 0 and out[0].paragraph == 0
    assert [s.position for s in out] == [0, 1, 2]


@pytest.mark.parametrize(
    "body, expected",
    [
        ("He met Dr. Ido there. She left.", ["He met Dr. Ido there.", "She left."]),
        ("Despite modest sales in the U.S., Alita doubled its budget. Critics were mixed.",
         ["Despite modest sales in the U.S., Alita doubled its budget.", "Critics were mixed."]),
        ("“Robert and I have sworn a blood oath,” Cameron told Empire. He smiled.",
         ["“Robert and I have sworn a blood oath,” Cameron told Empire.", "He smiled."]),
        ("Star Trek Into Darkness was directed by J.J. Abrams. It was a hit.",
         ["Star Trek Into Darkness was directed by J.J. Abrams.", "It was a hit."]),
        ("Dune: Part Two opens on March 1. Alita: Battle Angel 2 is coming.",
         ["Dune: Part Two opens on March 1.", "Alita: Battle Angel 2 is coming."]),
        ("Mr. Smith went to Washington. It took $30.2m (£15.5m) in its debut weekend.",
         ["Mr. Smith went to Washington.", "It took $30.2m (£15.5m) in its debut weekend."]),
    ],
)
def test_hard_cases(body, expected):
    assert sentences(body) == expected


def test_each_line_is_a_paragraph():
    out = split_sentences("H", "First para. Still first.\nSecond para.")
    assert [s.paragraph for s in out] == [0, 1, 1, 2]


def test_run_on_text_is_cut_into_bounded_pieces():
    out = sentences("word " * 2000)
    assert len(out) > 1 and all(len(s) <= 1500 for s in out)


def test_a_sentence_of_100000_words_is_cut_into_verbatim_pieces_of_bounded_words():
    words = [f"Kalo{i % 977}" for i in range(100_000)]  # capitalised names, no full stop anywhere
    body = " ".join(words)
    started = time.perf_counter()
    out = sentences(body)
    assert time.perf_counter() - started < 5  # linear: a quadratic cut takes minutes here
    assert all(len(s.split()) <= MAX_WORDS and len(s) <= MAX_SENTENCE for s in out)
    assert " ".join(out) == body  # nothing lost, nothing changed
    assert len(out) == 100_000 // MAX_WORDS


def test_a_long_word_with_no_space_is_cut_hard():
    out = sentences("x" * 4000 + " end")
    assert [len(s) for s in out] == [1500, 1500, 1004]


def test_the_month_may_ends_a_sentence():
    texts = [s.text for s in split_sentences("h", "It opened in May. Searchlight has pushed it wider. Dr. Lee agreed.")]
    assert texts == ["h", "It opened in May.", "Searchlight has pushed it wider.", "Dr. Lee agreed."]
