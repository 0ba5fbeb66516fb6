"""Shared fixtures: the test corpus (openly licensed film-news articles) in a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.answer import Engine
from knowledge.ingest import ingest
from knowledge.store import Store

from .helpers import CORPUS

pytest_plugins = ["tests.bot_support"]  # the Discord bot's fixtures: settings, bot, sent, discord_api


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """A database with every article of tests/fixtures/corpus ingested (built once)."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.db"
    with Store(path) as store:
        reports = list(ingest(store, [str(CORPUS)], workers=1))
    assert all(r.status == "new" for r in reports), [r.line() for r in reports]
    return path


@pytest.fixture
def engine(corpus_db) -> Engine:
    """An engine over the corpus database (read-only use)."""
    store = Store(corpus_db)
    yield Engine(store)
    store.close()


@pytest.fixture
def store(tmp_path) -> Store:
    """An empty store of its own."""
    with Store(tmp_path / "test.db") as s:
        yield s

