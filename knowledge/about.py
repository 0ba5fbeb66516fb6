"""When an article is *about* a film, not just mentioning it in passing.

It is when the film is named in the headline (sentence 0) or the lede (sentences 1-2), or when
at least three of its sentences link to it (name it, or refer back to it). Follow notices go
out only for such articles, and a film's timeline lists them.
"""

from __future__ import annotations

from collections.abc import Iterable

from .analysis import EXPLICIT

LEDE_END = 2  # the last sentence position of the lede (0 is the headline)
MIN_LINKED = 3  # sentences linking to a film that make an article about it


def is_about(mentions: Iterable[tuple[int, int]]) -> bool:
    """Whether an article whose sentences mention a film as ``(position, link)`` is about it."""
    found = list(mentions)
    return any(position <= LEDE_END and link >= EXPLICIT for position, link in found) or len(found) >= MIN_LINKED
