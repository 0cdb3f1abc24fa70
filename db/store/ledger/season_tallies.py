"""Every driver's tally per series and season, held as columns: what records over any span add up.

A `Tally` object per (series, driver, season) is some thirty fields of int objects, and the full
history has about 19,000 of them (10 MB). Here each sum is one array of small integers with a row per
(series, driver, season), a driver's rows in one series together and in season order, so their seasons
are a slice and a span of seasons a bisection. One season's tally needs nothing more: each season mask
is that season's bit or nothing (a flag), and its first and last seasons are the season itself.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING

from db.store.ledger.tally import MASKS, SUMS, Tally, season_bit, tally

if TYPE_CHECKING:
    from db.store.ledger.book import RaceBook

# A series nobody raced in.
_NO_DRIVERS: tuple[array[int], array[int]] = (array("i"), array("I", [0]))


def _narrowest(values: array[int]) -> array[int]:
    """The values in the narrowest array that holds them all."""
    low, high = min(values, default=0), max(values, default=0)
    for code in "BbHhIi":
        bits = 8 * array(code).itemsize
        least, greatest = (0, 2**bits - 1) if code.isupper() else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)
        if least <= low and high <= greatest:
            return array(code, values)
    return values


class SeasonTallies:
    """The (series, driver, season) tallies of a race book, a row each: `of` gives one driver's as
    `Tally` objects, `summed` adds up a few figures for every driver of a series."""

    __slots__ = ("_columns", "_gaps", "_index", "_season")

    def __init__(self) -> None:
        # series -> (its drivers' ids ascending, the first row of each and the end of the last).
        self._index: dict[str, tuple[array[int], array[int]]] = {}
        self._season: array[int] = array("h")
        # Bit k set: the row's season is in the tally's `MASKS[k]`.
        self._gaps: array[int] = array("B")
        self._columns: dict[str, array[int]] = {name: array("q") for name in SUMS}

    @classmethod
    def from_book(cls, book: RaceBook) -> SeasonTallies:
        """Tally the book's rows per series, driver and season (one `Tally` object alive at a time)."""
        groups: defaultdict[tuple[str, int, int], array[int]] = defaultdict(lambda: array("i"))
        events, event_of, driver_of, season_of = book.events, book.event, book.driver, book.season
        for row in range(len(event_of)):
            groups[(events[event_of[row]].series_code, driver_of[row], season_of[row])].append(row)
        table = cls()
        for series, in_series in groupby(sorted(groups), key=itemgetter(0)):
            drivers, bounds = array("i"), array("I", [len(table._season)])
            for driver, keys in groupby(in_series, key=itemgetter(1)):
                for key in keys:
                    table._append(key[2], tally(book, groups.pop(key)))
                drivers.append(driver)
                bounds.append(len(table._season))
            table._index[series] = (drivers, bounds)
        table._columns = {name: _narrowest(column) for name, column in table._columns.items()}
        return table

    def _append(self, season: int, each: Tally) -> None:
        self._season.append(season)
        self._gaps.append(sum(1 << bit for bit, name in enumerate(MASKS) if getattr(each, name)))
        for name, column in self._columns.items():
            column.append(getattr(each, name))

    def of(self, series: str, driver: int, low: int, high: int) -> dict[int, Tally]:
        """The driver's tally per season in the series, from `low` to `high`, oldest first."""
        drivers, bounds = self._index.get(series, _NO_DRIVERS)
        at = bisect_left(drivers, driver)
        if at == len(drivers) or drivers[at] != driver:
            return {}
        return {
            self._season[row]: self._tally(row) for row in self._rows(bounds[at], bounds[at + 1], low, high)
        }

    def summed(self, series: str, names: Iterable[str], low: int, high: int) -> Iterator[tuple[int, Tally]]:
        """(driver id, tally) for every driver with a season from `low` to `high` in the series: only the
        named sums and season masks over those seasons, the rest left 0 (what a leader table over
        thousands of drivers needs, and no more)."""
        drivers, bounds = self._index.get(series, _NO_DRIVERS)
        sums: list[tuple[str, array[int]]] = []
        masks: list[tuple[str, int]] = []
        for name in dict.fromkeys(names):
            if name in MASKS:
                masks.append((name, 1 << MASKS.index(name)))
            else:
                sums.append((name, self._columns[name]))
        for at, driver in enumerate(drivers):
            rows = self._rows(bounds[at], bounds[at + 1], low, high)
            if rows:
                total = Tally()
                for name, column in sums:
                    setattr(total, name, sum(column[rows.start : rows.stop]))
                for name, flag in masks:
                    setattr(total, name, self._mask(rows, flag))
                yield driver, total

    def _rows(self, start: int, stop: int, low: int, high: int) -> range:
        """The rows from `start` to `stop` (one driver's in one series) with a season from `low` to `high`."""
        season = self._season
        if season[start] < low:
            start = bisect_left(season, low, start, stop)
        if start < stop and season[stop - 1] > high:
            stop = bisect_right(season, high, start, stop)
        return range(start, stop)

    def _mask(self, rows: range, flag: int) -> int:
        """The seasons of `rows` whose gap `flag` is set, as a season mask."""
        season, gaps = self._season, self._gaps
        mask = 0
        for row in rows:
            if gaps[row] & flag:
                mask |= season_bit(season[row])
        return mask

    def _tally(self, row: int) -> Tally:
        season, gaps = self._season[row], self._gaps[row]
        each = Tally()
        for name, column in self._columns.items():
            setattr(each, name, column[row])
        for bit, name in enumerate(MASKS):
            if gaps >> bit & 1:
                setattr(each, name, season_bit(season))
        each.first_entry = each.last_entry = season
        if each.starts:
            each.first_start = each.last_start = season
        return each
