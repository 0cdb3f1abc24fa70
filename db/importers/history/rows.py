"""Checking nascaR.data rows cell by cell and grouping them by race; the errors of a history import.

Every cell is checked before any race is written, so a bad one is reported with its file, row and
column instead of surfacing later as a database error. Row numbers are spreadsheet rows: the header
is row 1 and the first record row 2, whatever the file format (read in `db.importers.history.files`).

The quirks of the data (see the shared data README) are settled here: the empty placeholder row at the
end is dropped, `Start` 0 or empty means no known grid slot, and `-` or an empty cell means unknown for
make, status and team. A race keeps every row as read; which of them stand (a driver listed twice, a
row from another race) is settled by `db.importers.history.corrections`.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy import String
from sqlalchemy.orm import InstrumentedAttribute

from db.store.models import Driver, Event, Manufacturer, Result, Team, Track

COLUMNS = (
    "Season",
    "Race",
    "Track",
    "Name",
    "Length",
    "Surface",
    "Finish",
    "Start",
    "Car",
    "Driver",
    "Make",
    "Pts",
    "Laps",
    "Led",
    "Status",
    "Team",
    "Rating",
)
# Driver rating runs from 0 to 150 (a perfect race).
MOST_RATING = 150.0
SURFACES = frozenset({"paved", "dirt", "road"})
_UNKNOWN = frozenset({"", "-"})

Cell = str | int | float | None


class HistoryImportError(Exception):
    """A history import that cannot go ahead; the text is written for the user and shown as is."""


class HistoryFormatError(HistoryImportError, ValueError):
    """A file that is not in the nascaR.data format, with the spreadsheet row and the column at fault."""

    def __init__(self, file: str, problem: str, *, row: int | None = None, column: str | None = None) -> None:
        self.file = file
        self.problem = problem
        self.row = row
        self.column = column
        where = "".join(
            (f", row {row}" if row is not None else "", f", column {column!r}" if column is not None else "")
        )
        super().__init__(f"{file}{where}: {problem}")


class _CellError(Exception):
    def __init__(self, column: str, problem: str) -> None:
        super().__init__(problem)
        self.column = column
        self.problem = problem


class Entry(NamedTuple):
    """One driver's line in one race, already typed; a tuple because there are 180,000 of them."""

    row: int
    driver: str
    car: str | None
    team: str | None
    make: str | None
    start: int | None
    finish: int | None
    laps: int | None
    led: int | None
    status: str | None
    points: int | None
    # Driver rating (from 2005; a few Cup races before).
    rating: float | None = None


@dataclass(slots=True)
class Race:
    season: int
    round: int
    track: str
    name: str
    length: float | None
    surface: str | None
    first_row: int
    rows: list[Entry] = field(default_factory=list)
    # One entry per driver, settled from `rows` by the corrections (`history.corrections.settle`).
    entries: dict[str, Entry] = field(default_factory=dict)


@dataclass(slots=True)
class HistoryFile:
    """A whole file's races in (season, round) order."""

    path: Path
    series: str
    races: list[Race]
    rows: int


def _limit(column: InstrumentedAttribute[Any]) -> int:
    """The schema's VARCHAR length, checked here because SQLite would not enforce it."""
    kind = column.type
    assert isinstance(kind, String) and kind.length is not None
    return kind.length


_LIMITS = {
    "Track": _limit(Track.name),
    "Name": _limit(Event.name),
    "Driver": _limit(Driver.name),
    "Car": _limit(Result.car_number),
    "Make": _limit(Manufacturer.name),
    "Status": _limit(Result.status),
    "Team": _limit(Team.name),
}


def _text(cell: Cell, column: str) -> str | None:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = str(cell).strip()
    if len(text) > _LIMITS.get(column, len(text)):
        raise _CellError(column, f"longer than {_LIMITS[column]} characters: {text[:40]!r}…")
    return text or None


def _int(cell: Cell, column: str, *, minimum: int | None = None) -> int | None:
    if isinstance(cell, int):
        number = cell
    else:
        text = _text(cell, column)
        if text is None:
            return None
        try:
            number = int(text)
        except ValueError:
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not value.is_integer():
                raise _CellError(column, f"expected a whole number, got {text!r}") from None
            number = int(value)
    if minimum is not None and number < minimum:
        raise _CellError(column, f"expected a number of at least {minimum}, got {number}")
    return number


