"""The heartbeat ``filmbot health`` checks: written every 30 s while the bot runs, from a thread
of its own, so that nothing else the bot is busy with (fetches, answers) can make it late."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from discord.ext import commands, tasks

from ..health import INTERVAL_SECONDS, write_heartbeat

log = logging.getLogger(__name__)


class Heartbeat(commands.Cog):
    """Tracks the gateway connection and writes ``<db>.heartbeat``."""

    def __init__(self, bot: commands.Bot):
        self.bot = bot
        self.connected = False
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="filmbot-heartbeat")
        self.beat.start()

    async def cog_unload(self) -> None:
        self.beat.cancel()
        self._thread.shutdown(wait=False)

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        self.connected = True

    @commands.Cog.listener()
    async def on_resumed(self) -> None:
        self.connected = True

    @commands.Cog.listener()
    async def on_disconnect(self) -> None:
        self.connected = False

    @tasks.loop(seconds=INTERVAL_SECONDS)
    async def beat(self) -> None:
        try:
            await asyncio.get_running_loop().run_in_executor(
                self._thread, write_heartbeat, self.bot.settings.database, self.connected, len(self.bot.guilds)
            )
        except OSError as error:  # a full disk must not stop the loop; the stale heartbeat will tell
            log.warning("could not write the heartbeat: %s", error)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Heartbeat(bot))
