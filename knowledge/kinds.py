"""What a name is: the vote rules that read the words around each mention of a name.

Every mention of a name casts votes: *film*, *person* or *other* (a company, a book, a place...).
Each rule is a row of :data:`RULES` with a name, the side it reads (the 40 characters before the
mention or the 60 after), the kind it votes for and how much. An article's votes are pooled over
the names that are one thing there (``Rask`` and ``Imogen Rask``), and a name's kind is the kind
with the most votes. Which rules voted is kept with the name (``Name.evidence``), so
``filmbot ask --explain`` can say why a name was taken for a film.

The patterns read text through :func:`knowledge.text.fold_lower`, so they are written in lower
case and matched case-sensitively.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from .gazetteer import given_names, nationalities
from .names import CREDIT_COMPOUNDS, Span
from .titles import sequel_number

FILM_NOUN = (
    r"film|movie|sequel|prequel|remake|reboot|adaptation|documentary|biopic|blockbuster|comedy|"
    r"drama|thriller|epic|musical|cartoon|animation|feature|picture|fable|caper|horror|western|"
    r"romance|satire|fantasy|romcom|flick|instalment|installment|spin-off|spinoff|follow-up|pic|"
    r"tentpole|chiller|actioner|dramedy|mystery|noir|whodunit|two-hander|adventure|co-production"
)
_FILM_BEFORE = re.compile(
    rf"(?:\b(?:(?:version|adaptation|remake) of (?:[\w'-]+\s+){{0,3}}|{FILM_NOUN}|films|movies|debut|hit|the original|starred in|stars in|starring in|star of|"
    r"(?:19|20)\d\d['’]s|(?:films|movies|features|credits),? (?:include|includes|included|including|such as)(?: [\w-]+){0,2}|"  # "1999's American Beauty"
    r"directed|direct|directs|directing|helm|helms|helmed|helming|co-wrote|wrote|writes|penned|scripted|produce|produces|produced|co-produced|"
    r"(?:will|to|would) release|releases|released|releasing|acquired|acquires|acquire|shelved|shelves|greenlit|green-lit|"
    r"producing|shooting|filming|making|release of|premiere of|screening of|cast of|"
    r"sequel to|follow-up to|remake of|director of|producer of|writer of|franchise|new entry|new entries|re-release of|"
    r"(?:award|prize|oscar|bafta|nomination|nominated|statuette|role|part|performance|lead) (?:for|in))[,:]?\s*)$"
)
# "her role in Mike Nichols' Closer", "Martin Scorsese's film Gangs of New York", "Ben-Ami, whose
# first feature Kinneret Summer": someone's film.
_OWNED_FILM_BEFORE = re.compile(
    rf"(?:\b(?:role|roles|part|performance|starring|starred|appeared|cameo) in (?:[\w.-]+ ){{0,2}}[\w.-]+['’]s?"
    rf"|['’]s? (?:new |latest |next |previous |last |first |debut |forthcoming |upcoming )?(?:{FILM_NOUN}|venture|project)"
    rf"|\bwhose (?:[\w-]+ ){{0,2}}(?:{FILM_NOUN}|debut))\s+$"
)
# "Casino Royale is next Bond movie": said of the subject of a sentence.
COPULA_FILM = re.compile(
    r"^\s+(?:is|was|will be|becomes|became|has become|was turned into)\s+(?:(?:a|an|the)\s+)?"
    rf"(?:[\w'-]+\s+){{0,3}}(?:{FILM_NOUN})\b(?!-)"
)
_FILM_AFTER = re.compile(
    r"^(?:\s*\(\d{4}\)"
    r"|\s+(?:movies?|films?|sequels?|prequel|franchise|trilogy|remake|reboot|opened|opens|"
    r"took \$|grossed|(?:was|is|were|are|will be) (?:directed|released|produced|made by)|(?:is|was) the (?:work|brainchild) of|starring|"
    r"starred|debuted|premiered|premieres|hits theaters|hits theatres|hit theaters|box office|review|trailer|teaser|"
    r"entered the (?:chart|top|box office)|(?:fell|dropped|slipped|rose|climbed|moved|slid) (?:to|into) (?:number|no\.?|\w+ place)|"
    r"held the top spot|topped the (?:box office|chart|charts)|(?:is|was) set (?:in|during|on|among)|follows (?:a|an|the|two|three)|"
    r"cost \$|earned an? [a-f][+-]? cinemascore|(?:is|was) the (?:latest|new|newest|next) (?:film |movie |feature )?from)\b(?!-)"
    r"|,\s+which (?:cost|grossed|opened|premiered|debuted|follows|stars)\b"
    r"|,\s+(?:directed|written|produced) by\b|,\s+(?:starring|which stars|which starred)\b|"
    rf",\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}(?:{FILM_NOUN})\b(?!\s+(?:is|was|has|had|will|would|also|stars|follows|tells)\b))"
)  # (", the film is set in ...": the film is the next clause's subject, not the name's apposition)
# "Bramble Hollow (October 16)", "Kestrel (TBA)": a film in a list of releases to come.
DATE_IN_BRACKETS = re.compile(
    r"[\"”’']?\s*\((?:(?P<date>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:,\s*(?:19|20)\d\d)?)|tba|tbd|tbc)\)",
    re.IGNORECASE,
)
# "Zorblax Returns has been delayed", "Night Train was shelved": what happens to a film's release.
_STATUS_AFTER = re.compile(
    r"^\s+(?:(?:has|have|had)\s+been\s+|(?:is|was|were|are)\s+(?:being\s+)?|will\s+be\s+)?"
    r"(?:delayed|postponed|shelved|cancell?ed|canceled|greenlit|green-lit|pushed back|pushed to|moved to|"
    r"dated for|rescheduled|scrapped|revived|set for release|slated for|due out|due for release|"
    r"(?:due|set) to be (?:screened|released|shown)|screened (?:at|on|in)|shown (?:at|on)|picked up by|acquired by|bought by|"
    r"moving forward|back on track|halted|dropped from|removed from|now streaming|streaming on)\b"
)
# "Goldeneye director", "Nicole Taylor script": a weaker sign of a title ("X stars as" is a person).
_ROLE_AFTER = re.compile(
    r"^\s+(?:director|directors|producers?|stars?(?!\s+(?:as|in|opposite|alongside|and|with)\b)|cast|"
    r"screenplay|script|premiere|film-?makers?|helmer|sequel|trailer|teaser)\b(?!-)"
)
_PERSON_BEFORE = re.compile(
    r"\b(?:actor|actress|actors|director|producer|writer|screenwriter|composer|star|co-star|singer|"
    r"rapper|author|novelist|comedian|presenter|host|filmmaker|film-maker|creator|executive|"
    r"chairman|president|spokesman|spokeswoman|critic|editor|newcomer|veteran|nominee|helmer|"
    r"musician|designer|cinematographer|boss|chief|founder|wife|husband|son|daughter|brother|"
    r"sister|father|mother|sir|dame|starring|stars|starred|featuring|"
    r"playwright|showrunner|animator|stand-up|"
    r"(?:directed|written|produced|created|composed|played|voiced|helmed|novel|book|story|music|score|scripted|penned|made) by|"
    r"the work of|the brainchild of|"
    r"(?:music|score|screenplay|script|cinematography|editing) (?:is|was) by|"
    r"co-starring|opposite|alongside)\s*:?\s*$|\b(?:mr|mrs|ms|dr)\.?\s*$|"
    r"\b(?:director|producer|writer|screenwriter|composer|star)s? of the (?:film|movie|picture)\s*,\s*$"
)
# "Hanks will play Robert Langdon", "his role as George Kirk": a character, not someone who answers "who".
_CHARACTER_BEFORE = re.compile(
    r"\b(?:play|plays|played|playing|portray|portrays|portrayed|portraying|voices|voiced|voicing|"
    r"(?:role|part|stars|starred|starring|cast|back|return|returns|returning)\s+as|role of|part of|"
    r"character|characters|alter ego)\s+(?:the\s+)?$"
)
_PERSON_AFTER = re.compile(
    r"^(?:['’]s?)?\s*,?\s*(?:said|says|told|added(?!\s+[\d$£€])|explained|admitted|acknowledged|insisted|"
    r"claimed|noted|revealed|joked|jokes|recalled|wrote|who|whose|has said|had said|was born|has confirmed|hinted|teased|tweeted|posted)\b"
    r"|^,\s+(?:the\s+|a\s+)?(?:star|co-star|director|actor|actress|producer|writer|screenwriter|composer|creator|founder|"
    r"head|chief|boss|president|chairman|chief executive)\s+(?:of|and)\b"
    r"|^,\s*\d{1,2}\s*,"
)
# "Nadia Ferreira-Holt stars as", "Vasilescu will helm": a person does these things to a film.
_PERSON_VERB_AFTER = re.compile(
    r"^\s+(?:stars as|stars opposite|stars alongside|plays|played|voices|voiced|reprises|will star|"
    r"is set to star|set to star|is set to direct|set to direct|joins|has joined|joined|"
    r"directed(?! by)|directs|co-directed|wrote|co-wrote|writes|produced(?! by)|is producing|"
    r"will direct|will helm|helmed(?! by)|helms|penned|scripted(?! by)|leads the cast|will play|"
    r"is playing|has signed|has been cast|was cast|is cast|is returning|returns as|will produce|is back|will return|"
    r"is set to return|composed(?! by)|composes|will compose|is scoring|scored(?! by)|will score)\b(?! on track)"
)
# "Baek Seo-yeon has described her new film": someone who has a "his" or "her".
_HIS_OR_HER_AFTER = re.compile(
    r"^\s+(?:has\s+|had\s+|have\s+)?(?:described|discussed|defended|unveiled|finished|completed|"
    r"explained|revealed|announced|is\s+shooting|is\s+making)\s+(?:his|her)\b"
)
# "the Ann Lee-directed sequel", "the Dunleavy-led spinoff" (not "-produced", "-backed": often a company).
_PERSON_COMPOUND = re.compile(rf"^-(?:{'|'.join(w for w, relation in CREDIT_COMPOUNDS.items() if relation != 'produced')})\b")
# "Chris Weitz, director of About a Boy, said", "Abernethy, who produced Copper Bell, said": the title is what the speaker made.
_WORK_OF_BEFORE = re.compile(
    r"\b(?:director|producer|star|writer|screenwriter|creator|maker|author|composer|co-star|editor|cast)s?\s+of\s+(?:the\s+)?$"
    r"|\bwho\s+(?:directed|produced|wrote|co-wrote|starred\s+in|made|scored)\s+(?:the\s+)?$"
)
_PERSON_POSSESSIVE = re.compile(
    r"^['’]s?\s+(?:performance|character|role|turn|portrayal|career|wife|husband|agent|publicist|"
    r"representatives?|spokes(?:man|woman|person)|directorial|acting|first leading)\b"
)
# "Lior Ben-Ami's drama about ...": the film in view is someone's (a title after it is "owns a film").
_MAKERS_FILM = re.compile(rf"^['’]s?\s+(?:[\w-]+\s+){{0,3}}?(?:{FILM_NOUN})\b(?!\s+[A-Z0-9\"“‘'])")
# "Halldór Sveinsson's score", "Dev Malhotra's script": a craft's credit, most often a person's.
_CRAFT_POSSESSIVE = re.compile(
    r"^['’]s?\s+(?:score|screenplay|script|direction|music|cinematography|camera|editing|songs|lyrics|"
    r"production design|costumes|choreography)\b"
)
OTHER_AFTER = re.compile(
    r"^\s+(?:book|books|novel|novels|novella|series|tv|show|sitcom|album|albums|song|songs|"
    r"single|play|opera|magazine|newspaper|channel|network|studios?|company|band|festival|awards?|"
    r"manga|comic|comics|university|college|museum|theatre|theater|gallery|hotel|records|prize|"
    r"ceremony|games|party|station|radio|exhibition|tour|musical|game|video game|theme park|banner|"
    r"label|franchise's|streamer|distributor|chain|agency)\b"
)
_OTHER_BEFORE = re.compile(
    r"\b(?:book|novel|novella|tv series|series|show|sitcom|album|song|single|record|play|opera|magazine|"
    r"newspaper|channel|network|studio|company|band|manga|comic|hotel|in|at|from|streamer|distributor|banner)\s*$"
)
# Single words that come before "film" without being titles: "a Mexican movie", "the Hollywood film".
_MODIFIERS = frozenset("hollywood bollywood nollywood oscar oscars bafta disney pixar netflix marvel dc warner".split())
_OWNER_FILM = re.compile(
    r"\s+(?:movie|film|films|movies|vehicle)(?:['’]s\b|\s+(?:[A-Z0-9“\"‘]|'[A-Z]))"
    r"|['’]s\s+(?:(?:new|latest|next|previous|last|first|debut|second|third)\s+)?(?:film|movie|feature),?\s+(?:[A-Z0-9“\"‘]|'[A-Z])"
)  # "Nicolas Cage movie National Treasure", "Hayao Miyazaki's previous film Spirited Away"
KNOWN_WEIGHT = {"company": 4.0, "outlet": 4.0, "award": 4.0, "festival": 4.0, "place": 2.0}
# A name known only by how it ends is less sure: "Pikestaff Films" is a company, but "Dawn Road"
# or "Mulholland Drive" may be a title.
SHAPE_WEIGHT = {"company": 2.0, "outlet": 2.0, "award": 2.0, "festival": 2.0, "place": 0.5}


class Context(NamedTuple):
    """One mention of a name as the rules see it."""

    key: str
    span: Span
    before: str  # lower-cased text just before the mention
    after: str  # and just after it
    known: str | None  # what the name lists say it is
    raw_after: str  # the text just after it, as written
    raw_before: str  # and just before it


@dataclass(frozen=True)
class VoteRule:
    """A rule: when ``test`` holds for a mention, the name gets ``weight`` votes for ``kind``."""

    name: str
    kind: str  # film | person | other
    weight: float
    test: object  # Callable[[Context], bool]
    once: bool = False  # a rule on the name's own shape: it votes once per article, not per mention


def is_modifier(key: str) -> bool:
    """``Mexican`` in "Mexican movie" describes the film; it does not name it."""
    return " " not in key and (key in _MODIFIERS or key in nationalities() or key.endswith(("ian", "ese", "can")))


def is_demonym(key: str) -> bool:
    """``French``, ``Mexican``, ``Scottish``: adjectives, not names."""
    return " " not in key and key not in given_names() and (key.endswith(("ian", "ese", "can")) or key in nationalities())


def _given_name_first(c: Context) -> bool:
    words = c.key.split()
    return 2 <= len(words) <= 3 and words[0] in given_names() and not c.span.quoted and ":" not in c.span.text


def _film_after(c: Context) -> bool:
    return (
        bool(_FILM_AFTER.search(c.after) or c.span.initial and COPULA_FILM.search(c.after))
        and not is_modifier(c.key) and not _owns_film(c)
    )


def _in_brackets(c: Context) -> bool:
    return c.before.endswith("(") and c.after.startswith((")", ","))


# "Imelda Staunton (Vera Drake)": a nominee, then the work they are nominated for ("Toby (Greer)"
# and "Newt Scamander (Eddie Redmayne)", a part then its player, do not open with a given name).
_SOMEONE_BEFORE = re.compile(r"\b([A-Z][a-z]+)\s+[A-Z][\w'’-]+\s*\($")


def _after_someone(c: Context) -> bool:
    m = _SOMEONE_BEFORE.search(c.raw_before)
    return m is not None and m.group(1).lower() in given_names() and not _given_name_first(c)  # ("Otto Brand (Tom Reyes)")


def _owns_film(c: Context) -> bool:
    """``Nicolas Cage movie National Treasure``, ``Cage film's third week``: a name before "film"
    and a title (or a possessive) is the film's owner, not its title."""
    return bool(_OWNER_FILM.match(c.raw_after))


