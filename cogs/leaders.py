"""/leaders: the top 10 in a statistic, in a series, optionally at one track and over a span of seasons."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import SeriesOption, TrackOption, answers_of
from bot.render.leaders import leaders_embed
from bot.render.memo import reuse
from kernel.reports import LEADER_STATS

STAT_CHOICES = [
    app_commands.Choice(name=name.capitalize(), value=code) for code, name in LEADER_STATS.items()
]


class Leaders(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="leaders",
        description="Top 10 in a stat; drivers need min_starts starts (default 10 for averages, else 1)",
        extras={"example": "/leaders stat:laps_led series:cup track:homestead to_year:2024"},
    )
    @app_commands.describe(
        stat="What to rank drivers by",
        series="Cup, Xfinity or Truck (default: Cup)",
        track="Only races at this track, e.g. homestead, dega",
        from_year="First season counted, e.g. 2014",
        to_year="Last season counted, e.g. 2024",
        min_starts="Starts a driver needs in the scope (default: 10 for average finish and rating, else 1)",
    )
    @app_commands.choices(stat=STAT_CHOICES)
    async def leaders(
        self,
        interaction: discord.Interaction,
        stat: app_commands.Choice[str],
        series: SeriesOption | None = None,
        track: TrackOption | None = None,
        from_year: app_commands.Range[int, 1949, 2100] | None = None,
        to_year: app_commands.Range[int, 1949, 2100] | None = None,
        min_starts: app_commands.Range[int, 1, 1000] | None = None,
    ) -> None:
        report = await self.answers.leaders(
            stat.value,
            series=series,
            track=track,
            from_year=from_year,
            to_year=to_year,
            min_starts=min_starts,
        )
        await interaction.response.send_message(embed=reuse(leaders_embed, report))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Leaders(answers_of(bot)))
