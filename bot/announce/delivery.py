"""One post's way out: claim it in the log, send it with its nonce, mark it sent; or edit it in place.

The claim comes first, so a second claimer (another pass, another process) never sends; the nonce
with `enforce_nonce` (discord.py 2.7 sets it whenever a nonce is given) makes a resend after a crash
between send and mark return the first message instead of posting again. Every request waits for its
slot in the `Pace`, and a grid is checked against the green flag at the moment it is handed to Discord.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Literal

import discord

from bot.announce.pacing import Pacer
from bot.announce.posts import Post
from bot.pictures.pool import ANNOUNCEMENT_TIMEOUT_S, Pictures
from bot.render.pictures import attached
from db.store import Store
from db.store.queries import announce_log as log_store
from kernel.announcing import RACE_STARTED, PostKey

log = logging.getLogger(__name__)

# A race weekend's thread archives itself after a week without posts.
THREAD_ARCHIVE_MINUTES: Literal[10080] = 10080
# Looking for a post whose mark was cut off: the messages since a minute before its claim, at most this many.
HISTORY_LIMIT = 50
HISTORY_SLACK = timedelta(minutes=1)
# A post still rate limited after discord.py's own five tries waits Discord's retry_after and is sent
# again, up to this many rounds in all; then it is left to the scheduler's retry of failed posts.
RATE_LIMITED_ROUNDS = 3
# Failed posts are retried every five minutes: twelve server errors in a row are an hour of them.
SERVER_ERROR_PAUSE_AFTER = 12
# How a send ended: out, failed (the channel's health notes it unless rate limited), or too late (the
# green flag came first: skipped).
Outcome = Literal["sent", "failed", "late"]


def _why(error: discord.HTTPException) -> str:
    return f"{error.status} {error.text or type(error).__name__}".strip()


def _retry_after(error: discord.HTTPException) -> float:
    """The seconds a 429 asks to wait (its Retry-After header), one if it gives none."""
    headers = getattr(error.response, "headers", None) or {}
    try:
        return max(float(headers.get("Retry-After", 1.0)), 0.0)
    except ValueError:
        return 1.0


def _places(key: PostKey, thread: int | None) -> tuple[int, ...]:
    """Where a post goes: the race weekend's thread, else (or if it is gone) the channel."""
    return (thread, key.channel_id) if thread else (key.channel_id,)


