"""`racebot invite` with only a token: the application id is asked of (the fake) Discord."""

from __future__ import annotations

import asyncio

from bot.cli.invite import application_id
from tests.fakediscord.harness import pointed_at
from tests.fakediscord.server import FakeDiscord


async def test_the_token_finds_the_application_id(fake_discord: FakeDiscord) -> None:
    """With only the token, the id is Discord's answer to GET /oauth2/applications/@me."""
    with pointed_at(fake_discord):
        found = await asyncio.wait_for(application_id("test-token"), 10)
    assert found == fake_discord.world.application_id
