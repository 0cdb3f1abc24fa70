"""One definition of a record: sums over race rows that add up across seasons, tracks and spans.

A start is a race row with a finishing position; a win a finish in first. A start from pole is a start
from the first grid slot, however the grid was set (qualifying, the metric, points after rain); where
NASCAR's feed says how (`EventInfo.grid_method`), the starts from pole on a grid set by qualifying
(pole awards) and by the metric are counted apart as well. A race led is a start with a lap led; a
DNF a start whose status is known and is not "running" (an unknown status, "-" in the source, is
neither a DNF nor a finish running: it is counted as unknown). Points earned are the championship
points of every race row (`Pts`), added up; a driver rating is averaged over the starts that have one.

What the source lacks is counted, never taken for 0: starts with no grid slot (starts from pole may
then be more), starts in races where the source credits nobody with a lap led (laps led and races
led may then be more), rows without points and starts without a rating, and the seasons of each,
so an answer names where the gaps are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from db.store.ledger.book import NO_POINTS, NO_RATING, NONE, RUNNING, RaceBook
from kernel.reports import GRID_BY_METRIC, GRID_BY_QUALIFYING, SeriesRecord

# Bit 0 of a season mask: the first season of the history (a mask of seasons is one small int that
# adds up across tallies with `|`).
FIRST_SEASON = 1949


def led_recorded(book: RaceBook, event_id: int) -> bool:
    """Whether the source credits anyone in the race with a lap led: someone leads every race, so a
    race where nobody did is one whose laps led are not recorded (unknown, not 0)."""
    winner = book.winner_row.get(event_id)
    if winner is not None and book.led[winner]:
        return True  # the usual case, found without a scan (the winner almost always led a lap)
    rows = book.by_event.get(event_id)
    return rows is not None and len(rows) > 0 and max(book.led[rows.start : rows.stop]) > 0


def seasons_of(mask: int) -> tuple[int, ...]:
    """The seasons in a season mask, oldest first."""
    return tuple(FIRST_SEASON + bit for bit in range(mask.bit_length()) if mask >> bit & 1)


def season_bit(season: int) -> int:
    """The season's bit in a season mask."""
    return 1 << max(season - FIRST_SEASON, 0)


@dataclass(slots=True)
class Tally:
    """Sums over race rows; `+=` another tally to widen the scope."""

    entries: int = 0
    starts: int = 0
    wins: int = 0
    top5: int = 0
    top10: int = 0
    # Starts from the first grid slot ("started from pole"), and of them those the feed says were
    # set by qualifying (pole awards) or by the metric.
    poles: int = 0
    pole_awards: int = 0
    metric_poles: int = 0
    laps_led: int = 0
    races_led: int = 0
    dnfs: int = 0
    # Starts whose status the source does not give.
    unknown_status: int = 0
    # Starts with no grid slot, and starts in races with no laps led recorded; the seasons of each.
    gridless: int = 0
    ledless: int = 0
    gridless_seasons: int = 0
    ledless_seasons: int = 0
    finish_sum: int = 0
    start_sum: int = 0
    # Points earned over the rows with points, and the rows without (with their seasons).
    points: int = 0
    pointless: int = 0
    pointless_seasons: int = 0
    # Starts with a driver rating and the sum of their ratings in tenths; the seasons of starts without.
    rated: int = 0
    rating_sum: int = 0
    unrated_seasons: int = 0
    # Seasons of the first and last start (of the first and last entry when there was no start).
    first_start: int | None = None
    last_start: int | None = None
    first_entry: int | None = None
    last_entry: int | None = None

    def add(self, book: RaceBook, rows: Iterable[int]) -> None:
        """Count race rows: the one place the definitions live (a loop over locals, as answers count
        thousands of rows)."""
        season_of, start_of, finish_of, led_of, status_of, event_of, points_of, rating_of = (
            book.season,
            book.start,
            book.finish,
            book.led,
            book.status,
            book.event,
            book.points,
            book.rating,
        )
        entries = starts = wins = top5 = top10 = poles = awards = metric = laps_led = races_led = 0
        dnfs = unknown_status = gridless = ledless = finish_sum = start_sum = 0
        points = pointless = rated = rating_sum = 0
        gridless_seasons, ledless_seasons = self.gridless_seasons, self.ledless_seasons
        pointless_seasons, unrated_seasons = self.pointless_seasons, self.unrated_seasons
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
            earned = points_of[row]
            if earned == NO_POINTS:
                pointless += 1
                pointless_seasons |= season_bit(season)
            else:
                points += earned
            if start == 1:
                poles += 1
                method = book.events[event_of[row]].grid_method
                awards += method == GRID_BY_QUALIFYING
                metric += method == GRID_BY_METRIC
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
            if led:
                races_led += 1
            elif not led_recorded(book, event_of[row]):
                ledless += 1
                ledless_seasons |= season_bit(season)
            status = status_of[row]
            if status is None:
                unknown_status += 1
            else:
                dnfs += status != RUNNING
            if start == NONE:
                gridless += 1
                gridless_seasons |= season_bit(season)
            else:
                start_sum += start
            rating = rating_of[row]
            if rating == NO_RATING:
                unrated_seasons |= season_bit(season)
            else:
                rated += 1
                rating_sum += rating
        self.entries += entries
        self.starts += starts
        self.wins += wins
        self.top5 += top5
        self.top10 += top10
        self.poles += poles
        self.pole_awards += awards
        self.metric_poles += metric
        self.laps_led += laps_led
        self.races_led += races_led
        self.dnfs += dnfs
        self.unknown_status += unknown_status
        self.gridless += gridless
        self.ledless += ledless
        self.finish_sum += finish_sum
        self.start_sum += start_sum
        self.points += points
        self.pointless += pointless
        self.rated += rated
        self.rating_sum += rating_sum
        self.gridless_seasons, self.ledless_seasons = gridless_seasons, ledless_seasons
        self.pointless_seasons, self.unrated_seasons = pointless_seasons, unrated_seasons
        self.first_start, self.last_start = first_start, last_start
        self.first_entry, self.last_entry = first_entry, last_entry

    def __iadd__(self, other: Tally) -> Tally:
        for name in SUMS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in MASKS:
            setattr(self, name, getattr(self, name) | getattr(other, name))
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
    def unrated(self) -> int:
        """Starts without a driver rating."""
        return self.starts - self.rated

    @property
    def avg_rating(self) -> float | None:
        """The mean driver rating over the starts that have one."""
        return self.rating_sum / self.rated / 10 if self.rated else None

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
            unknown_status_starts=self.unknown_status,
            unknown_led_starts=self.ledless,
            grid_gap_seasons=seasons_of(self.gridless_seasons),
            led_gap_seasons=seasons_of(self.ledless_seasons),
            pole_awards=self.pole_awards,
            metric_poles=self.metric_poles,
        )


SUMS = (
    "entries", "starts", "wins", "top5", "top10", "poles", "pole_awards", "metric_poles", "laps_led",
    "races_led", "dnfs", "unknown_status", "gridless", "ledless", "finish_sum", "start_sum", "points",
    "pointless", "rated", "rating_sum",
)  # fmt: skip
MASKS = ("gridless_seasons", "ledless_seasons", "pointless_seasons", "unrated_seasons")


def tally(book: RaceBook, rows: Iterable[int]) -> Tally:
    """The tally of some race rows."""
    total = Tally()
    total.add(book, rows)
    return total
