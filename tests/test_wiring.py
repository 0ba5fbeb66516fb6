"""One wiring place: the command line, the console (``--demo`` too) and the bot build the same
lexicon, fetch policy and store from the settings; a test can hand the bot its own library."""

from __future__ import annotations

import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bot.client import create_bot
from bot.library import Library
from bot.settings import load_settings

from .helpers import FIXTURES


@pytest.fixture
def site(tmp_path):
    """An article page served on 127.0.0.1."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "dress.html").write_bytes((FIXTURES / "html" / "tmz-lupita-dress.html").read_bytes())
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_console_demo_fetches_under_the_configured_policy_and_names_the_prefix(tmp_path, site):
    config = tmp_path / "settings.toml"
    config.write_text('[fetch]\nallow_loopback = true\n[bot]\nprefix = "?"\n', "utf-8")
    console = subprocess.run(
        [sys.executable, "-m", "bot.cli", "--config", str(config), "console", "--demo"],
        input=f"?ingest {site}/dress.html\n?who composed Alita\nquit\n", capture_output=True, text=True, timeout=60,
    )
    assert console.returncode == 0, console.stderr
    assert "filmbot> new     #2 Lupita Nyong'o's $150K Pearl Oscar Dress" in console.stdout, console.stdout
    assert "Try ?film Alita or ?help." in console.stdout


def test_create_bot_uses_the_library_it_is_given(tmp_path, monkeypatch):
    monkeypatch.delenv("FILMBOT_DB", raising=False)
    settings = load_settings(environ={"FILMBOT_DB": str(tmp_path / "configured.db")})
    library = Library(str(tmp_path / "given.db"))
    bot = create_bot(settings, library)
    try:
        assert bot.library is library
        assert not (tmp_path / "configured.db").exists()
    finally:
        library.close()
