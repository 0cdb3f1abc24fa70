"""The command tree's one error handler: calm ephemeral messages, never a traceback."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.answers.errors import Ambiguous, UserFacingError, quoted
from bot.interactions.picker import PickView

log = logging.getLogger(__name__)

APOLOGY = "Sorry, something went wrong answering that. It has been logged."


def user_message(error: app_commands.AppCommandError) -> str | None:
    """The text for errors the user can act on; None for bugs."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    if isinstance(original, UserFacingError):
        return str(original)
    if isinstance(error, app_commands.TransformerError):
        return f"'{quoted(str(error.value))}' is not a valid value for that option."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.MissingPermissions | app_commands.CheckFailure):
        return "You don't have permission to use that command here."
    return None


async def reply_ephemeral(interaction: discord.Interaction, text: str) -> None:
    """Answer with the initial response if it is still free, otherwise with a follow-up."""
    if interaction.response.is_done():
        await interaction.followup.send(text, ephemeral=True)
    else:
        await interaction.response.send_message(text, ephemeral=True)


# Set in `interaction.extras` when the reply is an error, so the offline console can tell a private
# answer ("Pong.") from a private error.
ERROR_REPLY = "racebot_error"


class RaceTree(app_commands.CommandTree[discord.Client]):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        interaction.extras[ERROR_REPLY] = True
        original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
        if isinstance(original, Ambiguous) and not interaction.response.is_done():
            view = PickView(interaction, original)
            await interaction.response.send_message(str(original), view=view, ephemeral=True)
            return
        text = user_message(error)
        if text is None:
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error(
                "command %s failed for user %s in guild %s",
                command,
                interaction.user.id,
                interaction.guild_id,
                exc_info=error,
            )
            text = APOLOGY
        await reply_ephemeral(interaction, text)
