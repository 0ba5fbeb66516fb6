"""Turn an engine Answer into the text the bot posts (or the console prints), within Discord's limits.

This is the one renderer: the bot's plain-text replies (where it may not embed), the JSON
``reply`` of ``filmbot ask`` and the console all come from :func:`render`, and the bot's embeds
(:mod:`bot.replies`) use the same pieces. Article text is made safe for the place it goes by
:mod:`bot.markdown`; commands are named with the prefix in use; replies are always sent with
no mentions allowed.
"""

from __future__ import annotations

from knowledge.answer import Answer, Source

from .markdown import code, escape, link, unping

MESSAGE_LIMIT = 2000
TIMELINE_LINE = 180  # characters of one timeline line in a message: ten of them, a heading and a footer fit

HELP = """\
**filmbot** answers film-news questions with one sentence quoted from the articles it was given.
`!status <film>` — how it is coming along (the newest news wins)
`!who directed <film>` — also `who wrote`, `who stars in`, `who is in`, `who produced`, `who composed`
`!when <film>` — release news
`!ask <question>` — anything, e.g. `!ask who plays Dr. Ido in Alita?`
`!film <film>` — a short card: director, writers, cast, release, status
`!sources <film>` — the articles that mention it
`!timeline <film>` — its news, newest first, one line per article
`!follow <film>` — hear of every new article about it (`!unfollow`, `!following`)
Every answer is a real sentence from a real article, with its source; when no article says it, I say so."""

LABELS = {
    "directed": "Director", "wrote": "Writers", "stars": "Cast", "produced": "Producers",
    "composed": "Music", "release": "Release", "status": "Status",
}


def shown(text: str, markdown: bool) -> str:
    """Article text for a reply (escaped) or a terminal (as it is, but never a mention)."""
    return escape(text) if markdown else unping(text)


def quoted(text: str) -> str:
    """Text in quotation marks, unless it already opens with one (a sentence that is a quote)."""
    return text if text.startswith(("“", '"', "‘", "'")) else f"“{text}”"


def with_prefix(text: str, prefix: str) -> str:
    """The shipped help names commands with ``!``; show the prefix in use instead."""
    return text if prefix == "!" else text.replace("`!", f"`{prefix}")


def without_prefix(typed: str, prefix: str) -> str:
    """A command typed at the console or ``filmbot ask`` as the engine reads it: the configured
    prefix taken off (the engine itself takes ``!`` or no prefix)."""
    typed = typed.strip()
    return typed[len(prefix):] if prefix != "!" and typed.startswith(prefix) else typed


def command(text: str, prefix: str, markdown: bool) -> str:
    """A command to type, ``!sources Alita``: in a code span for Discord, as it is for a terminal."""
    return f"`{prefix}{code(text)}`" if markdown else f"{prefix}{unping(text)}"


