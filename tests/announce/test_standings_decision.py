"""When a race's standings post goes out: official results, and NASCAR's table counting exactly that race."""

from __future__ import annotations

import pytest

from kernel.announcing import StandingsAction, standings_decision


@pytest.mark.parametrize(
    ("official", "race", "table_races", "expected"),
    [
        (False, 11, 11, "wait"),  # the table counts the race, the results are not official yet
        (True, 11, None, "wait"),  # no table in the store (or no starts in it)
        (True, 11, 10, "wait"),  # the table does not count the race yet
        (True, 11, 11, "post"),  # official, and the table is the one after this race
        (True, 11, 12, "passed"),  # the table moved on to a later race
        (False, 11, 12, "wait"),
    ],
)
def test_the_table_must_count_exactly_the_race(
    official: bool, race: int, table_races: int | None, expected: StandingsAction
) -> None:
    assert standings_decision(results_official=official, race=race, table_races=table_races) == expected


def test_a_first_race_posts_once_the_table_counts_one() -> None:
    """Race 1 of a season: a table left from before the season (None or 0 races) waits."""
    assert standings_decision(results_official=True, race=1, table_races=0) == "wait"
    assert standings_decision(results_official=True, race=1, table_races=1) == "post"
