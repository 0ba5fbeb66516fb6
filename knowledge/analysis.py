"""Read one article: the names it mentions, which are films, and what each sentence says of them.

This is pure (no database): ``analyze(article)`` returns the sentences, the names with the
evidence of what they are, the sentence-to-film links (a film named, or referred back to as
"the film", "the sequel", "the fourth Star Trek film") and the facts (a relation cue in a
sentence, attributed to the film it is nearest to).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import NamedTuple

from .articles import Article
from .names import CONNECTORS, Span, Token, find_spans, is_titleish, tokens
from .relations import STRONG, Cue, Lexicon, default_lexicon
from .sentences import Sentence, split_sentences
from .text import ORDINAL_WORDS, STOPWORDS, fold_lower, numbers_in, title_key
from .titles import aliases, base_key, sequel_number, with_number

EXPLICIT, REFERENCE, PRONOUN = 3, 2, 1
MAX_FACT = 1.0  # cues add up ("director ... behind the camera" is surer than either alone), to a point

_FILM_NOUN = (
    r"film|movie|sequel|prequel|remake|reboot|adaptation|documentary|biopic|blockbuster|comedy|"
    r"drama|thriller|epic|musical|cartoon|animation|feature|picture|fable|caper|horror|western|"
    r"romance|satire|fantasy|romcom|flick|instalment|installment|spin-off|follow-up"
)
# The patterns from here to _OTHER_BEFORE read text through fold_lower(), so they are written in
# lower case and matched case-sensitively.
_FILM_BEFORE = re.compile(
    rf"(?:\b(?:(?:version|adaptation|remake) of (?:[\w'-]+\s+){{0,3}}|{_FILM_NOUN}|films|movies|hit|starred in|stars in|starring in|star of|"
    r"directed|direct|directing|co-wrote|wrote|release of|premiere of|screening of|cast of|"
    r"sequel to|follow-up to|remake of|director of|producer of|writer of|franchise|"
    r"(?:award|prize|oscar|bafta|nomination|nominated|statuette|role|part|performance) (?:for|in))\s*)$"
)
# "Casino Royale is next Bond movie": said of the subject of a sentence.
_COPULA_FILM = re.compile(
    r"^\s+(?:is|was|will be|becomes|became|has become|was turned into)\s+(?:(?:a|an|the)\s+)?"
    rf"(?:[\w'-]+\s+){{0,3}}(?:{_FILM_NOUN})\b(?!-)"
)
_FILM_AFTER = re.compile(
    r"^(?:\s*\(\d{4}\)"
    r"|\s+(?:movies?|films?|sequels?|prequel|franchise|trilogy|remake|reboot|opened|opens|"
    r"took \$|grossed|(?:was|is|were|are|will be) (?:directed|released|produced)|starring|"
    r"starred)\b(?!-)|,\s+(?:directed|written|produced) by\b|,\s+(?:starring|which stars|which starred)\b|"
    rf",\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}(?:{_FILM_NOUN})\b)"
)
# "Goldeneye director", but also "Nicole Taylor script": a weaker sign of a title.
_ROLE_AFTER = re.compile(
    r"^\s+(?:director|directors|producers?|stars?|cast|screenplay|script|premiere|film-?makers?)\b(?!-)"
)
_PERSON_BEFORE = re.compile(
    r"\b(?:actor|actress|actors|director|producer|writer|screenwriter|composer|star|co-star|singer|"
    r"rapper|author|novelist|comedian|presenter|host|filmmaker|film-maker|creator|executive|"
    r"chairman|president|spokesman|spokeswoman|critic|editor|newcomer|veteran|nominee|helmer|"
    r"musician|designer|cinematographer|boss|chief|founder|wife|husband|son|daughter|brother|"
    r"sister|father|mother|sir|dame|play|plays|played|playing|starring|stars|starred|featuring|"
    r"(?:directed|written|produced|created|composed|played|voiced|helmed|novel|book|story|music|score) by|"
    r"co-starring|opposite)\s*$|\b(?:mr|mrs|ms|dr)\.?\s*$"
)
_PERSON_AFTER = re.compile(
    r"^(?:['’]s?)?\s*,?\s*(?:said|says|told|added|explained|admitted|acknowledged|insisted|"
    r"claimed|noted|revealed|joked|jokes|recalled|wrote|who|whose|has said|had said|was born)\b"
    r"|^,\s*\d{1,2}\s*,"
)
_OTHER_AFTER = re.compile(
    r"^\s+(?:book|books|novel|novels|novella|series|tv|show|sitcom|album|albums|song|songs|"
    r"single|play|opera|magazine|newspaper|channel|network|studios?|company|band|festival|awards?|"
    r"manga|comic|comics|university|college|museum|theatre|theater|gallery|hotel|records|prize|"
    r"ceremony|games|party|station|radio|exhibition|tour|musical|game|video game|theme park)\b"
)
_OTHER_BEFORE = re.compile(
    r"\b(?:book|novel|novella|tv series|series|show|sitcom|album|song|single|record|play|opera|magazine|"
    r"newspaper|channel|network|studio|company|band|manga|comic|hotel|in|at|from)\s*$"
)
_ANAPHOR = re.compile(
    r"\b(?:the|this|that)\s+(?-i:(?:[a-z0-9$£€][\w’'-]*\s+){0,3}?)"
    rf"((?:{_FILM_NOUN}|films|movies|project|franchise|saga|trilogy))\b"
    r"(?![-‐]?makers?)(?!\s+(?:industry|festival|studio|studios|company|business|world|critics?|"
    r"stars?|rights|awards|academy|school|fund|council|institute|producers?|directors?|"
    r"chart|career|debut|music|score|fans|buffs?|distributor|deal|series|of the year|adaptation|"
    r"makers?|production|set|crew|premiere|\w+ing)\b)",
    re.IGNORECASE,
)
_ORDINAL = re.compile(
    r"\b(?i:the|a|its|their|his|her)\s+(?:[a-z][\w-]*\s+){0,2}?(first|original|second|third|fourth|fifth|"
    r"sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))\s+"
    r"((?:[A-Z][\w’'-]*\s+){0,4}?)(?:film|movie|instalment|installment|entry|chapter|outing|one)s?\b"
    r"(?:\s+(?:in|of)\s+(?:the\s+)?(?:[a-z][\w-]*\s+)?((?:[A-Z][\w’'-]*\s+){1,4})(?:film\s+)?(?:series|franchise|saga)\b)?"
)
_COUNTED = re.compile(
    r"\b(?:\d{1,3}|\d{4}s|two|three|four|five|six|seven|eight|nine|ten|both|many|several|other)\b", re.IGNORECASE
)
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
    "saturday sunday".split()
)
_DAY = re.compile(r"\d+(?:st|nd|rd|th)")
_DEMONYMS = frozenset("british french irish scottish welsh english dutch thai greek swiss danish polish czech".split())
# Single words that come before "film" without being titles: "a Mexican movie", "the Hollywood film".
_MODIFIERS = _DEMONYMS | frozenset("hollywood bollywood nollywood oscar oscars bafta disney pixar netflix marvel dc warner".split())
_IT = re.compile(r"It(?:['’]s)?\s+(?!(?:is|was|['’]s)\s+(?:not\s+)?(?:unclear|possible|likely|unlikely|hard|easy|clear|true|time|thought|said|understood|believed|expected|important|difficult|impossible)\b)")
_FRANCHISE = re.compile(r"[’']?\s+(?:movies|films|sequels|franchise|series|trilogy|saga)\b")  # "two previous Bond movies"
_SEQUEL_WORDS = ("sequel", "follow-up", "successor")
_SEQUEL_TO = re.compile(rf"\b(?:{'|'.join(_SEQUEL_WORDS)})\s+to\s+(?:the\s+)?(?:[\w’'-]+\s+){{0,4}}$", re.IGNORECASE)
_JOINING_WORD = re.compile(r" (?:in|on|at|for|from|to|with|as) ")  # "Tautou in Amelie"
_ROLE_PREFIX = frozenset("""
director actor actress producer producers writer singer author composer filmmaker film-maker
comedian presenter rapper chairman president executive veteran newcomer oscar-winner critic winner
""".split())


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


def analyze(article: Article, lexicon: Lexicon | None = None) -> Analysis:
    """Split an article into sentences and find its names, film links and facts."""
    lexicon = lexicon or default_lexicon()
    sentences = split_sentences(article.title, article.body)
    reader = _Reader(sentences, lexicon)
    return reader.run()


class _Reader:
    def __init__(self, sentences: list[Sentence], lexicon: Lexicon):
        self.sentences = sentences
        self.lexicon = lexicon
        self.names: dict[str, Name] = {}
        self.spans: list[list[tuple[Span, str]]] = [[] for _ in sentences]
        self.lowered = [fold_lower(s.text) for s in sentences]
        self.family: dict[str, str] = {}
        self._recent_at = -10
        self._topic_key: str | None = None

    def run(self) -> Analysis:
        toks = [tokens(s.text) for s in self.sentences]
        raw = [find_spans(s.text, t) for s, t in zip(self.sentences, toks)]
        self.seen = {title_key(span.text) for spans in raw for span in spans}
        headline_case = _is_title_case(self.sentences[0].text)
        caps, lower = _vocabulary(self.sentences, toks, 1 if headline_case else 0)
        for s, spans in zip(self.sentences, raw):
            if s.position == 0 and headline_case:
                continue
            for span in spans:
                span = _trim_initial(span, toks[s.position], caps, lower)
                if span is not None:
                    self._add(s, span)
        if headline_case:
            for span in self._headline_names(raw[0]):
                self._add(self.sentences[0], span)
        self._families()
        self._person_surnames()
        self._pool_votes()
        analysis = Analysis(self.sentences, self.names)
        analysis.topic = self._topic_key = self._topic()
        self._link(analysis)
        return analysis

    # -- names -------------------------------------------------------------------------

    def _add(self, sentence: Sentence, span: Span) -> None:
        key = title_key(span.text)
        if not _nameable(key):
            return
        if not span.quoted and (parts := self._split_person(span)):
            for part in parts:
                self._add(sentence, part)
            return
        name = self.names.get(key)
        if name is None:
            name = self.names[key] = Name(span.text, key, first_seen=sentence.position)
        name.mentions += 1
        name.in_headline |= sentence.position == 0
        name.in_body |= sentence.position > 0
        self._vote(name, self.lowered[sentence.position], span)
        self.spans[sentence.position].append((span, key))

    def _split_person(self, span: Span) -> list[Span] | None:
        """``Tautou in Amelie`` is a person and a film, when the article names that person alone."""
        for m in _JOINING_WORD.finditer(span.text):
            left = span.text[:m.start()]
            words = title_key(left).split()
            if title_key(left) in self.seen or (len(words) >= 2 and words[0] in given_names()):
                right = span.text[m.end():]
                if right[:1].isupper():
                    start = span.start + m.end()
                    return [Span(left, span.start, span.start + len(left)), Span(right, start, start + len(right))]
        return None

    def _vote(self, name: Name, lowered: str, span: Span) -> None:
        before = lowered[max(0, span.start - 40):span.start]
        after = lowered[span.end:span.end + 60]
        if after.startswith(("'s", "'")) and not span.quoted:
            after = ""  # "Dan Brown's novel": a possessor, not a title
        if span.quoted:
            name.film += 1.0
            before, after = before.rstrip("\"' "), re.sub(r"^([,.]?)[\"']+", r"\1", after)
        if _FILM_BEFORE.search(before):
            name.film += 2.0
        if (_FILM_AFTER.search(after) or span.initial and _COPULA_FILM.search(after)) and not _is_modifier(name.key):
            name.film += 2.0
        elif _ROLE_AFTER.search(after) and not _is_modifier(name.key):
            name.film += 1.0
        if _PERSON_BEFORE.search(before):
            name.person += 2.0
        if _PERSON_AFTER.search(after):
            name.person += 2.0
        if before.endswith("(") and after.startswith(")"):
            name.person += 1.0
        if _OTHER_AFTER.search(after):
            name.other += 2.0
        if _OTHER_BEFORE.search(before):
            name.other += 0.6
        if sequel_number(name.key) or ":" in span.text:
            name.film += 1.0
        words = name.key.split()
        if 2 <= len(words) <= 3 and words[0] in given_names() and not span.quoted and ":" not in span.text:
            name.person += 1.0

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
        by_last_word: dict[str, str] = {}
        for key in sorted(self.names, key=lambda k: (-len(k), k)):
            head = by_alias.get(key) or (by_last_word.get(key) if " " not in key else None)
            self.family[key] = self.family.get(head, head) if head else key
            if head is None:
                for alias in (aliases(self.names[key].display, possessive=False) | _after_possessive(self.names[key].display)) - {key}:
                    by_alias.setdefault(alias, key)
                if " " in key and not sequel_number(key):
                    by_last_word[key.rsplit(" ", 1)[1]] = key  # shorter keys come later and win
        # Headlines shorten titles: "Da Vinci film" is The Da Vinci Code of the body.
        body = [k for k, n in self.names.items() if n.in_body]
        for key, name in self.names.items():
            if name.in_body or self.family[key] != key:
                continue
            longer = [k for k in body if f" {key} " in f" {k} " and numbers_in(k) == numbers_in(key)]
            if longer:
                self.family[key] = self.family[min(longer, key=len)]

    def _person_surnames(self) -> None:
        for key, head in self.family.items():
            if key != head and " " not in key and 2 <= len(head.split()) <= 3:
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
        name the headline and body share; else a film the body names far more than any other."""
        def first_in_headline(keys: set[str]) -> str | None:
            spans = [(span.start, self.family[k]) for span, k in self.spans[0] if self.family[k] in keys]
            return min(spans)[1] if spans else None

        heads = {self.family[k] for k, n in self.names.items() if n.kind == "film"}
        if topic := first_in_headline(heads):
            return topic
        shared = {self.family[k] for k, n in self.names.items() if n.in_body and n.kind != "person"}
        if topic := first_in_headline(shared):
            return topic
        ranked = sorted(heads, key=self._salience, reverse=True)
        if ranked:
            best, runner_up = ranked[0], (self._salience(ranked[1]) if len(ranked) > 1 else 0)
            if self._salience(best) >= 2 and self._salience(best) >= 2 * runner_up:
                return best
        return None

    # -- links and facts ---------------------------------------------------------------

    def _link(self, analysis: Analysis) -> None:
        recent: list[str] = []  # films named by the latest sentence that named any, in order
        recent_at = -10
        paragraph_film: str | None = None
        paragraph = -1
        for s in self.sentences:
            if s.paragraph != paragraph:
                paragraph, paragraph_film = s.paragraph, None
            close = recent if s.position - recent_at <= 2 else []
            refs = self._references(s, close, analysis.topic)
            for ref in refs:
                for target in {ref.key, self.family.get(ref.key, ref.key)}:
                    link = analysis.mentions.get((target, s.position), 0)
                    analysis.mentions[(target, s.position)] = max(link, ref.link)
            people = {k for span, k in self.spans[s.position] if self.names[k].kind == "person"}
            if people:
                analysis.people[s.position] = len(people)
            films = [r for r in refs if r.link != EXPLICIT or self.names[r.key].kind != "person"]
            self._facts(analysis, s, films, paragraph_film)
            films = [r for r in films if r.link != EXPLICIT or self.names[r.key].kind == "film"]
            if films:
                named = [r.key for r in sorted(films, key=lambda r: (r.link != EXPLICIT, r.start)) if r.link >= REFERENCE]
                if named:
                    recent, recent_at = named, s.position
                    self._recent_at = recent_at
                paragraph_film = films[-1].key

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
            target = self._antecedent(m.group(1).lower(), recent, topic, named)
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
        """``It took $40.8m``: a sentence opening with "It" is about the film the sentence
        before led with (weaker evidence than "the film")."""
        if not _IT.match(s.text) or not recent or s.position - self._recent_at > 1:
            return None
        target = self.family[recent[0]]
        return target if target not in named else None

    def _antecedent(self, noun: str, recent: list[str], topic: str | None, named: set[str]) -> str | None:
        """What "the film" refers to: the first film the previous sentence or two named (news
        sentences lead with their subject), else the film the article is about."""
        candidates = [self.family[k] for k in recent] + ([topic] if topic else [])
        candidates = [c for c in dict.fromkeys(candidates) if c not in named and (c == topic or self.names[c].kind == "film")]
        if noun in ("sequel", "follow-up", "instalment", "installment"):
            numbered = sorted((c for c in candidates if sequel_number(c)), key=sequel_number, reverse=True)
            candidates = numbered or candidates  # the latest of the films in view
        return candidates[0] if candidates else None

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
            return base if base in self.names and base != context else (context if not sequel_number(context) else None)
        key = f"{base} {number}"
        if key in self.names:
            return key
        base_display = self.names[base].display if base in self.names else re.sub(r"\s+\d+$", "", self.names[context].display)
        return self._new_sequel(base_display, number)

    def _new_sequel(self, display: str, number: int) -> str | None:
        if number < 2 or number > 30:
            return None
        display = with_number(display, number)
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

    def _facts(self, analysis: Analysis, s: Sentence, refs: list[_Ref], carried: str | None) -> None:
        """Attribute each relation cue to the film it is nearest to; other names in the
        sentence, and the film the article or paragraph is about, get a smaller share."""
        if not (refs or carried or analysis.topic):
            return  # nothing to attribute a cue to
        spans = [(span.start, span.end) for span, _ in self.spans[s.position]]
        cues = [c for c in self.lexicon.cues(s.text) if not any(a <= c.start and c.end <= b for a, b in spans)]
        cues += self._cast_cues(s)  # (a cue inside a name, "Google Play", is not a cue)
        if not cues:
            return
        topic = analysis.topic
        films = [
            r for r in refs
            if r.link != EXPLICIT or (
                self.names[r.key].kind == "film" and not _FRANCHISE.match(s.text, r.end)
                and not _OTHER_AFTER.match(self.lowered[s.position], r.end)  # "a Lord of the Rings exhibition"
            )
        ]
        others = [r for r in refs if r not in films]
        for cue in cues:
            if films:
                nearest = min(films, key=lambda r: _distance(r, cue))
                owner = _compound_owner(s.text, films, cue)
                for ref in films:
                    if owner is not None:
                        share = 1.0 if ref is owner else 0.25
                    else:
                        share = 1.0 if ref.key == nearest.key else 0.5
                    if ref.link == PRONOUN:
                        share *= 0.7
                    self._fact(analysis, ref.key, cue.relation, s.position, cue.weight * share)
                if topic and all(self.family.get(r.key, r.key) != topic for r in films):
                    self._fact(analysis, topic, cue.relation, s.position, cue.weight * 0.3)
            else:
                if carried:
                    self._fact(analysis, carried, cue.relation, s.position, cue.weight * 0.6)
                if topic and topic != carried:
                    self._fact(analysis, topic, cue.relation, s.position, cue.weight * 0.5)
            nearest_other = min(others, key=lambda r: _distance(r, cue)) if others and not films else None
            for ref in others:
                self._fact(analysis, ref.key, cue.relation, s.position, cue.weight * (0.8 if ref is nearest_other else 0.5))

    def _cast_cues(self, s: Sentence) -> list[Cue]:
        """``Newt Scamander (Eddie Redmayne)``: a person named in brackets is cast."""
        return [
            Cue("stars", span.start, span.end, STRONG)
            for span, key in self.spans[s.position]
            if s.text[span.start - 1:span.start] == "(" and s.text[span.end:span.end + 1] == ")" and self.names[key].kind == "person"
        ]

    def _fact(self, analysis: Analysis, key: str, relation: str, position: int, weight: float) -> None:
        """Add evidence that a sentence states a relation of a name (and of the name's family
        head: what is said of "Alita" is said of "Alita: Battle Angel"). Evidence adds up."""
        for target in {key, self.family.get(key, key)}:
            slot = (target, relation, position)
            old = analysis.facts.get(slot, 0.0)
            total = old + weight if weight >= 0.5 and old >= 0.5 else max(old, weight)  # only direct evidence adds up
            analysis.facts[slot] = round(min(MAX_FACT, total), 3)


