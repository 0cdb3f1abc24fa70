"""The loop that notices imports made by another process (`racebot import ...` beside a running bot)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from bot.answers.service import Answers

log = logging.getLogger(__name__)


async def watch_store(
    answers: Answers, interval_s: float, *, on_refreshed: Callable[[], None] | None = None
) -> None:
    """Every `interval_s`, refresh the answers if the store's data version moved; never dies of an error.

    `on_refreshed` hears of each refresh (the announcer wakes: a lineup may have come in).

    A cheap poll of one row: the store is shared with other processes, which cannot wake this one.
    """
    while True:
        await asyncio.sleep(interval_s)
        try:
            if await answers.refresh_if_changed() and on_refreshed is not None:
                on_refreshed()
        except Exception:
            log.exception("checking the store for new data failed")
