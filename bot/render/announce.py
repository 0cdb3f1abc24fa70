"""Replies to /announce: what was saved or stopped (a line of text) and the status embed.

Channel and role mentions are shown as Discord renders them; every reply goes out with no allowed
mentions, so a role named here is never pinged.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.render.common import DESCRIPTION_LIMIT, FIELD_VALUE_LIMIT, clip
from kernel.announce_reports import (
    AnnounceSettings,
    AnnounceStatus,
    AnnounceStopped,
    ChannelSaved,
    DuePost,
    FeedTrouble,
)
from kernel.series import SERIES_BY_CODE

RESULTS_TEXT = {
    "off": "not posted",
    "on": "posted after the race once official",
    "spoiler": "posted after the race once official, the order behind spoiler tags",
}
STANDINGS_TEXT = {
    True: "the top of the standings, with the cut line, posted after each race once NASCAR's table counts it",
    False: "not posted",
}


def series_names(codes: Sequence[str]) -> str:
    """("cup", "truck") -> "Cup and Truck"."""
    labels = [SERIES_BY_CODE[code].label if code in SERIES_BY_CODE else code for code in codes]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def when_text(settings: AnnounceSettings) -> str:
    if settings.mode == "before" and settings.minutes_before is not None:
        return (
            f"{settings.minutes_before} minutes before the green flag "
            "(or as soon as the lineup is known, if that is later)"
        )
    return "as soon as the starting lineup is known"


def role_text(settings: AnnounceSettings) -> str:
    return f"<@&{settings.role_id}>" if settings.role_id is not None else "nobody"


def channel_saved_text(report: ChannelSaved) -> str:
    text = (
        f"{series_names(report.series_codes)} starting grids will be posted in <#{report.channel_id}> "
        f"{when_text(report.settings)}."
    )
    others = [f for f in report.settings.followed if f.channel_id != report.channel_id]
    if others:
        text += (
            " Other channels: "
            + ", ".join(f"{series_names([f.series_code])} in <#{f.channel_id}>" for f in others)
            + "."
        )
    return text + " See everything with /announce status."


def settings_text(settings: AnnounceSettings, changed: str, *, role_pingable: bool = True) -> str:
    """One line for a changed setting: "when", "role", "results", "cards", "standings" or "threads".
    `role_pingable` is False when the role is not mentionable and the bot lacks Mention Everyone: the
    mention would not notify."""
    if changed == "when":
        text = f"Grids will be posted {when_text(settings)}."
    elif changed == "role":
        text = (
            f"Posts will mention {role_text(settings)} (and nobody else)."
            if settings.role_id is not None
            else "Posts will mention nobody."
        )
        if settings.role_id is not None and not role_pingable:
            text += (
                " That role is not mentionable, so its members won't be notified: make it mentionable "
                "(Server Settings → Roles) or give me Mention @everyone, @here, and All Roles."
            )
    elif changed == "results":
        text = f"Official results will be {RESULTS_TEXT.get(settings.results, settings.results)}."
    elif changed == "standings":
        text = (
            "After each race the top of the standings, with the cut line, will be posted in the channel of "
            "its grids, once NASCAR's table counts the race."
            if settings.standings
            else "Standings will not be posted."
        )
    elif changed == "cards":
        text = (
            "Grid posts will carry the grid as a picture too."
            if settings.cards
            else "Grid posts will be the text grid alone, without the picture."
        )
    else:
        text = (
            "Each race weekend's posts will go in a thread of its own."
            if settings.threads
            else "Posts will go straight in the channel, without threads."
        )
    if not settings.followed:
        text += " No channel is set yet: add one with /announce channel."
    return text


def stopped_text(report: AnnounceStopped) -> str:
    where = f"in <#{report.channel_id}>" if report.channel_id is not None else "anywhere in this server"
    return f"Stopped: no more {series_names(report.series_codes)} posts {where}."


def status_embed(status: AnnounceStatus) -> discord.Embed:
    """The setup, the next posts due (Discord timestamps) and any failing or paused channel."""
    settings = status.settings
    embed = discord.Embed(title="Race announcements in this server")
    embed.description = clip(
        "\n".join(
            [
                f"**When**: {when_text(settings)}",
                f"**Mention**: {role_text(settings)}",
                f"**Results**: {RESULTS_TEXT.get(settings.results, settings.results)}",
                f"**Standings**: {STANDINGS_TEXT[settings.standings]}",
                f"**Threads**: {'one per race weekend' if settings.threads else 'off'}",
                f"**Grid card**: {'on (the grid as a picture too)' if settings.cards else 'off'}",
            ]
        ),
        DESCRIPTION_LIMIT,
    )
    followed = "\n".join(f"{series_names([f.series_code])} → <#{f.channel_id}>" for f in status.due)
    embed.add_field(
        name="Followed series",
        value=clip(followed or "None: add a channel with /announce channel.", FIELD_VALUE_LIMIT),
        inline=False,
    )
    if status.due:
        embed.add_field(
            name="Next posts due",
            value=clip("\n".join(due_line(post) for post in status.due), FIELD_VALUE_LIMIT),
            inline=False,
        )
    if status.trouble:
        lines = []
        for channel in status.trouble:
            state = "paused" if channel.paused else "failing"
            count = f"{channel.failures} failed post{'s' if channel.failures != 1 else ''}"
            why = f": {channel.last_error}" if channel.last_error else ""
            fix = " (set it again with /announce channel to resume)" if channel.paused else ""
            lines.append(f"<#{channel.channel_id}> {state} after {count}{why}{fix}")
        embed.add_field(
            name="Channels in trouble", value=clip("\n".join(lines), FIELD_VALUE_LIMIT), inline=False
        )
    if status.feed is not None:
        embed.add_field(
            name="NASCAR feed problem",
            value=clip(feed_trouble_text(status.feed), FIELD_VALUE_LIMIT),
            inline=False,
        )
    return embed


def feed_trouble_text(feed: FeedTrouble) -> str:
    """Why posts wait on the feed: since when, and the refusal as the sync logged it."""
    return (
        f"Since {_stamp(feed.since, 'R')} the live sync cannot read NASCAR's feed, so no new lineup or "
        f"result arrives and posts wait. It checks every round and resumes by itself.\n"
        f"`{feed.reason}` ({feed.url})"
    )


def due_line(post: DuePost) -> str:
    """One followed series' next grid post."""
    label = series_names([post.series_code])
    event = post.event
    if event is None:
        return f"{label}: no race ahead in the store"
    race = f"{label} — {event.name} ({event.track_name})"
    green = f"green flag {_stamp(event.start_time_utc)}" if event.start_time_utc else "no green flag time yet"
    why = f": {post.reason}" if post.reason else ""
    if post.action == "sent":
        return f"{race}: posted in <#{post.channel_id}>"
    if post.action == "claimed":
        return f"{race}: being posted in <#{post.channel_id}>"
    if post.action in ("held", "failed"):
        return f"{race}: {'held back' if post.action == 'held' else 'failed'} in <#{post.channel_id}>{why}"
    if post.action == "post":
        return f"{race}: due now in <#{post.channel_id}> (the lineup is out; {green})"
    if post.action in ("skip", "skipped"):
        return f"{race}: skipped{why}"
    if post.at is not None:
        return f"{race}: {_stamp(post.at)} ({_stamp(post.at, 'R')}) in <#{post.channel_id}>"
    return f"{race}: when the lineup is out, in <#{post.channel_id}> ({green})"


def _stamp(at: datetime, style: str = "F") -> str:
    return f"<t:{int(at.timestamp())}:{style}>"
