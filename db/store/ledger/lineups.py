"""A race's lineup as stored, with each car's driver by name, for checking it before it is posted."""

from __future__ import annotations

from db.store.ledger.book import NONE, RaceBook


def lineup_entries(book: RaceBook, event_id: int) -> list[tuple[int, str | None]]:
    """(grid position, driver name) of every car in the race with a grid position."""
    return [
        (book.start[row], book.drivers.get(book.driver[row]))
        for row in book.rows(event_id)
        if book.start[row] != NONE
    ]
