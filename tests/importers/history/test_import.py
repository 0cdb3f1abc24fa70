"""The history import on small files: model mapping, the data's quirks, re-imports (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

from db.importers.history.files import series_for
from db.importers.history.importer import import_history
from db.importers.history.rows import HistoryImportError
from db.store import Store
from db.store.checksum import store_checksums
from db.store.models import Driver, Event, Manufacturer, Result, Series, Session, Team, Track
from kernel.naming import fold
from tests.importers.history.files import row, write_csv, write_parquet

BRISTOL = "Bristol Motor Speedway"


async def _count(store: Store, model: Any) -> int:
    async with store.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model)) or 0


async def _results(store: Store) -> dict[str, Result]:
    """Race results by driver name (the small files here have each driver once)."""
    async with store.sessions() as session:
        return dict((await session.execute(select(Driver.name, Result).join(Result.driver))).all())


async def _track(store: Store, name: str) -> Track:
    async with store.sessions() as session:
        track = await session.scalar(select(Track).where(Track.name == name))
    assert track is not None
    return track


def _two_races(path: Path) -> Path:
    return write_csv(
        path,
        [
            row("William Byron", 1, 18, Car="24", Led=4),
            row("Alex Bowman", 2, 7, Car="48"),
            row("Kyle Larson", 3, 1, Car="5", Led=12),
            row("Kyle Larson", 1, 2, Race=2, Track=BRISTOL, Name="Food City 500", Length=0.533, Car="5"),
            row("William Byron", 2, 1, Race=2, Track=BRISTOL, Name="Food City 500", Length=0.533, Car="24"),
        ],
    )


async def test_one_event_race_session_and_result_per_row(empty_store: Store, tmp_path: Path) -> None:
    """Each race becomes an official event with one race session named after it, one result per row."""
    await import_history(empty_store, [_two_races(tmp_path / "cup_series.csv")])
    async with empty_store.sessions() as session:
        events = (await session.execute(select(Event.round, Event.name, Event.results_official))).all()
        sessions = (await session.execute(select(Session.kind, Session.name))).all()
    assert sorted(events) == [(1, "DAYTONA 500", True), (2, "Food City 500", True)]
    assert sorted(sessions) == [("race", "DAYTONA 500"), ("race", "Food City 500")]
    assert await _count(empty_store, Result) == 5


async def test_result_columns_map_from_the_row(empty_store: Store, tmp_path: Path) -> None:
    """Start, Finish, Laps, Led, Status, Pts, Car, Team and Make land in their result columns."""
    cells = {
        "Car": "24",
        "Pts": 51,
        "Laps": 200,
        "Led": 4,
        "Status": "running",
        "Team": "Hendrick Motorsports",
    }
    await import_history(
        empty_store, [write_csv(tmp_path / "cup_series.csv", [row("William Byron", 1, 18, **cells)])]
    )
    result = (await _results(empty_store))["William Byron"]
    async with empty_store.sessions() as session:
        team = await session.scalar(select(Team.name).join(Result).where(Result.id == result.id))
        make = await session.scalar(select(Manufacturer.name).join(Result).where(Result.id == result.id))
    assert (result.start_position, result.finish_position, result.laps_completed, result.laps_led) == (
        18,
        1,
        200,
        4,
    )
    assert (result.status, result.points, result.car_number) == ("running", 51, "24")
    assert (team, make) == ("Hendrick Motorsports", "Chevrolet")


async def test_placeholder_last_row_is_dropped(empty_store: Store, tmp_path: Path) -> None:
    """The empty 2026 row every file ends with makes no event, track or driver."""
    report = await import_history(empty_store, [_two_races(tmp_path / "cup_series.csv")])
    assert report.rows_read == 5
    assert await _count(empty_store, Event) == 2
    assert await _count(empty_store, Track) == 2


async def test_missing_or_zero_start_is_null(empty_store: Store, tmp_path: Path) -> None:
    """Early Cup rows without a Start, and Start 0 (did not start), have no grid slot."""
    rows = [
        row("Lee Petty", 1, None, Season=1959),
        row("Bob Welborn", 2, 0, Season=1959, Status="did not start"),
    ]
    await import_history(empty_store, [write_csv(tmp_path / "cup_series.csv", rows)])
    results = await _results(empty_store)
    assert results["Lee Petty"].start_position is None
    assert results["Bob Welborn"].start_position is None


async def test_unknown_team_make_and_status_are_null(empty_store: Store, tmp_path: Path) -> None:
    """An empty Team, and "-" for Make and Status, are stored as unknown."""
    rows = [row("Larry Pearson", 1, 2, Team="", Make="-", Status="-")]
    await import_history(empty_store, [write_csv(tmp_path / "xfinity_series.csv", rows)])
    result = (await _results(empty_store))["Larry Pearson"]
    assert (result.team_id, result.manufacturer_id, result.status) == (None, None, None)


async def test_car_numbers_stay_text(empty_store: Store, tmp_path: Path) -> None:
    """Car numbers such as 07, 00 and 97-A are kept exactly as written."""
    rows = [
        row("Corey LaJoie", 1, 1, Car="07"),
        row("Haley Deegan", 2, 2, Car="00"),
        row("Bob Flock", 3, 3, Car="97-A"),
    ]
    await import_history(empty_store, [write_csv(tmp_path / "cup_series.csv", rows)])
    cars = {name: result.car_number for name, result in (await _results(empty_store)).items()}
    assert cars == {"Corey LaJoie": "07", "Haley Deegan": "00", "Bob Flock": "97-A"}


async def test_track_length_comes_from_the_newest_row(empty_store: Store, tmp_path: Path) -> None:
    """Bristol's half mile of 1961 does not override its 0.533 miles of today."""
    rows = [
        row("Kyle Larson", 1, 1, Season=2024, Track=BRISTOL, Length=0.533),
        row("Jack Smith", 1, 1, Season=1961, Track=BRISTOL, Length=0.5),
    ]
    await import_history(empty_store, [write_csv(tmp_path / "cup_series.csv", rows)])
    assert (await _track(empty_store, BRISTOL)).length_miles == 0.533


