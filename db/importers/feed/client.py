"""Fetching NASCAR feed JSON: retries for the feed's bad moments, plain errors for everything else."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

NOT_PUBLISHED_STATUS = 403  # the CDN answers 403, not 404, for a file that is not there (yet)
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class FeedError(Exception):
    """Anything that stops a feed import; the message names the URL."""


class FeedNotPublished(FeedError):
    """The feed has no such file yet (a future weekend, a season not announced)."""

    def __init__(self, url: str) -> None:
        super().__init__(f"{url}: not published yet (HTTP 403)")
        self.url = url


class FeedUnavailable(FeedError):
    """The feed kept failing (5xx, timeouts, refused connections) or refused the request outright."""


class FeedInvalid(FeedError):
    """The body is not the JSON we expect: truncated, not JSON, or the wrong shape."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How hard to try: `attempts` in all, waiting `base_delay_s` * 2**n (capped) between them."""

    attempts: int = 4
    base_delay_s: float = 1.0
    max_delay_s: float = 30.0
    timeout_s: float = 30.0

    def delay(self, failures: int) -> float:
        return float(min(self.max_delay_s, self.base_delay_s * 2 ** (failures - 1)))


def race_list_url(base_url: str, season: int, series_id: int | None = None) -> str:
    """All series' race list, or one series' when `series_id` is given."""
    middle = f"{season}" if series_id is None else f"{season}/{series_id}"
    return f"{base_url.rstrip('/')}/{middle}/race_list_basic.json"


def weekend_feed_url(base_url: str, season: int, series_id: int, race_id: int) -> str:
    return f"{base_url.rstrip('/')}/{season}/{series_id}/{race_id}/weekend-feed.json"


class _Retryable(Exception):
    """A failure worth another try."""


class FeedClient:
    """GETs JSON over a caller-owned aiohttp session (the bot makes one in `setup_hook`)."""

    def __init__(self, http: aiohttp.ClientSession, *, retry: RetryPolicy | None = None) -> None:
        self.http = http
        self.retry = retry or RetryPolicy()

    async def get_json(self, url: str) -> Any:
        """The decoded body; raises FeedNotPublished, FeedUnavailable or FeedInvalid."""
        failures = 0
        while True:
            try:
                body = await self._get(url)
            except _Retryable as error:
                failures += 1
                if failures >= self.retry.attempts:
                    raise FeedUnavailable(f"{url}: {error} (gave up after {failures} attempts)") from None
                delay = self.retry.delay(failures)
                log.warning("feed %s: %s; retrying in %.1fs", url, error, delay)
                await asyncio.sleep(delay)
                continue
            return _decode(url, body)

    async def _get(self, url: str) -> bytes:
        timeout = aiohttp.ClientTimeout(total=self.retry.timeout_s)
        try:
            async with self.http.get(url, timeout=timeout) as response:
                if response.status == NOT_PUBLISHED_STATUS:
                    raise FeedNotPublished(url)
                if response.status in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {response.status}")
                if response.status != 200:
                    raise FeedUnavailable(f"{url}: HTTP {response.status}")
                return await response.read()
        except TimeoutError:
            raise _Retryable(f"no answer within {self.retry.timeout_s:g}s") from None
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as error:
            raise _Retryable(str(error) or type(error).__name__) from None


def _decode(url: str, body: bytes) -> Any:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FeedInvalid(f"{url}: not UTF-8 text ({error.reason} at byte {error.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno} of {len(body)} bytes"
        raise FeedInvalid(f"{url}: not valid JSON, truncated or corrupt ({error.msg} at {where})") from None
