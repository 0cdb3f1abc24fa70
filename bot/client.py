"""The Bot subclass: opens the store and the answer service in `setup_hook`, closes them in `close()`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any, cast

import aiohttp
import discord
from discord.ext import commands
from discord.state import AutoShardedConnectionState

from bot.announce import Announcer
from bot.answers.announcements import Announcements
from bot.answers.service import Answers
from bot.answers.snapshot import Snapshots
from bot.config import Settings
from bot.history_refresh import HistoryRefresh
from bot.interactions.paging import OpenPages, PageButton
from bot.interactions.tree import RaceTree
from bot.live_sync import LiveSync, utc_now
from bot.metrics import Metrics
from bot.pictures.pool import Pictures
from bot.process_role import ProcessRole
from bot.readings import reading
from bot.render.common import footer
from bot.shards import plan_shards
from bot.store_watch import watch_store
from db.importers.feed.client import FeedClient
from db.importers.sample import seed_if_empty
from db.store import Store, open_store
from db.store.engine import create_engine, create_session_factory
from db.store.notify import StoreNews
from kernel.shards import shown_shard_ids

if TYPE_CHECKING:
    from bot.health_server import HealthServer

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


class RaceBot(commands.AutoShardedBot):
    """racebot; also usable without logging in (the offline console calls `prepare`). Sharded: one
    process runs the shards SHARD_IDS of SHARD_COUNT (all, by default), see `bot.process_role`."""

    answers: Answers
    announcements: Announcements
    # discord.py types an AutoShardedClient's state for any client; interactions built on it (the
    # console's) are this bot's.
    _connection: AutoShardedConnectionState[RaceBot]

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
        self.role: ProcessRole | None = None
        self._store_changed = asyncio.Event()  # set by a NOTIFY: the store watch looks at once
        self._refreshing = asyncio.Lock()
        self.history_refresh: HistoryRefresh | None = None
        self.health: HealthServer | None = None
        self.race_book_load_s: float | None = None
        self.metrics = Metrics(partial(reading, self))
        cast(RaceTree, self.tree).on_command = self.metrics.command_answered
        self.pages = OpenPages(self)
        # Pictures are drawn only by the running bot (setup_hook); the offline console answers in text.
        self.pictures: Pictures | None = None
        # ◀ / ▶ of paged answers are dispatched by their custom id, also after a restart.
        self.add_dynamic_items(PageButton)

    async def prepare(self) -> None:
        """Open the store (migrating it, seeding it if empty), build the answers, load the cogs; once."""
        if self._prepared:
            return
        await self._serve(await open_store(self.settings.database_url))
        await seed_if_empty(self.answers.store)
        await self.refresh_answers()

    async def refresh_answers(self, *, only_if_changed: bool = False) -> bool:
        """Rebuild the answers over the store's data (with `only_if_changed`, only when its data version
        moved); False when nothing was rebuilt. The race book's load time is kept for the metrics."""
        # One rebuild at a time: a sync round's own refresh and the NOTIFY of it arrive together.
        async with self._refreshing:
            started = time.perf_counter()
            if only_if_changed:
                if not await self.answers.refresh_if_changed():
                    return False
            else:
                await self.answers.refresh()
            self.race_book_load_s = time.perf_counter() - started
            return True

    @property
    def store(self) -> Store | None:
        """The store the answers read, once opened (None before `prepare` and after `close`)."""
        return self.answers.store if self._prepared else None

    @property
    def book_loaded(self) -> bool:
        """The race book and names are loaded (the start's first refresh is done)."""
        return self._prepared and self.answers.data_version >= 0

    async def _serve(self, store: Store) -> None:
        """The answer services over `store` (closed with the bot), and the cogs that call them."""
        folder = self.settings.snapshot_folder
        snapshots = None if folder is None else Snapshots(folder, self.settings.database_url)
        self.answers = Answers(store, clock=self.clock, snapshots=snapshots)
        self.announcements = Announcements(self.answers, clock=self.clock)
        self._prepared = True
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def setup_hook(self) -> None:
        if self.settings.metrics_port is not None:
            from bot.health_server import HealthServer  # aiohttp's web server: only with the port on

            # First: /readyz says what is not ready yet while the store opens and the book loads.
            self.health = HealthServer(self, self.settings.metrics_host, self.settings.metrics_port)
            await self.health.start()
        # Asked of Discord before the store opens: a process that must not start says so at once.
        plan = await plan_shards(self.http, self.settings)
        self.shard_count, self.shard_ids = plan.shards.count, list(plan.shards.ids)
        await self.prepare()
        self.role = ProcessRole(
            self.settings,
            self.answers.store,
            plan,
            on_news=self._heard,
            on_reconnected=self._store_changed.set,
        )
        await self.role.start()
        self.pictures = Pictures()
        self.announcer = Announcer(
            self,
            self.answers,
            clock=self.clock,
            grace=timedelta(minutes=self.settings.announce_grace_minutes),
            pace=self.role.pace(),
            partition=self.role.partition(),
            ready=self.wait_until_ready,
            pictures=self.pictures,
        )
        watch = watch_store(
            partial(self.refresh_answers, only_if_changed=True),
            self.settings.store_poll_seconds,
            on_refreshed=self.wake_announcer,
            woken=self._store_changed,
        )
        self._background.append(asyncio.create_task(watch, name="racebot-store-watch"))
        if self.settings.live_sync:
            self.http_session = aiohttp.ClientSession()
            self.live_sync = LiveSync(
                self.answers.store,
                self.settings,
                FeedClient(self.http_session),
                on_imported=self._imported,
                on_synced=self._synced,
                ready=self.wait_until_ready,
                now=self.clock,
            )
        if self.settings.history_refresh_hours > 0:
            self.history_refresh = HistoryRefresh(
                self.answers.store,
                base_url=self.settings.history_base_url,
                every=timedelta(hours=self.settings.history_refresh_hours),
                now=self.clock,
                on_imported=self._imported,
                ready=self.wait_until_ready,
            )
        self.role.run_scheduled([job for job in (self.live_sync, self.history_refresh) if job is not None])
        # Settings changes (/announce) wake the announcer too: a new channel may have a grid due now.
        self.announcements.subscribe(self.wake_announcer)
        self.announcer.start()
        if self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %s", len(synced), guild.id)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """Each IDENTIFY waits for its bucket's turn, among this process's shards and every other
        process's (instead of discord.py's 5 s sleep, which paces one process only)."""
        if self.role is not None:
            await self.role.gate.turn(shard_id or 0)

    async def on_ready(self) -> None:
        """One line saying the bot is up and on what data (again after a reconnect that re-IDENTIFYs)."""
        book = self.answers.book
        shards = self.shard_ids or [0]
        count = self.shard_count or 1
        log.info(
            "ready as %s: %d servers, %d shards%s; %d races, %d result rows loaded (data version %d); %s",
            self.user,
            len(self.guilds),
            len(shards),
            f" ({shown_shard_ids(shards)} of {count})" if count > 1 else "",
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
        """A live-sync round or history refresh imported new rows: the answers first, then the
        announcer, see them."""
        await self.refresh_answers(only_if_changed=True)
        self.wake_announcer()

    async def _synced(self, at: datetime) -> None:
        """A sync round finished here: the footers say so, here and in the bot's other processes."""
        self.answers.note_synced(at)
        if self.role is not None:
            await self.role.tell_synced(at)

    def _heard(self, news: StoreNews) -> None:
        """News of the store from PostgreSQL: new data is looked at now, a sync round noted."""
        if news.data_version is not None and news.data_version != self.answers.data_version:
            self._store_changed.set()
        if news.synced_at is not None and news.synced_at != self.answers.synced_at:
            self.answers.note_synced(news.synced_at)

    async def close(self) -> None:
        if self.announcer is not None:
            await self.announcer.stop()
            self.announcer = None
        if self.role is not None:
            await self.role.stop()  # the sync leader's jobs stop with it
            self.role = None
        if self.live_sync is not None:
            await self.live_sync.stop()
            self.live_sync = None
        if self.history_refresh is not None:
            await self.history_refresh.stop()
            self.history_refresh = None
        if self.http_session is not None:
            await self.http_session.close()
            self.http_session = None
        await self.pages.stop()
        if self.pictures is not None:
            await self.pictures.close()
            self.pictures = None
        for task in self._background:
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        self._background.clear()
        await super().close()
        if self.health is not None:
            await self.health.stop()
            self.health = None
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
