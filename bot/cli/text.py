"""Message payloads as plain text for a terminal."""

from __future__ import annotations

import re
import time
from typing import Any


def render_text(message: dict[str, Any]) -> str:
    """A message payload as plain text: content, then each embed's title, fields and footer."""
    lines: list[str] = []
    if message.get("content"):
        lines.append(message["content"])
    for embed in message.get("embeds") or []:
        if embed.get("title"):
            lines.append(embed["title"])
            lines.append("=" * min(len(embed["title"]), 72))
        if embed.get("description"):
            lines.append(embed["description"])
        for item in embed.get("fields", []):
            lines.append("")
            lines.append(f"{item['name']}:")
            lines.extend("  " + part for part in item["value"].splitlines())
        if embed.get("footer"):
            lines.append("")
            lines.append(f"-- {embed['footer']['text']}")
    return _plain(_with_times("\n".join(lines)))


# Discord's timestamp styles as a terminal prints them, in UTC; relative ones ("in 3 days") are dropped.
TIME_STYLES = {
    "t": "%H:%M UTC",
    "T": "%H:%M:%S UTC",
    "d": "%d %b %Y",
    "D": "%d %B %Y",
    "f": "%d %b %Y %H:%M UTC",
    "F": "%a %d %b %Y %H:%M UTC",
    "R": "",
}


def _with_times(text: str) -> str:
    """Discord timestamps (`<t:…>`, `<t:…:F>`) in UTC, as a terminal cannot show each reader's own time."""

    def stamp(match: re.Match[str]) -> str:
        return time.strftime(TIME_STYLES[match.group(2) or "f"], time.gmtime(int(match.group(1))))

    return re.sub(r"<t:(-?\d+)(?::([tTdDfFR]))?>", stamp, text).replace(" ()", "")


def _plain(text: str) -> str:
    return text.replace("**", "")
