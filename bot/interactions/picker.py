"""The "which did you mean?" pick list shown when a name fits several entries about equally."""

from __future__ import annotations

import logging
from typing import Any

import discord
from discord import app_commands

from bot.answers.errors import Ambiguous

log = logging.getLogger(__name__)

PICK_TIMEOUT_S = 120.0
# Set in a button press's `extras`: the command and options the pick ran with. A pick can raise another
# pick list (/compare with two ambiguous names), and a button press has no command or options of its own.
RERUN = "racebot_rerun"


def asked(interaction: discord.Interaction) -> tuple[Any, dict[str, Any]]:
    """The command and options an interaction ran: its own, or those of the pick it is."""
    rerun = interaction.extras.get(RERUN)
    if rerun is not None:
        command, options = rerun
        return command, dict(options)
    return interaction.command, dict(interaction.namespace.__dict__)


def rerun_options(interaction: discord.Interaction, error: Ambiguous, choice: str) -> dict[str, Any] | None:
    """The command's options again, with the ambiguous one replaced by the picked name."""
    _, options = asked(interaction)
    for name, value in options.items():
        if isinstance(value, str) and value.strip() == error.query:
            options[name] = choice
            return options
    return None


class PickView(discord.ui.View):
    """One button per candidate; a click runs the same command with that name."""

    def __init__(self, interaction: discord.Interaction, error: Ambiguous) -> None:
        super().__init__(timeout=PICK_TIMEOUT_S)
        self.origin = interaction
        self.error = error
        for index, option in enumerate(error.options):
            button: discord.ui.Button[PickView] = discord.ui.Button(
                label=option[:80], style=discord.ButtonStyle.secondary, custom_id=f"pick:{index}"
            )
            button.callback = self._make_callback(option)  # type: ignore[method-assign]
            self.add_item(button)

    def _make_callback(self, option: str) -> Any:
        async def pick(interaction: discord.Interaction) -> None:
            await self.rerun(interaction, option)

        return pick

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Only the person who asked may pick."""
        return interaction.user.id == self.origin.user.id

    async def rerun(self, interaction: discord.Interaction, option: str) -> None:
        command, _ = asked(self.origin)
        options = rerun_options(self.origin, self.error, option)
        if not isinstance(command, app_commands.Command) or options is None:
            await interaction.response.send_message(
                "That pick list has expired; run the command again.", ephemeral=True
            )
            return
        self.stop()
        interaction.extras[RERUN] = (command, options)
        try:
            if command.binding is not None:
                await command.callback(command.binding, interaction, **options)
            else:
                await command.callback(interaction, **options)  # type: ignore[call-arg]
        except Exception as failure:  # the tree's handler decides what the user sees
            error = (
                failure
                if isinstance(failure, app_commands.AppCommandError)
                else (app_commands.CommandInvokeError(command, failure))
            )
            await interaction.client.tree.on_error(interaction, error)  # type: ignore[attr-defined]
