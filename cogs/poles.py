"""/pole: who starts first at a track."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import SeriesOption, TrackOption, answers_of
from bot.render.poles import pole_embed


class Poles(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="pole",
        description="Who won the pole at a track (latest race there by default)",
        extras={"example": "/pole track:homestead series:truck year:2025"},
    )
    @app_commands.describe(
        track="Track name, nickname or host city, e.g. homestead, dega, the glen",
        series="Cup, Xfinity or Truck (any name the series has had)",
        year="Season, e.g. 2025",
    )
    async def pole(
        self,
        interaction: discord.Interaction,
        track: TrackOption,
        series: SeriesOption | None = None,
        year: app_commands.Range[int, 1949, 2100] | None = None,
    ) -> None:
        report = await self.answers.pole(track, series=series, year=year)
        await interaction.response.send_message(embed=pole_embed(report))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Poles(answers_of(bot)))
