"""Read one article: the names it mentions, which are films, and what each sentence says of them.

This is pure (no database): ``analyze(article)`` returns the sentences, the names with the
evidence of what they are, the sentence-to-film links (a film named, or referred back to as
"the film", "the sequel", "the fourth Star Trek film") and the facts (a relation cue in a
sentence, attributed to the film of its clause or sentence, and to the name it credits). The
passes are listed on ``_Reader``; the rules they use live beside it as data and small modules:
vote rules in :mod:`knowledge.kinds`, name lists in :mod:`knowledge.gazetteer`, credits without
a credit verb in :mod:`knowledge.credits`, relation cues in :mod:`knowledge.relations`.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from .articles import Article
from .credits import LIST_JOIN, compound_credits, filmography_credits, possessive_credits, pronoun_credits, roles
from .gazetteer import Gazetteer, default_gazetteer, given_names
from .kinds import DATE_IN_BRACKETS, FILM_NOUN, OTHER_AFTER, is_demonym, votes
from .names import CONNECTORS, Span, Token, find_spans, tokens
from .relations import CREDITS, STRONG, Cue, Lexicon, default_lexicon
from .sentences import Sentence, split_sentences
from .text import GENERIC, ORDINAL_WORDS, STOPWORDS, fold_lower, numbers_in, title_key
from .titles import aliases, base_key, base_title, sequel_number, short_forms, with_number

EXPLICIT, REFERENCE, PRONOUN = 3, 2, 1
OTHER_CLAUSE = 0.8  # a cue in another clause than the title's says less of it ("..., and no horror titles beyond X")
DIRECT = 0.5  # evidence this strong is said of the film itself; weaker shares (the paragraph's film) never add up
MAX_FACT = 1.0  # cues add up ("director ... behind the camera" is surer than either alone), to a point

_ANAPHOR = re.compile(
    r"(?:\b(?:the|this|that)|(?-i:\b[A-Z][\w-]*['’]s))\s+(?-i:(?:[a-z0-9$£€][\w’'-]*\s+|[A-Z][\w-]*-[A-Z][\w-]*\s+){0,3}?)"
    rf"((?:{FILM_NOUN}|films|movies|project|franchise|saga|trilogy))\b"
    r"(?![-‐]?makers?)(?!\s+(?:films?|movies?|industry|festival|studio|studios|company|business|world|critics?|"
    r"stars?|rights|awards|academy|school|fund|council|institute|producers?|directors?|"
    r"chart|career|debut|music|score|fans|buffs?|distributor|deal|series|of the year|adaptation|"
    r"makers?|production|set|crew|premiere|performances?|prizes?|category|categories|section|slate|"
    r"market|circuit|posters?|trailers?|version|rating|board|body|union|guild|\w+ing)\b)",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    r"\b(?i:the|a|its|their|his|her)\s+(?:[a-z][\w-]*\s+){0,2}?(first|original|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))\s+"
    r"((?:[A-Z][\w’'-]*\s+){0,4}?)(?:film|movie|instalment|installment|entry|chapter|outing|one)s?\b"
    r"(?:\s+(?:in|of)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?((?:[A-Z][\w’'-]*\s+){1,4})(?:film\s+)?(?:series|franchise|saga)\b)?"
)
_BARE_ORIGINAL = re.compile(
    r"\b[Tt]he original\b(?=\s*[,.;:)—–-]|\s+(?:was|is|grossed|earned|made|opened|took|which|that|did|had|has|"
    r"finished|starred|won|became|remains|cost|came|before|after|in|and|but|for|with|while|when|too|also)\b)"
)
_COUNTED = re.compile(  # "the three films", "the 1960s film" (but not "the $90 million thriller")
    r"(?<![$£€\d.,])\b(?:\d{1,3}|\d{4}s|two|three|four|five|six|seven|eight|nine|ten|both|many|several|other)\b"
    r"(?!\s*(?:m|bn|k|million|billion)\b)",
    re.IGNORECASE,
)
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday".split()
)
_DAY = re.compile(r"\d+(?:st|nd|rd|th)")
_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey|[Ww]e|I|[Hh]is|[Hh]er|[Tt]heir|[Ii]ts)\b")  # ("Its spinoff Kestrel": said of the film in view)
_IT = re.compile(r"It(?:['’]s)?\s+(?!(?:is|was|['’]s)\s+(?:not\s+)?(?:unclear|possible|likely|unlikely|hard|easy|clear|true|time|thought|said|understood|believed|expected|important|difficult|impossible)\b)")
_FRANCHISE = re.compile(r"[’']?\s+(?:movies|films|sequels|franchise|series|trilogy|saga)\b")  # "two previous Bond movies"
_SEQUEL_WORDS = ("sequel", "follow-up", "successor")
_SEQUEL_AFTER = re.compile(r"[’']?\s+(?:sequel|prequel|follow-up|spinoff|spin-off)\b", re.IGNORECASE)  # "The Hollow Choir sequel"
_SEQUEL_TO = re.compile(rf"\b(?:{'|'.join(_SEQUEL_WORDS)})\s+to\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,4}}$", re.IGNORECASE)
_SEQUEL_APPOSITION = re.compile(r"[’']?\s*,\s+(?:the|a|its|his|her)\s+(?:[\w-]+\s+){0,2}(?:sequel|follow-up)\b")
_SEQUEL_APPOSITION_BEFORE = re.compile(r"\b(?:the|a|its)\s+(?:[\w-]+\s+){0,2}(?:sequel|follow-up)\s*,?\s*[\"“‘']?$")
_SEQUEL_CUE = re.compile(r"\b(?:sequel|follow-up|followup|second film|second instalment|second installment|part two|next chapter|spinoff|spin-off)\b")
_ORIGINAL_BEFORE = re.compile(r"\b(?:original|first|predecessor)\s+(?:[\w'-]+\s+)?$")
_ORIGINAL_AFTER = re.compile(r"[,\s(]+(?:the|its|a)\s+(?:original|first film|first movie|first installment|first instalment|predecessor)\b")
_FILM_NOUN_AFTER = re.compile(rf"\s+(?:[\w'-]+\s+){{0,2}}?({FILM_NOUN}|film|movie)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r",\s+|;\s+|\s+[—–-]\s+|\s*\(|\)\s*")
_RELATIVE = re.compile(r"(?:who|whose|which|whom|where|when|that)\b", re.IGNORECASE)
_BY_LATER = re.compile(r"\s+(?:[\w'’-]+\s+){0,5}?(?:be|been|being|is|was|are|were)\s+(?:[\w-]+\s+){0,2}?\w+ed\s+by\s+")
_WHO_CLAUSE = re.compile(r",\s+who\b[^,;:]*")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_YEAR_BEFORE = re.compile(  # "the 1986 hit X", "1999's X"
    rf"\b(?:19|20)\d\d(?:['’]s)?\s+(?:[\w'’-]+\s+){{0,3}}?(?:{FILM_NOUN}|film|movie|hit|classic|flick)\s+[\"“‘']?$|\b(?:19|20)\d\d['’]s\s+[\"“‘']?$"
)
_YEAR_AFTER = re.compile(r"[\"”’']?\s*\((?:19|20)\d\d\)")
# "she starred in the film Dirty Pretty Things in 2002", "directing Tautou in Amelie in 2001": a filmography's year
_IN_TITLE = re.compile(r"\bin\s+(?:[\w-]+\s+){0,3}[\"“‘']?$")
_IN_YEAR_AFTER = re.compile(r"[\"”’']?\s+in\s+(?:19|20)\d\d\b(?!\s*[-–]|['’]s)")
YEAR_WEIGHT = 0.6  # a year beside a title says when the film came out, not what is news
DATE_WEIGHT = 0.9  # "Bramble Hollow (October 16)": a list of films to come dates each one
TBA_WEIGHT = 0.55  # "Kestrel (TBA)" answers "when" (not yet), too weakly to be its status news
# What follows a sentence's first word that makes it a title: "Saltmarsh, directed by", "Heat (1995)"
_NAME_AFTER = re.compile(r",\s+(?:directed by|written by|produced by|starring)\b|\s*\((?:19|20)\d\d\)")
_APPOSITION = re.compile(r"\s*(?:the\s+|a\s+)?(?:[\w-]+\s+)?(?:star|director|writer|producer|creator|maker|composer)s?\s+of\b", re.IGNORECASE)
OTHER_CLAUSE_TITLE = 0.25  # "Ann Lee, who directed Copper Bell, will star in Night Train": the aside's credit is Copper Bell's
STUDIO_TITLE_WEIGHT = 2.0  # "Searchlight's Marrow Lane": votes a company's possession casts for a film
# "Focus Features will release it on October 16": "it" as what a release or status verb acts on
_OBJECT_IT = re.compile(
    r"\b(?:release|releases|released|releasing|push|pushes|pushed|move|moves|moved|date|dates|dated|shelve|shelves|shelved|"
    r"delay|delays|delayed|acquire|acquired|bought|buys|greenlit|green-lit|open|opens|opened|expand|expanded|expanding)\s+it\b"
)
UNBOUND = 0.6  # a credit cue in a sentence whose names it does not credit ("the film's director" beside an actor)
# What may stand between a credit cue and the name it credits.
_CREDIT_AFTER = re.compile(  # ("the director of the film, Vinod Pande")
    r"[\s:,(]*(?:by\s+|of (?:the|this) (?:film|movie|picture)\s*,\s*)?(?:(?:the|a|an|and|[a-z][\w'’-]*)[\s,]+){0,2}[\s(“\"‘']*", re.IGNORECASE
)
_CREDIT_BEFORE = re.compile(
    r"(?:['’]s?)?\s*,?\s*(?:(?:who|has|have|had|will|would|is|was|are|were|also|then|now|been|being|set|to|to be|"
    r"already|previously|recently|originally|went on|signed on|tapped|hired|attached|expected|going|in talks|"
    r"who has|who will|both|not only|took over|takes over|and|co-|since|last year|with whom|whom|he|she|they|back|again|returning|return)\s*){0,5}"
    r"(?:(?:the|a|an|its|his|her|their)\s+(?:[\w'’-]+\s+){0,2})?",  # "Damien Chazelle, the Oscar-winning director"
    re.IGNORECASE,
)
_JOINING_WORD = re.compile(r" (?:in|on|at|for|from|to|with|as) (?:the )?")  # "Tautou in Amelie"
_ROLE_PREFIX = frozenset("""
director actor actress producer producers writer singer author composer filmmaker film-maker
comedian presenter rapper chairman president executive veteran newcomer oscar-winner critic winner
cinematographer screenwriter editor novelist playwright showrunner star co-star helmer animator
designer choreographer narrator host creator co-creator ceo chief boss founder head
""".split())
# "Grade: B+", "Cast: Maddox Greer": a label and its colon open a line of a review's box.
_LABEL = re.compile(
    r"^(?:grade|rating|verdict|plot|cast|director|directors|writer|writers|screenwriter|screenwriters|"
    r"producer|producers|composer|music|editor|cinematographer|running time|runtime|release date|"
    r"distributor|studio|exclusive|update|updated|watch|photo|photos|credit|source|review|by)\s*:\s*",
    re.IGNORECASE,
)
_FILM_NOUN_WORD = re.compile(FILM_NOUN)
_OF_A_FILM = re.compile(rf" of (?:the|this|that|a|an|its|his|her|their) (?:[\w-]+ ){{0,2}}(?:{FILM_NOUN})s?\b")  # "director of the film adaptation"
_FILMS_WORD = re.compile(r"\b(?:films?|movies?|features?|pictures|credits|debut|project|follow-up)\b")
_TRADE_WORDS = frozenset(("box office", "trailer", "trailers", "premiere", "screenplay"))  # (with text.GENERIC)
_NICKNAME = re.compile(r"[\"”’']?,?[\"”’']?\s+as\s+(?:[\w-]+\s+){0,4}call(?:s|ed)?\s+it\b")  # '"Brightwater," as everyone calls it'
_DETERMINERS = frozenset("another every each several many most such both".split())  # "Another Hollywood star ..."
_OBJECT_BEFORE = re.compile(r"\b(?:to|of|in|from|with|like)\s+$")
_APPOSITIVE_CREDIT = re.compile(r"(?:co-)?starring\b|(?:co-)?(?:directed|written|produced|helmed|penned|scored) by\b", re.IGNORECASE)
_CAST_LABEL = re.compile(r"(?:voice )?cast\s*:|starring\s*:", re.IGNORECASE)
_POSSESSIVE_SPLIT = re.compile(r"(?:['’]s|(?<=s)['’])\s+(?=[A-Z0-9“\"‘'])")  # "Lee's Night", "Snipes' Blade"



@dataclass
class Name:
    """A name as one article uses it, with the evidence of what it names."""

    display: str
    key: str
    film: float = 0.0
    person: float = 0.0
    other: float = 0.0
    mentions: int = 0
    in_headline: bool = False
    in_body: bool = False
    first_seen: int = 0
    known: str | None = None  # what the name lists say it is: company, outlet, award, festival, place
    known_by_shape: bool = False  # ... by how it ends ("Pikestaff Films"), not by name
    evidence: dict[str, float] = field(default_factory=dict)  # vote rule -> votes it cast here

    def vote(self, kind: str, rule: str, weight: float) -> None:
        """Add ``weight`` votes for ``kind`` (film, person, other), kept as ``rule``'s evidence."""
        setattr(self, kind, getattr(self, kind) + weight)
        self.evidence[rule] = self.evidence.get(rule, 0.0) + weight

    @property
    def kind(self) -> str:
        if self.film > max(self.person, self.other, 0):
            return "film"
        if self.person > max(self.film, self.other, 0):
            return "person"
        return "other"


