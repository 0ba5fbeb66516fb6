"""Small text helpers shared by the parser, the title finder and the answerer.

Two kinds of text live here: *display* text (kept verbatim, only cleaned of HTML
entities and odd white space) and *keys* (lowercase, accent-free, punctuation-free,
numbers canonical) that titles and queries are compared by.
"""

from __future__ import annotations

import html
import re
import string
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")  # incl. bidi overrides
_LINE_BREAKS = str.maketrans({"\u0085": "\n", "\u2028": "\n", "\u2029": "\n", "\u1680": " "})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-",
})
# Besides A-Z, re.IGNORECASE takes "İ" and "ı" for "i", "ſ" for "s" and the Kelvin sign for "k".
_FOLD_LOWER = _FOLD | str.maketrans(string.ascii_uppercase + "İıſ\u212a", string.ascii_lowercase + "iisk")

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20,
}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
# Roman numerals that can stand for a sequel; "i", "v" and "x" are left alone
# because they are also words and names (Malcolm X).
ROMAN = {
    "ii": 2, "iii": 3, "iv": 4, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
    "xi": 11, "xii": 12, "xiii": 13,
}
_PART_WORDS = {"part", "chapter", "episode", "vol", "volume"}

# Words that name kinds of things, never a particular film: "Film - Sideways" is not a title "Film".
GENERIC = frozenset("""
film films movie movies cinema cinemas sequel sequels picture pictures studio studios festival
awards award actor actress director producer star stars best
""".split())

STOPWORDS = frozenset("""
a an the and or but if of at by for with about against between into through during before
after above below to from up down in out on off over under again further then once here there
when where why how all any both each few more most other some such no nor not only own same so
than too very can will just should now is are was were be been being have has had having do does
did doing would could might must shall may i me my we our you your he him his she her it its they
them their what which who whom this that these those am s t don isn aren wasn weren didn doesn
won wouldn let us also
""".split())


def clean_text(text: str) -> str:
    """Decode HTML entities left in plain text and tidy white space, keeping curly quotes."""
    if "&" in text:
        text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS)
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def fold(text: str) -> str:
    """Straighten curly quotes and dashes, for matching (never for display)."""
    return text.translate(_FOLD)


def fold_lower(text: str) -> str:
    """``fold``, then lower-case the letters ``re.IGNORECASE`` takes for ASCII ones (A-Z, and
    ``İ ı ſ K``), one character for one so offsets stay valid: an ASCII lower-case pattern
    matches the result case-sensitively as it would match ``text`` ignoring case, several times faster."""
    return text.translate(_FOLD_LOWER)


def strip_accents(text: str) -> str:
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def key_tokens(text: str) -> list[str]:
    """The lowercase, accent-free word tokens of ``text`` with numbers made canonical.

    ``Dune: Part Two`` and ``dune 2`` both give ``["dune", "2"]``; apostrophes are
    dropped so ``Ocean's`` and ``oceans`` agree.
    """
    text = strip_accents(fold(text)).lower().replace("'", "").replace("&", " and ")
    tokens = re.findall(r"[a-z0-9]+", text)
    out: list[str] = []
    for i, tok in enumerate(tokens):
        number = NUMBER_WORDS.get(tok) or ROMAN.get(tok)
        if number and (tok in NUMBER_WORDS or i > 0):
            tok = str(number)
        if out and out[-1] in _PART_WORDS and tok.isdigit():
            out.pop()
        out.append(tok)
    return out


@lru_cache(maxsize=65536)
def title_key(text: str) -> str:
    """The key two spellings of one title share: ``Ocean's Eleven`` -> ``oceans 11``."""
    return " ".join(key_tokens(text))


def numbers_in(key: str) -> tuple[str, ...]:
    """The number tokens of a key, which two titles must share to be the same film."""
    return tuple(t for t in key.split() if t.isdigit())


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_HYPHENATED = re.compile(r"\b([^\W_]+)-([^\W_]+)\b")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude, symmetric stem for matching question words to sentence words."""
    word = strip_accents(word.lower().replace("’", "'"))
    if word.endswith("'s"):
        word = word[:-2]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + repl
    if word.endswith("ed") and len(word) == 4:
        return word[:-1]  # "died", "tied": short verbs ending in e
    return word


def inflections(word: str) -> list[str]:
    """A word and its common inflections, for a full-text query whose stemmer misses some
    (Porter reads "died" as "di" but "die" as "die")."""
    base = word[:-1] if word.endswith("e") else word
    return list(dict.fromkeys([word, word + "s", base + "ed", base + "ing", word + "d" if word.endswith("e") else word + "ed"]))


def stems(text: str) -> set[str]:
    """The stems of the content words of a text (stopwords left out), with each hyphenated
    word also joined up: ``re-release`` gives ``re``, ``release`` and ``rerelease``."""
    return {stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS} | compounds(text)


def compounds(text: str) -> set[str]:
    """The stems of a text's hyphenated words, joined up (``co-produced`` -> ``coproduc``)."""
    return {stem(a + b) for a, b in _HYPHENATED.findall(text)} if "-" in text else set()
