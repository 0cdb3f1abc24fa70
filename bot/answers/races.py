"""Which race a race option means, and what to say of a race with no grid yet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.answers import lookup
from bot.answers.errors import BadInput, NoData
from bot.resolve import Candidate, NameIndex, split_year
from db.store.ledger import RaceBook, asked_at
from db.store.ledger.book import has_run
from db.store.queries.upcoming import timed_sessions
from kernel.naming import fold
from kernel.reports import EventInfo
from kernel.series import series_order

# Before this season the source often lacks starting positions.
GRID_RECORDED_FROM = 1963


def pick_race(
    names: NameIndex, book: RaceBook, text: str, *, series: str | None, season: int | None, now: datetime
) -> tuple[EventInfo, tuple[str, ...]]:
    """The event `text` means, and the other races at that track that season (to switch to).

    A year in the text ("2024 dega") is the season as much as the year option, and the race is always
    of that season: a season without it is said, never replaced. A race's own or classic name
    ("southern 500") wins; otherwise a track ("bristol") means the race `race_at` picks there.
    """
    place_text, year = split_year(fold(text))
    if year is not None and season is not None and year != season:
        raise BadInput(f"The race says {year} but the year option {season}: give one season.")
    season = season if year is None else year
    if not names.names_race(text) and place_text:
        by_track = names.resolve_track(place_text, series=series)
        if by_track.status == "match":
            place = by_track.candidates[0]
            if series is not None:
                lookup.check_raced_at(names, place_text, place, series)
            return race_at(names, book, place, series=series, season=season, now=now)
    by_name = names.resolve_race(text, series=series, season=season)
    if by_name.status == "none" and season is not None:
        name, seasons = names.race_seasons(text, series=series)
        if seasons:
            raise NoData(f"No {season} {name} in the store: the seasons it ran are {season_ranges(seasons)}.")
    race = lookup.chosen(by_name, lambda: names.suggest_race(text, series=series, season=season))
    return book.events[int(race.id)], ()


def race_at(
    names: NameIndex,
    book: RaceBook,
    place: Candidate,
    *,
    series: str | None,
    season: int | None,
    now: datetime,
    what: str = "race",
) -> tuple[EventInfo, tuple[str, ...]]:
    """The race a question about a track means, and the others there that season in its series; when
    there is none, NoData says there is no `what` ("race", "pole") there.

    The coming weekend's race if one is near; else without a season the latest, and with one that
    season's classic race there (races.csv: the Daytona 500 before the summer race at Daytona), else
    its first, Cup first.
    """
    track_id = int(place.id)
    events = asked_at(book, track_id, series=series, season=season, now=now)
    if not events:
        scope = " ".join(x for x in (str(season) if season else None, series) if x)
        raise NoData(f"No {scope + ' ' if scope else ''}{what} at {place.name} in the store.")
    if season is not None:
        events.sort(
            key=lambda e: (has_run(e, now), not names.is_classic(e.id), series_order(e.series_code), e.round)
        )
    event = events[0]
    others = tuple(
        f"{other.name} ({other.series_title}, race {other.round})"
        for other in events[1:]
        if other.season == event.season and other.series_code == event.series_code
    )
    return event, others


def season_ranges(seasons: Sequence[int]) -> str:
    """Sorted seasons as runs: "1950–2004, 2009–2025"."""
    runs: list[list[int]] = []
    for season in seasons:
        if runs and season == runs[-1][-1] + 1:
            runs[-1].append(season)
        else:
            runs.append([season])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


async def no_grid_yet(sessions: async_sessionmaker[AsyncSession], event: EventInfo, *, now: datetime) -> str:
    """What is known about a race without a grid: why an old one lacks it, or when a coming one gets it."""
    text = f"The {event.season} {event.name} at {event.track_name} has no starting grid in the store"
    if event.season < GRID_RECORDED_FROM:
        return text + " (the source lacks many starting positions before 1963)."
    if event.start_time_utc is None or event.start_time_utc <= now:
        return text + "."
    timed, _ = await timed_sessions(sessions, event.id)
    qualifying = [start for name, start in timed if "qualif" in name.lower()]
    when = f"qualifying is <t:{int(qualifying[0].timestamp())}:F>, " if qualifying else ""
    return (
        f"The lineup for the {event.season} {event.name} at {event.track_name} is not out yet: {when}"
        f"the green flag <t:{int(event.start_time_utc.timestamp())}:F>."
    )
