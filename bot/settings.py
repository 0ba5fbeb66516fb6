"""Settings: shipped defaults (``config/settings.toml``), an optional file, then the environment.

``FILMBOT_<SECTION>_<KEY>`` overrides any setting (``FILMBOT_BOT_PREFIX=?``); ``FILMBOT_DB`` is a
short form of ``FILMBOT_STORAGE_DATABASE``. A bad value stops the start with one line that names
the setting and says what is wrong. Secrets never come from here.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path


class SettingsError(ValueError):
    """A setting is missing its file, mistyped or out of range; the message names it."""


@dataclass(frozen=True)
class Settings:
    database: str = "data/filmbot.db"
    prefix: str = "!"
    admin_roles: tuple[str, ...] = ("filmbot admin",)
    answer_rate: int = 5
    answer_per_seconds: float = 10.0
    max_attachment_bytes: int = 2_000_000
    fetch_timeout_seconds: float = 20.0
    fetch_max_bytes: int = 5_000_000
    allow_loopback: bool = False
    feed_interval_minutes: float = 30.0
    log_level: str = "INFO"
    relations: str = ""


# (section, key in the file) -> field of Settings
_FIELDS = {
    ("storage", "database"): "database",
    ("bot", "prefix"): "prefix",
    ("bot", "admin_roles"): "admin_roles",
    ("bot", "answer_rate"): "answer_rate",
    ("bot", "answer_per_seconds"): "answer_per_seconds",
    ("bot", "max_attachment_bytes"): "max_attachment_bytes",
    ("fetch", "timeout_seconds"): "fetch_timeout_seconds",
    ("fetch", "max_bytes"): "fetch_max_bytes",
    ("fetch", "allow_loopback"): "allow_loopback",
    ("feeds", "interval_minutes"): "feed_interval_minutes",
    ("logging", "level"): "log_level",
    ("knowledge", "relations"): "relations",
}
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def load_settings(path: str | Path | None = None, environ: Mapping[str, str] = os.environ) -> Settings:
    """Defaults, then ``path`` (if given), then the environment; validated."""
    values: dict[str, object] = {}
    _apply(values, tomllib.loads(resources.files("config").joinpath("settings.toml").read_text("utf-8")), "config/settings.toml")
    if path is not None:
        try:
            text = Path(path).read_text("utf-8")
        except OSError as error:
            raise SettingsError(f"settings: cannot read {path}: {error.strerror or error}") from None
        try:
            table = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise SettingsError(f"settings: {path} is not valid TOML: {error}") from None
        _apply(values, table, str(path))
    for (section, key), name in _FIELDS.items():
        env = f"FILMBOT_{section}_{key}".upper()
        if env in environ:
            values[name] = _from_env(environ[env], name)
    if environ.get("FILMBOT_DB"):
        values["database"] = environ["FILMBOT_DB"]
    return _validated(values)


def _apply(values: dict, table: dict, origin: str) -> None:
    for section, entries in table.items():
        if not isinstance(entries, dict):
            raise SettingsError(f"settings: [{section}] in {origin} must be a table of settings")
        for key, value in entries.items():
            name = _FIELDS.get((section, key))
            if name is None:
                raise SettingsError(f"settings: unknown setting {section}.{key} in {origin}")
            values[name] = value


def _from_env(text: str, name: str) -> object:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if kind == "bool":
        return text.strip().lower() in ("1", "true", "yes", "on")
    if kind == "tuple[str, ...]":
        return [part.strip() for part in text.split(",") if part.strip()]
    if kind in ("int", "float"):
        try:
            return float(text) if kind == "float" else int(text)
        except ValueError:
            raise SettingsError(f"settings: {name} must be a number, not {text!r}") from None
    return text


def _validated(values: dict[str, object]) -> Settings:
    def where(name: str) -> str:
        return next(f"{s}.{k}" for (s, k), n in _FIELDS.items() if n == name)

    for f in fields(Settings):
        if f.name not in values:
            continue
        value = values[f.name]
        if f.type == "bool" and not isinstance(value, bool):
            raise SettingsError(f"settings: {where(f.name)} must be true or false")
        if f.type in ("int", "float") and (isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0):
            raise SettingsError(f"settings: {where(f.name)} must be a positive number, not {value!r}")
        if f.type == "int" and not float(value).is_integer():
            raise SettingsError(f"settings: {where(f.name)} must be a whole number, not {value!r}")
        if f.type == "str" and not isinstance(value, str):
            raise SettingsError(f"settings: {where(f.name)} must be text, not {value!r}")
        if f.type == "tuple[str, ...]":
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise SettingsError(f"settings: {where(f.name)} must be a list of names")
            values[f.name] = tuple(value)
        elif f.type == "int":
            values[f.name] = int(value)
        elif f.type == "float":
            values[f.name] = float(value)
    settings = Settings(**values)
    if not settings.prefix.strip() or len(settings.prefix) > 5:
        raise SettingsError("settings: bot.prefix must be 1 to 5 characters")
    if not settings.database.strip():
        raise SettingsError("settings: storage.database must not be empty")
    if settings.log_level.upper() not in _LEVELS:
        raise SettingsError(f"settings: logging.level must be one of {', '.join(_LEVELS)}")
    if settings.relations and not Path(settings.relations).is_file():
        raise SettingsError(f"settings: knowledge.relations names a file that does not exist: {settings.relations}")
    return settings
