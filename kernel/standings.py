"""Standings: their report types, the 2026 Chase rule and what the history's points can and cannot show.

Pure: the store fills these values (NASCAR's published tables, or points earned summed from the
history), the answer service picks one and the embed builder draws it. The Chase rule is here once:
the field (Cup 16, O'Reilly 12, Truck 10 from 2026), where the cut line falls, the reset seeds and
when a place in it is clinched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Literal, NamedTuple

from kernel.reports import EventInfo, Freshness

Table = Literal["drivers", "owners", "manufacturers"]
TABLES: Final[tuple[Table, ...]] = ("drivers", "owners", "manufacturers")
# Where a table comes from: NASCAR's published table, its live points during a race, or the history.
Source = Literal["feed", "live", "history"]
# A driver's place against the cut line: clinched a Chase spot, in it for now, below the line.
Mark = Literal["clinched", "in", "out"]

# The Chase (2026 on): the field per series, how many races it lasts, the seeds' points after the reset.
CHASE_FROM: Final = 2026
CHASE_FIELD: Final[dict[str, int]] = {"cup": 16, "xfinity": 12, "truck": 10}
CHASE_RACES: Final[dict[str, int]] = {"cup": 10, "xfinity": 9, "truck": 7}
RESET_TOP_SEEDS: Final = (2100, 2075, 2065)
RESET_STEP: Final = 5
# The most one race can give a driver in 2026: a win (55), three stage wins (10 each, as in a
# four-stage race) and a point to spare. Clinching is judged against this, so it is never called early.
MOST_POINTS_PER_RACE: Final = 55 + 3 * 10 + 1

# The first season each series reset points for a Chase or playoffs: before it, a season's points
# earned are its championship table (except for penalties); from it they are not.
FIRST_RESET: Final[dict[str, int]] = {"cup": 2004, "xfinity": 2016, "truck": 2016}
# Seasons in which NASCAR changed how a race is scored (Cup's Latford system in 1975; 43 down to 1 in
# 2011; stages from 2017; a win worth 55 from 2026; before 1975 Cup's scale changed often): points
# earned summed across one of these add unlike points.
SCALE_CHANGES: Final[dict[str, tuple[int, ...]]] = {
    "cup": (1975, 2011, 2017, 2026),
    "xfinity": (2011, 2017, 2026),
    "truck": (2011, 2017, 2026),
}
# A season missing Pts on this share of its rows (or more) is not ranked: the sums would mislead.
UNRANKED_MISSING_SHARE: Final = 0.25

# Seasons whose summed Pts are checked against the official table and found not to add up to it,
# with the official result (NBC Sports, "NASCAR Cup Series championship past winners list", 2024-11-05:
# champion, runner-up and margin). `ranked` False: the sums are on another scale and are not shown.
ODD_SEASONS: Final[dict[tuple[str, int], tuple[bool, str]]] = {
    ("cup", 1963): (True, "officially Joe Weatherly by 2,228 over Richard Petty"),
    ("cup", 1967): (True, "officially Richard Petty by 6,028 over James Hylton"),
    ("cup", 1968): (True, "officially David Pearson by 126 over Bobby Isaac"),
    ("cup", 1969): (True, "officially David Pearson by 357 over Richard Petty"),
    ("cup", 1972): (False, "officially Richard Petty by 127.9 over Bobby Allison"),
    ("cup", 1973): (False, "officially Benny Parsons by 67.2 over Cale Yarborough"),
}


@dataclass(frozen=True, slots=True)
class Champion:
    """A season's champion, from the project's table of public facts (`source` says where it was checked)."""

    series_code: str
    season: int
    driver: str
    source: str


@dataclass(frozen=True, slots=True)
class FinalFour:
    """The four drivers who raced for the title in a season's finale (2014 on; Xfinity and Truck 2016 on)."""

    series_code: str
    season: int
    drivers: tuple[str, ...]
    source: str


class StandingsLine(NamedTuple):
    """One driver, owner's car or manufacturer in a table; None where the source does not say. A tuple
    (immutable like the reports, and quick to make) because a season's table has hundreds."""

    position: int
    name: str
    points: int
    behind_leader: int
    car_number: str | None = None
    # Points ahead of (positive) or behind (negative) the cut line, where a Chase has one.
    to_cut: int | None = None
    wins: int | None = None
    stage_wins: int | None = None
    top5: int | None = None
    top10: int | None = None
    # Live points: what the race under way has given so far.
    earned_this_race: int | None = None
    # A Chase spot clinched, as the feed says (None when it does not).
    clinched: bool | None = None
    mark: Mark | None = None
    driver_id: int | None = None


@dataclass(frozen=True, slots=True)
class FeedStandings:
    """A table as NASCAR's feed published it, or the live points of the race on track (`event_id` and
    the lap when live)."""

    series_code: str
    season: int
    kind: str
    lines: tuple[StandingsLine, ...]
    fetched_at: datetime
    event_id: int | None = None
    lap: int | None = None
    laps_in_race: int | None = None
    # The points races the table counts: the most starts of any line (None where no line gives starts).
    races: int | None = None


