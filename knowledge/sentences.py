"""Split article text into paragraphs and sentences.

sentencex does the splitting: on this corpus it keeps quotes, abbreviations (Dr., U.S.),
initials and titles with colons and numbers together, at about 0.02 s per MB
(pysbd is slightly more accurate on the Golden Rules but ~250 times slower).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

MAX_SENTENCE = 1500  # characters
MAX_WORDS = 100  # longer than any sentence of news prose: past this, run-on text is cut
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[“\"‘'(\[A-Z0-9])")
_SPACE = re.compile(r"\s+")
# sentencex takes "May." for an abbreviation; the month's whole name ends a sentence
_MAY_END = re.compile(r"(?<=\bMay\.)\s+(?=[“\"‘'A-Z])")


@dataclass(frozen=True)
class Sentence:
    """A sentence, verbatim, with where it stands: paragraph 0 is the headline."""

    text: str
    position: int
    paragraph: int


def split_sentences(title: str, body: str) -> list[Sentence]:
    """The headline as sentence 0, then every sentence of the body, in order."""
    out = [Sentence(title, 0, 0)]
    paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
    for number, paragraph in enumerate(paragraphs, start=1):
        for piece in _segment(paragraph):
            for text in _cap(piece.strip()):
                out.append(Sentence(text, len(out), number))
    return out


def _segment(paragraph: str) -> list[str]:
    """sentencex's sentences (cut after "May." too); if its Rust core panics (a
    ``BaseException``), a plain split at sentence ends, so one odd character never stops an ingest."""
    try:
        pieces = list(sentencex.segment("en", paragraph))
        return [part for piece in pieces for part in _MAY_END.split(piece)] if "May." in paragraph else pieces
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - pyo3's PanicException derives from BaseException
        return _SENTENCE_END.split(paragraph)


def _cap(text: str) -> list[str]:
    """Cut run-on text with no sentence ends (lists, tables, a page of names and no full stop)
    at spaces into verbatim pieces of at most ``MAX_WORDS`` words and ``MAX_SENTENCE``
    characters, so that no sentence costs the analysis or an answer more than a long real one.
    Linear in the length of the text, however long it is."""
    if len(text) <= MAX_SENTENCE and text.count(" ") < MAX_WORDS:
        return [text] if text else []  # (the common case: a sentence of a sentence's size)
    pieces, start = [], 0
    while start < len(text):
        end = _piece_end(text, start)
        if piece := text[start:end].strip():
            pieces.append(piece)
        start = end
    return pieces


def _piece_end(text: str, start: int) -> int:
    """Where the piece of ``text`` that begins at ``start`` ends: the end of the text, the space
    after its ``MAX_WORDS``-th word, or the last space within ``MAX_SENTENCE`` characters (a
    hard cut if there is none)."""
    limit, words, last_space = start + MAX_SENTENCE, 0, start
    for space in _SPACE.finditer(text, start):
        if space.start() > limit:
            break
        if space.start() > start:
            words += 1
            last_space = space.start()
            if words == MAX_WORDS:
                return last_space
    else:
        if len(text) <= limit:
            return len(text)
    return last_space if last_space > start else limit
