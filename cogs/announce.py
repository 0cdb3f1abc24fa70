"""/announce: a server admin sets up starting-grid posts (channel, timing, role, results, standings,
threads), sees their status and previews the next grid. Every reply is private and mentions nobody."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.answers.announcements import CHECKED_PERMISSIONS, Announcements, announcements_of
from bot.answers.errors import BadInput, UserFacingError
from bot.render.announce import channel_saved_text, settings_text, status_embed, stopped_text
from bot.render.races import grid_embed

QUIET = discord.AllowedMentions.none()
SERIES_CHOICES = [
    app_commands.Choice(name="Cup", value="cup"),
    app_commands.Choice(name="Xfinity", value="xfinity"),
    app_commands.Choice(name="Truck", value="truck"),
]
ON_OFF = [app_commands.Choice(name="on", value="on"), app_commands.Choice(name="off", value="off")]


class ManageServerRequired(app_commands.CheckFailure, UserFacingError):
    """Raised by the cog's check; the tree shows the text (it is a UserFacingError) privately."""

    def __init__(self) -> None:
        super().__init__(
            "Only members with the Manage Server permission can set up race announcements. "
            "Ask a server admin."
        )


class Announce(commands.Cog):
    group = app_commands.Group(
        name="announce",
        description="Post each race's starting grid in a channel (admins)",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
        extras={"example": "/announce channel channel:#race-day series:cup"},
    )

    def __init__(self, announcements: Announcements) -> None:
        self.announcements = announcements

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Discord hides the group from members without Manage Server, but a server may override that."""
        permissions = interaction.permissions
        if interaction.guild is None or not (permissions.manage_guild or permissions.administrator):
            raise ManageServerRequired()
        return True

    @group.command(name="channel", description="Post grids in this channel (one series, or all three)")
    @app_commands.describe(
        channel="Where the grids go", series="One series (default: Cup, Xfinity and Truck)"
    )
    @app_commands.choices(series=SERIES_CHOICES)
    async def channel(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        series: app_commands.Choice[str] | None = None,
    ) -> None:
        guild = _guild(interaction)
        report = await self.announcements.set_channel(
            guild.id, channel.id, None if series is None else series.value, granted=_granted(channel, guild)
        )
        await _reply(interaction, channel_saved_text(report))

    @group.command(
        name="when", description="Post as soon as the lineup is known, or N minutes before the green flag"
    )
    @app_commands.describe(mode="When a grid is posted", minutes="Minutes before the green flag (5 to 1440)")
    @app_commands.choices(
        mode=[
            app_commands.Choice(name="as soon as the lineup is known", value="lineup"),
            app_commands.Choice(name="minutes before the green flag", value="before"),
        ]
    )
    async def when(
        self,
        interaction: discord.Interaction,
        mode: app_commands.Choice[str],
        minutes: app_commands.Range[int, 5, 1440] | None = None,
    ) -> None:
        settings = await self.announcements.set_when(_guild(interaction).id, mode.value, minutes)
        await _reply(interaction, settings_text(settings, "when"))

    @group.command(name="role", description="The one role posts mention (leave it out to mention nobody)")
    @app_commands.describe(role="An opt-in role for race fans; leave out to clear")
    async def role(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        guild = _guild(interaction)
        if role is not None and role.is_default():
            raise BadInput("Posts never mention @everyone: pick an opt-in role, or leave the option out.")
        settings = await self.announcements.set_role(guild.id, None if role is None else role.id)
        pingable = role is None or role.mentionable or guild.me.guild_permissions.mention_everyone
        await _reply(interaction, settings_text(settings, "role", role_pingable=pingable))

    @group.command(name="results", description="Also post the official results after the race")
    @app_commands.describe(results="off, on, or on with the order behind spoiler tags")
    @app_commands.choices(
        results=[
            app_commands.Choice(name="off", value="off"),
            app_commands.Choice(name="on", value="on"),
            app_commands.Choice(name="on, behind spoiler tags", value="spoiler"),
        ]
    )
    async def results(self, interaction: discord.Interaction, results: app_commands.Choice[str]) -> None:
        settings = await self.announcements.set_results(_guild(interaction).id, results.value)
        await _reply(interaction, settings_text(settings, "results"))

    @group.command(name="standings", description="Also post the top of the standings after each race")
    @app_commands.describe(standings="on or off")
    @app_commands.choices(standings=ON_OFF)
    async def standings(self, interaction: discord.Interaction, standings: app_commands.Choice[str]) -> None:
        settings = await self.announcements.set_standings(_guild(interaction).id, standings.value == "on")
        await _reply(interaction, settings_text(settings, "standings"))

    @group.command(name="thread", description="One thread per race weekend holding its posts")
    @app_commands.describe(threads="on or off")
    @app_commands.choices(threads=ON_OFF)
    async def thread(self, interaction: discord.Interaction, threads: app_commands.Choice[str]) -> None:
        guild = _guild(interaction)
        granted = {channel.id: _granted(channel, guild) for channel in guild.text_channels}
        settings = await self.announcements.set_threads(guild.id, threads.value == "on", granted=granted)
        await _reply(interaction, settings_text(settings, "threads"))

    @group.command(name="card", description="Grid posts with the grid as a picture too (on by default)")
    @app_commands.describe(card="on or off")
    @app_commands.choices(card=ON_OFF)
    async def card(self, interaction: discord.Interaction, card: app_commands.Choice[str]) -> None:
        settings = await self.announcements.set_cards(_guild(interaction).id, card.value == "on")
        await _reply(interaction, settings_text(settings, "cards"))

    @group.command(name="off", description="Stop posting in one channel, or everywhere")
    @app_commands.describe(channel="The channel to stop (default: every channel)")
    async def off(self, interaction: discord.Interaction, channel: discord.TextChannel | None = None) -> None:
        report = await self.announcements.stop(
            _guild(interaction).id, None if channel is None else channel.id
        )
        await _reply(interaction, stopped_text(report))

    @group.command(name="status", description="What is set up, the next posts due, and any failing channel")
    async def status(self, interaction: discord.Interaction) -> None:
        report = await self.announcements.status(_guild(interaction).id)
        await interaction.response.send_message(
            embed=status_embed(report), ephemeral=True, allowed_mentions=QUIET
        )

    @group.command(name="preview", description="The next grid, shown only to you")
    async def preview(self, interaction: discord.Interaction) -> None:
        report = await self.announcements.preview(_guild(interaction).id)
        await interaction.response.send_message(
            embed=grid_embed(report), ephemeral=True, allowed_mentions=QUIET
        )

    @commands.Cog.listener()
    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self.announcements.forget(guild.id)


def _guild(interaction: discord.Interaction) -> discord.Guild:
    if interaction.guild is None:  # the group is guild-only; the check above already refused
        raise ManageServerRequired()
    return interaction.guild


def _granted(channel: discord.abc.GuildChannel, guild: discord.Guild) -> frozenset[str]:
    """The permissions the bot would need in `channel` (`CHECKED_PERMISSIONS`) that it has there."""
    allowed = channel.permissions_for(guild.me)
    return frozenset(name for name in CHECKED_PERMISSIONS if getattr(allowed, name))


async def _reply(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.send_message(text, ephemeral=True, allowed_mentions=QUIET)


async def setup(bot: commands.Bot) -> None:
    await bot.add_cog(Announce(announcements_of(bot)))
