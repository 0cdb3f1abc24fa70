"""The announcement settings service: what `/announce` changes and shows, between the cog and the store.

Each method takes a server's id and the options as given, checks them (raising a user-facing error),
writes or reads one transaction and returns a report from `kernel.reports`. After every change the
listeners are called (the announcer wakes to recompute what is due).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import UTC, datetime, timedelta

from bot.answers.errors import BadInput, NoData
from bot.answers.service import Answers
from db.store.ledger.races import starting_grid
from db.store.queries import announce_settings as stored
from db.store.queries.upcoming import next_event
from db.store.state import feed_problem
from kernel.announce_reports import AnnounceSettings, AnnounceStatus, AnnounceStopped, ChannelSaved, DuePost
from kernel.announcing import MINUTES_BEFORE, grid_decision
from kernel.reports import EventInfo, GridReport
from kernel.series import SERIES_BY_CODE, SERIES_CODES, series_order

log = logging.getLogger(__name__)

MODES = ("lineup", "before")
RESULTS = ("off", "on", "spoiler")
# What the bot needs in an announcement channel, by discord.py's permission names; and with threads on.
NEEDED_PERMISSIONS = ("view_channel", "send_messages", "embed_links")
THREAD_PERMISSIONS = ("create_public_threads", "send_messages_in_threads")
CHECKED_PERMISSIONS = NEEDED_PERMISSIONS + THREAD_PERMISSIONS
PERMISSION_LABELS = {
    "view_channel": "View Channel",
    "send_messages": "Send Messages",
    "embed_links": "Embed Links",
    "create_public_threads": "Create Public Threads",
    "send_messages_in_threads": "Send Messages in Threads",
}
NOTHING_SET_UP = "Nothing is set up in this server yet. Start with /announce channel."
# Status assumes the bot stays up, so no post is counted as missed while it was down.
_ALWAYS_UP = datetime.min.replace(tzinfo=UTC)

Listener = Callable[[], object]


def permission_label(name: str) -> str:
    """ "embed_links" -> "Embed Links", as Discord's channel settings name it."""
    return PERMISSION_LABELS.get(name, name.replace("_", " ").title())


def _missing_text(missing: Sequence[str]) -> str:
    return ", ".join(permission_label(name) for name in missing)


