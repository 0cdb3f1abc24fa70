"""A results announcement already posted follows a result NASCAR changes days after the race: the live
sync reads the changed weekend feed and the message is edited (PATCH), never posted again."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from tests.announce.running import CHANNEL, GUILD, announced, filled, is_post, posts, racebot
from tests.announce.world import follow
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import start_bot
from tests.fakediscord.server import FakeDiscord
from tests.importers.feed.richmond_amended import (
    FAILED_INSPECTION,
    OFFICIAL_AT,
    WEEKEND_2023,
    Payloads,
    disqualified,
    official,
)
from tests.importers.feed.server import FeedServer, serve_lone_weekend


@pytest.fixture
async def richmond(payloads: Payloads) -> AsyncIterator[FeedServer]:
    """NASCAR's feed on loopback holding Richmond 2023 (Cup), its results official."""
    server = FeedServer()
    serve_lone_weekend(server, official(payloads))
    await server.start()
    yield server
    await server.close()


async def test_a_disqualification_days_later_edits_the_results_post(
    fake_discord: FakeDiscord, richmond: FeedServer, store_url: str, payloads: Payloads
) -> None:
    """Posted on race night with Larson the winner; three days later (past the announcer's one-day look
    back) the feed disqualifies him: the same message is edited to the new order and says why."""
    clock = FakeClock(OFFICIAL_AT)
    async with filled(store_url) as store:
        await follow(store, GUILD, CHANNEL, series="cup", results="on")
    bot = racebot(fake_discord, store_url, clock, live_sync=True, feed_base_url=richmond.base_url)
    async with start_bot(fake_discord, bot):
        posted = await fake_discord.wait_for(is_post(CHANNEL))
        assert posted.json["embeds"][0]["title"].startswith("Kyle Larson won ")
        message_id = fake_discord.channel_messages(CHANNEL)[0]["id"]
        after = disqualified(payloads, "5", FAILED_INSPECTION)
        richmond.serve(WEEKEND_2023, after)
        clock.advance(timedelta(days=3).total_seconds())
        assert bot.live_sync is not None
        await bot.live_sync.run_once()
        edit = await fake_discord.wait_for(
            lambda r: r.method == "PATCH" and r.path == f"/channels/{CHANNEL}/messages/{message_id}"
        )
        await announced(bot)
    order = sorted(after["weekend_race"][0]["results"], key=lambda result: result["finishing_position"])
    embed = edit.json["embeds"][0]
    assert embed["title"].startswith(f"{order[0]['driver_fullname']} won ")
    assert "\nChanged after the race (<t:" in embed["description"]
    assert (
        "#5 Kyle Larson disqualified (1st → 37th) — Failed post-race inspection: Disqualified"
        in (embed["description"])
    )
    assert f"\n1. #{order[0]['car_number']} {order[0]['driver_fullname']} " in embed["description"]
    assert edit.json["allowed_mentions"] == {"parse": []}
    assert len(posts(fake_discord, CHANNEL)) == 1
    assert len(fake_discord.channel_messages(CHANNEL)) == 1
