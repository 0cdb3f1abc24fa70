"""Car numbers: "#5" is whoever drove the 5 most in the series and season of the question.

Digits are kept as typed, since "07" and "7" are different cars; with no season given, the latest
season that has car data stands in.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Collection, Sequence
from itertools import chain
from typing import Final

from bot.resolve.entries import CarEntry
from bot.resolve.postings import Postings
from bot.resolve.ranking import Hits, fuzzy_matches
from kernel.series import SERIES_CODES

# "#5", "5", "no. 22", "number 7", "car 07" after folding.
CAR_QUERY: Final = re.compile(r"(?:no|nr|num|number|car)? ?(\d{1,3})")
CAR_BASE: Final = 80.0
CAR_SPAN: Final = 20.0
# "#999" suggests "#99" (80) and "#199" (67), not "#9" (50).
NEAR_NUMBER_CUTOFF: Final = 60.0
NO_CARS: Final = Postings({})


def car_number(folded: str) -> str | None:
    """The car number a folded query asks for, or None when it is not a car number."""
    match = CAR_QUERY.fullmatch(folded)
    return None if match is None else match.group(1)


class CarNumbers:
    """Starts per (series, season, number) and driver, for the drivers the index knows.

    Kept compact (tens of thousands of cars over the history): per series and season, each number's
    drivers and starts as (driver, starts, driver, starts, ...) in one `Postings`, not a dict per car.
    """

    def __init__(self, cars: Sequence[CarEntry], drivers: Collection[int]) -> None:
        counted: dict[tuple[str, int], dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
        self._latest: dict[str | None, int] = {}
        for car in cars:
            if car.driver_id not in drivers:
                continue
            slot = counted[(car.series, car.season)][sys.intern(car.car_number)]
            slot[car.driver_id] = slot.get(car.driver_id, 0) + car.starts
            for series in (car.series, None):
                self._latest[series] = max(self._latest.get(series, car.season), car.season)
        self._starts: dict[tuple[str, int], Postings] = {
            key: Postings({number: chain.from_iterable(slot.items()) for number, slot in numbers.items()})
            for key, numbers in counted.items()
        }

    def season(self, series: str | None, season: int | None) -> int | None:
        """The season asked for, else the latest with car data (in that series)."""
        return season if season is not None else self._latest.get(series)

    def starts(self, number: str, series: str | None, season: int | None) -> dict[int, float]:
        """Driver id -> starts in car `number`, in the series (or any) and season."""
        year = self.season(series, season)
        if year is None:
            return {}
        starts: dict[int, float] = {}
        for code in _codes(series):
            pairs = self._starts.get((code, year), NO_CARS).ids(number)
            for driver_id, count in zip(pairs[::2], pairs[1::2], strict=True):
                starts[driver_id] = max(starts.get(driver_id, 0.0), float(count))
        return starts

    def nearest(
        self, number: str, series: str | None, season: int | None, limit: int
    ) -> list[tuple[str, int, float]]:
        """(number, its most frequent driver, score) for the numbers run in the series and season that are
        written most like `number`, best first."""
        year = self.season(series, season)
        if year is None:
            return []
        run = sorted(set().union(*(self._starts.get((code, year), NO_CARS) for code in _codes(series))))
        nearest = []
        for other, score, _ in fuzzy_matches(number, run, NEAR_NUMBER_CUTOFF, limit):
            starts = self.starts(other, series, season)
            nearest.append((other, max(starts, key=starts.__getitem__), score))
        return nearest

    def field(self, series: str | None, season: int) -> set[int]:
        """Every driver with a car number in the series (or any) and season."""
        seasons = [self._starts.get((code, season), NO_CARS) for code in _codes(series)]
        return {
            driver_id for numbers in seasons for number in numbers for driver_id in numbers.ids(number)[::2]
        }


def _codes(series: str | None) -> tuple[str, ...]:
    return (series,) if series is not None else SERIES_CODES


def car_hits(starts: dict[int, float]) -> Hits[int]:
    """Car-number hits: the driver with the most starts in that car scores highest."""
    top = max(starts.values(), default=0.0)
    return {driver_id: (CAR_BASE + CAR_SPAN * count / top, "car") for driver_id, count in starts.items()}
