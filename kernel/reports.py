"""What answers are made of: plain frozen values that queries return and embed builders read.

No SQLAlchemy and no discord here, so the store, the answer service and the renderers can all share
them without any of them knowing the others. Each answer carries `freshness`: whether the store held
just the bundled sample (so no count in it is a career), the newest race with results, and when the
live sync last ran.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kernel.careers import PointsPlace, SeriesTitles
from kernel.result_changes import ChangeAfterRace


@dataclass(frozen=True, slots=True)
class Freshness:
    """How fresh the store behind an answer is, for its footer."""

    # The store holds just the bundled sample: no count is a career.
    sample_only: bool = False
    # The newest race with results.
    results_through: EventInfo | None = None
    # When the live sync last finished a round (None when it is off).
    synced_at: datetime | None = None


# How a grid was set, as NASCAR's feed says (`EventInfo.grid_method`): by qualifying (the car first is
# the pole award's winner) or by the metric, qualifying cancelled.
GRID_BY_QUALIFYING, GRID_BY_METRIC = "qualifying", "metric"


@dataclass(frozen=True, slots=True)
class EventInfo:
    """One race weekend with its series and track."""

    id: int
    series_code: str
    series_title: str
    season: int
    round: int
    name: str
    track_id: int
    track_name: str
    track_length_miles: float | None
    start_time_utc: datetime | None
    scheduled_laps: int | None
    stage_ends: tuple[int, ...]
    purse_usd: int | None
    tv_network: str | None
    is_sample: bool
    results_official: bool = False
    # "qualifying" or "metric" (qualifying cancelled), as NASCAR's feed says; None when not known.
    grid_method: str | None = None


@dataclass(frozen=True, slots=True)
class GridSlot:
    """One car's place on a starting grid."""

    position: int
    driver_id: int
    driver: str
    car_number: str | None
    team: str | None
    make: str | None
    qualifying_time_s: float | None
    qualifying_speed_mph: float | None


@dataclass(frozen=True, slots=True)
class RaceOutcome:
    """A race with who won it and who started on pole (None where unknown or not run yet)."""

    event: EventInfo
    winner: str | None
    pole: str | None


@dataclass(frozen=True, slots=True)
class SeriesPole:
    """Another series' pole sitter at the same track: the rest of the weekend's poles."""

    event: EventInfo
    driver: str
    car_number: str | None


@dataclass(frozen=True, slots=True)
class PoleReport:
    """The front row of one race and the pole sitter's tally in that series up to it."""

    event: EventInfo
    pole: GridSlot
    outside: GridSlot | None
    margin_s: float | None
    # The pole sitter's starts from pole in the series up to this race, this one included.
    career_poles: int
    # Earlier starts in the series with no recorded grid: career_poles is then a lower bound.
    unknown_grid_starts: int = 0
    # The seasons of those starts; of career_poles, those the feed says were pole awards in
    # qualifying, and those on a grid set by the metric.
    grid_gap_seasons: tuple[int, ...] = ()
    pole_awards: int = 0
    metric_poles: int = 0
    # The track's races in the series before this one (newest first) with pole sitter and winner, and
    # how often pole won there.
    recent_poles: tuple[RaceOutcome, ...] = ()
    pole_wins: int = 0
    poles_recorded: int = 0
    # With no series asked: the other series' poles at that track that weekend (or season), Xfinity first.
    other_series: tuple[SeriesPole, ...] = ()
    # The other races of the series at that track that season, when the question named the track.
    others: tuple[str, ...] = ()
    freshness: Freshness = Freshness()


@dataclass(frozen=True, slots=True)
class SeriesRecord:
    """A driver's figures in one series (at one track when the question named one)."""

    series_code: str
    starts: int
    wins: int
    top5: int
    top10: int
    poles: int
    laps_led: int
    avg_start: float | None
    avg_finish: float | None
    first_season: int
    last_season: int
    # Starts with no recorded grid position: poles (starts from pole) is then a lower bound.
    unknown_grid_starts: int = 0
    # Starts with laps led; starts whose known status is not running at the finish.
    races_led: int = 0
    dnfs: int = 0
    # Starts whose status the source does not give (neither DNFs nor running).
    unknown_status_starts: int = 0
    # Starts in races with no laps led recorded: laps led and races led are then lower bounds.
    unknown_led_starts: int = 0
    # The seasons of the starts without a grid, and of those without laps led.
    grid_gap_seasons: tuple[int, ...] = ()
    led_gap_seasons: tuple[int, ...] = ()
    # Of the starts from pole, those the feed says were pole awards in qualifying, and those on a grid
    # set by the metric (the history does not say how its grids were set).
    pole_awards: int = 0
    metric_poles: int = 0


