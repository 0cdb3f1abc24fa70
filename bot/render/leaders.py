"""The /leaders embed: a statistic's top 10 in one series (at a track, over seasons), one line a driver."""

from __future__ import annotations

import discord

from bot.render.common import DESCRIPTION_LIMIT, TITLE_LIMIT, clip, series_colour, with_footer
from bot.render.wording import GRID_GAP, LED_GAP, gap_line, lower_bound, of_starts, plural, season_span
from kernel.reports import LEADER_STATS, LeaderRow, LeadersReport
from kernel.series import SERIES_BY_CODE

AVERAGE = "avg_finish"
# What a title calls a statistic, where it says more than its option's name: a pole here is a start
# from the first slot, however the grid was set.
TITLED = {"poles": "starts from pole"}


def leaders_title(report: LeadersReport) -> str:
    """E.g. "Most laps led — NASCAR Cup Series at Homestead-Miami Speedway, to 2024"."""
    name = TITLED.get(report.stat, LEADER_STATS[report.stat])
    stat = "Best average finish" if report.stat == AVERAGE else f"Most {name}"
    spec = SERIES_BY_CODE.get(report.series_code)
    title = f"{stat} — {spec.name if spec else report.series_code}"
    if report.track_name:
        title += f" at {report.track_name}"
    return clip(title + _span(report.from_year, report.to_year), TITLE_LIMIT)


def _span(first: int | None, last: int | None) -> str:
    if first and last:
        return f", {season_span(first, last)}"
    if first:
        return f", from {first}"
    return f", to {last}" if last else ""


def _figure(report: LeadersReport, row: LeaderRow) -> str:
    """A count, or an average to two places; a count over starts lacking the figure reads "≥"."""
    if report.stat == AVERAGE:
        return f"{row.value:.2f}"
    return lower_bound(int(row.value), row.unknown_grid_starts + row.unknown_led_starts)


def leader_line(report: LeadersReport, row: LeaderRow) -> str:
    """E.g. "**1.** Kyle Larson — 626 (11 starts)"."""
    line = f"**{row.rank}.** {row.driver} — {_figure(report, row)}"
    return line if report.stat == "starts" else f"{line} ({plural(row.starts, 'start')})"


def _notes(report: LeadersReport) -> list[str]:
    """What the table rests on: cut ties, the starts a driver needed, unknown grids, the scope's size."""
    notes = []
    if report.more_tied:
        last = report.rows[-1]
        notes.append(f"…and {report.more_tied:,} more tied at rank {last.rank} ({_figure(report, last)}).")
    if report.min_starts > 1:
        notes.append(f"Drivers with at least {plural(report.min_starts, 'start')} in this scope.")
    for gap, unknown in ((GRID_GAP, report.unknown_grid_starts), (LED_GAP, report.unknown_led_starts)):
        if unknown:
            notes.append("≥: " + gap_line(gap, of_starts(unknown) + " in this scope", report.gap_seasons))
    notes.append(f"{plural(report.races, 'race')} · {plural(report.ranked, 'driver')} ranked")
    return notes


def leaders_embed(report: LeadersReport) -> discord.Embed:
    """One embed: the ranked lines (ties share a rank), then the notes, inside Discord's limits."""
    lines = [leader_line(report, row) for row in report.rows]
    embed = discord.Embed(
        title=leaders_title(report),
        description=clip("\n".join(lines) + "\n\n" + "\n".join(_notes(report)), DESCRIPTION_LIMIT),
        colour=series_colour(report.series_code),
    )
    return with_footer(embed, report.freshness)
