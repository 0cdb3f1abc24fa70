"""The announcement log and channel health: what to consider posting, who claims a post, how it ended.

A post is claimed by inserting its log row; the row's unique key (guild, channel, event, kind) makes a
second claimer (another process, a second pass) lose, on SQLite and PostgreSQL alike. Rows that are
`held` or `failed` are claimed again by a conditional UPDATE, which only one claimer can win; so is a
claim cut off by a crash, on the claim as it was seen (`take_over`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from sqlalchemy import BigInteger, ColumnElement, insert, literal_column, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import InstrumentedAttribute

from db.store.models import (
    AnnounceChannel,
    AnnouncementLog,
    ChannelHealth,
    Event,
    GuildSettings,
    Result,
    Series,
    Session,
)
from db.store.queries.common import event_info_select, to_event_info
from db.store.queries.upsert import upsert
from kernel.announcing import Kind, PostKey
from kernel.reports import EventInfo
from kernel.shards import ShardSet

Sessions = async_sessionmaker[AsyncSession]
State = Literal["claimed", "sent", "held", "skipped", "failed"]
# Consecutive failed posts after which a channel is paused until an admin sets it up again.
PAUSE_AFTER = 3
DETAIL_LIMIT = 300


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One post's row in the log."""

    state: str
    message_id: int | None
    content_digest: str | None
    detail: str | None
    claimed_at: datetime
    claimed_by: int | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """One followed (guild, channel, series) and one of that series' events near now, with what is known."""

    guild_id: int
    channel_id: int
    event: EventInfo
    mode: str
    minutes_before: int | None
    role_id: int | None
    results: str
    threads: bool
    lineup_known: bool
    paused: bool
    failures: int
    grid: LogEntry | None
    results_log: LogEntry | None
    # The server's grid posts carry the grid card.
    cards: bool = True
    # The server posts the standings after each race, and this race's standings post in the log.
    standings: bool = False
    standings_log: LogEntry | None = None

    def key(self, kind: Kind) -> PostKey:
        return PostKey(self.guild_id, self.channel_id, self.event.id, kind)


@dataclass(frozen=True, slots=True)
class Health:
    failures: int
    paused: bool


