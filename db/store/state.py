"""Facts about the store as a whole: its data version (bumped by every import) and whether it holds only the sample."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.store.models import Event, StoreState

STATE_ROW = 1


async def bump_data_version(session: AsyncSession) -> None:
    """Mark the data as changed; commits or rolls back with the caller's transaction."""
    state = await session.get(StoreState, STATE_ROW, with_for_update=True)
    if state is None:
        session.add(StoreState(id=STATE_ROW, data_version=1, changed_at=datetime.now(UTC)))
    else:
        state.data_version += 1
        state.changed_at = datetime.now(UTC)
    await session.flush()


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
