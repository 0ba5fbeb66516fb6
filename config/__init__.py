"""Shipped settings files: ``settings.toml`` (defaults) and ``relations.toml`` (the relation lexicon)."""