@dataclass(frozen=True, slots=True)
class StandingsReport:
    """What /standings shows: a table with its source, the cut line (the last place in the Chase),
    notes saying what the figures are and are not, and the season's champion where decided."""

    series_code: str
    season: int
    table: Table
    source: Source
    lines: tuple[StandingsLine, ...]
    notes: tuple[str, ...] = ()
    cut_after: int | None = None
    champion: Champion | None = None
    # The season's final four, where its title was decided among four in the finale.
    final_four: FinalFour | None = None
    fetched_at: datetime | None = None
    # Live points: the race on track and its lap.
    live_event: EventInfo | None = None
    lap: int | None = None
    laps_in_race: int | None = None
    freshness: Freshness = field(default_factory=Freshness)
    # NASCAR's table: the points races it counts (see `FeedStandings.races`).
    races: int | None = None


def chase_size(series: str, season: int) -> int | None:
    """How many drivers the Chase takes (so where the cut line falls); None before 2026."""
    return CHASE_FIELD.get(series) if season >= CHASE_FROM else None


def reset_points(seed: int) -> int:
    """A Chase seed's points after the reset: 2,100, 2,075, 2,065, then 5 fewer a seed (16th: 2,000)."""
    if seed < 1:
        raise ValueError(f"seeds start at 1, got {seed}")
    if seed <= len(RESET_TOP_SEEDS):
        return RESET_TOP_SEEDS[seed - 1]
    return RESET_TOP_SEEDS[-1] - RESET_STEP * (seed - len(RESET_TOP_SEEDS))


def chase_reset(series: str, season: int, lines: Sequence[StandingsLine]) -> tuple[StandingsLine, ...]:
    """The Chase field after the reset: the top of the table (in its order) seeded on reset points."""
    size = chase_size(series, season)
    if size is None:
        raise ValueError(f"{season} {series} has no Chase")
    field = list(lines[:size])
    top = reset_points(1)
    return tuple(
        line._replace(position=seed, points=reset_points(seed), behind_leader=reset_points(seed) - top)
        for seed, line in enumerate(field, start=1)
    )


def clinched(ahead_of_first_out: int, races_left: int) -> bool:
    """A Chase spot is clinched when the first driver out cannot catch up in the races left."""
    return ahead_of_first_out > races_left * MOST_POINTS_PER_RACE


def against_cut(
    lines: Sequence[StandingsLine], cut: int, *, races_left: int | None = None
) -> tuple[StandingsLine, ...]:
    """The table with each line's gap to the cut line (the feed's where it gave one) and its mark:
    clinched (as the feed says, else when `races_left` cannot close the gap), in, or below the line."""
    if len(lines) <= cut:
        return tuple(line._replace(mark=line.mark or "in") for line in lines)
    last_in, first_out = lines[cut - 1].points, lines[cut].points
    marked = []
    for index, line in enumerate(lines):
        inside = index < cut
        gap = line.points - (first_out if inside else last_in)
        done = line.clinched
        if done is None and races_left is not None:
            done = inside and clinched(gap, races_left)
        mark: Mark = "clinched" if inside and done else "in" if inside else "out"
        marked.append(line._replace(to_cut=gap if line.to_cut is None else line.to_cut, mark=mark))
    return tuple(marked)


@dataclass(frozen=True, slots=True)
class HistoryBasis:
    """Whether a season's summed points can be ranked, and the notes that say what they are."""

    ranked: bool
    notes: tuple[str, ...]


def history_basis(series: str, season: int, *, rows: int, rows_without_points: int) -> HistoryBasis:
    """What a season's points earned (the sum of the history's `Pts`) are: the championship table
    before the series' first reset, points earned after it; with missing or odd-scale points said so."""
    reset = FIRST_RESET.get(series, CHASE_FROM)
    notes = [
        "Points earned: the sum of each driver's points in the season's points races, as the history records them."
    ]
    if season < reset:
        notes.append(f"Before {reset} (no reset) that is the championship table, except for penalties.")
    else:
        notes.append(
            f"From {reset} it is not the final standings: the Chase or playoff reset, playoff points "
            "and penalties are not in the rows."
        )
    missing = rows_without_points / rows if rows else 1.0
    if missing >= UNRANKED_MISSING_SHARE:
        notes.append(
            f"The history has no points for {rows_without_points:,} of this season's {rows:,} starts "
            f"({missing:.0%}): too few to rank, so no table is shown."
        )
        return HistoryBasis(False, tuple(notes))
    if rows_without_points:
        notes.append(
            f"The history has no points for {rows_without_points:,} of this season's {rows:,} starts "
            f"({missing:.0%}), counted as 0: the sums fall short of the official table."
        )
    odd = ODD_SEASONS.get((series, season))
    if odd is not None:
        ranked, official = odd
        if ranked:
            notes.append(
                f"This season's points in the history do not add up to the official table ({official})."
            )
        else:
            notes.append(
                f"This season's points were scored on a scale the history's rows do not carry ({official}), "
                "so no table is shown."
            )
            return HistoryBasis(False, tuple(notes))
    return HistoryBasis(True, tuple(notes))
