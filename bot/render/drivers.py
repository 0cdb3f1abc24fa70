"""The /driver pages: a record per series with wins, best season and latest entry; then a labelled
season table per series, or every start at the track asked about."""

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
    ordinal,
    series_colour,
    with_footer,
)
from bot.render.layout import code_block, column_widths, table_lines, titled
from bot.render.wording import (
    GRID_GAP,
    LED_GAP,
    STATUS_GAP,
    gap_line,
    lower_bound,
    of_starts,
    plural,
    pole_awards_line,
    season_span,
    sentence,
    squeezed,
)
from kernel.careers import PointsPlace, SeriesTitles
from kernel.reports import (
    DriverReport,
    EventInfo,
    LatestEntry,
    SeasonLine,
    SeriesCareer,
    SeriesRecord,
    StartLine,
)
from kernel.series import SERIES_BY_CODE, series_title

RANKED = {"wins": "wins", "laps_led": "laps led"}
# The season table: its header, how each column aligns, and what its abbreviations mean.
SEASON_HEADER = ("Year", "St", "W", "T5", "T10", "Pole", "Led", "Avg")
SEASON_ALIGN = "<>>>>>>>"
SEASON_KEY = (
    "St starts · W wins · T5/T10 top 5s/10s · Pole started from pole · Led laps led · Avg average finish"
)
SEASON_GAPS = "≥ / ?: the source lacks some grids or laps led that season, so the figure may be more."
# Season rows on one page: a phone screen of them.
SEASONS_A_PAGE = 25


def source_gaps(record: SeriesRecord) -> list[str]:
    """What the source lacks behind the record, each said the one way (`wording.gap_line`)."""
    gaps = (
        (GRID_GAP, record.unknown_grid_starts, record.grid_gap_seasons),
        (LED_GAP, record.unknown_led_starts, record.led_gap_seasons),
        (STATUS_GAP, record.unknown_status_starts, ()),
    )
    return [
        gap_line(gap, of_starts(unknown, record.starts), seasons) for gap, unknown, seasons in gaps if unknown
    ]


def _record_value(record: SeriesRecord) -> list[str]:
    unknown_led = record.unknown_led_starts
    lines = [
        f"Starts **{record.starts:,}** · Wins **{record.wins:,}** · Top 5 **{record.top5:,}** · Top 10 **{record.top10:,}**",
        f"Started from pole **{lower_bound(record.poles, record.unknown_grid_starts)}**"
        f" · Laps led **{lower_bound(record.laps_led, unknown_led)}**"
        f" · Races led **{lower_bound(record.races_led, unknown_led)}**",
    ]
    figures = [f"DNFs **{record.dnfs:,}**"]
    if record.avg_start is not None:
        figures.append(f"Avg start {record.avg_start:.1f}")
    if record.avg_finish is not None:
        figures.append(f"Avg finish {record.avg_finish:.1f}")
    lines.append(" · ".join(figures))
    awards = pole_awards_line(record.pole_awards, record.metric_poles)
    return lines + ([awards] if awards else [])


def titles_line(titles: SeriesTitles) -> str:
    """E.g. "**7× Cup champion** (1964, 1967, 1971, 1972, 1974, 1975, 1979)"; one title without "1×"."""
    label = SERIES_BY_CODE[titles.series_code].label
    count = len(titles.seasons)
    times = f"{count}× " if count > 1 else ""
    return f"**{times}{label} champion** ({', '.join(map(str, titles.seasons))})"


def points_line(place: PointsPlace) -> str:
    """E.g. "2026 points: **5th** with 1,234, 56 behind the leader · 23 above the cut line"."""
    text = f"{place.season} points: **{ordinal(place.position)}** with {place.points:,}"
    if place.behind_leader:
        text += f", {-place.behind_leader:,} behind the leader"
    if place.clinched:
        text += " · clinched a Chase spot"
    elif place.to_cut:
        text += f" · {abs(place.to_cut):,} {'above' if place.to_cut > 0 else 'below'} the cut line"
    elif place.to_cut == 0:
        text += " · on the cut line"
    return text


def _latest_value(latest: LatestEntry) -> str:
    event = latest.event
    line = f"{event.season} {event.name} ({event.series_title}, {event.track_name})"
    entry = f"{car(latest.car_number)}{squeezed(latest.team or '')}".strip()
    parts = [line]
    if entry:
        parts.append(entry)
    places = []
    if latest.finish_position is not None:
        places.append(f"finished {ordinal(latest.finish_position)}")
    if latest.start_position is not None:
        places.append(f"started {ordinal(latest.start_position)}")
    if places:
        parts.append(", ".join(places).capitalize())
    return "\n".join(parts)


def _span(report: DriverReport) -> str:
    if report.from_year and report.to_year:
        return f", {season_span(report.from_year, report.to_year)}"
    if report.from_year:
        return f", from {report.from_year}"
    return f", to {report.to_year}" if report.to_year else ""