async def test_older_file_does_not_override_a_newer_track_length(empty_store: Store, tmp_path: Path) -> None:
    """Importing only 1961 after 2024 is in the store keeps the modern length."""
    await import_history(
        empty_store,
        [write_csv(tmp_path / "cup_series.csv", [row("Kyle Larson", 1, 1, Track=BRISTOL, Length=0.533)])],
    )
    old = row("Jack Smith", 1, 1, Season=1961, Track=BRISTOL, Length=0.5)
    await import_history(empty_store, [write_csv(tmp_path / "old" / "cup_series.csv", [old])])
    assert (await _track(empty_store, BRISTOL)).length_miles == 0.533


async def test_new_venue_without_length_stays_unknown(empty_store: Store, tmp_path: Path) -> None:
    """A 2025 venue the data gives no Length or Surface keeps them NULL rather than guessed."""
    rows = [
        row(
            "Christopher Bell",
            1,
            3,
            Season=2025,
            Track="Autodromo Hermanos Rodriguez",
            Length=None,
            Surface=None,
        )
    ]
    await import_history(empty_store, [write_csv(tmp_path / "cup_series.csv", rows)])
    track = await _track(empty_store, "Autodromo Hermanos Rodriguez")
    assert (track.length_miles, track.surface, track.layout) == (None, None, None)


async def test_renamed_facility_keeps_one_track(empty_store: Store, tmp_path: Path) -> None:
    """Rows under a facility's new name (EchoPark Speedway) land on the one track (Atlanta)."""
    rows = [
        row("Joey Logano", 1, 1, Season=2025, Race=2, Track="Atlanta Motor Speedway", Length=1.54),
        row("Joey Logano", 1, 1, Season=2025, Race=18, Track="EchoPark Speedway", Length=None, Surface=None),
    ]
    await import_history(empty_store, [write_csv(tmp_path / "cup_series.csv", rows)])
    async with empty_store.sessions() as session:
        names = set((await session.scalars(select(Track.name))).all())
    assert "EchoPark Speedway" not in names and "Atlanta Motor Speedway" in names


