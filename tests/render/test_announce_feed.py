"""/announce status when the live sync cannot read the feed: admins see why posts wait."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.render.announce import status_embed
from kernel.announce_reports import AnnounceSettings, AnnounceStatus, FeedTrouble, FollowedSeries

SINCE = datetime(2026, 6, 27, 18, 0, tzinfo=UTC)
SETTINGS = AnnounceSettings(1, followed=(FollowedSeries("cup", 5),))
URL = "https://cf.nascar.com/cacher/2026/race_list_basic.json"


def _fields(status: AnnounceStatus) -> dict[str, str]:
    return {field.name or "": field.value or "" for field in status_embed(status).fields}


def test_feed_problem_is_shown_with_since_and_reason() -> None:
    """The field says since when (a relative Discord timestamp), that posts wait, and the logged reason."""
    trouble = FeedTrouble("(top level): missing keys series_1", URL, SINCE)
    value = _fields(AnnounceStatus(SETTINGS, (), (), trouble))["NASCAR feed problem"]
    assert value == (
        f"Since <t:{int(SINCE.timestamp())}:R> the live sync cannot read NASCAR's feed, so no new lineup or "
        "result arrives and posts wait. It checks every round and resumes by itself.\n"
        f"`(top level): missing keys series_1` ({URL})"
    )


def test_no_feed_problem_no_field() -> None:
    """While the feed reads, status says nothing about it."""
    assert "NASCAR feed problem" not in _fields(AnnounceStatus(SETTINGS, (), ()))


def test_a_long_reason_stays_within_the_field_limit() -> None:
    """A 500-character reason and URL are clipped to Discord's 1,024 per field."""
    embed = status_embed(AnnounceStatus(SETTINGS, (), (), FeedTrouble("k" * 500, "u" * 500, SINCE)))
    assert len(embed.fields[-1].value or "") <= 1024 and len(embed) <= 6000
