"""Typed, validated views of NASCAR's race list and weekend feed.

The feed is undocumented and changes shape between seasons, so everything is checked on the way in
(through `json_paths`, which reports a bad value with its JSON path); the importer never sees a raw dict.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, TypeVar

from db.importers.feed.json_paths import FeedFormatError, JsonNode, json_nodes
from kernel.series import SERIES_BY_FEED_ID

RUN_QUALIFYING, RUN_RACE = 2, 3
POINTS_RACE = 1
GRID_BY_QUALIFYING, GRID_BY_METRIC = "qualifying", "metric"
# A season's list holds ~40 races per series (2023: 41 Cup, 33 Xfinity, 23 Truck, non-points included),
# so five times the all-series list is room enough; a longer list is refused before any race is parsed.
MAX_RACES_PER_LIST = 500
# What the importer cannot do without, checked whole so a renamed key is reported with its siblings.
RACE_KEYS = ("race_id", "series_id", "race_season", "race_name", "race_type_id", "track_id", "track_name")
SERIES_KEYS = tuple(f"series_{feed_id}" for feed_id in sorted(SERIES_BY_FEED_ID))
WEEKEND_KEYS = ("weekend_race",)
_SECONDS = re.compile(r"[0-9]*\.?[0-9]+")
_N = TypeVar("_N", int, float)


class TooManyRaces(FeedFormatError):
    """A race list longer than any season's; the importer refuses it rather than calling it malformed."""


@dataclass(frozen=True, slots=True)
class ScheduleItem:
    run_type: int
    start_time_utc: datetime | None


@dataclass(frozen=True, slots=True)
class FeedRaceStats:
    """How a run race went; `margin_s` is None when it ended under caution (the feed says "Caution")."""

    margin_s: float | None
    under_caution: bool
    cautions: int | None
    caution_laps: int | None
    lead_changes: int | None
    leaders: int | None


@dataclass(frozen=True, slots=True)
class FeedStageWinner:
    stage: int
    driver_id: int
    driver_name: str


@dataclass(frozen=True, slots=True)
class FeedRace:
    """One race as the race list or the weekend feed describes it."""

    race_id: int
    series_id: int
    season: int
    name: str
    race_type_id: int
    track_id: int
    track_name: str
    race_date: datetime | None
    start_time_utc: datetime | None
    qualifying_time_utc: datetime | None
    scheduled_laps: int | None
    scheduled_distance_miles: float | None
    stage_ends: tuple[int, ...]
    tv_network: str | None
    radio_network: str | None
    pole_driver_id: int | None
    pole_speed_mph: float | None
    results_official: bool
    grid_method: str | None
    stats: FeedRaceStats | None
    stage_winners: tuple[FeedStageWinner, ...]

    @property
    def is_points_race(self) -> bool:
        return self.race_type_id == POINTS_RACE


@dataclass(frozen=True, slots=True)
class FeedResult:
    """One car in `weekend_race[0].results`; zero positions and speeds mean "none" and become None."""

    driver_id: int
    driver_name: str
    car_number: str | None
    team_name: str | None
    make: str | None
    start_position: int | None
    finish_position: int | None
    qualifying_position: int | None
    qualifying_speed_mph: float | None
    laps_completed: int | None
    laps_led: int | None
    status: str | None
    points: int | None
    disqualified: bool = False


@dataclass(frozen=True, slots=True)
class FeedInfraction:
    """One penalty in `weekend_race[0].infractions` (none in the payloads at hand: the fields are those
    public readers of the feed name); blanks are None."""

    driver_id: int | None
    car_number: str | None
    infraction: str | None
    penalty: str | None
    notes: str | None
    lap: int | None
    lap_assessed: int | None


@dataclass(frozen=True, slots=True)
class RunResult:
    driver_id: int
    best_lap_time_s: float | None
    best_lap_speed_mph: float | None


@dataclass(frozen=True, slots=True)
class WeekendRun:
    run_id: int
    run_type: int
    results: tuple[RunResult, ...]


@dataclass(frozen=True, slots=True)
class WeekendFeed:
    race: FeedRace
    results: tuple[FeedResult, ...]
    runs: tuple[WeekendRun, ...]
    infractions: tuple[FeedInfraction, ...] = ()


def _positive(value: _N | None) -> _N | None:
    return value if value is not None and value > 0 else None


