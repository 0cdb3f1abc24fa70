"""Feed fixtures: the real payloads from shared/data/nascar-feed served on loopback."""

from __future__ import annotations

import copy
import json
import logging
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select

from db.importers.feed.client import FeedClient
from db.store import Store, open_store
from db.store.models import Base
from tests.importers.feed.server import FAST_RETRY, FeedServer, serve_lone_weekend


@pytest.fixture(scope="session")
def feed_dir(shared_data: Path) -> Path:
    return shared_data / "nascar-feed"


@pytest.fixture(scope="session")
def payloads(feed_dir: Path) -> Callable[[str], Any]:
    """A fresh copy of a payload file's JSON, so a test may edit it."""
    cache: dict[str, Any] = {}

    def load(name: str) -> Any:
        if name not in cache:
            cache[name] = json.loads((feed_dir / name).read_text(encoding="utf-8"))
        return copy.deepcopy(cache[name])

    return load


@pytest.fixture
async def feed(payloads: Callable[[str], Any]) -> AsyncIterator[FeedServer]:
    """The real payloads at their cf.nascar.com paths."""
    server = FeedServer()
    all_2023 = payloads("race_list_basic_2023_all-series_snapshot-2023-04.json")
    server.serve("/2023/race_list_basic.json", all_2023)
    # The Cup list stops at Richmond (round 7) so the many Cup tests stay quick; rounds are unchanged.
    server.serve(
        "/2023/1/race_list_basic.json", [r for r in all_2023["series_1"] if r["race_date"] <= "2023-04-03"]
    )
    for series_id in (2, 3):
        server.serve(f"/2023/{series_id}/race_list_basic.json", all_2023[f"series_{series_id}"])
    server.serve("/2023/1/5274/weekend-feed.json", payloads("weekend-feed_2023_1_5274.json"))
    server.serve("/2019/1/race_list_basic.json", payloads("race_list_basic_2019_cup.json"))
    server.serve(
        "/2020/1/race_list_basic.json", payloads("race_list_basic_2020_cup_snapshot-2020-06-11.json")
    )
    server.serve("/2020/1/4973/weekend-feed.json", payloads("weekend-feed_2020_1_4973.json"))
    serve_lone_weekend(server, payloads("weekend-feed_2026_1_5617_TRIMMED.json"))
    await server.start()
    yield server
    await server.close()


@pytest.fixture
async def sqlite_store(sqlite_url: str) -> AsyncIterator[Store]:
    """SQLite only, for decisions and wiring that no backend changes; storage runs on both via `empty_store`."""
    opened = await open_store(sqlite_url)
    yield opened
    await opened.close()


@pytest.fixture
async def client() -> AsyncIterator[FeedClient]:
    async with aiohttp.ClientSession() as http:
        yield FeedClient(http, retry=FAST_RETRY)


async def table_contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order: the store's whole state, for before/after checks."""
    contents: dict[str, list[tuple[Any, ...]]] = {}
    async with store.sessions() as session:
        for table in Base.metadata.sorted_tables:
            rows = await session.execute(select(table).order_by(*table.primary_key.columns))
            contents[table.name] = [tuple(row) for row in rows]
    return contents


def racebot_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """What racebot itself logged at INFO and above (not the loopback servers' access lines), one per record."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.levelno >= logging.INFO and record.name.split(".")[0] in ("bot", "db")
    ]
