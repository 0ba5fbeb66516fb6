"""Faults and load: crash safety under SIGKILL, and answering while another process ingests.

    .venv/bin/python bench/faults.py              # full size: 30 kills (folders of 200 articles),
                                                  # 1,000 answers while 1,000 articles are ingested
    .venv/bin/python bench/faults.py --kills 60 --folder-size 300 --load-articles 2000 --answers 2000
    .venv/bin/python bench/faults.py --only crash --quiet

**Crash test.** ``filmbot ingest --db DB FOLDER`` runs in a subprocess (in a process group of its
own, so its analysis workers die with it) and is killed with SIGKILL at random moments, round
after round, over the same database. After every kill the database is opened afresh (recovering
the WAL, as a restarted bot would) and checked: ``PRAGMA integrity_check`` is ok, the FTS5 index
agrees with the sentences table, nothing is half-stored (an article without its text or its
sentences, sentences, mentions or facts without their article, sentence or name, a gap in an
article's sentence positions, a name without aliases, a duplicate), and every article any killed
process printed as ``new``/``known`` (lines are printed only once committed) is still stored
under its id and answers ``!who directed <its film>`` with its own sentence.

Each round's folder holds ``--folder-size`` articles: those printed are moved out after the
round (an admin re-runs what was not confirmed) and fresh ones top the folder up, so every
round has real work to be killed in; articles committed but never printed stay, and must come
back ``known`` with the same id. Kill moments are drawn from the timing earlier rounds showed:
a fifth anywhere in the run (start-up, schema, pool, analysis, shutdown), two fifths around the
first commit, two fifths a random delay after the first line (later batches' analysis and
writes). A last run without a kill, over every article written, must exit 0 with each stored
exactly once and answerable.

**Load test.** With the test corpus in the database, a subprocess ingests N new articles while
this process answers M commands through its own ``Store`` (WAL: readers never wait for the
writer), spread over the time the ingest takes. Every exception counts as a failed answer (a
"database is locked" would be a ``sqlite3.OperationalError``); answers about the test corpus
must not change while the writer works; an article the writer has printed as committed must be
answerable from this process at once. The latency of the answers given while the ingest ran is
reported (p50, p99, max), next to the same process's answers before the ingest started.

The articles are synthetic (:func:`write_articles`): each names a film of its own (made-up words,
so no article changes another's answers) with its director, release date and star, plus filler
(``--filler 4``, the default here: about 24 sentences, like a real article). tests/test_faults.py
runs the same code at a reduced size (20 kills over folders of 100 short articles; 200 answers
while 200 articles are ingested), in about 15 seconds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from knowledge.answer import Engine  # noqa: E402
from knowledge.ingest import ingest  # noqa: E402
from knowledge.store import SCHEMA_VERSION, Store  # noqa: E402

FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"
INGEST = [sys.executable, "-m", "bot.cli", "ingest", "--db"]

# -- synthetic articles -----------------------------------------------------------------

_SYLLABLES = "ba be bo da de do fa fe ka ke ko la le lo ma me mo na ne no pa pe po ra re ro sa se so ta te to va ve vo za ze zo".split()
_FIRST = "Jane Maria Tomas Priya Kofi Ingrid Mateo Leila Hiroshi Amara Lucia Omar Nadia Arjun Chiara".split()
_KINDS = "Returns Rising Protocol Affair Reckoning Legacy Horizon Inheritance".split()
_MONTHS = "January February March April May June July August September October November December".split()
_FILLER = [
    "The production was shot over {n} weeks, and the crew described the schedule as demanding.",
    "Early test screenings were said to be positive, according to people familiar with the matter.",
    "The budget was not disclosed, but the studio called it a modest one for a production of this size.",
    "A first trailer is expected later this year, ahead of a wider marketing campaign.",
    "The studio declined to comment on casting rumours that circulated last week.",
    "Filming took place on location and on sound stages, with a small second unit abroad.",
    "Critics who saw an early cut praised the pacing and the photography.",
    "The score was recorded with a full orchestra over {n} days.",
    "Several scenes were reshot in the spring after the editing began.",
    "The story follows a family that returns home after many years away.",
]


def made_up_word(n: int) -> str:
    """A pronounceable word, different for every n below len(_SYLLABLES) ** 3 (``Bakezo``)."""
    s, k = _SYLLABLES, len(_SYLLABLES)
    return (s[n % k] + s[(n // k) % k] + s[(n // k // k) % k]).capitalize()


@dataclass(frozen=True)
class Synthetic:
    """One generated article: its file, headline, film, director and URL."""

    path: Path
    headline: str
    film: str
    director: str
    url: str

    @property
    def question(self) -> str:
        return f"!who directed {self.film}"


def write_articles(folder: Path, count: int, *, seed: int = 1, start: int = 0, filler: int = 0) -> list[Synthetic]:
    """Write ``count`` articles in the article text format into ``folder`` (numbered from
    ``start``; articles of different ``start`` ranges never share a film or a person). Each has
    five paragraphs (about eight sentences), and ``filler`` more paragraphs of three to five
    sentences that name nobody (``filler=4``: about 24 sentences, 2.5 KB, like a real article)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed * 1_000_003 + start)
    out = []
    for i in range(start, start + count):
        film = f"{made_up_word(i)} {_KINDS[i % len(_KINDS)]}"
        director = f"{_FIRST[i % len(_FIRST)]} {made_up_word(i + 30_000)}"
        star = f"{_FIRST[(i + 7) % len(_FIRST)]} {made_up_word(i + 60_000)}"
        date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3650))
        headline = f"{director} to Direct {film}"
        url = f"https://faults.example/{i}"
        some = rng.sample(_FILLER, rng.randint(2, 6))
        body = [
            f"{film} was directed by {director}, the studio said on Monday.",
            f"{film} is set to be released in theaters in {rng.choice(_MONTHS)} {date.year + 2}.",
            " ".join(f.format(n=rng.randint(2, 40)) for f in some[: len(some) // 2]),
            f"{star} stars in {film} as a retired pilot who returns for one last flight.",
            " ".join(f.format(n=rng.randint(2, 40)) for f in some[len(some) // 2:]),
        ]
        body += [" ".join(f.format(n=rng.randint(2, 40)) for f in rng.sample(_FILLER, rng.randint(3, 5)))
                 for _ in range(filler)]
        path = folder / f"{i:06d}.txt"
        path.write_text(f"date {date.isoformat()} {headline}\nsource {url}\n\n" + "\n".join(body) + "\n", encoding="utf-8")
        out.append(Synthetic(path, headline, film, director, url))
    return out


# -- checking a database --------------------------------------------------------------

# Each query counts rows that would mean something was half-stored; every one must be 0.
HALF_STORED = {
    "articles without sentences":
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.id)",
    "articles without their text":
        "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM article_texts t WHERE t.article_id = a.id)",
    "texts without their article":
        "SELECT count(*) FROM article_texts t WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = t.article_id)",
    "sentences without their article":
        "SELECT count(*) FROM sentences s WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = s.article_id)",
    "articles with a gap in their sentences":
        "SELECT count(*) FROM (SELECT min(position) AS lo, max(position) AS hi, count(*) AS n FROM sentences"
        " GROUP BY article_id) WHERE lo != 0 OR hi != n - 1",
    "mentions without their sentence":
        "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.id = m.sentence_id)",
    "mentions filed under another article":
        "SELECT count(*) FROM mentions m JOIN sentences s ON s.id = m.sentence_id WHERE s.article_id != m.article_id",
    "mentions of no name":
        "SELECT count(*) FROM mentions m WHERE NOT EXISTS (SELECT 1 FROM names n WHERE n.id = m.name_id)",
    "facts without their sentence":
        "SELECT count(*) FROM facts f WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.id = f.sentence_id)",
    "facts of no name":
        "SELECT count(*) FROM facts f WHERE NOT EXISTS (SELECT 1 FROM names n WHERE n.id = f.name_id)",
    "names without aliases":
        "SELECT count(*) FROM names n WHERE NOT EXISTS (SELECT 1 FROM aliases a WHERE a.name_id = n.id)",
    "sentences missing from the FTS index (or extra rows in it)":
        "SELECT abs((SELECT count(*) FROM sentences_fts_docsize) - (SELECT count(*) FROM sentences))",
    "duplicate articles (same digest)":
        "SELECT count(*) - count(DISTINCT guild_id || ':' || digest) FROM articles",
}


@dataclass
class Health:
    """What a fresh connection finds in a database."""

    integrity: str  # PRAGMA integrity_check, joined ("ok" when sound)
    fts: str  # the FTS5 integrity-check: "ok", or its error
    problems: dict[str, int]  # HALF_STORED checks that found anything
    articles: int = 0
    sentences: int = 0

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.fts == "ok" and not self.problems


def check_database(db: Path) -> Health:
    """Open ``db`` with a new connection (recovering the WAL, as a restarted bot would) and check it."""
    if not db.exists():
        return Health("ok", "ok", {})  # killed before it created the file
    conn = sqlite3.connect(str(db), timeout=30)
    try:
        integrity = "; ".join(r[0] for r in conn.execute("PRAGMA integrity_check")) or "(nothing)"
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return Health(integrity, "ok", {})  # killed before the schema was committed: an empty database
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION or not {"articles", "article_texts", "sentences", "sentences_fts"} <= tables:
            return Health(integrity, "not checked", {f"schema half made (version {version}, {len(tables)} tables)": 1})
        try:
            # rank 1: also compare the index with the sentences table (the plain form checks only the
            # index itself, and passes when the index and an external content table disagree)
            conn.execute("INSERT INTO sentences_fts(sentences_fts, rank) VALUES ('integrity-check', 1)")
            conn.commit()
            fts = "ok"
        except sqlite3.DatabaseError as error:
            conn.rollback()
            fts = f"{type(error).__name__}: {error}"
        problems = {name: n for name, sql in HALF_STORED.items() if (n := conn.execute(sql).fetchone()[0])}
        fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            problems["foreign key violations"] = len(fk)
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        sentences = conn.execute("SELECT count(*) FROM sentences").fetchone()[0]
        return Health(integrity, fts, problems, articles, sentences)
    finally:
        conn.close()


def unanswered(db: Path, expected: dict[int, Synthetic]) -> list[str]:
    """The articles (by id) that are not stored whole under their id or do not answer
    ``!who directed <film>`` with their own sentence naming the director; empty when all do."""
    missing = []
    if not expected:
        return missing  # (and opening a Store would create the database)
    with Store(db) as store:
        engine = Engine(store)
        titles = dict(store.conn.execute("SELECT id, title FROM articles"))
        for article_id, art in sorted(expected.items()):
            if titles.get(article_id) != art.headline:
                missing.append(f"#{article_id} {art.headline!r}: not in the database (found {titles.get(article_id)!r})")
                continue
            answer = engine.answer(art.question)
            if not (answer.sentence and art.director in answer.sentence and answer.source.article_id == article_id):
                got = f"{answer.sentence!r} from #{answer.source.article_id}" if answer.source else answer.note
                missing.append(f"#{article_id} {art.question!r}: {got}")
    return missing


# -- running filmbot ingest in a subprocess ------------------------------------------

_NEW = re.compile(r"^(new)\s+#(\d+) (.*) \((?:\d{4}-\d{2}-\d{2}|undated), \d+ sentences[;)]")
_KNOWN = re.compile(r"^(known)\s+#(\d+) (.*) \(already ingested, nothing changed\)$")


class Ingest:
    """``filmbot ingest --db DB FOLDER`` in a process group of its own, its output read as it comes."""

    def __init__(self, db: Path, folder: Path):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [*INGEST, str(db), str(folder)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.lines: list[tuple[float, str]] = []  # (seconds since start, line), complete lines only
        self.stderr = ""
        self._changed = threading.Condition()
        self._readers = [threading.Thread(target=self._read_stdout, daemon=True),
                         threading.Thread(target=self._read_stderr, daemon=True)]
        for reader in self._readers:
            reader.start()

    def _read_stdout(self) -> None:
        for line in self.proc.stdout:
            if line.endswith("\n"):  # a line cut by the kill was never acknowledged
                with self._changed:
                    self.lines.append((time.monotonic() - self.started, line.rstrip("\n")))
                    self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def _read_stderr(self) -> None:
        self.stderr = self.proc.stderr.read()

    def wait_for_lines(self, n: int, timeout: float = 120) -> bool:
        """Wait until ``n`` lines were printed; False if the process ended (or the time ran out) first."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.lines) < n:
                if self.proc.poll() is not None and not self._readers[0].is_alive():
                    return False
                if not self._changed.wait(timeout=min(0.05, max(0.0, deadline - time.monotonic()))):
                    if time.monotonic() > deadline:
                        return False
        return True

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> bool:
        """SIGKILL the whole process group (filmbot and its analysis workers); False if it had already exited."""
        if self.proc.poll() is not None:
            return False  # reaped: its group id is no longer ours to signal
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)  # not reaped yet, so the group is still this one
        except ProcessLookupError:
            pass
        return True

    def finish(self, timeout: float = 600) -> int:
        code = self.proc.wait(timeout=timeout)
        for reader in self._readers:
            reader.join(timeout=10)
        return code

    def reported(self) -> list[tuple[str, int, str]]:
        """(status, article id, headline) of each ``new``/``known`` line."""
        return [(m.group(1), int(m.group(2)), m.group(3)) for _, line in self.lines
                if (m := _NEW.match(line) or _KNOWN.match(line))]

    def failed(self) -> list[str]:
        return [line for _, line in self.lines if line.startswith("failed")]


# -- the crash test -------------------------------------------------------------------


@dataclass
class CrashResult:
    articles: int = 0  # articles written in all (every one must be stored once at the end)
    kills: int = 0  # processes killed while running
    finished_early: int = 0  # rounds whose process exited before its kill moment
    kill_moments: list[float] = field(default_factory=list)  # seconds after start
    kills_after_commits: int = 0  # kills of a process that had already committed (and printed) a batch
    acknowledged: int = 0  # distinct articles printed as new/known by a process later killed
    committed_unprinted: int = 0  # articles stored by a killed process that never printed their line
    reported_known_later: int = 0  # of those, reported `known` (same id) by a later run
    unhealthy: list[str] = field(default_factory=list)  # check_database failures, per round
    lost: list[str] = field(default_factory=list)  # acknowledged articles missing or unanswerable
    other_failures: list[str] = field(default_factory=list)  # failed lines, unknown headlines, ids reused
    final_exit: int | None = None
    final_stored: int = 0  # distinct articles in the database after the last, uninterrupted run
    final_unanswered: list[str] = field(default_factory=list)
    integrity_checks: int = 0  # databases checked (one per round, and the final one)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (not self.unhealthy and not self.lost and not self.other_failures and not self.final_unanswered
                and self.final_exit == 0 and self.final_stored == self.articles)


def crash_test(workdir: Path, *, kills: int, folder_size: int = 80, seed: int = 1, filler: int = 0,
               log=lambda message: None) -> CrashResult:
    """Kill ``filmbot ingest`` ``kills`` times while it ingests a folder; see the module doc.

    Each round runs ``filmbot ingest --db DB FOLDER`` on a folder of ``folder_size`` articles
    (enough for worker processes) and SIGKILLs it at a random moment (see below for how they are
    drawn, from what earlier rounds showed of the run's timing). Articles a round printed are then moved out of
    the folder (an admin re-runs what was not confirmed) and fresh ones top it up, so every kill
    lands in real work; articles committed but not printed stay, and must come back ``known``.
    """
    started = time.monotonic()
    rng = random.Random(seed)
    folder, done, db = workdir / "articles", workdir / "done", workdir / "crash.db"
    done.mkdir(parents=True, exist_ok=True)
    written: dict[str, Synthetic] = {}  # by headline
    acknowledged: dict[int, Synthetic] = {}
    unprinted: dict[int, Synthetic] = {}  # stored by a killed process that never said so
    result = CrashResult()
    lifetime = 1.5  # seconds a whole run over the folder takes (learnt from the rounds that finish)
    first_lines: list[float] = []  # seconds after start at which runs printed their first line
    writing = 0.2  # seconds from a run's first line to its last (learnt from the rounds that finish)
    rounds = 0
    while result.kills < kills and rounds < kills * 3:
        rounds += 1
        pending = len(list(folder.glob("*.txt"))) if folder.exists() else 0
        for art in write_articles(folder, folder_size - pending, seed=seed, start=len(written), filler=filler):
            written[art.headline] = art
        stored_before = _stored_ids(db)
        run = Ingest(db, folder)
        # Where the kill lands: a fifth anywhere in the run (start-up, schema, pool, analyses, shutdown);
        # two fifths around the first commit (before, in or just after its write transaction); two
        # fifths a random delay after the first line, while later batches are analysed and written.
        mode = rng.random()
        if not first_lines or mode < 0.2:
            moment = rng.uniform(0.0, lifetime)
            killed = not _exited_within(run, moment) and run.kill()
        elif mode < 0.6:
            expected = statistics.median(first_lines[-5:])
            moment = rng.uniform(max(0.0, expected - 0.15), expected + 0.05)
            killed = not _exited_within(run, moment) and run.kill()
        else:
            run.wait_for_lines(1)
            time.sleep(rng.uniform(0.0, writing + 0.02))
            moment = time.monotonic() - run.started
            killed = run.kill()
        run.finish()
        if run.lines:
            first_lines.append(run.lines[0][0])
        if killed:
            result.kills += 1
            result.kill_moments.append(round(moment, 3))
            result.kills_after_commits += bool(run.lines)
        else:
            result.finished_early += 1
            lifetime = max(0.3, time.monotonic() - run.started)
            if run.lines:
                writing = run.lines[-1][0] - run.lines[0][0]
        health = check_database(db)
        result.integrity_checks += 1
        if not health.ok:
            result.unhealthy.append(f"round {rounds} (killed at {moment:.3f} s): {health}")
        this_round = _acknowledged(run, written, acknowledged, result.other_failures, f"round {rounds}")
        for article_id, art in this_round.items():
            if article_id in unprinted:  # stored by an earlier run without a line; now reported
                was = unprinted.pop(article_id)
                if was == art:
                    result.reported_known_later += 1
                else:
                    result.other_failures.append(f"round {rounds}: #{article_id} was stored for {was and was.headline!r}, "
                                                 f"now printed for {art.headline!r}")
        acknowledged.update(this_round)
        stored_after = _stored_ids(db)
        by_id = _headlines(db)
        for article_id in stored_after - stored_before - set(this_round):
            unprinted[article_id] = written.get(by_id.get(article_id, ""))
            result.committed_unprinted += 1
        result.lost += [f"round {rounds}: {problem}" for problem in unanswered(db, acknowledged)]
        for art in this_round.values():
            if art.path.exists():
                art.path.rename(done / art.path.name)
        log(f"round {rounds:3}: {'killed' if killed else 'exited'} at {moment:6.3f} s "
            f"({len(run.lines):3} lines printed), {len(stored_after):5} articles stored, "
            f"integrity {health.integrity}, fts {health.fts}, half-stored: {health.problems or 'none'}")
    result.acknowledged = len(acknowledged)

    for path in done.glob("*.txt"):  # the last run sees every article again
        path.rename(folder / path.name)
    final = Ingest(db, folder)
    result.final_exit = final.finish()
    if final.stderr.strip():
        result.other_failures.append(f"final run stderr: {final.stderr.strip()[-500:]}")
    health = check_database(db)
    result.integrity_checks += 1
    if not health.ok:
        result.unhealthy.append(f"final: {health}")
    reported = _acknowledged(final, written, acknowledged, result.other_failures, "final run")
    result.articles = len(written)
    result.final_stored = len({art.headline for art in reported.values()}) if health.articles == len(reported) else -1
    result.lost += [f"final run: #{i} {a.headline!r} is no longer #{i}" for i, a in acknowledged.items() if reported.get(i) != a]
    for article_id, art in unprinted.items():  # stored by a killed run that never said so: known now, same id
        if art is None or reported.get(article_id) != art:
            result.other_failures.append(f"final run: #{article_id}, stored without a line, is not {art and art.headline!r}")
        else:
            result.reported_known_later += 1
    result.final_unanswered = unanswered(db, reported)
    result.seconds = round(time.monotonic() - started, 1)
    return result


def _exited_within(run: Ingest, seconds: float) -> bool:
    try:
        run.proc.wait(timeout=max(0.0, run.started + seconds - time.monotonic()))
        return True
    except subprocess.TimeoutExpired:
        return False


def _acknowledged(run: Ingest, written: dict[str, Synthetic], before: dict[int, Synthetic],
                  failures: list[str], where: str) -> dict[int, Synthetic]:
    """The articles a run printed, by id; what does not add up goes to ``failures``."""
    out: dict[int, Synthetic] = {}
    for _status, article_id, headline in run.reported():
        art = written.get(headline)
        if art is None:
            failures.append(f"{where}: a line for a headline never written: {headline!r}")
        elif before.get(article_id, art) != art or out.get(article_id, art) != art:
            failures.append(f"{where}: #{article_id} printed for {headline!r}, but was another article before")
        else:
            out[article_id] = art
    failures += [f"{where}: {line}" for line in run.failed()]
    return out


def _stored_ids(db: Path) -> set[int]:
    return set(_headlines(db))


def _headlines(db: Path) -> dict[int, str]:
    if not db.exists():
        return {}
    conn = sqlite3.connect(str(db), timeout=30)
    try:
        return dict(conn.execute("SELECT id, title FROM articles"))
    except sqlite3.OperationalError:  # no schema yet
        return {}
    finally:
        conn.close()


# -- the load test --------------------------------------------------------------------

# Commands about the test corpus: no synthetic article names these films, so their answers must
# not change while the synthetic articles are written.
STEADY = [
    "!status Alita 2", "!who directed Star Trek Beyond", "!when la la land", "!ask who plays Dr. Ido in Alita?",
    "!who stars in La La Land", "!sources Alita", "!film Alita: Battle Angel", "!status alitta 2",
    "!ask what did critics think of Alita?", "!who directed Parasite", "!when Star Trek 4", "!sources Parasite",
]


@dataclass
class LoadResult:
    articles: int
    answers: int = 0
    errors: list[str] = field(default_factory=list)  # every exception while answering
    locked: int = 0  # of which "database is locked"
    changed: list[str] = field(default_factory=list)  # steady answers that changed during the ingest
    unseen: list[str] = field(default_factory=list)  # articles printed as committed, not answered from
    checked: int = 0  # answers about a just-committed article that were checked against it
    answered: int = 0  # answers that quoted a sentence (or gave a card or sources), not "no answer"
    during: list[float] = field(default_factory=list)  # ms, answers given while the ingest ran
    before: list[float] = field(default_factory=list)  # ms, the steady commands before the ingest
    ingest_exit: int | None = None
    ingest_new: int = 0
    ingest_failed: list[str] = field(default_factory=list)
    ingest_stderr: str = ""
    ingest_seconds: float = 0.0
    health: Health | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (not self.errors and not self.changed and not self.unseen and self.ingest_exit == 0
                and self.ingest_new == self.articles and not self.ingest_failed and not self.ingest_stderr
                and self.health is not None and self.health.ok)

    def percentile(self, p: float, which: str = "during") -> float:
        values = sorted(getattr(self, which))
        if not values:
            return float("nan")
        return values[min(len(values) - 1, max(0, math.ceil(p / 100 * len(values)) - 1))]


def load_test(workdir: Path, *, articles: int, answers: int, seed: int = 2, filler: int = 0) -> LoadResult:
    """Answer ``answers`` commands, spread over the time a subprocess takes to ingest ``articles``
    new articles into the same database; see the module doc.

    A third of the commands are about the test corpus (their answers must not change), a third ask
    who directed the film of an article the ingest has just printed as committed (another process's
    commit must be visible at once: the answer must quote that article), a third are other commands
    about such films (when, ask, film card, sources)."""
    started = time.monotonic()
    rng = random.Random(seed)
    db, folder = workdir / "load.db", workdir / "incoming"
    with Store(db) as store:
        reports = list(ingest(store, [str(FIXTURE_CORPUS)], workers=1))
    if not all(r.status == "new" for r in reports):
        raise RuntimeError(f"the test corpus did not ingest: {[r.line() for r in reports]}")
    incoming = {a.headline: a for a in write_articles(folder, articles, seed=seed, filler=filler)}
    result = LoadResult(articles)

    from bot.render import render

    with Store(db) as store:
        engine = Engine(store)
        steady = {}
        for command in STEADY:
            t = time.perf_counter()
            steady[command] = _key(engine.answer(command))
            result.before.append((time.perf_counter() - t) * 1000)

        run = Ingest(db, folder)
        run.wait_for_lines(1)  # the writer is at work: its first batch is committed
        first_line = time.monotonic()
        for i in range(answers):
            _pace(run, first_line, articles, answers - i)
            committed = run.reported()
            article_id, art = (None, None)
            if committed:
                _, article_id, headline = committed[rng.randrange(len(committed))]
                art = incoming[headline]
            kind = i % 3 if art else 0
            command = (STEADY[(i // 3) % len(STEADY)], art and art.question, art and _other_command(art, rng))[kind]
            alive = run.alive
            t = time.perf_counter()
            try:
                answer = engine.answer(command)
                render(answer)
            except Exception as error:  # noqa: BLE001 - every exception is a failed answer
                result.errors.append(f"{command!r}: {type(error).__name__}: {error}")
                result.locked += "locked" in str(error)
                answer = None
            elapsed = (time.perf_counter() - t) * 1000
            result.answers += 1
            if alive and run.alive:
                result.during.append(elapsed)
            if answer is None:
                continue
            result.answered += answer.answered
            if kind == 0 and _key(answer) != steady[command]:
                result.changed.append(f"{command!r}: {steady[command]} became {_key(answer)}")
            if kind == 1:
                result.checked += 1
                if not (answer.sentence and art.director in answer.sentence and answer.source.article_id == article_id):
                    result.unseen.append(f"#{article_id} {command!r}: {answer.sentence or answer.note!r}")
        result.ingest_exit = run.finish()
        result.ingest_seconds = round(time.monotonic() - run.started, 2)
    result.ingest_new = sum(status == "new" for status, _, _ in run.reported())
    result.ingest_failed = run.failed()
    result.ingest_stderr = run.stderr.strip()
    result.health = check_database(db)
    result.seconds = round(time.monotonic() - started, 1)
    return result


def _pace(run: Ingest, first_line: float, articles: int, left: int) -> None:
    """Sleep so that the answers left are spread evenly over (most of) the time the ingest has left."""
    if not run.alive:
        return
    done = len(run.lines)
    elapsed = time.monotonic() - first_line
    if done == 0 or elapsed <= 0:
        return
    remaining = 0.7 * (articles - done) * elapsed / done  # seconds, at the rate so far (lines come in batches)
    time.sleep(min(0.05, max(0.0, remaining / max(1, left))))


def _other_command(art: Synthetic, rng: random.Random) -> str:
    return rng.choice((f"!when {art.film}", f"!ask who stars in {art.film}?", f"!film {art.film}",
                       f"!sources {art.film}", f"!status {art.film}"))


def _key(answer) -> tuple:
    return (answer.intent, answer.film, answer.sentence, answer.source and answer.source.article_id,
            tuple(answer.suggestions), len(answer.card), len(answer.sources))


# -- the command line -----------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--folder-size", type=int, default=200, help="articles in the folder each killed run ingests")
    parser.add_argument("--load-articles", type=int, default=1000)
    parser.add_argument("--answers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--filler", type=int, default=4,
                        help="extra paragraphs per article (4: about 24 sentences, like a real article; 0: the tests' short ones)")
    parser.add_argument("--only", choices=("crash", "load"))
    parser.add_argument("--quiet", action="store_true", help="no line per crash round")
    args = parser.parse_args(argv)
    ok = True
    with tempfile.TemporaryDirectory(prefix="filmbot-faults-") as tmp:
        if args.only in (None, "crash"):
            print(f"crash test: {args.kills} SIGKILLs of filmbot ingest, each over a folder of {args.folder_size} articles", flush=True)
            crash = crash_test(Path(tmp) / "crash", kills=args.kills, folder_size=args.folder_size, seed=args.seed,
                               filler=args.filler,
                               log=(lambda m: None) if args.quiet else (lambda m: print("  " + m, flush=True)))
            print_crash(crash)
            ok &= crash.ok
        if args.only in (None, "load"):
            print(f"\nload test: {args.answers} answers while another process ingests {args.load_articles} articles", flush=True)
            load = load_test(Path(tmp) / "load", articles=args.load_articles, answers=args.answers, seed=args.seed + 1,
                             filler=args.filler)
            print_load(load)
            ok &= load.ok
    print("\nOK" if ok else "\nFAILED")
    return 0 if ok else 1


def print_crash(r: CrashResult) -> None:
    moments = sorted(r.kill_moments)
    print(f"  kills: {r.kills}, {r.kills_after_commits} of them after the process had committed a batch "
          f"(and {r.finished_early} rounds that finished before their kill moment)")
    if moments:
        print(f"  kill moments: {moments[0]:.2f} s to {moments[-1]:.2f} s after start (median {statistics.median(moments):.2f} s)")
    print(f"  integrity checks: {r.integrity_checks}, failed: {len(r.unhealthy)}")
    for line in r.unhealthy[:10]:
        print(f"    {line}")
    print(f"  acknowledged before a kill: {r.acknowledged} articles; lost or unanswerable: {len(r.lost)}")
    for line in r.lost[:10]:
        print(f"    {line}")
    print(f"  stored but killed before their line was printed: {r.committed_unprinted}, "
          f"of which reported known (same id) by a later run: {r.reported_known_later}")
    print(f"  final run: exit {r.final_exit}, {r.final_stored}/{r.articles} articles stored once, "
          f"unanswerable {len(r.final_unanswered)}")
    for line in (r.final_unanswered + r.other_failures)[:10]:
        print(f"    {line}")
    print(f"  took {r.seconds} s")


def print_load(r: LoadResult) -> None:
    print(f"  answers: {r.answers} ({r.answered} answered, the rest an honest no), failed: {len(r.errors)} "
          f"(database is locked: {r.locked}), steady answers changed: {len(r.changed)}")
    print(f"  just-committed articles asked about: {r.checked}, not answered from: {len(r.unseen)}")
    for line in (r.errors + r.changed + r.unseen)[:10]:
        print(f"    {line}")
    print(f"  answers while the ingest ran: {len(r.during)}; latency p50 {r.percentile(50):.1f} ms, "
          f"p99 {r.percentile(99):.1f} ms, max {max(r.during, default=float('nan')):.1f} ms")
    print(f"  same commands before the ingest: p50 {r.percentile(50, 'before'):.1f} ms, "
          f"p99 {r.percentile(99, 'before'):.1f} ms")
    print(f"  ingest: exit {r.ingest_exit}, {r.ingest_new}/{r.articles} new in {r.ingest_seconds} s, "
          f"failed {len(r.ingest_failed)}{', stderr: ' + r.ingest_stderr[-300:] if r.ingest_stderr else ''}")
    print(f"  database after: {r.health}")
    print(f"  took {r.seconds} s")


if __name__ == "__main__":
    sys.exit(main())
