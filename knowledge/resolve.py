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
from typing import NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from .store import word_variants
from .text import STOPWORDS, fold, key_tokens, numbers_in, title_key

ACCEPT = 86.0  # fuzzy score at which a title is taken to be the one meant
SUGGEST = 55.0  # fuzzy score at which a title is worth offering as "did you mean"
MAX_CANDIDATES = 100
MAX_GROUP = 40  # names one title stands for, at most (generated or franchise-heavy data has many)
QUESTION_CANDIDATES = 40  # per misspelt word of a free question
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


class _Row(NamedTuple):
    """One alias of a stored name, with what is known of the name."""

    name_id: int
    alias: str
    key: str
    display: str
    film: float
    person: float
    other: float
    articles: int
    weak: int  # the alias is only the title with its subtitle dropped

    @property
    def is_film(self) -> bool:
        return self.film > max(self.person, self.other)


class Resolver:
    """Title look-ups against one database, limited to what a server may see."""

    def __init__(self, conn: sqlite3.Connection, asks: frozenset[str] = frozenset()):
        self.conn = conn
        self.asks = asks  # words that ask for a relation ("cost", "directed"): never typos of a title

    def resolve(self, text: str, scopes: tuple[int, ...]) -> Film | None:
        """The film a title (as typed) means, or None."""
        return self.lookup(text, scopes)[0]

    def lookup(self, text: str, scopes: tuple[int, ...]) -> tuple[Film | None, list[str]]:
        """The film a title means, or None and up to three did-you-mean titles."""
        keys = _query_keys(text)
        if not keys:
            return None, []
        rows = _strongest(self._exact(keys, scopes))
        if rows:
            return self._also_known_as(_group(rows, keys[0], 100.0), scopes), []
        scored = self._scored(keys[0], scopes)
        wanted = numbers_in(keys[0])
        best = next(((score, row) for score, row in scored if numbers_in(row.alias) == wanted), None)
        if best and best[0] >= ACCEPT:
            return self._also_known_as(_group(_strongest(self._exact([best[1].alias], scopes)), best[1].alias, best[0]), scopes), []
        return None, _suggestions(scored, 3)

    def suggest(self, text: str, scopes: tuple[int, ...], limit: int = 3) -> list[str]:
        """Up to ``limit`` film titles close to what was typed, best first."""
        keys = _query_keys(text)
        return _suggestions(self._scored(keys[0], scopes), limit) if keys else []

    def complete(self, prefix: str, scopes: tuple[int, ...], limit: int = 25) -> list[str]:
        """Film titles for autocomplete: those starting with what was typed, most mentioned
        first, then close matches; at most ``limit``."""
        key = title_key(prefix)
        rows = self.conn.execute(
            "SELECT DISTINCT n.display FROM aliases a CROSS JOIN names n ON n.id = a.name_id"
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
                    if all(t in STOPWORDS or t in _QUESTION_WORDS for t in gram) or _splits_compound(tokens, i, n):
                        continue
                    grams.setdefault(" ".join(gram), (i, n))
            if not grams:
                continue
            rows = self._exact(list(grams), scopes)
            by_alias: dict[str, list[_Row]] = {}
            for row in rows:
                if " " in row.alias or not row.key.startswith(("the ", "a ", "an ")):  # "office" is not The Office
                    by_alias.setdefault(row.alias, []).append(row)
            for alias, group in by_alias.items():
                group = _strongest(group)
                film = _group(group, alias, 100.0)
                i, n = grams[alias]
                rest = " ".join(tokens[:i] + tokens[i + n:])
                person = all(r.person > max(r.film, r.other) for r in group)
                after_in = i > 0 and tokens[i - 1] == "in"  # "who plays Kestrel in Tidebreaker": the film is what it is in
                found.append(((film.is_film, n, after_in, -sum(r.articles for r in group)), film, rest, person))
        best = max(found, key=lambda f: f[0]) if found else None
        if best and best[1].is_film:
            return self._also_known_as(best[1], scopes), best[2]  # a known film
        rows = self._fuzzy_rows(question, scopes, typos_only=True)
        fuzzy = self._fuzzy_in(question, [r for r in rows if r.is_film], scopes)
        if fuzzy is not None:
            return fuzzy  # a misspelt film
        if best:
            return self._also_known_as(best[1], scopes), best[2]  # a name of several words, a person, or another known name
        rows = self._fuzzy_rows(question, scopes, typos_only=False)
        fuzzy = self._fuzzy_in(question, [r for r in rows if r.person <= max(r.film, r.other)], scopes)
        if fuzzy is not None:
            return fuzzy  # a misspelt name of something else ("the annie awards": the Annies)
        return None, " ".join(key_tokens(question))

    # -- look-ups ----------------------------------------------------------------------

    def _exact(self, keys: list[str], scopes: tuple[int, ...]) -> list[_Row]:
        marks = ",".join("?" * len(keys))
        scope_marks = ",".join("?" * len(scopes))
        sql = (
            "SELECT a.name_id, a.key, n.key, n.display, n.film, n.person, n.other, n.articles, a.weak"
            " FROM aliases a CROSS JOIN names n ON n.id = a.name_id"
            f" WHERE a.key IN ({marks}) AND EXISTS (SELECT 1 FROM name_scopes s"
            f" WHERE s.name_id = n.id AND s.guild_id IN ({scope_marks}))"
        )
        return [_Row(*r) for r in self.conn.execute(sql, [*keys, *scopes])]

    def _also_known_as(self, film: Film, scopes: tuple[int, ...]) -> Film:
        """A film with the names its full titles contain as short forms: asking for "Lemony
        Snicket" also finds "A Series of Unfortunate Events", named alone in other articles."""
        rows = self.conn.execute(
            "SELECT a.key, n.key FROM aliases a CROSS JOIN names n ON n.id = a.name_id"
            f" WHERE a.name_id IN ({','.join('?' * len(film.ids))}) AND a.weak = 0",
            film.ids,
        ).fetchall()
        # not the franchise a full title starts with: "Star Wars" for Star Wars: The Last Jedi
        keys = sorted({alias for alias, own in rows if alias != own and not own.startswith(alias + " ")})
        if film.is_film and (same := self._same_sequel(film, [alias for alias, _ in rows if alias.endswith(" sequel")], scopes)):
            film = Film(tuple(sorted({*film.ids, *same})), film.title, film.key, film.score, film.is_film)
        if not film.is_film and 2 <= len(words := film.key.split()) <= 3 and film.score >= 100 and self._is_person(film):
            return self._with_surname(film, words[-1], scopes)  # "Brando", in articles that never say "Marlon"
        if not film.is_film:
            keys = sorted(set(keys) | number_forms(film.key))  # "the Baftas" is also "Bafta", "Baftas"
        if not keys:
            return film
        more = [r[0] for r in self.conn.execute(
            f"SELECT n.id FROM names n WHERE n.key IN ({','.join('?' * len(keys))}) AND n.person <= n.film"
            f" AND EXISTS (SELECT 1 FROM name_scopes s WHERE s.name_id = n.id AND s.guild_id IN ({','.join('?' * len(scopes))}))",
            [*keys, *scopes],
        ) if r[0] not in film.ids][:20]
        return Film(tuple(sorted({*film.ids, *more})), film.title, film.key, film.score, film.is_film) if more else film

    def _same_sequel(self, film: Film, sequel_keys: list[str], scopes: tuple[int, ...]) -> list[int]:
        """The other name of this film's sequel: "Night Train 2" and "Night Train: Embers" are one
        film where articles call both the Night Train sequel, and no other film is called so (two
        sequels of one film stay apart); a different number keeps them apart too."""
        if not sequel_keys:
            return []
        rows = self.conn.execute(
            "SELECT DISTINCT n.id, n.key FROM aliases a CROSS JOIN names n ON n.id = a.name_id"
            f" WHERE a.key IN ({','.join('?' * len(sequel_keys))}) AND a.weak = 0 AND n.film > n.person AND n.film > n.other"
            f" AND EXISTS (SELECT 1 FROM name_scopes s WHERE s.name_id = n.id AND s.guild_id IN ({','.join('?' * len(scopes))}))",
            [*sequel_keys, *scopes],
        ).fetchall()
        others = [(name_id, key) for name_id, key in rows if name_id not in film.ids]
        if len(others) != 1:
            return []
        (name_id, key), ours = others[0], numbers_in(film.key)
        theirs = numbers_in(key)
        return [] if ours and theirs and ours != theirs else [name_id]

    def _is_person(self, film: Film) -> bool:
        row = self.conn.execute(f"SELECT max(person > film AND person > other) FROM names WHERE id IN ({','.join('?' * len(film.ids))})", film.ids).fetchone()
        return bool(row and row[0])

    def _with_surname(self, person: Film, surname: str, scopes: tuple[int, ...]) -> Film:
        """A person with the name their surname alone stands for, where that is a person too."""
        if len(surname) < 3:
            return person
        row = self.conn.execute(
            "SELECT n.id FROM names n WHERE n.key = ? AND n.person > n.film AND n.person > n.other"
            f" AND EXISTS (SELECT 1 FROM name_scopes s WHERE s.name_id = n.id AND s.guild_id IN ({','.join('?' * len(scopes))}))",
            [surname, *scopes],
        ).fetchone()
        if row is None or row[0] in person.ids:
            return person
        return Film(tuple(sorted({*person.ids, row[0]})), person.title, person.key, person.score, person.is_film)

    def _scored(self, key: str, scopes: tuple[int, ...]) -> list[tuple[float, _Row]]:
        """Candidate titles for a typed key, scored and best first (numbers not yet checked)."""
        words = [w for w in key.split() if len(w) >= 3 and w not in STOPWORDS]
        rows = self._rows(self._names_with(self._similar_words(words), scopes))
        hits = process.extract(
            key, [r.alias for r in rows], scorer=fuzz.token_set_ratio, processor=None, limit=40, score_cutoff=SUGGEST
        )
        scored = [(_typed_score(key, rows[i].alias, score), rows[i]) for _, score, i in hits]
        return sorted(scored, key=lambda x: (-x[0], not x[1].is_film, -x[1].articles))

    def _rows(self, ids: list[int], films_only: bool = False) -> list[_Row]:
        """Every alias of the given names (of those that are films, with ``films_only``)."""
        if not ids:
            return []
        only = " AND n.film > n.person AND n.film > n.other" if films_only else ""
        return [
            _Row(*r) for r in self.conn.execute(
                "SELECT a.name_id, a.key, n.key, n.display, n.film, n.person, n.other, n.articles, a.weak"
                f" FROM names n CROSS JOIN aliases a ON a.name_id = n.id WHERE n.id IN ({','.join('?' * len(ids))}){only}",
                ids,
            )
        ]

    def _similar_words(self, words: list[str], typos_only: bool = False) -> list[set[str]]:
        """For each query word, the stored title words equal to it or a letter or two away
        (with ``typos_only``, only for words that are not title words themselves)."""
        variants: dict[str, set[str]] = {}
        for w in words:
            for v in word_variants(w):
                variants.setdefault(v, set()).add(w)
        if not variants:
            return []
        marks = ",".join("?" * len(variants))
        groups: dict[str, set[str]] = {w: set() for w in words}
        for variant, word in self.conn.execute(f"SELECT variant, word FROM word_variants WHERE variant IN ({marks})", list(variants)):
            for asked in variants[variant]:
                if fuzz.ratio(word, asked) >= 70:
                    groups[asked].add(word)
        return [g for asked, g in groups.items() if g and not (typos_only and asked in g)]

    def _names_with(self, groups: list[set[str]], scopes: tuple[int, ...], limit: int = MAX_CANDIDATES) -> list[int]:
        """Names containing a word of the rarest group (and, when that is common, of the next
        rarest too; when both are rare, of either), visible in the scopes: at most MAX_CANDIDATES,
        never a scan of all titles."""
        if not groups:
            return []
        every = sorted(set().union(*groups))
        counts = dict(self.conn.execute(
            f"SELECT word, count(*) FROM name_words WHERE word IN ({','.join('?' * len(every))}) GROUP BY word", every
        ).fetchall())
        groups = sorted(groups, key=lambda g: sum(counts.get(w, 0) for w in g))
        first, rest = sorted(groups[0]), groups[1:]
        named = f"SELECT name_id FROM name_words WHERE word IN ({','.join('?' * len(first))})"
        params: list = [*first]
        second = sorted(rest[0]) if rest else []
        if second and sum(counts.get(w, 0) for w in first) > MAX_CANDIDATES:
            # two common words: names with both (one merge, not a probe per name)
            named += f" INTERSECT SELECT name_id FROM name_words WHERE word IN ({','.join('?' * len(second))})"
            params += second
        elif second and sum(counts.get(w, 0) for w in second) <= MAX_CANDIDATES:
            # two rare words: names with either ("abot a boy": "abot" is near "bout", and "boy" finds About a Boy)
            named += f" UNION SELECT name_id FROM name_words WHERE word IN ({','.join('?' * len(second))})"
            params += second
        sql = (
            f"SELECT w.name_id FROM ({named}) w"
            f" WHERE EXISTS (SELECT 1 FROM name_scopes s WHERE s.name_id = w.name_id AND s.guild_id IN ({','.join('?' * len(scopes))}))"
            " LIMIT ?"
        )
        return [r[0] for r in self.conn.execute(sql, [*params, *scopes, limit])]

    def _fuzzy_rows(self, question: str, scopes: tuple[int, ...], typos_only: bool) -> list[_Row]:
        """Names with words one or two letters away from (not equal to) a question's words,
        with all their aliases; with ``typos_only`` (the first, film-only pass), only for words
        that are no title's words."""
        content = [
            t for t in key_tokens(question)
            if len(t) >= 3 and t not in STOPWORDS and t not in _QUESTION_WORDS and t not in self.asks
        ]
        groups = self._similar_words(content, typos_only=typos_only) if content else []
        groups = [g - set(content) for g in groups]  # exact words were looked up already
        ids = {i for group in groups if group for i in self._names_with([group], scopes, QUESTION_CANDIDATES)}
        return self._rows(sorted(ids), films_only=typos_only)

    def _fuzzy_in(self, question: str, rows: list[_Row], scopes: tuple[int, ...]) -> tuple[Film, str] | None:
        """The candidate best matching a run of the question's words of the same length."""
        tokens = key_tokens(question)
        by_length: dict[int, list[_Row]] = {}
        for row in rows:
            by_length.setdefault(row.alias.count(" ") + 1, []).append(row)
        best: tuple[float, _Row, int, int] | None = None
        for n, group in by_length.items():
            choices = [r.alias for r in group]
            for i in range(len(tokens) - n + 1):
                gram = " ".join(tokens[i:i + n])
                for _, score, j in process.extract(gram, choices, scorer=fuzz.ratio, score_cutoff=ACCEPT, limit=3):
                    if numbers_in(gram) == numbers_in(group[j].alias) and (best is None or score > best[0]):
                        best = (score, group[j], i, n)
        if best is None:
            return None
        score, row, i, n = best
        film = _group(_strongest(self._exact([row.alias], scopes)), row.alias, score)
        return film, " ".join(tokens[:i] + tokens[i + n:])


_COMPOUNDS = (("box", "office"),)  # words of a trade phrase are no title on their own: "the box office" is not The Office


def _splits_compound(tokens: list[str], i: int, n: int) -> bool:
    """Whether tokens[i:i+n] takes part of a compound and leaves the rest ("office" of "box office")."""
    for compound in _COMPOUNDS:
        k = len(compound)
        for j in range(len(tokens) - k + 1):
            if tuple(tokens[j:j + k]) == compound and i < j + k and j < i + n and not (i <= j and j + k <= i + n):
                return True
    return False


def number_forms(key: str) -> set[str]:
    """A name's key with and without "the" and a plural ``s``: ``the baftas`` -> ``bafta``, ``baftas``."""
    bare = key[4:] if key.startswith("the ") else key
    forms = {bare, bare[:-1] if bare.endswith("s") else bare + "s"}
    return {f for f in forms | {f"the {f}" for f in forms} if f and f != key}


REFERRING = frozenset("sequel prequel remake reboot spinoff film movie series franchise".split())  # "the Heat sequel"


def _typed_score(key: str, alias: str, set_score: float) -> float:
    """How well a typed key matches a title: mostly by shared words, partly by spelling; a
    single slip of the fingers (one letter added, dropped, changed or two swapped: "clsoer")
    always counts as the title, however short, and a word the title lacks never does (it may
    still be offered as "did you mean")."""
    score = 0.75 * set_score + 0.25 * fuzz.ratio(key, alias)
    if len(key) >= 5 and OSA.distance(key, alias, score_cutoff=1) <= 1:
        return max(score, ACCEPT)
    known = alias.split()
    if any(len(w) >= 4 and w not in STOPWORDS and w not in REFERRING and not any(fuzz.ratio(w, k) >= 75 for k in known) for w in key.split()):
        return min(score, ACCEPT - 1)  # "The Hollow Choir: Vespers" is not The Hollow Choir: a word more is another title
    return score


def _strongest(rows: list[_Row]) -> list[_Row]:
    """The rows a key names for certain, when one of them is a film: a film called "The Long
    Quiet" keeps the key from meaning "The Long Quiet: Embers" (which has it only as a short form)."""
    strong = [r for r in rows if not r.weak]
    return strong if any(r.is_film for r in strong) else rows


def _suggestions(scored: list[tuple[float, _Row]], limit: int) -> list[str]:
    out: list[str] = []
    for score, row in scored:
        if score >= SUGGEST and row.is_film and row.display not in out:
            out.append(row.display)
        if len(out) == limit:
            break
    return out


def _query_keys(text: str) -> list[str]:
    key = title_key(text)
    if not key:
        return []
    keys = [key]
    if key.startswith(("the ", "a ", "an ")) and " " in key:
        keys.append(key.split(" ", 1)[1])
    keys.append(key.replace(" ", ""))
    return list(dict.fromkeys(keys))


def _group(rows: list[_Row], key: str, score: float) -> Film:
    """The names one key stands for, shown by the most-used film among them."""
    own = [r for r in rows if r.key == key]
    pick = max(own or rows, key=lambda r: (r.is_film, r.articles, -len(r.display)))
    # its own name first, then the most-mentioned others: a bounded group however common the key
    ranked = sorted(rows, key=lambda r: (r.key != key, -r.articles))
    ids = tuple(sorted(list(dict.fromkeys(r.name_id for r in ranked))[:MAX_GROUP]))
    return Film(ids, pick.display, key, score, any(r.is_film for r in rows))
