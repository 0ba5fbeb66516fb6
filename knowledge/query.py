"""Parse what a user typed into an intent: ``!who directed Alita`` -> who / directed / "Alita".

Commands work with or without the ``!`` prefix. Anything that is not a known command but reads
like a question is answered as ``ask``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .relations import CREDITS, Lexicon, default_lexicon

COMMANDS = ("status", "who", "when", "ask", "film", "sources", "timeline", "follow", "unfollow", "following", "help")
DISCORD_ONLY = ("follow", "unfollow", "following")  # a member's own: answered only on Discord
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
    intent: str  # status | who | when | ask | film | sources | timeline | follow | unfollow | following | help | unknown
    subject: str = ""
    relation: str | None = None
    word: str = ""  # the command word as typed, for "did you mean" on unknown commands
    question: str = ""  # a free question read as who/when/status: asked as it is if no film fits
    frame: str = ""  # the name of the question frame that read it


@dataclass(frozen=True)
class Frame:
    """A way of asking for one relation of one film (or for its card) in free words; ``film``
    names the title."""

    name: str
    intent: str
    relation: str | None
    pattern: re.Pattern


def _frame(name: str, intent: str, relation: str | None, pattern: str) -> Frame:
    return Frame(name, intent, relation, re.compile(pattern, re.IGNORECASE | re.VERBOSE))


_FILM = r"(?P<film>.+?)"
_IS = r"(?:is|was|are|were|will\s+be|'s|s)"
_LABELS = {"directed": "director", "wrote": "writer", "produced": "producer", "composed": "composer", "stars": "star"}
_ASKED = {"directed": "directed", "wrote": "wrote", "produced": "produced", "composed": "composed", "stars": "stars in"}
# Role nouns a question names, and the relation each asks for.
_ROLES = {
    "directed": r"director|directors|filmmaker|film-maker|helmer",
    "wrote": r"writer|writers|screenwriter|screenwriters|scriptwriter|screenplay\s+writer|author",
    "produced": r"producer|producers|production\s+company|studio",
    "composed": r"composer|composers|music|score|soundtrack",
    "stars": r"star|stars|lead|leads|lead\s+actor|lead\s+actress|cast|actors|cast\s+members?",
}
# Verbs a question asks with ("who helmed X"), by relation.
_VERBS = {
    "directed": (
        r"directed|directs|direct|(?:is|was)\s+directing|will\s+direct|helmed|helms|(?:is|was)\s+helming|will\s+helm|made|makes|"
        r"is\s+making|(?:is|was|are|were)\s+behind"
    ),
    "wrote": r"(?:wrote|writes|is\s+writing|penned)\s+(?:the\s+)?(?:script|screenplay)\s+(?:for|of|to)|wrote|writes|write|is\s+writing|penned|pens|scripted|scripts|adapted",
    "produced": r"produced|produces|produce|is\s+producing|will\s+produce|financed|backed",
    "composed": r"(?:wrote|writes|did|does|composed|made|is\s+doing)\s+(?:the\s+)?(?:music|score|soundtrack|songs)\s+(?:for|of|in|to|on)|composed|composes|scored|scores|is\s+scoring",
    "stars": (
        r"stars\s+in|starred\s+in|star\s+in|acts\s+in|acted\s+in|act\s+in|appears\s+in|appeared\s+in|"
        r"plays\s+in|played\s+in|(?:is|was|are|were|'s)\s+(?:starring|acting|appearing|playing)\s+in|"
        r"(?:is|was|are|were|'s|s|else\s+is|will\s+be)\s+in(?:\s+the\s+cast\s+of)?|"
        r"(?:is|was|are|were)\s+cast\s+in|leads|led|toplines|headlines"
    ),
}
_WHEN_WORDS = (
    r"come\s+out|coming\s+out|came\s+out|out|open|opens|opening|opened|release|released|be\s+released|"
    r"being\s+released|premiere|premiered|premieres|hit\s+(?:theaters|theatres|cinemas|screens)|"
    r"in\s+(?:theaters|theatres|cinemas)|arrive|arriving|land|due|due\s+out|going\s+to\s+(?:come\s+out|be\s+released|open)|"
    r"set\s+to\s+(?:open|come\s+out|be\s+released)|scheduled\s+for\s+release|streaming|available|debut|"
    r"(?:coming|come|out|arriving|streaming)\s+(?:to|on)\s+[\w+ ]{2,30}"
)
_STATUS_TAIL = r"doing|coming\s+along|going|getting\s+on|progressing|shaping\s+up"
_STATUS_NOUN = r"status|latest|latest\s+news|news|update|updates|word|state"

FRAMES: tuple[Frame, ...] = (
    *(
        _frame(f"who is the {_LABELS[relation]} of", "who", relation,
               rf"^(?:who|whos|who's)\s+(?:{_IS}\s+)?(?:the\s+)?(?:{nouns})\s+(?:of|for|on|behind|in)\s+{_FILM}$")
        for relation, nouns in _ROLES.items()
    ),
    *(
        _frame(f"who {_ASKED[relation]}", "who", relation,
               rf"^who\s+(?:has\s+|have\s+|had\s+|will\s+|did\s+|does\s+)?(?:{verbs})\s+{_FILM}$")
        for relation, verbs in _VERBS.items()
    ),
    _frame("what is the cast of", "who", "stars",
           rf"^(?:what|who)\s+{_IS}\s+(?:in\s+)?the\s+cast\s+(?:of|for|in)\s+{_FILM}$"),
    _frame("when does it come out", "when", "release",
           rf"^when\s+(?:does|is|will|did|was|do|are|can\s+(?:i|we|you)\s+see)\s+{_FILM}(?:\s+(?:{_WHEN_WORDS}))?$"),
    _frame("what is the release date of", "when", "release",
           rf"^(?:what|when)\s+{_IS}\s+the\s+release\s+date\s+(?:of|for)\s+{_FILM}$"),
    _frame("what is its release date", "when", "release",
           rf"^(?:what|when)\s+{_IS}\s+{_FILM}(?:'s|s')\s+release\s+date$"),
    _frame("is it out yet", "when", "release",
           rf"^(?:is|are|has|have)\s+{_FILM}\s+(?:out|come\s+out|been\s+released|released|opened)(?:\s+yet)?$"),
    _frame("how is it doing", "status", "status", rf"^how\s+{_IS}\s+{_FILM}\s+(?:{_STATUS_TAIL})$"),
    _frame("where is it at", "status", "status", rf"^where\s+{_IS}\s+{_FILM}\s+at$"),
    _frame("has it been cancelled", "status", "status",
           rf"^(?:has|have|was|were|is)\s+{_FILM}\s+(?:been\s+|being\s+)?(?:cancell?ed|shelved|delayed|postponed|scrapped|greenlit|"
           rf"green-lit|pushed\s+back|made|dropped|axed)$"),
    _frame("what is the status of", "status", "status",
           rf"^(?:what|whats|what's)\s+(?:{_IS}\s+)?(?:the\s+)?(?:{_STATUS_NOUN})\s+(?:of|on|with|for|about|regarding)\s+{_FILM}$"),
    _frame("what is happening with", "status", "status",
           rf"^(?:what|whats|what's)\s+(?:{_IS}\s+)?(?:happening|going\s+on|up|new)\s+with\s+{_FILM}$"),
    _frame("any news on", "status", "status",
           rf"^(?:is\s+there\s+|are\s+there\s+)?(?:any\s+)?(?:news|updates?|word)\s+(?:on|about|of|regarding)\s+{_FILM}$"),
    _frame("is it still happening", "status", "status",
           rf"^(?:is|are)\s+{_FILM}\s+(?:still\s+)?(?:happening|coming|on|going\s+ahead|in\s+the\s+works|in\s+development|being\s+made|alive|dead|cancelled|canceled|delayed)$"),
    _frame("tell me about", "film", None, rf"^(?:tell\s+me|what\s+do\s+you\s+know)\s+about\s+(?:the\s+(?:film|movie)\s+)?{_FILM}$"),
)
# A "title" that is the rest of a longer question, not a film: "who plays Ido in Alita".
_NOT_A_TITLE = re.compile(r"^(?:a|an|the)?\s*$|.*\b(?:in|of|for|with|and|who|when|what|how|why|where)\s*$", re.IGNORECASE)


_TYPED = {"status": "status {}", "when": "when {}", "film": "film {}", "sources": "sources {}"}
_TYPED_WHO = {"directed": "directed", "wrote": "wrote", "stars": "stars in", "produced": "produced", "composed": "composed"}


def typed(intent: str, subject: str, relation: str | None = None) -> Query:
    """A command whose parts are known already (a slash command's options): nothing to parse.
    ``relation`` names one of :data:`CREDITS` for ``who``. (A free question is text: parse it.)"""
    if intent == "who":
        if relation not in _TYPED_WHO:
            raise ValueError(f"no such relation: {relation!r}")
        return Query(f"who {_TYPED_WHO[relation]} {subject}", "who", _title(subject), relation)
    if intent not in _TYPED:
        raise ValueError(f"no such command: {intent!r}")
    relation = {"status": "status", "when": "release"}.get(intent)
    return Query(_TYPED[intent].format(subject), intent, _title(subject), relation)


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
        framed = read_frame(text)  # ("when can I see X", "when is X coming to Netflix": the frames know these)
        title = framed[1] if framed and framed[0].intent == "when" else _when_title(rest)
        return Query(command, "when", _title(title), "release")
    if name in ("film", "movie"):
        return Query(command, "film", _title(rest))
    if name == "sources":
        return Query(command, "sources", _title(re.sub(r"^(?:for|of|on|about)\s+", "", rest, flags=re.IGNORECASE)))
    if name == "timeline":
        return Query(command, "timeline", rest)  # (a trailing number may be a page: the timeline reads it)
    if name in DISCORD_ONLY:
        return Query(command, name, _title(rest), word=word)
    if name == "who":
        return _who(command, rest, lexicon)
    if name == "ask":
        return _ask(command, rest, lexicon)
    if _QUESTION_START.match(text) or text.endswith("?"):
        return _ask(command, text, lexicon)
    return Query(command, "unknown", rest, word=word)


def _who(command: str, rest: str, lexicon: Lexicon) -> Query:
    """``who directed X``, ``who is in X``, ``who stars in X``, ``who did the music for X``."""
    if framed := read_frame(f"who {rest}"):
        frame, title = framed
        return Query(command, "who", _title(title), frame.relation, frame=frame.name)
    if m := _WHO_MUSIC.match(rest):
        return Query(command, "who", _title(m.group(1)), "composed")
    if m := _WHO_IN.match(rest):
        return Query(command, "who", _title(m.group(1)), "stars")
    if m := _WHO_ROLE.match(rest):
        role, title = m.group(1).lower(), m.group(2)
        for relation in lexicon.relations.values():
            if role in relation.asks and relation.name in CREDITS:
                return Query(command, "who", _title(title), relation.name)
    return _ask(command, f"who {rest}", lexicon)



def _ask(command: str, question: str, lexicon: Lexicon) -> Query:
    """A free question: read as ``who``/``when``/``status`` when a frame says it asks for one
    relation of one film (``who is the director of X?``), else as ``ask``."""
    question = question.strip()
    if not question:
        return Query(command, "ask")
    if framed := read_frame(question):
        frame, title = framed
        return Query(command, frame.intent, _title(title), frame.relation, question=question, frame=frame.name)
    asked = lexicon.asked(question)
    relation = asked[0] if asked else None
    if re.match(r"^\s*when\b", question, re.IGNORECASE) and "release" in asked:
        relation = "release"
    return Query(command, "ask", question, relation)


_CONTRACTED = re.compile(r"^(who|what|how|where|when)'s\b", re.IGNORECASE)


def read_frame(question: str) -> tuple[Frame, str] | None:
    """The frame a free question fits, and the film title it names; None if it fits none."""
    text = re.sub(r"[?!.]+$", "", " ".join(question.split())).strip()
    text = _CONTRACTED.sub(lambda m: m.group(1) + " is", text.replace("’", "'"))  # "who's in", "what's the status"
    for frame in FRAMES:
        if m := frame.pattern.match(text):
            title = m.group("film").strip()
            if title and not _NOT_A_TITLE.match(title):
                return frame, title
    return None


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
