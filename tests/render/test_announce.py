"""/announce replies: pure text and the status embed, within Discord's limits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.render.announce import (
    channel_saved_text,
    due_line,
    series_names,
    settings_text,
    status_embed,
    stopped_text,
)
from kernel.announce_reports import (
    AnnounceSettings,
    AnnounceStatus,
    AnnounceStopped,
    ChannelSaved,
    ChannelTrouble,
    DuePost,
    FollowedSeries,
)
from kernel.reports import EventInfo

GREEN = datetime(2026, 2, 15, 19, 30, tzinfo=UTC)
EVENT = EventInfo(
    id=1,
    series_code="cup",
    series_title="NASCAR Cup Series",
    season=2026,
    round=1,
    name="Daytona 500",
    track_id=1,
    track_name="Daytona International Speedway",
    track_length_miles=2.5,
    start_time_utc=GREEN,
    scheduled_laps=200,
    stage_ends=(65, 130, 200),
    purse_usd=None,
    tv_network="FOX",
    is_sample=False,
)
RACE = "Cup — Daytona 500 (Daytona International Speedway)"
GREEN_STAMP = f"<t:{int(GREEN.timestamp())}:F>"


@pytest.mark.parametrize(
    ("codes", "text"),
    [
        (("cup",), "Cup"),
        (("cup", "truck"), "Cup and Truck"),
        (("cup", "xfinity", "truck"), "Cup, Xfinity and Truck"),
    ],
)
def test_series_names(codes: tuple[str, ...], text: str) -> None:
    assert series_names(codes) == text


@pytest.mark.parametrize(
    ("post", "line"),
    [
        (DuePost("cup", 9, None, "none"), "Cup: no race ahead in the store"),
        (
            DuePost("cup", 9, EVENT, "post"),
            f"{RACE}: due now in <#9> (the lineup is out; green flag {GREEN_STAMP})",
        ),
        (
            DuePost("cup", 9, EVENT, "wait", at=GREEN),
            f"{RACE}: {GREEN_STAMP} (<t:{int(GREEN.timestamp())}:R>) in <#9>",
        ),
        (
            DuePost("cup", 9, EVENT, "wait"),
            f"{RACE}: when the lineup is out, in <#9> (green flag {GREEN_STAMP})",
        ),
        (DuePost("cup", 9, EVENT, "skip", reason="too late"), f"{RACE}: skipped: too late"),
        (DuePost("cup", 9, EVENT, "sent"), f"{RACE}: posted in <#9>"),
        (
            DuePost("cup", 9, EVENT, "held", reason="position 3 repeats"),
            f"{RACE}: held back in <#9>: position 3 repeats",
        ),
    ],
)
def test_due_line(post: DuePost, line: str) -> None:
    """Each state of a followed series' next post, timestamps as Discord renders them."""
    assert due_line(post) == line


def test_channel_saved_names_the_other_channels() -> None:
    settings = AnnounceSettings(
        1, mode="before", minutes_before=30, followed=(FollowedSeries("cup", 5), FollowedSeries("truck", 6))
    )
    assert channel_saved_text(ChannelSaved(5, ("cup",), settings)) == (
        "Cup starting grids will be posted in <#5> 30 minutes before the green flag (or as soon as the lineup "
        "is known, if that is later). Other channels: Truck in <#6>. See everything with /announce status."
    )


def test_settings_and_stopped_lines() -> None:
    settings = AnnounceSettings(1, results="spoiler", threads=True, followed=(FollowedSeries("cup", 5),))
    assert settings_text(settings, "results") == (
        "Official results will be posted after the race once official, the order behind spoiler tags."
    )
    assert settings_text(settings, "threads") == "Each race weekend's posts will go in a thread of its own."
    assert stopped_text(AnnounceStopped(None, ("cup", "truck"))) == (
        "Stopped: no more Cup and Truck posts anywhere in this server."
    )


def test_a_role_that_cannot_be_pinged_says_how_to_fix_it() -> None:
    settings = AnnounceSettings(1, role_id=77, followed=(FollowedSeries("cup", 5),))
    assert settings_text(settings, "role") == "Posts will mention <@&77> (and nobody else)."
    assert "make it mentionable" in settings_text(settings, "role", role_pingable=False)


def test_status_embed_stays_within_limits() -> None:
    """Hundreds of failing channels are clipped to the field limit."""
    settings = AnnounceSettings(1, role_id=77, followed=(FollowedSeries("cup", 5),))
    trouble = tuple(ChannelTrouble(1000 + n, n, n % 2 == 0, "403 Forbidden " * 5) for n in range(1, 300))
    embed = status_embed(AnnounceStatus(settings, (DuePost("cup", 5, EVENT, "wait", at=GREEN),), trouble))
    fields = {field.name: field.value or "" for field in embed.fields}
    assert "**Mention**: <@&77>" in (embed.description or "")
    assert fields["Followed series"] == "Cup → <#5>"
    assert len(fields["Channels in trouble"]) <= 1024 and len(embed) <= 6000
