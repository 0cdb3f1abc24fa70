"""Typed, validated views of NASCAR's points tables, its live points and the live race they belong to.

The tables (drivers, owners, manufacturers) and live points are lists of rows; the live race is the
top of the live feed (series, race, lap). Each is checked on the way in through `json_paths`, and a
list longer than any table is refused before a row is read. Field names are those of the real 2020
snapshots and 2023 live points (`../shared/data/nascar-feed/`) and of the drivers feed's published
field list; numbers arriving as strings ("1", "0") are accepted, as everywhere in the feed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from db.importers.feed.identity import clean_feed_name
from db.importers.feed.json_paths import FeedFormatError, JsonNode, json_nodes

RUN_RACE: Final = 3
# A table lists the drivers (or cars) who scored in the season: ~90 in a Cup season with part-timers.
# Twice the most seen leaves room; a longer list is refused whole.
MAX_ROWS: Final = 250
# What each table cannot do without, checked whole so a renamed key is reported with its siblings.
TABLE_KEYS: Final[dict[str, tuple[str, ...]]] = {
    "drivers": ("position", "driver_name", "points"),
    "owners": ("position", "owner_name", "vehicle_number", "points"),
    "manufacturers": ("position", "manufacturer", "points"),
}
LIVE_POINTS_KEYS: Final = ("points_position", "driver_id", "first_name", "last_name", "points")
LIVE_RACE_KEYS: Final = ("series_id", "race_id", "run_type", "lap_number")


class TooManyRows(FeedFormatError):
    """A table longer than any season's; refused rather than called malformed."""


@dataclass(frozen=True, slots=True)
class PointsRow:
    """One line of a points table or of the live points; None where the payload does not say."""

    position: int
    name: str
    points: int
    feed_driver_id: int | None = None
    car_number: str | None = None
    to_cut: int | None = None
    wins: int | None = None
    stage_wins: int | None = None
    top5: int | None = None
    top10: int | None = None
    earned_this_race: int | None = None
    clinched: bool | None = None
    # Starts in the season's points races (drivers table): the most of them is the races it counts.
    starts: int | None = None


@dataclass(frozen=True, slots=True)
class LiveRace:
    """The race on track, from the top of the live feed."""

    series_id: int
    race_id: int
    lap: int
    laps_in_race: int | None


def parse_points_table(kind: str, payload: Any) -> list[PointsRow]:
    """A drivers, owners or manufacturers table, in the feed's order."""
    keys = TABLE_KEYS.get(kind)
    if keys is None:
        raise ValueError(f"unknown points table {kind!r}; expected one of {', '.join(TABLE_KEYS)}")
    rows = []
    for node in _rows(payload):
        node.require(*keys)
        rows.append(_ROW_OF[kind](node))
    return rows


def parse_live_points(payload: Any) -> list[PointsRow]:
    """The live points of the race on track, in points order (the feed lists them so)."""
    rows = []
    for node in _rows(payload):
        node.require(*LIVE_POINTS_KEYS)
        name = clean_feed_name(f"{node.req_str('first_name')} {node.req_str('last_name')}")
        rows.append(
            PointsRow(
                position=node.req_int("points_position"),
                name=name,
                points=node.req_int("points"),
                feed_driver_id=node.req_int("driver_id"),
                car_number=node.opt_str("car_number"),
                wins=node.opt_int("wins"),
                stage_wins=_stage_wins(node),
                top5=node.opt_int("top_5"),
                top10=node.opt_int("top_10"),
                earned_this_race=node.opt_int("points_earned_this_race"),
            )
        )
    return rows


def parse_live_race(payload: Any) -> LiveRace | None:
    """The race on track, or None when the live feed shows no race (no session, practice, qualifying).

    An empty body or `null` is "nothing on track", as NASCAR's live files answer then.
    """
    if payload is None:
        return None
    node = JsonNode(payload, "")
    node.require(*LIVE_RACE_KEYS)
    if node.req_int("run_type") != RUN_RACE:
        return None
    return LiveRace(
        series_id=node.req_int("series_id"),
        race_id=node.req_int("race_id"),
        lap=node.req_int("lap_number"),
        laps_in_race=node.opt_int("laps_in_race"),
    )


def _rows(payload: Any) -> list[JsonNode]:
    if isinstance(payload, list) and len(payload) > MAX_ROWS:
        raise TooManyRows(f"(top level): {len(payload)} rows, more than the {MAX_ROWS} any table holds")
    return json_nodes(payload, "")


def _stage_wins(node: JsonNode) -> int | None:
    """Stage wins over the stages before the final one (up to three, as in a four-stage race)."""
    counts = [node.opt_int(f"stage_{number}_wins") for number in (1, 2, 3)]
    known = [count for count in counts if count is not None]
    return sum(known) if known else None


def _optional_flag(node: JsonNode, key: str) -> bool | None:
    return node.flag(key) if key in node.data else None


def _driver(node: JsonNode) -> PointsRow:
    return PointsRow(
        position=node.req_int("position"),
        name=clean_feed_name(node.req_str("driver_name")),
        points=node.req_int("points"),
        feed_driver_id=node.opt_int("driver_id"),
        car_number=node.opt_str("car_no"),
        to_cut=node.opt_int("delta_playoff"),
        wins=node.opt_int("wins"),
        stage_wins=_stage_wins(node),
        top5=node.opt_int("top_5"),
        top10=node.opt_int("top_10"),
        clinched=_optional_flag(node, "is_clinch"),
        starts=node.opt_int("starts"),
    )


def _owner(node: JsonNode) -> PointsRow:
    return PointsRow(
        position=node.req_int("position"),
        name=node.req_str("owner_name").strip(),
        points=node.req_int("points"),
        car_number=node.opt_str("vehicle_number"),
        wins=node.opt_int("wins"),
        top5=node.opt_int("top_5"),
        top10=node.opt_int("top_10"),
    )


def _manufacturer(node: JsonNode) -> PointsRow:
    return PointsRow(
        position=node.req_int("position"),
        name=node.req_str("manufacturer").strip(),
        points=node.req_int("points"),
        wins=node.opt_int("wins"),
    )


_ROW_OF = {"drivers": _driver, "owners": _owner, "manufacturers": _manufacturer}