RULES: tuple[VoteRule, ...] = (
    VoteRule("name list", "other", 0.0, lambda c: c.known is not None),  # weight: KNOWN_WEIGHT by list
    VoteRule("quoted title", "film", 1.0, lambda c: c.span.quoted),
    VoteRule("film word before", "film", 2.0, lambda c: bool(_FILM_BEFORE.search(c.before))),
    VoteRule("film word after", "film", 2.0, _film_after),
    VoteRule("someone's film", "film", 2.0, lambda c: bool(_OWNED_FILM_BEFORE.search(c.before))),
    VoteRule("credit word after", "film", 1.0,
             lambda c: not _film_after(c) and bool(_ROLE_AFTER.search(c.after)) and not is_modifier(c.key)),
    VoteRule("release news after", "film", 2.0, lambda c: bool(_STATUS_AFTER.search(c.after))),
    VoteRule("release date in brackets after", "film", 2.0, lambda c: bool(DATE_IN_BRACKETS.match(c.after))),
    VoteRule("sequel number or subtitle", "film", 1.0, lambda c: bool(sequel_number(c.key)) or ":" in c.span.text, once=True),
    VoteRule("one versus another", "film", 2.0, lambda c: " vs " in c.key or " versus " in c.key, once=True),  # "Freddy Vs Jason"
    VoteRule("role word before", "person", 2.0, lambda c: bool(_PERSON_BEFORE.search(c.before[-24:]))),
    VoteRule("speaks or is spoken of", "person", 2.0,
             lambda c: bool(_PERSON_AFTER.search(c.after)) and not _WORK_OF_BEFORE.search(c.before)),
    VoteRule("acts on a film", "person", 2.0, lambda c: bool(_PERSON_VERB_AFTER.search(c.after))),
    VoteRule("owns a film", "person", 1.0, _owns_film),
    VoteRule("their film", "person", 1.0, lambda c: bool(_MAKERS_FILM.match(c.raw_after)) and not is_modifier(c.key)),
    VoteRule("credit joined after", "person", 2.0, lambda c: bool(_PERSON_COMPOUND.match(c.raw_after))),
    VoteRule("performance of", "person", 2.0, lambda c: bool(_PERSON_POSSESSIVE.search(c.after))),
    VoteRule("his or her work", "person", 2.0, lambda c: bool(_HIS_OR_HER_AFTER.match(c.after))),
    VoteRule("craft of", "person", 1.0, lambda c: bool(_CRAFT_POSSESSIVE.search(c.raw_after))),
    VoteRule("in brackets", "person", 1.0, lambda c: _in_brackets(c) and not _after_someone(c)),
    VoteRule("someone's work in brackets", "film", 1.0, lambda c: _in_brackets(c) and _after_someone(c)),
    VoteRule("given name first", "person", 1.0, _given_name_first, once=True),
    VoteRule("a knight or dame", "person", 2.0, lambda c: c.key.startswith(("sir ", "dame ")) and not c.span.quoted, once=True),
    VoteRule("a character played", "other", 2.5, lambda c: bool(_CHARACTER_BEFORE.search(c.before))),
    VoteRule("kind word after", "other", 2.0, lambda c: bool(OTHER_AFTER.search(c.after))),
    VoteRule("place or owner word before", "other", 0.6, lambda c: bool(_OTHER_BEFORE.search(c.before[-16:]))),
)


def votes(
    key: str, span: Span, raw: str, lowered: str, known: str | None, by_shape: bool = False
) -> list[tuple[VoteRule, float]]:
    """The rules a mention fires, each with the weight it adds (``raw``: the sentence, and
    ``lowered`` the sentence lower-cased)."""
    before = lowered[max(0, span.start - 40):span.start]
    after = lowered[span.end:span.end + 60]
    possessor = after.startswith(("'s", "'")) and not span.quoted
    if possessor and not _PERSON_POSSESSIVE.match(after):
        after = ""  # "Dan Brown's novel": a possessor, not a title
    if possessor and _FILM_BEFORE.search(before):
        before = ""  # "her role in Mike Nichols' Closer": the film is what follows
    if span.quoted:
        before, after = before.rstrip("\"' "), re.sub(r"^([,.]?)[\"']+", r"\1", after)
    context = Context(key, span, before, after, known, raw[span.end:span.end + 60], raw[max(0, span.start - 40):span.start])
    return [
        (rule, (SHAPE_WEIGHT if by_shape else KNOWN_WEIGHT)[known] if rule.name == "name list" else rule.weight)
        for rule in RULES if rule.test(context)
    ]
