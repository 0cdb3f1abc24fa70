"""The Bot subclass: makes the store and name index in `setup_hook`, closes them in `close()`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

import aiohttp
import discord
from discord.ext import commands

from bot.answer_cache import AnswerCache
from bot.config import Settings
from bot.live_sync import LiveSync, utc_now
from bot.names import build_name_index
from bot.resolver import NameIndex
from bot.tree import RaceTree
from db.feed.client import FeedClient
from db.queries.schedule import upcoming_track_names
from db.sample import sample_only
from db.state import data_version
from db.store import Store, open_store

log = logging.getLogger(__name__)

EXTENSIONS = ("cogs.poles", "cogs.drivers", "cogs.meta")


class RaceBot(commands.Bot):
    """racebot; also usable without logging in (the offline console calls `prepare`)."""

    store: Store
    names: NameIndex
    upcoming_tracks: list[str]
    sample_only: bool

    def __init__(
        self, settings: Settings, *, clock: Callable[[], datetime] = utc_now, **options: Any
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=RaceTree,
            help_command=None,
            **options,
        )
        self.settings = settings
        self.clock = clock
        self.answers = AnswerCache()
        self.data_version = 0
        self._prepared = False
        self._background: list[asyncio.Task[None]] = []
        self.http_session: aiohttp.ClientSession | None = None
        self.live_sync: LiveSync | None = None

    async def prepare(self) -> None:
        """Open the store (migrating it, loading the sample if empty), build the index, load cogs."""
        self.store = await open_store(self.settings.database_url)
        self._prepared = True
        await self.refresh_names()
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def refresh_names(self) -> None:
        """Rebuild what is derived from the data: names, upcoming tracks, cached answers."""
        version = await data_version(self.store.sessions)
        self.names = await build_name_index(self.store.sessions)
        self.upcoming_tracks = await upcoming_track_names(self.store.sessions, now=self.clock())
        async with self.store.sessions() as session:
            self.sample_only = await sample_only(session)
        self.answers.clear()
        self.data_version = version

    async def refresh_if_changed(self) -> bool:
        """Refresh when an import (here or in another process) moved the data version."""
        if await data_version(self.store.sessions) == self.data_version:
            return False
        await self.refresh_names()
        log.info("store changed (data version %d): names and answers refreshed", self.data_version)
        return True

    async def _watch_store(self) -> None:
        """Poll for imports by other processes; errors are logged and the loop goes on."""
        while True:
            await asyncio.sleep(self.settings.store_poll_seconds)
            try:
                await self.refresh_if_changed()
            except Exception:
                log.exception("checking the store for new data failed")

    async def setup_hook(self) -> None:
        await self.prepare()
        self._background.append(asyncio.create_task(self._watch_store(), name="racebot-store-watch"))
        if self.settings.live_sync:
            self.http_session = aiohttp.ClientSession()
            self.live_sync = LiveSync(
                self.store,
                self.settings,
                FeedClient(self.http_session),
                on_imported=self.refresh_names,
                ready=self.wait_until_ready,
                now=self.clock,
            )
            self.live_sync.start()
        if self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %s", len(synced), guild.id)

    async def close(self) -> None:
        if self.live_sync is not None:
            await self.live_sync.stop()
            self.live_sync = None
        if self.http_session is not None:
            await self.http_session.close()
            self.http_session = None
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        self._background.clear()
        await super().close()
        if self._prepared:
            await self.store.close()
            self._prepared = False
