"""The Bot subclass: makes the store and name index in `setup_hook`, closes them in `close()`."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import discord
from discord.ext import commands

from bot.config import Settings
from bot.names import build_name_index
from bot.resolver import NameIndex
from bot.tree import RaceTree
from db.queries.schedule import upcoming_track_names
from db.store import Store, open_store

log = logging.getLogger(__name__)

EXTENSIONS = ("cogs.poles", "cogs.drivers", "cogs.meta")


class RaceBot(commands.Bot):
    """racebot; also usable without logging in (the offline console calls `prepare`)."""

    store: Store
    names: NameIndex
    upcoming_tracks: list[str]

    def __init__(self, settings: Settings, **options: Any) -> None:
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
        self._prepared = False

    async def prepare(self) -> None:
        """Open the store (migrating it, loading the sample if empty), build the index, load cogs."""
        self.store = await open_store(self.settings.database_url)
        self._prepared = True
        await self.refresh_names()
        for extension in EXTENSIONS:
            await self.load_extension(extension)

    async def refresh_names(self) -> None:
        """Rebuild the name index and the upcoming tracks; called at start-up and after every import."""
        self.names = await build_name_index(self.store.sessions)
        self.upcoming_tracks = await upcoming_track_names(self.store.sessions, now=datetime.now(UTC))

    async def setup_hook(self) -> None:
        await self.prepare()
        if self.settings.dev_guild_id is not None:
            guild = discord.Object(id=self.settings.dev_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %s", len(synced), guild.id)

    async def close(self) -> None:
        await super().close()
        if self._prepared:
            await self.store.close()
            self._prepared = False
