"""The loop that notices imports made by another process (`racebot import ...`, another bot process)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def watch_store(
    refresh_if_changed: Callable[[], Awaitable[bool]],
    interval_s: float,
    *,
    on_refreshed: Callable[[], None] | None = None,
    woken: asyncio.Event | None = None,
) -> None:
    """Every `interval_s`, refresh the answers if the store's data version moved (`refresh_if_changed`
    does, saying whether it did); never dies of an error.

    `on_refreshed` hears of each refresh (the announcer wakes: a lineup may have come in). Setting
    `woken` checks at once: a NOTIFY from PostgreSQL said the data changed.

    The poll is of one row, cheap: the only way on SQLite, and on PostgreSQL the backstop for a
    notification lost while this process's listening connection was down.
    """
    while True:
        if woken is None:
            await asyncio.sleep(interval_s)
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), interval_s)
            woken.clear()
        try:
            if await refresh_if_changed() and on_refreshed is not None:
                on_refreshed()
        except Exception:
            log.exception("checking the store for new data failed")
