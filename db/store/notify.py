"""News of the store for every process on it: PostgreSQL NOTIFY at commit, heard on a LISTEN connection.

An import that bumps the data version says so in its own transaction (delivered only if it commits),
and the sync leader says when a sync round finished, so every process refreshes at once instead of at
its next poll. SQLite has no NOTIFY: there the poll is the only way (and one process the only reader).
A notification is lost while a listener is disconnected, so the poll stays as the backstop.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

log = logging.getLogger(__name__)

CHANNEL = "racebot_store"
# PostgreSQL's payload limit is 8,000 bytes; racebot's are a few dozen. Longer is not ours.
PAYLOAD_LIMIT = 200


@dataclass(frozen=True, slots=True)
class StoreNews:
    """What one notification says: a new data version, or a sync round finished at `synced_at`."""

    data_version: int | None = None
    synced_at: datetime | None = None


async def _notify(session: AsyncSession, news: dict[str, object]) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    await session.execute(
        text("SELECT pg_notify(:channel, :payload)"), {"channel": CHANNEL, "payload": json.dumps(news)}
    )


async def notify_data_version(session: AsyncSession, version: int) -> None:
    """Tell every listening process, when the caller's transaction commits, of the new data version."""
    await _notify(session, {"data_version": version})


async def notify_synced(sessions: async_sessionmaker[AsyncSession], at: datetime) -> None:
    """Tell every listening process that a sync round finished (their answers' freshness)."""
    async with sessions.begin() as session:
        await _notify(session, {"synced_at": at.isoformat()})


def read_news(payload: str) -> StoreNews | None:
    """The news in a notification's payload; None (and one log line) for anything not in our shape."""
    try:
        if len(payload) > PAYLOAD_LIMIT:
            raise ValueError(f"{len(payload)} characters")
        news = json.loads(payload)
        version, synced = news.get("data_version"), news.get("synced_at")
        return StoreNews(
            data_version=None if version is None else int(version),
            synced_at=None if synced is None else datetime.fromisoformat(synced),
        )
    except (ValueError, TypeError, AttributeError) as error:
        log.warning("ignored a notification on %s that is not racebot's (%s): %.60r", CHANNEL, error, payload)
        return None
