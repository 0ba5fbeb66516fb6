"""filmbot's engine: read film-news articles, and answer questions with a sentence from them.

Importable without Discord::

    from knowledge import Store, Engine
    store = Store("data/filmbot.db")
    Engine(store).answer("!who directed Alita")
"""

from .answer import Answer, Engine
from .store import Store

__all__ = ["Answer", "Engine", "Store"]
