"""One definition of each figure, and its gaps said, on the full history against the raw CSVs (issue 20).

Every expected figure is counted here in plain Python from `tests.history_truth` rows, sharing no code
with the race book: a start from pole is a start (a row with a finish) from slot 1; a DNF a start whose
status is known ("-" is not) and is not "running"; laps led are unknown for a race where the source
credits nobody with one; a grid gap is a start with no slot.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.service import Answers
from bot.render.drivers import driver_embed
from bot.render.leaders import leaders_embed
from bot.render.races import grid_pages, most_led_line, results_pages
from db.store.ledger import RaceBook
from db.store.ledger.leaders import leader_table
from db.store.ledger.races import finishing_order, starting_grid
from kernel.reports import GridReport, ResultsReport
from tests.fulldata import history_answers
from tests.history_truth import corrected_rows

pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]

Race = tuple[str, int, int]  # series, season, race
Raw = dict[Race, list[dict[str, str]]]


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> Raw:
    """Every standing row, by race."""
    races: Raw = defaultdict(list)
    for series, row in corrected_rows(shared_data / "nascar"):
        races[(series, int(row["Season"]), int(row["Race"]))].append(row)
    return dict(races)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def answers(history_db: str, history_snapshots: Path) -> AsyncIterator[Answers]:
    async with history_answers(history_db, history_snapshots) as service:
        yield service


def _starts(raw: Raw, series: str, driver: str) -> list[tuple[Race, dict[str, str]]]:
    return [(race, row) for race, rows in raw.items() if race[0] == series for row in rows
            if row["Driver"] == driver and row["Finish"]]  # fmt: skip


def _led_recorded(rows: list[dict[str, str]]) -> bool:
    return any(int(row["Led"] or 0) > 0 for row in rows)


def _event(book: RaceBook, race: Race) -> int:
    series, season, number = race
    return next(e for e in book.by_season[(series, season)] if book.events[e].round == number)


@pytest.mark.parametrize("driver", ["Jeff Gordon", "Dale Earnhardt", "Richard Petty"])
async def test_starts_from_pole_are_every_start_from_slot_one(
    answers: Answers, raw: Raw, driver: str
) -> None:
    """Gordon 89, Earnhardt 26, Petty 127 starts from slot 1 (the official pole awards are 81, 22 and 123:
    grids set by points after rain count here), labelled as what they are; "≥" only where a start
    lacks a grid, with those starts' seasons."""
    starts = _starts(raw, "cup", driver)
    first = sum(1 for _, row in starts if row["Start"] == "1")
    gridless = sorted(race[1] for race, row in starts if row["Start"] in ("", "0"))
    report = await answers.driver(driver, series="cup")
    (record,) = report.records
    assert (record.poles, record.unknown_grid_starts) == (first, len(gridless))
    assert record.grid_gap_seasons == tuple(sorted(set(gridless)))
    value = driver_embed(report).to_dict()["fields"][0]["value"]
    assert f"Started from pole **{'≥' if gridless else ''}{first}**" in value
    assert ("starts from pole may be more" in value) == bool(gridless)
    ranked = leader_table(answers.book, "poles", series="cup")
    assert next(int(row.value) for row in ranked if row.driver == driver) == first


async def test_the_three_counts_as_the_issue_found_them(raw: Raw) -> None:
    """The raw rows hold 89, 26 and 127 starts from slot 1."""
    counted = {
        driver: sum(1 for _, row in _starts(raw, "cup", driver) if row["Start"] == "1")
        for driver in ("Jeff Gordon", "Dale Earnhardt", "Richard Petty")
    }
    assert counted == {"Jeff Gordon": 89, "Dale Earnhardt": 26, "Richard Petty": 127}


async def test_curtis_turner_1949_unknown_statuses_are_not_dnfs(answers: Answers, raw: Raw) -> None:
    """1949: his "-" statuses (three of them 9th places) are unknown, not DNFs, and the answer says so."""
    season = [row for race, row in _starts(raw, "cup", "Curtis Turner") if race[1] == 1949]
    unknown = [row for row in season if row["Status"] == "-"]
    dnfs = sum(1 for row in season if row["Status"] not in ("running", "-"))
    assert sum(1 for row in unknown if row["Finish"] == "9") == 3
    report = await answers.driver("curtis turner", series="cup", from_year=1949, to_year=1949)
    (record,) = report.records
    assert (record.starts, record.dnfs, record.unknown_status_starts) == (len(season), dnfs, len(unknown))
    value = driver_embed(report).to_dict()["fields"][0]["value"]
    assert f"Status unknown for {len(unknown)} of {len(season)} starts: not counted as DNFs." in value
    assert report.careers[0].seasons[0].season == 1949 and "(1949)" in driver_embed(report).fields[0].name


async def test_dnfs_in_compare_match_the_results_definition(answers: Answers, raw: Raw) -> None:
    """/compare and /results count a DNF the same way: one race of 1949, every car."""
    race = ("cup", 1949, 1)
    lines = finishing_order(answers.book, _event(answers.book, race))
    rows = raw[race]
    assert sum(1 for line in lines if line.status is not None and line.status != "running") == sum(
        1 for row in rows if row["Finish"] and row["Status"] not in ("running", "-")
    )
    assert sum(1 for line in lines if line.status is None) == sum(
        1 for row in rows if row["Finish"] and row["Status"] == "-"
    )


def _shared_slot_races(raw: Raw) -> dict[Race, Counter[str]]:
    found = {}
    for race, rows in raw.items():
        slots = Counter(row["Start"] for row in rows if row["Start"] not in ("", "0"))
        if any(count > 1 for count in slots.values()):
            found[race] = slots
    return found


