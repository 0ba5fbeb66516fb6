"""Ingest sources (files, directories, http(s) URLs) into the store, one report per article.

Large batches are parsed and analysed in worker processes while the main process writes;
articles are committed in batches and reported only once committed.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .analysis import Analysis, analyze
from .articles import ARTICLE_SUFFIXES, Article, ArticleError, parse_html, parse_text, read_file
from .errors import reason
from .relations import Lexicon
from .store import GLOBAL, Added, Pending, Store

BATCH_SIZE = 192  # articles per commit: a commit writes each touched index page once, however many articles touched it
BATCH_SECONDS = 1.0
POOL_THRESHOLD = 48  # fewer sources than this are not worth starting worker processes for
IN_FLIGHT = BATCH_SIZE  # sources read and analysed ahead of the writer, at most: enough to keep
# the workers busy while it commits a batch, few enough that memory stays flat


@dataclass(frozen=True)
class Report:
    """The outcome of ingesting one source."""

    source: str
    added: Added | None = None
    error: str | None = None

    @property
    def status(self) -> str:
        if self.error is not None or self.added is None:
            return "failed"
        return "new" if self.added.new else "known"

    def line(self) -> str:
        """One line for the command line: ``new``, ``known`` or ``failed`` and why."""
        if self.status == "failed":
            return f"failed  {self.source}: {self.error}"
        a = self.added
        date = a.date.isoformat() if a.date else "undated"
        if a.new:
            films = f"; films: {', '.join(a.films[:5])}" if a.films else ""
            return f"new     #{a.article_id} {a.title} ({date}, {a.sentences} sentences{films})"
        return f"known   #{a.article_id} {a.title} (already ingested, nothing changed)"


def demo_sources() -> list[str]:
    """The article files shipped as the demo corpus (the article filmbot started from)."""
    folder = resources.files("knowledge").joinpath("demo")
    return sorted(str(p) for p in folder.iterdir() if p.name.endswith(".txt"))


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def expand(sources: Iterable[str]) -> Iterator[str]:
    """Sources as single articles: a directory stands for the article files directly in it."""
    for source in sources:
        path = Path(source)
        if not is_url(source) and path.is_dir():
            yield from (str(p) for p in sorted(path.iterdir()) if p.is_file() and p.name.lower().endswith(ARTICLE_SUFFIXES))
        else:
            yield source


def load(source: str, fetch_policy=None) -> Article:
    """Read a file or fetch a URL as an article; ArticleError (or FetchError) says why not."""
    if is_url(source):
        from .fetch import FetchPolicy, fetch_sync

        return article_from_page(fetch_sync(source, fetch_policy or FetchPolicy()))
    path = Path(source)
    if not path.is_file():
        raise ArticleError("no such file")
    return read_file(path)


def article_from_page(page) -> Article:
    """A fetched page as an article: HTML through trafilatura, text as the article text format."""
    if page.content_type in ("text/html", "application/xhtml+xml"):
        return parse_html(page.body, url=page.url)
    article = parse_text(page.text())
    return article if article.url else Article(article.title, article.body, article.date, page.url)


def ingest(
    store: Store,
    sources: Iterable[str],
    guild_id: int = GLOBAL,
    *,
    workers: int | None = None,
    fetch_policy=None,
) -> Iterator[Report]:
    """Ingest every source, yielding a report per article as soon as it is committed."""
    sources = list(expand(sources))
    if workers is None:
        workers = min(os.cpu_count() or 1, 4) if len(sources) >= POOL_THRESHOLD else 1
    if workers > 1:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(store.lexicon,)) as pool:
            yield from _write(store, _in_order(pool, sources, fetch_policy), guild_id)
        store.optimize()  # (a bulk ingest leaves the full-text index in many small segments)
    else:
        _init_worker(store.lexicon)
        yield from _write(store, (_prepare(s, fetch_policy) for s in sources), guild_id)


def _in_order(pool: ProcessPoolExecutor, sources: list[str], fetch_policy) -> Iterator[tuple]:
    """Prepared sources in order, keeping only a bounded number in flight (so memory stays flat
    however large the directory)."""
    pending: deque = deque()
    for source in sources:
        pending.append(pool.submit(_prepare, source, fetch_policy))
        if len(pending) >= IN_FLIGHT:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


_lexicon: Lexicon | None = None


def _init_worker(lexicon: Lexicon | None) -> None:
    global _lexicon
    _lexicon = lexicon


def _prepare(source: str, fetch_policy=None) -> tuple[str, Article | None, Analysis | None, str | None]:
    """Read and analyse one source (runs in a worker process for large batches)."""
    try:
        article = load(source, fetch_policy)
        return source, article, analyze(article, _lexicon), None
    except Exception as error:  # noqa: BLE001 - every failure becomes a report line
        return source, None, None, reason(error)


def _write(store: Store, prepared: Iterable, guild_id: int) -> Iterator[Report]:
    batch: list[tuple[str, Pending]] = []
    started = time.monotonic()
    for source, article, analysis, error in prepared:
        if error is not None:
            yield from _flush(store, batch)
            batch, started = [], time.monotonic()
            yield Report(source, error=error)
            continue
        batch.append((source, Pending(article, analysis, guild_id, origin=source)))
        if len(batch) >= BATCH_SIZE or time.monotonic() - started > BATCH_SECONDS:
            yield from _flush(store, batch)
            batch, started = [], time.monotonic()
    yield from _flush(store, batch)


def _flush(store: Store, batch: list[tuple[str, Pending]]) -> Iterator[Report]:
    if not batch:
        return
    try:
        added = store.write([pending for _, pending in batch])
    except Exception as error:  # noqa: BLE001 - the batch rolled back; say so for each article
        yield from (Report(source, error=f"not stored: {reason(error)}") for source, _ in batch)
        return
    for (source, _), result in zip(batch, added):
        yield Report(source, error=f"not stored: {result.error}") if result.error else Report(source, added=result)
