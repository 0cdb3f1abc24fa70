"""Issue 21 on the full history, audited against the raw CSVs and the champions table read in plain Python:
/leaders points earned (the sum of `Pts`, saying where it is missing) and driver rating (the mean of
`Rating` over the starts that have one), the titles /driver lists, the champion on /schedule, and the
2025 Cup finale's results that name the race winner and the champion apart."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.errors import NoData
from bot.answers.service import Answers
from bot.render.drivers import driver_embed
from bot.render.races import results_title
from db.store.ledger.leaders import leader_table
from tests.fulldata import history_answers
from tests.history_truth import ROOT, corrected_rows

pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]

Raw = list[tuple[str, dict[str, str]]]
TOP, MOST_SHOWN = 10, 20


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> Raw:
    return list(corrected_rows(shared_data / "nascar"))


@pytest.fixture(scope="module")
def champions_table() -> dict[tuple[str, int], str]:
    """The shipped champions table as the file says it: (series, season) -> driver."""
    with (ROOT / "db" / "reference" / "champions.csv").open(encoding="utf-8", newline="") as handle:
        return {(r["series"], int(r["season"])): r["driver"] for r in csv.DictReader(handle)}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def answers(history_db: str, history_snapshots: Path) -> AsyncIterator[Answers]:
    async with history_answers(history_db, history_snapshots) as service:
        yield service


@dataclass
class Driver:
    rows: int = 0
    starts: int = 0
    points: int = 0
    pointless: int = 0
    rated: int = 0
    rating_sum: float = 0.0

    def add(self, row: dict[str, str]) -> None:
        self.rows += 1
        if row["Pts"]:
            self.points += int(row["Pts"])
        else:
            self.pointless += 1
        if row["Finish"]:
            self.starts += 1
            if row["Rating"]:
                self.rated += 1
                self.rating_sum += float(row["Rating"])


def counted(raw: Raw, series: str, low: int = 0, high: int = 10_000) -> dict[str, Driver]:
    drivers: defaultdict[str, Driver] = defaultdict(Driver)
    for code, row in raw:
        if code == series and low <= int(row["Season"]) <= high:
            drivers[row["Driver"]].add(row)
    return drivers


def listed(
    figures: dict[str, tuple[float, int]], *, ascending: bool = False
) -> list[tuple[int, str, float, int]]:
    """(rank, driver, figure, count) of the top 10 and their ties (up to 20 lines), as /leaders lists them."""
    values = [value for value, _ in figures.values()]

    def rank(value: float) -> int:
        return 1 + sum(1 for other in values if (other < value if ascending else other > value))

    table = sorted(((rank(v), name, v, n) for name, (v, n) in figures.items()), key=lambda line: line[:2])
    if len(table) <= TOP:
        return table
    tied = [line for line in table if line[0] <= table[TOP - 1][0]]
    return tied if len(tied) <= MOST_SHOWN else table[:TOP]


@pytest.mark.parametrize(
    ("series", "low", "high"),
    [("cup", 2014, 2024), ("cup", 1975, 2003), ("xfinity", 0, 10_000), ("truck", 2016, 2025)],
)
async def test_points_earned_are_the_raw_sums(
    answers: Answers, raw: Raw, series: str, low: int, high: int
) -> None:
    """Ranks, drivers, points and starts of the listed lines; rows without `Pts` counted, not taken for 0."""
    drivers = counted(raw, series, low, high)
    expected = listed({name: (d.points, d.starts) for name, d in drivers.items() if d.points})
    report = await answers.leaders(
        "points", series=series, from_year=low or None, to_year=None if high == 10_000 else high
    )
    assert [(row.rank, row.driver, row.value, row.starts) for row in report.rows] == expected
    assert report.unknown_points_starts == sum(d.pointless for d in drivers.values())
    assert report.gap_out_of == sum(d.rows for d in drivers.values())


async def test_whole_cup_points_say_where_pts_are_missing_and_where_scales_change(
    answers: Answers, raw: Raw
) -> None:
    """All Cup: the rows without `Pts` (1949–61, 1974) make each sum a lower bound, per driver too."""
    missing = {int(row["Season"]) for code, row in raw if code == "cup" and not row["Pts"]}
    drivers = counted(raw, "cup")
    report = await answers.leaders("points", series="cup")
    assert report.gap_seasons == tuple(sorted(missing))
    assert [row.unknown_points_starts for row in report.rows] == [
        drivers[row.driver].pointless for row in report.rows
    ]
    assert report.scale_changes == (1975, 2011, 2017)
    assert {1972, 1973} <= set(report.odd_seasons)


async def test_points_are_not_ranked_where_most_rows_lack_them(answers: Answers, raw: Raw) -> None:
    """Cup 1949–1960: more than a quarter of the rows have no `Pts`, so /standings' rule refuses a table."""
    drivers = counted(raw, "cup", 1949, 1960)
    missing, rows = sum(d.pointless for d in drivers.values()), sum(d.rows for d in drivers.values())
    assert missing / rows >= 0.25
    with pytest.raises(NoData, match=f"no points for {missing:,} of the {rows:,} starts"):
        await answers.leaders("points", series="cup", from_year=1949, to_year=1960)


