"""What each picture shows: plain frozen values, built here from reports, drawn in worker processes.

A spec holds exactly what its picture shows (already worded and clipped), so two questions with the
same answer give equal specs, and `digest(spec)` is the cache key: a grid posted to 2,000 channels is
one spec, drawn once. Specs are bounded (slots, seasons and lines here, laps in `kernel.laps`), so no
drawing runs away, and each carries its alt text (`description`), Discord's attachment description.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar
from zoneinfo import ZoneInfo

from kernel.reports import DriverReport, EventInfo, GridReport, GridSlot
from kernel.series import SERIES_BY_CODE

# Discord's limits: an attachment's description, and file names kept short and plain.
DESCRIPTION_LIMIT = 1024
# Bounds on what one picture may show (a real grid has at most 43 cars before 1960s fields of 50+).
MAX_SLOTS = 60
MAX_SEASONS = 80
MAX_LINES = 12
NAME_CHARS = 40
# Race-day dates are NASCAR's: US Eastern.
RACE_TIME_ZONE = ZoneInfo("America/New_York")
POLE, OUTSIDE_POLE = "POLE", "OUTSIDE POLE"


@dataclass(frozen=True, slots=True)
class Picture:
    """A drawn PNG with its file name and alt text."""

    data: bytes
    filename: str
    description: str


@dataclass(frozen=True, slots=True)
class CardSlot:
    """One car on the grid card: its slot, "#24", driver, "Chevrolet · Hendrick Motorsports", mark."""

    position: int
    car: str
    driver: str
    entry: str
    # POLE, OUTSIDE_POLE or "".
    mark: str


@dataclass(frozen=True, slots=True)
class GridCard:
    """The starting grid as a card: header lines and the cars, two a row."""

    filename: ClassVar[str] = "grid.png"

    series_code: str
    series_label: str
    race: str
    where: str
    how: str
    slots: tuple[CardSlot, ...]
    description: str


@dataclass(frozen=True, slots=True)
class SeasonBar:
    """One season of a career panel."""

    season: int
    starts: int
    wins: int
    top5: int
    top10: int
    avg_finish: float | None


@dataclass(frozen=True, slots=True)
class CareerPanel:
    """One series of a career chart, season by season."""

    series_code: str
    series_label: str
    seasons: tuple[SeasonBar, ...]


@dataclass(frozen=True, slots=True)
class CareerChart:
    """A driver's finishes season by season, a panel per series."""

    filename: ClassVar[str] = "career.png"

    driver: str
    scope: str
    panels: tuple[CareerPanel, ...]
    description: str


@dataclass(frozen=True, slots=True)
class RaceLine:
    """One car's running position lap by lap (index = lap; None where it was not running)."""

    label: str
    positions: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class RaceChart:
    """Positions by lap for the leaders at the finish, with the laps run under caution."""

    filename: ClassVar[str] = "race.png"

    title: str
    laps: int
    lines: tuple[RaceLine, ...]
    # (first lap, last lap) of each caution period.
    cautions: tuple[tuple[int, int], ...]
    description: str


PictureSpec = GridCard | CareerChart | RaceChart


def digest(spec: PictureSpec) -> str:
    """The cache key: equal for specs that show the same thing (their repr is deterministic)."""
    return hashlib.sha256(repr(spec).encode()).hexdigest()


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def listed(lead: str, items: list[str]) -> str:
    """`lead` and the items, as many as fit Discord's description limit, then how many more there are."""
    text = lead + ", ".join(items) + "."
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    shown: list[str] = []
    for item in items:
        more = len(items) - len(shown) - 1
        if len(lead + ", ".join([*shown, item]) + f"; and {more} more.") > DESCRIPTION_LIMIT:
            break
        shown.append(item)
    return lead + ", ".join(shown) + f"; and {len(items) - len(shown)} more."


def race_day(moment: datetime | None) -> str | None:
    """The green flag's date on the US East Coast, e.g. "Sat 22 Mar 2025"."""
    if moment is None:
        return None
    day = moment.astimezone(RACE_TIME_ZONE)
    return f"{day:%a} {day.day} {day:%b %Y}"


