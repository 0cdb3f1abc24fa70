"""/standings end to end: the real client, the fake Discord checking every payload against Discord's spec,
NASCAR's feed on loopback. The 2020 Cup tables (drivers, owners, manufacturers) read page by page
against the JSON; live points during the 2023 Atlanta race, then the table once the race is over."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot.client import RaceBot
from db.importers.feed.client import FeedClient
from db.importers.feed.points import import_points, live_feed_urls, live_points_url, points_table_url
from db.store import open_store
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, start_bot
from tests.fakediscord.server import FakeDiscord
from tests.importers.feed.server import FAST_RETRY, FeedServer

SNAPSHOTS = {
    "drivers": "points-drivers_2020_cup_snapshot-2020-06-11.json",
    "owners": "points-owners_2020_cup_snapshot-2020-06-11.json",
    "manufacturers": "points-manufacturer_2020_cup_snapshot-2020-06-11.json",
}
# One entry's first line: place, mark, name (20 wide, "…" when cut), points.
ENTRY = re.compile(r"^ *(\d+)(.) (.{1,20}?) +([\d,]+)(?: +\S+)?$")
DURING_THE_RACE = datetime(2023, 3, 19, 22, 0, tzinfo=UTC)  # Atlanta, lap 233 of 260


def load(shared_data: Path, name: str) -> Any:
    return json.loads((shared_data / "nascar-feed" / name).read_text(encoding="utf-8"))


def path_of(server: FeedServer, url: str) -> str:
    """The loopback server's path for a feed URL (it serves the host's paths, `/cacher` stripped)."""
    return url.removeprefix(server.base_url.removesuffix("/cacher")).removeprefix("/cacher")


@pytest.fixture
async def feed() -> AsyncIterator[FeedServer]:
    server = FeedServer()
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def snapshot_2020(shared_data: Path, feed: FeedServer, store_url: str) -> None:
    """The bot's store holds NASCAR's 2020 Cup tables as published on 2020-06-11, by `racebot import feed`'s step."""
    for kind, name in SNAPSHOTS.items():
        feed.serve(path_of(feed, points_table_url(feed.base_url, 2020, 1, kind)), load(shared_data, name))
    store = await open_store(store_url)
    async with aiohttp.ClientSession() as http:
        await import_points(
            store,
            season=2020,
            series="cup",
            base_url=feed.base_url,
            client=FeedClient(http, retry=FAST_RETRY),
            at=datetime(2020, 6, 11, tzinfo=UTC),
        )
    await store.close()


async def every_page(fake_discord: FakeDiscord, options: dict[str, Any]) -> list[dict[str, Any]]:
    """Ask, then press ▶ to the last page; the embeds shown, in order."""
    reply = await fake_discord.send_command("standings", options)
    assert not reply.ephemeral, reply.content
    message = fake_discord.original_message(reply)
    pages = [message["embeds"][0]]
    while message.get("components"):
        buttons = {c["label"]: c for row in message["components"] for c in row["components"]}
        if buttons["▶"].get("disabled"):
            break
        await fake_discord.click(buttons["▶"]["custom_id"], message)
        pages.append(message["embeds"][0])
    return pages


def entries(page: dict[str, Any]) -> list[tuple[int, str, int]]:
    """(position, name as shown, points) of each entry in a page's table."""
    block = page["description"].split("```\n", 1)[1].split("\n```", 1)[0]
    found = []
    for line in block.splitlines():
        match = ENTRY.match(line)
        if match:
            found.append((int(match[1]), match[3].strip(), int(match[4].replace(",", ""))))
    return found


def shown(name: str) -> str:
    """A name as the table shows it: at most 20 characters, cut with "…"."""
    return name if len(name) <= 20 else name[:19] + "…"


@pytest.mark.parametrize(
    ("kind", "name_of"),
    [
        ("drivers", lambda row: row["driver_name"]),
        ("owners", lambda row: f"#{row['vehicle_number']} {row['owner_name']}"),
        ("manufacturers", lambda row: row["manufacturer"]),
    ],
)
async def test_the_2020_table_position_by_position(
    kind: str,
    name_of: Any,
    shared_data: Path,
    snapshot_2020: None,
    racebot: RaceBot,
    fake_discord: FakeDiscord,
) -> None:
    """Every line of NASCAR's table across the pages: position, name and points as the JSON has them."""
    pages = await every_page(fake_discord, {"series": "cup", "season": 2020, "table": kind})
    expected = [
        (int(row["position"]), shown(" ".join(name_of(row).split())), row["points"])
        for row in load(shared_data, SNAPSHOTS[kind])
    ]
    assert [entry for page in pages for entry in entries(page)] == expected
    title = {"drivers": "standings", "owners": "owner points", "manufacturers": "manufacturer points"}[kind]
    assert pages[0]["title"].startswith(f"2020 NASCAR Cup Series {title}")
    assert "NASCAR's official table" in pages[0]["fields"][0]["value"]
    assert fake_discord.problems() == []


