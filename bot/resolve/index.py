"""Turn what fans type ("rowdy", "#5", "the glen", "busch series", "coke 600") into names and races.

Pure and synchronous: built once from plain entries (the store or the history files supply them), then
every lookup is a dict hit or, failing that, one rapidfuzz pass over pre-folded names. Knows neither
discord nor sqlalchemy, so cogs, the console and tests all use the same rules.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.resolve.drivers import DriverLookup
from bot.resolve.entries import Candidate, CarEntry, DriverEntry, RaceEntry, Resolution, TrackEntry
from bot.resolve.races import RaceLookup
from bot.resolve.ranking import COMPLETE_LIMIT
from bot.resolve.series import SeriesLookup
from bot.resolve.tracks import TrackLookup
from kernel.naming import AliasEntry


class NameIndex:
    """Resolves and autocompletes driver, track, series and race names; never raises on any text."""

    __slots__ = ("_drivers", "_races", "_series", "_tracks")

    def __init__(
        self, drivers: DriverLookup, tracks: TrackLookup, series: SeriesLookup, races: RaceLookup
    ) -> None:
        self._drivers = drivers
        self._tracks = tracks
        self._series = series
        self._races = races

    @classmethod
    def build(
        cls,
        *,
        drivers: Sequence[DriverEntry],
        tracks: Sequence[TrackEntry],
        aliases: Sequence[AliasEntry],
        cars: Sequence[CarEntry] = (),
        races: Sequence[RaceEntry] = (),
    ) -> NameIndex:
        """Precompute every key once; aliases whose target is not in the entries are ignored."""
        return cls(
            DriverLookup(drivers, aliases, cars),
            TrackLookup(tracks, aliases),
            SeriesLookup(aliases),
            RaceLookup(races, aliases),
        )

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

    def resolve_race(self, query: str, *, series: str | None = None, season: int | None = None) -> Resolution:
        """An event by race name, classic name or words; a year in the text ("2024 daytona 500") picks the
        season. Candidate ids are event ids, the latest edition first; series/season favour their races."""
        return self._races.resolve(query, series=series, season=season)

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

    def complete_race(
        self, text: str, *, series: str | None = None, season: int | None = None, limit: int = COMPLETE_LIMIT
    ) -> list[Candidate]:
        """Autocomplete choices, narrowed to the series/season's races; empty text lists the latest."""
        return self._races.complete(text, series=series, season=season, limit=limit)
