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
    footer,
    ordinal,
    series_colour,
    slot_line,
)
from kernel.reports import EventInfo, GridReport, ResultLine, ResultsReport

# Discord allows 25 fields; a grid of up to 25 rows (50 cars) fits, two cars a row as on track.
MAX_ROWS = 25


def _race_embed(title: str, event: EventInfo, sample_only: bool, others: tuple[str, ...]) -> discord.Embed:
    description = event_line(event)
    when = discord_time(event)
    if when:
        description += f"\nGreen flag {when}"
    if others:
        description += (
            "\nAlso at this track that season: " + "; ".join(others) + " (ask with the race's name)"
        )
    embed = discord.Embed(
        title=clip(title, TITLE_LIMIT),
        description=clip(description, DESCRIPTION_LIMIT),
        colour=series_colour(event.series_code),
    )
    embed.set_footer(text=footer(sample_only))
    return embed


def grid_embed(report: GridReport) -> discord.Embed:
    """Two cars a row, a field per row; the qualifying order is labelled as such until the lineup is out."""
    event = report.event
    how = "Qualifying order (lineup not out yet)" if report.from_qualifying else "Starting lineup"
    embed = _race_embed(f"{how} — {event.name}", event, report.sample_only, report.others)
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


def results_embed(report: ResultsReport) -> discord.Embed:
    """The winner in the title, the finishing order in the description, and how many did not finish."""
    event = report.event
    winner = report.lines[0]
    title = (
        f"{winner.driver} won the {event.name}" if report.official else f"Unofficial: {winner.driver} leads"
    )
    embed = _race_embed(title, event, report.sample_only, report.others)
    body = "\n".join(_result(line) for line in report.lines)
    embed.description = clip(f"{embed.description}\n\n{body}", DESCRIPTION_LIMIT)
    dnf = sum(1 for line in report.lines if line.status and line.status != "running")
    embed.add_field(name="Did not finish", value=f"{dnf} of {len(report.lines)}", inline=True)
    led = [line for line in report.lines if line.laps_led]
    if led:
        top = max(led, key=lambda line: line.laps_led or 0)
        embed.add_field(name="Most laps led", value=f"{top.driver} ({top.laps_led})", inline=True)
    return embed
