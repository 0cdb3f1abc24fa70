"""Points earned in a season, per driver, from the race book: the history's side of /standings.

"Points earned" is `Tally.points`, the one definition /leaders uses too: the sum of a driver's points
over the season's points races, as recorded per race (`RaceBook.points`). Rows without points are
counted, never taken for 0, so the caller can say how much of the season the sums rest on.
"""

from __future__ import annotations

from dataclasses import dataclass

from db.store.ledger.book import RaceBook
from kernel.standings import StandingsLine


@dataclass(frozen=True, slots=True)
class SeasonPoints:
    """Every driver with recorded points in a season as a table's lines, best first (with wins, top 5s
    and top 10s, and the car of the last start), and how many rows had no points."""

    lines: tuple[StandingsLine, ...]
    rows: int
    rows_without_points: int


def season_points(book: RaceBook, series: str, season: int) -> SeasonPoints:
    """Points earned per driver in the series' season, ranked by points, then wins, then name.

    Drivers whose every row lacks points are left out (their points are unknown, not 0).
    """
    driver_of, car_of = book.driver, book.car
    last_car: dict[int, str | None] = {}
    # A season is ~1,500 rows and answers are timed in milliseconds: slices and C-level updates; the
    # sums are the season tallies the book keeps.
    for event_id in book.by_season.get((series, season), ()):
        span = book.rows(event_id)
        last_car.update(zip(driver_of[span.start : span.stop], car_of[span.start : span.stop], strict=True))
    tallies = {driver: book.seasons.of(series, driver, season, season)[season] for driver in last_car}
    rows = sum(each.entries for each in tallies.values())
    missing = sum(each.pointless for each in tallies.values())
    earned = {driver: each.points for driver, each in tallies.items() if each.pointless < each.entries}
    ranked = sorted(
        earned,
        key=lambda driver: (-earned[driver], -tallies[driver].wins, book.drivers[driver]),
    )
    top = earned[ranked[0]] if ranked else 0
    lines = tuple(
        StandingsLine(
            position=position,
            name=book.drivers[driver],
            points=earned[driver],
            behind_leader=earned[driver] - top,
            car_number=last_car[driver],
            wins=tallies[driver].wins,
            top5=tallies[driver].top5,
            top10=tallies[driver].top10,
            driver_id=driver,
        )
        for position, driver in enumerate(ranked, start=1)
    )
    return SeasonPoints(lines, rows, missing)