def _stage_ends(race: JsonNode, scheduled_laps: int | None) -> tuple[int, ...]:
    """The feed gives stage lengths; the store keeps the laps on which stages end.

    After a race the final stage's length includes overtime (Daytona 2019: 60+60+87 of 200 laps), but a
    stage ends where it was scheduled to, so the last end is capped at the scheduled distance.
    """
    ends: list[int] = []
    for number in range(1, 5):
        length = race.opt_int(f"stage_{number}_laps")
        if length is not None and length > 0:
            ends.append((ends[-1] if ends else 0) + length)
    if ends and scheduled_laps is not None and ends[-1] > scheduled_laps:
        ends[-1] = scheduled_laps
    return tuple(ends)


def _schedule(race: JsonNode) -> list[ScheduleItem]:
    return [
        ScheduleItem(
            run_type=item.req_int("run_type"),
            start_time_utc=item.time("start_time_utc", utc=True),
        )
        for item in race.items("schedule")
    ]


def _first_start(schedule: Iterable[ScheduleItem], run_type: int) -> datetime | None:
    return next((s.start_time_utc for s in schedule if s.run_type == run_type and s.start_time_utc), None)


def _stats(race: JsonNode) -> FeedRaceStats | None:
    """The race's figures, or None before it is run (the feed then gives zeros and a blank margin)."""
    margin = race.opt_str("margin_of_victory")
    leaders = race.opt_int("number_of_leaders")
    if margin is None and not leaders:
        return None
    # A number of seconds (".786"), or words when the race ended under yellow ("Caution", "Under Caution").
    seconds = float(margin) if margin is not None and _SECONDS.fullmatch(margin) else None
    return FeedRaceStats(
        margin_s=seconds,
        under_caution=margin is not None and "caution" in margin.lower(),
        cautions=race.opt_int("number_of_cautions"),
        caution_laps=race.opt_int("number_of_caution_laps"),
        lead_changes=race.opt_int("number_of_lead_changes"),
        leaders=leaders,
    )


def _stage_winners(race: JsonNode) -> tuple[FeedStageWinner, ...]:
    """First place of each stage in `stage_results` (the race list has none)."""
    winners = []
    for stage in race.items("stage_results"):
        number = _positive(stage.opt_int("stage_number"))
        first = next((r for r in stage.items("results") if r.opt_int("finishing_position") == 1), None)
        if number is not None and first is not None:
            winners.append(
                FeedStageWinner(number, first.req_int("driver_id"), first.req_str("driver_fullname"))
            )
    return tuple(sorted(winners, key=lambda w: w.stage))


def _listed_grid_method(pole_driver_id: int | None, pole_speed_mph: float | None) -> str | None:
    """A named pole sitter with no speed means qualifying was cancelled and the metric set the grid."""
    if pole_driver_id is None:
        return None
    return GRID_BY_QUALIFYING if pole_speed_mph else GRID_BY_METRIC


def parse_race(race: JsonNode) -> FeedRace:
    race.require(*RACE_KEYS)
    schedule = _schedule(race)
    pole_driver_id = _positive(race.opt_int("pole_winner_driver_id"))
    scheduled_laps = _positive(race.opt_int("scheduled_laps"))
    pole_speed_mph = _positive(race.opt_float("pole_winner_speed")) if pole_driver_id else None
    return FeedRace(
        race_id=race.req_int("race_id"),
        series_id=race.req_int("series_id"),
        season=race.req_int("race_season"),
        name=race.req_str("race_name").strip(),
        race_type_id=race.req_int("race_type_id"),
        track_id=race.req_int("track_id"),
        track_name=race.req_str("track_name").strip(),
        race_date=race.time("race_date", utc=False),
        start_time_utc=_first_start(schedule, RUN_RACE) or race.time("date_scheduled", utc=False),
        qualifying_time_utc=_first_start(schedule, RUN_QUALIFYING),
        scheduled_laps=scheduled_laps,
        scheduled_distance_miles=_positive(race.opt_float("scheduled_distance")),
        stage_ends=_stage_ends(race, scheduled_laps),
        tv_network=race.opt_str("television_broadcaster"),
        radio_network=race.opt_str("radio_broadcaster"),
        pole_driver_id=pole_driver_id,
        pole_speed_mph=pole_speed_mph,
        results_official=race.flag("inspection_complete"),
        grid_method=_listed_grid_method(pole_driver_id, pole_speed_mph),
        stats=_stats(race),
        stage_winners=_stage_winners(race),
    )


