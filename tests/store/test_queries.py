"""Pole and career figures from the race book of a real store (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from db.store import Store
from db.store.ledger import asked_at, load_race_book
from db.store.ledger.drivers import driver_report
from db.store.ledger.poles import pole_report
from db.store.ledger.races import starting_grid
from kernel.reports import DriverReport, PoleReport
from tests.store.builders import Row, add_race

HOMESTEAD = "Homestead-Miami Speedway"

# Answers are asked "now"; these stores hold only races already run.
NOW = datetime(2026, 12, 1, tzinfo=UTC)


async def _track_id(store: Store, name: str) -> int:
    from sqlalchemy import select

    from db.store.models import Track

    async with store.sessions() as session:
        found = await session.scalar(select(Track.id).where(Track.name == name))
    assert found is not None
    return found


async def latest_pole(
    store: Store, *, track_id: int, series: str | None = None, season: int | None = None
) -> PoleReport | None:
    """The pole answer's path: the race from the book, its grid from the store, the tally from the book."""
    book = await load_race_book(store.sessions)
    found = asked_at(book, track_id, series=series, season=season, now=NOW)
    if not found:
        return None
    event = found[0]
    slots, _ = starting_grid(book, event.id)
    return pole_report(book, event, slots)


async def _driver_report(
    store: Store, driver_id: int, *, series: str | None = None, track_id: int | None = None
) -> DriverReport:
    return driver_report(await load_race_book(store.sessions), driver_id, series=series, track_id=track_id)


async def _driver_id(store: Store, name: str) -> int:
    from sqlalchemy import select

    from db.store.models import Driver

    async with store.sessions() as session:
        found = await session.scalar(select(Driver.id).where(Driver.name == name))
    assert found is not None
    return found


@pytest.fixture
async def careers(empty_store: Store) -> Store:
    """Two drivers over three races at two tracks in two series."""
    await add_race(
        empty_store,
        series="cup",
        season=2022,
        round=1,
        track=HOMESTEAD,
        rows=[
            Row("Kyle Larson", 1, 1, led=199, car="5", speed=170.0),
            Row("Ross Chastain", 2, 7, led=1, speed=169.0),
        ],
    )
    await add_race(
        empty_store,
        series="cup",
        season=2023,
        round=2,
        track="Daytona International Speedway",
        length=2.5,
        rows=[Row("Kyle Larson", 12, 30), Row("Ross Chastain", 1, 4, led=20)],
    )
    await add_race(
        empty_store,
        series="truck",
        season=2023,
        round=3,
        track=HOMESTEAD,
        rows=[Row("Kyle Larson", 3, 2, led=50, car="07"), Row("Corey Heim", 1, 1, car="11")],
    )
    return empty_store


async def test_sample_pole_at_homestead(store: Store) -> None:
    """The bundled sample answers: Heim on pole, Gray beside him, flagged as sample."""
    report = await latest_pole(store, track_id=await _track_id(store, HOMESTEAD))
    assert report is not None
    assert (report.pole.driver, report.pole.car_number) == ("Corey Heim", "11")
    assert report.outside is not None and report.outside.driver == "Tanner Gray"
    assert report.event.series_code == "truck" and report.event.season == 2025
    assert report.event.stage_ends == (30, 60, 134)
    assert report.margin_s is None


async def test_pole_margin_from_speeds(careers: Store) -> None:
    """Without lap times, the margin is derived from speeds and the track length."""
    report = await latest_pole(careers, track_id=await _track_id(careers, HOMESTEAD), series="cup")
    assert report is not None and report.pole.driver == "Kyle Larson"
    expected = 1.5 / 169.0 * 3600 - 1.5 / 170.0 * 3600
    assert report.margin_s == pytest.approx(expected, abs=0.001)


async def test_pole_prefers_latest_season(careers: Store) -> None:
    """Without filters the newest race at the track answers."""
    report = await latest_pole(careers, track_id=await _track_id(careers, HOMESTEAD))
    assert report is not None
    assert (report.event.season, report.pole.driver) == (2023, "Corey Heim")


