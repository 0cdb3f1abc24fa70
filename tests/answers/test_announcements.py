"""The announcement settings service: options in, a report or a user-facing error out, listeners told."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from bot.answers.announcements import CHECKED_PERMISSIONS, NEEDED_PERMISSIONS, Announcements, announcements_of
from bot.answers.errors import BadInput, NoData
from bot.answers.service import Answers
from db.store import Store
from db.store.models import AnnouncementLog, ChannelHealth, Event
from db.store.queries import announce_settings as stored
from kernel.announce_reports import AnnounceSettings, FollowedSeries
from tests.store.builders import Row, add_race

# Three weeks before the sample's race (the 2025 Baptist Health 200, green flag 2025-03-23 00:00 UTC,
# its lineup known).
NOW = datetime(2025, 3, 1, tzinfo=UTC)
GREEN_FLAG = datetime(2025, 3, 23, tzinfo=UTC)
GUILD, RACES, CUP_ONLY = 111, 1001, 1002
ALL = CHECKED_PERMISSIONS


@pytest.fixture
async def answers(store: Store) -> Answers:
    service = Answers(store, clock=lambda: NOW)
    await service.refresh()
    return service


@pytest.fixture
async def announcements(answers: Answers) -> AsyncIterator[Announcements]:
    yield Announcements(answers, clock=lambda: NOW)


async def test_a_channel_without_a_needed_permission_is_refused(announcements: Announcements) -> None:
    """The error names each missing permission as Discord does, and nothing is saved."""
    with pytest.raises(BadInput, match=r"missing Send Messages, Embed Links there\. .*Nothing was saved"):
        await announcements.set_channel(GUILD, RACES, granted={"view_channel"})
    assert await stored.guild_settings(announcements.store.sessions, GUILD) is None


async def test_a_channel_follows_all_three_series_by_default(announcements: Announcements) -> None:
    """No series: Cup, Xfinity and Truck all go to the channel; one series can then move."""
    saved = await announcements.set_channel(GUILD, RACES, granted=ALL)
    assert saved.series_codes == ("cup", "xfinity", "truck")
    moved = await announcements.set_channel(GUILD, CUP_ONLY, "cup", granted=ALL)
    assert moved.settings.followed == (
        FollowedSeries("cup", CUP_ONLY),
        FollowedSeries("truck", RACES),
        FollowedSeries("xfinity", RACES),
    )


async def test_an_unknown_series_is_refused(announcements: Announcements) -> None:
    with pytest.raises(BadInput, match="No series 'indycar'"):
        await announcements.set_channel(GUILD, RACES, "indycar", granted=ALL)


async def test_minutes_are_required_before_the_green_flag(announcements: Announcements) -> None:
    """'before' without minutes says what to add; out of range says the range."""
    with pytest.raises(BadInput, match="How many minutes before the green flag"):
        await announcements.set_when(GUILD, "before")
    with pytest.raises(BadInput, match="from 5 to 1440"):
        await announcements.set_when(GUILD, "before", 4)


async def test_the_lineup_mode_drops_the_minutes(announcements: Announcements) -> None:
    await announcements.set_when(GUILD, "before", 60)
    settings = await announcements.set_when(GUILD, "lineup", 60)
    assert (settings.mode, settings.minutes_before) == ("lineup", None)


async def test_role_results_and_threads_are_saved(announcements: Announcements) -> None:
    await announcements.set_role(GUILD, 555)
    await announcements.set_results(GUILD, "spoiler")
    await announcements.set_threads(GUILD, True)
    assert await announcements.settings(GUILD) == AnnounceSettings(
        GUILD, role_id=555, results="spoiler", threads=True
    )
    cleared = await announcements.set_role(GUILD, None)
    assert cleared.role_id is None


async def test_an_unknown_results_setting_is_refused(announcements: Announcements) -> None:
    with pytest.raises(BadInput, match="No results setting 'maybe'"):
        await announcements.set_results(GUILD, "maybe")


async def test_listeners_hear_every_change(announcements: Announcements) -> None:
    """Plain and coroutine listeners are called after each change, none after a refused one."""
    heard: list[str] = []

    async def wake() -> None:
        heard.append("async")

    announcements.subscribe(lambda: heard.append("plain"))
    announcements.subscribe(wake)
    await announcements.set_channel(GUILD, RACES, granted=ALL)
    await announcements.set_when(GUILD, "before", 30)
    with pytest.raises(BadInput):
        await announcements.set_when(GUILD, "before")
    assert heard == ["plain", "async"] * 2


async def test_a_failing_listener_is_logged_and_the_change_kept(
    announcements: Announcements, caplog: pytest.LogCaptureFixture
) -> None:
    def broken() -> None:
        raise RuntimeError("announcer down")

    announcements.subscribe(broken)
    with caplog.at_level(logging.ERROR):
        await announcements.set_threads(GUILD, True)
    assert (await announcements.settings(GUILD)).threads is True
    assert "listener" in caplog.text


async def test_stopping_what_is_not_posted_says_so(announcements: Announcements) -> None:
    with pytest.raises(NoData, match="Nothing is being posted in this server"):
        await announcements.stop(GUILD)
    await announcements.set_channel(GUILD, RACES, "truck", granted=ALL)
    with pytest.raises(NoData, match=f"Nothing is being posted to <#{CUP_ONLY}>"):
        await announcements.stop(GUILD, CUP_ONLY)
    stopped = await announcements.stop(GUILD, RACES)
    assert (stopped.channel_id, stopped.series_codes) == (RACES, ("truck",))


async def test_status_without_a_setup_says_how_to_start(announcements: Announcements) -> None:
    with pytest.raises(NoData, match="Start with /announce channel"):
        await announcements.status(GUILD)


async def test_status_gives_the_next_post_by_the_scheduling_rule(announcements: Announcements) -> None:
    """60 minutes before the green flag: the Truck race's post is due then; Cup has no race ahead."""
    await announcements.set_channel(GUILD, RACES, granted=ALL)
    await announcements.set_when(GUILD, "before", 60)
    status = await announcements.status(GUILD)
    by_series = {post.series_code: post for post in status.due}
    truck = by_series["truck"]
    assert (truck.action, truck.at, truck.channel_id) == ("wait", GREEN_FLAG - timedelta(minutes=60), RACES)
    assert truck.event is not None and truck.event.name == "Baptist Health 200"
    assert by_series["cup"].action == "none" and by_series["cup"].event is None
    assert [post.series_code for post in status.due] == ["cup", "xfinity", "truck"]


