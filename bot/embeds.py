"""Pure builders from query results to Discord embeds, kept inside Discord's limits."""

from __future__ import annotations

import discord

from db.queries.common import EventInfo
from db.queries.drivers import DriverReport, LatestEntry, SeriesRecord
from db.queries.poles import GridSlot, PoleReport
from db.reference import series_title

SERIES_COLOURS = {"cup": 0xFFD659, "xfinity": 0x6E2B8C, "truck": 0xE4002B}
SAMPLE_FOOTER = (
    "Bundled sample only (2025 Homestead Truck weekend): career figures need the full history. "
    "Load it with: racebot import history"
)
DATA_FOOTER = "racebot · results from the local store"

TITLE_LIMIT = 256
FIELD_VALUE_LIMIT = 1024


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def discord_time(event: EventInfo) -> str | None:
    """Discord renders <t:…:F> in each reader's own time zone."""
    if event.start_time_utc is None:
        return None
    stamp = int(event.start_time_utc.timestamp())
    return f"<t:{stamp}:F> (<t:{stamp}:R>)"


def _car(slot_car: str | None) -> str:
    return f"#{slot_car} " if slot_car else ""


def _slot_line(slot: GridSlot) -> str:
    line = f"{_car(slot.car_number)}**{slot.driver}**"
    extras = ", ".join(x for x in (slot.team, slot.make) if x)
    if extras:
        line += f" — {extras}"
    timing = []
    if slot.qualifying_time_s:
        timing.append(f"{slot.qualifying_time_s:.3f} s")
    if slot.qualifying_speed_mph:
        timing.append(f"{slot.qualifying_speed_mph:.3f} mph")
    if timing:
        line += "\n" + " · ".join(timing)
    return line


def _event_line(event: EventInfo) -> str:
    return f"{event.series_title} · {event.season}, race {event.round} · {event.track_name}"


def _race_facts(event: EventInfo) -> str | None:
    facts = []
    if event.scheduled_laps:
        facts.append(f"{event.scheduled_laps} laps")
    if event.stage_ends:
        facts.append("stages end " + "/".join(str(lap) for lap in event.stage_ends))
    if event.purse_usd:
        facts.append(f"purse ${event.purse_usd:,}")
    if event.tv_network:
        facts.append(f"TV: {event.tv_network}")
    return " · ".join(facts) or None


def pole_embed(report: PoleReport, *, sample_only: bool) -> discord.Embed:
    """`sample_only`: the store holds just the bundled sample, so no count is a career."""
    event = report.event
    embed = discord.Embed(
        title=clip(f"{report.pole.driver} on pole — {event.name}", TITLE_LIMIT),
        description=_event_line(event),
        colour=SERIES_COLOURS.get(event.series_code),
    )
    when = discord_time(event)
    if when:
        embed.description = f"{embed.description}\nGreen flag {when}"
    embed.add_field(name="Pole", value=clip(_slot_line(report.pole), FIELD_VALUE_LIMIT), inline=False)
    if report.outside is not None:
        value = _slot_line(report.outside)
        if report.margin_s is not None:
            value += f"\n{report.margin_s:.3f} s behind the pole"
        embed.add_field(name="Outside pole", value=clip(value, FIELD_VALUE_LIMIT), inline=False)
    if not sample_only:
        name = series_title(event.series_code, event.season)
        embed.add_field(
            name="Career poles",
            value=f"{ordinal(report.career_poles)} {name} pole for {report.pole.driver}",
            inline=False,
        )
    facts = _race_facts(event)
    if facts:
        embed.add_field(name="Race", value=facts, inline=False)
    embed.set_footer(text=SAMPLE_FOOTER if sample_only else DATA_FOOTER)
    return embed


def _record_value(record: SeriesRecord) -> str:
    lines = [
        f"Starts **{record.starts}** · Wins **{record.wins}** · Top 5 **{record.top5}** · Top 10 **{record.top10}**",
        f"Poles **{record.poles}** · Laps led **{record.laps_led:,}**",
    ]
    averages = []
    if record.avg_start is not None:
        averages.append(f"Avg start {record.avg_start:.1f}")
    if record.avg_finish is not None:
        averages.append(f"Avg finish {record.avg_finish:.1f}")
    if averages:
        lines.append(" · ".join(averages))
    return "\n".join(lines)


def _latest_value(latest: LatestEntry) -> str:
    event = latest.event
    line = f"{event.season} {event.name} ({event.series_title}, {event.track_name})"
    car = f"{_car(latest.car_number)}{latest.team or ''}".strip()
    parts = [line]
    if car:
        parts.append(car)
    if latest.finish_position is not None:
        parts.append(f"Finished {ordinal(latest.finish_position)}")
    if latest.start_position is not None:
        parts.append(f"Started {ordinal(latest.start_position)}")
    return "\n".join(parts)


def driver_embed(report: DriverReport, *, sample_only: bool) -> discord.Embed:
    title = report.name if report.track_name is None else f"{report.name} at {report.track_name}"
    embed = discord.Embed(title=clip(title, TITLE_LIMIT))
    if report.records:
        embed.colour = discord.Colour(SERIES_COLOURS[report.records[0].series_code])
    for record in report.records:
        if record.starts == 0 and sample_only:
            continue
        seasons = (
            str(record.first_season)
            if record.first_season == record.last_season
            else f"{record.first_season}–{record.last_season}"
        )
        name = f"{series_title(record.series_code, record.last_season)} ({seasons})"
        embed.add_field(name=clip(name, 256), value=_record_value(record), inline=False)
    if report.latest is not None:
        embed.add_field(
            name="Latest entry", value=clip(_latest_value(report.latest), FIELD_VALUE_LIMIT), inline=False
        )
    embed.set_footer(text=SAMPLE_FOOTER if sample_only else DATA_FOOTER)
    return embed
