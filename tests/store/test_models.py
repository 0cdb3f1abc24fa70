"""The schema's constraints, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from db.importers import identity
from db.store import Store
from db.store.models import Event, Result, Series, SeriesName, Session


async def _event(store: Store, **overrides: object) -> int:
    async with store.sessions.begin() as session:
        values: dict[str, object] = {
            "series_id": await identity.series_id(session, "cup"),
            "season": 2024,
            "round": 1,
            "name": "DAYTONA 500",
            "track_id": await identity.track_id(session, "Daytona International Speedway"),
        }
        values.update(overrides)
        event = Event(**values)
        session.add(event)
        await session.flush()
        return event.id


async def test_series_have_their_names_over_time(store: Store) -> None:
    """Every store starts with the three series and their titles by era."""
    async with store.sessions() as session:
        codes = set((await session.scalars(select(Series.code))).all())
        busch = await session.scalar(select(SeriesName).where(SeriesName.name == "Busch Series"))
    assert codes == {"cup", "xfinity", "truck"}
    assert busch is not None and (busch.first_season, busch.last_season) == (2003, 2007)


async def test_event_round_is_unique_per_series_season(store: Store) -> None:
    """Two events cannot claim the same series, season and round."""
    await _event(store)
    with pytest.raises(IntegrityError):
        await _event(store, name="Another race")


async def test_driver_has_one_result_per_session(store: Store) -> None:
    """A driver cannot finish a session twice."""
    event_id = await _event(store)
    async with store.sessions.begin() as session:
        race = Session(event_id=event_id, kind="race", name="DAYTONA 500")
        session.add(race)
        await session.flush()
        driver = await identity.driver_id(session, "William Byron")
        session.add(Result(session_id=race.id, driver_id=driver, finish_position=1))
    with pytest.raises(IntegrityError):
        async with store.sessions.begin() as session:
            session.add(Result(session_id=race.id, driver_id=driver, finish_position=2))


async def test_positions_must_be_positive(store: Store) -> None:
    """A start position of 0 is rejected by the database, not just by the importer."""
    event_id = await _event(store)
    with pytest.raises(IntegrityError):
        async with store.sessions.begin() as session:
            race = Session(event_id=event_id, kind="race", name="race")
            session.add(race)
            await session.flush()
            driver = await identity.driver_id(session, "Nobody")
            session.add(Result(session_id=race.id, driver_id=driver, start_position=0))


async def test_session_kind_is_checked(store: Store) -> None:
    """Only practice, qualifying and race sessions exist."""
    event_id = await _event(store)
    with pytest.raises(IntegrityError):
        async with store.sessions.begin() as session:
            session.add(Session(event_id=event_id, kind="warmup", name="x"))


async def test_foreign_keys_are_enforced(store: Store) -> None:
    """A result pointing at a missing session is refused (SQLite needs the pragma for this)."""
    with pytest.raises(IntegrityError):
        async with store.sessions.begin() as session:
            driver = await identity.driver_id(session, "Nobody")
            session.add(Result(session_id=999_999, driver_id=driver))


async def test_car_numbers_keep_leading_zeros(store: Store) -> None:
    """`07` stays `07`: car numbers are text."""
    async with store.sessions() as session:
        cars = set((await session.scalars(select(Result.car_number))).all())
    assert "07" in cars and "7" not in cars


async def test_sample_is_loaded_once(database_url: str) -> None:
    """Seeding a store twice does not load the sample twice."""
    from db.importers.sample import seed_if_empty
    from db.store import open_store

    for _ in range(2):
        opened = await open_store(database_url)
        await seed_if_empty(opened)
        async with opened.sessions() as session:
            events = await session.scalar(select(func.count()).select_from(Event))
        await opened.close()
    assert events == 1
