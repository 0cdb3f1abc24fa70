"""Every command's options, driven through the same path Discord uses, with absurd values: never an apology.

The console builds the INTERACTION_CREATE payload and hands it to the bot's own command tree, so a
value Discord's client would refuse (out of range, too long) is refused here as a ConsoleError, and
anything else must be answered: an answer or a calm error reply, never the "something went wrong".
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import SecretStr

from bot.cli.console import ConsoleError, answer, slash_commands
from bot.client import RaceBot
from bot.config import Settings
from bot.interactions.tree import APOLOGY

# Text fans could type, and text meant to hurt: mentions, markdown, SQL, control and wide characters.
NASTY = st.sampled_from(
    [
        "@everyone",
        "<@123456789012345678>",
        "**bold**",
        "'; DROP TABLE drivers; --",
        "\x00",
        "🏎️" * 30,
        " ",
        "#5",
    ]
)
TEXT = st.one_of(NASTY, st.text(max_size=120), st.text(alphabet="abcdefghij #.'-", max_size=40))
NUMBER = st.one_of(
    st.integers(min_value=1949, max_value=2100), st.integers(min_value=-(10**22), max_value=10**22)
)


@pytest.fixture(scope="module")
def console(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[asyncio.AbstractEventLoop, RaceBot]]:
    """One bot on the sample store, prepared once, and the loop it lives on."""
    url = f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('props') / Path('store.db')}"
    config = Settings(_env_file=None, database_url=url, discord_token=SecretStr("x"), live_sync=False)  # type: ignore[call-arg]
    loop = asyncio.new_event_loop()
    bot = RaceBot(config)
    # `async with RaceBot(...)` spread over the fixture: the (sharded) client is set up on this loop.
    loop.run_until_complete(bot.__aenter__())
    loop.run_until_complete(bot.prepare())
    yield loop, bot
    loop.run_until_complete(bot.__aexit__(None, None, None))
    loop.close()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_option_values_make_the_bot_apologise(
    console: tuple[asyncio.AbstractEventLoop, RaceBot], data: Any
) -> None:
    """Any command, any subset of its options, any values: refused up front, answered, or a calm error."""
    loop, bot = console
    command = data.draw(st.sampled_from(sorted(slash_commands(bot), key=lambda c: c.name)), label="command")
    options: dict[str, str] = {}
    for param in command.parameters:
        if param.required or data.draw(st.booleans(), label=f"give {param.name}"):
            strategy = NUMBER.map(str) if param.type.name == "integer" else TEXT
            options[param.name] = data.draw(strategy, label=param.name)
    try:
        reply = loop.run_until_complete(answer(bot, command, options))
    except ConsoleError:
        return
    assert reply.messages, (command.name, options)
    for message in reply.messages:
        assert message.get("content") != APOLOGY, (command.name, options)
        assert len(message.get("content") or "") <= 2000
        assert message.get("allowed_mentions") == {"parse": []}
