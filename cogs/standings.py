"""/standings: a season's points table, drivers (the default), owners or manufacturers."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import SeriesOption, answers_of
from bot.interactions.paging import send_pages
from bot.render.memo import reuse
from bot.render.standings import standings_pages
from kernel.standings import TABLES

TABLE_CHOICES = [app_commands.Choice(name=kind.capitalize(), value=kind) for kind in TABLES]


class Standings(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="standings",
        description="Points standings with the Chase cut line; live during a race; past seasons' points earned",
        extras={"example": "/standings series:cup season:1992"},
    )
    @app_commands.describe(
        series="Cup, Xfinity or Truck (default: Cup)",
        season="Season (default: the latest)",
        table="Drivers (default), owners or manufacturers",
    )
    @app_commands.choices(table=TABLE_CHOICES)
    async def standings(
        self,
        interaction: discord.Interaction,
        series: SeriesOption | None = None,
        season: app_commands.Range[int, 1949, 2100] | None = None,
        table: app_commands.Choice[str] | None = None,
    ) -> None:
        report = await self.answers.standings(
            series=series, season=season, table=None if table is None else table.value
        )
        await send_pages(interaction, reuse(standings_pages, report))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Standings(answers_of(bot)))
