"""Paths and small builders the tests share."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestServer

from knowledge.articles import parse_text

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"


def article_text(date: str, title: str, body: str, url: str | None = None) -> str:
    """An article in the article text format."""
    source = f"source {url}\n" if url else ""
    return f"date {date} {title}\n{source}\n{body}\n"


def add(engine, date: str, headline: str, body: str) -> None:
    """Ingest one invented article into ``engine``'s store."""
    engine.store.add(parse_text(article_text(date, headline, body)))


def assert_answers(engine, command: str, words: str) -> None:
    """The command is answered, with a sentence containing ``words``."""
    a = engine.answer(command)
    assert a.answered and words in a.sentence, a.sentence


def bench_faults():
    """bench/faults.py (bench/ is not a package): its database checks are the crash test's."""
    name = "filmbot_bench_faults"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).parent.parent / "bench" / "faults.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


async def start_site(app: web.Application) -> TestServer:
    """``app`` served on 127.0.0.1 at a free port (``.base`` is its address); ``await .close()`` it."""
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    server.base = f"http://127.0.0.1:{server.port}"
    return server
