"""Turn what fans type ("rowdy", "#5", "the glen", "busch series") into drivers, tracks and series.

Pure and synchronous: built once from plain entries (the store or the history files supply them), then
every lookup is a dict hit or, failing that, one rapidfuzz pass over pre-folded names. Knows neither
discord nor sqlalchemy, so cogs, the console and tests all use the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.resolver_drivers import DriverLookup
from bot.resolver_ranking import COMPLETE_LIMIT
from bot.resolver_series import SeriesLookup
from bot.resolver_tracks import TrackLookup
from bot.resolver_types import (
    SERIES_CODES,
    SERIES_NAMES,
    AliasEntry,
    Candidate,
    CarEntry,
    DriverEntry,
    Resolution,
    SeriesCode,
    Status,
    TrackEntry,
)

__all__ = [
    "SERIES_CODES",
    "SERIES_NAMES",
    "AliasEntry",
    "Candidate",
    "CarEntry",
    "DriverEntry",
    "NameIndex",
    "Resolution",
    "SeriesCode",
    "Status",
    "TrackEntry",
]


class NameIndex:
    """Resolves and autocompletes driver, track and series names; never raises on any text."""

    __slots__ = ("_drivers", "_series", "_tracks")

    def __init__(self, drivers: DriverLookup, tracks: TrackLookup, series: SeriesLookup) -> None:
        self._drivers = drivers
        self._tracks = tracks
        self._series = series

    @classmethod
    def build(
        cls,
        *,
        drivers: Sequence[DriverEntry],
        tracks: Sequence[TrackEntry],
        aliases: Sequence[AliasEntry],
        cars: Sequence[CarEntry] = (),
    ) -> NameIndex:
        """Precompute every key once; aliases whose target is not in the entries are ignored."""
        return cls(DriverLookup(drivers, aliases, cars), TrackLookup(tracks, aliases), SeriesLookup(aliases))

    def resolve_driver(
        self, query: str, *, series: str | None = None, season: int | None = None
    ) -> Resolution:
        """A driver by name, nickname, initials or car number; series/season favour who raced then."""
        return self._drivers.resolve(query, series=series, season=season)

    def resolve_track(self, query: str, *, series: str | None = None) -> Resolution:
        """A track by name, former name, nickname or host city; `series` favours tracks it raced at."""
        return self._tracks.resolve(query, series=series)

    def resolve_series(self, query: str) -> Resolution:
        """A series by code or any title it raced under; candidate ids are "cup", "xfinity", "truck"."""
        return self._series.resolve(query)

    def complete_driver(
        self, text: str, *, series: str | None = None, season: int | None = None, limit: int = COMPLETE_LIMIT
    ) -> list[Candidate]:
        """Autocomplete choices, narrowed to drivers of the series/season; empty text lists the top field."""
        return self._drivers.complete(text, series=series, season=season, limit=limit)

    def complete_track(
        self, text: str, *, series: str | None = None, limit: int = COMPLETE_LIMIT
    ) -> list[Candidate]:
        """Autocomplete choices, narrowed to tracks the series raced at; empty text lists the busiest."""
        return self._tracks.complete(text, series=series, limit=limit)

    def complete_series(self, text: str, limit: int = COMPLETE_LIMIT) -> list[Candidate]:
        """Autocomplete choices for the series option."""
        return self._series.complete(text, limit)
