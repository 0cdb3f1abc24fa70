"""One background task per loop: started once, cancelled and awaited on stop (the live sync, the
history refresh, the announcer and the sync leader all run this way)."""

from __future__ import annotations

import asyncio
import contextlib
from typing import ClassVar


class BackgroundLoop:
    """`start()` runs `_run` as one named task (again only once it ended); `stop()` cancels and waits."""

    task_name: ClassVar[str]
    _task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        raise NotImplementedError

    def start(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._run(), name=self.task_name)

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
