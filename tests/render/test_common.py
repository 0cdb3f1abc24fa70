"""Helpers every embed shares."""

from __future__ import annotations

from bot.render.common import ordinal


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
