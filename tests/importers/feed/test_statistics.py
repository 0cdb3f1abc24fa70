"""A feed import that writes leaves PostgreSQL fresh planner statistics; one that changes nothing costs none."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text

from db.importers.feed.client import FeedClient
from db.importers.feed.importer import import_feed
from db.store import Store
from tests.importers.feed.server import FeedServer

pytestmark = [pytest.mark.postgres, pytest.mark.parametrize("database_url", ["postgres"], indirect=True)]


async def _analyzed_at(store: Store) -> dict[str, datetime | None]:
    """Each race table's last ANALYZE (not autovacuum's, which may run whenever it likes)."""
    async with store.engine.connect() as connection:
        rows = await connection.execute(
            text(
                "SELECT relname, last_analyze FROM pg_stat_user_tables"
                " WHERE relname IN ('events', 'sessions', 'results', 'drivers', 'tracks')"
            )
        )
        return dict(rows.all())


async def _import_2023_cup(store: Store, feed: FeedServer, client: FeedClient) -> None:
    await import_feed(store, season=2023, series="cup", base_url=feed.base_url, client=client)


async def test_an_import_that_writes_analyzes_what_it_wrote(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """After a season's first import every race table has been analyzed."""
    await _import_2023_cup(empty_store, feed, client)
    assert [table for table, at in (await _analyzed_at(empty_store)).items() if at is None] == []


async def test_an_unchanged_import_analyzes_nothing(
    empty_store: Store, feed: FeedServer, client: FeedClient
) -> None:
    """The same season again (as most live sync rounds are) leaves the statistics as they were."""
    await _import_2023_cup(empty_store, feed, client)
    before = await _analyzed_at(empty_store)
    await _import_2023_cup(empty_store, feed, client)
    assert await _analyzed_at(empty_store) == before
