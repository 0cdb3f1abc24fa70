"""Answers on the full history audited against the raw CSVs plus the shipped corrections (plain Python).

The expected figures come from `tests.history_truth`, which shares no code with the importer or the
queries; the pinned facts are the ones fans caught (issue 10) and the seed article's.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.errors import NoData
from bot.answers.service import Answers
from bot.answers.snapshot import Snapshots
from db.store import Store, open_store
from db.store.ledger import load_race_book
from db.store.ledger.drivers import driver_report
from db.store.ledger.leaders import scope_tallies
from kernel.reports import SeriesRecord
from tests.fulldata import HISTORY_NOW
from tests.history_truth import corrected_rows

pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]


@dataclass
class Line:
    """A driver's figures in one series (at one track), counted from raw rows."""

    starts: int = 0
    wins: int = 0
    top5: int = 0
    top10: int = 0
    poles: int = 0
    laps_led: int = 0
    gridless: int = 0
    seasons: set[int] = field(default_factory=set)

    def add(self, row: dict[str, str]) -> None:
        if not row["Finish"]:
            return
        finish, start = int(row["Finish"]), int(row["Start"] or 0)
        self.starts += 1
        self.wins += finish == 1
        self.top5 += finish <= 5
        self.top10 += finish <= 10
        self.poles += start == 1
        self.laps_led += int(row["Led"] or 0)
        self.gridless += start == 0
        self.seasons.add(int(row["Season"]))

    def figures(self) -> tuple[int, ...]:
        return (self.starts, self.wins, self.top5, self.top10, self.poles, self.laps_led, self.gridless,
                min(self.seasons), max(self.seasons))  # fmt: skip


def _figures(record: SeriesRecord) -> tuple[int, ...]:
    r = record
    return (r.starts, r.wins, r.top5, r.top10, r.poles, r.laps_led, r.unknown_grid_starts, r.first_season,
            r.last_season)  # fmt: skip


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> list[tuple[str, dict[str, str]]]:
    return list(corrected_rows(shared_data / "nascar"))


def _lines(rows: Iterable[tuple[str, dict[str, str]]], *, by_track: bool) -> dict[tuple[str, ...], Line]:
    lines: dict[tuple[str, ...], Line] = defaultdict(Line)
    for series, row in rows:
        key = (row["Driver"], series, row["Track"]) if by_track else (row["Driver"], series)
        lines[key].add(row)
    return {key: line for key, line in lines.items() if line.starts}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def store(history_db: str) -> AsyncIterator[Store]:
    opened = await open_store(history_db)
    yield opened
    await opened.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def answers(store: Store, history_db: str, history_snapshots: Path) -> Answers:
    service = Answers(store, clock=lambda: HISTORY_NOW, snapshots=Snapshots(history_snapshots, history_db))
    await service.refresh()
    return service


async def test_every_career_matches_the_source(store: Store, raw: list[tuple[str, dict[str, str]]]) -> None:
    """Every driver's starts, wins, top 5s, top 10s, poles, laps led, grid-less starts and seasons per series."""
    expected = {key: line.figures() for key, line in _lines(raw, by_track=False).items()}
    book = await load_race_book(store.sessions)
    found = {
        (name, r.series_code): _figures(r)
        for driver_id, name in book.drivers.items()
        for r in driver_report(book, driver_id).records
        if r.starts
    }
    assert len(expected) > 5_000
    assert {k: (v, found.get(k)) for k, v in expected.items() if found.get(k) != v} == {}
    assert set(found) == set(expected)


