"""Find the proper names a sentence mentions: Title Case spans and quoted titles.

``Alita: Battle Angel 2``, ``Harry Potter and the Prisoner of Azkaban``, ``13 Going on 30``,
``‘La La Land’`` and ``Robert Rodriguez`` are all names here; whether a name is a film or a
person is decided later, from the words around it across the whole article.
"""

from __future__ import annotations

import re
from functools import lru_cache, partial
from typing import NamedTuple

from .text import GENERIC, STOPWORDS

_TOKEN = re.compile(r"[^\W_]+(?:[&+]|['’.\-][^\W_]+)*['’]?\+?\.?")
_ABBREVIATION = re.compile(r"(?:[A-Z]\.)+|(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Mt|Vol|No|vs)\.", re.UNICODE)
# Every branch opens with its quote mark (straight ones then look back past it for a letter),
# so re can skip straight to quote marks.
_QUOTED = re.compile(
    r"“\s*([^“”]{1,90}?)\s*”"
    r"|‘\s*((?:[^‘’]|’(?=s\b)){1,90}?)\s*’(?![^\W_])"  # (an apostrophe inside: ‘The Cartographer’s Wife’)
    r"|\"(?<![^\W_]\")\s*([^\"]{1,90}?)\s*\""
    r"|'(?<![^\W_]')([^'\s](?:[^']|'(?=s\b)){0,89}?)'(?![^\W_])"
)
CONNECTORS = frozenset(
    "of the and a an in on at to for with from into vs vs. de del da la le du des von van der y et au upon over".split()
)
# "the Dunleavy-led Kestrel spinoff": a name joined to a credit word (the credit is left off the
# name), and the relation each credit word states.
CREDIT_COMPOUNDS = {
    "directed": "directed", "helmed": "directed", "led": "stars", "fronted": "stars", "starring": "stars",
    "headlined": "stars", "toplined": "stars", "produced": "produced", "backed": "produced", "penned": "wrote",
    "written": "wrote", "scripted": "wrote", "scored": "composed",
}
COMPOUND = re.compile(rf"-({'|'.join(CREDIT_COMPOUNDS)})\b")
_CREDIT_SUFFIX = re.compile(rf"-(?:{'|'.join(CREDIT_COMPOUNDS)})$")
_ARTICLES = frozenset(("The", "A", "An"))
_CONTRACTION = re.compile(r"['’](?:re|ve|ll|d|m|t)$|n['’]t$", re.IGNORECASE)
_ORDINAL_NUMBER = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
_YEAR = re.compile(r"(1[89]|20)\d\d(s|'s|’s)?$")
UNIT_WORDS = frozenset("""
years year months month weeks week days day hours hour minutes minute seconds times percent per
million billion m bn k films movies episodes people copies countries screens nominations awards
prizes weekends years' points cents dollars pounds
""".split())
_CALENDAR_WORDS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
""".split())
_SINGLE_JUNK = GENERIC | _CALENDAR_WORDS | frozenset("mr mrs ms dr sir dame".split())


class Span(NamedTuple):
    """A name found in a sentence: its text as written and where it stands."""

    text: str
    start: int
    end: int
    quoted: bool = False
    initial: bool = False  # the sentence (or a quotation) starts with it


class Token(NamedTuple):
    """A word of a sentence with its offsets; ``cap`` when it is capitalised like a name."""

    text: str
    start: int
    end: int
    cap: bool
    number: bool


# Token(*fields) minus the Python-level __new__ a NamedTuple adds (there is a token per word).
_token = partial(tuple.__new__, Token)


def tokens(text: str) -> list[Token]:
    """Word tokens with their offsets; a trailing period is kept only on abbreviations, and a
    credit joined to a name is left off it (``Dunleavy`` of "the Dunleavy-led spinoff")."""
    out = []
    for m in _TOKEN.finditer(text):
        word, start, end = m.group(), m.start(), m.end()
        if word[-1] == "." and not _ABBREVIATION.fullmatch(word):
            word, end = word[:-1], end - 1
        if "-" in word and (credit := _CREDIT_SUFFIX.search(word)) and word[0].isupper():
            word, end = word[:credit.start()], start + credit.start()
        cap = _is_cap(word) or bool(out and out[-1].cap and out[-1].end == start - 1 and _given_name_syllables(word))
        out.append(_token((word, start, end, cap, word[0].isdigit())))
    return out


_COMPOUND_TAILS = frozenset("born set based led made era style like only free old year day run owned bound type".split())


def _given_name_syllables(word: str) -> bool:
    """``Seo-yeon`` of "Baek Seo-yeon", ``Joon-ho``: a hyphenated given name after a name's word
    (not "Korean-born", "Paris-set", whose tail is an English word of a compound)."""
    head, _, tail = word.partition("-")
    return head[:1].isupper() and 1 < len(tail) <= 5 and tail.isalpha() and tail.islower() and tail not in _COMPOUND_TAILS


@lru_cache(maxsize=65536)
def _is_cap(word: str) -> bool:
    """Capitalised like a name: not ``I``, ``We're`` or ``Oscar-winning``."""
    if word[:2] in ("d'", "d’", "l'", "l’") and word[2:3].isupper():
        return True  # "Palme d'Or", "l'Avventura"
    if not word[0].isupper() or word == "I" or ("'" in word or "’" in word) and _CONTRACTION.search(word):
        return False
    return "-" not in word or not word.rsplit("-", 1)[1][:1].islower()


