"""Facts about the store as a whole: its data version (bumped by every import), whether it holds only the
sample, and the feed problem the live sync is stuck on, if any."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import Event, FeedProblem, StoreState
from db.store.notify import notify_data_version
from kernel.announce_reports import FeedTrouble

STATE_ROW = 1
FEED_PROBLEM_ROW = 1
_TEXT_LIMIT = 500  # FeedProblem's columns


async def bump_data_version(session: AsyncSession) -> None:
    """Mark the data as changed; commits or rolls back with the caller's transaction, and so does the
    NOTIFY that wakes every process on a PostgreSQL store."""
    state = await session.get(StoreState, STATE_ROW, with_for_update=True)
    if state is None:
        state = StoreState(id=STATE_ROW, data_version=1, changed_at=datetime.now(UTC))
        session.add(state)
    else:
        state.data_version += 1
        state.changed_at = datetime.now(UTC)
    await session.flush()
    await notify_data_version(session, state.data_version)


@dataclass(frozen=True, slots=True)
class DataStamp:
    """Which data a store holds: its version and when that version was made. The time tells two stores
    apart whose counters agree (a store deleted and imported again starts counting anew)."""

    version: int
    changed_at: datetime | None


async def data_stamp(sessions: async_sessionmaker[AsyncSession]) -> DataStamp:
    async with sessions() as session:
        row = (
            await session.execute(
                select(StoreState.data_version, StoreState.changed_at).where(StoreState.id == STATE_ROW)
            )
        ).one_or_none()
    return DataStamp(0, None) if row is None else DataStamp(row[0] or 0, row[1])


async def data_version(sessions: async_sessionmaker[AsyncSession]) -> int:
    async with sessions() as session:
        version = await session.scalar(select(StoreState.data_version).where(StoreState.id == STATE_ROW))
    return version or 0


async def sample_only(sessions: async_sessionmaker[AsyncSession]) -> bool:
    """True while every event in the store came from the bundled sample."""
    async with sessions() as session:
        has_sample, has_real = (
            await session.execute(
                select(exists().where(Event.is_sample.is_(True)), exists().where(Event.is_sample.is_(False)))
            )
        ).one()
    return bool(has_sample) and not has_real


async def note_feed_problem(
    sessions: async_sessionmaker[AsyncSession], *, reason: str, url: str, at: datetime
) -> bool:
    """Record why the feed cannot be read. True when that is news (no problem or another one was on
    record), so the sync logs each change once, however many rounds it lasts, and across restarts."""
    reason, url = reason[:_TEXT_LIMIT], url[:_TEXT_LIMIT]
    async with sessions.begin() as session:
        row = await session.get(FeedProblem, FEED_PROBLEM_ROW, with_for_update=True)
        if row is not None and row.reason == reason:
            return False
        if row is None:
            session.add(FeedProblem(id=FEED_PROBLEM_ROW, reason=reason, url=url, since=at))
        else:
            row.reason, row.url, row.since = reason, url, at
    return True


async def clear_feed_problem(sessions: async_sessionmaker[AsyncSession]) -> FeedTrouble | None:
    """The feed reads again: forget its problem, returning the one forgotten (None when there was none)."""
    async with sessions.begin() as session:
        row = await session.get(FeedProblem, FEED_PROBLEM_ROW, with_for_update=True)
        if row is None:
            return None
        trouble = _trouble(row)
        await session.delete(row)
    return trouble


async def feed_problem(sessions: async_sessionmaker[AsyncSession]) -> FeedTrouble | None:
    """The feed problem the live sync is stuck on, for /announce status; None while the feed reads."""
    async with sessions() as session:
        row = await session.get(FeedProblem, FEED_PROBLEM_ROW)
        return None if row is None else _trouble(row)


def _trouble(row: FeedProblem) -> FeedTrouble:
    # SQLite hands datetimes back naive; the store keeps UTC throughout.
    return FeedTrouble(row.reason, row.url, row.since.replace(tzinfo=row.since.tzinfo or UTC))