@cache
def given_names() -> frozenset[str]:
    """Common given names (``knowledge/data/given_names.txt``): "Rosa Salazar" is a person."""
    text = resources.files("knowledge").joinpath("data/given_names.txt").read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _after_possessive(display: str) -> set[str]:
    """``Michelle Paver's Wolf Brother`` -> {``wolf brother``}: the title after the owner."""
    parts = re.split(r"['’]s\s+", display, maxsplit=1)
    return {title_key(parts[1])} if len(parts) == 2 and len(parts[1].split()) >= 2 else set()


@lru_cache(maxsize=65536)
def _nameable(key: str) -> bool:
    """Whether a key can name something: it is not empty, a stopword, a number, a date or a demonym."""
    return bool(key) and key not in STOPWORDS and not key.isdigit() and not _is_date(key) and not _is_demonym(key)


def _is_date(key: str) -> bool:
    """``May 19``, ``21 January``: dates, not names."""
    words = key.split()
    return all(w.isdigit() or _DAY.fullmatch(w) or w in _CALENDAR for w in words)


def _is_demonym(key: str) -> bool:
    """``French``, ``Mexican``, ``Scottish``: adjectives, not names."""
    return " " not in key and key not in given_names() and (key.endswith(("ian", "ese", "ish", "can")) or key in _DEMONYMS)


