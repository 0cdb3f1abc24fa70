"""/pole: who starts first at a track."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import RaceOption, SeriesOption, TrackOption, answers_of
from bot.render.memo import reuse
from bot.render.poles import pole_embed


class Poles(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="pole",
        description="Who won the pole at a track (latest race there by default) or in a race",
        extras={"example": "/pole track:homestead series:truck year:2025"},
    )
    @app_commands.describe(
        track="Track name, nickname or host city, e.g. homestead, dega, the glen",
        series="Cup, Xfinity or Truck (left out: every series that raced that weekend)",
        year="Season, e.g. 2025",
        race="Instead of a track: a race's name, e.g. daytona 500, 2024 southern 500",
    )
    async def pole(
        self,
        interaction: discord.Interaction,
        track: TrackOption | None = None,
        series: SeriesOption | None = None,
        year: app_commands.Range[int, 1949, 2100] | None = None,
        race: RaceOption | None = None,
    ) -> None:
        report = await self.answers.pole(track, series=series, year=year, race=race)
        await interaction.response.send_message(embed=reuse(pole_embed, report))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Poles(answers_of(bot)))
