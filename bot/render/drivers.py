"""The /driver pages: a record per series with wins, best season and latest entry; then season by season,
or every start at the track asked about."""

from __future__ import annotations

import discord

from bot.render.common import (
    DESCRIPTION_LIMIT,
    FIELD_NAME_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    car,
    chunk_lines,
    clip,
    numbered,
    ordinal,
    series_colour,
    with_footer,
)
from kernel.reports import (
    DriverReport,
    EventInfo,
    LatestEntry,
    SeasonLine,
    SeriesCareer,
    SeriesRecord,
    StartLine,
)
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


def _span(report: DriverReport) -> str:
    if report.from_year and report.to_year:
        return f", {report.from_year}–{report.to_year}"
    if report.from_year:
        return f", from {report.from_year}"
    return f", to {report.to_year}" if report.to_year else ""


def _title(report: DriverReport) -> str:
    where = "" if report.track_name is None else f" at {report.track_name}"
    return f"{report.name}{where}{_span(report)}"


def _career_value(record: SeriesRecord, career: SeriesCareer, at_track: bool) -> str:
    """DNFs and races led, first and last win, best season, and the rank at a track."""
    lines = [f"Races led **{record.races_led}** · DNFs **{record.dnfs}**"]
    if career.first_win is not None and career.last_win is not None:
        if career.first_win == career.last_win:
            lines.append(f"Win: {_race(career.first_win)}")
        else:
            lines.append(f"First win: {_race(career.first_win)}\nLast win: {_race(career.last_win)}")
    best = career.best_season
    if best is not None and not at_track and len(career.seasons) > 1:
        lines.append(f"Best season: {best.season} ({best.wins} wins, {best.top5} top 5s)")
    if career.ranks:
        ranks = [f"{ordinal(rank)} of {count:,} in {RANKED[stat]}" for stat, rank, count in career.ranks]
        lines.append("Here: " + " · ".join(ranks))
    return "\n".join(lines)


RANKED = {"wins": "wins", "laps_led": "laps led"}


def _race(event: EventInfo) -> str:
    return f"{event.season} {event.name}" + (
        "" if event.name.endswith(event.track_name) else f" ({event.track_name})"
    )


def _season_line(line: SeasonLine) -> str:
    text = f"**{line.season}** · {line.starts} starts · {line.wins} W · {line.top5} T5 · {line.top10} T10"
    if line.poles:
        text += f" · {line.poles} P"
    if line.laps_led:
        text += f" · {line.laps_led:,} led"
    if line.avg_finish is not None:
        text += f" · avg {line.avg_finish:.1f}"
    return text


def _start_line(line: StartLine) -> str:
    event = line.event
    start = "?" if line.start is None else str(line.start)
    text = f"**{event.season}** {event.name}: {start} → {line.finish}"
    if line.laps_led:
        text += f" · {line.laps_led} led"
    if line.status and line.status != "running":
        text += f" · {line.status}"
    return text


def driver_pages(report: DriverReport) -> list[discord.Embed]:
    """Page 1 the record per series; then, per series, every start at the track asked about, or the
    seasons one by one."""
    first = driver_embed(report)
    bodies: list[tuple[str, list[str]]] = []
    for record, career in zip(report.records, report.careers, strict=True):
        name = series_title(record.series_code, record.last_season)
        if career.starts:
            bodies.append((f"every {name} start", [_start_line(line) for line in career.starts]))
        elif len(career.seasons) > 1:
            bodies.append((f"{name} season by season", [_season_line(line) for line in career.seasons]))
    pages = [(first.title or "", first)]
    for heading, lines in bodies:
        for chunk in chunk_lines(lines):
            embed = discord.Embed(
                title="", description=clip("\n".join(chunk), DESCRIPTION_LIMIT), colour=first.colour
            )
            pages.append((f"{_title(report)}: {heading}", with_footer(embed, report.freshness)))
    for number, (title, embed) in enumerate(pages, start=1):
        embed.title = clip(numbered(title, number, len(pages)), TITLE_LIMIT)
    return [embed for _, embed in pages]


def driver_embed(report: DriverReport) -> discord.Embed:
    """The record per series with its career lines, and the latest entry."""
    embed = discord.Embed(title=clip(_title(report), TITLE_LIMIT))
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
        value = _record_value(record)
        career = next((c for c in report.careers if c.series_code == record.series_code), None)
        if career is not None and record.starts:
            value += "\n" + _career_value(record, career, report.track_name is not None)
        embed.add_field(name=clip(name, FIELD_NAME_LIMIT), value=clip(value, FIELD_VALUE_LIMIT), inline=False)
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
