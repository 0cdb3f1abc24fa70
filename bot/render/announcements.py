"""Announcement posts: the /grid (or /results) embed headed by what a fan wants before the green flag.

Pure, like every builder: the announcer works out the pole margin and hands the reports in.
"""

from __future__ import annotations

import discord

from bot.render.common import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, TITLE_LIMIT, car, clip
from bot.render.races import grid_embed, results_embed
from kernel.reports import EventInfo, GridReport, ResultsReport

SPOILER = "||"


def broadcast_line(event: EventInfo) -> str | None:
    """TV, laps and stage ends, e.g. "TV: FOX · 110 laps · stages end on laps 25, 55"."""
    parts = []
    if event.tv_network:
        parts.append(f"TV: {event.tv_network}")
    if event.scheduled_laps:
        parts.append(f"{event.scheduled_laps} laps")
    if event.stage_ends:
        ends = ", ".join(str(lap) for lap in event.stage_ends)
        parts.append(
            f"stages end on laps {ends}" if len(event.stage_ends) > 1 else f"stage ends on lap {ends}"
        )
    return " · ".join(parts) or None


def pole_line(report: GridReport, margin_s: float | None) -> str | None:
    """ "Pole: #54 **Ty Gibbs**, by 0.112 s over #5 Kyle Larson" (the margin where times are known)."""
    if not report.slots or report.slots[0].position != 1 or report.from_qualifying:
        return None
    pole = report.slots[0]
    line = f"Pole: {car(pole.car_number)}**{pole.driver}**"
    outside = report.slots[1] if len(report.slots) > 1 and report.slots[1].position == 2 else None
    if margin_s is not None and outside is not None:
        line += f", by {margin_s:.3f} s over {car(outside.car_number)}{outside.driver}"
    return line


def grid_post_embed(report: GridReport, margin_s: float | None) -> discord.Embed:
    """The /grid embed with TV, laps, stage ends and the pole sitter (and margin) under its heading."""
    embed = grid_embed(report)
    header = [line for line in (broadcast_line(report.event), pole_line(report, margin_s)) if line]
    if header:
        embed.description = clip(f"{embed.description}\n" + "\n".join(header), DESCRIPTION_LIMIT)
    return embed


def results_post_embed(report: ResultsReport, *, spoiler: bool) -> discord.Embed:
    """The /results embed; with `spoiler`, the winner leaves the title and the order and figures hide in ||…||."""
    embed = results_embed(report)
    if not spoiler:
        return embed
    embed.title = clip(f"Official results — {report.event.name}", TITLE_LIMIT)
    head, _, body = (embed.description or "").partition("\n\n")
    room = DESCRIPTION_LIMIT - len(head) - 2 - 2 * len(SPOILER)
    embed.description = f"{head}\n\n{SPOILER}{clip(body, room)}{SPOILER}"
    fields = [(field.name, field.value, field.inline) for field in embed.fields]
    embed.clear_fields()
    for name, value, inline in fields:
        room = FIELD_VALUE_LIMIT - 2 * len(SPOILER)
        embed.add_field(name=name, value=f"{SPOILER}{clip(value or '', room)}{SPOILER}", inline=inline)
    return embed


# What each kind of post is, in its text (distinct, so a cut-off post is found by its text).
POST_KINDS = {"grid": "Starting grid", "results": "Official results", "standings": "Standings after the race"}


def post_content(kind: str, event: EventInfo, role_id: int | None) -> str:
    """The message text above the embed: the opt-in role's mention (the only one) and what this is."""
    what = POST_KINDS[kind]
    text = f"{what}: {event.name} at {event.track_name}"
    return f"<@&{role_id}> {text}" if role_id is not None else text


THREAD_NAME_LIMIT = 100


def thread_name(event: EventInfo) -> str:
    """The race weekend's thread: "2025 Baptist Health 200 · Homestead-Miami Speedway"."""
    return clip(f"{event.season} {event.name} · {event.track_name}", THREAD_NAME_LIMIT)
