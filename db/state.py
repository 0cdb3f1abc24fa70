"""The store's data version: bumped inside every import's transaction, read by the running bot."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import StoreState

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
