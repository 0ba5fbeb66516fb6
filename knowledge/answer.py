"""Answer a command with one verbatim sentence from an article, or say plainly that none says it.

The answer path is small on purpose: resolve the film first (index look-ups), then rank only
that film's facts or sentences. ``who``/``when``/``status`` need a sentence that states the
relation asked for (a *fact* found at ingest); ``ask`` ranks the film's articles' sentences by
the question's words. For ``status`` and ``when`` the newest article wins.
"""

from __future__ import annotations

import math
import re
import sqlite3
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz, process

from .asktypes import (
    AnswerKind,
    asked_kind,
    category,
    counted,
    date_precision,
    foretold,
    has_date,
    has_kind,
    later_weekend,
    opening,
    part,
    player,
)
from .explain import Trace, Weighed, fill
from .gazetteer import default_gazetteer
from .names import find_spans
from .query import COMMANDS, Query, parse
from .relations import STRONG, Lexicon, default_lexicon
from .resolve import REFERRING, Film, Resolver, number_forms
from .store import GLOBAL, Store
from .text import STOPWORDS, compounds, fold, inflections, key_tokens, stem, stems, title_key
from .timeline import Entry, Timeline, build_timeline, older_news

WHO_MIN = 0.45  # weakest evidence a who/when/status answer may rest on
NEWEST_MIN = 0.7  # a status or release sentence this clear competes on date; weaker ones only if none is
ASK_MIN = 0.6  # share of a question's (weighted) words an ask answer must contain
# What counts as news of a film's status, and of its release (the newest clear statement wins).
STATUS_NEWS = {"status": 1.0, "release": 0.8, "box_office": 0.8, "acquired": 0.75, "award": 0.7}
RELEASE_NEWS = {"release": 1.0}  # (a shooting date says nothing of when it comes out)
CARD_RELATIONS = ("directed", "wrote", "stars", "produced", "composed", "release", "status")
ASK_ARTICLES = 8
CHANGING = ("amount", "number", "date")  # what news updates: of two answers as good, the newer article's wins
ASK_MENTIONS = 120  # how many of a name's latest mentions choose the articles to search
ASKED_WEIGHT = 0.3  # "plays" in "who plays Don Corleone": the relation asked for says it already
STATED_WEIGHT = 0.7  # "filmed" covered by a sentence that states where ("cameras rolled in Budapest")
UNLINKED_CUE = 0.6  # a sentence stating the relation asked, just after one naming the film, not linked to it ("The drama follows ...")
UNLINKED_AFTER = 2  # how soon after a sentence naming the film
INFLECTED_CUE = 0.5  # the same, found only by an inflection of a cue word ("followed" for "follows")
# The relations such a sentence may answer: what a film is about, where it is set or shot, what it cost are
# said of the film in view; a credit or news said so is as often of another film or person.
UNLINKED_RELATIONS = ("plot", "location", "setting", "budget")
OTHER_FILM = -1  # a sentence that names another film, and not this one
PASSING = -2  # a sentence that does not name the film, in an article that names it only in passing
BESIDE_OTHER = -3  # a sentence that only refers to the film ("the sequel", "it") and names another film
ABOUT_MENTIONS = 3  # an article that names a film in its headline, or in this many sentences, is about it
ABOUT_MENTIONS_OTHER = 2  # the same for a name that is no film (an award, a festival, a person)
_LINK_FACTOR = {3: 1.0, 2: 0.9, 1: 0.8, OTHER_FILM: 0.35, PASSING: 0.35, BESIDE_OTHER: 0.6}  # a sentence naming the film, referring to it, else only in its article
# "The ceremony will take place on 16 January", "The 10-day Berlinale runs until 20 February": when an event is
_EVENT_TIME = re.compile(
    r"\b(?:takes? place|taking place|took place|(?:will be|is|was|are|were) held|held on|runs?|running|opens?|opened|"
    r"begins?|began|starts?|started|kicks? off|closes?|closed|ends?|ended|until|gets? under way|is on)\b",
    re.IGNORECASE,
)
_PREMIERE = re.compile(r"\b(?:premiere[ds]?|world premiere|screen(?:ed|s|ing)|bow(?:ed|s)?)\b", re.IGNORECASE)
_NAMED_TITLE = re.compile(r"(?:\s\d{1,2}|:\s*\S.*)$")  # "Heat 3", "The Hollow Choir: Vespers": a title, if unknown
_LINKS = {3: "names the film", 2: "refers to it", 1: '"it"', OTHER_FILM: "names another film", PASSING: "the article only mentions it",
          BESIDE_OTHER: "refers to it, names another film"}
_NOISE = frozenset(stem(w) for w in (
    "think know say said tell get gets got happen happened go going much many movie movies film films "
    "anyone someone something thing things like make makes made take takes took do does did"
).split())
_QUESTION = frozenset(stem(w) for w in "who whom whose what which when where why how".split())


@dataclass(frozen=True)
class Source:
    """The article a sentence comes from."""

    article_id: int
    title: str
    date: str | None
    url: str | None


