"""Previous/Next buttons under a paged reply (``!timeline``): only the member who asked can
press them, and they stop after ``TIMEOUT_SECONDS``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

import discord

from knowledge.answer import Answer

from .render import render
from .replies import NO_MENTIONS, answer_embed

TIMEOUT_SECONDS = 180
NOT_YOURS = "Only the member who asked can turn these pages; ask for your own with the same command."


class Pages(discord.ui.View):
    """Turns a timeline answer's pages; ``turn(page)`` reads another page of the same film."""

    def __init__(self, answer: Answer, owner_id: int, turn: Callable[[int], Awaitable], prefix: str = "!"):
        super().__init__(timeout=TIMEOUT_SECONDS)
        self.answer, self.owner_id, self.turn, self.prefix = answer, owner_id, turn, prefix
        self.message: discord.Message | None = None  # set once sent, to switch the buttons off at the end
        self._enable()

    def _enable(self) -> None:
        timeline = self.answer.timeline
        self.previous.disabled = timeline.page <= 1
        self.next.disabled = timeline.page >= timeline.pages

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        await interaction.response.send_message(NOT_YOURS, ephemeral=True, allowed_mentions=NO_MENTIONS)
        return False

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self.show(interaction, self.answer.timeline.page - 1)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self.show(interaction, self.answer.timeline.page + 1)

    async def show(self, interaction: discord.Interaction, page: int) -> None:
        """Replace the reply with another page (the same film, read again)."""
        timeline = await self.turn(page)
        if timeline.entries:
            self.answer = replace(self.answer, timeline=timeline)
        self._enable()
        await interaction.response.edit_message(
            content=None if interaction.message and interaction.message.embeds else render(self.answer, prefix=self.prefix),
            embed=answer_embed(self.answer, self.prefix) if interaction.message and interaction.message.embeds else None,
            view=self, allowed_mentions=NO_MENTIONS,
        )

    async def on_timeout(self) -> None:
        for item in self.children:
            item.disabled = True
        if self.message is not None:
            try:
                await self.message.edit(view=self)
            except discord.HTTPException:
                pass  # deleted meanwhile: nothing to switch off
