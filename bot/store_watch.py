"""The loop that notices imports made by another process (`racebot import ...` beside a running bot)."""

from __future__ import annotations

import asyncio
import logging

from bot.answers.service import Answers

log = logging.getLogger(__name__)


async def watch_store(answers: Answers, interval_s: float) -> None:
    """Every `interval_s`, refresh the answers if the store's data version moved; never dies of an error.

    A cheap poll of one row: the store is shared with other processes, which cannot wake this one.
    """
    while True:
        await asyncio.sleep(interval_s)
        try:
            await answers.refresh_if_changed()
        except Exception:
            log.exception("checking the store for new data failed")
