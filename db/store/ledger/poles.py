"""Who starts first: the front row of a race, and the pole sitter's starts from pole in the series up
to it (as `tally.Tally` counts them: every start from the first slot, pole awards apart where the feed
says how the grid was set)."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from db.store.ledger.book import RaceBook
from db.store.ledger.tallies import RECENT_RACES, pole_conversions, races_at
from db.store.ledger.tally import Tally, seasons_of, tally
from kernel.reports import GRID_BY_METRIC, GRID_BY_QUALIFYING, EventInfo, GridSlot, PoleReport, SeriesPole
from kernel.series import SERIES_CODES

# Series sharing a weekend at one track race within a few days of each other.
SAME_WEEKEND = timedelta(days=4)


def tally_through(book: RaceBook, driver_id: int, event: EventInfo) -> Tally:
    """The driver's tally in the event's series up to and including the event: the kept season tallies
    before its season, then that season's rows through its round."""
    events, season_of = book.events, book.season
    total = tally(
        book,
        (
            row
            for row in book.by_driver.get(driver_id, ())
            if season_of[row] == event.season
            and events[book.event[row]].series_code == event.series_code
            and events[book.event[row]].round <= event.round
        ),
    )
    for each in book.seasons.of(event.series_code, driver_id, 0, event.season - 1).values():
        total += each
    return total


def pole_report(book: RaceBook, event: EventInfo, slots: tuple[GridSlot, ...]) -> PoleReport:
    """The front row of `slots` (the race's grid, first slot first) and the pole sitter's tally."""
    pole = slots[0]
    outside = slots[1] if len(slots) > 1 and slots[1].position == 2 else None
    total = tally_through(book, pole.driver_id, event)
    if event.id not in book.pole_row:
        # A grid from qualifying: the lineup (and so the book) does not hold this pole yet.
        total.poles += 1
        total.pole_awards += event.grid_method == GRID_BY_QUALIFYING
        total.metric_poles += event.grid_method == GRID_BY_METRIC
    return PoleReport(
        event=event,
        pole=pole,
        outside=outside,
        margin_s=margin(pole, outside, event.track_length_miles),
        career_poles=total.poles,
        unknown_grid_starts=total.gridless,
        grid_gap_seasons=seasons_of(total.gridless_seasons),
        pole_awards=total.pole_awards,
        metric_poles=total.metric_poles,
    )


def pole_page(
    book: RaceBook, event: EventInfo, slots: tuple[GridSlot, ...], *, every_series: bool
) -> PoleReport:
    """The pole answer: the front row and the sitter's tally, the track's poles before this race and how
    often the pole sitter won there, and (with `every_series`) the other series' poles that weekend."""
    won, recorded = pole_conversions(book, event.track_id, event.series_code)
    return replace(
        pole_report(book, event, slots),
        recent_poles=tuple(
            races_at(book, event.track_id, event.series_code, limit=RECENT_RACES, before=event.id)
        ),
        pole_wins=won,
        poles_recorded=recorded,
        other_series=other_series_poles(book, event) if every_series else (),
    )


def other_series_poles(book: RaceBook, event: EventInfo) -> tuple[SeriesPole, ...]:
    """The other national series' newest poles at the event's track that season, in series order:
    the rest of the weekend where green flags are known (within four days), else that season's."""
    found = []
    for code in SERIES_CODES:
        if code == event.series_code:
            continue
        for other in book.events_at(event.track_id, series=code, season=event.season):
            start, other_start = event.start_time_utc, other.start_time_utc
            if start and other_start and abs(other_start - start) > SAME_WEEKEND:
                continue
            row = book.pole_row.get(other.id)
            if row is not None:
                found.append(SeriesPole(other, book.drivers[book.driver[row]], book.car[row]))
                break
    return tuple(found)


def _lap_time(slot: GridSlot, length_miles: float | None) -> float | None:
    if slot.qualifying_time_s:
        return slot.qualifying_time_s
    if slot.qualifying_speed_mph and length_miles:
        return length_miles / slot.qualifying_speed_mph * 3600
    return None


def margin(pole: GridSlot, outside: GridSlot | None, length_miles: float | None) -> float | None:
    """Seconds between the front-row cars, from lap times or, failing those, from speeds."""
    if outside is None:
        return None
    pole_time, outside_time = _lap_time(pole, length_miles), _lap_time(outside, length_miles)
    if pole_time is None or outside_time is None:
        return None
    return round(outside_time - pole_time, 3)
