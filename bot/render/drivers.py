"""The /driver embed: a record per series, and the latest entry."""

from __future__ import annotations

import discord

from bot.render.common import (
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    car,
    clip,
    ordinal,
    series_colour,
    with_footer,
)
from kernel.reports import DriverReport, LatestEntry, SeriesRecord
from kernel.series import series_title


def _record_value(record: SeriesRecord) -> str:
    lines = [
        f"Starts **{record.starts}** · Wins **{record.wins}** · Top 5 **{record.top5}** · Top 10 **{record.top10}**",
        f"Poles **{_poles(record.poles, record.unknown_grid_starts)}** · Laps led **{record.laps_led:,}**",
    ]
    if record.unknown_grid_starts:
        lines.append(
            f"Grid unknown for {record.unknown_grid_starts:,} of {record.starts:,} starts: poles may be more"
        )
    averages = []
    if record.avg_start is not None:
        averages.append(f"Avg start {record.avg_start:.1f}")
    if record.avg_finish is not None:
        averages.append(f"Avg finish {record.avg_finish:.1f}")
    if averages:
        lines.append(" · ".join(averages))
    return "\n".join(lines)


def _poles(poles: int, unknown: int) -> str:
    """A pole count, marked as a lower bound where starts lack a recorded grid."""
    return f"≥{poles}" if unknown else str(poles)


def _latest_value(latest: LatestEntry) -> str:
    event = latest.event
    line = f"{event.season} {event.name} ({event.series_title}, {event.track_name})"
    entry = f"{car(latest.car_number)}{latest.team or ''}".strip()
    parts = [line]
    if entry:
        parts.append(entry)
    if latest.finish_position is not None:
        parts.append(f"Finished {ordinal(latest.finish_position)}")
    if latest.start_position is not None:
        parts.append(f"Started {ordinal(latest.start_position)}")
    return "\n".join(parts)


def driver_embed(report: DriverReport) -> discord.Embed:
    title = report.name if report.track_name is None else f"{report.name} at {report.track_name}"
    embed = discord.Embed(title=clip(title, TITLE_LIMIT))
    if report.records:
        embed.colour = series_colour(report.records[0].series_code)
    for record in report.records:
        if record.starts == 0 and report.freshness.sample_only:
            continue
        seasons = (
            str(record.first_season)
            if record.first_season == record.last_season
            else f"{record.first_season}–{record.last_season}"
        )
        name = f"{series_title(record.series_code, record.last_season)} ({seasons})"
        embed.add_field(name=clip(name, FIELD_NAME_LIMIT), value=_record_value(record), inline=False)
    if len(report.latest) == 1:
        embed.add_field(
            name="Latest entry", value=clip(_latest_value(report.latest[0]), FIELD_VALUE_LIMIT), inline=False
        )
    elif report.latest:
        # The history cannot tell which came last, so each series' newest is shown.
        value = "\n\n".join(_latest_value(entry) for entry in report.latest)
        embed.add_field(
            name="Latest entry in each series", value=clip(value, FIELD_VALUE_LIMIT), inline=False
        )
    if report.also:
        embed.description = "Not who you meant? The name also fits " + ", ".join(report.also) + "."
    with_footer(embed, report.freshness)
    return embed
