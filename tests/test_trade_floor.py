"""A floor under reading: the trade-press questions about invented films (``tests/fixtures/trade``,
written for this project), asked as ``../shared/tools/score-answers`` asks them, must score at
least what the engine scored when this floor was set, with no more wrong sentences. A change to
the analysis that reads film news worse fails here, not only in an out-of-tree score.

Raise the floors when reading gets better; never lower them to make a change pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from knowledge.answer import Engine
from knowledge.ingest import ingest
from knowledge.store import Store

TRADE = Path(__file__).parent / "fixtures" / "trade"
# (question file, least share right, most share of answerable questions given a wrong sentence)
FLOORS = {"questions.jsonl": (0.89, 0.08), "phrasing.jsonl": (0.92, 0.07)}


def _norm(text: str) -> str:
    text = (text or "").lower().translate(str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"}))
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def trade_engine(tmp_path_factory):
    path = tmp_path_factory.mktemp("trade") / "trade.db"
    store = Store(path)
    reports = list(ingest(store, sorted(str(p) for p in TRADE.glob("*.txt")), workers=1))
    assert all(r.status == "new" for r in reports), [r.line() for r in reports]
    yield Engine(store)
    store.close()


@pytest.mark.parametrize("questions", sorted(FLOORS))
def test_trade_questions_stay_above_their_floor(trade_engine, questions):
    cases = [json.loads(line) for line in (TRADE / questions).read_text("utf-8").splitlines() if line.strip()]
    right = wrong = answerable = 0
    for case in cases:
        answer = trade_engine.answer(case["command"])
        if case.get("none"):
            right += not answer.answered
            continue
        answerable += 1
        sentence = answer.sentence if answer.answered else None
        ok = sentence is not None and any(_norm(e) in _norm(sentence) for e in case["expect"])
        right += ok
        wrong += sentence is not None and not ok
    least_right, most_wrong = FLOORS[questions]
    assert right / len(cases) >= least_right, f"{right}/{len(cases)} right"
    assert wrong / answerable <= most_wrong, f"{wrong}/{answerable} wrong"
