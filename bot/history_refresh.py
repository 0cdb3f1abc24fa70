"""The scheduled history refresh: the published history files downloaded and imported inside the bot.

`racebot import history` on a timer (HISTORY_REFRESH_HOURS, counted from the bot's start), so a
server's data stays current without cron. A round never kills the loop: a failed download or a file
that will not import leaves the store as it was (an import is one transaction), is logged, and shows
in /readyz and the metrics until a later round succeeds.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.loops import BackgroundLoop
from db.importers.history.fetch import fetch_sources, history_urls
from db.importers.history.importer import import_history
from db.importers.history.report import HistoryImportReport
from db.importers.history.rows import HistoryFormatError, HistoryImportError
from db.store import Store

log = logging.getLogger(__name__)


class HistoryRefresh(BackgroundLoop):
    """Start it in `setup_hook`, stop it in `close()`; `run_once` is one round, for tests and the loop."""

    task_name = "racebot-history-refresh"

    def __init__(
        self,
        store: Store,
        *,
        base_url: str,
        every: timedelta,
        now: Callable[[], datetime],
        on_imported: Callable[[], Awaitable[None]] | None = None,
        ready: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.store = store
        self.urls = history_urls(base_url)
        self.every = every
        self._now = now
        self._on_imported = on_imported
        self._ready = ready
        self.last_success: datetime | None = None
        self.last_failure: datetime | None = None
        self.last_error: str | None = None
        self.failures = 0

    async def run_once(self) -> HistoryImportReport | None:
        """Download and import the published files; None when that failed (logged, the store unchanged)."""
        try:
            report = await self._download_and_import()
        except HistoryImportError as error:
            self._failed(str(error))
            log.warning(
                "history refresh failed: %s; the store is as it was, next try in %s", error, self.every
            )
            return None
        except Exception as error:
            self._failed(f"{type(error).__name__}: {error}")
            log.exception("history refresh failed; the store is as it was, next try in %s", self.every)
            return None
        self.last_success = self._now()
        self.last_error = None
        log.info("history refresh: %s", "new data imported" if report.changed else "nothing changed")
        if report.changed and self._on_imported is not None:
            try:
                await self._on_imported()
            except Exception:
                log.exception("history refresh imported new data, but refreshing the answers failed")
        return report

    def state(self) -> dict[str, Any]:
        """For /readyz: when it last succeeded and failed, and why (ISO 8601 times, UTC)."""
        return {
            "every_hours": self.every / timedelta(hours=1),
            "last_success": None if self.last_success is None else self.last_success.isoformat(),
            "last_failure": None if self.last_failure is None else self.last_failure.isoformat(),
            "last_error": self.last_error,
            "failures": self.failures,
        }

    async def _download_and_import(self) -> HistoryImportReport:
        with tempfile.TemporaryDirectory(prefix="racebot-history-") as directory:
            fetched = await fetch_sources([], Path(directory), published=self.urls)
            try:
                return await import_history(self.store, fetched.paths)
            except HistoryFormatError as error:
                raise fetched.named_by_url(error) from error

    def _failed(self, why: str) -> None:
        self.failures += 1
        self.last_failure = self._now()
        self.last_error = why

    async def _run(self) -> None:
        if self._ready is not None:
            await self._ready()
        while True:
            await asyncio.sleep(self.every.total_seconds())
            await self.run_once()
