"""Answers.leaders on a small store: options resolved, Cup by default, clear errors, cached by every option."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from bot.answers import careers
from bot.answers.errors import BadInput, NoData
from bot.answers.service import Answers
from db.store import Store
from db.store.ledger.leaders import leaders_report
from tests.store.builders import Row, add_race


@pytest.fixture
async def answers(empty_store: Store) -> Answers:
    """Cup at Bristol in 2000 and 2001, Truck at Homestead in 2000."""
    for season in (2000, 2001):
        rows = [Row("Kyle Busch", 1, 1, led=100), Row("Kurt Busch", 2, 2, led=5), Row("Jeff Gordon", 3, 3)]
        await add_race(
            empty_store, series="cup", season=season, round=1, track="Bristol Motor Speedway", rows=rows
        )
    await add_race(
        empty_store, series="truck", season=2000, round=1, track="Homestead-Miami Speedway",
        rows=[Row("Ron Hornaday Jr.", 1, 1, led=50)],
    )  # fmt: skip
    service = Answers(empty_store, clock=lambda: datetime(2026, 1, 1, tzinfo=UTC))
    await service.refresh()
    return service


async def test_cup_by_default_with_the_track_typed_as_fans_do(answers: Answers) -> None:
    report = await answers.leaders("laps_led", track="bristol")
    assert (report.series_code, report.track_name, report.races) == ("cup", "Bristol Motor Speedway", 2)
    assert [(row.driver, row.value) for row in report.rows] == [("Kyle Busch", 200), ("Kurt Busch", 10)]
    assert report.freshness.results_through is not None


async def test_another_series_by_any_of_its_names(answers: Answers) -> None:
    report = await answers.leaders("wins", series="craftsman truck series")
    assert (report.series_code, [row.driver for row in report.rows]) == ("truck", ["Ron Hornaday Jr."])


async def test_from_after_to_is_a_clear_error(answers: Answers) -> None:
    with pytest.raises(NoData, match="from_year 2001 is after to_year 2000: swap them"):
        await answers.leaders("wins", from_year=2001, to_year=2000)


async def test_an_unknown_statistic_names_the_choices(answers: Answers) -> None:
    with pytest.raises(BadInput, match=r"No statistic 'speed'\. Choose one of: wins, poles, .*avg_finish"):
        await answers.leaders("speed")


async def test_a_scope_without_races_says_so(answers: Answers) -> None:
    with pytest.raises(
        NoData, match=r"^No cup races at Homestead-Miami Speedway with results in the store\.$"
    ):
        await answers.leaders("wins", track="homestead")
    with pytest.raises(NoData, match=r"^No cup races up to 1990 with results in the store\.$"):
        await answers.leaders("wins", to_year=1990)


async def test_nobody_meeting_the_minimum_says_why(answers: Answers) -> None:
    """Two starts each: the default 10 for average finish leaves nobody, and the answer says so."""
    with pytest.raises(NoData, match=r"none has at least 10 starts there\. Try a lower min_starts"):
        await answers.leaders("avg_finish")
    assert len((await answers.leaders("avg_finish", min_starts=2)).rows) == 3


async def test_every_option_keys_the_cache(answers: Answers, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same question twice is one computation; any other option is another."""
    computed: list[str] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        computed.append(args[1])
        return leaders_report(*args, **kwargs)

    monkeypatch.setattr(careers, "leaders_report", counted)
    await answers.leaders("wins", series="cup")
    await answers.leaders("wins")
    assert computed == ["wins"]
    for other in ({"from_year": 2001}, {"to_year": 2001}, {"min_starts": 2}, {"track": "bristol"}):
        await answers.leaders("wins", **other)
    await answers.leaders("poles")
    assert computed == ["wins"] * 5 + ["poles"]
