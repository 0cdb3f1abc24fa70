"""What every embed shares: Discord's limits, series colours, footers, times and small text helpers."""

from __future__ import annotations

import discord

from bot.render.wording import squeezed
from kernel.reports import EventInfo, Freshness, GridSlot
from kernel.series import SERIES_BY_CODE

# In a fan's words: the operator's how-to (which command loads the history) goes to the log instead.
SAMPLE_FOOTER = (
    "This store holds only a sample weekend (2025 Homestead Truck); full history isn't loaded, "
    "so career figures are incomplete."
)
DATA_FOOTER = "racebot · results from the local store"

TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024


# A page of a paged answer: about half an embed's description, so it reads on a phone.
PAGE_CHARS = 2048


def chunk_lines(lines: list[str], size: int = PAGE_CHARS) -> list[list[str]]:
    """Lines grouped into pages of at most `size` characters (a longer line gets a page to itself)."""
    chunks: list[list[str]] = [[]]
    used = 0
    for line in lines:
        if chunks[-1] and used + len(line) + 1 > size:
            chunks.append([])
            used = 0
        chunks[-1].append(line)
        used += len(line) + 1
    return chunks


def numbered(title: str, number: int, pages: int) -> str:
    """A page's title says which page it is when there are several ("(2/3)")."""
    return title if pages == 1 else f"{title} ({number}/{pages})"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def series_colour(code: str) -> discord.Colour | None:
    spec = SERIES_BY_CODE.get(code)
    return None if spec is None else discord.Colour(spec.colour)


def footer(freshness: Freshness) -> str:
    """What the answer rests on: the bundled sample only, or the store's results through its newest race."""
    if freshness.sample_only:
        return SAMPLE_FOOTER
    text = DATA_FOOTER
    newest = freshness.results_through
    if newest is not None:
        label = (
            SERIES_BY_CODE[newest.series_code].label
            if newest.series_code in SERIES_BY_CODE
            else newest.series_code
        )
        text += f" · through {newest.season} {label} race {newest.round} ({newest.track_name})"
    if freshness.synced_at:
        text += " · live sync, last run"
    return text


def with_footer(embed: discord.Embed, freshness: Freshness) -> discord.Embed:
    """Set the footer; with live sync on, the embed's timestamp is the last sync, which Discord shows
    beside the footer in each reader's own time."""
    embed.set_footer(text=footer(freshness))
    embed.timestamp = freshness.synced_at
    return embed


def discord_time(event: EventInfo) -> str | None:
    """Discord renders <t:…:F> in each reader's own time zone."""
    if event.start_time_utc is None:
        return None
    stamp = int(event.start_time_utc.timestamp())
    return f"<t:{stamp}:F> (<t:{stamp}:R>)"


def car(number: str | None) -> str:
    return f"#{number} " if number else ""


def event_line(event: EventInfo) -> str:
    return f"{event.series_title} · {event.season}, race {event.round} · {event.track_name}"


GRID_METHOD_LINES = {
    "qualifying": "Grid set by qualifying",
    "metric": "Grid set by metric (qualifying cancelled)",
}


def grid_method_line(event: EventInfo) -> str | None:
    """How the grid was set, as NASCAR's feed says; None when the store does not know (history)."""
    return None if event.grid_method is None else GRID_METHOD_LINES.get(event.grid_method)


def slot_line(slot: GridSlot) -> str:
    """A car on a grid: number, driver, team and make, then qualifying time and speed where known."""
    line = f"{car(slot.car_number)}**{slot.driver}**"
    extras = ", ".join(squeezed(x) for x in (slot.team, slot.make) if x)
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
