"""The /leaders embed: a statistic's top 10 in one series (at a track, over seasons), one line a driver."""

from __future__ import annotations

import discord

from bot.render.common import DESCRIPTION_LIMIT, TITLE_LIMIT, clip, series_colour, with_footer
from bot.render.wording import (
    GRID_GAP,
    LED_GAP,
    gap_line,
    lower_bound,
    of_starts,
    plural,
    season_span,
    seasons_text,
)
from kernel.reports import LEADER_STATS, LeaderRow, LeadersReport
from kernel.series import SERIES_BY_CODE

AVERAGE = "avg_finish"
RATING = "rating"
POINTS = "points"
# What a title calls a statistic, where it says more than its option's name: a pole here is a start
# from the first slot, however the grid was set.
TITLED = {"poles": "starts from pole", AVERAGE: "Best average finish", RATING: "Best average driver rating"}
# Gaps only these statistics have (`wording.gap_line`): the figure lacking and what that leaves uncertain.
POINTS_GAP = ("Points", "points earned may be more")
RATING_GAP = ("Driver rating", "the averages are over the starts with one")
POINTS_EARNED = (
    "Points earned: each driver's championship points race by race, added up as the history records "
    "them; not a championship table (resets, bonuses and penalties are not in the rows)."
)
RATING_IS = "Driver rating: NASCAR's 0–150 score of a driver's race (from 2005), averaged over rated starts."


def leaders_title(report: LeadersReport) -> str:
    """E.g. "Most laps led — NASCAR Cup Series at Homestead-Miami Speedway, to 2024"."""
    name = TITLED.get(report.stat, LEADER_STATS[report.stat])
    stat = name if report.stat in (AVERAGE, RATING) else f"Most {name}"
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
    """A count, an average finish to two places or a rating to one; a count over starts lacking the
    figure reads "≥"."""
    if report.stat == AVERAGE:
        return f"{row.value:.2f}"
    if report.stat == RATING:
        return f"{row.value:.1f}"
    unknown = row.unknown_grid_starts + row.unknown_led_starts + row.unknown_points_starts
    return lower_bound(int(row.value), unknown)


def _starts(report: LeadersReport, count: int) -> str:
    """ "11 starts"; "11 rated starts" for driver rating (its average is over those)."""
    return plural(count, "rated start" if report.stat == RATING else "start")


def leader_line(report: LeadersReport, row: LeaderRow) -> str:
    """E.g. "**1.** Kyle Larson — 626 (11 starts)"."""
    line = f"**{row.rank}.** {row.driver} — {_figure(report, row)}"
    return line if report.stat == "starts" else f"{line} ({_starts(report, row.starts)})"


def _notes(report: LeadersReport) -> list[str]:
    """What the table rests on: cut ties, the starts a driver needed, unknown grids, the scope's size."""
    notes = []
    if report.more_tied:
        last = report.rows[-1]
        notes.append(f"…and {report.more_tied:,} more tied at rank {last.rank} ({_figure(report, last)}).")
    if report.min_starts > 1:
        notes.append(f"Drivers with at least {_starts(report, report.min_starts)} in this scope.")
    notes += _what_it_is(report)
    for gap, unknown in ((GRID_GAP, report.unknown_grid_starts), (LED_GAP, report.unknown_led_starts)):
        if unknown:
            notes.append("≥: " + gap_line(gap, of_starts(unknown) + " in this scope", report.gap_seasons))
    # Points and ratings say what share of the scope they rest on: it decides whether points rank at
    # all, and most starts in a long span have no rating.
    out_of = report.gap_out_of or None
    if report.unknown_points_starts:
        whose = of_starts(report.unknown_points_starts, out_of) + " in this scope"
        notes.append("≥: " + gap_line(POINTS_GAP, whose, report.gap_seasons))
    if report.unknown_rating_starts:
        whose = of_starts(report.unknown_rating_starts, out_of) + " in this scope"
        notes.append(gap_line(RATING_GAP, whose, report.gap_seasons))
    notes.append(f"{plural(report.races, 'race')} · {plural(report.ranked, 'driver')} ranked")
    return notes


def _what_it_is(report: LeadersReport) -> list[str]:
    """What points earned and driver rating are, and where summed points compare unlike things."""
    if report.stat == RATING:
        return [RATING_IS]
    if report.stat != POINTS:
        return []
    notes = [POINTS_EARNED]
    if report.scale_changes:
        notes.append(
            f"How a race is scored changed in {_listed(report.scale_changes)}: these sums add points of"
            " different scales."
        )
    if report.odd_seasons:
        notes.append(
            f"The history's points for {seasons_text(report.odd_seasons)} do not add up to the official tables."
        )
    return notes


def _listed(seasons: tuple[int, ...]) -> str:
    """ "2017", "2011 and 2017", "1975, 2011 and 2017"."""
    words = [str(season) for season in seasons]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def leaders_embed(report: LeadersReport) -> discord.Embed:
    """One embed: the ranked lines (ties share a rank), then the notes, inside Discord's limits."""
    lines = [leader_line(report, row) for row in report.rows]
    embed = discord.Embed(
        title=leaders_title(report),
        description=clip("\n".join(lines) + "\n\n" + "\n".join(_notes(report)), DESCRIPTION_LIMIT),
        colour=series_colour(report.series_code),
    )
    return with_footer(embed, report.freshness)
