"""Film titles: the keys and aliases one title is known by.

``Alita: Battle Angel 2`` is also ``alita 2`` (a subtitle may be dropped, where no other film has
that short title: :func:`short_forms`); ``Dune: Part Two``
is ``dune 2``; ``The Irishman`` is ``irishman``; ``La La Land`` is ``lalaland`` (typed without
spaces); ``Miss Peregrine's Home for Peculiar Children`` is ``miss peregrine``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .text import GENERIC, STOPWORDS, key_tokens, numbers_in, title_key

_SUBTITLE = re.compile(r"\s*(?::|\s[-–—]\s)\s*")
_POSSESSIVE = re.compile(r"['’]s\s+")
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr|sir|dame)\b\s*", re.IGNORECASE)
_ARTICLE = ("the ", "a ", "an ")


@lru_cache(maxsize=65536)
def aliases(display: str, possessive: bool = True) -> frozenset[str]:
    """Every key a title answers to, its own key included; compact (space-free) forms too.

    With ``possessive``, ``Michelle Paver's Wolf Brother`` also answers to both halves.
    """
    key = title_key(display)
    if not key:
        return frozenset()
    keys = {key}
    parts = _SUBTITLE.split(display, maxsplit=1)
    if len(parts) == 2 and title_key(parts[0]):
        subtitle = title_key(parts[1])
        generic = all(w in GENERIC or w in ("the", "a", "an") for w in subtitle.split())  # (not "Garfield: The Movie")
        if len(subtitle.split()) >= 2 and not numbers_in(subtitle) and not generic:
            keys.add(subtitle)  # "Star Wars: The Last Jedi" is also "The Last Jedi"
    pieces = _POSSESSIVE.split(display, maxsplit=1)
    if possessive and len(pieces) == 2 and all(len(key_tokens(p)) >= 2 for p in pieces):
        keys.update(title_key(p) for p in pieces)
    if _HONORIFIC.match(display):
        keys.add(title_key(_HONORIFIC.sub("", display)))
    keys |= {k.split(" ", 1)[1] for k in keys if k.startswith(_ARTICLE) and " " in k}
    keys |= {k.replace(" ", "") for k in keys if " " in k}
    return frozenset(k for k in keys if k and k not in STOPWORDS)


@lru_cache(maxsize=65536)
def short_forms(display: str) -> frozenset[str]:
    """The keys of a title with its subtitle dropped: ``Alita: Battle Angel`` -> ``alita``,
    ``Alita: Battle Angel 2`` -> ``alita 2``. Weaker than :func:`aliases`: ``The Long Quiet:
    Embers`` is not ``The Long Quiet`` where a film has that title of its own."""
    key = title_key(display)
    parts = _SUBTITLE.split(display, maxsplit=1)
    if len(parts) != 2 or not (main := title_key(parts[0])) or main in GENERIC:
        return frozenset()
    number = numbers_in(key)[-1:] if numbers_in(key) and not numbers_in(main) else ()
    short = " ".join([main, *number])
    keys = {short}
    if short.startswith(_ARTICLE) and " " in short:
        keys.add(short.split(" ", 1)[1])
    keys |= {k.replace(" ", "") for k in keys if " " in k}
    return frozenset(k for k in keys if k and k not in STOPWORDS and k != key) - aliases(display)


def with_number(display: str, number: int) -> str:
    """The title of a numbered sequel: ``Alita: Battle Angel`` + 3 -> ``Alita: Battle Angel 3``."""
    return f"{display} {number}"


def base_title(display: str) -> str:
    """A title without its trailing sequel number: ``Star Trek 4`` -> ``Star Trek``."""
    return re.sub(r"\s+\d+$", "", display)


def base_key(key: str) -> str:
    """A key without its trailing sequel number: ``star trek 4`` -> ``star trek``."""
    words = key.split()
    return " ".join(words[:-1]) if len(words) > 1 and words[-1].isdigit() else key


def sequel_number(key: str) -> int | None:
    """The trailing sequel number of a key, if it has one."""
    words = key.split()
    return int(words[-1]) if len(words) > 1 and words[-1].isdigit() and len(words[-1]) <= 2 else None
