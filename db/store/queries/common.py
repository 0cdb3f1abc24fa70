"""The event columns every answer starts from, read into `kernel.reports.EventInfo` (never ORM objects)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC
from typing import Any

from sqlalchemy import Select, select

from db.store.models import Event, Series, Track
from kernel.reports import EventInfo
from kernel.series import series_title

# Columns, not entities: loading ORM objects cost more than the queries themselves.
EVENT_COLUMNS = (
    Event.id,
    Series.code,
    Event.season,
    Event.round,
    Event.name,
    Track.id,
    Track.name,
    Track.length_miles,
    Event.start_time_utc,
    Event.scheduled_laps,
    Event.stage_ends,
    Event.purse_usd,
    Event.tv_network,
    Event.is_sample,
    Event.results_official,
    Event.grid_method,
)


def event_info_select(*extra: Any) -> Select[*tuple[Any, ...]]:
    """Events with their series and track; `extra` columns follow the event's in each row."""
    return (
        select(*EVENT_COLUMNS, *extra)
        .select_from(Event)
        .join(Series, Event.series_id == Series.id)
        .join(Track, Event.track_id == Track.id)
    )


def to_event_info(row: Sequence[Any]) -> EventInfo:
    """The first `len(EVENT_COLUMNS)` values of a row from `event_info_select`."""
    (
        event_id,
        code,
        season,
        round_,
        name,
        track_id,
        track,
        length,
        start,
        laps,
        stages,
        purse,
        tv,
        sample,
        official,
        grid_method,
    ) = row[: len(EVENT_COLUMNS)]
    if start is not None and start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    return EventInfo(
        id=event_id,
        series_code=code,
        series_title=series_title(code, season),
        season=season,
        round=round_,
        name=name,
        track_id=track_id,
        track_name=track,
        track_length_miles=length,
        start_time_utc=start,
        scheduled_laps=laps,
        stage_ends=tuple(stages or ()),
        purse_usd=purse,
        tv_network=tv,
        is_sample=sample,
        results_official=official,
        grid_method=grid_method,
    )
