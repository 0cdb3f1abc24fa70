"""What the feed client will read: a body past the limit is refused while it streams, a round's requests
are counted, and every real payload fits."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from db.importers.feed.client import MAX_BODY_BYTES, FeedClient, FeedRefused
from tests.importers.feed.bodies import race_list_chunks
from tests.importers.feed.server import FeedServer, StreamedBody

HUGE = "/2026/1/race_list_basic.json"
HUGE_RACES = 300_000  # the list of the issue: 1,545 MB and 14.6 s before these limits


@pytest.fixture
def race(payloads: Callable[[str], Any]) -> dict[str, Any]:
    """One real race object (the 2023 Daytona 500, as the all-series list has it)."""
    race: dict[str, Any] = payloads("race_list_basic_2023_all-series_snapshot-2023-04.json")["series_1"][0]
    return race


async def test_huge_body_is_refused_while_it_streams(
    feed: FeedServer, client: FeedClient, race: dict[str, Any]
) -> None:
    """A 300,000-race list is refused at the limit: a small part of it is sent, once, and never held whole."""
    body = StreamedBody(lambda: race_list_chunks(race, HUGE_RACES))
    feed.stream(HUGE, body)
    tracemalloc.start()
    try:
        with pytest.raises(FeedRefused, match=f"{HUGE}: body is over the {MAX_BODY_BYTES:,}-byte limit"):
            await client.get_json(feed.base_url + HUGE)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (feed.count(HUGE), body.finished) == (1, False)
    assert body.sent < len(json.dumps(race)) * HUGE_RACES / 10
    assert peak < 2 * MAX_BODY_BYTES


async def test_declared_huge_body_is_refused_unread(feed: FeedServer, client: FeedClient) -> None:
    """A Content-Length over the limit is refused before a byte of the body is read."""
    feed.serve(HUGE, b" " * (MAX_BODY_BYTES + 1))
    with pytest.raises(FeedRefused, match=f"body of {MAX_BODY_BYTES + 1:,} bytes is over the"):
        await client.get_json(feed.base_url + HUGE)
    assert feed.count(HUGE) == 1


async def test_body_at_the_limit_is_read(feed: FeedServer, client: FeedClient) -> None:
    """Exactly MAX_BODY_BYTES is still a body the client reads."""
    feed.serve(HUGE, b"[" + b" " * (MAX_BODY_BYTES - 2) + b"]")
    assert await client.get_json(feed.base_url + HUGE) == []


@pytest.fixture
def real_bodies(feed_dir: Path) -> dict[str, bytes]:
    """Every payload in shared/data/nascar-feed by file name, unzipped."""
    return {
        file.name: gzip.decompress(file.read_bytes()) if file.suffix == ".gz" else file.read_bytes()
        for file in sorted(feed_dir.glob("*.json*"))
    }


async def test_every_real_payload_fits(
    feed: FeedServer, client: FeedClient, real_bodies: dict[str, bytes]
) -> None:
    """The limit is generous for real data: each real payload, lap times included, is read."""
    for name, body in real_bodies.items():
        feed.serve(f"/real/{name}", body)
    read = [await client.get_json(f"{feed.base_url}/real/{name}") for name in real_bodies]
    assert len(read) == len(real_bodies) >= 25 and max(map(len, real_bodies.values())) > 1_900_000


async def test_limited_client_refuses_past_its_requests(feed: FeedServer, client: FeedClient) -> None:
    """A client limited to three requests sends three and refuses the fourth without sending it."""
    limited = client.limited(3)
    path = "/2027/1/9999/weekend-feed.json"
    feed.serve(path, {"weekend_race": []})
    for _ in range(3):
        await limited.get_json(feed.base_url + path)
    with pytest.raises(FeedRefused, match="the round's 3 requests are spent"):
        await limited.get_json(feed.base_url + path)
    assert (feed.count(path), limited.requests_left) == (3, 0)


async def test_retries_count_against_the_limit(feed: FeedServer, client: FeedClient) -> None:
    """Each retry is a request: two 500s spend two of a two-request allowance, and the third is refused."""
    limited = client.limited(2)
    path = "/2027/1/9999/weekend-feed.json"
    feed.serve(path, {"weekend_race": []})
    feed.fail(path, 500, 500)
    with pytest.raises(FeedRefused):
        await limited.get_json(feed.base_url + path)
    assert feed.count(path) == 2


async def test_the_limit_is_per_limited_client(feed: FeedServer, client: FeedClient) -> None:
    """Each round's `limited` copy starts afresh; the shared client itself counts without a limit."""
    path = "/2027/1/9999/weekend-feed.json"
    feed.serve(path, {"weekend_race": []})
    await client.limited(1).get_json(feed.base_url + path)
    await client.limited(1).get_json(feed.base_url + path)
    assert (feed.count(path), client.requests_left) == (2, None)
