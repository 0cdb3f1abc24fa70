"""Row counts and a content checksum of every table, so tests can prove an import changed nothing.

A table's digest covers every column except its own surrogate id: the alias tables are rebuilt after
every import by design, so on PostgreSQL their ids move although nothing changed. Foreign keys are
covered, so a result re-pointed to another driver, or a driver re-created under a new id, still changes
the digest. Rows are hashed in an order over all those columns, so the digest does not depend on the
order rows were written in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import JSON, Column, String, Table, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from db.store.models import Base

_PARTITION_ROWS = 10_000


@dataclass(frozen=True, slots=True)
class TableChecksum:
    rows: int
    digest: str


def _is_surrogate_id(column: Column[object]) -> bool:
    return column.primary_key and column.autoincrement is not False and column.name == "id"


async def _table_checksum(connection: AsyncConnection, table: Table) -> TableChecksum:
    columns = [column for column in table.columns if not _is_surrogate_id(column)]
    # PostgreSQL cannot order by a json value, so JSON columns are ordered by their text.
    order = [cast(column, String) if isinstance(column.type, JSON) else column for column in columns]
    digest = hashlib.sha256()
    result = await connection.stream(select(*columns).order_by(*order))
    async for partition in result.partitions(_PARTITION_ROWS):
        for row in partition:
            digest.update(repr(tuple(row)).encode())
            digest.update(b"\n")
    rows = await connection.scalar(select(func.count()).select_from(table))
    return TableChecksum(rows=rows or 0, digest=digest.hexdigest())


async def store_checksums(engine: AsyncEngine) -> dict[str, TableChecksum]:
    """Every table of the schema with its row count and SHA-256 of its contents."""
    async with engine.connect() as connection:
        return {table.name: await _table_checksum(connection, table) for table in Base.metadata.sorted_tables}