@dataclass
class Answer:
    """What the bot says to one command; ``sentence`` is always verbatim from ``source``."""

    command: str
    intent: str
    relation: str | None = None
    film: str | None = None
    sentence: str | None = None
    source: Source | None = None
    also: int = 0  # other articles that say it too
    suggestions: list[str] = field(default_factory=list)
    note: str = ""  # why there is no answer, in plain words
    card: list[tuple[str, str, Source]] = field(default_factory=list)  # (relation, sentence, source)
    sources: list[tuple[Source, int]] = field(default_factory=list)  # (article, mentions)
    elapsed_ms: float = 0.0
    trace: Trace | None = None  # with explain: how the answer was found
    timeline: Timeline | None = None  # for timeline: one page of the film's news
    before: Entry | None = None  # for status: what an older article said otherwise

    @property
    def answered(self) -> bool:
        return (self.sentence is not None or bool(self.card) or bool(self.sources) or self.intent == "help"
                or bool(self.timeline and self.timeline.entries))


class _Scored(NamedTuple):
    """A fact's sentence as ranked for who/when/status."""

    score: float
    date: str | None
    neg_position: int
    article_id: int
    sid: int
    relation: str
    weight: float
    terms: list[str]
    credited: int | None = None  # the name the fact credits (who ...?)


@dataclass
class _Candidate:
    sentence_id: int
    text: str
    position: int
    people: int
    source: Source
    score: float = 0.0


