"""Autocomplete choices: within Discord's limits, narrowed by filled options, useful when empty."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from bot import autocomplete
from bot.resolver import AliasEntry, DriverEntry, NameIndex, TrackEntry


@pytest.fixture(scope="module")
def names() -> NameIndex:
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
    return NameIndex.build(drivers=drivers, tracks=tracks, aliases=aliases)


def _ns(**options: Any) -> Any:
    return SimpleNamespace(**options)


def test_at_most_25_choices_of_at_most_100_characters(names: NameIndex) -> None:
    """Discord rejects more than 25 choices or names over 100 characters."""
    for text in ("", "d", "driver", "x" * 500):
        choices = autocomplete.driver_choices(names, text, _ns())
        assert len(choices) <= 25
        assert all(1 <= len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
    assert all(len(c.name) <= 100 for c in autocomplete.track_choices(names, "long", _ns()))


def test_filled_series_narrows_drivers(names: NameIndex) -> None:
    """With series:truck filled in, only truck drivers are offered."""
    choices = autocomplete.driver_choices(names, "", _ns(series="trucks"))
    assert [c.name for c in choices] == ["Corey Heim"]


def test_unresolvable_series_does_not_filter(names: NameIndex) -> None:
    """A half-typed series that matches nothing leaves the list unfiltered."""
    assert len(autocomplete.driver_choices(names, "", _ns(series="zzz"))) == 25


def test_empty_track_starts_with_next_race(names: NameIndex) -> None:
    """Empty track input lists the next race's track first."""
    choices = autocomplete.track_choices(names, "", _ns(), upcoming=["Talladega Superspeedway"])
    assert choices[0].name == "Talladega Superspeedway"
    assert [c.name for c in choices].count("Talladega Superspeedway") == 1


def test_typed_track_ignores_upcoming(names: NameIndex) -> None:
    """Typed text ranks by the text, not by the schedule."""
    choices = autocomplete.track_choices(names, "home", _ns(), upcoming=["Talladega Superspeedway"])
    assert choices[0].name == "Homestead-Miami Speedway"


def test_series_choices(names: NameIndex) -> None:
    """The series option completes from the series' names."""
    assert autocomplete.series_choices(names, "tru")
