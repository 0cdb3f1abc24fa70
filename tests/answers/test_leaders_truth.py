"""/leaders on the full history audited against the raw CSVs plus the shipped corrections (plain Python).

The expected tables are counted here from `tests.history_truth` rows, sharing no code with the race
book: a start is a row with a finish, a pole a start from first, a race led a start with a lap led;
a rank is one more than the drivers strictly better; the top 10 run on through ties with the 10th up
to 20 lines, past which the first 10 are listed and the rest of the tie counted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.service import Answers
from tests.fulldata import history_answers
from tests.history_truth import corrected_rows

# One answer service for the module: loading the race book and the names is the slow part.
pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]

Raw = list[tuple[str, dict[str, str]]]


@dataclass
class Counted:
    starts: int = 0
    wins: int = 0
    top5: int = 0
    top10: int = 0
    poles: int = 0
    laps_led: int = 0
    races_led: int = 0
    finish_sum: int = 0
    gridless: int = 0

    def add(self, row: dict[str, str]) -> None:
        if not row["Finish"]:
            return
        finish, start, led = int(row["Finish"]), int(row["Start"] or 0), int(row["Led"] or 0)
        self.starts += 1
        self.wins += finish == 1
        self.top5 += finish <= 5
        self.top10 += finish <= 10
        self.poles += start == 1
        self.laps_led += led
        self.races_led += led > 0
        self.finish_sum += finish
        self.gridless += start == 0

    def figure(self, stat: str) -> float:
        return self.finish_sum / self.starts if stat == "avg_finish" else getattr(self, stat)


@dataclass(frozen=True)
class Scope:
    stat: str
    series: str
    track: str | None = None
    from_year: int | None = None
    to_year: int | None = None
    min_starts: int | None = None


def _counted(raw: Raw, scope: Scope) -> dict[str, Counted]:
    low, high = scope.from_year or 0, scope.to_year or 10_000
    drivers: dict[str, Counted] = defaultdict(Counted)
    for series, row in raw:
        if (
            series == scope.series
            and (scope.track is None or row["Track"] == scope.track)
            and low <= int(row["Season"]) <= high
        ):
            drivers[row["Driver"]].add(row)
    return drivers


def expected_table(raw: Raw, scope: Scope) -> tuple[list[tuple[int, str, float, int]], int]:
    """The listed (rank, driver, figure, starts) and how many more share the last rank, from raw rows."""
    average = scope.stat == "avg_finish"
    least = scope.min_starts or (10 if average else 1)
    figures = {
        name: (c.figure(scope.stat), c.starts)
        for name, c in _counted(raw, scope).items()
        if c.starts >= least and c.figure(scope.stat)
    }
    values = [value for value, _ in figures.values()]

    def rank(value: float) -> int:
        return 1 + sum(1 for other in values if (other < value if average else other > value))

    table = sorted(
        ((rank(value), name, value, starts) for name, (value, starts) in figures.items()),
        key=lambda line: (line[0], line[1]),
    )
    if len(table) <= 10:
        return table, 0
    listed = [line for line in table if line[0] <= table[9][0]]
    return (listed, 0) if len(listed) <= 20 else (table[:10], len(listed) - 10)


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> Raw:
    return list(corrected_rows(shared_data / "nascar"))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def answers(history_db: str, history_snapshots: Path) -> AsyncIterator[Answers]:
    async with history_answers(history_db, history_snapshots) as service:
        yield service


async def _asked(answers: Answers, scope: Scope) -> tuple[list[tuple[int, str, float, int]], int]:
    report = await answers.leaders(
        scope.stat,
        series=scope.series,
        track=scope.track,
        from_year=scope.from_year,
        to_year=scope.to_year,
        min_starts=scope.min_starts,
    )
    return [(row.rank, row.driver, row.value, row.starts) for row in report.rows], report.more_tied


async def test_the_seed_larson_leads_homestead_in_laps_led(answers: Answers, raw: Raw) -> None:
    """/leaders laps_led series:cup track:homestead to_year:2024: Kyle Larson first with 626 in 11 starts."""
    scope = Scope("laps_led", "cup", "Homestead-Miami Speedway", to_year=2024)
    report = await answers.leaders("laps_led", series="cup", track="homestead", to_year=2024)
    first = report.rows[0]
    assert (first.rank, first.driver, first.value, first.starts) == (1, "Kyle Larson", 626, 11)
    assert report.rows[1].value < 626
    races = {
        (r["Season"], r["Race"])
        for s, r in raw
        if s == "cup" and r["Track"] == scope.track and int(r["Season"]) <= 2024
    }
    assert report.races == len(races) == 26
    assert await _asked(answers, scope) == expected_table(raw, scope)


TABLES = [
    Scope("wins", "cup"),
    Scope("poles", "cup"),
    Scope("top5", "cup"),
    Scope("top10", "cup"),
    Scope("laps_led", "cup"),
    Scope("starts", "cup"),
    Scope("races_led", "cup"),
    Scope("avg_finish", "cup"),
    Scope("wins", "cup", from_year=2024, to_year=2024),
    Scope("laps_led", "cup", from_year=1970, to_year=1979),
    Scope("poles", "cup", from_year=1950, to_year=1962),
    Scope("wins", "cup", from_year=1949, to_year=1949),
    Scope("races_led", "cup", "Martinsville Speedway"),
    Scope("top5", "cup", "Daytona International Speedway", from_year=2001),
    Scope("avg_finish", "cup", "Talladega Superspeedway"),
    Scope("starts", "cup", "Richmond Raceway", to_year=1980, min_starts=20),
    Scope("poles", "cup", "Homestead-Miami Speedway"),
    Scope("poles", "truck"),
    Scope("starts", "truck"),
    Scope("wins", "truck", "Homestead-Miami Speedway"),
    Scope("top5", "truck", from_year=2015, to_year=2025),
    Scope("avg_finish", "truck", min_starts=100),
    Scope("avg_finish", "xfinity", from_year=2010, to_year=2020, min_starts=50),
    Scope("laps_led", "xfinity"),
    Scope("top10", "xfinity", "Bristol Motor Speedway", from_year=2000, to_year=2010),
    Scope("races_led", "xfinity", "Darlington Raceway"),
    Scope("wins", "xfinity", min_starts=300),
]


@pytest.mark.parametrize("scope", TABLES, ids=lambda s: "-".join(str(v) for v in vars(s).values() if v))
async def test_leader_tables_match_the_source(answers: Answers, raw: Raw, scope: Scope) -> None:
    """Ranks, drivers, figures and starts of the listed lines, and the ties counted past them."""
    expected = expected_table(raw, scope)
    assert expected[0], "a scope with leaders"
    assert await _asked(answers, scope) == expected


async def test_poles_before_recorded_grids_say_how_many_starts_lack_one(answers: Answers, raw: Raw) -> None:
    """Cup 1950–1962: the report counts the scope's starts without a grid, and each line's own."""
    scope = Scope("poles", "cup", from_year=1950, to_year=1962)
    counted = _counted(raw, scope)
    report = await answers.leaders("poles", series="cup", from_year=1950, to_year=1962)
    assert report.unknown_grid_starts == sum(c.gridless for c in counted.values()) > 0
    assert [row.unknown_grid_starts for row in report.rows] == [
        counted[row.driver].gridless for row in report.rows
    ]
    modern = await answers.leaders("poles", series="cup", from_year=2000)
    assert modern.unknown_grid_starts == sum(
        c.gridless for c in _counted(raw, Scope("poles", "cup", from_year=2000)).values()
    )


async def test_track_leaders_are_the_leader_tables_top_three(answers: Answers) -> None:
    """/track's wins, poles and laps led lists are /leaders' first three lines there."""
    track = await answers.track("martinsville")
    for label, stat in (
        ("Most wins", "wins"),
        ("Most starts from pole", "poles"),
        ("Most laps led", "laps_led"),
    ):
        table = await answers.leaders(stat, series="cup", track="martinsville")
        listed = [(leader.driver, leader.count) for leader in dict(track.leaders)[label]]
        assert listed == [(row.driver, row.value) for row in table.rows[:3]]
