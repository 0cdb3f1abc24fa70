"""Fans never see an operator's command: no reply of any command, answer or error, names a `racebot`
subcommand (which store to load, how to import a season); the operator reads that in the log."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import discord
import pytest
from discord import app_commands

from bot.answers.service import EMPTY_STORE
from bot.cli.console import ask, slash_commands
from bot.cli.main import build_parser
from bot.client import RaceBot
from bot.config import Settings

# The sample store's answers and its "not there" paths (no history, no schedule ahead, a season not
# published, a season not loaded, names that match nothing); every command also runs bare (below).
LINES = (
    "/pole homestead",
    "/pole track:daytona year:2024",
    "/pole series:cup",
    "/driver kyle larson",
    "/driver name:asdfghjkl",
    "/grid baptist health 200",
    "/grid race:daytona 500 year:2026",
    "/results baptist health 200",
    "/next",
    "/next series:cup",
    "/track homestead",
    "/track silverstone",
    "/schedule",
    "/schedule series:truck",
    "/schedule series:cup season:2030",
    "/schedule series:truck season:1990",
    "/compare driver_a:kyle larson driver_b:corey heim",
    "/leaders wins",
    "/leaders stat:avg_finish series:truck",
    "/ping",
    "/help",
)


def _subcommands() -> list[str]:
    [sub] = [a for a in build_parser()._actions if a.dest == "command"]
    return sorted(sub.choices or {})


def _required_only(command: app_commands.Command[Any, ..., Any]) -> str:
    """The command with just its required options (first choice, 2025, "homestead"): so a command added
    later is driven here too."""
    options = []
    for param in command.parameters:
        if param.required:
            value = (
                param.choices[0].value
                if param.choices
                else 2025
                if param.type is discord.AppCommandOptionType.integer
                else "homestead"
            )
            options.append(f"{param.name}:{value}")
    return " ".join([f"/{command.name}", *options])


OPERATOR_COMMAND = re.compile(rf"racebot (?:{'|'.join(map(re.escape, _subcommands()))})\b")


@pytest.fixture
async def bot(sqlite_url: str) -> AsyncIterator[RaceBot]:
    settings = Settings(_env_file=None, database_url=sqlite_url, live_sync=False)  # type: ignore[call-arg]
    async with RaceBot(settings) as racebot:
        await racebot.prepare()
        yield racebot


async def test_no_reply_names_an_operator_command(bot: RaceBot) -> None:
    """Every command's replies (text, embeds, buttons, every page) are free of `racebot <subcommand>`."""
    for line in [*LINES, *map(_required_only, slash_commands(bot))]:
        reply = await ask(bot, line)
        assert reply.messages, line
        shown = json.dumps(reply.messages, ensure_ascii=False)
        assert not OPERATOR_COMMAND.search(shown), (line, shown)


def test_the_empty_store_reply_names_no_command() -> None:
    """The reply while the store holds nothing at all (a first import still filling it) is for fans too."""
    assert OPERATOR_COMMAND.pattern.startswith("racebot (?:ask|")
    assert not OPERATOR_COMMAND.search(EMPTY_STORE)