def parse_race_list(data: Any) -> list[FeedRace]:
    """Either shape: the all-series object, which must hold every series we import (`series_1`...), or
    one series' list. The races are counted before any is parsed."""
    if isinstance(data, dict):
        JsonNode(data, "").require(*SERIES_KEYS)
        lists = {key: data[key] for key in SERIES_KEYS}
    else:
        lists = {"": data}
    count = sum(len(races) for races in lists.values() if isinstance(races, list))
    if count > MAX_RACES_PER_LIST:
        raise TooManyRaces(f"{count:,} races, over the {MAX_RACES_PER_LIST} a race list may hold")
    return [parse_race(node) for path, races in lists.items() for node in json_nodes(races, path)]


def _parse_result(node: JsonNode) -> FeedResult:
    status = node.opt_str("finishing_status")
    return FeedResult(
        driver_id=node.req_int("driver_id"),
        driver_name=node.req_str("driver_fullname").strip(),
        car_number=node.opt_str("car_number"),
        team_name=node.opt_str("team_name"),
        make=node.opt_str("car_make"),
        start_position=_positive(node.opt_int("starting_position")),
        finish_position=_positive(node.opt_int("finishing_position")),
        qualifying_position=_positive(node.opt_int("qualifying_position")),
        qualifying_speed_mph=_positive(node.opt_float("qualifying_speed")),
        laps_completed=node.opt_int("laps_completed"),
        laps_led=node.opt_int("laps_led"),
        # History stores statuses in lower case ("running"); the feed capitalises them.
        status=status.lower() if status else None,
        points=node.opt_int("points_earned"),
        disqualified=node.flag("disqualified"),
    )


def _parse_infraction(node: JsonNode) -> FeedInfraction:
    return FeedInfraction(
        driver_id=node.opt_int("driver_id"),
        car_number=node.opt_str("car_number"),
        infraction=node.opt_str("infraction"),
        penalty=node.opt_str("penalty"),
        notes=node.opt_str("notes"),
        lap=node.opt_int("lap"),
        lap_assessed=node.opt_int("lap_assessed"),
    )


def _parse_run(node: JsonNode) -> WeekendRun:
    return WeekendRun(
        run_id=node.req_int("weekend_run_id"),
        run_type=node.req_int("run_type"),
        results=tuple(
            RunResult(
                driver_id=item.req_int("driver_id"),
                best_lap_time_s=_positive(item.opt_float("best_lap_time")),
                best_lap_speed_mph=_positive(item.opt_float("best_lap_speed")),
            )
            for item in node.items("results")
        ),
    )


def _grid_method(race: FeedRace, results: Sequence[FeedResult], runs: Sequence[WeekendRun]) -> str | None:
    """Qualifying when any car has a qualifying speed or timed lap; the metric when a lineup is out
    without one (qualifying cancelled: every speed 0); None while there is no lineup yet."""
    timed = (
        race.pole_speed_mph
        or any(r.qualifying_speed_mph for r in results)
        or any(
            e.best_lap_time_s or e.best_lap_speed_mph
            for run in runs
            if run.run_type == RUN_QUALIFYING
            for e in run.results
        )
    )
    if timed:
        return GRID_BY_QUALIFYING
    if race.pole_driver_id is not None or any(r.start_position for r in results):
        return GRID_BY_METRIC
    return None


def parse_weekend_feed(data: Any) -> WeekendFeed:
    root = JsonNode(data, "")
    root.require(*WEEKEND_KEYS)
    races = root.items("weekend_race", required=True)
    if not races:
        raise FeedFormatError("weekend_race: expected one race, got an empty list")
    race = parse_race(races[0])
    results = tuple(_parse_result(node) for node in races[0].items("results"))
    runs = tuple(_parse_run(node) for node in root.items("weekend_runs"))
    infractions = tuple(_parse_infraction(node) for node in races[0].items("infractions"))
    return WeekendFeed(
        race=replace(race, grid_method=_grid_method(race, results, runs)),
        results=results,
        runs=runs,
        infractions=infractions,
    )


def number_rounds(races: Sequence[FeedRace]) -> dict[int, int]:
    """Race id -> round: points races of each series and season numbered by race date, as history does."""
    rounds: dict[int, int] = {}
    counters: dict[tuple[int, int], int] = {}
    points = [race for race in races if race.is_points_race]
    for race in sorted(points, key=lambda r: (r.race_date or datetime.max.replace(tzinfo=UTC), r.race_id)):
        key = (race.series_id, race.season)
        counters[key] = counters.get(key, 0) + 1
        rounds[race.race_id] = counters[key]
    return rounds
