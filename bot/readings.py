"""The bot's figures as a scrape and /readyz read them, apart from the health server itself: the bot
always keeps its metrics, while the server (aiohttp's web server, megabytes of memory) is imported
only by a process that opens the port."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.metrics import Reading

if TYPE_CHECKING:
    from bot.client import RaceBot


def gateway_connected(bot: RaceBot) -> bool:
    """Ready, and every shard this process runs connected (a shard reconnecting is not)."""
    shards = bot.shards.values()
    return bot.is_ready() and not bot.is_closed() and bool(shards) and not any(s.is_closed() for s in shards)


def reading(bot: RaceBot) -> Reading:
    """The bot's figures for a scrape."""
    loaded = bot.book_loaded
    announcer, refresh = bot.announcer, bot.history_refresh
    oldest: datetime | None = None if announcer is None else announcer.oldest_due()
    return Reading(
        servers=len(bot.guilds),
        shards=len(bot.shards),
        shard_count=bot.shard_count or 0,
        gateway_latency_s={} if not gateway_connected(bot) else dict(bot.latencies),
        cache_hits=bot.answers.cache.hits if loaded else 0,
        cache_misses=bot.answers.cache.misses if loaded else 0,
        announcements={} if announcer is None else dict(announcer.outcomes),
        announcement_lag_s=0.0 if oldest is None else max((bot.clock() - oldest).total_seconds(), 0.0),
        live_sync_last_success=bot.answers.synced_at if loaded else None,
        data_version=bot.answers.data_version if loaded else -1,
        race_book_load_s=bot.race_book_load_s,
        history_last_success=None if refresh is None else refresh.last_success,
        history_failures=0 if refresh is None else refresh.failures,
    )
