"""/track and /schedule: a track's facts and records; a season race by race."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.service import Answers
from bot.interactions.options import SeriesOption, TrackOption, answers_of
from bot.interactions.paging import send_pages
from bot.render.memo import reuse
from bot.render.tracks import schedule_pages, track_embed


class Tracks(commands.Cog):
    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    @app_commands.command(
        name="track",
        description="A track's length and surface, last winners and pole sitters, and its leaders",
        extras={"example": "/track track:homestead"},
    )
    @app_commands.describe(
        track="Track name, nickname or host city, e.g. homestead, dega, the glen",
        series="Cup, Xfinity or Truck (default: Cup, if Cup raced there)",
    )
    async def track(
        self, interaction: discord.Interaction, track: TrackOption, series: SeriesOption | None = None
    ) -> None:
        report = await self.answers.track(track, series=series)
        await interaction.response.send_message(embed=reuse(track_embed, report))

    @app_commands.command(
        name="schedule",
        description="A season's races with green flags, TV, winners and pole sitters",
        extras={"example": "/schedule series:truck season:2025"},
    )
    @app_commands.describe(
        series="Cup, Xfinity or Truck (default: Cup)", season="Season (default: the latest)"
    )
    async def schedule(
        self,
        interaction: discord.Interaction,
        series: SeriesOption | None = None,
        season: app_commands.Range[int, 1949, 2100] | None = None,
    ) -> None:
        report = await self.answers.schedule(series=series, season=season)
        await send_pages(interaction, reuse(schedule_pages, report))


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Tracks(answers_of(bot)))
