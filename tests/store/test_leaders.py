"""Leader tables on a small store: ranking, ties, minimum starts, spans, tracks and unknown grids."""

from __future__ import annotations

import pytest

from db.store import Store
from db.store.ledger import RaceBook, load_race_book
from db.store.ledger.leaders import MOST_SHOWN, RULES, TOP, leader_table, leaders_report
from kernel.reports import LEADER_STATS, LeaderRow
from tests.store.builders import Row, add_race

HOMESTEAD = "Homestead-Miami Speedway"
BRISTOL = "Bristol Motor Speedway"


async def _book(store: Store) -> RaceBook:
    """Four drivers over three Cup races (2000–2001, two tracks) and one Truck race.

    Laps led: Alpha 70, Bravo 40, Charlie 40, Delta 10 (ranks 1, 2, 2, 4). Wins: Alpha, Bravo, Charlie
    one each. Delta never wins, never starts from pole.
    """
    races = [
        (2000, 1, HOMESTEAD, [Row("Alpha", 2, 1, led=50), Row("Bravo", 1, 2, led=10), Row("Charlie", 3, 3),
                              Row("Delta", 4, 4, led=10)]),
        (2000, 2, BRISTOL, [Row("Bravo", 1, 1, led=30), Row("Alpha", 2, 2, led=20), Row("Charlie", 4, 3),
                            Row("Delta", 3, 4)]),
        (2001, 1, HOMESTEAD, [Row("Charlie", 1, 1, led=40), Row("Delta", 2, 2), Row("Alpha", 3, 3),
                              Row("Bravo", 4, 4)]),
    ]  # fmt: skip
    for season, round_, track, rows in races:
        await add_race(store, series="cup", season=season, round=round_, track=track, rows=rows)
    await add_race(
        store, series="truck", season=2000, round=1, track=HOMESTEAD, rows=[Row("Delta", 1, 1, led=99)]
    )
    return await load_race_book(store.sessions)


@pytest.fixture
async def book(empty_store: Store) -> RaceBook:
    return await _book(empty_store)


def _track(book: RaceBook, name: str) -> int:
    return next(track_id for track_id, facts in book.tracks.items() if facts.name == name)


def _ranks(rows: list[LeaderRow]) -> list[tuple[int, str, float]]:
    return [(row.rank, row.driver, row.value) for row in rows]


def test_every_statistic_offered_has_a_rule() -> None:
    """The command's choices and the ledger's rules name the same statistics."""
    assert set(RULES) == set(LEADER_STATS)


async def test_ties_share_a_rank_and_go_by_name(book: RaceBook) -> None:
    """Laps led 70, 40, 40, 10: ranks 1, 2, 2, 4, the tie in name order."""
    assert _ranks(leader_table(book, "laps_led", series="cup")) == [
        (1, "Alpha", 70),
        (2, "Bravo", 40),
        (2, "Charlie", 40),
        (4, "Delta", 10),
    ]


async def test_a_statistic_of_zero_is_not_a_leader(book: RaceBook) -> None:
    """Delta has no Cup win and no Cup pole, so is not listed."""
    assert _ranks(leader_table(book, "wins", series="cup")) == [
        (1, "Alpha", 1),
        (1, "Bravo", 1),
        (1, "Charlie", 1),
    ]
    assert [row.driver for row in leader_table(book, "poles", series="cup")] == ["Bravo", "Charlie"]


async def test_the_series_is_kept_apart(book: RaceBook) -> None:
    """Delta's Truck win and 99 laps led count in Trucks only."""
    assert _ranks(leader_table(book, "laps_led", series="truck")) == [(1, "Delta", 99)]


async def test_average_finish_ranks_lowest_first_with_a_minimum_of_starts(book: RaceBook) -> None:
    """Three starts each are fewer than the default 10, so nobody ranks; with min_starts 1, lowest first."""
    assert leader_table(book, "avg_finish", series="cup") == []
    ranked = leader_table(book, "avg_finish", series="cup", min_starts=1)
    assert [(row.rank, row.driver, row.value, row.starts) for row in ranked] == [
        (1, "Alpha", 6 / 3, 3),
        (2, "Bravo", 7 / 3, 3),
        (2, "Charlie", 7 / 3, 3),
        (4, "Delta", 10 / 3, 3),
    ]


async def test_min_starts_applies_to_every_statistic_when_given(book: RaceBook) -> None:
    """Over 2000 alone each driver has two starts: min_starts 3 leaves nobody, 2 leaves everyone."""
    assert leader_table(book, "starts", series="cup", to_year=2000, min_starts=3) == []
    assert [row.value for row in leader_table(book, "starts", series="cup", to_year=2000, min_starts=2)] == [
        2
    ] * 4


