"""/healthz, /readyz and /metrics over HTTP, inside the bot's event loop (off unless METRICS_PORT is set).

/healthz answers while the process runs. /readyz is 200 only when the gateway is connected, the store
answers and the race book is loaded, else 503; its JSON body says which of the three is false, and
how the scheduled history refresh is doing (a failed refresh leaves the bot ready: it still answers
from the store as it was). /metrics is Prometheus' text format (`bot.metrics`).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST

from bot.config import ConfigError
from bot.readings import gateway_connected
from db.store.engine import ping

if TYPE_CHECKING:
    from bot.client import RaceBot

log = logging.getLogger(__name__)

# A store that takes longer than this to answer `SELECT 1` is not ready.
STORE_TIMEOUT_S = 3.0
READINESS = ("gateway", "store", "race_book")


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
