"""The /pole embed: the front row of a race side by side, the pole sitter's starts from pole, and the
race's facts."""

from __future__ import annotations

import discord

from bot.render.common import (
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    car,
    clip,
    discord_time,
    event_line,
    grid_method_line,
    ordinal,
    series_colour,
    slot_line,
    with_footer,
)
from bot.render.wording import GRID_GAP, gap_line, plural, pole_awards_line
from kernel.reports import EventInfo, PoleReport, SeriesPole
from kernel.series import SERIES_BY_CODE, series_title


def _race_facts(event: EventInfo) -> str | None:
    facts = []
    if event.scheduled_laps:
        facts.append(plural(event.scheduled_laps, "lap"))
    if event.stage_ends:
        facts.append("stages end " + "/".join(str(lap) for lap in event.stage_ends))
    if event.purse_usd:
        facts.append(f"purse ${event.purse_usd:,}")
    if event.tv_network:
        facts.append(f"TV: {event.tv_network}")
    return " · ".join(facts) or None


def _career_poles(report: PoleReport, series_name: str) -> str:
    """The pole sitter's starts from pole in the series; a lower bound where earlier starts lack a grid
    (said with their seasons), and the pole awards apart where the feed says how grids were set."""
    text = f"{ordinal(report.career_poles)} {series_name} start from pole for {report.pole.driver}"
    lines = [f"At least the {text}" if report.unknown_grid_starts else text]
    awards = pole_awards_line(report.pole_awards, report.metric_poles)
    if awards:
        lines.append(awards)
    if report.unknown_grid_starts:
        whose = f"{report.unknown_grid_starts:,} of their earlier starts"
        lines.append(gap_line(GRID_GAP, whose, report.grid_gap_seasons))
    return "\n".join(lines)


def pole_embed(report: PoleReport) -> discord.Embed:
    event = report.event
    embed = discord.Embed(
        title=clip(f"{report.pole.driver} on pole — {event.name}", TITLE_LIMIT),
        description=event_line(event),
        colour=series_colour(event.series_code),
    )
    when = discord_time(event)
    if when:
        embed.description = f"{embed.description}\nGreen flag {when}"
    how = grid_method_line(event)
    if how:
        embed.description = f"{embed.description}\n{how}"
    if report.others:
        also = "; ".join(report.others)
        embed.description = clip(
            f"{embed.description}\nAlso at this track that season: {also} (ask with the race's name)",
            DESCRIPTION_LIMIT,
        )
    # The front row side by side, as on track.
    embed.add_field(name="Pole", value=clip(slot_line(report.pole), FIELD_VALUE_LIMIT), inline=True)
    if report.outside is not None:
        value = slot_line(report.outside)
        if report.margin_s is not None:
            value += f"\n{report.margin_s:.3f} s behind the pole"
        embed.add_field(name="Outside pole", value=clip(value, FIELD_VALUE_LIMIT), inline=True)
    if not report.freshness.sample_only:
        name = series_title(event.series_code, event.season)
        embed.add_field(
            name="Starts from pole", value=clip(_career_poles(report, name), FIELD_VALUE_LIMIT), inline=False
        )
    facts = _race_facts(event)
    if facts:
        embed.add_field(name="Race", value=clip(facts, FIELD_VALUE_LIMIT), inline=True)
    label = (
        SERIES_BY_CODE[event.series_code].label if event.series_code in SERIES_BY_CODE else event.series_code
    )
    if report.poles_recorded:
        share = 100 * report.pole_wins / report.poles_recorded
        embed.add_field(
            name="From pole to victory here",
            value=f"{report.pole_wins} of {report.poles_recorded} {label} races ({share:.0f}%)",
            inline=True,
        )
    if report.recent_poles:
        lines = [
            f"{race.event.season} {race.event.name}: {race.pole or 'no recorded pole'}"
            + (f" (won: {race.winner})" if race.winner else "")
            for race in report.recent_poles
        ]
        embed.add_field(
            name=f"Earlier {label} poles here", value=clip("\n".join(lines), FIELD_VALUE_LIMIT), inline=False
        )
    if report.other_series:
        embed.add_field(
            name=f"Also on pole at {event.track_name}, {event.season}",
            value=clip("\n".join(_other_pole(pole) for pole in report.other_series), FIELD_VALUE_LIMIT),
            inline=False,
        )
    with_footer(embed, report.freshness)
    return embed


def _other_pole(pole: SeriesPole) -> str:
    """One line for another series' pole: series, car and driver, and which race it was."""
    label = (
        SERIES_BY_CODE[pole.event.series_code].label
        if pole.event.series_code in SERIES_BY_CODE
        else pole.event.series_code
    )
    return f"{label}: {car(pole.car_number)}**{pole.driver}** — {pole.event.name}"