def source_line(source: Source, markdown: bool = True) -> str:
    """``— Headline · 2025-11-18 · <url>`` (the link in angle brackets so Discord shows no preview)."""
    parts = [shown(source.title, markdown), source.date or "undated"]
    if url := link(source.url):
        parts.append(f"<{url}>" if markdown else url)
    return shorten("— " + " · ".join(parts), MESSAGE_LIMIT // 2)


def render(answer: Answer, markdown: bool = True, prefix: str = "!") -> str:
    """The reply to post (``markdown``) or print for an answer, at most 2,000 characters, naming
    commands with ``prefix``."""
    if answer.intent == "help":
        return with_prefix(HELP, prefix) if markdown else with_prefix(HELP, prefix).replace("`", "").replace("*", "")
    if answer.sentence is not None and answer.source is not None:
        tail = source_line(answer.source, markdown)
        if answer.before is not None:
            tail += "\n" + before_line(answer, markdown)
        if answer.also and answer.film:
            more = "source" if answer.also == 1 else "sources"
            tail += f"\n+{answer.also} more {more}: {command('sources ' + answer.film, prefix, markdown)}"
        return _quote_with(answer.sentence, tail, markdown)
    if answer.card:
        return _card(answer, markdown)
    if answer.sources:
        return _sources(answer, markdown)
    if answer.timeline is not None and answer.timeline.entries:
        return "\n".join(timeline_lines(answer, markdown, prefix, TIMELINE_LINE))
    return _no_answer(answer, markdown, prefix)


def before_line(answer: Answer, markdown: bool = True) -> str:
    """``Before: “what an older article said” (2025-08-28)``, for a status answer."""
    older = answer.before
    return shorten(f"Before: {quoted(shown(older.sentence, markdown))} ({older.date})", MESSAGE_LIMIT // 4)


def _quote_with(sentence: str, tail: str, markdown: bool) -> str:
    room = MESSAGE_LIMIT - len(tail) - 3
    body = shown(sentence, markdown)
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
    title = shown(answer.film or "", markdown)
    lines = [f"**{title}**" if markdown else title]
    for relation, sentence, source in answer.card:
        label = LABELS.get(relation, relation)
        date = source.date or "undated"
        line = f"{label}: {shown(sentence, markdown)} ({shown(source.title, markdown)}, {date})"
        lines.append(shorten(line, 600))
    return shorten("\n".join(lines), MESSAGE_LIMIT)


def _sources(answer: Answer, markdown: bool) -> str:
    lines = [f"Articles about {shown(answer.film or '', markdown)}:"]
    for source, _count in answer.sources:
        url = link(source.url)
        shown_url = (f" <{url}>" if markdown else f" {url}") if url else ""
        lines.append(f"#{source.article_id} {shown(source.title, markdown)} ({source.date or 'undated'}){shown_url}")
    return shorten("\n".join(lines), MESSAGE_LIMIT)


def timeline_lines(answer: Answer, markdown: bool, prefix: str, room: int) -> list[str]:
    """A timeline page: a heading, one line per article of at most ``room`` characters
    (``2026-02-20 · Headline — “sentence”``) and, when there are more pages, how to see the next."""
    timeline = answer.timeline
    film = shown(timeline.film or "", markdown)
    pages = f"page {timeline.page} of {timeline.pages}, " if timeline.pages > 1 else ""
    lines = [(f"**{film}**" if markdown else film) + f", newest first ({pages}{timeline.total} article{'s' * (timeline.total != 1)}):"]
    for entry in timeline.entries:
        head = f"{entry.date or 'undated'} · {shown(shorten(entry.headline, room * 2 // 5), markdown)}"
        said = f" — {quoted(shown(entry.sentence, markdown))}" if entry.sentence and entry.sentence != entry.headline else ""
        lines.append(shorten(head + said, room))
    if timeline.page < timeline.pages:
        lines.append(f"Next: {command(f'timeline {timeline.film} {timeline.page + 1}', prefix, markdown)}")
    return lines


def _no_answer(answer: Answer, markdown: bool, prefix: str) -> str:
    lines = [f"No answer. {shown(answer.note, markdown)}".strip()]
    read_as = understood(answer)
    if read_as:
        lines.append(f"(I read that as {shown(read_as, markdown)}.)")
    if answer.suggestions:
        lines.append("Did you mean: " + ", ".join(shown(s, markdown) for s in answer.suggestions) + "?")
    tip = command("help", prefix, markdown)
    if answer.film:
        lines.append(f"Try {command('film ' + answer.film, prefix, markdown)} or {tip}.")
    else:
        lines.append(f"Type {tip} for what I can answer.")
    return shorten("\n".join(lines), MESSAGE_LIMIT)


def understood(answer: Answer) -> str:
    """What a question was read as: ``who directed · film: Alita``; empty if nothing useful."""
    what = {
        "who": f"who {answer.relation or ''}".strip(), "when": "when", "status": "status",
        "ask": "a question", "film": "film card", "sources": "sources", "timeline": "timeline",
    }.get(answer.intent)
    if not what:
        return ""
    return f"{what} · film: {answer.film}" if answer.film else what
