"""Claiming, sending, re-sending and editing posts, each once: the jobs a pass runs.

A job claims its post in the log before sending it, so a second claimer never sends; a claim cut off
by a crash (`claims`) is taken over by one process and sent again with the same nonce (or found in the
channel, past Discord's nonce window); a post whose race data changed is edited in place. The posts in
flight in this process are never started twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from bot.announce.claims import STALE_CLAIM, Claimants
from bot.announce.delivery import Delivery
from bot.announce.posts import Post, grid_post, lineup_fault, results_post
from bot.announce.standings_posts import StandingsPosts
from bot.announce.summary import PassSummary
from bot.answers.service import Answers
from bot.pictures.specs import GridCard, RaceChart
from bot.render.announcements import thread_name
from db.store.queries import announce_log as log_store
from db.store.queries.announce_log import LogEntry, Target
from kernel.announcing import RACE_STARTED, PostKey

log = logging.getLogger(__name__)

# Discord drops a repeated nonce "within the past few minutes"; a claim older than this is looked
# for in the channel before it is sent again.
NONCE_WINDOW = timedelta(minutes=2)
Job = Coroutine[Any, Any, None]


def _threading(target: Target, key: PostKey) -> dict[str, Any]:
    """With threads on, the grid post opens the race weekend's thread and later posts go into it
    (a thread started on a message has the message's id)."""
    if not target.threads:
        return {}
    if key.kind == "grid":
        return {"start_thread": thread_name(target.event)}
    grid = target.grid
    return {"thread": grid.message_id} if grid is not None and grid.state == "sent" else {}


def _card_or_not(target: Target, post: Post) -> Post:
    """The server's setting: grid posts with the grid card (a picture) beside the text, or the text alone.
    Results posts carry their race chart whatever it says (their mode says whether it is a spoiler)."""
    return post if target.cards or not isinstance(post.card, GridCard) else replace(post, card=None)


class Sender:
    """Makes the jobs that send, re-send and edit posts; one per process, shared by its passes."""

    def __init__(
        self, delivery: Delivery, answers: Answers, *, clock: Callable[[], datetime], me: int
    ) -> None:
        self.delivery = delivery
        self._clock = clock
        self._me = me  # this process's token on the claims it makes
        self.answers = answers
        self.store = answers.store
        self._in_flight: set[PostKey] = set()
        self.standings = StandingsPosts(answers)  # the tables each pass reads for standings posts
        self._charts: dict[int, RaceChart | None] = {}  # the race charts each pass reads for results posts

    async def read_charts(self, targets: Iterable[Target]) -> None:
        """Read the race charts of this pass's results posts (the races with lap times stored), so the
        jobs build their posts without the store."""
        book = self.answers.book.events
        wanted = {
            target.event.id: book.get(target.event.id, target.event)
            for target in targets
            if target.results != "off" and target.event.results_official
        }
        self._charts = {event_id: await self.answers.race_chart(event) for event_id, event in wanted.items()}

    def results_post(self, target: Target) -> Post | None:
        return results_post(
            self.answers.book,
            target.event,
            target.role_id,
            spoiler=target.results == "spoiler",
            chart=self._charts.get(target.event.id),
        )

    def _after_race(self, target: Target, key: PostKey) -> Post | None:
        """A results or standings post as the race's data now stand."""
        return self.standings.post(target) if key.kind == "standings" else self.results_post(target)

    def deliver(
        self,
        target: Target,
        key: PostKey,
        entry: LogEntry | None,
        post: Post,
        summary: PassSummary,
    ) -> Job | None:
        if key in self._in_flight:
            return None
        self._in_flight.add(key)
        return self._claim_and_send(target, key, entry, post, summary)

    async def _claim_and_send(
        self,
        target: Target,
        key: PostKey,
        entry: LogEntry | None,
        post: Post,
        summary: PassSummary,
    ) -> None:
        # Claimed when its turn in the pass comes, not when the pass began: a long burst's later claims
        # must not look stale (cut off by a crash) to another process.
        now = self._clock()
        try:
            sessions = self.store.sessions
            if entry is None:
                won = await log_store.claim(sessions, key, digest=post.digest, now=now, by=self._me)
            else:
                won = await log_store.reclaim(
                    sessions,
                    key,
                    states=(entry.state,),
                    digest=post.digest,
                    now=now,
                    by=self._me,
                )
            if won:
                await self._send(target, key, post, summary)
        finally:
            self._in_flight.discard(key)

    async def _send(self, target: Target, key: PostKey, post: Post, summary: PassSummary) -> None:
        """Hand a claimed post to the delivery; a grid no later than the green flag."""
        deadline = target.event.start_time_utc if key.kind == "grid" else None
        outcome = await self.delivery.send(
            key,
            _card_or_not(target, post),
            failures=target.failures,
            deadline=deadline,
            **_threading(target, key),
        )
        if outcome == "sent":
            summary.note(key, "announced")
        elif outcome == "late":
            summary.note(key, "skipped", RACE_STARTED)
        else:
            summary.note(key, "failed")

    def recover(
        self,
        target: Target,
        key: PostKey,
        entry: LogEntry,
        now: datetime,
        claimants: Claimants,
        summary: PassSummary,
    ) -> tuple[Job | None, datetime | None]:
        """A claim never marked: once cut off (its process gone, or stale), taken over and sent again."""
        if key in self._in_flight:
            return None, None
        if not claimants.cut_off(entry, now):
            return None, entry.claimed_at + STALE_CLAIM
        if key.kind == "grid":
            green_flag = target.event.start_time_utc
            if green_flag is not None and now >= green_flag:
                return self._give_up(key, entry, now, summary), None
            post = grid_post(self.answers.book, target.event, target.role_id)
        else:
            post = self._after_race(target, key)
        if post is None:
            return None, None
        self._in_flight.add(key)
        return self._resend(target, key, entry, post, now, summary), None

    async def _give_up(self, key: PostKey, entry: LogEntry, now: datetime, summary: PassSummary) -> None:
        if not await log_store.take_over(self.store.sessions, key, seen=entry, by=self._me, now=now):
            return  # marked meanwhile, or another process got there first
        reason = "claimed but not confirmed before the race started"
        summary.note(key, "skipped", reason)
        await log_store.mark(self.store.sessions, key, state="skipped", detail=reason, now=now)

    async def _resend(
        self, target: Target, key: PostKey, entry: LogEntry, post: Post, now: datetime, summary: PassSummary
    ) -> None:
        """Same nonce: Discord answers with the message first sent if it got that far. Past Discord's
        nonce window the channel is searched for the post first. Only the one process whose take-over
        of the claim as seen succeeds goes on."""
        where = _threading(target, key)
        try:
            if not await log_store.take_over(self.store.sessions, key, seen=entry, by=self._me, now=now):
                log.info("claimed %s of event %s was taken over by another process", key.kind, key.event_id)
                return
            if now - entry.claimed_at > NONCE_WINDOW:
                found = await self.delivery.posted_since(
                    key, post, entry.claimed_at, thread=where.get("thread")
                )
                if found is not None:
                    log.info("found unconfirmed %s of event %s: message %s", key.kind, key.event_id, found)
                    await log_store.mark_sent(self.store.sessions, key, message_id=found, now=now)
                    return
            log.info(
                "re-sending claimed %s of event %s in channel %s", key.kind, key.event_id, key.channel_id
            )
            await self._send(target, key, post, summary)
        finally:
            self._in_flight.discard(key)

    def edit_if_changed(self, target: Target, key: PostKey, entry: LogEntry) -> Job | None:
        if entry.state != "sent" or entry.message_id is None or key in self._in_flight:
            return None
        if key.kind == "grid":
            post = grid_post(self.answers.book, target.event, target.role_id)
            if post is not None and lineup_fault(self.answers.book, key.event_id) is not None:
                post = None  # a broken lineup never replaces a sound one
        else:
            post = self._after_race(target, key)
        if post is None or post.digest == entry.content_digest:
            return None
        self._in_flight.add(key)
        return self._edit(
            key, entry.message_id, _card_or_not(target, post), _threading(target, key).get("thread")
        )

    async def _edit(self, key: PostKey, message_id: int, post: Post, thread: int | None) -> None:
        try:
            log.info("%s of event %s changed: editing message %s", key.kind, key.event_id, message_id)
            await self.delivery.edit(key, message_id, post, thread=thread)
        finally:
            self._in_flight.discard(key)
