"""The race book's season tallies as columns: one driver's seasons, a series' sums over a span, a pickle,
on a small store and on the full history (audited against the raw CSVs in plain Python)."""

from __future__ import annotations

import pickle
from array import array
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio

from db.store import Store
from db.store.ledger import RaceBook, load_race_book
from db.store.ledger.season_tallies import _narrowest
from db.store.ledger.tally import Tally, seasons_of
from tests.fulldata import history_answers
from tests.history_truth import corrected_rows
from tests.store.builders import Row, add_race

BRISTOL = "Bristol Motor Speedway"
EVERY_SEASON = (0, 10_000)


async def _book(store: Store) -> RaceBook:
    """Alpha and Bravo over four Cup races, Alpha and Charlie in one Xfinity race:

    - Cup 1950: round 1 without a grid slot for Alpha, Bravo wins from pole leading 10; round 2 Alpha
      wins leading 30, Bravo 5.
    - Cup 1973: nobody credited with a lap led; Alpha from pole, Bravo wins.
    - Cup 2020: Alpha wins from pole leading 50.
    - Xfinity 2020: Alpha wins leading 20, Charlie from pole leading 7.
    """
    cup = [
        (1950, 1, [Row("Alpha", None, 2), Row("Bravo", 1, 1, led=10)]),
        (1950, 2, [Row("Alpha", 2, 1, led=30), Row("Bravo", 1, 2, led=5)]),
        (1973, 1, [Row("Alpha", 1, 2), Row("Bravo", 2, 1)]),
        (2020, 1, [Row("Alpha", 1, 1, led=50), Row("Bravo", 2, 2)]),
    ]
    for season, round_, rows in cup:
        await add_race(store, series="cup", season=season, round=round_, track=BRISTOL, rows=rows)
    await add_race(
        store,
        series="xfinity",
        season=2020,
        round=1,
        track=BRISTOL,
        rows=[Row("Alpha", 3, 1, led=20), Row("Charlie", 1, 2, led=7)],
    )
    return await load_race_book(store.sessions)


@pytest.fixture
async def book(empty_store: Store) -> RaceBook:
    return await _book(empty_store)


def _driver(book: RaceBook, name: str) -> int:
    return next(driver_id for driver_id, each in book.drivers.items() if each == name)


def _line(each: Tally) -> tuple[object, ...]:
    """A season's figures with its gaps' seasons and its first and last start."""
    return (each.entries, each.starts, each.wins, each.poles, each.laps_led, each.races_led,
            each.gridless, seasons_of(each.gridless_seasons), each.ledless, seasons_of(each.ledless_seasons),
            each.first_start, each.last_start, each.first_entry, each.last_entry)  # fmt: skip


async def test_a_drivers_seasons_come_back_as_tallies(book: RaceBook) -> None:
    """Alpha's Cup seasons, oldest first, each with its own gaps and its own season as first and last."""
    found = book.seasons.of("cup", _driver(book, "Alpha"), *EVERY_SEASON)
    assert list(found) == [1950, 1973, 2020]
    assert {season: _line(each) for season, each in found.items()} == {
        1950: (2, 2, 1, 0, 30, 1, 1, (1950,), 0, (), 1950, 1950, 1950, 1950),
        1973: (1, 1, 0, 1, 0, 0, 0, (), 1, (1973,), 1973, 1973, 1973, 1973),
        2020: (1, 1, 1, 1, 50, 1, 0, (), 0, (), 2020, 2020, 2020, 2020),
    }


async def test_a_span_keeps_the_seasons_within_it(book: RaceBook) -> None:
    """From 1951 to 2020 Alpha has 1973 and 2020; between 1974 and 2019 nothing."""
    alpha = _driver(book, "Alpha")
    assert list(book.seasons.of("cup", alpha, 1951, 2020)) == [1973, 2020]
    assert list(book.seasons.of("cup", alpha, 1950, 1950)) == [1950]
    assert book.seasons.of("cup", alpha, 1974, 2019) == {}


async def test_a_driver_or_series_without_seasons_has_none(book: RaceBook) -> None:
    """Charlie never raced in Cup, nobody in Truck."""
    assert book.seasons.of("cup", _driver(book, "Charlie"), *EVERY_SEASON) == {}
    assert book.seasons.of("truck", _driver(book, "Alpha"), *EVERY_SEASON) == {}
    assert list(book.seasons.summed("truck", ["wins"], *EVERY_SEASON)) == []


