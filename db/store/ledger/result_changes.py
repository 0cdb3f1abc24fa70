"""Results NASCAR changed after the race, per event, for /results and the results announcement."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.store.models import Driver, ResultChange
from kernel.result_changes import ChangeAfterRace


async def load_result_changes(session: AsyncSession) -> dict[int, tuple[ChangeAfterRace, ...]]:
    """Event id -> its recorded changes, oldest first (a few rows a season: most races never change)."""
    changes: defaultdict[int, list[ChangeAfterRace]] = defaultdict(list)
    for row in await session.execute(
        select(
            ResultChange.event_id,
            ResultChange.seen_at,
            Driver.name,
            ResultChange.car_number,
            ResultChange.finish_before,
            ResultChange.finish_after,
            ResultChange.points_before,
            ResultChange.points_after,
            ResultChange.status_before,
            ResultChange.status_after,
            ResultChange.disqualified,
            ResultChange.reason,
        )
        .join(Driver, ResultChange.driver_id == Driver.id)
        .order_by(ResultChange.seen_at, ResultChange.id)
    ):
        event_id, seen_at, *rest = row
        # SQLite hands datetimes back naive; the store keeps UTC throughout.
        seen_at = seen_at if seen_at.tzinfo else seen_at.replace(tzinfo=UTC)
        changes[event_id].append(ChangeAfterRace(seen_at, *rest))
    return {event_id: tuple(found) for event_id, found in changes.items()}