def _title(report: DriverReport) -> str:
    where = "" if report.track_name is None else f" at {report.track_name}"
    return f"{report.name}{where}{_span(report)}"


def _career_lines(career: SeriesCareer, at_track: bool) -> list[str]:
    """First and last win, best season (at a track, there), and the ranks at a track."""
    lines = []
    if career.first_win is not None and career.last_win is not None:
        if career.first_win == career.last_win:
            lines.append(f"Win: {_race(career.first_win)}")
        else:
            lines.append(f"First win: {_race(career.first_win)}\nLast win: {_race(career.last_win)}")
    best = career.best_season
    if best is not None and len(career.seasons) > 1:
        here = " here" if at_track else ""
        lines.append(
            f"Best season{here}: {best.season} ({plural(best.wins, 'win')}, {plural(best.top5, 'top 5')})"
        )
    if career.ranks:
        ranks = [f"{ordinal(rank)} of {count:,} in {RANKED[stat]}" for stat, rank, count in career.ranks]
        lines.append("Here: " + " · ".join(ranks))
    return lines


def _race(event: EventInfo) -> str:
    return f"{event.season} {event.name}" + (
        "" if event.name.endswith(event.track_name) else f" ({event.track_name})"
    )


def _season_cells(line: SeasonLine) -> tuple[str, ...]:
    return (
        str(line.season),
        str(line.starts),
        str(line.wins),
        str(line.top5),
        str(line.top10),
        lower_bound(line.poles, line.unknown_grid_starts),
        lower_bound(line.laps_led, line.unknown_led_starts),
        "–" if line.avg_finish is None else f"{line.avg_finish:.1f}",
    )


def season_tables(seasons: tuple[SeasonLine, ...]) -> list[str]:
    """The seasons as pages of one fixed-width table: the same header and column widths on every
    page, a 0 shown as 0, so no column shifts."""
    rows = [SEASON_HEADER, *map(_season_cells, seasons)]
    header, *lines = table_lines(rows, column_widths(rows), SEASON_ALIGN)
    gaps = any(line.unknown_grid_starts or line.unknown_led_starts for line in seasons)
    return [
        "\n".join([code_block([header, *lines[first : first + SEASONS_A_PAGE]]), SEASON_KEY]
                  + ([SEASON_GAPS] if gaps else []))
        for first in range(0, len(lines), SEASONS_A_PAGE)
    ]  # fmt: skip


def _start_line(line: StartLine) -> str:
    event = line.event
    start = "?" if line.start is None else str(line.start)
    text = f"**{event.season}** {event.name}: {start} → {line.finish}"
    if line.laps_led:
        text += f" · {line.laps_led:,} led"
    if line.status and line.status != "running":
        text += f" · {line.status}"
    return text


def driver_pages(report: DriverReport) -> list[discord.Embed]:
    """Page 1 the record per series; then, per series, every start at the track asked about, or the
    seasons as a table, in that series' colour."""
    first = driver_embed(report)
    pages = [(first.title or "", first)]
    for record, career in zip(report.records, report.careers, strict=True):
        name = series_title(record.series_code, record.last_season)
        if career.starts:
            heading = f"every {name} start"
            bodies = [
                "\n".join(chunk) for chunk in chunk_lines([_start_line(line) for line in career.starts])
            ]
        elif len(career.seasons) > 1:
            heading = f"{name} season by season"
            bodies = season_tables(career.seasons)
        else:
            continue
        for body in bodies:
            embed = discord.Embed(
                description=clip(body, DESCRIPTION_LIMIT), colour=series_colour(record.series_code)
            )
            pages.append((f"{_title(report)}: {heading}", with_footer(embed, report.freshness)))
    return titled(pages)


def _standing(report: DriverReport, code: str) -> list[str]:
    """The driver's titles and current points place in one series, where they have them."""
    titles = [titles_line(t) for t in report.titles if t.series_code == code]
    return titles + [points_line(p) for p in report.points_places if p.series_code == code]


def driver_embed(report: DriverReport) -> discord.Embed:
    """The record per series with its career lines and what the source lacks, and the latest entry."""
    embed = discord.Embed(title=clip(_title(report), TITLE_LIMIT))
    if report.records:
        embed.colour = series_colour(report.records[0].series_code)
    at_track = report.track_name is not None
    for record in report.records:
        if record.starts == 0 and report.freshness.sample_only:
            continue
        seasons = season_span(record.first_season, record.last_season)
        name = f"{series_title(record.series_code, record.last_season)} ({seasons})"
        lines = _standing(report, record.series_code) + _record_value(record)
        career = next((c for c in report.careers if c.series_code == record.series_code), None)
        if career is not None and record.starts:
            lines += _career_lines(career, at_track)
        lines += source_gaps(record)
        embed.add_field(
            name=clip(name, FIELD_NAME_LIMIT), value=clip("\n".join(lines), FIELD_VALUE_LIMIT), inline=False
        )
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
        embed.description = sentence("Not who you meant? The name also fits " + ", ".join(report.also))
    with_footer(embed, report.freshness)
    return embed