def _series_label(code: str) -> str:
    spec = SERIES_BY_CODE.get(code)
    return spec.label if spec is not None else code


def _mark(slot: GridSlot, slots: tuple[GridSlot, ...]) -> str:
    """Pole and outside pole: slots 1 and 2, where one car alone holds the slot."""
    alone = sum(1 for other in slots if other.position == slot.position) == 1
    if not alone:
        return ""
    return {1: POLE, 2: OUTSIDE_POLE}.get(slot.position, "")


def grid_card(report: GridReport) -> GridCard:
    """The card for a grid: the race, its track and date, how the grid was set, and up to MAX_SLOTS cars."""
    event = report.event
    slots = report.slots[:MAX_SLOTS]
    how = "Qualifying order (lineup not out yet)" if report.from_qualifying else "Starting lineup"
    method = {"qualifying": "set by qualifying", "metric": "set by metric (qualifying cancelled)"}
    if event.grid_method in method:
        how += f" · grid {method[event.grid_method]}"
    cards = tuple(
        CardSlot(
            position=slot.position,
            car=f"#{slot.car_number}" if slot.car_number else "",
            driver=clip(slot.driver, NAME_CHARS),
            entry=clip(" · ".join(part for part in (slot.make, slot.team) if part), 2 * NAME_CHARS),
            mark=_mark(slot, report.slots),
        )
        for slot in slots
    )
    return GridCard(
        series_code=event.series_code,
        series_label=f"{_series_label(event.series_code)} {event.season}".upper(),
        race=clip(event.name, 2 * NAME_CHARS),
        where=_where(event),
        how=how,
        slots=cards,
        description=_grid_description(event, report, cards),
    )


def _where(event: EventInfo) -> str:
    """ "Homestead-Miami Speedway · race 4 · Sat 22 Mar 2025"."""
    parts = [event.track_name, f"race {event.round}"]
    day = race_day(event.start_time_utc)
    if day:
        parts.append(day)
    return clip(" · ".join(parts), 2 * NAME_CHARS)


def _grid_description(event: EventInfo, report: GridReport, cards: tuple[CardSlot, ...]) -> str:
    kind = "Qualifying order" if report.from_qualifying else "Starting grid"
    lead = f"{kind} of the {event.season} {event.name} ({event.series_title}) at {event.track_name}, two cars a row: "
    return listed(lead, [f"{card.position} {card.car} {card.driver}".replace("  ", " ") for card in cards])


def career_chart(report: DriverReport) -> CareerChart | None:
    """A panel per series with at least two seasons; None when no series has two (nothing to chart)."""
    panels = tuple(
        CareerPanel(
            series_code=career.series_code,
            series_label=_series_label(career.series_code),
            seasons=tuple(
                SeasonBar(line.season, line.starts, line.wins, line.top5, line.top10, line.avg_finish)
                for line in career.seasons[-MAX_SEASONS:]
            ),
        )
        for career in report.careers
        if len(career.seasons) > 1
    )
    if not panels:
        return None
    scope = _scope(report)
    lead = f"{report.name}'s finishes season by season{(' ' + scope) if scope else ''}: "
    lines = [
        f"{panel.series_label} {bar.season} {bar.wins} wins, {bar.top5} top 5s, {bar.top10} top 10s in {bar.starts} starts"
        for panel in panels
        for bar in panel.seasons
    ]
    return CareerChart(report.name, scope, panels, listed(lead, lines))


def _scope(report: DriverReport) -> str:
    """ "at Homestead-Miami Speedway, 2014–2024"; "" over a whole career."""
    parts = []
    if report.track_name:
        parts.append(f"at {report.track_name}")
    if report.from_year is not None or report.to_year is not None:
        low = "" if report.from_year is None else str(report.from_year)
        high = "" if report.to_year is None else str(report.to_year)
        parts.append(f"{low}–{high}" if low != high else low)
    return ", ".join(parts)
