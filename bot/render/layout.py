"""Phone-first building blocks: fixed-width tables in code blocks, which keep their columns on any screen
(a phone shows about 40 monospace characters a line), and the pages of a long answer."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.render.common import TITLE_LIMIT, clip, numbered

FENCE = "```"


def code_block(lines: Sequence[str]) -> str:
    """Lines in a code block; a backtick in them (a name, a team) would end it early, so it becomes '."""
    body = "\n".join(line.replace("`", "'") for line in lines)
    return f"{FENCE}\n{body}\n{FENCE}"


def column_widths(rows: Sequence[Sequence[str]]) -> list[int]:
    """The width of each column: its longest cell, header included."""
    return [max(len(row[index]) for row in rows) for index in range(len(rows[0]))]


def table_lines(rows: Sequence[Sequence[str]], widths: Sequence[int], align: str) -> list[str]:
    """Rows as fixed-width lines one space apart, each column aligned as `align` says ("<" left, ">"
    right: figures), trailing spaces trimmed."""
    return [
        " ".join(
            f"{cell:{side}{width}}" for cell, width, side in zip(row, widths, align, strict=True)
        ).rstrip()
        for row in rows
    ]


def titled(pages: Sequence[tuple[str, discord.Embed]]) -> list[discord.Embed]:
    """Each page titled, numbered "(2/3)" when there are several."""
    for number, (title, embed) in enumerate(pages, start=1):
        embed.title = clip(numbered(title, number, len(pages)), TITLE_LIMIT)
    return [embed for _, embed in pages]
