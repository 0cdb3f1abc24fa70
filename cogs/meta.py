"""/ping: a trivial liveness check (also the benchmark's baseline command)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands


class Meta(commands.Cog):
    @app_commands.command(name="ping", description="Check that racebot is up")
    async def ping(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Pong.", ephemeral=True)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Meta())
