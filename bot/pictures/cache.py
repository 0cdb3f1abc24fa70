"""Drawn pictures by digest: a picture asked for again (a repeated question, a grid posted to 2,000
channels) is drawn once. Asks for a picture still being drawn wait for that one draw."""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Awaitable, Callable

# Drawn bytes kept at most (a grid card is about 85 KB, a chart 30–60 KB): some fifty to a hundred,
# enough for the grids of a race weekend and the answers asked over and over.
CACHE_BYTES = 4 * 1024 * 1024


class PictureCache:
    """The latest pictures up to `max_bytes`, least recently used out first; one draw per digest at a time."""

    def __init__(self, max_bytes: int = CACHE_BYTES) -> None:
        self.max_bytes = max_bytes
        self._kept: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._drawing: dict[str, asyncio.Task[bytes]] = {}
        # Counts for tests and benchmarks: draws started, asks answered from the cache, asks that
        # joined a draw under way.
        self.draws = 0
        self.hits = 0
        self.joined = 0

    def __len__(self) -> int:
        return len(self._kept)

    def peek(self, key: str) -> bytes | None:
        """The bytes kept under `key`, or None: never starts a draw or waits on one."""
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            self.hits += 1
        return kept

    async def get_or_draw(self, key: str, draw: Callable[[], Awaitable[bytes]]) -> bytes:
        """The bytes kept under `key`, else those of the draw under way for it, else of a new `draw()`.

        A caller that stops waiting (a timeout) leaves the draw running: its bytes are kept for the next.
        A draw that fails is not kept; every caller waiting on it gets its error.
        """
        kept = self.peek(key)
        if kept is not None:
            return kept
        task = self._drawing.get(key)
        if task is None:
            self.draws += 1
            task = self._drawing[key] = asyncio.create_task(self._draw(key, draw), name=f"picture-{key[:12]}")
            # Its error is read here too, so a draw whose callers all gave up is not reported unread.
            task.add_done_callback(lambda done: done.cancelled() or done.exception())
        else:
            self.joined += 1
        return await asyncio.shield(task)

    async def _draw(self, key: str, draw: Callable[[], Awaitable[bytes]]) -> bytes:
        try:
            data = await draw()
        finally:
            del self._drawing[key]
        self._keep(key, data)
        return data

    def _keep(self, key: str, data: bytes) -> None:
        if len(data) > self.max_bytes:
            return
        self._kept[key] = data
        self._size += len(data)
        while self._size > self.max_bytes:
            _, dropped = self._kept.popitem(last=False)
            self._size -= len(dropped)
