"""/driver: a driver's record, per series, optionally at one track."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot import autocomplete, lookup
from bot.client import RaceBot
from bot.embeds import driver_embed
from bot.errors import NoData
from db.queries.drivers import driver_report


class Drivers(commands.Cog):
    def __init__(self, bot: RaceBot) -> None:
        self.bot = bot

    @app_commands.command(name="driver", description="A driver's starts, wins, top 5/10, poles and laps led")
    @app_commands.describe(
        name="Driver name, nickname or car number (#5), e.g. kyle larson, rowdy",
        series="Cup, Xfinity or Truck (any name the series has had)",
        track="Only races at this track",
    )
    async def driver(
        self,
        interaction: discord.Interaction,
        name: app_commands.Range[str, 1, 100],
        series: app_commands.Range[str, 1, 100] | None = None,
        track: app_commands.Range[str, 1, 100] | None = None,
    ) -> None:
        names = self.bot.names
        code = lookup.series_code(names, series) if series else None
        place = lookup.track(names, track, series=code) if track else None
        person = lookup.driver(names, name, series=code)
        track_id = None if place is None else int(place.id)
        report = await self.bot.answers.get(
            ("driver", person.id, code, track_id),
            lambda: driver_report(self.bot.store.sessions, int(person.id), series=code, track_id=track_id),
        )
        if not report.records:
            where = f" at {report.track_name}" if report.track_name else ""
            scope = f" in the {code} series" if code else ""
            raise NoData(f"{report.name} has no races{scope}{where} in the store.")
        await interaction.response.send_message(embed=driver_embed(report, sample_only=self.bot.sample_only))

    @driver.autocomplete("name")
    async def _name(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return autocomplete.driver_choices(self.bot.names, current, interaction.namespace)

    @driver.autocomplete("series")
    async def _series(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return autocomplete.series_choices(self.bot.names, current)

    @driver.autocomplete("track")
    async def _track(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return autocomplete.track_choices(
            self.bot.names, current, interaction.namespace, self.bot.upcoming_tracks
        )


async def setup(bot: RaceBot) -> None:
    await bot.add_cog(Drivers(bot))
