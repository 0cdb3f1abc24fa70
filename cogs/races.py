"""/grid, /results and /next: a race weekend's starting lineup, its finishing order, and the next one."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import RaceOption, SeriesOption, answers_of
from bot.interactions.paging import send_pages
from bot.pictures.specs import grid_card
from bot.render.memo import reuse
from bot.render.races import grid_pages, results_pages
from bot.render.weekends import weekend_embed

RACE = "A track (its latest race) or a race's name, e.g. homestead, daytona 500, 2024 southern 500"
SERIES = "Cup, Xfinity or Truck (any name the series has had)"
YEAR = "Season, e.g. 2025"
CARD = "Show the grid as a picture too (default: True)"
CHART = "Show positions by lap as a picture too, where the race has lap times (default: True)"


class Races(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="grid",
        description="A race's whole starting lineup",
        extras={"example": "/grid race:homestead series:truck year:2025"},
    )
    @app_commands.describe(race=RACE, series=SERIES, year=YEAR, card=CARD)
    async def grid(
        self,
        interaction: discord.Interaction,
        race: RaceOption,
        series: SeriesOption | None = None,
        year: app_commands.Range[int, 1949, 2100] | None = None,
        card: bool = True,
    ) -> None:
        report = await self.answers.grid(race, series=series, year=year)
        await send_pages(
            interaction, reuse(grid_pages, report), {0: reuse(grid_card, report) if card else None}
        )

    @app_commands.command(
        name="results",
        description="A race's finishing order",
        extras={"example": "/results race:daytona 500 year:2024"},
    )
    @app_commands.describe(race=RACE, series=SERIES, year=YEAR, chart=CHART)
    async def results(
        self,
        interaction: discord.Interaction,
        race: RaceOption,
        series: SeriesOption | None = None,
        year: app_commands.Range[int, 1949, 2100] | None = None,
        chart: bool = True,
    ) -> None:
        report = await self.answers.results(race, series=series, year=year)
        spec = await self.answers.race_chart(report.event) if chart else None
        await send_pages(interaction, reuse(results_pages, report), {0: spec})

    @app_commands.command(
        name="next",
        description="The next race weekend: sessions in your time zone, TV, distance, defending winner",
        extras={"example": "/next series:cup"},
    )
    @app_commands.describe(series="Cup, Xfinity or Truck (default: the next race of each)")
    async def next(self, interaction: discord.Interaction, series: SeriesOption | None = None) -> None:
        weekends = await self.answers.next_weekends(series=series)
        await interaction.response.send_message(embeds=[weekend_embed(weekend) for weekend in weekends])


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Races(answers_of(bot)))
