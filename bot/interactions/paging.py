"""Long answers a page at a time: ◀ / ▶ buttons that only the person who asked can press."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

log = logging.getLogger(__name__)

# Seconds without a press before the buttons are taken off the message.
PAGE_TIMEOUT_S = 180.0

# Set in `interaction.extras` to the `Pager` of a paged answer, so the offline console can print every page.
PAGED_ANSWER = "racebot_pager"


def refusal(owner: discord.abc.User) -> str:
    """What someone else pressing the buttons is told, privately."""
    return f"Only {owner.mention} can turn these pages; run the command yourself."


class Pager(discord.ui.View):
    """◀ / ▶ over embeds, one a page; each page should say its number (e.g. "(2/3)" in its title)."""

    def __init__(
        self, interaction: discord.Interaction, pages: Sequence[discord.Embed], *, timeout: float
    ) -> None:
        if len(pages) < 2:
            raise ValueError("a pager needs at least two pages")
        super().__init__(timeout=timeout)
        self.origin = interaction
        self.pages = list(pages)
        self.index = 0
        self._enable_buttons()

    @discord.ui.button(label="◀", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: discord.Interaction, _: discord.ui.Button[Pager]) -> None:
        await self.show(interaction, self.index - 1)

    @discord.ui.button(label="▶", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: discord.Interaction, _: discord.ui.Button[Pager]) -> None:
        await self.show(interaction, self.index + 1)

    async def show(self, interaction: discord.Interaction, index: int) -> None:
        """Turn the message to page `index` (kept within the pages), with the buttons that still apply."""
        self.index = max(0, min(index, len(self.pages) - 1))
        self._enable_buttons()
        await interaction.response.edit_message(embed=self.pages[self.index], view=self)

    def _enable_buttons(self) -> None:
        """At the first page there is no ◀, at the last no ▶."""
        self.previous_page.disabled = self.index == 0
        self.next_page.disabled = self.index == len(self.pages) - 1

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Only the person who asked may turn the pages; anyone else is told so, privately."""
        if interaction.user.id == self.origin.user.id:
            return True
        await interaction.response.send_message(refusal(self.origin.user), ephemeral=True)
        return False

    async def on_timeout(self) -> None:
        """Take the buttons off, leaving the page last shown."""
        try:
            await self.origin.edit_original_response(view=None)
        except discord.HTTPException as failure:  # the message was deleted, or its token expired
            log.info("could not remove the page buttons: %s", failure)


async def send_pages(interaction: discord.Interaction, pages: Sequence[discord.Embed]) -> None:
    """Answer with the first page and a pager; a lone page goes plainly, without buttons.

    The pager stops after PAGE_TIMEOUT_S as it is at the call (tests shorten it).
    """
    if not pages:
        raise ValueError("no pages to send")
    if len(pages) == 1:
        await interaction.response.send_message(embed=pages[0])
        return
    pager = Pager(interaction, pages, timeout=PAGE_TIMEOUT_S)
    await interaction.response.send_message(embed=pages[0], view=pager)
    interaction.extras[PAGED_ANSWER] = pager
