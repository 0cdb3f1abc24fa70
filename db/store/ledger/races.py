"""One race from the race book: its starting grid (every car, two in one slot where the source has
them so) and its finishing order (laps led unknown, not 0, where the source credits nobody with one)."""

from __future__ import annotations

from db.store.ledger.book import NO_LAPS, NONE, RaceBook
from db.store.ledger.tally import led_recorded
from kernel.reports import GridSlot, ResultLine


def _best_times(book: RaceBook, event_id: int) -> dict[int, tuple[float | None, float | None]]:
    """Each driver's best qualifying lap time and speed over the event's sessions (feed races only)."""
    best: dict[int, tuple[float | None, float | None]] = {}
    for entry in book.qualifying.get(event_id, ()):
        time, speed = best.get(entry.driver_id, (None, None))
        if entry.time_s and (time is None or entry.time_s < time):
            time = entry.time_s
        if entry.speed_mph and (speed is None or entry.speed_mph > speed):
            speed = entry.speed_mph
        best[entry.driver_id] = (time, speed)
    return best


def starting_grid(book: RaceBook, event_id: int) -> tuple[tuple[GridSlot, ...], bool]:
    """The race's lineup in grid order, every car with a slot (two the source puts in one slot are
    both listed, in the source's order), or (when no lineup is out) the qualifying order, one car a
    place; and which it was."""
    best = _best_times(book, event_id)
    cars: list[GridSlot] = []
    for row in book.rows(event_id):
        start = book.start[row]
        if start != NONE:
            driver = book.driver[row]
            time, speed = best.get(driver, (None, None))
            cars.append(
                GridSlot(
                    start,
                    driver,
                    book.drivers[driver],
                    book.car[row],
                    book.team[row],
                    book.make[row],
                    time,
                    speed,
                )
            )
    if cars:
        return tuple(sorted(cars, key=lambda slot: slot.position)), False
    slots: dict[int, GridSlot] = {}
    # The latest session's car holds each place (entries come latest session first).
    for entry in book.qualifying.get(event_id, ()):
        if entry.position is not None and entry.position not in slots:
            time, speed = best.get(entry.driver_id, (None, None))
            slots[entry.position] = GridSlot(
                entry.position,
                entry.driver_id,
                book.drivers[entry.driver_id],
                entry.car_number,
                entry.team,
                entry.make,
                time,
                speed,
            )
    return tuple(slots[p] for p in sorted(slots)), True


def finishing_order(book: RaceBook, event_id: int) -> tuple[ResultLine, ...]:
    """Every car with a finishing position, in order; laps led None throughout when the race has none
    recorded."""
    led_known = led_recorded(book, event_id)
    lines = []
    for row in book.rows(event_id):
        finish = book.finish[row]
        if finish == NONE:
            continue
        start, laps = book.start[row], book.laps[row]
        lines.append(
            ResultLine(
                finish,
                None if start == NONE else start,
                book.car[row],
                book.drivers[book.driver[row]],
                book.team[row],
                None if laps == NO_LAPS else laps,
                book.led[row] if led_known else None,
                book.status[row],
            )
        )
    return tuple(sorted(lines, key=lambda line: line.finish))
