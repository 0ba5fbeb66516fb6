"""Parse what a user typed into an intent: ``!who directed Alita`` -> who / directed / "Alita".

Commands work with or without the ``!`` prefix. Anything that is not a known command but reads
like a question is answered as ``ask``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .relations import Lexicon, default_lexicon

COMMANDS = ("status", "who", "when", "ask", "film", "sources", "help")
MAX_COMMAND = 500  # longer input is cut; no film title or question needs more

_QUESTION_START = re.compile(
    r"^(?:what|what's|whats|how|will|which|where|why|is|are|was|were|did|does|do|can|could|has|have|"
    r"who|who's|whos|when|tell|any|should|would)\b",
    re.IGNORECASE,
)
_AUX = r"(?:(?:is|was|are|were|will|has|had|have|did|does|do)\s+(?:be\s+|been\s+)?)?"
_WHO_MUSIC = re.compile(r"^(?:wrote|did|does|composed|made|scored|is doing)\s+(?:the\s+)?(?:music|score|soundtrack|songs)\s+(?:for|of|in|to)\s+(.+)$", re.IGNORECASE)
_WHO_IN = re.compile(r"^(?:'s|’s|s|is|was|are|were|will be|else is)\s+in\s+(.+)$", re.IGNORECASE)
_WHO_ROLE = re.compile(rf"^{_AUX}(?:the\s+)?([a-z][a-z-]*)(?:\s+(?:in|of|for|on|by))?\s+(.+)$", re.IGNORECASE)
_WHEN_TAIL = re.compile(
    r"\s+(?:come\s+out|coming\s+out|out|open|opens|opening|released?|releasing|premiere|premieres|"
    r"hit\s+theaters|hit\s+cinemas|in\s+theaters|in\s+cinemas|arrive|arriving|air|start|begin|"
    r"being\s+released|be\s+released|due|going\s+to\s+(?:come\s+out|be\s+released))\s*$",
    re.IGNORECASE,
)
_WHEN_HEAD = re.compile(r"^(?:(?:is|was|will|does|did|do|are)\s+)?(?:the\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class Query:
    """A parsed command: the intent, the relation asked for, and the film or question text."""

    command: str
    intent: str  # status | who | when | ask | film | sources | help | unknown
    subject: str = ""
    relation: str | None = None
    word: str = ""  # the command word as typed, for "did you mean" on unknown commands


def parse(command: str, lexicon: Lexicon | None = None) -> Query:
    """Read one command as the bot would."""
    lexicon = lexicon or default_lexicon()
    text = " ".join(command.split())[:MAX_COMMAND].strip()
    text = text[1:].lstrip() if text.startswith("!") else text
    word, _, rest = text.partition(" ")
    name = word.lower().rstrip("?!.,:")
    rest = rest.strip()
    if not text:
        return Query(command, "help")
    if name == "help":
        return Query(command, "help", subject=rest)
    if name in ("status", "when", "film", "sources") and not _title(rest):
        return Query(command, name, word=word)
    if name == "status":
        return Query(command, "status", _title(re.sub(r"^(?:of|on|for)\s+", "", rest, flags=re.IGNORECASE)), "status")
    if name == "when":
        return Query(command, "when", _when_title(rest), "release")
    if name in ("film", "movie"):
        return Query(command, "film", _title(rest))
    if name == "sources":
        return Query(command, "sources", _title(re.sub(r"^(?:for|of|on|about)\s+", "", rest, flags=re.IGNORECASE)))
    if name == "who":
        return _who(command, rest, lexicon)
    if name == "ask":
        return _ask(command, rest, lexicon)
    if _QUESTION_START.match(text) or text.endswith("?"):
        return _ask(command, text, lexicon)
    return Query(command, "unknown", rest, word=word)


def _who(command: str, rest: str, lexicon: Lexicon) -> Query:
    """``who directed X``, ``who is in X``, ``who stars in X``, ``who did the music for X``."""
    if m := _WHO_MUSIC.match(rest):
        return Query(command, "who", _title(m.group(1)), "composed")
    if m := _WHO_IN.match(rest):
        return Query(command, "who", _title(m.group(1)), "stars")
    if m := _WHO_ROLE.match(rest):
        role, title = m.group(1).lower(), m.group(2)
        for relation in lexicon.relations.values():
            if role in relation.asks and relation.name in _WHO_RELATIONS:
                return Query(command, "who", _title(title), relation.name)
    return _ask(command, f"who {rest}", lexicon)


_WHO_RELATIONS = ("directed", "wrote", "stars", "produced", "composed")


def _ask(command: str, question: str, lexicon: Lexicon) -> Query:
    question = question.strip()
    if not question:
        return Query(command, "ask")
    asked = lexicon.asked(question)
    relation = asked[0] if asked else None
    if re.match(r"^\s*when\b", question, re.IGNORECASE) and "release" in asked:
        relation = "release"
    return Query(command, "ask", question, relation)


def _title(text: str) -> str:
    """A film title as typed, without surrounding quotes, trailing punctuation or "the film"."""
    text = text.strip().strip("\"'“”‘’`*_").strip()
    text = re.sub(r"[?!.,;:]+$", "", text).strip()
    text = re.sub(r"\s+(?:movie|film)$", "", text, flags=re.IGNORECASE)
    return text.strip().strip("\"'“”‘’`").strip()


def _when_title(rest: str) -> str:
    text = _title(rest)
    text = _WHEN_HEAD.sub("", text, count=1) if re.match(r"^(?:is|was|will|does|did|do|are)\s", text, re.IGNORECASE) else text
    return _title(_WHEN_TAIL.sub("", text))