@dataclass
class Analysis:
    """What ingest stores for one article."""

    sentences: list[Sentence]
    names: dict[str, Name]
    mentions: dict[tuple[str, int], int] = field(default_factory=dict)  # (key, position) -> link
    facts: dict[tuple[str, str, int], float] = field(default_factory=dict)  # (key, relation, pos) -> weight
    people: dict[int, int] = field(default_factory=dict)  # position -> persons named there
    topic: str | None = None
    aliases: set[tuple[str, str]] = field(default_factory=set)  # (alias key, name key) this article gives
    reasons: dict[tuple[str, str, int], list[str]] = field(default_factory=dict)  # fact -> the rules behind it
    credited: dict[tuple[str, str, int], str] = field(default_factory=dict)  # credit fact -> the name it credits

    def films(self) -> list[str]:
        """The films the article is about, most prominent first."""
        films = [n for n in self.names.values() if n.kind == "film"]
        films.sort(key=lambda n: (n.key != self.topic, not n.in_headline, -n.mentions, n.first_seen))
        return [n.display for n in films]


class _Ref(NamedTuple):
    key: str
    start: int
    end: int
    link: int


def analyze(
    article: Article, lexicon: Lexicon | None = None, gazetteer: Gazetteer | None = None, explain: bool = False
) -> Analysis:
    """Split an article into sentences and find its names, film links and facts; with
    ``explain``, also the rules behind each fact (``Analysis.reasons``)."""
    lexicon = lexicon or default_lexicon()
    sentences = split_sentences(article.title, article.body)
    reader = _Reader(sentences, lexicon, gazetteer or default_gazetteer(), explain)
    return reader.run()


