"""Helpers every embed shares."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.render.common import grid_method_line, ordinal
from tests.render.reports import EVENT


def test_ordinals() -> None:
    """English ordinals, including the teens."""
    assert [ordinal(n) for n in (1, 2, 3, 4, 8, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "8th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "111th",
    ]


@pytest.mark.parametrize(
    ("method", "line"),
    [
        ("qualifying", "Grid set by qualifying"),
        ("metric", "Grid set by metric (qualifying cancelled)"),
        (None, None),
        ("draw", None),
    ],
)
def test_grid_method_line(method: str | None, line: str | None) -> None:
    """The feed's two ways of setting a grid in words; an unknown or unexpected method says nothing."""
    assert grid_method_line(replace(EVENT, grid_method=method)) == line