class Delivery:
    """Sends, edits and records posts through one discord.py client (its rate limiter and 429 retries)."""

    def __init__(
        self,
        client: discord.Client,
        store: Store,
        *,
        clock: Callable[[], datetime],
        pace: Pacer,
        pictures: Pictures | None = None,
    ) -> None:
        self.client = client
        self.store = store
        self.pace = pace
        self.pictures = pictures
        self._clock = clock

    def _channel(self, key: PostKey, channel_id: int) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(channel_id, guild_id=key.guild_id)

    async def send(
        self,
        key: PostKey,
        post: Post,
        *,
        failures: int,
        deadline: datetime | None = None,
        digest: str | None = None,
        thread: int | None = None,
        start_thread: str | None = None,
    ) -> Outcome:
        """Send a claimed post and mark it. `digest` None keeps the claim's (a resend of a post claimed
        earlier: Discord may answer with the message first sent).

        `deadline`: the green flag; a post not yet handed to Discord by then is skipped instead.
        `thread`: post in the race weekend's thread (in the channel if the thread is gone);
        `start_thread`: open a thread of that name on the post, for the weekend's later posts.
        """
        sessions = self.store.sessions
        post = await self._drawn(post)
        for attempt in range(1, RATE_LIMITED_ROUNDS + 1):
            if not self._in_time(deadline):
                return await self._too_late(key)
            await self.pace.slot()
            if not self._in_time(deadline):
                return await self._too_late(key)
            try:
                message = await self._post(key, post, thread)
                break
            except discord.HTTPException as error:
                if error.status != 429 or attempt == RATE_LIMITED_ROUNDS:
                    await self._failed(key, error)
                    return "failed"
                wait = _retry_after(error)
                log.info(
                    "announcement %s to channel %s rate limited: again in %.1f s",
                    key.kind,
                    key.channel_id,
                    wait,
                )
                await asyncio.sleep(wait)
        await log_store.mark_sent(sessions, key, message_id=message.id, now=self._clock(), digest=digest)
        if failures:
            await log_store.note_channel_success(sessions, key.channel_id)
        log.debug("announced %s of event %s in channel %s", key.kind, key.event_id, key.channel_id)
        if start_thread is not None:
            await self._start_thread(key, message.id, start_thread)
        return "sent"

    async def _drawn(self, post: Post) -> Post:
        """The post with its picture (grid card, race chart) drawn; without one when none is asked, there
        is no picture pool, or it is late or failed (the text goes alone)."""
        if post.card is None or self.pictures is None:
            return post
        return replace(post, picture=await self.pictures.draw(post.card, timeout=ANNOUNCEMENT_TIMEOUT_S))

    def _in_time(self, deadline: datetime | None) -> bool:
        return deadline is None or self._clock() < deadline

    async def _too_late(self, key: PostKey) -> Outcome:
        """The green flag came before the post's turn: skipped (the pass logs one line for the race)."""
        await log_store.mark(
            self.store.sessions, key, state="skipped", detail=RACE_STARTED, now=self._clock()
        )
        return "late"

    async def _post(self, key: PostKey, post: Post, thread: int | None) -> discord.Message:
        *first, last = _places(key, thread)
        for channel_id in first:
            try:
                return await self._send_to(key, channel_id, post)
            except discord.NotFound:
                log.info("thread %s is gone; posting in channel %s instead", channel_id, key.channel_id)
        return await self._send_to(key, last, post)

    async def _send_to(self, key: PostKey, channel_id: int, post: Post) -> discord.Message:
        """The post, with its picture where drawn; where the bot may not attach files, the text alone."""
        channel = self._channel(key, channel_id)
        if post.picture is not None and self._may_attach(channel_id):
            embed, upload = attached(post.embed, post.picture, spoiler=post.spoiler)
            return await channel.send(
                content=post.content,
                embed=embed,
                file=upload,
                allowed_mentions=post.allowed_mentions,
                nonce=key.nonce,
            )
        return await channel.send(
            content=post.content, embed=post.embed, allowed_mentions=post.allowed_mentions, nonce=key.nonce
        )

    def _may_attach(self, channel_id: int) -> bool:
        """Whether the bot may upload the card there, as its guild cache says (True when the cache does
        not know: Discord then answers). Without Attach Files the text grid goes alone."""
        channel = self.client.get_channel(channel_id)
        if not isinstance(channel, discord.abc.GuildChannel | discord.Thread):
            return True
        allowed = channel.permissions_for(channel.guild.me).attach_files
        if not allowed:
            log.debug("no Attach Files in channel %s: the post goes without its picture", channel_id)
        return allowed

    async def posted_since(
        self, key: PostKey, post: Post, since: datetime, *, thread: int | None = None
    ) -> int | None:
        """Our message carrying this post's text, sent since `since`: a send whose mark was cut off too
        long ago for Discord's nonce to still catch a resend. None if not found (or history unreadable)."""
        me = self.client.user
        if me is None:
            return None
        after = since - HISTORY_SLACK
        for channel_id in _places(key, thread):
            await self.pace.slot()
            try:
                async for message in self._channel(key, channel_id).history(limit=HISTORY_LIMIT, after=after):
                    if message.author.id == me.id and message.content == post.content:
                        return message.id
            except discord.HTTPException as error:
                log.info("cannot read channel %s to find an unconfirmed post: %s", channel_id, _why(error))
        return None

    async def _start_thread(self, key: PostKey, message_id: int, name: str) -> None:
        """A thread on the grid post (its id is the message's); one already there is fine (a resend)."""
        await self.pace.slot()
        try:
            await self.client.http.start_thread_with_message(
                key.channel_id, message_id, name=name, auto_archive_duration=THREAD_ARCHIVE_MINUTES
            )
        except discord.HTTPException as error:
            log.warning(
                "no thread on announcement %s in channel %s: %s", message_id, key.channel_id, _why(error)
            )

    async def edit(self, key: PostKey, message_id: int, post: Post, *, thread: int | None = None) -> None:
        """The race's data changed since posting: the message changes with it, no second post. Its card
        is drawn anew (or, without one, the old one goes: it would show the grid as it was)."""
        post = await self._drawn(post)
        for channel_id in _places(key, thread):
            await self.pace.slot()
            try:
                await self._edit_message(self._channel(key, channel_id).get_partial_message(message_id), post)
                break
            except (discord.Forbidden, discord.NotFound) as error:
                log.warning("could not edit announcement %s in %s: %s", message_id, channel_id, _why(error))
        await log_store.note_edited(self.store.sessions, key, digest=post.digest)

    async def _edit_message(self, message: discord.PartialMessage, post: Post) -> None:
        """The message as the post now is, its card replaced (or gone, without one or without Attach Files)."""
        if post.picture is not None and self._may_attach(message.channel.id):
            embed, upload = attached(post.embed, post.picture, spoiler=post.spoiler)
            await message.edit(
                content=post.content,
                embed=embed,
                attachments=[upload],
                allowed_mentions=post.allowed_mentions,
            )
            return
        await message.edit(
            content=post.content, embed=post.embed, attachments=[], allowed_mentions=post.allowed_mentions
        )

    async def _failed(self, key: PostKey, error: discord.HTTPException) -> None:
        """A failed post is tried again later. Unless Discord only rate limited it, the failure counts
        against the channel (a 5xx every time, as a 403 or 404): shown in /announce status, then paused.
        A server error pauses only after an hour of them, so an outage of Discord's own does not leave
        every server's channel paused until its admin sets it again."""
        sessions = self.store.sessions
        now = self._clock()
        why = _why(error)
        await log_store.mark(sessions, key, state="failed", detail=why, now=now)
        if error.status == 429:
            log.warning("announcement %s to channel %s still rate limited: %s", key.kind, key.channel_id, why)
            return
        health = await log_store.note_channel_failure(
            sessions,
            guild_id=key.guild_id,
            channel_id=key.channel_id,
            error=why,
            now=now,
            pause_after=SERVER_ERROR_PAUSE_AFTER if error.status >= 500 else log_store.PAUSE_AFTER,
        )
        log.warning(
            "announcement channel %s (guild %s) failed %d time(s) in a row%s: %s",
            key.channel_id,
            key.guild_id,
            health.failures,
            ", paused" if health.paused else "",
            why,
        )
