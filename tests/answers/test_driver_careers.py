"""/driver over a span, at a track, with every start: answers audited against the raw CSVs (plain Python).

The expected figures are counted here from `tests.history_truth` rows, sharing no code with the race
book: a start is a row with a finish, a DNF a start whose status is known ("-" is not) and is not
"running", a start from pole a start from slot 1, a race led a start
with a lap led, the best season the one with most wins, then top 5s, top 10s, the better average finish.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.errors import NoData
from bot.answers.service import Answers
from tests.fulldata import history_answers
from tests.history_truth import corrected_rows

pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]

SERIES_NAMES = {"cup": "cup", "xfinity": "xfinity", "truck": "truck"}


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> list[tuple[str, dict[str, str]]]:
    return list(corrected_rows(shared_data / "nascar"))


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def answers(history_db: str, history_snapshots: Path) -> AsyncIterator[Answers]:
    async with history_answers(history_db, history_snapshots) as service:
        yield service


def _expected(
    raw: list[tuple[str, dict[str, str]]], driver: str, series: str, track: str | None, low: int, high: int
) -> tuple[object, ...]:
    """(starts, wins, top 5s, top 10s, poles, laps led, races led, DNFs, first win, last win, best season)."""
    starts = wins = top5 = top10 = poles = led = races_led = dnfs = 0
    win_seasons: list[tuple[int, int]] = []
    seasons: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])  # wins, top5, top10, sum, n
    for code, row in raw:
        if code != series or row["Driver"] != driver or not row["Finish"]:
            continue
        season = int(row["Season"])
        if (track is not None and row["Track"] != track) or not low <= season <= high:
            continue
        finish, start, laps_led = int(row["Finish"]), int(row["Start"] or 0), int(row["Led"] or 0)
        starts += 1
        wins += finish == 1
        top5 += finish <= 5
        top10 += finish <= 10
        poles += start == 1
        led += laps_led
        races_led += laps_led > 0
        dnfs += row["Status"] not in ("running", "-")
        if finish == 1:
            win_seasons.append((season, int(row["Race"])))
        line = seasons[season]
        line[0] += finish == 1
        line[1] += finish <= 5
        line[2] += finish <= 10
        line[3] += finish
        line[4] += 1
    best = min(
        seasons,
        key=lambda s: (-seasons[s][0], -seasons[s][1], -seasons[s][2], seasons[s][3] / seasons[s][4], s),
    )
    first_win = min(win_seasons)[0] if win_seasons else None
    last_win = max(win_seasons)[0] if win_seasons else None
    return (starts, wins, top5, top10, poles, led, races_led, dnfs, first_win, last_win, best)


CASES = [
    ("Kyle Larson", "cup", "Homestead-Miami Speedway", None, 2024),
    ("Richard Petty", "cup", None, None, None),
    ("Jeff Gordon", "cup", "Martinsville Speedway", None, None),
    ("Kyle Busch", "truck", None, 2010, 2020),
    ("Dale Earnhardt Jr.", "xfinity", None, None, None),
    ("Jimmie Johnson", "cup", "Dover International Speedway", 2005, 2010),
    ("Dale Earnhardt", "cup", "Daytona International Speedway", None, None),
    ("Ron Hornaday Jr.", "truck", None, 1995, 2000),
]


@pytest.mark.parametrize(("driver", "series", "track", "low", "high"), CASES)
async def test_career_figures_match_the_source(
    answers: Answers,
    raw: list[tuple[str, dict[str, str]]],
    driver: str,
    series: str,
    track: str | None,
    low: int | None,
    high: int | None,
) -> None:
    """Eleven figures per case, 88 in all, counted from the raw rows."""
    expected = _expected(raw, driver, series, track, low or 0, high or 9999)
    report = await answers.driver(driver, series=series, track=track, from_year=low, to_year=high)
    (record,) = report.records
    (career,) = report.careers
    found = (
        record.starts, record.wins, record.top5, record.top10, record.poles, record.laps_led, record.races_led,
        record.dnfs, career.first_win and career.first_win.season, career.last_win and career.last_win.season,
        career.best_season and career.best_season.season,
    )  # fmt: skip
    assert found == expected
    assert sum(line.starts for line in career.seasons) == record.starts


async def test_the_seed_larson_at_homestead_through_2024(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """11 starts, 1 win (2022), 5 top 5s, 626 laps led; the every-start page shows 90+ led in 4 of 11."""
    report = await answers.driver("kyle larson", series="cup", track="homestead", to_year=2024)
    (record,) = report.records
    (career,) = report.careers
    assert (record.starts, record.wins, record.top5, record.laps_led) == (11, 1, 5, 626)
    assert career.first_win is not None and career.first_win.season == 2022 == career.last_win.season  # type: ignore[union-attr]
    rows = sorted(
        (int(r["Season"]), int(r["Start"]), int(r["Finish"]), int(r["Led"] or 0), r["Status"])
        for s, r in raw
        if s == "cup" and r["Driver"] == "Kyle Larson" and r["Track"] == "Homestead-Miami Speedway"
        and int(r["Season"]) <= 2024
    )  # fmt: skip
    assert [(s.event.season, s.start, s.finish, s.laps_led, s.status) for s in career.starts] == rows
    assert sum(1 for start in career.starts if start.laps_led >= 90) == 4
    # His rank there in wins and laps led, as /leaders ranks (ties share the rank of the first).
    totals: dict[str, dict[str, int]] = {"wins": defaultdict(int), "laps_led": defaultdict(int)}
    for s, r in raw:
        if (
            s == "cup"
            and r["Track"] == "Homestead-Miami Speedway"
            and int(r["Season"]) <= 2024
            and r["Finish"]
        ):
            totals["wins"][r["Driver"]] += r["Finish"] == "1"
            totals["laps_led"][r["Driver"]] += int(r["Led"] or 0)
    expected = []
    for stat, by_driver in totals.items():
        ranked = [v for v in by_driver.values() if v]
        mine = by_driver["Kyle Larson"]
        expected.append((stat, 1 + sum(1 for v in ranked if v > mine), len(ranked)))
    assert career.ranks == tuple(expected)
    assert career.ranks[1][:2] == ("laps_led", 1)


async def test_a_span_without_races_says_so(answers: Answers) -> None:
    """A span the driver did not race in, or one backwards, is a clear answer."""
    with pytest.raises(NoData, match="Kyle Larson has no races in the cup series from 1990 to 1995"):
        await answers.driver("kyle larson", series="cup", from_year=1990, to_year=1995)
    with pytest.raises(NoData, match="from_year 2024 is after to_year 2014"):
        await answers.driver("kyle larson", from_year=2024, to_year=2014)
