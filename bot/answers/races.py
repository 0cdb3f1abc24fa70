"""Which race a race option means, and what to say of a race with no grid yet."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.answers import lookup
from bot.answers.errors import NoData
from bot.resolve import NameIndex, split_year
from db.store.ledger import RaceBook, asked_at
from db.store.queries.upcoming import timed_sessions
from kernel.naming import fold
from kernel.reports import EventInfo

# Before this season the source often lacks starting positions.
GRID_RECORDED_FROM = 1963


def pick_race(
    names: NameIndex, book: RaceBook, text: str, *, series: str | None, season: int | None, now: datetime
) -> tuple[EventInfo, tuple[str, ...]]:
    """The event `text` means, and the other races at that track that season (to switch to).

    A race's own name ("southern 500", "2024 daytona 500") wins when it names one exactly or by a
    classic name; otherwise a track ("bristol") means its latest race, or that season's, a year in the
    text ("2024 dega") as good as the year option.
    """
    track_text = text
    by_track = names.resolve_track(text, series=series)
    place_text, year = split_year(fold(text))
    if by_track.status != "match" and year is not None and place_text:
        with_year = names.resolve_track(place_text, series=series)
        if with_year.status == "match":
            track_text, by_track, season = place_text, with_year, year
    if by_track.status != "match" or names.names_race(text):
        by_name = names.resolve_race(text, series=series, season=season)
        if by_track.status != "match" or (
            by_name.status == "match" and by_name.candidates[0].via in ("exact", "alias")
        ):
            race = lookup.chosen(by_name, lambda: names.suggest_race(text, series=series, season=season))
            return book.events[int(race.id)], ()
    place = by_track.candidates[0]
    if series is not None:
        lookup.check_raced_at(names, track_text, place, series)
    events = asked_at(book, int(place.id), series=series, season=season, now=now)
    if not events:
        scope = " ".join(x for x in (str(season) if season else None, series) if x)
        raise NoData(f"No {scope + ' ' if scope else ''}race at {place.name} in the store.")
    event = events[0]
    others = tuple(
        f"{other.name} ({other.series_title}, race {other.round})"
        for other in events[1:]
        if other.season == event.season and other.series_code == event.series_code
    )
    return event, others


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
