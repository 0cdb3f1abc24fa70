"""An over-long option value (Discord's client stops at 100 characters; a modified one need not) still
gets an error reply that Discord accepts: every value an error repeats is clipped."""

from __future__ import annotations

import pytest
from discord import AppCommandOptionType, app_commands

from bot.client import RaceBot
from tests.fakediscord.server import FakeDiscord
from tests.fakediscord.spec import validate_request

LONG = "x" * 5000
# Values the sample store answers for, to fill the other required options.
REQUIRED = {
    "name": "corey heim",
    "driver_a": "corey heim",
    "driver_b": "tanner gray",
    "race": "homestead",
    "track": "homestead",
    "stat": "wins",
}


def string_options(bot: RaceBot) -> list[tuple[str, str, dict[str, str]]]:
    """(command, option, options) for every text option of every slash command, that option 5,000 long."""
    found = []
    for command in bot.tree.get_commands():
        if not isinstance(command, app_commands.Command):
            continue
        for param in command.parameters:
            if param.type is AppCommandOptionType.string:
                required = {p.name: REQUIRED[p.name] for p in command.parameters if p.required}
                found.append((command.name, param.name, {**required, param.name: LONG}))
    return found


async def test_a_5000_character_value_gets_a_reply_discord_accepts(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Every name option (and /leaders' stat) given 5,000 characters gets a short private error reply."""
    cases = string_options(racebot)
    assert {option for _, option, _ in cases} >= {"name", "track", "series", "race", "driver_a", "stat"}
    for command, option, options in cases:
        reply = await fake_discord.send_command(command, options)
        body = reply.callback.json
        assert validate_request("POST", reply.callback.path, body) == [], (command, option)
        assert reply.ephemeral and 0 < len(reply.content or "") <= 2000, (command, option)
        assert LONG[:100] not in (reply.content or ""), (command, option)
    assert fake_discord.problems() == []


@pytest.mark.parametrize("value", ["*" * 100, "<@&1234567890123> " * 5, "zq" * 50])
async def test_a_100_character_value_is_echoed_clipped(
    racebot: RaceBot, fake_discord: FakeDiscord, value: str
) -> None:
    """A value Discord's client does send, full of markdown or mentions, is repeated short and inert."""
    reply = await fake_discord.send_command("driver", {"name": value})
    assert reply.ephemeral and len(reply.content or "") < 400
    assert "…" in (reply.content or "")
