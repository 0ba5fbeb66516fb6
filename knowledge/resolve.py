"""Find the film (or other name) a user means: exact and alias keys first, then typo-tolerant.

Exact look-ups cover ``Alita``, ``alita 2``, ``Dune: Part Two`` = ``dune 2``, ``lalaland``. Fuzzy
matching never scans every title: each query word is looked up with its one-letter deletions in
``word_variants`` (``alitta`` meets ``alita``), the names containing the rarest matched words are
the candidates, and only those are scored with rapidfuzz. Sequel numbers must agree:
``Alita 2`` never resolves to ``Alita: Battle Angel``.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from rapidfuzz import fuzz

from .store import word_variants
from .text import STOPWORDS, fold, key_tokens, numbers_in, title_key

ACCEPT = 86.0  # fuzzy score at which a title is taken to be the one meant
SUGGEST = 55.0  # fuzzy score at which a title is worth offering as "did you mean"
MAX_CANDIDATES = 300
_QUESTION_WORDS = frozenset(
    "who whom whose what whats which when where why how will would could should did does do is are was were "
    "be been being has have had tell me about any there much many".split()
)


@dataclass(frozen=True)
class Film:
    """A resolved title: the stored names that are this film, and how to show it."""

    ids: tuple[int, ...]
    title: str
    key: str
    score: float
    is_film: bool


@dataclass(frozen=True)
class _Row:
    name_id: int
    alias: str
    key: str
    display: str
    film: float
    person: float
    other: float
    articles: int

    @property
    def is_film(self) -> bool:
        return self.film > max(self.person, self.other)


class Resolver:
    """Title look-ups against one database, limited to what a server may see."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def resolve(self, text: str, scopes: tuple[int, ...]) -> Film | None:
        """The film a title (as typed) means, or None."""
        keys = _query_keys(text)
        if not keys:
            return None
        rows = self._exact(keys, scopes)
        if rows:
            return _group(rows, keys[0], 100.0)
        best = self._fuzzy(keys[0], scopes)
        if best and best[0] >= ACCEPT:
            score, row = best[0], best[1]
            return _group(self._exact([row.alias], scopes), row.alias, score)
        return None

    def suggest(self, text: str, scopes: tuple[int, ...], limit: int = 3) -> list[str]:
        """Up to ``limit`` film titles close to what was typed, best first."""
        keys = _query_keys(text)
        if not keys:
            return []
        scored = self._candidates(keys[0], scopes, numbers_must_match=False)
        out: list[str] = []
        for score, row in sorted(scored, key=lambda x: (-x[0], -x[1].articles)):
            if score < SUGGEST or not row.is_film:
                continue
            if row.display not in out:
                out.append(row.display)
            if len(out) == limit:
                break
        return out

    def complete(self, prefix: str, scopes: tuple[int, ...], limit: int = 25) -> list[str]:
        """Film titles for autocomplete: those starting with what was typed, most mentioned
        first, then close matches; at most ``limit``."""
        key = title_key(prefix)
        rows = self.conn.execute(
            "SELECT DISTINCT n.display FROM aliases a JOIN names n ON n.id = a.name_id"
            " WHERE a.key >= ? AND a.key < ? AND n.film > n.person AND n.film > n.other"
            f" AND EXISTS (SELECT 1 FROM name_scopes s WHERE s.name_id = n.id AND s.guild_id IN ({','.join('?' * len(scopes))}))"
            " ORDER BY n.articles DESC LIMIT ?",
            [key, key + "\uffff", *scopes, limit],
        ).fetchall() if key else self.conn.execute(
            "SELECT n.display FROM names n WHERE n.film > n.person AND n.film > n.other"
            f" AND EXISTS (SELECT 1 FROM name_scopes s WHERE s.name_id = n.id AND s.guild_id IN ({','.join('?' * len(scopes))}))"
            " ORDER BY n.articles DESC LIMIT ?",
            [*scopes, limit],
        ).fetchall()
        titles = [r[0] for r in rows]
        if len(titles) < limit and key:
            titles += [t for t in self.suggest(prefix, scopes, limit) if t not in titles]
        return titles[:limit]

    def find_in(self, question: str, scopes: tuple[int, ...]) -> tuple[Film | None, str]:
        """The film (else any name) a free question is about, and the question without it."""
        variants = {fold(question), re.sub(r"['’]s\b", "", fold(question))}
        found: list[tuple[tuple, Film, str, bool]] = []
        for variant in variants:
            tokens = key_tokens(variant)
            grams = {}
            for n in range(min(7, len(tokens)), 0, -1):
                for i in range(len(tokens) - n + 1):
                    gram = tokens[i:i + n]
                    if all(t in STOPWORDS or t in _QUESTION_WORDS for t in gram):
                        continue
                    grams.setdefault(" ".join(gram), (i, n))
            if not grams:
                continue
            rows = self._exact(list(grams), scopes)
            by_alias: dict[str, list[_Row]] = {}
            for row in rows:
                if " " in row.alias or row.alias == row.key:  # one word must be a name's own ("office" is not The Office)
                    by_alias.setdefault(row.alias, []).append(row)
            for alias, group in by_alias.items():
                film = _group(group, alias, 100.0)
                i, n = grams[alias]
                rest = " ".join(tokens[:i] + tokens[i + n:])
                person = all(r.person > max(r.film, r.other) for r in group)
                found.append(((film.is_film, n, -sum(r.articles for r in group)), film, rest, person))
        best = max(found, key=lambda f: f[0]) if found else None
        if best and (best[1].is_film or best[0][1] >= 2):
            return best[1], best[2]  # a known film, or a specific name of several words
        fuzzy = self._fuzzy_in(question, scopes)
        if fuzzy is not None:
            return fuzzy
        if best and best[3]:
            return best[1], best[2]  # a person named by one word
        return None, " ".join(key_tokens(question))

    # -- look-ups ----------------------------------------------------------------------

    def _exact(self, keys: list[str], scopes: tuple[int, ...]) -> list[_Row]:
        marks = ",".join("?" * len(keys))
        scope_marks = ",".join("?" * len(scopes))
        sql = (
            "SELECT a.name_id, a.key, n.key, n.display, n.film, n.person, n.other, n.articles"
            " FROM aliases a JOIN names n ON n.id = a.name_id"
            f" WHERE a.key IN ({marks}) AND EXISTS (SELECT 1 FROM name_scopes s"
            f" WHERE s.name_id = n.id AND s.guild_id IN ({scope_marks}))"
        )
        return [_Row(*r) for r in self.conn.execute(sql, [*keys, *scopes])]

    def _fuzzy(self, key: str, scopes: tuple[int, ...]) -> tuple[float, _Row] | None:
        scored = self._candidates(key, scopes, numbers_must_match=True)
        return max(scored, key=lambda x: (x[0], x[1].is_film, x[1].articles), default=None)

    def _candidates(self, key: str, scopes: tuple[int, ...], numbers_must_match: bool) -> list[tuple[float, _Row]]:
        words = [w for w in key.split() if len(w) >= 3 and w not in STOPWORDS]
        matched = self._similar_words(words)
        if not matched:
            return []
        ids = self._names_with(matched, scopes)
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = [
            _Row(*r) for r in self.conn.execute(
                "SELECT a.name_id, a.key, n.key, n.display, n.film, n.person, n.other, n.articles"
                f" FROM aliases a JOIN names n ON n.id = a.name_id WHERE a.name_id IN ({marks})",
                ids,
            )
        ]
        wanted = numbers_in(key)
        out = []
        for row in rows:
            if numbers_must_match and numbers_in(row.alias) != wanted:
                continue
            out.append((_similarity(key, row.alias), row))
        return out

    def _similar_words(self, words: list[str]) -> list[str]:
        """Stored title words equal to, or one or two letters away from, the query's words."""
        variants = sorted({v for w in words for v in word_variants(w)})
        if not variants:
            return []
        marks = ",".join("?" * len(variants))
        found = {w for (w,) in self.conn.execute(f"SELECT DISTINCT word FROM word_variants WHERE variant IN ({marks})", variants)}
        return [w for w in found if any(fuzz.ratio(w, q) >= 70 for q in words)]

    def _names_with(self, words: list[str], scopes: tuple[int, ...]) -> list[int]:
        """Names containing the matched words, rarest words first, at most MAX_CANDIDATES."""
        counts = {
            w: n for w, n in self.conn.execute(
                f"SELECT word, count(*) FROM (SELECT word FROM name_words WHERE word IN ({','.join('?' * len(words))})"
                f" LIMIT {MAX_CANDIDATES * 20}) GROUP BY word",
                words,
            )
        }
        ids: list[int] = []
        seen: set[int] = set()
        scope_marks = ",".join("?" * len(scopes))
        for word in sorted(counts, key=counts.get):
            for (name_id,) in self.conn.execute(
                "SELECT w.name_id FROM name_words w WHERE w.word = ? AND EXISTS (SELECT 1 FROM name_scopes s"
                f" WHERE s.name_id = w.name_id AND s.guild_id IN ({scope_marks})) LIMIT ?",
                [word, *scopes, MAX_CANDIDATES],
            ):
                if name_id not in seen:
                    seen.add(name_id)
                    ids.append(name_id)
            if len(ids) >= MAX_CANDIDATES:
                break
        return ids[:MAX_CANDIDATES]

    def _fuzzy_in(self, question: str, scopes: tuple[int, ...]) -> tuple[Film, str] | None:
        """A misspelt film in a free question: score each candidate against the question's
        word runs of the same length."""
        tokens = key_tokens(question)
        content = [t for t in tokens if len(t) >= 3 and t not in STOPWORDS and t not in _QUESTION_WORDS]
        if not content:
            return None
        best: tuple[float, _Row, int, int] | None = None
        for score_row in self._candidates(" ".join(content), scopes, numbers_must_match=False):
            row = score_row[1]
            if not row.is_film:
                continue
            n = len(row.alias.split())
            for i in range(len(tokens) - n + 1):
                gram = " ".join(tokens[i:i + n])
                if numbers_in(gram) != numbers_in(row.alias):
                    continue
                score = fuzz.ratio(gram, row.alias)
                if best is None or score > best[0]:
                    best = (score, row, i, n)
        if best is None or best[0] < ACCEPT:
            return None
        score, row, i, n = best
        film = _group(self._exact([row.alias], scopes), row.alias, score)
        return film, " ".join(tokens[:i] + tokens[i + n:])


def _query_keys(text: str) -> list[str]:
    key = title_key(text)
    if not key:
        return []
    keys = [key]
    if key.startswith(("the ", "a ", "an ")) and " " in key:
        keys.append(key.split(" ", 1)[1])
    keys.append(key.replace(" ", ""))
    return list(dict.fromkeys(keys))


def _similarity(query: str, title: str) -> float:
    """How well a typed title matches a stored one: every typed word found counts most."""
    return 0.75 * fuzz.token_set_ratio(query, title) + 0.25 * fuzz.ratio(query, title)


def _group(rows: list[_Row], key: str, score: float) -> Film:
    """The names one key stands for, shown by the most-used film among them."""
    own = [r for r in rows if r.key == key]
    pick = max(own or rows, key=lambda r: (r.is_film, r.articles, -len(r.display)))
    ids = tuple(sorted({r.name_id for r in rows}))
    return Film(ids, pick.display, key, score, any(r.is_film for r in rows))
