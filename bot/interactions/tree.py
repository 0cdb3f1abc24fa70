"""The command tree: the one error handler (calm ephemeral messages, never a traceback) and the one
log line per slash command."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

import discord
from discord import app_commands

from bot.answers.errors import Ambiguous, UserFacingError, clipped, quoted
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
# Set in `interaction.extras` by the error handler: what became of the command, for its log line.
OUTCOME = "racebot_outcome"


def outcome_of(error: app_commands.AppCommandError) -> str:
    """`user error (NoMatch)` for what the user can act on, `failed (KeyError)` for a bug."""
    original = error.original if isinstance(error, app_commands.CommandInvokeError) else error
    return f"{'failed' if user_message(error) is None else 'user error'} ({type(original).__name__})"


def logged_options(options: list[dict[str, Any]]) -> Iterator[str]:
    """`name=value` for each option given, subcommands flattened, text clipped as errors echo it
    (enough to see what was asked, never a pasted essay)."""
    for option in options:
        if "options" in option:
            yield from logged_options(option["options"])
        elif "value" in option:
            value = option["value"]
            shown = clipped(value) if isinstance(value, str) else value
            yield f"{option['name']}={shown!r}"


def outcome_kind(outcome: str) -> str:
    """`ok`, `user_error` or `failed`: the outcome without the error's type, for the metrics."""
    return outcome.split(" (", 1)[0].replace(" ", "_")


# Hears of each slash command once answered: its name, `outcome_kind` and seconds taken.
CommandObserver = Callable[[str, str, float], None]


class RaceTree(app_commands.CommandTree[discord.Client]):
    on_command: CommandObserver | None = None

    async def _call(self, interaction: discord.Interaction) -> None:
        """Every slash command passes here, answered or failed: one INFO line each (autocomplete none),
        carrying command, guild and shard for structured logs, and `on_command` hears of it."""
        started = time.perf_counter()
        outcome = "failed"
        try:
            await super()._call(interaction)
            outcome = interaction.extras.get(OUTCOME, "failed" if interaction.command_failed else "ok")
        finally:
            if interaction.type is discord.InteractionType.application_command:
                data: Any = interaction.data or {}
                name = interaction.command.qualified_name if interaction.command else data.get("name", "?")
                elapsed = time.perf_counter() - started
                guild = interaction.guild
                log.info(
                    "command /%s: %s in %.0f ms, guild %s, options: %s",
                    name,
                    outcome,
                    elapsed * 1000,
                    interaction.guild_id or "none (DM)",
                    ", ".join(logged_options(data.get("options", []))) or "none",
                    extra={
                        "command": name,
                        "guild": interaction.guild_id,
                        "shard": guild.shard_id if guild is not None else None,
                    },
                )
                if self.on_command is not None:
                    self.on_command(name, outcome_kind(outcome), elapsed)

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        interaction.extras[ERROR_REPLY] = True
        interaction.extras[OUTCOME] = outcome_of(error)
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
