"""What an admin hands the bot to ingest — a link, attached files, pasted text — read as articles.

Everything is checked before anything is stored: attachments by name, type and size, text by
encoding. A refusal is a :class:`Refused` whose message is fit to show the admin. Reading
(fetching, HTML extraction) runs in the bot's intake pool (``INTAKE_THREADS`` threads of its
own), never on the event loop and never in the default pool others rely on: however many slow
links admins send at once, they only wait for each other.
"""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import Executor
from dataclasses import dataclass

import discord

from knowledge.articles import Article, ArticleError, decode, parse_html, parse_text
from knowledge.errors import FilmbotError
from knowledge.fetch import FetchError, FetchPolicy
from knowledge.ingest import is_url, load

TEXT_SUFFIXES = (".txt", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm")
INTAKE_THREADS = 4
_GLOBAL_FLAG = re.compile(r"--global(?:\s+|$)", re.IGNORECASE)
_CODE_FENCE = re.compile(r"\A```[\w-]*\n(.*?)\n?```\Z", re.DOTALL)


class Refused(FilmbotError):
    """An input that cannot become an article; the message says why, for the admin."""


@dataclass(frozen=True)
class Request:
    """An ``!ingest`` argument: ``--global`` or not, then a link or pasted article text."""

    everywhere: bool
    url: str | None
    text: str


def parse_request(argument: str) -> Request:
    argument = argument.strip()
    flag = _GLOBAL_FLAG.match(argument)
    if flag:
        argument = argument[flag.end():]
    link = argument.strip("<>")  # Discord's way of posting a link without a preview
    if link and len(link.split()) == 1 and is_url(link):
        return Request(bool(flag), link, "")
    return Request(bool(flag), None, argument)


def check_attachment(attachment: discord.Attachment, max_bytes: int) -> None:
    """Refuse what is not an article file, or too large, before downloading it."""
    name = attachment.filename.lower()
    if not name.endswith(TEXT_SUFFIXES + HTML_SUFFIXES):
        raise Refused(f"{attachment.filename}: only .txt, .md and .html files can be ingested")
    kind = (attachment.content_type or "text/plain").split(";")[0].strip().lower()
    if not (kind.startswith("text/") or kind == "application/xhtml+xml"):
        raise Refused(f"{attachment.filename}: that is a {kind} file, not text")
    if attachment.size > max_bytes:
        raise Refused(f"{attachment.filename}: larger than the limit of {_size(max_bytes)}")


async def read_attachment(attachment: discord.Attachment, max_bytes: int, pool: Executor) -> Article:
    """An attached file as an article, read in ``pool``; Refused says why not."""
    check_attachment(attachment, max_bytes)
    try:
        data = await attachment.read()
    except discord.HTTPException:
        raise Refused(f"{attachment.filename}: Discord would not give me the file; try again") from None
    if len(data) > max_bytes:
        raise Refused(f"{attachment.filename}: larger than the limit of {_size(max_bytes)}")
    return await _parse(pool, attachment.filename, _parse_file, attachment.filename.lower(), data)


def pasted(text: str) -> Article:
    """Pasted article text (a surrounding code block is allowed)."""
    fenced = _CODE_FENCE.match(text.strip())
    try:
        return parse_text(fenced.group(1) if fenced else text)
    except ArticleError as error:
        raise Refused(f"the pasted text: {error}") from None


async def fetched(url: str, policy: FetchPolicy, pool: Executor) -> Article:
    """The article at a link, fetched under ``policy`` in ``pool``; Refused says why not."""
    return await _parse(pool, url, load, url, policy)


def _parse_file(name: str, data: bytes) -> Article:
    text = decode(data)
    if name.endswith(HTML_SUFFIXES):
        return parse_html(text)
    return parse_text(text, markdown=name.endswith((".md", ".markdown")))


async def _parse(pool: Executor, label: str, work, *args) -> Article:
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, work, *args)
    except (ArticleError, FetchError) as error:
        raise Refused(f"{label}: {error}") from None


def _size(n: int) -> str:
    return f"{n / 1_000_000:g} MB" if n >= 1_000_000 else f"{n / 1000:g} kB"
