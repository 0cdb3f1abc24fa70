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


def _with_times(text: str) -> str:
    """Discord timestamps in UTC; relative ones ("in 3 days") are dropped, as a terminal cannot update."""

    def stamp(match: re.Match[str]) -> str:
        moment = time.gmtime(int(match.group(1)))
        return time.strftime("%a %d %b %Y %H:%M UTC", moment) if match.group(2) == "F" else ""

    return re.sub(r"<t:(\d+):([FR])>", stamp, text).replace(" ()", "")


def _plain(text: str) -> str:
    return text.replace("**", "")
