"""Who starts first: which race a pole question means, and the pole sitter's tally from the race book."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from db.store.ledger.book import RaceBook
from db.store.ledger.tallies import RECENT_RACES, pole_conversions, poles_through, races_at
from kernel.reports import EventInfo, GridSlot, PoleReport, SeriesPole
from kernel.series import SERIES_CODES

# Series sharing a weekend at one track race within a few days of each other.
SAME_WEEKEND = timedelta(days=4)


def pole_report(book: RaceBook, event: EventInfo, slots: tuple[GridSlot, ...]) -> PoleReport:
    """The front row of `slots` (the race's grid, first slot first) and the pole sitter's tally."""
    pole = slots[0]
    outside = slots[1] if len(slots) > 1 and slots[1].position == 2 else None
    poles, gridless = poles_through(book, pole.driver_id, event)
    if event.id not in book.pole_row:
        poles += 1  # a grid from qualifying: the lineup (and so the book) does not hold this pole yet
    return PoleReport(
        event=event,
        pole=pole,
        outside=outside,
        margin_s=margin(pole, outside, event.track_length_miles),
        career_poles=poles,
        unknown_grid_starts=gridless,
    )


def pole_page(
    book: RaceBook, event: EventInfo, slots: tuple[GridSlot, ...], *, every_series: bool
) -> PoleReport:
    """The pole answer: the front row and the sitter's tally, the last poles at the track and how often
    the pole sitter won there, and (with `every_series`) the other series' poles that weekend."""
    won, recorded = pole_conversions(book, event.track_id, event.series_code)
    return replace(
        pole_report(book, event, slots),
        recent_poles=tuple(races_at(book, event.track_id, event.series_code, limit=RECENT_RACES)),
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
