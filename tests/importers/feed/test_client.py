"""The feed client against a loopback server: what is retried, what is not, and what the errors say."""

from __future__ import annotations

import pytest

from db.importers.feed.client import (
    FeedClient,
    FeedInvalid,
    FeedNotPublished,
    FeedUnavailable,
    race_list_url,
    weekend_feed_url,
)
from tests.importers.feed.server import FAST_RETRY, HANG, FeedServer

WEEKEND = "/2023/1/5274/weekend-feed.json"


def test_urls_follow_the_feed_layout() -> None:
    """Race lists (all series or one) and weekend feeds live where cf.nascar.com puts them."""
    base = "https://cf.nascar.com/cacher/"
    assert race_list_url(base, 2023) == "https://cf.nascar.com/cacher/2023/race_list_basic.json"
    assert race_list_url(base, 2019, 1) == "https://cf.nascar.com/cacher/2019/1/race_list_basic.json"
    assert (
        weekend_feed_url(base, 2023, 1, 5274) == "https://cf.nascar.com/cacher/2023/1/5274/weekend-feed.json"
    )


async def test_json_is_fetched(feed: FeedServer, client: FeedClient) -> None:
    """A served file comes back decoded."""
    data = await client.get_json(feed.base_url + WEEKEND)
    assert data["weekend_race"][0]["race_id"] == 5274


async def test_403_means_not_published_and_is_not_retried(feed: FeedServer, client: FeedClient) -> None:
    """The CDN's 403 for a missing file raises FeedNotPublished after exactly one request."""
    path = "/2027/1/9999/weekend-feed.json"
    with pytest.raises(FeedNotPublished):
        await client.get_json(feed.base_url + path)
    assert feed.count(path) == 1


async def test_server_error_is_retried(feed: FeedServer, client: FeedClient) -> None:
    """A 500 followed by a 200 succeeds on the second request."""
    feed.fail(WEEKEND, 500)
    data = await client.get_json(feed.base_url + WEEKEND)
    assert (data["weekend_race"][0]["race_id"], feed.count(WEEKEND)) == (5274, 2)


async def test_timeout_is_retried(feed: FeedServer, client: FeedClient) -> None:
    """A request that hangs past the timeout is tried again."""
    feed.fail(WEEKEND, HANG)
    data = await client.get_json(feed.base_url + WEEKEND)
    assert (data["weekend_race"][0]["race_id"], feed.count(WEEKEND)) == (5274, 2)


async def test_persistent_server_errors_give_up(feed: FeedServer, client: FeedClient) -> None:
    """After `attempts` failures the client raises FeedUnavailable naming the URL."""
    feed.fail(WEEKEND, *[503] * FAST_RETRY.attempts)
    with pytest.raises(FeedUnavailable, match=WEEKEND):
        await client.get_json(feed.base_url + WEEKEND)
    assert feed.count(WEEKEND) == FAST_RETRY.attempts


async def test_other_client_errors_are_not_retried(feed: FeedServer, client: FeedClient) -> None:
    """A 404 is a plain failure, asked once."""
    feed.fail(WEEKEND, 404)
    with pytest.raises(FeedUnavailable, match="HTTP 404"):
        await client.get_json(feed.base_url + WEEKEND)
    assert feed.count(WEEKEND) == 1


async def test_truncated_body_error_names_the_url(feed: FeedServer, client: FeedClient) -> None:
    """Half a JSON document raises FeedInvalid with the URL in the message."""
    feed.serve(WEEKEND, feed.files[WEEKEND][:5000])
    with pytest.raises(FeedInvalid, match=rf"^{feed.base_url}{WEEKEND}: not valid JSON"):
        await client.get_json(feed.base_url + WEEKEND)
