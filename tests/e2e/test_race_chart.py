"""The race chart end to end: /results for a race with lap times (NASCAR's real 2020 Martinsville
payload, imported through the feed into the bot's SQLite store) carries race.png, and a results post
carries it too, as SPOILER_race.png in spoiler mode; a race without lap times is answered in text.
Every request is checked against Discord's spec by the fake (multipart with payload_json)."""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.client import RaceBot
from bot.pictures.race_chart import HEIGHT, WIDTH
from bot.pictures.specs import RaceChart
from db.importers.feed.client import FeedClient
from db.store import open_store
from db.store.models import Event
from tests.announce.running import CHANNEL, GUILD, announced, filled, is_post, racebot
from tests.announce.world import follow
from tests.fakediscord.clock import FakeClock
from tests.fakediscord.fixtures import start_bot
from tests.fakediscord.server import FakeDiscord
from tests.importers.feed.lap_races import (
    ATLANTA_2023,
    LAP_RACES,
    MARTINSVILLE_2020,
    import_laps,
    import_results,
    lap_payload,
    serve_lap_times,
)
from tests.importers.feed.server import FeedServer
from tests.pictures.pixels import decoded, not_blank

# A picture drawn before it is asked for, so the answer does not wait on a worker starting on a busy machine.
WARM = 60.0
MARTINSVILLE = {"race": "blue-emu maximum pain relief 500", "year": 2020}


@pytest.fixture
async def lap_races(
    store_url: str, feed: FeedServer, client: FeedClient, shared_data: Path, tmp_path: Path
) -> dict[int, int]:
    """The bot's store: 2020 Martinsville's results and lap times, 2023 Atlanta's results (the feed has
    no lap times for it here); feed race id -> event id."""
    serve_lap_times(feed, shared_data, MARTINSVILLE_2020)
    store = await open_store(store_url)
    try:
        events = await import_results(store, feed, client, shared_data, tmp_path, *LAP_RACES)
        for race in LAP_RACES:
            await import_laps(store, feed, client, race)
    finally:
        await store.close()
    return events


def _top_ten_cars(shared_data: Path) -> list[str]:
    """The payload's top ten at the finish, as car numbers in finishing order."""
    cars = sorted(lap_payload(shared_data, MARTINSVILLE_2020)["laps"], key=lambda car: car["RunningPos"])
    return [car["Number"] for car in cars[:10]]


def _cars_named(description: str) -> list[str]:
    return re.findall(r"\d+ #(\w+) ", description.split("finishing order: ", 1)[1])


async def _after_the_race(store_url: str, event_id: int) -> FakeClock:
    """A clock three hours after the race's green flag: its results are in, their post due."""
    async with filled(store_url) as store, store.sessions() as session:
        green_flag = await session.scalar(select(Event.start_time_utc).where(Event.id == event_id))
    assert green_flag is not None
    return FakeClock(green_flag.replace(tzinfo=UTC) + timedelta(hours=3))


async def _warm_chart(bot: RaceBot, event_id: int) -> RaceChart:
    """The race's chart drawn into the bot's picture cache; its spec."""
    assert bot.pictures is not None
    spec = await bot.answers.race_chart(bot.answers.book.events[event_id])
    assert spec is not None and await bot.pictures.draw(spec, timeout=WARM) is not None
    return spec


async def test_results_come_with_the_race_chart(
    lap_races: dict[int, int], racebot: RaceBot, fake_discord: FakeDiscord, shared_data: Path
) -> None:
    """race.png uploaded with its alt text (the top ten in the payload's finishing order), shown by the
    embed, which keeps the text results."""
    spec = await _warm_chart(racebot, lap_races[MARTINSVILLE_2020.race_id])
    reply = await fake_discord.send_command("results", MARTINSVILLE)
    [upload] = reply.callback.files
    assert upload.filename == "race.png"
    picture = decoded(upload.data)
    assert picture.size == (WIDTH, HEIGHT)
    not_blank(picture)
    [entry] = reply.data["attachments"]
    assert (entry["filename"], entry["description"]) == ("race.png", spec.description)
    assert entry["description"].startswith(
        "2020 Blue-Emu Maximum Pain Relief 500 · Martinsville Speedway: positions by lap over 500 laps"
    )
    assert _cars_named(entry["description"]) == _top_ten_cars(shared_data)
    [embed] = reply.embeds
    assert embed["image"]["url"] == "attachment://race.png"
    assert "Martin Truex Jr." in str(embed)
    assert fake_discord.problems() == []