class _Reader:
    """One article read in passes, in this order (each uses what the ones before found):

    1. *names* (``_add``, ``_headline_names``): the spans of each sentence as names, split where
       an owner, a person or a place is glued to a title, each mention voting on its kind
       (:mod:`knowledge.kinds`, recorded in ``Name.evidence``);
    2. *families* (``_families``, ``_person_surnames``, ``_pool_votes``): the names that are one
       thing here ("Rask" and "Imogen Rask", "Alita" and "Alita: Battle Angel", unless the article
       keeps them apart as a film and its sequel), their votes pooled;
    3. *topic* (``_topic``): the film the article is about;
    4. *links and facts* (``_link``, sentence by sentence): the films each sentence names or refers
       to (``_references``), the relation cues it states and the film and name each is said of
       (``_facts``, ``_credit_facts``), with the rule behind each (``Analysis.reasons``);
    5. *aliases* (``_aliases``): what the article says titles are also called.
    """

    def __init__(self, sentences: list[Sentence], lexicon: Lexicon, gazetteer: Gazetteer, explain: bool = False):
        self.sentences = sentences
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.explain = explain
        self.names: dict[str, Name] = {}
        self.spans: list[list[tuple[Span, str]]] = [[] for _ in sentences]
        self.lowered = [fold_lower(s.text) for s in sentences]
        self.family: dict[str, str] = {}
        self._recent_at = -10
        self._topic_key: str | None = None
        self._mentioned_at: dict[str, set[int]] | None = None
        self._person_roles: dict[str, set[str]] | None = None
        self._credit: str | None = None  # the name the cue being attributed credits, if any
        self._surname_words: frozenset[str] | None = None
        self._appositive_sequels: set[str] | None = None
        self.same_film: set[tuple[str, str]] = set()  # (short title, full title) one film here
        self.sequels: set[tuple[str, str]] = set()  # (original, subtitled sequel) kept apart here
        self.owned: set[tuple[str, str]] = set()  # (owner, name) split at a possessive
        self._paragraph_sizes: Counter | None = None
        self._topic_named: tuple[int, int] | None = None

    def run(self) -> Analysis:
        toks = [tokens(s.text) for s in self.sentences]
        raw = [find_spans(s.text, t) for s, t in zip(self.sentences, toks)]
        self.seen = {title_key(span.text) for spans in raw for span in spans}
        uses = Counter(title_key(span.text) for spans in raw for span in spans)
        raw = [self._rejoined(s.text, spans, uses) for s, spans in zip(self.sentences, raw)]
        self.seen |= {title_key(span.text) for spans in raw for span in spans}
        headline_case = _is_title_case(self.sentences[0].text)
        caps, lower = _vocabulary(self.sentences, toks, 1 if headline_case else 0)
        inside = {title_key(span.text) for spans in raw[1:] for span in spans if not span.initial}
        body = [(s, spans) for s, spans in zip(self.sentences, raw) if not (s.position == 0 and headline_case)]
        trimmed = {(s.position, span.start): _trim_initial(span, toks[s.position], caps, lower, s.text[span.end:span.end + 24],
                                                            self.gazetteer.kind(title_key(span.text), span.text) is not None)
                   for s, spans in body for span in spans if span.initial and title_key(span.text) not in inside}
        # ("Why We Fight is due ...": the title is whole where it is named mid-sentence, or where
        # another sentence's opening word is trimmed off it: "Both Why We Fight and ...")
        inside |= {title_key(t.text) for (_, start), t in trimmed.items() if t is not None and t.start != start}
        for s, spans in body:
            for span in spans:
                if span.initial and title_key(span.text) not in inside:
                    span = trimmed[(s.position, span.start)]
                if span is not None:
                    self._add(s, span)
        if headline_case:
            for span in self._headline_names(raw[0]):
                self._add(self.sentences[0], span)
        self._studio_titles()
        self._lists()
        self._families()
        self._person_surnames()
        self._pool_votes()
        analysis = Analysis(self.sentences, self.names)
        analysis.topic = self._topic_key = self._topic()
        self._link(analysis)
        analysis.aliases = self._aliases()  # (after the links: "the follow-up" may name a sequel)
        return analysis

    # -- names -------------------------------------------------------------------------

    def _rejoined(self, text: str, spans: list[Span], uses: Counter) -> list[Span]:
        """``Bride and Prejudice``: two single words joined by "and" are one title where neither
        is a given name, a listed name, a name's last word or a name the article uses again
        (``Affleck and Damon`` stay two)."""
        out: list[Span] = []
        for span in spans:
            prev = out[-1] if out else None
            if prev and text[prev.end:span.start] == " and " and not (prev.quoted or span.quoted) and " " not in prev.text + span.text:
                pair = [(title_key(prev.text), prev.text), (title_key(span.text), span.text)]
                if all(uses[key] == 1 and key not in given_names() and not self.gazetteer.kind(key, shown)
                       and not any(other.endswith(" " + key) for other in self.seen) for key, shown in pair):
                    out[-1] = Span(text[prev.start:span.end], prev.start, span.end, initial=prev.initial)
                    continue
            out.append(span)
        return out

    def _add(self, sentence: Sentence, span: Span) -> None:
        if label := _LABEL.match(span.text):
            rest = span.text[label.end():]
            if rest[:1].isupper() or rest[:1].isdigit():
                self._add(sentence, Span(rest, span.start + label.end(), span.end, span.quoted))
            return
        key = title_key(span.text)
        if not _nameable(key):
            return
        if not span.quoted and (parts := self._split_person(span) or self._split_possessive(span)):
            for part in parts:
                self._add(sentence, part)
            return
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = Name(span.text, key, first_seen=sentence.position)
            name.known, name.known_by_shape = self.gazetteer.kind(key, span.text), self.gazetteer.listed(key) is None
            if name.known is None and sequel_number(key) and (channel := self.gazetteer.listed(base_key(key))) in ("company", "outlet"):
                name.known, name.known_by_shape = channel, False  # "BBC Four", "Channel 4": a company's channel, no sequel
        name.mentions += 1
        name.in_headline |= sentence.position == 0
        name.in_body |= sentence.position > 0
        self._vote(name, sentence.position, self.lowered[sentence.position], span)
        self.spans[sentence.position].append((span, key))

    def _split_person(self, span: Span) -> list[Span] | None:
        """``Tautou in Amelie`` is a person and a film, when the article names that person alone;
        ``Night Train in the United States`` is a film and a place (but ``Last Tango in Paris``
        is one title, unless the article names Last Tango alone)."""
        for m in _JOINING_WORD.finditer(span.text):
            left, right = span.text[:m.start()], span.text[m.end():]
            words = title_key(left).split()
            where = self.gazetteer.kind(title_key(right), right) if m.group().split()[0] in ("in", "at", "from", "for", "to") else None
            # "Night Train in the United States", "... for the UK", "Copper Bell at Cannes", not "Last Tango in Paris"
            place = where == "place" and m.group().endswith(" the ") or where == "festival"
            person = 2 <= len(words) <= 3 and words[0] in given_names() and not _POSSESSIVE_SPLIT.search(left)
            if place or person or title_key(left) in self.seen:
                if right[:1].isupper():
                    start = span.start + m.end()
                    return [Span(left, span.start, span.start + len(left)), Span(right, start, start + len(right))]
        return None

    def _split_possessive(self, span: Span) -> list[Span] | None:
        """``Lorna Pike's Pikestaff Films``, ``Netflix's Night Train``: an owner and a name, when
        the owner is a person, a known company or country, or a name the article uses alone (not
        "Charlotte's Web" or "The Cartographer's Wife", which are one title)."""
        m = _POSSESSIVE_SPLIT.search(span.text)
        if m is None:
            return None
        left, right = span.text[:m.start()], span.text[m.end():]
        left_key, right_key = title_key(left), title_key(right)
        words = left_key.split()
        owner = (
            right.startswith(("The ", "A ", "An "))  # "Teodor Vasilescu's The Hollow Choir: Requiem"
            or (len(words) >= 2 and words[0] in given_names())
            or self.gazetteer.kind(left_key, left) in ("company", "outlet")
            or self.gazetteer.listed(left_key) == "place" and " " in right_key  # "Poland's Copper Bell" (not "America's Sweethearts")
            or left_key in self._surnames()
            or (" " in right_key and right_key in self.seen)
        )
        if not owner or not words or (words[0] in ("the", "a", "an") and not self.gazetteer.kind(left_key, left)):
            return None
        start = span.start + m.end()
        self.owned.add((left_key, right_key))
        return [Span(left, span.start, span.start + len(left)), Span(right, start, span.end, initial=False)]

    def _surnames(self) -> frozenset[str]:
        """Last words of the article's person-like names ("rask" of "Imogen Rask")."""
        if self._surname_words is None:
            self._surname_words = frozenset(
                key.rsplit(" ", 1)[1] for key in self.seen
                if 2 <= len(words := key.split()) <= 3 and words[0] in given_names()
            )
        return self._surname_words

    def _vote(self, name: Name, position: int, lowered: str, span: Span) -> None:
        for rule, weight in votes(name.key, span, self.sentences[position].text, lowered, name.known, name.known_by_shape):
            if not (rule.once and rule.name in name.evidence):  # (what a name looks like counts once: "Vera Drake")
                name.vote(rule.kind, rule.name, weight)

    def _studio_titles(self) -> None:
        """``Searchlight's Marrow Lane``, ``Amazon MGM's Dune Sea``: what a company owns is its
        title (not a listed name, nor its people: "Neon's Tom Quinn")."""
        for owner, key in self.owned:
            name = self.names.get(key)
            if name is None or name.known or self.gazetteer.listed(owner) != "company" or key.split()[0] in given_names():
                continue
            name.vote("film", "a studio's title", STUDIO_TITLE_WEIGHT)

    def _lists(self) -> None:
        """``star of Crouching Tiger, Hero and House of Flying Daggers``: names listed with a
        film ("X, Y and Z") that nothing else here reads as anything are films too."""
        owned = dict(self.owned)  # ("... or Lemony Snicket's A Series of Unfortunate Events": the title is listed, not its owner)
        for position, spans in enumerate(self.spans):
            text = self.sentences[position].text
            ordered = sorted(spans, key=lambda sk: sk[0].start)
            run: list[str] = []
            for i, (span, key) in enumerate(ordered):
                run.append(key)
                joined = i + 1 < len(ordered) and LIST_JOIN.fullmatch(text, span.end, ordered[i + 1][0].start)
                if joined:
                    continue
                if len(run) > 1 and any(self.names[k].kind == "film" for k in run):
                    for k in run:
                        name = self.names[owned.get(k, k)]
                        if not (name.film or name.person) and name.other < 1.0:  # (at most a place by its shape: "Glass Harbour")
                            name.vote("film", "listed with a film", 1.0)
                run = []

    def _headline_names(self, quoted: list[Span]) -> list[Span]:
        """Names in a Title Case headline: its quoted titles, and names the body also uses."""
        text = self.sentences[0].text
        found = [s for s in quoted if s.quoted]
        for name in sorted(self.names.values(), key=lambda n: -len(n.display)):
            if name.display not in text:
                continue
            for m in re.finditer(rf"(?<!\w){re.escape(name.display)}(?:\s+(\d{{1,2}}|[IVX]+)\b)?", text):
                if not any(s.start < m.end() and m.start() < s.end for s in found):
                    found.append(Span(m.group(), m.start(), m.end(), initial=m.start() == 0))
        return found

    def _families(self) -> None:
        """Group names that are one thing here: ``Alita`` and ``Alita: Battle Angel``, ``Cameron``
        and ``James Cameron``, ``Incredibles`` and ``The Incredibles``."""
        by_alias: dict[str, str] = {}
        by_short_form: dict[str, str] = {}
        by_last_word: dict[str, str] = {}
        for key in sorted(self.names, key=lambda k: (-len(k), k)):
            head = by_alias.get(key)
            if head is None and (longer := by_short_form.get(key)) and not self._distinct(key, longer):
                head = longer
                self.same_film.add((key, longer))  # "Alita" for "Alita: Battle Angel" here: one film
            if head is None and " " not in key:
                head = by_last_word.get(key)
            self.family[key] = self.family.get(head, head) if head else key
            if head is None:
                display = self.names[key].display
                for alias in (aliases(display, possessive=False) | _after_possessive(display)) - {key}:
                    by_alias.setdefault(alias, key)
                for alias in short_forms(display):
                    by_short_form.setdefault(alias, key)
                if " " in key and not sequel_number(key):
                    by_last_word[key.rsplit(" ", 1)[1]] = key  # shorter keys come later and win
        # Headlines shorten titles: "Da Vinci film" is The Da Vinci Code of the body.
        body = [k for k, n in self.names.items() if n.in_body]
        for key, name in self.names.items():
            if name.in_body or self.family[key] != key:
                continue
            longer = [k for k in body if f" {key} " in f" {k} " and numbers_in(k) == numbers_in(key) and not self._distinct(key, k)]
            if longer:
                self.family[key] = self.family[min(longer, key=len)]

    def _aliases(self) -> set[tuple[str, str]]:
        """What this article says titles are also called: a short title it uses for a full one
        ("Alita"), and "X sequel" for the sequel it names (``The Hollow Choir: Requiem``, ``X 2``)."""
        found = set(self.same_film)
        found |= {(f"{original} sequel", sequel) for original, sequel in self.sequels}
        for key, name in self.names.items():  # "Night Train: Embers, the sequel, ...": the Night Train sequel
            short = short_forms(name.display)
            if short and name.kind == "film" and any(
                not self.lowered[p].startswith((" to ", " of "), m.end())
                for p in self._positions().get(key, ()) for m in _SEQUEL_CUE.finditer(self.lowered[p])
            ):
                found |= {(f"{form} sequel", key) for form in short if " " in form}
        for key in self.names:
            if sequel_number(key) == 2 and any(_SEQUEL_CUE.search(self.lowered[p]) for p in self._positions().get(key, ())):
                found.add((f"{base_key(key)} sequel", key))
        # "Lemony Snicket's A Series of Unfortunate Events", where "Lemony Snicket" is no person or company: its short name
        found |= {(owner, key) for owner, key in self.owned
                  if owner in self.names and key in self.names and self.names[key].kind == "film"
                  and self.names[owner].kind != "person" and not self.names[owner].known}
        topic = self._topic_key
        for position, spans in enumerate(self.spans):  # '"Brightwater," as everyone calls it': the article's film
            for span, key in spans:
                if topic and _NICKNAME.match(self.sentences[position].text, span.end) and f" {key} " in f" {topic} ":
                    found.add((key, topic))
        return {(alias, key) for alias, key in found if alias != key}

    def _distinct(self, short: str, longer: str) -> bool:
        """Whether the article keeps a title and a subtitled title apart: ``The Hollow Choir``
        and ``The Hollow Choir: Requiem`` named in one sentence, or the short one named in the
        body before the subtitled one (a shorthand comes after the full title), or the subtitled
        one called a sequel, or the short one the original. Then the subtitled one is recorded
        as its sequel."""
        at = self._positions()
        shared = at.get(short, set()) & at.get(longer, set())
        in_body = [[p for p in at.get(key, ()) if self.sentences[p].paragraph] for key in (short, longer)]
        if all(in_body) and min(in_body[0]) < min(in_body[1]):
            return True
        paragraphs = {self.sentences[p].paragraph for p in at.get(short, ())} - {0}
        near_short = [s.position for s in self.sentences if s.paragraph in paragraphs]  # "X was a hit. The sequel, ..."
        sequel = any(  # "a sequel to Y" names Y the original: the sequel is the longer title only if Y is the short one
            not self.lowered[p].startswith((" to ", " of "), m.end()) or self._names_after(p, m.end(), short)
            for p in {*at.get(longer, ()), *near_short} for m in _SEQUEL_CUE.finditer(self.lowered[p])
        )
        original = any(  # "the original Hollow Choir", "The Hollow Choir, the first film"
            _ORIGINAL_BEFORE.search(self.lowered[p], max(0, span.start - 16), span.start)
            or _ORIGINAL_AFTER.match(self.lowered[p], span.end)
            for p in at.get(short, ()) for span, key in self.spans[p] if key == short
        )
        if shared or sequel or original:
            if sequel or original:
                self.sequels.add((short, longer))
            return True
        return False

    def _names_after(self, position: int, offset: int, key: str) -> bool:
        """Whether ``key`` is named within a few words after ``offset`` ("sequel to X", "sequel
        to the 2023 hit X")."""
        return any(k == key and offset <= span.start <= offset + 30 and "," not in self.lowered[position][offset:span.start]
                   for span, k in self.spans[position])

    def _positions(self) -> dict[str, set[int]]:
        """The sentences each name is mentioned in."""
        if self._mentioned_at is None:
            self._mentioned_at = defaultdict(set)
            for position, spans in enumerate(self.spans):
                for _, key in spans:
                    self._mentioned_at[key].add(position)
        return self._mentioned_at

    def _person_surnames(self) -> None:
        """``Thorvaldsen`` for ``Gus Thorvaldsen``: a name used by its last word alone is a
        person's, where it opens with a given name or nothing here reads it as a film (not
        ``Hollow`` for the quoted ``Bramble Hollow``)."""
        for key, head in self.family.items():
            if key != head and " " not in key and 2 <= len(words := head.split()) <= 3 and (
                words[0] in given_names() or not self.names[head].film
            ):
                self.names[head].person += 1.0

    def _pool_votes(self) -> None:
        pooled: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        for key, name in self.names.items():
            votes = pooled[self.family[key]]
            votes[0] += name.film
            votes[1] += name.person
            votes[2] += name.other
        for key, name in self.names.items():
            name.film, name.person, name.other = pooled[self.family[key]]

    def _salience(self, head: str) -> float:
        members = [n for k, n in self.names.items() if self.family[k] == head]
        return sum(n.mentions for n in members) + 3 * any(n.in_headline for n in members)

    def _topic(self) -> str | None:
        """The film the article is about: the first film its headline names; else the first
        name the headline and body share (not a company, outlet, award, festival or place); else
        a film the body names far more than any other, or the only film it names. A headline's
        "X Sequel" makes the article about that sequel."""
        def first_in_headline(keys: set[str]) -> str | None:
            spans = [(span.start, self.family[k]) for span, k in self.spans[0] if self.family[k] in keys]
            return min(spans)[1] if spans else None

        if sequel := self._headline_sequel():
            return sequel

        heads = {self.family[k] for k, n in self.names.items() if n.kind == "film"}
        in_body = {self.family[k] for k, n in self.names.items() if n.in_body}
        # ("'I Thought I Was Done': Ashby on 'Winter Orchard'": a quotation the body never names is no title)
        if topic := first_in_headline(heads & in_body) or first_in_headline(heads):
            return topic
        shared = {self.family[k] for k, n in self.names.items() if n.in_body and n.kind != "person" and n.known is None}
        if topic := first_in_headline(shared):
            return topic
        ranked = sorted(heads, key=self._salience, reverse=True)
        if ranked:
            best, runner_up = ranked[0], (self._salience(ranked[1]) if len(ranked) > 1 else 0)
            if self._salience(best) >= 2 and self._salience(best) >= 2 * runner_up or len(ranked) == 1:  # (or the only film named)
                return best
        return None

    # -- links and facts ---------------------------------------------------------------

    def _link(self, analysis: Analysis) -> None:
        recent: list[str] = []  # films named by the latest sentence that named any, in order
        recent_at = -10
        paragraph_film: str | None = None
        paragraph = paragraph_at = -1
        heading: str | None = None  # a list's heading ("Night Train (TBA)"): the film the next paragraph is about
        carried_by = ""  # how the paragraph's film is in view: its heading's, the sentence before's, or the paragraph's
        for s in self.sentences:
            if s.paragraph != paragraph:
                paragraph, paragraph_film, heading = s.paragraph, heading, None
                carried_by = "heading" if paragraph_film is not None else ""
            elif carried_by == "sentence before" and paragraph_at < s.position - 1:
                carried_by = "paragraph"
            close = recent if s.position - recent_at <= 2 else []
            refs = self._references(s, close, analysis.topic)
            for ref in refs:
                for target in {ref.key, self.family.get(ref.key, ref.key)}:
                    link = analysis.mentions.get((target, s.position), 0)
                    analysis.mentions[(target, s.position)] = max(link, ref.link)
            people = {k for span, k in self.spans[s.position] if self.names[k].kind == "person" or self.names[k].known == "company"}
            if people:
                analysis.people[s.position] = len(people)
            films = [r for r in refs if r.link != EXPLICIT or self.names[r.key].kind != "person"]
            self._facts(analysis, s, films, paragraph_film, carried_by)
            self._credit_facts(analysis, s, films, close)
            self._year_facts(analysis, s, films)
            films = [r for r in films if r.link != EXPLICIT or self.names[r.key].kind == "film"]
            if films:
                # (in the headline, the article's film first: "'I Thought I Was Done': Ashby on 'Winter Orchard'")
                lead = analysis.topic if s.position == 0 else None
                named = [r.key for r in sorted(films, key=lambda r: (self.family.get(r.key, r.key) != lead, r.link != EXPLICIT, r.start))
                         if r.link >= REFERENCE]
                if named:
                    recent, recent_at = named, s.position
                    self._recent_at = recent_at
                paragraph_film, carried_by = films[-1].key, "paragraph"
                if self._leads(s, films):
                    paragraph_at, carried_by = s.position, "sentence before"
                if self._is_heading(s, films):
                    heading = paragraph_film

    def _leads(self, s: Sentence, films: list[_Ref]) -> bool:
        """Whether a sentence is about the one film it names: named, not referred to ("joins the
        franchise"), and no one named or spoken of before it ("She also starred in X", "Its spinoff X")."""
        if len(films) != 1 or films[0].link != EXPLICIT:
            return False
        start = films[0].start
        return not _PRONOUN.search(s.text, 0, start) and not any(
            span.start < start and self.names[key].kind == "person" for span, key in self.spans[s.position])

    def _references(self, s: Sentence, recent: list[str], topic: str | None) -> list[_Ref]:
        """Explicit mentions plus "the film", "the sequel", "the fourth Star Trek film"."""
        ordinals = [
            (m, self._ordinal_target(m, self._context(s, m.start(), recent, topic)))
            for m in _ORDINAL.finditer(s.text)
        ]
        covered = [(m.start(), m.end()) for m, key in ordinals if key]
        refs = [
            _Ref(key, span.start, span.end, EXPLICIT)
            for span, key in self.spans[s.position]
            if not any(a <= span.start and span.end <= b for a, b in covered)
        ]
        refs += [_Ref(key, m.start(), m.end(), REFERENCE) for m, key in ordinals if key]
        if "original" in s.text:  # "The original grossed $412 million": the first film, said as a noun
            for m in _BARE_ORIGINAL.finditer(s.text):
                if not any(a <= m.start() < b for a, b in covered):
                    context = self._context(s, m.start(), recent, topic)
                    if (key := self._first_of(context)) and key != context:
                        refs.append(_Ref(key, m.start(), m.end(), REFERENCE))
        named = {r.key for r in refs}
        if any(word in self.lowered[s.position] for word in _SEQUEL_WORDS):  # (rare: spare the regex)
            for r in list(refs):
                window = max(0, r.start - 60)
                if r.link == EXPLICIT and (sequel_to := _SEQUEL_TO.search(s.text[window:r.start])):
                    sequel = self._sequel_of(r.key, topic)
                    if sequel and sequel not in named:
                        refs.append(_Ref(sequel, window + sequel_to.start(), r.end, REFERENCE))
        starts = {r.start for r in refs if r.link == EXPLICIT}
        if close_subject := self._it_refers_to(s, recent, named):
            refs.append(_Ref(close_subject, 0, 2, PRONOUN))
        for m in _ANAPHOR.finditer(s.text):
            if any(a < m.end() and m.start() < b for a, b in covered):
                continue
            if m.end() + 1 in starts or m.end() + 2 in starts:  # "the feature film The Adventures of ..."
                continue
            if _COUNTED.search(m.group()):  # "the three films", "the 1960s film"
                continue
            noun = m.group(1).lower()
            earlier = [r.key for r in refs if r.link == REFERENCE and r.start < m.start()]
            if earlier and noun not in ("sequel", "follow-up"):
                target = earlier[-1]  # "on the follow-up ..., as the film's villain": the film just referred to
            else:  # ("the follow-up to ...": the next film of the one it names or refers to)
                target = self._antecedent(noun, recent, topic, named, s.text.startswith(" to ", m.end()))
            if target:
                refs.append(_Ref(target, m.start(), m.end(), REFERENCE))
        return refs

    def _context(self, s: Sentence, before: int, recent: list[str], topic: str | None) -> str | None:
        """The film an ordinal ("the original film") counts from: one named just before, else the topic."""
        earlier = [k for span, k in self.spans[s.position] if span.end <= before and self.names[k].kind == "film"]
        if earlier:
            return self.family[earlier[-1]]
        return topic

    def _it_refers_to(self, s: Sentence, recent: list[str], named: set[str]) -> str | None:
        """``It took $40.8m``, ``Searchlight pushed it to 1,200 screens``: a sentence opening
        with "It", or whose release or status verb acts on "it", is about the film the sentence
        before led with (weaker evidence than "the film")."""
        if not (_IT.match(s.text) or _OBJECT_IT.search(s.text)) or not recent or s.position - self._recent_at > 1:
            return None
        target = self.family[recent[0]]
        return target if target not in named else None

    def _headline_sequel(self) -> str | None:
        """``'The Hollow Choir' Sequel Starts Shooting``: the sequel a headline is about, the one
        the article names (``The Hollow Choir 2``, ``The Hollow Choir: Requiem``) or else the
        next of the series, named here for the first time."""
        films = [(span, self.family[k]) for span, k in self.spans[0] if self.names[k].kind == "film"]
        original = next((key for span, key in sorted(films, key=lambda f: f[0].start)
                         if _SEQUEL_AFTER.match(self.sentences[0].text, span.end)), None)
        if original is None:
            return None
        named = self._sequel_of(original, None)
        subtitled = sorted(k for k in self._sequel_titles() if k.startswith(base_key(original) + " "))
        if named and named != original:
            sequel = named
        elif subtitled:
            sequel = subtitled[0]
        else:
            sequel = self._new_sequel(base_title(self.names[original].display), (sequel_number(original) or 1) + 1)
        if sequel:
            self.sequels.add((original, sequel))
        return sequel

    def _about_a_sequel(self) -> bool:
        """Whether the headline speaks of a sequel ("'Night Train' Sequel Starts Shooting")."""
        return bool(_SEQUEL_CUE.search(self.lowered[0]))

    def _antecedent(
        self, noun: str, recent: list[str], topic: str | None, named: set[str], next_of: bool = False
    ) -> str | None:
        """What "the film" refers to: the first film the previous sentence or two named (news
        sentences lead with their subject), else the film the article is about."""
        candidates = [self.family[k] for k in recent] + ([topic] if topic else [])
        candidates = [c for c in dict.fromkeys(candidates) if c not in named and (c == topic or self.names[c].kind == "film")]
        if noun in ("sequel", "follow-up"):
            numbered = sorted((c for c in candidates if sequel_number(c)), key=sequel_number, reverse=True)
            subtitled = [c for c in candidates if c in self._sequel_titles()]  # "The Hollow Choir: Requiem"
            if numbered or subtitled:
                candidates = numbered or subtitled  # the latest of the films in view
            elif candidates and candidates[0] not in self._called_sequels() and (next_of or self._about_a_sequel()):
                # "'The Hollow Choir' Sequel Starts Shooting", "the follow-up to X": a film not named
                # here, the next of its series (but "The sequel follows the 2019 original" is the film in view)
                sequel = self._new_sequel(base_title(self.names[candidates[0]].display), 2)
                if sequel:
                    self.sequels.add((candidates[0], sequel))
                return sequel
        return candidates[0] if candidates else None

    def _called_sequels(self) -> set[str]:
        """The films this article calls a sequel in apposition ("Ocean's Twelve, the sequel")."""
        if self._appositive_sequels is None:
            self._appositive_sequels = {
                self.family[key] for position, spans in enumerate(self.spans) for span, key in spans
                if _SEQUEL_APPOSITION.match(self.lowered[position], span.end)
                or _SEQUEL_APPOSITION_BEFORE.search(self.lowered[position], 0, span.start)
            }
        return self._appositive_sequels

    def _ordinal_target(self, m: re.Match, context: str | None) -> str | None:
        word = m.group(1).lower()
        number = 1 if word == "original" else ORDINAL_WORDS.get(word) or int(re.sub(r"\D", "", word) or 0)
        words = title_key(m.group(2) or m.group(3) or "")
        films = [k for k, n in self.names.items() if n.kind == "film"]
        if words:
            wanted = set(words.split())
            match = [k for k in films if sequel_number(k) == number and wanted <= set(base_key(k).split())]
            if match:
                return min(match, key=len)
            if number == 1:
                return None
            return self._new_sequel((m.group(2) or m.group(3)).strip(), number)
        if topic_number := (sequel_number(self._topic_key) if self._topic_key else None):
            if topic_number == number:
                return self._topic_key  # "the fourth film" in an article about Star Trek 4
        if context is None:
            return None
        base = base_key(context)
        if number == 1:
            return self._first_of(context)
        key = f"{base} {number}"
        if key in self.names:
            return key
        base_display = self.names[base].display if base in self.names else base_title(self.names[context].display)
        return self._new_sequel(base_display, number)

    def _first_of(self, context: str | None) -> str | None:
        """The first film of the series ``context`` belongs to ("the first film", "the original"
        said in an article about The Hollow Choir: Requiem or Tidebreaker 2)."""
        if context is None:
            return None
        if original := self._original_of(context):
            return original
        base = base_key(context)
        if base != context and base not in self.names and sequel_number(context):
            self._introduce(base_title(self.names[context].display))  # never named here
        return base if base in self.names and base != context else (context if not sequel_number(context) else None)

    def _sequel_titles(self) -> set[str]:
        """The subtitled sequels this article keeps apart from their originals."""
        return {self.family.get(sequel, sequel) for _, sequel in self.sequels}

    def _original_of(self, key: str) -> str | None:
        key = self.family.get(key, key)
        return next((self.family.get(o, o) for o, sequel in self.sequels if self.family.get(sequel, sequel) == key), None)

    def _new_sequel(self, display: str, number: int) -> str | None:
        if number < 2 or number > 30:
            return None
        return self._introduce(with_number(display, number))

    def _introduce(self, display: str) -> str:
        """A film the article refers to but never names ("the follow-up", "the original"),
        added as a name of its own; its key."""
        key = title_key(display)
        if key not in self.names:
            self.names[key] = Name(display, key, film=1.0, first_seen=len(self.sentences))
            self.family[key] = key
        return key

    def _sequel_of(self, key: str, topic: str | None) -> str | None:
        base = base_key(self.family.get(key, key))
        sequels = [k for k in self.names if sequel_number(k) and base_key(k) == base]
        if topic in sequels:
            return topic
        return min(sequels, key=sequel_number, default=None)

    def _sequel_modifiers(self, s: Sentence, refs: list[_Ref], topic: str | None) -> list[_Ref]:
        """``The Hollow Choir sequel is in production``: what is said of "X sequel" is said of the
        sequel (where the article names it), never of X."""
        out = []
        for r in refs:
            if r.link == EXPLICIT and (m := _SEQUEL_AFTER.match(s.text, r.end)):
                if (sequel := self._sequel_of(r.key, topic)) and sequel != r.key:
                    out.append(_Ref(sequel, r.start, m.end(), REFERENCE))
                continue
            out.append(r)
        return out

    def _facts(self, analysis: Analysis, s: Sentence, refs: list[_Ref], carried: str | None, carried_by: str = "") -> None:
        """Attribute each relation cue to the film it is nearest to; other names in the
        sentence, and the film the article or paragraph is about, get a smaller share. A
        sentence that names no film is about its paragraph's film, the more so when the sentence
        before named it (a round-up's next sentence on the film it just named)."""
        if not (refs or carried or analysis.topic):
            return  # nothing to attribute a cue to
        spans = [(span.start, span.end) for span, _ in self.spans[s.position]]
        cues = [c for c in self.lexicon.cues(s.text) if not any(a <= c.start and c.end <= b for a, b in spans)]
        cues += self._cast_cues(s)  # (a cue inside a name, "Google Play", is not a cue)
        if not cues:
            return
        topic = analysis.topic
        refs = self._sequel_modifiers(s, refs, topic)
        films = [
            r for r in refs
            if r.link != EXPLICIT or (
                self.names[r.key].kind == "film" and not _FRANCHISE.match(s.text, r.end)
                and not OTHER_AFTER.match(self.lowered[s.position], r.end)  # "a Lord of the Rings exhibition"
            )
        ]
        others = [r for r in refs if r not in films]
        names = [(span, key) for span, key in self.spans[s.position] if self._can_answer_who(key)]
        clauses = _Clauses(s.text)
        for cue in cues:
            if cue.relation in CREDITS and self._of_something_else(s, cue, refs):
                continue  # "X, the director of the West End musical Y": a credit for something else
            said = f"cue “{s.text[cue.start:cue.end]}” ({'strong' if cue.weight >= STRONG else 'weak'})"
            self._credit = None
            # a company produces or distributes; it does not star in, direct or write a film
            creditable = names if cue.relation == "produced" else [(span, key) for span, key in names if self.names[key].kind == "person"]
            if cue.relation in CREDITS and creditable:
                bound = _bound_name(s.text, cue, [span for span, _ in creditable])
                if bound is None:
                    cue = dataclasses.replace(cue, weight=cue.weight * UNBOUND)
                    said += f", names someone but not as the {self.lexicon.label(cue.relation)} x{UNBOUND}"
                else:
                    said += f", credits “{bound.text}”"
                    self._credit = self.family[next(key for span, key in creditable if span == bound)]
            if films:
                clause = clauses.of(cue.start)
                inside = [r for r in films if clauses.of(r.start) == clause]
                # a title in the cue's own clause, else the subject's, else one outside any "who ..." clause
                pool = (
                    inside or [r for r in films if clauses.of(r.start) == 0]  # the sentence's subject
                    or [r for r in films if not clauses.relative(clauses.of(r.start))] or films
                )
                nearest = min(pool, key=lambda r: _distance(r, cue))
                owner = _compound_owner(s.text, films, [r for r in others if not self._can_answer_who(r.key)], cue)
                owners = _listed_with(s.text, films, owner) if owner is not None else []
                for ref in films:
                    if owner is not None:
                        share, why = (
                            (1.0, "its title just before the credit word") if ref is owner
                            else (1.0, "listed with the title before the credit word") if ref in owners
                            else (0.25, "another title owns the credit word")
                        )
                    elif ref.key == nearest.key and (inside or clauses.of(nearest.start) == 0):
                        share, why = 1.0, "the title in the cue's clause" if inside else "the sentence's subject"
                    elif ref.key == nearest.key:
                        share, why = OTHER_CLAUSE, "the title nearest the cue outside a relative clause"
                    elif inside and clauses.of(ref.start) != clause and clauses.aside(clause):
                        share, why = OTHER_CLAUSE_TITLE, "a title in another clause than the cue and its own title"
                    else:
                        share, why = 0.5, "a title further from the cue"
                    if ref.link == PRONOUN:
                        share, why = share * 0.7, why + ', referred to as "it"'
                    elif ref.link == REFERENCE:
                        why += ", referred to as " + f"“{s.text[ref.start:ref.end]}”"
                    owned = owner is ref or owner is None and ref.key == nearest.key
                    self._fact(analysis, ref.key, cue.relation, s.position, cue.weight * share, f"{said}: {why}", credits=owned)
                if topic and all(self.family.get(r.key, r.key) != topic for r in films):
                    self._fact(analysis, topic, cue.relation, s.position, cue.weight * 0.3, f"{said}: the article's film, another named here", credits=False)
            else:
                # "Dawn Road, meanwhile, took $3 million": a sentence led by a name that is no person
                # is about that name, whatever it is, more than about the paragraph's film
                led = bool(others) and others[0].start == 0 and not self._can_answer_who(others[0].key)
                share, because = (0.3, ", but the sentence is led by another name") if led else (1.0, "")
                continued = carried_by == "sentence before" and topic not in (None, carried)
                if carried:
                    carry, whose = (
                        (0.8, "the film its heading names") if carried_by == "heading"
                        else (0.6, "the film the sentence before named") if continued
                        else (0.6 if topic in (None, carried) else 0.4, "the paragraph's film")
                    )
                    self._fact(analysis, carried, cue.relation, s.position, cue.weight * carry * share, f"{said}: {whose}{because}", credits=False)
                if topic and topic != carried and self._introduced(s.position):
                    weight = cue.weight * (0.3 if continued else 0.5) * share
                    self._fact(analysis, topic, cue.relation, s.position, weight, f"{said}: the article's film, none named here{because}")
            nearest_other = min(others, key=lambda r: _distance(r, cue)) if others and not films else None
            # a name that is no film, in neither the cue's clause nor that of the film nearest it, is not what it is said of
            taken = {clauses.of(cue.start), clauses.of(min(films, key=lambda r: _distance(r, cue)).start)} if films else set()
            for ref in others:
                share, why = (
                    (0.8, "the nearest") if ref is nearest_other
                    else (0.3, "in another clause than the cue and its film") if taken and clauses.of(ref.start) not in taken
                    else (0.5, "further")
                )
                self._fact(analysis, ref.key, cue.relation, s.position, cue.weight * share, f"{said}: a name that is no film, {why}",
                           credits=share >= 0.5)

    def _of_something_else(self, s: Sentence, cue, refs: list[_Ref]) -> bool:
        """Whether a credit word is followed by "of" and something that is no title named or
        referred to here ("the director of the popular West End musical"; not "the director of
        the film", "the star of Night Train")."""
        if not self.lowered[s.position].startswith(" of ", cue.end) or _OF_A_FILM.match(self.lowered[s.position], cue.end):
            return False
        after = cue.end + 4
        named = [span for span, key in self.spans[s.position] if after <= span.start <= after + 4
                 and self.names[key].kind != "person" and self.names[key].known is None]  # (a title this article does not know as a film)
        return not named and not any(after <= r.start <= after + 4 for r in refs)

    def _is_heading(self, s: Sentence, films: list[_Ref]) -> bool:
        """Whether a sentence is a paragraph of its own that is only a film's title, perhaps with
        a date in brackets: a list's heading ("Night Train (TBA)")."""
        if self._paragraph_sizes is None:
            self._paragraph_sizes = Counter(p.paragraph for p in self.sentences)
        return (
            self._paragraph_sizes[s.paragraph] == 1 and s.position > 0 and len(films) == 1 and films[0].link == EXPLICIT
            and len(s.text) - (films[0].end - films[0].start) <= 24
        )

    def _introduced(self, position: int) -> bool:
        """Whether a reader knows by this sentence that the article is about its topic: the
        headline names it, or a sentence before this one has, or this is the lede of an article
        that names it more than once (not a film named once, late on)."""
        if self._topic_named is None:  # (the sentence that first names the topic, and how often it is named)
            members = [n for k, n in self.names.items() if self.family[k] == self._topic_key]
            first = min((0 if n.in_headline else n.first_seen for n in members), default=len(self.sentences))
            self._topic_named = (first, sum(n.mentions for n in members))
        first, mentions = self._topic_named
        return first <= position or (position == 1 and mentions >= 2)

    def _year_facts(self, analysis: Analysis, s: Sentence, refs: list[_Ref]) -> None:
        """``1995's family fantasy movie A Little Princess``, ``the 1986 hit She's Gotta Have It``,
        ``Heat (1995)``, ``starred in Amelie in 2001``: a film's year said with its title is when
        it came out; so is a date in brackets after it, ``Bramble Hollow (October 16)``, and in
        the words that refer to it, ``the 2001 rites-of-passage drama``."""
        if "(" not in s.text and not _YEAR.search(s.text):
            return
        for ref in refs:
            if ref.link == REFERENCE and _YEAR.search(s.text, ref.start, ref.end):
                self._fact(analysis, ref.key, "release", s.position, YEAR_WEIGHT, "its year in the words that refer to it")
            if ref.link != EXPLICIT or self.names[ref.key].kind != "film":
                continue
            if _YEAR_BEFORE.search(s.text, max(0, ref.start - 60), ref.start) or _YEAR_AFTER.match(s.text, ref.end) or (
                    _IN_YEAR_AFTER.match(s.text, ref.end) and _IN_TITLE.search(s.text, max(0, ref.start - 40), ref.start)):
                self._fact(analysis, ref.key, "release", s.position, YEAR_WEIGHT, "its year beside its title")
            elif dated := DATE_IN_BRACKETS.match(s.text, ref.end):  # ("Kestrel (TBA)": its date is yet to come, which says less)
                weight, why = (DATE_WEIGHT, "its date in brackets after its title") if dated.group("date") else (TBA_WEIGHT, "“TBA” after its title")
                self._fact(analysis, ref.key, "release", s.position, weight, why)

    def _credit_facts(self, analysis: Analysis, s: Sentence, refs: list[_Ref], recent: list[str]) -> None:
        """Credits without a credit verb: "Miyazaki's previous film Spirited Away", "the
        Dunleavy-led Kestrel spinoff" (see :mod:`knowledge.credits`)."""
        text = s.text
        if "'" not in text and "’" not in text and "-" not in text and "whose" not in text and not _FILMS_WORD.search(text):
            return  # (neither a possessive, a whose-clause, a compound nor a film's noun: spare the work)
        roles = self._roles()
        owners = [
            (span.start, span.end, span.text, roles.get(self.family[key], set()), self.names[key].kind == "person")
            for span, key in self.spans[s.position] if self._can_answer_who(key)
        ]
        if not owners:
            return
        explicit = {r.start: r.key for r in refs if r.link == EXPLICIT and self.names[r.key].kind == "film"}
        spans = sorted((r.start, r.end) for r in refs if r.start in explicit)
        starts = sorted(explicit)
        credits = possessive_credits(text, owners, starts) + compound_credits(text, owners, starts) + pronoun_credits(text, owners, starts)
        for credit in credits + filmography_credits(text, owners, spans):
            film = explicit.get(credit.film_start)
            if film is None:  # "the Vasilescu-directed sequel": the film it refers to
                noun = _FILM_NOUN_AFTER.match(text, credit.end)
                named = {r.key for r in refs}
                film = self._antecedent(noun.group(1).lower(), recent, analysis.topic, named) if noun else None
            if film is not None:
                self._credit = self.family[title_key(credit.owner)] if title_key(credit.owner) in self.family else None
                self._fact(analysis, film, credit.relation, s.position, credit.weight, f"credit: {credit.rule}")
        self._credit = None

    def _roles(self) -> dict[str, set[str]]:
        """What the article says each person does ("director Ann Lee": directed), by family."""
        if self._person_roles is None:
            self._person_roles = defaultdict(set)
            for position, spans in enumerate(self.spans):
                for span, key in spans:
                    if self.names[key].kind == "person":
                        self._person_roles[self.family[key]] |= roles(self.lowered[position], span.start, span.end)
        return self._person_roles

    def _can_answer_who(self, key: str) -> bool:
        """A person, or a company (which produces and distributes), can answer "who ...?"."""
        name = self.names[key]
        return name.kind == "person" or name.known == "company"

    def _cast_cues(self, s: Sentence) -> list[Cue]:
        """``Newt Scamander (Eddie Redmayne)``: a person named in brackets is cast; so is a
        review box's ``Cast: Maddox Greer, Corinne Lavigne``."""
        cues = [
            Cue("stars", span.start, span.end, STRONG)
            for span, key in self.spans[s.position]
            if s.text[span.start - 1:span.start] == "(" and s.text[span.end:span.end + 1] == ")" and self.names[key].kind == "person"
        ]
        if label := _CAST_LABEL.match(s.text):
            cues.append(Cue("stars", 0, label.end(), STRONG))
        return cues

    def _fact(self, analysis: Analysis, key: str, relation: str, position: int, weight: float, why: str, credits: bool = True) -> None:
        """Add evidence that a sentence states a relation of a name (and of the name's family
        head: what is said of "Alita" is said of "Alita: Battle Angel"). Evidence adds up."""
        for target in {key, self.family.get(key, key)}:
            slot = (target, relation, position)
            old = analysis.facts.get(slot, 0.0)
            total = old + weight if weight >= DIRECT and old >= DIRECT else max(old, weight)  # only direct evidence adds up
            analysis.facts[slot] = round(min(MAX_FACT, total), 3)
            if self._credit is not None and credits and weight >= old:
                analysis.credited[slot] = self._credit  # the name the strongest cue credits
            if self.explain:
                analysis.reasons.setdefault(slot, []).append(f"{why} → {weight:.2f}")


