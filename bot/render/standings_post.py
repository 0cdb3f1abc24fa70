"""The standings post after a race: the top of NASCAR's drivers table, the cut line drawn where the Chase
ends and a few drivers under it, as /standings draws them, headed by the race it follows.

Pure, like every builder. No footer or timestamp: the post's digest changes only when the table does,
so a sync round never edits the message, and a penalty that changes the table does.
"""

from __future__ import annotations

import discord

from bot.render.announcements import SPOILER
from bot.render.common import DESCRIPTION_LIMIT, TITLE_LIMIT, clip, series_colour
from bot.render.standings import KEY, LEGEND, table_block
from kernel.reports import EventInfo
from kernel.series import series_title
from kernel.standings import CHASE_FIELD, StandingsReport

# Drivers shown under the cut line: the ones a fan watches to see who can still get in.
BELOW_CUT = 4
WHOLE_TABLE = "The whole table: /standings"


def shown(report: StandingsReport) -> int:
    """How many drivers the post shows: the Chase field and `BELOW_CUT` more (in a season before the
    Chase, as many as the series' Chase takes, without a line)."""
    field = report.cut_after or CHASE_FIELD.get(report.series_code, CHASE_FIELD["cup"])
    return field + BELOW_CUT


def standings_post_embed(report: StandingsReport, event: EventInfo, *, spoiler: bool) -> discord.Embed:
    """The top of the table after `event`; with `spoiler` (the server hides results), the table goes
    behind spoiler tags: the points it gained would tell the finishing order."""
    block = table_block(report, shown(report))
    if spoiler:
        block = f"{SPOILER}{block}{SPOILER}"
    head = f"After the **{event.name}** at {event.track_name}: NASCAR's official table."
    legend = KEY + (f"\n{LEGEND}" if report.cut_after else "")
    series = series_title(report.series_code, report.season)
    return discord.Embed(
        title=clip(f"{report.season} {series} standings after race {event.round}", TITLE_LIMIT),
        description=clip("\n".join((head, block, legend, WHOLE_TABLE)), DESCRIPTION_LIMIT),
        colour=series_colour(report.series_code),
    )
