"""The /compare embed: two drivers side by side over the races both started, as a short monospace table
that reads the same on a phone as on a desktop."""

from __future__ import annotations

from collections.abc import Callable

import discord

from bot.render.common import TITLE_LIMIT, clip, series_colour, with_footer
from bot.render.layout import code_block
from bot.render.wording import (
    GRID_GAP,
    LED_GAP,
    STATUS_GAP,
    gap_line,
    lower_bound,
    season_span,
    sentence,
)
from kernel.reports import CompareReport, HeadToHeadSide, SeriesRecord
from kernel.series import SERIES_BY_CODE

# A column header (a surname, "Earnhardt Jr.", "van Gisbergen") is cut beyond this, to keep rows short.
HEADER_LIMIT = 13
ALSO_LIMIT = 300


def _count(value: int) -> str:
    return f"{value:,}"


def _average(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _led(count: int, record: SeriesRecord) -> str:
    """Laps led or races led, "≥" where some of these starts have no laps led recorded."""
    return lower_bound(count, record.unknown_led_starts)


ROWS: tuple[tuple[str, Callable[[HeadToHeadSide], str]], ...] = (
    ("Shared starts", lambda side: _count(side.record.starts)),
    ("Finished ahead", lambda side: _count(side.ahead)),
    ("Wins", lambda side: _count(side.record.wins)),
    ("From pole", lambda side: lower_bound(side.record.poles, side.record.unknown_grid_starts)),
    ("Top 5s", lambda side: _count(side.record.top5)),
    ("Top 10s", lambda side: _count(side.record.top10)),
    ("Laps led", lambda side: _led(side.record.laps_led, side.record)),
    ("Races led", lambda side: _led(side.record.races_led, side.record)),
    ("DNFs", lambda side: _count(side.record.dnfs)),
    ("Avg start", lambda side: _average(side.record.avg_start)),
    ("Avg finish", lambda side: _average(side.record.avg_finish)),
)


def short_names(a: str, b: str) -> tuple[str, str]:
    """Column headers: surnames ("Larson", "Earnhardt Jr."); first names when the surnames match (Kyle and
    Kurt Busch); "A" and "B" if even those match."""
    parts_a, parts_b = a.split(" ", 1), b.split(" ", 1)
    surnames = (parts_a[-1], parts_b[-1])
    if surnames[0].casefold() != surnames[1].casefold():
        return surnames
    if parts_a[0].casefold() != parts_b[0].casefold():
        return parts_a[0], parts_b[0]
    return "A", "B"


def table(report: CompareReport) -> str:
    """The side-by-side figures as a code block: a label column and one right-aligned column per driver."""
    headers = [clip(name, HEADER_LIMIT) for name in short_names(report.a.name, report.b.name)]
    cells = [(label, show(report.a), show(report.b)) for label, show in ROWS]
    label_width = max(len(label) for label, _, _ in cells)
    widths = [max(len(headers[i]), *(len(row[i + 1]) for row in cells)) for i in (0, 1)]
    lines = [f"{'':{label_width}}  {headers[0]:>{widths[0]}}  {headers[1]:>{widths[1]}}"]
    lines += [f"{label:{label_width}}  {x:>{widths[0]}}  {y:>{widths[1]}}" for label, x, y in cells]
    return code_block(lines)


def _label(code: str) -> str:
    spec = SERIES_BY_CODE.get(code)
    return code if spec is None else spec.label


def _summary(report: CompareReport) -> list[str]:
    seasons = season_span(report.first_season, report.last_season)
    races = "race" if report.shared_starts == 1 else "races"
    where = f" at {report.track_name}" if report.track_name else ""
    lines = [f"**{report.shared_starts:,}** {races} both started{where}, {seasons}."]
    if report.series_picked:
        label = _label(report.series_code)
        if report.other_series:
            others = ", ".join(f"{count:,} in {_label(code)}" for code, count in report.other_series)
            lines.append(f"{label}: the series they raced together most (also {others}).")
        else:
            lines.append(f"{label}: the only series they raced together in.")
    ahead = (
        f"{report.a.name} finished ahead in **{report.a.ahead:,}**, {report.b.name} in **{report.b.ahead:,}**"
    )
    if report.even:
        ahead += f"; level in {report.even:,}"
    lines.append(sentence(ahead))
    return lines


# One driver's starts lacking a figure: (name, starts, their seasons).
_Gap = tuple[str, int, tuple[int, ...]]


def _gap_note(gap: tuple[str, str], sides: list[_Gap]) -> str | None:
    """One gap in the source over the shared starts, for either driver: "Grid unknown for 87 of Lee
    Petty's and 66 of Herb Thomas's shared starts (1949–1956): starts from pole may be more."."""
    missing = [(name, count) for name, count, _ in sides if count]
    if not missing:
        return None
    whose = " and ".join(f"{count:,} of {name}'s" for name, count in missing) + " shared starts"
    return gap_line(gap, whose, (season for _, _, seasons in sides for season in seasons))


def _notes(report: CompareReport) -> list[str]:
    sides = (report.a, report.b)
    gaps: tuple[tuple[tuple[str, str], list[_Gap]], ...] = (
        (GRID_GAP, [(s.name, s.record.unknown_grid_starts, s.record.grid_gap_seasons) for s in sides]),
        (LED_GAP, [(s.name, s.record.unknown_led_starts, s.record.led_gap_seasons) for s in sides]),
        (STATUS_GAP, [(s.name, s.record.unknown_status_starts, ()) for s in sides]),
    )
    notes = [note for gap, counts in gaps if (note := _gap_note(gap, counts))]
    for side, other in ((report.a, report.b), (report.b, report.a)):
        # The other driver of the pair is no "not who you meant?" (Dale Earnhardt beside Dale Earnhardt Jr.).
        also = [name for name in side.also if name != other.name]
        if also:
            text = f"{side.name}: not who you meant? The name also fits {', '.join(also)}"
            notes.append(clip(sentence(text), ALSO_LIMIT))
    return notes


def compare_embed(report: CompareReport) -> discord.Embed:
    series = (
        SERIES_BY_CODE[report.series_code].name
        if report.series_code in SERIES_BY_CODE
        else report.series_code
    )
    embed = discord.Embed(
        title=clip(f"{report.a.name} vs {report.b.name} — {series}", TITLE_LIMIT),
        description="\n".join([*_summary(report), table(report), *_notes(report)]),
        colour=series_colour(report.series_code),
    )
    return with_footer(embed, report.freshness)
