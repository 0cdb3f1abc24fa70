"""/schedule of the longest season pages with ◀ / ▶: the real client, the fake Discord, every body checked by the spec."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.client import RaceBot
from bot.interactions import paging
from db.importers.history.importer import import_history
from db.store import open_store
from tests.fakediscord.interactions import Reply
from tests.fakediscord.server import FakeDiscord
from tests.one_season import LONGEST_SEASON, LONGEST_SEASON_RACES, write_cup_season

# Long enough for a loaded machine to press ▶ before it runs out, short enough to wait for.
SHORT_TIMEOUT_S = 2.0
TITLE = re.compile(rf"^{LONGEST_SEASON} Grand National Series schedule \((\d+)/(\d+)\)$")


@pytest.fixture
async def longest_season(shared_data: Path, store_url: str, tmp_path: Path) -> AsyncIterator[None]:
    """The bot's store holds the real 1964 Cup season from the shared history."""
    store = await open_store(store_url)
    await import_history(store, [write_cup_season(shared_data, LONGEST_SEASON, tmp_path)])
    await store.close()
    yield


async def ask_schedule(fake_discord: FakeDiscord) -> tuple[Reply, dict[str, Any]]:
    """/schedule for 1964 Cup; the reply and the message it created (which presses edit in place)."""
    reply = await fake_discord.send_command("schedule", {"series": "cup", "season": LONGEST_SEASON})
    return reply, fake_discord.original_message(reply)


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["label"]: c for row in message["components"] for c in row["components"]}


def page_of(message: dict[str, Any]) -> tuple[int, int]:
    """(page, pages) from the title of the one embed shown."""
    [embed] = message["embeds"]
    found = TITLE.match(embed["title"])
    assert found, embed["title"]
    return int(found[1]), int(found[2])


def rounds_on(message: dict[str, Any]) -> list[int]:
    return [int(n) for n in re.findall(r"^\*\*(\d+)\.\*\*", message["embeds"][0]["description"], re.M)]


async def press(fake_discord: FakeDiscord, message: dict[str, Any], label: str, **kwargs: Any) -> Reply:
    return await fake_discord.click(buttons(message)[label]["custom_id"], message, **kwargs)


