"""/announce end to end: the real client, the fake Discord (every payload checked by the spec), the store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from bot.client import RaceBot
from db.store import open_store
from db.store.models import ChannelHealth, Event
from kernel.announce_reports import AnnounceSettings, FollowedSeries
from tests.e2e.conftest import RaceBotUnderTest, bot_settings
from tests.fakediscord.fixtures import TEST_BOT_OPTIONS, start_bot
from tests.fakediscord.models import EMBED_LINKS, SEND_MESSAGES_IN_THREADS, FakeChannel, FakeMember, snowflake
from tests.fakediscord.server import FakeDiscord
from tests.store.builders import Row, add_race

GREEN_FLAG = datetime.now(UTC).replace(microsecond=0) + timedelta(days=5)
NO_PING = {"parse": []}


@pytest.fixture
def no_embeds(fake_discord: FakeDiscord) -> FakeChannel:
    """A channel where the bot may view and send but not embed links (an overwrite on its member)."""
    guild = fake_discord.world.guild
    channel = FakeChannel(snowflake(), "no-embeds", position=2)
    bot_member = next(m for m in guild.members if m.user.id == fake_discord.world.bot_user.id)
    channel.deny(bot_member, EMBED_LINKS)
    guild.channels.append(channel)
    return channel


@pytest.fixture
async def race_ahead(store_url: str) -> AsyncIterator[None]:
    """A Cup race in five days with its lineup out."""
    store = await open_store(store_url)
    event_id = await add_race(store, series="cup", season=2099, round=8, track="Bristol Motor Speedway",
                              rows=[Row("Kyle Busch", 1, None), Row("Denny Hamlin", 2, None)])  # fmt: skip
    async with store.sessions.begin() as session:
        await session.execute(update(Event).where(Event.id == event_id).values(start_time_utc=GREEN_FLAG))
    await store.close()
    yield


@pytest.fixture
async def bot(no_embeds: FakeChannel, fake_discord: FakeDiscord, store_url: str) -> AsyncIterator[RaceBot]:
    """racebot started after the world has its extra channel, so GUILD_CREATE carries it."""
    settings = bot_settings(fake_discord, store_url)
    async with start_bot(fake_discord, RaceBotUnderTest(settings, **TEST_BOT_OPTIONS)) as started:
        yield started


def _admin(fake: FakeDiscord) -> FakeMember:
    return fake.world.admin


def _announcements_channel(fake: FakeDiscord) -> FakeChannel:
    return next(c for c in fake.world.guild.channels if c.name == "announcements")


async def test_an_admin_sets_up_a_channel(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The channel is saved for all three series and the reply, private, names it."""
    channel = _announcements_channel(fake_discord)
    reply = await fake_discord.send_command(
        "announce channel", {"channel": channel}, member=_admin(fake_discord)
    )
    assert reply.ephemeral and reply.data["allowed_mentions"] == NO_PING
    assert reply.content == (
        f"Cup, Xfinity and Truck starting grids will be posted in <#{channel.id}> as soon as the starting "
        "lineup is known. See everything with /announce status."
    )
    settings = await bot.announcements.settings(fake_discord.world.guild.id)
    assert [f.channel_id for f in settings.followed] == [channel.id] * 3
    assert fake_discord.violations == []


