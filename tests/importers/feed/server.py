"""A loopback stand-in for cf.nascar.com: serves JSON by path, 403 for anything else, queued faults."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from db.importers.feed.client import RetryPolicy

FAST_RETRY = RetryPolicy(attempts=3, base_delay_s=0.01, max_delay_s=0.02, timeout_s=0.3)
HANG = "hang"


@dataclass
class StreamedBody:
    """A body sent chunk by chunk with no Content-Length, as a CDN streams a big file. `sent` counts the
    bytes that got out before the client hung up; with `hold`, the server waits for it after the first
    chunk (`started` is set then), so a test can act while the request is under way."""

    chunks: Callable[[], Iterator[bytes]]
    hold: asyncio.Event | None = None
    started: asyncio.Event = field(default_factory=asyncio.Event)
    sent: int = 0
    finished: bool = False


class FeedServer:
    """Serves a path -> JSON table; anything else is a 403 like the real CDN. Faults are queued per path."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}
        self.faults: dict[str, list[int | str]] = {}
        self.streams: dict[str, StreamedBody] = {}
        self.requests: list[str] = []
        self.base_url = ""
        self._runner: web.AppRunner | None = None

    def serve(self, path: str, payload: Any) -> None:
        self.streams.pop(path, None)
        self.files[path] = payload if isinstance(payload, bytes) else json.dumps(payload).encode()

    def stream(self, path: str, body: StreamedBody) -> None:
        """Stream `body` for `path` (instead of any file served there) until `serve` puts a file back."""
        self.streams[path] = body

    def fail(self, path: str, *faults: int | str) -> None:
        """Answer the next requests for `path` with these statuses (or HANG) before serving it."""
        self.faults.setdefault(path, []).extend(faults)

    def count(self, path: str) -> int:
        return self.requests.count(path)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path.removeprefix("/cacher")
        self.requests.append(path)
        queued = self.faults.get(path)
        if queued:
            fault = queued.pop(0)
            if fault == HANG:
                await asyncio.sleep(FAST_RETRY.timeout_s * 3)
            else:
                return web.Response(status=int(fault))
        if path in self.streams:
            return await self._stream(request, self.streams[path])
        if path not in self.files:
            return web.Response(status=403, text="AccessDenied")
        return web.Response(body=self.files[path], content_type="application/json")

    async def _stream(self, request: web.Request, body: StreamedBody) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for chunk in body.chunks():
                await response.write(chunk)
                body.sent += len(chunk)
                if not body.started.is_set():
                    body.started.set()
                    if body.hold is not None:
                        await body.hold.wait()
            await response.write_eof()
            body.finished = True
        except ConnectionError:
            pass  # the client hung up: what it refused is exactly what the test checks
        return response

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("GET", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}/cacher"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def serve_lone_weekend(server: FeedServer, weekend: dict[str, Any]) -> None:
    """Serve a weekend feed with race lists (all-series and its own series) holding just its race,
    for fixtures such as 2026 Sonoma that come without a list."""
    race = {key: value for key, value in weekend["weekend_race"][0].items() if not isinstance(value, list)}
    season, series_id, race_id = race["race_season"], race["series_id"], race["race_id"]
    lists: dict[str, list[dict[str, Any]]] = {f"series_{n}": [] for n in (1, 2, 3)}
    lists[f"series_{series_id}"].append(race)
    server.serve(f"/{season}/race_list_basic.json", lists)
    server.serve(f"/{season}/{series_id}/race_list_basic.json", [race])
    server.serve(f"/{season}/{series_id}/{race_id}/weekend-feed.json", weekend)
