"""The store checksum: equal for equal contents, different when any cell changes."""

from __future__ import annotations

from sqlalchemy import func, select, update

from db.store import Store
from db.store.checksum import store_checksums
from db.store.models import Base, Result


async def test_checksum_covers_every_table(store: Store) -> None:
    """Each table of the schema is there with its row count."""
    checksums = await store_checksums(store.engine)
    async with store.sessions() as session:
        results = await session.scalar(select(func.count()).select_from(Result))
    assert set(checksums) == set(Base.metadata.tables)
    assert checksums["results"].rows == results


async def test_checksum_is_stable_for_an_unchanged_store(store: Store) -> None:
    """Two readings of an untouched store agree."""
    assert await store_checksums(store.engine) == await store_checksums(store.engine)


async def test_changed_cell_changes_the_checksum(store: Store) -> None:
    """One result's laps led moving from NULL to 1 changes that table's digest, and only that one."""
    before = await store_checksums(store.engine)
    async with store.sessions.begin() as session:
        first = await session.scalar(select(func.min(Result.id)))
        await session.execute(update(Result).where(Result.id == first).values(laps_led=1))
    after = await store_checksums(store.engine)
    assert [name for name in before if before[name] != after[name]] == ["results"]
