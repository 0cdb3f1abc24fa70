"""The /track and /schedule embeds: a track's facts, winners and leaders; a season race by race."""

from __future__ import annotations

import discord

from bot.render.common import (
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    clip,
    footer,
    series_colour,
)
from kernel.reports import RaceOutcome, ScheduleReport, TrackReport
from kernel.series import SERIES_BY_CODE, series_title

# Discord's limit on the characters of all of a message's embeds together.
MESSAGE_EMBEDS_LIMIT = 6000
MAX_EMBEDS = 10
SURFACES = {"paved": "paved", "dirt": "dirt", "road": "road course"}


def track_embed(report: TrackReport) -> discord.Embed:
    place = ", ".join(x for x in (report.city, report.state) if x)
    facts = []
    if report.length_miles:
        facts.append(f"{report.length_miles:g} miles")
    if report.surface:
        facts.append(SURFACES.get(report.surface, report.surface))
    if report.layout and report.layout not in facts:
        facts.append(report.layout)
    description = (
        " · ".join(x for x in (place, ", ".join(facts)) if x) or "No facts about this track in the store."
    )
    embed = discord.Embed(
        title=clip(report.name, TITLE_LIMIT),
        description=description,
        colour=series_colour(report.series_code),
    )
    label = SERIES_BY_CODE[report.series_code].label
    if report.recent:
        lines = [
            f"{race.event.season} {race.event.name}: **{race.winner}**"
            + (f" (pole {race.pole})" if race.pole else "")
            for race in report.recent
        ]
        embed.add_field(
            name=f"Last {len(lines)} {label} winners",
            value=clip("\n".join(lines), FIELD_VALUE_LIMIT),
            inline=False,
        )
    for stat, leaders in report.leaders:
        if leaders:
            value = "\n".join(f"{leader.driver} — {leader.count:,}" for leader in leaders)
            embed.add_field(name=f"{stat} ({label})", value=clip(value, FIELD_VALUE_LIMIT), inline=True)
    embed.set_footer(text=footer(report.sample_only))
    return embed


def _race_line(race: RaceOutcome) -> str:
    event = race.event
    when = f"<t:{int(event.start_time_utc.timestamp())}:f>" if event.start_time_utc else None
    parts = [f"**{event.round}.** {event.track_name}", *(x for x in (when, event.tv_network) if x)]
    line = " · ".join(parts)
    if race.winner:
        line += f"\n  won by {race.winner}" + (f", pole {race.pole}" if race.pole else "")
    return line


def schedule_embeds(report: ScheduleReport) -> list[discord.Embed]:
    """The season in as many embeds as it needs (a long season takes two or three), all in one message."""
    title = f"{report.season} {series_title(report.series_code, report.season)} schedule"
    embeds: list[discord.Embed] = []
    chunk: list[str] = []
    size = 0
    for line in map(_race_line, report.races):
        if chunk and size + len(line) + 1 > DESCRIPTION_LIMIT // 2:
            embeds.append(_page(title, chunk, report))
            chunk, size = [], 0
        chunk.append(line)
        size += len(line) + 1
    if chunk:
        embeds.append(_page(title, chunk, report))
    embeds = embeds[:MAX_EMBEDS]
    if len(embeds) > 1:
        for number, embed in enumerate(embeds, start=1):
            embed.title = clip(f"{title} ({number}/{len(embeds)})", TITLE_LIMIT)
    embeds[-1].set_footer(text=footer(report.sample_only))
    return embeds


def _page(title: str, lines: list[str], report: ScheduleReport) -> discord.Embed:
    return discord.Embed(
        title=clip(title, TITLE_LIMIT),
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=series_colour(report.series_code),
    )
