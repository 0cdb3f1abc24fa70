"""Name options: one Transformer per kind of name, so a command declares `track: TrackOption` and gets
Discord's length limits and autocomplete narrowed by the options already filled in.

The value stays the text as typed: the answer service resolves it together with the command's other
options (a series narrows a track, a season a car number), and the pick list can re-run it as typed.
"""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands

from bot.answers.service import Answers
from bot.resolve import Candidate

CHOICE_LIMIT = 25
NAME_LIMIT = 100


def answers_of(client: discord.Client) -> Answers:
    """The answer service the bot was built with (every racebot client has one)."""
    answers = getattr(client, "answers", None)
    if not isinstance(answers, Answers):
        raise TypeError(f"{type(client).__name__} has no answer service")
    return answers


def to_choices(candidates: Sequence[Candidate]) -> list[app_commands.Choice[str]]:
    return [
        app_commands.Choice(name=c.name[:NAME_LIMIT], value=c.name[:NAME_LIMIT])
        for c in candidates[:CHOICE_LIMIT]
    ]


def filled(namespace: app_commands.Namespace, option: str) -> str | None:
    """The text of another option of the same command, if the user filled it in."""
    value = getattr(namespace, option, None)
    return value if isinstance(value, str) else None


def filled_season(namespace: app_commands.Namespace) -> int | None:
    year = getattr(namespace, "year", None)
    return year if isinstance(year, int) else None


class _Name(app_commands.Transformer):
    """Text of 1 to 100 characters, passed through as typed."""

    @property
    def type(self) -> discord.AppCommandOptionType:
        return discord.AppCommandOptionType.string

    @property
    def min_value(self) -> int:
        return 1

    @property
    def max_value(self) -> int:
        return NAME_LIMIT

    async def transform(self, interaction: discord.Interaction, value: str, /) -> str:
        return value


class _Track(_Name):
    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str, /
    ) -> list[app_commands.Choice[str]]:
        answers = answers_of(interaction.client)
        return to_choices(answers.complete.track(value, series=filled(interaction.namespace, "series")))


class _Driver(_Name):
    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str, /
    ) -> list[app_commands.Choice[str]]:
        namespace = interaction.namespace
        answers = answers_of(interaction.client)
        found = answers.complete.driver(
            value, series=filled(namespace, "series"), season=filled_season(namespace)
        )
        return to_choices(found)


class _Race(_Name):
    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str, /
    ) -> list[app_commands.Choice[str]]:
        namespace = interaction.namespace
        answers = answers_of(interaction.client)
        return to_choices(
            answers.complete.race(value, series=filled(namespace, "series"), season=filled_season(namespace))
        )


class _Series(_Name):
    async def autocomplete(  # type: ignore[override]
        self, interaction: discord.Interaction, value: str, /
    ) -> list[app_commands.Choice[str]]:
        return to_choices(answers_of(interaction.client).complete.series(value))


TrackOption = app_commands.Transform[str, _Track]
DriverOption = app_commands.Transform[str, _Driver]
SeriesOption = app_commands.Transform[str, _Series]
RaceOption = app_commands.Transform[str, _Race]
