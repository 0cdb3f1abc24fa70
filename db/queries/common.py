"""Plain result types shared by the queries, so nothing lazy-loading ever leaves `db/`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Select, select

from db.models import Event, Series, Track
from db.reference import series_title


@dataclass(frozen=True, slots=True)
class EventInfo:
    id: int
    series_code: str
    series_title: str
    season: int
    round: int
    name: str
    track_id: int
    track_name: str
    track_length_miles: float | None
    start_time_utc: datetime | None
    scheduled_laps: int | None
    stage_ends: tuple[int, ...]
    purse_usd: int | None
    tv_network: str | None
    is_sample: bool


def event_info_select() -> Select[Event, str, Track]:
    return select(Event, Series.code, Track).join(Series, Event.series_id == Series.id).join(Track)


def to_event_info(event: Event, series_code: str, track: Track) -> EventInfo:
    start = event.start_time_utc
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    return EventInfo(
        id=event.id,
        series_code=series_code,
        series_title=series_title(series_code, event.season),
        season=event.season,
        round=event.round,
        name=event.name,
        track_id=track.id,
        track_name=track.name,
        track_length_miles=track.length_miles,
        start_time_utc=start,
        scheduled_laps=event.scheduled_laps,
        stage_ends=tuple(event.stage_ends or ()),
        purse_usd=event.purse_usd,
        tv_network=event.tv_network,
        is_sample=event.is_sample,
    )
