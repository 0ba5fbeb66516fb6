"""The ``filmbot`` command line: ingest articles, ask questions, open the console, run the bot."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Sequence

from knowledge.answer import Answer
from knowledge.errors import FilmbotError, user_error
from knowledge.store import GLOBAL, guild_scope

from .render import render, without_prefix
from .settings import Settings, load_settings
from .wiring import fetch_policy, open_store


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``filmbot`` console script. Every failure a user can act on ends here
    as one line on stderr (``filmbot COMMAND: why``), never as a traceback."""
    args = _parser().parse_args(argv)
    settings = None
    try:
        settings = load_settings(args.config)
        code = args.handler(args, settings)
        sys.stdout.flush()  # here, where a closed pipe is caught, not at exit
        return code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `filmbot stats | head -1`: whoever read the output has gone
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush says nothing
        return 1
    except Exception as error:
        problem = user_error(error, getattr(args, "db", None) or (settings.database if settings else ""))
        if problem is None:
            raise
        print(f"filmbot {args.command}: {problem}", file=sys.stderr)
        return problem.exit_code


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="filmbot", description="Answer film-news questions from articles.")
    parser.add_argument("--config", metavar="FILE", help="a settings file (TOML) to use over the shipped defaults")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser("ingest", help="add articles: files, directories or http(s) URLs")
    _db_option(ingest)
    _scope_options(ingest)
    ingest.add_argument("--demo", action="store_true", help="also ingest the demo article shipped with filmbot")
    ingest.add_argument("sources", nargs="*", metavar="SOURCE")
    ingest.set_defaults(handler=_ingest)

    ask = commands.add_parser("ask", help="answer one command as the bot would ('-' reads one per line from stdin)")
    _db_option(ask)
    ask.add_argument("--guild", type=_guild, default=GLOBAL, help="answer as in this Discord server (default: global)")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("--explain", action="store_true", help="also say how: the film, the sentences weighed, the rules")
    ask.add_argument("words", nargs="+", metavar="COMMAND")
    ask.set_defaults(handler=_ask)

    console = commands.add_parser("console", help="an interactive prompt that takes the bot's commands")
    _db_option(console)
    console.add_argument("--demo", action="store_true", help="use a fresh in-memory database with the demo article")
    console.set_defaults(handler=_console)

    stats = commands.add_parser("stats", help="what the database holds")
    _db_option(stats)
    stats.set_defaults(handler=_stats)

    feed = commands.add_parser("feed", help="follow RSS/Atom feeds: add, list, remove, poll")
    feeds = feed.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = feeds.add_parser("add", help="follow a feed (its new items are ingested when it is polled)")
    add.add_argument("url")
    add.add_argument("--channel", type=int, help="a Discord channel id to post new-article notices to")
    listing = feeds.add_parser("list", help="the feeds followed, with when they were last checked and any error")
    remove = feeds.add_parser("remove", help="stop following a feed")
    remove.add_argument("id", type=int)
    poll = feeds.add_parser("poll", help="poll the feeds that are due now (all servers) and ingest new items")
    for sub in (add, listing, remove, poll):
        _db_option(sub)
    for sub in (add, listing, remove):
        sub.add_argument("--guild", type=_guild, default=GLOBAL, help="the Discord server whose feeds these are (default: global)")
    feed.set_defaults(handler=_feed)

    run = commands.add_parser("run", help="run the Discord bot (token from DISCORD_TOKEN or DISCORD_TOKEN_FILE)")
    _db_option(run)
    run.set_defaults(handler=_run)

    health = commands.add_parser("health", help="exit 0 if the running bot is healthy (for container health checks)")
    _db_option(health)
    health.set_defaults(handler=_health)

    export = commands.add_parser("export", help="write every article and feed to a JSON Lines file")
    _db_option(export)
    export.add_argument("file", metavar="FILE.jsonl")
    export.set_defaults(handler=_export)

    restore = commands.add_parser("import", help="add the articles and feeds of an export file (no duplicates)")
    _db_option(restore)
    restore.add_argument("file", metavar="FILE.jsonl")
    restore.set_defaults(handler=_import)

    backup = commands.add_parser("backup", help="a consistent copy of the database, safe while the bot runs")
    _db_option(backup)
    backup.add_argument("file", metavar="FILE")
    backup.set_defaults(handler=_backup)
    return parser


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", help="the database file (default from settings, or FILMBOT_DB)")


def _scope_options(parser: argparse.ArgumentParser) -> None:
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument("--global", dest="guild", action="store_const", const=GLOBAL, help="into the collection every server sees (the default)")
    scope.add_argument("--guild", type=_guild, help="into one Discord server's own collection")
    parser.set_defaults(guild=GLOBAL)


def _guild(text: str) -> int:
    """A ``--guild`` value: a Discord server id (or 0, the global collection)."""
    try:
        return guild_scope(int(text))
    except (ValueError, FilmbotError) as error:
        raise argparse.ArgumentTypeError(str(error) if isinstance(error, FilmbotError) else f"{text!r} is not a server id") from None


