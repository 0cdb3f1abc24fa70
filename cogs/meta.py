"""/ping and /help: is the bot up, and what can it answer."""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.render.help import help_embed


class Meta(commands.Cog):
    def __init__(self, tree: app_commands.CommandTree[Any]) -> None:
        self.tree = tree

    @app_commands.command(name="ping", description="Check that racebot is up", extras={"example": "/ping"})
    async def ping(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Pong.", ephemeral=True)

    @app_commands.command(
        name="help", description="Every command with an example", extras={"example": "/help"}
    )
    async def help(self, interaction: discord.Interaction) -> None:
        entries = [
            (c.name, c.description, str(c.extras.get("example", f"/{c.name}")))
            for c in self.tree.get_commands()
            if isinstance(c, app_commands.Command | app_commands.Group)
        ]
        await interaction.response.send_message(embed=help_embed(entries), ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Meta(bot.tree))