@dataclass(frozen=True, slots=True)
class LatestEntry:
    """The driver's newest race entry in the question's scope."""

    event: EventInfo
    car_number: str | None
    team: str | None
    start_position: int | None
    finish_position: int | None


@dataclass(frozen=True, slots=True)
class SeasonLine:
    """A driver's figures in one season of one series (at one track when the question named one)."""

    season: int
    starts: int
    wins: int
    top5: int
    top10: int
    poles: int
    laps_led: int
    avg_finish: float | None
    # Starts that season with no grid slot, and in races with no laps led recorded.
    unknown_grid_starts: int = 0
    unknown_led_starts: int = 0


@dataclass(frozen=True, slots=True)
class StartLine:
    """One start: the race, where the driver started and finished, laps led and status."""

    event: EventInfo
    start: int | None
    finish: int
    laps_led: int
    status: str | None


@dataclass(frozen=True, slots=True)
class SeriesCareer:
    """Beyond a series record: first and last win, best season, season by season, and at a track every
    start there and the driver's ranks there: (statistic, rank, drivers ranked), ties sharing a rank."""

    series_code: str
    first_win: EventInfo | None
    last_win: EventInfo | None
    best_season: SeasonLine | None
    seasons: tuple[SeasonLine, ...]
    starts: tuple[StartLine, ...] = ()
    ranks: tuple[tuple[str, int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class DriverReport:
    """A driver's record per series, optionally at one track and within a span of seasons."""

    driver_id: int
    name: str
    track_name: str | None
    records: tuple[SeriesRecord, ...]
    # The newest entry; several (one per series) when the history cannot tell which came last.
    latest: tuple[LatestEntry, ...]
    # Others the typed name could mean, when it was not the driver's exact name.
    also: tuple[str, ...] = ()
    # One per record, in the same order.
    careers: tuple[SeriesCareer, ...] = ()
    from_year: int | None = None
    to_year: int | None = None
    freshness: Freshness = Freshness()
    # Championships per series, within the question's series and span (none at a track).
    titles: tuple[SeriesTitles, ...] = ()
    # Where the driver stands in each series' current season (none at a track or outside the span).
    points_places: tuple[PointsPlace, ...] = ()


@dataclass(frozen=True, slots=True)
class GridReport:
    """A race's starting lineup, row by row; `from_qualifying` when the lineup is not out yet.

    `others` names the other races at that track in that season and series, so the fan can switch.
    """

    event: EventInfo
    slots: tuple[GridSlot, ...]
    from_qualifying: bool
    others: tuple[str, ...] = ()
    freshness: Freshness = Freshness()


@dataclass(frozen=True, slots=True)
class ResultLine:
    """One car's finish."""

    finish: int
    start: int | None
    car_number: str | None
    driver: str
    team: str | None
    laps: int | None
    # None when the source records no laps led for the race (unknown, not 0).
    laps_led: int | None
    # None when the source does not give it ("-"): neither running nor a DNF.
    status: str | None


@dataclass(frozen=True, slots=True)
class RaceStats:
    """How a race was won and run, as NASCAR's feed gives it; None where the feed did not say.

    `margin_s` is None when the race ended under caution; `stage_winners` are names in stage order.
    """

    margin_s: float | None
    cautions: int | None
    caution_laps: int | None
    lead_changes: int | None
    leaders: int | None
    stage_winners: tuple[str, ...] = ()
    under_caution: bool = False


@dataclass(frozen=True, slots=True)
class ResultsReport:
    """A race's finishing order; `official` once NASCAR (or the history) made it final."""

    event: EventInfo
    lines: tuple[ResultLine, ...]
    official: bool
    others: tuple[str, ...] = ()
    freshness: Freshness = Freshness()
    stats: RaceStats | None = None
    # On a season's finale: the season's champion (who need not be the race's winner), once decided.
    champion: str | None = None
    # Cars whose official result NASCAR's feed changed after the race, oldest first.
    changes: tuple[ChangeAfterRace, ...] = ()


@dataclass(frozen=True, slots=True)
class Leader:
    """A driver's count in one statistic at one track (or in one season)."""

    driver: str
    count: int
    # Starts lacking the figure in the source (no grid; no laps led recorded): the count is a lower bound.
    unknown_starts: int = 0


@dataclass(frozen=True, slots=True)
class TrackReport:
    """A track's facts, its latest races in one series, and who has done best there."""

    name: str
    city: str | None
    state: str | None
    length_miles: float | None
    surface: str | None
    layout: str | None
    series_code: str
    recent: tuple[RaceOutcome, ...]
    leaders: tuple[tuple[str, tuple[Leader, ...]], ...]
    freshness: Freshness = Freshness()


@dataclass(frozen=True, slots=True)
class ScheduleReport:
    """A series' season, race by race."""

    series_code: str
    season: int
    races: tuple[RaceOutcome, ...]
    freshness: Freshness = Freshness()
    # The season's champion, once decided.
    champion: str | None = None


@dataclass(frozen=True, slots=True)
class WeekendReport:
    """The next race weekend of one series: its sessions in order, broadcast, distance and who won there last."""

    event: EventInfo
    sessions: tuple[tuple[str, datetime], ...]
    radio_network: str | None
    distance_miles: float | None
    entries: int
    defending: str | None
    freshness: Freshness = Freshness()


@dataclass(frozen=True, slots=True)
class HeadToHeadSide:
    """One driver of a head to head: their record over exactly the races both started, and how often
    they finished ahead of the other there."""

    driver_id: int
    name: str
    record: SeriesRecord
    ahead: int
    # Others the typed name could mean, when it was not the driver's exact name.
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class CompareReport:
    """Two drivers over the races both started in one series, optionally at one track and over a span."""

    series_code: str
    a: HeadToHeadSide
    b: HeadToHeadSide
    shared_starts: int
    # Shared starts where neither finished ahead (a tie cannot happen within a race; counted, not assumed).
    even: int
    # Seasons of the first and last shared start.
    first_season: int
    last_season: int
    track_name: str | None = None
    from_year: int | None = None
    to_year: int | None = None
    # No series was asked: this is the one they raced together most; shared starts in the others.
    series_picked: bool = False
    other_series: tuple[tuple[str, int], ...] = ()
    freshness: Freshness = Freshness()


@dataclass(frozen=True, slots=True)
class LeaderRow:
    """One driver's place in a leader table: the rank (ties share one), the figure and the starts behind it."""

    rank: int
    driver_id: int
    driver: str
    # A count (an int), or for average finish the mean finishing position.
    value: float
    starts: int
    # Poles only: starts with no recorded grid, so the count is a lower bound.
    unknown_grid_starts: int = 0
    # Laps led and races led only: starts in races with no laps led recorded (a lower bound too).
    unknown_led_starts: int = 0
    # Points earned only: race rows without points, so the sum is a lower bound.
    unknown_points_starts: int = 0


# The statistics /leaders ranks: option value -> what it is called in lists and titles.
LEADER_STATS: dict[str, str] = {
    "wins": "wins",
    "poles": "poles",
    "top5": "top 5s",
    "top10": "top 10s",
    "laps_led": "laps led",
    "starts": "starts",
    "races_led": "races led",
    "avg_finish": "average finish",
    "points": "points earned",
    "rating": "driver rating",
}


@dataclass(frozen=True, slots=True)
class LeadersReport:
    """The top 10 in one statistic (a key of `LEADER_STATS`) in one series, optionally at one track and
    over a span of seasons."""

    stat: str
    series_code: str
    track_name: str | None
    from_year: int | None
    to_year: int | None
    # Drivers with fewer starts in the scope are not ranked.
    min_starts: int
    # The top 10 and everyone tied with the 10th (up to 20 lines; beyond, `more_tied` counts the rest).
    rows: tuple[LeaderRow, ...]
    # How many more share the last row's rank and figure than are listed.
    more_tied: int = 0
    # Drivers ranked in all (the figure above 0, enough starts), and the races with results in the scope.
    ranked: int = 0
    races: int = 0
    # Poles only: starts in the scope with no recorded grid, so pole counts there are lower bounds.
    unknown_grid_starts: int = 0
    # Laps led and races led only: starts in the scope in races with no laps led recorded.
    unknown_led_starts: int = 0
    # The seasons of those starts.
    gap_seasons: tuple[int, ...] = ()
    # Points earned only: race rows in the scope without points, so sums there are lower bounds.
    unknown_points_starts: int = 0
    # Driver rating only: starts in the scope without a rating (the averages are over the others).
    unknown_rating_starts: int = 0
    # The starts (for points earned, race rows) in the scope that those unknown counts are a part of.
    gap_out_of: int = 0
    # Points earned only: the scope's seasons whose points do not add up to the official table, and
    # the seasons within it in which NASCAR changed how a race is scored.
    odd_seasons: tuple[int, ...] = ()
    scale_changes: tuple[int, ...] = ()
    freshness: Freshness = Freshness()
