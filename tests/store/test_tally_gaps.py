"""One definition of each figure on a small store: unknown statuses, races without laps led, starts from
pole and pole awards, shared grid slots, and the seasons of each gap."""

from __future__ import annotations

import pytest
from sqlalchemy import update

from db.store import Store
from db.store.ledger import RaceBook, load_race_book
from db.store.ledger.compare import Scope, head_to_head
from db.store.ledger.drivers import driver_report
from db.store.ledger.leaders import leaders_report
from db.store.ledger.races import finishing_order, starting_grid
from db.store.ledger.tally import led_recorded, seasons_of
from db.store.models import Event
from tests.store.builders import Row, add_race

TRACK = "Bristol Motor Speedway"


async def _book(store: Store) -> tuple[RaceBook, dict[str, int]]:
    """Alpha and Bravo over four Cup races:

    - 1950: no grid for Alpha; statuses unknown ("-" in the source) for both; Bravo led 10.
    - 1973: nobody credited with a lap led; Alpha's engine let go.
    - 2020: set by the metric (qualifying cancelled), Alpha first.
    - 2024: set by qualifying, Alpha on pole; Bravo and Charlie share slot 2.
    """
    races = {
        "1950": (1950, [Row("Alpha", None, 1), Row("Bravo", 1, 2, led=10)]),
        "1973": (1973, [Row("Alpha", 2, 2, status="engine"), Row("Bravo", 1, 1, status="running")]),
        "2020": (2020, [Row("Alpha", 1, 1, led=50, status="running"), Row("Bravo", 2, 2, status="running")]),
        "2024": (
            2024,
            [
                Row("Alpha", 1, 3, led=5, status="running"),
                Row("Bravo", 2, 1, led=95, status="running"),
                Row("Charlie", 2, 2, status="running"),
            ],
        ),
    }
    ids = {}
    for key, (season, rows) in races.items():
        ids[key] = await add_race(store, series="cup", season=season, round=1, track=TRACK, rows=rows)
    async with store.sessions.begin() as session:
        for key, method in (("2020", "metric"), ("2024", "qualifying")):
            await session.execute(update(Event).where(Event.id == ids[key]).values(grid_method=method))
    return await load_race_book(store.sessions), ids


@pytest.fixture
async def book(empty_store: Store) -> tuple[RaceBook, dict[str, int]]:
    return await _book(empty_store)


def _driver(book: RaceBook, name: str) -> int:
    return next(driver_id for driver_id, each in book.drivers.items() if each == name)


async def test_an_unknown_status_is_neither_a_dnf_nor_running(book: tuple[RaceBook, dict[str, int]]) -> None:
    """Alpha: one engine failure (a DNF), one unknown status, two running."""
    races, _ = book
    (record,) = driver_report(races, _driver(races, "Alpha")).records
    assert (record.starts, record.dnfs, record.unknown_status_starts) == (4, 1, 1)


async def test_a_race_without_laps_led_is_unknown_not_zero(book: tuple[RaceBook, dict[str, int]]) -> None:
    """1973 credits nobody: laps led unknown there (None in the order), counted and dated as a gap."""
    races, ids = book
    assert not led_recorded(races, ids["1973"]) and led_recorded(races, ids["1950"])
    assert {line.laps_led for line in finishing_order(races, ids["1973"])} == {None}
    assert [line.laps_led for line in finishing_order(races, ids["1950"])] == [0, 10]
    (record,) = driver_report(races, _driver(races, "Alpha")).records
    assert (record.laps_led, record.races_led, record.unknown_led_starts) == (55, 2, 1)
    assert record.led_gap_seasons == (1973,)


async def test_starts_from_pole_count_every_first_slot_and_pole_awards_apart(
    book: tuple[RaceBook, dict[str, int]],
) -> None:
    """Alpha started first in 2020 (metric) and 2024 (qualifying); 1950's grid is unknown for Alpha."""
    races, _ = book
    (record,) = driver_report(races, _driver(races, "Alpha")).records
    assert (record.poles, record.pole_awards, record.metric_poles) == (2, 1, 1)
    assert (record.unknown_grid_starts, record.grid_gap_seasons) == (1, (1950,))


async def test_two_cars_in_one_slot_are_both_on_the_grid(book: tuple[RaceBook, dict[str, int]]) -> None:
    """Bravo and Charlie share slot 2: both listed, in the source's order."""
    races, ids = book
    slots, from_qualifying = starting_grid(races, ids["2024"])
    assert [(slot.position, slot.driver) for slot in slots] == [(1, "Alpha"), (2, "Bravo"), (2, "Charlie")]
    assert not from_qualifying


async def test_head_to_head_and_leaders_share_the_definitions(book: tuple[RaceBook, dict[str, int]]) -> None:
    """The same gaps in /compare and /leaders as in /driver."""
    races, _ = book
    report = head_to_head(races, _driver(races, "Alpha"), _driver(races, "Bravo"), Scope())
    assert report is not None
    assert (report.a.record.dnfs, report.a.record.unknown_status_starts) == (1, 1)
    assert (report.b.record.dnfs, report.b.record.unknown_status_starts) == (0, 1)
    laps = leaders_report(races, "laps_led", series="cup")
    assert (laps.unknown_led_starts, laps.gap_seasons) == (2, (1973,))
    assert {row.driver: row.unknown_led_starts for row in laps.rows} == {"Bravo": 1, "Alpha": 1}
    poles = leaders_report(races, "poles", series="cup")
    assert (poles.unknown_grid_starts, poles.gap_seasons) == (1, (1950,))
    assert {row.driver: row.unknown_grid_starts for row in poles.rows} == {"Alpha": 1, "Bravo": 0}


def test_season_masks_read_back_as_seasons() -> None:
    assert seasons_of(0) == () and seasons_of(1 | 1 << 24 | 1 << 33) == (1949, 1973, 1982)
