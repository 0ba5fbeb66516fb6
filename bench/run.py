"""The filmbot benchmark: ingest speed, answer latency, size, memory, cold start, and a baseline.

    .venv/bin/pip install -e '.[bench]'
    .venv/bin/python bench/run.py --sizes 1000 10000 100000

For each size it generates a corpus from the shared film-news articles (bench/corpus.py, with
film titles and people varied so the index really grows), ingests it with ``filmbot ingest``
into a fresh database, and answers 1,000 mixed commands (the corpus's own questions plus the dev
set) with ``filmbot ask --json -``, reading the engine's own time per answer. At sizes up to
10,000 it also answers the same commands with the rank_bm25 baseline (bench/baseline.py).
Results go to the terminal and to ``--out``/results.json. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(HERE))

from baseline import Baseline, is_right  # noqa: E402
from corpus import generate  # noqa: E402

BASELINE_MAX = 10_000  # rank_bm25 holds every sentence in memory; past this it is minutes per run
COMMANDS = 1_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--source", action="append", type=Path, help="article folders to generate from (default: ../shared/corpus and its bbc/)")
    parser.add_argument("--out", type=Path, default=HERE / "out")
    args = parser.parse_args(argv)
    sources = args.source or [SHARED / "corpus", SHARED / "corpus" / "bbc"]
    args.out.mkdir(parents=True, exist_ok=True)
    filmbot = _filmbot()
    dev = _dev_cases()
    results = {"machine": _machine(), "date": time.strftime("%Y-%m-%d"), "sizes": []}
    if dev:
        results["dev"] = _dev_scores(filmbot, dev, args.out)
        print(f"dev questions: filmbot {results['dev']['filmbot']}, rank_bm25 baseline {results['dev']['baseline']}")
    for size in args.sizes:
        result = run_size(size, sources, args.out, filmbot, dev)
        results["sizes"].append(result)
        _print(result)
    (args.out / "results.json").write_text(json.dumps(results, indent=2))
    print(f"\nwritten to {args.out / 'results.json'}")
    return 0


def run_size(size: int, sources: list[Path], out: Path, filmbot: list[str], dev: list[dict]) -> dict:
    corpus = out / f"corpus-{size}"
    if not (corpus / "questions.jsonl").exists():
        generate(sources, size, corpus)
    db = out / f"filmbot-{size}.db"
    for leftover in out.glob(f"filmbot-{size}.db*"):
        leftover.unlink()
    result: dict = {"articles": size}

    started = time.perf_counter()
    ingest = _child([*filmbot, "ingest", "--db", str(db), str(corpus)])
    result["ingest_seconds"] = round(time.perf_counter() - started, 1)
    result["ingest_per_second"] = round(size / result["ingest_seconds"])
    result["ingest_peak_rss_mb"] = ingest["rss_mb"]
    result["db_mb"] = round(sum(p.stat().st_size for p in out.glob(f"filmbot-{size}.db*")) / 1e6, 1)

    commands = _commands(corpus, dev)
    answered = _child([*filmbot, "ask", "--db", str(db), "--json", "-"], stdin="\n".join(commands) + "\n")
    times = sorted(json.loads(line)["elapsed_ms"] for line in answered["stdout"].splitlines() if line.strip())
    result.update(answers=len(times), p50_ms=_percentile(times, 50), p99_ms=_percentile(times, 99),
                  answer_peak_rss_mb=answered["rss_mb"])
    result["cold_start_ms"] = _cold_start(filmbot, db, commands[0])

    if size <= BASELINE_MAX:
        started = time.perf_counter()
        baseline = Baseline([corpus])
        result["baseline_build_seconds"] = round(time.perf_counter() - started, 1)
        base_times = []
        for command in commands:
            started = time.perf_counter()
            baseline.answer(command)
            base_times.append((time.perf_counter() - started) * 1000)
        base_times.sort()
        result["baseline_p50_ms"] = _percentile(base_times, 50)
        result["baseline_p99_ms"] = _percentile(base_times, 99)
        result["speedup_p50"] = round(result["baseline_p50_ms"] / max(result["p50_ms"], 1e-6))
    return result


def _dev_scores(filmbot: list[str], dev: list[dict], out: Path) -> dict:
    """Both systems' score on the dev questions, over the shared corpus (not the generated one)."""
    folders = [SHARED / "corpus", SHARED / "corpus" / "bbc"]
    db = out / "dev.db"
    for leftover in out.glob("dev.db*"):
        leftover.unlink()
    files = [str(p) for folder in folders for p in sorted(folder.glob("*.txt"))]
    _child([*filmbot, "ingest", "--db", str(db), *files])
    answered = _child([*filmbot, "ask", "--db", str(db), "--json", "-"], stdin="".join(c["command"] + "\n" for c in dev))
    answers = [json.loads(line) for line in answered["stdout"].splitlines() if line.strip()]
    ours = sum(is_right(c, a["sentence"] if a["answered"] else None) for c, a in zip(dev, answers))
    baseline = Baseline(folders)
    theirs = sum(is_right(c, baseline.answer(c["command"])) for c in dev)
    return {"filmbot": f"{ours}/{len(dev)}", "baseline": f"{theirs}/{len(dev)}"}