@pytest.mark.usefixtures("lap_races")
async def test_chart_false_is_the_text_results_alone(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """`chart:False`: a plain JSON reply, no upload, no image."""
    reply = await fake_discord.send_command("results", {**MARTINSVILLE, "chart": False})
    assert reply.callback.files == () and "attachments" not in reply.data
    assert "image" not in reply.embeds[0] and "Martin Truex Jr." in str(reply.embeds[0])


@pytest.mark.usefixtures("lap_races")
async def test_a_race_without_lap_times_is_the_text_results_alone(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """2023 Atlanta has results but no lap times: the answer is text, as before."""
    reply = await fake_discord.send_command("results", {"race": "raptor king of tough 250", "year": 2023})
    assert reply.callback.files == () and "attachments" not in reply.data
    assert "image" not in reply.embeds[0] and "Austin Hill" in str(reply.embeds[0])
    assert fake_discord.problems() == []


@pytest.mark.parametrize(("mode", "filename"), [("on", "race.png"), ("spoiler", "SPOILER_race.png")])
async def test_a_results_post_carries_the_race_chart(
    fake_discord: FakeDiscord,
    store_url: str,
    lap_races: dict[int, int],
    mode: str,
    filename: str,
) -> None:
    """The results post uploads the chart: shown by its embed, or beside it as a spoiler (an embed's
    image is never blurred) with the order behind spoiler tags."""
    event_id = lap_races[MARTINSVILLE_2020.race_id]
    bot = racebot(
        fake_discord, store_url, await _after_the_race(store_url, event_id), store_poll_seconds=0.05
    )
    async with start_bot(fake_discord, bot):
        spec = await _warm_chart(bot, event_id)
        async with filled(store_url) as store:
            await follow(store, GUILD, CHANNEL, series="cup", results=mode)
        await announced(bot)
        sent = await fake_discord.wait_for(is_post(CHANNEL))
    [upload] = sent.files
    assert upload.filename == filename
    assert decoded(upload.data).size == (WIDTH, HEIGHT)
    [entry] = sent.json["attachments"]
    assert (entry["filename"], entry["description"]) == (filename, spec.description)
    [embed] = sent.json["embeds"]
    if mode == "spoiler":
        assert "image" not in embed and embed["description"].endswith("||")
    else:
        assert embed["image"]["url"] == "attachment://race.png"
    assert fake_discord.problems() == []


async def test_lap_times_that_come_after_the_post_edit_the_chart_in(
    fake_discord: FakeDiscord,
    store_url: str,
    lap_races: dict[int, int],
    feed: FeedServer,
    client: FeedClient,
    shared_data: Path,
) -> None:
    """2023 Atlanta's results go out in text; once its lap times are imported the post is edited to
    carry the chart (it is part of the post's digest)."""
    event_id = lap_races[ATLANTA_2023.race_id]
    bot = racebot(
        fake_discord, store_url, await _after_the_race(store_url, event_id), store_poll_seconds=0.05
    )
    async with start_bot(fake_discord, bot):
        async with filled(store_url) as store:
            await follow(store, GUILD, CHANNEL, series="xfinity", results="on")
        await announced(bot)
        sent = await fake_discord.wait_for(is_post(CHANNEL))
        message_id = fake_discord.channel_messages(CHANNEL)[0]["id"]
        serve_lap_times(feed, shared_data, ATLANTA_2023)
        async with filled(store_url) as store:
            await import_laps(store, feed, client, ATLANTA_2023)
        edited = await fake_discord.wait_for(
            lambda r: r.method == "PATCH" and r.path == f"/channels/{CHANNEL}/messages/{message_id}"
        )
    assert sent.files == () and "image" not in sent.json["embeds"][0]
    assert edited.status == 200
    assert [upload.filename for upload in edited.files] == ["race.png"]
    assert edited.json["embeds"][0]["image"]["url"] == "attachment://race.png"
    assert fake_discord.problems() == []
