"""The /leaders embed: a statistic's top 10 in one series (at a track, over seasons), one line a driver."""

from __future__ import annotations

import discord

from bot.render.common import DESCRIPTION_LIMIT, TITLE_LIMIT, clip, series_colour, with_footer
from kernel.reports import LEADER_STATS, LeaderRow, LeadersReport
from kernel.series import SERIES_BY_CODE

AVERAGE = "avg_finish"


def leaders_title(report: LeadersReport) -> str:
    """E.g. "Most laps led — NASCAR Cup Series at Homestead-Miami Speedway, to 2024"."""
    stat = "Best average finish" if report.stat == AVERAGE else f"Most {LEADER_STATS[report.stat]}"
    spec = SERIES_BY_CODE.get(report.series_code)
    title = f"{stat} — {spec.name if spec else report.series_code}"
    if report.track_name:
        title += f" at {report.track_name}"
    return clip(title + _span(report.from_year, report.to_year), TITLE_LIMIT)


def _span(first: int | None, last: int | None) -> str:
    if first and last:
        return f", {first}" if first == last else f", {first}–{last}"
    if first:
        return f", from {first}"
    return f", to {last}" if last else ""


def _starts(count: int) -> str:
    return f"{count:,} start{'s' if count != 1 else ''}"


def _figure(report: LeadersReport, row: LeaderRow) -> str:
    """A count, or an average to two places; a pole count over starts without a grid reads "≥"."""
    if report.stat == AVERAGE:
        return f"{row.value:.2f}"
    return ("≥" if row.unknown_grid_starts else "") + f"{int(row.value):,}"


def leader_line(report: LeadersReport, row: LeaderRow) -> str:
    """E.g. "**1.** Kyle Larson — 626 (11 starts)"."""
    line = f"**{row.rank}.** {row.driver} — {_figure(report, row)}"
    return line if report.stat == "starts" else f"{line} ({_starts(row.starts)})"


def _notes(report: LeadersReport) -> list[str]:
    """What the table rests on: cut ties, the starts a driver needed, unknown grids, the scope's size."""
    notes = []
    if report.more_tied:
        last = report.rows[-1]
        notes.append(f"…and {report.more_tied:,} more tied at rank {last.rank} ({_figure(report, last)}).")
    if report.min_starts > 1:
        notes.append(f"Drivers with at least {_starts(report.min_starts)} in this scope.")
    if report.stat == "poles" and report.unknown_grid_starts:
        notes.append(
            f"≥: the grid is unknown for {report.unknown_grid_starts:,} starts in this scope (the source "
            "lacks many before 1963), so those pole counts are lower bounds."
        )
    notes.append(
        f"{report.races:,} race{'s' if report.races != 1 else ''} · "
        f"{report.ranked:,} driver{'s' if report.ranked != 1 else ''} ranked"
    )
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
