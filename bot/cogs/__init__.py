"""The bot's command families, one cog each, loaded by :meth:`bot.client.FilmBot.setup_hook`."""

EXTENSIONS = ("bot.cogs.answers", "bot.cogs.admin", "bot.cogs.feeds", "bot.cogs.follows", "bot.cogs.heartbeat")
