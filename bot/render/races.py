"""The /grid and /results pages: a whole field inside Discord's limits and a phone's width.

A grid is a fixed-width block a field per ten rows, every car the source lists (two in one slot both),
25 rows (50 slots) a page. Results lead with what the race was (the summary) and the top ten; the full order
follows a page at a time.
"""

from __future__ import annotations

import re
from collections import Counter

import discord

from bot.render.common import (
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    car,
    chunk_lines,
    clip,
    discord_time,
    event_line,
    grid_method_line,
    ordinal,
    series_colour,
    with_footer,
)
from bot.render.layout import code_block, column_widths, table_lines, titled
from bot.render.result_changes import changed_after_race_line
from bot.render.wording import plural, the
from kernel.reports import EventInfo, Freshness, GridReport, GridSlot, RaceStats, ResultLine, ResultsReport

# Grid rows (two cars a row, as on track) on one page, and in one of its fields.
GRID_PAGE_ROWS = 25
GRID_FIELD_ROWS = 10
# A driver's name in a grid block is cut beyond this, so a line fits a phone.
NAME_WIDTH = 20
TOP = 10
# Slot and speed right-aligned, car and driver left.
GRID_ALIGN = "><<>"
# A race named for the title it decides ("NASCAR Cup Series Championship"): its winner did not
# necessarily win that title, so a results title never says "won the … Championship".
TITLE_RACE = re.compile(r"\bseries championship\b", re.IGNORECASE)


def _race_embed(
    event: EventInfo, freshness: Freshness, others: tuple[str, ...], notes: list[str]
) -> discord.Embed:
    """The head every page of a race shares: which race, its green flag, the notes, the other races."""
    lines = [event_line(event)]
    when = discord_time(event)
    if when:
        lines.append(f"Green flag {when}")
    lines += notes
    if others:
        lines.append("Also at this track that season: " + "; ".join(others) + " (ask with the race's name)")
    embed = discord.Embed(
        description=clip("\n".join(lines), DESCRIPTION_LIMIT), colour=series_colour(event.series_code)
    )
    return with_footer(embed, freshness)


def _grid_rows(slots: tuple[GridSlot, ...]) -> list[list[str]]:
    """A header and a row per car: slot, car, driver, and qualifying speed where any car has one."""
    speeds = any(slot.qualifying_speed_mph for slot in slots)
    rows = [["", "Car", "Driver", *(["mph"] if speeds else [])]]
    for slot in slots:
        row = [
            str(slot.position),
            f"#{slot.car_number}" if slot.car_number else "",
            clip(slot.driver, NAME_WIDTH),
        ]
        if speeds:
            row.append(f"{slot.qualifying_speed_mph:.3f}" if slot.qualifying_speed_mph else "")
        rows.append(row)
    return rows


def _shared_slots(slots: tuple[GridSlot, ...]) -> str | None:
    """The slots the source gives to more than one car, said (every car is listed)."""
    counts = Counter(slot.position for slot in slots)
    shared = sorted(position for position, count in counts.items() if count > 1)
    if not shared:
        return None
    most = max(counts.values())
    cars = "two cars" if most == 2 else f"up to {most} cars"
    where = names([str(position) for position in shared])
    return f"The source puts {cars} in slot{'s' if len(shared) > 1 else ''} {where}: each is listed."


def _rows_name(first: int, last: int) -> str:
    return f"Row {first}" if first == last else f"Rows {first}–{last}"