def find_spans(sentence: str, toks: list[Token] | None = None) -> list[Span]:
    """Every quoted title and Title Case span in a sentence, left to right, not overlapping."""
    quoted = _quoted_spans(sentence) if ("“" in sentence or "‘" in sentence or '"' in sentence or "'" in sentence) else []
    taken = [(s.start, s.end) for s in quoted]
    spans = list(quoted)
    toks = tokens(sentence) if toks is None else toks
    for span in _case_spans(sentence, toks):
        if not any(a < span.end and span.start < b for a, b in taken):
            spans.append(span)
    return sorted(spans, key=lambda s: s.start)


def is_titleish(text: str) -> bool:
    """Whether words look like a title: capitalised apart from short joining words."""
    words = [t.text for t in tokens(text)]
    if not words or len(words) > 10 or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    content = [w for w in words if w.lower() not in CONNECTORS]
    capped = sum(1 for w in content if w[0].isupper() or w[0].isdigit())
    return bool(content) and capped / len(content) >= 0.75


def _quoted_spans(sentence: str) -> list[Span]:
    out = []
    for m in _QUOTED.finditer(sentence):
        group = next(g for g in range(1, 5) if m.group(g) is not None)
        inner = m.group(group).strip().rstrip(",.;:!?").strip()
        if not inner or inner[-1] in ".!?" or not is_titleish(inner):
            continue
        start = m.start(group) + m.group(group).index(inner[0])
        out.append(Span(inner, start, start + len(inner), quoted=True, initial=_is_initial(sentence, m.start())))
    return out


def _is_initial(sentence: str, start: int) -> bool:
    before = sentence[:start].strip()
    return not before or before[-1] in "“‘\"'([—–-:"


def _case_spans(sentence: str, toks: list[Token]) -> list[Span]:
    spans: list[Span] = []
    i, n = 0, len(toks)
    while i < n:
        if not (toks[i].cap or toks[i].number and _number_opens(sentence, toks, i)):
            i += 1
            continue
        j = last = i
        while j + 1 < n:
            gap = sentence[toks[j].end:toks[j + 1].start]
            nxt = toks[j + 1]
            if gap == " ":
                if nxt.cap:
                    j = last = j + 1
                    continue
                if _ORDINAL_NUMBER.fullmatch(nxt.text) and toks[j].text.lower() in CONNECTORS:
                    j = last = j + 1
                    continue
                if nxt.number and _sequel_number(toks, j + 1):
                    j = last = j + 1
                    continue
                if nxt.text.lower() in CONNECTORS and _cap_follows(sentence, toks, j + 1) and not (
                    toks[j].text.lower() in _CALENDAR_WORDS and nxt.text.lower() in ("at", "in", "on")  # "Monday at Origo Studios"
                ):
                    j += 1
                    continue
            elif (gap.strip() == ":" and nxt.cap) or (
                gap in (" - ", " – ", " — ") and _dash_subtitle(toks, j + 1)
            ):
                j = last = j + 1
                continue
            break
        spans.extend(_finish(sentence, toks, i, last))
        i = last + 1
    return spans