@pytest.mark.parametrize(
    ("surface", "layout"), [("paved", "oval"), ("dirt", "dirt"), ("road", "road course")]
)
async def test_layout_follows_surface(empty_store: Store, tmp_path: Path, surface: str, layout: str) -> None:
    """Surface road means a road course, dirt a dirt track, paved an oval."""
    await import_history(
        empty_store, [write_csv(tmp_path / "cup_series.csv", [row("A Driver", 1, 1, Surface=surface)])]
    )
    track = await _track(empty_store, "Daytona International Speedway")
    assert (track.surface, track.layout) == (surface, layout)


async def test_driver_names_keep_suffix_and_parenthesis(empty_store: Store, tmp_path: Path) -> None:
    """ "Dale Earnhardt Jr." and "Bill Scott (CA)" are canonical names as written, keyed by fold()."""
    rows = [row("Dale Earnhardt Jr.", 1, 1), row("Bill Scott (CA)", 2, 2)]
    await import_history(empty_store, [write_csv(tmp_path / "cup_series.csv", rows)])
    async with empty_store.sessions() as session:
        drivers = set((await session.execute(select(Driver.name, Driver.name_key))).all())
    assert drivers == {(n, fold(n)) for n in ("Dale Earnhardt Jr.", "Bill Scott (CA)")}


async def test_driver_listed_twice_in_a_race_keeps_the_better_finish(
    empty_store: Store, tmp_path: Path
) -> None:
    """A driver in two cars of one race (1986 Busch) keeps the better-finishing entry."""
    rows = [row("Dale Jarrett", 3, 1, Car="32", Led=77), row("Dale Jarrett", 37, 15, Car="33")]
    report = await import_history(empty_store, [write_csv(tmp_path / "xfinity_series.csv", rows)])
    result = (await _results(empty_store))["Dale Jarrett"]
    assert (report.duplicate_rows_skipped, result.finish_position, result.car_number) == (1, 3, "32")


async def test_real_import_replaces_the_sample(store: Store, tmp_path: Path) -> None:
    """The bundled sample's event is deleted in the same transaction as the real rows arrive."""
    rows = [
        row(
            "Corey Heim",
            1,
            1,
            Season=2025,
            Race=4,
            Track="Homestead-Miami Speedway",
            Name="Baptist Health 200",
        )
    ]
    await import_history(store, [write_csv(tmp_path / "truck_series.csv", rows)])
    async with store.sessions() as session:
        events = (await session.execute(select(Event.season, Event.round, Event.is_sample))).all()
    assert events == [(2025, 4, False)]
    assert await _count(store, Result) == 1


@pytest.mark.parametrize(
    ("file_name", "series"),
    [("cup_series.csv.gz", "cup"), ("xfinity_series.csv", "xfinity"), ("nxs_series.parquet", "xfinity"),
     ("truck_series.parquet", "truck")],
)  # fmt: skip
def test_series_comes_from_the_file_name(file_name: str, series: str) -> None:
    """nascaR.data file names (old and new) name their series."""
    assert series_for(Path(file_name), None) == series


async def test_series_option_overrides_the_file_name(empty_store: Store, tmp_path: Path) -> None:
    """--series files a file whose name says nothing under the series given."""
    await import_history(
        empty_store, [write_csv(tmp_path / "results.csv", [row("Nick Sanchez", 1, 6)])], series="truck"
    )
    async with empty_store.sessions() as session:
        assert await session.scalar(select(Series.code).join(Event)) == "truck"


def test_file_name_without_series_is_refused() -> None:
    """A file named neither after a series nor given --series is refused before anything is read."""
    with pytest.raises(HistoryImportError, match="--series"):
        series_for(Path("results.csv"), None)


