"""/compare on the full history audited against the raw CSVs plus the shipped corrections (plain Python).

The expected figures come from `tests.history_truth`, which shares no code with the importer or the
queries: the races both drivers finished (a start has a finishing position), and over exactly those each
one's wins, starts from pole, top 5s and 10s, laps led, races led, DNFs (a known status other than
running; "-" is unknown, counted apart), grid-less starts,
average start (over known grids) and finish, and who finished ahead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.errors import Ambiguous, NoData
from bot.answers.service import Answers
from bot.answers.snapshot import Snapshots
from db.store import Store, open_store
from kernel.reports import CompareReport, HeadToHeadSide
from tests.fulldata import HISTORY_NOW
from tests.history_truth import corrected_rows

pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]

Race = tuple[str, int, int]  # series, season, race


@pytest.fixture(scope="module")
def starts(shared_data: Path) -> dict[str, dict[Race, dict[str, str]]]:
    """Every driver's starts (rows with a finish), by race."""
    found: dict[str, dict[Race, dict[str, str]]] = {}
    for series, row in corrected_rows(shared_data / "nascar"):
        if row["Finish"]:
            found.setdefault(row["Driver"], {})[(series, int(row["Season"]), int(row["Race"]))] = row
    return found


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


@dataclass
class Side:
    """One driver's figures over the shared races, counted from raw rows."""

    ahead: int = 0
    wins: int = 0
    poles: int = 0
    top5: int = 0
    top10: int = 0
    laps_led: int = 0
    races_led: int = 0
    dnfs: int = 0
    unknown_status: int = 0
    starts_known: list[int] = field(default_factory=list)
    finishes: list[int] = field(default_factory=list)

    def add(self, row: dict[str, str], other: dict[str, str]) -> None:
        finish, start, led = int(row["Finish"]), int(row["Start"] or 0), int(row["Led"] or 0)
        self.ahead += finish < int(other["Finish"])
        self.wins += finish == 1
        self.poles += start == 1
        self.top5 += finish <= 5
        self.top10 += finish <= 10
        self.laps_led += led
        self.races_led += led > 0
        status = row["Status"].strip()
        self.dnfs += status not in ("running", "-", "")
        self.unknown_status += status in ("-", "")
        if start:
            self.starts_known.append(start)
        self.finishes.append(finish)

    def figures(self) -> tuple[object, ...]:
        known = self.starts_known
        return (self.ahead, self.wins, self.poles, self.top5, self.top10, self.laps_led, self.races_led,
                self.dnfs, self.unknown_status, len(self.finishes) - len(known), sum(known) / len(known) if known else None,
                sum(self.finishes) / len(self.finishes))  # fmt: skip


def _found(side: HeadToHeadSide) -> tuple[object, ...]:
    r = side.record
    return (side.ahead, r.wins, r.poles, r.top5, r.top10, r.laps_led, r.races_led, r.dnfs,
            r.unknown_status_starts, r.unknown_grid_starts, r.avg_start, r.avg_finish)  # fmt: skip


def shared(
    starts: dict[str, dict[Race, dict[str, str]]],
    a: str,
    b: str,
    *,
    track: str | None = None,
    from_year: int = 0,
    to_year: int = 9999,
) -> dict[Race, tuple[dict[str, str], dict[str, str]]]:
    return {
        race: (row, starts[b][race])
        for race, row in starts[a].items()
        if race in starts[b] and from_year <= race[1] <= to_year and (track is None or row["Track"] == track)
    }


def expected(
    races: dict[Race, tuple[dict[str, str], dict[str, str]]], series: str | None
) -> tuple[object, ...]:
    """(series, shared starts, first and last season, a's figures, b's figures, other series' counts)."""
    per_series = Counter(race[0] for race in races)
    order = ("cup", "xfinity", "truck")
    code = series or max(order, key=lambda s: (per_series[s], -order.index(s)))
    mine = {race: rows for race, rows in races.items() if race[0] == code}
    a, b = Side(), Side()
    for row_a, row_b in mine.values():
        a.add(row_a, row_b)
        b.add(row_b, row_a)
    seasons = [race[1] for race in mine]
    others = () if series else tuple((s, per_series[s]) for s in order if s != code and per_series[s])
    return (code, len(mine), min(seasons), max(seasons), a.figures(), b.figures(), others)


def found(report: CompareReport) -> tuple[object, ...]:
    return (report.series_code, report.shared_starts, report.first_season, report.last_season,
            _found(report.a), _found(report.b), report.other_series)  # fmt: skip


