"""The feed problem on record: noted once per change, read for /announce status, cleared by a good round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.store import Store
from db.store.state import clear_feed_problem, data_version, feed_problem, note_feed_problem
from kernel.announce_reports import FeedTrouble

AT = datetime(2026, 6, 27, 18, 0, tzinfo=UTC)
URL = "https://cf.nascar.com/cacher/2026/race_list_basic.json"
RENAMED = "(top level): missing keys series_1"


async def test_a_problem_is_news_once(empty_store: Store) -> None:
    """The first note is news, the same reason again (even from another URL, later) is not."""
    first = await note_feed_problem(empty_store.sessions, reason=RENAMED, url=URL, at=AT)
    again = await note_feed_problem(
        empty_store.sessions, reason=RENAMED, url="elsewhere", at=AT + timedelta(1)
    )
    assert (first, again) == (True, False)
    assert await feed_problem(empty_store.sessions) == FeedTrouble(RENAMED, URL, AT)


async def test_another_reason_is_news_and_restarts_the_clock(empty_store: Store) -> None:
    """A different reason replaces the record, with its own URL and time."""
    await note_feed_problem(empty_store.sessions, reason=RENAMED, url=URL, at=AT)
    later = AT + timedelta(hours=1)
    assert await note_feed_problem(empty_store.sessions, reason="HTTP 500", url="u", at=later)
    assert await feed_problem(empty_store.sessions) == FeedTrouble("HTTP 500", "u", later)


async def test_clearing_returns_what_was_cleared(empty_store: Store) -> None:
    """A good round clears the record and hears what it was; clearing nothing returns None."""
    await note_feed_problem(empty_store.sessions, reason=RENAMED, url=URL, at=AT)
    cleared = await clear_feed_problem(empty_store.sessions)
    assert (cleared, await clear_feed_problem(empty_store.sessions)) == (FeedTrouble(RENAMED, URL, AT), None)
    assert await feed_problem(empty_store.sessions) is None


async def test_a_long_reason_is_kept_clipped_and_still_matches(empty_store: Store) -> None:
    """Reasons past the column's 500 characters are clipped, and the same long reason is still no news."""
    reason = "missing keys " + ", ".join(f"key_{n}" for n in range(200))
    await note_feed_problem(empty_store.sessions, reason=reason, url=URL, at=AT)
    assert not await note_feed_problem(empty_store.sessions, reason=reason, url=URL, at=AT)
    trouble = await feed_problem(empty_store.sessions)
    assert trouble is not None and trouble.reason == reason[:500]


async def test_noting_a_problem_leaves_the_data_version(empty_store: Store) -> None:
    """A feed problem is no race data: the version answers watch does not move."""
    before = await data_version(empty_store.sessions)
    await note_feed_problem(empty_store.sessions, reason=RENAMED, url=URL, at=AT)
    assert await data_version(empty_store.sessions) == before
