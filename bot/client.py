"""The Bot subclass: opens the store and the answer service in `setup_hook`, closes them in `close()`."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import discord
from discord.ext import commands

from bot.announce import Announcer
from bot.answers.announcements import Announcements
from bot.answers.service import Answers
from bot.config import Settings
from bot.interactions.paging import OpenPages, PageButton
from bot.interactions.tree import RaceTree
from bot.live_sync import LiveSync, utc_now
from bot.render.common import footer
from bot.store_watch import watch_store
from db.importers.feed.client import FeedClient
from db.importers.sample import seed_if_empty
from db.store import Store, open_store
from db.store.engine import create_engine, create_session_factory

log = logging.getLogger(__name__)

EXTENSIONS = (
    "cogs.poles",
    "cogs.drivers",
    "cogs.races",
    "cogs.tracks",
    "cogs.compare",
    "cogs.leaders",
    "cogs.standings",
    "cogs.meta",
    "cogs.announce",
)


class RaceBot(commands.Bot):
    """racebot; also usable without logging in (the offline console calls `prepare`)."""

    answers: Answers
    announcements: Announcements

    def __init__(
        self, settings: Settings, *, clock: Callable[[], datetime] = utc_now, **options: Any
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        # racebot never joins voice: the library's start-up warnings about missing voice packages
        # (PyNaCl, davey) are noise. These are the switches discord.py offers for exactly that.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            tree_cls=RaceTree,
            help_command=None,
            allowed_mentions=discord.AllowedMentions.none(),
            **options,
        )
        self.settings = settings
        self.clock = clock
        self._prepared = False
        self._background: list[asyncio.Task[None]] = []
        self.http_session: aiohttp.ClientSession | None = None
        self.live_sync: LiveSync | None = None
        self.announcer: Announcer | None = None
        self.pages = OpenPages(self)
        # ◀ / ▶ of paged answers are dispatched by their custom id, also after a restart.
        self.add_dynamic_items(PageButton)

    async def prepare(self) -> None:
        """Open the store (migrating it, seeding it if empty), build the answers, load the cogs; once."""
        if self._prepared:
            return
        await self._serve(await open_store(self.settings.database_url))
        await seed_if_empty(self.answers.store)
        await self.answers.refresh()

    async def _serve(self, store: Store) -> None:
        """The answer services over `store` (closed with the bot), and the cogs that call them."""
        self.answers = Answers(store, clock=self.clock)
        self.announcements = Announcements(self.answers, clock=self.clock)
        self._prepared = True
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def setup_hook(self) -> None:
        await self.prepare()
        self.announcer = Announcer(
            self,
            self.answers,
            clock=self.clock,
            grace=timedelta(minutes=self.settings.announce_grace_minutes),
            posts_per_second=self.settings.announce_posts_per_second,
            ready=self.wait_until_ready,
        )
        watch = watch_store(self.answers, self.settings.store_poll_seconds, on_refreshed=self.wake_announcer)
        self._background.append(asyncio.create_task(watch, name="racebot-store-watch"))
        if self.settings.live_sync:
            self.http_session = aiohttp.ClientSession()
            self.live_sync = LiveSync(
                self.answers.store,
                self.settings,
                FeedClient(self.http_session),
                on_imported=self._imported,
                on_synced=self.answers.note_synced,
                ready=self.wait_until_ready,
                now=self.clock,
            )
            self.live_sync.start()
        # Settings changes (/announce) wake the announcer too: a new channel may have a grid due now.
        self.announcements.subscribe(self.wake_announcer)
        self.announcer.start()
        if self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %s", len(synced), guild.id)

    async def on_ready(self) -> None:
        """One line saying the bot is up and on what data (again after a reconnect that re-IDENTIFYs)."""
        book = self.answers.book
        log.info(
            "ready as %s: %d servers, %d shards; %d races, %d result rows loaded (data version %d); %s",
            self.user,
            len(self.guilds),
            self.shard_count or 1,
            len(book.events),
            len(book.event),
            self.answers.data_version,
            footer(self.answers.freshness),
        )

    def wake_announcer(self) -> None:
        """What is due may have changed (new data, new settings): the announcer runs a pass now."""
        if self.announcer is not None:
            self.announcer.wake()

    async def _imported(self) -> None:
        """A live-sync round imported new rows: the answers first, then the announcer, see them."""
        await self.answers.refresh()
        self.wake_announcer()

    async def close(self) -> None:
        if self.announcer is not None:
            await self.announcer.stop()
            self.announcer = None
        if self.live_sync is not None:
            await self.live_sync.stop()
            self.live_sync = None
        if self.http_session is not None:
            await self.http_session.close()
            self.http_session = None
        await self.pages.stop()
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        self._background.clear()
        await super().close()
        if self._prepared:
            await self.answers.store.close()
            self._prepared = False


class CommandTreeOnly(RaceBot):
    """racebot as far as its slash commands, for `racebot sync-commands`: the cogs are loaded over an
    engine that never connects, so the store is neither opened, migrated nor created, and no data is
    loaded (seconds on the full history) just to describe the commands."""

    async def setup_hook(self) -> None:
        engine = create_engine(self.settings.database_url)
        await self._serve(Store(engine=engine, sessions=create_session_factory(engine)))