def _after_possessive(display: str) -> set[str]:
    """``Michelle Paver's Wolf Brother`` -> {``wolf brother``}: the title after the owner."""
    parts = re.split(r"['’]s\s+", display, maxsplit=1)
    return {title_key(parts[1])} if len(parts) == 2 and len(parts[1].split()) >= 2 else set()


@lru_cache(maxsize=65536)
def _nameable(key: str) -> bool:
    """Whether a key can name something: it is not empty, a stopword, a number, a date, a
    demonym ("A British" of "A British author" neither) or a film noun alone ("Documentary",
    "Box Office")."""
    if key.startswith(("a ", "an ", "the ")):
        key = key.split(" ", 1)[1]
    generic = (
        bool(_FILM_NOUN_WORD.fullmatch(key.removesuffix("s"))) or key in _TRADE_WORDS or all(w in GENERIC for w in key.split())
        or key.startswith("best ")  # an award's category ("Best British Film"), not a name to ask about
    )
    return bool(key) and key not in STOPWORDS and not key.isdigit() and not _is_date(key) and not is_demonym(key) and not generic


def _is_date(key: str) -> bool:
    """``May 19``, ``21 January``: dates, not names."""
    words = key.split()
    return all(w.isdigit() or _DAY.fullmatch(w) or w in _CALENDAR for w in words)


