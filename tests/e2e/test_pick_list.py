"""An ambiguous name gets a pick list; a click answers for the picked name."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from db.store import open_store
from tests.fakediscord.server import FakeDiscord
from tests.store.builders import add_two_busches


@pytest.fixture
async def two_busches(store_url: str) -> AsyncIterator[None]:
    """Two drivers sharing a surname with identical records, so neither is more prominent."""
    store = await open_store(store_url)
    await add_two_busches(store)
    await store.close()
    yield


async def test_ambiguous_surname_offers_buttons(
    two_busches: None, racebot, fake_discord: FakeDiscord
) -> None:
    """/driver busch asks which Busch, privately, with one button per candidate."""
    reply = await fake_discord.send_command("driver", {"name": "busch"})
    assert reply.ephemeral
    assert "could be more than one driver" in (reply.content or "")
    labels = [c["label"] for row in reply.data["components"] for c in row["components"]]
    assert {"Kyle Busch", "Kurt Busch"} <= set(labels)


async def test_picking_a_button_answers_for_that_driver(
    two_busches: None, racebot, fake_discord: FakeDiscord
) -> None:
    """Clicking 'Kurt Busch' runs /driver for Kurt Busch."""
    reply = await fake_discord.send_command("driver", {"name": "busch"})
    buttons = {c["label"]: c["custom_id"] for row in reply.data["components"] for c in row["components"]}
    picked = await fake_discord.click(buttons["Kurt Busch"], fake_discord.original_message(reply))
    assert picked.embeds[0]["title"] == "Kurt Busch"