async def test_a_member_without_manage_server_is_refused(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    """A member without Manage Server gets a clear private refusal and nothing is saved."""
    channel = _announcements_channel(fake_discord)
    reply = await fake_discord.send_command(
        "announce channel", {"channel": channel}, member=fake_discord.world.member
    )
    assert reply.ephemeral
    assert reply.content is not None and reply.content.startswith(
        "Only members with the Manage Server permission can set up race announcements."
    )
    assert await bot.announcements.settings(fake_discord.world.guild.id) == AnnounceSettings(
        fake_discord.world.guild.id
    )


async def test_a_missing_permission_is_named_and_nothing_saved(
    bot: RaceBot, fake_discord: FakeDiscord, no_embeds: FakeChannel
) -> None:
    """The bot lacks Embed Links in the channel: the reply says so and the setup stays empty."""
    reply = await fake_discord.send_command(
        "announce channel", {"channel": no_embeds, "series": "cup"}, member=_admin(fake_discord)
    )
    assert reply.ephemeral
    assert (
        reply.content is not None
        and f"I can't post in <#{no_embeds.id}>: I'm missing Embed Links" in reply.content
    )
    assert await bot.announcements.settings(fake_discord.world.guild.id) == AnnounceSettings(
        fake_discord.world.guild.id
    )


async def test_minutes_before_without_minutes_is_explained(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    reply = await fake_discord.send_command("announce when", {"mode": "before"}, member=_admin(fake_discord))
    assert reply.ephemeral and "How many minutes before the green flag?" in (reply.content or "")
    saved = await fake_discord.send_command(
        "announce when", {"mode": "before", "minutes": 45}, member=_admin(fake_discord)
    )
    assert saved.content is not None and saved.content.startswith(
        "Grids will be posted 45 minutes before the green flag"
    )


async def test_the_role_is_shown_but_not_pinged(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The role reply names the role as a mention that pings nobody; leaving the role out clears it."""
    role = fake_discord.world.guild.roles[1]
    reply = await fake_discord.send_command("announce role", {"role": role}, member=_admin(fake_discord))
    assert (
        reply.content
        == f"Posts will mention <@&{role.id}> (and nobody else). No channel is set yet: add one with /announce channel."
    )
    assert reply.data["allowed_mentions"] == NO_PING
    assert (await bot.announcements.settings(fake_discord.world.guild.id)).role_id == role.id
    cleared = await fake_discord.send_command("announce role", {}, member=_admin(fake_discord))
    assert (cleared.content or "").startswith("Posts will mention nobody.")
    assert (await bot.announcements.settings(fake_discord.world.guild.id)).role_id is None


async def test_status_shows_the_next_post_and_a_failing_channel(
    race_ahead: None, bot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """An hour before the green flag as a Discord timestamp, and a paused channel with its error."""
    admin, channel = _admin(fake_discord), _announcements_channel(fake_discord)
    await fake_discord.send_command("announce when", {"mode": "before", "minutes": 60}, member=admin)
    await fake_discord.send_command("announce channel", {"channel": channel, "series": "cup"}, member=admin)
    async with bot.announcements.store.sessions.begin() as session:
        session.add(
            ChannelHealth(
                channel_id=channel.id,
                guild_id=fake_discord.world.guild.id,
                failures=5,
                paused=True,
                last_error="403 Forbidden (Missing Access)",
            )
        )
    reply = await fake_discord.send_command("announce status", member=admin)
    assert reply.ephemeral
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    due = int((GREEN_FLAG - timedelta(minutes=60)).timestamp())
    assert fields["Next posts due"].endswith(f": <t:{due}:F> (<t:{due}:R>) in <#{channel.id}>")
    assert fields["Next posts due"].startswith(
        "Cup — Bristol Motor Speedway 2099 race 8 (Bristol Motor Speedway)"
    )
    assert fields["Channels in trouble"] == (
        f"<#{channel.id}> paused after 5 failed posts: 403 Forbidden (Missing Access)"
        " (set it again with /announce channel to resume)"
    )
    assert fake_discord.violations == []


async def test_preview_shows_the_next_grid_privately(
    race_ahead: None, bot: RaceBot, fake_discord: FakeDiscord
) -> None:
    reply = await fake_discord.send_command("announce preview", member=_admin(fake_discord))
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert embed["title"] == "Starting lineup — Bristol Motor Speedway 2099 race 8"
    assert "Kyle Busch" in embed["fields"][0]["value"]


async def test_off_stops_one_channel(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    admin, channel = _admin(fake_discord), _announcements_channel(fake_discord)
    general = fake_discord.world.guild.channel
    await fake_discord.send_command("announce channel", {"channel": channel}, member=admin)
    await fake_discord.send_command("announce channel", {"channel": general, "series": "truck"}, member=admin)
    reply = await fake_discord.send_command("announce off", {"channel": channel}, member=admin)
    assert reply.ephemeral and reply.content == f"Stopped: no more Cup and Xfinity posts in <#{channel.id}>."
    settings = await bot.announcements.settings(fake_discord.world.guild.id)
    assert settings.followed == (FollowedSeries("truck", general.id),)
    everything = await fake_discord.send_command("announce off", member=admin)
    assert everything.content == "Stopped: no more Truck posts anywhere in this server."


async def test_removal_from_a_server_deletes_its_settings(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    """GUILD_DELETE (the bot was kicked) deletes the server's setup."""
    guild = fake_discord.world.guild
    await fake_discord.send_command(
        "announce channel", {"channel": _announcements_channel(fake_discord)}, member=_admin(fake_discord)
    )
    assert (await bot.announcements.settings(guild.id)).followed
    changed = asyncio.Event()
    bot.announcements.subscribe(changed.set)
    await fake_discord.remove_from_guild(guild)
    await asyncio.wait_for(changed.wait(), 5)
    assert await bot.announcements.settings(guild.id) == AnnounceSettings(guild.id)
    assert bot.get_guild(guild.id) is None


async def test_the_group_is_synced_guild_only_for_managers(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    """Discord hides /announce from members without Manage Server and from DMs."""
    sync = await fake_discord.wait_for(lambda r: r.method == "PUT" and r.path.endswith("/commands"))
    announce = next(c for c in sync.json if c["name"] == "announce")
    assert int(announce["default_member_permissions"]) == 1 << 5  # Manage Server
    assert announce["dm_permission"] is False  # guilds only
    assert {o["name"] for o in announce["options"]} == {
        "channel", "when", "role", "results", "standings", "thread", "card", "off", "status", "preview"
    }  # fmt: skip


async def test_results_and_threads_are_saved(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    """The two choice options reach the store; each reply says what the setting now does."""
    admin = _admin(fake_discord)
    results = await fake_discord.send_command("announce results", {"results": "spoiler"}, member=admin)
    assert (results.content or "").startswith(
        "Official results will be posted after the race once official, the order behind spoiler tags."
    )
    threads = await fake_discord.send_command("announce thread", {"threads": "on"}, member=admin)
    assert (threads.content or "").startswith("Each race weekend's posts will go in a thread of its own.")
    settings = await bot.announcements.settings(fake_discord.world.guild.id)
    assert (settings.results, settings.threads) == ("spoiler", True)


async def test_standings_are_switched_on_and_shown_in_status(bot: RaceBot, fake_discord: FakeDiscord) -> None:
    """/announce standings on reaches the store, its reply says what it does, and status shows it; off again."""
    admin, channel = _admin(fake_discord), _announcements_channel(fake_discord)
    await fake_discord.send_command("announce channel", {"channel": channel, "series": "cup"}, member=admin)
    on = await fake_discord.send_command("announce standings", {"standings": "on"}, member=admin)
    assert on.ephemeral and (on.content or "").startswith(
        "After each race the top of the standings, with the cut line, will be posted"
    )
    assert (await bot.announcements.settings(fake_discord.world.guild.id)).standings is True
    status = await fake_discord.send_command("announce status", member=admin)
    description = status.embeds[0]["description"]
    assert "**Standings**: the top of the standings, with the cut line, posted after each race" in description
    off = await fake_discord.send_command("announce standings", {"standings": "off"}, member=admin)
    assert (off.content or "") == "Standings will not be posted."
    assert (await bot.announcements.settings(fake_discord.world.guild.id)).standings is False
    assert fake_discord.problems() == []


async def test_threads_need_thread_permissions_in_followed_channels(
    bot: RaceBot, fake_discord: FakeDiscord
) -> None:
    """Without Send Messages in Threads in a followed channel, turning threads on is refused, naming both."""
    admin, channel = _admin(fake_discord), _announcements_channel(fake_discord)
    await fake_discord.send_command("announce channel", {"channel": channel}, member=admin)
    channel.deny(fake_discord.world.guild.everyone, SEND_MESSAGES_IN_THREADS)
    await fake_discord.gateway.dispatch(
        "CHANNEL_UPDATE", channel.to_dict(fake_discord.world.guild.id), guild_id=fake_discord.world.guild.id
    )
    await _until(lambda: bool(getattr(bot.get_channel(channel.id), "overwrites", None)))
    reply = await fake_discord.send_command("announce thread", {"threads": "on"}, member=admin)
    assert reply.ephemeral
    assert f"I'm missing Send Messages in Threads in <#{channel.id}>" in (reply.content or "")
    assert (await bot.announcements.settings(fake_discord.world.guild.id)).threads is False


async def _until(condition: Callable[[], bool]) -> None:
    """Let the client handle a dispatch (it arrives on the gateway, not through a reply)."""
    async with asyncio.timeout(5):
        while not condition():  # noqa: ASYNC110 - discord.py offers no event for a cache update
            await asyncio.sleep(0.01)
