"""One definition of a record: sums over race rows that add up across seasons, tracks and spans.

A start is a race row with a finishing position; a win a finish in first; a pole a start from first;
a race led a start with a lap led; a DNF a start whose status is anything but "running". Before 1963
the source often lacks the grid, so grid-less starts are counted and poles read "at least".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.store.ledger.book import NONE, RUNNING, RaceBook
from kernel.reports import SeriesRecord


@dataclass(slots=True)
class Tally:
    """Sums over race rows; `+=` another tally to widen the scope."""

    entries: int = 0
    starts: int = 0
    wins: int = 0
    top5: int = 0
    top10: int = 0
    poles: int = 0
    laps_led: int = 0
    races_led: int = 0
    dnfs: int = 0
    gridless: int = 0
    finish_sum: int = 0
    start_sum: int = 0
    # Seasons of the first and last start (of the first and last entry when there was no start).
    first_start: int | None = None
    last_start: int | None = None
    first_entry: int | None = None
    last_entry: int | None = None

    def add(self, book: RaceBook, rows: Iterable[int]) -> None:
        """Count race rows: the one place the definitions live (a loop over locals, as answers count
        thousands of rows)."""
        season_of, start_of, finish_of, led_of, status_of = (
            book.season,
            book.start,
            book.finish,
            book.led,
            book.status,
        )
        entries = starts = wins = top5 = top10 = poles = laps_led = races_led = dnfs = 0
        gridless = finish_sum = start_sum = 0
        first_start, last_start = self.first_start, self.last_start
        first_entry, last_entry = self.first_entry, self.last_entry
        for row in rows:
            season, start, finish, led = season_of[row], start_of[row], finish_of[row], led_of[row]
            entries += 1
            if first_entry is None or season < first_entry:
                first_entry = season
            if last_entry is None or season > last_entry:
                last_entry = season
            laps_led += led
            poles += start == 1
            if finish == NONE:
                continue
            starts += 1
            if first_start is None or season < first_start:
                first_start = season
            if last_start is None or season > last_start:
                last_start = season
            finish_sum += finish
            wins += finish == 1
            top5 += finish <= 5
            top10 += finish <= 10
            races_led += led > 0
            dnfs += status_of[row] != RUNNING
            if start == NONE:
                gridless += 1
            else:
                start_sum += start
        self.entries += entries
        self.starts += starts
        self.wins += wins
        self.top5 += top5
        self.top10 += top10
        self.poles += poles
        self.laps_led += laps_led
        self.races_led += races_led
        self.dnfs += dnfs
        self.gridless += gridless
        self.finish_sum += finish_sum
        self.start_sum += start_sum
        self.first_start, self.last_start = first_start, last_start
        self.first_entry, self.last_entry = first_entry, last_entry

    def __iadd__(self, other: Tally) -> Tally:
        for name in _SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name, pick in (
            ("first_start", min),
            ("last_start", max),
            ("first_entry", min),
            ("last_entry", max),
        ):
            mine, theirs = getattr(self, name), getattr(other, name)
            setattr(self, name, theirs if mine is None else mine if theirs is None else pick(mine, theirs))
        return self

    @property
    def avg_finish(self) -> float | None:
        return self.finish_sum / self.starts if self.starts else None

    @property
    def avg_start(self) -> float | None:
        gridded = self.starts - self.gridless
        return self.start_sum / gridded if gridded else None

    def record(self, series_code: str) -> SeriesRecord:
        first = self.first_start if self.first_start is not None else self.first_entry
        last = self.last_start if self.last_start is not None else self.last_entry
        if first is None or last is None:
            raise ValueError("a record needs at least one race row")
        return SeriesRecord(
            series_code=series_code,
            starts=self.starts,
            wins=self.wins,
            top5=self.top5,
            top10=self.top10,
            poles=self.poles,
            laps_led=self.laps_led,
            avg_start=self.avg_start,
            avg_finish=self.avg_finish,
            first_season=first,
            last_season=last,
            unknown_grid_starts=self.gridless,
            races_led=self.races_led,
            dnfs=self.dnfs,
        )


_SUMS = (
    "entries", "starts", "wins", "top5", "top10", "poles", "laps_led", "races_led", "dnfs", "gridless",
    "finish_sum", "start_sum",
)  # fmt: skip


def tally(book: RaceBook, rows: Iterable[int]) -> Tally:
    """The tally of some race rows."""
    total = Tally()
    total.add(book, rows)
    return total