CASES = [
    # (typed a, typed b, stored a, stored b, series, track typed, track stored, from, to)
    ("kyle larson", "chase elliott", "Kyle Larson", "Chase Elliott", None, None, None, None, None),
    ("richard petty", "david pearson", "Richard Petty", "David Pearson", "cup", None, None, 1960, 1979),
    ("kyle busch", "kurt busch", "Kyle Busch", "Kurt Busch", None, None, None, None, None),
    ("ron hornaday jr", "jack sprague", "Ron Hornaday Jr.", "Jack Sprague", "truck", None, None, None, None),
    ("kyle larson", "chase elliott", "Kyle Larson", "Chase Elliott", "cup", "homestead",
     "Homestead-Miami Speedway", None, 2024),
    ("jeff gordon", "jimmie johnson", "Jeff Gordon", "Jimmie Johnson", None, None, None, 2002, 2010),
    ("lee petty", "herb thomas", "Lee Petty", "Herb Thomas", None, None, None, None, None),
    ("kevin harvick", "clint bowyer", "Kevin Harvick", "Clint Bowyer", "xfinity", None, None, None, None),
    ("bobby allison", "davey allison", "Bobby Allison", "Davey Allison", None, "talladega",
     "Talladega Superspeedway", None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("typed_a", "typed_b", "a", "b", "series", "track", "track_name", "first", "last"), CASES
)
async def test_head_to_head_matches_the_source(
    answers: Answers,
    starts: dict[str, dict[Race, dict[str, str]]],
    typed_a: str,
    typed_b: str,
    a: str,
    b: str,
    series: str | None,
    track: str | None,
    track_name: str | None,
    first: int | None,
    last: int | None,
) -> None:
    """Series, shared starts, seasons, and each one's eleven figures over them agree exactly."""
    races = shared(starts, a, b, track=track_name, from_year=first or 0, to_year=last or 9999)
    report = await answers.compare(
        typed_a, typed_b, series=series, track=track, from_year=first, to_year=last
    )
    assert (report.a.name, report.b.name, report.track_name) == (a, b, track_name)
    assert found(report) == expected(races, series)
    assert report.even == 0


async def test_larson_and_elliott_raced_together_most_in_cup(
    answers: Answers, starts: dict[str, dict[Race, dict[str, str]]]
) -> None:
    """No series: Cup is picked and the Xfinity and Truck races they both started are counted."""
    races = shared(starts, "Kyle Larson", "Chase Elliott")
    report = await answers.compare("kyle larson", "chase elliott")
    assert (report.series_code, report.series_picked) == ("cup", True)
    counts = Counter(race[0] for race in races)
    assert report.other_series == tuple((s, counts[s]) for s in ("xfinity", "truck") if counts[s])
    assert counts["xfinity"] > 0


async def test_dale_earnhardt_and_dale_earnhardt_jr_are_two_people(
    answers: Answers, starts: dict[str, dict[Race, dict[str, str]]]
) -> None:
    """Father and son, 1999-2001: two drivers, each with his own finishes in the races both started."""
    races = shared(starts, "Dale Earnhardt", "Dale Earnhardt Jr.")
    report = await answers.compare("Dale Earnhardt", "dale earnhardt jr")
    assert (report.a.name, report.b.name) == ("Dale Earnhardt", "Dale Earnhardt Jr.")
    assert report.a.driver_id != report.b.driver_id
    assert found(report) == expected(races, None)
    assert (report.first_season, report.last_season) == (1999, 2001)


async def test_ron_hornaday_twice_asks_which_one(answers: Answers) -> None:
    """'ron hornaday' is Jr. (far more prominent) but also fits his father: beside Jr. it asks which."""
    with pytest.raises(Ambiguous) as raised:
        await answers.compare("ron hornaday", "ron hornaday jr")
    assert (raised.value.query, raised.value.options) == (
        "ron hornaday",
        ("Ron Hornaday Jr.", "Ron Hornaday"),
    )
    with pytest.raises(NoData, match=r"^Ron Hornaday and Ron Hornaday Jr\. never started the same race"):
        await answers.compare("Ron Hornaday", "ron hornaday jr")


def _runs(seasons: set[int]) -> str:
    ordered = sorted(seasons)
    runs: list[list[int]] = []
    for season in ordered:
        if runs and runs[-1][-1] == season - 1:
            runs[-1].append(season)
        else:
            runs.append([season])
    return ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)


async def test_never_together_names_each_ones_seasons(
    answers: Answers, starts: dict[str, dict[Race, dict[str, str]]]
) -> None:
    """Larson and Richard Petty never met: the reply gives Petty's Cup seasons as the rows say."""
    petty = {season for series, season, _ in starts["Richard Petty"] if series == "cup"}
    larson = {season for series, season, _ in starts["Kyle Larson"] if series == "cup"}
    with pytest.raises(NoData) as raised:
        await answers.compare("kyle larson", "richard petty", series="cup")
    assert str(raised.value) == (
        "Kyle Larson and Richard Petty never started the same Cup race in the store. Seasons with a Cup "
        f"start: Kyle Larson {_runs(larson)}; Richard Petty {_runs(petty)}."
    )
