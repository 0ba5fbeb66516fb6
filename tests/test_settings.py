"""Settings: shipped defaults, a settings file over them, the environment over both, and one
clear line for every bad value, unknown key or secret put where secrets don't belong."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings, SettingsError, load_settings


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, "utf-8")
    return path


def refusal(path: Path | None = None, **environ: str) -> str:
    """The message of the SettingsError these settings raise (checked to be one line)."""
    with pytest.raises(SettingsError) as caught:
        load_settings(path, environ=environ)
    message = str(caught.value)
    assert "\n" not in message and message.startswith("settings: ")
    return message


def test_the_shipped_defaults_load_and_match_the_documented_ones():
    assert load_settings(environ={}) == Settings()


def test_a_file_overrides_only_what_it_sets(tmp_path):
    lexicon = tmp_path / "words.toml"
    lexicon.write_text("", "utf-8")
    path = write(tmp_path, f"""
[storage]
database = "/srv/filmbot/films.db"
[bot]
prefix = "?"
admin_roles = ["editors", "mods"]
answer_rate = 3.0
[logging]
level = "debug"
[knowledge]
relations = "{lexicon}"
""")
    settings = load_settings(path, environ={})
    assert settings.database == "/srv/filmbot/films.db"
    assert settings.prefix == "?" and settings.admin_roles == ("editors", "mods")
    assert settings.answer_rate == 3 and isinstance(settings.answer_rate, int)
    assert settings.log_level == "DEBUG"  # names logging understands
    assert settings.relations == str(lexicon)
    assert settings.fetch_timeout_seconds == Settings().fetch_timeout_seconds  # not in the file: default


def test_the_environment_overrides_the_file(tmp_path):
    path = write(tmp_path, '[bot]\nprefix = "?"\nanswer_rate = 3\n[fetch]\nallow_loopback = false\n')
    settings = load_settings(path, environ={
        "FILMBOT_BOT_PREFIX": "$",
        "FILMBOT_BOT_ADMIN_ROLES": "editors, mods",
        "FILMBOT_BOT_ANSWER_PER_SECONDS": "2.5",
        "FILMBOT_BOT_MESSAGE_CONTENT": "off",
        "FILMBOT_FETCH_ALLOW_LOOPBACK": "yes",
        "FILMBOT_FEEDS_INTERVAL_MINUTES": "15",
    })
    assert settings.prefix == "$" and settings.admin_roles == ("editors", "mods")
    assert settings.answer_rate == 3  # from the file, not overridden
    assert settings.answer_per_seconds == 2.5 and settings.feed_interval_minutes == 15.0
    assert settings.message_content is False and settings.allow_loopback is True


def test_filmbot_db_names_the_database_and_wins_over_the_long_form(tmp_path):
    path = write(tmp_path, '[storage]\ndatabase = "from-file.db"\n')
    assert load_settings(path, environ={"FILMBOT_DB": "/data/filmbot.db"}).database == "/data/filmbot.db"
    assert load_settings(path, environ={"FILMBOT_STORAGE_DATABASE": "long.db"}).database == "long.db"
    both = {"FILMBOT_STORAGE_DATABASE": "long.db", "FILMBOT_DB": "short.db"}
    assert load_settings(path, environ=both).database == "short.db"


def test_an_empty_variable_counts_as_unset():
    settings = load_settings(environ={"FILMBOT_DB": "", "FILMBOT_BOT_PREFIX": "", "FILMBOT_BOT_ANSWER_RATE": ""})
    assert settings == Settings()


@pytest.mark.parametrize(("toml", "expected"), [
    ('[bot]\nprefix = 5', "bot.prefix must be text, not 5"),
    ('[bot]\nprefix = "!!!!!!"', "bot.prefix must be 1 to 5 characters"),
    ('[bot]\nprefix = "  "', "bot.prefix must be 1 to 5 characters"),
    ('[bot]\nanswer_rate = 0', "bot.answer_rate must be a positive number, not 0"),
    ('[bot]\nanswer_rate = 2.5', "bot.answer_rate must be a whole number, not 2.5"),
    ('[bot]\nanswer_per_seconds = "fast"', "bot.answer_per_seconds must be a positive number, not 'fast'"),
    ('[bot]\nmax_attachment_bytes = true', "bot.max_attachment_bytes must be a positive number, not True"),
    ('[fetch]\ntimeout_seconds = inf', "fetch.timeout_seconds must be a positive number, not inf"),
    ('[fetch]\nallow_loopback = "yes"', "fetch.allow_loopback must be true or false, not 'yes'"),
    ('[bot]\nadmin_roles = "admins"', "bot.admin_roles must be a list of names"),
    ('[bot]\nadmin_roles = ["ok", ""]', "bot.admin_roles must be a list of names"),
    ('[logging]\nlevel = "LOUD"', "logging.level must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, not 'LOUD'"),
    ('[storage]\ndatabase = ""', "storage.database must not be empty"),
    ('[knowledge]\nrelations = "no/such/lexicon.toml"', "knowledge.relations names a file that does not exist"),
])
def test_a_bad_value_in_a_file_is_one_line_naming_the_setting_and_the_file(tmp_path, toml, expected):
    path = write(tmp_path, toml + "\n")
    message = refusal(path)
    assert expected in message and message.endswith(f"(in {path})")


@pytest.mark.parametrize(("environ", "expected"), [
    ({"FILMBOT_BOT_ANSWER_RATE": "lots"}, "FILMBOT_BOT_ANSWER_RATE must be a number, not 'lots'"),
    ({"FILMBOT_BOT_ANSWER_RATE": "-1"}, "bot.answer_rate must be a positive number, not -1 (from FILMBOT_BOT_ANSWER_RATE)"),
    ({"FILMBOT_FEEDS_INTERVAL_MINUTES": "nan"}, "feeds.interval_minutes must be a positive number, not nan"),
    ({"FILMBOT_FETCH_ALLOW_LOOPBACK": "maybe"}, "FILMBOT_FETCH_ALLOW_LOOPBACK must be true or false, not 'maybe'"),
    ({"FILMBOT_BOT_PREFIX": "toolong"}, "bot.prefix must be 1 to 5 characters, not 'toolong' (from FILMBOT_BOT_PREFIX)"),
    ({"FILMBOT_LOGGING_LEVEL": "chatty"}, "logging.level must be one of"),
])
def test_a_bad_value_in_the_environment_names_the_variable(environ, expected):
    assert expected in refusal(**environ)


@pytest.mark.parametrize(("toml", "expected"), [
    ('[bot]\nprefx = "?"', "unknown setting bot.prefx in"),
    ('[discord]\nprefix = "?"', "unknown section [discord] in"),
    ('[discord]', "unknown section [discord] in"),
    ('prefix = "?"', "prefix in"),
    ('bot = "?"', "bot in"),
])
def test_unknown_keys_are_refused(tmp_path, toml, expected):
    path = write(tmp_path, toml + "\n")
    message = refusal(path)
    assert expected in message and str(path) in message
    if "=" in toml.splitlines()[0]:  # a setting outside any section
        assert message.endswith("is not in a section; settings go in [bot], [feeds], [fetch], [follows], [knowledge], [logging], [storage]")


@pytest.mark.parametrize("toml", [
    '[bot]\ntoken = "MTIz.secret.value"',
    '[bot]\ndiscord_token = "MTIz.secret.value"',
    'DISCORD_TOKEN = "MTIz.secret.value"',
    '[fetch]\nproxy_password = "MTIz.secret.value"',
    '[secrets]\nkey = "MTIz.secret.value"',
])
def test_a_secret_in_a_settings_file_is_refused_without_repeating_it(tmp_path, toml):
    message = refusal(write(tmp_path, toml + "\n"))
    assert "looks like a secret" in message and "DISCORD_TOKEN_FILE" in message
    assert "MTIz" not in message


def test_an_unreadable_or_broken_file_is_one_line(tmp_path):
    assert "cannot read" in refusal(tmp_path / "missing.toml")
    assert "is not valid TOML" in refusal(write(tmp_path, "[bot\nprefix = '?'\n"))


def test_the_command_line_uses_the_file_given_with_config(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("FILMBOT_DB", raising=False)
    monkeypatch.delenv("FILMBOT_STORAGE_DATABASE", raising=False)
    database = tmp_path / "elsewhere" / "films.db"
    config = write(tmp_path, f'[storage]\ndatabase = "{database}"\n')
    assert main(["--config", str(config), "stats"]) == 0
    assert database.is_file() and "articles   0" in capsys.readouterr().out
    monkeypatch.setenv("FILMBOT_BOT_ANSWER_RATE", "none")
    assert main(["--config", str(config), "stats"]) == 2
    assert capsys.readouterr().err.strip() == "filmbot stats: settings: FILMBOT_BOT_ANSWER_RATE must be a number, not 'none'"