async def test_summed_adds_only_the_named_figures(book: RaceBook) -> None:
    """Cup wins, laps led and the seasons without laps led per driver; starts, asked for nothing, stay 0."""
    found = {
        book.drivers[driver]: (each.wins, each.laps_led, seasons_of(each.ledless_seasons), each.starts)
        for driver, each in book.seasons.summed("cup", ["wins", "laps_led", "ledless_seasons"], *EVERY_SEASON)
    }
    assert found == {"Alpha": (2, 80, (1973,), 0), "Bravo": (2, 15, (1973,), 0)}


async def test_summed_over_a_span(book: RaceBook) -> None:
    """Cup 1973–2020: Alpha one win and 50 laps led, Bravo one win; 1960–1970 nobody."""
    found = {
        book.drivers[driver]: (each.starts, each.wins, each.laps_led)
        for driver, each in book.seasons.summed("cup", ["starts", "wins", "laps_led"], 1973, 2020)
    }
    assert found == {"Alpha": (2, 1, 50), "Bravo": (2, 1, 0)}
    assert list(book.seasons.summed("cup", ["wins"], 1960, 1970)) == []


async def test_an_unknown_figure_is_refused(book: RaceBook) -> None:
    """A name that is no sum or season mask of a tally is a KeyError, not a silent 0."""
    with pytest.raises(KeyError):
        list(book.seasons.summed("cup", ["avg_finish"], *EVERY_SEASON))


async def test_a_pickled_book_keeps_its_season_tallies(book: RaceBook) -> None:
    """The start-up snapshot's round trip: every driver's seasons and a series' sums unchanged."""
    copy = pickle.loads(pickle.dumps(book, protocol=pickle.HIGHEST_PROTOCOL))
    for series in ("cup", "xfinity"):
        for driver in book.drivers:
            assert copy.seasons.of(series, driver, *EVERY_SEASON) == book.seasons.of(
                series, driver, *EVERY_SEASON
            )
        names = ["starts", "laps_led", "gridless_seasons"]
        assert list(copy.seasons.summed(series, names, *EVERY_SEASON)) == list(
            book.seasons.summed(series, names, *EVERY_SEASON)
        )


def test_an_empty_book_has_no_season_tallies() -> None:
    """A book made before any load answers with nothing."""
    empty = RaceBook(events={}, tracks={}, drivers={}, qualifying={}, stats={})
    assert empty.seasons.of("cup", 1, *EVERY_SEASON) == {}
    assert list(empty.seasons.summed("cup", ["wins"], *EVERY_SEASON)) == []


@pytest.mark.parametrize(
    ("values", "typecode"),
    [
        ([], "B"),
        ([0, 255], "B"),
        ([-1, 127], "b"),
        ([0, 256], "H"),
        ([-1, 32_767], "h"),
        ([0, 42_362], "H"),
        ([-1, 42_362], "i"),
        ([0, 2**32], "q"),
    ],
)
def test_a_column_is_kept_in_the_narrowest_array(values: list[int], typecode: str) -> None:
    """Each column takes the fewest bytes a row that hold its values, and keeps them."""
    narrowed = _narrowest(array("q", values))
    assert (narrowed.typecode, list(narrowed)) == (typecode, values)


@dataclass
class Season:
    """A driver's season in one series, counted from raw rows."""

    entries: int = 0
    starts: int = 0
    wins: int = 0
    top5: int = 0
    top10: int = 0
    laps_led: int = 0
    points: int = 0
    pointless: int = 0
    gridless: int = 0
    season: set[int] = field(default_factory=set)

    def add(self, row: dict[str, str]) -> None:
        self.entries += 1
        self.season.add(int(row["Season"]))
        self.laps_led += int(row["Led"] or 0)
        if row["Pts"]:
            self.points += int(row["Pts"])
        else:
            self.pointless += 1
        if not row["Finish"]:
            return
        finish = int(row["Finish"])
        self.starts += 1
        self.wins += finish == 1
        self.top5 += finish <= 5
        self.top10 += finish <= 10
        self.gridless += int(row["Start"] or 0) == 0

    def figures(self) -> tuple[object, ...]:
        (season,) = self.season
        started = season if self.starts else None
        return (self.entries, self.starts, self.wins, self.top5, self.top10, self.laps_led, self.points,
                self.pointless, self.gridless, (season,) if self.gridless else (),
                (season,) if self.pointless else (), started, started)  # fmt: skip