def _distance(ref: _Ref, cue) -> int:
    if ref.start < cue.end and cue.start < ref.end:
        return 0
    return cue.start - ref.end if cue.start >= ref.end else ref.start - cue.end


class _Clauses:
    """A sentence cut at commas, dashes, semicolons and brackets: "Imogen Rask, who directed the
    original before departing the sequel over conflicts with her Hulu film Latchkey, serves as
    executive producer" credits the sentence's film, not Latchkey inside the who-clause."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)]

    def of(self, offset: int) -> int:
        """The clause an offset is in."""
        return bisect.bisect_right(self.starts, offset) - 1

    def relative(self, clause: int) -> bool:
        """Whether a clause is a relative one ("who directed ...", "which ...")."""
        return bool(_RELATIVE.match(self.text, self.starts[clause]))

    def aside(self, clause: int) -> bool:
        """Whether a clause says something of a name beside the sentence's news: a relative
        clause or an apposition ("Mara Quint, star of Copper Bell, will direct ...")."""
        return self.relative(clause) or bool(_APPOSITION.match(self.text, self.starts[clause]))


def _bound_name(text: str, cue: Cue, names: list[Span]) -> Span | None:
    """The name a credit cue credits: just after it ("directed by X", "director X", "Composer:
    X"), or just before it ("X directed", "X, who co-wrote", "X is set to direct", "X's score")."""
    for span in names:
        if span.start < cue.end and cue.start < span.end:
            return span  # the cue is the name: "Newt Scamander (Eddie Redmayne)"
        if span.start >= cue.end and _CREDIT_AFTER.fullmatch(text, cue.end, span.start):
            return span
        if span.end <= cue.start and _CREDIT_BEFORE.fullmatch(text, span.end, cue.start):
            return span
        if span.start == 0 and _WHO_CLAUSE.fullmatch(text, span.end, cue.start):
            return span  # "Weitz, who admitted he would not be the first choice to direct the films"
        if span.start > cue.end and _BY_LATER.fullmatch(text, cue.end, span.start):
            return span  # "The script will once again be developed by Neal Purvis"
    return None


def _compound_owner(text: str, films: list[_Ref], others: list[_Ref], cue) -> _Ref | None:
    """``Goldeneye director Martin Campbell``: a role word right after a film's title belongs to
    it; ``The Polar Express, starring Tom Hanks``: so does a credit after a title and a comma,
    whatever the title was taken for, or, where that title is the object in an apposition
    (``Zorro 2, a sequel to Zorro, starring ...``), the film the apposition describes."""
    if cue.relation not in ("directed", "wrote", "produced", "stars", "composed"):
        return None
    for ref in films + others:
        gap = text[ref.end:cue.start].strip(" ”’\"'")
        if ref.link != EXPLICIT or not ref.end <= cue.start <= ref.end + 3:
            continue
        if not gap and ref in films:
            return ref
        if gap == "," and _APPOSITIVE_CREDIT.match(text, cue.start):
            if not _OBJECT_BEFORE.search(text, max(0, ref.start - 6), ref.start):
                return ref
            described = [r for r in films if r.link == EXPLICIT and r.end < ref.start and text.startswith(", ", r.end)]
            return described[0] if described else None
    return None


def _listed_with(text: str, films: list[_Ref], owner: _Ref) -> list[_Ref]:
    """The titles listed just before ``owner`` ("Dogville and Dancer in the Dark director X"):
    they share its credit."""
    listed, start = [], owner.start
    for ref in sorted((r for r in films if r.end <= owner.start), key=lambda r: -r.end):
        if ref.link != EXPLICIT or not LIST_JOIN.fullmatch(text, ref.end, start):
            break
        listed.append(ref)
        start = ref.start
    return listed


# the short words Title Case leaves in lower case ("... Adds Solène Marchetti as Villain")
_MINOR_WORDS = STOPWORDS | CONNECTORS | frozenset("as by or but nor per via than so yet off out up vs".split())


def _is_title_case(headline: str) -> bool:
    """``James Cameron Promises Alita: Battle Angel 2 Is Still Coming`` (not sentence case)."""
    words = [t.text for t in tokens(headline) if t.text.lower() not in _MINOR_WORDS and t.text[0].isalpha()]
    return len(words) >= 4 and not any(w[0].islower() for w in words)


def _vocabulary(sentences: list[Sentence], toks: list[list[Token]], skip: int) -> tuple[set[str], set[str]]:
    """Words capitalised somewhere other than a sentence start, and words seen in lower case."""
    caps: set[str] = set()
    lower: set[str] = set()
    for s, words in zip(sentences[skip:], toks[skip:]):
        lower.update(t.text.rstrip("'’") for t in words if t.text[0].islower())
        caps.update(
            t.text.rstrip("'’").lower() for t in words[1:]
            if t.text[0].isupper() and not _follows_opening(s.text, t.start)
        )
    return caps, lower


def _follows_opening(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return bool(before) and before[-1] in "“‘\"'(—–:"


def _trim_initial(
    span: Span, sentence_tokens: list[Token], caps: set[str], lower: set[str], after: str = "", known: bool = False
) -> Span | None:
    """Drop sentence-initial capitals that are ordinary words: ``Despite``, ``According to``
    (a single word stays where the article capitalises it elsewhere, the name lists know it, or
    what follows says it is a title: "Saltmarsh, directed by")."""
    if not span.initial or span.quoted:
        return span
    toks = [t for t in sentence_tokens if span.start <= t.start < span.end]  # ("Okabe's" of "Chiaki Okabe" too)
    if not toks:
        return span
    word = re.sub(r"['’]s?$", "", toks[0].text)  # ("Arnold" of "Arnold's film Wasp")
    low = word.lower()
    if len(toks) == 1:
        ordinary = low in _ROLE_PREFIX or low in STOPWORDS or low in lower
        keep = not ordinary and (low in caps or any(c.isdigit() for c in word) or "." in word or known or bool(_NAME_AFTER.match(after)))
        return span if keep else None
    article = low in ("the", "a", "an")
    if article and len(toks) == 2 and toks[1].text.lower() not in caps:
        return None  # "A British author"
    ordinary = low in _ROLE_PREFIX or (not article and low in STOPWORDS) or (article and toks[1].text.lower() in given_names())
    ordinary |= low not in caps and (bool(_FILM_NOUN_WORD.fullmatch(low)) or low in _DETERMINERS)  # "Comedy Christmas with the Kranks, starring ..."
    gerund = low.endswith(("ing", "ly")) and toks[1].text.lower() in CONNECTORS and low not in caps
    if not ordinary and not gerund:
        return span
    rest = next((t for t in toks[1:] if t.cap or t.number), None)
    if rest is None:
        return None
    return Span(span.text[rest.start - span.start:], rest.start, span.end)
