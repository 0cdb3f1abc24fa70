"""Turn what fans type ("rowdy", "#5", "the glen", "busch series", "coke 600") into names and races.

Pure and synchronous: built once from plain entries (the store or the history files supply them), then
every lookup is a dict hit or, failing that, one rapidfuzz pass over pre-folded names. An index never
changes, so it remembers its recent lookups: fans ask the same few names over and over. Knows neither
discord nor sqlalchemy, so cogs, the console and tests all use the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import TypeVar

from bot.resolve.drivers import DriverLookup
from bot.resolve.entries import Candidate, CarEntry, DriverEntry, RaceEntry, Resolution, TrackEntry
from bot.resolve.races import RaceLookup
from bot.resolve.ranking import COMPLETE_LIMIT, SUGGEST_LIMIT
from bot.resolve.series import SeriesLookup
from bot.resolve.tracks import TrackLookup
from kernel.naming import AliasEntry

# Distinct lookups of each kind an index remembers (a few MB when full); the index is rebuilt, memory
# and all, whenever the store's names change.
MEMO_SIZE = 1024

F = TypeVar("F", bound=Callable[..., object])


def _remembered(lookup: F, size: int) -> F:
    return lru_cache(maxsize=size)(lookup)  # type: ignore[return-value]


class NameIndex:
    """Resolves and autocompletes driver, track, series and race names; never raises on any text.

    Lookups are remembered per index; autocomplete choices come back as fresh lists, safe to change.
    """

    __slots__ = (
        "_complete_driver",
        "_complete_race",
        "_complete_series",
        "_complete_track",
        "_drivers",
        "_races",
        "_resolve_driver",
        "_resolve_race",
        "_resolve_series",
        "_resolve_track",
        "_series",
        "_tracks",
    )

    def __init__(
        self,
        drivers: DriverLookup,
        tracks: TrackLookup,
        series: SeriesLookup,
        races: RaceLookup,
        *,
        remember: int = MEMO_SIZE,
    ) -> None:
        self._drivers, self._tracks, self._series, self._races = drivers, tracks, series, races
        self._resolve_driver = _remembered(drivers.resolve, remember)
        self._resolve_track = _remembered(tracks.resolve, remember)
        self._resolve_series = _remembered(series.resolve, remember)
        self._resolve_race = _remembered(races.resolve, remember)
        # Remembered lists are handed out as copies.
        self._complete_driver = _remembered(drivers.complete, remember)
        self._complete_track = _remembered(tracks.complete, remember)
        self._complete_series = _remembered(series.complete, remember)
        self._complete_race = _remembered(races.complete, remember)

    def __reduce__(self) -> tuple[type[NameIndex], tuple[object, ...]]:
        """Pickled (start-up snapshots) as its four lookups; the remembered lookups start empty."""
        return (NameIndex, (self._drivers, self._tracks, self._series, self._races))

    @classmethod
    def build(
        cls,
        *,
        drivers: Sequence[DriverEntry],
        tracks: Sequence[TrackEntry],
        aliases: Sequence[AliasEntry],
        cars: Sequence[CarEntry] = (),
        races: Sequence[RaceEntry] = (),
        remember: int = MEMO_SIZE,
    ) -> NameIndex:
        """Precompute every key once; aliases whose target is not in the entries are ignored. `remember`
        lookups of each kind are kept (0: none, to time the lookups themselves)."""
        return cls(
            DriverLookup(drivers, aliases, cars),
            TrackLookup(tracks, aliases),
            SeriesLookup(aliases),
            RaceLookup(races, aliases),
            remember=remember,
        )

    def resolve_driver(
        self, query: str, *, series: str | None = None, season: int | None = None
    ) -> Resolution:
        """A driver by name, nickname, initials or car number; series/season favour who raced then."""
        return self._resolve_driver(query, series=series, season=season)

    def resolve_track(self, query: str, *, series: str | None = None) -> Resolution:
        """A track by name, former name, nickname or host city; `series` favours tracks it raced at."""
        return self._resolve_track(query, series=series)

    def resolve_series(self, query: str) -> Resolution:
        """A series by code or any title it raced under; candidate ids are "cup", "xfinity", "truck"."""
        return self._resolve_series(query)

    def resolve_race(self, query: str, *, series: str | None = None, season: int | None = None) -> Resolution:
        """An event by race name, classic name or words, of the season a year in the text ("2024 daytona
        500") or `season` names, else the latest edition first; the series favours its races. Candidate
        ids are event ids."""
        return self._resolve_race(query, series=series, season=season)

    def race_seasons(self, query: str, *, series: str | None = None) -> tuple[str, tuple[int, ...]]:
        """The race the text names (its classic name where it has one) and every season it ran, for
        "no 2010 Southern 500 in the store: the seasons it ran are ..."; no seasons if it names none."""
        return self._races.seasons(query, series=series)

    def is_classic(self, event_id: int) -> bool:
        """Whether the event is an edition of a race races.csv names (the Daytona 500 at Daytona)."""
        return self._races.is_classic(event_id)

    def names_race(self, query: str) -> bool:
        """Whether the text (a year aside) is a race's own or classic name, which outranks a track of the
        same words; when it is not, a race lookup cannot beat a track that matched."""
        return self._races.names_a_race(query)

    def complete_driver(
        self, text: str, *, series: str | None = None, season: int | None = None, limit: int = COMPLETE_LIMIT
    ) -> list[Candidate]:
        """Autocomplete choices, narrowed to drivers of the series/season; empty text lists the top field."""
        return list(self._complete_driver(text, series=series, season=season, limit=limit))

    def complete_track(
        self, text: str, *, series: str | None = None, limit: int = COMPLETE_LIMIT
    ) -> list[Candidate]:
        """Autocomplete choices, narrowed to tracks the series raced at; empty text lists the busiest."""
        return list(self._complete_track(text, series=series, limit=limit))

    def complete_series(self, text: str, limit: int = COMPLETE_LIMIT) -> list[Candidate]:
        """Autocomplete choices for the series option."""
        return list(self._complete_series(text, limit))

    def complete_race(
        self, text: str, *, series: str | None = None, season: int | None = None, limit: int = COMPLETE_LIMIT
    ) -> list[Candidate]:
        """Autocomplete choices, narrowed to the series/season's races; empty text lists the latest."""
        return list(self._complete_race(text, series=series, season=season, limit=limit))

    # Close matches for a "no match" reply: a looser cutoff than a lookup, ranked, never remembered.

    def suggest_driver(
        self, query: str, *, series: str | None = None, season: int | None = None, limit: int = SUGGEST_LIMIT
    ) -> list[Candidate]:
        """Drivers loosely like the text, or for a car number the numbers run that season most like it."""
        return self._drivers.suggest(query, series=series, season=season, limit=limit)

    def suggest_track(
        self, query: str, *, series: str | None = None, limit: int = SUGGEST_LIMIT
    ) -> list[Candidate]:
        """Tracks loosely like the text; with a series, only tracks it raced at."""
        return self._tracks.suggest(query, series=series, limit=limit)

    def suggest_series(self, query: str, limit: int = SUGGEST_LIMIT) -> list[Candidate]:
        return self._series.suggest(query, limit)

    def suggest_race(
        self, query: str, *, series: str | None = None, season: int | None = None, limit: int = SUGGEST_LIMIT
    ) -> list[Candidate]:
        """The latest edition of each race holding the most of the text's words (a track's too)."""
        return self._races.suggest(query, series=series, season=season, limit=limit)

    def raced_at(self, track_id: int, series: str) -> bool:
        """Whether the series raced at the track."""
        return self._tracks.raced_at(track_id, series)