def _ingest(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.ingest import demo_sources, ingest

    sources = args.sources + (demo_sources() if args.demo else [])
    if not sources:
        print("filmbot ingest: give files, folders or URLs to ingest (or --demo)", file=sys.stderr)
        return 2

    policy = fetch_policy(settings)
    failed = counted = 0
    with open_store(settings, args.db) as store:
        for report in ingest(store, sources, args.guild, fetch_policy=policy):
            print(report.line(), flush=True)
            counted += 1
            failed += report.status == "failed"
    if counted == 0:
        print("nothing to ingest: no article files in the sources given", file=sys.stderr)
        return 1
    return 1 if failed else 0


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.answer import Engine


    commands: Iterable[str] = sys.stdin if args.words == ["-"] else [" ".join(args.words)]
    with open_store(settings, args.db) as store:
        engine = Engine(store)
        for line in commands:
            line = line.rstrip("\n")
            if args.words == ["-"] and not line.strip():
                continue
            answer = engine.answer(without_prefix(line, settings.prefix), args.guild, explain=args.explain)
            if args.json:
                print(json.dumps(as_json(answer, settings.prefix), ensure_ascii=False), flush=True)
                continue
            print(render(answer, markdown=False, prefix=settings.prefix), flush=True)
            if answer.trace is not None:
                print("\n".join(["", "why:", *("  " + line for line in answer.trace.lines())]), flush=True)
    return 0


def as_json(answer: Answer, prefix: str = "!") -> dict:
    """The ``ask --json`` contract: one object per answer (``reply`` as the bot would post it)."""
    answered = answer.answered
    source = answer.source or (answer.card[0][2] if answer.card else None)
    sentence = answer.sentence or (answer.card[0][1] if answer.card else None)
    return {
        "command": answer.command,
        "answered": answered,
        "intent": answer.intent,
        "film": answer.film if answered else None,
        "sentence": sentence if answered else None,
        "article": {"title": source.title, "date": source.date, "url": source.url} if answered and source else None,
        "reply": render(answer, prefix=prefix),
        "suggestions": answer.suggestions,
        "elapsed_ms": round(answer.elapsed_ms, 3),
    } | ({"explain": answer.trace.lines()} if answer.trace is not None else {}) | (
        {"timeline": timeline_json(answer)} if answer.timeline is not None else {}
    )


def timeline_json(answer: Answer) -> dict:
    """A timeline page for ``ask --json``: the page, the pages and the entries, newest first."""
    timeline = answer.timeline
    return {
        "page": timeline.page, "pages": timeline.pages, "total": timeline.total,
        "entries": [
            {"date": e.date, "title": e.headline, "url": e.url, "sentence": e.sentence} for e in timeline.entries
        ],
    }


def _console(args: argparse.Namespace, settings: Settings) -> int:
    from .console import run_console

    return run_console(args, settings)


def _feed(args: argparse.Namespace, settings: Settings) -> int:
    import asyncio

    from knowledge import feeds

    with open_store(settings, args.db) as store:
        if args.action == "add":
            feed = feeds.add(store, args.guild, args.url, args.channel, allow_loopback=settings.allow_loopback)
            print(f"following feed #{feed.id} {feed.url}")
        elif args.action == "list":
            for feed in feeds.list_feeds(store, args.guild):
                print(feed_line(feed))
        elif args.action == "remove":
            if not feeds.remove(store, args.guild, args.id):
                raise FilmbotError(f"no feed #{args.id} here")
            print(f"stopped following feed #{args.id}")
        else:
            results = asyncio.run(feeds.poll_due(
                store, fetch_policy(settings), settings.feed_interval_minutes,
                max_items=settings.feed_max_items, budget_seconds=settings.feed_poll_seconds,
            ))
            for result in results:
                print(poll_line(result))
            return 1 if any(r.error or r.failed for r in results) else 0
    return 0


def feed_line(feed) -> str:
    """One line about a followed feed: id, address, and how it is doing."""
    state = f"failing ({feed.failures}x: {feed.last_error})" if feed.failures else "ok"
    if feed.failed_items:
        state += f", {feed.failed_items} items failed in the last poll (first: {feed.item_error})"
    checked = feed.checked_at or "never"
    return f"#{feed.id} {feed.title or feed.url} <{feed.url}> checked {checked}, next {feed.next_check or 'now'}, {state}"


def poll_line(result) -> str:
    """What one feed's poll did: new, skipped, failed and left items, and why the first failed."""
    if result.error:
        return f"feed #{result.feed_id}: failed: {result.error}"
    if result.not_modified:
        return f"feed #{result.feed_id}: not modified"
    line = f"feed #{result.feed_id}: {len(result.added)} new, {result.skipped} skipped, {len(result.failed)} failed"
    if result.left:
        line += f", {result.left} left for the next poll" + (" (out of time)" if result.out_of_time else "")
    if titles := "; ".join(a.title for a in result.added[:5]):
        line += f" ({titles})"
    if result.failed:
        item, why = next(iter(result.failed.items()))
        line += f"; first failure: {item}: {why}"
    return line


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from .runner import run

    return run(_with_db(args, settings))


def _health(args: argparse.Namespace, settings: Settings) -> int:
    from .health import main as health

    return health(_with_db(args, settings))


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.archive import export_jsonl

    with open_store(settings, args.db) as store:
        print(export_jsonl(store, args.file))
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.archive import import_jsonl

    with open_store(settings, args.db) as store:
        result = import_jsonl(store, args.file, allow_loopback=settings.allow_loopback)
    print(result)
    return 0 if result.ok else 1


def _backup(args: argparse.Namespace, settings: Settings) -> int:
    from knowledge.archive import backup

    with open_store(settings, args.db) as store:
        print(backup(store, args.file))
    return 0


def _with_db(args: argparse.Namespace, settings: Settings) -> Settings:
    """The settings, with ``--db`` (if given) as the database."""
    from dataclasses import replace

    return replace(settings, database=args.db) if args.db else settings


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    with open_store(settings, args.db) as store:
        for key, value in store.stats().items():
            print(f"{key:10} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