class Announcements:
    """Per-server announcement settings in the store; `subscribe` to hear about every change."""

    def __init__(self, answers: Answers, *, clock: Callable[[], datetime]) -> None:
        self.answers = answers
        self.store = answers.store
        self._clock = clock
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        """Call `listener()` (a function or a coroutine function) after every change of any server's setup."""
        self._listeners.append(listener)

    async def settings(self, guild_id: int) -> AnnounceSettings:
        """The server's setup, or the defaults when it has none."""
        return await stored.guild_settings(self.store.sessions, guild_id) or AnnounceSettings(guild_id)

    async def set_channel(
        self, guild_id: int, channel_id: int, series: str | None = None, *, granted: Collection[str]
    ) -> ChannelSaved:
        """Post one series' grids (all three when `series` is None) to a channel where the bot was
        `granted` every permission it needs (those for threads too, when threads are on); otherwise name
        what is missing and save nothing."""
        if series is not None and series not in SERIES_BY_CODE:
            raise BadInput(f"No series '{series}'. Choose one of: {', '.join(SERIES_CODES)}.")
        threads = (await self.settings(guild_id)).threads
        needed = NEEDED_PERMISSIONS + (THREAD_PERMISSIONS if threads else ())
        missing = [name for name in needed if name not in granted]
        if missing:
            raise BadInput(
                f"I can't post in <#{channel_id}>: I'm missing {_missing_text(missing)} there"
                f"{' (threads are on)' if set(missing) <= set(THREAD_PERMISSIONS) else ''}. Give me "
                f"{'that permission' if len(missing) == 1 else 'those permissions'} "
                "(channel settings → Permissions) and run the command again. Nothing was saved."
            )
        codes = (series,) if series is not None else SERIES_CODES
        settings = await stored.follow(self.store.sessions, guild_id, channel_id, codes, now=self._clock())
        await self._changed()
        return ChannelSaved(channel_id, tuple(codes), settings)

    async def set_when(self, guild_id: int, mode: str, minutes: int | None = None) -> AnnounceSettings:
        """As soon as the lineup is known ("lineup"), or `minutes` before the green flag ("before")."""
        if mode not in MODES:
            raise BadInput(f"No mode '{mode}'. Choose one of: {', '.join(MODES)}.")
        if mode == "before":
            if minutes is None:
                raise BadInput(
                    "How many minutes before the green flag? Add the minutes option "
                    f"({MINUTES_BEFORE.start} to {MINUTES_BEFORE.stop - 1}), e.g. /announce when "
                    "mode:minutes before the green flag minutes:60"
                )
            if minutes not in MINUTES_BEFORE:
                raise BadInput(f"minutes must be from {MINUTES_BEFORE.start} to {MINUTES_BEFORE.stop - 1}.")
        return await self._save(guild_id, mode=mode, minutes_before=minutes if mode == "before" else None)

    async def set_role(self, guild_id: int, role_id: int | None) -> AnnounceSettings:
        """The one role posts mention, or None to mention nobody."""
        return await self._save(guild_id, role_id=role_id)

    async def set_results(self, guild_id: int, results: str) -> AnnounceSettings:
        """Post the official results after the race: "off", "on" or "spoiler"."""
        if results not in RESULTS:
            raise BadInput(f"No results setting '{results}'. Choose one of: {', '.join(RESULTS)}.")
        return await self._save(guild_id, results=results)

    async def set_standings(self, guild_id: int, on: bool) -> AnnounceSettings:
        """After each race, post the top of its series' standings in the channel of its grids, or not."""
        return await self._save(guild_id, standings=on)

    async def set_cards(self, guild_id: int, on: bool) -> AnnounceSettings:
        """Grid posts with the grid card (a picture) beside the text grid, or the text alone."""
        return await self._save(guild_id, cards=on)

    async def set_threads(
        self, guild_id: int, on: bool, *, granted: Mapping[int, Collection[str]] | None = None
    ) -> AnnounceSettings:
        """One thread per race weekend holding its posts, or posts straight in the channel. Turning
        threads on needs the thread permissions in every followed channel the server still has (`granted`
        maps channel ids to the permissions the bot has there); otherwise nothing is saved."""
        if on and granted is not None:
            settings = await self.settings(guild_id)
            lacking = []
            for channel_id in dict.fromkeys(f.channel_id for f in settings.followed):
                if channel_id in granted:
                    missing = [name for name in THREAD_PERMISSIONS if name not in granted[channel_id]]
                    if missing:
                        lacking.append(f"{_missing_text(missing)} in <#{channel_id}>")
            if lacking:
                raise BadInput(
                    f"Threads need more permissions: I'm missing {'; '.join(lacking)}. "
                    "Give me those and run the command again. Nothing was saved."
                )
        return await self._save(guild_id, threads=on)

    async def stop(self, guild_id: int, channel_id: int | None = None) -> AnnounceStopped:
        """Stop posting to one channel, or (None) to every channel of the server."""
        codes = await stored.unfollow(self.store.sessions, guild_id, channel_id)
        if not codes:
            where = f"to <#{channel_id}>" if channel_id is not None else "in this server"
            raise NoData(f"Nothing is being posted {where}, so there was nothing to stop.")
        await self._changed()
        return AnnounceStopped(channel_id, tuple(sorted(codes, key=series_order)))

    async def forget(self, guild_id: int) -> bool:
        """The bot left the server: its setup goes. True if it had one."""
        forgotten = await stored.forget_guild(self.store.sessions, guild_id)
        if forgotten:
            log.info("left guild %s: its announcement settings were deleted", guild_id)
            await self._changed()
        return forgotten

    async def status(self, guild_id: int) -> AnnounceStatus:
        """The setup, the next grid post of each followed series (by the scheduler's own rule), and every
        failing or paused channel."""
        settings = await stored.guild_settings(self.store.sessions, guild_id)
        if settings is None:
            raise NoData(NOTHING_SET_UP)
        now = self._clock()
        followed = sorted(settings.followed, key=lambda f: series_order(f.series_code))
        events = {f.series_code: await self._next_event(f.series_code, now) for f in followed}
        logged = await stored.grid_log(
            self.store.sessions, guild_id, (event.id for event in events.values() if event is not None)
        )
        due = []
        for each in followed:
            event = events[each.series_code]
            if event is None:
                due.append(DuePost(each.series_code, each.channel_id, None, "none"))
            elif (each.channel_id, event.id) in logged:
                state, detail = logged[each.channel_id, event.id]
                due.append(DuePost(each.series_code, each.channel_id, event, state, reason=detail))
            else:
                decision = grid_decision(
                    mode="before" if settings.mode == "before" else "lineup",
                    minutes_before=settings.minutes_before,
                    green_flag=event.start_time_utc,
                    lineup_known=self._lineup_known(event.id),
                    now=now,
                    up_since=_ALWAYS_UP,
                    grace=timedelta(0),
                )
                due.append(
                    DuePost(
                        each.series_code,
                        each.channel_id,
                        event,
                        decision.action,
                        decision.at,
                        decision.reason,
                    )
                )
        trouble = await stored.channel_trouble(self.store.sessions, guild_id)
        return AnnounceStatus(settings, tuple(due), trouble, await feed_problem(self.store.sessions))

    async def preview(self, guild_id: int) -> GridReport:
        """The grid of the next race of a followed series (of any series when none is followed yet)."""
        settings = await self.settings(guild_id)
        codes = sorted({f.series_code for f in settings.followed}, key=series_order) or SERIES_CODES
        now = self._clock()
        coming = [event for code in codes if (event := await self._next_event(code, now)) is not None]
        if not coming:
            self.answers.hints.nothing_ahead(codes)
            raise NoData(
                "No race ahead in the store for the series followed here: the coming schedule is not "
                "published (or not loaded) yet."
            )
        event = min(coming, key=lambda e: (e.start_time_utc or now, series_order(e.series_code)))
        slots, from_qualifying = starting_grid(self.answers.book, event.id)
        if not slots:
            green = (
                f" The green flag is <t:{int(event.start_time_utc.timestamp())}:F>."
                if event.start_time_utc
                else ""
            )
            raise NoData(
                f"The next race, the {event.season} {event.name} at {event.track_name} ({event.series_title}), "
                f"has no lineup or qualifying order yet.{green}"
            )
        return GridReport(event, slots, from_qualifying, (), self.answers.freshness)

    async def _next_event(self, code: str, now: datetime) -> EventInfo | None:
        found = await next_event(self.store.sessions, series=code, now=now)
        return None if found is None else found[0]

    def _lineup_known(self, event_id: int) -> bool:
        slots, from_qualifying = starting_grid(self.answers.book, event_id)
        return bool(slots) and not from_qualifying

    async def _save(self, guild_id: int, **changes: object) -> AnnounceSettings:
        settings = await stored.save_settings(self.store.sessions, guild_id, now=self._clock(), **changes)
        await self._changed()
        return settings

    async def _changed(self) -> None:
        """Tell every listener; one that fails is logged and never undoes the change."""
        for listener in self._listeners:
            try:
                result = listener()
                if inspect.isawaitable(result):
                    await result
            except Exception:
                log.exception("announcement settings listener %r failed", listener)


def announcements_of(client: object) -> Announcements:
    """The announcement settings service the bot was built with (every racebot client has one)."""
    announcements = getattr(client, "announcements", None)
    if not isinstance(announcements, Announcements):
        raise TypeError(f"{type(client).__name__} has no announcement settings service")
    return announcements
