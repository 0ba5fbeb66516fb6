"""A film's story, one article at a time: each article's sentence that states the film's status
or release, for follow notices, ``!timeline`` and the "Before:" line of ``!status``.

An article's news sentence is, among the sentences it states the film's ``status`` or
``release`` in (facts found at ingest), the one with the highest weight; between equals, a
sentence of the body over the headline (which a timeline line shows anyway), a statement over a
question ("When is it coming out?"), and the earlier one.
"""

from __future__ import annotations

import sqlite3

NEWS_RELATIONS = ("status", "release")
NEWS_MIN = 0.45  # the weakest fact that states news (as for a status answer)


def news_sentences(conn: sqlite3.Connection, name_ids: tuple[int, ...], article_ids: list[int]) -> dict[int, str]:
    """Each article's news sentence about the film these stored names are (articles that state
    none are left out)."""
    if not name_ids or not article_ids:
        return {}
    rows = conn.execute(
        "SELECT f.article_id, f.weight, s.position, s.text FROM facts f CROSS JOIN sentences s ON s.id = f.sentence_id"
        f" WHERE f.name_id IN ({_marks(name_ids)}) AND f.relation IN ({_marks(NEWS_RELATIONS)})"
        f" AND f.article_id IN ({_marks(article_ids)}) AND f.weight >= ?",
        [*name_ids, *NEWS_RELATIONS, *article_ids, NEWS_MIN],
    ).fetchall()
    best: dict[int, tuple] = {}
    for article_id, weight, position, text in rows:
        rank = (weight, position != 0, not text.rstrip().endswith("?"), -position)
        if article_id not in best or rank > best[article_id][0]:
            best[article_id] = (rank, text)
    return {article_id: text for article_id, (_, text) in best.items()}


def _marks(values) -> str:
    return ",".join("?" * len(values))
