"""The asked season always wins, on the full history against the raw CSVs (plain Python): a year picks
that season's edition of a classic race or says it did not run then, a track names its other races that
season, and a pole's earlier poles there are the ones before it.

A classic name in db/aliases/races.csv stands for its race (the title it points at, and every name
pointing at that title); the race's home is the track and series where a race of exactly that title ran,
and its edition in a season is the home's race whose name holds all the words of one of those names,
the fewest other words breaking a tie ("Daytona 500", not "Daytona 500 Qualifer #1").
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.errors import BadInput, NoData
from bot.answers.service import Answers
from bot.render.poles import pole_embed
from tests.fulldata import history_answers
from tests.history_truth import ROOT, corrected_rows

pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]

RACES_CSV = ROOT / "db" / "aliases" / "races.csv"
DAYTONA = "Daytona International Speedway"


@dataclass(frozen=True)
class Race:
    series: str
    season: int
    round: int
    name: str
    track: str


def words(name: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", name.lower().replace("'", "")))


@pytest.fixture(scope="module")
def races(shared_data: Path) -> list[Race]:
    found = {
        (series, int(row["Season"]), int(row["Race"])): (row["Name"], row["Track"])
        for series, row in corrected_rows(shared_data / "nascar")
    }
    return [Race(s, season, rnd, name, track) for (s, season, rnd), (name, track) in sorted(found.items())]


@pytest.fixture(scope="module")
def classic_editions(races: list[Race]) -> dict[str, dict[int, Race]]:
    """Each classic name and title of races.csv -> season -> that season's edition of its race."""
    with RACES_CSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    names_of: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        names_of[row["target"]] |= {row["target"], row["alias"]}
    editions: dict[str, dict[int, Race]] = {}
    for title, names in names_of.items():
        homes = {(r.track, r.series) for r in races if words(r.name) == words(title)}
        by_season: dict[int, tuple[int, Race]] = {}
        for race in races:
            fits = [len(words(race.name) - words(n)) for n in names if words(n) <= words(race.name)]
            if (race.track, race.series) in homes and fits:
                by_season[race.season] = min(by_season.get(race.season, (99, race)), (min(fits), race),
                                             key=lambda pair: pair[0])  # fmt: skip
        for name in names:
            editions[name] = {season: race for season, (_, race) in by_season.items()}
    return editions


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def answers(history_db: str, history_snapshots: Path) -> AsyncIterator[Answers]:
    async with history_answers(history_db, history_snapshots) as service:
        yield service


async def test_every_classic_name_with_every_season_it_ran(
    answers: Answers, classic_editions: dict[str, dict[int, Race]]
) -> None:
    """/results race:<classic name> year:<season> is that season's edition, for every season it ran."""
    assert len(classic_editions["Southern 500"]) > 60 and len(classic_editions["Great American Race"]) > 60
    wrong = []
    for name, by_season in sorted(classic_editions.items()):
        for season, race in sorted(by_season.items()):
            event = (await answers.results(name, year=season)).event
            if (event.season, event.round, event.name, event.track_name) != (
                race.season, race.round, race.name, race.track
            ):  # fmt: skip
                wrong.append((name, season, event.season, event.name))
    assert wrong == []


@pytest.mark.parametrize(("name", "season"), [("southern 500", 2010), ("brickyard 400", 2005),
                                              ("coke 600", 1975), ("the great american race", 1961)])  # fmt: skip
async def test_grid_and_pole_keep_the_season_too(
    answers: Answers, classic_editions: dict[str, dict[int, Race]], name: str, season: int
) -> None:
    """/grid and /pole race: pick the same edition as /results."""
    classic = {key.lower().removeprefix("the "): value for key, value in classic_editions.items()}
    race = classic[name.removeprefix("the ")][season]
    grid = await answers.grid(name, year=season)
    pole = await answers.pole(race=name, year=season)
    assert (grid.event.season, grid.event.name) == (pole.event.season, pole.event.name) == (season, race.name)


