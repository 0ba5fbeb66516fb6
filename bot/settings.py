"""Settings: shipped defaults (``config/settings.toml``), an optional file, then the environment.

``FILMBOT_<SECTION>_<KEY>`` overrides any setting (``FILMBOT_BOT_PREFIX=?``); ``FILMBOT_DB`` is a
short form of ``FILMBOT_STORAGE_DATABASE`` (and wins over it). An empty variable counts as unset.
A bad value stops the start with one line that names the setting, says what is wrong and where
the value came from. Secrets never come from here: a settings file with a key that looks like
one (``token``, ``password``, ...) is refused.
"""

from __future__ import annotations

import math
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from importlib import resources
from pathlib import Path

from knowledge.errors import FilmbotError


class SettingsError(FilmbotError, ValueError):
    """A setting is unknown, missing its file, mistyped or out of range; the message names it."""

    exit_code = 2


@dataclass(frozen=True)
class Settings:
    database: str = "data/filmbot.db"
    prefix: str = "!"
    message_content: bool = True
    admin_roles: tuple[str, ...] = ("filmbot admin",)
    answer_rate: int = 5
    answer_per_seconds: float = 10.0
    max_attachment_bytes: int = 2_000_000
    ingest_rate: int = 5
    ingest_per_seconds: float = 60.0
    fetch_timeout_seconds: float = 20.0
    fetch_max_bytes: int = 5_000_000
    allow_loopback: bool = False
    feed_interval_minutes: float = 30.0
    feed_max_items: int = 50
    feed_poll_seconds: float = 60.0
    follow_notice_minutes: float = 5.0
    log_level: str = "INFO"
    relations: str = ""


# (section, key in the file) -> field of Settings
_FIELDS = {
    ("storage", "database"): "database",
    ("bot", "prefix"): "prefix",
    ("bot", "message_content"): "message_content",
    ("bot", "admin_roles"): "admin_roles",
    ("bot", "answer_rate"): "answer_rate",
    ("bot", "answer_per_seconds"): "answer_per_seconds",
    ("bot", "max_attachment_bytes"): "max_attachment_bytes",
    ("bot", "ingest_rate"): "ingest_rate",
    ("bot", "ingest_per_seconds"): "ingest_per_seconds",
    ("fetch", "timeout_seconds"): "fetch_timeout_seconds",
    ("fetch", "max_bytes"): "fetch_max_bytes",
    ("fetch", "allow_loopback"): "allow_loopback",
    ("feeds", "interval_minutes"): "feed_interval_minutes",
    ("feeds", "max_items"): "feed_max_items",
    ("feeds", "poll_seconds"): "feed_poll_seconds",
    ("follows", "notice_minutes"): "follow_notice_minutes",
    ("logging", "level"): "log_level",
    ("knowledge", "relations"): "relations",
}
_SETTING = {name: f"{section}.{key}" for (section, key), name in _FIELDS.items()}
_SECTIONS = {section for section, _ in _FIELDS}
_KINDS = {f.name: f.type for f in fields(Settings)}
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_SECRET = re.compile(r"token|secret|passw|api_?key|credential", re.IGNORECASE)
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")

# field -> (value, where it came from: a file name or an environment variable)
_Values = dict[str, tuple[object, str]]


def load_settings(path: str | Path | None = None, environ: Mapping[str, str] = os.environ) -> Settings:
    """Defaults, then ``path`` (if given), then the environment; validated."""
    values: _Values = {}
    shipped = resources.files("config").joinpath("settings.toml").read_text("utf-8")
    _apply(values, _parse(shipped, "config/settings.toml"), "config/settings.toml")
    if path is not None:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise SettingsError(f"settings: cannot read {path}: {getattr(error, 'strerror', None) or error}") from None
        _apply(values, _parse(text, str(path)), str(path))
    for name, setting in _SETTING.items():
        env = "FILMBOT_" + setting.replace(".", "_").upper()
        if environ.get(env):
            values[name] = (_from_env(environ[env], name, env), env)
    if environ.get("FILMBOT_DB"):
        values["database"] = (environ["FILMBOT_DB"], "FILMBOT_DB")
    return _validated(values)


def _parse(text: str, origin: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"settings: {origin} is not valid TOML: {error}") from None


def _apply(values: _Values, table: dict, origin: str) -> None:
    for section, entries in table.items():
        keys = entries if isinstance(entries, dict) else {}
        for key in (section, *keys):
            if _SECRET.search(key):
                raise SettingsError(
                    f"settings: {section if key == section else f'{section}.{key}'} in {origin} looks like a secret;"
                    " secrets are read only from the environment (DISCORD_TOKEN) or a file it names (DISCORD_TOKEN_FILE)"
                )
        known = ", ".join(f"[{s}]" for s in sorted(_SECTIONS))
        if not isinstance(entries, dict):
            raise SettingsError(f"settings: {section} in {origin} is not in a section; settings go in {known}")
        if section not in _SECTIONS:
            raise SettingsError(f"settings: unknown section [{section}] in {origin} (known: {known})")
        for key, value in entries.items():
            name = _FIELDS.get((section, key))
            if name is None:
                raise SettingsError(f"settings: unknown setting {section}.{key} in {origin}")
            values[name] = (value, origin)


def _from_env(text: str, name: str, env: str) -> object:
    """An environment variable's text as the kind of value the setting takes."""
    kind = _KINDS[name]
    if kind == "bool":
        word = text.strip().lower()
        if word not in _TRUE + _FALSE:
            raise SettingsError(f"settings: {env} must be true or false, not {text!r}")
        return word in _TRUE
    if kind == "tuple[str, ...]":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind in ("int", "float"):
        for number in (int, float):
            try:
                return number(text)
            except ValueError:
                pass
        raise SettingsError(f"settings: {env} must be a number, not {text!r}")
    return text


def _validated(values: _Values) -> Settings:
    """Settings from checked values: the first bad one raises, naming it and its origin."""

    def bad(name: str, what: str) -> SettingsError:
        origin = values.get(name, (None, "the built-in defaults"))[1]
        where = f"from {origin}" if origin.startswith("FILMBOT_") else f"in {origin}"
        return SettingsError(f"settings: {_SETTING[name]} {what} ({where})")

    checked: dict[str, object] = {}
    for name, (value, _) in values.items():
        kind = _KINDS[name]
        if kind == "bool" and not isinstance(value, bool):
            raise bad(name, f"must be true or false, not {value!r}")
        if kind in ("int", "float"):
            if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
                raise bad(name, f"must be a positive number, not {value!r}")
            if kind == "int" and not float(value).is_integer():
                raise bad(name, f"must be a whole number, not {value!r}")
            value = int(value) if kind == "int" else float(value)
        if kind == "str" and not isinstance(value, str):
            raise bad(name, f"must be text, not {value!r}")
        if kind == "tuple[str, ...]":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise bad(name, "must be a list of names")
            value = tuple(value)
        checked[name] = value

    settings = Settings(**checked)
    if not settings.prefix.strip() or len(settings.prefix) > 5:
        raise bad("prefix", f"must be 1 to 5 characters, not {settings.prefix!r}")
    if not settings.database.strip():
        raise bad("database", "must not be empty")
    if settings.log_level.upper() not in _LEVELS:
        raise bad("log_level", f"must be one of {', '.join(_LEVELS)}, not {settings.log_level!r}")
    if settings.relations and not Path(settings.relations).is_file():
        raise bad("relations", f"names a file that does not exist: {settings.relations}")
    return replace(settings, log_level=settings.log_level.upper())
