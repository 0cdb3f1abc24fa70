"""Pictures end to end: /grid with its card, /driver with its chart, as multipart uploads the fake checks
against Discord's rules (payload_json, files[n], attachment entries, `attachment://`), and the text
answer alone when a picture is off, late or fails."""

from __future__ import annotations

import io
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import discord
import pytest
from sqlalchemy import update

from bot.client import RaceBot
from bot.pictures.grid_card import WIDTH, card_height
from bot.pictures.pool import Pictures
from bot.pictures.specs import career_chart, grid_card
from db.store import open_store
from db.store.models import Event
from tests.e2e.test_schedule_pages import press
from tests.fakediscord.interactions import Reply
from tests.fakediscord.models import ATTACH_FILES
from tests.fakediscord.recorder import RecordedRequest
from tests.fakediscord.server import FakeDiscord
from tests.pictures import workers
from tests.pictures.pixels import decoded, not_blank
from tests.store.builders import Row, add_race

# A picture drawn before the command, so the reply does not wait on a worker starting on a busy machine.
WARM = 60.0


async def _warm_grid(racebot: RaceBot) -> str:
    """The sample grid's card drawn into the bot's cache; its alt text."""
    assert racebot.pictures is not None
    spec = grid_card(await racebot.answers.grid("homestead"))
    assert await racebot.pictures.draw(spec, timeout=WARM) is not None
    return spec.description


