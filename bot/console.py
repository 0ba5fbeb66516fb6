"""``filmbot console``: the bot's commands at a terminal prompt, no Discord token needed."""

from __future__ import annotations

import argparse

from knowledge.answer import Engine
from knowledge.ingest import demo_sources, ingest
from knowledge.store import Store

from .render import render
from .settings import Settings

PROMPT = "filmbot> "
BANNER = "filmbot console: type a command (e.g. !status Alita 2), !help for more, or quit."


def run_console(args: argparse.Namespace, settings: Settings) -> int:
    """Read commands until end of input; answer each as the bot would."""
    from .cli import open_store

    store = Store(":memory:") if args.demo else open_store(args, settings)
    with store:
        if args.demo:
            for report in ingest(store, demo_sources()):
                print(report.line())
        engine = Engine(store)
        print(BANNER)
        while True:
            try:
                line = input(PROMPT)
            except EOFError:
                print()
                return 0
            command = line.strip()
            if command.lower() in ("quit", "exit", "!quit", "!exit"):
                return 0
            if not command:
                continue
            word = command.lstrip("!").split(" ", 1)
            if word[0].lower() == "ingest" and len(word) == 2:
                for report in ingest(store, word[1].split()):
                    print(report.line())
                continue
            print(render(engine.answer(command), markdown=False))
