"""Head to head from the race book: the races two drivers both started, and each one's tally over exactly
those races (the definitions of a start, a win, a pole and the rest are `tally.Tally`'s)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from db.store.ledger.book import RaceBook
from db.store.ledger.tally import tally
from kernel.reports import CompareReport, HeadToHeadSide
from kernel.series import SERIES_CODES, series_order


@dataclass(frozen=True, slots=True)
class Scope:
    """Which races count: one series (None: any), one track (None: any), seasons from/to (inclusive)."""

    series: str | None = None
    track_id: int | None = None
    from_year: int | None = None
    to_year: int | None = None

    def holds(self, book: RaceBook, event_id: int) -> bool:
        event = book.events[event_id]
        return (
            (self.series is None or event.series_code == self.series)
            and (self.track_id is None or event.track_id == self.track_id)
            and (self.from_year is None or event.season >= self.from_year)
            and (self.to_year is None or event.season <= self.to_year)
        )


def starts_by_event(book: RaceBook, driver_id: int) -> dict[int, int]:
    """The driver's start (a row with a finishing position) in each race, by event id (the book keeps
    one per race: the better finish of a driver listed twice)."""
    events, rows = book.starts.get(driver_id, ((), ()))
    return dict(zip(events, rows, strict=True))


def shared_starts(book: RaceBook, a: int, b: int, scope: Scope) -> dict[str, list[tuple[int, int]]]:
    """(a's row, b's row) for every race in the scope both drivers started, by series, in race order."""
    mine, theirs = starts_by_event(book, a), starts_by_event(book, b)
    fewer, more = (mine, theirs) if len(mine) <= len(theirs) else (theirs, mine)
    found: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    anywhere = scope == Scope()
    for event_id in sorted(fewer.keys() & more.keys()):
        if anywhere or scope.holds(book, event_id):
            found[book.events[event_id].series_code].append((mine[event_id], theirs[event_id]))
    return dict(found)


def most_shared(by_series: dict[str, list[tuple[int, int]]]) -> str | None:
    """The series with the most shared starts; ties go Cup, Xfinity, Truck."""
    ranked = sorted(by_series.items(), key=lambda item: (-len(item[1]), series_order(item[0])))
    return ranked[0][0] if ranked and ranked[0][1] else None


def head_to_head(book: RaceBook, a: int, b: int, scope: Scope) -> CompareReport | None:
    """Drivers `a` and `b` over the races in the scope both started: each one's tally over exactly those
    races and how often each finished ahead. Without a series in the scope, the series they started
    most races together in. None when they never started the same race in the scope."""
    by_series = shared_starts(book, a, b, scope)
    code = scope.series if scope.series is not None else most_shared(by_series)
    pairs = by_series.get(code, []) if code is not None else []
    if code is None or not pairs:
        return None
    finish = book.finish
    ahead_a = ahead_b = 0
    for row_a, row_b in pairs:
        ahead_a += finish[row_a] < finish[row_b]
        ahead_b += finish[row_b] < finish[row_a]
    record_a = tally(book, (row_a for row_a, _ in pairs)).record(code)
    record_b = tally(book, (row_b for _, row_b in pairs)).record(code)
    others = (
        ()
        if scope.series is not None
        else tuple(
            (other, len(by_series[other])) for other in SERIES_CODES if other != code and other in by_series
        )
    )
    return CompareReport(
        series_code=code,
        a=HeadToHeadSide(a, book.drivers[a], record_a, ahead_a),
        b=HeadToHeadSide(b, book.drivers[b], record_b, ahead_b),
        shared_starts=len(pairs),
        even=len(pairs) - ahead_a - ahead_b,
        first_season=record_a.first_season,
        last_season=record_a.last_season,
        track_name=None if scope.track_id is None else book.tracks[scope.track_id].name,
        from_year=scope.from_year,
        to_year=scope.to_year,
        series_picked=scope.series is None,
        other_series=others,
    )


def start_seasons(
    book: RaceBook, driver_id: int, *, series: str | None = None, track_id: int | None = None
) -> dict[str, list[int]]:
    """The seasons the driver started a race in, by series in series order (at one track, if given):
    what a fan needs to see why two drivers never met."""
    found: defaultdict[str, set[int]] = defaultdict(set)
    scope = Scope(series=series, track_id=track_id)
    events, _ = book.starts.get(driver_id, ((), ()))
    for event_id in events:
        if scope.holds(book, event_id):
            event = book.events[event_id]
            found[event.series_code].add(event.season)
    return {code: sorted(found[code]) for code in SERIES_CODES if code in found}
