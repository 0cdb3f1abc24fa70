"""Names on the full history, checked against the raw CSVs (plain Python): an exact track name stands even
where the series never raced, and the reply then names the close tracks that series did race at."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from bot.answers.errors import NoData, NoMatch
from bot.answers.service import Answers
from tests.fulldata import history_answers
from tests.history_truth import corrected_rows

pytestmark = [pytest.mark.fulldata, pytest.mark.asyncio(loop_scope="module")]

CHARLOTTE_SPEEDWAY = "Charlotte Speedway"
LABELS = {"cup": "Cup", "xfinity": "Xfinity", "truck": "Truck"}

Raw = list[tuple[str, dict[str, str]]]


@pytest.fixture(scope="module")
def raw(shared_data: Path) -> Raw:
    return list(corrected_rows(shared_data / "nascar"))


@pytest.fixture(scope="module")
def tracks_raced(raw: Raw) -> dict[str, set[str]]:
    """Series code -> every track it raced at."""
    tracks: dict[str, set[str]] = defaultdict(set)
    for series, row in raw:
        tracks[series].add(row["Track"])
    return tracks


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def answers(history_db: str, history_snapshots: Path) -> AsyncIterator[Answers]:
    async with history_answers(history_db, history_snapshots) as service:
        yield service


def never(tracks_raced: dict[str, set[str]]) -> list[str]:
    never = [code for code, tracks in tracks_raced.items() if CHARLOTTE_SPEEDWAY not in tracks]
    assert never, "some series never raced at Charlotte Speedway"
    return never


def raced_at_named(message: str, code: str) -> list[str]:
    """The tracks a "never raced" reply names, after its fixed opening."""
    opening = f"{LABELS[code]} never raced at {CHARLOTTE_SPEEDWAY}; it raced at "
    assert message.startswith(opening) and message.endswith(".")
    return message[len(opening) : -1].split(", ")


async def test_exact_name_answers_for_that_track(answers: Answers, raw: Raw) -> None:
    """/pole track:Charlotte Speedway (with or without the Cup) is the 1949–56 track's last race, not
    Charlotte Motor Speedway's."""
    last = max(
        (int(row["Season"]), int(row["Race"]))
        for series, row in raw
        if series == "cup" and row["Track"] == CHARLOTTE_SPEEDWAY
    )
    for series in (None, "cup"):
        report = await answers.pole(CHARLOTTE_SPEEDWAY, series=series)
        assert (report.event.track_name, report.event.season, report.event.round) == (
            CHARLOTTE_SPEEDWAY,
            *last,
        )


async def test_a_series_that_never_raced_there_is_told_where_it_did(
    answers: Answers, tracks_raced: dict[str, set[str]]
) -> None:
    """/pole track:Charlotte Speedway series:xfinity says Xfinity never raced there and names its Charlotte
    tracks (every track named is one that series raced at)."""
    for code in never(tracks_raced):
        with pytest.raises(NoData) as raised:
            await answers.pole(CHARLOTTE_SPEEDWAY, series=code)
        named = raced_at_named(str(raised.value), code)
        assert set(named) <= tracks_raced[code]
        assert {track for track in tracks_raced[code] if "Charlotte" in track} <= set(named)
        assert len(named) <= 5


async def test_every_command_with_a_track_says_so(
    answers: Answers, tracks_raced: dict[str, set[str]]
) -> None:
    """/driver, /track and /grid with that track and series give the same reply as /pole."""
    code = never(tracks_raced)[0]
    with pytest.raises(NoData) as pole:
        await answers.pole(CHARLOTTE_SPEEDWAY, series=code)
    for call in (
        answers.driver("Kyle Larson", series=code, track=CHARLOTTE_SPEEDWAY),
        answers.track(CHARLOTTE_SPEEDWAY, series=code),
        answers.grid(CHARLOTTE_SPEEDWAY, series=code),
    ):
        with pytest.raises(NoData) as raised:
            await call
        assert str(raised.value) == str(pole.value)


async def test_a_year_and_a_nickname_in_race_text(answers: Answers, raw: Raw) -> None:
    """/results race:2024 dega is /results race:dega year:2024: the first 2024 Cup race at Talladega (no
    classic race there), the other named."""
    rounds = sorted(
        {
            (int(row["Race"]), row["Name"])
            for series, row in raw
            if series == "cup" and row["Season"] == "2024" and row["Track"] == "Talladega Superspeedway"
        }
    )
    typed = await answers.results("2024 dega")
    option = await answers.results("dega", year=2024)
    assert typed is option
    assert (typed.event.track_name, typed.event.season, typed.event.round) == (
        "Talladega Superspeedway",
        2024,
        rounds[0][0],
    )
    assert [other.partition(" (")[0] for other in typed.others] == [name for _, name in rounds[1:]]


async def test_a_question_names_the_race_it_asks_about(answers: Answers, raw: Raw) -> None:
    """/results race:who won the 2024 daytona 500 matches nothing but names the 2024 Daytona 500."""
    [name] = {
        row["Name"]
        for series, row in raw
        if series == "cup"
        and row["Season"] == "2024"
        and row["Track"] == "Daytona International Speedway"
        and "500" in row["Name"].split()
    }
    with pytest.raises(NoMatch) as raised:
        await answers.results("who won the 2024 daytona 500")
    assert raised.value.closest == (f"2024 {name} (Cup)",)
