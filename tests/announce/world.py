"""Set-up for announcer tests: a server following a series in a channel, on the sample store."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from db.store import Store
from db.store.models import AnnounceChannel, Event, GuildSettings, Result, Session
from db.store.state import bump_data_version

# The bundled sample: the 2025 Homestead Truck race, five cars on the grid.
SAMPLE_GREEN_FLAG = datetime(2025, 3, 23, 0, 0, tzinfo=UTC)
SAMPLE_SERIES = "truck"


async def sample_event_id(store: Store) -> int:
    async with store.sessions() as session:
        found = await session.scalar(select(Event.id).where(Event.is_sample))
    assert found is not None
    return found


async def follow(
    store: Store,
    guild_id: int,
    channel_id: int,
    *,
    series: str = SAMPLE_SERIES,
    mode: str = "lineup",
    minutes_before: int | None = None,
    role_id: int | None = None,
    results: str = "off",
    threads: bool = False,
    standings: bool = False,
) -> None:
    """The server's settings and one followed series, written as the /announce commands would."""
    async with store.sessions.begin() as session:
        settings = await session.get(GuildSettings, guild_id)
        if settings is None:
            settings = GuildSettings(guild_id=guild_id)
            session.add(settings)
        settings.mode, settings.minutes_before = mode, minutes_before
        settings.role_id, settings.results, settings.threads = role_id, results, threads
        settings.standings = standings
        await session.flush()
        session.add(AnnounceChannel(guild_id=guild_id, series_code=series, channel_id=channel_id))


async def follow_many(
    store: Store, first_guild: int, first_channel: int, count: int, *, mode: str, minutes_before: int | None
) -> None:
    """`count` servers, each following the sample's series in a channel of its own, in one transaction."""
    async with store.sessions.begin() as session:
        session.add_all(
            GuildSettings(guild_id=first_guild + n, mode=mode, minutes_before=minutes_before)
            for n in range(count)
        )
        await session.flush()
        session.add_all(
            AnnounceChannel(guild_id=first_guild + n, series_code=SAMPLE_SERIES, channel_id=first_channel + n)
            for n in range(count)
        )


async def change_grid(store: Store, event_id: int, swaps: dict[int, int]) -> None:
    """Move cars on the grid (old position -> new position), as a penalty would; bumps the data version."""
    async with store.sessions.begin() as session:
        race = await session.scalar(
            select(Session.id).where(Session.event_id == event_id, Session.kind == "race")
        )
        rows = (await session.scalars(select(Result).where(Result.session_id == race))).all()
        moving = {row.id: swaps[row.start_position] for row in rows if row.start_position in swaps}
        for row_id in moving:
            await session.execute(update(Result).where(Result.id == row_id).values(start_position=None))
        await session.flush()
        for row_id, position in moving.items():
            await session.execute(update(Result).where(Result.id == row_id).values(start_position=position))
        await bump_data_version(session)


async def make_official(store: Store, event_id: int) -> None:
    """Finishing positions in grid order and the results official; bumps the data version."""
    async with store.sessions.begin() as session:
        race = await session.scalar(
            select(Session.id).where(Session.event_id == event_id, Session.kind == "race")
        )
        rows = (await session.scalars(select(Result).where(Result.session_id == race))).all()
        ordered = sorted(rows, key=lambda row: (row.start_position is None, row.start_position or 0, row.id))
        for finish, row in enumerate(ordered, start=1):
            row.finish_position, row.status, row.laps_completed = finish, "running", 134
        await session.execute(update(Event).where(Event.id == event_id).values(results_official=True))
        await bump_data_version(session)


async def set_grid(store: Store, event_id: int, positions: dict[int, int | None]) -> dict[int, int | None]:
    """Set grid positions by result id (None: no lineup yet); returns the old ones. Bumps the data version."""
    async with store.sessions.begin() as session:
        race = await session.scalar(
            select(Session.id).where(Session.event_id == event_id, Session.kind == "race")
        )
        rows = (await session.scalars(select(Result).where(Result.session_id == race))).all()
        old = {row.id: row.start_position for row in rows}
        for row in rows:
            row.start_position = None
        await session.flush()
        for row in rows:
            row.start_position = positions.get(row.id)
        await bump_data_version(session)
    return old