async def test_the_command_offers_its_tables_as_choices(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """Synced with a choice list for table, autocomplete for series and a range for season."""
    sync = await fake_discord.wait_for(lambda r: r.method == "PUT" and r.path.endswith("/commands"))
    [command] = [c for c in sync.json if c["name"] == "standings"]
    options = {option["name"]: option for option in command["options"]}
    assert [choice["value"] for choice in options["table"]["choices"]] == [
        "drivers",
        "owners",
        "manufacturers",
    ]
    assert options["series"]["autocomplete"] and not any(o.get("required") for o in options.values())
    assert (options["season"]["min_value"], options["season"]["max_value"]) == (1949, 2100)
    assert fake_discord.problems() == []


async def test_series_autocomplete(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_autocomplete("standings", {"series": "tru"}, focused="series")
    assert reply.type == 8 and reply.choices and "Truck" in reply.choices[0]["name"]


async def test_no_owner_table_from_the_history(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The sample store has no published tables: an owners table is refused privately, saying why."""
    reply = await fake_discord.send_command("standings", {"series": "truck", "table": "owners"})
    assert reply.ephemeral and "owner and manufacturer points come only from NASCAR's feed" in (
        reply.content or ""
    )
    assert fake_discord.problems() == []


@pytest.fixture
def atlanta_2023(shared_data: Path, feed: FeedServer) -> dict[str, Any]:
    """The feed during the 2023 Atlanta Cup race: the season's race list, the live feed (lap 233) and
    live points; and a drivers table for after the race, BUILT here from the live points' own
    positions and points (no real 2023 table payload exists)."""
    feed.serve(
        "/2023/race_list_basic.json",
        load(shared_data, "race_list_basic_2023_all-series_snapshot-2023-04.json"),
    )
    feed.serve(
        path_of(feed, live_feed_urls(feed.base_url)[0]),
        load(shared_data, "live-feed_2023_1_5272_lap233.json"),
    )
    live = load(shared_data, "live-points_2023_cup_snapshot.json")
    feed.serve(path_of(feed, live_points_url(feed.base_url)), live)
    built = [
        {"position": row["points_position"], "driver_name": f"{row['first_name']} {row['last_name']}",
         "points": row["points"] + 10, "driver_id": row["driver_id"]}
        for row in live
    ]  # fmt: skip
    feed.serve(path_of(feed, points_table_url(feed.base_url, 2023, 1, "drivers")), built)
    return {"live": live, "built": built}


async def test_live_points_during_the_race_then_the_table(
    atlanta_2023: dict[str, Any], feed: FeedServer, fake_discord: FakeDiscord, store_url: str
) -> None:
    """While the race runs /standings shows the live points and the lap; once the live feed shows no
    race (200, empty body), it returns to the table."""
    clock = FakeClock(DURING_THE_RACE)
    settings = bot_settings(fake_discord, store_url, live_sync=True, feed_base_url=feed.base_url)
    bot: RaceBot = RaceBotUnderTest(settings, clock=clock.now, **TEST_BOT_OPTIONS)
    async with start_bot(fake_discord, bot):
        for _ in range(200):
            if bot.answers.synced_at is not None:
                break
            await asyncio.sleep(0.05)
        assert bot.live_sync is not None and bot.answers.synced_at is not None
        [live] = (await every_page(fake_discord, {"series": "cup"}))[:1]
        assert live["title"] == "Live points — 2023 NASCAR Cup Series, lap 233 of 260 (1/3)"
        assert live["description"].startswith("**Ambetter Health 400** at Atlanta Motor Speedway")
        expected = [(row["points_position"], row["points"]) for row in atlanta_2023["live"][:16]]
        assert [(position, points) for position, _, points in entries(live)] == expected

        feed.serve(path_of(feed, live_feed_urls(feed.base_url)[0]), b"")
        clock.advance(5 * 60)  # the next round, five minutes on: the race is over
        assert await bot.live_sync.run_once() is not None
        [after] = (await every_page(fake_discord, {"series": "cup"}))[:1]
    assert after["title"].startswith("2023 NASCAR Cup Series standings")
    built = atlanta_2023["built"]
    assert (
        entries(after)[0][2] == built[0]["points"]
        and "NASCAR's official table" in after["fields"][0]["value"]
    )
    assert fake_discord.problems() == []
