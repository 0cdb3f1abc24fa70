"""/driver: a driver's record, per series, optionally at one track and within a span of seasons."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import DriverOption, SeriesOption, TrackOption, answers_of
from bot.interactions.paging import send_pages
from bot.pictures.specs import career_chart
from bot.render.drivers import driver_pages
from bot.render.memo import reuse


class Drivers(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="driver",
        description="A driver's record: wins, top 5/10, poles, laps led, DNFs; season by season or every start",
        extras={"example": "/driver name:kyle larson track:homestead"},
    )
    @app_commands.describe(
        name="Driver name, nickname or car number (#5), e.g. kyle larson, rowdy",
        series="Cup, Xfinity or Truck (any name the series has had)",
        track="Only races at this track (a page lists every start there)",
        from_year="First season counted, e.g. 2014",
        to_year="Last season counted, e.g. 2024",
        chart="Show the seasons as a chart on the first page too (default: True)",
    )
    async def driver(
        self,
        interaction: discord.Interaction,
        name: DriverOption,
        series: SeriesOption | None = None,
        track: TrackOption | None = None,
        from_year: app_commands.Range[int, 1949, 2100] | None = None,
        to_year: app_commands.Range[int, 1949, 2100] | None = None,
        chart: bool = True,
    ) -> None:
        report = await self.answers.driver(
            name, series=series, track=track, from_year=from_year, to_year=to_year
        )
        await send_pages(
            interaction, reuse(driver_pages, report), {0: reuse(career_chart, report) if chart else None}
        )


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Drivers(answers_of(bot)))
