"""The one table of facts about the three national series: codes, titles by era, feed ids, labels, colours.

Everything else (the store's reference rows, the resolver, the feed importer, the embeds) reads this
table, so a new title or a new colour is one edit here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

SeriesCode = Literal["cup", "xfinity", "truck"]


@dataclass(frozen=True, slots=True)
class SeriesTitle:
    name: str
    first_season: int
    last_season: int | None


@dataclass(frozen=True, slots=True)
class SeriesSpec:
    """One series; `prominence` breaks ties between series ("c": Cup before Craftsman)."""

    code: SeriesCode
    name: str
    label: str
    feed_series_id: int
    colour: int
    prominence: float
    titles: tuple[SeriesTitle, ...]


SERIES: Final[tuple[SeriesSpec, ...]] = (
    SeriesSpec(
        "cup",
        "NASCAR Cup Series",
        "Cup",
        1,
        0xFFD659,
        3.0,
        (
            SeriesTitle("Strictly Stock Series", 1949, 1949),
            SeriesTitle("Grand National Series", 1950, 1970),
            SeriesTitle("Winston Cup Series", 1971, 2003),
            SeriesTitle("Nextel Cup Series", 2004, 2007),
            SeriesTitle("Sprint Cup Series", 2008, 2016),
            SeriesTitle("Monster Energy NASCAR Cup Series", 2017, 2019),
            SeriesTitle("NASCAR Cup Series", 2020, None),
        ),
    ),
    SeriesSpec(
        "xfinity",
        "NASCAR Xfinity Series",
        "Xfinity",
        2,
        0x6E2B8C,
        2.0,
        (
            SeriesTitle("Budweiser Late Model Sportsman Series", 1982, 1983),
            SeriesTitle("Busch Grand National Series", 1984, 2002),
            SeriesTitle("Busch Series", 2003, 2007),
            SeriesTitle("Nationwide Series", 2008, 2014),
            SeriesTitle("Xfinity Series", 2015, 2025),
            SeriesTitle("O'Reilly Auto Parts Series", 2026, None),
        ),
    ),
    SeriesSpec(
        "truck",
        "NASCAR Craftsman Truck Series",
        "Truck",
        3,
        0xE4002B,
        1.0,
        (
            SeriesTitle("Craftsman SuperTruck Series", 1995, 1995),
            SeriesTitle("Craftsman Truck Series", 1996, 2008),
            SeriesTitle("Camping World Truck Series", 2009, 2018),
            SeriesTitle("Gander Outdoors Truck Series", 2019, 2019),
            SeriesTitle("Gander RV & Outdoors Truck Series", 2020, 2020),
            SeriesTitle("Camping World Truck Series", 2021, 2022),
            SeriesTitle("Craftsman Truck Series", 2023, None),
        ),
    ),
)

# Cup, Xfinity, Truck: the order answers list them in.
SERIES_CODES: Final[tuple[SeriesCode, ...]] = tuple(spec.code for spec in SERIES)
SERIES_BY_CODE: Final[dict[str, SeriesSpec]] = {spec.code: spec for spec in SERIES}
SERIES_BY_FEED_ID: Final[dict[int, str]] = {spec.feed_series_id: spec.code for spec in SERIES}


def series_spec(code: str) -> SeriesSpec:
    """The series with `code`; a ValueError naming the known codes otherwise."""
    spec = SERIES_BY_CODE.get(code)
    if spec is None:
        raise ValueError(f"unknown series {code!r}; expected one of {', '.join(SERIES_CODES)}")
    return spec


def series_order(code: str) -> int:
    """Cup 0, Xfinity 1, Truck 2; anything else after them."""
    return SERIES_CODES.index(code) if code in SERIES_BY_CODE else len(SERIES_CODES)


def series_title(code: str, season: int) -> str:
    """The name a series raced under in `season` (Busch in 2005, O'Reilly in 2026)."""
    spec = series_spec(code)
    for title in spec.titles:
        if title.first_season <= season and (title.last_season is None or season <= title.last_season):
            return title.name
    return spec.name