async def test_every_driver_series_track_line_matches_the_source(
    store: Store, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """The same figures for every (driver, series, track) the history holds."""
    expected = {key: line.figures() for key, line in _lines(raw, by_track=True).items()}
    book = await load_race_book(store.sessions)
    found: dict[tuple[str, ...], tuple[int, ...]] = {}
    for track_id, series in book.at_track:
        for driver_id, tally in scope_tallies(book, (), series=series, track_id=track_id):
            record = tally.record(series)
            if record.starts:
                found[(book.drivers[driver_id], record.series_code, book.tracks[track_id].name)] = _figures(
                    record
                )
    assert len(expected) > 40_000
    assert {k: (v, found.get(k)) for k, v in expected.items() if found.get(k) != v} == {}
    assert set(found) == set(expected)


async def test_a_sample_of_driver_answers_matches_the_source(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """/driver through the answer service, exact name, for 200 drivers drawn at random: same figures."""
    lines = _lines(raw, by_track=False)
    by_driver: dict[str, dict[str, tuple[int, ...]]] = defaultdict(dict)
    for (name, series), line in lines.items():
        by_driver[name][series] = line.figures()
    for name in random.Random(10).sample(sorted(by_driver), 200):
        report = await answers.driver(name)
        assert {r.series_code: _figures(r) for r in report.records} == by_driver[name], name


def _count(raw: list[tuple[str, dict[str, str]]], driver: str, series: str, track: str | None = None) -> Line:
    line = Line()
    for code, row in raw:
        if row["Driver"] == driver and code == series and (track is None or row["Track"] == track):
            line.add(row)
    return line


async def test_petty_at_richmond_includes_the_1971_richmond_500(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """Re-filed from Charlotte Speedway: 63 starts, 13 wins, 4,480 laps led at Richmond."""
    expected = _count(raw, "Richard Petty", "cup", "Richmond Raceway")
    assert (expected.starts, expected.wins, expected.laps_led) == (63, 13, 4_480)
    (record,) = (await answers.driver("richard petty", track="richmond")).records
    assert (record.starts, record.wins, record.laps_led) == (63, 13, 4_480)
    assert _count(raw, "Richard Petty", "cup", "Charlotte Speedway").starts == 0
    with pytest.raises(NoData, match="Richard Petty has no races at Charlotte Speedway"):
        await answers.driver("richard petty", track="Charlotte Speedway")


async def test_van_gisbergen_at_portland_international_raceway(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """The Xfinity road races at PIR are filed there: 1 start, 1 win; and 2025 has a pole there."""
    expected = _count(raw, "Shane van Gisbergen", "xfinity", "Portland International Raceway")
    assert (expected.starts, expected.wins) == (1, 1)
    report = await answers.driver(
        "shane van gisbergen", series="xfinity", track="portland international raceway"
    )
    assert [(r.starts, r.wins) for r in report.records] == [(1, 1)]
    pole = await answers.pole("portland international raceway", series="xfinity", year=2025)
    winner_row = next(
        r
        for s, r in raw
        if s == "xfinity"
        and r["Season"] == "2025"
        and r["Track"] == "Portland International Raceway"
        and r["Start"] == "1"
    )
    assert pole.pole.driver == winner_row["Driver"]


async def test_heims_latest_entry_is_the_truck_championship(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """2025's Truck finale shares the last weekend with the other finales, after his September Cup start."""
    final_round = max(int(r["Race"]) for s, r in raw if s == "truck" and r["Season"] == "2025")
    finale = next(
        r for s, r in raw if s == "truck" and r["Season"] == "2025" and int(r["Race"]) == final_round
    )
    report = await answers.driver("corey heim")
    assert [(e.event.series_code, e.event.season, e.event.name) for e in report.latest] == [
        ("truck", 2025, finale["Name"])
    ]


async def test_jack_smith_in_trucks_is_the_one_who_raced_trucks(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """With series:truck only drivers who raced Trucks are candidates: Jack Smith (Ohio), 17 starts."""
    report = await answers.driver("jack smith", series="truck")
    assert report.name == "Jack Smith (Ohio)"
    assert [r.starts for r in report.records] == [_count(raw, "Jack Smith (Ohio)", "truck").starts] == [17]


async def test_ron_hornaday_is_the_truck_champion_and_the_reply_names_his_father(answers: Answers) -> None:
    """Plain 'ron hornaday' is Jr. (far more prominent) and says the name also fits Ron Hornaday;
    with series:truck only Jr. raced there; the exact stored name is Sr."""
    plain = await answers.driver("ron hornaday")
    assert (plain.name, plain.also) == ("Ron Hornaday Jr.", ("Ron Hornaday",))
    assert (await answers.driver("ron hornaday", series="truck")).name == "Ron Hornaday Jr."
    assert (await answers.driver("Ron Hornaday")).name == "Ron Hornaday"


async def test_poles_before_recorded_grids_are_a_lower_bound(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """Lee Petty: the start is unknown in 98 of his 427 Cup starts, and the record says so."""
    expected = _count(raw, "Lee Petty", "cup")
    assert (expected.gridless, expected.starts) == (98, 427)
    (record,) = (await answers.driver("lee petty")).records
    assert (record.unknown_grid_starts, record.starts, record.poles) == (98, 427, expected.poles)


async def test_a_race_without_a_grid_says_so_instead_of_an_older_pole(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """A track whose latest race has no recorded grid answers that, not some earlier race's pole."""
    latest: dict[str, tuple[int, int, str]] = {}
    gridded: set[tuple[str, int, int]] = set()
    for series, row in raw:
        if series != "cup":
            continue
        key = (int(row["Season"]), int(row["Race"]))
        latest[row["Track"]] = max(latest.get(row["Track"], (0, 0, "")), (*key, row["Name"]))
        if row["Start"] == "1":
            gridded.add((row["Track"], *key))
    track, (season, _, name) = next(
        (t, v)
        for t, v in sorted(latest.items())
        if (t, v[0], v[1]) not in gridded and sum(1 for s, r in raw if r["Track"] == t and r["Start"] == "1")
    )
    with pytest.raises(NoData, match=f"The {season} {name} at {track} has no starting grid in the store"):
        await answers.pole(track, series="cup")


async def test_grid_of_the_seed_race(answers: Answers, raw: list[tuple[str, dict[str, str]]]) -> None:
    """/grid race:homestead series:truck year:2025: the whole lineup by start position, as the rows say."""
    rows = [
        r
        for s, r in raw
        if s == "truck" and r["Season"] == "2025" and r["Track"] == "Homestead-Miami Speedway"
    ]
    by_start = sorted(
        (int(r["Start"]), r["Driver"], r["Car"], r["Team"]) for r in rows if r["Start"] not in ("", "0")
    )
    report = await answers.grid("homestead", series="truck", year=2025)
    assert [(s.position, s.driver, s.car_number, s.team) for s in report.slots] == by_start
    assert [(s.driver, s.car_number) for s in report.slots[:3]] == [
        ("Corey Heim", "11"),
        ("Tanner Gray", "15"),
        ("Kyle Larson", "07"),
    ]
    assert report.slots[2].team == "Spire Motorsports"


async def test_results_of_the_2024_daytona_500(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """/results daytona 500 year:2024 names William Byron, from 18th, and the whole field in order."""
    rows = [r for s, r in raw if s == "cup" and r["Season"] == "2024" and r["Race"] == "1"]
    expected = sorted((int(r["Finish"]), r["Driver"], int(r["Start"] or 0) or None) for r in rows)
    report = await answers.results("daytona 500", year=2024)
    assert [(line.finish, line.driver, line.start) for line in report.lines] == expected
    assert (report.lines[0].driver, report.lines[0].start, report.official) == ("William Byron", 18, True)


async def test_track_homestead(answers: Answers, raw: list[tuple[str, dict[str, str]]]) -> None:
    """/track homestead: 1.5 miles; Cup leaders in laps led as the rows add up; last five winners."""
    rows = [r for s, r in raw if s == "cup" and r["Track"] == "Homestead-Miami Speedway"]
    led: dict[str, int] = defaultdict(int)
    for row in rows:
        led[row["Driver"]] += int(row["Led"] or 0)
    winners = sorted(((int(r["Season"]), int(r["Race"])), r["Driver"]) for r in rows if r["Finish"] == "1")
    report = await answers.track("homestead")
    assert (report.length_miles, report.series_code) == (1.5, "cup")
    most_led = dict(report.leaders)["Most laps led"]
    assert [(leader.driver, leader.count) for leader in most_led] == sorted(
        led.items(), key=lambda kv: (-kv[1], kv[0])
    )[:3]
    assert [race.winner for race in report.recent] == [driver for _, driver in reversed(winners)][:5]


async def test_pole_at_homestead_with_its_history_there(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """Heim's 8th Truck pole, the five Truck poles there before it with winners, and how often pole won
    there."""
    rows = [r for s, r in raw if s == "truck" and r["Track"] == "Homestead-Miami Speedway"]
    races: dict[tuple[int, int], dict[str, str]] = defaultdict(dict)
    for row in rows:
        key = (int(row["Season"]), int(row["Race"]))
        if row["Start"] == "1":
            races[key]["pole"] = row["Driver"]
        if row["Finish"] == "1":
            races[key]["winner"] = row["Driver"]
    recent = [
        (season, races[(season, rnd)].get("pole"), races[(season, rnd)]["winner"])
        for season, rnd in sorted(races, reverse=True)
        if season < 2025
    ][:5]
    with_pole = [race for race in races.values() if "pole" in race]
    report = await answers.pole("homestead", series="truck", year=2025)
    assert (report.pole.driver, report.career_poles) == ("Corey Heim", 8)
    assert [(r.event.season, r.pole, r.winner) for r in report.recent_poles] == recent
    assert (report.pole_wins, report.poles_recorded) == (
        sum(race["pole"] == race.get("winner") for race in with_pole),
        len(with_pole),
    )


@pytest.mark.parametrize(("track", "name", "season"), [("homestead", "Homestead-Miami Speedway", 2025),
                                                        ("bristol", "Bristol Motor Speedway", 2010)])  # fmt: skip
async def test_pole_without_a_series_answers_for_every_series_there(
    answers: Answers, raw: list[tuple[str, dict[str, str]]], track: str, name: str, season: int
) -> None:
    """/pole <track>: the Cup pole of the latest race there, then the other series' latest poles there that
    season, as the rows say (the history has no dates, so "that season" is what can be shown)."""
    latest: dict[str, tuple[int, str, str, str]] = {}
    for series, row in raw:
        if row["Track"] == name and row["Season"] == str(season) and row["Start"] == "1":
            latest[series] = max(
                latest.get(series, (0, "", "", "")),
                (int(row["Race"]), row["Driver"], row["Car"], row["Name"]),
            )
    report = await answers.pole(track, year=season)
    assert (report.event.series_code, report.pole.driver) == ("cup", latest["cup"][1])
    assert [(p.event.series_code, p.driver, p.car_number, p.event.name) for p in report.other_series] == [
        (series, *latest[series][1:]) for series in ("xfinity", "truck") if series in latest
    ]
    assert (await answers.pole(track, series="cup", year=season)).other_series == ()


async def test_pole_of_a_race_named(answers: Answers, raw: list[tuple[str, dict[str, str]]]) -> None:
    """/pole race:2024 daytona 500: the pole sitter of that race, as the rows say."""
    (pole,) = [
        r["Driver"]
        for s, r in raw
        if s == "cup" and r["Season"] == "2024" and r["Race"] == "1" and r["Start"] == "1"
    ]
    report = await answers.pole(race="2024 daytona 500")
    assert (report.event.season, report.event.round, report.pole.driver) == (2024, 1, pole)
    assert report.other_series == ()


async def test_footer_says_results_reach_the_newest_race(
    answers: Answers, raw: list[tuple[str, dict[str, str]]]
) -> None:
    """Freshness: results through the newest season's last Cup race (the finales share a weekend, Cup last)."""
    season = max(int(r["Season"]) for _, r in raw)
    last = max((int(r["Race"]), r["Track"]) for s, r in raw if s == "cup" and int(r["Season"]) == season)
    newest = answers.freshness.results_through
    assert newest is not None
    assert (newest.series_code, newest.season, newest.round, newest.track_name) == ("cup", season, *last)
