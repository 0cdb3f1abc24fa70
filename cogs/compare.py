"""/compare: two drivers head to head over the races both started."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import DriverOption, SeriesOption, TrackOption, answers_of
from bot.render.compare import compare_embed
from bot.render.memo import reuse


class Compare(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="compare",
        description="Two drivers head to head: finished ahead, wins, poles, top 5s and laps led in races both started",
        extras={"example": "/compare driver_a:kyle larson driver_b:chase elliott series:cup"},
    )
    @app_commands.describe(
        driver_a="A driver: name, nickname or car number, e.g. kyle larson",
        driver_b="The other driver, e.g. chase elliott",
        series="Cup, Xfinity or Truck (default: the series they raced together most)",
        track="Only races at this track",
        from_year="Only seasons from this one",
        to_year="Only seasons up to this one",
    )
    async def compare(
        self,
        interaction: discord.Interaction,
        driver_a: DriverOption,
        driver_b: DriverOption,
        series: SeriesOption | None = None,
        track: TrackOption | None = None,
        from_year: app_commands.Range[int, 1949, 2100] | None = None,
        to_year: app_commands.Range[int, 1949, 2100] | None = None,
    ) -> None:
        report = await self.answers.compare(
            driver_a, driver_b, series=series, track=track, from_year=from_year, to_year=to_year
        )
        await interaction.response.send_message(embed=reuse(compare_embed, report))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Compare(answers_of(bot)))