async def test_a_span_of_seasons(book: RaceBook) -> None:
    """2001 alone: Charlie's win and 40 laps led; 2000 alone: Alpha and Bravo win."""
    assert _ranks(leader_table(book, "laps_led", series="cup", from_year=2001)) == [(1, "Charlie", 40)]
    assert _ranks(leader_table(book, "wins", series="cup", from_year=2000, to_year=2000)) == [
        (1, "Alpha", 1),
        (1, "Bravo", 1),
    ]


async def test_at_a_track_and_a_span(book: RaceBook) -> None:
    """Homestead: Alpha 50 laps led, Charlie 40, Bravo and Delta 10; to 2000 Charlie has none there."""
    homestead = _track(book, HOMESTEAD)
    assert _ranks(leader_table(book, "laps_led", series="cup", track_id=homestead)) == [
        (1, "Alpha", 50),
        (2, "Charlie", 40),
        (3, "Bravo", 10),
        (3, "Delta", 10),
    ]
    assert [row.driver for row in leader_table(book, "laps_led", series="cup", track_id=homestead, to_year=2000)] == [
        "Alpha", "Bravo", "Delta"]  # fmt: skip


@pytest.mark.parametrize("stat", sorted(RULES))
@pytest.mark.parametrize(("from_year", "to_year"), [(None, None), (2000, None), (None, 2000), (2001, 2001)])
async def test_season_sums_and_row_tallies_agree(
    empty_store: Store, stat: str, from_year: int | None, to_year: int | None
) -> None:
    """With every race at one track, the series table (season tallies) equals the track's (row tallies)."""
    for season, round_, rows in (
        (2000, 1, [Row("Alpha", 2, 1, led=5), Row("Bravo", 1, 2, led=9), Row("Charlie", None, 3)]),
        (2000, 2, [Row("Bravo", 1, 1, led=3), Row("Alpha", 2, 2), Row("Charlie", 3, None)]),
        (2001, 1, [Row("Charlie", 1, 1, led=7), Row("Alpha", None, 2, led=1), Row("Bravo", 3, 3)]),
    ):
        await add_race(empty_store, series="xfinity", season=season, round=round_, track=BRISTOL, rows=rows)
    book = await load_race_book(empty_store.sessions)
    span = {"from_year": from_year, "to_year": to_year, "min_starts": 1}
    assert leader_table(book, stat, series="xfinity", **span) == leader_table(
        book, stat, series="xfinity", track_id=_track(book, BRISTOL), **span
    )


async def test_poles_over_starts_without_a_grid_are_a_lower_bound(empty_store: Store) -> None:
    """A start with no recorded grid is counted per driver and for the whole scope."""
    await add_race(
        empty_store, series="cup", season=1955, round=1, track=BRISTOL,
        rows=[Row("Alpha", None, 1), Row("Bravo", 1, 2), Row("Charlie", None, 3)],
    )  # fmt: skip
    book = await load_race_book(empty_store.sessions)
    report = leaders_report(book, "poles", series="cup")
    assert [(row.driver, row.value, row.unknown_grid_starts) for row in report.rows] == [("Bravo", 1, 0)]
    assert report.unknown_grid_starts == 2
    assert leaders_report(book, "wins", series="cup").unknown_grid_starts == 0


async def _field_leading(store: Store, season: int, leaders: list[int]) -> None:
    """One race of 25 drivers, "Driver 01" to "Driver 25", leading `leaders[i]` laps (0 after the list)."""
    rows = [
        Row(f"Driver {n:02}", n, n, led=leaders[n - 1] if n <= len(leaders) else 0, car=str(n))
        for n in range(1, 26)
    ]
    await add_race(store, series="cup", season=season, round=1, track=BRISTOL, rows=rows)


async def test_ties_with_the_tenth_are_listed(empty_store: Store) -> None:
    """Eight leaders and four tied at 9th: twelve lines, the four sharing rank 9, none cut."""
    await _field_leading(empty_store, 2001, [90, 80, 70, 60, 50, 40, 30, 20, 5, 5, 5, 5])
    report = leaders_report(await load_race_book(empty_store.sessions), "laps_led", series="cup")
    assert [row.rank for row in report.rows] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 9, 9, 9]
    assert (report.more_tied, report.ranked, report.races) == (0, 12, 1)


async def test_ties_past_twenty_lines_are_counted_not_listed(empty_store: Store) -> None:
    """Eight leaders and seventeen tied at 9th: the first ten lines, and fifteen more tied."""
    await _field_leading(empty_store, 2002, [90, 80, 70, 60, 50, 40, 30, 20] + [5] * 17)
    report = leaders_report(await load_race_book(empty_store.sessions), "laps_led", series="cup")
    assert MOST_SHOWN < 25 and len(report.rows) == TOP
    assert [row.rank for row in report.rows[-3:]] == [8, 9, 9]
    assert (report.more_tied, report.ranked) == (15, 25)


async def test_an_unknown_statistic_is_refused(book: RaceBook) -> None:
    with pytest.raises(ValueError, match="unknown statistic 'speed'"):
        leader_table(book, "speed", series="cup")