async def test_points_on_another_scale_are_not_ranked(answers: Answers) -> None:
    with pytest.raises(NoData, match="scale the history's rows do not carry"):
        await answers.leaders("points", series="cup", from_year=1972, to_year=1973)


@pytest.mark.parametrize(
    ("series", "low", "min_starts"), [("cup", 2005, None), ("xfinity", 2010, 50), ("truck", 0, 100)]
)
async def test_rating_is_the_mean_of_the_raw_rating_column(
    answers: Answers, raw: Raw, series: str, low: int, min_starts: int | None
) -> None:
    """The mean `Rating` over each driver's rated starts, drivers with at least 10 (or min_starts) of them."""
    drivers = counted(raw, series, low)
    expected = listed(
        {
            name: (d.rating_sum / d.rated, d.rated)
            for name, d in drivers.items()
            if d.rated >= (min_starts or 10) and d.rating_sum
        }
    )
    report = await answers.leaders("rating", series=series, from_year=low or None, min_starts=min_starts)
    got = [(row.rank, row.driver, row.value, row.starts) for row in report.rows]
    assert [(rank, name, count) for rank, name, _, count in got] == [(r, n, c) for r, n, _, c in expected]
    assert [value for *_, value, _ in got] == pytest.approx([value for *_, value, _ in expected])
    assert report.unknown_rating_starts == sum(d.starts - d.rated for d in drivers.values())
    assert report.gap_out_of == sum(d.starts for d in drivers.values())


async def test_a_span_without_ratings_says_so(answers: Answers, raw: Raw) -> None:
    assert not any(row["Rating"] for code, row in raw if code == "cup" and 1990 <= int(row["Season"]) <= 2000)
    with pytest.raises(
        NoData, match="No driver ratings in cup races from 1990 to 2000: the history has them from 2005"
    ):
        await answers.leaders("rating", series="cup", from_year=1990, to_year=2000)


async def test_kyle_larsons_cup_rating(answers: Answers, raw: Raw) -> None:
    """One driver's average rating (his line in the whole table), from his raw rows."""
    ratings = [
        float(row["Rating"])
        for code, row in raw
        if code == "cup" and row["Driver"] == "Kyle Larson" and row["Finish"] and row["Rating"]
    ]
    [line] = [
        row for row in leader_table(answers.book, "rating", series="cup") if row.driver == "Kyle Larson"
    ]
    assert (line.value, line.starts) == (pytest.approx(sum(ratings) / len(ratings)), len(ratings))


async def test_richard_petty_lists_every_title_year(
    answers: Answers, champions_table: dict[tuple[str, int], str]
) -> None:
    """/driver Richard Petty: "7× Cup champion" and exactly the champions table's years."""
    years = sorted(
        season
        for (series, season), name in champions_table.items()
        if series == "cup" and name == "Richard Petty"
    )
    report = await answers.driver("Richard Petty")
    first = driver_embed(report).to_dict()["fields"][0]["value"].splitlines()[0]
    assert first == f"**{len(years)}× Cup champion** ({', '.join(map(str, years))})"
    assert len(years) == 7


async def test_titles_follow_the_span(answers: Answers, champions_table: dict[tuple[str, int], str]) -> None:
    report = await answers.driver("Jimmie Johnson", from_year=2006, to_year=2008)
    assert [t.seasons for t in report.titles] == [
        tuple(
            s
            for (c, s), n in sorted(champions_table.items())
            if c == "cup" and n == "Jimmie Johnson" and 2006 <= s <= 2008
        )
    ]
    at_track = await answers.driver("Jimmie Johnson", track="dover")
    assert at_track.titles == ()


async def test_the_2025_finale_names_the_winner_and_the_champion_apart(
    answers: Answers, raw: Raw, champions_table: dict[tuple[str, int], str]
) -> None:
    last = max(int(row["Race"]) for code, row in raw if code == "cup" and row["Season"] == "2025")
    winner = next(
        row["Driver"]
        for code, row in raw
        if code == "cup" and row["Season"] == "2025" and int(row["Race"]) == last and row["Finish"] == "1"
    )
    champion = champions_table[("cup", 2025)]
    assert (winner, champion) == ("Ryan Blaney", "Kyle Larson")
    report = await answers.results("2025 NASCAR Cup Series Championship", series="cup")
    assert report.champion == champion
    assert (
        results_title(report)
        == f"{winner} won the Championship race at Phoenix Raceway · {champion} is the 2025 champion"
    )


async def test_other_races_name_no_champion(answers: Answers) -> None:
    report = await answers.results("2025 daytona 500", series="cup")
    assert report.champion is None


@pytest.mark.parametrize(
    ("series", "season"), [("cup", 1992), ("cup", 2025), ("xfinity", 2025), ("truck", 1995)]
)
async def test_the_schedule_names_the_champion(
    answers: Answers, champions_table: dict[tuple[str, int], str], series: str, season: int
) -> None:
    report = await answers.schedule(series=series, season=season)
    assert report.champion == champions_table[(series, season)]
