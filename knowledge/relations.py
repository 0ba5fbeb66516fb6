"""The relation lexicon (``config/relations.toml``): which words state which fact.

A *cue* is a place in a sentence where a relation is stated: ``directed by`` (directed),
``opens in theaters`` (release). The lexicon lives in a file so it can grow without code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from .errors import LexiconError
from .text import fold

STRONG, WEAK = 1.0, 0.4
CREDITS = ("directed", "wrote", "stars", "produced", "composed")  # the relations "who ...?" asks for: a name answers


@dataclass(frozen=True)
class Cue:
    """A relation stated at ``start``..``end`` of a sentence, with how clearly (``weight``)."""

    relation: str
    start: int
    end: int
    weight: float


@dataclass(frozen=True)
class Relation:
    name: str
    label: str
    asks: tuple[str, ...]


_WORD = re.compile(r"[$£€]|[^\W_]+(?:['-][^\W_]+)*")
_EXCLUDED = 0.0


_KEYS = {"label": str, "strong": list, "weak": list, "not": list, "asks": list}


def validated(table: dict, where: str) -> dict:
    """A relations table checked entry by entry; LexiconError names the first bad one
    (``config/relations.toml [directed]: unknown key 'stong'``)."""
    if not table:
        raise LexiconError(f"{where}: no relations")
    for name, spec in table.items():
        if not isinstance(spec, dict):
            raise LexiconError(f"{where}: {name!r} must be a [section] of phrases")
        for key, value in spec.items():
            if key not in _KEYS:
                raise LexiconError(f"{where} [{name}]: unknown key {key!r} (known: {', '.join(_KEYS)})")
            if not isinstance(value, _KEYS[key]) or (
                isinstance(value, list) and not all(isinstance(v, str) and v.strip() for v in value)
            ):
                kind = "a string" if _KEYS[key] is str else "a list of non-empty strings"
                raise LexiconError(f"{where} [{name}]: {key!r} must be {kind}")
        if not spec.get("strong") and not spec.get("weak"):
            raise LexiconError(f"{where} [{name}]: no phrases (give 'strong' or 'weak')")
    return table


class Lexicon:
    """The relations and the phrases that state them, indexed by first word for fast matching."""

    def __init__(self, table: dict):
        self.relations = {
            name: Relation(name, spec.get("label", name), tuple(a.lower() for a in spec.get("asks", [])))
            for name, spec in table.items()
        }
        # first word -> [(phrase words, relation, weight)]; weight 0 marks a look-alike ("not")
        self._phrases: dict[str, list[tuple[tuple[str, ...], str, float]]] = {}
        for name, spec in table.items():
            for group, weight in (("strong", STRONG), ("weak", WEAK), ("not", _EXCLUDED)):
                for phrase in spec.get(group, []):
                    words = tuple(_words(fold(phrase.lower())))
                    if words:
                        self._phrases.setdefault(words[0], []).append((words, name, weight))

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        """Read and check a lexicon file; by default the one shipped in ``config/``."""
        where = "config/relations.toml" if path is None else str(path)
        try:
            if path is None:
                text = resources.files("config").joinpath("relations.toml").read_text("utf-8")
            else:
                text = Path(path).read_text("utf-8")
            table = tomllib.loads(text)
        except (OSError, UnicodeDecodeError) as error:
            raise LexiconError(f"{where}: cannot read it ({getattr(error, 'strerror', None) or error})") from None
        except tomllib.TOMLDecodeError as error:
            raise LexiconError(f"{where}: not valid TOML ({error})") from None
        return cls(validated(table, where))

    def strong_words(self) -> dict[str, frozenset[str]]:
        """Each relation's strong cues of one word ("directed", "follows"), by relation."""
        out: dict[str, set[str]] = {}
        for phrases in self._phrases.values():
            for words, relation, weight in phrases:
                if weight >= STRONG and len(words) == 1:
                    out.setdefault(relation, set()).add(words[0])
        return {relation: frozenset(words) for relation, words in out.items()}

    def label(self, relation: str) -> str:
        rel = self.relations.get(relation)
        return rel.label if rel else relation

    def cues(self, sentence: str) -> list[Cue]:
        """Every relation cue in a sentence, look-alikes ("direct-to-video") and cues inside a
        longer cue of the same relation left out."""
        text = fold(sentence).lower()
        matches = list(_WORD.finditer(text))
        words = [m.group() for m in matches]
        words = [w[:-2] if w.endswith("'s") else w for w in words]  # "director's" -> "director"
        found: list[Cue] = []
        blocked: list[tuple[str, int, int]] = []
        phrases = self._phrases
        for i, word in enumerate(words):
            if word not in phrases:
                continue
            for phrase, relation, weight in phrases[word]:
                end = i + len(phrase)
                if tuple(words[i:end]) != phrase or not _spaced(text, matches[i:end]):
                    continue
                span = (matches[i].start(), matches[end - 1].end())
                if weight == _EXCLUDED:
                    blocked.append((relation, *span))
                else:
                    found.append(Cue(relation, span[0], span[1], weight))
        found = [c for c in found if not any(r == c.relation and a < c.end and c.start < b for r, a, b in blocked)]
        return [  # (a cue inside a longer one of its relation, "screened" in "be screened", is that cue, not another)
            c for i, c in enumerate(found)
            if not any(
                o.relation == c.relation and o.start <= c.start and c.end <= o.end
                and (o.end - o.start, o.weight, -j) > (c.end - c.start, c.weight, -i)
                for j, o in enumerate(found)
            )
        ]

    def asked(self, question: str) -> list[str]:
        """The relations a question's words ask for: the one asked by the question's verb
        (``who won best director`` asks for awards) first, then the most specific phrase."""
        text = " " + re.sub(r"[^\w$£'-]+", " ", fold(question).lower()) + " "
        words = text.split()
        verb = words[1] if len(words) > 1 and words[0] in ("who", "what", "which") else ""
        hits = []
        for rel in self.relations.values():
            best = max((len(a) for a in rel.asks if f" {a} " in text), default=0)
            if best:
                hits.append((verb in rel.asks, best, rel.name))
        return [name for *_, name in sorted(hits, reverse=True)]


@cache
def default_lexicon() -> Lexicon:
    """The shipped lexicon, read once."""
    return Lexicon.load()


def _spaced(text: str, matches: list[re.Match]) -> bool:
    """Whether a phrase's words stand apart only by spaces: "score, a collection" is not "score a"."""
    return all(not text[a.end():b.start()].strip() for a, b in zip(matches, matches[1:]))


def _words(text: str) -> list[str]:
    return [_base(m.group()) for m in _WORD.finditer(text)]


def _base(word: str) -> str:
    """A word without a possessive ending: ``director's`` -> ``director``."""
    return word[:-2] if word.endswith("'s") else word
