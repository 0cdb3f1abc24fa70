"""How each race was won and run (margin, cautions, lead changes, stage winners), as NASCAR's feed said."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.store.models import Driver, Event, StageWinner
from kernel.reports import RaceStats

_FIGURES = (
    Event.margin_of_victory_s,
    Event.finished_under_caution,
    Event.cautions,
    Event.caution_laps,
    Event.lead_changes,
    Event.leaders,
)


async def load_race_stats(session: AsyncSession) -> dict[int, RaceStats]:
    """Every event's figures where the feed gave any (history races have none)."""
    winners: defaultdict[int, list[str]] = defaultdict(list)
    for event_id, name in await session.execute(
        select(StageWinner.event_id, Driver.name)
        .join(Driver, StageWinner.driver_id == Driver.id)
        .order_by(StageWinner.event_id, StageWinner.stage)
    ):
        winners[event_id].append(name)
    rows = await session.execute(
        select(Event.id, *_FIGURES).where(or_(*(column.is_not(None) for column in _FIGURES)))
    )
    stats = {}
    for event_id, margin, under_caution, cautions, caution_laps, lead_changes, leaders in rows:
        stats[event_id] = RaceStats(
            margin_s=margin,
            cautions=cautions,
            caution_laps=caution_laps,
            lead_changes=lead_changes,
            leaders=leaders,
            stage_winners=tuple(winners.pop(event_id, ())),
            under_caution=bool(under_caution),
        )
    for event_id, names in winners.items():
        stats[event_id] = RaceStats(None, None, None, None, None, tuple(names))
    return stats
