"""/compare through the answer service on a small store: typed names in, a head to head or a clear error out."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from bot.answers.compare import never_met, same_driver, season_runs
from bot.answers.errors import Ambiguous, BadInput, NoData
from bot.answers.service import Answers
from db.store import Store
from tests.store.test_compare import ELLIOTT, LARSON, add_field


@pytest.fixture
async def answers(empty_store: Store) -> AsyncIterator[Answers]:
    await add_field(empty_store)
    service = Answers(empty_store, clock=lambda: datetime(2025, 1, 1, tzinfo=UTC))
    await service.refresh()
    yield service


async def test_typed_names_give_the_head_to_head(answers: Answers) -> None:
    """Surnames resolve; with no series the report is Cup's and says it was picked."""
    report = await answers.compare("larson", "elliott")
    assert (report.a.name, report.b.name, report.series_code, report.series_picked) == (
        LARSON,
        ELLIOTT,
        "cup",
        True,
    )
    assert (report.shared_starts, report.a.ahead, report.b.ahead) == (3, 2, 1)


async def test_options_narrow_the_scope(answers: Answers) -> None:
    """series, track and a span reach the query: one Xfinity race at Homestead in 2021."""
    report = await answers.compare(
        "kyle larson", "chase elliott", series="xfinity", track="homestead", from_year=2021, to_year=2021
    )
    assert (report.series_code, report.shared_starts, report.track_name, report.series_picked) == (
        "xfinity",
        1,
        "Homestead-Miami Speedway",
        False,
    )


async def test_the_same_driver_twice_says_so(answers: Answers) -> None:
    """Two spellings of one driver are one driver: name two."""
    with pytest.raises(BadInput, match=r"^Kyle Larson is the same driver twice; name two drivers\.$"):
        await answers.compare("kyle larson", "Kyle Larson")
    with pytest.raises(
        BadInput, match=r"^Kyle Larson is the same driver twice \('larson' and 'kyle larson'\); name two"
    ):
        await answers.compare("larson", "kyle larson")


async def test_never_together_names_the_scope_and_each_ones_seasons(answers: Answers) -> None:
    """Heim raced only Trucks: the reply says so, and Larson's seasons per series."""
    with pytest.raises(NoData) as raised:
        await answers.compare("kyle larson", "corey heim")
    assert str(raised.value) == (
        "Kyle Larson and Corey Heim never started the same race in the store. Seasons with a start: "
        "Kyle Larson: Cup 2020–2021, Xfinity 2021; Corey Heim: Truck 2019."
    )


async def test_never_together_in_a_series_at_a_track_and_span(answers: Answers) -> None:
    """The scope is named: series, track and span; the seasons are each one's in that series there."""
    with pytest.raises(NoData) as raised:
        await answers.compare("kyle larson", "chase elliott", series="cup", track="bristol", to_year=2019)
    assert str(raised.value) == (
        "Kyle Larson and Chase Elliott never started the same Cup race at Bristol Motor Speedway up to 2019 "
        "in the store. Seasons with a Cup start at Bristol Motor Speedway: Kyle Larson 2020–2021; "
        "Chase Elliott 2020."
    )


async def test_from_year_after_to_year_is_refused(answers: Answers) -> None:
    with pytest.raises(NoData, match="from_year 2021 is after to_year 2020"):
        await answers.compare("kyle larson", "chase elliott", from_year=2021, to_year=2020)


async def test_second_question_comes_from_the_cache(answers: Answers) -> None:
    """The same pair and options, typed differently, runs the head to head once."""
    await answers.compare("larson", "elliott", series="cup")
    misses = answers.cache.misses
    await answers.compare("Kyle Larson", "Chase Elliott", series="NASCAR Cup Series")
    assert answers.cache.misses == misses


async def test_the_order_of_the_pair_is_kept(answers: Answers) -> None:
    report = await answers.compare("elliott", "larson")
    assert (report.a.name, report.b.name) == (ELLIOTT, LARSON)


@pytest.mark.parametrize(
    ("seasons", "shown"),
    [
        ([], "none"),
        ([2019], "2019"),
        ([2013, 2014, 2015], "2013–2015"),
        ([1958, 1959, 1961, 1963, 1964], "1958–1959, 1961, 1963–1964"),
        ([1, 3, 5, 7, 9, 11, 13], "1, 3, 5, 7, 9, 11, …"),
    ],
)
def test_season_runs(seasons: list[int], shown: str) -> None:
    assert season_runs(seasons) == shown


def test_never_met_without_seasons_in_the_series_says_none() -> None:
    text = never_met(
        ("Richard Petty", "Corey Heim"),
        ({"cup": [1958, 1959]}, {"truck": [2019]}),
        series="truck",
        track=None,
        span="",
    )
    assert text.endswith("Seasons with a Truck start: Richard Petty none; Corey Heim 2019.")


def test_same_driver_with_another_fit_offers_the_pick_list_for_that_name() -> None:
    """'ron hornaday' could be Jr. or his father: the pick list replaces that option, not the exact one."""
    error = same_driver(
        "Ron Hornaday Jr.", ("ron hornaday", "Ron Hornaday Jr."), (("Ron Hornaday",), ()), series=None
    )
    assert isinstance(error, Ambiguous)
    assert (error.query, error.options) == ("ron hornaday", ("Ron Hornaday Jr.", "Ron Hornaday"))


def test_same_driver_prefers_the_second_name_for_the_pick_list() -> None:
    error = same_driver("A B", (" a ", " b "), (("A C",), ("A D",)), series="cup")
    assert isinstance(error, Ambiguous) and error.query == "b"


def test_same_driver_in_a_series_names_it() -> None:
    error = same_driver("Ron Hornaday Jr.", ("Ron Hornaday", "ron hornaday jr"), ((), ()), series="truck")
    assert str(error) == (
        "Ron Hornaday Jr. is the same driver twice ('Ron Hornaday' and 'ron hornaday jr' in Truck); "
        "name two drivers."
    )
