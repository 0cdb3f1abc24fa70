"""The 2026 Chase rule on constructed tables, and what a season's summed points may be called."""

from __future__ import annotations

import pytest

from kernel.standings import (
    MOST_POINTS_PER_RACE,
    StandingsLine,
    against_cut,
    chase_reset,
    chase_size,
    history_basis,
    reset_points,
)


def table(*points: int) -> tuple[StandingsLine, ...]:
    """Drivers "D1", "D2"... with these points, best first."""
    top = points[0]
    return tuple(
        StandingsLine(position, f"D{position}", value, value - top)
        for position, value in enumerate(points, 1)
    )


@pytest.mark.parametrize(
    ("series", "season", "size"),
    [("cup", 2026, 16), ("xfinity", 2026, 12), ("truck", 2026, 10), ("cup", 2030, 16), ("cup", 2025, None)],
)
def test_the_chase_field_from_2026(series: str, season: int, size: int | None) -> None:
    assert chase_size(series, season) == size


@pytest.mark.parametrize(
    ("seed", "points"), [(1, 2100), (2, 2075), (3, 2065), (4, 2060), (10, 2030), (12, 2020), (16, 2000)]
)
def test_reset_seeds(seed: int, points: int) -> None:
    """2,100, 2,075, 2,065, then 5 fewer a seed: the 16th Cup seed starts the Chase on 2,000."""
    assert reset_points(seed) == points


@pytest.mark.parametrize(
    ("series", "field", "last"), [("cup", 16, 2000), ("xfinity", 12, 2020), ("truck", 10, 2030)]
)
def test_the_reset_seeds_the_top_of_a_constructed_table(series: str, field: int, last: int) -> None:
    """20 drivers 10 points apart: the top `field` keep their order on reset points, the rest are out."""
    reset = chase_reset(series, 2026, table(*range(900, 700, -10)))
    assert [line.name for line in reset] == [f"D{n}" for n in range(1, field + 1)]
    assert [line.points for line in reset][:4] == [2100, 2075, 2065, 2060]
    assert reset[-1].points == last
    assert [line.behind_leader for line in reset][:3] == [0, -25, -35]


def test_no_reset_before_2026() -> None:
    with pytest.raises(ValueError, match="no Chase"):
        chase_reset("cup", 2025, table(100, 90))


def test_the_cut_line_marks_and_gaps() -> None:
    """Cut at 16: 1-16 are in, 17 on are below; a gap is to the first out above the line, to the last
    in below it."""
    lines = against_cut(table(*range(900, 700, -10)), 16)
    assert [line.mark for line in lines] == ["in"] * 16 + ["out"] * 4
    assert (lines[15].to_cut, lines[16].to_cut, lines[0].to_cut) == (10, -10, 160)


def test_the_feeds_own_gap_and_clinch_are_kept() -> None:
    """NASCAR's `delta_playoff` and `is_clinch` win over the computed ones."""
    lines = list(table(*range(900, 700, -10)))
    lines[0] = StandingsLine(1, "D1", 900, 0, to_cut=123, clinched=True)
    lines[1] = StandingsLine(2, "D2", 890, -10, clinched=False)
    marked = against_cut(lines, 16, races_left=0)
    assert (marked[0].to_cut, marked[0].mark, marked[1].mark) == (123, "clinched", "in")


def test_clinched_when_the_first_out_cannot_catch_up() -> None:
    """With 2 races left, a lead over 17th of more than two races' most points is clinched; exactly that
    much is not (17th could still tie)."""
    most = 2 * MOST_POINTS_PER_RACE
    first_out = 500
    lines = against_cut(
        table(first_out + most + 1, first_out + most, *range(660, 520, -10), first_out, 490), 16, races_left=2
    )
    assert lines[16].points == first_out
    assert [line.mark for line in lines] == ["clinched"] + ["in"] * 15 + ["out"] * 2


def test_a_short_table_is_all_in() -> None:
    assert [line.mark for line in against_cut(table(50, 40), 16)] == ["in", "in"]


def test_before_the_first_reset_the_sum_is_the_table() -> None:
    basis = history_basis("cup", 1992, rows=1107, rows_without_points=0)
    assert basis.ranked and "Before 2004 (no reset) that is the championship table" in " ".join(basis.notes)


@pytest.mark.parametrize(
    ("series", "season", "reset"), [("cup", 2004, 2004), ("xfinity", 2016, 2016), ("truck", 2025, 2016)]
)
def test_after_the_first_reset_it_is_points_earned(series: str, season: int, reset: int) -> None:
    basis = history_basis(series, season, rows=1000, rows_without_points=0)
    assert basis.ranked and f"From {reset} it is not the final standings" in " ".join(basis.notes)


def test_missing_points_for_much_of_a_season_are_not_ranked() -> None:
    """1974: no points in the rows at all; a quarter missing is already too much to rank."""
    assert not history_basis("cup", 1974, rows=1073, rows_without_points=1073).ranked
    unranked = history_basis("cup", 1958, rows=100, rows_without_points=25)
    assert not unranked.ranked and "too few to rank" in unranked.notes[-1]


def test_a_few_missing_points_are_ranked_and_said() -> None:
    basis = history_basis("cup", 1960, rows=1195, rows_without_points=105)
    assert basis.ranked and "no points for 105 of this season's 1,195 starts (9%)" in basis.notes[-1]


def test_another_scale_is_not_ranked() -> None:
    """1972: the rows' points are on another scale than the official 8,701.5-point table."""
    basis = history_basis("cup", 1972, rows=1192, rows_without_points=0)
    assert not basis.ranked and "Richard Petty by 127.9 over Bobby Allison" in basis.notes[-1]


def test_a_season_known_not_to_add_up_is_ranked_with_the_official_result() -> None:
    basis = history_basis("cup", 1963, rows=1414, rows_without_points=0)
    assert basis.ranked and "officially Joe Weatherly by 2,228 over Richard Petty" in basis.notes[-1]
