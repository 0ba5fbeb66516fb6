"""``filmbot console``: the bot's commands at a terminal prompt, no Discord token needed."""

from __future__ import annotations

import argparse

from knowledge.answer import Engine
from knowledge.ingest import demo_sources, ingest

from .render import render, without_prefix
from .settings import Settings
from .typed import answer
from .wiring import fetch_policy, open_store

PROMPT = "filmbot> "
BANNER = "filmbot console: type a command (e.g. !status Alita 2), !help for more, or quit."


def run_console(args: argparse.Namespace, settings: Settings) -> int:
    """Read commands until end of input; answer each as the bot would."""
    policy = fetch_policy(settings)
    with open_store(settings, ":memory:" if args.demo else args.db) as store:
        if args.demo:
            for report in ingest(store, demo_sources(), fetch_policy=policy):
                print(report.line())
        engine = Engine(store)
        print(BANNER)
        while True:
            try:
                line = input(PROMPT)
            except EOFError:
                print()
                return 0
            command = without_prefix(line, settings.prefix)
            if command.lower() in ("quit", "exit", "!quit", "!exit"):
                return 0
            if not command:
                continue
            word = command.lstrip("!").split(" ", 1)
            if word[0].lower() == "ingest" and len(word) == 2:
                for report in ingest(store, word[1].split(), fetch_policy=policy):
                    print(report.line())
                continue
            print(render(answer(engine, command), markdown=False, prefix=settings.prefix))
