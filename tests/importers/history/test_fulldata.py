"""The full history import checked against facts in the source data (slow: imports ~180,000 rows once)."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import case, func, select

from db.importers.history.importer import import_history
from db.store import Store, open_store
from db.store.checksum import store_checksums
from db.store.ledger import asked_at, load_race_book
from db.store.ledger.drivers import driver_report
from db.store.ledger.poles import pole_report
from db.store.ledger.races import starting_grid
from db.store.models import Driver, Event, Result, Series, Session, Track
from tests.fulldata import HISTORY_FILES
from tests.history_truth import corrected_rows

pytestmark = pytest.mark.fulldata

HOMESTEAD = "Homestead-Miami Speedway"

# Answers are asked "now"; these stores hold only races already run.
NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
async def history(history_db: str) -> AsyncIterator[Store]:
    store = await open_store(history_db)
    yield store
    await store.close()


async def _id(store: Store, model: type[Driver] | type[Track], name: str) -> int:
    async with store.sessions() as session:
        found = await session.scalar(select(model.id).where(model.name == name))
    assert found is not None, name
    return found


async def test_every_race_and_row_is_imported(history: Store, shared_data: Path) -> None:
    """Every race, and every row that stands after the corrections tables (computed from the raw CSVs)."""
    rows = list(corrected_rows(shared_data / "nascar"))
    expected_races: dict[str, set[tuple[str, str]]] = {}
    for series, row in rows:
        expected_races.setdefault(series, set()).add((row["Season"], row["Race"]))
    async with history.sessions() as session:
        races = dict(
            (await session.execute(select(Series.code, func.count()).join(Event).group_by(Series.code))).all()
        )
        results = await session.scalar(select(func.count()).select_from(Result))
        samples = await session.scalar(select(func.count()).where(Event.is_sample.is_(True)))
    assert races == {series: len(keys) for series, keys in expected_races.items()}
    assert results == len(rows)
    assert samples == 0


async def test_heim_homestead_2025_pole_is_his_eighth(history: Store) -> None:
    """Corey Heim's pole for the 2025 Baptist Health 200 was his 8th in the Truck Series."""
    book = await load_race_book(history.sessions)
    (event, *_) = asked_at(book, await _id(history, Track, HOMESTEAD), series="truck", season=2025, now=NOW)
    slots, _ = starting_grid(book, event.id)
    report = pole_report(book, event, slots)
    assert report is not None
    assert (report.event.name, report.pole.driver, report.career_poles) == (
        "Baptist Health 200",
        "Corey Heim",
        8,
    )


async def test_larson_homestead_record_in_the_data(history: Store) -> None:
    """Through 2025 Larson has 12 Cup starts at Homestead, 2 wins, 6 top fives and 645 laps led."""
    report = driver_report(
        await load_race_book(history.sessions),
        await _id(history, Driver, "Kyle Larson"),
        series="cup",
        track_id=await _id(history, Track, HOMESTEAD),
    )
    (cup,) = report.records
    assert (cup.starts, cup.wins, cup.top5, cup.laps_led) == (12, 2, 6, 645)


async def test_larson_homestead_record_through_2024(history: Store) -> None:
    """Through 2024: 11 starts, 1 win (2022), 5 top fives, 626 laps led, 90+ laps led in 4 races."""
    larson, homestead = await _id(history, Driver, "Kyle Larson"), await _id(history, Track, HOMESTEAD)
    query = (
        select(
            func.count(),
            func.sum(case((Result.finish_position == 1, 1), else_=0)),
            func.max(case((Result.finish_position == 1, Event.season))),
            func.sum(case((Result.finish_position <= 5, 1), else_=0)),
            func.sum(Result.laps_led),
            func.sum(case((Result.laps_led >= 90, 1), else_=0)),
        )
        .select_from(Result)
        .join(Session)
        .join(Event)
        .join(Series)
        .where(
            Result.driver_id == larson,
            Session.kind == "race",
            Series.code == "cup",
            Event.track_id == homestead,
            Event.season <= 2024,
        )
    )
    async with history.sessions() as session:
        record = tuple((await session.execute(query)).one())
    assert record == (11, 1, 2022, 5, 626, 4)


async def test_byron_won_the_2024_daytona_500_from_18th(history: Store) -> None:
    """The 2024 Daytona 500 went to William Byron, who started 18th."""
    query = (
        select(Event.name, Driver.name, Result.start_position)
        .select_from(Result)
        .join(Driver)
        .join(Session)
        .join(Event)
        .join(Series)
        .where(Series.code == "cup", Event.season == 2024, Event.round == 1, Result.finish_position == 1)
    )
    async with history.sessions() as session:
        assert (await session.execute(query)).one() == ("DAYTONA 500", "William Byron", 18)


async def test_tracks_get_their_modern_length(history: Store) -> None:
    """Bristol is 0.533 mi (not 1961's 0.5); Atlanta keeps its length through the EchoPark rename."""
    async with history.sessions() as session:
        lengths = dict((await session.execute(select(Track.name, Track.length_miles))).all())
    assert lengths["Bristol Motor Speedway"] == 0.533
    assert lengths["Atlanta Motor Speedway"] == 1.54 and "EchoPark Speedway" not in lengths


async def test_reimporting_the_full_history_changes_nothing(
    history_db: str,
    shared_data: Path,
    tmp_path: Path,
) -> None:
    """A second full import into a copy of the store leaves every table's rows and checksum alone."""
    copy = tmp_path / "history.db"
    # SQLite's backup API copies committed pages whether or not they are still in the WAL file.
    source = sqlite3.connect(history_db.removeprefix("sqlite+aiosqlite:///"))
    with closing(source), closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    store = await open_store(f"sqlite+aiosqlite:///{copy}")
    before = await store_checksums(store.engine)
    report = await import_history(store, [shared_data / "nascar" / name for name in HISTORY_FILES])
    after = await store_checksums(store.engine)
    await store.close()
    assert after == before
    assert (report.events_added + report.events_updated, report.results_added + report.results_updated) == (
        0,
        0,
    )
