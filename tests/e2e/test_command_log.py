"""One INFO line per slash command (name, outcome, elapsed ms, guild, clipped options), through the real
client and the fake Discord."""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3

import pytest

from bot.answers.errors import QUOTE_LIMIT
from bot.client import RaceBot
from tests.fakediscord.server import FakeDiscord

TREE_LOG = "bot.interactions.tree"


@pytest.fixture(autouse=True)
def command_log(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    caplog.set_level(logging.INFO, logger=TREE_LOG)
    return caplog


async def _command_lines(caplog: pytest.LogCaptureFixture, count: int = 1) -> list[str]:
    """The command lines logged so far, once `count` are there (the line follows the reply)."""
    async with asyncio.timeout(5):
        while True:
            lines = [
                r.getMessage()
                for r in caplog.records
                if r.name == TREE_LOG and r.levelno == logging.INFO and r.getMessage().startswith("command ")
            ]
            if len(lines) >= count:
                return lines
            await asyncio.sleep(0.01)


async def test_an_answered_command_is_one_ok_line(
    racebot: RaceBot, fake_discord: FakeDiscord, command_log: pytest.LogCaptureFixture
) -> None:
    """/pole homestead logs its name, ok, the time it took, the guild and the option given."""
    await fake_discord.send_command("pole", {"track": "homestead"})
    [line] = await _command_lines(command_log)
    guild = fake_discord.world.guild.id
    assert re.fullmatch(rf"command /pole: ok in \d+ ms, guild {guild}, options: track='homestead'", line)


async def test_a_user_error_names_its_kind(
    racebot: RaceBot, fake_discord: FakeDiscord, command_log: pytest.LogCaptureFixture
) -> None:
    """A name that matches nothing is a user error of kind NoMatch, not a failure."""
    await fake_discord.send_command("driver", {"name": "asdfghjkl"})
    [line] = await _command_lines(command_log)
    assert line.startswith("command /driver: user error (NoMatch) in ")


async def test_a_bug_is_logged_as_failed(
    racebot: RaceBot, fake_discord: FakeDiscord, store_url: str, command_log: pytest.LogCaptureFixture
) -> None:
    """A command that breaks (here: a table gone from under it) is `failed` with the error's type."""
    with sqlite3.connect(store_url.removeprefix("sqlite+aiosqlite:///")) as db:
        db.execute("ALTER TABLE events RENAME TO events_gone")
    reply = await fake_discord.send_command("next")
    assert reply.ephemeral
    [line] = await _command_lines(command_log)
    assert line.startswith("command /next: failed (OperationalError) in ")


async def test_long_option_values_are_clipped(
    racebot: RaceBot, fake_discord: FakeDiscord, command_log: pytest.LogCaptureFixture
) -> None:
    """A pasted essay in an option is logged only up to the clip, and the token never appears."""
    essay = "kyle larson " * 8
    await fake_discord.send_command("driver", {"name": essay})
    [line] = await _command_lines(command_log)
    value = line.split("options: name=", 1)[1]
    assert value == repr(essay[: QUOTE_LIMIT - 1] + "…")
    assert "test-token" not in command_log.text


async def test_autocomplete_logs_no_command_line(
    racebot: RaceBot, fake_discord: FakeDiscord, command_log: pytest.LogCaptureFixture
) -> None:
    """Typing (autocomplete) is not a command: only the command sent afterwards is logged."""
    await fake_discord.send_autocomplete("pole", {"track": "home"}, focused="track")
    await fake_discord.send_command("ping")
    [line] = await _command_lines(command_log)
    assert line.startswith("command /ping: ok in ")
