"""Champions in answers: a driver's titles from the champions table, and which race is a season's finale."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.answers.champions import FEWEST_RACES, finale_champion, season_champion, titles_of
from db.store.ledger import RaceBook
from kernel.careers import SeriesTitles
from tests.render.reports import EVENT


def season_book(rounds: list[int]) -> RaceBook:
    """A 2025 Cup season holding the given rounds (event id = round)."""
    events = {n: replace(EVENT, id=n, series_code="cup", round=n) for n in rounds}
    return RaceBook(events, {}, {}, {}, {}, by_season={("cup", 2025): sorted(rounds)})


def test_the_last_round_of_a_whole_season_names_its_champion() -> None:
    book = season_book(list(range(1, 37)))
    assert finale_champion(book, book.events[36]) == season_champion("cup", 2025) == "Kyle Larson"
    assert finale_champion(book, book.events[35]) is None


@pytest.mark.parametrize(
    "rounds",
    [[1], list(range(1, FEWEST_RACES)), [n for n in range(1, 37) if n != 20]],
    ids=["one race", "fewer races than any season", "a round missing"],
)
def test_part_of_a_season_has_no_finale(rounds: list[int]) -> None:
    book = season_book(rounds)
    assert finale_champion(book, book.events[rounds[-1]]) is None


def test_titles_per_series_within_the_span() -> None:
    assert titles_of("Kyle Busch") == (SeriesTitles("cup", (2015, 2019)), SeriesTitles("xfinity", (2009,)))
    assert titles_of("Kyle Busch", series="xfinity") == (SeriesTitles("xfinity", (2009,)),)
    assert titles_of("Kyle Busch", from_year=2016) == (SeriesTitles("cup", (2019,)),)
    assert titles_of("Kyle Busch", to_year=2008) == ()


def test_an_undecided_season_has_no_champion() -> None:
    assert season_champion("cup", 2026) is None
