"""Which shards this process runs, and whether Discord's session budget allows starting them.

Asked of Discord once at start (`GET /gateway/bot`): the recommended shard count (used when
SHARD_COUNT is unset), `max_concurrency` (the IDENTIFY buckets, see `login_gate`) and the day's
session-start budget. Running that budget out ends every session and resets the bot's token, so a
process refuses to start, in one line, when fewer starts are left than it has shards to start.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from discord.http import HTTPClient

from bot.config import Settings
from db.store.engine import is_sqlite
from kernel.shards import ShardSet

log = logging.getLogger(__name__)


class CannotStart(Exception):
    """The process must not start its shards; the text says why and what to do, in one line."""


@dataclass(frozen=True, slots=True)
class ShardPlan:
    """The shards to start and the limits they start under."""

    shards: ShardSet
    max_concurrency: int
    starts_left: int
    starts_per_day: int
    resets_in: timedelta


async def plan_shards(http: HTTPClient, settings: Settings) -> ShardPlan:
    """This process's shards and Discord's limits; CannotStart when the day's session starts left are
    fewer than the shards to start, or when only some shards are to run on SQLite (the other processes
    would need the store to agree through: PostgreSQL)."""
    recommended, _, limits = await http.get_bot_gateway()
    shards = settings.shards(recommended)
    if shards.share < 1 and is_sqlite(settings.database_url):
        raise CannotStart(
            f"{shards} leaves the other shards to other processes, which must share a PostgreSQL store "
            "(DATABASE_URL); on SQLite run every shard in this one process (unset SHARD_IDS)"
        )
    plan = ShardPlan(
        shards=shards,
        max_concurrency=max(int(limits["max_concurrency"]), 1),
        starts_left=int(limits["remaining"]),
        starts_per_day=int(limits["total"]),
        resets_in=timedelta(milliseconds=int(limits["reset_after"])),
    )
    starting = len(shards.ids)
    if plan.starts_left < starting:
        raise CannotStart(
            f"Discord allows {plan.starts_left} more session start(s) today (of {plan.starts_per_day}; "
            f"the count resets in {_hours(plan.resets_in)}) and this process would start {starting} "
            "shard(s): running the budget out resets the bot's token. Start fewer shards, or wait"
        )
    log.info(
        "starting %s (Discord recommends %d); %d of %d session starts left today, %d IDENTIFY bucket(s)",
        shards,
        recommended,
        plan.starts_left,
        plan.starts_per_day,
        plan.max_concurrency,
    )
    return plan


def _hours(span: timedelta) -> str:
    minutes = round(span.total_seconds() / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"
