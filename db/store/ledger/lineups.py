"""A race's lineup as stored, repeats and all (`starting_grid` keeps one car a slot), for checking it."""

from __future__ import annotations

from db.store.ledger.book import NONE, RaceBook


def lineup_entries(book: RaceBook, event_id: int) -> list[tuple[int, str | None]]:
    """(grid position, driver name) of every car in the race with a grid position."""
    return [
        (book.start[row], book.drivers.get(book.driver[row]))
        for row in book.rows(event_id)
        if book.start[row] != NONE
    ]