def _by_block(rows: list[int], size: int) -> list[list[int]]:
    """Row numbers (ascending) grouped into blocks of `size` rows: 1–10, 11–20, … (a block with no car
    left out), so a block never runs past its rows where the source skips some."""
    blocks: dict[int, list[int]] = {}
    for row in rows:
        blocks.setdefault((row - 1) // size, []).append(row)
    return list(blocks.values())


def grid_pages(report: GridReport) -> list[discord.Embed]:
    """Every car on the grid by rows of two, 25 rows a page in blocks of ten rows (a slot two cars
    share in the source holds both); the qualifying order is labelled as such until the lineup is out.
    The first page says how the grid was set (where the feed told us), any slot two cars share, and
    how many cars follow on later pages."""
    event, slots = report.event, report.slots
    how = "Qualifying order (lineup not out yet)" if report.from_qualifying else "Starting lineup"
    table = _grid_rows(slots)
    header, *lines = table_lines(table, column_widths(table), GRID_ALIGN[: len(table[0])])
    by_row: dict[int, list[str]] = {}
    for slot, line in zip(slots, lines, strict=True):
        by_row.setdefault((slot.position + 1) // 2, []).append(line)
    pages = _by_block(sorted(by_row), GRID_PAGE_ROWS)
    embeds = []
    for number, page in enumerate(pages):
        notes: list[str] = []
        if not number:
            notes = [note for note in (grid_method_line(event), _shared_slots(slots)) if note]
            rest = sum(len(by_row[row]) for later in pages[1:] for row in later)
            if rest:
                notes.append(
                    f"{len(slots)} cars: the last {rest} on the next page{'s' if len(pages) > 2 else ''}."
                )
        embed = _race_embed(event, report.freshness, report.others, notes)
        for rows in _by_block(page, GRID_FIELD_ROWS):
            block = [header, *(line for row in rows for line in by_row[row])]
            embed.add_field(
                name=_rows_name(rows[0], rows[-1]),
                value=clip(code_block(block), FIELD_VALUE_LIMIT),
                inline=False,
            )
        embeds.append((f"{how} — {event.name}", embed))
    return titled(embeds)


def grid_embed(report: GridReport) -> discord.Embed:
    """The grid's first page: the whole field up to 50 cars (announcements post it)."""
    return grid_pages(report)[0]


def _result(line: ResultLine) -> str:
    """E.g. "1. #5 Kyle Larson (from 9th) · 400 laps, 93 led" (", accident" where not running)."""
    text = f"{line.finish}. {car(line.car_number)}{line.driver}"
    if line.start is not None:
        text += f" (from {ordinal(line.start)})"
    details = []
    if line.laps is not None:
        details.append(plural(line.laps, "lap"))
    if line.laps_led:
        details.append(f"{line.laps_led:,} led")
    if line.status and line.status != "running":
        details.append(line.status)
    return text + (" · " + ", ".join(details) if details else "")


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
        cautions = plural(stats.cautions, "caution")
        if stats.caution_laps:
            cautions += f" ({plural(stats.caution_laps, 'lap')})"
        parts.append(cautions)
    if stats.lead_changes is not None:
        changes = plural(stats.lead_changes, "lead change")
        if stats.leaders:
            changes += f" among {plural(stats.leaders, 'leader')}"
        parts.append(changes)
    elif stats.leaders:
        parts.append(plural(stats.leaders, "leader"))
    lines = [" · ".join(parts)] if parts else []
    if stats.stage_winners:
        stages = " · ".join(f"{n} {name}" for n, name in enumerate(stats.stage_winners, start=1))
        lines.append(f"Stage winners: {stages}")
    return "\n".join(lines) or None


def names(people: list[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return people[0] if len(people) == 1 else ", ".join(people[:-1]) + " and " + people[-1]


def most_led_line(lines: tuple[ResultLine, ...]) -> str:
    """Who led most laps, every driver of a tie named; or that the source records no laps led."""
    most = max((line.laps_led or 0 for line in lines), default=0)
    if not most:
        return "Laps led: not recorded for this race"
    leaders = [line.driver for line in lines if line.laps_led == most]
    each = " each" if len(leaders) > 1 else ""
    return f"Most laps led: {names(leaders)} ({most:,}{each})"


def dnf_line(lines: tuple[ResultLine, ...]) -> str:
    """How many did not finish (a known status other than running), and how many statuses are unknown."""
    dnf = sum(1 for line in lines if line.status is not None and line.status != "running")
    unknown = sum(1 for line in lines if line.status is None)
    text = f"Did not finish: {dnf} of {len(lines)}"
    return text + (f" (status unknown for {unknown})" if unknown else "")


def results_title(report: ResultsReport) -> str:
    """E.g. "Ryan Blaney won the Championship race at Phoenix Raceway · Kyle Larson is the 2025
    champion": the race and, on a finale, the season's champion said apart."""
    event, winner = report.event, report.lines[0].driver
    if not report.official:
        return f"Unofficial: {winner} leads"
    race = (
        f"the Championship race at {event.track_name}" if TITLE_RACE.search(event.name) else the(event.name)
    )
    title = f"{winner} won {race}"
    champion = report.champion
    if champion is None:
        return title
    if champion == winner:
        return f"{title} · {event.season} champion"
    return f"{title} · {champion} is the {event.season} champion"


def results_pages(report: ResultsReport) -> list[discord.Embed]:
    """Page 1: the winner in the title, the race's summary (a change NASCAR made after the race, its
    figures where the feed gave them, who led most, how many did not finish), then the top ten; the
    pages after it, the full order."""
    event, lines = report.event, report.lines
    first = _race_embed(event, report.freshness, report.others, [])
    stats = None if report.stats is None else race_stats_text(report.stats)
    changed = changed_after_race_line(report.changes)
    summary = [line for line in (changed, stats, most_led_line(lines), dnf_line(lines)) if line]
    top = [_result(line) for line in lines[:TOP]]
    body = "\n".join(summary) + f"\n\n**Top {min(TOP, len(lines))}**\n" + "\n".join(top)
    if len(lines) > TOP:
        body += f"\nThe full order of {len(lines)} on the next page."
    first.description = clip(f"{first.description}\n\n{body}", DESCRIPTION_LIMIT)
    pages = [(results_title(report), first)]
    if len(lines) > TOP:
        for chunk in chunk_lines([_result(line) for line in lines]):
            page = _race_embed(event, report.freshness, (), [])
            page.description = clip("\n".join(chunk), DESCRIPTION_LIMIT)
            pages.append((f"Full order — {event.name}", page))
    return titled(pages)


def results_embed(report: ResultsReport) -> discord.Embed:
    """The results' first page: summary and top ten (announcements post it)."""
    return results_pages(report)[0]