def _figures(each: Tally) -> tuple[object, ...]:
    return (each.entries, each.starts, each.wins, each.top5, each.top10, each.laps_led, each.points,
            each.pointless, each.gridless, seasons_of(each.gridless_seasons),
            seasons_of(each.pointless_seasons), each.first_start, each.last_start)  # fmt: skip


@pytest.fixture(scope="module")
def raw_seasons(shared_data: Path) -> dict[tuple[str, str, int], Season]:
    """(driver, series, season) -> that season counted from the raw rows."""
    seasons: dict[tuple[str, str, int], Season] = defaultdict(Season)
    for series, row in corrected_rows(shared_data / "nascar"):
        seasons[(row["Driver"], series, int(row["Season"]))].add(row)
    return dict(seasons)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def history_book(history_db: str, history_snapshots: Path) -> AsyncIterator[RaceBook]:
    """The full history's race book, from the run's shared start-up snapshot (not rebuilt again)."""
    async with history_answers(history_db, history_snapshots) as service:
        yield service.book


@pytest.mark.fulldata
@pytest.mark.asyncio(loop_scope="module")
async def test_every_season_of_the_history_matches_the_source(
    history_book: RaceBook, raw_seasons: dict[tuple[str, str, int], Season]
) -> None:
    """Every driver's every season per series: counts, points, gaps and their seasons."""
    book = history_book
    found = {
        (name, series, season): _figures(each)
        for driver, name in book.drivers.items()
        for series in ("cup", "xfinity", "truck")
        for season, each in book.seasons.of(series, driver, *EVERY_SEASON).items()
    }
    expected = {key: season.figures() for key, season in raw_seasons.items()}
    assert len(expected) > 18_000
    assert {k: (v, found.get(k)) for k, v in expected.items() if found.get(k) != v} == {}
    assert set(found) == set(expected)


@pytest.mark.fulldata
@pytest.mark.asyncio(loop_scope="module")
async def test_a_series_sums_over_a_span_match_the_source(
    history_book: RaceBook, raw_seasons: dict[tuple[str, str, int], Season]
) -> None:
    """Cup 1970–1979 per driver: starts, wins, laps led and the seasons with starts lacking a grid slot."""
    book = history_book
    expected: dict[str, tuple[int, int, int, set[int]]] = {}
    for (name, series, season), counted in raw_seasons.items():
        if series == "cup" and 1970 <= season <= 1979:
            starts, wins, led, gaps = expected.get(name, (0, 0, 0, set()))
            gaps = gaps | ({season} if counted.gridless else set())
            expected[name] = (starts + counted.starts, wins + counted.wins, led + counted.laps_led, gaps)
    names = ["starts", "wins", "laps_led", "gridless_seasons"]
    found = {
        book.drivers[driver]: (each.starts, each.wins, each.laps_led, set(seasons_of(each.gridless_seasons)))
        for driver, each in book.seasons.summed("cup", names, 1970, 1979)
    }
    assert len(expected) > 500
    assert found == expected


@pytest.mark.fulldata
@pytest.mark.asyncio(loop_scope="module")
async def test_the_full_historys_tallies_pickle_small(history_book: RaceBook) -> None:
    """About 19,000 season tallies pickle in under a megabyte (as Tally objects, 2.6 MB) and come back whole."""
    data = pickle.dumps(history_book.seasons, protocol=pickle.HIGHEST_PROTOCOL)
    assert len(data) < 1_000_000
    copy = pickle.loads(data)
    names = ["entries", "points", "pointless_seasons", "rating_sum", "unrated_seasons"]
    for series in ("cup", "xfinity", "truck"):
        assert list(copy.summed(series, names, *EVERY_SEASON)) == list(
            history_book.seasons.summed(series, names, *EVERY_SEASON)
        )
