"""The /grid and /results embeds: a whole field, row by row, inside Discord's limits and a phone's width."""

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
from kernel.reports import EventInfo, Freshness, GridReport, RaceStats, ResultLine, ResultsReport

# Discord allows 25 fields; a grid of up to 25 rows (50 cars) fits, two cars a row as on track.
MAX_ROWS = 25


def _race_embed(
    title: str, event: EventInfo, freshness: Freshness, others: tuple[str, ...], note: str | None = None
) -> discord.Embed:
    description = event_line(event)
    when = discord_time(event)
    if when:
        description += f"\nGreen flag {when}"
    if note:
        description += f"\n{note}"
    if others:
        description += (
            "\nAlso at this track that season: " + "; ".join(others) + " (ask with the race's name)"
        )
    embed = discord.Embed(
        title=clip(title, TITLE_LIMIT),
        description=clip(description, DESCRIPTION_LIMIT),
        colour=series_colour(event.series_code),
    )
    return with_footer(embed, freshness)


def grid_embed(report: GridReport) -> discord.Embed:
    """Two cars a row, a field per row; the qualifying order is labelled as such until the lineup is out.

    The description says how the grid was set (qualifying, or the metric) where the feed told us.
    """
    event = report.event
    how = "Qualifying order (lineup not out yet)" if report.from_qualifying else "Starting lineup"
    embed = _race_embed(
        f"{how} — {event.name}", event, report.freshness, report.others, grid_method_line(event)
    )
    pairs = [report.slots[i : i + 2] for i in range(0, len(report.slots), 2)]
    for number, pair in enumerate(pairs[:MAX_ROWS], start=1):
        embed.add_field(
            name=f"Row {number}",
            value=clip("\n".join(f"{s.position}. {slot_line(s)}" for s in pair), FIELD_VALUE_LIMIT),
            inline=False,
        )
    return embed


def _result(line: ResultLine) -> str:
    text = f"{line.finish}. {car(line.car_number)}{line.driver}"
    if line.start is not None:
        text += f" (from {ordinal(line.start)})"
    details = []
    if line.laps is not None:
        details.append(f"{line.laps} laps")
    if line.laps_led:
        details.append(f"{line.laps_led} led")
    if line.status and line.status != "running":
        details.append(line.status)
    return text + (" · " + ", ".join(details) if details else "")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def race_stats_text(stats: RaceStats) -> str | None:
    """Two short lines: how the race was won and run, then who won each stage; None if nothing is known.

    e.g. "Won by 1.535 s · 8 cautions (54 laps) · 22 lead changes among 11 leaders"
    and "Stage winners: 1 William Byron · 2 Denny Hamlin".
    """
    parts = []
    if stats.under_caution:
        parts.append("Won under caution")
    elif stats.margin_s is not None:
        parts.append(f"Won by {stats.margin_s:.3f} s")
    if stats.cautions is not None:
        cautions = _count(stats.cautions, "caution")
        if stats.caution_laps:
            cautions += f" ({_count(stats.caution_laps, 'lap')})"
        parts.append(cautions)
    if stats.lead_changes is not None:
        changes = _count(stats.lead_changes, "lead change")
        if stats.leaders:
            changes += f" among {_count(stats.leaders, 'leader')}"
        parts.append(changes)
    elif stats.leaders:
        parts.append(_count(stats.leaders, "leader"))
    lines = [" · ".join(parts)] if parts else []
    if stats.stage_winners:
        stages = " · ".join(f"{n} {name}" for n, name in enumerate(stats.stage_winners, start=1))
        lines.append(f"Stage winners: {stages}")
    return "\n".join(lines) or None


def results_embed(report: ResultsReport) -> discord.Embed:
    """The winner in the title, the finishing order in the description, then the race's figures
    (margin, cautions, lead changes, stage winners) where known, how many did not finish and who led most."""
    event = report.event
    winner = report.lines[0]
    title = (
        f"{winner.driver} won the {event.name}" if report.official else f"Unofficial: {winner.driver} leads"
    )
    embed = _race_embed(title, event, report.freshness, report.others)
    body = "\n".join(_result(line) for line in report.lines)
    embed.description = clip(f"{embed.description}\n\n{body}", DESCRIPTION_LIMIT)
    stats = None if report.stats is None else race_stats_text(report.stats)
    if stats:
        embed.add_field(name="Race", value=clip(stats, FIELD_VALUE_LIMIT), inline=False)
    dnf = sum(1 for line in report.lines if line.status and line.status != "running")
    embed.add_field(name="Did not finish", value=f"{dnf} of {len(report.lines)}", inline=True)
    led = [line for line in report.lines if line.laps_led]
    if led:
        top = max(led, key=lambda line: line.laps_led or 0)
        embed.add_field(name="Most laps led", value=f"{top.driver} ({top.laps_led})", inline=True)
    return embed
