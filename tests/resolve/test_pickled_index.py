"""A name index loaded from a start-up snapshot (a pickle) answers exactly as the one saved: its compact
tables (arrays, shared strings) must come back whole."""

from __future__ import annotations

import pickle

import pytest

from bot.resolve import Candidate, NameIndex, Resolution

DRIVER_QUERIES = ("kyle busch", "busch", "rowdy", "jj", "#5", "5", "larsen", "dale earnhardt sr", "kyl", "k")
TRACK_QUERIES = ("bristol", "bristol dirt", "dega", "the brickyard", "concord", "charlote", "d", "nash")
RACE_QUERIES = (
    "daytona 500",
    "2024 daytona 500",
    "coke 600",
    "southern 500",
    "bristol night race",
    "d",
    "cook",
)
SERIES = (None, "cup", "xfinity", "truck")


def _answers(index: NameIndex) -> list[Resolution | list[Candidate] | tuple[str, tuple[int, ...]] | bool]:
    """What every public lookup answers for the queries, in and out of a series and season."""
    answers: list[Resolution | list[Candidate] | tuple[str, tuple[int, ...]] | bool] = []
    for series in SERIES:
        for query in DRIVER_QUERIES:
            answers += [
                index.resolve_driver(query, series=series, season=2025),
                index.complete_driver(query, series=series),
                index.suggest_driver(query, series=series),
            ]
        for query in TRACK_QUERIES:
            answers += [index.resolve_track(query, series=series), index.complete_track(query, series=series)]
            answers += [index.suggest_track(query, series=series)]
        for query in RACE_QUERIES:
            answers += [
                index.resolve_race(query, series=series),
                index.resolve_race(query, series=series, season=2024),
                index.complete_race(query, series=series),
                index.suggest_race(query, series=series),
                index.race_seasons(query, series=series),
                index.names_race(query),
            ]
    for query in ("cup", "busch series", "tru", "xfinty"):
        answers += [index.resolve_series(query), index.complete_series(query), index.suggest_series(query)]
    return answers


def test_a_pickled_index_answers_alike(small_index: NameIndex) -> None:
    """Every lookup of the loaded index answers as the saved one did."""
    loaded = pickle.loads(pickle.dumps(small_index, protocol=pickle.HIGHEST_PROTOCOL))
    assert _answers(loaded) == _answers(small_index)


@pytest.mark.fulldata
def test_the_history_index_answers_alike_from_a_pickle(history_index: NameIndex) -> None:
    """Over the full history too, the loaded index answers as the saved one did."""
    loaded = pickle.loads(pickle.dumps(history_index, protocol=pickle.HIGHEST_PROTOCOL))
    assert _answers(loaded) == _answers(history_index)