async def test_reimport_changes_nothing(store: Store, tmp_path: Path) -> None:
    """Importing the same file twice leaves every table's rows and checksum as they were."""
    path = _two_races(tmp_path / "cup_series.csv")
    await import_history(store, [path])
    before = await store_checksums(store.engine)
    report = await import_history(store, [path])
    assert await store_checksums(store.engine) == before
    assert (report.events_added, report.events_updated, report.results_added, report.results_updated) == (
        0,
        0,
        0,
        0,
    )


async def test_reimport_keeps_event_and_result_ids(empty_store: Store, tmp_path: Path) -> None:
    """Events and results are matched in place, so their ids survive a re-import."""
    path = _two_races(tmp_path / "cup_series.csv")
    await import_history(empty_store, [path])
    query = select(Event.id, Session.id, Result.id).join(Session.event).join(Result).order_by(Result.id)
    async with empty_store.sessions() as session:
        before = (await session.execute(query)).all()
    await import_history(empty_store, [path])
    async with empty_store.sessions() as session:
        assert (await session.execute(query)).all() == before


async def test_changed_row_updates_only_its_result(empty_store: Store, tmp_path: Path) -> None:
    """A corrected cell rewrites that one result, in place."""
    rows = [row("William Byron", 1, 18, Led=4), row("Alex Bowman", 2, 7)]
    await import_history(empty_store, [write_csv(tmp_path / "cup_series.csv", rows)])
    before = await _results(empty_store)
    rows[0]["Led"] = 5
    report = await import_history(empty_store, [write_csv(tmp_path / "new" / "cup_series.csv", rows)])
    after = await _results(empty_store)
    assert (report.results_updated, report.results_added, report.results_removed) == (1, 0, 0)
    assert {name: (r.id, r.laps_led) for name, r in after.items()} == {
        "William Byron": (before["William Byron"].id, 5),
        "Alex Bowman": (before["Alex Bowman"].id, 0),
    }


async def test_driver_dropped_from_a_race_loses_the_result(empty_store: Store, tmp_path: Path) -> None:
    """A driver the source no longer lists in a race it still has is removed from that race."""
    await import_history(empty_store, [_two_races(tmp_path / "cup_series.csv")])
    rows = [row("William Byron", 1, 18, Car="24", Led=4), row("Kyle Larson", 3, 1, Car="5", Led=12)]
    report = await import_history(empty_store, [write_csv(tmp_path / "new" / "cup_series.csv", rows)])
    assert report.results_removed == 1
    assert await _count(empty_store, Result) == 4


async def test_feed_enriched_event_keeps_its_feed_fields(empty_store: Store, tmp_path: Path) -> None:
    """An event the feed importer filled keeps its id, feed race id, start time, TV and name."""
    path = _two_races(tmp_path / "cup_series.csv")
    await import_history(empty_store, [path])
    start = datetime(2024, 2, 19, 19, 30, tzinfo=UTC)
    enriched = {"feed_race_id": 5400, "start_time_utc": start, "tv_network": "FOX", "name": "Daytona 500"}
    async with empty_store.sessions.begin() as session:
        await session.execute(update(Event).where(Event.round == 1).values(**enriched))
    await import_history(empty_store, [path])
    async with empty_store.sessions() as session:
        event = await session.scalar(select(Event).where(Event.round == 1))
    assert event is not None
    start_time = event.start_time_utc.replace(tzinfo=UTC) if event.start_time_utc else None
    assert (event.feed_race_id, start_time, event.tv_network, event.name) == (
        5400,
        start,
        "FOX",
        "Daytona 500",
    )


async def test_parquet_holds_the_same_rows_as_csv(empty_store: Store, tmp_path: Path) -> None:
    """A Parquet copy of an imported CSV changes nothing: same values, car numbers still text."""
    rows = [row("Corey LaJoie", 1, 1, Car="07"), row("Lee Petty", 2, None, Car="42", Team="", Make="-")]
    source = write_csv(tmp_path / "cup_series.csv", rows)
    await import_history(empty_store, [source])
    before = await store_checksums(empty_store.engine)
    report = await import_history(empty_store, [write_parquet(source, tmp_path / "cup_series.parquet")])
    assert await store_checksums(empty_store.engine) == before
    assert report.rows_read == 2
