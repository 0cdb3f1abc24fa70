"""pytest fixtures for end-to-end tests; the only module here that imports pytest.

Register them in a conftest with `from tests.fakediscord.fixtures import fake_discord  # noqa: F401`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .clock import FakeClock
from .harness import TEST_BOT_OPTIONS, InstantIdentify, start_bot
from .server import FakeDiscord

__all__ = ["TEST_BOT_OPTIONS", "InstantIdentify", "fake_clock", "fake_discord", "start_bot"]


@pytest.fixture
async def fake_discord() -> AsyncIterator[FakeDiscord]:
    """A started fake; the test fails at teardown if the bot broke the spec or hit a missing route."""
    fake = FakeDiscord()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.close()
    problems = fake.problems()
    if problems:
        pytest.fail("fake Discord saw problems:\n  " + "\n  ".join(problems))


@pytest.fixture
def fake_clock() -> FakeClock:
    return FakeClock()
