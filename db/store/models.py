"""The store's tables as typed SQLAlchemy 2.0 models.

Names are kept once (series, tracks, drivers, teams, manufacturers) and events, sessions and
results point at them, so every figure the bot shows is a query over these rows.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
    false,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SESSION_KINDS = ("practice", "qualifying", "race")


class Base(DeclarativeBase):
    """Declarative base with a naming convention so migrations name constraints the same everywhere."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: DateTime(timezone=True)}


class Series(Base):
    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    feed_series_id: Mapped[int | None] = mapped_column(unique=True)

    names: Mapped[list[SeriesName]] = relationship(
        back_populates="series", order_by="SeriesName.first_season"
    )


class SeriesName(Base):
    """A title the series raced under (Busch, Nationwide, Xfinity, O'Reilly Auto Parts...)."""

    __tablename__ = "series_names"
    __table_args__ = (UniqueConstraint("series_id", "name", "first_season"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    first_season: Mapped[int]
    last_season: Mapped[int | None]

    series: Mapped[Series] = relationship(back_populates="names")


class Track(Base):
    __tablename__ = "tracks"
    __table_args__ = (CheckConstraint("length_miles IS NULL OR length_miles > 0", name="positive_length"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_key: Mapped[str] = mapped_column(String(120), index=True)
    city: Mapped[str | None] = mapped_column(String(80))
    state: Mapped[str | None] = mapped_column(String(40))
    length_miles: Mapped[float | None] = mapped_column(Float)
    surface: Mapped[str | None] = mapped_column(String(16))
    layout: Mapped[str | None] = mapped_column(String(24))
    feed_track_id: Mapped[int | None] = mapped_column(unique=True)


class TrackAlias(Base):
    __tablename__ = "track_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    alias_key: Mapped[str] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(24))


class Driver(Base):
    __tablename__ = "drivers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_key: Mapped[str] = mapped_column(String(120), index=True)
    feed_driver_id: Mapped[int | None] = mapped_column(unique=True)


class DriverAlias(Base):
    __tablename__ = "driver_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    alias_key: Mapped[str] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(24))


class SeriesAlias(Base):
    __tablename__ = "series_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id", ondelete="CASCADE"), index=True)
    alias: Mapped[str] = mapped_column(String(120))
    alias_key: Mapped[str] = mapped_column(String(120), unique=True)
    source: Mapped[str] = mapped_column(String(24))


class Team(Base):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)


class Manufacturer(Base):
    __tablename__ = "manufacturers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class Event(Base):
    """One race weekend of one series: the race and the sessions that set it up."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("series_id", "season", "round"),
        Index("ix_events_track_season", "track_id", "season"),
        CheckConstraint("round > 0", name="positive_round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    season: Mapped[int] = mapped_column(index=True)
    round: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    track_id: Mapped[int] = mapped_column(ForeignKey("tracks.id"))
    start_time_utc: Mapped[datetime | None]
    scheduled_laps: Mapped[int | None]
    scheduled_distance_miles: Mapped[float | None] = mapped_column(Float)
    stage_ends: Mapped[list[int] | None] = mapped_column(JSON)
    purse_usd: Mapped[int | None] = mapped_column(BigInteger)
    tv_network: Mapped[str | None] = mapped_column(String(40))
    radio_network: Mapped[str | None] = mapped_column(String(40))
    feed_race_id: Mapped[int | None] = mapped_column(unique=True)
    results_official: Mapped[bool] = mapped_column(Boolean, default=False)
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    # How the grid was set, "qualifying" or "metric" (qualifying cancelled), and the race's figures:
    # NASCAR's feed gives them; history files do not, so None is "not known", never zero.
    grid_method: Mapped[str | None] = mapped_column(String(16))
    margin_of_victory_s: Mapped[float | None] = mapped_column(Float)
    finished_under_caution: Mapped[bool | None] = mapped_column(Boolean)
    cautions: Mapped[int | None]
    caution_laps: Mapped[int | None]
    lead_changes: Mapped[int | None]
    leaders: Mapped[int | None]

    series: Mapped[Series] = relationship()
    track: Mapped[Track] = relationship()
    sessions: Mapped[list[Session]] = relationship(back_populates="event", cascade="all, delete-orphan")


class Session(Base):
    """A practice, qualifying or race session; the race session's results carry the grid."""

    __tablename__ = "sessions"
    __table_args__ = (
        UniqueConstraint("event_id", "kind", "name"),
        CheckConstraint("kind IN ('practice', 'qualifying', 'race')", name="known_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(200))
    start_time_utc: Mapped[datetime | None]

    event: Mapped[Event] = relationship(back_populates="sessions")
    results: Mapped[list[Result]] = relationship(back_populates="session", cascade="all, delete-orphan")


class Result(Base):
    """One driver in one session. In a race session `start_position` is the grid slot."""

    __tablename__ = "results"
    __table_args__ = (
        UniqueConstraint("session_id", "driver_id"),
        Index("ix_results_driver_session", "driver_id", "session_id"),
        Index("ix_results_session_start", "session_id", "start_position"),
        CheckConstraint("start_position IS NULL OR start_position > 0", name="positive_start"),
        CheckConstraint("finish_position IS NULL OR finish_position > 0", name="positive_finish"),
        CheckConstraint("laps_led IS NULL OR laps_led >= 0", name="nonnegative_led"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"))
    car_number: Mapped[str | None] = mapped_column(String(8))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    manufacturer_id: Mapped[int | None] = mapped_column(ForeignKey("manufacturers.id"))
    start_position: Mapped[int | None]
    finish_position: Mapped[int | None]
    laps_completed: Mapped[int | None]
    laps_led: Mapped[int | None]
    status: Mapped[str | None] = mapped_column(String(40))
    qualifying_time_s: Mapped[float | None] = mapped_column(Float)
    qualifying_speed_mph: Mapped[float | None] = mapped_column(Float)
    points: Mapped[int | None]
    # Driver rating (the history's `Rating`, 0–150): 2005 on, and a few Cup races before.
    rating: Mapped[float | None] = mapped_column(Float)

    session: Mapped[Session] = relationship(back_populates="results")
    driver: Mapped[Driver] = relationship()
    team: Mapped[Team | None] = relationship()
    manufacturer: Mapped[Manufacturer | None] = relationship()


class StageWinner(Base):
    """Who won one stage of a race, as NASCAR's feed lists them (the final stage's winner is the race's)."""

    __tablename__ = "stage_winners"
    __table_args__ = (
        UniqueConstraint("event_id", "stage"),
        CheckConstraint("stage > 0", name="positive_stage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    stage: Mapped[int]
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"), index=True)


class LapTimes(Base):
    """A race's lap times from NASCAR's feed: the flag lap by lap; its cars' positions are `LapPositions`.
    `laps` 0 marks a payload the live sync asked for and found empty (asked again after a while)."""

    __tablename__ = "lap_times"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    laps: Mapped[int]
    # FlagState by laps completed, one byte each (`kernel.laps`).
    flags: Mapped[bytes] = mapped_column(LargeBinary)
    fetched_at: Mapped[datetime]


class LapPositions(Base):
    """One car's running position lap by lap, packed one byte a lap (`kernel.laps.pack`): a row per car
    is some 40 rows a race where a row per lap would be 20,000."""

    __tablename__ = "lap_positions"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("lap_times.event_id", ondelete="CASCADE"), primary_key=True
    )
    # Rank at the finish by the feed's final running position.
    place: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id", ondelete="SET NULL"))
    car_number: Mapped[str] = mapped_column(String(8))
    driver_name: Mapped[str] = mapped_column(String(120))
    positions: Mapped[bytes] = mapped_column(LargeBinary)


class OfficialResult(Base):
    """A feed race's official results as NASCAR's feed last gave them. Each later read is compared with
    this, not with the rows (which a history import may rewrite), so a change after the race is seen once."""

    __tablename__ = "official_results"

    event_id: Mapped[int] = mapped_column(
        ForeignKey("events.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    first_seen: Mapped[datetime]
    # Feed driver id (as text) -> [finish, status, points, disqualified, car number] as last read.
    outcome: Mapped[dict[str, list[Any]]] = mapped_column(JSON)
    # The infractions listed when the results became official (in-race ones): any other came after.
    infractions: Mapped[list[list[Any]]] = mapped_column(JSON)


class ResultChange(Base):
    """One car's official result changed after the race: before and after, when seen and why (where
    the feed says: disqualified, or its infractions for the car)."""

    __tablename__ = "result_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("drivers.id"))
    seen_at: Mapped[datetime]
    car_number: Mapped[str | None] = mapped_column(String(8))
    finish_before: Mapped[int | None]
    finish_after: Mapped[int | None]
    points_before: Mapped[int | None]
    points_after: Mapped[int | None]
    status_before: Mapped[str | None] = mapped_column(String(40))
    status_after: Mapped[str | None] = mapped_column(String(40))
    disqualified: Mapped[bool] = mapped_column(Boolean, default=False)
    reason: Mapped[str | None] = mapped_column(String(300))


class StoreState(Base):
    """One row whose version every import bumps, so a running bot can see the data changed."""

    __tablename__ = "store_state"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    data_version: Mapped[int] = mapped_column(BigInteger, default=0)
    changed_at: Mapped[datetime | None]


class FeedProblem(Base):
    """Why the live sync cannot read the feed (a payload refused, unreadable or changed in shape): one row
    while it lasts, none once a round succeeds. New lineups wait on it, so /announce status shows it."""

    __tablename__ = "feed_problem"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    reason: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(500))
    since: Mapped[datetime]


class GuildSettings(Base):
    """A server's announcement settings; its followed series and their channels are `AnnounceChannel`s."""

    __tablename__ = "guild_settings"
    __table_args__ = (
        CheckConstraint("mode IN ('lineup', 'before')", name="known_mode"),
        CheckConstraint("minutes_before IS NULL OR minutes_before BETWEEN 5 AND 1440", name="minutes_range"),
        CheckConstraint("results IN ('off', 'on', 'spoiler')", name="known_results"),
    )

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # "lineup": as soon as the starting lineup is known; "before": `minutes_before` the green flag.
    mode: Mapped[str] = mapped_column(String(8), default="lineup")
    minutes_before: Mapped[int | None]
    # The one role a post may mention (opt-in); None mentions nobody.
    role_id: Mapped[int | None] = mapped_column(BigInteger)
    results: Mapped[str] = mapped_column(String(8), default="off")
    threads: Mapped[bool] = mapped_column(Boolean, default=False)
    # Grid posts carry the starting-grid card (a picture) as well as the text grid.
    cards: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # After each race, the series' standings once NASCAR's table counts it (in the channel of its grids).
    standings: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[datetime | None]

    channels: Mapped[list[AnnounceChannel]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class AnnounceChannel(Base):
    """One followed series of a server and the channel its grids go to."""

    __tablename__ = "announce_channels"
    __table_args__ = (UniqueConstraint("guild_id", "series_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    guild_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("guild_settings.guild_id", ondelete="CASCADE"), index=True
    )
    series_code: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[int] = mapped_column(BigInteger, index=True)


class ChannelHealth(Base):
    """Failed posts to a channel: shown in /announce status; past a few in a row the channel is paused."""

    __tablename__ = "channel_health"

    channel_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    failures: Mapped[int] = mapped_column(default=0)
    paused: Mapped[bool] = mapped_column(Boolean, default=False)
    last_error: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime | None]


class AnnouncementLog(Base):
    """Each post claimed before it is sent, then marked with its message: the unique key and the send's
    nonce make every announcement happen once, across restarts, crashes and several bot processes."""

    __tablename__ = "announcement_log"
    __table_args__ = (
        UniqueConstraint("guild_id", "channel_id", "event_id", "kind"),
        CheckConstraint("kind IN ('grid', 'results', 'standings')", name="known_kind"),
        CheckConstraint("state IN ('claimed', 'sent', 'held', 'skipped', 'failed')", name="known_state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger, index=True)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16), default="claimed")
    # Deterministic per (guild, channel, event, kind): Discord drops a resend carrying the same nonce.
    nonce: Mapped[str] = mapped_column(String(25))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # What was posted (a digest), so a changed grid edits the message instead of posting again.
    content_digest: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[str | None] = mapped_column(String(300))
    claimed_at: Mapped[datetime]
    # The process that holds the claim (its token; see db.store.coordination): a claim whose process is
    # gone is taken over by exactly one other, by compare-and-set on (claimed_by, claimed_at).
    claimed_by: Mapped[int | None]
    posted_at: Mapped[datetime | None]


class RestBudget(Base):
    """Discord's requests a second for the whole bot, handed out in slots to every process on the store:
    `next_at` is the first slot nobody has taken (one row)."""

    __tablename__ = "rest_budget"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    next_at: Mapped[datetime]


class StandingsTable(Base):
    """One points table as NASCAR's feed published it (drivers, owners or manufacturers), or the live
    points of the race on track ("live", with its lap): each import replaces a table whole."""

    __tablename__ = "standings_tables"
    __table_args__ = (
        UniqueConstraint("series_id", "season", "kind"),
        CheckConstraint("kind IN ('drivers', 'owners', 'manufacturers', 'live')", name="known_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    season: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    # Live points: the race on track (the event, where the store has it) and how far it has run.
    event_id: Mapped[int | None] = mapped_column(ForeignKey("events.id", ondelete="SET NULL"))
    lap: Mapped[int | None]
    laps_in_race: Mapped[int | None]
    fetched_at: Mapped[datetime]

    rows: Mapped[list[StandingsRow]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="StandingsRow.line"
    )


class StandingsRow(Base):
    """One line of a standings table, in the feed's order; None where the feed does not say."""

    __tablename__ = "standings_rows"
    __table_args__ = (UniqueConstraint("table_id", "line"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("standings_tables.id", ondelete="CASCADE"))
    line: Mapped[int]
    position: Mapped[int]
    # The driver, owner or manufacturer as the feed names it; drivers linked by feed id where known.
    name: Mapped[str] = mapped_column(String(160))
    driver_id: Mapped[int | None] = mapped_column(ForeignKey("drivers.id", ondelete="SET NULL"))
    car_number: Mapped[str | None] = mapped_column(String(8))
    points: Mapped[int]
    # Points ahead of (positive) or behind (negative) the Chase cut line, as the feed gives them.
    to_cut: Mapped[int | None]
    wins: Mapped[int | None]
    stage_wins: Mapped[int | None]
    top5: Mapped[int | None]
    top10: Mapped[int | None]
    earned_this_race: Mapped[int | None]
    clinched: Mapped[bool | None] = mapped_column(Boolean)
    # The driver's starts in the season's points races: the most of them is the races the table counts.
    starts: Mapped[int | None]
