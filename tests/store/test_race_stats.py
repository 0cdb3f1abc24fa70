"""A race's figures and how its grid was set, read back from a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from db.store import Store
from db.store.ledger import load_race_book
from db.store.models import Driver, Event, StageWinner
from db.store.queries.common import event_info_select, to_event_info
from kernel.reports import RaceStats
from tests.store.builders import Row, add_race

FIELD = [Row("Kyle Larson", 9, 1, led=93, car="5"), Row("William Byron", 3, 2, car="24")]


async def race_stats(store: Store, event_id: int) -> RaceStats | None:
    """The race's figures as the race book loads them."""
    return (await load_race_book(store.sessions)).stats.get(event_id)


async def _race(store: Store, **figures: Any) -> int:
    event_id = await add_race(
        store, series="cup", season=2023, round=7, track="Richmond Raceway", length=0.75, rows=FIELD
    )
    if figures:
        async with store.sessions.begin() as session:
            await session.execute(update(Event).where(Event.id == event_id).values(**figures))
    return event_id


async def _stage_winners(store: Store, event_id: int, *names: str) -> None:
    async with store.sessions.begin() as session:
        for stage, name in enumerate(names, start=1):
            driver_id = await session.scalar(select(Driver.id).where(Driver.name == name))
            session.add(StageWinner(event_id=event_id, stage=stage, driver_id=driver_id))


async def test_history_race_has_no_figures(empty_store: Store) -> None:
    """A race the feed never described has no stats, not zeros."""
    event_id = await _race(empty_store)
    assert await race_stats(empty_store, event_id) is None


async def test_figures_and_stage_winners_come_back_in_stage_order(empty_store: Store) -> None:
    """The stored figures, with stage winners by name in stage order."""
    event_id = await _race(
        empty_store,
        margin_of_victory_s=1.535,
        finished_under_caution=False,
        cautions=8,
        caution_laps=54,
        lead_changes=22,
        leaders=11,
    )
    await _stage_winners(empty_store, event_id, "William Byron", "Kyle Larson")
    assert await race_stats(empty_store, event_id) == RaceStats(
        margin_s=1.535,
        cautions=8,
        caution_laps=54,
        lead_changes=22,
        leaders=11,
        stage_winners=("William Byron", "Kyle Larson"),
        under_caution=False,
    )


async def test_finish_under_caution_comes_back(empty_store: Store) -> None:
    """A race that ended under yellow has no margin and says so."""
    event_id = await _race(empty_store, finished_under_caution=True, cautions=3)
    stats = await race_stats(empty_store, event_id)
    assert stats is not None and (stats.margin_s, stats.under_caution, stats.cautions) == (None, True, 3)


async def test_event_info_carries_the_grid_method(empty_store: Store) -> None:
    """How the grid was set reaches EventInfo; a history race does not know it."""
    known = await _race(empty_store, grid_method="metric")
    unknown = await add_race(
        empty_store, series="cup", season=2023, round=8, track="Martinsville Speedway", rows=FIELD
    )
    async with empty_store.sessions() as session:
        rows = await session.execute(event_info_select().where(Event.id.in_((known, unknown))))
        methods = {info.id: info.grid_method for info in map(to_event_info, rows)}
    assert methods == {known: "metric", unknown: None}
