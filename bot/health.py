"""Liveness for containers: the running bot writes a heartbeat, ``filmbot health`` checks it.

The heartbeat is a small JSON file next to the database (``<db>.heartbeat``): when it was
written, whether the bot is connected to Discord, and how many servers it is in. The check
passes only if the heartbeat is fresh and the database opens and answers a query.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .settings import Settings

INTERVAL_SECONDS = 30.0  # how often the bot writes its heartbeat
STALE_SECONDS = 90.0  # an older heartbeat means the bot is stuck or gone


@dataclass(frozen=True)
class Beat:
    time: float
    connected: bool
    guilds: int


def heartbeat_path(database: str) -> Path:
    return Path(f"{database}.heartbeat")


def write_heartbeat(database: str, connected: bool, guilds: int, now: float | None = None) -> None:
    """Replace the heartbeat file in one step, so a reader never sees half of it."""
    path = heartbeat_path(database)
    beat = {"time": time.time() if now is None else now, "connected": connected, "guilds": guilds, "pid": os.getpid()}
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(beat), "utf-8")
    os.replace(partial, path)


def read_heartbeat(database: str) -> Beat:
    """The last heartbeat; ValueError says why there is none to trust."""
    path = heartbeat_path(database)
    try:
        data = json.loads(path.read_text("utf-8"))
        return Beat(float(data["time"]), bool(data["connected"]), int(data["guilds"]))
    except FileNotFoundError:
        raise ValueError(f"no heartbeat at {path}: is the bot running with this database?") from None
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(f"the heartbeat {path} is unreadable ({type(error).__name__})") from None


def check(settings: Settings, now: float | None = None) -> tuple[bool, str]:
    """(healthy, one line saying so or what is wrong)."""
    now = time.time() if now is None else now
    try:
        beat = read_heartbeat(settings.database)
    except ValueError as error:
        return False, f"unhealthy: {error}"
    age = now - beat.time
    if age > STALE_SECONDS:
        return False, f"unhealthy: the last heartbeat is {age:.0f} s old (limit {STALE_SECONDS:.0f} s)"
    problem = check_database(settings.database)
    if problem:
        return False, f"unhealthy: {problem}"
    state = "connected to Discord" if beat.connected else "not connected to Discord yet"
    return True, f"healthy: heartbeat {age:.0f} s ago, {state}, in {beat.guilds} servers"


def check_database(database: str) -> str | None:
    """None if the database opens read-only and answers a trivial query, else why not."""
    if not Path(database).is_file():
        return f"the database {database} does not exist"
    try:
        conn = sqlite3.connect(f"{Path(database).resolve().as_uri()}?mode=ro", uri=True, timeout=5)
        try:
            conn.execute("SELECT count(*) FROM articles").fetchone()
        finally:
            conn.close()
    except sqlite3.Error as error:
        return f"the database {database} does not answer: {error}"
    return None


def main(settings: Settings) -> int:
    """``filmbot health``: exit 0 if healthy, else 1; one line either way."""
    healthy, line = check(settings)
    print(line, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1
