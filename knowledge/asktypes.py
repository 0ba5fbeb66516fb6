"""What kind of answer a free question asks for, and whether a sentence has one.

"How much did X make?" is answered by a sentence with an amount, "when" by one with a date,
"where" by one with a place, "how long" by one with a duration ("how long is the film" by a
running time), "who" by one that names someone, "who does X play" by one that names a part.
Each kind is a row of :data:`KINDS`: the question words that ask for it and the test a sentence
must pass. A sentence without what was asked for is never the answer, however many of the
question's words it has. "Why" asks for a reason, which words only hint at: a sentence with a
reason word is preferred, not required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"
)
_MONEY = re.compile(
    r"[$£€¥₹]\s?\d|\d(?:[\d,.]*)\s?(?:m|bn|k|million|billion|crore|lakh)\b|\b(?:million|billion|crore)\b|"
    r"\d+(?:\.\d+)?\s?(?:%|per ?cent)|\b(?:a|one) (?:tenth|quarter|third|half)\b|\bseven figures\b|\bfigures?\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(
    r"\d+(?:[,.]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|dozen|dozens|second|third|fourth|fifth|sixth|seventh|"
    r"eighth|ninth|tenth|twice|once|several|many)\b",
    re.IGNORECASE,
)
_YEAR_NUMBER = re.compile(r"(?:1[89]|20)\d\d")
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s+$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
_TITLE_WORD_BEFORE = re.compile(r"(?<=\s)[A-Z][\w'’-]*\s$")  # (not a sentence's first word: "Some 45,000 people")
_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:1[89]|20)\d\d\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:next|this|last) (?:year|month|week|summer|autumn|fall|spring|winter|weekend)\b|"
    r"\b(?:today|tomorrow|yesterday|tonight|christmas|easter|thanksgiving|halloween|memorial day|labor day)\b|"
    r"\b(?:until|since|soon|later|early|earlier|late)\b|\b(?:days?|weeks?|months?|years?|decades?) ago\b|\b\d{1,2}(?:st|nd|rd|th)\b|"
    r"\b(?:in|this|next|last|by|for) (?:the )?(?:fall|autumn|spring|summer|winter)\b|"
    r"\b(?:no|without an?|yet to (?:get|be given|receive) an?) (?:release |opening |premiere )?date\b|\bundated\b|\b(?:tba|tbc|tbd)\b|"
    r"\bin (?:a|one|two|three|four|five|six|a few|several|\d+) (?:days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|a few|many)[\s-]+"
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b|\b(?:minutes?|hours?)\s+long\b|\brunning time\b|\bruntime\b",
    re.IGNORECASE,
)
_RUNTIME = re.compile(
    r"\b(?:\d+|an?|one|two|three)[\s-]+(?:minutes?|mins?|hours?|hrs?)\b|\b\d+\s?(?:m|min|h)\b|\brunning time\b|\bruntime\b",
    re.IGNORECASE,
)
_PLACE_PHRASE = re.compile(
    r"\b(?:in|at|on location in|near|outside|across|around)\s+(?:the\s+)?(?:[A-Z][\w'’.-]+)|"  # (not "to", "from": "sequel to X", "from director Y")
    r"\b(?:in|at|from|out of|inside|outside|near)\s+(?:(?:the|a|an|his|her|their|its|my)\s+)?(?:[\w'’-]+\s+){0,2}"
    r"(?:room|hotel|home|house|studio|studios|stages?|set|theatre|theater|cinema|(?<!box )office|apartment|flat|museum|church|"
    r"street|city|town|village|country|state|island|beach|desert|forest|lake|park|school|hospital|airport|station|"
    r"ranch|farm|castle|palace|prison|club|monastery|convent|suburbs?|countryside|coast)\b",
)
_PLAYS = r"play(?:s|ed|ing)?|portray\w*|voice[sd]?|voicing"  # what someone does to a part
# "Hanks will play Robert Langdon", "stars as the winged mercenary Kestrel", "in the role of Don Corleone"
_CHARACTER = re.compile(
    rf"\b(?:{_PLAYS}|role of|role as|part of|stars as|starring as|as)\s+"
    r"(?:(?:the|a|an|his|her)\s+)?(?:[a-z-]+\s+){0,3}?[A-Z][\w.-]*\b(?!['’])"  # (a name, not "will play Hanks'" ...)
    rf"|\b(?:{_PLAYS})\s+(?:the|a|an|his|her|[A-Z][\w-]*['’]s?)\s+[\w-]+"  # (... "partner")
)
# "who does Tom Hanks play in ...?": the one asked plays a part, which is what is asked for
_WHO_PLAYS = r"^\s*who\s+(?:does|did|will|is|was)\s+((?:[\w'’.-]+\s+){1,4}?)(?:play|playing|voice|voicing|portray|portraying)\b"
_REASON = re.compile(
    r"\b(?:because|after|over|due to|amid|to avoid|in order|so that|since|following|concerns?|fear(?:s|ed)?|"
    r"worr(?:y|ies|ied)|in an effort|as a result|reasons?|to give|to make|to allow|to focus|conflicts?|"
    r"so as|so it|to reach|to protect|expressed)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AnswerKind:
    """A kind of answer: the question words that ask for it, and what a sentence needs."""

    name: str
    asked_by: re.Pattern
    required: bool  # a sentence without it cannot answer (else: only preferred)


def _kind(name: str, asked_by: str, required: bool = True) -> AnswerKind:
    return AnswerKind(name, re.compile(asked_by, re.IGNORECASE), required)


KINDS: tuple[AnswerKind, ...] = (  # the first that a question fits is the kind it asks for
    # "how long is the film?", "what is its running time?": minutes or hours, not "the 10-day festival"
    _kind("runtime", r"\bhow long (?:is|was|will be)\s+(?:the\s+)?(?:[\w'-]+\s+){0,5}?(?:film|movie|documentary|feature|cut)\b|"
          r"\brunning time\b|\bruntime\b|\bhow many (?:minutes|hours)\b"),
    _kind("duration", r"\bhow long\b(?!\s+(?:ago|until|before|after))|\blength of\b"),
    _kind("amount", r"\bhow much\b|\bbudget\b|\bcost\b|\bhow big\b.*\b(?:deal|opening)\b|\bwhat share\b"),
    _kind("number", r"\bhow many\b"),
    _kind("date", r"^\s*when\b|\bwhat (?:date|day|year|month|time)\b|\bwhich (?:date|day|year|month)\b|\b(?:release|opening|premiere) date\b"),
    _kind("place", r"^\s*where\b|\b(?:what|which) (?:city|country|town|location|place|studio|venue)\b"),
    _kind("character", _WHO_PLAYS),
    _kind("person", r"^\s*(?:who|whom)\b|\bwhose\b|\bwhich (?:actor|actress|director|star|writer|producer|composer|filmmaker)\b"),
    _kind("reason", r"^\s*why\b|\bhow come\b|\bwhat (?:was|is) the reason\b", required=False),
)


_HOW_MANY = re.compile(r"\bhow many\s+((?:[\w'-]+\s+){0,3}?)(?:do|does|did|has|have|had|is|are|was|were|will|would|can|could)\b", re.IGNORECASE)
_COUNT_WORD = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|dozens?|several|a dozen)"
)


def counted(question: str) -> re.Pattern | None:
    """For "how many oscar nominations does X have?": a sentence giving a count of that noun
    ("has seven nominations") answers it better than one that only has a number."""
    m = _HOW_MANY.search(question)
    words = m.group(1).split() if m else []
    if not words:
        return None
    noun = re.escape(words[-1].lower().rstrip("s")[:6])
    return re.compile(rf"\b{_COUNT_WORD}\s+(?:[\w'-]+\s+){{0,2}}{noun}", re.IGNORECASE)


_CATEGORY = re.compile(
    r"\bbest\s+((?:(?!(?:at|in|for|of|on|from|award|awards|prize|oscar|oscars|bafta|baftas|globe|globes)\b)[a-z'-]+\s*){1,3})",
    re.IGNORECASE,
)


def category(question: str) -> re.Pattern | None:
    """For "what won best British film at the Baftas?": a sentence naming that category
    ("Best British film was ...") answers it better than one about the awards at large."""
    m = _CATEGORY.search(question.rstrip("?!. "))
    if m is None:
        return None
    return re.compile(r"\bbest\s+" + r"\s+".join(re.escape(w) for w in m.group(1).split()) + r"\b", re.IGNORECASE)


_WON = re.compile(r"\b(?:won|did\s+\w+\s+win|got|took|picked\s+up|received)\b", re.IGNORECASE)
_PREDICTION = re.compile(
    r"\b(?:tipped|favourite|favorite|expected|likely|hoping|hopes|set|poised|predicted|bound|tips?\s+\w+)\s+to\s+(?:win|take|scoop|pick\s+up)\b"
    r"|\b(?:is|are)\s+(?:the\s+)?(?:favourite|favorite|front-?runner|frontrunner)s?\b|\b(?:are|is)\s+also\s+likely\b|\bcould\s+(?:win|steal|take)\b",
    re.IGNORECASE,
)


def foretold(question: str) -> re.Pattern | None:
    """For "who won ...?": what a sentence that only foretells a win says ("is tipped to win",
    "is favourite"); such a sentence does not say who won."""
    return _PREDICTION if _WON.search(question) else None


_OPENING_ASKED = re.compile(r"\b(?:opening|debut|first)\s+(?:weekend|week|days?)\b|\bwhen it opened\b", re.IGNORECASE)
_OPENING = re.compile(r"\b(?:open(?:ed|ing|s|er)?|debut(?:ed|s)?|first\s+(?:weekend|week|days)|launch(?:ed)?|bow(?:ed)?)\b", re.IGNORECASE)
_LATER = (
    r"\b(?:second|third|fourth|fifth|sixth|seventh|eighth)[\s-]+(?:weekend|week)\b|\bslump(?:ed|s)?\b|\b(?:fell|dropped|slipped|slid)\b"
    r"|\blast\s+week['’]s\b"
    # a running total, in a sentence that does not speak of the opening ("total takings of $137m")
    r"|^(?![\s\S]*\b(?:open\w*|debut\w*|launch\w*|first)\b)[\s\S]*\b(?:total takings|so far|to date|cumulative|cume|running total)\b"
)
_HOME_VIDEO = r"\bdvd\b|\bhome (?:video|entertainment)\b|\bblu-ray\b"
_LATER_IN_CINEMAS = re.compile(f"{_LATER}|{_HOME_VIDEO}", re.IGNORECASE)
_LATER_AT_HOME = re.compile(_LATER, re.IGNORECASE)


def opening(question: str) -> re.Pattern | None:
    """For "how much did X make in its opening weekend?": a sentence on the opening ("opened to",
    "its debut weekend") answers it better than one on the box office at large."""
    return _OPENING if _OPENING_ASKED.search(question) else None


def later_weekend(question: str) -> re.Pattern | None:
    """For the same question: what a sentence on a later weekend says ("its second weekend",
    "followed last week's opening with a slump"), or on its DVD if the question is not about
    that; such a sentence does not give the opening."""
    if not _OPENING_ASKED.search(question):
        return None
    return _LATER_AT_HOME if re.search(_HOME_VIDEO, question, re.IGNORECASE) else _LATER_IN_CINEMAS


def player(question: str) -> re.Pattern | None:
    """For "who does Tom Hanks play in X?": a sentence where Hanks is the one who plays ("Hanks
    will play Robert Langdon") answers it, not one where he is the part ("will play Hanks' partner")."""
    m = re.search(_WHO_PLAYS, question, re.IGNORECASE)
    if m is None:
        return None
    last = re.escape(m.group(1).split()[-1])
    return re.compile(rf"\b{last}\b[^.;]{{0,60}}?\b(?:{_PLAYS}|as)\b", re.IGNORECASE)


_WHO_PLAYS_PART = re.compile(
    r"^\s*who\s+(?:plays|played|is\s+playing|will\s+play|voices|voiced|is\s+voicing|portrays|portrayed|is)\s+"
    r"(?:the\s+(?:role\s+of\s+)?|a\s+)?((?:[\w'’.-]+\s+){0,4}?[\w'’.-]+)\s+in\s+\S",
    re.IGNORECASE,
)


def part(question: str) -> re.Pattern | None:
    """For "who plays Kestrel in Tidebreaker?": a sentence that gives the part to someone
    ("plays Glim", "as the winged mercenary Kestrel", "Anton (Samuel Achterberg)"), not one that
    only names it."""
    m = _WHO_PLAYS_PART.search(question)
    if m is None or m.group(1).lower() in ("in", "the", "starring", "acting", "playing"):
        return None
    last = m.group(1).split()[-1]
    if re.search(rf"\b{re.escape(last)}\b", question[m.end(1):], re.IGNORECASE):
        return None  # "who plays the cartographer in The Cartographer's Wife": the title says it too
    word = re.escape(last)
    return re.compile(
        rf"\b(?:{_PLAYS}|as|role\s+of|known\s+as)\s+(?:[\w'’,-]+\s+){{0,8}}?{word}\b"
        rf"|\b{word}\b[^.;]{{0,30}}?\((?-i:[A-Z])|\b{word}\b,?\s+(?:is\s+|was\s+)?(?:played|voiced|portrayed)\s+by\b",
        re.IGNORECASE,
    )


def asked_kind(question: str) -> AnswerKind | None:
    """The kind of answer a question asks for, if it asks for one."""
    return next((k for k in KINDS if k.asked_by.search(question)), None)


def _is_count(text: str, number: re.Match) -> bool:
    """A number that counts something: not a year ("in 2005"), a day of a month ("October 3",
    "3 October") nor a title's number ("Shrek 2")."""
    if _YEAR_NUMBER.fullmatch(number.group()):
        return False
    if number.group()[0].isdigit() and (_MONTH_BEFORE.search(text, max(0, number.start() - 12), number.start())
                                        or _MONTH_AFTER.match(text, number.end())):
        return False
    return not (number.group()[0].isdigit() and _TITLE_WORD_BEFORE.search(text, max(0, number.start() - 30), number.start()))


_FULL_DATE = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b|\b(?:{_MONTHS})\.?,?\s+(?:19|20)\d\d\b",
    re.IGNORECASE,
)
_PART_DATE = re.compile(
    rf"\b(?:{_MONTHS})\b|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\b(?:next|this|last) (?:year|month|week|summer|autumn|fall|spring|winter|weekend)\b|\b(?:fall|autumn|spring|summer|winter|christmas)\b",
    re.IGNORECASE,
)


def date_precision(text: str) -> int:
    """How exactly a sentence says when: 2 for a day or a month and year ("3 February", "May
    2026"), 1 for a month, weekday or season, 0 for a bare year or "soon"."""
    return 2 if _FULL_DATE.search(text) else 1 if _PART_DATE.search(text) else 0


def has_date(text: str) -> bool:
    """Whether a sentence says when (a date, a day, a season, "next year"): what "when" needs."""
    return bool(_DATE.search(text))


def has_kind(kind: AnswerKind, text: str, people: int, places: int) -> bool:
    """Whether a sentence has an answer of this kind (``people``/``places``: names of each it has)."""
    if kind.name == "runtime":
        return bool(_RUNTIME.search(text))
    if kind.name == "duration":
        return bool(_DURATION.search(text))
    if kind.name == "amount":
        return bool(_MONEY.search(text))
    if kind.name == "number":
        return any(_is_count(text, m) for m in _NUMBER.finditer(text))
    if kind.name == "date":
        return has_date(text)
    if kind.name == "place":
        return places > 0 or bool(_PLACE_PHRASE.search(text))
    if kind.name == "person":
        return people > 0
    if kind.name == "character":
        return bool(_CHARACTER.search(text))
    return bool(_REASON.search(text))
