"""The /track and /schedule embeds: a track's facts, winners and leaders; a season race by race."""

from __future__ import annotations

import discord

from bot.render.common import (
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    chunk_lines,
    clip,
    numbered,
    series_colour,
    with_footer,
)
from bot.render.wording import lower_bound, miles
from kernel.reports import RaceOutcome, ScheduleReport, TrackReport
from kernel.series import SERIES_BY_CODE, series_title

# Characters of race lines on one /schedule page: about 20 races, a screenful on a phone.
SURFACES = {"paved": "paved", "dirt": "dirt", "road": "road course"}


def track_embed(report: TrackReport) -> discord.Embed:
    place = ", ".join(x for x in (report.city, report.state) if x)
    facts = []
    if report.length_miles:
        facts.append(miles(report.length_miles))
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
            value = "\n".join(
                f"{leader.driver} — {lower_bound(leader.count, leader.unknown_starts)}" for leader in leaders
            )
            embed.add_field(name=f"{stat} ({label})", value=clip(value, FIELD_VALUE_LIMIT), inline=True)
    with_footer(embed, report.freshness)
    return embed


def _race_line(race: RaceOutcome) -> str:
    event = race.event
    when = f"<t:{int(event.start_time_utc.timestamp())}:f>" if event.start_time_utc else None
    parts = [f"**{event.round}.** {event.track_name}", *(x for x in (when, event.tv_network) if x)]
    line = " · ".join(parts)
    if race.winner:
        line += f"\n  won by {race.winner}" + (f", pole {race.pole}" if race.pole else "")
    return line


def schedule_pages(report: ScheduleReport) -> list[discord.Embed]:
    """The season one embed a page (the champion, once decided, above the first race); with several
    pages each title says which ("(2/3)")."""
    title = f"{report.season} {series_title(report.series_code, report.season)} schedule"
    champion = [f"Champion: **{report.champion}**\n"] if report.champion else []
    chunks = chunk_lines(champion + [_race_line(race) for race in report.races])
    return [
        _page(numbered(title, number, len(chunks)), chunk, report)
        for number, chunk in enumerate(chunks, start=1)
    ]


def _page(title: str, lines: list[str], report: ScheduleReport) -> discord.Embed:
    embed = discord.Embed(
        title=clip(title, TITLE_LIMIT),
        description=clip("\n".join(lines), DESCRIPTION_LIMIT),
        colour=series_colour(report.series_code),
    )
    return with_footer(embed, report.freshness)