async def test_pole_filtered_by_year_without_data(careers: Store) -> None:
    """A season with no race at the track gives no report."""
    report = await latest_pole(careers, track_id=await _track_id(careers, HOMESTEAD), season=1990)
    assert report is None


async def test_career_poles_count_through_the_event(careers: Store) -> None:
    """The pole tally counts the series' poles up to that race only."""
    daytona = await latest_pole(careers, track_id=await _track_id(careers, "Daytona International Speedway"))
    assert daytona is not None and daytona.pole.driver == "Ross Chastain"
    assert daytona.career_poles == 1


async def test_career_aggregates_per_series(careers: Store) -> None:
    """Starts, wins, top 5/10, poles, laps led and averages per series."""
    report = await _driver_report(careers, await _driver_id(careers, "Kyle Larson"))
    by_series = {r.series_code: r for r in report.records}
    cup = by_series["cup"]
    assert (cup.starts, cup.wins, cup.top5, cup.top10, cup.poles, cup.laps_led) == (2, 1, 1, 1, 1, 199)
    assert cup.avg_start == pytest.approx(6.5) and cup.avg_finish == pytest.approx(15.5)
    assert (cup.first_season, cup.last_season) == (2022, 2023)
    assert by_series["truck"].top5 == 1
    assert [r.series_code for r in report.records] == ["cup", "truck"]


async def test_career_filtered_by_track(careers: Store) -> None:
    """A track filter keeps only races there, across series."""
    report = await _driver_report(
        careers,
        await _driver_id(careers, "Kyle Larson"),
        track_id=await _track_id(careers, HOMESTEAD),
    )
    assert report.track_name == HOMESTEAD
    assert {r.series_code: r.starts for r in report.records} == {"cup": 1, "truck": 1}
    assert [entry.event.series_code for entry in report.latest] == ["truck"]


async def test_career_filtered_by_series(careers: Store) -> None:
    """A series filter drops the other series."""
    report = await _driver_report(careers, await _driver_id(careers, "Kyle Larson"), series="truck")
    assert [r.series_code for r in report.records] == ["truck"]


async def test_driver_without_races_has_no_records(careers: Store) -> None:
    """A valid driver with nothing in the filter gets empty records, not zeros."""
    report = await _driver_report(careers, await _driver_id(careers, "Ross Chastain"), series="truck")
    assert report.records == ()


async def test_sample_only_until_real_data(store: Store) -> None:
    """The sample store says so; one real race and it no longer does."""
    from db.store.state import sample_only

    assert await sample_only(store.sessions) is True
    await add_race(
        store, series="cup", season=2024, round=1, track=HOMESTEAD, rows=[Row("Kyle Larson", 1, 1)]
    )
    assert await sample_only(store.sessions) is False


async def test_unknown_driver_id_raises(careers: Store) -> None:
    """An id that is no driver is a programming error, not an empty record."""
    with pytest.raises(LookupError):
        await _driver_report(careers, 999_999)


async def test_track_name_without_races_there(careers: Store) -> None:
    """A driver with no race at the filtered track still gets the track's name and their own."""
    daytona = await _track_id(careers, "Daytona International Speedway")
    report = await _driver_report(careers, await _driver_id(careers, "Corey Heim"), track_id=daytona)
    assert (report.name, report.track_name, report.records, report.latest) == (
        "Corey Heim",
        "Daytona International Speedway",
        (),
        (),
    )


async def test_season_range_ends_at_the_last_start(careers: Store) -> None:
    """An entry that never took the start (no finish) does not stretch the season range."""
    await add_race(
        careers, series="cup", season=2030, round=1, track=HOMESTEAD, rows=[Row("Kyle Larson", None, None)]
    )
    report = await _driver_report(careers, await _driver_id(careers, "Kyle Larson"), series="cup")
    (record,) = report.records
    assert (record.first_season, record.last_season, record.starts) == (2022, 2023, 2)
