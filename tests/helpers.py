"""Paths and small builders the tests share."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
CORPUS = FIXTURES / "corpus"


def article_text(date: str, title: str, body: str, url: str | None = None) -> str:
    """An article in the article text format."""
    source = f"source {url}\n" if url else ""
    return f"date {date} {title}\n{source}\n{body}\n"