def _is_modifier(key: str) -> bool:
    """``Mexican`` in "Mexican movie" describes the film; it does not name it."""
    return " " not in key and (key in _MODIFIERS or key.endswith(("ian", "ese", "can")))


def _distance(ref: _Ref, cue) -> int:
    if ref.start < cue.end and cue.start < ref.end:
        return 0
    return cue.start - ref.end if cue.start >= ref.end else ref.start - cue.end


def _compound_owner(text: str, films: list[_Ref], cue) -> _Ref | None:
    """``Goldeneye director Martin Campbell``: a role word right after a title belongs to it."""
    if cue.relation not in ("directed", "wrote", "produced", "stars", "composed"):
        return None
    for ref in films:
        gap = text[ref.end:cue.start]
        if ref.link == EXPLICIT and ref.end <= cue.start and len(gap) <= 3 and not gap.strip(" ”’\"'"):
            return ref
    return None


def _is_title_case(headline: str) -> bool:
    """``James Cameron Promises Alita: Battle Angel 2 Is Still Coming`` (not sentence case)."""
    words = [t.text for t in tokens(headline) if t.text.lower() not in STOPWORDS and t.text[0].isalpha()]
    return len(words) >= 4 and is_titleish(" ".join(words)) and not any(w[0].islower() for w in words)


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


def _trim_initial(span: Span, sentence_tokens: list[Token], caps: set[str], lower: set[str]) -> Span | None:
    """Drop sentence-initial capitals that are ordinary words: ``Despite``, ``According to``."""
    if not span.initial or span.quoted:
        return span
    toks = [t for t in sentence_tokens if span.start <= t.start and t.end <= span.end]
    if not toks:
        return span
    word = toks[0].text.rstrip("'’")
    low = word.lower()
    if len(toks) == 1:
        ordinary = low in _ROLE_PREFIX or low in STOPWORDS or low in lower
        keep = not ordinary and (low in caps or any(c.isdigit() for c in word) or "." in word)
        return span if keep else None
    article = low in ("the", "a", "an")
    if article and len(toks) == 2 and toks[1].text.lower() not in caps:
        return None  # "A British author"
    ordinary = low in _ROLE_PREFIX or (not article and low in STOPWORDS)
    gerund = low.endswith(("ing", "ly")) and toks[1].text.lower() in CONNECTORS and low not in caps
    if not ordinary and not gerund:
        return span
    rest = next((t for t in toks[1:] if t.cap or t.number), None)
    if rest is None:
        return None
    return Span(span.text[rest.start - span.start:], rest.start, span.end)