def _commands(corpus: Path, dev: list[dict]) -> list[str]:
    """1,000 mixed commands: the generated corpus's questions, topped up with the dev set."""
    own = [json.loads(line)["command"] for line in (corpus / "questions.jsonl").read_text().splitlines() if line.strip()]
    mixed = own[: COMMANDS - len(dev)] + [c["command"] for c in dev]
    while len(mixed) < COMMANDS:
        mixed += own[: COMMANDS - len(mixed)] or [c["command"] for c in dev]
    return mixed[:COMMANDS]


def _cold_start(filmbot: list[str], db: Path, command: str, runs: int = 5) -> float:
    """Process start to first answer, median of a few runs, in ms."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([*filmbot, "ask", "--db", str(db), command], capture_output=True, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times))


# Runs a command and reports the peak memory of its largest process. A forked child's peak starts
# at its parent's size, and this benchmark grows large, so the command is started from this small
# wrapper instead.
_PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[1:])\n"
    "print('peak-rss-kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def _child(argv: list[str], stdin: str | None = None) -> dict:
    """Run a command to completion: its output, and the peak memory of its largest process (MB)."""
    proc = subprocess.run([sys.executable, "-c", _PEAK_RSS, *argv], input=stdin or "", capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv[:3])} failed ({proc.returncode}): {proc.stderr[-500:]}")
    peak_kb = int(proc.stderr.rsplit("peak-rss-kb", 1)[1].split()[0])
    return {"stdout": proc.stdout, "rss_mb": round(peak_kb / 1024)}


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    index = min(len(values) - 1, round(pct / 100 * (len(values) - 1)))
    return round(values[index], 3)


def _filmbot() -> list[str]:
    local = ROOT / ".venv" / "bin" / "filmbot"
    return [str(local)] if local.exists() else [sys.executable, "-m", "bot.cli"]


def _dev_cases() -> list[dict]:
    files = sorted((SHARED / "eval").glob("dev*.jsonl"))
    return [json.loads(line) for f in files for line in f.read_text().splitlines() if line.strip()]


def _machine() -> str:
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def _print(r: dict) -> None:
    print(f"\n== {r['articles']:,} articles ==")
    print(f"ingest      {r['ingest_per_second']} articles/s ({r['ingest_seconds']} s), peak RSS {r['ingest_peak_rss_mb']} MB, db {r['db_mb']} MB")
    print(f"answers     p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms over {r['answers']} commands, peak RSS {r['answer_peak_rss_mb']} MB")
    print(f"cold start  {r['cold_start_ms']} ms (filmbot ask, process start to answer)")
    if "baseline_p50_ms" in r:
        print(f"baseline    p50 {r['baseline_p50_ms']} ms, p99 {r['baseline_p99_ms']} ms (build {r['baseline_build_seconds']} s); "
              f"filmbot is {r['speedup_p50']}x faster at p50")


if __name__ == "__main__":
    sys.exit(main())
