"""Message payloads as terminal text: Discord's timestamps in UTC, in each of their styles."""

from __future__ import annotations

import pytest

from bot.cli.text import render_text

STAMP = 1742688000  # 2025-03-23 00:00 UTC, the sample's green flag


@pytest.mark.parametrize(
    ("markup", "printed"),
    [
        (f"<t:{STAMP}:F>", "Sun 23 Mar 2025 00:00 UTC"),
        (f"<t:{STAMP}:f>", "23 Mar 2025 00:00 UTC"),
        (f"<t:{STAMP}>", "23 Mar 2025 00:00 UTC"),
        (f"<t:{STAMP}:D>", "23 March 2025"),
        (f"<t:{STAMP}:d>", "23 Mar 2025"),
        (f"<t:{STAMP}:T>", "00:00:00 UTC"),
        (f"<t:{STAMP}:t>", "00:00 UTC"),
        (f"Green flag <t:{STAMP}:F> (<t:{STAMP}:R>)", "Green flag Sun 23 Mar 2025 00:00 UTC"),
    ],
)
def test_timestamps_print_in_utc(markup: str, printed: str) -> None:
    """A terminal cannot show each reader's own time: absolute styles in UTC, relative ones dropped."""
    assert render_text({"content": markup}) == printed
