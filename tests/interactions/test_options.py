"""Name options' autocomplete: within Discord's limits, narrowed by filled options, useful when empty."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bot.answers.service import Answers
from bot.interactions.options import DriverOption, SeriesOption, TrackOption
from bot.resolve import DriverEntry, NameIndex, TrackEntry
from kernel.naming import AliasEntry


@pytest.fixture(scope="module")
def answers() -> Answers:
    """An answer service over a hand-built index (autocomplete never reaches the store)."""
    drivers = [
        DriverEntry(i, f"Driver Number{i}", 10 + i, 0, 0, 2020, 2025, frozenset({"cup"}))
        for i in range(1, 60)
    ]
    drivers.append(DriverEntry(100, "Corey Heim", 80, 20, 8, 2019, 2025, frozenset({"truck"})))
    tracks = [
        TrackEntry(1, "Homestead-Miami Speedway", "Homestead", "FL", 70, 2025, frozenset({"cup", "truck"})),
        TrackEntry(2, "Talladega Superspeedway", "Lincoln", "AL", 120, 2025, frozenset({"cup"})),
        TrackEntry(3, "Long " + "X" * 130, None, None, 1, 2000, frozenset({"truck"})),
    ]
    aliases = [AliasEntry("series", "trucks", "truck", "short_name")]
    service = Answers(None, clock=lambda: None)  # type: ignore[arg-type]
    service.names = NameIndex.build(drivers=drivers, tracks=tracks, aliases=aliases)
    return service


async def _complete(option: Any, answers: Answers, text: str, **filled: Any) -> list[str]:
    """What Discord would show for `text` in `option` (at run time the Transformer itself), with `filled`."""
    interaction = SimpleNamespace(
        client=SimpleNamespace(answers=answers), namespace=SimpleNamespace(**filled)
    )
    choices = await option.autocomplete(interaction, text)
    assert all(choice.name == choice.value for choice in choices)
    return [choice.name for choice in choices]


async def test_at_most_25_choices_of_at_most_100_characters(answers: Answers) -> None:
    """Discord rejects more than 25 choices or names over 100 characters."""
    for text in ("", "d", "driver", "x" * 500):
        names = await _complete(DriverOption, answers, text)
        assert len(names) <= 25
        assert all(1 <= len(name) <= 100 for name in names)
    long = await _complete(TrackOption, answers, "long")
    assert long == ["Long " + "X" * 95]


async def test_filled_series_narrows_drivers(answers: Answers) -> None:
    """With series:truck filled in, only truck drivers are offered."""
    assert await _complete(DriverOption, answers, "", series="trucks") == ["Corey Heim"]


async def test_unresolvable_series_does_not_filter(answers: Answers) -> None:
    """A half-typed series that matches nothing leaves the list unfiltered."""
    assert len(await _complete(DriverOption, answers, "", series="zzz")) == 25


async def test_empty_track_starts_with_next_race(answers: Answers) -> None:
    """Empty track input lists the next race's track first, once."""
    answers.upcoming_tracks = ["Talladega Superspeedway"]
    try:
        names = await _complete(TrackOption, answers, "")
    finally:
        answers.upcoming_tracks = []
    assert names[0] == "Talladega Superspeedway"
    assert names.count("Talladega Superspeedway") == 1


async def test_typed_track_ignores_upcoming(answers: Answers) -> None:
    """Typed text ranks by the text, not by the schedule."""
    answers.upcoming_tracks = ["Talladega Superspeedway"]
    try:
        names = await _complete(TrackOption, answers, "home")
    finally:
        answers.upcoming_tracks = []
    assert names[0] == "Homestead-Miami Speedway"


async def test_series_choices(answers: Answers) -> None:
    """The series option completes a prefix to the one series it starts."""
    assert await _complete(SeriesOption, answers, "tru") == ["NASCAR Craftsman Truck Series"]


def test_name_options_declare_discord_length_limits() -> None:
    """Every name option is a string of 1 to 100 characters, as Discord is told at sync."""
    for option in (DriverOption, SeriesOption, TrackOption):
        assert (option.min_value, option.max_value) == (1, 100)
