"""The race book: every race's results held in memory, so cold answers run no aggregate query.

Loaded once per data version (four plain selects, about half a second on the full history), it keeps
each race row as eight small integers and four shared strings in flat arrays, indexed by event, by driver and by track, and
the events themselves as `EventInfo`. Career tallies, a track's leaders, its last winners and a
season's schedule are then loops over a few hundred or thousand rows instead of round trips.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, overload

from kernel.reports import EventInfo, LeaderRow, RaceStats
from kernel.result_changes import ChangeAfterRace
from kernel.series import SERIES_CODES, series_order

if TYPE_CHECKING:
    from db.store.ledger.season_tallies import SeasonTallies

NONE = 0  # an unknown start or finish position (positions are positive)
# How far ahead a coming race is "this weekend's": questions about its track mean it, not the last one.
RACE_WEEKEND = timedelta(days=4)
RUNNING = "running"  # the one status that is not a DNF
NO_LAPS = -1  # laps completed not recorded (0 is a real count)
NO_POINTS = -1  # championship points not recorded (0 is a real score)
NO_RATING = -1  # driver rating not recorded (ratings run 0 to 150)


@dataclass(frozen=True, slots=True)
class TrackFacts:
    name: str
    city: str | None
    state: str | None
    length_miles: float | None
    surface: str | None
    layout: str | None


class TextColumn:
    """A column of texts that repeat across rows (statuses, car numbers, teams, makes): each row holds a
    4-byte code of one of the column's distinct texts instead of an 8-byte pointer, and the texts are
    stored once (also after a start-up snapshot, which would otherwise copy them per row)."""

    __slots__ = ("_code_of", "_codes", "_texts")

    def __init__(self) -> None:
        self._codes: array[int] = array("I")
        self._texts: list[str | None] = [None]
        self._code_of: dict[str | None, int] = {None: 0}

    def append(self, text: str | None) -> None:
        code = self._code_of.get(text)
        if code is None:
            code = self._code_of[text] = len(self._texts)
            self._texts.append(text)
        self._codes.append(code)

    @overload
    def __getitem__(self, at: int) -> str | None: ...

    @overload
    def __getitem__(self, at: slice) -> list[str | None]: ...

    def __getitem__(self, at: int | slice) -> str | list[str | None] | None:
        if isinstance(at, slice):
            texts = self._texts
            return [texts[code] for code in self._codes[at]]
        return self._texts[self._codes[at]]

    def __len__(self) -> int:
        return len(self._codes)


def _no_season_tallies() -> SeasonTallies:
    """An empty table (imported here: `season_tallies` needs `tally`, which needs this module)."""
    from db.store.ledger.season_tallies import SeasonTallies

    return SeasonTallies()


def newest_first(event: EventInfo) -> tuple[int, bool, float, int, int]:
    """Newest season first; within it the latest green flag, then Cup before Xfinity before Truck."""
    start = event.start_time_utc
    return (
        -event.season,
        start is None,
        -start.timestamp() if start else 0.0,
        series_order(event.series_code),
        -event.round,
    )


@dataclass(frozen=True, slots=True)
class QualifyingEntry:
    """One car in one qualifying session."""

    session_id: int
    position: int | None
    driver_id: int
    car_number: str | None
    team: str | None
    make: str | None
    time_s: float | None
    speed_mph: float | None


@dataclass(slots=True)
class RaceBook:
    """Race-session rows in flat arrays; row i is one driver in one race (`event[i]`, `driver[i]`, …)."""

    events: dict[int, EventInfo]
    tracks: dict[int, TrackFacts]
    drivers: dict[int, str]
    # Each event's qualifying results (feed races only), latest session first.
    qualifying: dict[int, list[QualifyingEntry]]
    # How each race was won and run, where the feed said.
    stats: dict[int, RaceStats]
    event: array[int] = field(default_factory=lambda: array("i"))
    # The event's season, per row: spans of seasons are filtered without looking the event up.
    season: array[int] = field(default_factory=lambda: array("h"))
    driver: array[int] = field(default_factory=lambda: array("i"))
    start: array[int] = field(default_factory=lambda: array("h"))
    finish: array[int] = field(default_factory=lambda: array("h"))
    led: array[int] = field(default_factory=lambda: array("h"))
    laps: array[int] = field(default_factory=lambda: array("h"))
    # Championship points earned in the race (the history's `Pts`, the feed's `points_earned`).
    points: array[int] = field(default_factory=lambda: array("h"))
    # Driver rating in tenths (the history's `Rating`; 2005 on): 2 bytes a row, not a float object.
    rating: array[int] = field(default_factory=lambda: array("h"))
    status: TextColumn = field(default_factory=lambda: TextColumn())
    car: TextColumn = field(default_factory=lambda: TextColumn())
    team: TextColumn = field(default_factory=lambda: TextColumn())
    make: TextColumn = field(default_factory=lambda: TextColumn())
    by_event: dict[int, range] = field(default_factory=dict)
    by_driver: dict[int, array[int]] = field(default_factory=dict)
    # driver id -> (event ids, rows) of the driver's starts, one per race (the better finish if listed
    # twice), in race order: head to head pairs two drivers' races without walking all their rows.
    starts: dict[int, tuple[array[int], array[int]]] = field(default_factory=dict)
    # event id -> the row of its pole sitter, and of its winner, where recorded.
    pole_row: dict[int, int] = field(default_factory=dict)
    winner_row: dict[int, int] = field(default_factory=dict)
    # (track id, series code) -> event ids, newest first.
    at_track: dict[tuple[int, str], list[int]] = field(default_factory=dict)
    # (series code, season) -> event ids in round order.
    by_season: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    # Each (series, driver, season)'s tally, as columns: records over any span add these up.
    seasons: SeasonTallies = field(default_factory=_no_season_tallies)
    # (track id, series code) -> the top of its wins, poles and laps-led tables (`leaders.track_tops`).
    track_tops: dict[tuple[int, str], tuple[tuple[LeaderRow, ...], ...]] = field(default_factory=dict)
    # event id -> the cars whose official result NASCAR's feed changed after the race, oldest first.
    changes: dict[int, tuple[ChangeAfterRace, ...]] = field(default_factory=dict)

    def rows(self, event_id: int) -> range:
        return self.by_event.get(event_id, range(0))

    def pole_sitter(self, event_id: int) -> int | None:
        """The driver id that started the race first, if recorded."""
        row = self.pole_row.get(event_id)
        return None if row is None else self.driver[row]

    def winner(self, event_id: int) -> int | None:
        """The driver id that won the race, if recorded."""
        row = self.winner_row.get(event_id)
        return None if row is None else self.driver[row]

    def has_grid(self, event_id: int) -> bool:
        """A lineup, or (before it is out) a qualifying result with a first place."""
        if event_id in self.pole_row:
            return True
        return any(entry.position == 1 for entry in self.qualifying.get(event_id, ()))

    def events_at(
        self, track_id: int, *, series: str | None = None, season: int | None = None
    ) -> list[EventInfo]:
        """The track's events newest first, narrowed by series and season."""
        found = [
            self.events[event_id]
            for code in (SERIES_CODES if series is None else (series,))
            for event_id in self.at_track.get((track_id, code), ())
        ]
        if season is not None:
            found = [event for event in found if event.season == season]
        return sorted(found, key=newest_first)


def asked_at(
    book: RaceBook, track_id: int, *, series: str | None, season: int | None, now: datetime
) -> list[EventInfo]:
    """The races a question about a track means, best first: the coming race weekend's race if one is
    near (even before its grid is set), then the races run or with a grid, newest first."""
    at_track = book.events_at(track_id, series=series, season=season)
    coming = [event for event in at_track if _this_weekend(event, now)][-1:]
    return coming + [
        event
        for event in at_track
        if event not in coming and (has_run(event, now) or book.has_grid(event.id))
    ]


def _this_weekend(event: EventInfo, now: datetime) -> bool:
    start = event.start_time_utc
    return start is not None and now < start <= now + RACE_WEEKEND and not event.results_official


def has_run(event: EventInfo, now: datetime) -> bool:
    """Run or under way: no green flag known (history), a green flag passed, or official results."""
    return event.start_time_utc is None or event.start_time_utc <= now or event.results_official
