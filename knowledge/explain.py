"""Why an answer came back: how the command was read, which film it resolved to, the candidate
sentences weighed with their scores, and the rules behind each (``filmbot ask --explain``).

The rules behind a fact are not stored: the article is read again with ``explain`` on, which
gives the same facts as ingest did (analysis is pure) with the reasons for each.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .analysis import analyze
from .store import Store

SHOWN = 6  # candidates listed


@dataclass
class Weighed:
    """One candidate sentence and how it scored."""

    score: float
    sentence_id: int
    article_id: int
    relation: str
    weight: float
    terms: list[str]  # how the score was made ("fact 0.80", "names someone", "newest")
    text: str = ""
    headline: str = ""
    date: str | None = None
    rules: list[str] = field(default_factory=list)


@dataclass
class Trace:
    """What the engine did for one command, in order."""

    steps: list[str] = field(default_factory=list)
    candidates: list[Weighed] = field(default_factory=list)
    chosen: int | None = None  # sentence id of the answer

    def step(self, text: str) -> None:
        self.steps.append(text)

    def lines(self) -> list[str]:
        """The trace as plain text, one line each."""
        out = list(self.steps)
        if self.candidates:
            out.append(f"candidates (best {min(SHOWN, len(self.candidates))} of {len(self.candidates)}):")
        for c in self.candidates[:SHOWN]:
            mark = "*" if c.sentence_id == self.chosen else " "
            out.append(f" {mark} {c.score:.2f}  {c.relation}  {c.date or 'undated'}  “{_short(c.text, 160)}”")
            out.append(f"        from: {_short(c.headline, 100)}")
            out.append(f"        score: {', '.join(c.terms)}")
            out.extend(f"        rule: {rule}" for rule in c.rules)
        return out


def fill(store: Store, trace: Trace, name_keys: dict[int, str]) -> None:
    """Give the shown candidates their text, article and the rules behind their facts."""
    shown = trace.candidates[:SHOWN]
    if not shown:
        return
    rows = {
        r[0]: r[1:] for r in store.conn.execute(
            "SELECT s.id, s.text, s.position, a.title, a.date FROM sentences s CROSS JOIN articles a ON a.id = s.article_id"
            f" WHERE s.id IN ({','.join('?' * len(shown))})",
            [c.sentence_id for c in shown],
        )
    }
    analyses: dict[int, object] = {}
    for c in shown:
        text, position, headline, date = rows.get(c.sentence_id, ("", 0, "", None))
        c.text, c.headline, c.date = text, headline, date
        if c.article_id not in analyses:
            article = store.article(c.article_id)
            analyses[c.article_id] = analyze(article, store.lexicon, explain=True) if article else None
        analysis = analyses[c.article_id]
        if analysis is None:
            continue
        for key in dict.fromkeys(name_keys.values()):
            c.rules += analysis.reasons.get((key, c.relation, position), [])
    chosen = next((c for c in shown if c.sentence_id == trace.chosen), shown[0])
    analysis = analyses.get(chosen.article_id)
    for key in dict.fromkeys(name_keys.values()):
        name = analysis.names.get(key) if analysis else None
        if name is not None and name.evidence:
            votes = ", ".join(f"{rule} {w:+.1f}" for rule, w in name.evidence.items())
            trace.step(f"in “{_short(chosen.headline, 60)}”, “{name.display}” reads as a {name.kind}: {votes}")


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