class Engine:
    """Answers commands from one store."""

    def __init__(self, store: Store, lexicon: Lexicon | None = None):
        self.store = store
        self.conn: sqlite3.Connection = store.conn
        self.lexicon = lexicon or store.lexicon or default_lexicon()
        asks = frozenset(w for r in self.lexicon.relations.values() for a in r.asks for w in a.split())
        self.resolver = Resolver(self.conn, asks)
        self._ask_words = {r.name: frozenset(w for a in r.asks for w in a.split()) for r in self.lexicon.relations.values()}
        self._asks_by_stem: dict[str, frozenset[str]] = {}  # stem of a question word -> relations it asks for
        for r in self.lexicon.relations.values():
            for word in self._ask_words[r.name]:
                self._asks_by_stem[stem(word)] = self._asks_by_stem.get(stem(word), frozenset()) | {r.name}
        # relation -> the stems of its strong one-word cues, which an inflected word states too ("followed")
        self._cue_stems = {
            relation: frozenset(stem(w) for w in words if w not in STOPWORDS)
            for relation, words in self.lexicon.strong_words().items()
        }
        self.gazetteer = default_gazetteer()
        self.trace: Trace | None = None  # while answering with explain
        self._film_ids: tuple[int, ...] = ()  # the film the last command resolved to
        self._handlers = {
            "help": self._help, "unknown": self._unknown, "status": self._status, "when": self._when,
            "who": self._who, "film": self._film, "sources": self._sources, "ask": self._ask,
            "timeline": self._timeline, "follow": self._discord_only, "unfollow": self._discord_only,
            "following": self._discord_only,
        }

    def _names_whole(self, title: str, scopes) -> bool:
        """Whether a title, as a question framed it, is a known name as a whole (a typo or a
        short form allowed: "lachkey", "prisoner of azkaban"), not a film inside a longer phrase
        ("the song Glasgow in Wild Rose"), nor an unknown title ("Heat 3": the command's
        "I don't know a film called Heat 3" answers it)."""
        film, _ = self.resolver.lookup(title, scopes)
        if film is None:
            return bool(_NAMED_TITLE.search(title))
        if film.score >= 100:
            return True
        known = film.key.split() + title_key(film.title).split()
        extra = [w for w in title_key(title).split()
                 if w not in STOPWORDS and w not in REFERRING and max(fuzz.ratio(w, k) for k in known) < 75]  # ("the X sequel")
        return not extra

    def answer(self, command: str, guild_id: int = GLOBAL, explain: bool = False) -> Answer:
        """Answer one command as typed (with or without ``!``) for one server's knowledge; with
        ``explain``, ``Answer.trace`` says how (the film, the candidates weighed, the rules)."""
        return self.run(parse(command, self.lexicon), guild_id, explain)

    def run(self, query: Query, guild_id: int = GLOBAL, explain: bool = False) -> Answer:
        """Answer a command already read: parsed from text, or built by a slash command that
        knows its film and relation (:func:`knowledge.query.typed`)."""
        started = time.perf_counter()
        self.trace, self._film_ids = (Trace() if explain else None), ()
        command = query.command
        scopes = (GLOBAL,) if guild_id == GLOBAL else (GLOBAL, guild_id)
        if query.question and not self._names_whole(query.subject, scopes):
            query = Query(command, "ask", query.question, query.relation)  # a frame, but no film: ask it as it is
        if self.trace is not None:
            how = f" (question frame “{query.frame}”)" if query.frame else ""
            self.trace.step(f"read as: {query.intent}{' / ' + query.relation if query.relation else ''}{how}; subject “{query.subject}”")
        answer = self._handlers[query.intent](query, scopes)
        answer.elapsed_ms = (time.perf_counter() - started) * 1000
        if self.trace is not None:
            fill(self.store, self.trace, self._keys(self._film_ids))
            answer.trace, self.trace = self.trace, None
        return answer

    def _keys(self, ids: tuple[int, ...]) -> dict[int, str]:
        if not ids:
            return {}
        return dict(self.conn.execute(f"SELECT id, key FROM names WHERE id IN ({_marks(ids)})", ids).fetchall())

    # -- intents -----------------------------------------------------------------------

    def _help(self, query: Query, scopes) -> Answer:
        return Answer(query.command, "help")

    def _unknown(self, query: Query, scopes) -> Answer:
        near = process.extractOne(query.word.lower().lstrip("!"), COMMANDS, score_cutoff=60)
        note = f"I don't know the command `{query.word[:40]}`."
        return Answer(query.command, "unknown", note=note, suggestions=[f"!{near[0]}"] if near else [])

    def _status(self, query: Query, scopes) -> Answer:
        answer = self._fact_answer(query, scopes, STATUS_NEWS, newest=True)
        answer.before = older_news(self.conn, self._film_ids, scopes, answer.source and answer.source.date, answer.sentence)
        return answer

    def _when(self, query: Query, scopes) -> Answer:
        return self._fact_answer(query, scopes, RELEASE_NEWS, newest=True, dated=True)

    def _who(self, query: Query, scopes) -> Answer:
        return self._fact_answer(query, scopes, {query.relation: 1.0}, newest=False)

    def _film(self, query: Query, scopes) -> Answer:
        film, answer = self._resolve(query, scopes)
        if film is None:
            return answer
        for relation in CARD_RELATIONS:
            weights = STATUS_NEWS if relation == "status" else {relation: 1.0}
            best, _ = self._best_fact(film, weights, scopes, newest=relation in ("status", "release"))
            if best and all(best.sentence_id != c[1] for c in answer.card):
                answer.card.append((relation, best.text, best.source))
        if not answer.card:
            answer.note = f"I know {film.title}, but no article says who made it, who is in it, or when it is out."
        return answer

    def _sources(self, query: Query, scopes) -> Answer:
        film, answer = self._resolve(query, scopes)
        if film is None:
            return answer
        rows = self.conn.execute(
            "SELECT a.id, a.title, a.date, a.url, count(*) FROM mentions m CROSS JOIN articles a ON a.id = m.article_id"
            f" WHERE m.name_id IN ({_marks(film.ids)}) AND +a.guild_id IN ({_marks(scopes)})"
            " GROUP BY a.id ORDER BY a.date IS NULL, a.date DESC, a.id DESC LIMIT 10",
            [*film.ids, *scopes],
        ).fetchall()
        answer.sources = [(Source(r[0], r[1], r[2], r[3]), r[4]) for r in rows]
        return answer

    def _discord_only(self, query: Query, scopes) -> Answer:
        return Answer(query.command, query.intent, note=f"!{query.intent} is for members of a Discord server, who follow films there.")

    def _timeline(self, query: Query, scopes) -> Answer:
        """One page of a film's news, newest first (``query.subject``: the film, maybe a page number)."""
        found = build_timeline(self.resolver, self.conn, query.subject, scopes)
        return Answer(query.command, "timeline", film=found.film, note=found.note, suggestions=found.suggestions, timeline=found)

    def _ask(self, query: Query, scopes) -> Answer:
        answer = Answer(query.command, "ask", relation=query.relation)
        if not query.subject:
            answer.note = "Ask me a question, e.g. `!ask who plays Dr. Ido in Alita?`"
            return answer
        film, rest = self.resolver.find_in(query.subject, scopes)
        if film is not None and film.is_film:
            film, rest = self._fuller_name(film, rest, query.subject, scopes)
        if film is not None and not film.is_film:
            film = self._same_event(film, scopes)
        relation = query.relation
        if film is not None and (outside := self.lexicon.asked(rest)) and relation not in outside:
            relation = answer.relation = outside[0]  # "where was the Night Train sequel filmed": "sequel" is the film's name
            if self.trace is not None:
                self.trace.step(f"asks for: {relation} (the words outside the film's name)")
        words = [w for w in rest.split() if w not in STOPWORDS and stem(w) not in _NOISE and stem(w) not in _QUESTION]
        keywords = [k for k in dict.fromkeys(stem(w) for w in words) if len(k) > 2]
        asked = {stem(w) for w in self._ask_words.get(relation, ())}  # "plays", "box office": the relation says it
        if film is not None:
            answer.film = film.title
            self._resolved(film)
            candidates = self._ask_candidates(film, words, relation, scopes)
            joined = compounds(fold(query.subject)) - set(keywords)  # "re-released": a bonus where a sentence has it
            kind = asked_kind(query.subject)
            if self.trace is not None and kind is not None:
                self.trace.step(f"asks for: {kind.name}" + ("" if kind.required else " (preferred)"))
            question = query.subject
            musts = {"counts what was asked": counted(question), "names the category asked": category(question)}
            needs = {"has the one asked play the part": player(question), "gives the part asked to someone": part(question)}
            unsaid = {"only foretell a win": foretold(question), "speak of a later weekend": later_weekend(question)}
            prefer = {"speaks of the opening": opening(question)}
            best = self._rank_ask(candidates, keywords, asked, joined, kind, *(
                {k: v for k, v in patterns.items() if v is not None} for patterns in (musts, needs, unsaid, prefer)))
            if best is None and not film.is_film and kind is not None and kind.name == "date":
                best = self._event_date(film, scopes)  # "when does the Berlin Film Festival end?"
        else:
            best = self._search([w for w in words if w not in self._ask_words.get(relation, ())], scopes, asked_kind(query.subject))
        if best is None:
            answer.note = (
                f"None of the articles about {film.title} answers that." if film
                else "I found nothing in the articles that answers that."
            )
            if film is None:
                answer.suggestions = self.resolver.suggest(query.subject, scopes)
            return answer
        answer.sentence, answer.source = best.text, best.source
        return answer

    def _fuller_name(self, film: Film, rest: str, question: str, scopes) -> tuple[Film, str]:
        """The name a question spells out in full, where the film found is only part of it:
        "Bill Conti" (a person) asked, not the film "Bill" inside it."""
        own = film.key.split()
        n = len(own)
        for variant in dict.fromkeys((fold(question), re.sub(r"['’]s\b", "", fold(question)))):
            tokens = key_tokens(variant)
            starts = [i for i in range(len(tokens) - n + 1) if tokens[i:i + n] == own]
            if not starts:
                continue
            i = starts[0]
            spans = {" ".join(tokens[a:b]): (a, b) for a in range(max(0, i - 3), i + 1)
                     for b in range(i + n, min(len(tokens), i + n + 3) + 1) if (a, b) != (i, i + n)}
            rows = self.conn.execute(
                f"SELECT a.key, n.articles FROM aliases a CROSS JOIN names n ON n.id = a.name_id WHERE a.key IN ({_marks(spans)})"
                f" AND a.weak = 0 AND EXISTS (SELECT 1 FROM name_scopes s WHERE s.name_id = n.id AND s.guild_id IN ({_marks(scopes)}))",
                [*spans, *scopes],
            ).fetchall() if spans else []
            if not rows:
                continue
            key = max(rows, key=lambda r: (len(r[0].split()), r[1]))[0]
            fuller, _ = self.resolver.lookup(key, scopes)
            if fuller is None:
                continue
            a, b = spans[key]
            if self.trace is not None:
                self.trace.step(f"the question names “{key}” in full, not the film “{film.key}” inside it")
            return fuller, " ".join(tokens[:a] + tokens[b:])
        return film, rest

    def _same_event(self, name: Film, scopes) -> Film:
        """A name that is no film (an award, a festival) with its other number forms: "the
        Oscars" is also "Oscars" and "Oscar", even where some articles read one of them as partly
        a person ("Oscar said"); only names that are mostly people are left out."""
        keys = sorted(number_forms(name.key))
        person = self.conn.execute(
            f"SELECT max(person > film AND person > other) FROM names WHERE id IN ({_marks(name.ids)})", name.ids
        ).fetchone()[0]
        if not keys or person:
            return name
        more = [r[0] for r in self.conn.execute(
            f"SELECT n.id FROM names n WHERE n.key IN ({_marks(keys)}) AND n.person <= max(n.film, n.other)"
            f" AND EXISTS (SELECT 1 FROM name_scopes s WHERE s.name_id = n.id AND s.guild_id IN ({_marks(scopes)}))",
            [*keys, *scopes],
        ) if r[0] not in name.ids]
        if not more:
            return name
        return Film(tuple(sorted({*name.ids, *more})), name.title, name.key, name.score, name.is_film)

    # -- shared steps ------------------------------------------------------------------

    def _resolve(self, query: Query, scopes) -> tuple[Film | None, Answer]:
        answer = Answer(query.command, query.intent, relation=query.relation)
        if not query.subject:
            answer.note = f"Which film? Try `!{query.intent} Alita 2`."
            return None, answer
        film, suggestions = self.resolver.lookup(query.subject, scopes)
        if film is None:
            answer.note = f"I don't know a film called “{query.subject[:100]}”."
            answer.suggestions = suggestions
            return None, answer
        answer.film = film.title
        self._resolved(film)
        return film, answer

    def _resolved(self, film: Film) -> None:
        self._film_ids = film.ids
        if self.trace is not None:
            how = "its title or a known alias" if film.score >= 100 else f"a close spelling (score {film.score:.0f})"
            self.trace.step(f"film: {film.title}, found by {how} “{film.key}”; {len(film.ids)} stored name(s)")

    def _fact_answer(self, query: Query, scopes, weights: dict[str, float], newest: bool, dated: bool = False) -> Answer:
        film, answer = self._resolve(query, scopes)
        if film is None:
            return answer
        best, also = self._best_fact(film, weights, scopes, newest, who=query.intent == "who", dated=dated)
        if best is None and dated and not film.is_film:
            best = self._event_date(film, scopes)  # "when are the Golden Globes?": an event has no release
        if best is None:
            label = self.lexicon.label(query.relation or "")
            answer.note = {
                "status": f"No article I have says how {film.title} is coming along.",
                "when": f"No article I have says when {film.title} comes out.",
            }.get(query.intent, f"No article I have says who the {label} of {film.title} is.")
            return answer
        answer.sentence, answer.source, answer.also = best.text, best.source, also
        return answer

    def _best_fact(self, film: Film, weights: dict[str, float], scopes, newest: bool, who: bool = False, dated: bool = False):
        """The best sentence stating one of ``weights``' relations about a film, and how many
        other articles state it too. Facts carry what ranking needs, so this reads one index
        range per name; only the winner's sentence and article are fetched (and, with
        ``dated``, the candidates' texts: only a sentence that says when may answer "when").
        For ``newest``, the newest article wins among the sentences that clearly state it (an
        aside does not)."""
        floor = (WHO_MIN - 0.05) / (1.3 if who else 1.0) / max(weights.values())  # weaker facts cannot win
        rows = self.conn.execute(
            "SELECT sentence_id, relation, weight, position, people, article_id, date, credited FROM facts"
            f" WHERE name_id IN ({_marks(film.ids)}) AND relation IN ({_marks(weights)})"
            f" AND guild_id IN ({_marks(scopes)}) AND weight >= ?",
            [*film.ids, *weights, *scopes, floor],
        ).fetchall()
        best: dict[int, _Scored] = {}
        for sid, relation, weight, position, people, article_id, date, credited in rows:
            score = weight * weights[relation]
            terms = [f"{relation} fact {weight:.2f}" + (f" x{weights[relation]}" if weights[relation] != 1 else "")]
            if who:
                if not people:
                    score *= 0.4  # "who" is answered by a sentence that names someone
                    terms.append("names no one x0.4")
                elif relation == "stars":
                    score *= 1.0 + 0.1 * min(people, 3)  # a cast list answers "who is in" best
                    terms.append(f"names {people} x{1.0 + 0.1 * min(people, 3):.1f}")
            if place := _place(position):
                score += place
                terms.append("headline -0.10" if place < 0 else "lede +0.05")
            if score >= WHO_MIN and (sid not in best or best[sid].score < score):
                best[sid] = _Scored(score, date, -position, article_id, sid, relation, weight, terms, credited)
        says_when: dict[int, tuple[bool, int]] = {}  # (for "when": whether a sentence tells of a release, and how exactly)
        if dated and best:
            texts = self.conn.execute(f"SELECT id, text FROM sentences WHERE id IN ({_marks(best)})", list(best)).fetchall()
            undated = [sid for sid, text in texts if not has_date(text)]
            says_when = {sid: (not self._festival_premiere(text), date_precision(text)) for sid, text in texts}
            for sid, (release, exact) in says_when.items():
                best[sid].terms.append(("says a year or less", "says a month or season", "says a day")[exact])
                if not release:
                    best[sid].terms.append("a festival screening, not a release")
            for sid in undated:
                del best[sid]
            if undated and self.trace is not None:
                self.trace.step(f"left out {len(undated)} sentence(s) that say no date")
        if not best:
            return None, 0
        pool = list(best.values())
        if who:
            pool = self._most_credited(pool)
        if newest and (dated := [c for c in pool if c.date]):
            clear = [c for c in dated if c.score >= NEWEST_MIN] or dated
            latest = max(c.date for c in clear)
            pool = [c for c in clear if c.date == latest]
            if self.trace is not None:
                self.trace.step(f"newest wins among {len(clear)} dated sentences scoring {NEWEST_MIN} or more: {latest}")
        if newest and len(pool) > 1 and pool[0].date:  # the newest article's news: its first clear statement
            # "when" wants the article's release news first; "how is it doing" its first news of any kind (the lede's box office)
            release = max(weights, key=weights.get) == "release"
            chosen = max(pool, key=lambda c: (
                c.score >= NEWEST_MIN and c.neg_position < 0, release and c.relation == "release",
                says_when.get(c.sid, (True, 0)), c.neg_position, c.score))
        else:  # (for "when", among clear statements the one that says when most exactly)
            chosen = max(pool, key=lambda c: (
                says_when.get(c.sid, (True, 0)) if c.score >= NEWEST_MIN else (False, -1), round(c.score, 3), c.date or "", c.neg_position))
        also = len({c.article_id for c in best.values()} - {chosen.article_id})
        if self.trace is not None:
            ranked = sorted(best.values(), key=lambda c: (c is not chosen, -c.score))
            self.trace.candidates += [Weighed(c.score, c.sid, c.article_id, c.relation, c.weight, c.terms) for c in ranked]
            self.trace.chosen = chosen.sid
        text, position, people, title, date, url = self.conn.execute(
            "SELECT s.text, s.position, s.people, a.title, a.date, a.url FROM sentences s"
            " CROSS JOIN articles a ON a.id = s.article_id WHERE s.id = ?",
            (chosen.sid,),
        ).fetchone()
        return _Candidate(chosen.sid, text, position, people, Source(chosen.article_id, title, date, url), chosen.score), also

    def _festival_premiere(self, text: str) -> bool:
        """``The film premiered at Sundance last January``: a festival screening, which says less
        of when a film comes out than its release does."""
        return bool(_PREMIERE.search(text)) and any(
            self.gazetteer.kind(title_key(s.text), s.text) == "festival" for s in find_spans(text))

    def _event_date(self, event: Film, scopes) -> _Candidate | None:
        """For "when is" an event (a ceremony, a festival): of the latest sentences naming it,
        the one that says most exactly when it takes place, the newest if several do."""
        rows = self.conn.execute(
            "SELECT s.id, s.text, s.position, s.people, a.id, a.title, a.date, a.url FROM mentions m"
            " CROSS JOIN sentences s ON s.id = m.sentence_id CROSS JOIN articles a ON a.id = m.article_id"
            f" WHERE m.name_id IN ({_marks(event.ids)}) AND m.link = 3 AND a.guild_id IN ({_marks(scopes)})"
            " ORDER BY m.sentence_id DESC LIMIT ?",
            [*event.ids, *scopes, ASK_MENTIONS],
        ).fetchall()
        dated = [(exact, r[6] or "", -r[2], r) for r in rows if _EVENT_TIME.search(r[1]) and (exact := date_precision(r[1]))]
        if self.trace is not None:
            self.trace.step(f"no film: of {len(rows)} sentences naming it, {len(dated)} say when it takes place")
        if not dated:
            return None
        *_, r = max(dated, key=lambda d: d[:3])
        return _Candidate(r[0], r[1], r[2], r[3], Source(r[4], r[5], r[6], r[7]))

    def _most_credited(self, pool: list[_Scored]) -> list[_Scored]:
        """For "who ...?": the sentences crediting the name most articles credit (each article
        counts once, by its clearest credit), so one odd sentence cannot outvote the rest. Sentences
        that credit no one by name are left only if none does."""
        support: dict[int, dict[int, float]] = {}
        for c in pool:
            if c.credited is not None:
                per_article = support.setdefault(c.credited, {})
                per_article[c.article_id] = max(per_article.get(c.article_id, 0.0), c.score)
        if not support:
            return pool
        totals = {name: sum(articles.values()) for name, articles in support.items()}
        top = max(totals, key=lambda name: (totals[name], -name))
        if self.trace is not None:
            names = dict(self.conn.execute(f"SELECT id, display FROM names WHERE id IN ({_marks(totals)})", list(totals)).fetchall())
            ranked = sorted(totals.items(), key=lambda kv: -kv[1])[:4]
            self.trace.step("credited: " + ", ".join(f"{names.get(n, n)} {t:.2f} in {len(support[n])} article(s)" for n, t in ranked))
        return [c for c in pool if c.credited == top]

    def _ask_candidates(self, film: Film, words: list[str], relation: str | None, scopes):
        """The sentences worth ranking for a question about a film: in the articles that mention
        it most, those containing a word of the question (found by FTS5 within each article's
        sentences) or stating the relation asked for. Returns (candidate, link, relation weight)."""
        counts: dict[int, int] = {}
        mentioned: set[int] = set()
        latest = " UNION ALL ".join(  # the latest mentions of each name: bounded work for famous names
            "SELECT * FROM (SELECT article_id, sentence_id FROM mentions WHERE name_id = ? ORDER BY sentence_id DESC LIMIT ?)"
            for _ in film.ids
        )
        for article_id, sentence_id in self.conn.execute(latest, [v for name_id in film.ids for v in (name_id, ASK_MENTIONS)]):
            counts[article_id] = counts.get(article_id, 0) + 1
            mentioned.add(sentence_id)
        if not counts:
            return []
        visible = self.conn.execute(
            f"SELECT id, date FROM articles WHERE id IN ({_marks(counts)}) AND +guild_id IN ({_marks(scopes)})",
            [*counts, *scopes],
        ).fetchall()
        top = sorted(visible, key=lambda r: (counts[r[0]], r[1] or ""), reverse=True)[:ASK_ARTICLES]
        if not top:
            return []
        articles = self.conn.execute(
            f"SELECT article_id, min(id), max(id) FROM sentences WHERE article_id IN ({_marks(top)}) GROUP BY article_id",
            [r[0] for r in top],
        ).fetchall()
        ids: set[int] = set()
        terms = [w for w in dict.fromkeys(words) if re.fullmatch(r"\w+", w)][:8]
        if terms:
            match = " OR ".join(f'"{form}"' for t in terms for form in inflections(t))
            for _, first, last in articles:
                ids.update(r[0] for r in self.conn.execute(
                    "SELECT rowid FROM sentences_fts WHERE sentences_fts MATCH ? AND rowid BETWEEN ? AND ?",
                    (match, first, last),
                ))
        facts: dict[int, float] = {}
        if relation:
            for _, first, last in articles:  # each article's sentence range: an index range, however famous the name
                facts.update(self.conn.execute(
                    f"SELECT sentence_id, max(weight) FROM facts WHERE name_id IN ({_marks(film.ids)})"
                    " AND relation = ? AND sentence_id BETWEEN ? AND ? GROUP BY sentence_id",
                    [*film.ids, relation, first, last],
                ))
        ids.update(facts)
        about = {a for a, first, _ in articles if first in mentioned or counts.get(a, 0) >= (ABOUT_MENTIONS if film.is_film else ABOUT_MENTIONS_OTHER)}
        unlinked: dict[int, float] = {}  # sentences stating the relation asked, just after one naming the film
        if relation in UNLINKED_RELATIONS:
            after = {m + k for a, first, last in articles if a in about for m in mentioned if first <= m <= last
                     for k in range(1, UNLINKED_AFTER + 1) if m + k <= last} - mentioned - set(facts)
            for sentence_id, text in self.conn.execute(
                f"SELECT id, text FROM sentences WHERE id IN ({_marks(after)})", sorted(after)
            ) if after else ():
                if any(c.relation == relation and c.weight >= STRONG for c in self.lexicon.cues(text)):
                    unlinked[sentence_id] = UNLINKED_CUE
                elif self._cue_stems.get(relation, frozenset()) & stems(text):
                    unlinked[sentence_id] = INFLECTED_CUE
        ids.update(unlinked)
        if not ids:
            return []
        names = set(film.ids)
        links: dict[int, int] = {}
        others: set[int] = set()  # sentences naming another film
        titled: set[int] = set()  # sentences naming another film, by name or not
        for sentence_id, name_id, link, other_film, maybe_film in self.conn.execute(
            "SELECT m.sentence_id, m.name_id, m.link, n.film > n.person AND n.film > n.other, n.film > n.person AND n.film > n.other"
            f" FROM mentions m CROSS JOIN names n ON n.id = m.name_id WHERE m.sentence_id IN ({_marks(ids)})",
            list(ids),
        ):
            if name_id in names:
                links[sentence_id] = max(link, links.get(sentence_id, 0))
            else:
                if other_film and link >= 2 and film.is_film:  # named, or referred to ("The original, which ...")
                    others.add(sentence_id)
                if maybe_film:
                    titled.add(sentence_id)
        for sentence_id in others:  # the other film is named; this one only referred to, or not at all
            links[sentence_id] = OTHER_FILM if sentence_id not in links else BESIDE_OTHER if links[sentence_id] < 3 else links[sentence_id]
        rows = self.conn.execute(
            "SELECT s.id, s.text, s.position, s.people, a.id, a.title, a.date, a.url"
            f" FROM sentences s CROSS JOIN articles a ON a.id = s.article_id WHERE s.id IN ({_marks(ids)})",
            list(ids),
        ).fetchall()
        for sentence_id in [s for s in unlinked if s in links or s in titled]:
            del unlinked[sentence_id]  # linked to a film, or naming another: said of something else
        return [
            (_Candidate(r[0], r[1], r[2], r[3], Source(r[4], r[5], r[6], r[7])),
             links.get(r[0], 0 if r[4] in about else PASSING), facts.get(r[0], unlinked.get(r[0], 0.0)))
            for r in rows
        ]

    def _rank_ask(
        self, candidates, keywords: list[str], asked: set[str], optional: set[str] = frozenset(),
        kind: AnswerKind | None = None, musts: dict[str, re.Pattern] | None = None, needs: dict[str, re.Pattern] | None = None,
        unsaid: dict[str, re.Pattern] | None = None, prefer: dict[str, re.Pattern] | None = None,
    ) -> _Candidate | None:
        """The candidate that best covers the question's words (rarer words weigh more), helped
        by naming the film and by stating the relation asked for; None if none covers enough.
        A question word that asks for a relation ("filmed") is covered by a sentence that states
        it ("cameras rolled in Budapest"). A sentence without the kind of answer asked for
        (an amount for "how much") cannot win. ``optional`` words count where some candidate has
        them and are not missed where none does. Each of ``musts`` (what the question asks a
        sentence to say: a count of the noun asked, the award category named) is required where
        some candidate says it and ignored where none does; each of ``needs`` (the one asked
        playing a part, the part asked given to someone) is required always; one of ``prefer``
        (the opening, for "its opening weekend") only helps a sentence said of this film. A
        sentence matching one of ``unsaid`` does not say what was asked (a win only foretold, for
        "who won"; a later weekend, for the opening)."""
        if not candidates:
            return None
        keywords = keywords + sorted(optional)
        covered = [self._covered(c.text, keywords) for c, _, _ in candidates]
        words = [own | stated for own, stated in covered]
        present = [k for k in keywords if any(k in have for have in words)]
        specific = [k for k in keywords if k not in asked and (k in present or k not in optional)]
        if specific and sum(k in present for k in specific) * 2 < len(specific):
            if self.trace is not None:
                self.trace.step(f"most of the question's words appear in none of {len(candidates)} sentences: {', '.join(specific)}")
            return None  # most of what was asked appears nowhere in these articles
        musts = {label: pattern for label, pattern in (musts or {}).items() if any(pattern.search(c.text) for c, _, _ in candidates)}
        musts |= needs or {}
        idf = {k: w * (ASKED_WEIGHT if k in asked else 1.0) for k, w in _idf(present, words).items()}
        total = sum(idf.values())
        best, best_score = None, 0.0
        changing = kind is not None and kind.name in CHANGING  # (of two as good, the newer: "finished its run with $412 million")
        left_out: Counter = Counter()  # why sentences could not answer, for --explain
        for (cand, link, rel), (own, stated) in zip(candidates, covered):
            if unsays := next((label for label, pattern in (unsaid or {}).items() if pattern.search(cand.text)), None):
                left_out[unsays] += 1  # "is tipped to win": says nothing of who won; "its second weekend": not the opening
                continue
            cover = sum(idf[k] * (1.0 if k in own else STATED_WEIGHT) for k in present if k in own or k in stated) / total if total else 0.0
            rel = min(1.0, rel)
            terms = [f"covers {cover:.2f} of the question x{_LINK_FACTOR.get(link, 0.75)} ({_LINKS.get(link, 'in an article about it')})",
                     f"relation fact {rel:.2f} x0.3"]
            if not (cover >= ASK_MIN or (rel >= 0.5 and (cover >= 0.25 or not present))):
                left_out[f"cover less than {ASK_MIN} of the question"] += 1
                continue
            if link in (OTHER_FILM, PASSING) and rel < 0.5:
                left_out["are about another film"] += 1
                continue  # about another film, or in an article that only mentions this one, and not said of it
            score = _LINK_FACTOR.get(link, 0.75) * cover + 0.3 * rel + _place(cand.position)
            if kind is not None and not has_kind(kind, cand.text, cand.people, self._places(cand.text)):
                if kind.required:
                    left_out[f"have no {kind.name}"] += 1
                    continue
                score -= 0.1
                terms.append(f"no {kind.name} -0.1")
            if lacking := [label for label, pattern in musts.items() if not pattern.search(cand.text)]:
                left_out[f"do not meet “{lacking[0]}”"] += 1
                continue  # "how many nominations", "best British film": another sentence says it
            liked = [label for label, pattern in (prefer or {}).items() if link not in (OTHER_FILM, BESIDE_OTHER) and pattern.search(cand.text)]
            for label in [*musts, *liked]:
                score += 0.2
                terms.append(f"{label} +0.2")
            if self.trace is not None:
                self.trace.candidates.append(Weighed(score, cand.sentence_id, cand.source.article_id, "ask", rel, terms))
            newer = changing and best is not None and (cand.source.date or "") > (best.source.date or "")
            if round(score, 3) > round(best_score, 3) or newer and round(score, 3) == round(best_score, 3):
                best, best_score = cand, score
        if self.trace is not None:
            if left_out:
                self.trace.step("left out: " + "; ".join(f"{n} that {why}" for why, n in left_out.most_common()))
            self.trace.candidates.sort(key=lambda c: -c.score)
            self.trace.chosen = best.sentence_id if best else None
        return best

    def _covered(self, text: str, keywords: list[str]) -> tuple[set[str], set[str]]:
        """The question words a sentence has: its own (stemmed) words, and the words asking for
        a relation it states (these count for less)."""
        have = _with_prefixes(stems(text), keywords)
        missing = [k for k in keywords if k not in have and k in self._asks_by_stem]
        if not missing:
            return have, set()
        stated = {c.relation for c in self.lexicon.cues(text)}
        return have, {k for k in missing if self._asks_by_stem[k] & stated}

    def _places(self, text: str) -> int:
        """How many places a sentence names (for "where" questions)."""
        return sum(self.gazetteer.kind(title_key(s.text), s.text) == "place" for s in find_spans(text))

    def _search(self, words: list[str], scopes, kind: AnswerKind | None = None) -> _Candidate | None:
        """Full-text search for a question about no known name: sentences with all its words,
        else with all but one (never an OR over common words, which would score every match),
        and with the kind of answer asked for where it is required (an amount for "how much")."""
        terms = list(dict.fromkeys(w for w in words if re.fullmatch(r"\w+", w)))[:6]
        if not terms:
            return None
        subsets = [terms] + ([[t for t in terms if t != drop] for drop in terms] if len(terms) > 2 else [])
        for subset in subsets:
            rows = self.conn.execute(
                "SELECT s.id, s.text, s.position, s.people, a.id, a.title, a.date, a.url"
                " FROM sentences_fts f CROSS JOIN sentences s ON s.id = f.rowid CROSS JOIN articles a ON a.id = s.article_id"
                f" WHERE sentences_fts MATCH ? AND +a.guild_id IN ({_marks(scopes)}) ORDER BY f.rank LIMIT 10",
                [" AND ".join(f'"{t}"' for t in subset), *scopes],
            ).fetchall()
            if kind is not None and kind.required:
                rows = [r for r in rows if has_kind(kind, r[1], r[3], self._places(r[1]))]
            if rows:
                row = rows[0]
                return _Candidate(row[0], row[1], row[2], row[3], Source(row[4], row[5], row[6], row[7]))
        return None


def _with_prefixes(stems: set[str], keywords: list[str]) -> set[str]:
    """A sentence's stems, plus the keywords that one of its words begins or is begun by
    ("lyric"/"lyricists", "worldwide"/"world"): a crude stemmer's misses, caught where it is
    safe (five letters or more on both sides)."""
    wanted = [k for k in keywords if len(k) >= 5 and k not in stems]
    if not wanted:
        return stems
    begun = " " + " ".join(stems)  # " k" in it: a stem begins with k
    extra = {k for k in wanted if f" {k}" in begun or any(k[:i] in stems for i in range(5, len(k)))}
    return stems | extra if extra else stems


def _place(position: int) -> float:
    """The lede says most; the headline only summarises (and is rarely the answer)."""
    return 0.05 if 1 <= position <= 2 else (-0.1 if position == 0 else 0.0)


def _idf(keywords: list[str], documents: list[set[str]]) -> dict[str, float]:
    n = len(documents)
    return {k: math.log(1 + (n + 1) / (1 + sum(1 for d in documents if k in d))) for k in keywords}


def _marks(values) -> str:
    return ",".join("?" * len(values))
