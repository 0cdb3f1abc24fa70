"""/ping: a trivial liveness check (also the benchmark's baseline command)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import RaceBot


class Meta(commands.Cog):
    def __init__(self, bot: RaceBot) -> None:
        self.bot = bot

    @app_commands.command(name="ping", description="Check that racebot is up")
    async def ping(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Pong.", ephemeral=True)


async def setup(bot: RaceBot) -> None:
    await bot.add_cog(Meta(bot))