def _required_int(cell: Cell, column: str, *, minimum: int) -> int:
    number = _int(cell, column, minimum=minimum)
    if number is None:
        raise _CellError(column, "is empty")
    return number


def _length(cell: Cell) -> float | None:
    text = _text(cell, "Length")
    if text is None:
        return None
    try:
        miles = float(text)
    except ValueError:
        raise _CellError("Length", f"expected miles as a number, got {text!r}") from None
    if math.isnan(miles):
        return None
    if not 0 < miles < 100:
        raise _CellError("Length", f"expected a track length in miles, got {text!r}")
    return miles


def _rating(cell: Cell) -> float | None:
    text = _text(cell, "Rating")
    if text is None:
        return None
    try:
        rating = float(text)
    except ValueError:
        raise _CellError("Rating", f"expected a driver rating as a number, got {text!r}") from None
    if math.isnan(rating):
        return None
    if not 0 <= rating <= MOST_RATING:
        raise _CellError("Rating", f"expected a driver rating from 0 to {MOST_RATING:g}, got {text!r}")
    return rating


def _interned(text: str | None) -> str | None:
    return None if text is None else sys.intern(text)


def _known(cell: Cell, column: str) -> str | None:
    text = _text(cell, column)
    return None if text is None or text in _UNKNOWN else text


class _Reader:
    """Turns one file's records into races; repeated names are interned so 180,000 rows stay small."""

    def __init__(self, path: Path, series: str) -> None:
        self.path = path
        self.series = series
        self.races: dict[tuple[int, int], Race] = {}
        self.rows = 0

    def add(self, row: int, cells: Sequence[Cell]) -> None:
        (season_, race_, track_, name_, length_, surface_, finish_, start_, car_, driver_, make_, pts_, laps_,
         led_, status_, team_, rating_) = cells  # fmt: skip
        track = _text(track_, "Track")
        driver = _text(driver_, "Driver")
        if track is None:
            if driver is None:
                return  # the scraper's placeholder row at the end of every file
            raise _CellError("Track", "is empty")
        if driver is None:
            raise _CellError("Driver", "is empty")
        season = _required_int(season_, "Season", minimum=1900)
        number = _required_int(race_, "Race", minimum=1)
        name = _text(name_, "Name")
        if name is None:
            raise _CellError("Name", "is empty")
        surface = _text(surface_, "Surface")
        if surface is not None and surface not in SURFACES:
            raise _CellError("Surface", f"expected one of {', '.join(sorted(SURFACES))}, got {surface!r}")
        entry = Entry(
            row=row,
            driver=sys.intern(driver),
            car=_text(car_, "Car"),
            team=_interned(_known(team_, "Team")),
            make=_interned(_known(make_, "Make")),
            start=_int(start_, "Start", minimum=0) or None,  # 0 marks a car that did not take the start
            finish=_int(finish_, "Finish", minimum=1),
            laps=_int(laps_, "Laps", minimum=0),
            led=_int(led_, "Led", minimum=0),
            status=_interned(_known(status_, "Status")),
            points=_int(pts_, "Pts"),
            rating=_rating(rating_),
        )
        length = _length(length_)
        self.rows += 1
        race = self.races.get((season, number))
        if race is None:
            race = Race(season, number, sys.intern(track), name, length, surface, row)
            self.races[(season, number)] = race
        elif (track, name) != (race.track, race.name):
            column = "Track" if track != race.track else "Name"
            raise _CellError(
                column,
                f"race {number} of {season} is {race.name!r} at {race.track!r} in row {race.first_row}, "
                f"but {name!r} at {track!r} here",
            )
        race.length = race.length or length
        race.surface = race.surface or surface
        race.rows.append(entry)

    def result(self) -> HistoryFile:
        races = [self.races[key] for key in sorted(self.races)]
        return HistoryFile(self.path, self.series, races, self.rows)


def history_from_records(
    path: Path, series: str, records: Iterable[tuple[int, Sequence[Cell]]]
) -> HistoryFile:
    """Check (row number, cells in `COLUMNS` order) records; HistoryFormatError names the row and column."""
    reader = _Reader(path, series)
    for row, cells in records:
        try:
            reader.add(row, cells)
        except _CellError as bad:
            raise HistoryFormatError(str(path), bad.problem, row=row, column=bad.column) from None
    if not reader.races:
        raise HistoryFormatError(str(path), "no race rows")
    return reader.result()