async def test_cars_sharing_a_slot_are_all_on_the_grid(answers: Answers, raw: Raw) -> None:
    """105 races put two cars in one slot (131 cars): every such grid lists every car with a slot, and
    the first page says which slots are shared."""
    shared = _shared_slot_races(raw)
    assert (len(shared), sum(c - 1 for slots in shared.values() for c in slots.values() if c > 1)) == (
        105,
        131,
    )
    book = answers.book
    for race, slots in shared.items():
        grid, _ = starting_grid(book, _event(book, race))
        assert Counter(str(slot.position) for slot in grid) == slots, race
    race = min(shared)
    grid, _ = starting_grid(book, _event(book, race))
    first = grid_pages(GridReport(book.events[_event(book, race)], grid, False))[0].to_dict()
    doubled = sorted(int(slot) for slot, count in shared[race].items() if count > 1)
    assert f"two cars in slot{'s' if len(doubled) > 1 else ''} {doubled[0]}" in first["description"]


async def test_grids_over_fifty_cars_show_every_car_on_a_second_page(answers: Answers, raw: Raw) -> None:
    """21 races (1950–73) had more than 50 cars with a slot: every car shows, slots 1–50 on page 1 and
    the rest on page 2, which page 1 says."""
    big = {
        race: sum(1 for row in rows if row["Start"] not in ("", "0"))
        for race, rows in raw.items()
        if sum(1 for row in rows if row["Start"] not in ("", "0")) > 50
    }
    assert len(big) == 21 and min(season for _, season, _ in big) == 1950
    assert max(season for _, season, _ in big) == 1973
    book = answers.book
    for race, cars in big.items():
        event_id = _event(book, race)
        grid, _ = starting_grid(book, event_id)
        pages = [page.to_dict() for page in grid_pages(GridReport(book.events[event_id], grid, False))]
        listed = [[line for f in page["fields"] for line in f["value"].splitlines()[2:-1]] for page in pages]
        assert (len(pages), sum(map(len, listed))) == (2, cars), race
        assert all(int(line.split()[0]) <= 50 for line in listed[0])  # 25 rows of two on page 1
        assert f"{cars} cars: the last {len(listed[1])} on the next page." in pages[0]["description"]


async def test_a_tie_for_most_laps_led_names_everyone_tied(answers: Answers, raw: Raw) -> None:
    """36 races have a tie for most laps led; the answer names every driver of the tie."""
    ties = {}
    for race, rows in raw.items():
        most = max(int(row["Led"] or 0) for row in rows)
        leaders = [row["Driver"] for row in rows if most and int(row["Led"] or 0) == most]
        if len(leaders) > 1:
            ties[race] = (leaders, most)
    assert len(ties) == 36
    book = answers.book
    for race, (leaders, most) in ties.items():
        line = most_led_line(finishing_order(book, _event(book, race)))
        assert line.startswith("Most laps led: ") and line.endswith(f"({most:,} each)"), race
        assert all(name in line for name in leaders), race


async def test_laps_led_gaps_of_1973_are_said(answers: Answers, raw: Raw) -> None:
    """1973 Cup: laps led recorded for 2 of 28 races. /results says so for the others; /leaders and
    /driver count the starts lacking them and name the season."""
    season = {race: rows for race, rows in raw.items() if race[:2] == ("cup", 1973)}
    recorded = [race for race, rows in season.items() if _led_recorded(rows)]
    assert (len(recorded), len(season)) == (2, 28)
    book = answers.book
    unrecorded = min(race for race in season if race not in recorded)
    event_id = _event(book, unrecorded)
    report = ResultsReport(book.events[event_id], finishing_order(book, event_id), True)
    assert "Laps led: not recorded for this race" in (results_pages(report)[0].description or "")
    gaps = sum(1 for race, rows in season.items() if race not in recorded for row in rows if row["Finish"])
    table = await answers.leaders("laps_led", series="cup", from_year=1973, to_year=1973)
    assert (table.unknown_led_starts, table.gap_seasons) == (gaps, (1973,))
    note = (
        f"≥: Laps led unknown for {gaps:,} starts in this scope (1973): laps led and races led may be more."
    )
    assert note in (leaders_embed(table).description or "")
    petty = [
        race for race, row in _starts(raw, "cup", "Richard Petty") if race[1] == 1973 and race not in recorded
    ]
    (record,) = (await answers.driver("richard petty", series="cup", from_year=1973, to_year=1973)).records
    assert (record.unknown_led_starts, record.led_gap_seasons) == (len(petty), (1973,))


async def test_xfinity_grid_gaps_are_1982_and_1983_from_the_data(answers: Answers, raw: Raw) -> None:
    """The "≥" note names the seasons the grids are missing in, from the data: Xfinity's are 1982–83,
    and no fixed "before 1963"."""
    gridless = [race for race, rows in raw.items() if race[0] == "xfinity" for row in rows
                if row["Finish"] and row["Start"] in ("", "0")]  # fmt: skip
    seasons = tuple(sorted({season for _, season, _ in gridless}))
    assert seasons == (1982, 1983)
    table = await answers.leaders("poles", series="xfinity")
    assert (table.unknown_grid_starts, table.gap_seasons) == (len(gridless), seasons)
    description = leaders_embed(table).description or ""
    assert f"≥: Grid unknown for {len(gridless):,} starts in this scope (1982, 1983)" in description
    assert "1963" not in description
    modern = await answers.leaders("poles", series="xfinity", from_year=1990)
    assert (modern.unknown_grid_starts, modern.gap_seasons) == (0, ())
    assert "unknown" not in (leaders_embed(modern).description or "")
