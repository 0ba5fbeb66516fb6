"""The names of the film business that are never films (``config/names.toml``), and given names.

A name an article mentions is looked up here by its key: ``Amazon MGM Studios`` is a company,
``Rotten Tomatoes`` an outlet, ``CinemaScore`` an outlet, ``Cannes`` a festival, ``Iceland`` a
place. Names not listed are recognised by their shape: ``Marsh Light Pictures`` ends like a
company, ``Fantastic Fest`` like a festival. Both files are data, checked when loaded: a list
name the file may not have, or a value that is not a list of names, stops with one line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .errors import LexiconError
from .text import title_key

KINDS = ("company", "outlet", "award", "festival", "place")
_SHAPES = {"company_last": "company", "festival_last": "festival", "award_last": "award", "place_last": "place"}


@dataclass(frozen=True)
class Gazetteer:
    """Known names by key, and the last words that mark a kind of name."""

    known: dict[str, str]  # name key -> kind
    last_words: dict[str, str]  # last word (lower case) -> kind

    @classmethod
    def parse(cls, text: str, where: str = "config/names.toml") -> Gazetteer:
        """Read a names file; LexiconError (one line) if it is not one."""
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise LexiconError(f"{where}: not valid TOML ({error})") from None
        unknown = set(table) - {*KINDS, "shapes"}
        if unknown:
            raise LexiconError(f"{where}: unknown list [{sorted(unknown)[0]}] (known: {', '.join(KINDS)}, shapes)")
        known: dict[str, str] = {}
        for kind in KINDS:
            for name in _strings(table.get(kind, {}), "names", f"{where} [{kind}]"):
                known.setdefault(title_key(name), kind)
        shapes = table.get("shapes", {})
        last_words: dict[str, str] = {}
        for key, kind in _SHAPES.items():
            for word in _strings(shapes, key, f"{where} [shapes]"):
                last_words.setdefault(word.lower().rstrip("."), kind)
        extra = set(shapes) - set(_SHAPES)
        if extra:
            raise LexiconError(f"{where} [shapes]: unknown key {sorted(extra)[0]!r} (known: {', '.join(_SHAPES)})")
        known.pop("", None)
        return cls(known, last_words)

    def kind(self, key: str, display: str = "") -> str | None:
        """What a name is, if the lists say: by its key, else by its last word (``Pikestaff Films``)."""
        if (kind := self.listed(key)) is not None:
            return kind
        words = display.split()
        if len(words) >= 2:
            return self.last_words.get(words[-1].lower().rstrip(".,"))
        return None


    def listed(self, key: str) -> str | None:
        """What a name is if a list names it (``the`` aside)."""
        if (kind := self.known.get(key)) is not None:
            return kind
        return self.known.get(key[4:]) if key.startswith("the ") else None


def _strings(table: object, key: str, where: str) -> list[str]:
    if not isinstance(table, dict):
        raise LexiconError(f"{where}: expected a table")
    unknown = set(table) - {key} if key == "names" else set()
    if unknown:
        raise LexiconError(f"{where}: unknown key {sorted(unknown)[0]!r} (expected 'names')")
    values = table.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise LexiconError(f"{where}: {key!r} must be a list of non-empty strings")
    return values


@cache
def default_gazetteer() -> Gazetteer:
    """The shipped name lists, read once."""
    return Gazetteer.parse(resources.files("config").joinpath("names.toml").read_text("utf-8"))


@cache
def given_names() -> frozenset[str]:
    """Common given names (``config/given_names.txt``): "Rosa Salazar" is a person."""
    return _words("given_names.txt")


@cache
def nationalities() -> frozenset[str]:
    """Nationalities (``config/nationalities.txt``): "a German movie" names no film."""
    return _words("nationalities.txt")


def _words(file: str) -> frozenset[str]:
    text = resources.files("config").joinpath(file).read_text("utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())
