"""The /standings pages: a table in monospace, two short lines an entry so it reads on a phone, the cut
line drawn where the Chase ends, and what the figures are said under it."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.render.common import (
    DESCRIPTION_LIMIT,
    FIELD_VALUE_LIMIT,
    TITLE_LIMIT,
    clip,
    numbered,
    series_colour,
    with_footer,
)
from kernel.series import series_title
from kernel.standings import Mark, StandingsLine, StandingsReport

# Entries a page: two lines each; 16 puts the Cup Chase field (and its cut line) on the first page.
ENTRIES_PER_PAGE = 16
NAME_WIDTH = 20
MARKS: dict[Mark | None, str] = {"clinched": "✓", "in": "•", "out": " ", None: " "}
LEGEND = "✓ clinched a Chase spot · • in the Chase · the line is the cut"
KEY = "Points, then behind the leader · W wins · SW stage wins · T5/T10 top 5/10"
CUT_LINE = "────────── cut line ──────────"
TITLES = {"drivers": "standings", "owners": "owner points", "manufacturers": "manufacturer points"}


def standings_pages(report: StandingsReport) -> list[discord.Embed]:
    """The table a page at a time (numbered when there are several); with no table, one page of notes."""
    gaps = [_gap(line) for line in report.lines]
    widths = _widths(report.lines, gaps)
    entries = [_entry(report, line, gap, widths) for line, gap in zip(report.lines, gaps, strict=True)]
    chunks = [entries[i : i + ENTRIES_PER_PAGE] for i in range(0, len(entries), ENTRIES_PER_PAGE)] or [[]]
    title = _title(report)
    return [
        _page(report, numbered(title, number, len(chunks)), chunk, first=number == 1)
        for number, chunk in enumerate(chunks, start=1)
    ]


def table_block(report: StandingsReport, count: int) -> str:
    """The table's first `count` entries as one code block, drawn as the pages draw them (the cut line
    where it falls among them): the top of the table, as a standings post shows it."""
    lines = report.lines[:count]
    gaps = [_gap(line) for line in lines]
    widths = _widths(lines, gaps)
    rows = [row for line, gap in zip(lines, gaps, strict=True) for row in _entry(report, line, gap, widths)]
    return "```\n" + "\n".join(rows) + "\n```"


def _widths(lines: Sequence[StandingsLine], gaps: Sequence[str]) -> tuple[int, int]:
    """The widths of the points and behind-the-leader columns, so the figures line up."""
    return max((len(f"{line.points:,}") for line in lines), default=0), max(map(len, gaps), default=0)


def _title(report: StandingsReport) -> str:
    series = series_title(report.series_code, report.season)
    if report.source == "live":
        lap = f", lap {report.lap}" + (f" of {report.laps_in_race}" if report.laps_in_race else "")
        return f"Live points — {report.season} {series}{lap if report.lap is not None else ''}"
    if report.source == "history":
        return f"{report.season} {series} points earned"
    return f"{report.season} {series} {TITLES[report.table]}"


def _page(report: StandingsReport, title: str, entries: list[list[str]], *, first: bool) -> discord.Embed:
    parts = [_header(report)] if first else []
    if entries:
        rows = [row for entry in entries for row in entry]
        parts.append("```\n" + "\n".join(rows) + "\n```")
        parts.append(KEY + (f"\n{LEGEND}" if report.cut_after else ""))
    embed = discord.Embed(
        title=clip(title, TITLE_LIMIT),
        description=clip("\n".join(part for part in parts if part), DESCRIPTION_LIMIT),
        colour=series_colour(report.series_code),
    )
    if first and report.notes:
        embed.add_field(
            name="About these figures", value=clip("\n".join(report.notes), FIELD_VALUE_LIMIT), inline=False
        )
    return with_footer(embed, report.freshness)


def _header(report: StandingsReport) -> str:
    """The line above the table: the race under way, or the season's champion (and final four)."""
    if report.source == "live":
        event = report.live_event
        return f"**{event.name}** at {event.track_name}" if event else "Race under way"
    champion = report.champion
    if champion is None:
        return ""
    text = f"Champion: **{champion.driver}**"
    four = report.final_four
    if four is not None:
        others = ", ".join(name for name in four.drivers if name != champion.driver)
        text += f" — the best finisher of the final four in the finale (with {others})"
    return text


def _gap(line: StandingsLine) -> str:
    return f"{line.behind_leader:+,}" if line.behind_leader else "–"


def _entry(report: StandingsReport, line: StandingsLine, gap: str, widths: tuple[int, int]) -> list[str]:
    """Two lines: place, mark, name, points and gap to the leader; then car, gap to the cut and counts
    (this race's points when live). A cut line follows the last driver in."""
    name = f"#{line.car_number} {line.name}" if report.table == "owners" and line.car_number else line.name
    name = name if len(name) <= NAME_WIDTH else name[: NAME_WIDTH - 1] + "…"
    points_width, gap_width = widths
    first = f"{line.position:>3}{MARKS[line.mark]} {name:<{NAME_WIDTH}} {line.points:>{points_width},} {gap:>{gap_width}}"
    details = [f"#{line.car_number}"] if line.car_number and report.table == "drivers" else []
    if line.to_cut is not None and report.cut_after:
        details.append(f"cut {line.to_cut:+,}")
    if line.earned_this_race is not None:
        details.append(f"+{line.earned_this_race} this race")
    counted = [(line.wins, "W")]
    if report.source != "live":
        counted += [(line.stage_wins, "SW"), (line.top5, "T5"), (line.top10, "T10")]
    counts = " ".join(f"{value}{label}" for value, label in counted if value is not None)
    if counts:
        details.append(counts)
    rows = [first.rstrip(), "    " + " · ".join(details)]
    if report.cut_after == line.position:
        rows.append(CUT_LINE)
    return rows
