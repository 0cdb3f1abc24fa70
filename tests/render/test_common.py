"""Helpers every embed shares."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import discord
import pytest

from bot.render.common import DATA_FOOTER, SAMPLE_FOOTER, grid_method_line, ordinal, with_footer
from kernel.reports import Freshness
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


def test_footer_says_how_far_results_reach_and_when_the_sync_ran() -> None:
    """Results through the newest race ("results" said once); with live sync on, the embed's timestamp is
    the last round."""
    synced = datetime(2026, 6, 27, 18, 5, tzinfo=UTC)
    embed = with_footer(discord.Embed(), Freshness(results_through=EVENT, synced_at=synced))
    assert embed.footer.text == (
        "racebot · results from the local store · through 2025 Truck race 4 "
        "(Homestead-Miami Speedway) · live sync, last run"
    )
    assert embed.timestamp == synced
    plain = with_footer(discord.Embed(), Freshness())
    assert (plain.footer.text, plain.timestamp) == (DATA_FOOTER, None)
    assert with_footer(discord.Embed(), Freshness(sample_only=True)).footer.text == SAMPLE_FOOTER
