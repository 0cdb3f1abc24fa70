"""/driver: a driver's record, per series, optionally at one track."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import DriverOption, SeriesOption, TrackOption, answers_of
from bot.render.drivers import driver_embed


class Drivers(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="driver",
        description="A driver's starts, wins, top 5/10, poles and laps led",
        extras={"example": "/driver name:kyle larson track:homestead"},
    )
    @app_commands.describe(
        name="Driver name, nickname or car number (#5), e.g. kyle larson, rowdy",
        series="Cup, Xfinity or Truck (any name the series has had)",
        track="Only races at this track",
    )
    async def driver(
        self,
        interaction: discord.Interaction,
        name: DriverOption,
        series: SeriesOption | None = None,
        track: TrackOption | None = None,
    ) -> None:
        report = await self.answers.driver(name, series=series, track=track)
        await interaction.response.send_message(embed=driver_embed(report))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Drivers(answers_of(bot)))
