"""filmbot's front ends: the Discord bot, the command line and the local console.

Importing this package does not import discord; ``bot.create_bot`` loads it on first use.
"""


def __getattr__(name: str):
    if name == "create_bot":
        from .client import create_bot

        return create_bot
    raise AttributeError(name)