async def test_grid_comes_with_its_card(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """One upload, grid.png, with the alt text; the embed shows it and still holds the text grid."""
    description = await _warm_grid(racebot)
    reply = await fake_discord.send_command("grid", {"race": "homestead"})
    [upload] = reply.callback.files
    assert upload.filename == "grid.png"
    picture = decoded(upload.data)
    assert picture.size == (WIDTH, card_height(5))
    not_blank(picture)
    [entry] = reply.data["attachments"]
    assert (entry["id"], entry["filename"], entry["description"]) == (0, "grid.png", description)
    [embed] = reply.embeds
    assert embed["image"]["url"] == "attachment://grid.png"
    assert "Corey Heim" in embed["fields"][0]["value"]
    stored = fake_discord.original_message(reply)
    assert [a["filename"] for a in stored["attachments"]] == ["grid.png"]
    assert fake_discord.problems() == []


async def test_card_false_is_the_text_grid_alone(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """`card:False`: a plain JSON reply, no upload, no image."""
    await _warm_grid(racebot)
    reply = await fake_discord.send_command("grid", {"race": "homestead", "card": False})
    assert reply.callback.files == () and "attachments" not in reply.data
    assert "image" not in reply.embeds[0]
    assert "Corey Heim" in reply.embeds[0]["fields"][0]["value"]


def _edit_of(reply: Reply) -> Callable[[RecordedRequest], bool]:
    """The bot editing the message its callback created (PATCH …/messages/@original)."""
    token = reply.callback.path.split("/")[3]
    return lambda r: r.method == "PATCH" and r.path.endswith(f"/{token}/messages/@original")


async def test_a_card_not_drawn_yet_is_edited_in(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The grid answers at once in text; its card, drawn after, is edited into the same message."""
    reply = await fake_discord.send_command("grid", {"race": "homestead"})
    assert reply.callback.files == () and "image" not in reply.embeds[0]
    edited = await fake_discord.wait_for(_edit_of(reply), timeout=WARM)
    assert edited.status == 200
    [upload] = edited.files
    assert upload.filename == "grid.png" and decoded(upload.data).size == (WIDTH, card_height(5))
    [embed] = edited.json["embeds"]
    assert embed["image"]["url"] == "attachment://grid.png"
    assert "Corey Heim" in embed["fields"][0]["value"]
    assert [a["filename"] for a in fake_discord.original_message(reply)["attachments"]] == ["grid.png"]
    assert fake_discord.problems() == []


async def test_a_late_card_leaves_the_text_grid_in_time(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """A card that takes longer than its timeout: the text grid goes out alone, well within 3 s."""
    racebot.pictures = Pictures(workers=1, draw=workers.slow_draw)  # closed with the bot
    started = time.perf_counter()
    reply = await fake_discord.send_command("grid", {"race": "homestead"})
    assert time.perf_counter() - started < 3.0
    assert reply.callback.files == () and "image" not in reply.embeds[0]
    assert "Corey Heim" in reply.embeds[0]["fields"][0]["value"]


async def test_a_failing_card_leaves_the_text_grid(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """A drawing error: the text grid alone, never edited."""
    pictures = racebot.pictures = Pictures(workers=1, draw=workers.failing_draw)
    reply = await fake_discord.send_command("grid", {"race": "homestead"})
    assert reply.callback.files == () and "image" not in reply.embeds[0]
    spec = grid_card(await racebot.answers.grid("homestead"))
    assert await pictures.draw(spec, timeout=WARM) is None  # the draw after the answer failed too
    assert not any(_edit_of(reply)(request) for request in fake_discord.requests)


@pytest.fixture
async def larson_seasons(store_url: str) -> AsyncIterator[None]:
    """Kyle Larson in three Cup seasons (a win in the last), beside the sample weekend."""
    store = await open_store(store_url)
    for season in (2021, 2022, 2023):
        rows = [
            Row("Kyle Larson", 2, 1 if season == 2023 else 3, car="5"),
            Row("Chase Elliott", 1, 2, car="9"),
        ]
        await add_race(store, series="cup", season=season, round=1, track="Phoenix Raceway", rows=rows)
    await store.close()
    yield


@pytest.mark.usefixtures("larson_seasons")
async def test_driver_shows_the_career_chart_on_its_first_page(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Page 1 shows career.png; ▶ removes it with the page; ◀ uploads it again."""
    assert racebot.pictures is not None
    spec = career_chart(await racebot.answers.driver("kyle larson", series="cup"))
    assert spec is not None and await racebot.pictures.draw(spec, timeout=WARM) is not None
    reply = await fake_discord.send_command("driver", {"name": "kyle larson", "series": "cup"})
    [upload] = reply.callback.files
    assert upload.filename == "career.png"
    assert reply.embeds[0]["image"]["url"] == "attachment://career.png"
    message = fake_discord.original_message(reply)
    turned = await press(fake_discord, message, "▶")
    assert turned.callback.files == () and turned.data["attachments"] == []
    assert "image" not in turned.embeds[0] and message["attachments"] == []
    back = await press(fake_discord, message, "◀")
    assert [upload.filename for upload in back.callback.files] == ["career.png"]
    assert back.embeds[0]["image"]["url"] == "attachment://career.png"
    assert [a["filename"] for a in message["attachments"]] == ["career.png"]
    assert fake_discord.problems() == []


@pytest.mark.usefixtures("larson_seasons")
async def test_a_chart_drawn_after_a_page_turn_is_not_edited_over_it(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """▶ pressed before the chart is drawn: page 2 stays; ◀ then shows page 1 with its chart."""
    assert racebot.pictures is not None
    reply = await fake_discord.send_command("driver", {"name": "kyle larson", "series": "cup"})
    assert reply.callback.files == ()
    message = fake_discord.original_message(reply)
    await press(fake_discord, message, "▶")
    spec = career_chart(await racebot.answers.driver("kyle larson", series="cup"))
    assert spec is not None and await racebot.pictures.draw(spec, timeout=WARM) is not None
    back = await press(fake_discord, message, "◀")
    assert [upload.filename for upload in back.callback.files] == ["career.png"]
    assert not any(_edit_of(reply)(request) for request in fake_discord.requests)
    assert fake_discord.problems() == []


async def test_the_fake_refuses_an_image_pointing_at_no_upload(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """An embed showing attachment://missing.png beside an upload named grid.png is a 400 with the path."""
    embed = discord.Embed(title="x").set_image(url="attachment://missing.png")
    channel = racebot.get_partial_messageable(fake_discord.world.guild.channel.id)
    with pytest.raises(discord.HTTPException) as refused:
        await channel.send(embed=embed, file=discord.File(io.BytesIO(b"png"), filename="grid.png"))
    assert refused.value.status == 400
    assert any("$.embeds[0].image.url" in problem for problem in fake_discord.problems())
    fake_discord.violations.clear()


@pytest.fixture
async def lineup_out(store_url: str) -> AsyncIterator[None]:
    """A Cup race in five days with its lineup out: a grid post is due as soon as a channel follows Cup."""
    store = await open_store(store_url)
    rows = [Row("Kyle Busch", 1, None, car="8"), Row("Denny Hamlin", 2, None, car="11")]
    event_id = await add_race(
        store, series="cup", season=2099, round=8, track="Bristol Motor Speedway", rows=rows
    )
    async with store.sessions.begin() as session:
        green_flag = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)
        await session.execute(update(Event).where(Event.id == event_id).values(start_time_utc=green_flag))
    await store.close()
    yield


async def _grid_post(fake_discord: FakeDiscord, *settings: tuple[str, dict[str, object]]) -> RecordedRequest:
    """Apply `/announce` settings as the admin, follow Cup in #announcements, and wait for the grid post."""
    admin = fake_discord.world.admin
    channel = next(c for c in fake_discord.world.guild.channels if c.name == "announcements")
    for command, options in settings:
        await fake_discord.send_command(command, options, member=admin)
    await fake_discord.send_command("announce channel", {"channel": channel, "series": "cup"}, member=admin)
    path = f"/channels/{channel.id}/messages"
    return await fake_discord.wait_for(
        lambda r: r.method == "POST" and r.path == path and r.status == 200, WARM
    )


@pytest.mark.usefixtures("lineup_out")
async def test_a_grid_post_carries_its_card(racebot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The announced grid: grid.png uploaded with its alt text, shown by the embed, the text grid kept."""
    post = await _grid_post(fake_discord)
    [upload] = post.files
    assert upload.filename == "grid.png"
    assert decoded(upload.data).size == (WIDTH, card_height(2))
    [entry] = post.json["attachments"]
    assert entry["description"].startswith("Starting grid of the 2099 Bristol Motor Speedway 2099 race 8")
    [embed] = post.json["embeds"]
    assert embed["image"]["url"] == "attachment://grid.png"
    assert "Kyle Busch" in str(embed)
    assert fake_discord.problems() == []


@pytest.mark.usefixtures("lineup_out")
async def test_announce_card_off_posts_the_text_grid_alone(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """`/announce card off`: the grid post is plain JSON, without upload or image."""
    post = await _grid_post(fake_discord, ("announce card", {"card": "off"}))
    assert post.files == () and "attachments" not in post.json
    assert "image" not in post.json["embeds"][0]
    settings = await racebot.announcements.settings(fake_discord.world.guild.id)
    assert settings.cards is False


@pytest.fixture
def no_attach_files(fake_discord: FakeDiscord) -> None:
    """#announcements denies the bot Attach Files (an overwrite on its member), before the bot starts."""
    guild = fake_discord.world.guild
    channel = next(c for c in guild.channels if c.name == "announcements")
    channel.deny(next(m for m in guild.members if m.user.id == fake_discord.world.bot_user.id), ATTACH_FILES)


@pytest.mark.usefixtures("no_attach_files", "lineup_out")
async def test_without_attach_files_the_grid_post_goes_without_its_card(
    racebot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Where the bot may not upload files, the text grid is posted alone, in one request."""
    post = await _grid_post(fake_discord)
    assert post.files == () and "image" not in post.json["embeds"][0]
    assert [r.status for r in fake_discord.requests if r.path == post.path] == [200]
    assert fake_discord.problems() == []
