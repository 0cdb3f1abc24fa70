"""/pole: who starts first at a track."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete, lookup
from bot.client import RaceBot
from bot.embeds import pole_embed
from bot.errors import NoData
from db.queries.poles import latest_pole


class Poles(commands.Cog):
    def __init__(self, bot: RaceBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="pole", description="Who won the pole at a track (latest race there by default)"
    )
    @app_commands.describe(
        track="Track name, nickname or host city, e.g. homestead, dega, the glen",
        series="Cup, Xfinity or Truck (any name the series has had)",
        year="Season, e.g. 2025",
    )
    async def pole(
        self,
        interaction: discord.Interaction,
        track: app_commands.Range[str, 1, 100],
        series: app_commands.Range[str, 1, 100] | None = None,
        year: app_commands.Range[int, 1949, 2100] | None = None,
    ) -> None:
        names = self.bot.names
        code = lookup.series_code(names, series) if series else None
        place = lookup.track(names, track, series=code)
        report = await self.bot.answers.get(
            ("pole", place.id, code, year),
            lambda: latest_pole(self.bot.store.sessions, track_id=int(place.id), series=code, season=year),
        )
        if report is None:
            where = place.name
            scope = " ".join(x for x in (str(year) if year else None, code) if x)
            raise NoData(f"No {scope + ' ' if scope else ''}pole at {where} in the store.")
        await interaction.response.send_message(embed=pole_embed(report, sample_only=self.bot.sample_only))

    @pole.autocomplete("track")
    async def _track(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return autocomplete.track_choices(
            self.bot.names, current, interaction.namespace, self.bot.upcoming_tracks
        )

    @pole.autocomplete("series")
    async def _series(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return autocomplete.series_choices(self.bot.names, current)


async def setup(bot: RaceBot) -> None:
    await bot.add_cog(Poles(bot))