def _number_opens(sentence: str, toks: list[Token], i: int) -> bool:
    """``13 Going on 30``: a number may open a title when a capitalised word follows,
    but not the tail of an amount (``$25,000,000 Nick's Guess``)."""
    tok = toks[i]
    if not tok.text.isdigit() or tok.text.startswith("0") or _YEAR.match(tok.text):
        return False
    before = sentence[tok.start - 1:tok.start] if tok.start else " "
    return before in " ([“\"'‘" and i + 1 < len(toks) and toks[i + 1].cap


def _sequel_number(toks: list[Token], i: int) -> bool:
    text = toks[i].text
    if not text.isdigit() or len(text) > 2 and not (len(text) == 4 and not _YEAR.match(text)):
        return False
    return i + 1 >= len(toks) or toks[i + 1].text.lower() not in UNIT_WORDS


def _cap_follows(sentence: str, toks: list[Token], i: int) -> bool:
    """A connector joins a title only when, past at most two connectors, a capital or number follows."""
    for k in range(i + 1, min(i + 3, len(toks))):
        if sentence[toks[k - 1].end:toks[k].start] != " ":
            return False
        if toks[k].cap and toks[k].text.lower() in _CALENDAR_WORDS:
            return False  # "the United States on November 22", "Venice on Monday": a date, not a title's words
        if toks[k].cap or (toks[k].number and not _YEAR.match(toks[k].text) and _sequel_number(toks, k)):
            return True
        if _ORDINAL_NUMBER.fullmatch(toks[k].text):  # "Friday the 13th"
            return True
        if toks[k].text.lower() not in CONNECTORS:
            return False
    return False


def _dash_subtitle(toks: list[Token], i: int) -> bool:
    """``Kisna - the Warrior Poet``: a dash then a capitalised phrase. ``Best film - The Aviator``
    (a list of winners) is two names, so a capital ``The`` after a dash does not join."""
    if toks[i].cap:
        return toks[i].text != "The"
    return toks[i].text == "the" and i + 1 < len(toks) and toks[i + 1].cap


def _finish(sentence: str, toks: list[Token], i: int, last: int) -> list[Span]:
    """Trim a raw span, split it at ``and`` between separate names, and drop junk."""
    pieces = _split_joined(sentence, toks[i:last + 1])
    out = []
    for piece in pieces:
        while piece and piece[-1].text.lower() in CONNECTORS:
            piece = piece[:-1]
        if len(piece) > 1 and piece[0].text in _ARTICLES and COMPOUND.match(sentence, piece[-1].end):
            piece = piece[1:]  # "The Ann Lee-directed sequel": the article is the sequel's
        if not piece:
            continue
        if len(piece) == 1:
            word = piece[0].text.rstrip("'’").lower()
            if word in STOPWORDS or word in _SINGLE_JUNK or _YEAR.match(word) or word.isdigit():
                continue
        start, end = piece[0].start, piece[-1].end
        text = _strip_possessive(sentence[start:end])
        out.append(Span(text, start, start + len(text), initial=_is_initial(sentence, start)))
    return out


def _split_joined(sentence: str, words: list[Token]) -> list[list[Token]]:
    """``Cameron and Laeta Kalogridis`` is two names; ``Harry Potter and the Prisoner of Azkaban``,
    ``Avatar: Fire and Ash`` and ``Christmas with the Kranks`` are one."""
    for k, tok in enumerate(words):
        if tok.text not in ("and", "with") or k == 0 or k == len(words) - 1:
            continue
        left, right = words[:k], words[k + 1:]
        joined = right[0].text in ("the", "a", "an") or ":" in sentence[left[0].start:left[-1].end]
        if not joined:
            return [left] + _split_joined(sentence, right)
    return [words]


def _strip_possessive(text: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text
