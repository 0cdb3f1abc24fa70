"""The /leaders embed: title, one line a driver, the notes, and Discord's limits."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.render.common import DATA_FOOTER, DESCRIPTION_LIMIT, TITLE_LIMIT
from bot.render.leaders import leaders_embed
from kernel.reports import LEADER_STATS, LeaderRow, LeadersReport
from tests.render.reports import total_chars

LARSON = LeaderRow(1, 1, "Kyle Larson", 626, 11)
EDWARDS = LeaderRow(2, 2, "Carl Edwards", 615, 13)
SEED = LeadersReport(
    stat="laps_led",
    series_code="cup",
    track_name="Homestead-Miami Speedway",
    from_year=None,
    to_year=2024,
    min_starts=1,
    rows=(LARSON, EDWARDS),
    ranked=64,
    races=26,
)


def _lines(report: LeadersReport) -> list[str]:
    return (leaders_embed(report).description or "").splitlines()


def test_the_seed_title_and_first_line() -> None:
    """As the issue asks: the statistic, the series, the track and the span; then rank, driver, figure, starts."""
    embed = leaders_embed(SEED)
    assert embed.title == "Most laps led — NASCAR Cup Series at Homestead-Miami Speedway, to 2024"
    assert _lines(SEED)[:2] == [
        "**1.** Kyle Larson — 626 (11 starts)",
        "**2.** Carl Edwards — 615 (13 starts)",
    ]
    assert _lines(SEED)[-1] == "26 races · 64 drivers ranked"
    assert embed.footer.text == DATA_FOOTER


@pytest.mark.parametrize(
    ("changes", "title"),
    [
        ({"track_name": None, "to_year": None}, "Most laps led — NASCAR Cup Series"),
        ({"track_name": None, "from_year": 1970, "to_year": 1979}, "Most laps led — NASCAR Cup Series, 1970–1979"),
        ({"track_name": None, "from_year": 2024, "to_year": 2024}, "Most laps led — NASCAR Cup Series, 2024"),
        ({"from_year": 2010, "to_year": None}, "Most laps led — NASCAR Cup Series at Homestead-Miami Speedway, from 2010"),
        ({"stat": "avg_finish", "series_code": "truck", "track_name": None, "to_year": None},
         "Best average finish — NASCAR Craftsman Truck Series"),
        ({"stat": "top5", "series_code": "xfinity", "track_name": None, "to_year": None},
         "Most top 5s — NASCAR Xfinity Series"),
    ],
)  # fmt: skip
def test_titles(changes: dict[str, Any], title: str) -> None:
    assert leaders_embed(replace(SEED, **changes)).title == title


def test_ties_share_the_rank_and_the_cut_tie_is_counted() -> None:
    """Two lines at rank 2, and "…and 15 more tied" when the tie runs past the lines listed."""
    tied = replace(
        SEED, rows=(LARSON, EDWARDS, replace(EDWARDS, driver_id=3, driver="Kyle Busch")), more_tied=15
    )
    lines = _lines(tied)
    assert [line.split(" ")[0] for line in lines[:3]] == ["**1.**", "**2.**", "**2.**"]
    assert "…and 15 more tied at rank 2 (615)." in lines


def test_average_finish_has_two_places_and_names_the_minimum_of_starts() -> None:
    report = replace(
        SEED, stat="avg_finish", min_starts=10, rows=(LeaderRow(1, 1, "Lee Petty", 7.601873, 427),)
    )
    lines = _lines(report)
    assert lines[0] == "**1.** Lee Petty — 7.60 (427 starts)"
    assert "Drivers with at least 10 starts in this scope." in lines


def test_starts_from_pole_over_unknown_grids_read_at_least_and_name_the_seasons() -> None:
    """The title says what is counted; "≥" and the seasons the grids are missing in, from the data."""
    report = replace(
        SEED, stat="poles", rows=(LeaderRow(1, 1, "Richard Petty", 127, 1185, unknown_grid_starts=98),),
        unknown_grid_starts=3089, gap_seasons=(1982, 1983), track_name=None, to_year=None,
    )  # fmt: skip
    embed = leaders_embed(report)
    assert embed.title == "Most starts from pole — NASCAR Cup Series"
    lines = _lines(report)
    assert lines[0] == "**1.** Richard Petty — ≥127 (1,185 starts)"
    assert (
        "≥: Grid unknown for 3,089 starts in this scope (1982, 1983): starts from pole may be more." in lines
    )
    assert not any("1963" in line for line in lines)


def test_laps_led_over_unrecorded_races_read_at_least() -> None:
    """Laps led where the source credits nobody (1973) make the count "≥", said like a grid gap."""
    report = replace(
        SEED, rows=(LeaderRow(1, 1, "Cale Yarborough", 4_000, 500, unknown_led_starts=26),),
        unknown_led_starts=700, gap_seasons=(1973,),
    )  # fmt: skip
    lines = _lines(report)
    assert lines[0] == "**1.** Cale Yarborough — ≥4,000 (500 starts)"
    assert (
        "≥: Laps led unknown for 700 starts in this scope (1973): laps led and races led may be more."
        in lines
    )


def test_one_start_and_one_race_are_singular() -> None:
    report = replace(SEED, rows=(LeaderRow(1, 1, "A", 5, 1),), races=1, ranked=1)
    lines = _lines(report)
    assert lines[0] == "**1.** A — 5 (1 start)" and lines[-1] == "1 race · 1 driver ranked"


def test_starts_are_not_said_twice() -> None:
    report = replace(SEED, stat="starts", rows=(LeaderRow(1, 1, "Richard Petty", 1185, 1185),))
    assert _lines(report)[0] == "**1.** Richard Petty — 1,185"


@pytest.mark.parametrize("stat", sorted(LEADER_STATS))
def test_the_longest_table_stays_within_discords_limits(stat: str) -> None:
    """Twenty lines of the longest names and figures, a long track, every note: inside every limit."""
    name = "Christopher " * 8
    rows = tuple(
        LeaderRow(n, n, f"{name}{n}", 123_456_789, 1_234, unknown_grid_starts=99) for n in range(1, 21)
    )
    report = replace(
        SEED, stat=stat, track_name="Charlotte Motor Speedway Road Course (Roval) " * 6, from_year=1949,
        to_year=2100, min_starts=1000, rows=rows, more_tied=9_999, unknown_grid_starts=99_999,
    )  # fmt: skip
    embed: dict[str, Any] = dict(leaders_embed(report).to_dict())
    assert len(embed["title"]) <= TITLE_LIMIT
    assert len(embed["description"]) <= DESCRIPTION_LIMIT
    assert total_chars(embed) <= 6000
    assert embed["description"].count("\n**") == 19
