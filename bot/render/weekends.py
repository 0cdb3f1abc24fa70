"""The /next embeds: one per series, every timed session in the reader's own time zone."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.render.common import FIELD_VALUE_LIMIT, TITLE_LIMIT, clip, event_line, series_colour, with_footer
from bot.render.wording import miles, plural
from kernel.reports import WeekendReport


def _stamp(when: datetime) -> str:
    seconds = int(when.timestamp())
    return f"<t:{seconds}:F> (<t:{seconds}:R>)"


def weekend_embed(report: WeekendReport) -> discord.Embed:
    event = report.event
    embed = discord.Embed(
        title=clip(f"Next: {event.name}", TITLE_LIMIT),
        description=event_line(event),
        colour=series_colour(event.series_code),
    )
    if report.sessions:
        lines = [f"{name}: {_stamp(start)}" for name, start in report.sessions]
        embed.add_field(name="Sessions", value=clip("\n".join(lines), FIELD_VALUE_LIMIT), inline=False)
    broadcast = " · ".join(x for x in (f"TV: {event.tv_network}" if event.tv_network else None,
                                        f"Radio: {report.radio_network}" if report.radio_network else None) if x)  # fmt: skip
    if broadcast:
        embed.add_field(name="Watch and listen", value=broadcast, inline=False)
    distance = []
    if event.scheduled_laps:
        distance.append(plural(event.scheduled_laps, "lap"))
    if report.distance_miles:
        distance.append(miles(report.distance_miles))
    if event.stage_ends:
        distance.append("stages end " + "/".join(str(lap) for lap in event.stage_ends))
    if distance:
        embed.add_field(name="Distance", value=" · ".join(distance), inline=False)
    embed.add_field(name="Defending winner here", value=report.defending or "none in the store", inline=True)
    embed.add_field(
        name="Entry list",
        value=plural(report.entries, "car") if report.entries else "not out yet",
        inline=True,
    )
    with_footer(embed, report.freshness)
    return embed
