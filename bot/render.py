"""Turn an engine Answer into the text the bot posts, within Discord's limits.

Replies quote article text verbatim, so they are escaped for Discord markdown (an article's
``*`` or ``_`` must not restyle the reply) and are always sent with no mentions allowed.
"""

from __future__ import annotations

import re

from knowledge.answer import Answer, Source

MESSAGE_LIMIT = 2000
MAX_URL = 400
_MARKDOWN = re.compile(r"([\\*_~`|>\[\]()])")

HELP = """\
**filmbot** answers film-news questions with one sentence quoted from the articles it was given.
`!status <film>` — how it is coming along (the newest news wins)
`!who directed <film>` — also `who wrote`, `who stars in`, `who is in`, `who produced`, `who composed`
`!when <film>` — release news
`!ask <question>` — anything, e.g. `!ask who plays Dr. Ido in Alita?`
`!film <film>` — a short card: director, writers, cast, release, status
`!sources <film>` — the articles that mention it
Every answer is a real sentence from a real article, with its source; when no article says it, I say so."""

LABELS = {
    "directed": "Director", "wrote": "Writers", "stars": "Cast", "produced": "Producers",
    "composed": "Music", "release": "Release", "status": "Status",
}


def escape(text: str, markdown: bool = True) -> str:
    """Article text made safe to post: markdown characters escaped, nothing left to ping."""
    text = text.replace("@", "@\u200b")
    return _MARKDOWN.sub(r"\\\1", text) if markdown else text


def quoted(text: str) -> str:
    """Text in quotation marks, unless it already opens with one (a sentence that is a quote)."""
    return text if text.startswith(("“", '"', "‘", "'")) else f"“{text}”"


def link_target(url: str | None) -> str | None:
    """A URL safe inside markdown (it cannot end a link early), or None if it is too long to
    show: a headline and date identify an article; a 2,000-character tracking link does not."""
    if not url or len(url) > MAX_URL:
        return None
    return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")


def source_line(source: Source, markdown: bool = True) -> str:
    """``— Headline · 2025-11-18 · <url>`` (the link in angle brackets so Discord shows no preview)."""
    parts = [escape(source.title, markdown), source.date or "undated"]
    if url := link_target(source.url):
        parts.append(f"<{url}>" if markdown else url)
    return shorten("— " + " · ".join(parts), MESSAGE_LIMIT // 2)


def render(answer: Answer, markdown: bool = True) -> str:
    """The reply to post (or print) for an answer, at most 2,000 characters."""
    if answer.intent == "help":
        return HELP if markdown else re.sub(r"[`*]", "", HELP)
    if answer.sentence is not None and answer.source is not None:
        tail = source_line(answer.source, markdown)
        if answer.also:
            more = "source" if answer.also == 1 else "sources"
            tail += f"\n+{answer.also} more {more}: `!sources {answer.film}`" if answer.film else ""
        return _quote_with(answer.sentence, tail, markdown)
    if answer.card:
        return _card(answer, markdown)
    if answer.sources:
        return _sources(answer, markdown)
    return _no_answer(answer, markdown)


def _quote_with(sentence: str, tail: str, markdown: bool) -> str:
    room = MESSAGE_LIMIT - len(tail) - 3
    body = escape(sentence, markdown)
    if len(body) > room:
        body = shorten(body, room)
    return f"> {body}\n{tail}" if markdown else f"{quoted(body)}\n{tail}"


def shorten(text: str, limit: int) -> str:
    """Cut text to at most ``limit`` characters at a word boundary, marking the cut with …"""
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" \\,;:") + "…"


def _card(answer: Answer, markdown: bool) -> str:
    title = escape(answer.film or "", markdown)
    lines = [f"**{title}**" if markdown else title]
    for relation, sentence, source in answer.card:
        label = LABELS.get(relation, relation)
        date = source.date or "undated"
        line = f"{label}: {escape(sentence, markdown)} ({escape(source.title, markdown)}, {date})"
        lines.append(shorten(line, 600))
    return shorten("\n".join(lines), MESSAGE_LIMIT)


def _sources(answer: Answer, markdown: bool) -> str:
    title = escape(answer.film or "", markdown)
    lines = [f"Articles about {title}:"]
    for source, _count in answer.sources:
        link = f" <{source.url}>" if source.url and markdown else (f" {source.url}" if source.url else "")
        lines.append(f"#{source.article_id} {escape(source.title, markdown)} ({source.date or 'undated'}){link}")
    return shorten("\n".join(lines), MESSAGE_LIMIT)


def _no_answer(answer: Answer, markdown: bool) -> str:
    lines = [f"No answer. {escape(answer.note, markdown)}".strip()]
    read_as = understood(answer)
    if read_as:
        lines.append(f"(I read that as {read_as}.)")
    if answer.suggestions:
        lines.append("Did you mean: " + ", ".join(escape(s, markdown) for s in answer.suggestions) + "?")
    tip = "`!help`" if markdown else "!help"
    if answer.film:
        lines.append(f"Try `!film {escape(answer.film, markdown)}` or {tip}." if markdown else f"Try !film {answer.film} or {tip}.")
    else:
        lines.append(f"Type {tip} for what I can answer.")
    return shorten("\n".join(lines), MESSAGE_LIMIT)


def understood(answer: Answer) -> str:
    """What a question was read as: ``who directed · film: Alita``; empty if nothing useful."""
    what = {
        "who": f"who {answer.relation or ''}".strip(), "when": "when", "status": "status",
        "ask": "a question", "film": "film card", "sources": "sources",
    }.get(answer.intent)
    if not what:
        return ""
    return f"{what} · film: {answer.film}" if answer.film else what