async def test_status_with_the_lineup_known_is_due_now(announcements: Announcements) -> None:
    await announcements.set_channel(GUILD, RACES, "truck", granted=ALL)
    status = await announcements.status(GUILD)
    assert [(post.action, post.at) for post in status.due] == [("post", None)]


async def test_status_waits_for_a_lineup_not_out_yet(announcements: Announcements, store: Store) -> None:
    """A coming Cup race without starting positions: its post waits for the lineup, with no time."""
    event_id = await add_race(
        store,
        series="cup",
        season=2025,
        round=5,
        track="Homestead-Miami Speedway",
        rows=[Row("Kyle Larson", None, None)],
    )
    async with store.sessions.begin() as session:
        await session.execute(update(Event).where(Event.id == event_id).values(start_time_utc=GREEN_FLAG))
    await announcements.answers.refresh()
    await announcements.set_channel(GUILD, CUP_ONLY, "cup", granted=ALL)
    status = await announcements.status(GUILD)
    assert [(post.action, post.at) for post in status.due] == [("wait", None)]


async def test_status_shows_a_held_post_and_a_paused_channel(
    announcements: Announcements, store: Store
) -> None:
    """The post log's state for the next race wins over the rule; channel health is listed."""
    await announcements.set_channel(GUILD, RACES, "truck", granted=ALL)
    async with store.sessions.begin() as session:
        event_id = await session.scalar(select(Event.id).where(Event.name == "Baptist Health 200"))
        assert event_id is not None
        session.add(
            AnnouncementLog(
                guild_id=GUILD,
                channel_id=RACES,
                event_id=event_id,
                kind="grid",
                state="held",
                nonce="n",
                detail="position 3 is missing",
                claimed_at=NOW,
            )
        )
    async with store.sessions.begin() as session:
        session.add(
            ChannelHealth(
                channel_id=RACES, guild_id=GUILD, failures=5, paused=True, last_error="403 Forbidden"
            )
        )
    status = await announcements.status(GUILD)
    assert [(post.action, post.reason) for post in status.due] == [("held", "position 3 is missing")]
    assert [(t.channel_id, t.paused, t.last_error) for t in status.trouble] == [
        (RACES, True, "403 Forbidden")
    ]


async def test_preview_is_the_next_grid(announcements: Announcements) -> None:
    """With nothing followed, the next race of any series; its lineup from the race book."""
    report = await announcements.preview(GUILD)
    assert report.event.name == "Baptist Health 200" and not report.from_qualifying
    assert len(report.slots) == 5


async def test_preview_without_a_race_ahead_says_so(answers: Answers) -> None:
    later = Announcements(answers, clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    with pytest.raises(NoData, match="No race ahead in the store"):
        await later.preview(GUILD)


async def test_forget_deletes_the_setup_once(announcements: Announcements) -> None:
    heard: list[int] = []
    announcements.subscribe(lambda: heard.append(1))
    await announcements.set_channel(GUILD, RACES, granted=ALL)
    assert await announcements.forget(GUILD) is True
    assert await announcements.forget(GUILD) is False
    assert heard == [1, 1]
    assert await stored.guild_settings(announcements.store.sessions, GUILD) is None


async def test_threads_on_need_the_thread_permissions(announcements: Announcements) -> None:
    """With threads on, a channel lacking thread permissions is refused; turning threads on checks the
    followed channels the server still has."""
    await announcements.set_channel(GUILD, RACES, "cup", granted=ALL)
    with pytest.raises(BadInput, match=f"missing Send Messages in Threads in <#{RACES}>"):
        await announcements.set_threads(
            GUILD, True, granted={RACES: {*NEEDED_PERMISSIONS, "create_public_threads"}}
        )
    assert (await announcements.settings(GUILD)).threads is False
    await announcements.set_threads(GUILD, True, granted={})  # the channel is gone: the announcer reports it
    with pytest.raises(
        BadInput, match=r"missing Create Public Threads, Send Messages in Threads there \(threads are on\)"
    ):
        await announcements.set_channel(GUILD, CUP_ONLY, granted=NEEDED_PERMISSIONS)


def test_announcements_of_a_client_without_one_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="has no announcement settings service"):
        announcements_of(object())
