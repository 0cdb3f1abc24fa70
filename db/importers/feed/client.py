"""Fetching NASCAR feed JSON: retries for the feed's bad moments, bounds on what it may send, plain errors.

A body is read in chunks and refused the moment it passes MAX_BODY_BYTES, so a runaway payload never
sits in memory whole; a client made with `limited` refuses the request past its round's allowance.
"""

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
# The largest real feed payload is 1.9 MB (a 500-lap race's lap times); race lists are ~0.2 MB and weekend
# feeds ~0.1 MB. Four times the largest leaves room for growth while a runaway body stops at 8 MiB.
MAX_BODY_BYTES = 8 * 1024 * 1024
_CHUNK_BYTES = 64 * 1024
# The CDN refuses requests without a browser-like User-Agent (403, which reads as "not published").
HEADERS = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) racebot (NASCAR answers for Discord)"}


class FeedError(Exception):
    """Anything that stops a feed import: `reason` says what went wrong, `url` where."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason


class FeedNotPublished(FeedError):
    """The feed has no such file yet (a future weekend, a season not announced)."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "not published yet (HTTP 403)")


class FeedUnavailable(FeedError):
    """The feed kept failing (5xx, timeouts, refused connections) or refused the request outright."""


class FeedInvalid(FeedError):
    """The body is not the JSON we expect: truncated, not JSON, or the wrong shape (keys missing)."""


class FeedRefused(FeedError):
    """More than we read: a body, a race list or a round's requests past its limit."""


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


def lap_times_url(base_url: str, season: int, series_id: int, race_id: int) -> str:
    return f"{base_url.rstrip('/')}/{season}/{series_id}/{race_id}/lap-times.json"


class _Retryable(Exception):
    """A failure worth another try."""


class FeedClient:
    """GETs JSON over a caller-owned aiohttp session (the bot makes one in `setup_hook`).

    `max_requests` (None: no limit) counts every request sent, retries included; `requests_left` says
    what remains of it.
    """

    def __init__(
        self,
        http: aiohttp.ClientSession,
        *,
        retry: RetryPolicy | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_requests: int | None = None,
    ) -> None:
        self.http = http
        self.retry = retry or RetryPolicy()
        self.max_body_bytes = max_body_bytes
        self.max_requests = max_requests
        self.requests_sent = 0

    def limited(self, max_requests: int) -> FeedClient:
        """A client on the same session and policy that sends at most `max_requests`, for one round."""
        return FeedClient(
            self.http, retry=self.retry, max_body_bytes=self.max_body_bytes, max_requests=max_requests
        )

    @property
    def requests_left(self) -> int | None:
        return None if self.max_requests is None else self.max_requests - self.requests_sent

    async def get_json(self, url: str, *, empty_ok: bool = False) -> Any:
        """The decoded body; raises FeedNotPublished, FeedUnavailable, FeedInvalid or FeedRefused.

        With `empty_ok` an empty body is None: live files answer 200 with nothing when nothing is on track.
        """
        failures = 0
        while True:
            try:
                body = await self._get(url)
            except _Retryable as error:
                failures += 1
                if failures >= self.retry.attempts:
                    raise FeedUnavailable(url, f"{error} (gave up after {failures} attempts)") from None
                delay = self.retry.delay(failures)
                # Debug only: the round's one line, if it fails, says how many attempts it made.
                log.debug("feed %s: %s; retrying in %.1fs", url, error, delay)
                await asyncio.sleep(delay)
                continue
            return None if empty_ok and not body.strip() else _decode(url, body)

    async def _get(self, url: str) -> bytes:
        if self.requests_left == 0:
            raise FeedRefused(url, f"not fetched: the round's {self.max_requests} requests are spent")
        self.requests_sent += 1
        timeout = aiohttp.ClientTimeout(total=self.retry.timeout_s)
        try:
            async with self.http.get(url, timeout=timeout, headers=HEADERS) as response:
                if response.status == NOT_PUBLISHED_STATUS:
                    raise FeedNotPublished(url)
                if response.status in RETRY_STATUSES:
                    raise _Retryable(f"HTTP {response.status}")
                if response.status != 200:
                    raise FeedUnavailable(url, f"HTTP {response.status}")
                return await self._read(url, response)
        except TimeoutError:
            raise _Retryable(f"no answer within {self.retry.timeout_s:g}s") from None
        except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as error:
            raise _Retryable(str(error) or type(error).__name__) from None

    async def _read(self, url: str, response: aiohttp.ClientResponse) -> bytes:
        """The body, chunk by chunk, refused (and the connection dropped) once it passes the limit."""
        limit = self.max_body_bytes
        if response.content_length is not None and response.content_length > limit:
            response.close()
            raise FeedRefused(
                url, f"body of {response.content_length:,} bytes is over the {limit:,}-byte limit"
            )
        body = bytearray()
        async for chunk in response.content.iter_chunked(_CHUNK_BYTES):
            body += chunk
            if len(body) > limit:
                response.close()
                raise FeedRefused(url, f"body is over the {limit:,}-byte limit (stopped reading there)")
        return bytes(body)


def _decode(url: str, body: bytes) -> Any:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FeedInvalid(url, f"not UTF-8 text ({error.reason} at byte {error.start})") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = f"line {error.lineno}, column {error.colno} of {len(body)} bytes"
        raise FeedInvalid(url, f"not valid JSON, truncated or corrupt ({error.msg} at {where})") from None
