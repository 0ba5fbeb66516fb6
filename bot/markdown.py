"""Article-derived text made safe for the place it goes in a Discord message.

A headline, a film name, a sentence or a link comes from a page or a feed that anyone may have
written, so it must never restyle a reply, open a heading, hide a spoiler, mask a link or look
like a mention. Each place has its own rule: :func:`escape` for text where markdown is read
(message content, embed titles, descriptions and field values), :func:`code` for the inside of
an inline code span, :func:`link` for a link target (``<url>`` or ``[title](url)``). Embed
footers show text as it is, so they take it unescaped.
"""

from __future__ import annotations

import re
import urllib.parse

MAX_URL = 400
_INLINE = re.compile(r"([\\*_~`|>\[\]()<#])")
_LINE_START = re.compile(r"(?m)^(\s*)([-+]|\d+(?=[.)]))")  # list items ("- ", "1. ") and "-#" subtext
_WEB = re.compile(r"https?://", re.IGNORECASE)
_URL_SAFE = "-._~:/?#!$&'*+,;=%"  # what may stay as it is in a link: no brackets, no <>, no |, ` or @


def unping(text: str) -> str:
    """Text with nothing that looks like a mention (``@everyone``, ``<@123>``): a zero-width
    space after each ``@``. Everywhere, even where markdown is not read."""
    return text.replace("@", "@\u200b")


def escape(text: str) -> str:
    """Text shown where Discord reads markdown: every marker escaped, every line start too, and
    nothing that can ping."""
    return _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", unping(text)))


def code(text: str) -> str:
    """Text shown inside an inline code span, which nothing can escape: no backticks to close
    it early, one line, no mention syntax."""
    return unping(" ".join(text.replace("`", "'").split()))


def link(url: str | None) -> str | None:
    """A web link safe as a link target: every character that could end ``<url>`` or
    ``[title](url)`` early, or that is not allowed in a URL at all, percent-encoded. None if it
    is no http(s) link or is too long to show: a headline and date identify an article; a
    2,000-character tracking link does not."""
    if not url or len(url) > MAX_URL or not _WEB.match(url):
        return None
    return urllib.parse.quote(url, safe=_URL_SAFE)
