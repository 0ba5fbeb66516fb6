"""The "afternoon" baseline: plain BM25 over every sentence of every article.

``rank_bm25.BM25Okapi`` indexes all sentences (plus each headline) of the articles
in some folders; a question is the command text with its ``!command`` word kept
as a plain word, and the answer is the top-scoring sentence.

    python bench/baseline.py --corpus /work/shared/corpus --corpus /work/shared/corpus/bbc \
        --cases /work/shared/eval/dev.jsonl --cases /work/shared/eval/dev-bbc.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from pathlib import Path

from rank_bm25 import BM25Okapi

STOPWORDS = set("""a an the and or but if of to in on at by for with from as is are was were be been
being it its this that these those he she they we you i his her their our your them him me my
not no so do does did has have had will would can could should may might than then there here
what which who whom when where why how about into over after before up down out just also very""".split())

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Lowercase words and numbers, stopwords dropped."""
    return [t for t in _TOKEN.findall(text.lower()) if t not in STOPWORDS]


def sentences(path: Path) -> list[str]:
    """The headline and the body sentences of one article file."""
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    m = re.match(r"\s*date\s+\S+\s*(.*)", lines[0])
    out = [m.group(1) if m else lines[0].strip()]
    for line in lines[1:]:
        if line.startswith("source ") or not line.strip():
            continue
        out += [s.strip() for s in _SENTENCE_END.split(line.strip()) if s.strip()]
    return [s for s in out if s]


class Baseline:
    """BM25 over all sentences of all ``*.txt`` articles in the folders."""

    def __init__(self, folders: list[Path]):
        t0 = time.perf_counter()
        self.sentences = [s for d in folders for f in sorted(Path(d).glob("*.txt"))
                          for s in sentences(f)]
        self.bm25 = BM25Okapi([tokenize(s) for s in self.sentences])
        self.build_seconds = time.perf_counter() - t0

    def answer(self, command: str) -> str | None:
        """Top-scoring sentence for a command like ``!who directed Alita``; None if nothing scores."""
        query = tokenize(command.lstrip("!"))
        if not query:
            return None
        scores = self.bm25.get_scores(query)
        best = int(scores.argmax())
        return self.sentences[best] if scores[best] > 0 else None


def normalise(text: str) -> str:
    """Lowercase, straight quotes, ``-`` for en/em dashes, collapsed whitespace."""
    text = text.lower().translate(str.maketrans("‘’‚‛“”„‟–—", "''''\"\"\"\"--"))
    return " ".join(text.split())


def is_right(case: dict, answer: str | None) -> bool:
    """The official rule: an expect string inside the answer, or no answer for a none case."""
    if case.get("none"):
        return answer is None
    return answer is not None and any(normalise(e) in normalise(answer) for e in case.get("expect", []))


def main(argv: list[str] | None = None) -> None:
    """Command line: score the baseline on question files and print latency."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", action="append", type=Path, required=True)
    ap.add_argument("--cases", action="append", type=Path, required=True)
    args = ap.parse_args(argv)
    bot = Baseline(args.corpus)
    print(f"indexed {len(bot.sentences)} sentences in {bot.build_seconds:.2f}s")
    times: list[float] = []
    total_right = total = 0
    for path in args.cases:
        cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        right = answered_none = nones = 0
        scored = sum(1 for c in cases if "expect" in c or c.get("none"))
        for case in cases:
            t0 = time.perf_counter()
            answer = bot.answer(case["command"])
            times.append((time.perf_counter() - t0) * 1000)
            right += is_right(case, answer)
            nones += bool(case.get("none"))
            answered_none += bool(case.get("none")) and answer is None
        print(f"{path.name}: {right}/{scored} right ({answered_none}/{nones} none cases abstained)")
        total_right += right
        total += scored
    p99 = statistics.quantiles(times, n=100)[98] if len(times) > 1 else times[0]
    print(f"total: {total_right}/{total} = {total_right / max(total, 1):.1%}")
    print(f"latency: p50 {statistics.median(times):.2f} ms, p99 {p99:.2f} ms over {len(times)} questions")


if __name__ == "__main__":
    main()