def _utc(moment: datetime) -> datetime:
    """SQLite hands datetimes back naive; the store keeps UTC throughout."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _clip(text: str | None) -> str | None:
    return None if text is None else text[:DETAIL_LIMIT]


def _on_shards(guild_id: InstrumentedAttribute[int], shards: ShardSet | None) -> list[ColumnElement[bool]]:
    """Only the servers on `shards`: `kernel.shards.shard_of` in SQL, (guild_id >> 22) % shard_count."""
    if shards is None or len(shards.ids) == shards.count:
        return []
    # 22 written out: bound as a parameter it takes the column's type, and PostgreSQL has no bigint >> bigint.
    shard = guild_id.op(">>", return_type=BigInteger)(literal_column("22")) % shards.count
    return [shard.in_(shards.ids)]


async def announcement_targets(
    sessions: Sessions,
    *,
    now: datetime,
    behind: timedelta,
    ahead: timedelta,
    shards: ShardSet | None = None,
) -> list[Target]:
    """Every followed channel × its series' events with a green flag from `now - behind` to `now + ahead`;
    with `shards`, only the servers on them (a process announces for the servers it receives)."""
    async with sessions() as session:
        followed = (
            await session.execute(
                select(
                    AnnounceChannel.guild_id,
                    AnnounceChannel.channel_id,
                    AnnounceChannel.series_code,
                    GuildSettings.mode,
                    GuildSettings.minutes_before,
                    GuildSettings.role_id,
                    GuildSettings.results,
                    GuildSettings.threads,
                    GuildSettings.cards,
                    GuildSettings.standings,
                )
                .join(GuildSettings, GuildSettings.guild_id == AnnounceChannel.guild_id)
                .where(*_on_shards(AnnounceChannel.guild_id, shards))
            )
        ).all()
        if not followed:
            return []
        codes = {row.series_code for row in followed}
        events = [
            to_event_info(row)
            for row in await session.execute(
                event_info_select().where(
                    Series.code.in_(codes),
                    Event.start_time_utc.between(now - behind, now + ahead),
                )
            )
        ]
        if not events:
            return []
        ids = [event.id for event in events]
        with_lineup = set(
            await session.scalars(
                select(Session.event_id)
                .join(Result, Result.session_id == Session.id)
                .where(Session.kind == "race", Session.event_id.in_(ids), Result.start_position.is_not(None))
                .distinct()
            )
        )
        logs = {
            (row.guild_id, row.channel_id, row.event_id, row.kind): LogEntry(
                row.state,
                row.message_id,
                row.content_digest,
                row.detail,
                _utc(row.claimed_at),
                row.claimed_by,
            )
            for row in await session.execute(
                select(
                    AnnouncementLog.guild_id,
                    AnnouncementLog.channel_id,
                    AnnouncementLog.event_id,
                    AnnouncementLog.kind,
                    AnnouncementLog.state,
                    AnnouncementLog.message_id,
                    AnnouncementLog.content_digest,
                    AnnouncementLog.detail,
                    AnnouncementLog.claimed_at,
                    AnnouncementLog.claimed_by,
                ).where(AnnouncementLog.event_id.in_(ids), *_on_shards(AnnouncementLog.guild_id, shards))
            )
        }
        health = {
            row.channel_id: Health(row.failures, row.paused)
            for row in await session.execute(
                select(ChannelHealth.channel_id, ChannelHealth.failures, ChannelHealth.paused).where(
                    or_(ChannelHealth.failures > 0, ChannelHealth.paused)
                )
            )
        }
    targets = []
    for row in followed:
        state = health.get(row.channel_id, Health(0, False))
        for event in events:
            if event.series_code != row.series_code:
                continue
            place = (row.guild_id, row.channel_id, event.id)
            targets.append(
                Target(
                    guild_id=row.guild_id,
                    channel_id=row.channel_id,
                    event=event,
                    mode=row.mode,
                    minutes_before=row.minutes_before,
                    role_id=row.role_id,
                    results=row.results,
                    threads=row.threads,
                    cards=row.cards,
                    lineup_known=event.id in with_lineup,
                    paused=state.paused,
                    failures=state.failures,
                    grid=logs.get((*place, "grid")),
                    results_log=logs.get((*place, "results")),
                    standings=row.standings,
                    standings_log=logs.get((*place, "standings")),
                )
            )
    return targets


async def _insert(
    sessions: Sessions,
    key: PostKey,
    *,
    state: State,
    now: datetime,
    digest: str | None,
    detail: str | None,
    by: int | None = None,
) -> bool:
    row = {
        "guild_id": key.guild_id,
        "channel_id": key.channel_id,
        "event_id": key.event_id,
        "kind": key.kind,
        "state": state,
        "nonce": key.nonce,
        "content_digest": digest,
        "detail": _clip(detail),
        "claimed_at": now,
        "claimed_by": by,
    }
    try:
        async with sessions.begin() as session:
            # A plain INSERT, not the ORM's unit of work: a burst claims hundreds of posts a second.
            await session.execute(insert(AnnouncementLog).values(**row))
    except IntegrityError:
        return False
    return True


def _row(key: PostKey) -> list[ColumnElement[bool]]:
    return [
        AnnouncementLog.guild_id == key.guild_id,
        AnnouncementLog.channel_id == key.channel_id,
        AnnouncementLog.event_id == key.event_id,
        AnnouncementLog.kind == key.kind,
    ]


async def claim(
    sessions: Sessions, key: PostKey, *, digest: str, now: datetime, by: int | None = None
) -> bool:
    """Claim a post before sending it, for process `by`: True for the one claimer whose row went in."""
    return await _insert(sessions, key, state="claimed", now=now, digest=digest, detail=None, by=by)


async def record(sessions: Sessions, key: PostKey, *, state: State, detail: str, now: datetime) -> bool:
    """Log a post that is not sent ('held' or 'skipped') with why; False if the post already has a row."""
    return await _insert(sessions, key, state=state, now=now, digest=None, detail=detail)


async def reclaim(
    sessions: Sessions,
    key: PostKey,
    *,
    states: Iterable[str],
    digest: str,
    now: datetime,
    by: int | None = None,
) -> bool:
    """Claim again a post whose row is in one of `states` (held, failed); only one claimer wins."""
    async with sessions.begin() as session:
        done = await session.execute(
            update(AnnouncementLog)
            .where(*_row(key), AnnouncementLog.state.in_(list(states)))
            .values(state="claimed", content_digest=digest, detail=None, claimed_at=now, claimed_by=by)
        )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


async def take_over(sessions: Sessions, key: PostKey, *, seen: LogEntry, by: int, now: datetime) -> bool:
    """Take over a claim cut off by a crash, for process `by`: compare-and-set on the claim as `seen`
    (its claimer and time), so of several processes recovering it at once exactly one wins, and none
    wins once its claimer marked it or another took it over."""
    async with sessions.begin() as session:
        done = await session.execute(
            update(AnnouncementLog)
            .where(
                *_row(key),
                AnnouncementLog.state == "claimed",
                AnnouncementLog.claimed_at == seen.claimed_at,
                AnnouncementLog.claimed_by.is_not_distinct_from(seen.claimed_by),
            )
            .values(claimed_at=now, claimed_by=by)
        )
    return bool(done.rowcount == 1)  # type: ignore[attr-defined]


async def mark_sent(
    sessions: Sessions, key: PostKey, *, message_id: int, now: datetime, digest: str | None = None
) -> None:
    """The post is in the channel as `message_id`; `digest`, when given, replaces what was claimed."""
    values: dict[str, object] = {"state": "sent", "message_id": message_id, "posted_at": now, "detail": None}
    if digest is not None:
        values["content_digest"] = digest
    async with sessions.begin() as session:
        await session.execute(update(AnnouncementLog).where(*_row(key)).values(**values))


async def mark(sessions: Sessions, key: PostKey, *, state: State, detail: str, now: datetime) -> None:
    """A claimed post ended otherwise: 'failed' (tried again later), 'held' or 'skipped', with why."""
    async with sessions.begin() as session:
        await session.execute(
            update(AnnouncementLog)
            .where(*_row(key))
            .values(state=state, detail=_clip(detail), claimed_at=now)
        )


async def note_edited(sessions: Sessions, key: PostKey, *, digest: str) -> None:
    """The posted message was edited to the content with `digest`."""
    async with sessions.begin() as session:
        await session.execute(update(AnnouncementLog).where(*_row(key)).values(content_digest=digest))


async def log_entry(sessions: Sessions, key: PostKey) -> LogEntry | None:
    async with sessions() as session:
        row = await session.scalar(select(AnnouncementLog).where(*_row(key)))
    if row is None:
        return None
    return LogEntry(
        row.state, row.message_id, row.content_digest, row.detail, _utc(row.claimed_at), row.claimed_by
    )


async def note_channel_failure(
    sessions: Sessions,
    *,
    guild_id: int,
    channel_id: int,
    error: str,
    now: datetime,
    pause_after: int = PAUSE_AFTER,
) -> Health:
    """One more failed post to the channel; at `pause_after` in a row it is paused. Atomic (an upsert)."""
    async with sessions.begin() as session:
        statement = upsert(session, ChannelHealth).values(
            channel_id=channel_id,
            guild_id=guild_id,
            failures=1,
            paused=pause_after <= 1,
            last_error=_clip(error),
            updated_at=now,
        )
        failures = ChannelHealth.failures + 1
        statement = statement.on_conflict_do_update(
            index_elements=[ChannelHealth.channel_id],
            set_={
                "failures": failures,
                "paused": or_(ChannelHealth.paused, failures >= pause_after),
                "last_error": _clip(error),
                "updated_at": now,
            },
        )
        await session.execute(statement)
        row = (
            await session.execute(
                select(ChannelHealth.failures, ChannelHealth.paused).where(
                    ChannelHealth.channel_id == channel_id
                )
            )
        ).one()
    return Health(row.failures, row.paused)


async def note_channel_success(sessions: Sessions, channel_id: int) -> None:
    """A post went through: the channel's failure count starts again (a paused channel stays paused)."""
    async with sessions.begin() as session:
        await session.execute(
            update(ChannelHealth)
            .where(ChannelHealth.channel_id == channel_id, ChannelHealth.failures > 0)
            .values(failures=0, last_error=None)
        )


async def channel_health(sessions: Sessions, channel_id: int) -> Health | None:
    async with sessions() as session:
        row = (
            await session.execute(
                select(ChannelHealth.failures, ChannelHealth.paused).where(
                    ChannelHealth.channel_id == channel_id
                )
            )
        ).first()
    return None if row is None else Health(row.failures, row.paused)
