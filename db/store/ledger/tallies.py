"""Figures from the race book for every answer, computed in plain loops over its rows (the definitions
of a start, a win, a pole and the rest are `tally.Tally`'s)."""

from __future__ import annotations

from collections import Counter

from db.store.ledger.book import RaceBook, newest_first
from kernel.reports import EventInfo, RaceOutcome
from kernel.series import SERIES_CODES

# The last races a track's page and a pole answer list.
RECENT_RACES = 5


def outcome(book: RaceBook, event_id: int) -> RaceOutcome:
    """The event with its winner and pole sitter by name (None where not recorded)."""
    winner = book.winner(event_id)
    pole = book.pole_sitter(event_id)
    return RaceOutcome(
        book.events[event_id],
        None if winner is None else book.drivers[winner],
        None if pole is None else book.drivers[pole],
    )


def races_at(
    book: RaceBook, track_id: int, series: str, *, limit: int, before: int | None = None
) -> list[RaceOutcome]:
    """The newest races at the track in the series that have a winner (run before event `before`, if
    given), newest first."""
    found: list[RaceOutcome] = []
    event_ids = book.at_track.get((track_id, series), [])
    if before is not None:
        event_ids = event_ids[event_ids.index(before) + 1 :] if before in event_ids else []
    for event_id in event_ids:
        if len(found) == limit:
            break
        race = outcome(book, event_id)
        if race.winner is not None:
            found.append(race)
    return found


def season_races(book: RaceBook, series: str, season: int) -> list[RaceOutcome]:
    """Every race of the series' season in round order, with winners and pole sitters where known."""
    return [outcome(book, event_id) for event_id in book.by_season.get((series, season), ())]


def results_through(book: RaceBook) -> EventInfo | None:
    """The newest race with a winner: how far the store's results reach."""
    for event in sorted(book.events.values(), key=newest_first):
        if event.id in book.winner_row:
            return event
    return None


def min_max_season(book: RaceBook, series: str) -> tuple[int, int] | tuple[None, None]:
    """The first and last season of the series in the store."""
    seasons = [season for code, season in book.by_season if code == series]
    return (min(seasons), max(seasons)) if seasons else (None, None)


def pole_conversions(book: RaceBook, track_id: int, series: str) -> tuple[int, int]:
    """(races the pole sitter won, races with a recorded pole sitter) at the track in the series."""
    won = poles = 0
    for event_id in book.at_track.get((track_id, series), ()):
        row = book.pole_row.get(event_id)
        if row is not None:
            poles += 1
            won += book.finish[row] == 1
    return won, poles


def series_raced_at(book: RaceBook, track_id: int) -> list[tuple[str, int]]:
    """(series code, races) at the track, most races first."""
    counts: Counter[str] = Counter(
        {
            code: len(book.at_track[(track_id, code)])
            for code in SERIES_CODES
            if (track_id, code) in book.at_track
        }
    )
    return counts.most_common()
