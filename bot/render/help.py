"""The /help embed: every command with what it answers and one example, as README lists them."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.render.common import FIELD_VALUE_LIMIT, clip, with_footer
from kernel.reports import Freshness


def help_embed(commands: Sequence[tuple[str, str, str]]) -> discord.Embed:
    """(name, description, example) for each command, in name order."""
    embed = discord.Embed(
        title="racebot commands",
        description="Names are forgiving: nicknames (rowdy, dega), former names (busch), car numbers (#5) and typos.",
    )
    for name, description, example in sorted(commands):
        embed.add_field(
            name=f"/{name}", value=clip(f"{description}\n`{example}`", FIELD_VALUE_LIMIT), inline=False
        )
    return with_footer(embed, Freshness())
