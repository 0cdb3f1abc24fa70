"""The bot's background feed sync: often on race weekends, rarely otherwise, and never dying of an error."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from bot.config import Settings
from bot.loops import BackgroundLoop
from db.importers.feed.client import FeedClient
from db.importers.feed.sync import SyncEvents, SyncReport, race_weekend_near, sync_round
from db.store import Store

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class LiveSync(BackgroundLoop):
    """Runs `sync_round` on a timer; start it in `setup_hook`, stop it in `close()`.

    The bot owns the HTTP session (`client`) and the store; `events` is where lineups and official
    results are announced, and `on_imported` lets the bot rebuild its name index after new rows;
    `on_synced` hears when each round finished, for the answers' freshness footer (and, awaited, tells
    the other processes on the store).
    """

    task_name = "racebot-live-sync"

    def __init__(
        self,
        store: Store,
        settings: Settings,
        client: FeedClient,
        *,
        on_imported: Callable[[], Awaitable[None]] | None = None,
        on_synced: Callable[[datetime], Awaitable[None] | None] | None = None,
        ready: Callable[[], Awaitable[object]] | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.settings = settings
        self.client = client
        self.events = SyncEvents()
        self._on_imported = on_imported
        self._on_synced = on_synced
        self._ready = ready
        self._now = now

    async def run_once(self) -> SyncReport | None:
        """One round, or None when it failed: the sync itself logs a feed problem (once per change) and
        anything else is logged here, so the next round still happens."""
        try:
            report = await sync_round(
                self.store,
                base_url=self.settings.feed_base_url,
                client=self.client,
                now=self._now,
            )
            if report.problem is not None:
                return None
            if report.imported is not None and report.imported.changed and self._on_imported is not None:
                await self._on_imported()
            # Subscribers hear of a lineup only once the bot's names and answers know it too.
            for event in report.published:
                await self.events.publish(event)
            if self._on_synced is not None:
                heard = self._on_synced(self._now())
                if heard is not None:
                    await heard
        except Exception:
            log.exception("live sync round failed; trying again next round")
            return None
        return report

    async def interval_s(self) -> float:
        """Seconds to the next round: the race-weekend period if an event starts within three days."""
        try:
            weekend = await race_weekend_near(self.store, self._now())
        except Exception:
            log.exception("live sync could not read the schedule; using the race-weekend period")
            weekend = True
        minutes = self.settings.sync_interval_minutes if weekend else self.settings.sync_idle_interval_minutes
        return minutes * 60

    async def _run(self) -> None:
        if self._ready is not None:
            await self._ready()
        while True:
            await self.run_once()
            await asyncio.sleep(await self.interval_s())