async def test_the_longest_season_opens_on_page_one_with_buttons(
    longest_season: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Page 1 of several, one embed, from round 1; ◀ is off, the page shown ("1/3") between them, ▶ is on."""
    reply, message = await ask_schedule(fake_discord)
    assert not reply.ephemeral and len(reply.embeds) == 1
    page, pages = page_of(message)
    assert page == 1 and pages >= 2
    assert rounds_on(message)[0] == 1
    assert [(b["label"], b.get("disabled", False)) for b in message["components"][0]["components"]] == [
        ("◀", True),
        (f"1/{pages}", True),
        ("▶", False),
    ]
    assert fake_discord.problems() == []


async def test_next_walks_every_race_once_in_order(
    longest_season: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """▶ to the end shows all 62 rounds, each once; the last page has no ▶."""
    _, message = await ask_schedule(fake_discord)
    _, pages = page_of(message)
    seen = rounds_on(message)
    for expected in range(2, pages + 1):
        turned = await press(fake_discord, message, "▶")
        assert turned.type == 7  # the message is edited, not a new one
        assert page_of(message) == (expected, pages)
        assert f"{expected}/{pages}" in buttons(message)
        seen += rounds_on(message)
    assert seen == list(range(1, LONGEST_SEASON_RACES + 1))
    assert buttons(message)["▶"].get("disabled") is True
    assert buttons(message)["◀"].get("disabled", False) is False
    assert fake_discord.problems() == []


async def test_previous_goes_back_a_page(
    longest_season: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """▶ then ◀ shows page 1 again, the same races as at first."""
    _, message = await ask_schedule(fake_discord)
    first = rounds_on(message)
    await press(fake_discord, message, "▶")
    assert page_of(message)[0] == 2 and rounds_on(message)[0] == first[-1] + 1
    await press(fake_discord, message, "◀")
    assert page_of(message)[0] == 1 and rounds_on(message) == first
    assert fake_discord.problems() == []


async def test_someone_else_pressing_is_refused_privately(
    longest_season: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Another member's ▶ gets an ephemeral word naming the invoker, and the page stays put."""
    _, message = await ask_schedule(fake_discord)
    before = message["embeds"]
    refused = await press(fake_discord, message, "▶", member=fake_discord.world.admin)
    invoker = fake_discord.world.member.user.id
    assert refused.type == 4 and refused.ephemeral
    assert refused.content == f"Only <@{invoker}> can turn these pages; run the command yourself."
    assert message["embeds"] == before and page_of(message)[0] == 1
    assert fake_discord.problems() == []


async def test_the_buttons_go_after_the_timeout(
    longest_season: None, racebot: RaceBot, fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Left alone, the message keeps the page last shown and loses its buttons."""
    monkeypatch.setattr(paging, "PAGE_TIMEOUT_S", SHORT_TIMEOUT_S)
    reply, message = await ask_schedule(fake_discord)
    await press(fake_discord, message, "▶")
    token = reply.callback.path.split("/")[3]
    await fake_discord.wait_for(
        lambda r: (
            r.method == "PATCH" and r.path.endswith(f"/{token}/messages/{message['id']}") and r.status == 200
        ),
        timeout=SHORT_TIMEOUT_S + 5,
    )
    assert message["components"] == []
    assert page_of(message)[0] == 2
    assert fake_discord.problems() == []


async def test_a_press_on_pages_the_bot_no_longer_holds_says_they_expired(
    longest_season: None, racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """After a restart the buttons are still on the message but their pages are gone: a press gets a
    private word to ask again, and the page stays put."""
    _, message = await ask_schedule(fake_discord)
    before = message["embeds"]
    answer_id = int(message["interaction_metadata"]["id"])  # the /schedule command's interaction
    racebot.pages.close(answer_id)  # as after a restart: the bot holds no pages for it
    expired = await press(fake_discord, message, "▶")
    assert expired.type == 4 and expired.ephemeral
    assert expired.content == paging.EXPIRED
    assert message["embeds"] == before
    assert fake_discord.problems() == []


async def test_every_paging_message_mentions_nobody(
    longest_season: None, racebot: RaceBot, fake_discord: FakeDiscord, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page, page turns, the refusal and the timeout's edit all carry allowed_mentions: nobody."""
    monkeypatch.setattr(paging, "PAGE_TIMEOUT_S", SHORT_TIMEOUT_S)
    since = len(fake_discord.requests)
    _, message = await ask_schedule(fake_discord)
    await press(fake_discord, message, "▶")
    await press(fake_discord, message, "▶", member=fake_discord.world.admin)
    await fake_discord.wait_for(lambda r: r.method == "PATCH", SHORT_TIMEOUT_S + 5, since=since)
    sent = [r for r in list(fake_discord.requests)[since:] if r.method in ("POST", "PATCH")]
    bodies = [(r.json.get("data") or {}) if r.path.endswith("/callback") else r.json for r in sent]
    assert [r.json.get("type") for r in sent if r.path.endswith("/callback")] == [4, 7, 4]
    assert len(bodies) == 4
    assert [body.get("allowed_mentions") for body in bodies] == [{"parse": []}] * 4
    assert fake_discord.problems() == []


async def test_a_short_season_has_no_buttons(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The sample's one-race season is a plain message: one embed, no components."""
    reply = await fake_discord.send_command("schedule", {"series": "truck", "season": 2025})
    assert [e["title"] for e in reply.embeds] == ["2025 Craftsman Truck Series schedule"]
    assert not reply.data.get("components")
    assert fake_discord.problems() == []
