"""/healthz, /readyz and /metrics over HTTP, inside the bot's event loop (off unless METRICS_PORT is set).

/healthz answers while the process runs. /readyz is 200 only when the gateway is connected, the store
answers and the race book is loaded, else 503; its JSON body says which of the three is false, and
how the scheduled history refresh is doing (a failed refresh leaves the bot ready: it still answers
from the store as it was). /metrics is Prometheus' text format (`bot.metrics`).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.config import ConfigError
from bot.metrics import Reading
from db.store.engine import ping

if TYPE_CHECKING:
    from bot.client import RaceBot

log = logging.getLogger(__name__)

# A store that takes longer than this to answer `SELECT 1` is not ready.
STORE_TIMEOUT_S = 3.0
READINESS = ("gateway", "store", "race_book")


def gateway_connected(bot: RaceBot) -> bool:
    """Ready, and every shard this process runs connected (a shard reconnecting is not)."""
    shards = bot.shards.values()
    return bot.is_ready() and not bot.is_closed() and bool(shards) and not any(s.is_closed() for s in shards)


async def store_reachable(bot: RaceBot) -> bool:
    """The store answers a query within `STORE_TIMEOUT_S` (False before it is opened)."""
    store = bot.store
    if store is None:
        return False
    try:
        await asyncio.wait_for(ping(store.engine), STORE_TIMEOUT_S)
    except Exception as error:
        log.warning("readiness: the store does not answer: %s", error or type(error).__name__)
        return False
    return True


async def readiness(bot: RaceBot) -> dict[str, Any]:
    """The /readyz body: `ready` and each of its conditions, then the history refresh's state."""
    body: dict[str, Any] = {
        "gateway": gateway_connected(bot),
        "store": await store_reachable(bot),
        "race_book": bot.book_loaded,
    }
    body["ready"] = all(body[name] for name in READINESS)
    body["history_refresh"] = None if bot.history_refresh is None else bot.history_refresh.state()
    return body


def reading(bot: RaceBot) -> Reading:
    """The bot's figures for a scrape."""
    loaded = bot.book_loaded
    announcer, refresh = bot.announcer, bot.history_refresh
    oldest: datetime | None = None if announcer is None else announcer.oldest_due()
    return Reading(
        servers=len(bot.guilds),
        shards=len(bot.shards),
        shard_count=bot.shard_count or 0,
        gateway_latency_s={} if not gateway_connected(bot) else dict(bot.latencies),
        cache_hits=bot.answers.cache.hits if loaded else 0,
        cache_misses=bot.answers.cache.misses if loaded else 0,
        announcements={} if announcer is None else dict(announcer.outcomes),
        announcement_lag_s=0.0 if oldest is None else max((bot.clock() - oldest).total_seconds(), 0.0),
        live_sync_last_success=bot.answers.synced_at if loaded else None,
        data_version=bot.answers.data_version if loaded else -1,
        race_book_load_s=bot.race_book_load_s,
        history_last_success=None if refresh is None else refresh.last_success,
        history_failures=0 if refresh is None else refresh.failures,
    )


class HealthServer:
    """The endpoints on `host`:`port` (port 0: any free port, see `address`); `start`, then `stop`."""

    def __init__(self, bot: RaceBot, host: str, port: int) -> None:
        self.bot = bot
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None
        self.address: tuple[str, int] | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/readyz", self._readyz)
        app.router.add_get("/metrics", self._metrics)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        try:
            await web.TCPSite(runner, self.host, self.port).start()
        except OSError as error:
            await runner.cleanup()
            raise ConfigError(
                f"cannot serve health and metrics on {self.host}:{self.port} (METRICS_HOST, METRICS_PORT): "
                f"{error.strerror or error}"
            ) from error
        self._runner = runner
        host, port = runner.addresses[0][:2]
        self.address = (host, port)
        log.info("health and metrics on http://%s:%d (/healthz, /readyz, /metrics)", host, port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _healthz(self, _: web.Request) -> web.Response:
        return web.json_response({"alive": True})

    async def _readyz(self, _: web.Request) -> web.Response:
        body = await readiness(self.bot)
        return web.json_response(body, status=200 if body["ready"] else 503)

    async def _metrics(self, _: web.Request) -> web.Response:
        # prometheus_client's CONTENT_TYPE_LATEST carries the charset, which aiohttp wants apart.
        response = web.Response(body=self.bot.metrics.exposition())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response