async def test_the_2010_southern_500_is_hamlins(answers: Answers, shared_data: Path) -> None:
    """The 2010 Southern 500 (as SHOWTIME named it) and its winner, not 2025's."""
    winner = next(
        row["Driver"]
        for series, row in corrected_rows(shared_data / "nascar")
        if series == "cup" and row["Season"] == "2010" and row["Name"] == "SHOWTIME Southern 500"
        and row["Finish"] == "1"
    )  # fmt: skip
    report = await answers.results("southern 500", series="cup", year=2010)
    assert (report.event.name, report.lines[0].driver) == ("SHOWTIME Southern 500", winner)


@pytest.mark.parametrize(("text", "year"), [("daytona 500", 2026), ("daytona 500", 1955),
                                            ("southern 500", 2006), ("2006 southern 500", None)])  # fmt: skip
async def test_a_season_without_the_race_is_said(
    answers: Answers, classic_editions: dict[str, dict[int, Race]], text: str, year: int | None
) -> None:
    """A season the race did not run (or the store does not hold) is said, with the seasons it ran."""
    seasons = sorted(classic_editions["Southern 500" if "southern" in text else "DAYTONA 500"])
    runs: list[list[int]] = []
    for season in seasons:
        if runs and runs[-1][-1] == season - 1:
            runs[-1].append(season)
        else:
            runs.append([season])
    ran = ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)
    with pytest.raises(NoData) as raised:
        await answers.results(text, year=year)
    asked = year or int(text.split()[0])
    assert str(raised.value).startswith(f"No {asked} ")
    assert str(raised.value).endswith(f"in the store: the seasons it ran are {ran}.")


async def test_a_year_in_the_text_picks_the_season(answers: Answers, races: list[Race]) -> None:
    """ "2024 chicago street race" is the 2024 race at the Chicago street course, not 2025's."""
    expected = [r for r in races if r.series == "cup" and r.season == 2024 and "Chicago" in r.track]
    report = await answers.results("2024 chicago street race")
    assert [(report.event.season, report.event.name)] == [(r.season, r.name) for r in expected]


async def test_two_different_seasons_are_refused(answers: Answers) -> None:
    """A year in the text and another in the year option: the fan is asked for one."""
    with pytest.raises(BadInput, match=r"2024.*2023"):
        await answers.results("2024 daytona 500", year=2023)


async def test_daytona_in_a_season_is_the_daytona_500_naming_the_other(
    answers: Answers, races: list[Race]
) -> None:
    """/pole track:daytona year:2024 is the Daytona 500, and says the summer race was there too."""
    at_daytona = [r for r in races if r.series == "cup" and r.season == 2024 and r.track == DAYTONA]
    report = await answers.pole("daytona", year=2024)
    assert report.event.name == next(r.name for r in at_daytona if words(r.name) == words("Daytona 500"))
    assert [other.partition(" (")[0] for other in report.others] == [
        r.name for r in at_daytona if r.name != report.event.name
    ]
    assert "Also at this track that season: Coke Zero Sugar 400" in (pole_embed(report).description or "")


async def test_earlier_poles_are_the_ones_before_the_asked_race(answers: Answers, shared_data: Path) -> None:
    """/pole track:daytona year:1975: the five Cup races at Daytona before it, each named, not 2025's."""
    poles: dict[tuple[int, int], tuple[str, str]] = {}
    for series, row in corrected_rows(shared_data / "nascar"):
        if series == "cup" and row["Track"] == DAYTONA and row["Start"] == "1":
            poles[(int(row["Season"]), int(row["Race"]))] = (row["Name"], row["Driver"])
    report = await answers.pole("daytona", series="cup", year=1975)
    before = [key for key in sorted(poles, reverse=True) if key < (1975, report.event.round)][:5]
    assert [(r.event.season, r.event.name, r.pole) for r in report.recent_poles] == [
        (season, *poles[(season, rnd)]) for season, rnd in before
    ]
    field = next(f for f in pole_embed(report).fields if f.name == "Earlier Cup poles here")
    assert field.value is not None and f"1974 {poles[before[0]][0]}: {poles[before[0]][1]}" in field.value
